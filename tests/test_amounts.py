"""Money amounts (sentences written for these tests)."""

import polars as pl
import pytest

from dagster_project.extract.amounts import extract_amounts
from dagster_project.extract.segment import segment_sentences
from dagster_project.schemas import AMOUNT_MENTIONS


def _amounts(text: str) -> list[tuple[float, str]]:
    sentences = segment_sentences(pl.DataFrame({"article_id": ["a"], "text": [text]}))
    out = extract_amounts(sentences)
    return [(round(v, 2), c) for v, c in zip(out["value"], out["currency"])]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Buyers pledged $32 billion in purchases.", [(32e9, "USD")]),
        ("It offered a $32 billion package.", [(32e9, "USD")]),
        ("Sales hit 300 mln dlrs last year.", [(3e8, "USD")]),
        ("Sales hit 300 mln U.S. dlrs last year.", [(3e8, "USD")]),
        ("Parcels under $800 were exempt.", [(800.0, "USD")]),
        ("Exports fell 5 bln yen in May.", [(5e9, "JPY")]),
        ("The fund holds 200 billion yen.", [(2e11, "JPY")]),
        ("The bank lent US$5 million.", [(5e6, "USD")]),
        ("The deal is worth 1.5 billion dollars.", [(1.5e9, "USD")]),
        ("Brussels set aside €5 billion and 10 billion euros.", [(5e9, "EUR"), (1e10, "EUR")]),
        ("Britain spent 5 mln stg.", [(5e6, "GBP")]),
        ("Imports reached 7 billion yuan.", [(7e9, "CNY")]),
        ("Taipei holds 50 billion Taiwan dlrs.", [(5e10, "TWD")]),
        ("Ottawa paid 2 billion Canadian dlrs.", [(2e9, "CAD")]),
        ("Debt is one trillion dlrs.", [(1e12, "USD")]),
        ("Revenue rose by five billion yen.", [(5e9, "JPY")]),
        ("Estimates range from $30 billion to $40 billion.", [(3e10, "USD"), (4e10, "USD")]),
        ("It costs between 300 and 500 mln dlrs.", [(5e8, "USD"), (3e8, "USD")]),
        ("The surplus was 13.6 billion dlrs last year from 10.2 billion in 1985.", [(1.36e10, "USD"), (1.02e10, "USD")]),
        ("The war could cost 16 million jobs.", []),
        ("Tariffs rose to 25 pct on 5 billion units.", []),
        ("Growth hit 20% this year.", []),
    ],
)
def test_amount_values(text: str, expected: list[tuple[float, str]]) -> None:
    assert sorted(_amounts(text)) == sorted(expected)


def test_amount_columns_and_offsets() -> None:
    text = "Intro line here. Washington put 300 mln dlrs in tariffs on goods."
    sentences = segment_sentences(pl.DataFrame({"article_id": ["a"], "text": [text]}))
    out = extract_amounts(sentences)
    assert out.schema == pl.Schema(AMOUNT_MENTIONS)
    row = out.row(0, named=True)
    assert text[row["char_start"] : row["char_end"]] == row["evidence"] == "Washington put 300 mln dlrs in tariffs on goods."
    assert text[row["match_start"] : row["match_end"]] == row["amount_text"] == "300 mln dlrs"
    assert row["value_usd"] == 3e8
    assert row["mention_id"] == f"{row['sentence_id']}:{row['match_start']}"
    yen = extract_amounts(segment_sentences(pl.DataFrame({"article_id": ["b"], "text": ["It lost 5 bln yen."]})))
    assert yen["value_usd"].to_list() == [None]


