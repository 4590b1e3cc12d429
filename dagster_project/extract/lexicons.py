"""Word lists of the extraction rules, as data: one CSV file per lexicon in ``dagster_project/lexicons/``.

Each file has one row per entry (a word or phrase) and one column per attribute of that entry
(for example ``speech_verbs.csv``: ``verb``, ``form``, ...). Rule modules read a lexicon by name
and build their patterns from its rows, so a new verb or noun is one new line in a CSV file,
never a code change. Files are read once per process (cached); every column is read as String
unless the file's rows say otherwise (``infer_schema_length=0`` keeps "1" and "01" as written).

Lines starting with ``#`` are comments (a header comment names the source of the list).
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import polars as pl

LEXICON_DIR = Path(__file__).resolve().parent.parent / "lexicons"


@lru_cache(maxsize=None)
def lexicon(name: str) -> pl.DataFrame:
    """The lexicon ``<name>.csv``: every column String, one row per entry, in file order.

    Raises:
        FileNotFoundError: no ``dagster_project/lexicons/<name>.csv``.
    """
    path = LEXICON_DIR / f"{name}.csv"
    if not path.exists():
        raise FileNotFoundError(f"lexicon not found: {path}")
    return pl.read_csv(path, comment_prefix="#", infer_schema_length=0)


def words(name: str, column: str | None = None, **where: str) -> list[str]:
    """Entries of lexicon ``name`` (its first column, or ``column``) whose attributes equal ``where``.

    Example: ``words("speech_verbs", form="past")``.

    Raises:
        FileNotFoundError: no such lexicon.
        polars.exceptions.ColumnNotFoundError: ``column`` or a ``where`` key is not a column of it.
    """
    table = lexicon(name)
    for key, value in where.items():
        table = table.filter(pl.col(key) == value)
    return table.get_column(column or table.columns[0]).to_list()
