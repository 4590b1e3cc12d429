"""Pure Polars extraction stages, usable without Dagster.

Modules: ``ingest`` (files -> articles), ``segment`` (articles -> sentences), ``matching``
(regex matches with character offsets), ``reference`` (gazetteers from ``dbt/seeds``),
``text`` (text helpers shared by the families), and one module or package per fact family:
``tariffs`` (a package of rule modules; it reads the ``amounts`` output for trade values),
``talks``, ``sources``, ``amounts``.
"""
