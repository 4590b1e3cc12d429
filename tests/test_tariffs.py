"""Tariff measure statements (sentences written for these tests)."""

import polars as pl
import pytest

from dagster_project.extract.amounts import extract_amounts
from dagster_project.extract.segment import segment_sentences
from dagster_project.extract.tariffs import extract_tariffs
from dagster_project.schemas import TARIFF_MENTIONS


def _tariffs(text: str) -> pl.DataFrame:
    sentences = segment_sentences(pl.DataFrame({"article_id": ["a"], "text": [text]}))
    return extract_tariffs(sentences, extract_amounts(sentences))


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


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Washington doubled the 25% tariff on Chinese steel.", ("USA", "CHN", 50.0, 25.0, "raised")),
        ("Tokyo halved its 10 percent duty on U.S. beef.", ("JPN", "USA", 5.0, 10.0, "cut")),
        # an explicit new rate is not multiplied
        ("Trump doubled tariffs on Canadian steel to 50%.", ("USA", "CAN", 50.0, None, "raised")),
        ("Mexico doubled its tariffs from 10% to 20% on U.S. pork.", ("MEX", "USA", 20.0, 10.0, "raised")),
    ],
)
def test_doubled_and_halved_base_rate(text: str, expected: tuple) -> None:
    out = _tariffs(text)
    assert out.select("imposer_iso3", "target_iso3", "rate_pct", "previous_rate_pct", "action").rows() == [expected]


def test_percentage_points_are_a_change_except_when_suspended() -> None:
    assert _tuples("Seoul raised its tariffs on rice by 5 percentage points.") == [("KOR", None, None, "raised")]
    assert _tuples("The U.S. will suspend 24 percentage points of the tariff on Chinese goods.") == [
        ("USA", "CHN", 24.0, "paused")
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The European Community imposed 20 pct duties on Japanese printers.", [("EUU", "JPN", 20.0, "imposed")]),
        ("The European Union will impose tariffs on American motorcycles.", [("EUU", "USA", None, "imposed")]),
        ("Brussels imposed duties on U.S. steel.", [("EUU", "USA", None, "imposed")]),
        ("USTR proposed 25 percent tariffs on Chinese machinery.", [("USA", "CHN", 25.0, "threatened")]),
        ("MITI said Japan would cut tariffs on U.S. cars.", [("JPN", "USA", None, "cut")]),
        ("MITI raised its tariffs on American beef.", [("JPN", "USA", None, "raised")]),
        (
            "The Commerce Department imposed anti-dumping duties of 30 pct on Korean steel.",
            [("USA", "KOR", 30.0, "imposed")],
        ),
        ("China’s decision to impose 15% tariffs on U.S. soybeans.", [("CHN", "USA", 15.0, "imposed")]),
    ],
)
def test_imposer_and_target_by_grammar(text: str, expected: list[tuple]) -> None:
    assert _tuples(text) == expected


def test_retaliation_answers_an_earlier_measure() -> None:
    text = "The United States imposed tariffs on Chinese goods. Beijing retaliated with 10% tariffs on U.S. goods."
    assert _tuples(text) == [("USA", "CHN", None, "imposed"), ("CHN", "USA", 10.0, "retaliation")]
    # without a tariff word, "retaliated against" is a measure only as the answer to one
    text = "Washington imposed tariffs on Chinese goods. Beijing has retaliated against American farmers."
    assert _tuples(text)[1] == ("CHN", "USA", None, "retaliation")
    assert _tariffs("Beijing has retaliated against American farmers.").height == 0
    supposed = "Washington imposed tariffs on Chinese goods. If Beijing retaliated against American farmers, prices rose."
    assert _tariffs(supposed).height == 1


def test_cue_acting_on_another_object_is_no_action() -> None:
    assert _tariffs("The President retains broad authority to reduce global steel capacity, and the tariffs remain.").height == 0
    # the verb's object is a tariff: a cut
    assert _tuples("Taiwan will reduce import tariffs on 1,700 products.") == [("TWN", None, None, "cut")]


def test_conditional_or_possible_removal_is_an_offer_not_a_measure() -> None:
    assert _tariffs("Ottawa said it would lift the duties if Washington drops its steel tariffs.").height == 0
    assert _tariffs("Analysts said the talks could encourage Washington to cancel the tariffs.").height == 0
    # a conditional imposition is a threat
    assert _tuples("Washington will impose tariffs on Mexican goods if the talks fail.") == [
        ("USA", "MEX", None, "threatened")
    ]


