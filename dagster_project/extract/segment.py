"""Split articles into paragraphs and sentences, as Polars expressions over whole columns.

Method (linear in the text, no Python per row, no slicing of an article at large offsets):

1. Two regex passes (``str.extract_all``) over every article find its *candidate gaps*
   (sentence-final punctuation followed by whitespace, blank lines, indented line starts, single
   newlines, quotation marks) and the *pieces* that tile the article, each running from the
   previous gap's end to this gap's end. One row per gap, plus a *tail* row per article (the
   text after its last gap); running sums of the pieces' lengths give every gap's offset in
   characters and in UTF-8 bytes.
2. Each gap is taken apart with plain string kernels (no capture groups): a quote, a newline, a
   paragraph break, or a sentence end's word, punctuation and trailing whitespace. The first
   characters of the next piece are the text that follows the gap.
3. Expressions decide which candidates are real boundaries (abbreviations, initials, "No. 1",
   open quotations, hard-wrapped lines); running sums that restart on each article or paragraph
   (contiguous rows, so no hashing) turn the surviving boundaries into spans, and each sentence
   is cut from the article by byte offsets (``bin.slice``, constant cost per cut).
4. Articles go through in batches of about :data:`~dagster_project.extract.batches.BATCH_BYTES`
   of text (:mod:`dagster_project.extract.batches`), so the working memory stays flat.

Paragraph breaks: a blank line; a newline followed by indentation (Reuters-21578 style
``"\\n    "``); a single newline that ends a sentence when the article does not indent its
paragraphs; a single newline before an upper-case letter, digit or quote when the article is not
hard-wrapped (its longest line is longer than :data:`WRAP_WIDTH`). Hard-wrapped lines inside a
paragraph are not breaks.
"""

from __future__ import annotations

import polars as pl

from dagster_project.extract.batches import BATCH_BYTES, map_text_batches
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

_QUOTES = "\"\u201c\u201d"  # a quotation mark on its own is a gap (quotes are tracked)
_ENDS = ".!?"  # sentence-final punctuation
_CLOSERS = "\"'\u201d\u2019)]"  # closing quotes/brackets that may follow it


def _char_class(chars: str) -> str:
    """A regex character class matching exactly ``chars``."""
    return "[" + "".join("\\" + c if c in "[]\\^-&~" else c for c in chars) + "]"


_QUOTE = rf"(?P<q>{_char_class(_QUOTES)})"
_SENT = rf"(?P<word>\S*?)(?P<punct>{_char_class(_ENDS)}+{_char_class(_CLOSERS)}*)(?P<ws>\s+)"
_PARA = r"(?P<para>\n[ \t\r\f\v]*\n\s*|\n[ \t]+)"
_NL = r"(?P<nl>\n)"
_GAP_PATTERN = "|".join((_QUOTE, _SENT, _PARA, _NL))
_GAP_PATTERN_NO_NL = "|".join((_QUOTE, _SENT, _PARA))
_PARA_WS = r"\n[ \t\r\f\v]*\n|\n[ \t]+"
_ORDER = "__order"  # article's position in the input (an Int key for the per-article windows)
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


def _lengths(expr: pl.Expr) -> tuple[pl.Expr, pl.Expr]:
    """(characters, UTF-8 bytes) of a String expression, as Int64."""
    return expr.str.len_chars().cast(pl.Int64), expr.str.len_bytes().cast(pl.Int64)


def _first_in(key: str) -> pl.Expr:
    """True on the first row of each run of equal ``key`` values (rows are grouped by ``key``)."""
    return (pl.col(key).shift(1) != pl.col(key)).fill_null(True)


def _running_sum(values: pl.Expr, first: pl.Expr) -> pl.Expr:
    """Cumulative sum of ``values`` that restarts on rows where ``first`` is True.

    Equals ``values.cum_sum().over(group)`` for contiguous groups starting at ``first``, without
    hashing the group keys (one global cumulative sum minus each group's starting value).
    """
    total = values.cum_sum()
    return total - pl.when(first).then(total - values).forward_fill()


