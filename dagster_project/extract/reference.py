"""Reference tables (gazetteers) for extraction, read from the dbt seeds in ``dbt/seeds/``.

The same CSV files are loaded into the warehouse by ``dbt seed``/``dbt build``, so what the
extraction used is queryable next to the facts. ISO 3166-1 alpha-3 country names come from
``pycountry`` (the ISO 3166 database shipped with it) and are completed by
``country_aliases.csv`` (short names, demonyms, capitals used as metonyms, leaders and
agencies acting for a state; the European Union/Community is ``EUU``, as in the gold guide).
"""

from __future__ import annotations

from functools import lru_cache

import polars as pl
import pycountry

from dagster_project.config import DBT_SEEDS_DIR


@lru_cache(maxsize=1)
def country_aliases() -> pl.DataFrame:
    """Every known way to name a country or the EU.

    Returns:
        DataFrame ``alias`` (String, case-sensitive as written), ``iso3`` (String, ISO 3166-1
        alpha-3 or ``EUU``), ``alias_kind`` (String: name|demonym|capital|leader|agency).
        One row per alias; ``country_aliases.csv`` wins over pycountry names.

    Raises:
        FileNotFoundError: ``dbt/seeds/country_aliases.csv`` is missing.
    """
    curated = pl.read_csv(DBT_SEEDS_DIR / "country_aliases.csv", schema=_ALIAS_SCHEMA)
    iso = pl.DataFrame(
        [
            {"alias": name, "iso3": c.alpha_3, "alias_kind": "name"}
            for c in pycountry.countries
            for name in {c.name, getattr(c, "common_name", None)}
            if name and "," not in name
        ],
        schema=_ALIAS_SCHEMA,
    )
    return pl.concat([curated, iso]).unique("alias", keep="first", maintain_order=True)


@lru_cache(maxsize=1)
def places() -> pl.DataFrame:
    """Places where talks are held: cities from ``places.csv`` plus every country name.

    Returns:
        DataFrame ``place`` (String), ``iso3`` (String, ISO 3166-1 alpha-3),
        ``place_kind`` (String: city|country). One row per place name.

    Raises:
        FileNotFoundError: ``dbt/seeds/places.csv`` is missing.
    """
    cities = pl.read_csv(DBT_SEEDS_DIR / "places.csv", schema=_PLACE_SCHEMA)
    countries = (
        country_aliases()
        .filter(pl.col("alias_kind") == "name", pl.col("iso3") != "EUU", pl.col("alias").str.len_chars() > 3)
        .select(pl.col("alias").alias("place"), "iso3", pl.lit("country").alias("place_kind"))
    )
    return pl.concat([cities, countries]).unique("place", keep="first", maintain_order=True)


def alias_to_iso3(expr: pl.Expr) -> pl.Expr:
    """Map a String expression of aliases (as matched in text) to alpha-3; null if unknown."""
    table = country_aliases()
    return expr.replace_strict(table["alias"], table["iso3"], default=None, return_dtype=pl.String)


def place_to_iso3(expr: pl.Expr) -> pl.Expr:
    """Map a String expression of place names to the alpha-3 of their country; null if unknown."""
    table = places()
    return expr.replace_strict(table["place"], table["iso3"], default=None, return_dtype=pl.String)


_ALIAS_SCHEMA = {"alias": pl.String, "iso3": pl.String, "alias_kind": pl.String}
_PLACE_SCHEMA = {"place": pl.String, "iso3": pl.String, "place_kind": pl.String}