def test_planned_cut_is_a_cut() -> None:
    assert _tuples("Taiwan sent a proposal to the cabinet that the tariffs on 500 foreign goods be cut.") == [
        ("TWN", None, None, "cut")
    ]


def test_exception_after_a_rate_is_its_own_measure() -> None:
    out = _tuples("The U.S. imposed a 25 percent tariff on steel from all countries except Canada.")
    assert out == [("USA", None, 25.0, "imposed"), ("USA", None, None, "exempted")]


def test_restatement_gives_its_rate_to_the_first_mention() -> None:
    out = _tariffs("Trump ordered tariffs on Chinese goods. The tariffs will be set at 10 percent.")
    assert out.select("sentence_id", "imposer_iso3", "target_iso3", "rate_pct").rows() == [
        ("a:0", "USA", "CHN", 10.0),
        ("a:1", "USA", "CHN", 10.0),
    ]
    # a rate stated much later is another measure
    far = "Trump imposed tariffs on China. " + "Markets fell. " * 5 + "Trump imposed a 20% tariff on Chinese goods."
    assert _tariffs(far)["rate_pct"].to_list() == [None, 20.0]


def test_reduced_relative_clause_decides_the_action() -> None:
    text = "Japan would not retaliate against tariffs President Reagan slapped on Japanese chips today."
    assert _tuples(text) == [("USA", "JPN", None, "imposed")]


def test_goods_of_a_country_are_not_its_actor() -> None:
    text = "Washington imposed tariffs on Japanese chips. Japanese exporters said the tariffs would rise to 100 pct."
    assert _tuples(text)[1] == ("USA", "JPN", 100.0, "threatened")


def test_target_in_another_list_item_is_not_the_target() -> None:
    text = "Taiwan cut tariffs on cars. The talks will cover purchases of U.S. machinery, import tariff cuts and patents."
    assert [t[1] for t in _tuples(text)] == [None, None]


def _rows(text: str) -> list[tuple]:
    out = _tariffs(text)
    return list(zip(out["imposer_iso3"], out["target_iso3"], out["rate_pct"], out["action"], out["goods"]))


@pytest.mark.parametrize(
    "text",
    [
        "The United States did not impose tariffs on Chinese goods.",
        "The United States never imposed a 50% tariff on Brazil.",
        "Canada will not impose retaliatory tariffs on U.S. goods, Carney said.",
        "Trump said he would not raise tariffs on Canada to 50%.",
        "China has denied reports that it will lift its 125% tariff on U.S. goods.",
        "Japan won’t raise its tariffs on U.S. beef.",
        "The U.S. has not yet imposed tariffs on Mexican goods.",
        "Canada will no longer impose tariffs on U.S. dairy.",
        "Trump ruled out raising tariffs on Mexico.",
        "Ottawa refused to lift its tariffs on U.S. steel.",
    ],
)
def test_negated_action_states_no_measure(text: str) -> None:
    assert _rows(text) == []


def test_negation_of_another_verb_or_clause_is_not_a_denial() -> None:
    # the relative clause's verb states the measure, whatever the main clause denies
    assert _tuples("Japan has not retaliated against tariffs President Reagan slapped on Japanese chips.") == [
        ("USA", "JPN", None, "imposed")
    ]
    # "not only" does not deny
    assert _rows("Washington not only imposed a 25% tariff on Chinese steel but also raised duties on aluminum.")[0] == (
        "USA", "CHN", 25.0, "imposed", "Chinese steel",
    )  # fmt: skip
    # the negator denies "think", not the tariff statement
    assert _tariffs("Yeutter said he did not think the 100 pct tariffs on Japanese chips would hurt consumers.").height == 1


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Inflation rose 3% as tariffs on Chinese goods took effect.", [(None, "CHN", None, "imposed", "Chinese goods")]),
        ("Shares of Ford dropped 25% on Monday as tariffs on steel took effect.", [(None, None, None, "imposed", "steel")]),
    ],
)
def test_verb_and_rate_of_another_clause_are_not_the_tariffs(text: str, expected: list[tuple]) -> None:
    assert _rows(text) == expected


