"""The goods of a tariff: the product phrase after "tariffs on"/"exemption for" ("Chinese goods",
"steel and aluminum"), cut at a stop word of ``tariff_goods_stops.csv`` (a preposition,
conjunction or verb: "Chinese goods [took effect]"), at a further rate ("on Canada [and 10% on
China]"), at a date ("[on July 9]") or at a coordinated action cue ("on steel [and elevate the
tariff]"). A phrase that names no product (a state, several states, a time, an amount) gives none.
"""

from __future__ import annotations

from functools import lru_cache

import polars as pl

from dagster_project.extract.matching import ascii_bounds
from dagster_project.extract.tariffs.frames import after, before
from dagster_project.extract.tariffs.rates import rate_before_trigger
from dagster_project.extract.tariffs.vocabulary import cue_pattern, goods_stop_words, plural_states, tariff_word
from dagster_project.extract.text import month_word_pattern, weekday_word_pattern

_GOODS = (
    r"(?i:\b(?:tariffs?|duty|duties|levy|levies|surcharges?|tax(?:es)?|exemption)\b[^.;:]*?\b(?:on|for)\s+)"
    r"(?P<goods>[^,;:.()]{2,90})"
)
# An abbreviation's points ("U.S. goods") do not end the phrase: masked by a one-dot leader (same
# length) while the phrase is cut, restored after.
_ABBREVIATION_POINT = r"\b([A-Z])\."
_MASK = "\u2024"
_GOODS_LEAD = (
    r"(?i:^(?:(?:imports|exports)\s+of\s+)?(?:(?:some|about|roughly|approximately|up\s+to|as\s+much\s+as|a\s+range\s+of)\s+)?"
    r"(?:(?:an?\s+)?(?:additional|further|another)\s+)?"
    r"(?:[$\w.,]+\s+(?:mln|bln|billion|million)\s+(?:dlrs\s+|dollars\s+)?(?:worth\s+)?(?:of|in)\s+"
    r"|(?:US)?\$[\d.,]+\s+(?:billion|million|bn|mn)\s+(?:worth\s+)?(?:of|in)\s+)?)"
)


@lru_cache(maxsize=None)
def _not_goods() -> str:
    """Regex of a whole phrase after "tariffs on/for" that names no product (replacing it leaves
    nothing): names only ("China", "the United States": a state), a time ("for 90 days", "for the
    rest of the year"), states ("on dozens of countries", "on each other") or a bare amount."""
    return (
        r"^(?:(?i:the)\s+)?(?:[A-Z][\w.'’\u2024-]*\s*)+$|"
        r"(?i:^(?:(?:an?\s+)?(?:initial\s+)?(?:period|term)\b|(?:the\s+)?rest\s+of\b|(?:another\s+|a\s+further\s+)?\d[\d.,]*\s*"
        r"(?:days?|weeks?|months?|years?)\b|(?:up\s+to\s+)?(?:a|one|two|three|six|\d+)\s+(?:days?|weeks?|months?|years?)\b"
        rf"|each\s+other|one\s+another|both\s+sides|[\d$.,%\s]+$|(?:the\s+)?(?:[\w.'’-]+\s+){{0,3}}?{plural_states()}\b).*$)"
    )


@lru_cache(maxsize=None)
def _stops() -> tuple[str, str]:
    """(stop word or further rate, coordinated action cue): regexes of the phrase's tail."""
    date = rf"(?:{month_word_pattern()}|{weekday_word_pattern()}|\d)"
    return (
        rf"(?i:\s+{goods_stop_words()}\b.*$|\s+(?:and|or)\s+(?:a\s+|an\s+)?\d[\d.,]*\s*(?:%|pct\b|percent\b|per\s+cent\b).*$)"
        rf"|\s+(?i:on|in)\s+{date}.*$",
        rf"(?i:\s+(?:and|but|or)\s+(?:also\s+|then\s+)?{cue_pattern()}\b.*$)",
    )


def goods(text: pl.Expr) -> pl.Expr:
    """The product phrase (String or null) of the first tariff phrase of ``text``."""
    stop, stop_cue = _stops()
    masked = text.str.replace_all(_ABBREVIATION_POINT, "${1}" + _MASK)
    g = (
        masked.str.extract(_GOODS, 1).str.replace(_GOODS_LEAD, "").str.replace(stop, "").str.replace(stop_cue, "")
        .str.strip_chars().str.replace_all(_MASK, ".", literal=True)
    )
    g = g.str.replace(_not_goods(), "")  # emptied: no product
    return pl.when(g.str.len_chars() > 1).then(g)


def row_goods() -> pl.Expr:
    """The goods of the row's own tariff phrase ("a 25 percent tariff on steel and a 10 percent
    tariff on aluminum": "aluminum" for the 10 percent row), else those of the sentence's first
    tariff phrase. The phrase opens at the rate when its tariff word follows it, else at the
    tariff word at most 40 characters before the anchor ("a tariff of 15 percent on ...")."""
    back = before(pl.col("anchor"), 40).str.extract(ascii_bounds(rf"(?s)^.*({tariff_word()}.*)$"), 1).str.len_chars()
    rate_first = after(pl.col("anchor_end"), 60).str.contains(ascii_bounds(rate_before_trigger()))
    start = pl.when(rate_first).then(pl.col("anchor")).otherwise(pl.col("anchor") - back.fill_null(0).cast(pl.Int64))
    return pl.coalesce(goods(pl.col("text").str.slice(start)), goods(pl.col("text")))
