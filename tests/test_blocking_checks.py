"""A failed GX asset check blocks everything downstream of its asset."""

from __future__ import annotations

import json

import dagster as dg
import pytest

from tests.conftest import run_main_job

pytestmark = pytest.mark.slow


def test_bad_record_stops_downstream_assets(tmp_path, monkeypatch):
    monkeypatch.setenv("NEWS_VALIDATION_DIR", str(tmp_path / "validation"))
    inputs = tmp_path / "in"
    inputs.mkdir()
    # A publication date outside 1900..2100 breaks the raw_articles suite (a mis-typed year).
    record = {"id": "bad-date", "title": "Tariffs", "published": "1066-10-14", "publisher": "Test",
              "url": None, "text": "Washington imposed a 25% tariff on Canadian steel, officials said."}
    (inputs / "articles.jsonl").write_text(json.dumps(record) + "\n")

    result = run_main_job(inputs, tmp_path / "w.duckdb", tmp_path)

    assert not result.success
    [check] = [e.asset_check_evaluation_data for e in result.all_events
               if e.event_type_value == "ASSET_CHECK_EVALUATION"
               and e.asset_check_evaluation_data.asset_check_key.name == "gx_raw_articles"]
    assert check.passed is False
    materialized = {e.asset_key for e in result.get_asset_materialization_events()}
    assert dg.AssetKey(["raw", "articles"]) in materialized
    assert dg.AssetKey(["raw", "sentences"]) not in materialized
    assert dg.AssetKey(["marts", "fct_tariffs"]) not in materialized
