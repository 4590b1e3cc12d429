"""Source rules: one function per kind of source (person, anonymous, organization, document), each turning
the verb candidates into rows of that kind.

Part of :mod:`dagster_project.extract.sources` (its docstring states the algorithm)."""

from __future__ import annotations

from functools import lru_cache

import polars as pl

from dagster_project.extract.matching import fast_contains, regex_matches
from dagster_project.extract.prefilter import candidates
from dagster_project.extract.reference import country_aliases
from dagster_project.extract.sources.helpers import (
    _INTERJECTION, _appositive_start, _count_expr, _honorific_title, _split_appositive, _split_title, _squash,
    _strip_leading_stopwords, valid_person_name,
)  # fmt: skip
from dagster_project.extract.sources.lexicon import _lex, person_titles
from dagster_project.extract.sources.patterns import _alt, _patterns, split_by_script


def _start_before(field: str) -> pl.Expr:
    """Sentence-relative start of pattern ``field`` matched at the end of ``before``."""
    return pl.col("before").str.len_chars() - pl.col(field).struct.field("all").str.len_chars()


def _after_appositive(m: pl.Expr) -> pl.Expr:
    """The text of struct ``m`` (groups ``all``, ``app``) after its appositive ("Ruiz, who X, said" -> ", ")."""
    app = m.struct.field("app")
    return m.struct.field("all").str.slice(m.struct.field("all").str.find(app, literal=True) + app.str.len_chars())


