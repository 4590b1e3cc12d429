"""Print the warehouse's tables and row counts: ``python -m dagster_project.report``.

Opens the warehouse read-only (``$NEWS_WAREHOUSE``), so it never takes the writer's lock.
"""

from __future__ import annotations

import sys

import duckdb

from dagster_project.config import warehouse_path


def table_counts(database: str) -> list[tuple[str, str, int]]:
    """(schema, table, rows) of every base table in the ``raw`` and ``marts`` schemas.

    Raises:
        duckdb.IOException: the file does not exist or is locked by a writer.
    """
    with duckdb.connect(database, read_only=True) as con:
        tables = con.execute(
            "select schema_name, table_name from duckdb_tables() "
            "where schema_name in ('raw', 'marts') order by schema_name desc, table_name"
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
