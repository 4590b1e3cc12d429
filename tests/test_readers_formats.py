"""Readers: one test per input format, on small files written here."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import polars as pl

from dagster_project.readers import read_articles, read_file


def _write(path: Path, content: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    (path.write_bytes if isinstance(content, bytes) else path.write_text)(content)
    return path


def _one(path: Path) -> dict:
    result = read_articles([path])
    assert result.accounted
    assert result.articles.height == 1, result.quarantine.to_dicts()
    return result.articles.row(0, named=True)


BODY = ("Japan said on Monday it would cut tariffs on beef imports to 30 percent from 50 percent, "
        "a move welcomed by Australian and U.S. exporters. The cut takes effect in April, "
        "trade ministry officials told reporters in Tokyo.")


def test_txt_and_markdown_with_front_matter(tmp_path):
    row = _one(_write(tmp_path / "a.md", "---\ntitle: Beef tariffs\npublished: 2025-03-03T09:00:00+09:00\n"
                                         "publisher: Example Wire\nurl: https://ex.com/beef?utm_source=x\n---\n"
                                         f"# Heading\n\n{BODY}\n"))
    assert (row["title"], row["publisher"], str(row["published_date"])) == ("Beef tariffs", "Example Wire", "2025-03-03")
    assert row["published_at"] == datetime(2025, 3, 3, 0, 0, tzinfo=UTC)  # stored in UTC
    assert row["url"] == "https://ex.com/beef" and row["text"].startswith("# Heading")
    assert row["source_format"] == "markdown"
    plain = _one(_write(tmp_path / "b.txt", BODY))
    assert (plain["external_id"], plain["title"], plain["source_format"]) == ("b", None, "text")


def test_json_list_and_object(tmp_path):
    items = [{"id": "x1", "headline": "One", "body": BODY, "link": "https://a.org/1"},
             {"id": "x2", "title": "Two", "content": BODY + " Second."}]
    result = read_articles([_write(tmp_path / "dump.json", json.dumps({"articles": items}))])
    assert result.articles["external_id"].to_list() == ["x1", "x2"]
    assert result.articles["title"].to_list() == ["One", "Two"]
    assert result.articles["source_path"].str.ends_with("#item 1")[0]
    single = _one(_write(tmp_path / "one.json", json.dumps({"text": BODY, "date": "March 3, 2025"})))
    assert str(single["published_date"]) == "2025-03-03" and single["external_id"] == "one"


def test_html_page_main_text_and_metadata(tmp_path):
    page = (f"""<!DOCTYPE html><html><head><title>Beef tariffs cut - Example News</title>
<meta property="og:site_name" content="Example News"><meta name="author" content="Ann Reporter">
<meta property="article:published_time" content="2025-03-03T09:00:00+09:00">
<link rel="canonical" href="https://news.example.com/beef?fbclid=abc"></head>
<body><nav><a href="/">Home</a> <a href="/world">World</a></nav><script>var x = 1;</script>
<article><h1>Japan cuts beef tariffs</h1><p>{BODY}</p><p>Exporters said the move was overdue.</p></article>
<footer>Copyright Example News. All rights reserved.</footer></body></html>""")
    row = _one(_write(tmp_path / "page.html", page))
    assert "cut tariffs on beef" in row["text"] and "var x" not in row["text"] and "All rights reserved" not in row["text"]
    assert row["author"] == "Ann Reporter" and row["publisher"] == "Example News"
    assert str(row["published_date"]) == "2025-03-03"
    assert row["published_at"] == datetime(2025, 3, 3, 0, 0, tzinfo=UTC)
    assert row["url"] == "https://news.example.com/beef"


def test_html_page_without_body_is_quarantined(tmp_path):
    result = read_articles([_write(tmp_path / "login.html", "<html><head><title>Sign in</title></head><body>"
                                   "<nav>Home | News</nav><form><input name=u></form></body></html>")])
    assert result.articles.height == 0 and result.accounted
    [row] = result.quarantine.to_dicts()
    assert row["kind"] == "rejected" and row["reason"].startswith("no article body in the HTML page")


RSS = """<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>Example Wire</title>
<item><title>Beef tariffs cut</title><link>https://ex.com/beef?utm_campaign=rss</link><guid>beef-1</guid>
<pubDate>Sat, 19 Jan 2019 03:47:23 -0500</pubDate><description>Japan &lt;b&gt;cut&lt;/b&gt; tariffs on beef.</description></item>
<item><title>Steel duty</title><link>https://ex.com/steel</link><pubDate>Fri, 18 Jan 2019 22:00:00 +0100</pubDate>
<description>Canada imposed a 25% duty on steel.</description></item>
</channel></rss>"""


def test_rss_items_are_articles_with_utc_times(tmp_path):
    result = read_articles([_write(tmp_path / "wire.rss", RSS)])
    rows = result.articles.to_dicts()
    assert [r["external_id"] for r in rows] == ["beef-1", "https://ex.com/steel"]
    assert rows[0]["text"] == "Japan cut tariffs on beef." and rows[0]["publisher"] == "Example Wire"
    assert rows[0]["published_at"] == datetime(2019, 1, 19, 8, 47, 23, tzinfo=UTC)
    assert rows[1]["published_at"] == datetime(2019, 1, 18, 21, 0, tzinfo=UTC)
    assert str(rows[1]["published_date"]) == "2019-01-18"  # the date as written
    assert rows[0]["url"] == "https://ex.com/beef"
    assert {r["source_format"] for r in rows} == {"feed"}


def test_atom_feed(tmp_path):
    atom = """<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>Atom Wire</title>