def _person_rows(c: pl.DataFrame, known: pl.DataFrame, leaders: pl.DataFrame) -> pl.DataFrame:
    """Named persons from every pattern; one-word names kept only when resolvable."""
    parts = []
    tn = pl.col("b_title_name")
    title, owner = _split_title(tn.struct.field("title"))
    parts.append(
        c.filter(tn.struct.field("all").is_not_null()).select(
            "sentence_id", "article_id", "v_start",
            _start_before("b_title_name").alias("rel_start"),
            tn.struct.field("name").alias("name"), title.alias("title"), owner.alias("affiliation"),
            pl.lit(1).alias("prio"), pl.lit(True).alias("titled"),
        )
    )  # fmt: skip
    ap = pl.col("b_name_appos")
    t2, a2 = _split_appositive(ap.struct.field("app"))
    parts.append(
        c.filter(
            ap.struct.field("all").is_not_null() & ap.struct.field("app").str.contains(_appositive_start())
            # a relative clause after the name closes with a comma before the verb ("Ruiz, who chairs the
            # panel, said"); without it the verb is the clause's own ("Ruiz, who critics say ...", "Ruiz,
            # who led a campaign called ...")
            & ~(ap.struct.field("app").str.contains(r"^who\s") & ~_after_appositive(ap).str.starts_with(","))
        ).select(
            "sentence_id", "article_id", "v_start",
            _start_before("b_name_appos").alias("rel_start"),
            ap.struct.field("name").alias("name"),
            pl.when(~ap.struct.field("app").str.contains(_INTERJECTION)).then(t2).alias("title"),
            pl.when(~ap.struct.field("app").str.contains(_INTERJECTION)).then(a2).alias("affiliation"),
            pl.lit(2).alias("prio"), pl.lit(False).alias("titled"),
        )
    )  # fmt: skip
    tc = pl.col("b_title_comma_name")
    t3, a3 = _split_title(tc.struct.field("app"))
    parts.append(
        c.filter(tc.struct.field("all").is_not_null() & tc.struct.field("app").str.contains(_alt(person_titles()["title"].to_list(), ci=True))).select(
            "sentence_id", "article_id", "v_start",
            (_start_before("b_title_comma_name") + tc.struct.field("app").str.len_chars() + 2).alias("rel_start"),
            tc.struct.field("name").alias("name"), t3.str.replace(r"^.*,\s*", "").alias("title"), a3.alias("affiliation"),
            pl.lit(3).alias("prio"), pl.lit(False).alias("titled"),
        )
    )  # fmt: skip
    bn = pl.col("b_name")
    parts.append(
        c.filter(bn.struct.field("all").is_not_null()).select(
            "sentence_id", "article_id", "v_start",
            _start_before("b_name").alias("rel_start"),
            bn.struct.field("name").alias("name"), pl.lit(None, pl.String).alias("title"), pl.lit(None, pl.String).alias("affiliation"),
            pl.lit(4).alias("prio"), pl.lit(False).alias("titled"),
        )
    )  # fmt: skip
    ak = pl.col("a_person")
    t5, a5 = _split_title(ak.struct.field("title"))
    t5b, a5b = _split_appositive(ak.struct.field("app"))
    parts.append(
        c.filter(ak.struct.field("np").is_not_null() & ~pl.col("verb").str.contains(r"(?i)^interview") & ~pl.col("verb").is_in(_lex("source_cue_verbs", subject_after="no"))).select(
            "sentence_id", "article_id", "v_start",
            (pl.col("v_end") + ak.struct.field("lead").str.len_chars()).alias("rel_start"),
            ak.struct.field("name").alias("name"),
            pl.coalesce(t5, pl.when(ak.struct.field("app").str.contains(r"^,\s+(?:an?|the|[a-z])|^\s+at\s")).then(t5b)).alias("title"),
            pl.coalesce(a5, pl.when(ak.struct.field("app").str.contains(r"^,\s+(?:an?|the|[a-z])|^\s+(?:at|of)\s")).then(a5b)).alias("affiliation"),
            pl.lit(5).alias("prio"), ak.struct.field("title").is_not_null().alias("titled"),
        )
    )  # fmt: skip
    # "As Clinton told", "When Ryan said": a subordinating word that starts the clause is no part of the name
    name = _strip_leading_stopwords(pl.col("name")).str.replace(r"^(?:(?:As|When|While|If|Since|Because|After|Before|Although|Though|Once|Until|Unless|Where|Whereas|Like|Then|Thus)\s+)+", "")
    rows = pl.concat(parts, how="vertical_relaxed").with_columns(name.alias("key_raw"), _squash(name).alias("name"))
    rows = rows.join(c.select("sentence_id", "v_start", "before").unique(["sentence_id", "v_start"]), on=["sentence_id", "v_start"], how="left")
    rows = rows.with_columns(
        (
            ((pl.col("prio") == 4) & pl.col("before").str.contains(r"[\w,.?!…-][\"”]\s+\S+\s*$"))
            | ((pl.col("prio") == 5) & pl.col("before").str.contains(r"[\w,.?!…-][\"”]\s*$"))
        ).fill_null(False).alias("after_quote")
    ).drop("before")
    rows = rows.filter(valid_person_name(pl.col("name")))
    one_word = ~pl.col("name").str.contains(r"\s")
    rows = (
        rows.join(known.rename({"tok": "name"}), on=["article_id", "name"], how="left")
        .with_columns(pl.col("known").fill_null(False) | pl.col("name").is_in(leaders["tok"].implode()))
    )
    # a one-word name right after a closing quote mark ('"...," Hale said', '"...," said Hale') is the speaker
    person = rows.filter(~one_word | pl.col("titled") | pl.col("known") | pl.col("after_quote"))
    # one-word names that are not people: organizations ("Toshiba said"), before-verb only
    orgs = rows.filter(one_word & ~pl.col("titled") & ~pl.col("known") & ~pl.col("after_quote") & (pl.col("prio") == 4))
    return person.with_columns(pl.lit("named_person").alias("source_kind")), orgs


