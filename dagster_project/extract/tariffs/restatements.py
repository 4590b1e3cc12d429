"""Step 7, restatements: a rate-less mention that names no more than an earlier measure of the
article restates it and gives no row of its own.

A later mention restates an earlier one of the same article when it has no rate, names at
least one side, has the same action, and each side it names is the earlier measure's ("China
raised duties on U.S. goods to 84%. The Chinese countermeasures take effect on Thursday.", "the
US agreed to remove the 25% tariff on British steel ... the US agreed to remove tariffs on these
products"). Not a restatement: a mention on several states (its null target is a list, not a
gap), a mutual one, one whose sentence names a state that is neither side of the earlier measure
("exemptions for Canada, Mexico and the EU" after an exemption for Argentina), and one covering
another trade value than the earlier measure's ("tariffs on $34 billion ..." then "tariffs on $50
billion").
The gold guide lists a measure once, at its first clear mention.

A passage printed twice (a photo caption repeated in the body, a pull quote) states its measures
once: a later mention with the same rate and the same (up to :data:`PASSAGE_CHARS`, at least
:data:`MIN_PASSAGE_CHARS`) characters before its anchor is the same statement; the first copy takes the sides that only the later copy names.
"""

from __future__ import annotations

import polars as pl

#: Two mentions with the same rate and this many identical characters before their anchors (and
#: the anchor's words) are one passage printed twice.
PASSAGE_CHARS = 40
#: An anchor fewer characters into its sentence has too little passage before it to compare.
MIN_PASSAGE_CHARS = 25

_KEY = ["row_id", "sentence_id", "article_id", "char_start", "anchor", "imposer_iso3", "target_iso3", "action", "value_usd"]


def drop_restatements(rows: pl.DataFrame, countries: pl.DataFrame) -> pl.DataFrame:
    """``rows`` without the mentions that restate an earlier measure (module docstring). ``rows``
    need ``row_id`` (unique), ``article_id``, ``sentence_id``, ``char_start``, ``anchor``,
    ``imposer_iso3``, ``target_iso3``, ``rate_pct``, ``action``, ``value_usd``, ``target_several``
    and ``mutual``; ``countries`` (``sentence_id``, ``iso3``) are the sentences' country mentions
    (:func:`~.countries.countries`)."""
    later = rows.filter(
        pl.col("rate_pct").is_null(),
        pl.col("imposer_iso3").is_not_null() | pl.col("target_iso3").is_not_null(),
        ~pl.col("target_several").fill_null(False),
        ~pl.col("mutual").fill_null(False),
    ).select(_KEY)
    if later.height == 0:
        return rows
    earlier = rows.select("article_id", *[pl.col(c).alias(f"e_{c}") for c in _KEY if c not in ("article_id", "sentence_id")])
    pairs = later.join(earlier, on="article_id").filter(
        pl.col("e_row_id") != pl.col("row_id"),
        (pl.col("e_char_start") < pl.col("char_start"))
        | (pl.col("e_char_start") == pl.col("char_start")) & (pl.col("e_anchor") < pl.col("anchor")),
        pl.col("e_action") == pl.col("action"),
        pl.col("imposer_iso3").is_null() | (pl.col("e_imposer_iso3") == pl.col("imposer_iso3")),
        pl.col("target_iso3").is_null() | (pl.col("e_target_iso3") == pl.col("target_iso3")),
        pl.col("value_usd").is_null() | pl.col("e_value_usd").eq_missing(pl.col("value_usd")),
    )
    # a state named in the later sentence that is neither side of the earlier measure
    other_state = (
        pairs.select("row_id", "e_row_id", "sentence_id", "e_imposer_iso3", "e_target_iso3")
        .join(countries.select("sentence_id", "iso3"), on="sentence_id")
        .filter(~pl.col("iso3").eq_missing(pl.col("e_imposer_iso3")), ~pl.col("iso3").eq_missing(pl.col("e_target_iso3")))
        .select("row_id", "e_row_id")
    )
    restated = pairs.join(other_state, on=["row_id", "e_row_id"], how="anti")
    return rows.join(restated.select("row_id").unique(), on="row_id", how="anti")


def merge_repeated_passages(rows: pl.DataFrame) -> pl.DataFrame:
    """``rows`` with one row per passage printed twice (module docstring): the first copy, its
    null ``imposer_iso3``/``target_iso3`` filled from the later copies. ``rows`` need ``row_id``,
    ``article_id``, ``text``, ``char_start``, ``anchor``, ``anchor_end``, ``rate_pct``,
    ``imposer_iso3`` and ``target_iso3``."""
    # an anchor near its sentence's start has too little passage to compare ("The tariffs ...")
    start = pl.max_horizontal(pl.col("anchor") - PASSAGE_CHARS, pl.lit(0))
    passage = pl.when(pl.col("anchor") >= MIN_PASSAGE_CHARS).then(pl.col("text").str.slice(start, pl.col("anchor_end") - start))
    passage = pl.coalesce(passage, pl.col("row_id").cast(pl.String))
    key = [pl.col("article_id"), pl.col("rate_pct").fill_null(-1.0), pl.col("_passage")]
    order = ["char_start", "anchor"]
    return (
        rows.with_columns(_passage=passage)
        .with_columns(
            imposer_iso3=pl.col("imposer_iso3").fill_null(pl.col("imposer_iso3").drop_nulls().first().over(key)),
            target_iso3=pl.col("target_iso3").fill_null(pl.col("target_iso3").drop_nulls().first().over(key)),
            _copy=pl.int_range(pl.len()).over(key, order_by=order),
        )
        .filter(pl.col("_copy") == 0)
        .drop("_passage", "_copy")
    )
