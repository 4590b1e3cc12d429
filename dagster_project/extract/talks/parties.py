"""The governments taking part in talks, and the people named with them.

``parties``: every government named in the trigger's clause (country aliases gazetteer; the
clause ends at a semicolon, a dash, a conjunction after a comma, a relative clause after the
trigger, and a fronted subordinate clause "After decades of ..., " is left out), except names
that are not a government at the table:

- the venue of a talks mention in the sentence ("U.S. and Chinese officials will hold talks in
  London" -> CHN, USA; "talks in Buenos Aires, Argentina" names no Argentine party), unless the
  country is named again ("British and U.S. officials met in London" -> GBR, USA);
- a name followed by words that make it something else (``lexicons/talks_not_party_followers.csv``):
  "the Swedish capital", "French-speaking", "a French news agency", "the Uruguay Round". Goods of a
  nationality stay a party ("an agreement allowing Argentine steel exports": the exporter's
  government is at the table).

EU member states are no separate party when the EU is one: :func:`without_eu_members`.

"The two sides", "both countries" ... take the two governments of the article's previous talks:
:func:`with_two_sides`.

Several bilateral talks in one sentence: a list of three or more governments and one counterpart
after "with" ("its partners, such as Vietnam, India and Japan, began talks with Washington") are
one pair per listed government and the counterpart (VNM-USA, IND-USA, JPN-USA): :func:`pairwise`.

``participants``: person names in the sentence, titles stripped (Unicode capitals and particles
as in :mod:`~dagster_project.extract.sources`: "José Álvarez", "Ursula von der Leyen"), and a
surname alone of a person the article names in full ("talks with Freeland"); not a photo credit,
a name used as a modifier ("Lee's tariffs", "the Lee administration"), an attribution ("according
to ..."), a place the venue gazetteer knows ("San Francisco") or a commentator or messenger
("a spokesperson for", "economist"):
:func:`participants`.
"""

from __future__ import annotations

from functools import lru_cache

import polars as pl

from dagster_project.extract.lexicons import lexicon, words
from dagster_project.extract.matching import alternation, fast_contains, regex_matches
from dagster_project.extract.prefilter import candidates
from dagster_project.extract.reference import alias_to_iso3, country_aliases
from dagster_project.extract.sources import PERSON_NAME_RE, ascii_letters, split_by_script, strip_name_prefix, valid_person_name
from dagster_project.extract.talks.venues import venue_gazetteer


@lru_cache(maxsize=1)
def _patterns() -> dict[str, str]:
    alias = alternation(country_aliases()["alias"].to_list())
    item = rf"(?:the\s+)?{alias}"
    # "Ecuador's coastal city of Manta": the country owns the venue town (talks_venue_nouns.csv)
    owned_town = r"['’]s\s+(?:[\p{L}-]+\s+){0,3}?(?:" + "|".join(words("talks_venue_nouns")) + r")\s+of"
    return {
        "parties": alias,
        # "Vietnam, India and Japan ... with Washington"
        "pairwise": rf"(?P<list>{item}(?:\s*,\s*{item}){{1,}}\s*,?\s+(?:and|or)\s+{item})"
                    rf"[^;:.\"“”()]{{0,80}}?\bwith\s+(?:the\s+)?(?P<with>{alias})",
        "not_party": r"^(?:" + "|".join([*words("talks_not_party_followers", "pattern"), owned_town]) + r")\b",
        # "Japan's top tariff negotiator Ryosei Akazawa": a person standing for a country
        "binding": rf"(?P<alias>{alias})(?:['’]s)?\s+(?P<mid>(?:[\p{{L}}.-]+\s+){{1,5}})(?P<name>{PERSON_NAME_RE})(?:$|[^\p{{L}}])",
        "gov_title": r"(?i)\b(?:" + "|".join(words("talks_government_titles")) + r")\b",
        "names": rf"(?:(?:\p{{Lu}}\p{{Ll}}+|[A-Z]\.(?:[A-Z]\.)*|[A-Z]{{2,}})\s+){{0,4}}{PERSON_NAME_RE}",
    }


