"""The Dagster Definitions load, form one connected graph, and every job resolves."""

from __future__ import annotations

import os

import dagster as dg

from tests.conftest import _ensure_manifest


def _defs() -> dg.Definitions:
    _ensure_manifest()
    import dagster_project

    return dagster_project.news_etl_defs


def test_definitions_load_and_jobs_resolve():
    defs = _defs()
    defs.resolve_all_job_defs()
    assert defs.resolve_job_def("news_etl_main") is not None
    assert defs.resolve_schedule_def("news_etl_daily").cron_schedule == "0 6 * * *"
    assert {j.name for j in defs.resolve_sensor_def("new_files_sensor").jobs} == {"news_etl_main", "news_etl_batch"}
    assert defs.resolve_job_def("news_etl_batch").partitions_def.name == "input_batches"


def test_one_graph_from_files_to_marts_with_checks():
    graph = _defs().resolve_asset_graph()
    keys = {k.to_user_string() for k in graph.get_all_asset_keys()}
    for expected in ["raw/articles", "raw/sentences", "raw/tariff_mentions", "raw/talks_mentions",
                     "raw/source_mentions", "raw/amount_mentions", "marts/dim_articles", "marts/fct_tariffs",
                     "marts/fct_talks", "marts/fct_sources", "marts/fct_amounts", "analytics_warehouse"]:
        assert expected in keys
    # every mart is downstream of the ingested files
    downstream = graph.get(dg.AssetKey(["raw", "articles"])).child_keys
    reachable, frontier = set(), set(downstream)
    while frontier:
        key = frontier.pop()
        reachable.add(key)
        frontier |= set(graph.get(key).child_keys) - reachable
    for mart in ["dim_articles", "fct_tariffs", "fct_talks", "fct_sources", "fct_amounts"]:
        assert dg.AssetKey(["marts", mart]) in reachable
    # one component: the reference seeds and the quarantine are part of it
    from tests.test_ui import components

    nodes = {k.to_user_string(): {"deps": {p.to_user_string() for p in graph.get(k).parent_keys}}
             for k in graph.get_all_asset_keys()}
    assert len(components(nodes)) == 1
    assert dg.AssetKey(["raw", "source_mentions"]) in graph.get(dg.AssetKey(["reference", "person_titles"])).child_keys
    assert dg.AssetKey(["raw", "amount_mentions"]) in graph.get(dg.AssetKey(["reference", "currency_aliases"])).child_keys
    assert dg.AssetKey(["marts", "fct_ingest_audit"]) in reachable
    # GX checks are attached to each stage and block downstream
    checks = {(c.asset_key.to_user_string(), c.name) for c in graph.asset_check_keys}
    assert ("raw/tariff_mentions", "gx_raw_tariff_mentions") in checks
    assert ("marts/fct_tariffs", "gx_marts_fct_tariffs") in checks
    spec = graph.get_check_spec(dg.AssetCheckKey(dg.AssetKey(["raw", "articles"]), "gx_raw_articles"))
    assert spec.blocking


def _mark_done(lake_dir, key: str) -> None:
    """Pretend batch ``key`` was extracted (its done marker), as its batch run would."""
    (lake_dir / "_done").mkdir(parents=True, exist_ok=True)
    (lake_dir / "_done" / f"{key}.json").write_text("{}")


def test_new_files_sensor_requests_a_run_per_new_batch_then_one_refresh(tmp_path):
    from dagster_duckdb import DuckDBResource

    from dagster_project.defs.jobs import new_files_sensor
    from dagster_project.defs.resources import NewsInputResource

    inbox, warehouse = tmp_path / "in", tmp_path / "w.duckdb"
    inbox.mkdir()
    lake_dir = tmp_path / "w_lake"
    resources = {"news_input": NewsInputResource(input_dir=str(inbox)),
                 "duckdb": DuckDBResource(database=str(warehouse))}

    def tick(cursor):
        with dg.build_sensor_context(resources=resources, cursor=cursor) as context:
            result = new_files_sensor(context)
        if isinstance(result, dg.SkipReason):
            return result, cursor
        return result, result.cursor

    assert isinstance(tick(None)[0], dg.SkipReason)  # empty folder
    (inbox / "a.txt").write_text("Japan cut tariffs.")
    result, cursor = tick(None)
    [batch] = result.run_requests
    assert batch.job_name == "news_etl_batch" and batch.partition_key.startswith("b")
    assert result.dynamic_partitions_requests[0].partition_keys == [batch.partition_key]
    # until the batch has output, the same request (same run key: the daemon runs it once)
    again, cursor = tick(cursor)
    assert [r.run_key for r in again.run_requests] == [batch.run_key]
    _mark_done(lake_dir, batch.partition_key)
    refresh, cursor = tick(cursor)
    assert [r.job_name for r in refresh.run_requests] == ["news_etl_main"]  # the views and marts follow
    assert tick(cursor)[0].skip_reason is not None  # nothing new since
    old = inbox / "old.txt"  # a file copied in with an old modification time (cp -p, rsync -t)
    old.write_text("Seoul lowered tariffs.")
    os.utime(old, ns=(1_000_000_000, 1_000_000_000))
    result, cursor = tick(cursor)
    [second] = result.run_requests
    assert second.partition_key != batch.partition_key  # only the new file: a.txt's batch is kept
    _mark_done(lake_dir, second.partition_key)
    result, cursor = tick(cursor)
    assert [r.job_name for r in result.run_requests] == ["news_etl_main"]
    old.unlink()  # a deleted file changes the warehouse too: no batch to extract, one refresh
    result, cursor = tick(cursor)
    assert [r.job_name for r in result.run_requests] == ["news_etl_main"]
