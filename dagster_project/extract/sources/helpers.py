"""Small pure Polars expression helpers of the source rules (names, titles, appositives, counts).

Part of :mod:`dagster_project.extract.sources` (its docstring states the algorithm)."""

from __future__ import annotations

import polars as pl

from dagster_project.extract.lexicons import lexicon
from dagster_project.extract.text import single_spaced
from dagster_project.extract.reference import country_aliases, places
from dagster_project.extract.sources.lexicon import _lex, number_words
from dagster_project.extract.sources.patterns import _alt, _title_pre, _titles_re


def _ws(expr: pl.Expr) -> pl.Expr:
    """Every whitespace character -> one space (keeps character offsets)."""
    return single_spaced(expr)


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


#: A double quote mark (straight or curly); single quotes are left out (they double as apostrophes).
_QUOTE_MARK = "\"“”"
#: A character before a straight quote mark that makes it an opening one (start, space, bracket, dash).
_OPENS_AFTER = r"[\s(\[—–-]"


def inside_quote(before: pl.Expr, after: pl.Expr) -> pl.Expr:
    """True when the text between ``before`` and ``after`` (a verb of the sentence) lies inside a
    quoted passage: the last quote mark before it opens a quote, or no quote mark comes before it
    and the first one after it closes a quote (a quotation begun in an earlier sentence).

    A straight quote mark opens a quote at the start of the text or after a space, bracket or
    dash, and closes one otherwise; curly marks say which they are. The attributions inside a
    quotation are nested ("'People say they hate us,' Clarke said": only Clarke is the article's
    source; PolNeAR guidelines, "No nested attributions").
    """
    q = _QUOTE_MARK
    last = before.str.extract(rf"([{q}])[^{q}]*$", 1)
    last_prev = before.str.extract(rf"(.)[{q}][^{q}]*$", 1)
    last_opens = (last == "“") | ((last == '"') & (last_prev.is_null() | last_prev.str.contains(rf"^{_OPENS_AFTER}$")))
    first = after.str.extract(rf"^[^{q}]*?([{q}])", 1)
    first_prev = after.str.extract(rf"^[^{q}]*?(.)[{q}]", 1)
    first_closes = (first == "”") | ((first == '"') & first_prev.is_not_null() & ~first_prev.str.contains(rf"^{_OPENS_AFTER}$"))
    return (last_opens.fill_null(False) | (last.is_null() & first_closes.fill_null(False))).fill_null(False)
