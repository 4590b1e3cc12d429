"""Unit tests for dagster_project.extract.talks (sentences written for the tests)."""

from __future__ import annotations

import datetime as dt

import polars as pl
import pytest

from dagster_project import schemas
from dagster_project.extract.talks import extract_talks, resolve_date


def _sentences(*texts: str, article_id: str = "a1") -> pl.DataFrame:
    rows, pos = [], 0
    for i, text in enumerate(texts):
        rows.append({"sentence_id": f"{article_id}:{i}", "article_id": article_id, "paragraph_index": i,
                     "sentence_index": i, "char_start": pos, "char_end": pos + len(text), "text": text})  # fmt: skip
        pos += len(text) + 1
    return schemas.conform(pl.DataFrame(rows), schemas.SENTENCES)


def _articles(published: dt.date | None, article_id: str = "a1") -> pl.DataFrame:
    return pl.DataFrame({"article_id": [article_id], "published_date": [published]}, schema={"article_id": pl.String, "published_date": pl.Date})


def test_geneva_talks_location_parties_participant_and_date():
    text = "China will send Vice Premier He Lifeng to talks with U.S. officials in Geneva this weekend."
    out = extract_talks(_sentences(text), _articles(dt.date(2025, 5, 7)))  # a Wednesday
    assert out.schema == pl.Schema(schemas.TALKS_MENTIONS)
    row = out.filter(pl.col("event_type") == "talks").row(0, named=True)
    assert row["location"] == "Geneva"
    assert row["location_iso3"] == "CHE"
    assert row["parties"] == ["CHN", "USA"]
    assert "He Lifeng" in row["participants"]
    assert row["date_text"] == "this weekend"
    assert row["event_date"] == dt.date(2025, 5, 10)  # the coming Saturday
    assert text[row["match_start"] : row["match_end"]] == "talks"
    assert row["evidence"] == text and row["mention_id"] == f"a1:0:{row['match_start']}"


def test_place_before_trigger_and_travel_phrases():
    out = extract_talks(
        _sentences(
            "Officials said little ahead of the Geneva talks.",
            "The minister will fly to Tokyo next week for meetings with Japanese officials.",
        ),
        _articles(dt.date(2020, 3, 2)),
    )
    assert out["location"].to_list() == ["Geneva", "Tokyo"]
    tokyo = out.row(1, named=True)
    assert tokyo["event_type"] == "meeting"
    assert tokyo["date_text"] == "next week"
    assert tokyo["event_date"] == dt.date(2020, 3, 9)


def test_place_attached_to_something_else_is_not_a_location():
    out = extract_talks(
        _sentences(
            "Japan began talks with Washington on chips.",
            "Treasury Secretary Scott Bessent met officials from Beijing's embassy in Washington.",
        ),
        _articles(None),
    )
    assert out["location"].null_count() == out.height
    assert out["event_date"].null_count() == out.height  # no published date -> no event date
    assert "Scott Bessent" in out.row(1, named=True)["participants"]


def test_agreement_signing_and_summit():
    out = extract_talks(
        _sentences("The two countries signed a trade agreement in 2019.", "Leaders meet in Malaysia in late May for a summit."),
        _articles(dt.date(2025, 5, 1)),
    )
    kinds = out["event_type"].to_list()
    assert "agreement_signing" in kinds and "summit" in kinds
    signing = out.filter(pl.col("event_type") == "agreement_signing").row(0, named=True)
    assert signing["location"] is None and signing["date_text"] == "in 2019"
    assert out.filter(pl.col("event_type") == "summit")["location"].to_list() == ["Malaysia"]


def test_place_where_talks_are_held_is_not_a_party():
    out = extract_talks(
        _sentences(
            "U.S. and Chinese officials will hold talks in London next week.",
            "Officials met in Paris last Friday.",
            "British and U.S. officials met in London.",
            "The minister will travel to Malaysia in late May for a summit with Chinese officials.",
            "Ministers from Japan will attend the Tokyo talks.",
        ),
        _articles(dt.date(2025, 3, 20)),
    )
    assert out["location"].to_list() == ["London", "Paris", "London", "Malaysia", "Tokyo"]
    assert out["parties"].to_list() == [
        ["CHN", "USA"],  # London is the venue, not a British party
        [],
        ["GBR", "USA"],  # Britain is also named as a side ("British ... officials")
        ["CHN"],
        ["JPN"],  # "Japan" named apart from the venue
    ]


