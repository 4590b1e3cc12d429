"""Step 6, context across the article's mentions: anaphoric mentions take the previous
measure's imposer/target, a rate-less first mention takes the rate of its restatement, retaliation
verbs without a tariff word answer an earlier measure, and rate-less repeats are dropped.

``rows`` are sorted by article and position; columns as in :mod:`~.pipeline`.
"""

from __future__ import annotations

import polars as pl

from dagster_project.extract.matching import ascii_bounds
from dagster_project.extract.tariffs.actions import CONDITION_IN_SENTENCE


def with_context(rows: pl.DataFrame) -> pl.DataFrame:
    """Fill imposer/target from the article's previous measure (see step 6 of the module docstring).
    ``rows`` must be sorted by article and position."""
    # A measure on several states names its (null) target: it takes none from the context.
    several = pl.col("target_several")
    named = pl.col("imposer_iso3").is_not_null() | pl.col("target_iso3").is_not_null() | several | pl.col("mutual")
    # Only a mention with a tariff word is something a later "the tariffs" can refer to.
    provider = named & pl.col("tariff_word")
    ctx = rows.with_columns(
        ctx_imp=pl.when(provider).then(pl.col("imposer_iso3").fill_null("-")),
        ctx_tgt=pl.when(provider).then(pl.col("target_iso3").fill_null("-")),
    )
    ctx = ctx.with_columns(
        pl.col("ctx_imp").forward_fill().shift(1).over("article_id"),
        pl.col("ctx_tgt").forward_fill().shift(1).over("article_id"),
    ).with_columns(
        ctx_imp=pl.when(pl.col("ctx_imp") != "-").then(pl.col("ctx_imp")),
        ctx_tgt=pl.when(pl.col("ctx_tgt") != "-").then(pl.col("ctx_tgt")),
    )
    imp, tgt = pl.col("imposer_iso3"), pl.col("target_iso3")
    return ctx.with_columns(
        imposer_iso3=pl.when(~named | (imp.is_null() & ((tgt == pl.col("ctx_tgt")) | several) & ~pl.col("mutual")))
        .then(pl.col("ctx_imp"))
        .otherwise(imp),
        target_iso3=pl.when(~several & (~named | (tgt.is_null() & (imp == pl.col("ctx_imp")))))
        .then(pl.col("ctx_tgt"))
        .otherwise(tgt),
    ).drop("ctx_imp", "ctx_tgt")


def with_article_pair(rows: pl.DataFrame, countries: pl.DataFrame) -> pl.DataFrame:
    """Fill the missing side of a half-named rated measure from the article's main pair: the
    (imposer, target) pair stated most often (first stated on ties) by the article's mentions
    with a tariff word. A row naming only that pair's target takes its imposer ("tariffs on China
    will be lowered" in an article on U.S. tariffs on China), one naming only its imposer takes
    its target, unless the sentence names that target in another role (``countries``: the
    sentence's country mentions, :func:`~.countries.countries`). Measures on several states, and
    mutual measures, stay as they are."""
    full = rows.filter(
        pl.col("tariff_word"), pl.col("imposer_iso3").is_not_null(), pl.col("target_iso3").is_not_null()
    )
    pair = (
        full.group_by("article_id", "imposer_iso3", "target_iso3")
        .agg(pl.len().alias("n"), pl.col("char_start").min().alias("first"))
        .sort("n", "first", descending=[True, False])
        .group_by("article_id", maintain_order=True)
        .first()
        .select("article_id", pl.col("imposer_iso3").alias("pair_imp"), pl.col("target_iso3").alias("pair_tgt"))
    )
    imp, tgt = pl.col("imposer_iso3"), pl.col("target_iso3")
    # A sentence that names the pair's target in another role ("lobbying from the affected
    # nations, including Argentina") does not make it the target.
    named = countries.select("sentence_id", pl.col("iso3").alias("pair_tgt")).unique()
    rows = rows.join(pair, on="article_id", how="left").join(
        named.with_columns(tgt_named=pl.lit(True)), on=["sentence_id", "pair_tgt"], how="left"
    )
    # Rate-less mentions keep their gaps: filled in, they would merge with the pair's first measure.
    open_side = ~pl.col("target_several") & ~pl.col("mutual") & pl.col("rate_pct").is_not_null()
    other_role = pl.col("tgt_named").fill_null(False)
    # A measure on the pair's imposer is the other side's ("Peruvian goods are to face no tariffs
    # under the new accord" in an article on Peruvian cuts for Chilean goods); not for repeatable actions
    # without a rate, which would merge with an earlier measure.
    reverse = (
        ~pl.col("target_several") & ~pl.col("mutual") & imp.is_null() & (tgt == pl.col("pair_imp"))
        & (pl.col("rate_pct").is_not_null() | ~pl.col("action").is_in(list(REPEATABLE_ACTIONS)))
    )  # fmt: skip
    return rows.with_columns(
        imposer_iso3=pl.when(open_side & imp.is_null() & (tgt == pl.col("pair_tgt"))).then("pair_imp")
        .when(reverse).then("pair_tgt")
        .otherwise(imp),
        target_iso3=pl.when(open_side & tgt.is_null() & (imp == pl.col("pair_imp")) & ~other_role)
        .then("pair_tgt")
        .otherwise(tgt),
    ).drop("pair_imp", "pair_tgt", "tgt_named")


