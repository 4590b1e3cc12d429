"""Sentence prefilters: skip the costly regexes of a family on sentences that cannot match its triggers.

A family's rules start from trigger regexes built from its lexicons (tariff words, talks words,
attribution verbs, ...). Any text a trigger regex matches contains one of a few literal words
that the regex *requires* ("tariff" for ``tariffs?``, "talks" for ``[Tt]alks``, ":" for
``^[^:]{2,90}:\\s``). :func:`required_literals` reads those words off the regex itself, the way
RE2 and Google Code Search build their prefilters, so a new lexicon row (which changes the regex)
changes the prefilter with it; :func:`may_match` then tests a column with one
``str.contains_any`` pass (Aho–Corasick, ASCII case-insensitive): a sentence without any of the
words cannot match, and the family's regexes run on the others only.

Soundness (why outputs stay identical):

- Literals are read only from constructs whose matches are certain to contain them: a literal
  character, a class of letters that differ only in case (``[Tt]``), concatenation,
  alternation (the union of the branches' words; a branch without a word voids it), repetition
  at least once, groups. Zero-width assertions (``\\b``, ``^``, ``$``) are skipped;
  anything else (``\\w``, ``.``, wider classes, optional parts, look-arounds) gives no word.
- Words are compared ASCII case-insensitively, a superset of every case mode of the pattern.
  Rust's ``(?i)`` also folds two non-ASCII characters onto ASCII letters (KELVIN SIGN onto
  "k", LONG S onto "s"): a text holding either is always a candidate. Non-ASCII literal
  characters give no word.
- A pattern that cannot be read (Python's ``re`` parser does not know Rust's ``\\p{..}``, and
  warns on Rust's nested classes and class set operations, which it would read otherwise) or
  that requires no word gives ``None``: no prefilter (every row is a
  candidate), never a wrong one. ``tests/test_prefilter.py`` checks every family still has one.

A family applies its prefilter at its entry point only to the frames its trigger regexes read;
rules that read neighbouring sentences (the previous sentence, the whole article) keep the full
frame. :func:`disabled` turns every prefilter off (``with prefilter.disabled(): ...``), so tests
compare a family's output with and without it.
"""

from __future__ import annotations

import re
import warnings
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from functools import lru_cache

import polars as pl

try:  # Python >= 3.11
    from re import _parser as _sre_parse  # type: ignore[attr-defined]
    from re._constants import (  # type: ignore[attr-defined]
        ASSERT, ASSERT_NOT, AT, ATOMIC_GROUP, BRANCH, IN, LITERAL, MAX_REPEAT, MIN_REPEAT, POSSESSIVE_REPEAT, SUBPATTERN,
    )
except ImportError:  # pragma: no cover - Python 3.10
    import sre_parse as _sre_parse  # type: ignore[no-redef]
    from sre_constants import ASSERT, ASSERT_NOT, AT, BRANCH, IN, LITERAL, MAX_REPEAT, MIN_REPEAT, SUBPATTERN  # type: ignore[no-redef]

    ATOMIC_GROUP = POSSESSIVE_REPEAT = object()  # never equal to a parsed opcode

#: Characters that Rust's case-insensitive matching folds onto ASCII letters (KELVIN SIGN -> k,
#: LONG S -> s); a text holding one is always a candidate.
FOLDS_TO_ASCII = ("\u212a", "\u017f")
#: Largest set of words kept while expanding concatenations and alternations (beyond it the
#: longest single part's words are used instead).
MAX_WORDS = 512

_ENABLED: ContextVar[bool] = ContextVar("prefilter_enabled", default=True)


@contextmanager
def disabled() -> Iterator[None]:
    """Within the block :func:`may_match` is True everywhere: the families run on every row."""
    token = _ENABLED.set(False)
    try:
        yield
    finally:
        _ENABLED.reset(token)


def enabled() -> bool:
    """False inside :func:`disabled`."""
    return _ENABLED.get()


# A node's analysis: (exact, required). ``exact`` is the set of (lower-case) strings the node can
# match, when finite and small, else None; ``required`` a set of words one of which occurs in
# every match, else None.
_Info = tuple[frozenset[str] | None, frozenset[str] | None]
_NOTHING: _Info = (None, None)


def _best(sets: list[frozenset[str]]) -> frozenset[str] | None:
    """The most selective required set: longest shortest word, then fewest words."""
    sets = [s for s in sets if s and "" not in s]
    if not sets:
        return None
    return max(sets, key=lambda s: (min(map(len, s)), -len(s)))


