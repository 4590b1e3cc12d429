"""Publish group: a read-only copy of the warehouse for analysts, so their queries never hold
the pipeline's DuckDB file.

DuckDB allows one writer process, and any other process holding the file (even read-only)
makes the writer fail. Analysts therefore query ``<warehouse stem>_analytics.duckdb``: after
every validated build, the tables of the ``raw`` (views over the lake's Parquet files, copied as tables), ``reference`` and ``marts``
schemas (the ``staging`` and ``intermediate`` layers are views over them and are not copied) go to a
temporary file that atomically replaces the previous copy. A process that has the old copy
open keeps reading it; processes that open it afterwards see the new one.

The copy costs what changed: the temporary file starts as a file copy of the previous one, and
only tables whose fingerprint (row count and ``bit_xor`` of DuckDB's ``hash()`` of every row, one
pass in DuckDB) differs from the one recorded at the last publication (the copy's table
:data:`PUBLISHED_TABLE`) are copied again; tables gone from the warehouse are dropped.

A MotherDuck warehouse (``md:``) has no copy: MotherDuck serves readers beside the writer.
"""

import json
import os
import shutil
from pathlib import Path

import dagster as dg
from dagster_duckdb import DuckDBResource

from dagster_project.build_state import PUBLISHED_STEP, store_fingerprint
from dagster_project.config import RAW_SCHEMA, WAREHOUSE_POOL, analytics_path_for, lake_path_for
from dagster_project.defs.assets.dbt import dbt_models
from dagster_project.lake import mark_published, pipeline_fingerprint

PUBLISHED_SCHEMAS = ("raw", "reference", "marts")
MART_KEYS = [key for key in dbt_models.keys if key.path[0] == "marts"]


#: Table of the analytics copy listing each published table and its fingerprint.
PUBLISHED_TABLE = "main.published_tables"


@dg.asset(key=["analytics_warehouse"], deps=MART_KEYS, group_name="publish", kinds={"duckdb"}, pool=WAREHOUSE_POOL)
def analytics_warehouse(duckdb: DuckDBResource) -> dg.MaterializeResult:
    """Copy the validated warehouse's changed tables to ``<warehouse stem>_analytics.duckdb`` (atomic replace)."""
    target = analytics_path_for(duckdb.database)
    if target is None:
        return dg.MaterializeResult(metadata={"path": duckdb.database, "tables": 0, "tables_copied": 0,
                                              "note": "MotherDuck database: readers query it directly, no copy"})
    tmp = target.with_name(target.name + ".tmp")
    tmp.unlink(missing_ok=True)
    if target.exists():
        shutil.copyfile(target, tmp)
    schemas = ", ".join(f"'{s}'" for s in PUBLISHED_SCHEMAS)
    with duckdb.get_connection() as con:
        # the raw relations are views over the lake's Parquet files: the copy holds them as tables
        tables = con.execute(
            f"select schema_name, table_name from duckdb_tables() where database_name = current_database() "
            f"and schema_name in ({schemas}) union all "
            f"select schema_name, view_name from duckdb_views() where database_name = current_database() "
            f"and schema_name = '{RAW_SCHEMA}' and not internal order by all"
        ).fetchall()
        current = {(s, t): _fingerprint(con, s, t) for s, t in tables}
        con.execute(f"attach '{_sql_string(tmp)}' as snapshot")
        try:
            con.execute(f"create table if not exists snapshot.{PUBLISHED_TABLE} "
                        "(schema_name varchar, table_name varchar, fingerprint varchar, primary key (schema_name, table_name))")
            published = {(s, t): f for s, t, f in con.execute(f"select * from snapshot.{PUBLISHED_TABLE}").fetchall()}
            present = set(con.execute(
                f"select schema_name, table_name from duckdb_tables() where database_name = 'snapshot' "
                f"and schema_name in ({schemas})").fetchall())
            copied = 0
            for schema, table in tables:
                if published.get((schema, table)) == current[(schema, table)] and (schema, table) in present:
                    continue
                con.execute(f'create schema if not exists snapshot."{schema}"')
                con.execute(f'create or replace table snapshot."{schema}"."{table}" as select * from "{schema}"."{table}"')
                copied += 1
            for schema, table in present - set(current):
                con.execute(f'drop table snapshot."{schema}"."{table}"')
            con.execute(f"delete from snapshot.{PUBLISHED_TABLE}")
            con.executemany(f"insert into snapshot.{PUBLISHED_TABLE} values (?, ?, ?)",
                            [[s, t, f] for (s, t), f in current.items()])
        finally:
            con.execute("detach snapshot")
        lake_dir = lake_path_for(Path(duckdb.database))
        published = (lake_dir / "_current.json").exists()
        if published:  # the warehouse's own record of it: a replaced or emptied warehouse is not "published"
            state = json.loads((lake_dir / "_current.json").read_text())["state"]
            store_fingerprint(con, PUBLISHED_STEP, json.dumps({"state": state, "pipeline": pipeline_fingerprint()}))
    os.replace(tmp, target)
    if published:
        mark_published(lake_dir)  # the runner's no-op check: these batches are published
    return dg.MaterializeResult(metadata={"path": str(target), "tables": len(tables), "tables_copied": copied,
                                          "size_mb": round(target.stat().st_size / 1e6, 2)})


def _fingerprint(con, schema: str, table: str) -> str:
    """``<rows>:<bit_xor of hash() of every row>:<columns and types>`` of ``schema.table``: equal for
    equal contents."""
    rows, digest = con.execute(f'select count(*), coalesce(bit_xor(hash(t)), 0) from "{schema}"."{table}" as t').fetchone()
    columns = con.execute("select string_agg(column_name || ' ' || data_type, ', ' order by column_index) "
                          "from duckdb_columns() where database_name = current_database() and schema_name = ? "
                          "and table_name = ?", [schema, table]).fetchone()[0]
    return f"{rows}:{digest}:{columns}"


def _sql_string(path: Path) -> str:
    """``path`` as the body of a SQL string literal (quotes doubled)."""
    return str(path).replace("'", "''")
