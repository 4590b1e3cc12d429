"""The time expression next to a talks word, and its calendar date.

``date_text`` is the first time expression within 40 characters after the trigger (same clause),
else one just before it ("next week's meetings"): month-day dates, "late May", "this weekend",
"next week", "the week after", weekdays, "today"/"tomorrow", years. Month and weekday names come
from :mod:`~dagster_project.extract.text`. :func:`resolve_date` turns it into a date against the
article's ``published_date`` (``dateparser`` for what it does not handle itself);
:func:`resolve_dates` does the same for a table: the common forms in Polars (:func:`polars_dates`),
the rest through :func:`resolve_date`.
"""

from __future__ import annotations

import datetime as dt
import re
from functools import lru_cache

import dateparser
import polars as pl

from dagster_project.extract.matching import fast_extract
from dagster_project.extract.text import month_names, month_pattern, weekday_names, weekday_pattern


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


_PREPOSITION = r"^(?:on|in|by|from|since|until|for)\s+"
_FIXED_DAYS = {"today": 0, "tonight": 0, "tomorrow": 1, "yesterday": -1, "next week": 7,
               "the week after": 14, "the following week": 14, "later this week": 2}  # fmt: skip


def resolve_date(date_text: str | None, published: dt.date | None) -> dt.date | None:
    """Calendar date of a time expression relative to ``published``; None if not resolvable.

    Handles "today", "tomorrow", "this weekend" (the coming Saturday), "next week" (+7 days),
    "the week after" (+14 days) itself; everything else goes to ``dateparser`` with
    ``RELATIVE_BASE`` = ``published`` ("late May" -> last day of May, "early May" -> 1st).
    :func:`resolve_dates` gives the same dates for a table, in Polars for the common forms.
    """
    if not date_text or published is None:
        return None
    s = re.sub(_PREPOSITION, "", date_text.strip(), flags=re.I).lower()
    s = re.sub(r"\s+and\s+\w+$", "", s)  # "tomorrow and Friday" -> "tomorrow"
    s = re.sub(r"(\d{1,2})\s*(?:-|to|and)\s*\d{1,2}", r"\1", s)  # "April 6 to 8" -> "April 6"
    if s in _FIXED_DAYS:
        return published + dt.timedelta(days=_FIXED_DAYS[s])
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


def _ymd(year: pl.Expr, month: pl.Expr, day: pl.Expr | None = None) -> pl.Expr:
    """Date (Date) of ``year``/``month`` (Int) and ``day`` (Int, clipped to the month's length;
    None = the last day). Never raises on an impossible day: callers mask those rows."""
    first = pl.date(year.clip(1, 9999), month, 1)
    last = first.dt.month_end().dt.day().cast(pl.Int64)
    return first.dt.offset_by(((pl.min_horizontal(day, last) if day is not None else last) - 1).cast(pl.String) + "d")


