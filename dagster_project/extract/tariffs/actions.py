"""Step 4, actions: which cue decides each row's action, side measures, negation, offers.

The action of a row is the verb of a reduced relative clause on the tariff ("tariffs Reagan
slapped"), else the cue closest before the anchor within :data:`LOCAL_CUE_CHARS` (or a cue noun
right after it: "tariff cuts"), else the highest-priority cue of the sentence
(:data:`~.vocabulary.ACTION_PRIORITY`), cues of the anchor's own clause first: a cue before the
anchor across a clause boundary is another clause's verb ("Inflation rose 3% as tariffs took
effect"). A planned cut/removal/pause keeps its own label; a removal asked for by someone else
leaves the tariff ``imposed``; a removal, cut, pause or exemption under a condition or as a mere
possibility ("will be removed if ...") is an offer and gives no row. A negated action ("did not
impose", "ruled out raising") states no measure.
"""

from __future__ import annotations

from functools import lru_cache

import polars as pl

from dagster_project.extract.matching import ascii_bounds
from dagster_project.extract.tariffs.cues import AGREED_NOT_BEFORE, NEGATION_CHARS
from dagster_project.extract.tariffs.frames import after, before, clause_index, nearest, rateless_mention
from dagster_project.extract.text import char_find, month_word_pattern, weekday_word_pattern
from dagster_project.extract.tariffs.vocabulary import ACTION_PRIORITY, SIDE_ACTIONS, cue_search, cue_with, tariff_word

#: A measure statement has an action cue at most this many characters from its anchor.
CUE_CHARS = 150
#: A cue this close before a rate (in characters) decides that rate's action.
LOCAL_CUE_CHARS = 40

# An ending, pausing or cutting action offered under a condition or as a possibility is an offer,
# not a measure ("the Tariffs will be removed if ...", "is willing to drop the tariffs", "talks are
# unlikely to delay imposition of tariffs", "will decide whether to continue to exempt").
CONDITION_IN_SENTENCE = (
    r"(?:(?i:\b(?:if|unless|whether|as\s+soon\s+as)\b)|\b(?:once|Once)\s+(?:the|it|they|we|he|she|[A-Z]\w*)\b)"
)
_POSSIBILITY_BEFORE = (
    r"(?:\b(?i:could|might|willing|unlikely|likely|prepared|ready|offer(?:s|ed)?|encourage[sd]?|chances?)|\bmay)\b[^,;]*$"
    r"|\b(?i:not|never)\s+(?:[a-z]+\s+){0,2}$"  # "would not be dropped"
)
# A removal asked of the imposer by someone else: the tariff is still in effect (``imposed``):
# "he urged speedy action on removing the tariffs", "Abe had asked Reagan to end the tariffs".
_REQUEST_BEFORE = (
    r"(?i:\b(?:ask(?:s|ed|ing)?|urg(?:e|es|ed|ing)|demand(?:s|ed)?|call(?:s|ed)?\s+(?:on|for)|press(?:es|ed)?\s+for|"
    r"sought|seek(?:s|ing)?|request(?:s|ed)?)\b[^.;]*$)"
)


#: A recommendation governs the measures at most this many characters after it in the sentence.
RECOMMENDATION_CHARS = 150
_RECOMMENDED = r"(?i:\brecommend(?:s|ed|ing|ations?)?\b)"

_UNDECIDED = (
    r"(?i:\b(?:threat\w*|warn\w*|if|unless|whether|could|might|consider\w*|propos\w*|recommend\w*|weigh\w*|mull\w*|"
    r"float\w*|hint\w*|possible|potential|may\s+(?:be|impose|raise|put))\b)"
)


# A later clause saying what became of the measure itself ("a list of goods for tariffs was drawn
# up, but it was suspended", "the duties were announced in May and later lifted"): its subject is
# the measure (a pronoun, a relative or nothing), its verb an ending or pausing one.
_LATER_ENDING = (
    r"(?i:(?:\b(?:but|and|which|that|it|they)\s+){1,2}(?:(?:has|have|had|since|later|then|subsequently|eventually|"
    r"quickly|soon|also|now)\s+){0,2}(?:was|were|been|is|are)\s+(?:(?:later|then|subsequently|eventually|quickly|"
    r"soon|temporarily|also|now)\s+){0,2}"
    r"(?P<ending>suspended|paused|delayed|postponed|put\s+on\s+hold|shelved|lifted|removed|dropped|scrapped|"
    r"withdrawn|rescinded|revoked|repealed|cancell?ed|abandoned)\b)"
)
#: The label of each verb of :data:`_LATER_ENDING` that pauses a measure (the others end it).
_PAUSING = ("suspended", "paused", "delayed", "postponed", "put on hold", "shelved")