def test_goods_phrase_stops_at_a_verb() -> None:
    assert _rows("Canada said tariffs on Chinese steel will rise to 25 percent.")[0][4] == "Chinese steel"
    assert _rows("Tokyo said tariffs on Japanese cars went into effect on Monday.")[0][4] == "Japanese cars"


def test_several_measures_in_one_sentence() -> None:
    # gapping: "and 10% on China" is a second measure; "Canada and Mexico" are several targets (null)
    assert _tuples("Trump imposed 25% tariffs on Canada and Mexico and 10% on China.") == [
        ("USA", None, 25.0, "imposed"),
        ("USA", "CHN", 10.0, "imposed"),
    ]
    assert _tuples("Trump imposed tariffs on Canadian and Mexican goods.") == [("USA", None, None, "imposed")]
    assert _tuples("Trump imposed tariffs on goods from Canada, Mexico and China.") == [("USA", None, None, "imposed")]
    # a comma that ends a clause is no list
    assert _tuples("Trump imposed tariffs on China, Canada said.") == [("USA", "CHN", None, "imposed")]
    # a measure on several states takes no target from the context
    text = "Ottawa imposed tariffs on U.S. steel. Ottawa also imposed 10% tariffs on Chinese and Japanese cars."
    assert _tuples(text)[1] == ("CAN", None, 10.0, "imposed")


def test_each_rate_has_the_goods_of_its_own_phrase() -> None:
    out = _rows("Canada imposed a 25 percent tariff on steel and a 10 percent tariff on aluminum.")
    assert [(r[2], r[4]) for r in out] == [(25.0, "steel"), (10.0, "aluminum")]


@pytest.mark.parametrize(
    ("text", "rate"),
    [
        ("Trump imposed a 1,200% tariff on Chinese goods.", 1200.0),
        ("The tariff on Chinese goods rose to 1,000.5 percent.", 1000.5),
        ("Trump imposed a 2.5% tariff on Chinese goods.", 2.5),
    ],
)
def test_rates_with_separators_and_decimals(text: str, rate: float) -> None:
    assert _tariffs(text)["rate_pct"].to_list() == [rate]


# Issue 6: modern phrasings (sentences written for these tests).
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # keeping or continuing an existing tariff is "imposed", whatever the modal
        ("Ottawa will keep the 15% duty on Brazilian sugar in place.", [("CAN", "BRA", 15.0, "imposed")]),
        ("Seoul said it would maintain its 8 percent tariff on Chinese steel.", [("KOR", "CHN", 8.0, "imposed")]),
        ("The duties on Mexican tomatoes would stay on, Washington said.", [("USA", "MEX", None, "imposed")]),
        # announced tariffs
        ("Canberra announced 12% tariffs on Indonesian paper.", [("AUS", "IDN", 12.0, "imposed")]),
        # hints and floated ideas are threats
        ("Tokyo floated a 30 percent tariff on Thai rice.", [("JPN", "THA", 30.0, "threatened")]),
        ("Brasilia is mulling duties on Argentine wheat.", [("BRA", "ARG", None, "threatened")]),
        # agreed pauses and truces
        ("Ankara and Athens agreed to a truce on tariffs.", [(None, None, None, "paused")]),
        ("Washington agreed not to raise tariffs on Vietnamese shoes.", [("USA", "VNM", None, "paused")]),
        ("Ottawa will hold off on tariffs on copper from Peru.", [("CAN", "PER", None, "paused")]),
        # reductions to a new level
        ("New Delhi will roll back its tariffs on Swiss watches to 5%.", [("IND", "CHE", 5.0, "cut")]),
        ("Beijing said its tariffs on wine from Chile will fall to 4% next year.", [("CHN", "CHL", 4.0, "cut")]),
        # a removal under a modal future keeps its label
        ("Under the deal, Manila's duties on Korean cars would be eliminated.", [("PHL", "KOR", None, "removed")]),
        ("Cairo will levy tariffs on Turkish glass.", [("EGY", "TUR", None, "imposed")]),
    ],
)
def test_actions_of_modern_phrasings(text: str, expected: list[tuple]) -> None:
    assert _tuples(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a rate range: the upper bound
        ("Brussels imposed duties of 17.4% to 37.6% on Chinese electric cars.", [("EUU", "CHN", 37.6, "imposed")]),
        # "to X from Y": the new rate first
        ("Ottawa cut its tariff on salmon from Chile to 6% from 12%.", [("CAN", "CHL", 6.0, "cut")]),
        # a rate changed into another one is one measure, the first is its previous rate
        ("Lima said the current 10% tariff on bananas from Ecuador could rise to 20%.", [("PER", "ECU", 20.0, "threatened")]),
        # a hyphen between number and unit
        ("Canada imposed a 25-per-cent tariff on Swiss cheese.", [("CAN", "CHE", 25.0, "imposed")]),
        # the size of a change is not a rate
        ("Tokyo cut its tariffs on Thai shrimp by 50%.", [("JPN", "THA", None, "cut")]),
    ],
)
def test_rate_ranges_and_changes(text: str, expected: list[tuple]) -> None:
    assert _tuples(text) == expected