def _label_rows(sent: pl.DataFrame, known: pl.DataFrame, leaders: pl.DataFrame) -> pl.DataFrame:
    """A person's name as the label of what follows a colon at the start of a sentence, when a
    quotation or a capitalised word (a headline's quoted claim) follows or the name is in capitals (a
    transcript's speaker): "Sen. Ana Ruiz (D-Ohio): “We will vote no.”", "Ana Ruiz: Talks Will Go On",
    "ANA RUIZ: We will". A name in capitals is written in title case; a
    one-word name must be known in the article."""
    has_colon = sent.filter(pl.col("t").str.contains(r"^[^:]{2,90}:\s")).select("sentence_id", "article_id", "t")

    def run(part: pl.DataFrame, ascii: bool) -> pl.DataFrame:
        return part.with_columns(pl.col("t").str.extract_groups(_patterns(ascii)["label"]).alias("m"))

    m = pl.col("m")
    name = m.struct.field("name")
    name = pl.when(name == name.str.to_uppercase()).then(name.str.to_titlecase()).otherwise(name)
    title, owner = _split_title(m.struct.field("title"))
    rows = (
        split_by_script(has_colon, "t", run)
        # the label opens a quotation, a headline's words ("Ana Ruiz: We Will Not Wait"), or is written in
        # capitals (a transcript's speaker)
        .filter(
            m.struct.field("next").str.contains(r"^[\"“‘'\p{Lu}]")
            | (m.struct.field("name") == m.struct.field("name").str.to_uppercase())
        )
        .select(
            "sentence_id", "article_id", m.struct.field("lead").str.len_chars().cast(pl.Int64).alias("rel_start"),
            name.alias("name"), title.alias("title"), owner.alias("affiliation"), m.struct.field("title").is_not_null().alias("titled"),
        )  # fmt: skip
        .filter(valid_person_name(pl.col("name")))
        .join(known.rename({"tok": "name"}), on=["article_id", "name"], how="left")
        .filter(pl.col("name").str.contains(" ") | pl.col("titled") | pl.col("known").fill_null(False) | pl.col("name").is_in(leaders["tok"].implode()))
    )
    return rows.select(
        "sentence_id", "article_id", pl.col("rel_start").alias("v_start"), "rel_start", "name", "title", "affiliation",
        pl.col("name").alias("key_raw"), pl.lit(1).alias("prio"), pl.lit("named_person").alias("source_kind"),
    )  # fmt: skip


@lru_cache(maxsize=1)
def _clause_verbs() -> str:
    """Regex: a cue verb that is no plural noun (past, base or participle form: "expect", "said"; not "states")."""
    return _alt(tuple(v for f in ("past", "base", "participle") for v in _lex("source_cue_verbs", form=f)))