@lru_cache(maxsize=1)
def _start_date() -> str:
    """Regex of a start date: "on July 9", "from Friday", "effective 1 August", "starting next
    week", "at midnight", "as of January 1" (not "until", which ends a pause)."""
    day = rf"(?:{month_word_pattern()}(?:\s+\d{{1,2}}(?:st|nd|rd|th)?)?|\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?{month_word_pattern()}|{weekday_word_pattern()})"
    return (
        rf"(?:(?i:\b(?:on|from|starting|effective|beginning|as\s+of|from)\s+(?:this\s+|next\s+|the\s+)?){day}"
        r"|(?i:\b(?:effective\s+(?:immediately|today|tomorrow)|at\s+midnight|starting\s+(?:next|this)\s+(?:week|month)|"
        r"as\s+the\s+date\s+to)\b))"
    )


def with_action(rows: pl.DataFrame, cues: pl.DataFrame) -> pl.DataFrame:
    """Add ``action`` (String), ``action_rel`` (Int64: where the deciding cue is, the anchor when
    none), ``has_cue`` (Boolean: a cue within :data:`CUE_CHARS` of the anchor) and
    ``anchor_clause`` to ``rows``; ``threatened`` for impositions under "if"/"unless"."""
    gap = pl.when(pl.col("cue_end") <= pl.col("anchor")).then(pl.col("anchor") - pl.col("cue_end")).otherwise(
        pl.col("cue_rel") - pl.col("anchor_end")
    )
    rows = rows.with_columns(anchor_clause=clause_index(pl.col("text"), pl.col("anchor")))
    same_clause = pl.col("cue_clause") == pl.col("anchor_clause")
    # A cue that is itself a tariff word ("its levy") names the tariff; it says what is done to it
    # only when no other cue does ("slashed its levy to 5%" is a cut).
    tariff_noun = pl.col("cue").str.contains(rf"^{tariff_word()}$")
    local = ~tariff_noun & (gap >= 0) & (
        ((pl.col("cue_end") <= pl.col("anchor")) & (gap <= LOCAL_CUE_CHARS) & same_clause)
        | ((pl.col("cue_rel") >= pl.col("anchor_end")) & (gap <= 2) & pl.col("cue").str.contains(cue_with("noun")))
    )
    # "tariffs President Reagan slapped on ...": the relative clause's verb says what was done to
    # the tariffs, whatever modal governs the main clause ("Japan would not retaliate against ...").
    relative = (pl.col("cue_rel") >= pl.col("anchor_end")) & (pl.col("cue_rel") - pl.col("anchor_end") <= 40)
    rows = nearest(
        rows, cues.filter(pl.col("cue_relative")), relative, gap, ["cue_action", "cue_rel"], ["rel_action", "rel_pos"]
    )
    # "axing of the de minimis exemption": an ending/pausing verb before the anchor wins; then a
    # cue noun right after it ("tariff cuts"); then the nearest cue before it.
    exempted_from = (pl.col("cue_action") == "exempted") & after(pl.col("cue_end"), 6).str.contains(r"^(?i:\s+from\b)")
    ending_before = (pl.col("cue_end") <= pl.col("anchor")) & (pl.col("cue_action").is_in(["removed", "paused"]) | exempted_from)
    preference = pl.when(ending_before).then(0).when(pl.col("cue_rel") >= pl.col("anchor_end")).then(1).otherwise(2)
    rows = nearest(
        rows, cues, local, [preference, gap], ["cue_action", "cue_rel", "cue"], ["local_action", "local_pos", "local_cue"],
        carry=("anchor_clause", "text"),
    )
    rows = nearest(
        rows, cues.filter(pl.col("cue_action") == "threatened"), local, gap, "cue_action", "local_threat",
        carry=("anchor_clause",),
    )
    # A plan to cut, end or pause a tariff is labelled by what is planned ("a proposal ... that the
    # tariffs ... be cut"): the guide's ``threatened`` is for impositions.
    ending = (pl.col("cue_rel") - pl.col("anchor")).abs() <= CUE_CHARS
    rows = nearest(
        rows, cues.filter(pl.col("cue_action").is_in(["cut", "removed", "paused"])), ending, gap.abs(),
        ["cue_action", "cue_rel"], ["planned_action", "planned_pos"],
    )  # fmt: skip
    planned = (pl.col("local_action") == "threatened") & pl.col("local_cue").str.contains(cue_with("plan")) & pl.col(
        "planned_action"
    ).is_not_null()
    # "threatened to impose", "plans to raise": the threat qualifies the imposition.
    rows = rows.with_columns(
        local_action=pl.when(pl.col("local_action").is_in(["imposed", "raised", "retaliation"]) & pl.col("local_threat").is_not_null())
        .then(pl.lit("threatened"))
        .when(planned)
        .then(pl.col("planned_action"))
        .otherwise(pl.col("local_action")),
        local_pos=pl.when(planned).then(pl.col("planned_pos")).otherwise(pl.col("local_pos")),
    )
    prio = cues.with_columns(
        prio=pl.col("cue_action").replace_strict(list(ACTION_PRIORITY), list(range(len(ACTION_PRIORITY))))
    )
    # A retaliation clause after the anchor answers the measure; it does not describe it. A
    # removal/exemption after a rate is a measure of its own ("a 25 percent tariff on steel
    # imported from all countries except Canada": the exception is not the rate's action).
    after_anchor = pl.col("cue_rel") > pl.col("anchor")
    sentence_cue = ~tariff_noun & ~(
        (pl.col("cue_action") == "retaliation") & after_anchor
        | pl.col("rate_pct").is_not_null() & pl.col("cue_action").is_in(list(SIDE_ACTIONS)) & after_anchor
    )
    # The sentence's cues of the anchor's own clause come first.
    rows = nearest(
        rows, prio, sentence_cue, [~same_clause, pl.col("prio")], ["cue_action", "cue_rel"],
        ["sentence_action", "sentence_pos"], carry=("rate_pct", "anchor_clause"),
    )  # fmt: skip
    near = (pl.col("cue_rel") - pl.col("anchor")).abs() <= CUE_CHARS
    rows = nearest(rows, prio, near, pl.col("prio"), "cue_action", "near_cue")
    action = pl.coalesce("rel_action", "local_action", "sentence_action", pl.lit("imposed"))
    conditional = pl.col("text").str.contains(r"(?i)\b(?:if|unless)\b") & action.is_in(["imposed", "raised"])
    # An announced or planned tariff with a start date is imposed (gold guide), unless it is a
    # threat, a condition or a mere possibility.
    has_date = pl.col("text").str.contains(_start_date())
    dated = (action == "threatened") & has_date & ~pl.col("text").str.contains(ascii_bounds(_UNDECIDED))
    # What became of the measure, said in a later clause, is its action.
    ending = after(pl.col("anchor_end"), 160).str.extract(ascii_bounds(_LATER_ENDING), 1).str.to_lowercase()
    later = pl.when(ending.str.replace_all(r"\s+", " ").is_in(list(_PAUSING))).then(pl.lit("paused")).when(
        ending.is_not_null()
    ).then(pl.lit("removed"))
    return rows.with_columns(
        action=pl.when(later.is_not_null() & action.is_in(["imposed", "threatened", "raised", "retaliation", "kept"]))
        .then(later)
        .when(conditional)
        .then(pl.lit("threatened"))
        .when(dated)
        .then(pl.lit("imposed"))
        .otherwise(action)
        .replace("kept", "imposed"),
        action_rel=pl.coalesce(
            pl.when(pl.col("rel_action").is_not_null()).then("rel_pos"),
            pl.when(pl.col("local_action").is_not_null()).then("local_pos"),
            pl.when(pl.col("sentence_action").is_not_null()).then("sentence_pos"),
            "anchor",
        ),
        has_cue=pl.col("near_cue").is_not_null() | pl.col("rel_action").is_not_null(),
    ).drop("rel_pos", "local_pos", "sentence_pos", "local_cue", "planned_action", "planned_pos")