def _index_in_group(first: pl.Expr) -> pl.Expr:
    """0, 1, 2, ... within contiguous groups starting where ``first`` is True (Int64)."""
    row = pl.int_range(pl.len(), dtype=pl.Int64)
    return row - pl.when(first).then(row).forward_fill()


def _pieces(arts: pl.DataFrame, pattern: str) -> pl.DataFrame:
    """One row per candidate gap of every article, plus one *tail* row per article (last).

    Each row carries its ``piece``: the text from the previous gap's end to this gap's end (the
    tail row: the text after the last gap, with an empty ``gap``), so pieces tile the article and
    running sums of their lengths give offsets without slicing the article at large offsets.
    """
    text = pl.col("text")
    rows = arts.with_columns(
        text.str.extract_all(rf"(?s).*?(?:{pattern})").alias("piece"),
        text.str.extract_all(rf"(?s)(?:{pattern})").alias("gap"),
    )
    # Both searches find the same gaps (a gap is never empty); the pieces end where the gaps end.
    if not rows.select((pl.col("piece").list.len() == pl.col("gap").list.len()).all()).item():
        raise RuntimeError("segmentation: the piece and gap searches disagree (a gap pattern matched empty text)")
    consumed = pl.col("piece").list.eval(pl.element().str.len_bytes().cast(pl.Int64)).list.sum()
    tail = text.cast(pl.Binary).bin.slice(consumed).cast(pl.String)
    return rows.with_columns(
        pl.concat_list("piece", tail).alias("piece"), pl.concat_list("gap", pl.lit("")).alias("gap")
    ).explode("piece", "gap")


def _gap_parts(gap: pl.Expr, *, single_newlines: bool) -> dict[str, pl.Expr]:
    """The named groups of the gap pattern, read from each gap's text with string kernels.

    Equal to ``gap.str.extract_groups(pattern)`` on the gaps (``q``, ``word``, ``punct``, ``ws``,
    ``para``, ``nl``; null where a group did not take part, all null on the empty tail gap):
    a quotation mark is a whole gap; a gap starting with a newline is ``para`` (``nl`` when it
    is a lone newline and single newlines are gaps); any other gap is a sentence end, whose
    ``ws`` is its trailing whitespace and whose ``punct`` is the longest ending of the rest made
    of ``[.!?]+`` then closing quotes/brackets (the lazy ``word`` leaves ``punct`` the longest).
    """
    is_quote = gap.is_in(list(_QUOTES))
    newline = gap.str.starts_with("\n")
    lone = (gap == "\n") if single_newlines else pl.lit(False)
    sent = ~is_quote & ~newline & (gap != "")
    stripped = pl.when(sent).then(gap.str.strip_chars_end())
    word = stripped.str.strip_chars_end(_CLOSERS).str.strip_chars_end(_ENDS)
    return {
        "q": pl.when(is_quote).then(gap),
        "word": word,
        "punct": stripped.str.strip_prefix(word),
        "ws": pl.when(sent).then(gap.str.strip_prefix(stripped)),
        "para": pl.when(newline & ~lone).then(gap),
        "nl": pl.when(newline & lone).then(gap),
    }