#: Clause limits around a trigger: before it, a semicolon, a dash or a coordinating/subordinating
#: conjunction after a comma; after it, the same or a relative clause (", which ...").
_CLAUSE_BEFORE = r"^(.*(?:;|\s[—–]\s|\s--\s|,\s+(?:but|while|whereas|although|though|even\s+as|after|before|because|since|amid|despite)\s))"
_CLAUSE_AFTER = r"^(.*?)(?:;|\s[—–]\s|\s--\s|,\s+(?:which|who|whom|whose|while|whereas|although|though|but|after|before|because|since|amid|despite|even\s+as)\s)"
#: The trigger inside a relative clause opened by a comma ("Reagan, who backed the trade round,
#: has said ..."): its clause ends at the next comma.
_IN_RELATIVE = r",\s+(?:who|which|whose)\s[^,;]*$"
#: A fronted subordinate clause or adverbial ("After decades of ..., Britain launched talks with ...",
#: "As part of the push to counter the U.S., China is sending ... for a summit with ...").
_FRONTED = r"^((?:After|Before|While|Although|Though|Despite|Since|Amid|Following|Because|When|Once|Unlike|As|With|Without|Under|Ahead\s+of|In\s+response\s+to|To)\b[^,;]{0,150},)"


def clause_spans(trig: pl.DataFrame) -> pl.DataFrame:
    """The clause of each trigger, in sentence characters.

    Args:
        trig: ``t`` (String, the sentence) and ``match_start``/``match_end`` (Int64, the trigger's
            sentence offsets).

    Returns:
        ``trig`` plus ``cl_start``/``cl_end`` (Int64): from the last clause limit before the
        trigger (or the end of a fronted subordinate clause) to the first one after it (the next
        comma when the trigger is inside a relative clause, :data:`_IN_RELATIVE`).
    """
    n = lambda e: e.str.len_chars().cast(pl.Int64)  # noqa: E731
    before = pl.col("t").str.slice(0, pl.col("match_start"))
    after = pl.col("t").str.slice(pl.col("match_end"))
    fronted = n(pl.col("t").str.extract(_FRONTED, 1)).fill_null(0)
    start = n(before.str.extract(_CLAUSE_BEFORE, 1)).fill_null(0)
    return trig.with_columns(
        pl.max_horizontal(start, pl.when(fronted <= pl.col("match_start")).then(fronted).otherwise(0)).alias("cl_start"),
        pl.when(before.str.contains(_IN_RELATIVE) & after.str.contains(","))
        .then(pl.col("match_end") + n(after.str.extract(r"^([^,]*),", 1)))
        .otherwise(pl.col("match_end") + n(after.str.extract(_CLAUSE_AFTER, 1)))
        .fill_null(n(pl.col("t")))
        .alias("cl_end"),
    )


