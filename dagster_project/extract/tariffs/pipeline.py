"""The tariff stage: sentences (and the amounts stage's output) -> tariff measure statements.

Pipeline (every step is a whole-column Polars operation; the rule modules say how):

1. :mod:`~.triggers`: tariff words; sentences without one give no row; headlines are skipped.
2. :mod:`~.cues`: action cues. A measure statement needs a cue near its anchor.
3. :mod:`~.rates`: one row per rate tied to a tariff word; a sentence without a rate gives one
   row anchored on its first trigger, and one per later tariff word with a reduced relative
   clause of its own; a tariff that a measure answers ("in response to U.S. duties") is a row of
   its own in any sentence (``imposed``, or ``raised`` for "tariff hikes").
4. :mod:`~.actions`: the action (a response to tariffs is a retaliation), side measures,
   recommendations (threats), negation, requests and offers.
5. :mod:`~.countries` and :mod:`~.roles`: imposer and target (mutual measures: neither).
6. :mod:`~.context`: imposer/target from the article's previous measure, a rated half-named
   measure's missing side from the article's main pair, the rate of a restatement, retaliations
   answering an earlier measure, repeats dropped. A rated tariff word states a measure without
   a cue; other mentions need one. A state that retaliated earlier in the article keeps
   retaliating (its later impositions on the same state are ``retaliation``).
7. :mod:`~.restatements`: a rate-less mention naming no more than an earlier measure restates
   it (no row); a passage printed twice (a caption repeated in the body) gives its rows once.
8. :mod:`~.goods`: the product phrase; ``value_usd`` is the sentence's first US-dollar amount of
   the amounts stage (``raw.amount_mentions``), not recomputed here.
"""

from __future__ import annotations

import polars as pl

from dagster_project.extract import prefilter
from dagster_project.extract.matching import ascii_bounds
from dagster_project.extract.tariffs import actions, context, roles
from dagster_project.extract.tariffs.countries import countries as country_mentions
from dagster_project.extract.tariffs.cues import cues as action_cues
from dagster_project.extract.tariffs.frames import after, before
from dagster_project.extract.tariffs.goods import row_goods
from dagster_project.extract.tariffs.rates import rates as tariff_rates
from dagster_project.extract.tariffs.restatements import drop_restatements, merge_repeated_passages
from dagster_project.extract.tariffs.triggers import is_headline, trigger_pattern
from dagster_project.extract.tariffs.triggers import triggers as tariff_triggers
from dagster_project.extract.tariffs.vocabulary import tariff_word
from dagster_project.extract.text import char_find
from dagster_project.schemas import SENTENCES, TARIFF_MENTIONS, conform

#: At most this many context passes (one per link of a chain of anaphoric mentions).
CONTEXT_PASSES = 6
_SENT_COLS = list(SENTENCES)


def _empty() -> pl.DataFrame:
    """An empty frame with the :data:`~dagster_project.schemas.TARIFF_MENTIONS` schema."""
    return pl.DataFrame(schema=TARIFF_MENTIONS)


def trade_values(amounts: pl.DataFrame | None) -> pl.DataFrame:
    """Trade value covered per sentence: its first US-dollar amount of ``amounts`` (columns of
    :data:`~dagster_project.schemas.AMOUNT_MENTIONS`: ``sentence_id``, ``match_start``,
    ``value_usd``); ``sentence_id``, ``value_usd`` (Float64, US dollars). Empty when ``amounts``
    is None."""
    if amounts is None or amounts.height == 0:
        return pl.DataFrame(schema={"sentence_id": pl.String, "value_usd": pl.Float64})
    return (
        amounts.filter(pl.col("value_usd").is_not_null())
        .sort("match_start")
        .group_by("sentence_id", maintain_order=True)
        .agg(pl.col("value_usd").first())
    )


#: Words right before a tariff word that make it the tariff a measure answers ("in response to
#: earlier U.S. duties", "retaliating against Swedish tariff hikes"), at most
#: :data:`ANSWERED_CHARS` characters before it; that tariff is a measure of its own.
ANSWERED_BEFORE = (
    r"(?i:\b(?:in\s+(?:response|retaliation|reply)\s+(?:to|for|against)|retaliating\s+against|responding\s+to)\s+"
    r"(?:[\w.'’-]+\s+){0,4}$)"
)
ANSWERED_CHARS = 60
#: An answered tariff word followed by one of these nouns was raised ("tariff hikes").
_RAISE_AFTER = r"^(?i:\s+(?:hikes?|increases?|rises?))\b"

