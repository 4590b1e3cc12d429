"""Step 3, rates: "20%", "25 pct", "100 percent", "10 per cent", "from 10% to 25%" tied to a
tariff word.

A rate belongs to a tariff word directly after it ("a 10 percent ad valorem tariff", modifiers of
``tariff_rate_modifiers.csv``; "25% auto tariffs", product words of
``tariff_product_modifiers.csv``) or before it behind a linking word of ``tariff_rate_links.csv``
("the tariff could reach 25%", "the duty, currently 18%"), at most :data:`RATE_AFTER_CHARS`
characters later. "by 5 pct" and "percentage points" are changes, not rates (except the points
of a tariff that are suspended).
"doubled/tripled/halved the 25% tariff" (``tariff_rate_multipliers.csv``) gives the new rate
(base x factor) and the base as the previous rate. Numbers may have thousands separators
("1,200%"). A rate after a coordinator and before "on"/"against" is a gapped measure ("25%
tariffs on Canada and 10% on China").
"""

from __future__ import annotations

from functools import lru_cache

import polars as pl

from dagster_project.extract.matching import ascii_bounds, regex_matches
from dagster_project.extract.tariffs.frames import after, before
from dagster_project.extract.tariffs.vocabulary import product_modifiers, rate_links, rate_modifiers, rate_multipliers

# Thousands separators are part of a number ("1,200%"): that alternative comes first.
NUM = r"(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?"
UNIT = r"(?:%|(?i:pct|pc|percent|per[\s-]+cent|percentage\s+points?)\b)"
# "from 10% to 25%", "from over 100% to 10%"; "to 15% from 25%" (the old rate after the new one);
# "a 25-per-cent tariff" (a hyphen between number and unit); "10-25%" (a range: its upper bound).
_FROM = r"(?i:from)\s+(?:(?i:over|about|around|nearly|almost|some)\s+)?"
_RATE = (
    rf"(?:(?P<from>{_FROM}(?P<prev>{NUM})\s*{UNIT}?(?:\s+(?i:tariffs?|duty|duties|levy|levies|surcharges?|rate))?\s+(?i:to)\s+))?"
    rf"(?:{NUM}\s*[-–]\s*)?(?P<rate>{NUM})(?:\s*|-)(?P<unit>{UNIT})(?:\s+{_FROM}(?P<prev_after>{NUM})\s*{UNIT})?"
)
# Between two rates of one measure: a range ("27.7% to 34.9%", "10-25%": the upper bound is the
# rate, gold guide) or a change of the first into the second ("the 25% tariff could rise to 50%").
_RANGE_GAP = r"^\s*(?:-|–|to|and)\s*$"
# "to 15% from levies totaling 27.5%": the second rate is the old one.
_OLD_GAP = r"(?i)^\s+from\s+[^,;.%]{0,30}$"
_CHANGE_GAP = (
    r"(?i)^[^,;.]{0,50}\b(?:ris(?:e|es|ing)|rose|increas\w*|rais\w*|hik\w*|go(?:es)?\s+up|went\s+up|climb\w*|jump\w*|"
    r"doubl\w*|fall\w*|fell|drop\w*|cut|cuts|lower\w*|reduc\w*|slash\w*|halv\w*)\b[^,;.]{0,20}\bto\s+$"
)
# Gapping: a rate after a coordinator and before "on"/"against" + what it hits stands for "<rate>
# tariffs on ..." ("... and 10% on China", "..., 10 pct against Japan").
_ELLIPSIS_BEFORE = r"(?i:(?:,|;|\band|\bor|\bwhile|\bplus)\s+(?:an?\s+)?$)"
_ELLIPSIS_AFTER = r"^(?i:\s+(?:on|against)\s)"
_CHANGE_BEFORE = r"(?i:\bby\s+(?:between\s+|up\s+to\s+|about\s+|some\s+|around\s+|an\s+average\s+of\s+)?$)"
#: A rate this many characters after a tariff word can belong to it.
RATE_AFTER_CHARS = 120


@lru_cache(maxsize=None)
def rate_before_trigger() -> str:
    """Regex (anchored at the start) of the words from a rate's end to its tariff word: modifiers
    (``tariff_rate_modifiers.csv``), then product words (``tariff_product_modifiers.csv``, two
    joined by "and": "25% steel and aluminum tariffs")."""
    product = product_modifiers()
    return (
        rf"^(?i:\s+(?:of\s+(?:the\s+|its\s+|this\s+)?)?(?:[\"“‘']?{rate_modifiers()}[\"”’']?\s+){{0,3}}"
        rf"(?:{product}(?:\s+and\s+{product})?\s+)?"
        r"(?:counter-?)?(?:tariffs?|duty|duties|levy|levies|surcharges?))"
    )


@lru_cache(maxsize=None)
def _rate_after_link() -> str:
    return rf"(?i:\b{rate_links()}\s+$)"


