"""Raw stages: input batches -> Parquet in the lake -> the ``raw.<table>`` views dbt reads.

Two assets (see ``dagster_project.lake`` for batches, the ledger and the views):

- ``lake/batches``, partitioned by the dynamic partitions ``input_batches`` (one per batch):
  ingest, segmentation and the four fact families on that batch's files, validated by the GX
  suites ``raw_<table>`` and written as Parquet. It needs no DuckDB lock, so batches run in
  parallel (a backfill, the sensor's runs). The sensor plans the batches and requests one run per
  batch (``defs/jobs.py``).
- ``raw_stages`` (one step, the main job's first after the seeds): plans the batches of the input
  folder (the ledger: nothing is read again when nothing changed), extracts the batches that have
  no output yet (new or changed files, or batches whose runs have not happened), points the
  ``raw.<table>`` views at the current batches, then removes the output of retired batches. Its
  GX checks ``gx_raw_<table>`` (blocking) report the validation of the batches written by this
  run: cost follows the new input; every batch in the lake was validated when it was written.

Extraction reads gazetteers from ``dbt/seeds/``: the raw tables depend on the seed assets
(``reference/<seed>``) they read, so the seeds step runs first and the lineage shows what a
word list touches.
"""


import time
from pathlib import Path

import dagster as dg
from dagster_duckdb import DuckDBResource

from dagster_project import lake
from dagster_project.config import WAREHOUSE_POOL, lake_path_for, make_warehouse_folder
from dagster_project.defs.assets.dbt import seed_key
from dagster_project.defs.assets.metadata import markdown_table
from dagster_project.defs.checks import failures_markdown
from dagster_project.defs.resources import NewsInputResource

#: One partition per input batch (keys ``b<20 hex>``, see ``lake.batch_key``).
input_batches = dg.DynamicPartitionsDefinition(name="input_batches")

LAKE_KEY = dg.AssetKey(["lake", "batches"])

#: raw table -> (group, description, raw tables it is made from, dbt seeds its extractor reads).
RAW_ASSETS: dict[str, tuple[str, str, tuple[str, ...], tuple[str, ...]]] = {
    "articles": ("ingestion", "One row per distinct article (sha256 of the whitespace-normalised text; the same "
                 "canonical URL is the same article) in the files now under the input folder.", (), ()),
    "quarantined_files": ("ingestion", "Every record not loaded, with the reason: rejected, duplicate (of a loaded "
                          "article, also across batches), and notices about loaded records.", (), ()),
    "sentences": ("extraction", "Paragraphs and sentences of every article, with character offsets into its text.",
                  ("articles",), ()),
    "amount_mentions": ("extraction", "Money amounts with ISO 4217 currency; value_usd where the currency is USD.",
                        ("sentences",), ("currency_aliases",)),
    "tariff_mentions": ("extraction", "Tariff measure statements: imposer/target (ISO alpha-3), rate in percent, "
                        "goods, action, trade value in USD (from raw.amount_mentions).",
                        ("sentences", "amount_mentions"), ("country_aliases",)),
    "talks_mentions": ("extraction", "Mentions of trade talks/meetings/summits/calls: place, parties, participants, "
                       "date.", ("sentences", "articles"), ("country_aliases", "places", "person_titles")),
    "source_mentions": ("extraction", "Attributions: named people and organisations, anonymous sources (count, "
                        "descriptor), documents.", ("sentences",), ("person_titles", "country_aliases", "places")),
}
ALL_SEEDS = sorted({s for *_, seeds in RAW_ASSETS.values() for s in seeds})


def _lake_dir(duckdb: DuckDBResource) -> Path:
    return lake_path_for(Path(duckdb.database))


@dg.asset(key=LAKE_KEY, partitions_def=input_batches, deps=[seed_key(s) for s in ALL_SEEDS], group_name="ingestion",
          kinds={"polars", "parquet"},
          description="One input batch through ingest, segmentation and the fact families, validated by GX and "
                      "written as Parquet (<warehouse stem>_lake/<table>/<batch>.parquet). No DuckDB lock.")
