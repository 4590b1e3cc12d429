"""Bounded batches for extraction stages: hold the intermediate frames of a few MB of text at a time.

A stage's intermediate frames (regex pieces, exploded matches, candidate rows) are several times
the size of the text they come from. Running the stage over consecutive slices of the input,
each holding about :data:`BATCH_BYTES` of text, keeps that working memory flat however many
articles there are; the output is the same as one call on the whole frame when the stage treats
every row (article) on its own, which is what :func:`map_text_batches` requires.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

import polars as pl

#: Text (UTF-8 bytes) per batch. Segmentation peaks at roughly ten times this in working memory.
BATCH_BYTES = 16 * 1024 * 1024


def text_batches(df: pl.DataFrame, text_col: str, max_bytes: int = BATCH_BYTES) -> Iterator[pl.DataFrame]:
    """Consecutive slices of ``df`` (zero-copy, in row order), each starting a new batch of text.

    A slice holds the rows whose text starts within one window of ``max_bytes`` bytes of the
    running total of ``df[text_col]`` (UTF-8 bytes; nulls count 0), so it holds less than
    ``max_bytes`` plus its last row's text. Windows where no row starts give no slice. Yields
    nothing for an empty frame.

    Raises:
        ValueError: ``max_bytes`` is not positive.
        polars.exceptions.ColumnNotFoundError: ``text_col`` is missing.
    """
    if max_bytes <= 0:
        raise ValueError(f"max_bytes must be positive, got {max_bytes}")
    if df.height == 0:
        return
    sizes = df.get_column(text_col).str.len_bytes().fill_null(0).cast(pl.Int64)
    window = ((sizes.cum_sum() - sizes) // max_bytes).rle()
    offset = 0
    for length in window.struct.field("len").to_list():
        yield df.slice(offset, length)
        offset += length


def map_text_batches(
    stage: Callable[[pl.DataFrame], pl.DataFrame], df: pl.DataFrame, text_col: str, max_bytes: int = BATCH_BYTES
) -> pl.DataFrame:
    """``stage`` applied to each of :func:`text_batches` of ``df``, outputs concatenated in order.

    ``stage`` must treat rows independently (its output for a row does not depend on the other
    rows) and return frames of one schema; the result then equals ``stage(df)``. An empty
    ``df`` gives ``stage(df)`` (so the empty output keeps the stage's schema).
    """
    parts = [stage(batch) for batch in text_batches(df, text_col, max_bytes)]
    if not parts:
        return stage(df)
    return parts[0] if len(parts) == 1 else pl.concat(parts, how="vertical")
