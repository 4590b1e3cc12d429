"""Ingestion group: input files -> ``raw.articles`` and ``raw.quarantined_files``."""

import time
from pathlib import Path

import dagster as dg
import polars as pl
from dagster_duckdb import DuckDBResource

from dagster_project.config import WAREHOUSE_POOL
from dagster_project.defs.assets.metadata import replace_tables_with_metadata
from dagster_project.defs.resources import NewsInputResource
from dagster_project.load import read_table, table_exists
from dagster_project.readers import discover_files, keep_first_seen, read_articles

ARTICLES_KEY = dg.AssetKey(["raw", "articles"])
QUARANTINE_KEY = dg.AssetKey(["raw", "quarantined_files"])

#: Metadata keys of the record counts (read back by the ``records_accounted`` check).
COUNT_KEYS = ("records_seen", "articles_loaded", "duplicates", "quarantined")


@dg.multi_asset(
    specs=[
        dg.AssetSpec(ARTICLES_KEY, description="One row per distinct article (sha256 of the whitespace-normalised "
                     "text; the same canonical URL is the same article) in the files now under the input folder: "
                     "text, markdown, JSON(L), HTML, RSS/Atom, CSV, Parquet, Reuters-21578 SGML.",
                     kinds={"python", "duckdb"}, group_name="ingestion"),
        dg.AssetSpec(QUARANTINE_KEY, description="Every record not loaded, with the reason: rejected (unreadable, "
                     "unsupported, empty, ...), duplicate (of a loaded article), and notices about loaded records. "
                     "Nothing is dropped silently.", kinds={"python", "duckdb"}, group_name="ingestion"),
    ],
    pool=WAREHOUSE_POOL,
)
def raw_articles(context: dg.AssetExecutionContext, news_input: NewsInputResource, duckdb: DuckDBResource):
    """Read the input folder into ``raw.articles`` and ``raw.quarantined_files``.

    Both tables mirror the input folder as it is now: an edited file replaces its old article,
    a deleted file's article goes (and the dbt marts follow on the same run), a fixed file leaves
    the quarantine. Timestamps of rows seen before are kept, so a re-run changes nothing. The two
    tables are written in one transaction. The materialisation shows the record counts:
    ``records_seen = articles_loaded + duplicates + quarantined``.
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
        written = replace_tables_with_metadata(con, {"articles": articles, "quarantined_files": quarantine},
                                               started=started, drop={"articles": ["text"]})
    if result.rejected:
        rejected = result.quarantine.filter(pl.col("kind") == "rejected")
        context.log.warning(f"{result.rejected} record(s) quarantined: " + "; ".join(rejected["reason"].head(5).to_list()))
    counts = {
        "records_seen": result.records_seen,
        "articles_loaded": articles.height,
        "duplicates": result.duplicates,
        "quarantined": result.rejected,
    }
    accounted = (f"{counts['records_seen']} records seen = {counts['articles_loaded']} articles loaded + "
                 f"{counts['duplicates']} duplicates + {counts['quarantined']} quarantined"
                 + ("" if result.accounted else "  (DOES NOT ADD UP)"))
    yield dg.MaterializeResult(
        asset_key=ARTICLES_KEY,
        metadata={
            **written["articles"],
            "input_dir": str(news_input.path),
            "files_read": len(files),
            "files_by_format": dg.MetadataValue.json(result.formats),
            **{k: dg.MetadataValue.int(v) for k, v in counts.items()},
            "accounting": accounted,
        },
    )
    reasons = (quarantine.filter(pl.col("kind") != "notice").group_by("kind", "reason").len()
               .sort("len", descending=True).head(20))
    yield dg.MaterializeResult(asset_key=QUARANTINE_KEY, metadata={
        **written["quarantined_files"],
        **{f"kind_{k}": dg.MetadataValue.int(quarantine.filter(pl.col("kind") == k).height)
           for k in ("rejected", "duplicate", "notice")},
        "top_reasons": dg.MetadataValue.md("\n".join(f"- {n} × {kind}: {reason[:160]}" for kind, reason, n in reasons.iter_rows())),
    })


def _previous(con, table: str, key: str, column: str) -> pl.DataFrame | None:
    """``key`` and ``column`` of the existing ``raw.<table>``, or None on a first run."""
    return read_table(con, table, columns=[key, column]) if table_exists(con, table) else None
