"""Materialisation metadata: row counts, new rows against the previous table, time, preview."""

from __future__ import annotations

import time

import duckdb
import polars as pl

from dagster_project.defs.assets.metadata import markdown_table, replace_with_metadata, table_metadata
from dagster_project.defs.checks import failures_markdown


def _values(metadata):
    return {k: getattr(v, "value", v) for k, v in metadata.items()}


def test_new_rows_are_counted_against_the_previous_table():
    con = duckdb.connect()
    first = pl.DataFrame({"id": ["a", "b"], "text": ["x" * 200, "y"], "tags": [["p", "q"], []]})
    md = _values(replace_with_metadata(con, "t", first, started=time.perf_counter(), drop=["text"]))
    assert md["dagster/row_count"] == 2 and md["rows_new"] == 2 and md["duration_s"] >= 0
    assert "text" not in md["preview"] and "| a | p, q |" in md["preview"]
    # one row kept, one changed, one added: two new rows
    second = pl.DataFrame({"id": ["a", "b", "c"], "text": ["x" * 200, "changed", "z"], "tags": [["p", "q"], [], ["r"]]})
    md = _values(replace_with_metadata(con, "t", second, started=time.perf_counter()))
    assert md["dagster/row_count"] == 3 and md["rows_new"] == 2
    # the same again: nothing new
    assert _values(replace_with_metadata(con, "t", second, started=time.perf_counter()))["rows_new"] == 0
    # a table written by someone else (dbt): count and preview read back
    md = _values(table_metadata(con, "raw", "t", before=set()))
    assert md["dagster/row_count"] == 3 and md["rows_new"] == 3 and md["preview"].startswith("| id | tags |")  # long texts left out


def test_preview_cuts_long_strings_and_escapes_pipes():
    table = markdown_table(pl.DataFrame({"a": ["x|y", "z" * 100]}))
    assert "x\\|y" in table and "z" * 80 + " |" in table and "z" * 81 not in table


def test_failed_expectations_table_shows_samples():
    table = failures_markdown([{"expectation_type": "expect_column_values_to_be_in_set", "column": "action",
                                "severity": "critical", "unexpected_count": 1, "unexpected_percent": 50.0,
                                "unexpected_sample": ["banned"]}])
    assert "| expect_column_values_to_be_in_set | action | critical | 1 (50.0%) | 'banned' |" in table
    assert failures_markdown([]) == "All expectations passed."