def test_capitalised_trigger_at_sentence_start():
    out = extract_talks(
        _sentences("Talks will be held in Brussels on April 1.", "Negotiations resumed in Geneva.", "Meetings with Canada ended."),
        _articles(dt.date(2025, 3, 20)),
    )
    assert out.select("event_type", "location").rows() == [("talks", "Brussels"), ("negotiations", "Geneva"), ("meeting", None)]
    brussels = out.row(0, named=True)
    assert brussels["date_text"] == "on April 1" and brussels["event_date"] == dt.date(2025, 4, 1)
    assert brussels["evidence"][brussels["match_start"] : brussels["match_end"]] == "Talks"


def test_participants_with_accents_and_particles():
    text = "Economy minister José Álvarez met Ursula von der Leyen in Brussels."
    row = extract_talks(_sentences(text), _articles(None)).row(0, named=True)
    assert row["participants"] == ["José Álvarez", "Ursula von der Leyen"]


def test_resolve_date_relative_expressions():
    base = dt.date(1987, 4, 8)
    assert resolve_date("tomorrow", base) == dt.date(1987, 4, 9)
    assert resolve_date("on April 14", base) == dt.date(1987, 4, 14)
    assert resolve_date("late May", base) == dt.date(1987, 5, 31)
    assert resolve_date("next week", None) is None


def test_empty_input_keeps_the_schema():
    out = extract_talks(_sentences().clear(), _articles(None))
    assert out.height == 0 and out.schema == pl.Schema(schemas.TALKS_MENTIONS)


def _rows(*texts: str) -> list[dict]:
    return extract_talks(_sentences(*texts), _articles(dt.date(2025, 5, 7))).to_dicts()


def _first_location(text: str) -> tuple[str | None, str | None]:
    located = [r for r in _rows(text) if r["location"] is not None]
    return (located[0]["location"], located[0]["location_iso3"]) if located else (None, None)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a city abroad that only the GeoNames gazetteer knows
        ("The two leaders held a landmark meeting in Busan on Thursday.", ("Busan", "KOR")),
        ("Officials resumed negotiations in Gothenburg.", ("Gothenburg", "SWE")),
        # a long list of people between the talks word and the venue
        ("The talks between Chinese Vice Premier He Lifeng and U.S. Treasury Secretary Scott Bessent in Geneva ended.", ("Geneva", "CHE")),
        # a summit or dinner venue followed by its own country
        ("Trump and Xi met at a dinner at the G20 summit in Buenos Aires, Argentina.", ("Buenos Aires", "ARG")),
        ("Leaders gathered for a summit in Osaka, Japan, on Friday.", ("Osaka", "JPN")),
        # a small town: named with its country or region, or by its kind
        ("Finance ministers met in Stresa, Italy, on Saturday.", ("Stresa", "ITA")),
        ("Carney met Trump in Kananaskis, Alberta, at the G7 summit.", ("Kananaskis", "CAN")),
        ("Trade ministers met in the Italian resort town of Taormina.", ("Taormina", None)),
        # a region of a country
        ("Trump will host Xi for a summit at his resort in Florida next week.", ("Florida", "USA")),
        # hosted by
        ("The talks, hosted by Switzerland, lasted two days.", ("Switzerland", "CHE")),
        # a trip whose clause names a trade purpose; the talks follow in the next sentence
        ("Japan's chief negotiator will visit Washington from Tuesday to press for lower tariffs.", ("Washington", "USA")),
        ("The commissioner came to Washington for a last-ditch bid to avoid car tariffs.", ("Washington", "USA")),
    ],
)
def test_venue_phrasings(text: str, expected: tuple[str | None, str | None]) -> None:
    assert _first_location(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        # common words that are also town names
        "The talks at Summit ended without a deal.",
        "Officials met in Central on Monday.",
        # a trip without a trade purpose in its clause
        "The senator flew to Germany with the family of a freed prisoner, officials said after the talks.",
        "The minister returned home after a private visit to Avignon, France.",
        # a list of places is no single venue; a place that is part of something else is none
        "Talks in Paris or London are possible.",
        "Negotiators met at Beijing's embassy.",
        "The meeting was led by a Geneva-based lawyer.",
        # a place attached to another noun than the talks
        "They held talks on the war in Ukraine.",
    ],
)
def test_not_a_venue(text: str) -> None:
    assert _first_location(text) == (None, None)


