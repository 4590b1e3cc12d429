"""Tests for dagster_project.validation and the suites in expectations/.

Great Expectations is imported once per session (the first validation, ~4-6 s); most tests skip
Data Docs (``build_docs=False``) to stay fast. Results go to a per-session temporary
``NEWS_VALIDATION_DIR``.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json

import pandas as pd
import polars as pl
import pytest

from dagster_project import config, schemas
from dagster_project import validation as v

EXPECTED_SUITES = {
    "raw_articles",
    "raw_quarantined_files",
    "raw_sentences",
    "raw_tariff_mentions",
    "raw_talks_mentions",
    "raw_source_mentions",
    "raw_amount_mentions",
    "marts_dim_articles",
    "marts_fct_tariffs",
    "marts_fct_talks",
    "marts_fct_sources",
    "marts_fct_amounts",
}

NOW = dt.datetime(2026, 3, 1, 12, 0, tzinfo=dt.timezone.utc)
TEXT = "The US imposed a 25% tariff on Chinese steel. Officials met in Geneva."
ARTICLE_ID = hashlib.sha256(TEXT.encode()).hexdigest()
S0 = f"{ARTICLE_ID}:0"
S1 = f"{ARTICLE_ID}:1"


@pytest.fixture(scope="session", autouse=True)
def _validation_dir(tmp_path_factory):
    """Point NEWS_VALIDATION_DIR at a temporary folder for the whole session."""
    path = tmp_path_factory.mktemp("validation")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("NEWS_VALIDATION_DIR", str(path))
        yield path


# ----------------------------------------------------------------------------- good frames


def _evidence(n: int = 1) -> dict:
    return {
        "mention_id": [f"{S0}:{4 + i}" for i in range(n)],
        "article_id": [ARTICLE_ID] * n,
        "sentence_id": [S0] * n,
        "evidence": [TEXT[:45]] * n,
        "char_start": [0] * n,
        "char_end": [45] * n,
        "match_start": [17] * n,
        "match_end": [20] * n,
    }


def good_frames() -> dict[str, pl.DataFrame]:
    c = schemas.conform
    return {
        "raw_articles": c(
            pl.DataFrame(
                {
                    "article_id": [ARTICLE_ID],
                    "external_id": ["a-1"],
                    "source_path": ["seeds/a.jsonl"],
                    "title": ["Tariffs"],
                    "published_date": [dt.date(2025, 4, 2)],
                    "text": [TEXT],
                    "ingested_at": [NOW],
                    "source_format": ["jsonl"],
                }
            ),
            schemas.ARTICLES,
        ),
        "raw_quarantined_files": c(
            pl.DataFrame(
                {
                    "quarantine_id": ["q1"],
                    "source_path": ["seeds/bad.jsonl"],
                    "record_ref": ["line 7"],
                    "kind": ["rejected"],
                    "reason": ["invalid JSON"],
                    "quarantined_at": [NOW],
                }
            ),
            schemas.QUARANTINE,
        ),
        "raw_sentences": c(
            pl.DataFrame(
                {
                    "sentence_id": [S0, S1],
                    "article_id": [ARTICLE_ID, ARTICLE_ID],
                    "paragraph_index": [0, 0],
                    "sentence_index": [0, 1],
                    "char_start": [0, 46],
                    "char_end": [45, 71],
                    "text": [TEXT[:45], TEXT[46:71]],
                }
            ),
            schemas.SENTENCES,
        ),
        "raw_tariff_mentions": c(
            pl.DataFrame(
                {
                    **_evidence(2),
                    "imposer_iso3": ["USA", None],
                    "target_iso3": ["CHN", None],
                    "rate_pct": [25.0, None],
                    "previous_rate_pct": [10.0, None],
                    "goods": ["steel", None],
                    "action": ["imposed", "threatened"],
                    "value_usd": [3.2e10, None],
                }
            ),
            schemas.TARIFF_MENTIONS,
        ),
        "raw_talks_mentions": c(
            pl.DataFrame(
                {
                    **_evidence(2),
                    "event_type": ["meeting", "talks"],
                    "location": ["Geneva", None],
                    "location_iso3": ["CHE", None],
                    "parties": [["CHN", "USA"], None],
                    "participants": [["Officials"], []],
                    "date_text": ["on Monday", None],
                    "event_date": [dt.date(2025, 5, 12), None],
                }
            ),
            schemas.TALKS_MENTIONS,
        ),
        "raw_source_mentions": c(
            pl.DataFrame(
                {
                    **_evidence(3),
                    "source_kind": ["named_person", "anonymous", "document"],
                    "name": ["Jane Doe", None, None],
                    "anonymous_count": [None, 2, None],
                    "descriptor": [None, "officials", "a memo"],
                }
            ),
            schemas.SOURCE_MENTIONS,
        ),
        "raw_amount_mentions": c(
            pl.DataFrame(
                {
                    **_evidence(1),
                    "value": [3.2e10],
                    "currency": ["USD"],
                    "value_usd": [3.2e10],
                    "amount_text": ["$32 billion"],
                }
            ),
            schemas.AMOUNT_MENTIONS,
        ),
    }


def good_fct_tariffs() -> pd.DataFrame:
    """A marts.fct_tariffs frame as DuckDB's ``.df()`` would give it, with an extra trailing column."""
    return pd.DataFrame(
        {
            "tariff_id": ["t1", "t2"],
            "article_id": [ARTICLE_ID] * 2,
            "sentence_id": [S0] * 2,
            "imposer_iso3": ["USA", None],
            "target_iso3": ["CHN", "MEX"],
            "rate_pct": [25.0, None],
            "goods": ["steel", None],
            "action": ["imposed", "paused"],
            "value_usd": [None, 1e9],
            "evidence": [TEXT[:45]] * 2,
            "char_start": [0, 0],
            "char_end": [45, 45],
            "previous_rate_pct": [10.0, None],
            "mention_count": [1, 2],
            "source_fingerprint": pd.Series([11, 12], dtype="uint64"),
            "load_id": ["build-1", "build-1"],
            "loaded_at": [NOW, NOW],
        }
    )