def test_rate_to_from_keeps_the_previous_rate() -> None:
    out = _tariffs("Lima said the current 10% tariff on bananas from Ecuador could rise to 20%.")
    assert out["previous_rate_pct"].to_list() == [10.0]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the agent of a passive imposition is the imposer
        ("The WTO ruled against duties imposed by Indonesia on Malaysian palm oil.", [("IDN", "MYS", None, "imposed")]),
        # the imposer is never the target: the sentence's subject when the nearer actor is the target
        (
            "Mexico retaliated on Monday against tariffs imposed by Washington, announcing it would raise duties on U.S. pork to 20%.",
            [("MEX", "USA", 20.0, "retaliation")],
        ),
    ],
)
def test_imposer_of_passives_and_subjects(text: str, expected: list[tuple]) -> None:
    assert _tuples(text)[-1:] == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Canada imposed 10% tariffs on U.S. steel in response to the new U.S. tariffs.", [("CAN", "USA", 10.0, "retaliation")]),
        ("Brazil hit back, raising duties on American ethanol to 18%.", [("BRA", "USA", 18.0, "retaliation")]),
        # a response to something that is no tariff is no retaliation
        ("Seoul imposed tariffs on Japanese film in retaliation for Tokyo's export controls.", [("KOR", "JPN", None, "imposed")]),
        # a response under a condition is no framing
        ("If Hanoi takes retaliatory action, Washington will impose 20% tariffs on Vietnamese shrimp.", [("USA", "VNM", 20.0, "threatened")]),
    ],
)
def test_response_framing_is_retaliation(text: str, expected: list[tuple]) -> None:
    assert _tuples(text) == expected


def test_quantity_changes_are_no_cues() -> None:
    assert _tariffs("Exporters' profits dropped 3 percent because of tariffs.").height == 0


def test_article_pair_fills_a_rated_half_measure() -> None:
    text = (
        "Washington imposed tariffs on Chinese goods last year. Beijing answered with duties on U.S. soybeans. "
        "Washington also put tariffs on Chinese steel. Now the tariffs on China will be lowered to 20%."
    )
    assert _tuples(text)[-1] == ("USA", "CHN", 20.0, "cut")


def test_trade_value_comes_from_the_amounts_stage() -> None:
    sentences = segment_sentences(pl.DataFrame({"article_id": ["a"], "text": ["Rome imposed tariffs on $40 million of Swiss cheese."]}))
    assert extract_tariffs(sentences, extract_amounts(sentences))["value_usd"].to_list() == [4e7]
    assert extract_tariffs(sentences)["value_usd"].to_list() == [None]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a negated verb with another verb between does not govern the tariff
        ("Angered by the refusal to exempt it from the duties, Chile also imposed a 30% tariff on Peru.", [("CHL", "PER", 30.0, "imposed")]),
        # the receiver of an exemption and the patient of a passive are targets
        ("Washington decided to grant Chile an exemption from the steel tariffs.", [("USA", "CHL", None, "exempted")]),
        ("Chile will be exempted from the imposition of tariffs on copper, Washington said.", [("USA", "CHL", None, "exempted")]),
        # "the administration" names the United States (gold guide)
        ("The administration hinted at tariffs on Indian textiles.", [("USA", "IND", None, "threatened")]),
        # a possessive owner of another tariff is not the actor of the anchor's measure
        ("Chile announced a new tariff regime to replace Peru's external tariff, keeping a 6% tariff on cars.", [("CHL", None, 6.0, "imposed")]),
        # a list of several targets without "and"
        ("Brazil imposed a 20% duty on steel from China, Vietnam for one year.", [("BRA", None, 20.0, "imposed")]),
    ],
)
def test_roles_of_modern_phrasings(text: str, expected: list[tuple]) -> None:
    assert _tuples(text) == expected


