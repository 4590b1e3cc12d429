"""Sentence and paragraph splitting (sentences written for these tests)."""

import polars as pl
import pytest

from dagster_project.extract.segment import segment_sentences
from dagster_project.schemas import SENTENCES


def _split(text: str) -> list[str]:
    out = segment_sentences(pl.DataFrame({"article_id": ["a"], "text": [text]}))
    return out["text"].to_list()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The U.S. economy grew. Prices fell.", ["The U.S. economy grew.", "Prices fell."]),
        ("Mr. Smith met Mrs. Jones. They talked.", ["Mr. Smith met Mrs. Jones.", "They talked."]),
        ("Talks start on Jan. 5 in Rome. Both agreed.", ["Talks start on Jan. 5 in Rome.", "Both agreed."]),
        ("Order No. 1 was signed. It took effect.", ["Order No. 1 was signed.", "It took effect."]),
        ("Growth was 3.5 pct. Exports rose.", ["Growth was 3.5 pct.", "Exports rose."]),
        ("John F. Kennedy spoke. J. Smith left.", ["John F. Kennedy spoke.", "J. Smith left."]),
        ("Acme Inc. and Beta Corp. merged. Shares rose.", ["Acme Inc. and Beta Corp. merged.", "Shares rose."]),
        ('"We will act. They must pay," he said. Nobody replied.',
         ['"We will act. They must pay," he said.', "Nobody replied."]),
        ("Exports to the U.S. The deficit fell.", ["Exports to the U.S.", "The deficit fell."]),
        ("Is it over? Yes! It is.", ["Is it over?", "Yes!", "It is."]),
    ],
)
def test_sentence_boundaries(text: str, expected: list[str]) -> None:
    assert _split(text) == expected


def test_paragraphs_and_hard_wraps() -> None:
    text = (
        "TOKYO, May 1 - Officials said the new\nrules would start soon. Markets rose.\n"
        "    A second paragraph starts\nhere and continues.\n\nA third one."
    )
    out = segment_sentences(pl.DataFrame({"article_id": ["x"], "text": [text]}))
    assert out["text"].to_list() == [
        "TOKYO, May 1 - Officials said the new\nrules would start soon.",
        "Markets rose.",
        "A second paragraph starts\nhere and continues.",
        "A third one.",
    ]
    assert out["paragraph_index"].to_list() == [0, 0, 1, 2]
    assert out["sentence_index"].to_list() == [0, 1, 2, 3]
    assert out["sentence_id"].to_list() == [f"x:{i}" for i in range(4)]


def test_single_newline_breaks_unwrapped_text() -> None:
    long_line = "This is a long first line that is clearly not hard wrapped at all, because it goes on and on."
    text = f"{long_line}\nSecond line here.\nlowercase continuation."
    out = _split(text)
    assert out == [long_line, "Second line here.\nlowercase continuation."]


def test_offsets_and_schema() -> None:
    texts = ["  Leading space. Then more.\n\n  Indented para.  ", "One. Two."]
    arts = pl.DataFrame({"article_id": ["p", "q"], "text": texts})
    out = segment_sentences(arts)
    assert out.schema == pl.Schema(SENTENCES)
    by_id = dict(zip(arts["article_id"], arts["text"]))
    for row in out.iter_rows(named=True):
        assert by_id[row["article_id"]][row["char_start"] : row["char_end"]] == row["text"]
    assert out.filter(pl.col("article_id") == "p")["text"].to_list() == ["Leading space.", "Then more.", "Indented para."]


def test_empty_and_null() -> None:
    empty = segment_sentences(pl.DataFrame({"article_id": [], "text": []}, schema={"article_id": pl.String, "text": pl.String}))
    assert empty.height == 0 and empty.schema == pl.Schema(SENTENCES)
    nulls = segment_sentences(pl.DataFrame({"article_id": ["n"], "text": [None]}, schema={"article_id": pl.String, "text": pl.String}))
    assert nulls.height == 0


def test_regex_matches_fast_path_equals_reference() -> None:
    """The capture-free, ASCII-routed path of regex_matches gives what the piece-splitting method gives."""
    from dagster_project.extract import matching

    df = pl.DataFrame({
        "k": ["a", "b", "c", "d"],
        "t": ["Talks in Genève and Geneva.", "Chinaâ€™s talks with China", "xfoo foo talks", None],
    })  # fmt: skip
    pattern = r"(?P<place>\b(?:Geneva|Genève|China)\b)|(?P<word>\btalks\b)|x"
    fast = matching.regex_matches(df, "t", pattern, key="k")
    ref = matching._split_matches(df, "t", pattern, "k", "match_text")
    assert fast.columns == ref.columns
    assert fast.equals(ref)
    assert matching.ascii_bounds(r"[\w-]\b\\b") == r"[0-9A-Za-z_-](?-u:\b)\\b"


