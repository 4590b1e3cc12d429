"""The governments taking part in talks, and the people named with them.

``parties``: every government named in the sentence (country aliases gazetteer), except names
that are not a government at the table:

- the venue of a talks mention in the sentence ("U.S. and Chinese officials will hold talks in
  London" -> CHN, USA; "talks in Buenos Aires, Argentina" names no Argentine party), unless the
  country is named again ("British and U.S. officials met in London" -> GBR, USA);
- a name followed by words that make it something else (``lexicons/talks_not_party_followers.csv``):
  "the Swedish capital", "French-speaking", "a French news agency", "the Uruguay Round".

``participants``: 2-3 word person names in the sentence, titles stripped (Unicode capitals and
particles as in :mod:`~dagster_project.extract.sources`: "José Álvarez", "Ursula von der Leyen").
"""

from __future__ import annotations

from functools import lru_cache

import polars as pl

from dagster_project.extract.lexicons import words
from dagster_project.extract.matching import alternation, regex_matches
from dagster_project.extract.reference import alias_to_iso3, country_aliases
from dagster_project.extract.sources import PERSON_NAME_RE, ascii_letters, split_by_script, strip_name_prefix, valid_person_name


@lru_cache(maxsize=1)
def _patterns() -> dict[str, str]:
    return {
        "parties": alternation(country_aliases()["alias"].to_list()),
        "not_party": r"^(?:" + "|".join(words("talks_not_party_followers", "pattern")) + r")\b",
        "names": rf"(?:(?:\p{{Lu}}\p{{Ll}}+|[A-Z]\.(?:[A-Z]\.)*|[A-Z]{{2,}})\s+){{0,4}}{PERSON_NAME_RE}",
    }


def parties(sent: pl.DataFrame, venues: pl.DataFrame) -> pl.DataFrame:
    """Per sentence: sorted distinct alpha-3 of the governments named in it.

    Args:
        sent: ``sentence_id`` (String), ``t`` (String, the sentence text).
        venues: ``sentence_id``, ``loc_start``, ``loc_end`` (Int64, sentence offsets of the
            venues of the sentence's talks mentions).

    Returns:
        DataFrame ``sentence_id``, ``parties`` (List[String], sorted distinct alpha-3); sentences
        without a party have no row.
    """
    p = _patterns()
    m = regex_matches(sent.select("sentence_id", "t"), "t", p["parties"], key="sentence_id", match_col="alias")
    hosts = m.join(venues, on="sentence_id").filter(
        (pl.col("match_start") < pl.col("loc_end")) & (pl.col("loc_start") < pl.col("match_end"))
    )
    after = pl.col("t").str.slice(pl.col("match_end"), 30)
    m = m.filter(~after.str.contains(p["not_party"]))
    return (
        m.join(hosts.select("sentence_id", "match_start").unique(), on=["sentence_id", "match_start"], how="anti")
        .with_columns(alias_to_iso3(pl.col("alias")).alias("iso3"))
        .filter(pl.col("iso3").is_not_null())
        .group_by("sentence_id")
        .agg(pl.col("iso3").unique().sort().alias("parties"))
    )


def participants(sent: pl.DataFrame) -> pl.DataFrame:
    """Per sentence: person names (2-3 words, titles stripped), in order of appearance.

    Args:
        sent: ``sentence_id`` (String), ``t`` (String, the sentence text).

    Returns:
        DataFrame ``sentence_id``, ``participants`` (List[String]).
    """
    p = _patterns()["names"]
    # ASCII rows get the ASCII-letter form of the (Unicode) name pattern; same matches, faster
    m = split_by_script(
        sent.select("sentence_id", "t"), "t",
        lambda part, ascii: regex_matches(part, "t", ascii_letters(p) if ascii else p, key="sentence_id", match_col="raw"),
    )  # fmt: skip
    names = m.with_columns(strip_name_prefix(pl.col("raw").str.replace_all(r"\s+", " ")).alias("name"))
    names = names.filter(valid_person_name(pl.col("name")) & pl.col("name").str.contains(" "))
    return names.group_by("sentence_id", maintain_order=True).agg(pl.col("name").unique(maintain_order=True).alias("participants"))
