"""Which tariff rows exist: restatements, repeated passages, rates (sentences written for these tests)."""

import pytest

from tests.test_tariffs import _tariffs, _tuples


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a later rate-less mention naming no more than the earlier measure restates it
        (
            "Seoul retaliated by raising its duties on Norwegian copper to 40% on Monday. The Korean "
            "countermeasures take effect on Thursday.",
            [("KOR", "NOR", 40.0, "retaliation")],
        ),
        (
            "Ottawa agreed to remove the 30% tariff on Italian wine. The minister said the pact commits Ottawa to "
            "remove tariffs on these goods.",
            [("CAN", "ITA", 30.0, "removed")],
        ),
        (
            "Brazil exempted Sweden from its new tariffs on dairy. A minister said the deal allows "
            "Swedish cheese to be exempt from tariffs.",
            [("BRA", "SWE", None, "exempted")],
        ),
    ],
)
def test_a_restatement_gives_no_row(text: str, expected: list[tuple]) -> None:
    assert _tuples(text) == expected


@pytest.mark.parametrize(
    ("text", "rows"),
    [
        # another state named in the later sentence: another measure
        (
            "Brazil exempted Sweden from its new tariffs on dairy. Brazil later granted exemptions from "
            "the tariffs to Norway, Denmark and Ireland.",
            2,
        ),
        # another trade value: another measure
        (
            "Ottawa imposed a 20% tariff on $5 billion of Turkish goods. Ottawa also imposed tariffs on "
            "$9 billion of Turkish imports.",
            2,
        ),
    ],
)
def test_a_mention_naming_more_is_not_a_restatement(text: str, rows: int) -> None:
    assert len(_tuples(text)) == rows


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a product word between the rate and its tariff word
        ("Oslo slapped 15 percent steel tariffs on Swedish imports.", [("NOR", "SWE", 15.0, "imposed")]),
        ("Ankara said it would move ahead with 30% auto duties if talks failed.", [("TUR", None, 30.0, "threatened")]),
        ("Canberra imposed 12% steel and aluminium levies on Thai goods.", [("AUS", "THA", 12.0, "imposed")]),
        ("India put a 20% additional wine tariff on Italian bottles.", [("IND", "ITA", 20.0, "imposed")]),
    ],
)
def test_rate_before_a_product_modified_tariff_word(text: str, expected: list[tuple]) -> None:
    assert _tuples(text) == expected


def test_a_passage_printed_twice_states_its_measures_once() -> None:
    text = (
        "Long-grain rice from Asia, imported mostly by sea, carries a 40-per-cent duty while maize bears a "
        "15-per-cent tariff.Photo Agency. Norway and Sweden are discussing grain trade. Long-grain rice from Asia, "
        "imported mostly by sea, carries a 40-per-cent duty while maize bears a 15-per-cent tariff, a Swedish "
        "minister told parliament."
    )
    assert [t[2] for t in _tuples(text)] == [40.0, 15.0]


def test_an_anchor_at_a_sentence_start_is_no_repeated_passage() -> None:
    text = "The duties on Swedish fish were imposed by Oslo in May. The duties on Danish fish were lifted by Oslo."
    assert [t[3] for t in _tuples(text)] == ["imposed", "removed"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a surcharge is a levy
        ("Norway announced an 18 pct surcharge on Swedish cars.", [("NOR", "SWE", 18.0, "imposed")]),
        ("Norway imposed a surcharge of 18% on Swedish cars.", [("NOR", "SWE", 18.0, "imposed")]),
        ("Airlines raised the fuel surcharge on flights to Sweden.", []),
    ],
)
def test_a_surcharge_is_a_levy(text: str, expected: list[tuple]) -> None:
    assert _tuples(text) == expected


@pytest.mark.parametrize(
    ("text", "rate"),
    [
        # "currently"/"now" link a rate to the tariff word before it
        ("Norway's tariff on Swedish cars, currently 18%, will stay, Oslo said.", 18.0),
        ("Oslo said the duty on Swedish cars, now 12 percent, stays.", 12.0),
    ],
)
def test_a_current_rate_after_its_tariff_word(text: str, rate: float) -> None:
    assert [t[2] for t in _tuples(text)] == [rate]


@pytest.mark.parametrize(
    ("text", "actions"),
    [
        # "add" a tariff imposes it; an agreed "not add" is a truce beside the sentence's rated measure
        ("Oslo added a 10% tariff on Swedish fish.", ["imposed"]),
        (
            "Both capitals agreed not to add new duties after June 1, the day Oslo was due to raise its tariff on "
            "Swedish fish from 10 per cent to 25 per cent.",
            ["paused", "raised"],
        ),
        # "add" acting on another object is no cue
        ("Oslo added more inspectors, a step unrelated to its 10% tariff on Swedish fish.", ["imposed"]),
    ],
)
def test_adding_tariffs_and_agreeing_not_to(text: str, actions: list[str]) -> None:
    assert [t[3] for t in _tuples(text)] == actions


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # each tariff word with a reduced relative clause of its own is a measure of its own
        (
            "Both leaders vowed to settle the fish tariffs Oslo imposed in May and the retaliatory duties Sweden "
            "levied in response.",
            [("NOR", "imposed"), ("SWE", "retaliation")],
        ),
        # one relative clause: one row
        ("The tariffs Oslo imposed in May hurt Swedish fishermen.", [("NOR", "imposed")]),
    ],
)
def test_a_later_tariff_word_with_its_own_relative_clause(text: str, expected: list[tuple]) -> None:
    assert [(t[0], t[3]) for t in _tuples(text)] == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the tariffs a measure answers are a measure of their own: in place, or raised ("hikes")
        (
            "Oslo drafted a list of fish for potential duties in response to earlier Swedish duties on Norwegian "
            "cars.",
            ["retaliation", "imposed"],
        ),
        (
            "As Finland did last month, Oslo raised its import duties on the fish in retaliation for Swedish tariff hikes.",
            ["retaliation", "raised"],
        ),
    ],
)
def test_the_answered_tariffs_are_a_measure(text: str, expected: list[str]) -> None:
    assert [t[3] for t in _tuples(text)] == expected


def test_an_answered_tariff_has_its_own_evidence() -> None:
    text = "Oslo imposed duties on Swedish fish in response to the Swedish tariffs on Norwegian cars."
    out = _tariffs(text).sort("char_start")
    assert out["evidence"].to_list() == [text, "in response to the Swedish tariffs on Norwegian cars."]
    assert all(text[s:e] == ev for s, e, ev in zip(out["char_start"], out["char_end"], out["evidence"]))


@pytest.mark.parametrize(
    ("text", "rows"),
    [
        # a tariff someone fears is no measure statement
        ("Wine is on the list, despite protests from Sweden, which fears retaliatory tariffs on its wine.", 0),
        ("Exporters voiced concerns over new duties on Swedish fish.", 0),
        # a fear elsewhere in the sentence does not govern the tariff
        ("Oslo imposed tariffs on Swedish fish, fearing a flood of imports.", 1),
    ],
)
def test_a_feared_tariff_is_no_measure(text: str, rows: int) -> None:
    assert len(_tuples(text)) == rows
