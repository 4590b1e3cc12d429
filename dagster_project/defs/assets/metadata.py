"""Materialisation metadata shown in the Dagster UI: row counts and a Markdown preview."""

from __future__ import annotations

import dagster as dg
import polars as pl

_PREVIEW_ROWS = 10
_PREVIEW_CHARS = 80


def frame_metadata(df: pl.DataFrame, *, total_rows: int | None = None) -> dict[str, dg.MetadataValue]:
    """``dagster/row_count`` (``total_rows`` if given, else ``df.height``), ``rows_this_run``,
    and ``preview``: the first rows as a Markdown table, long strings cut to 80 characters."""
    preview = df.head(_PREVIEW_ROWS).with_columns(
        (pl.col(c).list.join(", ") if isinstance(dtype, pl.List) else pl.col(c).cast(pl.String))
        .str.slice(0, _PREVIEW_CHARS)
        for c, dtype in df.schema.items()
    )
    header = "| " + " | ".join(df.columns) + " |\n|" + "---|" * len(df.columns) + "\n"
    body = "".join(
        "| " + " | ".join("" if v is None else str(v).replace("|", "\\|").replace("\n", " ") for v in row) + " |\n"
        for row in preview.iter_rows()
    )
    return {
        "dagster/row_count": dg.MetadataValue.int(df.height if total_rows is None else total_rows),
        "rows_this_run": dg.MetadataValue.int(df.height),
        "preview": dg.MetadataValue.md(header + body),
    }
