"""A failed critical GX expectation blocks everything downstream of its asset; a failed
plausibility (warning) expectation is reported but does not block."""

from __future__ import annotations

import dagster as dg
import polars as pl
import pytest

from dagster_project import lake
from dagster_project.extract.tariffs import extract_tariffs
from tests.conftest import SEEDS, run_main_job

pytestmark = pytest.mark.slow


def _check_results(result) -> dict[str, dg.AssetCheckEvaluation]:
    return {e.asset_check_evaluation_data.asset_check_key.name: e.asset_check_evaluation_data
            for e in result.all_events if e.event_type_value == "ASSET_CHECK_EVALUATION"}


def test_bad_record_stops_downstream_assets(tmp_path, monkeypatch):
    monkeypatch.setenv("NEWS_VALIDATION_DIR", str(tmp_path / "validation"))
    # An action outside the contract's vocabulary is a broken record: the critical
    # expect_column_values_to_be_in_set(action) fails on the batch, which is not written.
    monkeypatch.setattr(lake, "extract_tariffs", lambda s, a=None: extract_tariffs(s, a).with_columns(action=pl.lit("banned")))

    result = run_main_job(SEEDS, tmp_path / "w.duckdb", tmp_path)

    assert not result.success
    check = _check_results(result)["gx_raw_tariff_mentions"]
    assert check.passed is False and check.severity == dg.AssetCheckSeverity.ERROR
    materialized = {e.asset_key for e in result.get_asset_materialization_events()}
    assert dg.AssetKey(["raw", "tariff_mentions"]) in materialized
    assert dg.AssetKey(["raw", "talks_mentions"]) in materialized  # the views are there, without the batch
    assert not list((tmp_path / "w_lake" / "_done").glob("*.json"))  # nothing of the bad batch is in the lake
    assert dg.AssetKey(["marts", "fct_tariffs"]) not in materialized
    assert dg.AssetKey(["analytics_warehouse"]) not in materialized


def test_implausible_value_warns_without_blocking(tmp_path, monkeypatch):
    monkeypatch.setenv("NEWS_VALIDATION_DIR", str(tmp_path / "validation"))
    inputs = tmp_path / "in"
    inputs.mkdir()
    # A real, extreme rate (anti-dumping duties reach thousands of percent).
    (inputs / "solar.txt").write_text("The United States imposed duties of 3521% on solar panels from Cambodia.")

    result = run_main_job(inputs, tmp_path / "w.duckdb", tmp_path)

    assert result.success
    check = _check_results(result)["gx_raw_tariff_mentions"]
    assert check.passed is False and check.severity == dg.AssetCheckSeverity.WARN
    materialized = {e.asset_key for e in result.get_asset_materialization_events()}
    assert dg.AssetKey(["marts", "fct_tariffs"]) in materialized


def test_a_failed_mart_check_blocks_the_publication_and_the_other_marts_are_still_checked(tmp_path, monkeypatch):
    import json
    import shutil

    from dagster_project import config

    monkeypatch.setenv("NEWS_VALIDATION_DIR", str(tmp_path / "validation"))
    # a suite whose critical expectation no row can meet: the talks' event types must be "nope"
    suites = tmp_path / "expectations"
    shutil.copytree(config.EXPECTATIONS_DIR, suites)
    talks = json.loads((suites / "marts_fct_talks.json").read_text())
    talks["expectations"].append({"type": "expect_column_values_to_be_in_set", "severity": "critical",
                                  "kwargs": {"column": "event_type", "value_set": ["nope"]}, "meta": {"notes": "test"}})
    (suites / "marts_fct_talks.json").write_text(json.dumps(talks))
    monkeypatch.setattr(config, "EXPECTATIONS_DIR", suites)

    result = run_main_job(SEEDS, tmp_path / "w.duckdb", tmp_path)

    assert not result.success
    checks = _check_results(result)
    assert checks["gx_marts_fct_talks"].passed is False
    assert checks["gx_marts_fct_talks"].severity == dg.AssetCheckSeverity.ERROR
    # the marts' checks run in one step, each its own check: the others pass
    assert {name for name, c in checks.items() if name.startswith("gx_marts_") and c.passed} == {
        "gx_marts_dim_articles", "gx_marts_fct_tariffs", "gx_marts_fct_sources", "gx_marts_fct_amounts"}
    materialized = {e.asset_key for e in result.get_asset_materialization_events()}
    assert dg.AssetKey(["marts", "fct_talks"]) in materialized
    assert dg.AssetKey(["analytics_warehouse"]) not in materialized
