"""Load stage: Polars frames -> DuckDB tables in the ``raw`` schema, through Arrow.

Every write is idempotent: ``replace_table`` swaps a whole table in one transaction, so a re-run
with the same input leaves the tables unchanged.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import duckdb
import polars as pl

from dagster_project.config import RAW_SCHEMA


def ensure_schema(con: duckdb.DuckDBPyConnection, schema: str = RAW_SCHEMA) -> None:
    """Create ``schema`` if it does not exist."""
    con.execute(f'create schema if not exists "{schema}"')


@contextmanager
def _frame_in_transaction(con: duckdb.DuckDBPyConnection, df: pl.DataFrame, schema: str) -> Iterator[str]:
    """Register ``df`` (through Arrow) as a view named ``__frame`` inside a transaction that is
    committed when the block succeeds and rolled back when it raises."""
    ensure_schema(con, schema)
    con.begin()
    try:
        con.register("__frame", df.to_arrow())
        yield "__frame"
        con.unregister("__frame")
        con.commit()
    except Exception:
        con.rollback()
        raise


def replace_table(con: duckdb.DuckDBPyConnection, table: str, df: pl.DataFrame, *, schema: str = RAW_SCHEMA) -> int:
    """Replace ``schema.table`` with ``df`` (columns and dtypes as in ``df``) in one transaction.

    Returns:
        Rows written.

    Raises:
        duckdb.Error: the write failed (the previous table is kept: the transaction is rolled back).
    """
    with _frame_in_transaction(con, df, schema) as frame:
        con.execute(f'create or replace table "{schema}"."{table}" as select * from {frame}')
    return df.height


def replace_tables(con: duckdb.DuckDBPyConnection, frames: dict[str, pl.DataFrame], *, schema: str = RAW_SCHEMA) -> int:
    """Replace several ``schema.<table>`` at once, in one transaction: after a crash or a kill
    the tables are all as before or all new, never one of each.

    Returns:
        Rows written.

    Raises:
        duckdb.Error: a write failed (every previous table is kept: the transaction is rolled back).
    """
    ensure_schema(con, schema)
    con.begin()
    try:
        for table, df in frames.items():
            con.register("__frame", df.to_arrow())
            con.execute(f'create or replace table "{schema}"."{table}" as select * from __frame')
            con.unregister("__frame")
        con.commit()
    except Exception:
        con.rollback()
        raise
    return sum(df.height for df in frames.values())


def table_exists(con: duckdb.DuckDBPyConnection, table: str, *, schema: str = RAW_SCHEMA) -> bool:
    """True when ``schema.table`` exists in the connected database."""
    return con.execute(
        "select count(*) from duckdb_tables() where database_name = current_database() "
        "and schema_name = ? and table_name = ?", [schema, table]
    ).fetchone()[0] > 0


def read_table(con: duckdb.DuckDBPyConnection, table: str, *, schema: str = RAW_SCHEMA, columns: list[str] | None = None) -> pl.DataFrame:
    """Read ``schema.table`` (optionally only ``columns``) into Polars through Arrow.

    Raises:
        duckdb.CatalogException: the table does not exist.
    """
    cols = ", ".join(f'"{c}"' for c in columns) if columns else "*"
    return con.execute(f'select {cols} from "{schema}"."{table}"').pl()