#: A rate-less mention takes the rate of a restatement at most this many sentences later.
RESTATEMENT_SENTENCES = 3


def with_rate_of_next_mention(rows: pl.DataFrame) -> pl.DataFrame:
    """Give a rate-less mention the rate of the article's next mention when that one restates the
    same measure with its rate: same imposer, target and action, at most
    :data:`RESTATEMENT_SENTENCES` sentences later, no other mention in between ("I directed the USTR
    to proceed with placing additional tariffs ... The tariffs will take effect ... and be set at a
    level of 10 percent"). The guide lists such a measure once, at its first mention, with the rate."""
    nxt = ["imposer_iso3", "target_iso3", "action", "rate_pct", "previous_rate_pct", "sentence_index"]
    rows = rows.sort("article_id", "char_start", "anchor").with_columns(
        [pl.col(c).shift(-1).alias(f"next_{c}") for c in nxt],
        next_article=pl.col("article_id").shift(-1),
        sentence_rated=pl.col("rate_pct").is_not_null().any().over("sentence_id"),
    )
    same = pl.col("next_article") == pl.col("article_id")
    for c in ("imposer_iso3", "target_iso3", "action"):
        same = same & pl.col(c).eq_missing(pl.col(f"next_{c}"))
    restated = (
        pl.col("rate_pct").is_null()
        & ~pl.col("sentence_rated")
        & (pl.col("imposer_iso3").is_not_null() | pl.col("target_iso3").is_not_null())
        & pl.col("next_rate_pct").is_not_null()
        & same
        & (pl.col("next_sentence_index") - pl.col("sentence_index")).is_between(1, RESTATEMENT_SENTENCES)
    )
    return rows.with_columns(
        rate_pct=pl.when(restated).then("next_rate_pct").otherwise("rate_pct"),
        previous_rate_pct=pl.when(restated).then("next_previous_rate_pct").otherwise("previous_rate_pct"),
    ).drop([f"next_{c}" for c in nxt], "next_article", "sentence_rated")