def parties(sent: pl.DataFrame, venues: pl.DataFrame, clauses: pl.DataFrame) -> pl.DataFrame:
    """Per trigger: sorted distinct alpha-3 of the governments named in its clause.

    Args:
        sent: ``sentence_id`` (String), ``t`` (String, the sentence text).
        venues: ``sentence_id``, ``loc_start``, ``loc_end`` (Int64, sentence offsets of the
            venues of the sentence's talks mentions), ``venue_trip`` (Boolean: the venue is a
            trip's destination; a capital visited gives its government as the other side).
        clauses: ``key`` (String, one per trigger), ``sentence_id``, ``cl_start``/``cl_end``
            (Int64, the trigger's clause, :func:`clause_spans`), ``location_iso3`` (String, the
            country of the trigger's venue, nullable).

    Returns:
        DataFrame ``key``, ``parties`` (List[String], sorted distinct alpha-3); triggers without
        a party have no row. The venue's country is left out when two other governments are
        named and it is not listed with them: a third country hosting ("Norway offered to
        organise a meeting between the U.S. and Chinese delegations in Oslo" -> CHN, USA; but
        "Japan, China and South Korea met in Seoul" -> CHN, JPN, KOR).
    """
    p = _patterns()
    m = regex_matches(sent.select("sentence_id", "t"), "t", p["parties"], key="sentence_id", match_col="alias")
    hosts = m.join(venues, on="sentence_id").filter(
        (pl.col("match_start") < pl.col("loc_end")) & (pl.col("loc_start") < pl.col("match_end"))
    )
    after = pl.col("t").str.slice(pl.col("match_end"), 30)
    m = m.filter(~after.str.contains(p["not_party"]))
    m = m.join(clauses, on="sentence_id").filter(
        (pl.col("match_start") >= pl.col("cl_start")) & (pl.col("match_start") < pl.col("cl_end"))
    )
    m = (
        m.join(hosts.select("sentence_id", "match_start").unique(), on=["sentence_id", "match_start"], how="anti")
        .with_columns(alias_to_iso3(pl.col("alias")).alias("iso3"))
        .filter(pl.col("iso3").is_not_null())
        .sort("key", "match_start")
    )
    # listed with other governments: "A and B", "A, B and C" (not "A and B, C": C starts a clause)
    prev_end, next_start = pl.col("match_end").shift(1).over("key"), pl.col("match_start").shift(-1).over("key")
    gap_before = pl.col("t").str.slice(prev_end, pl.col("match_start") - prev_end)
    gap_after = pl.col("t").str.slice(pl.col("match_end"), next_start - pl.col("match_end"))
    conj = r"^\s*,?\s*(?:and|or|&)\s+(?:the\s+)?$"
    comma = r"^\s*,\s*(?:the\s+)?$"
    m = m.with_columns(gap_after.alias("__gap_after")).with_columns(
        (
            gap_before.str.contains(conj)
            | pl.col("__gap_after").str.contains(conj)
            | (pl.col("__gap_after").str.contains(comma) & pl.col("__gap_after").shift(-1).over("key").str.contains(rf"{conj}|{comma}"))
        ).fill_null(False).alias("listed")
    )
    third = (
        (pl.col("iso3") == pl.col("location_iso3"))
        & ~(pl.col("listed").any().over("key", "iso3"))
        & (pl.col("iso3").filter(pl.col("iso3") != pl.col("location_iso3")).n_unique().over("key") >= 2)
    ).fill_null(False)
    kept = m.filter(~third).group_by("key", "sentence_id").agg(pl.col("iso3").unique().sort().alias("parties"))
    # a visit to a capital with one other side named: the host government is the other side
    capitals = country_aliases().filter(pl.col("alias_kind") == "capital")["alias"]
    host = (
        hosts.filter(pl.col("alias").is_in(capitals.implode()) & pl.col("venue_trip"))
        .select("sentence_id", alias_to_iso3(pl.col("alias")).alias("host"))
        .unique("sentence_id", keep="first")
    )
    return (
        kept.join(host, on="sentence_id", how="left")
        .with_columns(
            pl.when((pl.col("parties").list.len() == 1) & pl.col("host").is_not_null() & (pl.col("parties").list.first() != pl.col("host")))
            .then(pl.concat_list("parties", "host").list.sort())
            .otherwise(pl.col("parties"))
            .alias("parties")
        )
        .select("key", "parties")
    )


def person_parties(sent: pl.DataFrame, talk_sentences: pl.Series) -> pl.DataFrame:
    """Per talks sentence: the countries of the people named in it whom the article introduces
    as acting for a country ("Japan's top negotiator Ryosei Akazawa ... Akazawa held talks with
    Lutnick" -> JPN for the later sentence).

    Args:
        sent: ``sentence_id``, ``article_id``, ``t`` (String) of every sentence.
        talk_sentences: ``sentence_id`` values of the sentences with a talks mention.

    Returns:
        DataFrame ``sentence_id``, ``person_parties`` (List[String], sorted distinct alpha-3).
        A surname bound to two countries in one article binds to none.
    """
    p = _patterns()
    arts = sent.filter(pl.col("sentence_id").is_in(talk_sentences.implode()))["article_id"].unique()
    pool = sent.filter(pl.col("article_id").is_in(arts.implode()))
    titled = candidates(pool, "t", [p["gov_title"]])
    titled = titled.filter(fast_contains(pl.col("t"), p["gov_title"])).select("sentence_id", "article_id", "t")
    b = split_by_script(
        titled, "t",
        lambda part, ascii: regex_matches(part, "t", ascii_letters(p["binding"]) if ascii else p["binding"], key="sentence_id", match_col="span"),
    )  # fmt: skip
    b = b.filter(pl.col("mid").str.contains(p["gov_title"])).with_columns(
        alias_to_iso3(pl.col("alias")).alias("iso3"),
        strip_name_prefix(pl.col("name").str.replace_all(r"\s+", " ")).str.split(" ").list.last().alias("surname"),
    )
    b = (
        b.filter(pl.col("iso3").is_not_null() & (pl.col("surname").str.len_chars() > 2))
        .select("article_id", "surname", "iso3")
        .unique()
        .filter(pl.len().over("article_id", "surname") == 1)
    )
    if b.height == 0:
        return pl.DataFrame(schema={"sentence_id": pl.String, "person_parties": pl.List(pl.String)})
    talk = pool.filter(pl.col("sentence_id").is_in(talk_sentences.implode())).select("sentence_id", "article_id", "t")
    hits = talk.join(b, on="article_id").filter(
        pl.col("t").str.contains(pl.lit(r"\b") + pl.col("surname").str.escape_regex() + pl.lit(r"\b"))
    )
    return hits.group_by("sentence_id").agg(pl.col("iso3").unique().sort().alias("person_parties"))