def test_article_pair_skips_a_target_named_in_another_role() -> None:
    text = (
        "Washington imposed tariffs on Chilean copper. Washington raised tariffs on Chilean wine. Lima imposed duties on "
        "U.S. corn. Washington slapped 25% tariffs on steel imports, sparking protests from producers, including Chile."
    )
    assert _tuples(text)[-1] == ("USA", None, 25.0, "imposed")


@pytest.mark.parametrize(
    ("text", "rate"),
    [
        ("Beijing imposed 25pc tariffs on US soybeans.", 25.0),
        ("Trump imposed a 34% “reciprocal” tariff on Chinese goods.", 34.0),
        ("Canada imposed tariffs of 10-25% on Chinese steel.", 25.0),
        ("Washington will impose tariffs of between 10% and 50% on Chinese goods.", 50.0),
        ("Tariffs on Chinese goods climbed to 145% in April.", 145.0),
        ("Trump raised the tariffs on Chinese goods totaling 145%.", 145.0),
    ],
)
def test_rates_of_modern_phrasings(text: str, rate: float) -> None:
    assert _tariffs(text)["rate_pct"].to_list() == [rate]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the destination of exports taxes them; "its" goods are the subject's
        ("Japan agreed to a 15% tariff on its exports to the US.", [("USA", "JPN", 15.0, "imposed")]),
        ("India faces a 50% tariff on its exports to the United States.", [("USA", "IND", 50.0, "imposed")]),
        ("Tariffs on Chinese goods exported to the U.S. rose to 30%.", [("USA", "CHN", 30.0, "raised")]),
        # an existing rate without an action verb
        ("The 39% tariff on Swiss imports is among the highest, Washington said.", [("USA", "CHE", 39.0, "imposed")]),
        ("US tariffs on Swiss goods stand at 39%.", [("USA", "CHE", 39.0, "imposed")]),
        ("Ottawa responded with 25% counter-tariffs on U.S. goods.", [("CAN", "USA", 25.0, "retaliation")]),
    ],
)
def test_destinations_and_existing_rates(text: str, expected: list[tuple]) -> None:
    assert _tuples(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Seoul will retaliate with 10% tariffs on U.S. goods.", [("KOR", "USA", 10.0, "retaliation")]),
        ("Trump warned he would retaliate with a 200 per cent tariff on EU wine.", [("USA", "EUU", 200.0, "threatened")]),
        ("The EU suspended its countermeasures on US goods for six months.", [("EUU", "USA", None, "paused")]),
        ("Washington imposed 30% tariffs on all imports from the bloc.", [("USA", "EUU", 30.0, "imposed")]),
    ],
)
def test_retaliation_verbs_countermeasures_and_the_bloc(text: str, expected: list[tuple]) -> None:
    assert _tuples(text) == expected


@pytest.mark.parametrize(
    ("text", "rate", "previous"),
    [
        ("Tokyo agreed to lower its tariffs on Thai rice to 15% from levies totaling 27.5% previously.", 15.0, 27.5),
        ("Duties on walnuts have gone from 100 per cent duty to 120 percent, Lima said.", 120.0, 100.0),
    ],
)
def test_old_rates_are_previous_rates(text: str, rate: float, previous: float) -> None:
    out = _tariffs(text)
    assert list(zip(out["rate_pct"], out["previous_rate_pct"])) == [(rate, previous)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Washington finalised duties of 25% on Vietnamese tires.", [("USA", "VNM", 25.0, "imposed")]),
        ("Ottawa unveiled 25% tariffs on Chinese steel.", [("CAN", "CHN", 25.0, "imposed")]),
        ("The EU extended its safeguard duties on Turkish steel for two years.", [("EUU", "TUR", None, "imposed")]),
        ("Canada enacted countermeasures against U.S. tariffs.", [("CAN", "USA", None, "retaliation")]),
    ],
)
def test_announcing_and_extending_verbs(text: str, expected: list[tuple]) -> None:
    assert _tuples(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the verb of a reduced relative clause with a pronoun subject decides the action
        ("Tokyo would try to resolve the steel tariffs he imposed on Japan.", [(None, "JPN", None, "imposed")]),
        # no duty at all is a removal
        ("Chilean goods are to face no tariffs under the new accord.", [(None, "CHL", None, "removed")]),
        # "the European country" is a state named elsewhere, not the EU
        ("Washington will spare the European country from tariffs on pharma exports.", [("USA", None, None, "exempted")]),
        # a tit-for-tat elsewhere in the sentence does not make the anchor's measure mutual
        ("Costs rose after a tariff tit-for-tat set off when Washington placed duties on foreign steel.", [("USA", None, None, "imposed")]),
    ],
)
def test_relatives_zero_duties_and_anaphors(text: str, expected: list[tuple]) -> None:
    assert _tuples(text) == expected


