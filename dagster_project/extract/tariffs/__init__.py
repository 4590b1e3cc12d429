"""Tariff measure statements: who imposes what rate on whom, as Polars expressions.

A package of small rule modules (one per step) and a pipeline module:

- :mod:`.vocabulary`: the word lists (``dagster_project/lexicons/tariff_*.csv``) as patterns.
- :mod:`.triggers`, :mod:`.cues`, :mod:`.rates`, :mod:`.countries`: what a sentence holds.
- :mod:`.actions`, :mod:`.roles`, :mod:`.goods`: the fields of each row.
- :mod:`.context`: rules across the article's mentions.
- :mod:`.restatements`: restatements and passages printed twice give no row of their own.
- :mod:`.pipeline`: :func:`extract_tariffs`, the stage.
"""

from dagster_project.extract.tariffs.pipeline import extract_tariffs, trade_values

__all__ = ["extract_tariffs", "trade_values"]
