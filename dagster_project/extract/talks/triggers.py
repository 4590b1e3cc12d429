"""The words that name a talks event, and the event type each one gives.

Built from lexicons (one row per word):

- ``talks_event_words.csv``: ``word``, ``event_type``, ``pos`` (noun|verb|phrase),
  ``place_before`` (yes when a city right before the word is the venue: "the Geneva talks");
- ``talks_deal_words.csv``: verbs (``signed``, ``reached`` ...) and nouns (``deal``, ``agreement``
  ...) of an agreement being made: "signed a trade agreement", "the deal was struck"
  (``agreement_signing``);
- ``talks_named_rounds.csv``: names of trade rounds ("the Uruguay Round": ``negotiations``);
- ``talks_travel_verbs.csv``: a trip to a place ("visit Tokyo", "flew to Brussels"), event type
  ``visit``; the pipeline keeps a visit only when it has a venue and a trade purpose, and then
  reports it as ``talks``;
- words that name talks only with a venue (``event_type`` ``discussion`` in
  ``talks_event_words.csv``: "discussed the matter at Ms. Freeland's Toronto home"): kept only
  with a location, reported as ``meeting``; forums named without "summit" (``gathering``: "the
  G20 in Osaka", "the WTO ministerial in Abu Dhabi"): kept only with a location, reported as
  ``summit``.

The first letter of every word matches in either case ("Talks will be held ...").
"""

from __future__ import annotations

from functools import lru_cache

import polars as pl

from dagster_project.extract.lexicons import lexicon, words

def cap(word: str) -> str:
    """``"talks"`` -> ``"[Tt]alks"``: a regex of ``word`` with its first letter in either case,
    spaces matching any whitespace (the rest escaped)."""
    esc = pl.Series([word]).str.escape_regex()[0].replace(r"\ ", " ").replace(" ", r"\s+")
    first = word[0]
    if not first.isalpha():
        return esc
    return f"[{first.upper()}{first.lower()}]{esc[1:]}"


def _alt(items: list[str]) -> str:
    return "|".join(cap(w) for w in sorted(set(items), key=lambda s: (-len(s), s)))


@lru_cache(maxsize=1)
def trigger_fragments() -> tuple[tuple[str, str], ...]:
    """(regex fragment, event_type) pairs, tried in this order (the first match wins).

    Raises:
        FileNotFoundError: a talks lexicon is missing.
    """
    ev = lexicon("talks_event_words")
    verbs = _alt(words("talks_deal_words", role="verb"))
    nouns = _alt(words("talks_deal_words", role="noun"))
    rounds = "|".join(words("talks_named_rounds"))
    by_type = {
        kind: _alt(ev.filter(pl.col("event_type") == kind)["word"].to_list())
        for kind in ("call", "summit", "negotiations", "talks", "meeting", "discussion", "gathering")
    }
    return (
        (rf"(?:{verbs})\s+(?:(?:a|an|the|their|its)\s+)?(?:[\w\"“”'-]+\s+){{0,4}}?(?:{nouns})\b", "agreement_signing"),
        (rf"(?:{nouns})\s+(?:(?:on|with|between|over|covering|limiting)\s+[\w\s.'-]{{1,40}}?\s+)?"
         rf"(?:was\s+|were\s+|had\s+been\s+|has\s+been\s+)?(?:signed|struck|hammered\s+out|clinched|sealed|reached)\b",
         "agreement_signing"),
        (by_type["call"], "call"),
        (by_type["summit"], "summit"),
        (rf"{by_type['negotiations']}|(?:{rounds})\s+[Rr]ound", "negotiations"),
        (by_type["talks"], "talks"),
        (by_type["meeting"], "meeting"),
        (_alt(words("talks_travel_verbs")), "visit"),
        (by_type["discussion"], "discussion"),
        (by_type["gathering"], "gathering"),
    )  # fmt: skip


@lru_cache(maxsize=1)
def trigger_pattern() -> str:
    """One regex with a named group ``t<i>`` per fragment of :func:`trigger_fragments`."""
    trig = "|".join(f"(?P<t{i}>{frag})" for i, (frag, _) in enumerate(trigger_fragments()))
    return rf"\b(?:{trig})\b"


def event_type() -> pl.Expr:
    """event_type from which ``t<i>`` group of :func:`trigger_pattern` matched (String)."""
    expr = pl.lit(None, pl.String)
    for i, (_, kind) in reversed(list(enumerate(trigger_fragments()))):
        expr = pl.when(pl.col(f"t{i}").is_not_null()).then(pl.lit(kind)).otherwise(expr)
    return expr


def group_columns() -> list[str]:
    """Names of the ``t<i>`` capture columns (to drop after :func:`event_type`)."""
    return [f"t{i}" for i in range(len(trigger_fragments()))]


@lru_cache(maxsize=1)
def place_before_words() -> tuple[str, ...]:
    """Lower-case trigger words after which a city right before them is the venue ("the Geneva talks")."""
    ev = lexicon("talks_event_words").filter(pl.col("place_before") == "yes")
    return tuple(w.lower() for w in ev["word"])
