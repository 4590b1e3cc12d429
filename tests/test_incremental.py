"""Later runs cost what is new: incremental marts, seeds built once, marts validation of the new
rows, the analytics copy of changed tables, and the warehouse target as configuration (issue 8)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import dagster as dg
import duckdb
import pytest

from dagster_project import build_state, config
from dagster_project.defs.resources import build_resources
from dagster_project.validation import VALIDATED_LOADS, suite_sha256, validate_new_rows, whole_table_failures
from tests.conftest import REPO

# ------------------------------------------------------------------------- warehouse target


def test_warehouse_target_is_a_file_path_or_a_motherduck_database(monkeypatch, tmp_path):
    monkeypatch.setenv("NEWS_WAREHOUSE", str(tmp_path / "w.duckdb"))
    assert config.warehouse_target() == str(tmp_path / "w.duckdb")
    assert config.analytics_path_for(config.warehouse_target()) == tmp_path / "w_analytics.duckdb"
    monkeypatch.setenv("NEWS_WAREHOUSE", "md:news_prod")
    assert config.warehouse_target() == "md:news_prod"
    assert config.is_motherduck("md:news_prod") and not config.is_motherduck("/data/md.duckdb")
    assert config.analytics_path_for("md:news_prod") is None  # MotherDuck serves readers itself
    with pytest.raises(ValueError, match="MotherDuck database"):
        config.warehouse_path()


def test_resources_connect_python_and_dbt_to_the_same_local_warehouse(monkeypatch, tmp_path):
    """The connection-building path of an ``md:`` target, run on a local file: the DuckDB resource
    connects to ``$NEWS_WAREHOUSE`` as given, and dbt's profile reads that same variable."""
    target = tmp_path / "local.duckdb"
    monkeypatch.setenv("NEWS_WAREHOUSE", str(target))
    resources = build_resources()
    assert resources["duckdb"].database == str(target)
    with resources["duckdb"].get_connection() as con:
        con.execute("create table t as select 42 as answer")
    with duckdb.connect(str(target), read_only=True) as con:
        assert con.execute("select answer from t").fetchone() == (42,)
    profile = (REPO / "dbt" / "profiles.yml").read_text()
    assert "env_var('NEWS_WAREHOUSE'" in profile
    monkeypatch.setenv("NEWS_WAREHOUSE", "md:news_prod")
    assert build_resources()["duckdb"].database == "md:news_prod"  # no connection made here


def test_a_warehouse_in_a_missing_folder_gets_its_folder(monkeypatch, tmp_path):
    """NEWS_WAREHOUSE=/new/folder/w.duckdb: DuckDB creates the file, not the folder; the resources
    create it (a run failed in its first step with "Cannot open file ... No such file or directory")."""
    target = tmp_path / "not" / "yet" / "w.duckdb"
    monkeypatch.setenv("NEWS_WAREHOUSE", str(target))
    with build_resources()["duckdb"].get_connection() as con:
        con.execute("create table t as select 7 as answer")
    with duckdb.connect(str(target), read_only=True) as con:
        assert con.execute("select answer from t").fetchone() == (7,)


# ------------------------------------------------------------------------------ build state


def _manifest(tmp_path: Path, seed_checksum: str = "aaa", model_sql: str = "select 1") -> Path:
    manifest = {
        "metadata": {"project_name": "news_etl"},
        "nodes": {
            "seed.news_etl.places": {"resource_type": "seed", "checksum": {"name": "sha256", "checksum": seed_checksum},
                                     "config": {}, "depends_on": {"nodes": []}},
            "test.news_etl.not_null_places_place": {"resource_type": "test", "checksum": {"checksum": "t1"},
                                                    "depends_on": {"nodes": ["seed.news_etl.places"]}},
            "model.news_etl.fct_x": {"resource_type": "model", "checksum": {"checksum": "m1"}, "raw_code": model_sql,
                                     "depends_on": {"nodes": []}},
        },
        "unit_tests": {}, "macros": {},
    }
    path = tmp_path / f"manifest-{seed_checksum}-{len(model_sql)}.json"
    path.write_text(json.dumps(manifest))
    return path


def test_seed_fingerprint_follows_the_seeds_only(tmp_path):
    base = build_state.dbt_fingerprint(_manifest(tmp_path), seeds=True)
    assert build_state.dbt_fingerprint(_manifest(tmp_path, model_sql="select 2"), seeds=True) == base
    assert build_state.dbt_fingerprint(_manifest(tmp_path, seed_checksum="bbb"), seeds=True) != base
    models = build_state.dbt_fingerprint(_manifest(tmp_path), seeds=False)
    assert build_state.dbt_fingerprint(_manifest(tmp_path, model_sql="select 2"), seeds=False) != models


