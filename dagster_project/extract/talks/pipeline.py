"""Talks mentions per sentence: triggers, venue, parties, participants and date, as one pipeline.

A trigger word (:mod:`.triggers`) is found with
:func:`~dagster_project.extract.matching.regex_matches`; the location (:mod:`.venues`), date
(:mod:`.dates`) and parties (:mod:`.parties`) are then read around it with anchored regexes, in
pure Polars. A trip ("visit Tokyo", "flew to Brussels") is a mention only when it has a venue and
its clause names a trade purpose; it is reported as ``talks``. "Talks there" take the venue of the
previous sentence, other talks without a venue the destination of a trip (or a presence: "is in
Lima") in the previous sentence, or the place of a press event of one of their people in the next
sentence.
A talks word after a word of ``lexicons/talks_internal_modifiers.csv`` ("a cabinet meeting") is no mention. Merging the mentions of one event into one fact happens in dbt
(``int_talks_events_merged``): a trip in one sentence gives its venue to "the talks" of the next.
"""

from __future__ import annotations

import polars as pl

from dagster_project import schemas
from dagster_project.extract import prefilter
from dagster_project.extract.lexicons import words
from dagster_project.extract.matching import regex_matches
from dagster_project.extract.text import single_spaced as _ws
from dagster_project.extract.talks import dates, parties, triggers, venues

_WINDOW = 130  # characters read before/after a trigger


def _triggers(sent: pl.DataFrame) -> pl.DataFrame:
    """Trigger rows with ``event_type`` and the ``before``/``after`` windows; a talks word right
    after a word of ``lexicons/talks_internal_modifiers.csv`` ("a cabinet meeting", "internal
    consultations") is a meeting inside one government, no talks event."""
    m = regex_matches(sent, "t", triggers.trigger_pattern(), key="sentence_id", match_col="trigger")
    internal = r"(?i)\b(?:" + "|".join(words("talks_internal_modifiers")) + r")\s+$"
    m = m.filter(~pl.col("t").str.slice(pl.max_horizontal(pl.col("match_start") - 30, 0), pl.min_horizontal(pl.col("match_start"), 30)).str.contains(internal))
    return m.with_columns(
        triggers.event_type().alias("event_type"),
        pl.col("t").str.slice(pl.max_horizontal(pl.col("match_start") - _WINDOW, 0), pl.min_horizontal(pl.col("match_start"), _WINDOW)).alias("before"),
        pl.col("t").str.slice(pl.col("match_end"), _WINDOW).alias("after"),
    ).drop(triggers.group_columns())


def _from_previous_sentence(sent: pl.DataFrame, trig: pl.DataFrame, wanted: pl.Expr, cue: str) -> pl.DataFrame:
    """Give the triggers where ``wanted`` (Boolean) holds and that have no location the last place
    of the previous sentence found by :func:`.venues.last_places` with ``cue``."""
    rows = trig.filter(wanted & pl.col("location").is_null())
    if rows.height == 0:
        return trig
    prev = rows.select("article_id", (pl.col("sentence_index") - 1).alias("sentence_index")).unique()
    prev = sent.join(prev, on=["article_id", "sentence_index"]).select("sentence_id", "article_id", "sentence_index", "t")
    places = venues.last_places(prev, cue).join(prev.select("sentence_id", "article_id", "sentence_index"), on="sentence_id")
    places = places.select(
        "article_id", (pl.col("sentence_index") + 1).alias("sentence_index"),
        pl.col("place").alias("p_place"), pl.col("iso3").alias("p_iso3"), pl.col("kind").alias("p_kind"),
    )  # fmt: skip
    return _take_venue(trig.join(places, on=["article_id", "sentence_index"], how="left"), wanted & pl.col("location").is_null())


def _take_venue(df: pl.DataFrame, fill: pl.Expr) -> pl.DataFrame:
    """Where ``fill`` (Boolean) holds, the venue columns take the found place's ``p_place``,
    ``p_iso3``, ``p_kind`` (String), which are dropped."""
    return df.with_columns(
        pl.when(fill).then(pl.col(f"p_{c}")).otherwise(pl.col(o)).alias(o)
        for c, o in (("place", "location"), ("iso3", "location_iso3"), ("kind", "location_kind"))
    ).drop("p_place", "p_iso3", "p_kind")


