"""One contract source: the GX suites and the dbt YAML agree with dagster_project/schemas.py.

The generated parts (suites' column lists and value sets, dbt_project.yml's ``vars:``) must equal
what ``scripts/contracts.py --write`` produces; the dbt YAML is checked. Every failure names the
file and the list that disagree (see dagster_project/contracts.py).
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys

import duckdb
import polars as pl
import pytest

from dagster_project import config, contracts, schemas


def _ids(gens: list[contracts.Generated]) -> list[str]:
    return [g.path.name for g in gens]


GENERATED = contracts.generated()


@pytest.mark.parametrize("gen", GENERATED, ids=_ids(GENERATED))
def test_committed_file_equals_generated(gen: contracts.Generated):
    assert gen.up_to_date, (
        "\n".join(gen.changes or [f"{gen.path}: layout differs from the generated text"])
        + "\nrun: .venv/bin/python scripts/contracts.py --write"
    )


def test_dbt_yaml_follows_schemas():
    problems = contracts.dbt_yaml_problems()
    assert not problems, "\n".join(problems)


def test_dbt_raw_sources_follow_raw_tables():
    problems = contracts.raw_sources_problems()
    assert not problems, "\n".join(problems)


def test_gx_value_sets_only_on_listed_columns():
    problems = [p for path in sorted(config.EXPECTATIONS_DIR.glob("*.json")) for p in contracts.suite_problems(path)]
    assert not problems, "\n".join(problems)


def test_contracts_script_reports_agreement():
    done = subprocess.run([sys.executable, "scripts/contracts.py"], cwd=config.REPO_ROOT,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "agree with dagster_project/schemas.py" in done.stdout


# --------------------------------------------------------------------------- the one definition


def test_enum_columns_name_known_vocabularies_and_columns():
    marts = contracts.mart_contract_columns()
    for key, vocab in schemas.ENUM_COLUMNS.items():
        assert vocab in schemas.VOCABULARIES, key
        schema, table, column = key.split(".")
        if schema == "raw":
            assert column in schemas.RAW_TABLES[table], key
        elif table in marts:
            assert column in marts[table], key
    for name, values in schemas.VOCABULARIES.items():
        assert values and len(set(values)) == len(values), name
        assert all(v == v.strip().lower() for v in values), name
    assert set(schemas.ACTOR_KINDS) <= set(schemas.SOURCE_KINDS)


def test_every_raw_enum_column_has_a_vocabulary_in_its_suite():
    for key, vocab in schemas.ENUM_COLUMNS.items():
        schema, table, column = key.split(".")
        path = config.EXPECTATIONS_DIR / f"{schema}_{table}.json"
        if schema == "raw":
            assert path.exists(), key
        if not path.exists():
            continue
        sets = [e["kwargs"]["value_set"] for e in json.loads(path.read_text())["expectations"]
                if e["type"] == contracts.IN_SET and e["kwargs"]["column"] == column]
        assert sets == [list(schemas.VOCABULARIES[vocab])], f"{path.name}: {column}"


def test_python_stages_use_the_vocabularies():
    from dagster_project.readers import ingest

    assert set(ingest.READERS) <= set(schemas.SOURCE_FORMATS)
    assert (ingest.REJECTED, ingest.DUPLICATE, ingest.NOTICE) == schemas.QUARANTINE_KINDS


def test_duckdb_type_names_what_duckdb_stores():
    con = duckdb.connect()
    for table, schema in schemas.RAW_TABLES.items():
        frame = pl.DataFrame(schema=schema)  # noqa: F841 - read by DuckDB's replacement scan
        con.execute(f"create table {table} as select * from frame")
        stored = dict(con.execute(
            "select column_name, lower(data_type) from information_schema.columns where table_name = ?", [table]
        ).fetchall())
        assert stored == {name: contracts.duckdb_type(dtype) for name, dtype in schema.items()}, table


# -------------------------------------------------------------------------- failures are precise


def test_a_changed_vocabulary_is_reported_and_rewritten(tmp_path, monkeypatch):
    for path in config.EXPECTATIONS_DIR.glob("*.json"):
        shutil.copy(path, tmp_path / path.name)
    monkeypatch.setitem(schemas.VOCABULARIES, "tariff_actions", (*schemas.TARIFF_ACTIONS, "extended"))
    gens = {g.path.name: g for g in contracts.generated(tmp_path)}
    raw = gens["raw_tariff_mentions.json"]
    assert not raw.up_to_date
    assert raw.changes == (
        f"{tmp_path / 'raw_tariff_mentions.json'}: expect_column_values_to_be_in_set(action) value_set is "
        f"{list(schemas.TARIFF_ACTIONS)}, schemas.VOCABULARIES['tariff_actions'] says "
        f"{[*schemas.TARIFF_ACTIONS, 'extended']}",
    )
    in_set = [e for e in json.loads(raw.text)["expectations"] if e["type"] == contracts.IN_SET]
    assert in_set[0]["kwargs"]["value_set"][-1] == "extended"
    assert gens["raw_talks_mentions.json"].up_to_date
    project = gens["dbt_project.yml"]
    assert any("vars.tariff_actions" in msg for msg in project.changes), project.changes
    assert "tariff_actions: [imposed, raised, threatened, cut, removed, paused, exempted, retaliation, extended]" in project.text


def test_a_changed_raw_column_is_reported_with_file_and_list(tmp_path, monkeypatch):
    shutil.copy(config.EXPECTATIONS_DIR / "raw_quarantined_files.json", tmp_path)
    monkeypatch.setitem(schemas.RAW_TABLES, "quarantined_files", {**schemas.QUARANTINE, "extra": pl.String})
    gen = contracts.generate_suite(tmp_path / "raw_quarantined_files.json")
    assert len(gen.changes) == 1
    assert "raw_quarantined_files.json: expect_table_columns_to_match_ordered_list column_list is" in gen.changes[0]
    assert "schemas.RAW_TABLES['quarantined_files'] says" in gen.changes[0]
    assert json.loads(gen.text)["expectations"][0]["kwargs"]["column_list"][-1] == "extra"
    problems = contracts.raw_sources_problems()
    assert any("raw.quarantined_files columns are" in p and "_raw__sources.yml" in p for p in problems), problems


def test_a_missing_value_set_is_added(tmp_path):
    data = json.loads((config.EXPECTATIONS_DIR / "raw_talks_mentions.json").read_text())
    data["expectations"] = [
        e for e in data["expectations"] if not (e["type"] == contracts.IN_SET and e["kwargs"]["column"] == "event_type")
    ]
    path = tmp_path / "raw_talks_mentions.json"
    path.write_text(json.dumps(data, indent=1) + "\n")
    gen = contracts.generate_suite(path)
    assert gen.changes == (
        f"{path}: expect_column_values_to_be_in_set(event_type) missing, schemas.TALKS_EVENT_TYPES says "
        f"{list(schemas.TALKS_EVENT_TYPES)}",
    )
    assert gen.text == (config.EXPECTATIONS_DIR / "raw_talks_mentions.json").read_text()


def test_dbt_yaml_literal_lists_and_wrong_vars_are_named(tmp_path):
    shutil.copytree(contracts.DBT_MODELS_DIR, tmp_path / "models")
    marts = tmp_path / "models" / "marts" / "_marts__models.yml"
    text = marts.read_text()
    text = text.replace("\"{{ var('talks_event_types') }}\"", "[talks, meeting]", 1)
    text = text.replace("\"{{ var('actor_kinds') }}\"", "\"{{ var('source_kinds') }}\"", 1)
    marts.write_text(text)
    problems = contracts.dbt_yaml_problems(tmp_path / "models")
    assert len(problems) == 2, problems
    assert "accepted_values on marts.fct_talks.event_type lists ['talks', 'meeting'] by hand" in problems[0]
    assert "schemas.VOCABULARIES['talks_event_types'] says" in problems[0]
    assert "accepted_values on marts.dim_actors.actor_kind uses var('source_kinds')" in problems[1]
    assert all(str(marts) in p for p in problems)


def test_dbt_yaml_unlisted_enum_and_missing_test_are_named(tmp_path):
    shutil.copytree(contracts.DBT_MODELS_DIR, tmp_path / "models")
    staging = tmp_path / "models" / "staging" / "_staging__models.yml"
    text = staging.read_text().replace("\"{{ var('quarantine_kinds') }}\"", "[rejected, duplicate, notice, other]")
    staging.write_text(text)
    problems = contracts.dbt_yaml_problems(tmp_path / "models")
    assert any("staging.stg_raw__quarantined_files.kind lists" in p and "quarantine_kinds" in p for p in problems)
    intermediate = tmp_path / "models" / "intermediate" / "_intermediate__models.yml"
    intermediate.write_text(intermediate.read_text().replace(
        "description: \"One of {{ var('tariff_actions') | join(', ') }}.\"",
        "description: imposed|raised.\n        data_tests: [{accepted_values: {arguments: {values: [imposed]}}}]",
    ))
    problems = contracts.dbt_yaml_problems(tmp_path / "models")
    assert any("description of intermediate.int_tariff_measures_deduped.action spells out 'imposed|raised'" in p
               for p in problems), problems
    assert any("accepted_values on intermediate.int_tariff_measures_deduped.action: the column is not in "
               "schemas.ENUM_COLUMNS" in p for p in problems), problems


def test_missing_dbt_test_for_an_enum_column_is_named(tmp_path, monkeypatch):
    monkeypatch.setitem(schemas.ENUM_COLUMNS, "marts.fct_amounts.currency", "tariff_actions")
    problems = contracts.dbt_yaml_problems()
    assert problems == [
        "dbt YAML: marts.fct_amounts.currency has no accepted_values test; schemas.ENUM_COLUMNS gives it vocabulary "
        "'tariff_actions': add accepted_values: {arguments: {values: \"{{ var('tariff_actions') }}\"}}"
    ]


def test_vars_block_is_appended_once(tmp_path):
    project = tmp_path / "dbt_project.yml"
    original = contracts.DBT_PROJECT_YML.read_text()
    start = original.index(contracts.VARS_BEGIN)
    project.write_text(original[:start].rstrip("\n") + "\n")
    gen = contracts.generate_dbt_project(project)
    assert any("vars.tariff_actions is None" in msg for msg in gen.changes)
    assert gen.text == original
    project.write_text(gen.text)
    again = contracts.generate_dbt_project(project)
    assert again.up_to_date and not again.changes