def test_trip_gives_its_venue_and_the_venue_is_no_party():
    rows = _rows("Chinese Vice Premier He Lifeng flew to Stockholm to discuss tariffs with U.S. officials.")
    trip = [r for r in rows if r["location"] == "Stockholm"]
    assert trip and trip[0]["event_type"] == "talks" and trip[0]["parties"] == ["CHN", "USA"]


@pytest.mark.parametrize(
    ("text", "parties"),
    [
        # the venue's country in apposition is no party
        ("U.S. and Chinese leaders met at the G20 summit in Buenos Aires, Argentina.", ["CHN", "USA"]),
        # "the Swedish capital", "French-speaking", "a French news agency", "the Uruguay Round"
        ("U.S. and Chinese negotiators met in the Swedish capital.", ["CHN", "USA"]),
        ("Swiss and U.S. officials held talks, according to a French news agency.", ["CHE", "USA"]),
        ("Japan and the United States held talks in the Uruguay Round.", ["JPN", "USA"]),
    ],
)
def test_names_that_are_not_parties(text: str, parties: list[str]) -> None:
    rows = [r for r in _rows(text) if r["event_type"] != "call"]
    assert rows and all(r["parties"] == parties for r in rows)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the first "at <Name>" is a building: the place after it is the venue
        ("Officials held talks at Lancaster House in London on Monday.", ("London", "GBR")),
        ("The leaders met at Mar-a-Lago in Florida.", ("Florida", "USA")),
        # a weekday may follow the place
        ("The two sides resumed talks in Geneva Monday.", ("Geneva", "CHE")),
        # a host named before the talks
        ("Switzerland will host the talks between the two sides.", ("Switzerland", "CHE")),
        ("Sweden hosted a new round of talks between U.S. and Chinese officials.", ("Sweden", "SWE")),
        # a city modifying a building; a discussion has a venue only from such a building
        ("The two sides met at a Geneva hotel on Saturday.", ("Geneva", "CHE")),
        ("The ministers discussed the matter last week at Ms. Freeland's Toronto home.", ("Toronto", "CAN")),
        ("The senator discussed the president's news conference in Turkey.", (None, None)),
        # a forum named without "summit"
        ("Trump and Xi met on the sidelines of the G20 in Osaka.", ("Osaka", "JPN")),
        ("The WTO ministerial in Abu Dhabi ended without a deal.", ("Abu Dhabi", "ARE")),
    ],
)
def test_more_venue_phrasings(text: str, expected: tuple[str | None, str | None]) -> None:
    assert _first_location(text) == expected


@pytest.mark.parametrize(
    ("texts", "parties"),
    [
        # several bilateral talks in one sentence: one pair per listed government
        (("Its partners, such as Vietnam, India and Japan, began talks with Washington.",), [["IND", "USA"], ["JPN", "USA"], ["USA", "VNM"]]),
        # a trip to a capital with one other side named: the host is the other side
        (("Swiss President Karin Keller-Sutter flew to Washington to negotiate lower tariffs.",), [["CHE", "USA"]]),
        # a fronted subordinate clause is not the talks' clause
        (("After decades of leaving trade policy to the European Union, Britain launched negotiations with the United States.",), [["GBR", "USA"]]),
        # a relative clause after the talks is not their clause
        (("Canada held talks with Mexico, which also faces tariffs from Japan.",), [["CAN", "MEX"]]),
        # a person the article introduced as acting for a country stands for it later
        (("Japan's top tariff negotiator Ryosei Akazawa arrived on Monday.", "Akazawa held talks with Commerce Secretary Howard Lutnick."), [["JPN", "USA"]]),
        # a deal reached, in any tense
        (("Vietnam became the first country to reach a deal with Washington.",), [["USA", "VNM"]]),
    ],
)
def test_party_phrasings(texts: tuple[str, ...], parties: list[list[str]]) -> None:
    rows = _rows(*texts)
    assert sorted({tuple(r["parties"]) for r in rows if r["parties"]}) == sorted(tuple(p) for p in parties)


def test_pairs_get_their_own_mention_ids():
    rows = _rows("Its partners, such as Vietnam, India and Japan, began talks with Washington.")
    ids = [r["mention_id"] for r in rows]
    assert len(ids) == len(set(ids)) == 3 and all(i.count(":") == 3 for i in ids)