def _sequence(items: list) -> _Info:
    """Analysis of a concatenation: adjacent exact parts are multiplied out into words."""
    run: frozenset[str] = frozenset({""})  # the exact strings of the current run of exact parts
    parts: list[frozenset[str]] = []  # required sets met so far
    all_exact = True
    for item in items:
        exact, required = _node(item)
        if exact is not None and len(run) * len(exact) <= MAX_WORDS:
            run = frozenset(a + b for a in run for b in exact)
            continue
        all_exact = False
        parts.append(run)
        if exact is not None:  # too many combinations: a new run starts with this part
            run = exact
            continue
        if required is not None:
            parts.append(required)
        run = frozenset({""})
    if all_exact:
        return run, _best([run])
    return None, _best([*parts, run])


def _class_letters(items: list) -> frozenset[str] | None:
    """``[Tt]``: a class of ASCII literals that are one letter in two cases -> {"t"}."""
    chars = set()
    for op, arg in items:
        if op is not LITERAL or arg > 127:
            return None
        chars.add(chr(arg).lower())
    return frozenset(chars) if len(chars) == 1 else None


def _node(item) -> _Info:
    op, arg = item
    if op is LITERAL:
        return (frozenset({chr(arg).lower()}),) * 2 if arg <= 127 else _NOTHING
    if op is AT:
        return frozenset({""}), None
    if op is IN:
        letters = _class_letters(arg)
        return (letters, letters) if letters else _NOTHING
    if op is SUBPATTERN:
        return _sequence(list(arg[-1]))
    if op is ATOMIC_GROUP:
        return _sequence(list(arg))
    if op is BRANCH:
        infos = [_sequence(list(branch)) for branch in arg[1]]
        exacts = [e for e, _ in infos]
        exact = frozenset().union(*exacts) if all(e is not None for e in exacts) else None
        if exact is not None and len(exact) > MAX_WORDS:
            exact = None
        reqs = [r for _, r in infos]
        required = frozenset().union(*reqs) if all(r is not None for r in reqs) else None
        return exact, (None if required is not None and "" in required else required)
    if op in (MAX_REPEAT, MIN_REPEAT, POSSESSIVE_REPEAT):
        low, high, sub = arg
        exact, required = _sequence(list(sub))
        if low == 0:
            return (exact | {""} if exact is not None and high == 1 else None), None
        return (exact if low == high == 1 else None), required
    if op in (ASSERT, ASSERT_NOT):
        return frozenset({""}), None
    return _NOTHING


@lru_cache(maxsize=256)
def required_literals(pattern: str) -> tuple[str, ...] | None:
    """Lower-case words one of which occurs (ASCII case-insensitively) in every match of the Rust
    regex ``pattern``; None when none can be read (then no prefilter applies). Sorted.

    ``(?-u:`` groups are read as plain groups (they only change what ``\\b``/``\\w`` mean).
    """
    try:
        with warnings.catch_warnings():
            # Python warns where Rust reads a class differently ("[[:alpha:]]", "[\w&&[^a]]",
            # "--", "~~"): such a pattern is not read at all
            warnings.simplefilter("error", FutureWarning)
            parsed = _sre_parse.parse(pattern.replace("(?-u:", "(?:"))
    except (re.error, RecursionError, OverflowError, ValueError, FutureWarning):
        return None
    _, required = _sequence(list(parsed))
    if required is None or "" in required:
        return None
    return _minimal(required)


def _minimal(found: Iterable[str]) -> tuple[str, ...]:
    """``found`` without the words that contain another of them (a text holding "tariffs" holds
    "tariff"): the same texts match, with a smaller automaton. Sorted."""
    kept: list[str] = []
    for word in sorted(set(found), key=len):
        if not any(k in word for k in kept):
            kept.append(word)
    return tuple(sorted(kept))


def words_for(patterns: Iterable[str]) -> tuple[str, ...] | None:
    """The union of :func:`required_literals` of ``patterns`` (a row matching any of them holds
    one of these words); None when one of the patterns has none."""
    out: set[str] = set()
    for pattern in patterns:
        found = required_literals(pattern)
        if found is None:
            return None
        out.update(found)
    return _minimal(out)


def may_match(text: pl.Expr, patterns: Iterable[str]) -> pl.Expr:
    """Boolean expression: False only where no regex of ``patterns`` can match the String
    ``text`` (it holds none of their :func:`words_for`); True everywhere when disabled or when a
    pattern has no words. Null text gives False (no regex matches null)."""
    found = words_for(patterns) if enabled() else None
    if found is None:
        return pl.lit(True)
    return _contains_words(text, found)


def _contains_words(text: pl.Expr, found: tuple[str, ...]) -> pl.Expr:
    return text.str.contains_any([*found, *FOLDS_TO_ASCII], ascii_case_insensitive=True).fill_null(False)


def candidates(df: pl.DataFrame, text_col: str, patterns: Iterable[str]) -> pl.DataFrame:
    """The rows of ``df`` (any columns) whose String column ``text_col`` may match one of the
    regexes ``patterns`` (:func:`may_match`), in input order; ``df`` itself when the prefilter
    is off or has no words."""
    found = words_for(patterns) if enabled() else None
    return df if found is None else df.filter(_contains_words(pl.col(text_col), found))
