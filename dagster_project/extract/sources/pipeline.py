"""The sources stage: verbs and their context, candidates, the rules, resolution of overlaps, output rows.

Part of :mod:`dagster_project.extract.sources` (its docstring states the algorithm)."""

from __future__ import annotations

import polars as pl

from dagster_project import schemas
from dagster_project.extract.lexicons import lexicon
from dagster_project.extract.matching import regex_matches
from dagster_project.extract.reference import country_aliases
from dagster_project.extract.sources.helpers import _honorific_title, _squash, _unquote, _ws, inside_quote, strip_name_prefix, valid_person_name
from dagster_project.extract.sources.lexicon import _lex
from dagster_project.extract.sources.patterns import _alt, _patterns, split_by_script
from dagster_project.extract.sources.rules import _anon_rows, _document_rows, _label_rows, _org_rows, _person_rows, fill_titles_from_article


def _prepare(sentences: pl.DataFrame) -> pl.DataFrame:
    return sentences.select(
        "sentence_id", "article_id", "char_start", "char_end", pl.col("text").alias("evidence"),
        # two apostrophes as a quote mark (''like this'') -> one double quote and a space (same length)
        _ws(pl.col("text")).str.replace_all("''", '" ', literal=True).alias("t"),
    )


def _known_names(sent: pl.DataFrame) -> pl.DataFrame:
    """Per article, one-word forms (first/last word) of multi-word person names written in it."""
    full = split_by_script(
        sent.select("sentence_id", "article_id", "t"), "t",
        lambda part, ascii: regex_matches(part, "t", _patterns(ascii)["full_name"], key="sentence_id"),
    )  # fmt: skip
    full = full.with_columns(_squash(strip_name_prefix(_squash(pl.col("name")))).alias("name"))
    full = full.filter(valid_person_name(pl.col("name")) & pl.col("name").str.contains(r"\s"))
    toks = full.select("article_id", pl.col("name").str.split(" ").alias("tok"))
    one_word = pl.concat([toks.select("article_id", pl.col("tok").list.first()), toks.select("article_id", pl.col("tok").list.last())])
    leaders = country_aliases().filter(pl.col("alias_kind") == "leader").select(pl.col("alias").alias("tok"))
    return one_word.unique().with_columns(pl.lit(True).alias("known")), leaders


def _verb_rows(sent: pl.DataFrame) -> pl.DataFrame:
    """One row per attribution verb with the text before and after it (sentence-relative)."""
    v = regex_matches(sent, "t", _patterns()["verb"], key="sentence_id", match_col="verb")
    return v.with_columns(
        pl.col("match_start").alias("v_start"),
        pl.col("match_end").alias("v_end"),
        pl.col("t").str.slice(0, pl.col("match_start")).alias("before"),
        pl.col("t").str.slice(pl.col("match_end")).alias("after"),
    ).drop("match_start", "match_end")


def _drop_non_cues(verbs: pl.DataFrame) -> pl.DataFrame:
    """Drop verbs followed by a word that makes them no attribution (``not_followed_by`` of
    ``source_cue_verbs``: "agreed to extend the truce", "added to its list")."""
    table = lexicon("source_cue_verbs").filter(pl.col("not_followed_by").is_not_null()).select("verb", "not_followed_by")
    nxt = pl.col("after").str.extract(r"^\s+([a-z]+)\b", 1)
    with_words = verbs.join(table, on="verb", how="left")
    blocked = nxt.is_not_null() & pl.col("not_followed_by").is_not_null() & ("|" + pl.col("not_followed_by") + "|").str.contains("|" + nxt + "|", literal=True)
    return with_words.filter(~blocked.fill_null(False)).drop("not_followed_by")


def _drop_plural_nouns(verbs: pl.DataFrame) -> pl.DataFrame:
    """Drop present-tense cue words that are plural nouns here: after a number or a determiner of
    ``source_determiners`` ("in 11 states", "several reports"), or right before another cue verb
    ("swing states expect", "two reports say")."""
    present = pl.col("verb").is_in(_lex("source_cue_verbs", form="present"))
    counted = pl.col("before").str.contains(r"(?i)(?:\b\d[\d,.]*|\b" + _alt(_lex("source_determiners")) + r")\s+$")
    before_verb = pl.col("after").str.contains(r"^\s+" + _alt(_lex("source_cue_verbs")) + r"\b")
    return verbs.filter(~(present & (counted | before_verb)).fill_null(False))


