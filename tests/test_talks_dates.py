"""Talks' date resolution in Polars (``dates.polars_dates``) against ``dateparser`` (``dates.resolve_date``).

Every form ``polars_dates`` takes over must give ``resolve_date``'s date (dateparser 1.5 with the
settings ``resolve_date`` uses) for every published date of a grid: each weekday, year ends, leap
and common Februaries, months' 29th-31st. Texts are written here, not taken from the corpus.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re

import polars as pl
import pytest

from dagster_project.extract.talks import dates

MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
          "October", "November", "December"]  # fmt: skip
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]


def _days(first: str, last: str) -> list[dt.date]:
    start, stop = dt.date.fromisoformat(first), dt.date.fromisoformat(last)
    return [start + dt.timedelta(days=i) for i in range((stop - start).days + 1)]


# each weekday (a whole week across a year end), leap and common Februaries' ends, 29th-31st of
# months before a shorter one, a century leap day and a century common year
PUBLISHED = (
    _days("2023-12-27", "2024-01-03") + _days("2024-01-29", "2024-01-31") + _days("2024-02-27", "2024-03-01")
    + _days("2025-01-29", "2025-01-31") + _days("2025-02-27", "2025-03-01") + _days("2024-12-30", "2025-01-01")
    + [dt.date(2024, 3, 31), dt.date(2024, 4, 30), dt.date(2024, 5, 31), dt.date(2024, 8, 31),
       dt.date(2025, 6, 15), dt.date(2025, 10, 31), dt.date(2000, 2, 29), dt.date(2100, 2, 28)]
)  # fmt: skip

FORMS: dict[str, list[str]] = {
    "fixed": ["today", "tonight", "Tomorrow", "yesterday", "next week", "the week after",
              "the following week", "later this week", "this weekend", "tomorrow and Friday",
              "on today"],
    "weekday": [f"{p}{w}" for w in WEEKDAYS for p in ("", "on ", "last ", "next ", "this ", "by next ")],
    "month": [f"{p}{m}" for m in MONTHS for p in ("", "last ", "next ", "this ", "in late ", "early ",
                                                    "mid-", "the end of ", "late last ", "early next ")],
    "month day": [f"{m} {d}" for m in MONTHS for d in (1, 9, 28, 29, 30, 31)]
    + ["on April 6 to 8", "May 3-5", "by June 30 and July 1", "March 0", "March 32", "since Feb 2"],
    "month day year": [f"{m} {d}{c} {y}" for m in ("January", "February", "April", "December")
                       for d in (1, 29, 31) for c in (",", "") for y in (2019, 2024)]
    + ["on May 5, 1899", "June 5, 2100", "July 4, 1900", "July 4, 2099"],
    "month year": [f"{m} {y}" for m in MONTHS for y in (2019, 2024)] + ["in May 1850", "May 2100", "May 1900"],
    "year": ["1987", "2001", "in 2024", "2099", "1899", "2100", "1200", "0000"],
    "period": [f"{p}{m} {u}" for m in ("last", "this", "next") for u in ("week", "month", "year")
               for p in ("", "late ", "early ", "the end of ", "mid-", "the middle of ")],
    "none": ["earlier this month", "later this month", "earlier this year", "later this year"],
}
# forms left to dateparser on purpose (rare; the comparison still holds through resolve_dates)
LEFT = {"March 0", "March 32", "since Feb 2", "on May 5, 1899", "June 5, 2100", "in May 1850", "May 2100",
        "1899", "2100", "1200", "0000", "by June 30 and July 1"}  # fmt: skip


def _left_on_purpose(text: str, published: dt.date) -> bool:
    """True for the texts ``polars_dates`` leaves to dateparser: :data:`LEFT`, a month alone that is
    February after a 29th-31st, and days the month does not have (29 February without a year too)."""
    if text in LEFT or (text.endswith("February") and published.day >= 29):
        return True
    found = re.fullmatch(r"(?:on |by |since )?(\w+) (\d+)(?:,? (\d{4}))?", text)
    if not found or found[1] not in MONTHS:
        return False
    year = int(found[3]) if found[3] else None
    days = calendar.monthrange(year or published.year, MONTHS.index(found[1]) + 1)[1]
    return not 1 <= int(found[2]) <= days or (year is None and found[1] == "February" and found[2] == "29")


def _pairs(texts: list[str]) -> pl.DataFrame:
    return pl.DataFrame(
        [(t, d) for t in texts for d in PUBLISHED],
        schema={"date_text": pl.String, "published_date": pl.Date}, orient="row",
    )


@pytest.mark.parametrize("form", list(FORMS))
def test_polars_dates_equal_dateparser(form):
    pairs = _pairs(FORMS[form])
    got = dates.polars_dates(pairs)
    expected = [dates.resolve_date(t, d) for t, d in pairs.iter_rows()]
    got = got.with_columns(pl.Series("expected", expected, dtype=pl.Date))
    taken = got.filter(pl.col("resolved"))
    wrong = taken.filter(~pl.col("event_date").eq_missing(pl.col("expected")))
    assert wrong.height == 0, wrong.head(10)
    # every written form is taken over, except the ones left to dateparser on purpose
    left = [(t, d) for t, d, resolved in got.select("date_text", "published_date", "resolved").iter_rows() if not resolved]
    assert [(t, d) for t, d in left if not _left_on_purpose(t, d)] == []
    assert got["resolved"].any()


def test_resolve_dates_equal_dateparser_and_keep_rows():
    texts = [t for form in ("month day", "year", "month") for t in FORMS[form]]
    pairs = _pairs(texts)[::7]
    pairs = pl.concat([pairs, pl.DataFrame({"date_text": ["Monday", "next spring", "the month after"],
                                            "published_date": [None, dt.date(2024, 2, 29), dt.date(2024, 1, 31)]},
                                           schema=pairs.schema)])  # fmt: skip
    got = dates.resolve_dates(pairs)
    assert got.select("date_text", "published_date").equals(pairs)
    assert got["event_date"].to_list() == [dates.resolve_date(t, d) for t, d in pairs.iter_rows()]


@pytest.mark.parametrize(
    ("text", "published", "expected"),
    [
        ("on Thursday", "2024-02-29", "2024-02-29"),  # the day itself
        ("Friday", "2024-02-29", "2024-02-23"),  # the latest Friday up to the published date
        ("next Thursday", "2024-02-29", "2024-03-07"),
        ("last Thursday", "2024-02-29", "2024-02-22"),
        ("in late February", "2025-01-10", "2025-02-28"),
        ("last December", "2024-01-02", "2023-12-01"),
        ("next January", "2023-12-30", "2024-01-01"),
        ("February 28", "2024-03-01", "2024-02-28"),
        ("the end of next year", "2024-02-29", "2025-02-28"),
        ("2001", "2024-05-31", "2001-05-01"),
        ("later this month", "2024-05-31", None),
    ],
)
def test_polars_dates_values(text, published, expected):
    pairs = pl.DataFrame({"date_text": [text], "published_date": [dt.date.fromisoformat(published)]})
    row = dates.polars_dates(pairs).row(0, named=True)
    assert row["resolved"]
    assert row["event_date"] == (dt.date.fromisoformat(expected) if expected else None)
