"""Great Expectations validations as blocking Dagster asset checks, one per mart table, run in one
step (``gx_marts_checks``; the raw tables' checks are run by the raw step on each batch it writes:
``defs/assets/raw.py``).

Each check reads its table from the warehouse, validates it against the JSON expectation
suite ``expectations/<schema>_<table>.json`` and reports the failed expectations as metadata.
An incremental mart (a ``marts`` table with a ``load_id`` column) is validated on the rows its
latest build wrote and on those of any earlier build not yet passed under this suite file (a
build whose check failed, or every row after an edit of the suite) (GX), and on every row for the
expectations that need them all (uniqueness, by a SQL aggregate in DuckDB): ``validation.validate_new_rows``. So a check's cost follows the run's input.
A failed *critical* expectation (structure: columns, keys, enums, offsets) fails the check with
ERROR severity, which blocks everything downstream of its asset in the same run. Failed
*warning* expectations (plausibility: rate and amount ranges, dates) fail it with WARN severity:
visible in the UI, not blocking, because real values can be extreme ("a 3,521% duty").
"""


import dagster as dg
from dagster_duckdb import DuckDBResource

from dagster_project.build_state import has_column
from dagster_project.config import WAREHOUSE_POOL
from dagster_project.load import read_table

#: (schema, table) validated by GX as a whole; the suite is ``<schema>_<table>``.
VALIDATED_TABLES: list[tuple[str, str]] = [
    ("marts", "dim_articles"),
    ("marts", "fct_tariffs"),
    ("marts", "fct_talks"),
    ("marts", "fct_sources"),
    ("marts", "fct_amounts"),
]


#: Name of the one step (op) that runs the marts' GX checks.
MARTS_CHECKS_STEP = "gx_marts_checks"


def _gx_spec(schema: str, table: str) -> dg.AssetCheckSpec:
    suite = f"{schema}_{table}"
    return dg.AssetCheckSpec(f"gx_{suite}", asset=dg.AssetKey([schema, table]), blocking=True,
                             description=f"Great Expectations suite expectations/{suite}.json on {schema}.{table}.")


@dg.multi_asset_check(name=MARTS_CHECKS_STEP, specs=[_gx_spec(s, t) for s, t in VALIDATED_TABLES],
                      pool=WAREHOUSE_POOL, can_subset=True,
                      description="Great Expectations suites on the marts, one blocking check per table, in one step "
                                  "(one warehouse connection, one Data Docs build).")
def gx_marts_checks(context: dg.AssetCheckExecutionContext, duckdb: DuckDBResource):
    """One :class:`dagster.AssetCheckResult` per selected table of :data:`VALIDATED_TABLES`.

    One step rather than one per table: each Dagster step costs its start, its events and its
    hand-over, and GX rebuilds its Data Docs index on every build; here the tables are validated on
    one connection and the Data Docs are built once, at the end. Each check stays its own blocking
    check (its own result, severity and metadata), so a failed one blocks what is downstream of its
    table, as before.
    """
    from dagster_project.validation import build_data_docs

    selected = context.selected_asset_check_keys
    results = []
    with duckdb.get_connection() as con:
        for schema, table in VALIDATED_TABLES:
            key = dg.AssetCheckKey(dg.AssetKey([schema, table]), f"gx_{schema}_{table}")
            if key in selected:
                results.append(_gx_check(context, con, schema, table))
    build_data_docs()
    yield from results


def _gx_check(context: dg.AssetCheckExecutionContext, con, schema: str, table: str) -> dg.AssetCheckResult:
    """The GX suite ``<schema>_<table>`` on ``schema.table``: on the rows of the latest build (and of
    loads not yet passed) for an incremental mart, else on the whole table."""
    from dagster_project.validation import validate_frame, validate_new_rows

    suite = f"{schema}_{table}"
    load_id = _load_id(context, dg.AssetKey([schema, table])) if schema == "marts" else None
    if load_id is not None and has_column(con, schema, table, "load_id"):
        # an incremental mart: GX on the rows this run's build wrote, uniqueness by SQL on all rows
        outcome = validate_new_rows(con, schema, table, suite, load_id=load_id, build_docs=False)
        rows = outcome.statistics["row_count"]
    else:
        frame = read_table(con, table, schema=schema)
        outcome, rows = validate_frame(frame, suite, build_docs=False), frame.height
    critical = [f for f in outcome.failed if f.get("severity") == "critical"]
    extra = {"validated": outcome.statistics["validated"]} if "validated" in outcome.statistics else {}
    return dg.AssetCheckResult(
        asset_key=dg.AssetKey([schema, table]), check_name=f"gx_{suite}",
        passed=outcome.success,
        severity=dg.AssetCheckSeverity.ERROR if critical else dg.AssetCheckSeverity.WARN,
        metadata={
            "suite": suite,
            "rows": rows,
            **extra,
            "expectations_evaluated": outcome.evaluated,
            "expectations_failed": len(outcome.failed),
            "critical_failed": len(critical),
            "failed_expectations": dg.MetadataValue.md(failures_markdown(outcome.failed)),
            "failed": dg.MetadataValue.json(outcome.failed[:20]),
            "result_path": str(outcome.result_path) if outcome.result_path else "",
        },
    )


