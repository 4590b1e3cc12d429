"""Great Expectations validations as blocking Dagster asset checks, one per mart table (the raw
tables' checks are run by the raw step on each batch it writes: ``defs/assets/raw.py``).

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


def gx_asset_check(schema: str, table: str) -> dg.AssetChecksDefinition:
    """A blocking asset check on ``[schema, table]`` running the GX suite ``<schema>_<table>``."""
    suite = f"{schema}_{table}"

    @dg.asset_check(asset=dg.AssetKey([schema, table]), name=f"gx_{suite}", blocking=True, pool=WAREHOUSE_POOL,
                    description=f"Great Expectations suite expectations/{suite}.json on {schema}.{table}.")
    def _check(context: dg.AssetCheckExecutionContext, duckdb: DuckDBResource) -> dg.AssetCheckResult:
        from dagster_project.validation import validate_frame, validate_new_rows

        load_id = _load_id(context, dg.AssetKey([schema, table])) if schema == "marts" else None
        with duckdb.get_connection() as con:
            if load_id is not None and has_column(con, schema, table, "load_id"):
                # an incremental mart: GX on the rows this run's build wrote, uniqueness by SQL on all rows
                outcome = validate_new_rows(con, schema, table, suite, load_id=load_id)
                rows = outcome.statistics["row_count"]
            else:
                frame = read_table(con, table, schema=schema)
                outcome, rows = validate_frame(frame, suite), frame.height
        critical = [f for f in outcome.failed if f.get("severity") == "critical"]
        extra = {"validated": outcome.statistics["validated"]} if "validated" in outcome.statistics else {}
        return dg.AssetCheckResult(
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

    return _check


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


GX_CHECKS = [gx_asset_check(schema, table) for schema, table in VALIDATED_TABLES]


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