def test_relative_clause_subject_belongs_to_its_own_tariff() -> None:
    text = (
        "Ottawa imposed tariffs on steel from Peru. Officials hope to settle the steel tariffs she imposed in May "
        "and the retaliatory duties Peru levied in return."
    )
    assert _tuples(text) == [("CAN", "PER", None, "imposed"), ("PER", "CAN", None, "retaliation")]


@pytest.mark.parametrize(
    "text",
    [
        "Seoul imposed duties on Chilean wine. Seoul will apply tariffs to imports from its trade partners in June.",
        "Seoul imposed duties on Chilean wine. Seoul said it would levy 12% duties on goods from dozens of countries.",
    ],
)
def test_plural_states_are_several_targets(text: str) -> None:
    assert _tuples(text)[-1][:2] == ("KOR", None)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a relative clause on the goods carries the tariff back across commas
        (
            "Ottawa published a list of 40 Swiss products, worth about $2 billion, that could be hit with a 30 percent tariff.",
            [("CAN", "CHE", 30.0, "threatened")],
        ),
        # only numbers between the goods and the rate
        ("Lima said it would lower duties on Mexican avocados by 5%, from 20% to 15%.", [("PER", "MEX", 15.0, "cut")]),
    ],
)
def test_target_before_the_rate_across_commas(text: str, expected: list[tuple]) -> None:
    assert _tuples(text) == expected


def test_a_state_that_retaliated_keeps_retaliating() -> None:
    text = "Tokyo slapped duties on Korean steel. Seoul hit back with tariffs on Japanese beer. Seoul also imposed a 40 percent duty on Japanese cars."
    assert _tuples(text) == [("JPN", "KOR", None, "imposed"), ("KOR", "JPN", None, "retaliation"), ("KOR", "JPN", 40.0, "retaliation")]


def test_the_commission_is_the_eu() -> None:
    assert _tuples("The Commission imposed duties of 20% on Turkish steel.") == [("EUU", "TUR", 20.0, "imposed")]


def test_a_recommended_measure_is_a_threat() -> None:
    text = "The review board recommended that duties on Thai rice be lowered to 9% in the first year and to 4% after."
    assert {t[3] for t in _tuples(text)} == {"threatened"}


def test_an_exemption_sought_by_the_target_is_no_exemption() -> None:
    text = "Washington imposed tariffs on Korean steel. Seoul sought an exemption from the U.S. tariffs."
    assert _tuples(text) == [("USA", "KOR", None, "imposed")]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # goods opening the sentence are its subject: their country is the target; a speaker after
        # the tariff who wrote or posted it is the imposer
        ("Mexican exports will be hit with a 35% tariff from June 2, Brasilia wrote in a notice.", [("BRA", "MEX", 35.0, "imposed")]),
        ("Korean cars will face a 12% tariff.", [(None, "KOR", 12.0, "imposed")]),
        # the rate's own tariff is a counter-measure: a retaliation
        ("Norway's 15% counter-tariffs on Russian goods remain in place.", [("NOR", "RUS", 15.0, "retaliation")]),
        ("Peru will impose a 20% retaliatory duty on Mexican beer.", [("PER", "MEX", 20.0, "retaliation")]),
    ],
)
def test_subject_goods_speakers_and_counter_measures(text: str, expected: list[tuple]) -> None:
    assert _tuples(text) == expected


