"""Regex building blocks and the patterns of every source rule (Rust regex syntax, no look-around).

Part of :mod:`dagster_project.extract.sources` (its docstring states the algorithm)."""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache

import polars as pl

from dagster_project.extract.lexicons import words
from dagster_project.extract.matching import alternation, ascii_bounds
from dagster_project.extract.sources.lexicon import _lex, person_titles


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
#: A word of a clause's subject: capitalised, a bracket, or a particle of a name or title ("Secretary of State").
_SUBJ_WORD = r"(?:\p{Lu}[\w.'’&-]*|\([^)]*\)|of|the|de|da|van|von|der|al-\p{Lu}\p{Ll}+)"
#: A legislator's party and state after the name: "(R-Texas)", "(D-N.Y.)", "(I)".
_PARTY = r"(?:\s*\([DRI](?:-[A-Z][\w.]*(?:\s[A-Z][\w.]*)?)?\))"
#: A share of a group before an anonymous source ("52 percent of", "about four in 10", "two-thirds of the",
#: "a majority of"): the people it counts are vague, so it gives no count.
_QUANTITY = (
    r"(?i:(?:about|nearly|almost|roughly|more\s+than|fewer\s+than|less\s+than|over|under|just|only)\s+)?"
    r"(?i:(?:\d+|one|two|three|four|five|six|seven|eight|nine)\s+(?:in|out\s+of)\s+(?:10|ten)"
    r"|(?:\d+(?:\.\d+)?\s*(?:percent|per\s+cent|%)|half|(?:a|one|two)[\s-]thirds?|(?:a|one|three)[\s-]quarters?"
    r"|a\s+majority|the\s+majority|a\s+plurality"
    r"|a\s+(?:(?:wide|broad|large|small|growing)\s+)?(?:array|range|number|host|handful|couple|lot|group|chorus))\s+of(?:\s+(?:the|all|those|these))?)"
)
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
    verb_re = rf"\b(?:{verb}|[Aa]ccording\s+to|interviews?\s+with)\b"
    aux = rf"(?:{_raw_alt(_lex('source_aux_words'))}\s+){{0,3}}"
    end = rf"\s*{aux}$"  # subject directly before the verb
    det = _alt(_lex('source_determiners'), ci=True)
    head = _alt(_lex('source_people_nouns'), ci=True)
    mod = rf"(?:{_CAP_OR_PAREN}|{_alt(_lex('source_anon_modifiers'), ci=True)}|and)"
    post = r"(?:who|speaking|familiar\s+with|close\s+to|based\s+in|with\s+knowledge\s+of|briefed\s+on|involved\s+in|travell?ing\s+with|accompanying|working\s+(?:for|on|at|with)|in\s+charge\s+of|for|at|from|in|on|with|of)"
    anon_np = rf"(?:(?P<qty>{_QUANTITY})\s+)?(?:(?P<det>{det})\s+)?(?P<mods>(?:{mod}\s+){{0,5}})(?P<head>{head}(?:\s+and\s+(?:{mod}\s+){{0,3}}{head})?)"
    doc_np = rf"(?:(?:{det}|[Tt]he|[Ii]ts|[Hh]is|[Hh]er|[Tt]heir)\s+)?(?:(?:[A-Z][\w.&-]*'s|{_CAP_OR_PAREN}|public|official|congressional|joint|news|internal|confidential|draft|written|government|final|annual|new|latest|trade|monthly|preliminary|customs)\s+){{0,4}}{_alt(_lex('source_document_nouns'))}"
    org_lc = _alt(_lex('source_org_words') + ("central", "foreign", "commerce", "trade", "finance", "investment", "state", "news", "affairs", "industry", "economic", "security", "media", "public", "planning", "development", "customs", "statistics", "the", "of", "and", "for", "national", "securities", "brokerage", "research", "consulting", "firm", "economics", "energy"))
    org_np = rf"(?:(?:{_CAP_OR_PAREN}(?:'s)?|{org_lc})\s+){{0,7}}(?:{_CAP_OR_PAREN}|(?:[a-z][\w-]*\s+){{0,2}}{_alt(_lex('source_org_words'))})"
    name_end = r"(?:\s*[,.;:]|\s*$|\s+at\s|\s+of\s)"
    return {
        "verb": verb_re,
        # ---- before the verb (anchored at the end of the text before the verb) ----
        "b_title_name": rf"(?P<all>(?P<title>(?:{title_pre}\s+){{0,6}}{titles})\s+(?P<name>{_NAME})(?:{_PARTY},?)?(?:\s*,\s*who\s+[^,]{{2,120}},|\s*,\s*who\s+)?{end})",
        "b_name_appos": rf"(?P<all>(?P<name>{_NAME}){_PARTY}?,\s+(?P<app>[^,]{{2,140}}?),?\s*(?:who\s+)?{aux}$)",
        "b_title_comma_name": rf"(?P<all>(?P<app>[^,]{{2,70}}),\s+(?P<name>{_NAME}),\s*(?:who\s+)?{aux}$)",
        "b_name": rf"(?P<all>(?P<name>{_NAME})(?:{_PARTY},?)?{end})",
        "b_anon": rf"(?P<all>(?P<pre>\b(?:[Tt]he|[Tt]hese|[Tt]hose|[Hh]is|[Hh]er|[Tt]heir|[Ii]ts|of)\s+)?(?P<np>{anon_np}(?P<post>\s+{post}\s+(?:[^,;\"“”]|<[^>]*>|,\s*[A-Z][\w]*\s+(?:Corp|Co|Ltd|Inc)\b)+?)?)(?:{end}|\s*,{end}))",
        "b_org": rf"(?P<all>(?P<np>{org_np}){end})",
        # ---- after the verb (anchored at the start of the text after the verb) ----
        "a_person": rf"^(?P<lead>\s+)(?P<np>(?:(?P<title>(?:{title_pre}\s+){{0,6}}{titles})\s+)?(?P<name>{_NAME}){_PARTY}?)(?P<app>,\s+[^,;]{{2,160}}|\s+(?:at|of)\s+[^,;]{{2,80}})?{name_end}",
        "a_anon": rf"^(?P<lead>\s+(?:(?:one|some|two|three|many|most|all|each|either|both)\s+of\s+(?:the|these|those)\s+\w+\s+(?:and|or)\s+)?)(?P<pre>(?:the|these|those|his|her|their|its)\s+)?(?P<np>{anon_np}(?P<post>\s+{post}\s+(?:[^,;.\"“”]|\.\w|\.\s+[a-z])+)?)(?:\s*(?:[,.;:!?\"”)]|$)|\s+(?:who|whom|speaking|on\s+condition)\b)",
        # ---- documents anywhere in the sentence ----
        "doc_reviewed": rf"(?P<desc>{doc_np}\s*,?\s+(?:reviewed|seen|obtained|read)\s+by\s+[A-Z][\w]+)",
        "doc_subject": rf"(?P<desc>{doc_np})\s+(?:that\s+|which\s+)?(?:said|says|asserted|asserts|showed|shows|show|found|finds|stated|states|provided|provides|concluded|noted|notes|showing)\b",
        "doc_according": rf"[Aa]ccording\s+to\s+(?P<desc>{doc_np}(?:\s+(?:by|of|from|on|issued\s+by|released\s+by)\s+(?:[^,;.]|\.\w)+)?)",
        # ---- a speaker's label at the start of a sentence ("Sen. Ana Ruiz (D-Ohio): ...", "ANA RUIZ: ...") ----
        "label": rf"^(?P<lead>\s*(?:[-–—•]\s*)?)(?P<all>(?:(?P<title>(?:{title_pre}\s+){{0,6}}{titles})\s+)?(?P<name>{_NAME}|\p{{Lu}}{{2,}}(?:\s+\p{{Lu}}[\p{{Lu}}.'’-]+){{0,2}}){_PARTY}?)\s*:\s*(?P<next>\S)",
        # ---- the subject of a sentence's first clause, for ", saying ..." (group 1: the text up to its end) ----
        "clause_subject": rf"^((?:[^,\"“”]{{1,40}},\s+)?{_SUBJ_WORD}(?:\s+{_SUBJ_WORD}){{0,7}})\s+(?:\p{{Ll}}+ly\s+|(?:has|had|have|also|then)\s+|on\s+\p{{Lu}}\p{{Ll}}+\s+)?\p{{Ll}}{{2,}}\b",
        # ---- names written anywhere (to resolve one-word names and give them a title) ----
        "end_title_name": rf"(?P<title>(?:{title_pre}\s+){{0,6}}{titles})\s+(?P<name>{_NAME})$",
        "full_name": rf"(?P<name>(?:(?:\p{{Lu}}\p{{Ll}}+|[A-Z]\.(?:[A-Z]\.)*|[A-Z]{{2,}})\s+){{0,4}}{_NAME_MULTI})",
        "quote": r"[\"“][^\"“”]{2,}[\"”]",
    }