def _participle_subjects(verbs: pl.DataFrame) -> pl.DataFrame:
    """After a comma a participle cue ("..., saying the talks failed") takes the subject of the
    sentence's first clause: its ``before`` becomes the sentence up to the end of that subject
    ("Sen. Ana Ruiz (D-Ohio) on Monday defended the bill, saying ..." -> "Sen. Ana Ruiz (D-Ohio)"),
    or null when the clause does not start with a capitalised subject; its ``after`` is emptied
    (no subject follows a participle)."""
    is_participle = verbs.select(pl.col("verb").is_in(_lex("source_cue_verbs", form="participle"))).to_series()
    participles = verbs.filter(is_participle)  # the subject pattern is searched in these rows only
    subject = pl.col("t").str.extract(_patterns()["clause_subject"], 1)
    participles = participles.with_columns(
        pl.when(pl.col("before").str.contains(r",\s*$")).then(subject).alias("before"), pl.lit("").alias("after")
    )
    return pl.concat([verbs.filter(~is_participle), participles])


def _before_candidates(v: pl.DataFrame) -> pl.DataFrame:
    """Subjects written before the verb, one struct column per pattern (rows in input order)."""

    def run(part: pl.DataFrame, ascii: bool) -> pl.DataFrame:
        p = _patterns(ascii)
        return part.with_columns(
            pl.col("before").str.extract_groups(p[k]).alias(k) for k in ("b_title_name", "b_name_appos", "b_title_comma_name", "b_name", "b_anon", "b_org")
        ).with_columns(
            pl.col("after").str.extract_groups(p[k]).alias(k) for k in ("a_person", "a_anon")
        )

    return split_by_script(v.with_row_index("__row"), "t", run).sort("__row").drop("__row")


_BEFORE_PRIOS = (0, 1, 2, 3, 4, 6, 8, 9)


def _resolve(rows: pl.DataFrame, cand: pl.DataFrame, sent: pl.DataFrame) -> pl.DataFrame:
    """Keep one source per verb and drop phrases overlapping a better one.

    Subjects before the verb are dropped for "according to"/"interviews with", and when a
    comma or quote ends the text before the verb (inverted order: "..., said Scott Kennedy"),
    except for appositives ("Carole Ryavec, an analyst at X, said").
    """
    side = cand.select(
        "sentence_id", "v_start", pl.col("verb").alias("the_verb"),
        # (a comma after a legislator's party closes the subject: "Sen. Ana Ruiz (D-Ohio), said")
        (pl.col("before").str.contains(r"[,\"”]\s*$") & ~pl.col("before").str.contains(r"\([DRI](?:-[^)]*)?\)\s*,\s*$")).alias("inverted"),
        pl.col("before").str.contains(r"^\s*$").alias("before_blank"),
    )  # fmt: skip
    rows = rows.join(side, on=["sentence_id", "v_start"], how="left").join(
        sent.select("sentence_id", "t"), on="sentence_id", how="left"
    )
    before = pl.col("prio").is_in(_BEFORE_PRIOS)
    bad_before = before & (
        pl.col("the_verb").str.contains(r"(?i)^(?:according|interview)").fill_null(False)
        | (pl.col("inverted").fill_null(False) & ~pl.col("prio").is_in((0, 2, 3)))
    )
    # a subject after the verb needs the inverted order (", said X", "according to X"): "added six firms" is an object
    bad_after = pl.col("prio").is_in((5, 7)) & ~(
        pl.col("inverted").fill_null(False)
        | pl.col("the_verb").str.contains(r"(?i)^(?:according|interview)").fill_null(False)
        | pl.col("before_blank").fill_null(False)
    )
    bad_before = bad_before | bad_after
    key_at = pl.col("t").str.slice(pl.col("rel_start")).str.find(pl.col("key_raw"), literal=True).fill_null(0)
    rows = (
        rows.filter(~bad_before)
        .with_columns((pl.col("rel_start") + key_at + pl.col("key_raw").str.len_chars()).alias("rel_end"))
        .sort("sentence_id", "v_start", "prio")
        .unique(["sentence_id", "v_start"], keep="first", maintain_order=True)
        .unique(["sentence_id", "rel_start"], keep="first", maintain_order=True)
        .with_row_index("rid")
    )
    pairs = rows.select("sentence_id", "rid", "prio", "rel_start", "rel_end").join(
        rows.select("sentence_id", pl.col("rid").alias("rid2"), pl.col("prio").alias("prio2"), pl.col("rel_start").alias("s2"), pl.col("rel_end").alias("e2")),
        on="sentence_id",
    )
    beaten = pairs.filter(
        (pl.col("rid") != pl.col("rid2")) & (pl.col("s2") < pl.col("rel_end")) & (pl.col("rel_start") < pl.col("e2"))
        & ((pl.col("prio2") < pl.col("prio")) | ((pl.col("prio2") == pl.col("prio")) & (pl.col("rid2") < pl.col("rid"))))
    ).select("rid").unique()  # fmt: skip
    return rows.join(beaten, on="rid", how="anti").drop("rid", "t")


