"""Bounded batches of text for extraction stages."""

import polars as pl
import pytest

from dagster_project.extract.batches import map_text_batches, text_batches


def test_batches_cover_rows_in_order_within_the_byte_budget() -> None:
    df = pl.DataFrame({"k": list(range(7)), "t": ["aaaa", "bb", None, "cccccccccc", "d", "ééé", ""]})
    batches = list(text_batches(df, "t", max_bytes=5))
    # rows start at bytes 0, 4, 6, 6, 16, 17, 23: windows [0, 5), [5, 10), [15, 20), [20, 25)
    assert [b["k"].to_list() for b in batches] == [[0, 1], [2, 3], [4, 5], [6]]
    assert pl.concat(batches).equals(df)
    assert [b["k"].to_list() for b in text_batches(df, "t", max_bytes=1000)] == [list(range(7))]
    assert list(text_batches(df.head(0), "t")) == []


def test_a_row_larger_than_the_budget_ends_its_batch() -> None:
    df = pl.DataFrame({"t": ["x" * 50, "y", "z" * 50, "w"]})
    assert [b["t"].str.len_bytes().to_list() for b in text_batches(df, "t", max_bytes=10)] == [[50], [1, 50], [1]]


def test_map_text_batches_equals_one_call() -> None:
    df = pl.DataFrame({"t": ["one two", "three", "four five six", None]})

    def words(frame: pl.DataFrame) -> pl.DataFrame:
        return frame.select(pl.col("t").str.split(" ").alias("w")).explode("w")

    assert map_text_batches(words, df, "t", max_bytes=4).equals(words(df))
    assert map_text_batches(words, df.head(0), "t").schema == words(df.head(0)).schema
    with pytest.raises(ValueError, match="max_bytes must be positive"):
        list(text_batches(df, "t", max_bytes=0))
