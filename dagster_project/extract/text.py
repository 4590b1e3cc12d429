"""Text helpers every fact family can use, as Polars expressions (no per-row Python).

Only add functions here (several families share this module).
"""

from __future__ import annotations

import calendar

import polars as pl


def chars_before(pos: pl.Expr, width: int = 60, text: str = "text") -> pl.Expr:
    """The at most ``width`` characters of column ``text`` (String) before 0-based position
    ``pos`` (Int64): a window to test what precedes a match."""
    start = pl.max_horizontal(pos - width, pl.lit(0))
    return pl.col(text).str.slice(start, pos - start)


def chars_after(pos: pl.Expr, width: int = 60, text: str = "text") -> pl.Expr:
    """The at most ``width`` characters of column ``text`` (String) from 0-based position ``pos``."""
    return pl.col(text).str.slice(pos, width)


def char_find(text: pl.Expr, pattern: str) -> pl.Expr:
    """0-based *character* offset (Int64) of the first match of regex ``pattern`` in ``text``,
    null when none (Polars' ``str.find`` gives byte offsets, which differ after non-ASCII text)."""
    return text.str.extract(f"(?s)^(.*?)(?:{pattern})", 1).str.len_chars().cast(pl.Int64)


def month_pattern() -> str:
    """Regex (case-sensitive, word-bounded) of an English month name or its abbreviation
    ("January", "Jan.", "Sept."), from the standard library's ``calendar``."""
    names = [m for m in calendar.month_name if m] + [m for m in calendar.month_abbr if m] + ["Sept"]
    return r"\b(?:" + "|".join(sorted(set(names), key=len, reverse=True)) + r")\b\.?"


def weekday_pattern() -> str:
    """Regex (case-sensitive, word-bounded) of an English weekday name ("Friday"), from ``calendar``."""
    return r"\b(?:" + "|".join(calendar.day_name) + r")\b"