def _failed_names(outcome: v.ValidationOutcome) -> set[tuple[str, str | None]]:
    return {(f["expectation_type"], f["column"]) for f in outcome.failed}


# ----------------------------------------------------------------------------------- suites


def test_every_suite_file_loads_with_gx():
    import great_expectations as gx

    files = sorted(config.EXPECTATIONS_DIR.glob("*.json"))
    assert {p.stem for p in files} == EXPECTED_SUITES
    assert v.list_suites() == sorted(EXPECTED_SUITES)
    for path in files:
        data = json.loads(path.read_text())
        suite = gx.ExpectationSuite(**data)
        assert suite.name == path.stem
        assert suite.expectations, path
        for exp in suite.expectations:
            assert (exp.meta or {}).get("notes"), f"{path.name}: {exp.expectation_type} has no meta.notes"


@pytest.mark.parametrize("table", list(schemas.RAW_TABLES))
def test_raw_suite_column_order_matches_schemas(table):
    data = v.load_suite_json(f"raw_{table}")
    ordered = [e for e in data["expectations"] if e["type"] == "expect_table_columns_to_match_ordered_list"]
    assert len(ordered) == 1
    assert ordered[0]["kwargs"]["column_list"] == list(schemas.RAW_TABLES[table])


# ------------------------------------------------------------------------------ validation


@pytest.mark.parametrize("suite_name", sorted(good_frames()))
def test_good_frame_passes(suite_name):
    outcome = v.validate_frame(good_frames()[suite_name], suite_name, build_docs=False)
    assert outcome.success, outcome.failed
    assert outcome.failed == []
    assert outcome.evaluated == outcome.statistics["evaluated_expectations"] > 0
    assert outcome.statistics["unsuccessful_expectations"] == 0


def test_good_mart_frame_with_extra_column_passes():
    outcome = v.validate_frame(good_fct_tariffs(), "marts_fct_tariffs", build_docs=False)
    assert outcome.success, outcome.failed


def _with(df: pl.DataFrame, row: int, **values) -> pl.DataFrame:
    """Copy of ``df`` with the given columns replaced at ``row`` (dtype kept)."""
    cols = {}
    for name, value in values.items():
        new = df[name].to_list()
        new[row] = value
        cols[name] = pl.Series(name, new, dtype=df.schema[name])
    return df.with_columns(**cols)