def lake_batches(context: dg.AssetExecutionContext, duckdb: DuckDBResource) -> dg.MaterializeResult:
    """Extract, validate and write the batch ``context.partition_key`` (its files are in its plan).

    Raises:
        KeyError: the batch is not planned (retired since the run was requested).
        dagster.Failure: a critical GX expectation failed (nothing of the batch is written).
    """
    lake_dir = _lake_dir(duckdb)
    report = lake.process_batch(lake_dir, context.partition_key, build_docs=True)
    metadata = _batch_metadata(report)
    if not report.committed:
        raise dg.Failure(f"batch {context.partition_key}: critical expectations failed on "
                         f"{', '.join(report.critical)}; nothing written", metadata=metadata)
    return dg.MaterializeResult(metadata=metadata)


def _batch_metadata(report: lake.BatchReport) -> dict:
    return {"files": report.files, "records_seen": report.records_seen, "articles": report.rows["articles"],
            "duplicates": report.duplicates, "rejected": report.rejected, "rows": dg.MetadataValue.json(report.rows),
            "seconds_by_stage": dg.MetadataValue.json(report.seconds)}


_SPECS = [dg.AssetSpec(["raw", table], group_name=group, description=description, kinds={"polars", "duckdb"},
                       deps=[LAKE_KEY, *(dg.AssetKey(["raw", t]) for t in made_from), *map(seed_key, seeds)])
          for table, (group, description, made_from, seeds) in RAW_ASSETS.items()]
_CHECKS = [dg.AssetCheckSpec(f"gx_raw_{table}", asset=dg.AssetKey(["raw", table]), blocking=True,
                             description=f"Great Expectations suite expectations/raw_{table}.json on every batch "
                                         f"of raw.{table} written by this run.")
           for table in RAW_ASSETS]