# A measure framed as the answer to another state's tariffs is a retaliation (gold guide): "in
# response to the new U.S. tariffs", "retaliated ..., announcing it would raise duties", "returned
# fire by imposing", "responded with retaliatory tariffs". "in retaliation for Japan's failure to
# honour a pact" answers no tariff: a tariff word must follow "in response/retaliation to/for".
_RESPONSE_TO = r"(?i:\b(?:in\s+(?:response|retaliation|reply)\s+(?:to|for|against)|(?:in|by)\s+retaliating\s+against)\b[^;]{0,35}?)"
_RESPONSE = (
    r"(?i:\bretaliat(?:ed|es|ing)\b|\bretaliatory\b|\breturn(?:ed|s|ing)?\s+fire\b|\bfir(?:e|es|ed|ing)\s+back\b|"
    r"\bhit(?:s|ting)?\s+back\b|\brespond(?:ed|s|ing)?\s+(?:in\s+kind|by|with)\b|\bcounter-?(?:measures?|tariffs?)\b|"
    r"\bin-kind\b)"
)
_OWN_RESPONSE_AFTER = r"^(?i:\s*(?:[\w-]+\s+){0,2}?(?:retaliatory|counter-?(?:tariffs?|duties|levies|measures?))\b)"
#: Actions that a response framing turns into ``retaliation``.
RESPONSE_ACTIONS = ("imposed", "raised", "threatened")