BAD_CASES = {
    "negative rate": ("raw_tariff_mentions", {"rate_pct": -5.0}, ("expect_column_values_to_be_between", "rate_pct")),
    "unknown action": ("raw_tariff_mentions", {"action": "bogus"}, ("expect_column_values_to_be_in_set", "action")),
    "lower-case iso3": ("raw_tariff_mentions", {"target_iso3": "chn"}, ("expect_column_values_to_match_regex", "target_iso3")),
    "duplicate mention_id": (
        "raw_talks_mentions",
        {"mention_id": f"{S0}:4"},
        ("expect_column_values_to_be_unique", "mention_id"),
    ),
    "unknown event type": ("raw_talks_mentions", {"event_type": "tea"}, ("expect_column_values_to_be_in_set", "event_type")),
    "named person without name": (
        "raw_source_mentions",
        {"name": None, "source_kind": "named_person"},
        ("expect_column_values_to_not_be_null", "name"),
    ),
    "zero anonymous sources": ("raw_source_mentions", {"anonymous_count": 0}, ("expect_column_values_to_be_between", "anonymous_count")),
    "negative amount": ("raw_amount_mentions", {"value": -1.0}, ("expect_column_values_to_be_between", "value")),
    "empty span": (
        "raw_sentences",
        {"char_end": 46},
        ("expect_column_pair_values_a_to_be_greater_than_b", "char_end,char_start"),
    ),
    "article id not sha256": ("raw_articles", {"article_id": "ABC"}, ("expect_column_values_to_match_regex", "article_id")),
    "published in 1850": ("raw_articles", {"published_date": dt.date(1850, 1, 1)}, ("expect_column_values_to_be_between", "published_date")),
}


@pytest.mark.parametrize("case", list(BAD_CASES))
def test_bad_record_fails_naming_the_expectation(case):
    suite_name, values, expected = BAD_CASES[case]
    good = good_frames()[suite_name]
    df = _with(good, min(1, good.height - 1), **values)
    outcome = v.validate_frame(df, suite_name, build_docs=False)
    assert not outcome.success
    assert expected in _failed_names(outcome), outcome.failed
    failure = next(f for f in outcome.failed if (f["expectation_type"], f["column"]) == expected)
    assert failure["notes"]
    assert failure["unexpected_count"] >= 1
    json.dumps(outcome.to_dict(), allow_nan=False)  # Dagster metadata must be plain JSON


def test_bad_mart_record_fails():
    df = good_fct_tariffs()
    df.loc[1, "tariff_id"] = "t1"
    df.loc[0, "rate_pct"] = 2000.0
    outcome = v.validate_frame(df, "marts_fct_tariffs", build_docs=False)
    assert {
        ("expect_column_values_to_be_unique", "tariff_id"),
        ("expect_column_values_to_be_between", "rate_pct"),
    } <= _failed_names(outcome)


def test_missing_mart_column_fails():
    outcome = v.validate_frame(good_fct_tariffs().drop(columns=["evidence"]), "marts_fct_tariffs", build_docs=False)
    failure = next(f for f in outcome.failed if f["expectation_type"] == "expect_table_columns_to_match_set")
    assert failure["details"]["mismatched"]["missing"] == ["evidence"]


def test_empty_fact_tables_pass_but_empty_articles_fail():
    for table in ("tariff_mentions", "talks_mentions", "source_mentions", "amount_mentions", "quarantined_files"):
        assert v.validate_frame(pl.DataFrame(schema=schemas.RAW_TABLES[table]), f"raw_{table}", build_docs=False).success
    empty_mart = good_fct_tariffs().iloc[0:0]
    assert v.validate_frame(empty_mart, "marts_fct_tariffs", build_docs=False).success
    outcome = v.validate_frame(pl.DataFrame(schema=schemas.ARTICLES), "raw_articles", build_docs=False)
    assert not outcome.success
    assert ("expect_table_row_count_to_be_between", None) in _failed_names(outcome)


def test_pandas_input_with_date_objects_and_lists():
    pdf = good_frames()["raw_talks_mentions"].to_pandas()
    pdf["event_date"] = pd.Series([dt.date(2025, 5, 12), None], dtype=object)
    pdf["parties"] = pd.Series([["CHN", "USA"], None], dtype=object)
    outcome = v.validate_frame(pdf, "raw_talks_mentions", build_docs=False)
    assert outcome.success, outcome.failed
    assert isinstance(pdf["event_date"].iloc[0], dt.date)  # caller's frame untouched


