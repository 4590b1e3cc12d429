"""Trade talks mentions (talks, meetings, negotiations, summits, calls, signings) per sentence.

A trigger word is found with :func:`~dagster_project.extract.matching.regex_matches` (its first
letter in either case: "Talks will be held ...", "Negotiations resumed ..."); the location,
date and parties are then read around it with anchored regexes (pure Polars):

- ``location``: a place of the gazetteer (``places.csv`` cities + country names) that the
  talks are *held in*: "talks in Geneva", "meetings with U.S. counterparts in Switzerland",
  "the Geneva talks", "sending X to Malaysia in late May for a summit", "visit Tokyo next
  week for meetings". A place attached to something else ("Beijing's embassy in
  Washington", "talks with Washington") is not a location.
- ``parties``: every government named in the sentence (country aliases gazetteer), except
  the words used as a talks location in the sentence: the venue is not a party ("U.S. and
  Chinese officials will hold talks in London" -> CHN, USA; "met in Paris" -> none), unless
  its country is named again ("British and U.S. officials met in London" -> GBR, USA).
- ``participants``: 2-3 word person names in the sentence, titles stripped (Unicode
  capitals and particles as in :mod:`~dagster_project.extract.sources`: "José Álvarez",
  "Ursula von der Leyen").
- ``date_text``: the time expression next to the trigger; ``event_date`` resolves it against
  the article's ``published_date`` with ``dateparser`` (run once per distinct pair).

Merging mentions of one event into one fact happens in dbt.
"""

from __future__ import annotations

import datetime as dt
import re
from functools import lru_cache

import dateparser
import polars as pl

from dagster_project import schemas
from dagster_project.extract.matching import alternation, fast_contains, fast_extract, fast_extract_groups, regex_matches
from dagster_project.extract.reference import alias_to_iso3, country_aliases, place_to_iso3, places
from dagster_project.extract.sources import PERSON_NAME_RE, ascii_letters, split_by_script, strip_name_prefix, valid_person_name

_MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December"
_WEEKDAYS = "Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday"
_WINDOW = 100  # characters read before/after a trigger


def _cap(words: str) -> str:
    """``"talks|met"`` -> ``"[Tt]alks|[Mm]et"``: the first letter of each word in either case."""
    return "|".join(f"[{w[0].upper()}{w[0]}]{w[1:]}" for w in words.split("|"))


#: trigger regex fragment -> event_type, tried in this order (first match wins). The first
#: letter of a trigger is case-insensitive ("Talks will be held ...", "Negotiations resumed").
_TRIGGERS: tuple[tuple[str, str], ...] = (
    (rf"(?:{_cap('signed|struck|clinched|sealed|concluded')}|[Hh]ammered\s+out)\s+(?:(?:a|an|the|their|its)\s+)?(?:[\w\"“”'-]+\s+){{0,4}}?(?:deal|agreement|pact|accord)\b", "agreement_signing"),
    (rf"(?:{_cap('deal|agreement|pact|accord')})\s+(?:(?:on|with|between|over|covering|limiting)\s+[\w\s.'-]{{1,40}}?\s+)?(?:was\s+|were\s+|had\s+been\s+|has\s+been\s+)?(?:signed|struck|hammered\s+out|clinched|sealed)\b", "agreement_signing"),
    (r"(?:[Pp]hone|[Tt]elephone)\s+(?:call|conversation)s?|[Ss]poke\s+(?:by\s+(?:phone|telephone)\s+)?with|[Cc]all\s+with", "call"),
    (r"[Ss]ummits?", "summit"),
    (r"(?:[Rr]e|[Pp]re-)?negotiations|[Nn]egotiations|(?:[Rr]e)?negotiating|[Nn]egotiating|(?:[Rr]e)?negotiate[sd]?|[Nn]egotiate[sd]?|(?:Uruguay|Tokyo|Doha|Kennedy|[Tt]rade)\s+[Rr]ound", "negotiations"),
    (_cap("talks|consultations|discussions"), "talks"),
    (r"[Mm]eetings?|[Mm]eets?|[Mm]et", "meeting"),
)  # fmt: skip