def test_fingerprints_follow_the_files_when_the_manifest_is_stale(tmp_path):
    """An edit to a model or a seed CSV without a ``dbt parse`` leaves the manifest as it was; the
    step must still see it (a full refresh of the models, a rebuild of the seeds)."""
    project = tmp_path / "dbt"
    (project / "models").mkdir(parents=True)
    (project / "seeds").mkdir()
    (project / "models" / "fct_x.sql").write_text("select 1 as x")
    (project / "seeds" / "places.csv").write_text("place\nGeneva\n")
    manifest = _manifest(tmp_path)
    seeds = build_state.dbt_fingerprint(manifest, seeds=True, project_dir=project)
    models = build_state.dbt_fingerprint(manifest, seeds=False, project_dir=project)
    (project / "models" / "fct_x.sql").write_text("select 2 as x")
    assert build_state.dbt_fingerprint(manifest, seeds=False, project_dir=project) != models
    assert build_state.dbt_fingerprint(manifest, seeds=True, project_dir=project) == seeds  # not a seed
    (project / "seeds" / "places.csv").write_text("place\nGeneva\nDoha\n")
    assert build_state.dbt_fingerprint(manifest, seeds=True, project_dir=project) != seeds


def test_fingerprints_are_stored_per_step_in_the_warehouse():
    con = duckdb.connect()
    assert build_state.stored_fingerprint(con, "dbt_seeds") is None
    build_state.store_fingerprint(con, "dbt_seeds", "f1")
    build_state.store_fingerprint(con, "dbt_seeds", "f2")
    build_state.store_fingerprint(con, "dbt_models", "m1")
    assert build_state.stored_fingerprint(con, "dbt_seeds") == "f2"
    build_state.forget_fingerprint(con, "dbt_models")  # before a full refresh: a failed one leaves none
    assert build_state.stored_fingerprint(con, "dbt_models") is None
    build_state.store_fingerprint(con, "dbt_models", "m1")
    assert con.execute(f"select count(*) from {build_state.STATE_TABLE}").fetchone() == (3 - 1,)


# ------------------------------------------------------------------------ marts validation


@pytest.fixture
def mart(tmp_path, monkeypatch):
    monkeypatch.setenv("NEWS_VALIDATION_DIR", str(tmp_path / "validation"))
    con = duckdb.connect()
    con.execute("create schema marts")
    con.execute("""create table marts.fct_amounts as select
        'a' || i as amount_id, 'art' || (i // 2) as article_id, 's' as sentence_id, 10.0 * i as value,
        'USD' as currency, 10.0 * i as value_usd, 'e' as evidence, 0::bigint as char_start, 1::bigint as char_end,
        'm' || i as mention_id, '$1' as amount_text, 0::bigint as match_start, 1::bigint as match_end,
        0::ubigint as source_fingerprint, case when i < 6 then 'old' else 'new' end as load_id
        from range(8) t(i)""")
    return con


def _passed(con, load_id: str, table: str = "marts.fct_amounts", suite: str = "marts_fct_amounts") -> None:
    """Record ``load_id`` as a load that passed ``suite`` (as a successful check does)."""
    con.execute(f"create table if not exists {VALIDATED_LOADS} (table_name varchar, suite_sha256 varchar, "
                "load_id varchar, primary key (table_name, suite_sha256, load_id))")
    con.execute(f"insert into {VALIDATED_LOADS} values (?, ?, ?)", [table, suite_sha256(suite), load_id])


def test_new_rows_go_through_gx_and_uniqueness_through_sql_on_every_row(mart):
    _passed(mart, "old")
    outcome = validate_new_rows(mart, "marts", "fct_amounts", "marts_fct_amounts", load_id="new")
    assert outcome.success
    assert outcome.statistics["row_count"] == 2  # GX saw the two new rows only
    assert outcome.statistics["table_row_count"] == 8
    # an old row repeating a new row's key: only the whole-table SQL aggregate can see it
    mart.execute("update marts.fct_amounts set amount_id = 'a7' where amount_id = 'a0'")
    outcome = validate_new_rows(mart, "marts", "fct_amounts", "marts_fct_amounts", load_id="new")
    assert not outcome.success
    [failure] = outcome.failed
    assert (failure["expectation_type"], failure["column"], failure["unexpected_count"]) == \
        ("expect_column_values_to_be_unique", "amount_id", 1)
    assert failure["unexpected_sample"] == ["a7"] and failure["severity"] == "critical"


def test_a_bad_new_row_fails_gx(mart):
    _passed(mart, "old")
    mart.execute("update marts.fct_amounts set currency = 'usd dollars' where amount_id = 'a6'")
    outcome = validate_new_rows(mart, "marts", "fct_amounts", "marts_fct_amounts", load_id="new")
    assert [f["column"] for f in outcome.failed] == ["currency"]
    assert whole_table_failures(mart, "marts", "fct_amounts", "marts_fct_amounts") == (1, [])


