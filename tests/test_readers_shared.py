"""Readers on the team's real files (``../shared/corpus/raw/B`` and ``raw/D``; skipped without them):
every file is loaded or quarantined with its reason, and the invariant holds."""

from __future__ import annotations

import json
from pathlib import Path

import polars as pl
import pytest

from dagster_project.readers import discover_files, read_articles


@pytest.fixture(scope="module")
def raw_dir(shared_dir: Path) -> Path:
    raw = shared_dir / "corpus" / "raw"
    if not (raw / "B").is_dir() or not (raw / "D").is_dir():
        pytest.skip(f"{raw}/B and /D not found (only on the team's machines and CI)")
    return raw


@pytest.fixture(scope="module")
def result(raw_dir: Path):
    return read_articles(discover_files(raw_dir / "B") + discover_files(raw_dir / "D"))


def test_every_file_is_loaded_or_quarantined(raw_dir, result):
    files = discover_files(raw_dir / "B") + discover_files(raw_dir / "D")
    assert result.accounted
    sources = set(result.articles["source_path"].str.replace(r"#.*$", "").to_list())
    quarantined = set(result.quarantine.filter(pl.col("kind") != "notice")["source_path"].to_list())
    assert {str(f) for f in files} <= sources | quarantined
    assert result.quarantine.filter(pl.col("kind") == "rejected").is_empty(), result.quarantine.to_dicts()


def test_reuters_sgml_gives_dated_placed_articles_as_in_the_corpus(shared_dir, raw_dir, result):
    sgml = result.articles.filter(pl.col("source_format") == "sgml")
    assert sgml.height == 61  # the 60 files of B and D04
    assert sgml["published_date"].null_count() == 0 and sgml["places"].null_count() == 0
    corpus = {r["id"]: r for r in map(json.loads, (shared_dir / "corpus" / "articles.jsonl").open())}
    for row in sgml.iter_rows(named=True):
        expected = corpus.get(f"B-{row['external_id']}") or corpus["D04-reut2-017-nonutf8"]
        assert row["text"] == expected["text"].rstrip(), row["external_id"]  # the corpus's own extraction
        assert row["title"] == expected["title"]
        assert str(row["published_date"]) == expected["published"][:10]


def test_feed_gives_its_20_items_in_utc(result):
    feed = result.articles.filter(pl.col("source_format") == "feed")
    assert feed.height == 20 and feed["published_at"].null_count() == 0
    assert feed.schema["published_at"] == pl.Datetime("us", "UTC")
    assert feed["url"].str.contains("feedType|utm_").sum() == 0  # tracking parameters dropped


def test_csv_gives_its_articles_with_repaired_text(result):
    csv = result.articles.filter(pl.col("source_format") == "csv")
    csv_dups = result.quarantine.filter((pl.col("kind") == "duplicate") & pl.col("source_path").str.ends_with(".csv"))
    assert csv.height + csv_dups.height == 519  # every row: an article or a counted duplicate
    assert csv["published_date"].null_count() == 0
    joined = "\n".join(csv["text"].to_list())
    assert "Rügemer" in joined and "RÃ¼gemer" not in joined and "\r" not in joined
    assert "var addthis_config" not in joined
    assert csv["text"].str.len_chars().max() > 20000  # the long speech, whole


def test_html_pages_give_their_article_bodies(result):
    html = {r["external_id"]: r for r in result.articles.filter(pl.col("source_format") == "html").iter_rows(named=True)}
    coindesk, decrypt = html["coindesk-20250407-bitcoin-tariff-news"], html["decrypt-20250408-tariffs-ray-dalio"]
    assert "Speculation about a Trump tariff delay" in coindesk["text"] and "Back to menu" not in coindesk["text"]
    assert decrypt["text"].startswith("Billionaire investor Ray Dalio") and decrypt["text"].count("Billionaire investor") == 1
    assert str(coindesk["published_date"]) == "2025-04-07" and decrypt["publisher"] == "Decrypt"