def answers_earlier_measure(rows: pl.DataFrame) -> pl.DataFrame:
    """Keep a mention from a sentence without a tariff word (only "retaliated against") when it
    states, not supposes, a retaliation answering an earlier measure of the article: its target
    (else the one it fills in) imposed that measure on its imposer."""
    verb_only = ~pl.col("tariff_word")
    if rows.filter(verb_only).height == 0:
        return rows
    earlier = (
        rows.filter(~verb_only, pl.col("action") != "retaliation", pl.col("imposer_iso3").is_not_null())
        .select("article_id", pl.col("char_start").alias("m_start"), pl.col("imposer_iso3").alias("m_imposer"),
                pl.col("target_iso3").alias("m_target"))
    )  # fmt: skip
    answers = (
        rows.filter(verb_only)
        .select("row_id", "article_id", "char_start", "imposer_iso3", "target_iso3")
        .join(earlier, on="article_id")
        .filter(
            pl.col("m_start") < pl.col("char_start"),
            pl.col("m_target").eq_missing(pl.col("imposer_iso3")) | pl.col("m_target").is_null(),
            pl.col("target_iso3").is_null() | (pl.col("target_iso3") == pl.col("m_imposer")),
        )
        .sort("m_start", descending=True)
        .group_by("row_id", maintain_order=True)
        .first()
        .select("row_id", "m_imposer")
    )
    stated = (pl.col("action") == "retaliation") & ~pl.col("text").str.contains(ascii_bounds(CONDITION_IN_SENTENCE))
    return (
        rows.join(answers, on="row_id", how="left")
        .filter(~verb_only | stated & pl.col("m_imposer").is_not_null() & pl.col("imposer_iso3").is_not_null())
        .with_columns(target_iso3=pl.coalesce("target_iso3", "m_imposer"))
        .drop("m_imposer")
    )




#: Actions of a mention that can merely repeat an earlier measure ("the tariffs take effect").
REPEATABLE_ACTIONS = ("imposed", "threatened", "raised")


def drop_repeats(rows: pl.DataFrame) -> pl.DataFrame:
    """Drop a rate-less mention that repeats an earlier measure of the article: same imposer and
    target, an action in :data:`REPEATABLE_ACTIONS` and no new trade value (the guide lists a
    measure once, at its first clear mention)."""
    key = [pl.col("article_id"), pl.col("imposer_iso3").fill_null("-"), pl.col("target_iso3").fill_null("-")]
    repeatable = pl.col("action").is_in(list(REPEATABLE_ACTIONS))
    # A trade value other than one stated before for the pair marks another measure ("$50 billion"
    # then "an additional $100 billion"); a first value completes the earlier measure.
    earlier_value = pl.col("value_usd").forward_fill().shift(1).over(key)
    rows = rows.sort("article_id", "char_start", "anchor").with_columns(
        seen=(repeatable.cast(pl.Int32).cum_sum() - repeatable.cast(pl.Int32)).over(key) > 0,
        new_value=pl.col("value_usd").is_not_null()
        & earlier_value.is_not_null()
        & (pl.int_range(pl.len()).over([*key, pl.col("value_usd")]) == 0),
    )
    repeat = (
        pl.col("seen")
        & pl.col("rate_pct").is_null()
        & pl.col("action").is_in(list(REPEATABLE_ACTIONS))
        & ~pl.col("new_value")
        & (pl.col("imposer_iso3").is_not_null() | pl.col("target_iso3").is_not_null())
    )
    return rows.filter(~repeat).drop("seen", "new_value")


#: Actions that a retaliation stated earlier in the article turns into ``retaliation``.
CONTINUED_ACTIONS = ("imposed", "raised")


def continues_retaliation(rows: pl.DataFrame) -> pl.DataFrame:
    """``action`` = ``retaliation`` for an imposition or increase by a state on another after the
    article has stated a retaliation by the same state on the same other state: the article frames
    its measures as the answer ("India retaliated against U.S. tariffs ... India also imposed a 50%
    duty on U.S. apples"). Rows without imposer or target stay as they are."""
    pair = [pl.col("article_id"), pl.col("imposer_iso3"), pl.col("target_iso3")]
    is_ret = (pl.col("action") == "retaliation").cast(pl.Int32)
    earlier = ((is_ret.cum_sum() - is_ret).over(pair, order_by=["char_start", "anchor"])) > 0
    continued = (
        earlier & pl.col("action").is_in(list(CONTINUED_ACTIONS))
        & pl.col("imposer_iso3").is_not_null() & pl.col("target_iso3").is_not_null()
    )
    return rows.with_columns(action=pl.when(continued).then(pl.lit("retaliation")).otherwise("action"))

