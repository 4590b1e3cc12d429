"""Publication dates: the date as written (``published_date``) and, when the input states a time
zone, the instant in UTC (``published_at``)."""

from __future__ import annotations

from datetime import UTC, date, datetime
from email.utils import parsedate_to_datetime

import polars as pl

#: Publication dates outside this range are taken as errors (a mistyped year).
PUBLISHED_RANGE = (date(1900, 1, 1), date(2100, 12, 31))
_ISO_DATE = r"^\s*\d{4}-\d{2}-\d{2}(?:[T ][0-9:.]+(?:Z|[+-]\d{2}:?\d{2})?)?\s*$"


def parse_published(published: pl.Expr) -> pl.Expr:
    """A String expression of publication dates -> Date (null when unusable).

    ISO 8601 dates and timestamps ("2025-05-09", "1987-03-27T10:49:39", "...-05:00") are read
    by Polars (the date as written, no time-zone shift); other forms ("March 3, 2025",
    "Mon, 03 Mar 2025 10:00:00 GMT") by ``dateparser``, once per distinct value. Dates outside
    :data:`PUBLISHED_RANGE` are null.
    """
    iso = pl.when(published.str.contains(_ISO_DATE)).then(
        published.str.strip_chars().str.slice(0, 10).str.to_date("%Y-%m-%d", strict=False)
    )
    other = pl.when(iso.is_null() & published.is_not_null()).then(published).map_batches(
        _dateparser_dates, return_dtype=pl.Date
    )
    parsed = pl.coalesce(iso, other)
    low, high = PUBLISHED_RANGE
    return pl.when(parsed.is_between(pl.lit(low), pl.lit(high))).then(parsed)


def _dateparser_dates(values: pl.Series) -> pl.Series:
    """dateparser on the distinct non-null values only (it is slow per call), joined back."""
    distinct = values.drop_nulls().unique()
    if distinct.is_empty():
        return pl.Series(values.name, [None] * len(values), dtype=pl.Date)
    import dateparser

    settings = {"PREFER_DAY_OF_MONTH": "first", "REQUIRE_PARTS": ["year", "month", "day"]}
    parsed = {v: dateparser.parse(v, languages=["en"], settings=settings) for v in distinct}
    lookup = pl.DataFrame({"value": list(parsed), "date": [d.date() if d else None for d in parsed.values()]},
                          schema={"value": pl.String, "date": pl.Date})
    return values.to_frame("value").join(lookup, on="value", how="left", maintain_order="left")["date"]


def aware_instant(value: str | None) -> datetime | None:
    """The UTC instant of ``value`` when it is an ISO 8601 or RFC 2822 timestamp *with* a time zone
    ("2019-01-19T03:57:29-05:00", "Sat, 19 Jan 2019 03:57:29 -0500", "...Z", "... GMT"); None
    for dates without a time or a zone (their instant is unknown)."""
    if not value or not value.strip():
        return None
    text = value.strip()
    parsed: datetime | None = None
    try:
        parsed = datetime.fromisoformat(text.replace("Z", "+00:00") if text.endswith("Z") else text)
    except ValueError:
        try:
            parsed = parsedate_to_datetime(text)
        except (TypeError, ValueError, IndexError):
            return None
    if parsed is None or parsed.tzinfo is None or not (PUBLISHED_RANGE[0].year <= parsed.year <= PUBLISHED_RANGE[1].year):
        return None
    return parsed.astimezone(UTC)
