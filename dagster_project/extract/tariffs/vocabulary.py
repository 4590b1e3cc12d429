"""The tariff family's word lists, read from ``dagster_project/lexicons/tariff_*.csv``, as regex
fragments for the rule modules.

Every list is data (one row per entry, attributes as columns); this module only turns rows into
patterns, once per process. Source of every list: written for this project from the gold guide
(``../shared/eval/GUIDE.md``); each CSV's first comment line says what it holds.
"""

from __future__ import annotations

from functools import lru_cache

import polars as pl

from dagster_project.extract.lexicons import lexicon, words

#: Sentence-level precedence of actions when no cue is right before the anchor. ``kept`` (an
#: existing tariff kept in place: "will keep", "would stay on") is labelled ``imposed`` in the end
#: (gold guide); it outranks the modals, which do not make it a threat.
ACTION_PRIORITY = ("paused", "removed", "cut", "exempted", "kept", "threatened", "retaliation", "raised", "imposed")
#: Actions that state a measure of their own even inside a sentence about a rate.
SIDE_ACTIONS = ("removed", "paused", "exempted", "cut")


def _alt(fragments: list[str]) -> str:
    """``(?:a|b|...)`` of regex fragments (kept in file order)."""
    return "(?:" + "|".join(fragments) + ")"


@lru_cache(maxsize=None)
def tariff_word() -> str:
    """Regex of a tariff word (``tariff_words.csv``), word-bounded, case-insensitive."""
    return rf"(?i:\b{_alt(words('tariff_words'))}\b)"


@lru_cache(maxsize=None)
def trigger_excluded(side: str) -> str:
    """Regex of the words right ``before`` (anchored at the end) or ``after`` (anchored at the
    start) a tariff word that make it no measure (``tariff_word_exclusions.csv``)."""
    alt = _alt(words("tariff_word_exclusions", side=side))
    return rf"(?i:{alt}$)" if side == "before" else rf"^(?i:{alt})"


@lru_cache(maxsize=None)
def action_cues() -> pl.DataFrame:
    """``tariff_action_cues.csv`` with Boolean ``object``, ``noun``, ``plan`` columns."""
    return lexicon("tariff_action_cues").with_columns(pl.col("object", "noun", "plan") == "yes")


@lru_cache(maxsize=None)
def cue_pattern(action: str | None = None) -> str:
    """Alternation of the cue fragments of ``action`` (all actions when None), case-insensitive
    except where a fragment says otherwise ("(?-i:may)")."""
    cues = action_cues()
    if action is not None:
        cues = cues.filter(pl.col("action") == action)
    return rf"(?i:{_alt(cues['pattern'].unique(maintain_order=True).to_list())})"


@lru_cache(maxsize=None)
def cue_search(attribute: str, value: bool = True) -> str:
    """Regex finding, anywhere in a text, a cue of a row whose ``attribute`` is ``value``
    (word-bounded, case-insensitive unless a fragment says otherwise)."""
    cues = action_cues().filter(pl.col(attribute) == value)
    return rf"\b(?i:{_alt(cues['pattern'].to_list())})\b"


@lru_cache(maxsize=None)
def cue_with(attribute: str, value: bool = True, actions: tuple[str, ...] | None = None) -> str:
    """Regex of a whole cue text (``^...$``) matched by a cue row whose ``attribute`` is ``value``
    (and whose action is in ``actions`` when given)."""
    cues = action_cues().filter(pl.col(attribute) == value)
    if actions is not None:
        cues = cues.filter(pl.col("action").is_in(list(actions)))
    return rf"(?i)^{_alt(cues['pattern'].to_list())}$"


@lru_cache(maxsize=None)
def goods_nouns() -> tuple[str, ...]:
    """The nouns of traded goods (``tariff_goods_nouns.csv``)."""
    return tuple(words("tariff_goods_nouns"))


@lru_cache(maxsize=None)
def plural_states() -> str:
    """Alternation of the plural nouns that stand for several states (``tariff_plural_states.csv``)."""
    return _alt(words("tariff_plural_states"))


@lru_cache(maxsize=None)
def goods_stop_words() -> str:
    """Alternation of the words that end a goods phrase (``tariff_goods_stops.csv``)."""
    return _alt(words("tariff_goods_stops"))


@lru_cache(maxsize=None)
def rate_modifiers() -> str:
    """Alternation of the modifiers between a rate and its tariff word (``tariff_rate_modifiers.csv``)."""
    return _alt(words("tariff_rate_modifiers"))


@lru_cache(maxsize=None)
def product_modifiers() -> str:
    """Alternation of the product words that modify a tariff word (``tariff_product_modifiers.csv``)."""
    return _alt(words("tariff_product_modifiers"))


@lru_cache(maxsize=None)
def rate_links() -> str:
    """Alternation of the linking words before a rate after its tariff word (``tariff_rate_links.csv``)."""
    return _alt(words("tariff_rate_links"))


@lru_cache(maxsize=None)
def rate_multipliers() -> dict[str, float]:
    """Verb stem -> factor of the verbs that multiply a rate (``tariff_rate_multipliers.csv``)."""
    table = lexicon("tariff_rate_multipliers")
    return dict(zip(table["stem"], table["factor"].cast(pl.Float64)))


@lru_cache(maxsize=None)
def actor_hints() -> dict[str, str]:
    """Instrument as written -> ISO alpha-3 of the one government using it (``tariff_actor_hints.csv``)."""
    table = lexicon("tariff_actor_hints")
    return dict(zip(table["instrument"], table["iso3"]))