@pytest.mark.parametrize(
    ("text", "goods"),
    [
        # an abbreviation's points stay in the phrase; an amount "in"/"of" before the goods is no product
        ("Ottawa put a 10% duty on $40 billion of U.K. cheese.", "U.K. cheese"),
        ("Lima raised tariffs to 30% on $9 billion in Mexican avocados.", "Mexican avocados"),
        ("Seoul will levy 15% duties on an additional $2 billion worth of Thai rice.", "Thai rice"),
        # a date ends the phrase
        ("Oslo will impose tariffs on Danish butter on June 3.", "Danish butter"),
        # a duration, a state or several states are no goods
        ("Oslo will suspend its 20% tariff on Danish butter for 60 days.", "Danish butter"),
        ("Oslo said its tariffs on Denmark would be lifted.", None),
        ("Oslo will apply tariffs to its trade partners for 30 days.", None),
    ],
)
def test_goods_phrase_boundaries(text: str, goods: str | None) -> None:
    assert _tariffs(text)["goods"].to_list()[0] == goods


def test_abbreviation_points_do_not_end_a_cue_object() -> None:
    assert _tuples("Seoul will exempt some U.S. chips from its 25% tariffs.") == [("KOR", None, 25.0, "exempted")]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a state that faces, avoids or escapes a tariff is the state it hits
        ("Peru faces a 35% tariff on its copper.", [(None, "PER", 35.0, "imposed")]),
        ("Chile is trying to avoid a 40% tariff from Washington.", [("USA", "CHL", 40.0, "threatened")]),
        ("Norway is among several nations hoping to avoid Trump's tariff of 20%.", [("USA", "NOR", 20.0, "threatened")]),
        ("Mexico narrowly avoided a 30% tariff.", [(None, "MEX", 30.0, "threatened")]),
        # a plural of states right after the tariff word beats a state named before it
        (
            "That is more than the 40% Peru was set to face when Trump announced tariffs on goods from dozens of countries.",
            [("USA", None, None, "imposed")],
        ),
    ],
)
def test_states_facing_or_avoiding_a_tariff_are_targets(text: str, expected: list[tuple]) -> None:
    assert _tuples(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # "he"/"she" stand for the leader named last, in the sentence or up to two sentences before
        ("Trump spoke on Monday. He imposed a 30% tariff on Brazilian coffee.", [("USA", "BRA", 30.0, "imposed")]),
        ("Sheinbaum met the press. The tariffs she imposed on Chinese cars stay.", [("MEX", "CHN", None, "imposed")]),
        # too far back, or no leader at all: no imposer
        ("Trump spoke. Markets fell. The dollar rose. He imposed a 30% tariff on Brazilian coffee.", [(None, "BRA", 30.0, "imposed")]),
        ("The analyst said he expects a 10% tariff on Chinese cars.", [(None, "CHN", 10.0, "imposed")]),
    ],
)
def test_pronouns_stand_for_the_last_leader(text: str, expected: list[tuple]) -> None:
    assert _tuples(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # what became of the measure, said in a later clause on the measure itself, is its action
        ("The levies were announced in March but were later suspended.", [(None, None, None, "paused")]),
        ("Chile drew up a list of Peruvian goods for tariffs, but it was put on hold to allow talks.", [("CHL", "PER", None, "paused")]),
        ("Peru imposed duties on Chilean wine in 2019, which were lifted in 2023.", [("PER", "CHL", None, "removed")]),
        # an active removal by the imposer is a measure of its own
        ("Peru imposed a 20% duty on Chilean apples but later removed it.", [("PER", "CHL", 20.0, "imposed"), ("PER", "CHL", None, "removed")]),
    ],
)
def test_a_later_clause_on_the_measure_gives_its_action(text: str, expected: list[tuple]) -> None:
    assert _tuples(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # demonyms of states beyond the shared gazetteer, and a capital's short form
        ("Peru raised its duty on Chilean wine to 15%.", [("PER", "CHL", 15.0, "raised")]),
        ("Delhi imposed a 10% levy on Bangladeshi textiles.", [("IND", "BGD", 10.0, "imposed")]),
        # a comma before "and" after a single state opens a new clause, not a list of targets
        ("Trump imposed tariffs on China, and Beijing suspended its purchases.", [("USA", "CHN", None, "imposed")]),
        ("Trump imposed tariffs on Canada, Mexico, and China.", [("USA", None, None, "imposed")]),
    ],
)
def test_gazetteer_completions_and_serial_commas(text: str, expected: list[tuple]) -> None:
    assert _tuples(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the partner of the target in a pair of parties cuts the tariffs on the target's goods
        ("Peru and Chile signed a pact to lower tariffs on Chilean salmon.", [("PER", "CHL", None, "cut")]),
        ("Japan and the EU struck a deal to remove duties on Japanese cars.", [("EUU", "JPN", None, "removed")]),
        ("Korea and Norway agreed to scrap duties on Scottish salmon.", [("KOR", "GBR", None, "removed")]),
    ],
)
def test_the_partner_of_the_target_imposes(text: str, expected: list[tuple]) -> None:
    assert _tuples(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a good named by its protected geographic origin stands for that state's exports
        ("Brussels put a 25% tariff on Bourbon and other American spirits.", [("EUU", "USA", 25.0, "imposed")]),
        ("Beijing slapped a 30% levy on Champagne.", [("CHN", "FRA", 30.0, "imposed")]),
        ("Canberra will drop its 5% duty on Scotch by 2027.", [("AUS", "GBR", 5.0, "removed")]),
    ],
)
def test_goods_named_by_their_origin_name_the_target(text: str, expected: list[tuple]) -> None:
    assert _tuples(text) == expected


