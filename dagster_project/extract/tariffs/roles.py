"""Step 5b, roles: imposer and target of each row from the sentence's country mentions, and the
retaliation rows of "..., Beijing has responded in kind" clauses.

The target is the target mention nearest the anchor (none when several states are hit: "on
Canada and Mexico"); the imposer is the subject of a reduced relative clause ("tariffs Reagan
slapped"), else the nearest actor before the anchor within :data:`IMPOSER_CHARS`.
"""

from __future__ import annotations

import polars as pl

from dagster_project.extract.matching import ascii_bounds, regex_matches
from dagster_project.extract.tariffs.frames import after, before, nearest, rateless_mention
from dagster_project.extract.tariffs.vocabulary import plural_states

#: The imposer is named at most this many characters (about 20 words) before the anchor; an actor
#: further away is the subject of another clause ("talks would cover U.S. calls for ..., purchases
#: of ..., import tariff cuts").
IMPOSER_CHARS = 120
#: The subject of a reduced relative clause on the row's tariff word follows its anchor by at most this many characters.
RELATIVE_CHARS = 40
#: The agent of a passive ("tariffs imposed by India") follows the anchor by at most this many characters.
AGENT_CHARS = 60
#: A possessive owner ("the EU's external tariff") is the actor of a tariff at most this far after it.
OWNER_CHARS = 25
#: The destination of exports ("on its exports to the United States") is at most this many characters from the anchor.
DESTINATION_CHARS = 80
#: "each other", "both sides" make a measure mutual at most this many characters from its anchor.
MUTUAL_CHARS = 60
#: A plural noun for states ("trade partners", "dozens of countries") follows the anchor by at most this many characters.
PLURAL_STATES_CHARS = 70
#: "on its goods" follows the anchor by at most this many characters.
OWN_GOODS_CHARS = 45
_OWN_GOODS_AFTER = r"^(?i:[^.;]{0,25}?\b(?:on|against)\s+(?:all\s+|some\s+|many\s+|most\s+)?(?:its|their)\b)"
_OWN_IMPORTS_AFTER = r"(?i:\b(?:its|their)\s+(?:own\s+)?(?:imports?|purchases?|buying)\b)"
#: "to avoid" governs a tariff word at most this many characters after it.
AVOIDING_CHARS = 70
_AVOIDING_BEFORE = (
    r"(?i:\bto\s+(?:avoid|escape|evade|dodge|avert|stave\s+off|ward\s+off)\s+(?:(?:an?|the|any|new|higher|further|"
    r"steep|steeper|possible|potential|increases?|hikes?|rises?|of|in|tariffs?|duty|duties|levy|levies|rates?|"
    r"[\w.]+['’]s)\s+){0,6}$)"
)
_RELATIVE_CLAUSE_BEFORE = r"(?i:,\s+(?:that|which)\s+(?:[\w'’-]+\s+){0,6}$)"
_ONLY_NUMBERS = r"^(?i:[,\s]+(?:(?:by|from|to|of|about|some|nearly|around|percent|per|cent|pct|points?|[\d.,%-]+)\s*)*)$"
_MUTUAL = r"(?i:\b(?:each\s+other|one\s+another|both\s+sides|mutual(?:ly)?)\b)"
_TWO_PARTIES_AGREE = (
    r"\b[A-Z][\w.]*(?:\s+[A-Z][\w.]*)*\s+and\s+(?:the\s+)?[A-Z][\w.]*(?:\s+[A-Z][\w.]*)*\s+"
    r"(?:have\s+|had\s+|also\s+|will\s+|would\s+)?[\"“]?(?:agree|agreed|agrees|reach|reached|strike|struck|sign|signed|"
    r"hold|held|pause|paused|suspend|suspended|lower|lowered|cut|remove|removed)\b"
)
_RETALIATION_CLAUSE = r"(?i:retaliated|responded\s+in\s+kind|hit\s+back|retaliatory\s+(?:duties|tariffs|measures))"