def test_missing_suite_raises_file_not_found():
    with pytest.raises(FileNotFoundError, match=r"no_such_suite\.json"):
        v.validate_frame(good_frames()["raw_articles"], "no_such_suite")


def test_wrong_input_type_raises_type_error():
    with pytest.raises(TypeError):
        v.validate_frame([{"a": 1}], "raw_articles")


def test_results_and_data_docs_are_written(_validation_dir):
    outcome = v.validate_frame(good_frames()["raw_tariff_mentions"], "raw_tariff_mentions")
    assert outcome.success
    assert outcome.result_path is not None and outcome.result_path.is_file()
    assert outcome.result_path.parent == _validation_dir / "results" / "raw_tariff_mentions"
    latest = outcome.result_path.parent / "latest.json"
    assert json.loads(latest.read_text()) == json.loads(outcome.result_path.read_text())
    assert json.loads(latest.read_text())["success"] is True
    index = _validation_dir / "data_docs" / "index.html"
    assert index.is_file() and v.data_docs_index() == index
    assert "raw_tariff_mentions" in index.read_text()
    assert json.loads(json.dumps(outcome.to_dict()))["result_path"] == str(outcome.result_path)


def test_data_docs_of_several_validations_are_built_once(_validation_dir):
    pages_dir = _validation_dir / "data_docs" / "validations"

    def pages(suite: str) -> int:
        return len(list((pages_dir / suite).rglob("*.html"))) if (pages_dir / suite).is_dir() else 0

    before = {suite: pages(suite) for suite in ("raw_sentences", "raw_amount_mentions")}
    frames = good_frames()
    for suite in before:
        assert v.validate_frame(frames[suite], suite, build_docs=False).success
    assert {suite: pages(suite) for suite in before} == before  # not built yet
    assert v.build_data_docs() == 2  # both pages and the index, in one build
    assert {suite: pages(suite) for suite in before} == {suite: n + 1 for suite, n in before.items()}
    text = (_validation_dir / "data_docs" / "index.html").read_text()
    assert "raw_sentences" in text and "raw_amount_mentions" in text
    assert v.build_data_docs() == 0  # nothing pending


def test_results_dir_override(tmp_path):
    outcome = v.validate_frame(
        good_frames()["raw_quarantined_files"], "raw_quarantined_files", results_dir=tmp_path, build_docs=False
    )
    assert outcome.result_path.parent == tmp_path / "raw_quarantined_files"
    assert (tmp_path / "raw_quarantined_files" / "latest.json").is_file()


def test_edited_suite_file_is_reloaded(tmp_path, monkeypatch):
    monkeypatch.setattr(config, "EXPECTATIONS_DIR", tmp_path)
    data = json.loads((v.config.REPO_ROOT / "expectations" / "raw_quarantined_files.json").read_text())
    path = tmp_path / "raw_quarantined_files.json"
    path.write_text(json.dumps(data))
    frame = good_frames()["raw_quarantined_files"]
    assert v.validate_frame(frame, "raw_quarantined_files", build_docs=False).success
    data["expectations"].append(
        {"type": "expect_column_values_to_be_in_set", "kwargs": {"column": "reason", "value_set": ["empty file"]},
         "meta": {"notes": "test"}}
    )
    path.write_text(json.dumps(data, indent=2))
    outcome = v.validate_frame(frame, "raw_quarantined_files", build_docs=False)
    assert ("expect_column_values_to_be_in_set", "reason") in _failed_names(outcome)


def test_data_docs_failure_does_not_fail_validation(monkeypatch, caplog):
    from great_expectations.data_context.data_context.abstract_data_context import AbstractDataContext

    def boom(self, *args, **kwargs):
        raise RuntimeError("docs site unavailable")

    monkeypatch.setattr(AbstractDataContext, "build_data_docs", boom)
    outcome = v.validate_frame(good_frames()["raw_amount_mentions"], "raw_amount_mentions")
    assert outcome.success and outcome.result_path.is_file()
    assert "Data Docs build failed" in caplog.text
