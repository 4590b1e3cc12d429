"""Split articles into paragraphs and sentences, as Polars expressions over whole columns.

Method: one pass of :func:`~dagster_project.extract.matching.regex_matches` finds every
*candidate gap* in every article (sentence-final punctuation followed by whitespace, blank
lines, indented line starts, single newlines, quotation marks). Expressions then decide which
candidates are real boundaries (abbreviations, initials, "No. 1", open quotations, hard-wrapped
lines) and ``shift``/``cum_sum`` over each article turn the surviving boundaries into spans.

Paragraph breaks: a blank line; a newline followed by indentation (Reuters-21578 style
``"\\n    "``); a single newline that ends a sentence when the article does not indent its
paragraphs; a single newline before an upper-case letter, digit or quote when the article is not
hard-wrapped (its longest line is longer than :data:`WRAP_WIDTH`). Hard-wrapped lines inside a
paragraph are not breaks.
"""

from __future__ import annotations

import polars as pl

from dagster_project.extract.matching import regex_matches
from dagster_project.schemas import SENTENCES, conform

#: An article whose lines are all at most this long is hard-wrapped (Reuters wraps at ~65-72).
WRAP_WIDTH = 90

# Abbreviations (lower case, without the final period) after which a period never ends a sentence.
TITLE_ABBREVIATIONS = (
    "mr", "mrs", "ms", "messrs", "dr", "prof", "gen", "sen", "rep", "reps", "gov", "st", "jr", "sr",
    "lt", "col", "capt", "sgt", "adm", "rev", "hon", "pres", "supt", "mt", "ft", "vs", "v", "e.g",
    "i.e", "cf", "approx", "dept", "est", "fig", "figs", "vol", "sec", "art", "arts", "pp", "ch",
)  # fmt: skip
# Abbreviations that end a sentence only when followed by a digit-free, sentence-starting word.
NUMBER_ABBREVIATIONS = ("no", "nos", "p", "rs")  # "No. 1", "Rs. 5 lakh": no break before a digit
SOFT_ABBREVIATIONS = (
    "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
    "inc", "corp", "co", "cos", "ltd", "bros", "plc", "llc", "dept", "govt", "etc", "al",
)  # fmt: skip
# Words that begin a new sentence even after a soft abbreviation or "U.S." ("... in the U.S. The ...").
SENTENCE_STARTERS = (
    "The", "He", "She", "It", "They", "We", "I", "This", "These", "Those", "But", "His", "Her",
    "Their", "Its", "However", "Meanwhile", "There", "That", "What",
)  # fmt: skip

_QUOTE = r"(?P<q>[\"\u201c\u201d])"
_SENT = r"(?P<word>\S*?)(?P<punct>[.!?]+[\"'\u201d\u2019)\]]*)(?P<ws>\s+)"
_PARA = r"(?P<para>\n[ \t\r\f\v]*\n\s*|\n[ \t]+)"
_NL = r"(?P<nl>\n)"
_GAP_PATTERN = "|".join((_QUOTE, _SENT, _PARA, _NL))
_GAP_PATTERN_NO_NL = "|".join((_QUOTE, _SENT, _PARA))
_PARA_WS = r"\n[ \t\r\f\v]*\n|\n[ \t]+"
# First character of a new sentence: capital, digit, opening quote/bracket, bullet or dash.
_SENTENCE_START = r"^[\p{Lu}0-9\"'\u201c\u2018(\[\u2022\u25e6\u25aa*\-\u2013\u2014]"


def _is_abbreviation(word: pl.Expr, punct: pl.Expr, next_char: pl.Expr, next_word: pl.Expr) -> pl.Expr:
    """True where ``word`` + ``punct`` is an abbreviation period rather than a sentence end."""
    w = word.str.replace(r"^[^\p{L}\p{N}]+", "")
    lw = w.str.to_lowercase()
    dot = punct.str.starts_with(".") & ~punct.str.starts_with("..")
    starter = next_word.is_in(list(SENTENCE_STARTERS)).fill_null(False)
    initial = w.str.contains(r"^\p{Lu}$")
    dotted = w.str.contains(r"^(?:\p{L}\.)+\p{L}$")  # U.S, U.K, e.g
    number_abbr = lw.is_in(list(NUMBER_ABBREVIATIONS)) & next_char.str.contains(r"^[0-9]")
    soft = (lw.is_in(list(SOFT_ABBREVIATIONS)) | dotted) & ~starter
    return dot & (lw.is_in(list(TITLE_ABBREVIATIONS)) | initial | number_abbr | soft)