_DATE = (
    rf"(?:(?:on|in|by|from|since|until|for)\s+)?(?:"
    rf"(?:late|early|mid-?|the\s+end\s+of|the\s+middle\s+of)\s*(?:last\s+|next\s+|this\s+)?(?:{_MONTHS}|year|month|week)"
    rf"|(?:this|next|last)\s+(?:weekend|week|month|year|{_MONTHS}|{_WEEKDAYS}|spring|summer|autumn|fall|winter)"
    rf"|the\s+(?:week|month)\s+after|the\s+following\s+(?:week|month)|(?:later|earlier)\s+this\s+(?:week|month|year)"
    rf"|(?:{_MONTHS})\s+\d{{1,2}}(?:\s*(?:-|to|and)\s*\d{{1,2}})?(?:,?\s+\d{{4}})?"
    rf"|(?:{_MONTHS})\s+\d{{4}}"
    rf"|(?:today|tomorrow|yesterday|tonight)(?:\s+and\s+(?:{_WEEKDAYS}))?"
    rf"|(?:{_WEEKDAYS})"
    rf"|\d{{4}}"
    rf")\b"
)
#: Words that may sit between a trigger and "in <place>" without changing what "in" refers to.
_GAP_STOP = r"\b(?:on|over|about|into|of|for|to|from|said|says|told|which|that|who|because|after|before)\b"


@lru_cache(maxsize=1)
def _patterns() -> dict[str, str]:
    place_alt = alternation(places()["place"].to_list())
    city_alt = alternation(places().filter(pl.col("place_kind") == "city")["place"].to_list())
    trig = "|".join(f"(?P<t{i}>{frag})" for i, (frag, _) in enumerate(_TRIGGERS))
    return {
        "trigger": rf"\b(?:{trig})\b",
        # "talks ... in Geneva" (after the trigger)
        "loc_after": rf"^(?P<lead>(?P<gap>[^,;:\"“”()]{{0,45}}?)\s(?:in|at)\s+)(?P<place>{place_alt})(?P<tail>'s|-based|\s+(?:embassy|office|headquarters|University|Center|Centre)|\s*(?:,|\bor\b)\s+(?:the\s+)?[A-Z])?",
        # "the Geneva talks" (city right before the trigger)
        "loc_adj": rf"(?P<place>{city_alt})(?P<rest>\s+(?:(?:trade|economic|peace|security|bilateral|high-level|ministerial|preparatory|round\s+of)\s+)*)$",
        # "to Malaysia in late May for a summit", "visit Tokyo next week for meetings"
        "loc_before": rf"\b(?:to|for|in|visit|visits|visiting|visited|arrive|arrives|arrived\s+in)\s+(?P<place>{place_alt})(?P<tail>[^,;:\"“”()]{{0,50}})$",
        "parties": alternation(country_aliases()["alias"].to_list()),
        "names": rf"(?:(?:\p{{Lu}}\p{{Ll}}+|[A-Z]\.(?:[A-Z]\.)*|[A-Z]{{2,}})\s+){{0,4}}{PERSON_NAME_RE}",
        "date_after": rf"^[^,;:\"“”]{{0,40}}?\b(?P<date>{_DATE})",
        "date_before": rf"\b(?P<date>{_DATE})(?:'s)?\s+(?:[\w-]+\s+){{0,3}}$",
    }


def _event_type() -> pl.Expr:
    """event_type from which trigger group matched."""
    expr = pl.lit(None, pl.String)
    for i, (_, kind) in reversed(list(enumerate(_TRIGGERS))):
        expr = pl.when(pl.col(f"t{i}").is_not_null()).then(pl.lit(kind)).otherwise(expr)
    return expr


def _location(before: pl.Expr, after: pl.Expr, event_type: pl.Expr, trigger: pl.Expr, m_start: pl.Expr, m_end: pl.Expr) -> pl.Expr:
    """Place where the talks are held, from the text around the trigger, or null.

    Returns a struct of ``place`` (String, as written) and ``start`` (Int64, its offset in the
    sentence; ``m_start``/``m_end`` are the trigger's sentence offsets).
    """
    p = _patterns()
    a = fast_extract_groups(after, p["loc_after"])
    after_ok = a.struct.field("tail").is_null() & ~fast_contains(a.struct.field("gap"), _GAP_STOP).fill_null(True)
    adj_ok = ~event_type.is_in(["agreement_signing", "call"]) & ~trigger.str.contains(r"(?i)round|^met$|^meets?$|negotiat(?:ing|e)")
    j = fast_extract_groups(before, p["loc_adj"])
    b = fast_extract_groups(before, p["loc_before"])
    tail = b.struct.field("tail")
    tail_ok = (
        fast_contains(tail, r"\b(?:for|to)\s+(?:[\w.-]+\s+){0,4}$")
        & ~fast_contains(tail, r"^'s|\b(?:said|says|told|which|that|who|because)\b")
    )
    before_ok = tail_ok.fill_null(False) & ~event_type.is_in(["agreement_signing"])

    def n(e: pl.Expr) -> pl.Expr:
        return e.str.len_chars().cast(pl.Int64)

    def loc(place: pl.Expr, start: pl.Expr) -> pl.Expr:
        return pl.struct(place.alias("place"), start.alias("start"))

    a_place, j_place, b_place = a.struct.field("place"), j.struct.field("place"), b.struct.field("place")
    return (
        pl.when(after_ok & a_place.is_not_null())
        .then(loc(a_place, m_end + n(a.struct.field("lead"))))
        .when(adj_ok & j_place.is_not_null())
        .then(loc(j_place, m_start - n(j_place) - n(j.struct.field("rest"))))
        .when(before_ok & b_place.is_not_null())
        .then(loc(b_place, m_start - n(b_place) - n(tail)))
    )