def with_response_framing(rows: pl.DataFrame) -> pl.DataFrame:
    """``action`` = ``retaliation`` for a row of :data:`RESPONSE_ACTIONS` whose measure is framed
    as a response to tariffs: "in response to" + a tariff word (:data:`_RESPONSE_TO`) anywhere in
    the sentence but around the row's own anchor (that is the tariff responded to: "in response
    to [US tariffs] put in place on March 4"), or a response verb (:data:`_RESPONSE`) before the
    anchor, not negated and not under a condition ("if China takes retaliatory action")."""
    answered = ascii_bounds(rf"{_RESPONSE_TO}{tariff_word()}")
    phrase = char_find(pl.col("text"), answered)
    phrase_end = phrase + pl.col("text").str.extract(f"({answered})", 1).str.len_chars().cast(pl.Int64)
    inside = (pl.col("anchor") >= phrase) & (pl.col("anchor") <= phrase_end + 30)
    response = char_find(pl.col("text"), ascii_bounds(_RESPONSE))
    window = before(response, 100)
    denied = window.str.contains(r"(?i:(?:\b(?:not|never|no)\s+(?:yet\s+)?|n['’]t\s+)$)") | window.str.contains(
        ascii_bounds(r"(?i:\b(?:if|unless|whether)\b[^,;]*$)")
    )
    # "25% counter-tariffs", "a 10% retaliatory duty": the rate's own tariff is the response.
    own = after(pl.col("anchor_end"), 30).str.contains(_OWN_RESPONSE_AFTER)
    framed = phrase.is_not_null() & ~inside | (response <= pl.col("anchor")) & ~denied | own & ~denied.fill_null(False)
    retaliation = framed.fill_null(False) & pl.col("action").is_in(list(RESPONSE_ACTIONS))
    return rows.with_columns(action=pl.when(retaliation).then(pl.lit("retaliation")).otherwise("action"))


def with_side_measures(rows: pl.DataFrame, cues: pl.DataFrame) -> pl.DataFrame:
    """Add a rate-less row, anchored on its first cue, for each :data:`~.vocabulary.SIDE_ACTIONS`
    action of a sentence with rates that no rate took ("a 25% tariff ... from all countries
    except Canada", "retaining the 10 percent duty, and will remove the rates imposed under ...")."""
    rated = rows.filter(pl.col("rate_pct").is_not_null())
    # A cue noun states a measure only when attached to a tariff word ("tariff cuts", "exemption
    # from the duty"); "close existing loopholes and exemptions to restore a true 25% tariff" does not.
    nominal = pl.col("cue").str.contains(cue_with("noun", actions=SIDE_ACTIONS))
    attached = before(pl.col("cue_rel"), 20).str.contains(rf"{tariff_word()}\s*(?:['’]s\s+)?(?:[\w-]+\s+)?$") | after(
        pl.col("cue_end"), 60
    ).str.contains(rf"(?i:^\s+(?:of|from|on|for|to)\s+(?:the\s+|its\s+|their\s+|these\s+|those\s+)?(?:[\w-]+\s+){{0,2}}){tariff_word()}")
    side = (
        cues.filter(pl.col("cue_action").is_in(list(SIDE_ACTIONS)))
        .join(rated.select("sentence_id", "text").unique("sentence_id"), on="sentence_id")
        .filter(~nominal | attached)
        .drop("text")
        .join(rated.select("sentence_id", pl.col("action").alias("cue_action")), on=["sentence_id", "cue_action"], how="anti")
        .sort("cue_rel")
        .group_by("sentence_id", "cue_action", maintain_order=True)
        .first()
    )
    extra = (
        rated.unique("sentence_id", keep="first")
        .drop("anchor", "anchor_end", "action", "action_rel")
        .join(side, on="sentence_id")
        .with_columns(action_rel=pl.col("cue_rel"), **rateless_mention("cue_rel", "cue_end", pl.col("cue_action")))
        .select(rows.columns)
    )
    return pl.concat([rows, extra], how="vertical_relaxed").drop("row_id").with_row_index("row_id")


