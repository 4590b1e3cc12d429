"""Readers: input files -> articles or quarantine rows, one module per format behind one interface.

``read_file(path) -> (format, [Article | Rejected | Notice])`` (``ingest.read_file``) picks the
reader by content and extension (``detect``); every reader is ``read(path, data) -> records``
(``base``). ``read_articles(files)`` reads many files, cleans the text, drops duplicates with a
count and returns the frames of ``raw.articles`` and ``raw.quarantined_files``.

| module | formats |
|---|---|
| ``text`` | ``.txt``, ``.md`` (optional YAML front matter) |
| ``jsonl`` | ``.jsonl``, ``.json`` |
| ``html`` | ``.html``, ``.htm`` (trafilatura) |
| ``feed`` | ``.xml``, ``.rss``, ``.atom`` (feedparser) |
| ``tabular`` | ``.csv``, ``.tsv``, ``.parquet`` |
| ``sgml`` | ``.sgm`` (Reuters-21578) |
"""

from dagster_project.readers.dates import PUBLISHED_RANGE, parse_published
from dagster_project.readers.ingest import (
    IngestResult, article_id_for, discover_files, keep_first_seen, read_articles, read_file,
)
from dagster_project.readers.urls import canonical_url

__all__ = ["PUBLISHED_RANGE", "IngestResult", "article_id_for", "canonical_url", "discover_files",
           "keep_first_seen", "parse_published", "read_articles", "read_file"]