def _breaks(arts: pl.DataFrame, pattern: str, *, single_newlines: bool) -> pl.DataFrame:
    """Sentence boundaries: one row per break (its ``end``/``next_start`` in characters and
    ``end_b``/``next_start_b`` in bytes, ``para_break``), the article's end last."""
    rows = _pieces(arts, pattern)
    piece_c, piece_b = _lengths(pl.col("piece"))
    gap_c, gap_b = _lengths(pl.col("gap"))
    nxt = pl.col("piece").shift(-1).str.slice(0, 16)  # the text after a gap starts the next piece
    rows = rows.with_columns(
        is_tail=(pl.col(_ORDER).shift(-1) != pl.col(_ORDER)).fill_null(True),
        match_end=_running_sum(piece_c, _first_in(_ORDER)),
        match_end_b=_running_sum(piece_b, _first_in(_ORDER)),
        gap_c=gap_c,
        gap_b=gap_b,
        next_char=nxt.str.slice(0, 1),
        # a gap ends in a non-letter, so a word starting after it ends inside the next piece
        next_word=nxt.str.extract(r"^(\p{L}+)"),
        **_gap_parts(pl.col("gap"), single_newlines=single_newlines),
    ).drop("piece")
    next_char = pl.col("next_char")
    is_sent = pl.col("punct").is_not_null()
    ws = pl.col("ws").fill_null("")
    rows = rows.with_columns(
        next_upper=next_char.str.contains(_SENTENCE_START) | (next_char == ""),
        abbreviation=_is_abbreviation(pl.col("word"), pl.col("punct"), next_char, pl.col("next_word")).fill_null(False),
        has_nl=pl.col("nl").is_not_null() | ws.str.contains("\n", literal=True),
        explicit_para=pl.col("para").is_not_null() | ws.str.contains(_PARA_WS),
    ).with_columns(sent_ok=is_sent & pl.col("next_upper") & ~pl.col("abbreviation"))
    para = (
        pl.col("explicit_para")
        | (pl.col("has_nl") & ~pl.col("wrapped") & pl.col("next_upper"))
        | (pl.col("has_nl") & pl.col("sent_ok") & ~pl.col("indented"))
    )
    rows = rows.with_columns(para_break=para | pl.col("is_tail"))
    # Paragraph number, counted over the whole frame: every article ends with a break (its tail
    # row), so (article, paragraph) pairs get distinct, increasing numbers.
    para_no = pl.col("para_break").cast(pl.Int64)
    q = pl.col("q").fill_null("") + pl.col("punct").fill_null("")
    rows = rows.with_columns(
        par_no=para_no.cum_sum() - para_no,
        straight=q.str.count_matches('"', literal=True).cast(pl.Int64),
        quotes=q.str.count_matches("\u201c", literal=True).cast(pl.Int64)
        - q.str.count_matches("\u201d", literal=True).cast(pl.Int64),
    )
    new_par = _first_in("par_no")
    # Inside a quotation: an odd number of straight quotes so far in the paragraph, or curly ones
    # not balanced. A closing quote with no opening one also counts as unbalanced (the rule as it
    # was first written, with unsigned counts that wrapped around; kept so that outputs stay equal).
    inside = ((_running_sum(pl.col("straight"), new_par) % 2) == 1) | (_running_sum(pl.col("quotes"), new_par) != 0)
    rows = rows.with_columns(inside=inside)
    is_break = pl.col("para_break") | (pl.col("sent_ok") & ~pl.col("inside"))
    ws_c, ws_b = _lengths(ws)
    # a sentence ends after its final punctuation (before the gap's whitespace); other breaks at the gap's start
    kept_c = pl.when(is_sent).then(pl.col("gap_c") - ws_c).otherwise(0)
    kept_b = pl.when(is_sent).then(pl.col("gap_b") - ws_b).otherwise(0)
    return rows.filter(is_break).select(
        _ORDER,
        "article_id",
        "text",
        (pl.col("match_end") - pl.col("gap_c") + kept_c).alias("end"),
        (pl.col("match_end_b") - pl.col("gap_b") + kept_b).alias("end_b"),
        pl.col("match_end").alias("next_start"),
        pl.col("match_end_b").alias("next_start_b"),
        "para_break",
    )