def _triggers(sent: pl.DataFrame) -> pl.DataFrame:
    m = regex_matches(sent, "t", _patterns()["trigger"], key="sentence_id", match_col="trigger")
    return m.with_columns(
        _event_type().alias("event_type"),
        pl.col("t").str.slice(pl.max_horizontal(pl.col("match_start") - _WINDOW, 0), pl.min_horizontal(pl.col("match_start"), _WINDOW)).alias("before"),
        pl.col("t").str.slice(pl.col("match_end"), _WINDOW).alias("after"),
    ).drop([f"t{i}" for i in range(len(_TRIGGERS))])


def _parties(sent: pl.DataFrame, locations: pl.DataFrame) -> pl.DataFrame:
    """Per sentence: sorted distinct alpha-3 of the governments named in it.

    A place used as a talks location (``locations``: ``sentence_id``, ``loc_start``,
    ``loc_end``, sentence offsets) is where the talks are held, not a party: "officials will
    hold talks in London" names no British party, unless Britain is named again
    ("British and U.S. officials met in London").
    """
    m = regex_matches(sent.select("sentence_id", "t"), "t", _patterns()["parties"], key="sentence_id", match_col="alias")
    hosts = m.join(locations, on="sentence_id").filter(
        (pl.col("match_start") < pl.col("loc_end")) & (pl.col("loc_start") < pl.col("match_end"))
    )
    return (
        m.join(hosts.select("sentence_id", "match_start").unique(), on=["sentence_id", "match_start"], how="anti")
        .with_columns(alias_to_iso3(pl.col("alias")).alias("iso3"))
        .filter(pl.col("iso3").is_not_null())
        .group_by("sentence_id")
        .agg(pl.col("iso3").unique().sort().alias("parties"))
    )


def _participants(sent: pl.DataFrame) -> pl.DataFrame:
    """Per sentence: person names (2-3 words, titles stripped), in order of appearance."""
    p = _patterns()["names"]
    # ASCII rows get the ASCII-letter form of the (Unicode) name pattern; same matches, faster
    m = split_by_script(
        sent.select("sentence_id", "t"), "t",
        lambda part, ascii: regex_matches(part, "t", ascii_letters(p) if ascii else p, key="sentence_id", match_col="raw"),
    )  # fmt: skip
    names = m.with_columns(strip_name_prefix(pl.col("raw").str.replace_all(r"\s+", " ")).alias("name"))
    names = names.filter(valid_person_name(pl.col("name")) & pl.col("name").str.contains(" "))
    return names.group_by("sentence_id", maintain_order=True).agg(pl.col("name").unique(maintain_order=True).alias("participants"))


def _date_text(before: pl.Expr, after: pl.Expr) -> pl.Expr:
    p = _patterns()
    return pl.coalesce(fast_extract(after, p["date_after"], 1), fast_extract(before, p["date_before"], 1)).str.replace_all(r"\s+", " ")


def resolve_date(date_text: str | None, published: dt.date | None) -> dt.date | None:
    """Calendar date of a time expression relative to ``published``; None if not resolvable.

    Handles "today", "tomorrow", "this weekend" (the coming Saturday), "next week" (+7 days),
    "the week after" (+14 days) itself; everything else goes to ``dateparser`` with
    ``RELATIVE_BASE`` = ``published`` ("late May" -> last day of May, "early May" -> 1st).
    """
    if not date_text or published is None:
        return None
    s = re.sub(r"^(?:on|in|by|from|since|until|for)\s+", "", date_text.strip(), flags=re.I).lower()
    s = re.sub(r"\s+and\s+\w+$", "", s)  # "tomorrow and Friday" -> "tomorrow"
    s = re.sub(r"(\d{1,2})\s*(?:-|to|and)\s*\d{1,2}", r"\1", s)  # "April 6 to 8" -> "April 6"
    fixed = {"today": 0, "tonight": 0, "tomorrow": 1, "yesterday": -1, "next week": 7,
             "the week after": 14, "the following week": 14, "later this week": 2}  # fmt: skip
    if s in fixed:
        return published + dt.timedelta(days=fixed[s])
    if s == "this weekend":
        return published + dt.timedelta(days=(5 - published.weekday()) % 7)
    day = "first"
    if s.startswith("late") or s.startswith("the end of"):
        day = "last"
    s = re.sub(r"^(?:late|early|mid-?|the end of|the middle of)\s*", "", s)
    prefer = "past" if s.startswith("last") else "future" if s.startswith("next") else "current_period"
    s = re.sub(r"^(?:last|next|this)\s+(?=[a-z]+$)", "", s) if re.search(r"^(?:last|next|this)\s+(?:january|february|march|april|may|june|july|august|september|october|november|december)$", s) else s
    base = dt.datetime.combine(published, dt.time())
    settings = {"RELATIVE_BASE": base, "PREFER_DATES_FROM": prefer, "PREFER_DAY_OF_MONTH": day}
    parsed = dateparser.parse(s, languages=["en"], settings=settings)
    return parsed.date() if parsed else None