def _named_capitals(sent: pl.DataFrame, trig: pl.DataFrame) -> pl.DataFrame:
    """A venue named by its kind ("in the Swedish capital", ``venue_by_kind``) stays only where
    the article writes that capital's name ("Stockholm") somewhere; elsewhere it is cleared."""
    rows = trig.filter(pl.col("venue_by_kind") & pl.col("location").is_not_null())
    if rows.height == 0:
        return trig
    named = (
        rows.select("key", "article_id", "location")
        .join(sent.select("article_id", "t"), on="article_id")
        .filter(pl.col("t").str.contains(pl.col("location"), literal=True))
        .select("key")
        .unique()
    )
    drop = pl.col("venue_by_kind") & ~pl.col("key").is_in(named["key"].implode())
    return trig.with_columns(
        pl.when(drop).then(pl.lit(None, pl.String)).otherwise(pl.col(c)).alias(c) for c in ("location", "location_iso3", "location_kind")
    )


def _earlier_venues(sent: pl.DataFrame, trig: pl.DataFrame) -> pl.DataFrame:
    """Which trips are kept, and venues named in an earlier sentence.

    A trip (``visit``) is kept when it has a venue and its clause names a trade purpose ("flew to
    Geneva to discuss tariffs"; the talks of the next sentences join it in dbt). "Talks there"
    take the last place named after "in/to/at" in the previous sentence; other talks without a
    venue take the place of a trip in the previous sentence ("The minister arrived in Lima on
    Sunday. The talks began on Monday.").
    """
    trig = trig.join(sent.select("sentence_id", "sentence_index"), on="sentence_id", how="left").filter(
        ((pl.col("event_type") != "visit") | (pl.col("location").is_not_null() & pl.col("visit_purpose")))
        & (~pl.col("event_type").is_in(["discussion", "gathering"]) | pl.col("location").is_not_null())
    )
    trig = _from_previous_sentence(sent, trig, pl.col("venue_there"), "any")
    trig = _from_previous_sentence(sent, trig, pl.col("event_type") != "visit", "trip")
    return trig.drop("sentence_index")


def _from_later_press(sent: pl.DataFrame, trig: pl.DataFrame) -> pl.DataFrame:
    """Talks without a venue take the place of a press event in the next sentence when that
    sentence names one of their people: "The pact came out of a meeting between Ruiz and
    Okafor. Ruiz later told a news conference in Lisbon ..." -> Lisbon.

    Args:
        sent: ``sentence_id``, ``article_id``, ``sentence_index``, ``t`` of every sentence.
        trig: mentions with ``key``, ``sentence_id``, ``article_id``, ``location``,
            ``location_iso3``, ``location_kind`` and ``participants`` (List[String]).
    """
    rows = trig.filter(pl.col("location").is_null() & (pl.col("participants").list.len() > 0))
    if rows.height == 0:
        return trig
    idx = sent.select("sentence_id", "article_id", "sentence_index")
    nxt = (
        rows.select("sentence_id").unique().join(idx, on="sentence_id")
        .select("article_id", (pl.col("sentence_index") + 1).alias("sentence_index"), pl.col("sentence_id").alias("talk_sid"))
    )  # fmt: skip
    nsent = sent.join(nxt, on=["article_id", "sentence_index"]).select("sentence_id", "t", "talk_sid")
    if nsent.height == 0:
        return trig
    places = venues.press_places(nsent.select("sentence_id", "t")).join(nsent, on="sentence_id")
    found = (
        rows.select("key", "sentence_id", "participants")
        .join(places.drop("sentence_id"), left_on="sentence_id", right_on="talk_sid")
        .explode("participants")
        .filter(pl.col("t").str.contains(pl.col("participants").str.split(" ").list.last(), literal=True))
        .unique("key", keep="first")
        .select("key", pl.col("place").alias("p_place"), pl.col("iso3").alias("p_iso3"), pl.col("kind").alias("p_kind"))
    )
    return _take_venue(trig.join(found, on="key", how="left"), pl.col("location").is_null() & pl.col("p_place").is_not_null())


