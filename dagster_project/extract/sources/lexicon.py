"""Reference data of the source rules: person titles, lexicon files, the counts of determiners.

Part of :mod:`dagster_project.extract.sources` (its docstring states the algorithm)."""

from __future__ import annotations

from functools import lru_cache

import polars as pl

from dagster_project.config import DBT_SEEDS_DIR
from dagster_project.extract.lexicons import lexicon, words


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
