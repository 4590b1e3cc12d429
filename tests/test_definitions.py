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
    assert defs.resolve_sensor_def("new_files_sensor").job_name == "news_etl_main"


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


def test_new_files_sensor_requests_one_run_per_change(tmp_path):
    from dagster_project.defs.jobs import new_files_sensor
    from dagster_project.defs.resources import NewsInputResource

    resources = {"news_input": NewsInputResource(input_dir=str(tmp_path))}
    with dg.build_sensor_context(resources=resources) as context:
        assert isinstance(new_files_sensor(context), dg.SkipReason)  # empty folder
    (tmp_path / "a.txt").write_text("Japan cut tariffs.")
    with dg.build_sensor_context(resources=resources) as context:
        request = new_files_sensor(context)
        assert isinstance(request, dg.RunRequest)
        cursor = context.cursor
    with dg.build_sensor_context(resources=resources, cursor=cursor) as context:
        assert isinstance(new_files_sensor(context), dg.SkipReason)  # nothing new since
    old = tmp_path / "old.txt"  # a file copied in with an old modification time (cp -p, rsync -t)
    old.write_text("Seoul lowered tariffs.")
    os.utime(old, ns=(1_000_000_000, 1_000_000_000))
    with dg.build_sensor_context(resources=resources, cursor=cursor) as context:
        assert isinstance(new_files_sensor(context), dg.RunRequest)
        cursor = context.cursor
    old.unlink()  # a deleted file changes the warehouse too
    with dg.build_sensor_context(resources=resources, cursor=cursor) as context:
        assert isinstance(new_files_sensor(context), dg.RunRequest)
