"""Publish group: a read-only copy of the warehouse for analysts, so their queries never hold
the pipeline's DuckDB file.

DuckDB allows one writer process, and any other process holding the file (even read-only)
makes the writer fail. Analysts therefore query ``<warehouse stem>_analytics.duckdb``: after
every validated build, the tables of the ``raw`` (views over the lake's Parquet files, copied as tables), ``reference`` and ``marts``
schemas (the ``staging`` and ``intermediate`` layers are views over them and are not copied) go to a
temporary file that atomically replaces the previous copy. A process that has the old copy
open keeps reading it; processes that open it afterwards see the new one.
"""

import os
from pathlib import Path

import dagster as dg
from dagster_duckdb import DuckDBResource

from dagster_project.config import RAW_SCHEMA, WAREHOUSE_POOL, analytics_path_for, lake_path_for
from dagster_project.defs.assets.dbt import dbt_models
from dagster_project.lake import mark_published

PUBLISHED_SCHEMAS = ("raw", "reference", "marts")
MART_KEYS = [key for key in dbt_models.keys if key.path[0] == "marts"]


@dg.asset(key=["analytics_warehouse"], deps=MART_KEYS, group_name="publish", kinds={"duckdb"}, pool=WAREHOUSE_POOL)
def analytics_warehouse(duckdb: DuckDBResource) -> dg.MaterializeResult:
    """Copy the validated warehouse's tables to ``<warehouse stem>_analytics.duckdb`` (atomic replace)."""
    target = analytics_path_for(Path(duckdb.database))
    tmp = target.with_name(target.name + ".tmp")
    tmp.unlink(missing_ok=True)
    schemas = ", ".join(f"'{s}'" for s in PUBLISHED_SCHEMAS)
    with duckdb.get_connection() as con:
        # the raw relations are views over the lake's Parquet files: the copy holds them as tables
        tables = con.execute(
            f"select schema_name, table_name from duckdb_tables() where database_name = current_database() "
            f"and schema_name in ({schemas}) union all "
            f"select schema_name, view_name from duckdb_views() where database_name = current_database() "
            f"and schema_name = '{RAW_SCHEMA}' and not internal order by all"
        ).fetchall()
        con.execute(f"attach '{_sql_string(tmp)}' as snapshot")
        try:
            for schema in {s for s, _ in tables}:
                con.execute(f'create schema snapshot."{schema}"')
            for schema, table in tables:
                con.execute(f'create table snapshot."{schema}"."{table}" as select * from "{schema}"."{table}"')
        finally:
            con.execute("detach snapshot")
    os.replace(tmp, target)
    lake_dir = lake_path_for(Path(duckdb.database))
    if (lake_dir / "_current.json").exists():
        mark_published(lake_dir)  # the runner's no-op check: these batches are published
    return dg.MaterializeResult(metadata={"path": str(target), "tables": len(tables),
                                          "size_mb": round(target.stat().st_size / 1e6, 2)})


def _sql_string(path: Path) -> str:
    """``path`` as the body of a SQL string literal (quotes doubled)."""
    return str(path).replace("'", "''")