def with_recommendation(rows: pl.DataFrame) -> pl.DataFrame:
    """``action`` = ``threatened`` for a row recommended earlier in its sentence, at most
    :data:`RECOMMENDATION_CHARS` characters before its anchor: a recommendation (an advisory body's,
    not a decision) is a proposal whatever it recommends ("it recommended that the duty be lowered
    to 20%"), gold guide."""
    recommended = before(pl.col("anchor"), RECOMMENDATION_CHARS).str.contains(ascii_bounds(_RECOMMENDED))
    return rows.with_columns(action=pl.when(recommended).then(pl.lit("threatened")).otherwise("action"))


def with_negation(rows: pl.DataFrame, cues: pl.DataFrame) -> pl.DataFrame:
    """Add ``negated`` (Boolean): the row's action is denied, so it states no measure. Either the
    cue deciding the action is negated ("never imposed a 50% tariff", "denied reports that it will
    lift its tariff"), or a negated verb governs the tariff: it comes before the anchor, in the
    same clause, without a comma or another verb cue between, at most
    :data:`~.cues.NEGATION_CHARS` characters before it ("will not impose retaliatory tariffs"). A relative clause after the tariff word keeps its
    own verb ("Japan has not retaliated against tariffs Reagan slapped": the tariffs exist)."""
    neg = cues.filter(pl.col("cue_negated")).select("sentence_id", "cue_rel", "cue_end", "cue_clause")
    rows = rows.with_columns(anchor_clause=clause_index(pl.col("text"), pl.col("anchor")))
    decided = rows.join(
        neg.select("sentence_id", pl.col("cue_rel").alias("action_rel")), on=["sentence_id", "action_rel"], how="semi"
    ).select("row_id")
    between = pl.col("text").str.slice(pl.col("cue_end"), pl.max_horizontal(pl.col("anchor") - pl.col("cue_end"), pl.lit(0)))
    governed = (
        rows.filter(pl.col("action_rel") <= pl.col("anchor"))
        .select("row_id", "sentence_id", "anchor", "anchor_clause", "text")
        .join(neg, on="sentence_id")
        .filter(
            pl.col("cue_end") <= pl.col("anchor"),
            pl.col("anchor") - pl.col("cue_end") <= NEGATION_CHARS,
            pl.col("cue_clause") == pl.col("anchor_clause"),
            ~between.str.contains(r"[,;]"),
            ~between.str.contains(ascii_bounds(cue_search("object"))),  # another verb governs it
        )
        .select("row_id")
    )
    negated = pl.concat([decided, governed])["row_id"]
    return rows.with_columns(negated=pl.col("row_id").is_in(negated.implode()))


def is_request() -> pl.Expr:
    """True for a removal, cut, pause or exemption that someone asks of the imposer (see _REQUEST_BEFORE)."""
    return pl.col("action").is_in(["removed", "cut", "paused", "exempted"]) & before(pl.col("action_rel"), 80).str.contains(
        ascii_bounds(_REQUEST_BEFORE)
    )


def is_offer() -> pl.Expr:
    """True for a :data:`~.vocabulary.SIDE_ACTIONS` mention that is conditional or merely possible."""
    window = before(pl.col("action_rel"), 60)
    return pl.col("action").is_in(list(SIDE_ACTIONS)) & (
        pl.col("text").str.contains(ascii_bounds(CONDITION_IN_SENTENCE))
        | window.str.contains(ascii_bounds(_POSSIBILITY_BEFORE)) & ~window.str.contains(ascii_bounds(AGREED_NOT_BEFORE))
    )
