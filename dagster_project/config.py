"""One place for the project's settings: paths, environment variables, names.

Environment variables (all optional):

- ``NEWS_INPUT_DIR``: folder scanned for articles (default ``<repo>/seeds``).
- ``NEWS_WAREHOUSE``: DuckDB database written by the pipeline: a file (default
  ``<repo>/warehouse/news.duckdb``) or a MotherDuck database ``md:<name>`` (token from
  ``$MOTHERDUCK_TOKEN``), for the Python assets (dagster-duckdb) and dbt (``dbt/profiles.yml``) alike.
- ``NEWS_DBT_THREADS``: dbt threads (default 4; DuckDB runs the models' and tests' queries in parallel).
- ``NEWS_VALIDATION_DIR``: where Great Expectations results and Data Docs go
  (default ``<repo>/warehouse/validation``).
- ``NEWS_MAX_FILE_MB``: input files larger than this are quarantined unread (default 50).
- ``NEWS_BATCH_FILES`` / ``NEWS_BATCH_MB``: bounds of one input batch (a Dagster partition):
  at most this many files (default 500) and this many megabytes (default 16); a larger file is a
  batch of its own.
- ``NEWS_WORKERS``: processes that extract input batches at once in a run (default: the CPUs).
"""

from __future__ import annotations

import os
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
DBT_PROJECT_DIR = REPO_ROOT / "dbt"
DBT_SEEDS_DIR = DBT_PROJECT_DIR / "seeds"
EXPECTATIONS_DIR = REPO_ROOT / "expectations"

#: DuckDB schema that the Python stages write and dbt reads as the ``raw`` source.
RAW_SCHEMA = "raw"
#: Dagster concurrency pool shared by every step that opens the warehouse (DuckDB has one writer).
WAREHOUSE_POOL = "duckdb_warehouse"
#: File suffixes of each input format (``dagster_project.readers``); files are also recognised by
#: their content (Parquet magic bytes, ``<REUTERS>`` elements, an ``<rss>``/``<feed>`` root, an HTML root).
TEXT_SUFFIXES = (".txt", ".md", ".markdown")
JSONL_SUFFIXES = (".jsonl", ".ndjson")
JSON_SUFFIXES = (".json",)
HTML_SUFFIXES = (".html", ".htm", ".xhtml")
FEED_SUFFIXES = (".xml", ".rss", ".atom")
CSV_SUFFIXES = (".csv", ".tsv")
PARQUET_SUFFIXES = (".parquet", ".pq")
SGML_SUFFIXES = (".sgm", ".sgml")

#: Default size limit of one input file; larger files are quarantined without being read.
DEFAULT_MAX_FILE_MB = 50
#: Articles with more characters than this are quarantined (a whole book or a dump in one field).
MAX_ARTICLE_CHARS = 1_000_000
#: An HTML page whose main text (after boilerplate removal) is shorter than this has no article body.
HTML_MIN_BODY_CHARS = 150
#: Query parameters dropped from URLs before comparing them (tracking, not content). Names ending
#: in ``*`` are prefixes.
TRACKING_PARAMS = ("utm_*", "fbclid", "gclid", "dclid", "gbraid", "wbraid", "msclkid", "yclid", "mc_cid", "mc_eid",
                   "igshid", "_ga", "_gl", "ocid", "cmpid", "feedtype", "feedname", "smid")


def _path_from_env(var: str, default: Path) -> Path:
    value = os.environ.get(var)
    return Path(value).expanduser().resolve() if value else default


def input_dir() -> Path:
    """Folder of input articles: ``$NEWS_INPUT_DIR`` or ``<repo>/seeds``."""
    return _path_from_env("NEWS_INPUT_DIR", REPO_ROOT / "seeds")


#: Prefixes of a MotherDuck database in ``$NEWS_WAREHOUSE`` (DuckDB's own spelling: ``md:news``).
MOTHERDUCK_PREFIXES = ("md:", "motherduck:")


def is_motherduck(target: str) -> bool:
    """True when ``target`` (a ``$NEWS_WAREHOUSE`` value) names a MotherDuck database, not a file."""
    return str(target).lower().startswith(MOTHERDUCK_PREFIXES)


