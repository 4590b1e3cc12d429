"""Ingestion group: input files -> ``raw.articles`` and ``raw.quarantined_files``."""

import time
from pathlib import Path

import dagster as dg
import polars as pl
from dagster_duckdb import DuckDBResource

from dagster_project.config import WAREHOUSE_POOL
from dagster_project.defs.assets.metadata import replace_with_metadata
from dagster_project.defs.resources import NewsInputResource
from dagster_project.extract.ingest import discover_files, keep_first_seen, read_articles
from dagster_project.load import read_table, table_exists

ARTICLES_KEY = dg.AssetKey(["raw", "articles"])
QUARANTINE_KEY = dg.AssetKey(["raw", "quarantined_files"])


@dg.multi_asset(
    specs=[
        dg.AssetSpec(ARTICLES_KEY, description="One row per distinct article text (sha256 of the "
                     "whitespace-normalised text) in the .txt/.md/.jsonl files now under the input folder.",
                     kinds={"python", "duckdb"}, group_name="ingestion"),
        dg.AssetSpec(QUARANTINE_KEY, description="Files or JSONL lines that could not be read, with the reason. "
                     "Nothing is dropped silently.", kinds={"python", "duckdb"}, group_name="ingestion"),
    ],
    pool=WAREHOUSE_POOL,
)
def raw_articles(context: dg.AssetExecutionContext, news_input: NewsInputResource, duckdb: DuckDBResource):
    """Read the input folder into ``raw.articles`` and ``raw.quarantined_files``.

    Both tables mirror the input folder as it is now: an edited file replaces its old article,
    a deleted file's article goes (and the dbt marts follow on the same run), a fixed file leaves
    the quarantine. Timestamps of rows seen before are kept, so a re-run changes nothing.
    """
    started = time.perf_counter()
    files = discover_files(news_input.path)
    result = read_articles(files)
    Path(duckdb.database).parent.mkdir(parents=True, exist_ok=True)
    with duckdb.get_connection() as con:
        articles = keep_first_seen(result.articles, _previous(con, "articles", "article_id", "ingested_at"),
                                   key="article_id", column="ingested_at")
        quarantine = keep_first_seen(result.quarantine,
                                     _previous(con, "quarantined_files", "quarantine_id", "quarantined_at"),
                                     key="quarantine_id", column="quarantined_at")
        articles_metadata = replace_with_metadata(con, "articles", articles, started=started, drop=["text"])
        quarantine_metadata = replace_with_metadata(con, "quarantined_files", quarantine, started=started)
    if result.quarantine.height:
        context.log.warning(f"{result.quarantine.height} record(s) quarantined: "
                            + "; ".join(result.quarantine["reason"].head(5).to_list()))
    yield dg.MaterializeResult(
        asset_key=ARTICLES_KEY,
        metadata={
            **articles_metadata,
            "input_dir": str(news_input.path),
            "files_read": len(files),
            "duplicates_skipped": result.duplicates,
        },
    )
    yield dg.MaterializeResult(asset_key=QUARANTINE_KEY, metadata=quarantine_metadata)


def _previous(con, table: str, key: str, column: str) -> pl.DataFrame | None:
    """``key`` and ``column`` of the existing ``raw.<table>``, or None on a first run."""
    return read_table(con, table, columns=[key, column]) if table_exists(con, table) else None
