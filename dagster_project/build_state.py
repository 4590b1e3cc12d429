"""What the warehouse was last built from, so that a run rebuilds only what changed.

The table :data:`STATE_TABLE` (``main.build_state``) in the warehouse itself (a file or a
MotherDuck database alike) holds one row per build step (``dbt_seeds``, ``dbt_models``): the
fingerprint of the dbt code of its last successful build and when that was. Columns:
``step`` VARCHAR (primary key), ``fingerprint`` VARCHAR (SHA-256 hex), ``built_at`` TIMESTAMPTZ.

The fingerprint is computed from dbt's manifest (``dbt/target/manifest.json``, built by the
set-up's ``dbt parse``), whose nodes carry dbt's own checksums of their files (seeds: of the CSV
contents), so an edit to a seed CSV, a model, a test or a macro changes it, and nothing else does.
"""

from __future__ import annotations

import hashlib
import json
from functools import lru_cache
from pathlib import Path

import duckdb

#: The build state table (schema ``main``: not published to the analytics copy).
STATE_TABLE = "main.build_state"

#: Step of :data:`STATE_TABLE` whose "fingerprint" is the JSON the lake's ``_published.json`` holds
#: (``lake.mark_published``) as of the last publication from this warehouse (``analytics_warehouse``).
PUBLISHED_STEP = "published"


@lru_cache(maxsize=8)
def _manifest(path: str, mtime_ns: int) -> dict:
    return json.loads(Path(path).read_text(encoding="utf-8"))


#: Folders and files of a dbt project that decide what it builds (``dbt_fingerprint``'s file part).
_DBT_SOURCES = ("models", "macros", "seeds", "tests", "snapshots", "analyses", "dbt_project.yml")


def _files_digest(project_dir: Path, names: tuple[str, ...]) -> str:
    """SHA-256 hex over the paths and contents of the files under ``project_dir/<name>``."""
    digest = hashlib.sha256()
    for name in names:
        base = Path(project_dir) / name
        for p in (sorted(q for q in base.rglob("*") if q.is_file()) if base.is_dir() else [base] if base.is_file() else []):
            digest.update(str(p.relative_to(project_dir)).encode() + b"\0" + p.read_bytes() + b"\0")
    return digest.hexdigest()


def dbt_fingerprint(manifest_path: Path, *, seeds: bool, project_dir: Path | None = None) -> str:
    """SHA-256 hex of the dbt code a build step depends on.

    ``seeds=True``: the seeds (file checksum and config, e.g. ``column_types``) and the tests on
    them. ``seeds=False``: every model, test, unit test and seed (checksums and configs) and every
    macro of the project (its SQL), i.e. everything that can change what the models build.
    With ``project_dir`` the files themselves are hashed too (``seeds/`` for the seeds; models,
    macros, seeds, tests and ``dbt_project.yml`` for the models): the manifest is only as fresh as
    the last ``dbt parse`` (``scripts/setup.sh``), so after an edit without a parse (running
    ``python -m dagster_project.run`` directly) it alone would not change, and the models would
    not be fully rebuilt (the seeds not at all).

    Raises:
        FileNotFoundError: the manifest does not exist (run ``scripts/setup.sh``: ``dbt parse``).
    """
    manifest = _manifest(str(manifest_path), Path(manifest_path).stat().st_mtime_ns)
    seed_ids = {uid for uid, node in manifest["nodes"].items() if node["resource_type"] == "seed"}
    parts = []
    for uid, node in sorted({**manifest["nodes"], **manifest.get("unit_tests", {})}.items()):
        depends = set((node.get("depends_on") or {}).get("nodes") or [])
        on_seeds = uid in seed_ids or (node["resource_type"] == "test" and depends and depends <= seed_ids)
        if seeds and not on_seeds:
            continue
        checksum = node.get("checksum")  # {"name": "sha256", "checksum": ...}; a unit test's is the hex itself
        parts.append([uid, checksum.get("checksum") if isinstance(checksum, dict) else checksum, node.get("raw_code"),
                      node.get("config"), node.get("columns") and sorted(node["columns"])])
    if not seeds:
        project = manifest["metadata"].get("project_name")
        parts += [[uid, macro.get("macro_sql")] for uid, macro in sorted(manifest.get("macros", {}).items())
                  if macro.get("package_name") == project]
    if project_dir is not None:
        parts.append(["files", _files_digest(Path(project_dir), ("seeds",) if seeds else _DBT_SOURCES)])
    return hashlib.sha256(json.dumps(parts, sort_keys=True, default=str).encode()).hexdigest()


