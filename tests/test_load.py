"""Load stage: idempotent writes through Arrow, rollback on failure."""

from __future__ import annotations

import duckdb
import polars as pl
import pytest

from dagster_project.load import read_table, replace_table, table_exists


def test_replace_twice_keeps_the_last_frame_and_lists():
    con = duckdb.connect()
    df = pl.DataFrame({"k": ["a", "b"], "v": [1, 2], "parties": [["CHN", "USA"], []]})
    assert not table_exists(con, "t")
    replace_table(con, "t", df)
    replace_table(con, "t", df.with_columns(v=pl.col("v") * 10))
    out = read_table(con, "t").sort("k")
    assert table_exists(con, "t")
    assert out["v"].to_list() == [10, 20]
    assert out["parties"].to_list() == [["CHN", "USA"], []]


def test_replace_is_atomic_on_failure():
    con = duckdb.connect()
    replace_table(con, "t", pl.DataFrame({"k": ["a"]}))
    with pytest.raises(duckdb.Error):
        replace_table(con, "t", pl.DataFrame({"k": ["b"]}), schema="no such \" schema")
    assert read_table(con, "t")["k"].to_list() == ["a"]


def test_read_empty_table_keeps_schema():
    con = duckdb.connect()
    replace_table(con, "t", pl.DataFrame(schema={"k": pl.String, "n": pl.Int64}))
    out = read_table(con, "t")
    assert out.height == 0 and out.schema == pl.Schema({"k": pl.String, "n": pl.Int64})
