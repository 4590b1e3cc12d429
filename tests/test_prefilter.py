"""The sentence prefilters (dagster_project.extract.prefilter) change no family's output.

Unit sentences written for these tests cover the cases a prefilter could get wrong: the cue of a
rule only in a neighbouring sentence, upper case, hyphenation, non-ASCII letters that Rust folds
onto ASCII ones. The slow test runs the four families on the whole dev corpus (``../shared``)
with and without the prefilters: a new rule that a prefilter would hide fails it.
"""

from __future__ import annotations

import datetime as dt

import polars as pl
import pytest

from dagster_project.extract import prefilter
from dagster_project.extract.amounts import extract_amounts
from dagster_project.extract.prefilter import may_match, required_literals, words_for
from dagster_project.extract.sources import extract_sources
from dagster_project.extract.sources.patterns import _patterns as source_patterns
from dagster_project.extract.talks import extract_talks
from dagster_project.extract.talks.triggers import trigger_pattern as talks_trigger
from dagster_project.extract.tariffs import extract_tariffs
from dagster_project.extract.tariffs.triggers import trigger_pattern as tariff_trigger
from tests.test_sources import _sentences


@pytest.mark.parametrize(
    ("pattern", "expected"),
    [
        (r"(?i:\b(?:tariffs?|duty|duties)\b)", ("duties", "duty", "tariff")),
        (r"\b[Pp]arleys?\b|[Cc]onclave", ("conclave", "parley")),
        (r"(?:pre-)?summit(?:ry)?", ("summit",)),  # optional parts give no word
        (r"import\s+tax(?:es)?", ("import",)),  # the longest part of a sequence (ties: the first)
        (r"^[^:]{2,90}:\s", (":",)),
        (r"a*b", ("b",)),
        (r"(?-u:\b)levy(?-u:\b)", ("levy",)),
        (r"x|\w+", None),  # a branch without a word: no prefilter
        (r"\p{Lu}\p{Ll}+ said", None),  # Rust syntax Python's parser does not read: no prefilter
        (r"caf\u00e9", ("caf",)),  # a non-ASCII literal gives no word
        (r"[\w&&[^\x00-\x7F]]x", None),  # Rust class operations: Python would read a literal "]"
        (r"[[:alpha:]]+ said", None),
        (r"(?i)a|(?-i)b", None),  # flags in mid-pattern (Rust reads them, Python does not)
    ],
)
def test_required_literals(pattern, expected):
    assert required_literals(pattern) == expected


def test_every_family_has_a_prefilter():
    """A trigger regex the analysis cannot read any more silently costs the speed: say so."""
    for pattern in (tariff_trigger(), talks_trigger(), source_patterns()["verb"]):
        found = words_for([pattern])
        assert found and all(w == w.lower() and w for w in found), pattern


_CASES = [
    "TARIFFS OF 25% ON STEEL WERE IMPOSED BY CANADA.",
    "Ottawa answered with counter-tariffs on U.S. whiskey.",
    "The Countermeasures take effect on Monday.",
    "Ministers held Talks in Oslo.",
    "The \u212aing of the trade desk said the vote failed.",  # KELVIN SIGN folds onto "k" in (?i)
    "Nobody mentioned the levy.",
    "A quiet day on the markets.",
]


def test_may_match_never_drops_a_row_the_trigger_matches():
    texts = pl.Series("t", _CASES + [c.lower() for c in _CASES] + [c.upper() for c in _CASES])
    for pattern in (tariff_trigger(), talks_trigger(), source_patterns()["verb"], r"(?i)king"):
        matched = texts.str.contains(pattern)
        kept = pl.select(may_match(pl.lit(texts), [pattern])).to_series()
        assert not (matched & ~kept).any(), pattern
    # and it does filter: a sentence without any tariff word is not a candidate
    assert pl.select(may_match(pl.lit("A quiet day on the markets."), [tariff_trigger()])).item() is False


def _both(run) -> tuple[pl.DataFrame, pl.DataFrame]:
    with prefilter.disabled():
        full = run()
    return full, run()


def test_talks_venue_from_a_sentence_without_a_trigger_word():
    """"Talks there" read the place of the previous sentence, which holds no talks word: the
    prefilter must not hide that sentence from the rule."""
    s = _sentences("The envoys landed quietly in Reykjavik.", "Talks there resumed at dawn.")
    assert pl.select(may_match(pl.lit(s["text"][0]), [talks_trigger()])).item() is True  # "landed" is a trip word
    s = _sentences("Both delegations stayed at a hotel in Reykjavik.", "Talks there resumed at dawn.")
    assert pl.select(may_match(pl.lit(s["text"][0]), [talks_trigger()])).item() is False
    arts = pl.DataFrame({"article_id": ["a1"], "published_date": [dt.date(2025, 3, 4)]})
    full, fast = _both(lambda: extract_talks(s, arts))
    assert fast.equals(full)
    assert fast.filter(pl.col("event_type") == "talks")["location"].to_list() == ["Reykjavik"]


def test_sources_surname_known_from_another_sentence():
    """A one-word source is a person when the article names her in full elsewhere (in a
    sentence without a cue verb), and takes the title written there."""
    s = _sentences(
        "Trade Minister Olga Petrenko arrived on Tuesday.",
        "Petrenko said the quota would stay.",
        "THE COMMITTEE SAID NOTHING.",
    )
    full, fast = _both(lambda: extract_sources(s))
    assert fast.equals(full)
    row = fast.filter(pl.col("name") == "Petrenko").row(0, named=True)
    assert row["source_kind"] == "named_person" and row["title"] == "Trade Minister"


def test_tariffs_upper_case_hyphenated_and_context_from_earlier_mentions():
    s = _sentences(
        "Canada imposed a 25% tariff on U.S. steel.",
        "OTTAWA ALSO RAISED DUTIES ON WHISKEY.",
        "The counter-tariffs were raised to 30% in June.",
        "Markets were calm.",
    )
    full, fast = _both(lambda: extract_tariffs(s, extract_amounts(s)))
    assert fast.equals(full)
    assert fast.height >= 2
    assert fast.filter(pl.col("rate_pct") == 25.0)["imposer_iso3"].to_list() == ["CAN"]


def test_prefilter_words_follow_the_lexicon():
    """The words come from the regex built from the lexicon: a new tariff word is a candidate."""
    from dagster_project.extract.tariffs import vocabulary

    pattern = r"(?i:\b(?:" + "|".join([*vocabulary.words("tariff_words"), "imposts?"]) + r")\b)"
    assert "impost" in required_literals(pattern)


@pytest.mark.slow
def test_families_identical_with_and_without_prefilters_on_the_dev_corpus(shared_dir):
    """Every file of ``../shared/corpus`` (JSONL and raw): each family's full output is the same
    frame (rows, order, values) with the prefilters as without them."""
    from dagster_project.lake import extract_batch
    from dagster_project.readers import discover_files

    files = discover_files(shared_dir / "corpus")
    tables = ("tariff_mentions", "talks_mentions", "source_mentions", "amount_mentions")
    with prefilter.disabled():
        full = extract_batch("no-prefilter", files).frames
    fast = extract_batch("prefilter", files).frames
    for table in tables:
        assert fast[table].height > 0, table
        assert fast[table].equals(full[table]), table