#: A tariff that someone fears or worries about ("growers who fear counter-duties on their cheese",
#: "concerns over new duties") is no measure statement.
FEARED_BEFORE = (
    r"(?i:\b(?:fears?|feared|fearing|worr(?:y|ies|ied|ying)\s+(?:about|over)|concerns?\s+(?:about|over)|afraid\s+of)\s+"
    r"(?:[\w-]+\s+){0,2}$)"
)
FEARED_CHARS = 40

#: A reduced relative clause's verb ("the duties Sweden levied") starts at most this many
#: characters after its tariff word.
RELATIVE_CHARS = 40


def _anchor_rows(s: pl.DataFrame, triggers: pl.DataFrame, rates: pl.DataFrame, cues: pl.DataFrame) -> pl.DataFrame:
    """One row per tariff rate; a sentence without a rate gives one row anchored on its first
    trigger, and one more for each later tariff word with a reduced relative clause of its own
    ("resolve the tariffs he imposed and the retaliatory duties Sweden levied in response": two
    measures, each with its own actor and verb); in any sentence, one for each tariff word that a
    measure answers (:data:`ANSWERED_BEFORE`; Boolean column ``answered``)."""
    first = triggers.group_by("sentence_id").agg(pl.col("trig_rel").min(), pl.col("trig_end").min())
    relative = (
        triggers.join(cues.filter(pl.col("cue_relative")).select("sentence_id", "cue_rel"), on="sentence_id")
        .filter(pl.col("cue_rel") >= pl.col("trig_end"), pl.col("cue_rel") - pl.col("trig_end") <= RELATIVE_CHARS)
        .sort("trig_rel", descending=True)
        .unique(["sentence_id", "cue_rel"], keep="first")  # the verb's own tariff word: the nearest before it
        .select("sentence_id", "trig_rel", "trig_end")
    )
    first = pl.concat([first, relative], how="vertical_relaxed").unique(["sentence_id", "trig_rel"])
    rated = s.join(rates, on="sentence_id").with_columns(anchor=pl.col("rate_rel"), anchor_end=pl.col("rate_end"))
    rateless = {"rate_pct": pl.lit(None, pl.Float64), "previous_rate_pct": pl.lit(None, pl.Float64)}
    unrated = (
        s.join(rates, on="sentence_id", how="anti")
        .join(first, on="sentence_id")
        .with_columns(anchor=pl.col("trig_rel"), anchor_end=pl.col("trig_end"), **rateless)
    )
    # the tariffs a measure answers ("in response to earlier U.S. duties"), in any sentence
    answered = (
        s.join(triggers, on="sentence_id")
        .filter(before(pl.col("trig_rel"), ANSWERED_CHARS).str.contains(ascii_bounds(ANSWERED_BEFORE)))
        .with_columns(anchor=pl.col("trig_rel"), anchor_end=pl.col("trig_end"), **rateless)
    )
    cols = [*_SENT_COLS, "anchor", "anchor_end", "rate_pct", "previous_rate_pct"]
    marks = answered.select("sentence_id", "anchor", answered=pl.lit(True))
    return (
        pl.concat([rated.select(cols), unrated.select(cols), answered.select(cols)], how="vertical_relaxed")
        .unique(["sentence_id", "anchor"], keep="first", maintain_order=True)
        .join(marks, on=["sentence_id", "anchor"], how="left")
        .with_columns(pl.col("answered").fill_null(False))
        .with_row_index("row_id")
    )


