"""Pure Polars extraction stages, usable without Dagster.

Modules: ``ingest`` (files -> articles), ``segment`` (articles -> sentences), ``matching``
(regex matches with character offsets), ``reference`` (gazetteers from ``dbt/seeds``),
and one module per fact family: ``tariffs``, ``talks``, ``sources``, ``amounts``.
"""