def _load_id(context: dg.AssetCheckExecutionContext, key: dg.AssetKey) -> str | None:
    """The ``load_id`` of the asset's latest materialisation (an incremental mart's build), or None."""
    event = context.instance.get_latest_materialization_event(key)
    entry = event.asset_materialization.metadata.get("load_id") if event and event.asset_materialization else None
    return getattr(entry, "value", None)


def failures_markdown(failed: list[dict], *, limit: int = 20) -> str:
    """The failed expectations as a Markdown table: expectation, column, severity, how many rows
    failed and a sample of the unexpected values (or the observed value of an aggregate check)."""
    if not failed:
        return "All expectations passed."
    lines = ["| expectation | column | severity | unexpected | sample / observed |", "|---|---|---|---|---|"]
    for f in failed[:limit]:
        if f.get("exception"):
            sample = f"error: {f['exception']}"
        elif f.get("unexpected_sample"):
            sample = ", ".join(repr(v) for v in f["unexpected_sample"])
        else:
            sample = f"observed {f.get('observed_value')!r}"
        count = f.get("unexpected_count")
        unexpected = "" if count is None else f"{count} ({f.get('unexpected_percent') or 0:.1f}%)"
        cells = [f.get("expectation_type") or "", f.get("column") or "", f.get("severity") or "", unexpected, sample[:200]]
        lines.append("| " + " | ".join(str(c).replace("|", "\\|").replace("\n", " ") for c in cells) + " |")
    if len(failed) > limit:
        lines.append(f"\n{len(failed) - limit} more failed expectations in the result JSON.")
    return "\n".join(lines)


GX_CHECKS = [gx_marts_checks]


@dg.asset_check(asset=dg.AssetKey(["raw", "articles"]), name="records_accounted", blocking=True, pool=WAREHOUSE_POOL,
                description="Every input record is accounted for: records seen (the ingest's count) = rows of "
                            "raw.articles + duplicate rows + rejected rows of raw.quarantined_files.")
def records_accounted(context: dg.AssetCheckExecutionContext, duckdb: DuckDBResource) -> dg.AssetCheckResult:
    """The ingest invariant, recounted from the warehouse against the materialisation's counts.

    Fails with ERROR severity (blocking everything downstream) when the tables hold more or fewer
    records than the ingest saw, or when the materialisation has no counts.
    """
    event = context.instance.get_latest_materialization_event(dg.AssetKey(["raw", "articles"]))
    materialization = event.asset_materialization if event else None
    meta = materialization.metadata if materialization else {}
    seen = meta.get("records_seen")
    with duckdb.get_connection() as con:
        articles = con.execute('select count(*) from "raw"."articles"').fetchone()[0]
        by_kind = dict(con.execute('select kind, count(*) from "raw"."quarantined_files" group by kind').fetchall())
    duplicates, rejected = by_kind.get("duplicate", 0), by_kind.get("rejected", 0)
    seen_value = seen.value if seen is not None else None
    passed = seen_value is not None and seen_value == articles + duplicates + rejected
    return dg.AssetCheckResult(
        passed=passed,
        severity=dg.AssetCheckSeverity.ERROR,
        metadata={
            "records_seen": -1 if seen_value is None else seen_value,
            "articles_loaded": articles,
            "duplicates": duplicates,
            "quarantined": rejected,
            "difference": -1 if seen_value is None else seen_value - (articles + duplicates + rejected),
        },
    )


INGEST_CHECKS = [records_accounted]