def extract_tariffs(sentences: pl.DataFrame, amounts: pl.DataFrame | None = None) -> pl.DataFrame:
    """Tariff measure statements, one row per rate (or per sentence when no rate is given).

    Args:
        sentences: :data:`~dagster_project.schemas.SENTENCES` columns.
        amounts: the amounts stage's output (:data:`~dagster_project.schemas.AMOUNT_MENTIONS`,
            ``raw.amount_mentions``) for ``value_usd``; None gives no trade values.

    Returns:
        DataFrame with exactly :data:`~dagster_project.schemas.TARIFF_MENTIONS`:
        ``mention_id`` (String, ``"<sentence_id>:<match_start>"``, unique), ``article_id``,
        ``sentence_id``, ``evidence`` (String, the sentence; for a tariff that a measure answers,
        from the answering phrase to the sentence's end), ``char_start``/``char_end`` (Int64, the
        evidence's span in the article), ``match_start``/``match_end`` (Int64, the
        trigger words in the article: the rate, else the tariff word), ``imposer_iso3`` and
        ``target_iso3`` (String, ISO 3166-1 alpha-3 or ``EUU``; null when not stated),
        ``rate_pct`` and ``previous_rate_pct`` (Float64, percent; null when not stated),
        ``goods`` (String or null), ``action`` (String, one of
        :data:`~dagster_project.schemas.TARIFF_ACTIONS`) and ``value_usd`` (Float64, US dollars
        of trade covered, or null). Sentences without a tariff word give no row.

    Raises:
        polars.exceptions.ColumnNotFoundError: a SENTENCES (or AMOUNT_MENTIONS) column is missing.
        FileNotFoundError: a reference CSV in ``dbt/seeds`` or a lexicon is missing.
    """
    s = prefilter.candidates(sentences.select(_SENT_COLS), "text", [trigger_pattern()])
    s = s.filter(pl.col("text").str.contains(trigger_pattern())).filter(~is_headline(pl.col("text")))
    triggers = tariff_triggers(s)
    s = s.join(triggers.select("sentence_id").unique(), on="sentence_id", how="semi")
    if s.height == 0:
        return _empty()
    cues = action_cues(s)
    rows = _anchor_rows(s, triggers, tariff_rates(s, triggers), cues)
    rows = actions.with_action(rows.with_columns(tariff_word=pl.col("text").str.contains(ascii_bounds(tariff_word()))), cues)
    rows = actions.with_side_measures(actions.with_response_framing(rows), cues)
    rows = actions.with_negation(actions.with_recommendation(rows), cues)
    # an answered tariff is in place (or was raised), whatever the answer's own verb
    raised = after(pl.col("anchor_end"), 12).str.contains(_RAISE_AFTER)
    rows = rows.with_columns(
        action=pl.when(~pl.col("answered")).then("action").when(raised).then(pl.lit("raised")).otherwise(pl.lit("imposed")),
        negated=pl.col("negated") & ~pl.col("answered"),
    )
    countries = country_mentions(s, sentences)
    rows = roles.with_countries(rows, countries)
    rows = rows.sort("article_id", "char_start", "anchor")
    nulls = pl.col("imposer_iso3").null_count() + pl.col("target_iso3").null_count()
    for _ in range(CONTEXT_PASSES):  # a chain of anaphoric mentions needs one pass per link
        missing = rows.select(nulls).item()
        rows = context.with_context(rows)
        if rows.select(nulls).item() == missing:
            break
    rows = context.with_article_pair(rows, countries)
    # Measure statements need an action cue; cue-less mentions only served as context above.
    rows = rows.with_columns(action=pl.when(actions.is_request()).then(pl.lit("imposed")).otherwise("action"))
    # A rate tied to a tariff word states a measure even without a cue ("the 39% tariff on Swiss
    # imports is among the highest"): an existing tariff.
    stated = pl.col("has_cue") | pl.col("rate_pct").is_not_null() & pl.col("tariff_word")
    feared = before(pl.col("anchor"), FEARED_CHARS).str.contains(ascii_bounds(FEARED_BEFORE))
    rows = context.answers_earlier_measure(rows.filter(stated, ~actions.is_offer(), ~pl.col("negated"), ~feared))
    rows = roles.retaliation_rows(rows, countries)
    rows = context.drop_repeats(rows.join(trade_values(amounts), on="sentence_id", how="left"))
    rows = drop_restatements(context.continues_retaliation(context.with_rate_of_next_mention(rows)), countries)
    rows = merge_repeated_passages(rows)
    # An answered tariff's evidence starts at the answering phrase ("in response to earlier U.S.
    # duties, ..."): the sentence's own measure is stated before it.
    window_start = pl.max_horizontal(pl.col("anchor") - ANSWERED_CHARS, pl.lit(0))
    phrase = window_start + char_find(before(pl.col("anchor"), ANSWERED_CHARS), ascii_bounds(ANSWERED_BEFORE))
    evidence_start = pl.when(pl.col("answered")).then(phrase).fill_null(0)
    out = (
        rows.with_columns(
            match_start=pl.col("char_start") + pl.col("anchor"),
            match_end=pl.col("char_start") + pl.col("anchor_end"),
            evidence=pl.col("text").str.slice(evidence_start),
            char_start=pl.col("char_start") + evidence_start,
            goods=row_goods(),
        )
        .with_columns(mention_id=pl.col("sentence_id") + ":" + pl.col("match_start").cast(pl.String))
        .sort("article_id", "match_start")
        .unique("mention_id", keep="first", maintain_order=True)
    )
    return conform(out, TARIFF_MENTIONS)
