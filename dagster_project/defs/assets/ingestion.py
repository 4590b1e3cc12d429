"""Ingestion group: input files -> ``raw.articles`` and ``raw.quarantined_files``."""


from pathlib import Path

import dagster as dg
from dagster_duckdb import DuckDBResource

from dagster_project.config import WAREHOUSE_POOL
from dagster_project.defs.assets.metadata import frame_metadata
from dagster_project.defs.resources import NewsInputResource
from dagster_project.extract.ingest import discover_files, read_articles
from dagster_project.load import upsert_rows

ARTICLES_KEY = dg.AssetKey(["raw", "articles"])
QUARANTINE_KEY = dg.AssetKey(["raw", "quarantined_files"])


@dg.multi_asset(
    specs=[
        dg.AssetSpec(ARTICLES_KEY, description="One row per distinct article text (sha256 of the "
                     "whitespace-normalised text), from every .txt/.md/.jsonl file under the input folder.",
                     kinds={"python", "duckdb"}, group_name="ingestion"),
        dg.AssetSpec(QUARANTINE_KEY, description="Files or JSONL lines that could not be read, with the reason. "
                     "Nothing is dropped silently.", kinds={"python", "duckdb"}, group_name="ingestion"),
    ],
    pool=WAREHOUSE_POOL,
)
def raw_articles(context: dg.AssetExecutionContext, news_input: NewsInputResource, duckdb: DuckDBResource):
    """Read the input folder and upsert articles (by ``article_id``) and quarantine rows."""
    files = discover_files(news_input.path)
    result = read_articles(files)
    Path(duckdb.database).parent.mkdir(parents=True, exist_ok=True)
    with duckdb.get_connection() as con:
        upsert_rows(con, "articles", result.articles, key="article_id")
        upsert_rows(con, "quarantined_files", result.quarantine, key="quarantine_id")
        total = con.execute("select count(*) from raw.articles").fetchone()[0]
    if result.quarantine.height:
        context.log.warning(f"{result.quarantine.height} record(s) quarantined: "
                            + "; ".join(result.quarantine["reason"].head(5).to_list()))
    yield dg.MaterializeResult(
        asset_key=ARTICLES_KEY,
        metadata={
            **frame_metadata(result.articles.drop("text"), total_rows=total),
            "input_dir": str(news_input.path),
            "files_read": len(files),
            "duplicates_skipped": result.duplicates,
        },
    )
    yield dg.MaterializeResult(asset_key=QUARANTINE_KEY, metadata=frame_metadata(result.quarantine))