def test_empty() -> None:
    empty = segment_sentences(pl.DataFrame({"article_id": ["e"], "text": ["No money here."]}))
    assert extract_amounts(empty).height == 0
    assert extract_amounts(empty.clear()).schema == pl.Schema(AMOUNT_MENTIONS)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a bare year before a currency word is a price base, not an amount
        ("Measured in 2020 dollars, prices rose.", []),
        ("Incomes fell in constant 1987 dlrs last year.", []),
        ("It sold 2020 million dlrs of bonds.", [(2.02e9, "USD")]),
        ("It paid $2020 in fees.", [(2020.0, "USD")]),
        # Indian numbering: crore = 1e7, lakh = 1e5
        ("The state spent Rs 500 crore on roads.", [(5e9, "INR")]),
        ("Farmers got ₹2 crore in aid.", [(2e7, "INR")]),
        ("The ministry paid 3 crore rupees.", [(3e7, "INR")]),
        ("Each plant received 5 lakh rupees.", [(5e5, "INR")]),
    ],
)
def test_years_and_indian_amounts(text: str, expected: list[tuple[float, str]]) -> None:
    assert sorted(_amounts(text)) == sorted(expected)


def test_rs_with_a_point() -> None:
    # built as one sentence: the amount pattern itself, whatever the segmenter does with "Rs."
    sentences = pl.DataFrame(
        {"sentence_id": ["a:0"], "article_id": ["a"], "paragraph_index": [0], "sentence_index": [0],
         "char_start": [0], "char_end": [33], "text": ["The state spent Rs. 5 lakh on it."]},
        schema={"sentence_id": pl.String, "article_id": pl.String, "paragraph_index": pl.Int32,
                "sentence_index": pl.Int32, "char_start": pl.Int64, "char_end": pl.Int64, "text": pl.String},
    )  # fmt: skip
    out = extract_amounts(sentences)
    assert out.select("value", "currency", "amount_text").rows() == [(5e5, "INR", "Rs. 5 lakh")]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a hyphen between number and multiplier
        ("The carmaker posted a $2.4-billion quarterly profit.", [(2.4e9, "USD")]),
        ("It is a 3.5-billion-dollar plant.", [(3.5e9, "USD")]),
        ("Exports fell to 12-billion euros.", [(1.2e10, "EUR")]),
        # glued multipliers after a symbol
        ("The levy raises £20bn a year.", [(2e10, "GBP")]),
        ("They invested $600m in the plant.", [(6e8, "USD")]),
        # an exchange-rate note is a rate, not an amount
        ("Sales rose. ($1 = 0.8183 pounds)", []),
        ("The plant cost 4 billion yuan ($1 = 7.1 yuan).", [(4e9, "CNY")]),
        ("At 1 euro = $1.08, the bill is €3 billion.", [(3e9, "EUR")]),
        # Indian numbering: lakh crore = 1e12
        ("Imports were worth Rs 1.5 lakh crore.", [(1.5e12, "INR")]),
        # more currencies
        ("Brazil set aside R$10 billion.", [(1e10, "BRL")]),
        ("Ankara spent 50 billion Turkish lira.", [(5e10, "TRY")]),
        ("Exports reached 300 billion baht.", [(3e11, "THB")]),
        ("Seoul pledged ₩5 trillion in support.", [(5e12, "KRW")]),
        ("Poland paid 2 billion zlotys.", [(2e9, "PLN")]),
        ("Stockholm approved 8 billion kronor.", [(8e9, "SEK")]),
        # number words
        ("Donors pledged fifteen billion dollars.", [(1.5e10, "USD")]),
    ],
)
def test_hyphens_rate_notes_and_currencies(text: str, expected: list[tuple[float, str]]) -> None:
    assert sorted(_amounts(text)) == sorted(expected)


def _article_amounts(text: str) -> list[tuple[float, str]]:
    sentences = segment_sentences(pl.DataFrame({"article_id": ["a"], "text": [text]}))
    out = extract_amounts(sentences)
    return sorted((round(v, 2), c) for v, c in zip(out["value"], out["currency"]))


def test_bare_dollars_are_local_when_the_article_marks_us_dollars():
    text = (
        "Canada will impose $29.8 billion in counter-tariffs. "
        "Ottawa said Canada's steel exports to the U.S. are worth US$12 billion a year."
    )
    assert _article_amounts(text) == [(1.2e10, "USD"), (2.98e10, "CAD")]


