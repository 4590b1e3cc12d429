"""Extraction group: ``raw.articles`` -> ``raw.sentences`` -> one mention table per fact family.

Each asset reads its inputs from the warehouse, runs a pure Polars stage from
``dagster_project.extract`` and replaces its ``raw`` table (idempotent: a re-run over the same
articles writes the same rows).
"""


from collections.abc import Callable

import dagster as dg
import polars as pl
from dagster_duckdb import DuckDBResource

from dagster_project import schemas
from dagster_project.config import WAREHOUSE_POOL
from dagster_project.defs.assets.ingestion import ARTICLES_KEY
from dagster_project.defs.assets.metadata import frame_metadata
from dagster_project.extract.amounts import extract_amounts
from dagster_project.extract.segment import segment_sentences
from dagster_project.extract.sources import extract_sources
from dagster_project.extract.talks import extract_talks
from dagster_project.extract.tariffs import extract_tariffs
from dagster_project.load import read_table, replace_table

SENTENCES_KEY = dg.AssetKey(["raw", "sentences"])
_GROUP = "extraction"


@dg.asset(key=SENTENCES_KEY, deps=[ARTICLES_KEY], group_name=_GROUP, kinds={"polars", "duckdb"}, pool=WAREHOUSE_POOL,
          description="Paragraphs and sentences of every article, with character offsets into its text.")
def raw_sentences(duckdb: DuckDBResource) -> dg.MaterializeResult:
    """Segment every article of ``raw.articles`` into ``raw.sentences``."""
    # Connections stay short (read, close, compute, write): DuckDB has one writer.
    with duckdb.get_connection() as con:
        articles = read_table(con, "articles", columns=["article_id", "text"])
    sentences = schemas.conform(segment_sentences(articles), schemas.SENTENCES)
    with duckdb.get_connection() as con:
        replace_table(con, "sentences", sentences)
    return dg.MaterializeResult(metadata={**frame_metadata(sentences), "articles": articles.height})


def mention_asset(
    table: str,
    extractor: Callable[..., pl.DataFrame],
    schema: dict[str, pl.DataType],
    description: str,
    *,
    needs_articles: bool = False,
    needs: tuple[str, ...] = (),
) -> dg.AssetsDefinition:
    """Build the asset that runs ``extractor`` over ``raw.sentences`` into ``raw.<table>``.

    ``needs_articles`` passes ``raw.articles`` (``article_id``, ``published_date``) as the second
    argument; ``needs`` names further ``raw`` tables (outputs of other stages) passed after it, in
    order, which the asset then depends on."""

    deps = [SENTENCES_KEY, ARTICLES_KEY, *(dg.AssetKey(["raw", name]) for name in needs)]

    @dg.asset(key=["raw", table], deps=deps, group_name=_GROUP, kinds={"polars", "duckdb"},
              pool=WAREHOUSE_POOL, description=description)
    def _asset(duckdb: DuckDBResource) -> dg.MaterializeResult:
        with duckdb.get_connection() as con:
            args = [read_table(con, "sentences")]
            if needs_articles:
                args.append(read_table(con, "articles", columns=["article_id", "published_date"]))
            args += [read_table(con, name) for name in needs]
        mentions = schemas.conform(extractor(*args), schema)
        with duckdb.get_connection() as con:
            replace_table(con, table, mentions)
        return dg.MaterializeResult(metadata=frame_metadata(mentions.drop("evidence")))

    return _asset


raw_tariff_mentions = mention_asset(
    "tariff_mentions", extract_tariffs, schemas.TARIFF_MENTIONS,
    "Tariff measure statements: imposer/target (ISO alpha-3), rate in percent, goods, action, trade value in USD "
    "(from raw.amount_mentions).", needs=("amount_mentions",))
raw_talks_mentions = mention_asset(
    "talks_mentions", extract_talks, schemas.TALKS_MENTIONS,
    "Mentions of trade talks/meetings/summits/calls: place, parties, participants, date.", needs_articles=True)
raw_source_mentions = mention_asset(
    "source_mentions", extract_sources, schemas.SOURCE_MENTIONS,
    "Attributions: named people and organisations, anonymous sources (count, descriptor), documents.")
raw_amount_mentions = mention_asset(
    "amount_mentions", extract_amounts, schemas.AMOUNT_MENTIONS,
    "Money amounts with ISO 4217 currency; value_usd where the currency is USD.")

MENTION_ASSETS = [raw_tariff_mentions, raw_talks_mentions, raw_source_mentions, raw_amount_mentions]