def warehouse_target() -> str:
    """The warehouse as DuckDB's ``connect()`` and dbt-duckdb's ``path`` take it.

    ``$NEWS_WAREHOUSE`` verbatim when it is a MotherDuck database (``md:news``; the token comes from
    ``$MOTHERDUCK_TOKEN``, read by DuckDB's motherduck extension), else the absolute path of the file
    (:func:`warehouse_path`). Every connection to the warehouse is built from this one string.
    """
    value = os.environ.get("NEWS_WAREHOUSE")
    if value and is_motherduck(value):
        return value
    return str(warehouse_path())


def warehouse_path() -> Path:
    """DuckDB warehouse file: ``$NEWS_WAREHOUSE`` or ``<repo>/warehouse/news.duckdb``.

    Raises:
        ValueError: ``$NEWS_WAREHOUSE`` is a MotherDuck database (``md:...``), which has no local path
            (use :func:`warehouse_target`).
    """
    value = os.environ.get("NEWS_WAREHOUSE")
    if value and is_motherduck(value):
        raise ValueError(f"NEWS_WAREHOUSE={value} is a MotherDuck database, not a file: use warehouse_target()")
    return _path_from_env("NEWS_WAREHOUSE", REPO_ROOT / "warehouse" / "news.duckdb")


def make_warehouse_folder(target: str | Path) -> None:
    """Create the folder of the warehouse file ``target`` (and its parents) when missing: DuckDB
    does not, and dagster-duckdb retries a failed connect for about 100 s before failing. Nothing
    for a MotherDuck database (``md:...``)."""
    if not is_motherduck(str(target)):
        Path(target).parent.mkdir(parents=True, exist_ok=True)


def dbt_threads() -> int:
    """dbt's threads: ``$NEWS_DBT_THREADS`` (default 4)."""
    return max(1, int(os.environ.get("NEWS_DBT_THREADS") or 4))


def analytics_path_for(warehouse: Path | str) -> Path | None:
    """The analysts' read-only copy of ``warehouse``: ``<stem>_analytics.duckdb`` beside it; None for a
    MotherDuck database (MotherDuck serves readers beside the writer: no copy is needed)."""
    if is_motherduck(str(warehouse)):
        return None
    warehouse = Path(warehouse)
    return warehouse.with_name(f"{warehouse.stem}_analytics{warehouse.suffix}")


def lake_path_for(warehouse: Path) -> Path:
    """Folder of the per-batch Parquet output of the raw stages: ``<stem>_lake/`` beside ``warehouse``
    (``warehouse/news_lake/`` by default); see ``dagster_project.lake``."""
    return warehouse.with_name(f"{warehouse.stem}_lake")


#: Default bounds of one input batch (see ``batch_limits``).
DEFAULT_BATCH_FILES = 500
DEFAULT_BATCH_MB = 16


def batch_limits() -> tuple[int, int]:
    """(files, bytes) bounds of one input batch: ``$NEWS_BATCH_FILES`` (default 500) and
    ``$NEWS_BATCH_MB`` (default 16) megabytes. A file larger than the byte bound is a batch alone."""
    files = int(os.environ.get("NEWS_BATCH_FILES") or DEFAULT_BATCH_FILES)
    mb = float(os.environ.get("NEWS_BATCH_MB") or DEFAULT_BATCH_MB)
    return max(files, 1), max(int(mb * 1024 * 1024), 1)


def extract_workers() -> int:
    """Processes that extract input batches at once in a run: ``$NEWS_WORKERS`` (default: the CPUs)."""
    return max(int(os.environ.get("NEWS_WORKERS") or os.cpu_count() or 1), 1)


def max_file_bytes() -> int:
    """Size limit of one input file in bytes: ``$NEWS_MAX_FILE_MB`` (default 50) megabytes."""
    return int(float(os.environ.get("NEWS_MAX_FILE_MB") or DEFAULT_MAX_FILE_MB) * 1024 * 1024)


def validation_dir() -> Path:
    """Folder for GX validation results and Data Docs: ``$NEWS_VALIDATION_DIR`` or ``<repo>/warehouse/validation``."""
    return _path_from_env("NEWS_VALIDATION_DIR", REPO_ROOT / "warehouse" / "validation")
