"""End to end on the seed article: the main job's marts hold the right facts, and nothing invented."""

from __future__ import annotations

import duckdb
import pytest

from dagster_project.config import analytics_path_for
from tests.conftest import SEED_ID, SEEDS, run_main_job

pytestmark = pytest.mark.slow


@pytest.fixture
def con(seed_warehouse):
    # opened per test and closed after it: DuckDB refuses a writer while any reader holds the file
    with duckdb.connect(str(seed_warehouse), read_only=True) as connection:
        yield connection


def rows(con, sql: str, *params) -> list[dict]:
    cur = con.execute(sql, list(params))
    names = [d[0] for d in cur.description]
    return [dict(zip(names, r)) for r in cur.fetchall()]


def test_dim_articles_has_the_seed(con):
    [article] = rows(con, "select * from marts.dim_articles")
    assert article["external_id"] == SEED_ID
    assert article["word_count"] == 1678  # whitespace-separated tokens
    assert article["published_date"] is None


def test_tariff_20_percent_on_chinese_goods(con):
    found = rows(con, "select * from marts.fct_tariffs where rate_pct = 20")
    assert [(r["imposer_iso3"], r["target_iso3"], r["action"], r["goods"]) for r in found] == [
        ("USA", "CHN", "imposed", "Chinese goods")
    ]
    assert "Trump imposed a 20% tariff on Chinese goods" in found[0]["evidence"]


def test_de_minimis_exemption_removed(con):
    found = rows(con, "select * from marts.fct_tariffs where evidence like '%de minimis%'")
    assert [(r["imposer_iso3"], r["target_iso3"], r["action"]) for r in found] == [("USA", "CHN", "removed")]


def test_geneva_talks_between_china_and_us_with_he_lifeng(con):
    found = rows(con, "select * from marts.fct_talks where location = 'Geneva'")
    assert len(found) == 1
    talk = found[0]
    assert talk["location_iso3"] == "CHE"
    assert {"CHN", "USA"} <= set(talk["parties"])
    assert "He Lifeng" in talk["participants"]


def test_named_sources_with_title_and_affiliation(con):
    people = {r["name"]: r for r in rows(con, "select * from marts.fct_sources where source_kind = 'named_person'")}
    assert people["Scott Kennedy"]["affiliation"] == "Center for Strategic and International Studies"
    assert people["Hua Chunying"]["title"] == "Vice Foreign Minister"
    # "Kennedy said" later in the article is the same source
    assert not any(name == "Kennedy" for name in people)


def test_anonymous_source_count(con):
    found = rows(con, "select * from marts.fct_sources where descriptor = 'three officials familiar with Beijing''s thinking'")
    assert [(r["source_kind"], r["anonymous_count"]) for r in found] == [("anonymous", 3)]


def test_amounts_and_nothing_invented(con):
    amounts = {(r["value"], r["currency"], r["value_usd"]) for r in rows(con, "select * from marts.fct_amounts")}
    assert (32e9, "USD", 32e9) in amounts
    assert (800.0, "USD", 800.0) in amounts
    assert not any(value == 16e6 for value, _, _ in amounts)
    assert rows(con, "select * from marts.fct_tariffs where evidence like '%16 million jobs%'") == []


@pytest.mark.parametrize("table", ["fct_tariffs", "fct_talks", "fct_sources", "fct_amounts"])
def test_evidence_offsets_point_into_the_article(con, table):
    bad = rows(con, f"""
        select f.evidence from marts.{table} f join raw.articles a using (article_id)
        where substring(a.text, f.char_start + 1, f.char_end - f.char_start) <> f.evidence""")
    assert bad == []
    assert rows(con, f"select count(*) as n from marts.{table}")[0]["n"] > 0


def test_second_run_leaves_every_table_unchanged(seed_warehouse, tmp_path, monkeypatch):
    monkeypatch.setenv("NEWS_VALIDATION_DIR", str(tmp_path / "validation"))

    def counts():
        with duckdb.connect(str(seed_warehouse), read_only=True) as c:
            tables = c.execute("select table_schema, table_name from information_schema.tables "
                               "where table_schema in ('raw', 'marts')").fetchall()
            return {f"{s}.{t}": c.execute(f'select count(*) from "{s}"."{t}"').fetchone()[0] for s, t in tables}

    before = counts()
    # An analyst querying the published copy while the run writes does not block it.
    analytics = analytics_path_for(seed_warehouse)
    with duckdb.connect(str(analytics), read_only=True) as analyst:
        tariffs_seen = analyst.execute("select count(*) from marts.fct_tariffs").fetchone()[0]
        assert run_main_job(SEEDS, seed_warehouse, tmp_path).success
        assert analyst.execute("select count(*) from marts.fct_tariffs").fetchone()[0] == tariffs_seen
    assert counts() == before
    assert before["raw.articles"] == 1
    with duckdb.connect(str(analytics), read_only=True) as fresh:
        assert fresh.execute("select count(*) from marts.fct_tariffs").fetchone()[0] == before["marts.fct_tariffs"]