def test_talks_there_take_the_venue_of_the_previous_sentence():
    rows = _rows("Delegations gathered at a villa in Stockholm.", "Talks there will focus on tariffs.")
    assert [(r["event_type"], r["location"], r["location_kind"]) for r in rows] == [("talks", "Stockholm", "city")]


def test_a_trip_without_a_trade_purpose_is_no_mention():
    assert _rows("Chinese Vice Premier He Lifeng arrived in Geneva on Friday.") == []


def test_the_two_sides_are_the_previous_pair():
    rows = _rows(
        "China and the U.S. held talks in Geneva on Saturday.",
        "The two sides will meet again next month.",
        "Japan said the two sides would hold talks.",
    )
    assert [r["parties"] for r in rows] == [["CHN", "USA"], ["CHN", "USA"], ["JPN"]]


def test_a_month_is_no_unknown_place():
    rows = _rows("Both countries agreed to cut tariffs at a meeting in May, China said.")
    assert all(r["location"] is None for r in rows)


def test_a_forum_without_a_venue_is_no_mention():
    assert _rows("G20 countries such as Japan, India and Brazil oppose the tariffs.") == []


def test_a_surname_alone_is_the_person_named_in_full_earlier():
    out = extract_talks(
        _sentences(
            "Trade Minister Ana Ruiz arrived in Lima on Monday.",
            "Officials said talks with Ruiz would focus on copper.",
        ),
        _articles(dt.date(2024, 6, 3)),
    )
    assert out.filter(pl.col("event_type") == "talks")["participants"].to_list() == [["Ana Ruiz"]]


def test_a_surname_of_two_people_is_nobody():
    out = extract_talks(
        _sentences("Ana Ruiz and Pablo Ruiz spoke on Monday.", "The talks with Ruiz went well."), _articles(None)
    )
    assert out["participants"].to_list() == [[]]


@pytest.mark.parametrize(
    "text",
    [
        "Negotiators met on Friday as Karl Bauer's tariffs took effect.",  # his policy, not him
        "At Premier Karl Bauer's direction, officials opened talks on steel.",  # a possessive modifier
        "Karl Bauer won the vote. The talks faltered as the Bauer government dithered.",  # after an article
        "The talks stalled, according to press secretary Maria Lopez.",  # an attribution
        '"We want talks," said economist Tom Reed of the Pacific Institute.',  # a commentator
        "The talks resume today, said Lena Ortiz, a spokesperson for the ministry.",  # a messenger
        "The meeting went well, said Carl Hansen, head of the Federation of Nordic Industries.",
        "The meeting at the Rose Garden lasted an hour.",  # a place, not a person
        "Talks resumed on Monday.Photo: Peter Grant/Daily Courier",  # a photo credit
    ],
)
def test_names_that_are_no_participant(text: str) -> None:
    out = extract_talks(_sentences(*text.split(". ")), _articles(None))
    assert out.height >= 1
    assert out["participants"].to_list() == [[]] * out.height


def test_a_possessive_of_a_talks_noun_is_a_participant():
    rows = _rows("Premier Karl Bauer's meeting with the Austrian trade minister lasted an hour.")
    assert rows and rows[0]["participants"] == ["Karl Bauer"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the venue in a parenthesis after the talks word
        ("The round of talks, held in Montevideo, ended without a deal.", ("Montevideo", "URY")),
        ("The tariff talks, which took place in Nairobi, were cordial.", ("Nairobi", "KEN")),
        # a trip's destination before ", where" the talks are held
        ("The trade minister travelled to Lagos, where she held talks with Nigerian officials.", ("Lagos", "NGA")),
        # a fronted venue of the sentence with a verb of holding talks
        ("In Santiago, Chilean and Peruvian negotiators held a new round of talks on copper.", ("Santiago", "CHL")),
        # a press event at the venue right after the talks
        ("Speaking to reporters in Oslo after the talks, the minister said progress was slow.", ("Oslo", "NOR")),
        ("The envoy told a news conference in Lisbon following the negotiations that gaps remain.", ("Lisbon", "PRT")),
        # a town too small for the gazetteer, right after the talks word, then a time or the talks' course
        ("Farm ministers met in Grindelwald on Tuesday to discuss dairy tariffs.", ("Grindelwald", None)),
        ("The ministerial meeting in Lenzerheide ended with a joint statement.", ("Lenzerheide", None)),
        # a trip, then ", ahead of" the talks
        ("The Kenyan minister landed in Accra on Sunday, ahead of talks with Ghana.", ("Accra", "GHA")),
        # verbs of meeting again; a part of a city before its name
        ("The two delegations will reconvene in Quito next month.", ("Quito", "ECU")),
        ("Negotiators are meeting at a hotel in central Madrid.", ("Madrid", "ESP")),
        # ", where" after a trip and a time; a place named by its kind, then its name
        ("The premier visited Nairobi last week, where she met Kenyan ministers to discuss tariffs.", ("Nairobi", "KEN")),
        ("The talks will be held in the Peruvian capital, Lima.", ("Lima", "PER")),
    ],
)
def test_venue_phrasings_round_3(text: str, expected: tuple[str | None, str | None]) -> None:
    assert _first_location(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "In Santiago, the minister said talks with Peru would resume.",  # where it was said, not held
        "Officials met in Congress on Tuesday to discuss tariffs.",  # a body, not a town
        "The talks stalled, and there is no date for a new round.",  # "there is", no venue
    ],
)
def test_not_a_venue_round_3(text: str) -> None:
    assert _first_location(text) == (None, None)


