"""Tariff measure statements (sentences written for these tests)."""

import polars as pl
import pytest

from dagster_project.extract.segment import segment_sentences
from dagster_project.extract.tariffs import extract_tariffs
from dagster_project.schemas import TARIFF_MENTIONS


def _tariffs(text: str) -> pl.DataFrame:
    return extract_tariffs(segment_sentences(pl.DataFrame({"article_id": ["a"], "text": [text]})))


def _tuples(text: str) -> list[tuple]:
    out = _tariffs(text)
    return list(zip(out["imposer_iso3"], out["target_iso3"], out["rate_pct"], out["action"]))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Trump imposed a 20% tariff on Chinese goods.", [("USA", "CHN", 20.0, "imposed")]),
        ("Washington slapped 25 pct duties on Japanese cars.", [("USA", "JPN", 25.0, "imposed")]),
        ("Ottawa will impose a 100 percent tariff on electric vehicles from China.", [("CAN", "CHN", 100.0, "imposed")]),
        ("Britain levied a 10 per cent duty on imports from Russia.", [("GBR", "RUS", 10.0, "imposed")]),
        ("China retaliated with 10% tariffs on U.S. goods.", [("CHN", "USA", 10.0, "retaliation")]),
        ("The EU threatened tariffs on American whiskey.", [("EUU", "USA", None, "threatened")]),
        ("Japan lifted its tariffs on Australian beef.", [("JPN", "AUS", None, "removed")]),
        ("Mexico suspended the duties on steel.", [("MEX", None, None, "paused")]),
    ],
)
def test_tariff_tuples(text: str, expected: list[tuple]) -> None:
    assert _tuples(text) == expected


def test_from_to_rate() -> None:
    out = _tariffs("Trump raised tariffs on Chinese imports from 10% to 25%.")
    assert out.select("imposer_iso3", "target_iso3", "rate_pct", "previous_rate_pct", "action").row(0) == (
        "USA", "CHN", 25.0, 10.0, "raised",
    )  # fmt: skip


def test_several_rates_give_several_rows() -> None:
    out = _tariffs("Canada imposed a 25 percent tariff on steel and a 10 percent tariff on aluminum.")
    assert out["rate_pct"].to_list() == [25.0, 10.0]
    assert out["mention_id"].n_unique() == 2


def test_percentage_points_and_non_tariff_percentages_are_not_rates() -> None:
    assert _tariffs("Seoul raised tariffs by 5 percentage points on rice.")["rate_pct"].to_list() == [None]
    assert _tariffs("Inflation rose 3% as exports fell 20 percent.").height == 0


def test_goods_value_and_context() -> None:
    text = "Washington imposed tariffs on 300 mln dlrs of Japanese goods. The tariffs will rise to 100 pct in May."
    out = _tariffs(text)
    first, second = out.row(0, named=True), out.row(1, named=True)
    assert (first["imposer_iso3"], first["target_iso3"], first["value_usd"]) == ("USA", "JPN", 3e8)
    assert "Japanese goods" in first["goods"]
    assert (second["imposer_iso3"], second["target_iso3"], second["rate_pct"]) == ("USA", "JPN", 100.0)


def test_evidence_offsets_and_schema() -> None:
    text = "Markets were calm. Beijing imposed a 15% levy on U.S. farm goods."
    out = _tariffs(text)
    assert out.schema == pl.Schema(TARIFF_MENTIONS)
    row = out.row(0, named=True)
    assert text[row["char_start"] : row["char_end"]] == row["evidence"]
    assert text[row["match_start"] : row["match_end"]] == "15%"
    assert row["mention_id"] == f"{row['sentence_id']}:{row['match_start']}"


def test_no_tariff_word_no_row() -> None:
    assert _tariffs("Trump imposed a 20% charge on the talks.").height == 0
    assert _tariffs("The General Agreement on Tariffs and Trade met in Geneva.").height == 0
    assert _tariffs("").height == 0
