"""Print the warehouse's tables and row counts: ``python -m dagster_project.report``.

Opens the warehouse read-only (``$NEWS_WAREHOUSE``), so it never takes the writer's lock.
"""

from __future__ import annotations

import sys

import duckdb

from dagster_project.config import warehouse_path


def table_counts(database: str) -> list[tuple[str, str, int]]:
    """(schema, table, rows) of every table and view in the ``raw`` and ``marts`` schemas (the raw
    relations are views over the lake).

    Raises:
        duckdb.IOException: the file does not exist or is locked by a writer.
    """
    with duckdb.connect(database, read_only=True) as con:
        tables = con.execute(
            "select table_schema, table_name from information_schema.tables "
            "where table_schema in ('raw', 'marts') order by table_schema desc, table_name"
        ).fetchall()
        return [(s, t, con.execute(f'select count(*) from "{s}"."{t}"').fetchone()[0]) for s, t in tables]


def main() -> int:
    path = warehouse_path()
    if not path.exists():
        print(f"no warehouse at {path}: run the main job first", file=sys.stderr)
        return 1
    print(f"warehouse: {path}")
    for schema, table, rows in table_counts(str(path)):
        print(f"  {schema}.{table:<28} {rows:>8} rows")
    return 0


if __name__ == "__main__":
    sys.exit(main())
