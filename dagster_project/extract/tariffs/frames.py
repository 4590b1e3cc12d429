"""Frame helpers of the tariff rules: windows around a position, nearest-match joins, clauses.

Rows of the tariff stage carry ``row_id``, ``sentence_id``, ``text`` (the sentence) and an
``anchor``/``anchor_end`` (Int64, positions in the sentence of the rate, else of the tariff word).
"""

from __future__ import annotations

import polars as pl

from dagster_project.extract.matching import ascii_bounds
from dagster_project.extract.text import chars_after, chars_before

before = chars_before
after = chars_after

# Clause boundaries: where one clause ends and another (with its own verb) begins. "as" counts
# only as a conjunction ("Inflation rose 3% as tariffs took effect"): its comparative and
# prepositional uses ("such as", "as high as", "as part of") are masked first (same length).
CLAUSE_BOUNDARY = r"(?i:[;:]|\b(?:as|while|when|whereas|although|though|because|after|but)\b)"
_AS_BEFORE_MASK = r"(?i)\b(such|well|much|high|many|long|soon|far|same|so|just|low|little)(\s+)as\b"
_AS_AFTER_MASK = (
    r"(?i)\bas(\s+(?:high|much|many|little|low|long|soon|far|well|part|of|a\s+result|if|though|such|to|for|with|in|"
    r"expected|planned|announced|promised|scheduled|usual)\b)"
)


def clause_text(text: pl.Expr) -> pl.Expr:
    """``text`` (String) with the non-conjunction uses of "as" masked (same length): what
    :func:`clause_index` counts boundaries in. Computed once per sentence, it can be passed to
    :func:`clause_index` as ``masked`` for many positions of the sentence."""
    return text.str.replace_all(_AS_BEFORE_MASK, "${1}${2}xx").str.replace_all(_AS_AFTER_MASK, "xx${1}")


def clause_index(text: pl.Expr, pos: pl.Expr, masked: pl.Expr | None = None) -> pl.Expr:
    """How many clause boundaries (:data:`CLAUSE_BOUNDARY`) precede position ``pos`` of ``text``
    (Int64): two positions with the same index are in the same clause. ``masked``: the
    :func:`clause_text` of ``text`` when already computed."""
    masked = clause_text(text) if masked is None else masked
    return masked.str.slice(0, pos).str.count_matches(ascii_bounds(CLAUSE_BOUNDARY)).cast(pl.Int64)


def nearest(
    rows: pl.DataFrame,
    other: pl.DataFrame,
    cond: pl.Expr,
    order: pl.Expr | list[pl.Expr],
    value: str | list[str],
    name: str | list[str],
    carry: tuple[str, ...] = (),
) -> pl.DataFrame:
    """Join ``other`` to ``rows`` on ``sentence_id`` and keep, per row, ``value`` of the match
    satisfying ``cond`` with the smallest ``order``; added as column ``name`` (null when none).
    ``value``/``name`` may be lists (several columns of the same match); ``carry`` names further
    columns of ``rows`` that ``cond`` uses."""
    values, names = ([value], [name]) if isinstance(value, str) else (value, name)
    pairs = (
        rows.select("row_id", "sentence_id", "anchor", "anchor_end", *carry).join(other, on="sentence_id").filter(cond)
    )
    best = (
        pairs.sort(order)
        .group_by("row_id", maintain_order=True)
        .first()
        .select("row_id", *[pl.col(v).alias(n) for v, n in zip(values, names)])
    )
    return rows.join(best, on="row_id", how="left")


def rateless_mention(anchor: str, anchor_end: str, action: pl.Expr) -> dict[str, pl.Expr]:
    """Columns that turn a copied row into a new rate-less mention anchored on columns
    ``anchor``..``anchor_end`` with ``action`` (for ``with_columns(**...)``)."""
    return {
        "anchor": pl.col(anchor),
        "anchor_end": pl.col(anchor_end),
        "action": action,
        "rate_pct": pl.lit(None, pl.Float64),
        "previous_rate_pct": pl.lit(None, pl.Float64),
    }
