"""dbt groups: every dbt seed, model and test as Dagster assets and asset checks.

dbt sources ``raw.<table>`` map to the Python assets' keys ``["raw", "<table>"]`` (dagster-dbt's
default for sources), so the lineage is one graph. Models are keyed ``[<schema>, <model>]``
(e.g. ``["marts", "fct_tariffs"]``) and grouped by their folder (staging, intermediate, marts);
seeds are keyed ``["reference", <seed>]`` (group ``reference``).

Seeds and models are two steps: the seeds (gazetteers in ``dbt/seeds/``) are read by the Python
extraction assets too, which depend on them, and the models depend on those assets. One dbt step
for both would put a cycle between two steps (dbt -> extraction -> dbt).

Only what changed is built (:mod:`dagster_project.build_state`):

- **seeds**: dbt is not even started when the seed CSVs and their YAML are those of the last
  successful seed build of this warehouse (the step then reports the tables as they are);
- **models**: the per-article marts are incremental (``dbt/macros/incremental.sql``: only articles
  whose raw rows changed are rebuilt, removed articles are deleted); when the dbt code (models,
  macros, tests, seeds) differs from the last successful build's, the step runs ``--full-refresh``.
"""


import os
import shutil
from collections.abc import Mapping
from typing import Any

import dagster as dg
from dagster_dbt import DagsterDbtTranslator, DagsterDbtTranslatorSettings, DbtCliResource, dbt_assets
from dagster_duckdb import DuckDBResource

from dagster_project import build_state
from dagster_project.config import WAREHOUSE_POOL, dbt_threads, make_warehouse_folder
from dagster_project.defs.assets.metadata import row_hashes, table_metadata
from dagster_project.load import table_exists
from dagster_project.project import dbt_project

#: Column of the incremental marts naming the dbt invocation that (re)built the row
#: (``dbt/macros/incremental.sql``): this run's new rows are those with its invocation id.
LOAD_ID = "load_id"


class NewsDbtTranslator(DagsterDbtTranslator):
    """Keys models and seeds by ``[schema, name]`` and groups them by their dbt folder."""

    def get_asset_key(self, dbt_resource_props: Mapping[str, Any]) -> dg.AssetKey:
        if dbt_resource_props["resource_type"] in ("model", "seed", "snapshot"):
            return dg.AssetKey([dbt_resource_props["schema"], dbt_resource_props["name"]])
        return super().get_asset_key(dbt_resource_props)

    def get_group_name(self, dbt_resource_props: Mapping[str, Any]) -> str | None:
        if dbt_resource_props["resource_type"] == "seed":
            return "reference"
        fqn = dbt_resource_props.get("fqn", [])
        return fqn[1] if len(fqn) > 2 else "dbt"


translator = NewsDbtTranslator(settings=DagsterDbtTranslatorSettings(enable_asset_checks=True))


def seed_key(name: str) -> dg.AssetKey:
    """Asset key of the dbt seed ``dbt/seeds/<name>.csv``."""
    return dg.AssetKey(["reference", name])


@dbt_assets(manifest=dbt_project.manifest_path, project=dbt_project, dagster_dbt_translator=translator,
            select="resource_type:seed", name="dbt_seeds", pool=WAREHOUSE_POOL)
def dbt_seeds(context: dg.AssetExecutionContext, dbt: DbtCliResource, duckdb: DuckDBResource):
    """``dbt build`` of the seeds (``reference`` schema) and their tests, when the seeds changed."""
    yield from _dbt_build(context, dbt, duckdb, step="dbt_seeds")


@dbt_assets(manifest=dbt_project.manifest_path, project=dbt_project, dagster_dbt_translator=translator,
            exclude="resource_type:seed", name="dbt_models", pool=WAREHOUSE_POOL)
def dbt_models(context: dg.AssetExecutionContext, dbt: DbtCliResource, duckdb: DuckDBResource):
    """``dbt build`` of the models (staging, intermediate, marts) and their tests; the per-article
    marts incrementally (``--full-refresh`` when the dbt code changed since the last build)."""
    yield from _dbt_build(context, dbt, duckdb, step="dbt_models")


