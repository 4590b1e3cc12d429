"""Extraction group: ``raw.articles`` -> ``raw.sentences`` -> one mention table per fact family.

Each asset reads its inputs from the warehouse, runs a pure Polars stage from
``dagster_project.extract`` and replaces its ``raw`` table (idempotent: a re-run over the same
articles writes the same rows).

Extraction stages also read gazetteers from ``dbt/seeds/`` (country and place names, person
titles, currency words): each asset depends on the dbt seed assets (``reference/<seed>``) it reads,
so a change to a reference table shows up in the lineage of every fact it affects.
"""


import time
from collections.abc import Callable

import dagster as dg
import polars as pl
from dagster_duckdb import DuckDBResource

from dagster_project import schemas
from dagster_project.config import WAREHOUSE_POOL
from dagster_project.defs.assets.dbt import seed_key
from dagster_project.defs.assets.ingestion import ARTICLES_KEY
from dagster_project.defs.assets.metadata import replace_with_metadata
from dagster_project.extract.amounts import extract_amounts
from dagster_project.extract.segment import segment_sentences
from dagster_project.extract.sources import extract_sources
from dagster_project.extract.talks import extract_talks
from dagster_project.extract.tariffs import extract_tariffs
from dagster_project.load import read_table

SENTENCES_KEY = dg.AssetKey(["raw", "sentences"])
_GROUP = "extraction"


@dg.asset(key=SENTENCES_KEY, deps=[ARTICLES_KEY], group_name=_GROUP, kinds={"polars", "duckdb"}, pool=WAREHOUSE_POOL,
          description="Paragraphs and sentences of every article, with character offsets into its text.")
def raw_sentences(duckdb: DuckDBResource) -> dg.MaterializeResult:
    """Segment every article of ``raw.articles`` into ``raw.sentences``."""
    started = time.perf_counter()
    # Connections stay short (read, close, compute, write): DuckDB has one writer.
    with duckdb.get_connection() as con:
        articles = read_table(con, "articles", columns=["article_id", "text"])
    sentences = schemas.conform(segment_sentences(articles), schemas.SENTENCES)
    with duckdb.get_connection() as con:
        metadata = replace_with_metadata(con, "sentences", sentences, started=started)
    return dg.MaterializeResult(metadata={**metadata, "articles": articles.height})


def mention_asset(
    table: str,
    extractor: Callable[..., pl.DataFrame],
    schema: dict[str, pl.DataType],
    description: str,
    *,
    needs_articles: bool = False,
    seeds: tuple[str, ...] = (),
    needs: tuple[str, ...] = (),
) -> dg.AssetsDefinition:
    """Build the asset that runs ``extractor`` over ``raw.sentences`` into ``raw.<table>``.

    ``needs_articles`` passes ``raw.articles`` (``article_id``, ``published_date``) as the second
    argument; ``needs`` names further ``raw`` tables (outputs of other stages) passed after it, in
    order, which the asset then depends on. ``seeds``: the ``dbt/seeds/<name>.csv`` files the
    extractor reads (they become deps too).
    """

    deps = [SENTENCES_KEY, ARTICLES_KEY, *(dg.AssetKey(["raw", name]) for name in needs), *map(seed_key, seeds)]

    @dg.asset(key=["raw", table], deps=deps, group_name=_GROUP, kinds={"polars", "duckdb"},
              pool=WAREHOUSE_POOL, description=description)
    def _asset(duckdb: DuckDBResource) -> dg.MaterializeResult:
        started = time.perf_counter()
        with duckdb.get_connection() as con:
            args = [read_table(con, "sentences")]
            if needs_articles:
                args.append(read_table(con, "articles", columns=["article_id", "published_date"]))
            args += [read_table(con, name) for name in needs]
        mentions = schemas.conform(extractor(*args), schema)
        with duckdb.get_connection() as con:
            metadata = replace_with_metadata(con, table, mentions, started=started, drop=["evidence"])
        return dg.MaterializeResult(metadata=metadata)

    return _asset


raw_tariff_mentions = mention_asset(
    "tariff_mentions", extract_tariffs, schemas.TARIFF_MENTIONS,
    "Tariff measure statements: imposer/target (ISO alpha-3), rate in percent, goods, action, trade value in USD "
    "(from raw.amount_mentions).", needs=("amount_mentions",), seeds=("country_aliases",))
raw_talks_mentions = mention_asset(
    "talks_mentions", extract_talks, schemas.TALKS_MENTIONS,
    "Mentions of trade talks/meetings/summits/calls: place, parties, participants, date.", needs_articles=True,
    seeds=("country_aliases", "places", "person_titles"))  # titles: stripped from participants' names
raw_source_mentions = mention_asset(
    "source_mentions", extract_sources, schemas.SOURCE_MENTIONS,
    "Attributions: named people and organisations, anonymous sources (count, descriptor), documents.",
    seeds=("person_titles", "country_aliases", "places"))
raw_amount_mentions = mention_asset(
    "amount_mentions", extract_amounts, schemas.AMOUNT_MENTIONS,
    "Money amounts with ISO 4217 currency; value_usd where the currency is USD.",
    seeds=("currency_aliases",))

MENTION_ASSETS = [raw_tariff_mentions, raw_talks_mentions, raw_source_mentions, raw_amount_mentions]
