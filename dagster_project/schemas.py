"""Column contracts of the ``raw`` tables written by the Python stages (Polars dtypes).

These are the interfaces between stages: ingest -> segment -> extract -> load -> dbt.
Every extraction table shares :data:`EVIDENCE_COLUMNS`: ``evidence`` is the sentence that
states the fact, ``char_start``/``char_end`` its span in ``raw.articles.text`` (0-based,
end-exclusive, in characters, so ``text[char_start:char_end] == evidence``), and
``match_start``/``match_end`` the span of the words that triggered the row (rate, amount,
speaker, ...), also in article characters.
"""

from __future__ import annotations

import polars as pl

UTC_TS = pl.Datetime("us", "UTC")

ARTICLES: dict[str, pl.DataType] = {
    "article_id": pl.String,  # sha256 hex of the whitespace-normalised text
    "external_id": pl.String,  # id of the record (JSON id, feed guid, reut-<NEWID>) or file stem
    "source_path": pl.String,
    "title": pl.String,
    "publisher": pl.String,
    "published_date": pl.Date,
    "text": pl.String,
    "ingested_at": UTC_TS,
    "author": pl.String,  # byline, where the input has one
    "url": pl.String,  # canonical URL (tracking parameters and #fragment dropped), where known
    "published_at": UTC_TS,  # publication instant in UTC, only where the input gives a time zone
    "places": pl.List(pl.String),  # places as coded by the input (Reuters-21578 PLACES: "usa", "japan")
    "source_format": pl.String,  # reader: text|markdown|jsonl|json|html|feed|csv|parquet|sgml
}

QUARANTINE: dict[str, pl.DataType] = {
    "quarantine_id": pl.String,  # sha256 of source_path + record_ref + reason
    "source_path": pl.String,
    "record_ref": pl.String,  # "line 7", "row 12", "item 3", "NEWID 10455"; null for whole files
    "kind": pl.String,  # rejected (record not loaded) | duplicate (of a loaded article) | notice (record loaded)
    "reason": pl.String,
    "raw_excerpt": pl.String,  # first 500 characters of what could be read (hex for binary)
    "quarantined_at": UTC_TS,
}

SENTENCES: dict[str, pl.DataType] = {
    "sentence_id": pl.String,  # "<article_id>:<sentence_index>"
    "article_id": pl.String,
    "paragraph_index": pl.Int32,  # 0-based
    "sentence_index": pl.Int32,  # 0-based within the article
    "char_start": pl.Int64,
    "char_end": pl.Int64,
    "text": pl.String,
}

EVIDENCE_COLUMNS: dict[str, pl.DataType] = {
    "mention_id": pl.String,  # "<sentence_id>:<match_start>[:<n>]", unique per table
    "article_id": pl.String,
    "sentence_id": pl.String,
    "evidence": pl.String,
    "char_start": pl.Int64,
    "char_end": pl.Int64,
    "match_start": pl.Int64,
    "match_end": pl.Int64,
}

TARIFF_MENTIONS: dict[str, pl.DataType] = {
    **EVIDENCE_COLUMNS,
    "imposer_iso3": pl.String,
    "target_iso3": pl.String,
    "rate_pct": pl.Float64,  # percent, e.g. 25.0
    "previous_rate_pct": pl.Float64,  # "from 10% to 25%" -> 10.0
    "goods": pl.String,
    "action": pl.String,  # imposed|raised|threatened|cut|removed|paused|exempted|retaliation
    "value_usd": pl.Float64,  # trade value covered, US dollars (from AMOUNT_MENTIONS of the sentence)
}

TALKS_MENTIONS: dict[str, pl.DataType] = {
    **EVIDENCE_COLUMNS,
    "event_type": pl.String,  # talks|meeting|summit|call|negotiations|agreement_signing
    "location": pl.String,
    "location_iso3": pl.String,
    "parties": pl.List(pl.String),  # sorted ISO 3166-1 alpha-3
    "participants": pl.List(pl.String),
    "date_text": pl.String,
    "event_date": pl.Date,
    "location_kind": pl.String,  # city|region|country|unknown (a place named only by its kind)
}

SOURCE_MENTIONS: dict[str, pl.DataType] = {
    **EVIDENCE_COLUMNS,
    "source_kind": pl.String,  # named_person|named_organization|anonymous|document
    "name": pl.String,
    "title": pl.String,
    "affiliation": pl.String,
    "anonymous_count": pl.Int32,
    "descriptor": pl.String,
    "quote": pl.String,
}

AMOUNT_MENTIONS: dict[str, pl.DataType] = {
    **EVIDENCE_COLUMNS,
    "value": pl.Float64,  # in currency units, e.g. 32e9
    "currency": pl.String,  # ISO 4217
    "value_usd": pl.Float64,  # only where currency is USD
    "amount_text": pl.String,  # the words matched, e.g. "$32 billion"
}

QUARANTINE_KINDS = ("rejected", "duplicate", "notice")
TARIFF_ACTIONS = ("imposed", "raised", "threatened", "cut", "removed", "paused", "exempted", "retaliation")
TALKS_EVENT_TYPES = ("talks", "meeting", "summit", "call", "negotiations", "agreement_signing")
SOURCE_KINDS = ("named_person", "named_organization", "anonymous", "document")

#: raw table name -> schema, in load order.
RAW_TABLES: dict[str, dict[str, pl.DataType]] = {
    "articles": ARTICLES,
    "quarantined_files": QUARANTINE,
    "sentences": SENTENCES,
    "tariff_mentions": TARIFF_MENTIONS,
    "talks_mentions": TALKS_MENTIONS,
    "source_mentions": SOURCE_MENTIONS,
    "amount_mentions": AMOUNT_MENTIONS,
}


def conform(df: pl.DataFrame, schema: dict[str, pl.DataType]) -> pl.DataFrame:
    """Return ``df`` with exactly ``schema``'s columns, in order, cast to its dtypes.

    Missing columns are added as nulls; extra columns are dropped.

    Raises:
        polars.exceptions.InvalidOperationError: a column cannot be cast (strict cast).
    """
    return df.select(
        [
            (pl.col(name) if name in df.columns else pl.repeat(None, pl.len(), dtype=dtype)).cast(dtype).alias(name)
            for name, dtype in schema.items()
        ]
    )
