"""Text toolkit shared by the extraction families: numbers, number words, months and weekdays.

Every family that reads numbers or dates in sentences builds its patterns from these helpers, so
"1,250.5", "five", "May" or "Tuesday" are recognised the same way everywhere. The word lists are
data (``dagster_project/lexicons/number_words.csv``, ``months.csv``, ``weekdays.csv``); the patterns
are Rust-regex fragments (the dialect of Polars' ``str`` functions) without capture groups, so
callers can wrap them in their own named groups.
"""

from __future__ import annotations

from functools import lru_cache

import polars as pl

from dagster_project.extract.lexicons import lexicon, words
from dagster_project.extract.matching import alternation

#: A number written in digits: optional thousands commas, optional decimals ("1,250.5", "25", "0.8").
NUMBER = r"(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?"
#: A four-digit year of the 19th-21st centuries, the whole string ("1987", "2025").
YEAR = r"^(?:1[89]|20)\d\d$"


@lru_cache(maxsize=1)
def number_words() -> dict[str, float | None]:
    """Spelled-out numbers (lower case) -> value ("five" -> 5.0, "a" -> 1.0, "several" -> None).

    Source: ``lexicons/number_words.csv``.

    Raises:
        FileNotFoundError: the lexicon is missing.
    """
    table = lexicon("number_words")
    return {w: (float(v) if v not in (None, "") else None) for w, v in zip(table["word"], table["value"], strict=True)}


def number_word_pattern() -> str:
    """Case-insensitive alternation of the spelled-out numbers (longest first, word-bounded)."""
    return f"(?i:{alternation(list(number_words()))})"


def parse_number(expr: pl.Expr) -> pl.Expr:
    """Digits as matched by :data:`NUMBER` ("1,250.5") -> Float64; null when not a number."""
    return expr.str.replace_all(",", "").cast(pl.Float64, strict=False)


def number_word_value(expr: pl.Expr) -> pl.Expr:
    """A spelled-out number in any case ("Five") -> Float64 value; null when unknown or vague."""
    table = number_words()
    return expr.str.to_lowercase().replace_strict(
        list(table), list(table.values()), default=None, return_dtype=pl.Float64
    )


def single_spaced(expr: pl.Expr) -> pl.Expr:
    r"""Every whitespace character of String ``expr`` -> one space, so character offsets are kept
    (the result of ``str.replace_all(r"\s", " ")``). Only whitespace other than the space is
    replaced: the same text, without one replacement per space."""
    return expr.str.replace_all(r"[^\S ]", " ")


def month_names() -> list[str]:
    """The twelve English month names, capitalised, January first (``lexicons/months.csv``)."""
    return words("months")


def month_pattern() -> str:
    """Alternation of the month names (capitalised as written in news), no word bounds."""
    return "|".join(month_names())


def weekday_names() -> list[str]:
    """The seven English weekday names, capitalised, Monday first (``lexicons/weekdays.csv``)."""
    return words("weekdays")


def weekday_pattern() -> str:
    """Alternation of the weekday names (capitalised as written in news), no word bounds."""
    return "|".join(weekday_names())


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


def month_word_pattern() -> str:
    """Regex (case-sensitive, word-bounded) of an English month name or its abbreviation
    ("January", "Jan.", "Sept."): the names of :func:`month_names` and their first three letters."""
    names = month_names()
    names = names + [m[:3] for m in names] + ["Sept"]
    return r"\b(?:" + "|".join(sorted(set(names), key=len, reverse=True)) + r")\b\.?"


def weekday_word_pattern() -> str:
    """Regex (case-sensitive, word-bounded) of an English weekday name ("Friday")."""
    return r"\b(?:" + weekday_pattern() + r")\b"