@pytest.mark.parametrize(
    ("texts", "venue"),
    [
        (("The trade minister arrived in Nairobi on Sunday.", "Talks with Kenyan officials began on Monday."), "Nairobi"),
        (("The delegation landed in Lima late on Friday.", "Negotiations with Peru started the next morning."), "Lima"),
        (("The commissioner flew to Ottawa on Sunday.", "She met the Canadian trade minister there on Monday for talks."), "Ottawa"),
    ],
)
def test_talks_take_the_destination_of_a_trip_in_the_previous_sentence(texts: tuple[str, ...], venue: str) -> None:
    rows = _rows(*texts)
    assert rows and {r["location"] for r in rows} == {venue}


def test_a_meeting_inside_one_government_is_no_talks():
    assert _rows("Ministers discussed the tariffs at a cabinet meeting on Monday.", "Internal consultations continued.") == []


@pytest.mark.parametrize(
    ("text", "parties"),
    [
        # a third country hosting is no party; a host listed with the others is
        ("Norway offered to organise a meeting between the U.S. and Chinese delegations in Oslo.", ["CHN", "USA"]),
        ("During visits to Lima and Quito, Norway offered to host a meeting between Brazil and India in Oslo.", ["BRA", "IND"]),
        ("South Korea, Japan and China held a trilateral meeting in Seoul on trade.", ["CHN", "JPN", "KOR"]),
        ("British and U.S. officials met in London on Monday.", ["GBR", "USA"]),
        # a talks word inside a relative clause: the clause ends at the next comma
        ("The premier, who backed the trade talks with Canada, has said Washington will tax Mexican steel.", ["CAN"]),
    ],
)
def test_party_phrasings_round_3(text: str, parties: list[str]) -> None:
    rows = _rows(text)
    assert rows and rows[0]["parties"] == parties


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a time or a duration between the talks word and the venue
        ("The two envoys met for six hours in Helsinki to settle the dairy dispute.", ("Helsinki", "FIN")),
        ("The summit, held on Thursday in Jakarta, ended with a communique.", ("Jakarta", "IDN")),
        ("Negotiators met over the weekend in Montevideo.", ("Montevideo", "URY")),
        ("The ministers held talks for a second day in Nairobi.", ("Nairobi", "KEN")),
        # a gathering "of <leaders/ministers>" before the venue
        ("A meeting of Pacific trade ministers in Auckland ended without a deal.", ("Auckland", "NZL")),
        ("The summit of Mercosur leaders in Asuncion agreed on tariff cuts.", ("Asuncion", "PRY")),
        # a country's town named by its kind: "in <Country>'s <...> city of <Town>"
        ("The two sides met in Vietnam's central city of Hue on Friday.", ("Hue", "VNM")),
        ("Talks were held in Portugal's southern resort town of Albufeira.", ("Albufeira", "PRT")),
        # a press event at the venue after the talks word: "After the talks, X told reporters in Y"
        ("After the meeting, the Kenyan minister told reporters in Mombasa that gaps remained.", ("Mombasa", "KEN")),
    ],
)
def test_venue_phrasings_round_4(text: str, expected: tuple[str | None, str | None]) -> None:
    assert _first_location(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "The talks on Tuesday focused on the war in Sudan.",  # a topic after a time, not a venue
        "After the talks, the minister flew home and later told reporters in Rome about the budget.",  # too far
    ],
)
def test_not_a_venue_round_4(text: str) -> None:
    assert _first_location(text) == (None, None)


