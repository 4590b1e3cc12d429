"""Readers on bad input: each case is read correctly or becomes a quarantine row with a reason,
never a crash and never silence; records seen = articles + duplicates + quarantined."""

from __future__ import annotations

import json
from pathlib import Path

import polars as pl
import pytest

from dagster_project.readers import article_id_for, canonical_url, discover_files, read_articles

TEXT = "Seoul lowered tariffs on beef to 30 pct, the trade ministry said on Monday."


def _write(path: Path, content: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    (path.write_bytes if isinstance(content, bytes) else path.write_text)(content)
    return path


def _read(*paths: Path):
    result = read_articles(paths)
    assert result.accounted, (result.records_seen, result.articles.height, result.duplicates, result.rejected)
    return result


def _reason(result) -> str:
    rejected = result.quarantine.filter(pl.col("kind") == "rejected")
    assert rejected.height == 1, result.quarantine.to_dicts()
    return rejected["reason"][0]


@pytest.mark.parametrize(("name", "content", "reason"), [
    ("empty.txt", b"", "empty file: no article text"),
    ("blank.md", b" \n\t\r\n", "empty file: only whitespace"),
    ("empty.jsonl", b"", "empty file"),
    ("empty.csv", b"", "empty file"),
    ("empty.html", b"", "empty file"),
    ("empty.sgm", b"", "empty file"),
    ("zero.parquet", b"", "empty file"),
    ("bin.txt", bytes(range(256)) * 8, "binary file"),
    ("scan.pdf.txt", b"%PDF-1.7\n\x00\x01binary", "binary file (a PDF document)"),
    ("photo.jpg", b"\xff\xd8\xff\xe0\x00\x10JFIF", "unsupported format: .jpg (a JPEG image)"),
    ("broken.parquet", b"PAR1 not really parquet", "not a readable Parquet file"),
    ("invalid.json", b'{"text": "unterminated', "invalid JSON"),
    ("header_only.csv", b"title,text\r\n", "a CSV header without rows"),
    ("no_text.csv", b"a,b\n1,2\n", "no text column"),
    ("bad_quote.csv", b'title,text\nA,"ok"x\n', "invalid CSV"),
    ("not_sgml.sgm", b"just words", "no <REUTERS> element"),
    ("invisible.txt", "\u200b\u200b\u00a0\ufeff".encode(), "no article text (only whitespace or invisible"),
])
def test_unreadable_files_are_quarantined_with_a_reason(tmp_path, name, content, reason):
    result = _read(_write(tmp_path / name, content))
    assert result.articles.height == 0 and result.records_seen == 1
    assert _reason(result).startswith(reason), _reason(result)


def test_over_size_file_is_quarantined_unread(tmp_path, monkeypatch):
    monkeypatch.setenv("NEWS_MAX_FILE_MB", "0.001")  # ~1 KB
    result = _read(_write(tmp_path / "big.txt", TEXT * 100), _write(tmp_path / "small.txt", TEXT))
    assert result.articles["external_id"].to_list() == ["small"]
    assert _reason(result).startswith("file too large: ") and "NEWS_MAX_FILE_MB" in _reason(result)


def test_encodings_bom_crlf_and_invisible_spaces_are_read(tmp_path):
    files = [
        _write(tmp_path / "latin1.txt", "Müller said tariffs on Köln beer rose.".encode("latin-1")),
        _write(tmp_path / "cp1252.txt", "“Tariffs hurt,” said Müller – twice.".encode("cp1252")),
        _write(tmp_path / "mixed.txt", "Zürich: ".encode() + "Müller said so.".encode("latin-1")),
        _write(tmp_path / "bom8.txt", "\ufeffTokyo raised duties.".encode("utf-8")),
        _write(tmp_path / "bom16.txt", "Beijing answered in kind.".encode("utf-16")),
        _write(tmp_path / "crlf.txt", b"Line one.\r\nLine two.\rLine three."),
        _write(tmp_path / "spaces.txt", "Tar\u200biffs\u00a0of 25\u202f% on steel\u00ad.".encode()),
        _write(tmp_path / "mojibake.txt", "Dr. Werner RÃ¼gemer said â\x80\x9cnoâ\x80\x9d.".encode()),
        _write(tmp_path / "koi8.txt", ("Пошлины на сталь выросли до 25 процентов, сообщило министерство "
                                       "торговли в понедельник.").encode("koi8-r")),
    ]
    result = _read(*files)
    assert result.rejected == 0, result.quarantine.to_dicts()
    text = dict(zip(result.articles["external_id"], result.articles["text"]))
    assert text["latin1"] == "Müller said tariffs on Köln beer rose."
    assert text["cp1252"] == "“Tariffs hurt,” said Müller – twice."
    assert text["mixed"] == "Zürich: Müller said so."
    assert text["bom8"] == "Tokyo raised duties." and text["bom16"] == "Beijing answered in kind."
    assert text["crlf"] == "Line one.\nLine two.\nLine three."
    assert text["spaces"] == "Tariffs of 25 % on steel."
    assert text["mojibake"] == "Dr. Werner Rügemer said “no”."
    assert text["koi8"].startswith("Пошлины на сталь")


def test_partly_broken_jsonl_keeps_its_good_lines(tmp_path):
    lines = [json.dumps({"id": "a", "text": TEXT}), "{broken", json.dumps(["a list"]), json.dumps({"id": "c"}),
             "", json.dumps({"id": "d", "text": "Ottawa replied."}), '{"id": "e", "text": "trunc']
    result = _read(_write(tmp_path / "mixed.jsonl", "\n".join(lines)))
    assert result.articles["external_id"].to_list() == ["a", "d"]
    assert (result.records_seen, result.rejected) == (6, 4)
    refs = result.quarantine.filter(pl.col("kind") == "rejected")["record_ref"].to_list()
    assert refs == ["line 2", "line 3", "line 4", "line 7"]


def test_invalid_markup_is_read_as_far_as_it_goes(tmp_path):
    body = " ".join([TEXT] * 4)
    html = f"<html><body><div><p>{body}<p>Unclosed <b>bold <i>tags</div></span></body>"
    result = _read(_write(tmp_path / "broken.html", html))
    assert result.articles.height == 1 and TEXT in result.articles["text"][0]
    rss = ("<rss version='2.0'><channel><title>W</title><item><title>a</title><description>Japan cut tariffs."
           "</description></item><item><title>b</title><description>Half an ite")
    result = _read(_write(tmp_path / "trunc.rss", rss))
    assert result.articles["text"].to_list()[0] == "Japan cut tariffs."
    assert "not well-formed XML" in result.quarantine.filter(pl.col("kind") == "notice")["reason"][0]


def test_sql_and_markup_are_stored_verbatim(tmp_path):
    sql = "Robert'); DROP TABLE raw.articles; -- said tariffs rose. SELECT * FROM marts.fct_tariffs;"
    markup = "<script>alert('x')</script> <b>Tariffs</b> &amp; duties {{ jinja }} ${shell}"
    result = _read(_write(tmp_path / "sql.txt", sql), _write(tmp_path / "markup.txt", markup),
                   _write(tmp_path / "sql.jsonl", json.dumps({"id": "j", "title": "'; DELETE FROM x; --", "text": sql + " J"})))
    text = dict(zip(result.articles["external_id"], result.articles["text"]))
    assert text["sql"] == sql and text["markup"] == markup
    assert result.articles.filter(pl.col("external_id") == "j")["title"][0] == "'; DELETE FROM x; --"


def test_duplicates_by_text_or_canonical_url_are_counted(tmp_path):
    records = [
        {"id": "1", "url": "https://www.ex.com/a?utm_source=tw&id=7", "text": TEXT},
        {"id": "2", "url": "http://ex.com/a/?id=7&fbclid=XYZ#top", "text": TEXT + " Updated."},  # same URL
        {"id": "3", "text": TEXT.replace(" ", "  ") + "\n"},  # same text, other whitespace
        {"id": "4", "url": "https://ex.com/a?id=8", "text": "Other article."},
    ]
    result = _read(_write(tmp_path / "d.jsonl", "\n".join(json.dumps(r) for r in records)),
                   _write(tmp_path / "copy.txt", "\ufeff" + TEXT.replace(" ", "\u00a0", 3)))
    assert result.articles["external_id"].to_list() == ["1", "4"]
    assert (result.records_seen, result.duplicates) == (5, 3)
    dups = result.quarantine.filter(pl.col("kind") == "duplicate")["reason"].to_list()
    assert dups[0].startswith("duplicate (same canonical URL) of article 1")
    assert dups[1].startswith("duplicate (same text) of article 1") and dups[2].startswith("duplicate (same text)")


def test_canonical_url():
    assert canonical_url("HTTPS://Ex.COM:443/a/b/?b=2&utm_medium=x&a=1&gclid=z#frag") == "https://ex.com/a/b?a=1&b=2"
    assert canonical_url("mailto:x@y.z") is None and canonical_url("not a url") is None


def test_article_text_limit(tmp_path, monkeypatch):
    from dagster_project import config

    monkeypatch.setattr(config, "MAX_ARTICLE_CHARS", 50)
    result = _read(_write(tmp_path / "long.txt", TEXT * 2))
    assert _reason(result).startswith("article too long: 150 characters")


def test_unreadable_file_and_reader_errors_do_not_stop_the_run(tmp_path, monkeypatch):
    from dagster_project.readers import ingest

    def explode(path, data):
        yield from ()
        raise RuntimeError("boom")

    monkeypatch.setitem(ingest.READERS, "csv", explode)
    result = _read(_write(tmp_path / "a.csv", "text\nx\n"), _write(tmp_path / "b.txt", TEXT))
    assert _reason(result) == "csv reader failed: RuntimeError: boom"
    assert result.articles["external_id"].to_list() == ["b"]


def test_only_hidden_files_are_skipped(tmp_path):
    _write(tmp_path / ".git" / "config", "x")
    _write(tmp_path / ".DS_Store", b"\x00\x00")
    _write(tmp_path / "sub" / "data.xyz", "x")
    _write(tmp_path / "sub" / "a.txt", TEXT)
    assert [p.name for p in discover_files(tmp_path)] == ["a.txt", "data.xyz"]


def test_article_id_is_of_the_cleaned_text():
    assert article_id_for("Tariffs  rise.\n") == article_id_for("Tariffs rise.")