<entry><id>urn:1</id><title>Talks</title><updated>2025-05-10T12:00:00Z</updated>
<content type="html">&lt;p&gt;US and China met in Geneva.&lt;/p&gt;</content></entry></feed>"""
    row = _one(_write(tmp_path / "wire.atom", atom))
    assert (row["external_id"], row["text"]) == ("urn:1", "US and China met in Geneva.")
    assert row["published_at"] == datetime(2025, 5, 10, 12, 0, tzinfo=UTC)


def test_feed_extension_that_is_not_a_feed_is_quarantined(tmp_path):
    for name, content in (("page.rss", "<html><body><p>Hello</p></body></html>"), ("notes.xml", "just some words"),
                          ("broken.rss", "<rss version='2.0'><channel><title>t</title>")):
        result = read_articles([_write(tmp_path / name, content)])
        assert result.articles.height == 0 and result.rejected == 1, name
        reason = result.quarantine["reason"][0]
        assert reason.startswith(("not an RSS or Atom feed", "an rss20 feed with no items")), reason


def test_csv_with_multiline_quoted_fields_crlf_and_usual_names(tmp_path):
    rows = ['"",link,Headline,Date,Body',
            f'0,https://ex.com/a,Beef,"December 15, 2018","{BODY}\r\n\r\nSecond paragraph, with ""quotes""."',
            '1,https://ex.com/b,Empty,"December 16, 2018",""',
            '2,https://ex.com/c,Steel,"December 17, 2018","Canada imposed a 25% duty. var addthis_config = {""a"":false};"']
    result = read_articles([_write(tmp_path / "scrape.csv", "\r\n".join(rows) + "\r\n")])
    assert result.accounted and result.records_seen == 3 and result.rejected == 1
    a, c = result.articles.to_dicts()
    assert a["text"].endswith('Second paragraph, with "quotes".') and "\r" not in a["text"]
    assert "\n\n" in a["text"] and a["title"] == "Beef" and str(a["published_date"]) == "2018-12-15"
    assert c["text"] == "Canada imposed a 25% duty."  # trailing inline JavaScript cut (and reported)
    kinds = dict(zip(result.quarantine["reason"].str.slice(0, 20), result.quarantine["kind"]))
    assert kinds == {"row without article ": "rejected", "trailing inline Java": "notice"}


def test_tsv_and_semicolon_csv(tmp_path):
    assert _one(_write(tmp_path / "a.tsv", f"title\ttext\nT\t{BODY}\n"))["title"] == "T"
    assert _one(_write(tmp_path / "b.csv", f"title;content\nT;{BODY}\n"))["title"] == "T"


def test_parquet(tmp_path):
    path = tmp_path / "dump.parquet"
    pl.DataFrame({"ID": ["p1", "p2"], "Title": ["A", "B"], "Content": [BODY, None],
                  "published": ["2025-01-02", "2025-01-03"]}).write_parquet(path)
    result = read_articles([path])
    assert result.articles["external_id"].to_list() == ["p1"] and result.rejected == 1 and result.accounted
    disguised = _write(tmp_path / "dump.bin", path.read_bytes())  # detected by content (PAR1)
    assert read_file(disguised)[0] == "parquet"


SGML = """<!DOCTYPE lewis SYSTEM "lewis.dtd">
<REUTERS TOPICS="YES" NEWID="101">
<DATE>27-MAR-1987 10:49:39.83</DATE>
<TOPICS><D>trade</D></TOPICS><PLACES><D>usa</D><D>japan</D></PLACES>
<TEXT>&#2;
<TITLE>U.S. TO RAISE TARIFFS &lt;JAPAN&gt;</TITLE>
<DATELINE>    WASHINGTON, March 27 - </DATELINE><BODY>The U.S. will raise tariffs on Japanese
chips to 100 pct, officials said. AT&T said it backs the move.
 Reuter
&#3;</BODY></TEXT>
</REUTERS>
<REUTERS TOPICS="NO" NEWID="102">
<DATE> 2-JUN-1987 09:14:36.57</DATE><PLACES></PLACES>
<TEXT TYPE="BRIEF">&#2;
******<TITLE>JAPAN CHIP TALKS BEGIN</TITLE>
&#3;
</TEXT>
</REUTERS>
"""


def test_reuters_sgml_elements_with_dates_and_places(tmp_path):
    result = read_articles([_write(tmp_path / "reut2-000.sgm", SGML)])
    assert result.records_seen == 2 and result.rejected == 1 and result.accounted
    row = result.articles.row(0, named=True)
    assert row["external_id"] == "reut-101" and row["places"] == ["usa", "japan"]
    assert row["title"] == "U.S. TO RAISE TARIFFS <JAPAN>"
    assert row["text"].startswith("WASHINGTON, March 27 - The U.S. will raise") and row["text"].endswith(" Reuter")
    assert "AT&T" in row["text"] and "\x03" not in row["text"]
    assert str(row["published_date"]) == "1987-03-27" and row["published_at"] is None  # no zone on the wire
    assert result.quarantine.filter(pl.col("kind") == "rejected")["record_ref"].to_list() == ["NEWID 102"]
    # detected by content too
    assert read_file(_write(tmp_path / "wire.dat", SGML))[0] == "sgml"


def test_unknown_extension_is_unsupported_and_content_detection(tmp_path):
    result = read_articles([_write(tmp_path / "notes.docx", b"PK\x03\x04rest"), _write(tmp_path / "README", "words")])
    reasons = result.quarantine["reason"].to_list()
    assert reasons[0].startswith("unsupported format: .docx (a ZIP archive") and result.accounted
    assert reasons[1].startswith("unsupported format: no extension (text)")
    assert read_file(_write(tmp_path / "page", f"<!doctype html><html><body><p>{BODY}</p></body></html>"))[0] == "html"
    assert read_file(_write(tmp_path / "feed.html", RSS))[0] == "feed"