def test_a_measure_on_the_pairs_imposer_is_the_other_sides() -> None:
    text = (
        "Peru will cut its tariff on Chilean wine to 10%. Peru will also cut its tariff on Chilean fruit to 5%. "
        "Peruvian goods are to face no tariffs under the new accord."
    )
    assert _tuples(text) == [("PER", "CHL", 10.0, "cut"), ("PER", "CHL", 5.0, "cut"), ("CHL", "PER", None, "removed")]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # "the European country", "the Asian nation": the state of that region named just before
        ("Seoul and Washington met. The Asian nation was hit with a 25% tariff.", [(None, "KOR", 25.0, "imposed")]),
        (
            "Talks between the US and Norway went well, and the European country will be spared tariffs on its fish.",
            [(None, "NOR", None, "exempted")],
        ),
        # no state of that region named before: no mention
        ("Chile met Peru. The European country was hit with a 25% tariff.", [(None, None, 25.0, "imposed")]),
        # the subject that seeks "to avoid" a tariff is the state it would hit, not a state after the verb
        (
            "Norway, like many other nations, wants a pact with the US to avoid a hike of Trump's tariff of 10%.",
            [("USA", "NOR", 10.0, "threatened")],
        ),
        ("Oslo sent envoys to Washington to avoid US tariffs on fish.", [("USA", None, None, "threatened")]),
    ],
)
def test_region_anaphors_and_states_avoiding_a_tariff(text: str, expected: list[tuple]) -> None:
    assert _tuples(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a cue that is itself a tariff word names the tariff; the verb acting on it gives the action
        ("Peru slashed its levy on Chilean wine to 5%.", [("PER", "CHL", 5.0, "cut")]),
        ("Peru doubled the levy on Chilean wine to 20%.", [("PER", "CHL", 20.0, "raised")]),
        # alone, it still states an existing tariff
        ("The 5% levy on Chilean wine stays.", [(None, "CHL", 5.0, "imposed")]),
        ("Peru plans to levy duties on Chilean wine.", [("PER", "CHL", None, "threatened")]),
    ],
)
def test_a_tariff_noun_is_no_action_cue_beside_a_verb(text: str, expected: list[tuple]) -> None:
    assert _tuples(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # goods of "its"/"their" belong to the sentence's subject, the target
        ("Chile protested Peru's 25% tariff on its copper.", [("PER", "CHL", 25.0, "imposed")]),
        ("Oslo criticized Washington's 25% tariff on its salmon.", [("USA", "NOR", 25.0, "imposed")]),
        # the imposer's own imports name no target
        ("Peru raised duties on its imports of steel to 20%.", [("PER", None, 20.0, "raised")]),
    ],
)
def test_goods_of_its_belong_to_the_subject(text: str, expected: list[tuple]) -> None:
    assert _tuples(text) == expected