def _resolve_dates(pairs: pl.DataFrame) -> pl.DataFrame:
    """``pairs`` (distinct ``date_text``, ``published_date``) with ``event_date`` (Date) added."""
    dates = [resolve_date(t, d) for t, d in zip(pairs["date_text"], pairs["published_date"], strict=True)]
    return pairs.with_columns(pl.Series("event_date", dates, dtype=pl.Date))


def extract_talks(sentences: pl.DataFrame, articles: pl.DataFrame) -> pl.DataFrame:
    """Talks mentions: one row per trigger word (talks, meeting, negotiations, summit, call, signing).

    Args:
        sentences: ``schemas.SENTENCES`` (``sentence_id``, ``article_id``, ``char_start``,
            ``char_end``, ``text`` used; offsets are characters of the article text).
        articles: ``article_id`` (String) and ``published_date`` (Date, nullable).

    Returns:
        ``schemas.TALKS_MENTIONS``: ``event_type`` (String,
        talks|meeting|summit|call|negotiations|agreement_signing), ``location`` (String, the
        place as written, only where the talks are held) and ``location_iso3`` (ISO 3166-1
        alpha-3), ``parties`` (List[String], sorted distinct alpha-3 of governments named in
        the sentence), ``participants`` (List[String], person names), ``date_text`` (String,
        as written) and ``event_date`` (Date, resolved against ``published_date``; null if
        that is null or the text is not a date). ``evidence``/``char_start``/``char_end``
        are the sentence; ``match_start``/``match_end`` the trigger (article characters,
        end-exclusive); ``mention_id`` = ``"<sentence_id>:<match_start>"``.

    Raises:
        polars.exceptions.ColumnNotFoundError: a required input column is missing.
        FileNotFoundError: a gazetteer CSV under ``dbt/seeds/`` is missing.
    """
    sent = sentences.select(
        "sentence_id", "article_id", "char_start", "char_end",
        pl.col("text").alias("evidence"), pl.col("text").str.replace_all(r"\s", " ").alias("t"),
    )  # fmt: skip
    if sent.height == 0:
        return schemas.conform(pl.DataFrame(), schemas.TALKS_MENTIONS).clear()
    trig = _triggers(sent)
    loc = _location(pl.col("before"), pl.col("after"), pl.col("event_type"), pl.col("trigger"), pl.col("match_start"), pl.col("match_end"))
    trig = trig.with_columns(
        loc.alias("loc"),
        _date_text(pl.col("before"), pl.col("after")).alias("date_text"),
        (pl.col("match_start") + pl.col("char_start")).alias("match_start"),
        (pl.col("match_end") + pl.col("char_start")).alias("match_end"),
    ).with_columns(
        pl.col("loc").struct.field("place").alias("location"), pl.col("loc").struct.field("start").alias("loc_start")
    ).with_columns(place_to_iso3(pl.col("location")).alias("location_iso3"))
    locations = trig.filter(pl.col("location").is_not_null()).select(
        "sentence_id", "loc_start", (pl.col("loc_start") + pl.col("location").str.len_chars()).alias("loc_end")
    )
    trig = (
        trig.join(_parties(sent, locations), on="sentence_id", how="left")
        .join(_participants(sent), on="sentence_id", how="left")
        .join(articles.select("article_id", pl.col("published_date").cast(pl.Date)), on="article_id", how="left")
    )
    pairs = trig.select("date_text", "published_date").unique().filter(pl.col("date_text").is_not_null())
    trig = trig.join(_resolve_dates(pairs), on=["date_text", "published_date"], how="left", nulls_equal=False)
    out = trig.with_columns(
        pl.col("parties").fill_null(pl.lit([], pl.List(pl.String))),
        pl.col("participants").fill_null(pl.lit([], pl.List(pl.String))),
        (pl.col("sentence_id") + ":" + pl.col("match_start").cast(pl.String)).alias("mention_id"),
    ).sort("article_id", "match_start")
    return schemas.conform(out, schemas.TALKS_MENTIONS)