@dg.multi_asset(name="raw_stages", specs=_SPECS, check_specs=_CHECKS, pool=WAREHOUSE_POOL)
def raw_stages(context: dg.AssetExecutionContext, news_input: NewsInputResource, duckdb: DuckDBResource):
    """Bring the lake up to the input folder and point the ``raw.<table>`` views at it (module docstring)."""
    started = time.perf_counter()
    lake_dir = _lake_dir(duckdb)
    plan = lake.plan_batches(news_input.path, lake_dir)
    lake.save_plans(lake_dir, plan)
    instance = context.instance
    known = set(instance.get_dynamic_partitions(input_batches.name))
    if added := [k for k in plan.batches if k not in known]:
        instance.add_dynamic_partitions(input_batches.name, added)
    context.log.info(f"{plan.files} input files in {len(plan.batches)} batches: {len(plan.todo)} to extract, "
                     f"{len(plan.retired)} retired, {plan.hashed} files hashed")
    done_before = [k for k in plan.batches if k not in plan.todo]
    reports = []
    for report in lake.process_batches(lake_dir, plan.todo, first_seen_of=[*done_before, *plan.retired]):
        reports.append(report)
        context.log.info(f"batch {len(reports)}/{len(plan.todo)} {report.key}: {report.files} files, "
                         f"{report.rows['articles']} articles, {report.rows['sentences']} sentences "
                         f"{'written' if report.committed else 'NOT written: ' + ', '.join(report.critical)}; "
                         + " ".join(f"{s} {v:.2f}s" for s, v in report.seconds.items()))
        if report.committed:
            context.log_event(dg.AssetMaterialization(LAKE_KEY, partition=report.key,
                                                      metadata=_batch_metadata(report)))
    current = [k for k in plan.batches if lake.is_done(lake_dir, k)]
    make_warehouse_folder(duckdb.database)
    with duckdb.get_connection() as con:
        lake.create_views(con, lake_dir, current)
        lake.mark_current(lake_dir, plan.state if len(current) == len(plan.batches) else "incomplete")
        counts = {t: con.execute(f'select count(*) from raw."{t}"').fetchone()[0] for t in RAW_ASSETS}
        previews = {t: con.execute(f'select * from raw."{t}" limit 10').pl() for t in RAW_ASSETS}
        kinds = dict(con.execute("select kind, count(*) from raw.quarantined_files group by kind").fetchall())
    # only now, with no view reading them: the output of retired batches goes
    lake.retire(lake_dir, plan.retired)
    lake.collect_garbage(lake_dir, set(plan.batches))
    for key in plan.retired:
        if key in known:
            instance.delete_dynamic_partition(input_batches.name, key)
    stats = lake.done_stats(lake_dir, current)
    seen = sum(s["records_seen"] for s in stats.values())
    rejected = sum(s["rejected"] for s in stats.values())
    seconds = {}
    for report in reports:
        for stage, value in report.seconds.items():
            seconds[stage] = round(seconds.get(stage, 0) + value, 3)
    duration = round(time.perf_counter() - started, 3)
    for table in RAW_ASSETS:
        new = sum(r.rows[table] for r in reports if r.committed)
        metadata = {"dagster/row_count": dg.MetadataValue.int(counts[table]), "rows_new": dg.MetadataValue.int(new),
                    "duration_s": dg.MetadataValue.float(duration),
                    "preview": dg.MetadataValue.md(markdown_table(
                        previews[table].drop([c for c in ("text", "evidence") if c in previews[table].columns])))}
        if table == "articles":
            articles, duplicates = counts["articles"], kinds.get("duplicate", 0)
            metadata.update({
                "input_dir": str(news_input.path), "lake": str(lake_dir), "files": plan.files,
                "batches": len(plan.batches), "batches_extracted": sum(r.committed for r in reports),
                "batches_failed": sum(not r.committed for r in reports), "batches_retired": len(plan.retired),
                "files_hashed": plan.hashed, "articles_extracted": sum(r.rows["articles"] for r in reports),
                "seconds_by_stage": dg.MetadataValue.json(seconds),
                "records_seen": dg.MetadataValue.int(seen), "articles_loaded": dg.MetadataValue.int(articles),
                "duplicates": dg.MetadataValue.int(duplicates), "quarantined": dg.MetadataValue.int(rejected),
                "accounting": f"{seen} records seen = {articles} articles loaded + {duplicates} duplicates + "
                              f"{rejected} quarantined" + ("" if seen == articles + duplicates + rejected
                                                           else "  (DOES NOT ADD UP)"),
            })
        yield dg.MaterializeResult(asset_key=["raw", table], metadata=metadata)
    for table in RAW_ASSETS:
        yield _check_result(table, reports)


def _check_result(table: str, reports: list[lake.BatchReport]) -> dg.AssetCheckResult:
    """The GX outcome of ``table`` over the batches validated by this run."""
    outcomes = [r.validations[table] for r in reports]
    failed = [dict(f, batch=r.key) for r in reports for f in r.validations[table].failed]
    critical = [f for f in failed if f.get("severity") == "critical"]
    return dg.AssetCheckResult(
        asset_key=dg.AssetKey(["raw", table]), check_name=f"gx_raw_{table}",
        passed=not failed,
        severity=dg.AssetCheckSeverity.ERROR if critical else dg.AssetCheckSeverity.WARN,
        metadata={
            "suite": f"raw_{table}",
            "rows": sum(o.statistics.get("row_count", 0) for o in outcomes),
            "batches_validated": len(outcomes),
            "expectations_evaluated": max((o.evaluated for o in outcomes), default=0),
            "expectations_failed": len({(f.get("expectation_type"), f.get("column")) for f in failed}),
            "critical_failed": len(critical),
            "failed_expectations": dg.MetadataValue.md(failures_markdown(failed) if reports else
                                                       "No new batch: every batch in the lake was validated when it "
                                                       "was written."),
            "failed": dg.MetadataValue.json(failed[:20]),
            "result_path": str(outcomes[-1].result_path) if outcomes and outcomes[-1].result_path else "",
        },
    )


RAW_ASSETS_DEFS = [lake_batches, raw_stages]