def _anon_rows(c: pl.DataFrame) -> pl.DataFrame:
    """Anonymous sources before ("two officials said") or after ("according to a person ...")."""
    b = pl.col("b_anon")
    a = pl.col("a_anon")

    def _sel(s: pl.Expr, rel_start: pl.Expr, prio: int) -> list[pl.Expr]:
        return [
            "sentence_id", "article_id", "v_start", "verb", rel_start.alias("rel_start"),
            s.struct.field("pre").alias("pre"), s.struct.field("np").alias("descriptor"),
            s.struct.field("det").alias("det"), s.struct.field("mods").alias("mods"), s.struct.field("head").alias("head"),
            s.struct.field("post").is_not_null().alias("has_post"),
            # (a copula inside a relative clause, "aides who were at the meeting", belongs to that clause;
            # a cue verb makes it a clause too: "voters in swing states expect a close race, said X")
            (
                s.struct.field("post").str.contains(r"\b(?:is|are|was|were|be|been|being)\b|" + _clause_verbs())
                & ~s.struct.field("post").str.contains(r"^\s+who\s")
            ).fill_null(False).alias("post_is_clause"),
            pl.lit(prio).alias("prio"),
        ]  # fmt: skip

    before = c.filter(b.struct.field("all").is_not_null()).select(
        *_sel(b, _start_before("b_anon") + b.struct.field("pre").str.len_chars().fill_null(0), 6),
        # between commas right after a name it is the name's appositive ("Ann Lee, an analyst at X, said")
        (
            pl.col("before").str.slice(0, _start_before("b_anon")).str.contains(r"[\w).],\s*(?:[a-z][\w-]*\s+){0,3}$")
            & pl.col("before").str.contains(r",\s*$")
        ).alias("appositive"),
    )
    after = c.filter(a.struct.field("np").is_not_null() & ~pl.col("verb").is_in(_lex("source_cue_verbs", subject_after="no"))).select(
        *_sel(a, pl.col("v_end") + a.struct.field("lead").str.len_chars() + a.struct.field("pre").str.len_chars().fill_null(0), 7),
        pl.lit(False).alias("appositive"),
    )
    rows = pl.concat([before, after], how="vertical_relaxed")
    # strip connectors ("But Japanese officials"), keep the offsets right
    stripped = _strip_leading_stopwords(pl.col("descriptor"))
    rows = rows.with_columns(
        (pl.col("rel_start") + pl.col("descriptor").str.len_chars() - stripped.str.len_chars()).alias("rel_start"),
        stripped.alias("descriptor"),
        stripped.alias("key_raw"),
        _strip_leading_stopwords(pl.col("mods").fill_null("")).str.strip_chars().alias("mods"),
    )
    # anaphora: "the officials", "the two officials" (definite + no descriptive modifier)
    anaphoric = pl.col("pre").is_not_null() & ((pl.col("mods") == "") | pl.col("det").is_not_null())
    # a bare singular noun before a present-tense verb is a compound, not a subject ("member states")
    singular = pl.col("head").str.to_lowercase().is_in(_lex("source_people_nouns", number="singular"))
    compound = (
        (pl.col("prio") == 6) & pl.col("pre").is_null() & pl.col("det").is_null() & singular
        & ~pl.col("mods").str.contains(r"['’]s\b|\)") & pl.col("verb").str.ends_with("s")
    )
    # "members of her team are worried": a copula inside the post-modifier makes it a clause, not a source
    not_np = pl.col("post_is_clause") | pl.col("appositive").fill_null(False)
    rows = rows.filter(~anaphoric & ~compound & ~not_np & (pl.col("descriptor").str.len_chars() > 0))
    with_the = pl.when(pl.col("pre").is_not_null()).then(pl.col("pre") + pl.col("descriptor")).otherwise(pl.col("descriptor"))
    # "some/most/other analysts" are the same source as "analysts": keep the noun phrase only
    vague = r"^(?i:some|most|other|many|but\s+other)\s+"
    shift = pl.col("descriptor").str.len_chars() - pl.col("descriptor").str.replace(vague, "").str.len_chars()
    rows = rows.with_columns(
        pl.when(pl.col("pre").is_null()).then(pl.col("rel_start") + shift).otherwise(pl.col("rel_start")).alias("rel_start"),
        pl.when(pl.col("pre").is_null()).then(pl.col("descriptor").str.replace(vague, "")).otherwise(pl.col("descriptor")).alias("descriptor"),
    )
    rows = rows.with_columns(pl.col("descriptor").alias("key_raw"))
    # a subject with a post-modifier holds any name inside it ("an official travelling with Trump said",
    # "an aide to Senator Ruiz said"): it outranks every other subject of the verb (priority 0)
    rows = rows.with_columns(pl.when((pl.col("prio") == 6) & pl.col("has_post")).then(0).otherwise(pl.col("prio")).alias("prio"))
    return rows.with_columns(
        (pl.col("rel_start") - pl.col("pre").str.len_chars().fill_null(0)).alias("rel_start"),
        _squash(with_the).alias("descriptor"),
        _count_expr(pl.col("det"), pl.col("head")).alias("anonymous_count"),
        pl.lit("anonymous").alias("source_kind"),
    )


