"""Materialisation metadata shown in the Dagster UI: row counts, new rows, time and a Markdown preview.

Every asset's materialisation carries the same keys, whether Python (Polars) or dbt wrote it:

- ``dagster/row_count``: rows in the table after this run;
- ``rows_new``: rows that were not in the table before this run (new or changed rows; a row is
  compared whole, through an md5 of all its columns);
- ``duration_s``: time the asset took (dbt assets: ``Execution Duration``, from dbt);
- ``preview``: the first rows as a Markdown table, long strings cut to 80 characters.
"""

from __future__ import annotations

import time
from collections.abc import Iterable

import dagster as dg
import duckdb
import polars as pl

from dagster_project.config import RAW_SCHEMA
from dagster_project.load import replace_tables, table_exists

_PREVIEW_ROWS = 10
_PREVIEW_CHARS = 80


def frame_metadata(df: pl.DataFrame, *, total_rows: int | None = None, rows_new: int | None = None,
                   started: float | None = None, drop: Iterable[str] = ()) -> dict[str, dg.MetadataValue]:
    """``dagster/row_count`` (``total_rows`` if given, else ``df.height``), ``rows_this_run``
    (``df.height``), ``rows_new`` and ``duration_s`` (since ``started``, a ``time.perf_counter()``)
    when given, and ``preview`` of ``df`` without the ``drop`` columns (e.g. long texts)."""
    metadata = {
        "dagster/row_count": dg.MetadataValue.int(df.height if total_rows is None else total_rows),
        "rows_this_run": dg.MetadataValue.int(df.height),
    }
    if rows_new is not None:
        metadata["rows_new"] = dg.MetadataValue.int(rows_new)
    if started is not None:
        metadata["duration_s"] = dg.MetadataValue.float(round(time.perf_counter() - started, 3))
    metadata["preview"] = dg.MetadataValue.md(markdown_table(df.drop([c for c in drop if c in df.columns])))
    return metadata


def markdown_table(df: pl.DataFrame, *, rows: int = _PREVIEW_ROWS) -> str:
    """The first ``rows`` rows of ``df`` as a Markdown table (lists joined, strings cut, pipes escaped)."""
    if not df.width:
        return "(no columns)"
    preview = df.head(rows).with_columns(
        (pl.col(c).cast(pl.List(pl.String)).list.join(", ") if isinstance(dtype, pl.List) else pl.col(c).cast(pl.String))
        .str.slice(0, _PREVIEW_CHARS)
        for c, dtype in df.schema.items()
    )
    header = "| " + " | ".join(df.columns) + " |\n|" + "---|" * len(df.columns) + "\n"
    body = "".join(
        "| " + " | ".join("" if v is None else str(v).replace("|", "\\|").replace("\n", " ") for v in row) + " |\n"
        for row in preview.iter_rows()
    )
    more = f"\n{df.height - rows} more rows" if df.height > rows else ""
    return header + body + more


def row_hashes(con: duckdb.DuckDBPyConnection, table: str, *, schema: str = RAW_SCHEMA) -> set[str]:
    """md5 of every row of ``schema.table`` (all columns); empty when the table does not exist."""
    if not table_exists(con, table, schema=schema):
        return set()
    return {h for (h,) in con.execute(f'select md5(cast(t as varchar)) from "{schema}"."{table}" t').fetchall()}


def replace_with_metadata(con: duckdb.DuckDBPyConnection, table: str, df: pl.DataFrame, *, started: float,
                          schema: str = RAW_SCHEMA, drop: Iterable[str] = ()) -> dict[str, dg.MetadataValue]:
    """``replace_table`` and the materialisation metadata of the write (new rows counted against the old table)."""
    return replace_tables_with_metadata(con, {table: df}, started=started, schema=schema, drop={table: drop})[table]


def replace_tables_with_metadata(con: duckdb.DuckDBPyConnection, frames: dict[str, pl.DataFrame], *, started: float,
                                 schema: str = RAW_SCHEMA, drop: dict[str, Iterable[str]] | None = None,
                                 ) -> dict[str, dict[str, dg.MetadataValue]]:
    """``load.replace_tables`` (all tables in one transaction) and, per table, the materialisation
    metadata of its write (new rows counted against the old table; ``drop`` columns left out of the preview)."""
    drop = drop or {}
    before = {table: row_hashes(con, table, schema=schema) for table in frames}
    replace_tables(con, frames, schema=schema)
    return {table: frame_metadata(df, rows_new=len(row_hashes(con, table, schema=schema) - before[table]),
                                  started=started, drop=drop.get(table, ()))
            for table, df in frames.items()}


def table_metadata(con: duckdb.DuckDBPyConnection, schema: str, table: str,
                   before: set[str] | None = None, *, load_id: str | None = None) -> dict[str, dg.MetadataValue]:
    """Row count, ``rows_new`` and preview of a warehouse table (for the dbt assets, read after dbt
    wrote them). ``rows_new`` counts the rows whose md5 is not in ``before`` (row hashes from
    :func:`row_hashes`, if given), or, for an incremental mart, the rows whose ``load_id`` column is
    ``load_id`` (no hashing). A view gets no counts (counting would compute it whole): only
    ``relation: view``."""
    is_view = con.execute(
        "select count(*) from duckdb_views() where database_name = current_database() "
        "and schema_name = ? and view_name = ?", [schema, table]).fetchone()[0] > 0
    if is_view:
        return {"relation": dg.MetadataValue.text("view")}
    rows = con.execute(f'select count(*) from "{schema}"."{table}"').fetchone()[0]
    head = con.execute(f'select * from "{schema}"."{table}" limit {_PREVIEW_ROWS}').pl()
    metadata = {"dagster/row_count": dg.MetadataValue.int(rows)}
    if load_id is not None:
        new = con.execute(f'select count(*) from "{schema}"."{table}" where load_id = ?', [load_id]).fetchone()[0]
        metadata["rows_new"] = dg.MetadataValue.int(new)
    elif before is not None:
        metadata["rows_new"] = dg.MetadataValue.int(len(row_hashes(con, table, schema=schema) - before))
    head = head.drop([c for c, t in head.schema.items()
                      if (c in ("article_text", "text") and t == pl.String) or c in ("source_fingerprint", "load_id")])
    metadata["preview"] = dg.MetadataValue.md(markdown_table(head, rows=_PREVIEW_ROWS)
                                              + (f"\n{rows - _PREVIEW_ROWS} more rows" if rows > _PREVIEW_ROWS else ""))
    return metadata
