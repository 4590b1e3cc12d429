"""Step 1, triggers: the tariff words of a sentence that can state a measure.

A tariff word (``tariff_words.csv``) counts outside parentheses and outside the names and
compounds of ``tariff_word_exclusions.csv`` ("General Agreement on Tariffs and Trade", "duty-free",
"tariff lines"); a capitalised tariff word followed by a capitalised word is a name ("Tariff
Commission"). "retaliated against" also triggers: such a row is kept only as the answer to an
earlier measure of the article (see :func:`~.context.answers_earlier_measure`).
"""

from __future__ import annotations

import polars as pl

from dagster_project.extract.matching import ascii_bounds, regex_matches
from dagster_project.extract.tariffs.frames import after, before
from dagster_project.extract.tariffs.vocabulary import tariff_word, trigger_excluded

#: A retaliation stated without a tariff word ("China has retaliated against American farmers").
RETALIATION_VERB = r"(?i:\bretaliat(?:ed|es|ing)\s+against\b)"


def trigger_pattern() -> str:
    """Regex of any trigger: a tariff word or :data:`RETALIATION_VERB` (ASCII word bounds)."""
    return ascii_bounds(f"{tariff_word()}|{RETALIATION_VERB}")


def triggers(sentences: pl.DataFrame) -> pl.DataFrame:
    """Valid triggers of ``sentences`` (``sentence_id``, ``text``): ``sentence_id``,
    ``trig_rel``/``trig_end`` (Int64, span in the sentence)."""
    m = regex_matches(sentences, "text", trigger_pattern(), key="sentence_id", match_col="trigger")
    depth = pl.col("text").str.slice(0, pl.col("match_start"))
    inside_parens = depth.str.count_matches(r"\(") > depth.str.count_matches(r"\)")
    excluded = (
        before(pl.col("match_start"), 30).str.contains(trigger_excluded("before"))
        | after(pl.col("match_end"), 30).str.contains(trigger_excluded("after"))
        | pl.col("trigger").str.contains(r"^[A-Z][a-z]") & pl.col("text").str.slice(pl.col("match_end"), 8).str.contains(r"^\s+[A-Z][a-z]")
        | inside_parens
    )
    return m.filter(~excluded).select(
        "sentence_id", pl.col("match_start").alias("trig_rel"), pl.col("match_end").alias("trig_end")
    )


def is_headline(text: pl.Expr) -> pl.Expr:
    """True for Title Case lines ("President Trump Restores Section 232 Tariffs"): headlines, not statements."""
    upper = text.str.count_matches(r"\b\p{Lu}[\p{L}'-]*")
    lower = text.str.count_matches(r"\b\p{Ll}[\p{L}'-]*")
    return (upper >= 4) & (upper > 3 * lower) & ~text.str.contains(r"[.!?]$")
