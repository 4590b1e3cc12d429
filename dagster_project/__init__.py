"""news-etl: raw news articles -> Polars extraction -> DuckDB -> dbt facts, orchestrated by Dagster.

``dagster_project.news_etl_defs`` (the Dagster ``Definitions``, ``definitions.defs``) is loaded
lazily (PEP 562), so that
``dagster asset materialize -m dagster_project`` and ``dagster dev -m dagster_project`` find it,
while ``import dagster_project.extract...`` stays light and works without Dagster or a dbt manifest.
"""


def __getattr__(name: str):
    if name == "news_etl_defs":
        from dagster_project.definitions import defs

        return defs
    raise AttributeError(f"module 'dagster_project' has no attribute {name!r}")


def __dir__() -> list[str]:
    return [*globals(), "news_etl_defs"]
