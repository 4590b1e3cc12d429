"""Regex matches with character offsets, as Polars expressions (no per-row Python).

Polars' ``str.extract_all`` returns the matched strings but not where they are. The trick
used here: match ``(?s).*?(?:P)`` instead of ``P``. Those pieces tile the text from its start
to the end of each match of ``P``, so the running sum of their lengths is each match's end
offset; the match itself is the piece minus its lazy prefix. Offsets are in characters
(Python ``str`` indices), not bytes. Patterns use Rust ``regex`` syntax (no look-around).
"""

from __future__ import annotations

import polars as pl

_PIECE = "__piece"
_PREFIX = "__prefix"


def regex_matches(
    df: pl.DataFrame | pl.LazyFrame,
    text_col: str,
    pattern: str,
    *,
    key: str,
    offset_col: str | None = None,
    match_col: str = "match_text",
) -> pl.DataFrame | pl.LazyFrame:
    """One row per non-overlapping match of ``pattern`` in ``df[text_col]``.

    Args:
        df: any frame; ``key`` must identify its rows uniquely (e.g. ``sentence_id``).
        text_col: the String column searched.
        pattern: Rust-regex pattern. Its *named* groups become String columns of the output
            (null when the group did not take part in the match). Unnamed groups are ignored.
        key: unique row identifier of ``df``.
        offset_col: optional Int64 column added to the offsets (e.g. the sentence's
            ``char_start``, to get offsets into the article).
        match_col: name of the output column holding the matched text.

    Returns:
        ``df``'s columns plus ``match_col`` (String), ``match_start``/``match_end`` (Int64,
        end-exclusive, characters; plus ``offset_col`` when given) and one String column per
        named group. Rows without a match are dropped.
    """
    piece = rf"(?s).*?(?:{pattern})"
    split = rf"(?s)^(?P<{_PREFIX}>.*?)(?P<{match_col}>{pattern})"
    out = (
        df.with_columns(pl.col(text_col).str.extract_all(piece).alias(_PIECE))
        .explode(_PIECE)
        .filter(pl.col(_PIECE).is_not_null() & (pl.col(_PIECE) != ""))
        .with_columns(
            pl.col(_PIECE).str.len_chars().cast(pl.Int64).cum_sum().over(key).alias("match_end"),
            pl.col(_PIECE).str.extract_groups(split).alias("__groups"),
        )
        .unnest("__groups")
        .with_columns(
            (pl.col("match_end") - pl.col(match_col).str.len_chars().cast(pl.Int64)).alias("match_start")
        )
        .drop(_PIECE, _PREFIX)
    )
    if offset_col is not None:
        out = out.with_columns(
            pl.col("match_start") + pl.col(offset_col), pl.col("match_end") + pl.col(offset_col)
        )
    return out


def alternation(phrases: list[str] | pl.Series, *, word_bounded: bool = True) -> str:
    """A regex alternation of literal ``phrases``, longest first, escaped.

    Longest-first makes "South Korea" win over "Korea". With ``word_bounded`` the phrases
    are wrapped in ``\\b`` only on sides that begin/end with a word character (so "U.S." works).
    """
    items = sorted({str(p) for p in phrases if p}, key=lambda s: (-len(s), s))
    parts = []
    for p in items:
        esc = pl.Series([p]).str.escape_regex()[0]
        if word_bounded:
            esc = (r"\b" if p[0].isalnum() else "") + esc + (r"\b" if p[-1].isalnum() else "")
        parts.append(esc)
    return "(?:" + "|".join(parts) + ")"
