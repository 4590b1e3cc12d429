"""Great Expectations validations as blocking Dagster asset checks, one per stage table.

Each check reads its table from the warehouse, validates it against the JSON expectation
suite ``expectations/<schema>_<table>.json`` and reports the failed expectations as metadata.
A failed check blocks everything downstream of its asset in the same run.
"""


import dagster as dg
from dagster_duckdb import DuckDBResource

from dagster_project.config import WAREHOUSE_POOL
from dagster_project.load import read_table

#: (schema, table) validated by GX; the suite is ``<schema>_<table>``.
VALIDATED_TABLES: list[tuple[str, str]] = [
    ("raw", "articles"),
    ("raw", "quarantined_files"),
    ("raw", "sentences"),
    ("raw", "tariff_mentions"),
    ("raw", "talks_mentions"),
    ("raw", "source_mentions"),
    ("raw", "amount_mentions"),
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
    def _check(duckdb: DuckDBResource) -> dg.AssetCheckResult:
        from dagster_project.validation import validate_frame

        with duckdb.get_connection() as con:
            frame = read_table(con, table, schema=schema)
        outcome = validate_frame(frame, suite)
        return dg.AssetCheckResult(
            passed=outcome.success,
            severity=dg.AssetCheckSeverity.ERROR,
            metadata={
                "suite": suite,
                "rows": frame.height,
                "expectations_evaluated": outcome.evaluated,
                "expectations_failed": len(outcome.failed),
                "failed": dg.MetadataValue.json(outcome.failed[:20]),
                "result_path": str(outcome.result_path) if outcome.result_path else "",
            },
        )

    return _check


GX_CHECKS = [gx_asset_check(schema, table) for schema, table in VALIDATED_TABLES]