def extract_sources(sentences: pl.DataFrame) -> pl.DataFrame:
    """Source attributions (people, anonymous sources, organizations, documents) per sentence.

    Args:
        sentences: ``schemas.SENTENCES`` (``sentence_id``, ``article_id``, ``char_start``,
            ``char_end``, ``text`` are used; offsets are characters of the article text).

    Returns:
        ``schemas.SOURCE_MENTIONS``: one row per attribution. ``source_kind`` is
        named_person|named_organization|anonymous|document; ``name`` (String, as written;
        a one-word surname is kept as written, coreference happens in dbt), ``title`` and
        ``affiliation`` (String, persons), ``anonymous_count`` (Int32: "three officials" -> 3,
        "a person" -> 1, "officials" -> null), ``descriptor`` (String, anonymous sources and
        documents), ``quote`` (String: the quoted words of the sentence, joined by " ... ",
        or null). ``evidence``/``char_start``/``char_end`` are the sentence,
        ``match_start``/``match_end`` the source phrase (article characters, end-exclusive);
        ``mention_id`` = ``"<sentence_id>:<match_start>"``, unique.

    Raises:
        polars.exceptions.ColumnNotFoundError: a ``schemas.SENTENCES`` column is missing.
        FileNotFoundError: a reference CSV under ``dbt/seeds/`` is missing.
    """
    sent = _prepare(sentences)
    if sent.height == 0:
        return schemas.conform(pl.DataFrame(), schemas.SOURCE_MENTIONS).clear()
    known, leaders = _known_names(sent)
    # attributions nested inside a quotation are the quoted speaker's, not the article's
    verbs = _verb_rows(sent)
    verbs = verbs.filter(~inside_quote(pl.col("before"), pl.col("after")))
    # after a determiner or possessive the cue word is a noun ("his comments", "the reports"), not a verb
    verbs = verbs.filter(~pl.col("before").str.contains(r"(?i)\b(?:his|her|their|its|our|my|your|the|a|an|these|those)\s+$"))
    cand = _before_candidates(_participle_subjects(_drop_non_cues(_drop_plural_nouns(verbs))))
    # plural-subject forms ("critics argue") attribute only to anonymous sources; a stance verb ("Ruiz
    # believes", "officials fear") to people, named or not, but not to organizations; a public act taking
    # a position ("Ruiz endorsed", "Ruiz declined to comment") to named people only
    plural_only = [v for v in _lex("source_cue_verbs", form="base") if v != "say"]
    personal = cand.filter(~pl.col("verb").is_in(plural_only))
    spoken = personal.filter(~pl.col("verb").is_in(_lex("source_cue_verbs", cue="cognition") + _lex("source_cue_verbs", cue="act")))
    persons, one_word_orgs = _person_rows(personal, known, leaders)
    anon = _anon_rows(cand.filter(~pl.col("verb").is_in(_lex("source_cue_verbs", cue="act"))))
    orgs = _org_rows(spoken, one_word_orgs.join(spoken.select("sentence_id", "v_start"), on=["sentence_id", "v_start"], how="semi"), sent)
    docs = _document_rows(sent)
    labels = _label_rows(sent, known, leaders)
    rows = _resolve(pl.concat([persons, labels, anon, orgs, docs], how="diagonal_relaxed"), cand, sent)
    rows = fill_titles_from_article(rows, sent)
    meta = sent.select("sentence_id", "char_start", "char_end", "evidence")
    out = rows.join(meta, on="sentence_id", how="left").with_columns(
        (pl.col("char_start") + pl.col("rel_start")).cast(pl.Int64).alias("match_start"),
    )
    out = out.with_columns(
        (pl.col("char_start") + pl.col("rel_end")).cast(pl.Int64).alias("match_end"),
        _ws(pl.col("evidence")).str.extract_all(_patterns()["quote"])
        .list.eval(_unquote(pl.element()).filter(_unquote(pl.element()) != ""))
        .list.join(" ... ").alias("quote"),
    ).with_columns(
        pl.when(pl.col("quote") == "").then(None).otherwise(pl.col("quote")).alias("quote"),
        (pl.col("sentence_id") + ":" + pl.col("match_start").cast(pl.String)).alias("mention_id"),
        pl.when(pl.col("source_kind") == "named_person").then(_honorific_title(pl.col("title").str.strip_chars(" ,"))).alias("title"),
    )
    out = out.sort("article_id", "match_start")
    return schemas.conform(out, schemas.SOURCE_MENTIONS)