def without_eu_members(expr: pl.Expr) -> pl.Expr:
    """Parties (List[String]) without EU member states when the EU (EUU) is a party: trade policy
    is an EU competence, so "EU and U.S. negotiators ... France and Germany pushed for ..." is
    EUU-USA (``lexicons/talks_eu_members.csv``)."""
    members = pl.lit(words("talks_eu_members"), pl.List(pl.String))
    return pl.when(expr.list.contains("EUU")).then(expr.list.set_difference(members).list.sort()).otherwise(expr)


def with_two_sides(trig: pl.DataFrame) -> pl.DataFrame:
    """Give "the two sides" the two governments of the article's previous talks.

    Args:
        trig: mentions with ``article_id``, ``match_start`` (Int64, article offset; the order),
            ``t`` (String, the sentence), ``cl_start``/``cl_end`` (Int64, the clause) and
            ``parties`` (List[String]).

    Returns:
        ``trig`` where a mention whose clause says "the two sides", "both countries" ... and
        names fewer than two governments (none, or one of the pair) takes the parties of the
        latest earlier mention in the article with exactly two ("China and the U.S. met in
        Geneva. ... The two sides will meet again next month." -> CHN, USA).
    """
    nouns = "|".join(words("talks_pair_nouns"))
    clause = pl.col("t").str.slice(pl.col("cl_start"), pl.col("cl_end") - pl.col("cl_start"))
    refers = clause.str.contains(rf"(?i)\b(?:the\s+two|both)\s+(?:[\w-]+\s+)?(?:{nouns})\b")
    pair = pl.when(pl.col("parties").list.len() == 2).then(pl.col("parties"))
    out = trig.sort("article_id", "match_start").with_columns(
        refers.alias("__refers"),
        pair.shift(1).over("article_id").alias("__prev"),
    )
    # the latest earlier pair: forward-fill the shifted pairs within the article
    out = out.with_columns(pl.col("__prev").fill_null(strategy="forward").over("article_id"))
    fits = (pl.col("parties").list.len() == 0) | (
        (pl.col("parties").list.len() == 1) & pl.col("__prev").list.contains(pl.col("parties").list.first())
    )
    return out.with_columns(
        pl.when(pl.col("__refers") & pl.col("__prev").is_not_null() & fits).then(pl.col("__prev")).otherwise(pl.col("parties")).alias("parties")
    ).drop("__refers", "__prev")


def pairwise(sent: pl.DataFrame) -> pl.DataFrame:
    """Per sentence with several bilateral talks: one party pair per listed government.

    Args:
        sent: ``sentence_id`` (String), ``t`` (String, the sentence text).

    Returns:
        DataFrame ``sentence_id``, ``party_sets`` (List[List[String]]: sorted alpha-3 pairs, in
        list order); only sentences where a list of three or more distinct governments is
        followed in the same clause by "with <one government>" ("Vietnam, India and Japan began
        talks with Washington").
    """
    p = _patterns()
    m = regex_matches(sent.select("sentence_id", "t"), "t", p["pairwise"], key="sentence_id", match_col="span")
    if m.height == 0:
        return pl.DataFrame(schema={"sentence_id": pl.String, "party_sets": pl.List(pl.List(pl.String))})
    members = regex_matches(
        m.select("sentence_id", "list", "with").unique("sentence_id", keep="first"), "list", p["parties"], key="sentence_id", match_col="alias"
    ).with_columns(alias_to_iso3(pl.col("alias")).alias("member"), alias_to_iso3(pl.col("with")).alias("other"))
    members = members.filter(pl.col("member").is_not_null() & pl.col("other").is_not_null() & (pl.col("member") != pl.col("other")))
    pairs = (
        members.unique(["sentence_id", "member"], keep="first", maintain_order=True)
        .with_columns(pl.concat_list("member", "other").list.sort().alias("pair"))
        .group_by("sentence_id", maintain_order=True)
        .agg(pl.col("pair").alias("party_sets"), pl.len().alias("n"))
    )
    return pairs.filter(pl.col("n") >= 3).drop("n")