def extract_talks(sentences: pl.DataFrame, articles: pl.DataFrame) -> pl.DataFrame:
    """Talks mentions: one row per trigger word (talks, meeting, negotiations, summit, call,
    signing, or a trip to a venue for trade talks).

    Args:
        sentences: ``schemas.SENTENCES`` (``sentence_id``, ``article_id``, ``char_start``,
            ``char_end``, ``text`` used; offsets are characters of the article text).
        articles: ``article_id`` (String) and ``published_date`` (Date, nullable).

    Returns:
        ``schemas.TALKS_MENTIONS``: ``event_type`` (String,
        talks|meeting|summit|call|negotiations|agreement_signing), ``location`` (String, the
        place as written, only where the talks are held), ``location_iso3`` (ISO 3166-1
        alpha-3) and ``location_kind`` (String, city|region|country|unknown), ``parties`` (List[String], sorted distinct alpha-3 of governments named in
        the sentence, the venue excepted), ``participants`` (List[String], person names),
        ``date_text`` (String, as written) and ``event_date`` (Date, resolved against
        ``published_date``; null if that is null or the text is not a date).
        ``evidence``/``char_start``/``char_end`` are the sentence; ``match_start``/``match_end``
        the trigger (article characters, end-exclusive); ``mention_id`` = ``"<sentence_id>:<match_start>"``,
        with ``":<n>"`` added when a sentence states several bilateral talks (one row per pair).

    Raises:
        polars.exceptions.ColumnNotFoundError: a required input column is missing.
        FileNotFoundError: a gazetteer CSV under ``dbt/seeds/`` or a lexicon is missing.
    """
    sent = sentences.select(
        "sentence_id", "article_id", "sentence_index", "char_start", "char_end",
        pl.col("text").alias("evidence"), _ws(pl.col("text")).alias("t"),
    )  # fmt: skip
    if sent.height == 0:
        return schemas.conform(pl.DataFrame(), schemas.TALKS_MENTIONS).clear()
    # sentences that may hold a trigger word; rules reading other sentences (the previous one, the
    # article's names) keep ``sent``
    cand = prefilter.candidates(sent, "t", [triggers.trigger_pattern()])
    trig = _triggers(cand)
    trig = trig.with_columns(
        pl.col("trigger").str.to_lowercase().is_in(list(triggers.place_before_words())).alias("place_before_ok"),
        dates.date_text(pl.col("before"), pl.col("after")).alias("date_text"),
    )
    trig = parties.clause_spans(venues.with_location(trig)).with_columns(
        (pl.col("sentence_id") + ":" + pl.col("match_start").cast(pl.String)).alias("key")
    )
    trig = _earlier_venues(sent, _named_capitals(sent, trig))
    trig = (
        trig
        .with_columns(
            pl.col("event_type").replace({"visit": "talks", "discussion": "meeting", "gathering": "summit"}),
            (pl.col("match_start") + pl.col("char_start")).alias("match_start"),
            (pl.col("match_end") + pl.col("char_start")).alias("match_end"),
        )
    )
    located = trig.filter(pl.col("location").is_not_null()).select("sentence_id", "loc_start", "loc_end", "venue_trip")
    clauses = trig.select("key", "sentence_id", "cl_start", "cl_end", "location_iso3")
    trig = (
        trig.join(parties.parties(cand, located, clauses), on="key", how="left")
        .join(parties.person_parties(sent, trig["sentence_id"].unique()), on="sentence_id", how="left")
        .with_columns(
            parties.without_eu_members(
                pl.concat_list(pl.col("parties").fill_null([]), pl.col("person_parties").fill_null([])).list.unique().list.sort()
            ).alias("parties")
        )
        .join(parties.participants(sent, trig["sentence_id"].unique()), on="sentence_id", how="left")
        .join(articles.select("article_id", pl.col("published_date").cast(pl.Date)), on="article_id", how="left")
    )
    trig = _from_later_press(
        sent, trig.with_columns(pl.col("participants").fill_null(pl.lit([], pl.List(pl.String))))
    )
    trig = parties.with_two_sides(trig.with_columns(pl.col("parties").fill_null(pl.lit([], pl.List(pl.String)))))
    pairs = trig.select("date_text", "published_date").unique().filter(pl.col("date_text").is_not_null())
    trig = trig.join(dates.resolve_dates(pairs), on=["date_text", "published_date"], how="left", nulls_equal=False)
    trig = trig.with_columns(
        pl.col("parties").fill_null(pl.lit([], pl.List(pl.String))),
        pl.col("participants").fill_null(pl.lit([], pl.List(pl.String))),
        (pl.col("sentence_id") + ":" + pl.col("match_start").cast(pl.String)).alias("mention_id"),
    )
    # several bilateral talks in one sentence: one mention per pair ("<mention_id>:<n>")
    split = trig.join(parties.pairwise(cand), on="sentence_id", how="inner")
    if split.height:
        split = (
            split.with_columns(pl.int_ranges(pl.col("party_sets").list.len()).alias("k"))
            .explode("party_sets", "k")
            .with_columns(
                pl.col("party_sets").alias("parties"),
                (pl.col("mention_id") + ":" + (pl.col("k") + 1).cast(pl.String)).alias("mention_id"),
            )
        )
        trig = pl.concat(
            [trig.join(split.select("sentence_id").unique(), on="sentence_id", how="anti"), split.select(trig.columns)]
        )
    out = trig.sort("article_id", "match_start", "mention_id")
    return schemas.conform(out, schemas.TALKS_MENTIONS)
