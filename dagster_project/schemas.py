"""Column contracts of the ``raw`` tables written by the Python stages (Polars dtypes).

These are the interfaces between stages: ingest -> segment -> extract -> load -> dbt.
Every extraction table shares :data:`EVIDENCE_COLUMNS`: ``evidence`` is the sentence that
states the fact (or its tail, for a tariff that a measure answers: "in response to U.S. duties
..."), ``char_start``/``char_end`` its span in ``raw.articles.text`` (0-based,
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
    "source_format": pl.String,  # SOURCE_FORMATS (the reader)
}

QUARANTINE: dict[str, pl.DataType] = {
    "quarantine_id": pl.String,  # sha256 of source_path + record_ref + reason
    "source_path": pl.String,
    "record_ref": pl.String,  # "line 7", "row 12", "item 3", "NEWID 10455"; null for whole files
    "kind": pl.String,  # QUARANTINE_KINDS
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
    "action": pl.String,  # TARIFF_ACTIONS
    "value_usd": pl.Float64,  # trade value covered, US dollars (from AMOUNT_MENTIONS of the sentence)
}

TALKS_MENTIONS: dict[str, pl.DataType] = {
    **EVIDENCE_COLUMNS,
    "event_type": pl.String,  # TALKS_EVENT_TYPES
    "location": pl.String,
    "location_iso3": pl.String,
    "parties": pl.List(pl.String),  # sorted ISO 3166-1 alpha-3
    "participants": pl.List(pl.String),
    "date_text": pl.String,
    "event_date": pl.Date,
    "location_kind": pl.String,  # LOCATION_KINDS
}

SOURCE_MENTIONS: dict[str, pl.DataType] = {
    **EVIDENCE_COLUMNS,
    "source_kind": pl.String,  # SOURCE_KINDS
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

# ------------------------------------------------------------------------------ vocabularies
# The closed vocabularies (enums) of the pipeline, defined here once. The GX suites in
# expectations/ and the dbt YAML follow them: ``scripts/contracts.py --write`` regenerates the
# suites' value sets and column lists and the ``vars:`` block of dbt/dbt_project.yml (which the dbt
# YAML's accepted_values tests read with ``{{ var('<name>') }}``); tests/test_contracts.py fails,
# naming the file and the list, when anything disagrees. See dagster_project/contracts.py.

#: raw.articles.source_format: the reader that read the article.
SOURCE_FORMATS = ("text", "markdown", "jsonl", "json", "html", "feed", "csv", "parquet", "sgml")
#: raw.quarantined_files.kind: rejected (record not loaded), duplicate (of a loaded article),
#: notice (record loaded; a value dropped or repaired).
QUARANTINE_KINDS = ("rejected", "duplicate", "notice")
#: raw.tariff_mentions.action: what the sentence says happens to the tariff.
TARIFF_ACTIONS = ("imposed", "raised", "threatened", "cut", "removed", "paused", "exempted", "retaliation")
#: raw.talks_mentions.event_type.
TALKS_EVENT_TYPES = ("talks", "meeting", "summit", "call", "negotiations", "agreement_signing")
#: raw.talks_mentions.location_kind: what the venue gazetteer knows the location as; unknown is a
#: place named only by its kind ("the resort town of X").
LOCATION_KINDS = ("city", "region", "country", "unknown")
#: raw.source_mentions.source_kind: who said it.
SOURCE_KINDS = ("named_person", "named_organization", "anonymous", "document")
#: marts.dim_actors.actor_kind: the named source kinds (anonymous sources and documents are no actors).
ACTOR_KINDS = ("named_person", "named_organization")
#: marts.dim_actors.country_matched_from: where the actor's country was found.
ACTOR_COUNTRY_MATCHED_FROM = ("affiliation", "title", "name")
#: marts.mart_source_anonymity.grain.
ANONYMITY_GRAINS = ("article", "publisher")
#: marts.fct_ingest_audit.outcome: what became of an input file.
INGEST_OUTCOMES = ("loaded", "loaded_with_issues", "duplicate", "quarantined")

#: vocabulary name -> values. The names are the dbt vars (dbt/dbt_project.yml ``vars:``).
VOCABULARIES: dict[str, tuple[str, ...]] = {
    "source_formats": SOURCE_FORMATS,
    "quarantine_kinds": QUARANTINE_KINDS,
    "tariff_actions": TARIFF_ACTIONS,
    "talks_event_types": TALKS_EVENT_TYPES,
    "location_kinds": LOCATION_KINDS,
    "source_kinds": SOURCE_KINDS,
    "actor_kinds": ACTOR_KINDS,
    "actor_country_matched_from": ACTOR_COUNTRY_MATCHED_FROM,
    "anonymity_grains": ANONYMITY_GRAINS,
    "ingest_outcomes": INGEST_OUTCOMES,
}

#: ``"<schema>.<table>.<column>"`` -> vocabulary name: every column that holds a closed vocabulary,
#: in the raw tables (GX suites ``raw_<table>``) and the dbt models (``staging``, ``marts``; GX suites
#: ``marts_<model>`` where one exists). Each listed raw/marts column with a GX suite gets an
#: ``expect_column_values_to_be_in_set`` and each dbt column an ``accepted_values`` test on its
#: vocabulary; a vocabulary test on a column not listed here fails tests/test_contracts.py.
ENUM_COLUMNS: dict[str, str] = {
    "raw.articles.source_format": "source_formats",
    "raw.quarantined_files.kind": "quarantine_kinds",
    "raw.tariff_mentions.action": "tariff_actions",
    "raw.talks_mentions.event_type": "talks_event_types",
    "raw.talks_mentions.location_kind": "location_kinds",
    "raw.source_mentions.source_kind": "source_kinds",
    "staging.stg_raw__articles.source_format": "source_formats",
    "staging.stg_raw__quarantined_files.kind": "quarantine_kinds",
    "staging.stg_raw__tariff_mentions.action": "tariff_actions",
    "staging.stg_raw__talks_mentions.event_type": "talks_event_types",
    "staging.stg_raw__talks_mentions.location_kind": "location_kinds",
    "staging.stg_raw__source_mentions.source_kind": "source_kinds",
    "marts.fct_tariffs.action": "tariff_actions",
    "marts.fct_talks.event_type": "talks_event_types",
    "marts.fct_sources.source_kind": "source_kinds",
    "marts.fct_source_attributions.source_kind": "source_kinds",
    "marts.dim_actors.actor_kind": "actor_kinds",
    "marts.dim_actors.country_matched_from": "actor_country_matched_from",
    "marts.mart_source_anonymity.grain": "anonymity_grains",
    "marts.mart_tariff_timeline.action": "tariff_actions",
    "marts.fct_ingest_audit.outcome": "ingest_outcomes",
}

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