def test_rows_of_a_failed_check_are_validated_again_by_the_next_run(mart):
    """A build writes its rows, then its check fails (blocking the publish): the rows stay in the
    mart. The next run builds nothing new (same fingerprints, a new empty load): its check must
    still see the bad row, or the analytics copy publishes it unchecked."""
    mart.execute("update marts.fct_amounts set currency = 'usd dollars' where amount_id = 'a6'")
    first = validate_new_rows(mart, "marts", "fct_amounts", "marts_fct_amounts", load_id="new")
    assert [f["column"] for f in first.failed] == ["currency"]
    assert first.statistics["row_count"] == 8  # nothing recorded as passed yet: every row
    again = validate_new_rows(mart, "marts", "fct_amounts", "marts_fct_amounts", load_id="next")
    assert [f["column"] for f in again.failed] == ["currency"] and again.statistics["row_count"] == 8
    mart.execute("update marts.fct_amounts set currency = 'USD' where amount_id = 'a6'")  # a fixed rebuild
    assert validate_new_rows(mart, "marts", "fct_amounts", "marts_fct_amounts", load_id="fixed").success
    quiet = validate_new_rows(mart, "marts", "fct_amounts", "marts_fct_amounts", load_id="later")
    assert quiet.success and quiet.statistics["row_count"] == 0  # passed loads are not validated again


def test_an_edited_suite_validates_every_row_again(mart, tmp_path, monkeypatch):
    suites = tmp_path / "expectations"
    suites.mkdir()
    source = REPO / "expectations" / "marts_fct_amounts.json"
    (suites / source.name).write_text(source.read_text())
    monkeypatch.setattr(config, "EXPECTATIONS_DIR", suites)
    assert validate_new_rows(mart, "marts", "fct_amounts", "marts_fct_amounts", load_id="new").success
    assert validate_new_rows(mart, "marts", "fct_amounts", "marts_fct_amounts", load_id="x").statistics["row_count"] == 0
    suite = json.loads(source.read_text())  # a stricter suite: currencies other than EUR are now wrong
    [rule] = [e for e in suite["expectations"] if e["type"] == "expect_column_values_to_match_regex"
              and e["kwargs"]["column"] == "currency"]
    rule["kwargs"]["regex"] = "^EUR$"
    (suites / source.name).write_text(json.dumps(suite))
    outcome = validate_new_rows(mart, "marts", "fct_amounts", "marts_fct_amounts", load_id="y")
    assert outcome.statistics["row_count"] == 8  # the old rows face the new suite
    assert [f["column"] for f in outcome.failed] == ["currency"]


# --------------------------------------------------------------------------- analytics copy


def test_the_analytics_copy_copies_changed_tables_only(tmp_path):
    from dagster_project.defs.assets.publish import analytics_warehouse

    warehouse = tmp_path / "w.duckdb"
    with duckdb.connect(str(warehouse)) as con:
        con.execute("create schema marts; create schema raw; create schema staging")
        con.execute("create table marts.a as select range as x from range(5)")
        con.execute("create table marts.b as select 'b' as y")
        con.execute("create table raw.gone as select 1 as z")
        con.execute("create table staging.not_published as select 1 as z")
    resources = {"duckdb": build_resources(warehouse=warehouse)["duckdb"]}

    def publish() -> dict:
        result = dg.materialize([analytics_warehouse], resources=resources)
        return {k: v.value for k, v in result.asset_materializations_for_node("analytics_warehouse")[0].metadata.items()}

    assert publish()["tables_copied"] == 3
    assert publish()["tables_copied"] == 0  # nothing changed
    with duckdb.connect(str(warehouse)) as con:
        con.execute("insert into marts.a values (99)")
        con.execute("drop table raw.gone")
    assert publish()["tables_copied"] == 1
    with duckdb.connect(str(config.analytics_path_for(warehouse)), read_only=True) as copy:
        assert copy.execute("select count(*), max(x) from marts.a").fetchone() == (6, 99)
        tables = copy.execute("select schema_name || '.' || table_name from duckdb_tables() "
                              "where schema_name <> 'main' order by 1").fetchall()
        assert tables == [("marts.a",), ("marts.b",)]


# ------------------------------------------------------------------ incremental dbt models

RAW_TABLES = ["articles", "quarantined_files", "sentences", "tariff_mentions", "talks_mentions",
              "source_mentions", "amount_mentions"]
PER_ARTICLE = ["dim_articles", "fct_tariffs", "fct_talks", "fct_sources", "fct_amounts", "fct_source_attributions"]