def _org_rows(c: pl.DataFrame, one_word_orgs: pl.DataFrame, sent: pl.DataFrame) -> pl.DataFrame:
    """Organizations speaking before the verb ("China's commerce ministry said")."""
    o = pl.col("b_org")
    rows = c.filter(o.struct.field("all").is_not_null()).select(
        "sentence_id", "article_id", "v_start", _start_before("b_org").alias("rel_start"), o.struct.field("np").alias("name"), pl.lit(8).alias("prio")
    )
    stripped = _strip_leading_stopwords(pl.col("name"))
    rows = rows.with_columns(
        (pl.col("rel_start") + pl.col("name").str.len_chars() - stripped.str.len_chars()).alias("rel_start"),
        stripped.alias("name"),
        stripped.alias("key_raw"),
    )
    # organizations: an org word, an acronym, a corporate suffix, or a gazetteer government
    gaz = country_aliases()["alias"]
    is_org = (
        pl.col("name").str.contains(r"(?i)\b" + _alt(_lex('source_org_words')) + r"\b")
        | pl.col("name").str.contains(r"^[A-Z]{2,}$|\b(?:Corp|Co|Ltd|Inc|Bank|House|Ministry|Department|Commission|Council|Agency|Office|Association|Group|Fund|Service|Administration|Board|Committee|Exchange|Reserve|Institute)\b|\)$")
        | pl.col("name").is_in(gaz.implode())
        | pl.col("name").str.replace(r"^(?:[Tt]he)\s+", "").is_in(gaz.implode())
    )
    rows = rows.filter(is_org & ~pl.col("name").str.contains(r"^(?:[Tt]he|[Ii]ts|[Hh]is|[Tt]heir)$"))
    # a one-word speaker is an organization only if the article also names it as a company
    companies = regex_matches(
        sent.select("sentence_id", "article_id", "t"), "t",
        r"(?P<company>[A-Z][\w&-]+)\s+(?:Corp|Co|Ltd|Inc|Group|Bank|Securities|Holdings|Industries)\b", key="sentence_id",
    ).select("article_id", pl.col("company").alias("name")).unique()  # fmt: skip
    one = one_word_orgs.join(companies, on=["article_id", "name"], how="semi").select(
        "sentence_id", "article_id", "v_start", "rel_start", "name", "key_raw", pl.lit(9).alias("prio")
    )
    rows = pl.concat([rows, one], how="diagonal_relaxed").with_columns(
        # "investment bank Nomura" -> "Nomura"
        _squash(pl.col("name").str.replace(r"^(?:[a-z][\w-]*\s+)+([A-Z])", "$1")).alias("name"),
        pl.lit("named_organization").alias("source_kind"),
    )
    return rows


def _document_rows(sent: pl.DataFrame) -> pl.DataFrame:
    """Documents cited as sources, anywhere in the sentence."""
    p = _patterns()
    # Every document pattern ends its noun phrase with a document noun: search only those sentences.
    docs = candidates(sent.select("sentence_id", "article_id", "t"), "t", [_alt(_lex("source_document_nouns"))])
    docs = docs.filter(docs.select(fast_contains(pl.col("t"), _alt(_lex('source_document_nouns')))).to_series())
    parts = []
    for prio, k in enumerate(("doc_reviewed", "doc_according", "doc_subject"), start=10):
        m = regex_matches(docs, "t", p[k], key="sentence_id")
        parts.append(
            m.select(
                "sentence_id", "article_id",
                (pl.col("match_end") - pl.col("match_text").str.len_chars() + pl.col("match_text").str.find(pl.col("desc").str.escape_regex(), literal=False)).cast(pl.Int64).alias("rel_start"),
                _squash(pl.col("desc")).alias("descriptor"), pl.col("desc").alias("key_raw"), pl.lit(prio).alias("prio"),
            )
        )  # fmt: skip
    rows = pl.concat(parts, how="vertical_relaxed")
    return rows.with_columns(pl.col("rel_start").alias("v_start"), pl.lit("document").alias("source_kind"))