@pytest.mark.parametrize(
    ("texts", "venue"),
    [
        # presence in the previous sentence: "is in <Place>", "gathered in <Place>"
        (("The Chilean trade minister is in Canberra this week.", "Her talks with Australian officials focus on wine tariffs."), "Canberra"),
        (("Delegates from twenty countries gathered in Marrakesh on Monday.", "The negotiations are expected to last a week."), "Marrakesh"),
    ],
)
def test_talks_take_the_place_of_a_presence_in_the_previous_sentence(texts: tuple[str, ...], venue: str) -> None:
    rows = _rows(*texts)
    assert rows and {r["location"] for r in rows} == {venue}


def test_a_country_named_as_the_owner_of_the_venue_town_is_no_party():
    rows = _rows("Swiss and Swedish ministers met in Italy's northern city of Como on Monday.")
    assert rows and rows[0]["parties"] == ["CHE", "SWE"] and rows[0]["location"] == "Como"


def test_a_place_name_is_no_participant():
    rows = _rows("Thai and Malaysian officials will meet in Kota Kinabalu on the sidelines of the summit.")
    assert rows and all("Kota Kinabalu" not in r["participants"] for r in rows)


def test_talks_take_the_place_of_their_peoples_press_event_in_the_next_sentence():
    texts = (
        "The accord came out of a meeting between Prime Minister Ana Lopes and President Tomas Berg.",
        '"It is a fair deal," Lopes told a news conference in Lisbon.',
    )
    rows = _rows(*texts)
    assert rows and {r["location"] for r in rows} == {"Lisbon"}
    # someone else's press event is no venue of these talks
    other = (texts[0], '"It is a fair deal," the analyst Rui Costa told reporters in Lisbon.')
    assert {r["location"] for r in _rows(*other)} == {None}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a forum's name between the host city and the summit word
        ("Leaders clashed over tariffs at the Lisbon G20 summit.", ("Lisbon", "PRT")),
        ("Ahead of the Santiago APEC leaders' summit, the ministers met.", ("Santiago", "CHL")),
        # a building of a city, named with the city's possessive
        ("The negotiators met at Vienna's Hofburg Palace on Monday.", ("Vienna", "AUT")),
        ("The talks took place in Oslo's city hall.", ("Oslo", "NOR")),
    ],
)
def test_venue_phrasings_round_4b(text: str, expected: tuple[str | None, str | None]) -> None:
    assert _first_location(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Officials met at Beijing's embassy in Tokyo to discuss tariffs.",  # whose embassy, then where
        "They held talks at the request of Washington's allies.",  # a possessive of people
    ],
)
def test_not_a_venue_round_4b(text: str) -> None:
    assert _first_location(text)[0] in (None, "Tokyo")


def test_the_demonyms_capital_is_the_capital_the_article_names():
    # "in the Swedish capital": Stockholm (GeoNames capitals), when the article names Stockholm
    rows = _rows("The minister flew home from Stockholm.", "The two sides met again in the Swedish capital on Tuesday.")
    assert {r["location"] for r in rows} == {"Stockholm"}
    assert {r["location"] for r in _rows("The two sides met again in the Swedish capital on Tuesday.")} == {None}


def test_a_list_of_places_or_an_abbreviation_gives_no_venue():
    rows = _rows("The senator was in Ohio and Iowa last week.", "The meetings with farm groups went well.")
    assert {r["location"] for r in rows} == {None}
    assert _first_location("The committee will meet on Friday in St. Augustin to discuss tariffs.")[0] != "St"


def test_a_fronted_adverbial_names_no_party():
    rows = _rows("As part of its pivot away from Russia, Finland is sending its trade minister to Seoul for talks with South Korea.")
    assert rows and all(r["parties"] == ["FIN", "KOR"] for r in rows)


def test_a_commentator_named_anywhere_in_the_article_is_no_participant():
    rows = _rows(
        '"Both capitals want a deal," said Maria Olsen, an expert in trade law at the Nordic Policy Centre.',
        "The talks with Finance Minister Paul Brandt in Oslo went well, said Olsen.",
    )
    talks = [r for r in rows if r["location"] == "Oslo"]
    assert talks and talks[0]["participants"] == ["Paul Brandt"]