def _dbt_build(context: dg.AssetExecutionContext, dbt: DbtCliResource, duckdb: DuckDBResource, *, step: str):
    """``dbt build`` of this step's selection on the warehouse of the ``duckdb`` resource.

    ``step`` names the build in the warehouse's build state (``build_state.STATE_TABLE``): the
    fingerprint of the dbt code this step builds (:func:`build_state.dbt_fingerprint`) is stored
    after a successful build of the whole selection. Seeds whose fingerprint is stored are not
    rebuilt (no dbt process); models whose fingerprint differs are built with ``--full-refresh``.

    The events reach Dagster when dbt is done, each materialisation with the metadata of
    ``metadata.table_metadata`` (row count, new rows, preview): DuckDB has one writer, so the
    tables are read after the dbt process has closed the file. New rows of an incremental mart
    are those carrying this build's ``load_id``; of other tables, rows whose md5 is new.
    """
    whole = set(context.selected_asset_keys) == set(context.assets_def.keys)
    fingerprint = build_state.dbt_fingerprint(dbt_project.manifest_path, seeds=step == "dbt_seeds",
                                              project_dir=dbt_project.project_dir)
    make_warehouse_folder(duckdb.database)  # the first step of a run on a new warehouse path
    with duckdb.get_connection() as con:
        stored = build_state.stored_fingerprint(con, step)
        if step == "dbt_seeds" and whole and stored == fingerprint and all(_is_table(con, k) for k in context.selected_asset_keys):
            context.log.info("dbt seeds unchanged since their last build: not rebuilt")
            for key in sorted(context.selected_asset_keys):
                yield dg.MaterializeResult(asset_key=key, metadata={
                    **table_metadata(con, key.path[0], key.path[-1]), "rebuilt": False})
            return
        before = {key: row_hashes(con, key.path[-1], schema=key.path[0])
                  for key in context.selected_asset_keys if _is_table(con, key) and not _has_load_id(con, key)}
    args = ["build", "--threads", str(dbt_threads())]
    if step == "dbt_models" and stored != fingerprint:
        context.log.info("no build of this dbt code in this warehouse yet (new warehouse or changed models): --full-refresh")
        args.append("--full-refresh")
        with duckdb.get_connection() as con:
            build_state.forget_tested(con)
            build_state.write_test_scope(con, whole=True)
            if stored is not None:
                # a full refresh that fails part-way leaves some tables built by the new code: with the
                # old fingerprint still stored, reverting the code would then build incrementally on them
                build_state.forget_fingerprint(con, step)
    elif step == "dbt_models":
        # The dbt code is the one built and tested before: its unit tests (which test the code, not
        # the data) have passed on it, and the data tests on the views need only the new batches.
        args += ["--exclude-resource-type", "unit_test"]
        with duckdb.get_connection() as con:
            scope = build_state.write_test_scope(con, whole=not whole)
        context.log.info("data tests on the staging and intermediate views: "
                         + ("every row" if scope is None else f"the {scope} articles of the batches not yet tested"))
    # The dbt profile reads the warehouse path from NEWS_WAREHOUSE: point it at the same file.
    previous = os.environ.get("NEWS_WAREHOUSE")
    os.environ["NEWS_WAREHOUSE"] = str(duckdb.database)
    # dagster-dbt writes each invocation's artifacts to its own folder: keep only this run's.
    runs = dbt_project.target_path / "runs"
    for old in runs.glob("*"):
        if old.name != context.run.run_id:
            shutil.rmtree(old, ignore_errors=True)
    events = []
    try:
        invocation = dbt.cli(args, context=context, target_path=runs / context.run.run_id / context.op_def.name)
        events.extend(invocation.stream())
        load_id = invocation.get_artifact("run_results.json")["metadata"]["invocation_id"]
    except Exception:
        yield from events  # what dbt did before it failed
        if step == "dbt_models":  # a later `dbt build` by hand tests every row
            with duckdb.get_connection() as con:
                build_state.drop_test_scope(con)
        raise
    finally:
        if previous is None:
            os.environ.pop("NEWS_WAREHOUSE", None)
        else:
            os.environ["NEWS_WAREHOUSE"] = previous
    with duckdb.get_connection() as con:
        if whole:
            build_state.store_fingerprint(con, step, fingerprint)
            if step == "dbt_models":
                build_state.mark_tested(con)
        for event in events:
            if isinstance(event, dg.Output):
                key = context.asset_key_for_output(event.output_name)
                try:
                    if _has_load_id(con, key):
                        extra = table_metadata(con, key.path[0], key.path[-1], load_id=load_id)
                        extra[LOAD_ID] = dg.MetadataValue.text(load_id)
                    else:
                        # a table built for the first time: every row is new; views have no new rows
                        extra = table_metadata(con, key.path[0], key.path[-1],
                                               before.get(key, set() if _is_table(con, key) else None))
                except Exception as exc:  # metadata never fails a build
                    context.log.warning(f"no metadata for {key.to_user_string()}: {exc}")
                    extra = {}
                duration = event.metadata.get("Execution Duration")
                if duration is not None:
                    extra["duration_s"] = dg.MetadataValue.float(round(float(getattr(duration, "value", duration)), 3))
                event = event.with_metadata({**event.metadata, **extra})
            yield event


def _is_table(con, key: dg.AssetKey) -> bool:
    return len(key.path) == 2 and table_exists(con, key.path[1], schema=key.path[0])


def _has_load_id(con, key: dg.AssetKey) -> bool:
    """True for an incremental mart: a table with the ``load_id`` column."""
    return _is_table(con, key) and build_state.has_column(con, key.path[0], key.path[1], LOAD_ID)
