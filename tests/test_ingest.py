"""Ingest stage: readers, article ids, de-duplication and the quarantine."""

from __future__ import annotations

import json
from pathlib import Path

import polars as pl

from dagster_project.extract.ingest import article_id_for, discover_files, read_articles


def _write(path: Path, content: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    (path.write_bytes if isinstance(content, bytes) else path.write_text)(content)
    return path


def test_article_id_is_sha256_of_whitespace_normalised_text():
    assert article_id_for("Tariffs  rise.\n") == article_id_for("Tariffs rise.")
    assert len(article_id_for("x")) == 64
    assert article_id_for("Tariffs rise.") != article_id_for("Tariffs fall.")


def test_reads_txt_md_and_jsonl_with_metadata(tmp_path):
    _write(tmp_path / "a.txt", "Japan cut tariffs on beef to 50 pct.")
    _write(tmp_path / "sub" / "b.md", "# Trade news\n\nCanada imposed a 25% duty on steel.")
    _write(tmp_path / "feed.jsonl", json.dumps({"id": "r1", "title": "T", "published": "1987-03-27T10:49:39",
                                                "publisher": "Reuters", "url": "u", "text": "EC said so."}) + "\n")
    _write(tmp_path / "ignored.csv", "a,b\n")
    files = discover_files(tmp_path)
    assert [f.name for f in files] == ["a.txt", "feed.jsonl", "b.md"]
    result = read_articles(files)
    rows = {r["external_id"]: r for r in result.articles.iter_rows(named=True)}
    assert set(rows) == {"a", "b", "r1"}
    assert rows["b"]["title"] == "Trade news"
    assert rows["r1"]["publisher"] == "Reuters"
    assert str(rows["r1"]["published_date"]) == "1987-03-27"
    assert rows["a"]["published_date"] is None
    assert rows["r1"]["source_path"].endswith("feed.jsonl#line 1")
    assert result.quarantine.height == 0


def test_same_text_twice_is_one_article(tmp_path):
    _write(tmp_path / "one.txt", "Beijing responded in kind.")
    _write(tmp_path / "two.txt", "Beijing  responded in kind.\n")
    result = read_articles(discover_files(tmp_path))
    assert result.articles["external_id"].to_list() == ["one"]
    assert result.duplicates == 1


def test_bad_input_is_quarantined_with_reason_and_the_rest_is_kept(tmp_path):
    _write(tmp_path / "good.txt", "Seoul lowered tariffs.")
    _write(tmp_path / "empty.txt", "  \n")
    _write(tmp_path / "latin1.txt", b"M\xfcller said tariffs hurt.")
    _write(tmp_path / "mixed.jsonl", '{"id": "ok", "text": "Tokyo said no."}\n{not json}\n{"id": "nt"}\n')
    result = read_articles(discover_files(tmp_path))
    assert sorted(result.articles["external_id"].to_list()) == ["good", "ok"]
    reasons = {(Path(r["source_path"]).name, r["record_ref"]): r["reason"]
               for r in result.quarantine.iter_rows(named=True)}
    assert reasons[("empty.txt", None)].startswith("empty file")
    assert reasons[("latin1.txt", None)].startswith("not valid UTF-8 (byte 1")
    assert reasons[("mixed.jsonl", "line 2")].startswith("invalid JSON")
    assert reasons[("mixed.jsonl", "line 3")].startswith("no article text")
    assert result.quarantine["quarantine_id"].n_unique() == 4
    assert result.quarantine.schema["quarantined_at"] == pl.Datetime("us", "UTC")