def polars_dates(pairs: pl.DataFrame) -> pl.DataFrame:
    """:func:`resolve_date` in Polars for the common forms of ``date_text``.

    ``pairs``: ``date_text`` (String), ``published_date`` (Date). Returns the same rows and order
    with ``event_date`` (Date) and ``resolved`` (Boolean: the form is handled here; when False,
    ``event_date`` is null and :func:`resolve_date` must be asked). Forms, after
    :func:`resolve_date`'s normalisation (preposition, "and <word>", day ranges dropped, lower case),
    with ``dateparser`` 1.5's results (RELATIVE_BASE = published, PREFER_DATES_FROM and
    PREFER_DAY_OF_MONTH as :func:`resolve_date` sets them), proved equal in ``tests/test_talks_dates.py``:
    the fixed forms ("today", "next week", "this weekend", ...); "<weekday>" (the latest such day up
    to the published date), "last|next|this <weekday>"; "<month>" (optionally after last/next/this
    and late/early/mid-/the end of): the 1st or last day, the year moved back (past) or on (future)
    as dateparser does, except February after a 29th-31st; "<month> <day>" (published year),
    "<month> <day>[,] <year>", "<month> <year>", "<year>" (published month) for years 1900-2099 and
    real days except 29 February without a year; "last|this|next week" (+-7 days),
    "[late|early|...] last|this|next month|year" (its 1st or last day); "earlier this
    month|year", "later this month|year" (null). A null ``published_date`` gives null.
    """
    months = month_pattern().lower()
    weekdays = weekday_pattern().lower()
    month_no = {m.lower(): i + 1 for i, m in enumerate(month_names())}
    weekday_no = {w.lower(): i for i, w in enumerate(weekday_names())}
    pub = pl.col("published_date")
    year, month = pub.dt.year().cast(pl.Int64), pub.dt.month().cast(pl.Int64)
    s0 = (
        pl.col("date_text").str.strip_chars().str.replace(rf"(?i){_PREPOSITION}", "").str.to_lowercase()
        .str.replace(r"\s+and\s+\w+$", "").str.replace_all(r"(\d{1,2})\s*(?:-|to|and)\s*\d{1,2}", "${1}")
    )  # fmt: skip
    frame = pairs.with_columns(s0.alias("_s"))
    last_day = pl.col("_s").str.starts_with("late") | pl.col("_s").str.starts_with("the end of")
    s1 = pl.col("_s").str.replace(r"^(?:late|early|mid-?|the end of|the middle of)\s*", "")
    prefer = pl.when(s1.str.starts_with("last")).then(-1).when(s1.str.starts_with("next")).then(1).otherwise(0)
    frame = frame.with_columns(last_day.alias("_last"), prefer.alias("_prefer"), s1.alias("_s1"))
    parts = pl.col("_s1").str.extract_groups(
        rf"^(?:(?P<mod>last|next|this)\s+)?(?:(?P<wd>{weekdays})|(?P<mo>{months})(?:\s+(?P<d>\d{{1,2}})(?:,?\s+(?P<y>\d{{4}}))?|\s+(?P<my>\d{{4}}))?|(?P<ry>\d{{4}})|(?P<unit>week|month|year))$"
    )  # fmt: skip
    frame = frame.with_columns(parts.alias("_p")).unnest("_p")
    mod = pl.col("mod")
    wd = pl.col("wd").replace_strict(weekday_no, default=None)  # Monday = 0
    mo = pl.col("mo").replace_strict(month_no, default=None)  # January = 1
    d, y = pl.col("d").cast(pl.Int64), pl.coalesce("y", "my", "ry").cast(pl.Int64)
    day = pl.when(pl.col("_last")).then(None).otherwise(1)  # PREFER_DAY_OF_MONTH
    # weekdays: dateparser's steps from the published date
    fwd, back = (wd - pub.dt.weekday() + 1) % 7, (pub.dt.weekday() - 1 - wd) % 7
    weekday = pub + pl.duration(days=(
        pl.when(mod == "next").then(pl.when(fwd == 0).then(7).otherwise(fwd)).when(mod == "this").then(fwd)
        .when(mod == "last").then(-pl.when(back == 0).then(7).otherwise(back)).otherwise(-back)
    ))  # fmt: skip
    # a month alone: the published year, moved when the 1st/last day is after (past) or not after (future)
    cand = _ymd(year, mo, day.cast(pl.Int64))
    shift = (
        pl.when((pl.col("_prefer") == -1) & (pub < cand)).then(-1)
        .when((pl.col("_prefer") == 1) & (pub >= cand)).then(1).otherwise(0)
    )  # fmt: skip
    month_alone = _ymd(year + shift, mo, day.cast(pl.Int64))
    # "last|this|next week|month|year"
    k = pl.when(mod == "last").then(-1).when(mod == "next").then(1).otherwise(0)
    months_on = year * 12 + month - 1 + pl.when(pl.col("unit") == "year").then(12 * k).otherwise(k)
    period = (
        pl.when(pl.col("unit") == "week").then(pub + pl.duration(days=7 * k))
        .otherwise(_ymd(months_on // 12, months_on % 12 + 1, day.cast(pl.Int64)))
    )  # fmt: skip
    days_in = _ymd(pl.coalesce(y, year), mo).dt.day().cast(pl.Int64)
    real_day = d.is_between(1, days_in) & ~(y.is_null() & (mo == 2) & (d == 29))
    good_year = y.is_null() | y.is_between(1900, 2099)
    fixed = pl.col("_s").replace_strict(_FIXED_DAYS, default=None, return_dtype=pl.Int64)
    weekend = (5 - (pub.dt.weekday().cast(pl.Int64) - 1)) % 7
    s = pl.col("_s")
    cases = [
        (fixed.is_not_null(), pub + pl.duration(days=fixed)),
        (s == "this weekend", pub + pl.duration(days=weekend)),
        (s.str.contains(r"^(?:earlier|later) this (?:month|year)$"), pl.lit(None, pl.Date)),
        (wd.is_not_null(), weekday),
        (mo.is_not_null() & d.is_null() & y.is_null() & ~((mo == 2) & (pub.dt.day() >= 29)), month_alone),
        (mo.is_not_null() & mod.is_null() & d.is_not_null() & real_day & good_year & (pl.col("_prefer") == 0), _ymd(pl.coalesce(y, year), mo, d)),
        (mo.is_not_null() & mod.is_null() & d.is_null() & y.is_not_null() & good_year, _ymd(y, mo, day.cast(pl.Int64))),
        (pl.col("ry").is_not_null() & mod.is_null() & good_year, _ymd(y, month, day.cast(pl.Int64))),
        (pl.col("unit").is_not_null() & mod.is_not_null(), period),
    ]
    resolved = pl.lit(False)
    event = pl.lit(None, pl.Date)
    for cond, value in reversed(cases):
        event = pl.when(cond).then(value).otherwise(event)
        resolved = resolved | cond
    resolved = resolved.fill_null(False) | pub.is_null() | pl.col("date_text").fill_null("").eq("")
    return frame.select(
        *pairs.columns,
        pl.when(pub.is_not_null()).then(event).alias("event_date").cast(pl.Date),
        resolved.alias("resolved"),
    )


def resolve_dates(pairs: pl.DataFrame) -> pl.DataFrame:
    """``pairs`` (distinct ``date_text`` String, ``published_date`` Date) with ``event_date`` (Date)
    added, as :func:`resolve_date` gives it: the common forms in Polars (:func:`polars_dates`), the
    rest through ``dateparser`` (one call per remaining pair). Same rows, same order."""
    done = polars_dates(pairs).with_row_index("_row")
    rest = done.filter(~pl.col("resolved"))
    asked = [resolve_date(t, d) for t, d in zip(rest["date_text"], rest["published_date"], strict=True)]
    rest = rest.select("_row", pl.Series("_asked", asked, dtype=pl.Date))
    return (
        done.join(rest, on="_row", how="left", maintain_order="left")
        .select(*pairs.columns, pl.coalesce("event_date", "_asked").alias("event_date"))
    )