def with_countries(rows: pl.DataFrame, countries: pl.DataFrame) -> pl.DataFrame:
    """``target_iso3``: target mention nearest the anchor; ``imposer_iso3``: reduced-relative
    subject ("tariffs Reagan slapped"), else the agent of a passive ("imposed by India"), else the
    nearest actor before the anchor, else the sentence's first actor, else a speaker after the
    anchor; never the target. ``mutual`` (Boolean): a mutual measure, both null."""
    # A target named before the anchor must be in the same stretch of the sentence: one in an
    # earlier item of a list ("purchases of U.S. machinery, import tariff cuts") names other goods.
    # A relative clause on those goods carries the tariff across commas ("1,300 Chinese exports,
    # worth $50 billion, that could be hit with a 25% tariff").
    rows = rows.with_columns(relative_on_goods=before(pl.col("anchor"), 60).str.contains(_RELATIVE_CLAUSE_BEFORE))
    same_stretch = (
        (pl.col("c_rel") > pl.col("anchor")) | pl.col("c_sep").is_null() | (pl.col("c_sep") >= pl.col("anchor"))
        | pl.col("relative_on_goods")
        # only numbers between: the rate of "on Chinese goods by 10%, from 57% to 47%"
        | pl.col("text").str.slice(pl.col("c_sep").fill_null(0), (pl.col("anchor") - pl.col("c_sep")).fill_null(0).clip(0)).str.contains(_ONLY_NUMBERS)
    )
    rows = nearest(
        rows, countries, pl.col("is_target") & same_stretch, (pl.col("c_rel") - pl.col("anchor")).abs(),
        ["iso3", "is_several", "c_rel"], ["target_iso3", "target_several", "target_rel"], carry=("relative_on_goods", "text"),
    ).drop("relative_on_goods")
    # The guide's target is the single state hit: none when several are ("on Canada and Mexico").
    # "tariffs on the US's trade partners", "duties on dozens of countries": several states, named by
    # a plural noun rather than listed.
    plural = rf"^(?i:[^.;:]*?\b(?:on|against|from|for)\s+(?:[\w.'’-]+\s+){{0,4}}?{plural_states()}\b)"
    # A plural right after the tariff word also beats a state named before it ("the rate Norway
    # faced when he announced tariffs on dozens of countries").
    before_anchor = pl.col("target_iso3").is_null() | (pl.col("target_rel") < pl.col("anchor"))
    several = pl.col("target_several").fill_null(False) | before_anchor & after(
        pl.col("anchor_end"), PLURAL_STATES_CHARS
    ).str.contains(plural)
    rows = rows.with_columns(target_iso3=pl.when(~several).then("target_iso3"), target_several=several)
    # "Norway wants a pact with the US to avoid a hike of Trump's tariff":
    # the subject that seeks to avoid the tariff is the state it would hit.
    avoided = before(pl.col("anchor"), AVOIDING_CHARS).str.extract(ascii_bounds(f"({_AVOIDING_BEFORE})"), 1)
    rows = rows.with_columns(avoid_at=pl.col("anchor") - avoided.str.len_chars().cast(pl.Int64))
    rows = nearest(
        rows, countries, pl.col("is_actor") & ~pl.col("is_owner") & (pl.col("c_rel") < pl.col("avoid_at")), pl.col("c_rel"),
        "iso3", "avoider", carry=("avoid_at",),
    ).drop("avoid_at")  # fmt: skip
    avoiding = avoided.is_not_null()
    rows = rows.with_columns(
        target_iso3=pl.when(pl.col("target_iso3").is_null() & ~pl.col("target_several") & avoiding)
        .then("avoider")
        .otherwise("target_iso3")
    ).drop("avoider").drop("target_rel")
    # "tariffs Reagan slapped": the subject of the relative clause on the row's own tariff word,
    # not that of another tariff of the sentence ("tariffs he imposed and retaliatory duties the EU levied").
    own_relative = pl.col("is_relative") & (pl.col("c_rel") > pl.col("anchor")) & (pl.col("c_rel") - pl.col("anchor_end") <= RELATIVE_CHARS)
    rows = nearest(rows, countries, own_relative, pl.col("c_rel"), "iso3", "rel_imposer")
    # "a 50% tariff on its exports to the United States": the destination taxes the goods, which
    # are those of the sentence's subject ("its").
    rows = nearest(
        rows, countries, pl.col("is_destination") & ((pl.col("c_rel") - pl.col("anchor")).abs() <= DESTINATION_CHARS),
        (pl.col("c_rel") - pl.col("anchor")).abs(), "iso3", "dest_imposer",
    )  # fmt: skip
    rows = rows.with_columns(target_iso3=pl.when(pl.col("dest_imposer").is_null() | (pl.col("target_iso3") != pl.col("dest_imposer"))).then("target_iso3"))
    rows = nearest(
        rows, countries, pl.col("is_actor") & (pl.col("c_rel") < pl.col("anchor")), pl.col("c_rel"), "iso3", "owner_subject",
    )  # fmt: skip
    rows = rows.with_columns(
        target_iso3=pl.when(pl.col("dest_imposer").is_not_null() & pl.col("target_iso3").is_null() & (pl.col("owner_subject") != pl.col("dest_imposer")))
        .then("owner_subject")
        .otherwise("target_iso3")
    ).drop("owner_subject")
    # The imposer is never the target: the nearest actor naming another state.
    other = pl.col("iso3") != pl.col("target_iso3").fill_null("")
    rows = nearest(
        rows, countries,
        pl.col("is_actor") & other & (pl.col("c_rel") < pl.col("anchor")) & (pl.col("anchor") - pl.col("c_rel") <= IMPOSER_CHARS)
        & (~pl.col("is_owner") | (pl.col("anchor") - pl.col("c_rel") <= OWNER_CHARS)),
        pl.col("anchor") - pl.col("c_rel"), "iso3", "near_imposer", carry=("target_iso3",),
    )  # fmt: skip
    # "duties imposed by India": the agent of the passive right after the anchor.
    rows = nearest(
        rows, countries, pl.col("is_agent") & (pl.col("c_rel") > pl.col("anchor")) & (pl.col("c_rel") - pl.col("anchor_end") <= AGENT_CHARS),
        pl.col("c_rel"), "iso3", "agent_imposer",
    )  # fmt: skip
    # No actor near: the sentence's first actor, its subject ("China retaliated on Wednesday to new
    # tariffs ..., announcing it would raise duties on U.S. goods to 84%").
    rows = nearest(
        rows, countries, pl.col("is_actor") & ~pl.col("is_owner") & other & (pl.col("c_rel") < pl.col("anchor")), pl.col("c_rel"),
        "iso3", "subject_imposer", carry=("target_iso3",),
    )  # fmt: skip
    # Else a speaker after the anchor ("The duties ... would stay on, Washington said.").
    rows = nearest(
        rows, countries, pl.col("is_speaker") & other & (pl.col("c_rel") > pl.col("anchor")), pl.col("c_rel"), "iso3",
        "speaker_imposer", carry=("target_iso3",),
    )  # fmt: skip
    # Else the partner of the target in a pair of parties ("Peru and Chile agreed to cut tariffs on
    # Chilean salmon": Peru cuts them).
    rows = nearest(
        rows, countries, pl.col("is_partner") & other & pl.col("target_iso3").is_not_null() & (pl.col("c_rel") < pl.col("anchor")),
        pl.col("anchor") - pl.col("c_rel"), "iso3", "partner_imposer", carry=("target_iso3",),
    )  # fmt: skip
    imposers = ["rel_imposer", "agent_imposer", "dest_imposer", "near_imposer", "subject_imposer", "speaker_imposer", "partner_imposer"]
    imposer = pl.coalesce(imposers)
    rows = rows.with_columns(imposer_iso3=pl.when(imposer != pl.col("target_iso3").fill_null("")).then(imposer)).drop(imposers)
    # "Chile protested Peru's 25% tariff on its copper": goods of "its"/"their" belong to the
    # sentence's subject, the target (its own imports are no target).
    own_goods = after(pl.col("anchor_end"), OWN_GOODS_CHARS)
    rows = nearest(
        rows, countries, pl.col("is_actor") & (pl.col("c_rel") < pl.col("anchor")) & (pl.col("iso3") != pl.col("imposer_iso3").fill_null("")),
        pl.col("c_rel"), "iso3", "goods_owner", carry=("imposer_iso3",),
    )  # fmt: skip
    owned = own_goods.str.contains(_OWN_GOODS_AFTER) & ~own_goods.str.contains(_OWN_IMPORTS_AFTER)
    rows = rows.with_columns(
        target_iso3=pl.when(pl.col("target_iso3").is_null() & ~pl.col("target_several") & owned)
        .then("goods_owner")
        .otherwise("target_iso3")
    ).drop("goods_owner")
    # Mutual measures ("tariffs on each other's goods", "a truce" two governments agreed) have no
    # single imposer or target (gold guide): both null, and none taken from the context.
    agreed = pl.col("text").str.contains(_TWO_PARTIES_AGREE) & pl.col("action").is_in(["paused", "cut", "removed"])
    near_anchor = before(pl.col("anchor"), MUTUAL_CHARS) + after(pl.col("anchor"), MUTUAL_CHARS)
    mutual = near_anchor.str.contains(_MUTUAL) | agreed & pl.col("target_iso3").is_null()
    return rows.with_columns(
        mutual=mutual,
        imposer_iso3=pl.when(~mutual).then("imposer_iso3"),
        target_iso3=pl.when(~mutual).then("target_iso3"),
    )