def _not_participant(t: pl.Expr, start: pl.Expr, end: pl.Expr) -> pl.Expr:
    """True where the name at ``start``/``end`` (Int64, sentence characters) of the sentence ``t``
    names no participant (``lexicons/talks_not_participant_roles.csv``):

    - a photo credit: "Ana Ruiz/Newsroom";
    - a name used as a modifier: a possessive of anything but a talks noun ("Lee's tariffs",
      "at Lee's direction"; not "Lee's meeting with Kim": ``talks_event_words.csv`` nouns), or
      a name after an article ("the Lee administration");
    - an attribution: "according to press secretary Ana Ruiz";
    - a commentator's or messenger's role in the title before the name or in the appositive
      after it: "economist Tom Reed", "said Ana Ruiz, a spokesperson for the ministry"
      (:func:`_commentator`; :func:`participants` extends it to the person's other sentences).
    """
    event_nouns = "|".join(
        w.replace(" ", r"\s+") for w in lexicon("talks_event_words").filter(pl.col("pos") != "verb")["word"]
    )
    after = t.str.slice(end, 80)
    before = t.str.slice(pl.max_horizontal(start - 80, 0), pl.min_horizontal(start, 80))
    return (
        after.str.contains(r"^\s*/")
        | (after.str.contains(r"^['’]s\s") & ~after.str.contains(rf"(?i)^['’]s\s+(?:[\w-]+\s+){{0,2}}(?:{event_nouns})\b"))
        | before.str.contains(r"(?i)\b(?:the|a|an)\s+$")
        | before.str.contains(r"(?i)\baccording\s+to\s+(?:[\w.'’-]+\s+){0,6}$")
        | _commentator(t, start, end)
    ).fill_null(False)


def _commentator(t: pl.Expr, start: pl.Expr, end: pl.Expr) -> pl.Expr:
    """True where the name at ``start``/``end`` (Int64, sentence characters) of the sentence ``t``
    has a commentator's or messenger's role (``lexicons/talks_not_participant_roles.csv``) in the
    title before it or in the appositive after it: "economist Tom Reed", "said Ana Ruiz, an
    expert at the institute"."""
    roles = "|".join(words("talks_not_participant_roles")).replace(" ", r"\s+")
    after = t.str.slice(end, 80)
    before = t.str.slice(pl.max_horizontal(start - 80, 0), pl.min_horizontal(start, 80))
    return (
        before.str.contains(rf"(?i)\b(?:{roles})\s+(?:\p{{Lu}}[\w.'’-]*\s+){{0,3}}$")
        | after.str.contains(rf"(?i)^,\s+(?:a|an|the|head|chief|director|president)\b[^,;.]{{0,60}}?\b(?:{roles})\b")
    ).fill_null(False)