def _gaps(articles: pl.DataFrame) -> pl.DataFrame:
    """Candidate gaps with their classification: one row per candidate, plus one sentinel per article."""
    # Single newlines never break an indented (Reuters-style) article: skip them there (speed).
    parts = [
        regex_matches(articles.filter(~pl.col("indented")), "text", _GAP_PATTERN, key="article_id", match_col="gap"),
        regex_matches(articles.filter(pl.col("indented")), "text", _GAP_PATTERN_NO_NL, key="article_id", match_col="gap"),
    ]
    m = pl.concat(parts, how="diagonal_relaxed").with_columns(pl.col("nl").cast(pl.String))
    next_char = pl.col("text").str.slice(pl.col("match_end"), 1)
    next_word = pl.col("text").str.slice(pl.col("match_end"), 16).str.extract(r"^(\p{L}+)")
    is_sent = pl.col("punct").is_not_null()
    ws = pl.col("ws").fill_null("")
    m = m.with_columns(
        sent_ok=is_sent
        & (next_char.str.contains(_SENTENCE_START) | (next_char == ""))
        & ~_is_abbreviation(pl.col("word"), pl.col("punct"), next_char, next_word).fill_null(False),
        has_nl=pl.col("nl").is_not_null() | ws.str.contains("\n"),
        explicit_para=pl.col("para").is_not_null() | ws.str.contains(_PARA_WS),
        next_upper=next_char.str.contains(_SENTENCE_START) | (next_char == ""),
    )
    para = (
        pl.col("explicit_para")
        | (pl.col("has_nl") & ~pl.col("wrapped") & pl.col("next_upper"))
        | (pl.col("has_nl") & pl.col("sent_ok") & ~pl.col("indented"))
    )
    m = m.with_columns(para_break=para)
    par_id = pl.col("para_break").cast(pl.Int32).cum_sum().shift(1, fill_value=0).over("article_id")
    q = pl.col("q").fill_null("") + pl.col("punct").fill_null("")
    m = m.with_columns(
        par_id=par_id,
        straight=q.str.count_matches('"'),
        opening=q.str.count_matches("\u201c"),
        closing=q.str.count_matches("\u201d"),
    )
    inside = ((pl.col("straight").cum_sum() % 2) == 1) | ((pl.col("opening") - pl.col("closing")).cum_sum() > 0)
    m = m.with_columns(inside=inside.over("article_id", "par_id"))
    is_break = pl.col("para_break") | (pl.col("sent_ok") & ~pl.col("inside"))
    breaks = m.filter(is_break).select(
        "article_id",
        "text",
        pl.when(is_sent)
        .then(pl.col("match_start") + pl.col("word").str.len_chars() + pl.col("punct").str.len_chars())
        .otherwise(pl.col("match_start"))
        .alias("end"),
        pl.col("match_end").alias("next_start"),
        "para_break",
    )
    length = pl.col("text").str.len_chars().cast(pl.Int64)
    sentinel = articles.select(
        "article_id", "text", length.alias("end"), length.alias("next_start"), pl.lit(True).alias("para_break")
    )
    return pl.concat([breaks, sentinel], how="vertical_relaxed")


def segment_sentences(articles: pl.DataFrame) -> pl.DataFrame:
    """Split every article's ``text`` into paragraphs and sentences.

    Args:
        articles: columns ``article_id`` (String, unique) and ``text`` (String; null is read
            as empty). Other columns are ignored.

    Returns:
        DataFrame with exactly :data:`dagster_project.schemas.SENTENCES`: ``sentence_id``
        (String, ``"<article_id>:<sentence_index>"``), ``article_id`` (String),
        ``paragraph_index`` and ``sentence_index`` (Int32, 0-based within the article),
        ``char_start``/``char_end`` (Int64, character offsets into ``text``, end-exclusive) and
        ``text`` (String, the sentence stripped of surrounding whitespace, so
        ``article_text[char_start:char_end] == text``). Sentences are ordered by article (input
        order) then position; whitespace-only pieces are dropped. An empty input gives an
        empty frame with that schema.

    Raises:
        polars.exceptions.ColumnNotFoundError: ``article_id`` or ``text`` is missing.
    """
    arts = articles.select(
        pl.col("article_id").cast(pl.String), pl.col("text").cast(pl.String).fill_null("")
    ).with_row_index("__order")
    if arts.height == 0:
        return pl.DataFrame(schema=SENTENCES)
    line_max = pl.col("text").str.split("\n").list.eval(pl.element().str.len_chars()).list.max()
    arts = arts.with_columns(
        indented=pl.col("text").str.contains(r"\n[ \t]+\S"),
        wrapped=pl.col("text").str.contains(r"\n[ \t]+\S") | (line_max.fill_null(0) <= WRAP_WIDTH),
    )
    gaps = _gaps(arts.drop("__order")).join(arts.select("article_id", "__order"), on="article_id")
    segs = gaps.sort("__order", "end").with_columns(
        start=pl.col("next_start").shift(1, fill_value=0).over("article_id"),
        paragraph=pl.col("para_break").cast(pl.Int32).cum_sum().shift(1, fill_value=0).over("article_id"),
    )
    raw = pl.col("text").str.slice(pl.col("start"), pl.col("end") - pl.col("start"))
    segs = segs.with_columns(raw.alias("raw")).with_columns(
        lead=(pl.col("raw").str.len_chars() - pl.col("raw").str.strip_chars_start().str.len_chars()).cast(pl.Int64),
        trail=(pl.col("raw").str.len_chars() - pl.col("raw").str.strip_chars_end().str.len_chars()).cast(pl.Int64),
        sentence=pl.col("raw").str.strip_chars(),
    )
    out = (
        segs.filter(pl.col("sentence") != "")
        .with_columns(
            sentence_index=(pl.int_range(pl.len()).over("article_id")).cast(pl.Int32),
            paragraph_index=(pl.col("paragraph").rank("dense").over("article_id") - 1).cast(pl.Int32),
            char_start=pl.col("start") + pl.col("lead"),
            char_end=pl.col("end") - pl.col("trail"),
        )
        .with_columns(
            sentence_id=pl.col("article_id") + ":" + pl.col("sentence_index").cast(pl.String),
        )
        .drop("text")
        .rename({"sentence": "text"})
    )
    return conform(out, SENTENCES)
