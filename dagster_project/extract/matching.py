"""Regex matches with character offsets, as Polars expressions (no per-row Python).

Polars' ``str.extract_all`` returns the matched strings but not where they are. The trick
used here: match ``(?s).*?(?:P)`` instead of ``P``. Those pieces tile the text from its start
to the end of each match of ``P``, so the running sum of their lengths is each match's end
offset; ``str.extract_all(P)`` gives the matches themselves (the same sequence, so their
lengths give the start offsets). Offsets are in characters (Python ``str`` indices), not
bytes. Patterns use Rust ``regex`` syntax (no look-around).

Speed (the regex engine's fast DFA is what makes this cheap):

- Both searches run without capture groups. Named groups, when the pattern has any, are read
  afterwards from the short match (plus the one character before it, which is all a ``\\b`` or
  ``^`` needs) instead of from the whole text.
- A Unicode ``\\b`` makes the DFA give up on any non-ASCII text (curly quotes suffice). For
  texts without non-ASCII *word* characters, ``\\b`` and ``\\w`` are exactly their ASCII forms,
  so those rows are searched with :func:`ascii_bounds` of the pattern; the other rows keep the
  Unicode pattern. The result is the same, only faster.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache

import polars as pl

from dagster_project.extract.prefilter import candidates

_PIECE = "__piece"
_PREFIX = "__prefix"
_MATCH = "__match"
_SAFE = "__safe"
_HAY = "__hay"
_CTX = "__ctx"

#: Matches a text that holds a non-ASCII word character (where Unicode and ASCII ``\b`` differ).
_NON_ASCII_WORD = r"[\w&&[^\x00-\x7F]]"


def _rewrite_escapes(pattern: str, escape: Callable[[str, int, int], tuple[str, int]]) -> str:
    """Walk a regex, copying it and calling ``escape(pattern, i, depth)`` at each backslash.

    ``i`` is the backslash's index and ``depth`` the character-class nesting there;
    ``escape`` returns (text to emit, index to continue from). Character classes are tracked so
    that a "]" right after "[" or "[^" is a literal, as Rust's regex reads it.
    """
    out: list[str] = []
    depth = 0
    i, n = 0, len(pattern)
    while i < n:
        c = pattern[i]
        if c == "\\" and i + 1 < n:
            text, i = escape(pattern, i, depth)
            out.append(text)
            continue
        if c == "[":
            out.append(c)
            depth += 1
            i += 1
            if pattern.startswith("^", i):
                out.append("^")
                i += 1
            if pattern.startswith("]", i):
                out.append("]")
                i += 1
            continue
        if c == "]" and depth:
            depth -= 1
        out.append(c)
        i += 1
    return "".join(out)


def ascii_bounds(pattern: str) -> str:
    """``pattern`` with ASCII word boundaries (``(?-u:\\b)``) and word characters (``[0-9A-Za-z_]``).

    A Unicode ``\\b`` makes Rust's lazy DFA quit on non-ASCII input, leaving a much slower
    engine. On a text without non-ASCII word characters both forms match the same. Escapes are
    parsed (``\\\\b`` is a backslash and a "b"); inside a character class ``\\w`` becomes
    ``0-9A-Za-z_``.
    """

    def escape(p: str, i: int, depth: int) -> tuple[str, int]:
        nxt = p[i + 1]
        if nxt == "b" and depth == 0 and not p.endswith("(?-u:", 0, i) and not p.startswith("{", i + 2):
            return r"(?-u:\b)", i + 2
        if nxt == "w":
            return ("0-9A-Za-z_" if depth else "[0-9A-Za-z_]"), i + 2
        return p[i : i + 2], i + 2

    return _rewrite_escapes(pattern, escape)


@lru_cache(maxsize=256)
def _group_fields(pattern: str, match_col: str) -> tuple[str, ...]:
    """Struct fields ``extract_groups`` gives for the split pattern (prefix, match, P's groups)."""
    split = rf"(?s)^(?P<{_PREFIX}>.*?)(?P<{match_col}>{pattern})"
    return tuple(pl.Series([], dtype=pl.String).str.extract_groups(split).struct.fields)


def strip_bounds(pattern: str) -> str:
    """``pattern`` without word-boundary assertions (``\\b``, ``\\B``, ``\\b{...}``).

    Dropping a zero-width assertion only drops a constraint: wherever ``pattern`` matches, the
    result matches too. It serves as a DFA-friendly prefilter for texts where
    :func:`ascii_bounds` is not exact.
    """

    def escape(p: str, i: int, depth: int) -> tuple[str, int]:
        if p[i + 1] in "bB" and depth == 0:
            end = i + 2
            return "", (p.index("}", end) + 1 if p.startswith("{", end) else end)
        return p[i : i + 2], i + 2

    return _rewrite_escapes(pattern, escape)


def _compiles(pattern: str) -> bool:
    try:
        pl.Series(["x"]).str.contains(pattern)
    except pl.exceptions.PolarsError:
        return False
    return True


@lru_cache(maxsize=512)
def _variants(pattern: str) -> tuple[str | None, str | None]:
    """(ASCII-bounded form, boundary-free prefilter) of ``pattern``; None where not useful."""
    fast = ascii_bounds(pattern)
    if fast == pattern or not _compiles(fast):
        return None, None
    loose = strip_bounds(pattern)
    if loose == pattern or not _compiles(loose):
        loose = None
    return fast, loose


def _ascii_safe(text: pl.Expr) -> pl.Expr:
    """True where ``text`` holds no non-ASCII word character (Unicode and ASCII ``\\b`` agree)."""
    return ~text.str.contains(_NON_ASCII_WORD)


def _routes(expr: pl.Expr, pattern: str, safe: pl.Expr | None = None) -> list[tuple[pl.Expr, str, pl.Expr]]:
    """(haystack, pattern, mask) triples: ``pl.when(mask).then(op(haystack, pattern))``,
    coalesced over the triples, equals ``op(expr, pattern)`` (no match outside every mask).

    Texts without non-ASCII word characters get the ASCII-bounded pattern; the others the
    original one, and only where its boundary-free form matches. Polars' string kernels run on
    null slots too, so rows outside a route get an empty haystack rather than a null one.
    """
    fast, loose = _variants(pattern)
    if fast is None:
        return [(expr, pattern, pl.lit(True))]
    if safe is None:
        safe = _ascii_safe(expr)
    unsafe = ~safe
    if loose is not None:
        unsafe = unsafe & pl.when(unsafe).then(expr).otherwise(pl.lit("")).str.contains(loose)
    return [
        (pl.when(safe).then(expr).otherwise(pl.lit("")), fast, safe),
        (pl.when(unsafe).then(expr).otherwise(pl.lit("")), pattern, unsafe),
    ]


def fast_contains(expr: pl.Expr, pattern: str, safe: pl.Expr | None = None) -> pl.Expr:
    """``expr.str.contains(pattern)``, faster when ``pattern`` has ``\\b``/``\\w`` (same result).

    ``safe``: optional precomputed ``_ascii_safe(expr)`` column (saves a pass over the text).
    """
    routes = _routes(expr, pattern, safe)
    if len(routes) == 1:
        return expr.str.contains(pattern)
    found = pl.coalesce(*[pl.when(m).then(h.str.contains(p)) for h, p, m in routes], pl.lit(False))
    return pl.when(expr.is_not_null()).then(found)


def fast_extract(expr: pl.Expr, pattern: str, group_index: int = 1) -> pl.Expr:
    """``expr.str.extract(pattern, group_index)``, faster when ``pattern`` has ``\\b``/``\\w`` (same result)."""
    routes = _routes(expr, pattern)
    if len(routes) == 1:
        return expr.str.extract(pattern, group_index)
    return pl.coalesce(*[pl.when(m).then(h.str.extract(p, group_index)) for h, p, m in routes])


def fast_extract_groups(expr: pl.Expr, pattern: str) -> pl.Expr:
    """``expr.str.extract_groups(pattern)``, faster when ``pattern`` has ``\\b``/``\\w`` (same result)."""
    routes = _routes(expr, pattern)
    if len(routes) == 1:
        return expr.str.extract_groups(pattern)
    fields = pl.Series([], dtype=pl.String).str.extract_groups(pattern).struct.fields
    parts = [(h.str.extract_groups(p), m) for h, p, m in routes]
    merged = pl.struct(
        [pl.coalesce(*[pl.when(m).then(g.struct.field(f)) for g, m in parts]).alias(f) for f in fields]
    )
    return pl.when(expr.is_not_null()).then(merged)


def _extract_all(expr: pl.Expr, pattern: str, safe: pl.Expr) -> pl.Expr:
    routes = _routes(expr, pattern, safe)
    if len(routes) == 1:
        return expr.str.extract_all(pattern)
    return pl.coalesce(*[pl.when(m).then(h.str.extract_all(p)) for h, p, m in routes])


def _fast_matches(
    df: pl.DataFrame, text_col: str, pattern: str, key: str, match_col: str
) -> pl.DataFrame | None:
    """Matches of ``pattern`` without capture-group searches over whole texts; None if unsure."""
    text = pl.col(text_col)
    # ``(?s)`` as in the pieces, whose pattern sets it for ``pattern`` too.
    whole, piece = rf"(?s)(?:{pattern})", rf"(?s).*?(?:{pattern})"
    # Only rows with a match are searched again (the prefilter is one fast DFA pass).
    safe = pl.col(_SAFE)
    # rows holding none of the words every match needs are dropped by one Aho–Corasick pass
    w = candidates(df, text_col, [pattern]).with_columns(_ascii_safe(text).alias(_SAFE))
    w = w.filter(w.select(fast_contains(text, whole, safe)).to_series())
    w = w.with_columns(
        _extract_all(text, piece, safe).alias(_PIECE),
        _extract_all(text, whole, safe).alias(_MATCH),
    ).drop(_SAFE)
    # Both searches find the same matches unless ``pattern`` can match the empty string.
    if not w.select((pl.col(_PIECE).list.len() == pl.col(_MATCH).list.len()).all()).item():
        return None
    w = w.explode([_PIECE, _MATCH]).filter(pl.col(_PIECE).is_not_null() & (pl.col(_PIECE) != ""))
    if not w.select((pl.col(_MATCH).str.len_bytes() > 0).all()).item():
        return None
    mlen = pl.col(_MATCH).str.len_chars().cast(pl.Int64)
    w = w.with_columns(pl.col(_PIECE).str.len_chars().cast(pl.Int64).cum_sum().over(key).alias("match_end"))
    fields = _group_fields(pattern, match_col)
    groups = [f for f in fields if f not in (_PREFIX, match_col)]
    if not groups:
        return w.with_columns(
            pl.col(_MATCH).alias(match_col), (pl.col("match_end") - mlen).alias("match_start")
        ).select(*df.columns, "match_end", match_col, "match_start")
    # Named groups: read them from the match plus the character before it (when the piece had
    # one), exactly the context the split of the piece would have seen.
    ctx = pl.col(_PIECE).str.len_chars().cast(pl.Int64) > mlen
    start = pl.col("match_end") - mlen
    hay = text.str.slice(start - ctx.cast(pl.Int64), mlen + ctx.cast(pl.Int64))
    w = w.with_columns(hay.alias(_HAY), ctx.alias(_CTX))
    # String kernels also run on null slots: the other rows get an empty haystack instead.
    hay_ctx = pl.when(_CTX).then(pl.col(_HAY)).otherwise(pl.lit(""))
    hay_start = pl.when(_CTX).then(pl.lit("")).otherwise(pl.col(_HAY))
    w = w.with_columns(
        fast_extract_groups(hay_ctx, rf"(?s)^(?P<{_PREFIX}>.)(?P<{match_col}>{pattern})").alias(_PIECE),
        fast_extract_groups(hay_start, rf"(?s)^(?P<{_PREFIX}>)(?P<{match_col}>{pattern})").alias(_HAY),
    )
    w = w.with_columns(
        pl.when(_CTX).then(pl.col(_PIECE).struct.field(f)).otherwise(pl.col(_HAY).struct.field(f)).alias(f)
        for f in fields
        if f != _PREFIX
    )
    if not w.select((pl.col(match_col) == pl.col(_MATCH)).all()).item():
        return None
    return w.with_columns(
        (pl.col("match_end") - mlen).alias("match_start")
    ).select(*df.columns, "match_end", match_col, *groups, "match_start")


def _split_matches(
    df: pl.DataFrame | pl.LazyFrame, text_col: str, pattern: str, key: str, match_col: str
) -> pl.DataFrame | pl.LazyFrame:
    """Reference method: split every piece into lazy prefix and match with capture groups."""
    piece = rf"(?s).*?(?:{pattern})"
    split = rf"(?s)^(?P<{_PREFIX}>.*?)(?P<{match_col}>{pattern})"
    return (
        df.with_columns(pl.col(text_col).str.extract_all(piece).alias(_PIECE))
        .explode(_PIECE)
        .filter(pl.col(_PIECE).is_not_null() & (pl.col(_PIECE) != ""))
        .with_columns(
            pl.col(_PIECE).str.len_chars().cast(pl.Int64).cum_sum().over(key).alias("match_end"),
            pl.col(_PIECE).str.extract_groups(split).alias("__groups"),
        )
        .unnest("__groups")
        .with_columns(
            (pl.col("match_end") - pl.col(match_col).str.len_chars().cast(pl.Int64)).alias("match_start")
        )
        .drop(_PIECE, _PREFIX)
    )


def regex_matches(
    df: pl.DataFrame | pl.LazyFrame,
    text_col: str,
    pattern: str,
    *,
    key: str,
    offset_col: str | None = None,
    match_col: str = "match_text",
) -> pl.DataFrame | pl.LazyFrame:
    """One row per non-overlapping match of ``pattern`` in ``df[text_col]``.

    Args:
        df: any frame; ``key`` must identify its rows uniquely (e.g. ``sentence_id``).
        text_col: the String column searched.
        pattern: Rust-regex pattern. Its *named* groups become String columns of the output
            (null when the group did not take part in the match). Unnamed groups are ignored.
        key: unique row identifier of ``df``.
        offset_col: optional Int64 column added to the offsets (e.g. the sentence's
            ``char_start``, to get offsets into the article).
        match_col: name of the output column holding the matched text.

    Returns:
        ``df``'s columns plus ``match_col`` (String), ``match_start``/``match_end`` (Int64,
        end-exclusive, characters; plus ``offset_col`` when given) and one String column per
        named group. Rows without a match are dropped.
    """
    out = None
    if isinstance(df, pl.DataFrame):
        out = _fast_matches(df, text_col, pattern, key, match_col)
    if out is None:
        out = _split_matches(df, text_col, pattern, key, match_col)
    if offset_col is not None:
        out = out.with_columns(
            pl.col("match_start") + pl.col(offset_col), pl.col("match_end") + pl.col(offset_col)
        )
    return out


def alternation(phrases: list[str] | pl.Series, *, word_bounded: bool = True) -> str:
    """A regex alternation of literal ``phrases``, longest first, escaped.

    Longest-first makes "South Korea" win over "Korea". With ``word_bounded`` the phrases
    are wrapped in ``\\b`` only on sides that begin/end with a word character (so "U.S." works).
    """
    items = sorted({str(p) for p in phrases if p}, key=lambda s: (-len(s), s))
    parts = []
    for p in items:
        esc = pl.Series([p]).str.escape_regex()[0]
        if word_bounded:
            esc = (r"\b" if p[0].isalnum() else "") + esc + (r"\b" if p[-1].isalnum() else "")
        parts.append(esc)
    return "(?:" + "|".join(parts) + ")"