def test_bare_dollars_stay_us_dollars_without_a_us_marker_or_a_dollar_country():
    assert _article_amounts("Canada will impose $29.8 billion in counter-tariffs on Canada's neighbour.") == [(2.98e10, "USD")]
    text = "Mexico will spend $5 billion. Mexico's exports were US$3 billion."
    assert _article_amounts(text) == [(3e9, "USD"), (5e9, "USD")]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # capitalised abbreviations of two or three letters are written before the number
        ("The ministry pledged Rmb350bn for exporters.", [(3.5e11, "CNY")]),
        ("The levy would cost watchmakers SFr 4 billion.", [(4e9, "CHF")]),
        # Australian style "$US" and the Vietnamese dong as a word
        ("Canberra expects $US12 billion in farm exports.", [(1.2e10, "USD")]),
        ("The new port cost 900 billion dong.", [(9e11, "VND")]),
    ],
)
def test_more_currency_aliases(text: str, expected: list[tuple[float, str]]) -> None:
    assert _amounts(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # "U.S." glued to, or spaced inside, or hyphenated before the dollar word
        ("Shipments came to 45 billion U.S.dollars in the first half.", [(4.5e10, "USD")]),
        ("The toll was set at 250.5 U. S. dollars per truck.", [(250.5, "USD")]),
        ("The firm won a 2.3-billion-U.S.-dollar contract for the port.", [(2.3e9, "USD")]),
        ("The mill is a 700-million-U.S.dollar project.", [(7e8, "USD")]),
        ("Two-way trade reached 90 billion AU dollars.", [(9e10, "AUD")]),
        # a spelled-out number with a currency and no multiplier
        ("Growers lost about two dollars per bushel.", [(2.0, "USD")]),
        ("Tickets cost twelve euros at the gate.", [(12.0, "EUR")]),
        # "a"/"an" before a currency word is no amount ("a euro zone country", "a dollar peg")
        ("It is a euro zone country with a dollar peg.", []),
        ("Donors gave a few hundred dollars each.", []),
        # a currency qualified by a country's name or demonym is that country's currency (GeoNames)
        ("Manila set aside 20 billion Philippine pesos for farmers.", [(2e10, "PHP")]),
        ("Buenos Aires paid 300 million Argentine pesos.", [(3e8, "ARS")]),
        ("Suva budgeted 40 million Fiji dollars for the wharf.", [(4e7, "FJD")]),
        # ... a listed currency phrase wins (a historical currency stays itself)
        ("Paris spent 2 billion French francs.", [(2e9, "FRF")]),
    ],
)
def test_currency_word_forms(text: str, expected: list[tuple[float, str]]) -> None:
    assert sorted(_amounts(text)) == sorted(expected)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # "pounds of" a good is a weight, not sterling
        ("The growers shipped 40 million pounds of cherries to Asia.", []),
        ("Exports reached 3 billion pounds of pork last year.", []),
        # ... but pounds of money words stay money
        ("London announced 2 billion pounds of investment in ports.", [(2e9, "GBP")]),
        ("The scheme frees 12 billion pounds of imports from duty.", [(1.2e10, "GBP")]),
        # the level of one currency against another is an exchange rate, not an amount
        ("The dollar slid to 141 yen in Tokyo trading.", []),
        ("The euro rose to $1.09 on Friday.", []),
        ("The dollar fell to 139.5 yen from 142.8 yen.", []),
        ("Prices went from 5 yuan to 7 yuan per kilogram.", [(5.0, "CNY"), (7.0, "CNY")]),
        ("The yuan weakened past 7.2 yuan per dollar, while exports reached $30 billion.", [(3e10, "USD")]),
        ("The rupee traded at 83.1 rupees to the dollar.", []),
        # ... a sum with a multiplier is never a rate
        ("Dollar-denominated debt rose to $4 billion.", [(4e9, "USD")]),
        # a currency-less "N million" that counts people or things is no money
        ("Exports were $5 billion. The number of visitors rose to 1.3 million in 2024.", [(5e9, "USD")]),
        ("The plant cost $2 billion, in a state with a population of about 3 million.", [(2e9, "USD")]),
        ("Sales were $8 billion in May from 5.7 billion in April.", [(8e9, "USD"), (5.7e9, "USD")]),
    ],
)
def test_weights_rates_and_counts_are_no_money(text: str, expected: list[tuple[float, str]]) -> None:
    assert sorted(_amounts(text)) == sorted(expected)