def retaliation_rows(rows: pl.DataFrame, countries: pl.DataFrame) -> pl.DataFrame:
    """Add a ``retaliation`` row where a sentence's measure is answered by another country in a
    retaliation clause ("..., Beijing has responded in kind"), anchored on that clause: imposer =
    the nearest actor before the clause other than the measure's imposer; target = a target named
    right after the clause ("retaliatory duties on U.S. goods"), else the measure's imposer."""
    clauses = regex_matches(
        rows.select("sentence_id", "text").unique("sentence_id"), "text", _RETALIATION_CLAUSE, key="sentence_id"
    ).select("sentence_id", pl.col("match_start").alias("ret_rel"), pl.col("match_end").alias("ret_end"))
    base = (
        rows.filter(pl.col("action") != "retaliation", pl.col("imposer_iso3").is_not_null())
        .sort("anchor")
        .group_by("sentence_id", maintain_order=True)
        .first()
        .join(clauses, on="sentence_id")
        .filter(pl.col("ret_rel") > pl.col("anchor"))
    )
    if base.height == 0:
        return rows
    pairs = base.select("row_id", "sentence_id", "ret_rel", "ret_end", "imposer_iso3").join(countries, on="sentence_id")
    # The retaliating state: the subject of a relative clause on the retaliation ("retaliatory
    # duties the EU levied"), else the nearest actor before it.
    own_relative = pl.col("is_relative") & (pl.col("c_rel") >= pl.col("ret_end")) & (pl.col("c_rel") - pl.col("ret_end") <= RELATIVE_CHARS)
    subj = (
        pairs.filter(
            own_relative | pl.col("is_actor") & (pl.col("c_rel") < pl.col("ret_rel")), pl.col("iso3") != pl.col("imposer_iso3")
        )
        .sort(~own_relative, (pl.col("ret_rel") - pl.col("c_rel")).abs())
        .group_by("row_id", maintain_order=True)
        .first()
        .select("row_id", pl.col("iso3").alias("ret_imposer"))
    )
    tgt = (
        pairs.filter(pl.col("is_target"), pl.col("c_rel") >= pl.col("ret_end"), pl.col("c_rel") - pl.col("ret_end") <= 30)
        .sort("c_rel")
        .group_by("row_id", maintain_order=True)
        .first()
        .select("row_id", pl.col("iso3").alias("ret_target"))
    )
    extra = (
        base.join(subj, on="row_id")
        .join(tgt, on="row_id", how="left")
        .with_columns(
            target_iso3=pl.coalesce("ret_target", "imposer_iso3"),
            imposer_iso3=pl.col("ret_imposer"),
            target_several=pl.lit(False),
            **rateless_mention("ret_rel", "ret_end", pl.lit("retaliation")),
        )
        .filter(pl.col("imposer_iso3") != pl.col("target_iso3"))
        .select(rows.columns)
    )
    return pl.concat([rows, extra], how="vertical_relaxed")