def _dbt(warehouse: Path, target: Path, *args: str) -> dict:
    project = str(REPO / "dbt")
    env = {**os.environ, "NEWS_WAREHOUSE": str(warehouse)}
    done = subprocess.run([str(Path(sys.executable).parent / "dbt"), "build", "--project-dir", project,
                           "--profiles-dir", project, "--target-path", str(target), "--quiet", *args],
                          cwd=REPO, env=env, capture_output=True, text=True, timeout=900)
    assert done.returncode == 0, done.stdout + done.stderr
    return json.loads((target / "run_results.json").read_text())


def _marts(warehouse: Path) -> dict[str, list[str]]:
    """Every marts table's rows (without load_id), as sorted reprs (rows hold lists)."""
    with duckdb.connect(str(warehouse), read_only=True) as con:
        tables = [t for (t,) in con.execute("select table_name from duckdb_tables() where schema_name = 'marts'").fetchall()]
        return {t: sorted(map(repr, con.execute(f"select * exclude (load_id) from marts.{t}" if t in PER_ARTICLE
                                                else f"select * from marts.{t}").fetchall())) for t in tables}


def _copy_article(con, old: str, new: str, text_suffix: str) -> None:
    """A second article: the seed's raw rows under a new article_id (ids rewritten)."""
    for table in RAW_TABLES[2:]:
        con.execute(f"insert into raw.{table} select * replace (replace(article_id, ?, ?) as article_id, "
                    f"replace(sentence_id, ?, ?) as sentence_id{', replace(mention_id, ?, ?) as mention_id' if 'mention' in table else ''}) "
                    f"from raw.{table} where article_id = ?", [old, new, old, new] + ([old, new] if "mention" in table else []) + [old])
    con.execute("insert into raw.articles select * replace (? as article_id, external_id || '-copy' as external_id, "
                "source_path || '-copy' as source_path, text || ? as text) from raw.articles where article_id = ?",
                [new, text_suffix, old])


@pytest.mark.slow
def test_incremental_build_equals_a_full_build_and_touches_only_changed_articles(seed_warehouse, tmp_path):
    warehouse, full = tmp_path / "inc.duckdb", tmp_path / "full.duckdb"
    with duckdb.connect(str(warehouse)) as con:
        con.execute(f"attach '{seed_warehouse}' as seed (read_only)")
        con.execute("create schema raw")
        for table in RAW_TABLES:
            con.execute(f"create table raw.{table} as select * from seed.raw.{table}")
        seed_id = con.execute("select article_id from raw.articles").fetchone()[0]
    first = _dbt(warehouse, tmp_path / "t1")["metadata"]["invocation_id"]

    # a new article: only its rows are built (the seed article's rows keep the first build's load_id)
    new_id = "f" * 64
    with duckdb.connect(str(warehouse)) as con:
        _copy_article(con, seed_id, new_id, " ")
    second = _dbt(warehouse, tmp_path / "t2")["metadata"]["invocation_id"]
    with duckdb.connect(str(warehouse), read_only=True) as con:
        for table in PER_ARTICLE:
            loads = dict(con.execute(f"select article_id, list_distinct(list(load_id)) from marts.{table} group by 1").fetchall())
            assert loads == {seed_id: [first], new_id: [second]}, table

    # the seed article removed, a tariff mention of the new one changed: replaced and deleted
    with duckdb.connect(str(warehouse)) as con:
        for table in RAW_TABLES[2:] + ["articles"]:
            con.execute(f"delete from raw.{table} where article_id = ?", [seed_id])
        con.execute("update raw.tariff_mentions set rate_pct = 99 where mention_id = "
                    "(select min(mention_id) from raw.tariff_mentions where rate_pct = 20)")
    third = _dbt(warehouse, tmp_path / "t3")["metadata"]["invocation_id"]
    with duckdb.connect(str(warehouse), read_only=True) as con:
        assert con.execute("select count(*) from marts.dim_articles").fetchone() == (1,)
        for table in PER_ARTICLE:
            assert con.execute(f"select count(*) from marts.{table} where article_id = ?", [seed_id]).fetchone() == (0,)
        assert con.execute("select distinct load_id from marts.fct_tariffs").fetchall() == [(third,)]
        assert con.execute("select distinct load_id from marts.fct_talks").fetchall() == [(second,)]  # unchanged
        assert con.execute("select count(*) from marts.fct_tariffs where rate_pct = 99").fetchone() == (1,)

    # the same raw rows built from scratch give the same marts
    shutil.copy(warehouse, full)
    with duckdb.connect(str(full)) as con:
        for schema in ("staging", "intermediate", "marts", "reference"):
            con.execute(f"drop schema if exists {schema} cascade")
    _dbt(full, tmp_path / "t4")
    assert _marts(full) == _marts(warehouse)
