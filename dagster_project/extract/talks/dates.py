"""The time expression next to a talks word, and its calendar date.

``date_text`` is the first time expression within 40 characters after the trigger (same clause),
else one just before it ("next week's meetings"): month-day dates, "late May", "this weekend",
"next week", "the week after", weekdays, "today"/"tomorrow", years. Month and weekday names come
from :mod:`~dagster_project.extract.text`. :func:`resolve_date` turns it into a date against the
article's ``published_date`` (``dateparser`` for what it does not handle itself).
"""

from __future__ import annotations

import datetime as dt
import re
from functools import lru_cache

import dateparser
import polars as pl

from dagster_project.extract.matching import fast_extract
from dagster_project.extract.text import month_pattern, weekday_pattern


@lru_cache(maxsize=1)
def date_pattern() -> str:
    """Regex (Rust syntax, no groups) of a time expression, with an optional leading preposition."""
    months, weekdays = month_pattern(), weekday_pattern()
    return (
        rf"(?:(?:on|in|by|from|since|until|for)\s+)?(?:"
        rf"(?:late|early|mid-?|the\s+end\s+of|the\s+middle\s+of)\s*(?:last\s+|next\s+|this\s+)?(?:{months}|year|month|week)"
        rf"|(?:this|next|last)\s+(?:weekend|week|month|year|{months}|{weekdays}|spring|summer|autumn|fall|winter)"
        rf"|the\s+(?:week|month)\s+after|the\s+following\s+(?:week|month)|(?:later|earlier)\s+this\s+(?:week|month|year)"
        rf"|(?:{months})\s+\d{{1,2}}(?:\s*(?:-|to|and)\s*\d{{1,2}})?(?:,?\s+\d{{4}})?"
        rf"|(?:{months})\s+\d{{4}}"
        rf"|(?:today|tomorrow|yesterday|tonight)(?:\s+and\s+(?:{weekdays}))?"
        rf"|(?:{weekdays})"
        rf"|\d{{4}}"
        rf")\b"
    )


def date_text(before: pl.Expr, after: pl.Expr) -> pl.Expr:
    """The time expression next to the trigger (String, single-spaced) or null.

    ``before``/``after``: String, the sentence text before/after the trigger.
    """
    d = date_pattern()
    after_re = rf"^[^,;:\"“”]{{0,40}}?\b(?P<date>{d})"
    before_re = rf"\b(?P<date>{d})(?:'s)?\s+(?:[\w-]+\s+){{0,3}}$"
    return pl.coalesce(fast_extract(after, after_re, 1), fast_extract(before, before_re, 1)).str.replace_all(r"\s+", " ")


def resolve_date(date_text: str | None, published: dt.date | None) -> dt.date | None:
    """Calendar date of a time expression relative to ``published``; None if not resolvable.

    Handles "today", "tomorrow", "this weekend" (the coming Saturday), "next week" (+7 days),
    "the week after" (+14 days) itself; everything else goes to ``dateparser`` with
    ``RELATIVE_BASE`` = ``published`` ("late May" -> last day of May, "early May" -> 1st).
    """
    if not date_text or published is None:
        return None
    s = re.sub(r"^(?:on|in|by|from|since|until|for)\s+", "", date_text.strip(), flags=re.I).lower()
    s = re.sub(r"\s+and\s+\w+$", "", s)  # "tomorrow and Friday" -> "tomorrow"
    s = re.sub(r"(\d{1,2})\s*(?:-|to|and)\s*\d{1,2}", r"\1", s)  # "April 6 to 8" -> "April 6"
    fixed = {"today": 0, "tonight": 0, "tomorrow": 1, "yesterday": -1, "next week": 7,
             "the week after": 14, "the following week": 14, "later this week": 2}  # fmt: skip
    if s in fixed:
        return published + dt.timedelta(days=fixed[s])
    if s == "this weekend":
        return published + dt.timedelta(days=(5 - published.weekday()) % 7)
    day = "first"
    if s.startswith("late") or s.startswith("the end of"):
        day = "last"
    s = re.sub(r"^(?:late|early|mid-?|the end of|the middle of)\s*", "", s)
    prefer = "past" if s.startswith("last") else "future" if s.startswith("next") else "current_period"
    month_names = month_pattern().lower()
    if re.search(rf"^(?:last|next|this)\s+(?:{month_names})$", s):
        s = re.sub(r"^(?:last|next|this)\s+", "", s)
    base = dt.datetime.combine(published, dt.time())
    settings = {"RELATIVE_BASE": base, "PREFER_DATES_FROM": prefer, "PREFER_DAY_OF_MONTH": day}
    parsed = dateparser.parse(s, languages=["en"], settings=settings)
    return parsed.date() if parsed else None


def resolve_dates(pairs: pl.DataFrame) -> pl.DataFrame:
    """``pairs`` (distinct ``date_text`` String, ``published_date`` Date) with ``event_date`` (Date) added."""
    dates = [resolve_date(t, d) for t, d in zip(pairs["date_text"], pairs["published_date"], strict=True)]
    return pairs.with_columns(pl.Series("event_date", dates, dtype=pl.Date))