def stored_fingerprint(con: duckdb.DuckDBPyConnection, step: str) -> str | None:
    """The fingerprint of ``step``'s last successful build in this warehouse, or None."""
    if not has_column(con, "main", "build_state", "fingerprint"):
        return None
    row = con.execute(f"select fingerprint from {STATE_TABLE} where step = ?", [step]).fetchone()
    return row[0] if row else None


def store_fingerprint(con: duckdb.DuckDBPyConnection, step: str, fingerprint: str) -> None:
    """Record a successful build of ``step`` from the dbt code of ``fingerprint`` (replaces the old row)."""
    con.execute(f"create table if not exists {STATE_TABLE} "
                "(step varchar primary key, fingerprint varchar not null, built_at timestamptz not null)")
    con.execute(f"insert or replace into {STATE_TABLE} values (?, ?, now())", [step, fingerprint])


def forget_fingerprint(con: duckdb.DuckDBPyConnection, step: str) -> None:
    """Drop ``step``'s stored fingerprint (before a build that rewrites what it describes: a failed
    build then leaves no fingerprint, and the next one rebuilds everything)."""
    if has_column(con, "main", "build_state", "fingerprint"):
        con.execute(f"delete from {STATE_TABLE} where step = ?", [step])


def has_column(con: duckdb.DuckDBPyConnection, schema: str, table: str, column: str) -> bool:
    """True when ``schema.table`` exists in the connected database and has ``column``."""
    return con.execute(
        "select count(*) from duckdb_columns() where database_name = current_database() "
        "and schema_name = ? and table_name = ? and column_name = ?", [schema, table, column]
    ).fetchone()[0] > 0


# ----------------------------------------------------------------- data tests on the dbt views

#: Articles whose rows the dbt data tests on the staging and intermediate views check in this
#: build (``article_id`` VARCHAR); absent: every row (``dbt/macros/test_scope.sql``).
TEST_SCOPE = "main.dbt_test_scope"
#: Input batches (``_batch`` of the lake) whose rows passed the dbt data tests (``batch`` VARCHAR).
TESTED_BATCHES = "main.dbt_tested_batches"


def _lake_batches(con: duckdb.DuckDBPyConnection) -> set[str] | None:
    """The batches the ``raw`` views show (``lake.articles._batch``), or None without a lake."""
    if not has_column(con, "lake", "articles", "_batch"):
        return None
    return {b for (b,) in con.execute("select distinct _batch from lake.articles").fetchall()}


def write_test_scope(con: duckdb.DuckDBPyConnection, *, whole: bool) -> int | None:
    """Write :data:`TEST_SCOPE` for the next dbt build: the articles of the batches not yet tested.

    The dbt data tests on the staging and intermediate *views* compute those views, i.e. every
    raw row, on every build; restricted to the articles of the batches that are new since the last
    build whose tests passed (:data:`TESTED_BATCHES`), they cost what is new. Rows of tested batches
    do not change (a batch's output is written once; changed input makes a new batch), so they keep
    their verdict. Every row is tested (no scope table, returns None) on a ``whole`` build (a full
    refresh: new dbt code, new warehouse), when no build has passed yet, without a lake, and when
    a tested batch has left the views (a retired batch can uncover rows of another batch that were
    hidden as its duplicates). Returns the number of articles in scope.
    """
    con.execute(f"drop table if exists {TEST_SCOPE}")
    current = _lake_batches(con)
    if whole or current is None or not has_column(con, "main", "dbt_tested_batches", "batch"):
        return None
    tested = {b for (b,) in con.execute(f"select batch from {TESTED_BATCHES}").fetchall()}
    if tested - current:
        return None
    con.execute(f"create table {TEST_SCOPE} as select distinct article_id from lake.articles "
                f"where _batch not in (select batch from {TESTED_BATCHES})")
    return con.execute(f"select count(*) from {TEST_SCOPE}").fetchone()[0]


def mark_tested(con: duckdb.DuckDBPyConnection) -> None:
    """Record, after a dbt build whose tests passed, that the current batches are tested."""
    current = _lake_batches(con)
    con.execute(f"create or replace table {TESTED_BATCHES} (batch varchar primary key)")
    if current:
        con.executemany(f"insert into {TESTED_BATCHES} values (?)", [[b] for b in sorted(current)])
    drop_test_scope(con)


def drop_test_scope(con: duckdb.DuckDBPyConnection) -> None:
    """Drop :data:`TEST_SCOPE` (after a build: a later ``dbt build`` by hand tests every row)."""
    con.execute(f"drop table if exists {TEST_SCOPE}")


def forget_tested(con: duckdb.DuckDBPyConnection) -> None:
    """Forget which batches were tested (before a full refresh: a failed one must test all again)."""
    con.execute(f"drop table if exists {TESTED_BATCHES}")