@lru_cache(maxsize=None)
def _multiplier_before() -> str:
    stems = "|".join(rate_multipliers())
    return (
        rf"(?i:\b(?P<mult>{stems})(?:e|es|ed|ing)\s+(?:(?:the|its|their|his|her|a|an|this|that|existing|current|"
        r"present)\s+){0,2}$)"
    )


def rates(sentences: pl.DataFrame, triggers: pl.DataFrame) -> pl.DataFrame:
    """Tariff rates of ``sentences`` tied to one of ``triggers``: ``sentence_id``,
    ``rate_rel``/``rate_end`` (Int64, span in the sentence), ``rate_pct``, ``previous_rate_pct``
    (Float64, percent; the old rate of "from 10% to 25%" or the base of a multiplied rate)."""
    m = regex_matches(sentences, "text", ascii_bounds(_RATE), key="sentence_id", match_col="rate_text")
    rate_start = pl.col("match_start") + pl.col("from").str.len_chars().fill_null(0).cast(pl.Int64)
    m = m.with_columns(rate_rel=rate_start, rate_end=pl.col("match_end"))
    prev_trig = (
        m.select("sentence_id", "match_start")
        .join(triggers, on="sentence_id")
        .filter(pl.col("trig_rel") < pl.col("match_start"))
        .group_by("sentence_id", "match_start")
        .agg(pl.col("trig_rel").max().alias("first_trig"))
    )
    m = m.join(prev_trig, on=["sentence_id", "match_start"], how="left")
    before_trigger = after(pl.col("rate_end"), 60).str.contains(rate_before_trigger())
    elliptic = before(pl.col("match_start"), 12).str.contains(_ELLIPSIS_BEFORE) & after(pl.col("rate_end"), 12).str.contains(
        _ELLIPSIS_AFTER
    )
    after_trigger = (
        pl.col("first_trig").is_not_null()
        & (pl.col("match_start") - pl.col("first_trig") <= RATE_AFTER_CHARS)
        & (before(pl.col("match_start"), 30).str.contains(_rate_after_link()) | pl.col("from").is_not_null() | elliptic)
    )
    points = pl.col("unit").str.contains(r"(?i)points?")
    suspended_points = points & before(pl.col("match_start"), 40).str.contains(r"(?i)suspend|paus")
    change = before(pl.col("match_start"), 30).str.contains(_CHANGE_BEFORE) | (points & ~suspended_points)
    mult = before(pl.col("match_start"), 40).str.extract(ascii_bounds(_multiplier_before()), 1).str.to_lowercase()
    factors = rate_multipliers()
    factor = pl.when(pl.col("from").is_null() & before_trigger & ~points).then(
        mult.replace_strict(list(factors), list(factors.values()), default=None, return_dtype=pl.Float64)
    )
    rate = pl.col("rate").str.replace_all(",", "").cast(pl.Float64)
    prev = pl.coalesce("prev", "prev_after").str.replace_all(",", "").cast(pl.Float64)
    found = m.filter((before_trigger | after_trigger) & ~change).select(
        "sentence_id",
        "text",
        "rate_rel",
        "rate_end",
        (rate * factor.fill_null(1.0)).alias("rate_pct"),
        pl.when(factor.is_not_null()).then(rate).otherwise(prev).alias("previous_rate_pct"),
    )
    return _merge_ranges_and_changes(found)


def _merge_ranges_and_changes(found: pl.DataFrame) -> pl.DataFrame:
    """Drop a rate that opens a range or is changed into the next rate of its sentence; the next
    rate keeps the range's upper bound, or takes the changed rate as its previous rate. A rate
    after "from" ("to 15% from levies totaling 27.5%") is the previous rate of the one before."""
    order = {"order_by": "rate_rel"}
    nxt = pl.col("rate_rel").shift(-1).over("sentence_id", **order)
    gap = pl.col("text").str.slice(pl.col("rate_end"), nxt - pl.col("rate_end"))
    found = found.with_columns(
        opens=gap.str.contains(_RANGE_GAP).fill_null(False),
        changed=gap.str.contains(_CHANGE_GAP).fill_null(False) & pl.col("previous_rate_pct").is_null(),
        followed_by_old=gap.str.contains(_OLD_GAP).fill_null(False) & pl.col("previous_rate_pct").is_null(),
    )
    prev_changed = pl.col("changed").shift(1).over("sentence_id", **order).fill_null(False)
    prev_rate = pl.col("rate_pct").shift(1).over("sentence_id", **order)
    next_rate = pl.col("rate_pct").shift(-1).over("sentence_id", **order)
    is_old = pl.col("followed_by_old").shift(1).over("sentence_id", **order).fill_null(False)
    return (
        found.with_columns(
            previous_rate_pct=pl.when(prev_changed & pl.col("previous_rate_pct").is_null())
            .then(prev_rate)
            .when(pl.col("followed_by_old"))
            .then(next_rate)
            .otherwise("previous_rate_pct"),
            is_old=is_old,
        )
        .filter(~pl.col("opens"), ~pl.col("changed"), ~pl.col("is_old"))
        .drop("text", "opens", "changed", "followed_by_old", "is_old")
    )