def fill_titles_from_article(rows: pl.DataFrame, sent: pl.DataFrame) -> pl.DataFrame:
    """Give a named person without title or affiliation the title written before the same
    person's name elsewhere in the article ("U.S. President Donald Trump met Abe." ... "Trump
    said" -> title "U.S. President"; "China's Vice Premier Liu He" -> affiliation "China").

    The person is matched by the last word of the name within the article; the first titled
    mention in the text wins. Honorifics are read as the title they state ("Sen." ->
    "Senator"); courtesy forms ("Mr.") give no title.

    Args:
        rows: source rows with ``article_id``, ``source_kind``, ``name``, ``title``,
            ``affiliation`` (String).
        sent: prepared sentences (``sentence_id``, ``article_id``, ``char_start`` Int64, ``t``).

    Returns:
        ``rows`` with the same columns; only null ``title``/``affiliation`` of
        ``named_person`` rows are filled.
    """
    surname = pl.col("name").str.split(" ").list.last()
    bare = (pl.col("source_kind") == "named_person") & pl.col("title").is_null() & pl.col("affiliation").is_null()
    need = rows.filter(bare).select("article_id", surname.alias("word")).unique()
    if need.height == 0:
        return rows
    # only the text before each written form of a needed word is searched (the title pattern is long)
    at = sent.select("article_id", "char_start", "t").join(need, on="article_id").filter(pl.col("t").str.contains(pl.col("word"), literal=True))
    parts = pl.col("t").str.split(pl.col("word"))  # text before and after the first written form
    before = parts.list.first()
    # the rest of a name the word begins ("Liu" of "Liu He")
    tail = parts.list.get(1, null_on_oob=True).str.extract(r"^((?:\s+\p{Lu}[\w'’-]*){1,2})", 1).fill_null("")
    windows = at.select(
        "article_id", "word", (pl.col("char_start") + before.str.len_chars()).alias("at"),
        (before.str.slice(-150) + pl.col("word")).alias("w"), tail.alias("tail"),
    )  # fmt: skip

    def run(part: pl.DataFrame, ascii: bool) -> pl.DataFrame:
        p = _patterns(ascii)["end_title_name"]
        return part.with_columns(
            pl.col("w").str.extract_groups(p).alias("last"), (pl.col("w") + pl.col("tail")).str.extract_groups(p).alias("first")
        )

    found = split_by_script(windows, "w", run)
    # by the last word of the name, or (a one-word name: "Liu" of "Liu He") by its first word
    by_last = found.select("article_id", "word", "at", pl.col("last").struct.unnest()).filter(
        _squash(pl.col("name")).str.split(" ").list.last() == pl.col("word")
    )
    by_first = found.select("article_id", "word", "at", pl.col("first").struct.unnest()).filter(
        _squash(pl.col("name")).str.split(" ").list.first() == pl.col("word")
    )
    title, owner = _split_title(pl.col("title"))
    found = (
        pl.concat([by_last, by_first])
        .filter(valid_person_name(_squash(_strip_leading_stopwords(pl.col("name")))))
        .with_columns(_honorific_title(title).alias("title_seen"), owner.alias("affiliation_seen"))
        .filter(pl.col("title_seen").is_not_null())
        .sort("at")
        .unique(["article_id", "word"], keep="first", maintain_order=True)
        .select("article_id", "word", "title_seen", "affiliation_seen")
    )
    out = rows.with_columns(surname.alias("word")).join(found, on=["article_id", "word"], how="left").drop("word")
    return out.with_columns(
        pl.when(bare).then(pl.col("title_seen")).otherwise(pl.col("title")).alias("title"),
        pl.when(bare).then(pl.col("affiliation_seen")).otherwise(pl.col("affiliation")).alias("affiliation"),
    ).drop("title_seen", "affiliation_seen")
