"""Ingest stage: readers, article ids, de-duplication and the quarantine."""

from __future__ import annotations

import json
from pathlib import Path

import polars as pl

from dagster_project.readers import article_id_for, discover_files, read_articles


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
    _write(tmp_path / "notes.csv", "a,b\n")
    _write(tmp_path / ".hidden.txt", "skipped")
    files = discover_files(tmp_path)
    assert [f.name for f in files] == ["a.txt", "feed.jsonl", "notes.csv", "b.md"]  # only hidden files skipped
    result = read_articles(files)
    rows = {r["external_id"]: r for r in result.articles.iter_rows(named=True)}
    assert set(rows) == {"a", "b", "r1"}
    assert rows["b"]["title"] == "Trade news"
    assert rows["r1"]["publisher"] == "Reuters"
    assert str(rows["r1"]["published_date"]) == "1987-03-27"
    assert rows["a"]["published_date"] is None
    assert rows["r1"]["source_path"].endswith("feed.jsonl#line 1")
    [notes] = result.quarantine.iter_rows(named=True)  # a CSV without a text column
    assert notes["kind"] == "rejected" and notes["reason"].startswith("no text column")


def test_same_text_twice_is_one_article(tmp_path):
    _write(tmp_path / "one.txt", "Beijing responded in kind.")
    _write(tmp_path / "two.txt", "Beijing  responded in kind.\n")
    result = read_articles(discover_files(tmp_path))
    assert result.articles["external_id"].to_list() == ["one"]
    assert result.duplicates == 1


def test_bad_input_is_quarantined_with_reason_and_the_rest_is_kept(tmp_path):
    _write(tmp_path / "good.txt", "Seoul lowered tariffs.")
    _write(tmp_path / "empty.txt", "  \n")
    _write(tmp_path / "binary.txt", bytes(range(256)) * 4)
    _write(tmp_path / "mixed.jsonl", '{"id": "ok", "text": "Tokyo said no."}\n{not json}\n{"id": "nt"}\n')
    result = read_articles(discover_files(tmp_path))
    assert sorted(result.articles["external_id"].to_list()) == ["good", "ok"]
    assert result.accounted and (result.records_seen, result.rejected) == (6, 4)
    reasons = {(Path(r["source_path"]).name, r["record_ref"]): r["reason"]
               for r in result.quarantine.iter_rows(named=True)}
    assert reasons[("empty.txt", None)].startswith("empty file")
    assert reasons[("binary.txt", None)].startswith("binary file")
    assert reasons[("mixed.jsonl", "line 2")].startswith("invalid JSON")
    assert reasons[("mixed.jsonl", "line 3")].startswith("no article text")
    assert result.quarantine["quarantine_id"].n_unique() == 4
    assert result.quarantine.schema["quarantined_at"] == pl.Datetime("us", "UTC")


def test_jsonl_splits_on_newline_only(tmp_path):
    lines = [json.dumps({"id": "a", "text": "Line one\u2028line two."}, ensure_ascii=False),
             json.dumps({"id": "b", "text": "Second article."})]
    result = read_articles([_write(tmp_path / "feed.jsonl", "\r\n".join(lines) + "\r\n")])
    assert result.quarantine.height == 0
    assert result.articles["source_path"].str.extract(r"#(line \d+)").to_list() == ["line 1", "line 2"]
    assert result.articles["text"][0] == "Line one\u2028line two."


def test_published_dates_parsed_or_reported(tmp_path):
    records = [{"id": "iso", "published": "2019-01-19T03:57:29-05:00", "text": "A."},
               {"id": "rfc", "published": "Mon, 03 Mar 2025 10:00:00 GMT", "text": "B."},
               {"id": "typo", "published": "0202-03-03", "text": "C."},
               {"id": "none", "published": None, "text": "D."}]
    result = read_articles([_write(tmp_path / "f.jsonl", "\n".join(json.dumps(r) for r in records))])
    dates = {r["external_id"]: r["published_date"] for r in result.articles.iter_rows(named=True)}
    assert str(dates["iso"]) == "2019-01-19" and str(dates["rfc"]) == "2025-03-03"
    assert dates["typo"] is None and dates["none"] is None  # the article is kept...
    [warning] = result.quarantine.iter_rows(named=True)  # ...and the unusable value reported
    assert warning["record_ref"] == "line 3"
    assert warning["reason"].startswith("published '0202-03-03' is not a date between 1900 and 2100")


def test_ingest_asset_mirrors_the_input_folder(tmp_path):
    import dagster as dg
    import duckdb
    from dagster_duckdb import DuckDBResource

    from dagster_project.defs.assets.raw import raw_stages
    from dagster_project.defs.resources import NewsInputResource

    inputs, warehouse = tmp_path / "in", tmp_path / "w.duckdb"
    _write(inputs / "keep.txt", "Seoul lowered tariffs on beef to 30 pct.")
    _write(inputs / "edit.txt", "Japan raised tariffs on rice to 30%.")
    _write(inputs / "gone.txt", "India imposed a 20% duty on U.S. almonds.")
    _write(inputs / "fixme.txt", b"")
    resources = {"news_input": NewsInputResource(input_dir=str(inputs)), "duckdb": DuckDBResource(database=str(warehouse))}

    def state():
        with duckdb.connect(str(warehouse), read_only=True) as con:
            articles = dict(con.execute("select external_id, ingested_at from raw.articles").fetchall())
            reasons = [r for (r,) in con.execute("select reason from raw.quarantined_files").fetchall()]
        return articles, reasons

    assert dg.materialize([raw_stages], resources=resources).success
    first, reasons = state()
    assert set(first) == {"keep", "edit", "gone"} and len(reasons) == 1

    _write(inputs / "edit.txt", "Japan raised tariffs on rice to 45%.")
    (inputs / "gone.txt").unlink()
    _write(inputs / "fixme.txt", "Müller said tariffs hurt.")
    assert dg.materialize([raw_stages], resources=resources).success
    second, reasons = state()
    assert set(second) == {"keep", "edit", "fixme"}  # one row per file as it is now
    assert second["keep"] == first["keep"]  # unchanged article keeps its first ingested_at
    assert reasons == []