def segment_sentences(articles: pl.DataFrame, *, batch_bytes: int = BATCH_BYTES) -> pl.DataFrame:
    """Split every article's ``text`` into paragraphs and sentences.

    Args:
        articles: columns ``article_id`` (String, unique) and ``text`` (String; null is read
            as empty). Other columns are ignored.
        batch_bytes: articles are segmented in consecutive batches of about this much text
            (UTF-8 bytes, see :mod:`dagster_project.extract.batches`), which bounds the working
            memory; the result does not depend on it.

    Returns:
        DataFrame with exactly :data:`dagster_project.schemas.SENTENCES`: ``sentence_id``
        (String, ``"<article_id>:<sentence_index>"``), ``article_id`` (String),
        ``paragraph_index`` and ``sentence_index`` (Int32, 0-based within the article),
        ``char_start``/``char_end`` (Int64, character offsets into ``text``, end-exclusive) and
        ``text`` (String, the sentence stripped of surrounding whitespace, so
        ``article_text[char_start:char_end] == text``). Sentences are ordered by article (input
        order) then position; whitespace-only pieces are dropped. An empty input gives an
        empty frame with that schema.

    Cost: linear in the text (a few regex passes, no slicing at large offsets), working memory
    about ten times ``batch_bytes``.

    Raises:
        polars.exceptions.ColumnNotFoundError: ``article_id`` or ``text`` is missing.
    """
    arts = articles.select(
        pl.col("article_id").cast(pl.String), pl.col("text").cast(pl.String).fill_null("")
    ).with_row_index(_ORDER)
    return map_text_batches(_segment_batch, arts, "text", batch_bytes)


def _segment_batch(arts: pl.DataFrame) -> pl.DataFrame:
    """:func:`segment_sentences` of one batch (``__order``, ``article_id``, ``text``)."""
    if arts.height == 0:
        return pl.DataFrame(schema=SENTENCES)
    text = pl.col("text")
    arts = arts.with_columns(
        indented=text.str.contains(r"\n[ \t]+\S"),
        long_line=text.str.contains(rf"[^\n]{{{WRAP_WIDTH + 1}}}"),  # a line longer than WRAP_WIDTH characters
    ).with_columns(wrapped=pl.col("indented") | ~pl.col("long_line"))
    # Single newlines never break an indented (Reuters-style) article: skip them there (speed).
    parts = [
        _breaks(arts.filter(pl.col("indented") == indented), pattern, single_newlines=not indented)
        for indented, pattern in ((False, _GAP_PATTERN), (True, _GAP_PATTERN_NO_NL))
        if arts.select((pl.col("indented") == indented).any()).item()
    ]
    segs = pl.concat(parts).sort(_ORDER, maintain_order=True) if len(parts) > 1 else parts[0]
    first = _first_in(_ORDER)
    para_break = pl.col("para_break").cast(pl.Int64)
    segs = segs.with_columns(
        start=pl.when(first).then(0).otherwise(pl.col("next_start").shift(1)),
        start_b=pl.when(first).then(0).otherwise(pl.col("next_start_b").shift(1)),
        paragraph=_running_sum(para_break, first) - para_break,
    )
    raw = text.cast(pl.Binary).bin.slice(pl.col("start_b"), pl.col("end_b") - pl.col("start_b")).cast(pl.String)
    segs = segs.with_columns(raw.alias("raw")).with_columns(
        lead=(pl.col("raw").str.len_chars() - pl.col("raw").str.strip_chars_start().str.len_chars()).cast(pl.Int64),
        trail=(pl.col("raw").str.len_chars() - pl.col("raw").str.strip_chars_end().str.len_chars()).cast(pl.Int64),
        sentence=pl.col("raw").str.strip_chars(),
    )
    new_paragraph = (first | (pl.col("paragraph") != pl.col("paragraph").shift(1))).cast(pl.Int64)
    out = (
        segs.filter(pl.col("sentence") != "")
        .with_columns(
            sentence_index=_index_in_group(first).cast(pl.Int32),
            paragraph_index=(_running_sum(new_paragraph, first) - 1).cast(pl.Int32),
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