def participants(sent: pl.DataFrame, talk_sentences: pl.Series) -> pl.DataFrame:
    """Per talks sentence: the people named in it, in order of appearance.

    A person is a 2-5 word name (titles stripped), or a single word that is the surname of a
    person the article names in full ("Freeland" after "Chrystia Freeland": the fullest form is
    given; a surname of two people with different first names gives none). Names that are no
    participant are left out (:func:`_not_participant`).

    Args:
        sent: ``sentence_id``, ``article_id``, ``t`` (String, the sentence text) of every sentence.
        talk_sentences: ``sentence_id`` values of the sentences with a talks mention.

    Returns:
        DataFrame ``sentence_id``, ``participants`` (List[String]); talks sentences without a
        person have no row.
    """
    p = _patterns()["names"]
    # ASCII rows get the ASCII-letter form of the (Unicode) name pattern; same matches, faster
    m = split_by_script(
        sent.select("sentence_id", "t"), "t",
        lambda part, ascii: regex_matches(part, "t", ascii_letters(p) if ascii else p, key="sentence_id", match_col="raw"),
    )  # fmt: skip
    names = m.with_columns(strip_name_prefix(pl.col("raw").str.replace_all(r"\s+", " ")).alias("name"))
    not_name = r"\b(?:" + "|".join(words("talks_not_name_words")) + r")\b"
    # a place the venue gazetteer knows ("San Francisco", "Kota Kinabalu") is nobody
    known_places = venue_gazetteer()["place"].implode()
    names = names.filter(
        valid_person_name(pl.col("name")) & pl.col("name").str.contains(" ") & ~pl.col("name").str.contains(not_name)
        & ~pl.col("name").is_in(known_places)
    ).join(
        sent.select("sentence_id", "article_id"), on="sentence_id"
    )
    # the article's people by surname: the fullest form, unless two first names share the surname
    people = (
        names.with_columns(pl.col("name").str.split(" ").alias("__w"))
        .with_columns(pl.col("__w").list.last().alias("surname"), pl.col("__w").list.first().alias("__first"))
        .filter(pl.col("surname").str.len_chars() >= 2)
        .sort(pl.col("__w").list.len(), descending=True)
        .group_by("article_id", "surname")
        .agg(pl.col("name").first().alias("full"), pl.col("__first").n_unique().alias("__n"))
        .filter(pl.col("__n") == 1)
        .drop("__n")
    )
    talk = sent.filter(pl.col("sentence_id").is_in(talk_sentences.implode())).select("sentence_id", "article_id", "t")
    named = names.filter(pl.col("sentence_id").is_in(talk_sentences.implode())).join(talk.select("sentence_id", "t"), on="sentence_id")
    named = named.select("sentence_id", "t", "match_start", "match_end", pl.col("name").alias("full"), pl.col("name").str.split(" ").list.last().alias("surname"))
    # surnames alone: "talks with Freeland" (first occurrence in the sentence, as a whole word;
    # a literal search, then the characters around it, is much faster than a regex per row)
    alone = (
        talk.join(people, on="article_id")
        .join(named.select("sentence_id", "surname").unique(), on=["sentence_id", "surname"], how="anti")
        .filter(pl.col("t").str.contains(pl.col("surname"), literal=True))
        .with_columns(pl.col("t").str.split(pl.col("surname")).list.first().str.len_chars().cast(pl.Int64).alias("match_start"))
        .with_columns((pl.col("match_start") + pl.col("surname").str.len_chars()).alias("match_end"))
        .filter(
            ((pl.col("match_start") == 0) | ~pl.col("t").str.slice(pl.col("match_start") - 1, 1).str.contains(r"\w"))
            & ~pl.col("t").str.slice(pl.col("match_end"), 1).str.contains(r"\w").fill_null(False)
        )
        .select("sentence_id", "t", "match_start", "match_end", "full", "surname")
    )
    found = pl.concat([named, alone]).filter(~_not_participant(pl.col("t"), pl.col("match_start"), pl.col("match_end")))
    # a person the article introduces as a commentator anywhere ("said Ana Ruiz, an expert at the
    # institute") is no participant in its other sentences either ("..., said Ruiz.")
    commentators = (
        names.join(sent.select("sentence_id", "t"), on="sentence_id")
        .filter(_commentator(pl.col("t"), pl.col("match_start"), pl.col("match_end")))
        .select("article_id", pl.col("name").str.split(" ").list.last().alias("surname"))
        .unique()
    )
    found = (
        found.join(talk.select("sentence_id", "article_id"), on="sentence_id")
        .join(commentators, on=["article_id", "surname"], how="anti")
    )
    return (
        # a full name and a surname can start at the same place: a total order keeps runs identical
        found.sort("sentence_id", "match_start", "match_end", "full")
        .group_by("sentence_id", maintain_order=True)
        .agg(pl.col("full").unique(maintain_order=True).alias("participants"))
    )