def test_no_split_after_rupee_abbreviation_before_a_number():
    from dagster_project.extract.amounts import extract_amounts

    sentences = segment_sentences(pl.DataFrame({"article_id": ["a"], "text": ["It cost Rs. 5 lakh. Then it rose."]}))
    assert sentences["text"].to_list() == ["It cost Rs. 5 lakh.", "Then it rose."]
    assert extract_amounts(sentences).select("value", "currency").rows() == [(500000.0, "INR")]


# ---- linear-time segmentation: offsets from pieces, byte cuts, batches (sentences written for these tests)


def test_offsets_are_characters_with_multibyte_text() -> None:
    """Sentences are cut by byte offsets but reported in characters (Python ``str`` indices)."""
    text = "Ünal sagte: «Zölle fallen.» Señora Núñez agreed. Prices in € rose — 5%.\n\nΑθήνα replied. Łódź 北京 too."
    out = segment_sentences(pl.DataFrame({"article_id": ["u"], "text": [text]}))
    assert out["text"].to_list() == [
        "Ünal sagte: «Zölle fallen.» Señora Núñez agreed.", "Prices in € rose — 5%.", "Αθήνα replied.", "Łódź 北京 too.",
    ]
    assert out["paragraph_index"].to_list() == [0, 0, 1, 1]
    for row in out.iter_rows(named=True):
        assert text[row["char_start"] : row["char_end"]] == row["text"]


def test_long_article_equals_its_parts() -> None:
    """A long article (thousands of sentences) splits exactly as its paragraphs do on their own."""
    paragraphs = [f"Paragraph {i} opens here. Mr. Lee said \u201cno.\u201d It ends on No. {i}." for i in range(3000)]
    text = "\n\n".join(paragraphs)
    whole = segment_sentences(pl.DataFrame({"article_id": ["long"], "text": [text]}))
    one = _split(paragraphs[7])
    assert one == ["Paragraph 7 opens here.", "Mr. Lee said \u201cno.\u201d", "It ends on No. 7."]
    assert whole.height == 3 * len(paragraphs)
    assert whole["text"].to_list()[21:24] == one
    assert whole["paragraph_index"].max() == len(paragraphs) - 1
    last = whole.row(-1, named=True)
    assert text[last["char_start"] : last["char_end"]] == last["text"] == "It ends on No. 2999."
    assert last["sentence_index"] == whole.height - 1


def test_batches_do_not_change_the_result() -> None:
    texts = ["Short one. Two.", "", "A \u201cquoted. Part\u201d here. Done.", "Line one\nLine two. Three.", None]
    arts = pl.DataFrame({"article_id": ["a", "b", "c", "d", "e"], "text": texts})
    whole = segment_sentences(arts)
    for batch_bytes in (1, 10, 30, 1 << 20):
        assert segment_sentences(arts, batch_bytes=batch_bytes).equals(whole)
    assert whole["article_id"].unique(maintain_order=True).to_list() == ["a", "c", "d"]


def test_unbalanced_closing_quote_keeps_the_paragraph_together() -> None:
    """A closing curly quote with no opening one counts as an open quotation until the paragraph ends
    (the rule as first written; kept so that outputs did not change when segmentation was rewritten)."""
    assert _split("It was good\u201d she said. Then more. Again.\n\nNext part. Last.") == [
        "It was good\u201d she said. Then more. Again.", "Next part.", "Last.",
    ]


@pytest.mark.parametrize("single_newlines", [True, False])
def test_gap_parts_equal_the_pattern_groups(single_newlines: bool) -> None:
    from dagster_project.extract import segment

    pattern = segment._GAP_PATTERN if single_newlines else segment._GAP_PATTERN_NO_NL
    gaps = ["end.  ", "U.S. ", "said.\u201d ", "a.b?!\"' \n", "Why?)\n\n", "x.'.' ", "\u201c", '"', "\u201d",
            "\n", "\n\n  ", "\n    ", "", "ok.\u2019\u00a0"]
    if not single_newlines:
        gaps.remove("\n")
    df = pl.DataFrame({"gap": gaps})
    got = df.select(**segment._gap_parts(pl.col("gap"), single_newlines=single_newlines))
    want = df.select(pl.col("gap").str.extract_groups(rf"(?s)^(?:{pattern})").alias("g")).unnest("g")
    if "nl" not in want.columns:
        want = want.with_columns(pl.lit(None, pl.String).alias("nl"))
    assert got.equals(want.select(got.columns))


def test_running_sum_restarts_per_group() -> None:
    from dagster_project.extract.segment import _first_in, _index_in_group, _running_sum

    df = pl.DataFrame({"g": [0, 0, 0, 3, 3, 7], "x": [1, 2, 3, 10, 20, 5]})
    out = df.select(
        _running_sum(pl.col("x"), _first_in("g")).alias("rs"), _index_in_group(_first_in("g")).alias("i")
    )
    assert out["rs"].to_list() == [1, 3, 6, 10, 30, 5]
    assert out["i"].to_list() == [0, 1, 2, 0, 1, 0]
