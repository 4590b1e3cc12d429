r"""Source attributions: who said what, as pure Polars expressions over ``raw.sentences``.

Every attribution verb ("said", "told", "according to", "warned", ...) is found with
:func:`~dagster_project.extract.matching.regex_matches`; the words just *before* it (the
subject: "Kennedy said", "two officials said") and just *after* it (inverted order and
"according to": "said Scott Kennedy, an expert ...", "according to three officials familiar
with ...") are then read with anchored regexes, each of which recognises one kind of source:

- ``named_person``: title + name ("Vice Foreign Minister Hua Chunying said"), name +
  appositive ("Carole Ryavec, an analyst at X, said"), a bare name ("Kennedy said"). A
  one-word name counts as a person only if it is a leader in the country gazetteer or the
  surname/given name of a fuller name written in the same article; otherwise it is an
  organization ("Toshiba said").
- ``anonymous``: determiner + modifiers + a people noun ("three officials familiar with
  Beijing's thinking", "a senior U.S. official", "trade sources"). Anaphoric re-mentions
  ("the officials said", "one of the officials said") are skipped.
- ``named_organization``: a ministry, agency, company or government acting as a speaker.
- ``document``: "the document, reviewed by Reuters", "according to public statements",
  "a congressional report that asserted".

Names are 1-3 capitalised words in any script (``\p{Lu}\p{Ll}+``: "José Álvarez"), with an
optional middle initial and lower-case particles between words ("Ursula von der Leyen", "Lula
da Silva", "Faisal al-Rashid"). The Unicode letter classes are slow in the regex DFA, so rows
without non-ASCII word characters are searched with the ASCII form of every name pattern
(:func:`ascii_letters`, :func:`split_by_script`) and only the other rows with the Unicode one,
the same design (and the same result) as :mod:`~dagster_project.extract.matching`.

``quote`` is every quoted passage of the sentence without its quote marks and trailing
``, ; :`` ("We want a fair deal," -> We want a fair deal), joined by " ... ".

Titles come from ``dbt/seeds/person_titles.csv`` (:func:`person_titles`). All offsets are in
characters of ``raw.articles.text``.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache

import polars as pl

from dagster_project import schemas
from dagster_project.config import DBT_SEEDS_DIR
from dagster_project.extract.lexicons import lexicon, words
from dagster_project.extract.matching import alternation, ascii_bounds, fast_contains, regex_matches
from dagster_project.extract.reference import country_aliases, places

# --------------------------------------------------------------------------------------
# Reference data
# --------------------------------------------------------------------------------------


@lru_cache(maxsize=1)
def person_titles() -> pl.DataFrame:
    """Titles and roles written before or after a person's name.

    Returns:
        DataFrame with one String column ``title`` ("Prime Minister", "analyst", ...).

    Raises:
        FileNotFoundError: ``dbt/seeds/person_titles.csv`` is missing.
    """
    return pl.read_csv(DBT_SEEDS_DIR / "person_titles.csv", schema={"title": pl.String})


def _lex(name: str, column: str | None = None, **where: str) -> tuple[str, ...]:
    """Entries of lexicon ``name`` (``dagster_project/lexicons/<name>.csv``) as a tuple."""
    return tuple(words(name, column, **where))


@lru_cache(maxsize=1)
def number_words() -> dict[str, int]:
    """Determiner -> number of people it states ("three" -> 3, "a" -> 1), from ``source_determiners``."""
    table = lexicon("source_determiners").filter(pl.col("count").is_not_null())
    return dict(zip(table["determiner"].to_list(), (int(c) for c in table["count"].to_list()), strict=True))


# --------------------------------------------------------------------------------------
# Regex building blocks (Rust regex syntax, no look-around)
# --------------------------------------------------------------------------------------

#: One word of a person's name: Kennedy, McDonald, Der-Hwa, O'Neill, Álvarez (any script's capitals).
_CAP = r"(?:\p{Lu}['’]\p{Lu}\p{Ll}+|\p{Lu}\p{Ll}+(?:\p{Lu}\p{Ll}+)?(?:['’-]\p{L}\p{Ll}+)?)"
#: Lower-case particles before a later word of a name ("Ursula von der Leyen", "Lula da Silva",
#: "Faisal al-Ibrahim").
_PARTICLES = r"(?:(?:von|van|der|den|de|del|da|di|du|la|le|bin)\s+){0,2}(?:al-)?"
#: A person's name of 1-3 words, optional middle initial ("Donald J. Trump") or particles.
_NAME = rf"(?:{_CAP}(?:\s+(?:\p{{Lu}}\.\s+)?{_PARTICLES}{_CAP}){{0,2}})"
_NAME_MULTI = rf"(?:{_CAP}(?:\s+(?:\p{{Lu}}\.\s+)?{_PARTICLES}{_CAP}){{1,2}})"
#: Public: a person's name of 2-3 capitalised words (for participants in talks).
PERSON_NAME_RE = _NAME_MULTI
#: A legislator's party and state after the name: "(R-Texas)", "(D-N.Y.)", "(I)".
_PARTY = r"(?:\s*\([DRI](?:-[A-Z][\w.]*(?:\s[A-Z][\w.]*)?)?\))"
#: A non-ASCII word character (as in ``matching``): rows without one are "ASCII rows".
_NON_ASCII_WORD = r"[\w&&[^\x00-\x7F]]"


def ascii_letters(pattern: str) -> str:
    r"""``pattern`` for ASCII rows: ``\p{Lu}``/``\p{Ll}``/``\p{L}`` as ``[A-Z]``/``[a-z]``/``[A-Za-z]``
    and :func:`~dagster_project.extract.matching.ascii_bounds` (ASCII ``\b``, ``\w``).

    Every Unicode letter is a word character, so on a text without non-ASCII word characters
    (:func:`ascii_rows`) both forms match the same. The Unicode letter classes would make the
    long title/name patterns several times slower even on ASCII text.
    """
    letters = pattern.replace(r"\p{Lu}", "[A-Z]").replace(r"\p{Ll}", "[a-z]").replace(r"\p{L}", "[A-Za-z]")
    return ascii_bounds(letters)


def ascii_rows(text: pl.Expr) -> pl.Expr:
    """True where ``text`` holds no non-ASCII word character (:func:`ascii_letters` is exact there)."""
    return ~text.str.contains(_NON_ASCII_WORD)


def split_by_script(df: pl.DataFrame, text_col: str, run: Callable[[pl.DataFrame, bool], pl.DataFrame]) -> pl.DataFrame:
    """``run(part, True)`` on the ASCII rows of ``df[text_col]``, ``run(part, False)`` on the others.

    ``run`` uses :func:`ascii_letters` patterns when its flag is True and the Unicode patterns
    otherwise (the design of :mod:`~dagster_project.extract.matching`: same result as the
    Unicode patterns everywhere, but ASCII rows get a fast DFA). Each regex is then compiled
    once per call, not once per route. Rows come back ASCII part first.
    """
    mask = df.select(ascii_rows(pl.col(text_col)).fill_null(True)).to_series()
    n_ascii = int(mask.sum())
    if n_ascii in (0, df.height):
        return run(df, n_ascii > 0)
    return pl.concat([run(df.filter(mask), True), run(df.filter(~mask), False)], how="vertical_relaxed")


#: A word allowed before a title: capitalised, possessive, parenthesised, or "and"/"of".
_TITLE_PRE_FIXED = r"(?:[A-Z][\w.&-]*(?:['’]s)?|\([^)]*\)|and|of|the|new|former|senior|chief)"


@lru_cache(maxsize=1)
def _title_pre() -> str:
    """A word allowed before a title: capitalised, possessive, parenthesised, "and"/"of", or a
    lower-case modifier of ``source_anon_modifiers`` ("trade secretary", "campaign manager")."""
    return rf"(?:{_TITLE_PRE_FIXED}|{_alt(_lex('source_anon_modifiers'), ci=True)})"


@lru_cache(maxsize=1)
def _honorific_re() -> str:
    """Honorifics of ``source_honorifics`` with or without their period ("Mr.", "Sen", "Lt. Gen.")."""
    alts = sorted((h.replace(".", r"\.") for h in _lex("source_honorifics")), key=len, reverse=True)
    return r"\b(?:" + "|".join(alts) + r")(?:\.|\b)"


def _titles_re() -> str:
    """Titles (``person_titles``, any case) or honorifics."""
    return rf"(?:{_alt(person_titles()['title'].to_list(), ci=True)}|{_honorific_re()})"
_CAP_OR_PAREN = r"(?:[A-Z][\w.&'-]*|\([^)]*\)|<[^>]*>)"


def _alt(words: tuple[str, ...] | list[str], *, ci: bool = False) -> str:
    """Literal alternation of ``words`` (longest first), optionally case-insensitive."""
    return _alt_cached(tuple(words), ci)


@lru_cache(maxsize=64)
def _alt_cached(words: tuple[str, ...], ci: bool) -> str:
    alt = alternation(list(words))
    return f"(?i:{alt})" if ci else alt


def _raw_alt(patterns: tuple[str, ...]) -> str:
    """Alternation of regex fragments, kept as written."""
    return "(?:" + "|".join(patterns) + ")"


@lru_cache(maxsize=None)  # keys (), (False,), (True,): at most three entries
def _patterns(ascii: bool = False) -> dict[str, str]:
    """All regexes, built once from the reference tables (``ascii``: for ASCII rows, see :func:`ascii_letters`)."""
    if ascii:
        return {k: ascii_letters(v) for k, v in _patterns().items()}
    titles = _titles_re()
    title_pre = _title_pre()
    verb = _alt(_lex('source_cue_verbs')) + r"|(?:released|issued)\s+(?:a|the\s+following|the)\s+statement"
    verb_re = rf"\b(?:{verb}|according\s+to|interviews?\s+with)\b"
    aux = rf"(?:{_raw_alt(_lex('source_aux_words'))}\s+){{0,3}}"
    end = rf"\s*{aux}$"  # subject directly before the verb
    det = _alt(_lex('source_determiners'), ci=True)
    head = _alt(_lex('source_people_nouns'), ci=True)
    mod = rf"(?:{_CAP_OR_PAREN}|{_alt(_lex('source_anon_modifiers'), ci=True)}|and)"
    post = r"(?:familiar\s+with|close\s+to|based\s+in|with\s+knowledge\s+of|briefed\s+on|involved\s+in|for|at|from|in|on|with|of)"
    anon_np = rf"(?:(?P<det>{det})\s+)?(?P<mods>(?:{mod}\s+){{0,5}})(?P<head>{head}(?:\s+and\s+(?:{mod}\s+){{0,3}}{head})?)"
    doc_np = rf"(?:(?:{det}|[Tt]he|[Ii]ts|[Hh]is|[Hh]er|[Tt]heir)\s+)?(?:(?:[A-Z][\w.&-]*'s|{_CAP_OR_PAREN}|public|official|congressional|joint|news|internal|confidential|draft|written|government|final|annual|new|latest|trade|monthly|preliminary|customs)\s+){{0,4}}{_alt(_lex('source_document_nouns'))}"
    org_lc = _alt(_lex('source_org_words') + ("central", "foreign", "commerce", "trade", "finance", "investment", "state", "news", "affairs", "industry", "economic", "security", "media", "public", "planning", "development", "customs", "statistics", "the", "of", "and", "for", "national", "securities", "brokerage", "research", "consulting", "firm", "economics", "energy"))
    org_np = rf"(?:(?:{_CAP_OR_PAREN}(?:'s)?|{org_lc})\s+){{0,7}}(?:{_CAP_OR_PAREN}|(?:[a-z][\w-]*\s+){{0,2}}{_alt(_lex('source_org_words'))})"
    name_end = r"(?:\s*[,.;:]|\s*$|\s+at\s|\s+of\s)"
    return {
        "verb": verb_re,
        # ---- before the verb (anchored at the end of the text before the verb) ----
        "b_title_name": rf"(?P<all>(?P<title>(?:{title_pre}\s+){{0,6}}{titles})\s+(?P<name>{_NAME}){_PARTY}?(?:\s*,\s*who\s+[^,]{{2,120}},|\s*,\s*who\s+)?{end})",
        "b_name_appos": rf"(?P<all>(?P<name>{_NAME}){_PARTY}?,\s+(?P<app>[^,]{{2,140}}?),?\s*(?:who\s+)?{aux}$)",
        "b_title_comma_name": rf"(?P<all>(?P<app>[^,]{{2,70}}),\s+(?P<name>{_NAME}),\s*(?:who\s+)?{aux}$)",
        "b_name": rf"(?P<all>(?P<name>{_NAME}){_PARTY}?{end})",
        "b_anon": rf"(?P<all>(?P<pre>\b(?:[Tt]he|[Tt]hese|[Tt]hose|[Hh]is|[Hh]er|[Tt]heir|[Ii]ts|of)\s+)?(?P<np>{anon_np}(?P<post>\s+{post}\s+(?:[^,;\"“”]|<[^>]*>|,\s*[A-Z][\w]*\s+(?:Corp|Co|Ltd|Inc)\b)+?)?)(?:{end}|\s*,{end}))",
        "b_org": rf"(?P<all>(?P<np>{org_np}){end})",
        # ---- after the verb (anchored at the start of the text after the verb) ----
        "a_person": rf"^(?P<lead>\s+)(?P<np>(?:(?P<title>(?:{title_pre}\s+){{0,6}}{titles})\s+)?(?P<name>{_NAME}){_PARTY}?)(?P<app>,\s+[^,;]{{2,160}}|\s+(?:at|of)\s+[^,;]{{2,80}})?{name_end}",
        "a_anon": rf"^(?P<lead>\s+(?:(?:one|some|two|three|many|most|all|each|either|both)\s+of\s+(?:the|these|those)\s+\w+\s+(?:and|or)\s+)?)(?P<pre>(?:the|these|those|his|her|their|its)\s+)?(?P<np>{anon_np}(?P<post>\s+{post}\s+(?:[^,;.\"“”]|\.\w|\.\s+[a-z])+)?)(?:\s*(?:[,.;:!?\"”)]|$)|\s+(?:who|whom|speaking|on\s+condition)\b)",
        # ---- documents anywhere in the sentence ----
        "doc_reviewed": rf"(?P<desc>{doc_np}\s*,?\s+(?:reviewed|seen|obtained|read)\s+by\s+[A-Z][\w]+)",
        "doc_subject": rf"(?P<desc>{doc_np})\s+(?:that\s+|which\s+)?(?:said|says|asserted|asserts|showed|shows|show|found|finds|stated|states|provided|provides|concluded|noted|notes|showing)\b",
        "doc_according": rf"according\s+to\s+(?P<desc>{doc_np}(?:\s+(?:by|of|from|on|issued\s+by|released\s+by)\s+(?:[^,;.]|\.\w)+)?)",
        # ---- names written anywhere (to resolve one-word names) ----
        "full_name": rf"(?P<name>(?:(?:\p{{Lu}}\p{{Ll}}+|[A-Z]\.(?:[A-Z]\.)*|[A-Z]{{2,}})\s+){{0,4}}{_NAME_MULTI})",
        "quote": r"[\"“][^\"“”]{2,}[\"”]",
    }


# --------------------------------------------------------------------------------------
# Small pure expression helpers
# --------------------------------------------------------------------------------------


def _ws(expr: pl.Expr) -> pl.Expr:
    """Every whitespace character -> one space (keeps character offsets)."""
    return expr.str.replace_all(r"\s", " ")


def _squash(expr: pl.Expr) -> pl.Expr:
    """Collapse whitespace runs and strip (for names and descriptors as written)."""
    return expr.str.replace_all(r"\s+", " ").str.strip_chars(" ,.;:")


def _unquote(expr: pl.Expr) -> pl.Expr:
    """A quoted passage without its quote marks and trailing , ; : ("We want a deal," -> We want a deal)."""
    return expr.str.strip_chars("\"“” ").str.strip_chars_end(",;: ")


def _strip_leading_stopwords(expr: pl.Expr) -> pl.Expr:
    """Drop sentence connectors at the start of a phrase ("But U.S. officials" -> "U.S. officials")."""
    lead = r"^(?:(?:But|And|Or|So|Yet|Still|However|Meanwhile|Now|Also|Instead|Earlier|Later|In|On|At|For|By|of|and|to|the|The|his|His|her|its|their|new|former)\s+)+"
    return expr.str.replace(lead, "")


def _count_expr(det: pl.Expr, head: pl.Expr) -> pl.Expr:
    """Number of anonymous people: from the determiner, else 1 for a singular noun, else null."""
    by_word = det.str.to_lowercase().replace_strict(
        list(number_words()), list(number_words().values()), default=None, return_dtype=pl.Int32
    )
    plural = head.str.contains(r"(?i)(?:s|people|men|women)$|\band\b")
    return (
        pl.when(det.is_not_null()).then(by_word).when(plural).then(pl.lit(None, pl.Int32)).otherwise(pl.lit(1, pl.Int32))
    )


def valid_person_name(name: pl.Expr) -> pl.Expr:
    """True when no word of ``name`` is a stop/organization/title word and it is no place."""
    bad_word = rf"\b{_alt(_lex('source_not_name_words'))}\b"
    gaz = pl.concat([country_aliases().filter(pl.col("alias_kind") != "leader")["alias"], places()["place"]])
    pronoun = name.is_in(["He", "She", "It", "They", "We", "I", "You", "One"])
    token_is_place = name.str.split(" ").list.eval(pl.element().is_in(gaz.implode())).list.any()
    return ~name.str.contains(bad_word) & ~name.is_in(gaz.implode()) & ~token_is_place.fill_null(False) & ~pronoun & name.is_not_null()


def strip_name_prefix(name: pl.Expr) -> pl.Expr:
    """Drop leading title, connector and acronym words ("Treasury Secretary Scott Bessent" -> "Scott Bessent")."""
    lead = rf"^(?:.*\s)?(?:{_alt(_lex('source_not_name_words'))}|[A-Z]\.(?:[A-Z]\.)+|[A-Z]{{2,}})\s+"
    return name.str.replace(lead, "")


def _honorific_title(title: pl.Expr) -> pl.Expr:
    """Honorifics in a title as the title they state ("Sen." -> "Senator"); courtesy forms
    ("Mr.") dropped; an empty title -> null."""
    table = lexicon("source_honorifics").sort(pl.col("honorific").str.len_chars(), descending=True)
    for hon, full in table.iter_rows():
        title = title.str.replace_all(r"\b" + hon.replace(".", r"\.") + r"(?:\.|\b)", full or "")
    title = _squash(title)
    return pl.when(title != "").then(title)


#: A phrase between commas after a name that is no appositive: a relative clause or an adverbial
#: ("McCain, who has ..., said", "Blunt, after a long pause, said", "Ryan, however, said").
_INTERJECTION = r"^(?:who|after|before|in|on|at|during|when|asked|speaking|however|though|too|meanwhile|for\s+(?:his|her|their)\s+part)\s|^(?:however|though|too|meanwhile)$"


def _appositive_start() -> str:
    """Regex: an appositive that describes a person ("an analyst at X", "Deputy Director of Y")."""
    titles = _titles_re()
    title_pre = _title_pre()
    return rf"^(?:(?:an?|the|An?|The)\s|(?:{title_pre}\s+){{0,4}}{titles}\b)|{_INTERJECTION}"


def _split_title(title: pl.Expr) -> tuple[pl.Expr, pl.Expr]:
    """("China's Vice Foreign Minister") -> title "Vice Foreign Minister", owner "China"."""
    clean = _squash(_strip_leading_stopwords(_squash(title)))
    owner = clean.str.extract(r"^(.+?)'s\s+", 1)
    rest = clean.str.replace(r"^.+?'s\s+", "")
    return rest, owner


def _split_appositive(app: pl.Expr) -> tuple[pl.Expr, pl.Expr]:
    """", an expert in X at the Center for Y in Washington" -> (title, affiliation)."""
    clean = _squash(app.str.replace(r"^\s*,\s*", "")).str.replace(r"^(?:an?|the|The|An?)\s+", "")
    title = clean.str.extract(r"^(.+?)\s+(?:at|of|with|for)\s+", 1).fill_null(clean)
    affil = (
        clean.str.extract(r"\s(?:at|of|with|for)\s+(?:the\s+)?(.+)$", 1)
        .str.replace(r"\s+in\s+[A-Z][\w.]*(?:\s+[A-Z][\w.]*)?$", "")
        .str.replace(r"^(?:the|The)\s+", "")
        .str.replace(r"\s*[\"“].*$", "")
    )
    return title, affil


# --------------------------------------------------------------------------------------
# Stages
# --------------------------------------------------------------------------------------


def _prepare(sentences: pl.DataFrame) -> pl.DataFrame:
    return sentences.select(
        "sentence_id", "article_id", "char_start", "char_end", pl.col("text").alias("evidence"), _ws(pl.col("text")).alias("t")
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


def _start_before(field: str) -> pl.Expr:
    """Sentence-relative start of pattern ``field`` matched at the end of ``before``."""
    return pl.col("before").str.len_chars() - pl.col(field).struct.field("all").str.len_chars()


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
        c.filter(ap.struct.field("all").is_not_null() & ap.struct.field("app").str.contains(_appositive_start())).select(
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
    rows = rows.filter(valid_person_name(pl.col("name")))
    one_word = ~pl.col("name").str.contains(r"\s")
    rows = (
        rows.join(known.rename({"tok": "name"}), on=["article_id", "name"], how="left")
        .with_columns(pl.col("known").fill_null(False) | pl.col("name").is_in(leaders["tok"].implode()))
    )
    person = rows.filter(~one_word | pl.col("titled") | pl.col("known"))
    # one-word names that are not people: organizations ("Toshiba said"), before-verb only
    orgs = rows.filter(one_word & ~pl.col("titled") & ~pl.col("known") & (pl.col("prio") == 4))
    return person.with_columns(pl.lit("named_person").alias("source_kind")), orgs


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
            pl.lit(prio).alias("prio"),
        ]  # fmt: skip

    before = c.filter(b.struct.field("all").is_not_null()).select(
        _sel(b, _start_before("b_anon") + b.struct.field("pre").str.len_chars().fill_null(0), 6)
    )
    after = c.filter(a.struct.field("np").is_not_null() & ~pl.col("verb").is_in(_lex("source_cue_verbs", subject_after="no"))).select(
        _sel(a, pl.col("v_end") + a.struct.field("lead").str.len_chars() + a.struct.field("pre").str.len_chars().fill_null(0), 7)
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
    rows = rows.filter(~anaphoric & ~compound & (pl.col("descriptor").str.len_chars() > 0))
    with_the = pl.when(pl.col("pre").is_not_null()).then(pl.col("pre") + pl.col("descriptor")).otherwise(pl.col("descriptor"))
    # "some/most/other analysts" are the same source as "analysts": keep the noun phrase only
    vague = r"^(?i:some|most|other|many|but\s+other)\s+"
    shift = pl.col("descriptor").str.len_chars() - pl.col("descriptor").str.replace(vague, "").str.len_chars()
    rows = rows.with_columns(
        pl.when(pl.col("pre").is_null()).then(pl.col("rel_start") + shift).otherwise(pl.col("rel_start")).alias("rel_start"),
        pl.when(pl.col("pre").is_null()).then(pl.col("descriptor").str.replace(vague, "")).otherwise(pl.col("descriptor")).alias("descriptor"),
    )
    rows = rows.with_columns(pl.col("descriptor").alias("key_raw"))
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
    docs = sent.select("sentence_id", "article_id", "t")
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


_BEFORE_PRIOS = (1, 2, 3, 4, 6, 8, 9)


def _resolve(rows: pl.DataFrame, cand: pl.DataFrame, sent: pl.DataFrame) -> pl.DataFrame:
    """Keep one source per verb and drop phrases overlapping a better one.

    Subjects before the verb are dropped for "according to"/"interviews with", and when a
    comma or quote ends the text before the verb (inverted order: "..., said Scott Kennedy"),
    except for appositives ("Carole Ryavec, an analyst at X, said").
    """
    side = cand.select(
        "sentence_id", "v_start", pl.col("verb").alias("the_verb"),
        pl.col("before").str.contains(r"[,\"”]\s*$").alias("inverted"),
        pl.col("before").str.contains(r"^\s*$").alias("before_blank"),
    )  # fmt: skip
    rows = rows.join(side, on=["sentence_id", "v_start"], how="left").join(
        sent.select("sentence_id", "t"), on="sentence_id", how="left"
    )
    before = pl.col("prio").is_in(_BEFORE_PRIOS)
    bad_before = before & (
        pl.col("the_verb").str.contains(r"^(?:according|interview)").fill_null(False)
        | (pl.col("inverted").fill_null(False) & ~pl.col("prio").is_in((2, 3)) & ~((pl.col("prio") == 6) & pl.col("has_post").fill_null(False)))
    )
    # a subject after the verb needs the inverted order (", said X", "according to X"): "added six firms" is an object
    bad_after = pl.col("prio").is_in((5, 7)) & ~(
        pl.col("inverted").fill_null(False)
        | pl.col("the_verb").str.contains(r"^(?:according|interview)").fill_null(False)
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
    cand = _before_candidates(_verb_rows(sent))
    # stance verbs ("officials believe") and plural-subject forms ("critics argue") attribute only to anonymous sources
    anon_only = [v for v in _lex("source_cue_verbs", cue="cognition") + _lex("source_cue_verbs", form="base") if v != "say"]
    spoken = cand.filter(~pl.col("verb").is_in(anon_only))
    persons, one_word_orgs = _person_rows(spoken, known, leaders)
    anon = _anon_rows(cand)
    orgs = _org_rows(spoken, one_word_orgs, sent)
    docs = _document_rows(sent)
    rows = _resolve(pl.concat([persons, anon, orgs, docs], how="diagonal_relaxed"), cand, sent)
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
