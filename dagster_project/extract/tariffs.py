"""Tariff measure statements: who imposes what rate on whom, as Polars expressions.

Pipeline (every step is a whole-column Polars operation):

1. *Triggers*: tariff words (tariff, duty, levy, import tax, customs duties, de minimis) outside
   parentheses and outside names such as "General Agreement on Tariffs and Trade". Sentences
   without a trigger give no row.
   "retaliated against" also triggers, but its row is kept only as the answer to an earlier
   measure of the article ("China has retaliated against American farmers").
2. *Cues*: action words (:data:`ACTION_CUES`). A sentence needs a cue or a tariff rate. A verb
   cue whose direct object names no tariff ("reduce global excess capacity", "retains broad
   authority") acts on something else and is dropped.
3. *Rates*: "20%", "25 pct", "100 percent", "10 per cent", "from 10% to 25%" that are tied to a
   tariff word: directly before it ("a 10 percent ad valorem tariff") or after it behind a linking
   word ("the tariff could reach 25%", "tariffs ... at a rate of 10 percent"). "by 5 pct" and
   "percentage points" are changes, not rates (except the points of a tariff that are suspended).
   "doubled/tripled/halved the 25% tariff" gives the new rate (base x factor) and the base as
   the previous rate. Numbers may have thousands separators ("1,200%"). A rate after a
   coordinator and before "on"/"against" is a gapped measure ("25% tariffs on Canada and 10% on
   China").
   One row per rate; a sentence without a rate gives one row anchored on its first trigger.
4. *Countries* (gazetteer of :mod:`~dagster_project.extract.reference`): a mention is a
   *target* after "on"/"against" ("on China"), before a goods noun ("Chinese goods", "U.S.
   cars") or after "imports/goods ... from" ("imports from China"); other mentions are imposer
   candidates, and the imposer is the nearest candidate before the row's anchor within
   :data:`IMPOSER_CHARS` (or the subject of a reduced relative clause: "tariffs President Reagan
   slapped"). A country word right before a goods noun ("Japanese exporters") is never the imposer.
   A target coordinated with another country ("on Canada and Mexico") means several states: the
   target is null (as the gold guide says) and is not filled from the context.
5. *Action*: the verb of a reduced relative clause, else the cue closest before the anchor within
   :data:`LOCAL_CUE_CHARS`, else the highest-priority cue of the sentence
   (:data:`ACTION_PRIORITY`), cues of the anchor's own clause first: a cue before the anchor
   across a clause boundary (";", "as", "while", "because", ...) is another clause's verb
   ("Inflation rose 3% as tariffs took effect"). A planned cut/removal/pause keeps its own label; a removal asked
   for by someone else leaves the tariff ``imposed``; a removal, cut, pause or exemption under a
   condition or as a mere possibility ("will be removed if ...") is an offer and gives no row.
   A negated action ("did not impose", "never imposed", "will no longer", "ruled out raising",
   "refused to lift", "denied reports that it will lift") states no measure and gives no row.
6. *Context*: a row naming neither imposer nor target continues the article's previous measure
   ("the tariffs will rise to 25 percent"); one naming only the same imposer (or target) as the
   previous measure takes its missing target (or imposer).
7. A rate-less first mention takes the rate of the next mention when that one restates the same
   measure within :data:`RESTATEMENT_SENTENCES` sentences ("... placing additional tariffs ...
   The tariffs will ... be set at a level of 10 percent").
8. A retaliation clause next to another measure ("..., Beijing has responded in kind") adds a
   ``retaliation`` row from that clause's subject against the first measure's imposer.
"""

from __future__ import annotations

import polars as pl

from dagster_project.extract.amounts import amount_matches
from dagster_project.extract.matching import alternation, regex_matches
from dagster_project.extract.reference import alias_to_iso3, country_aliases
from dagster_project.schemas import SENTENCES, TARIFF_MENTIONS, conform

_TRIGGER = (
    r"(?i:\b(?:tariffs?|duty|duties|levy|levies|import\s+tax(?:es)?|customs\s+(?:duty|duties|charges?)"
    r"|de\s+minimis|ad\s+valorem\s+rates?)\b)"
)
# A retaliation stated without a tariff word ("China has retaliated against American farmers"):
# a measure only as the answer to an earlier measure of the article (see _answers_earlier_measure).
_RETALIATION_VERB = r"(?i:\bretaliat(?:ed|es|ing)\s+against\b)"
# Names and compounds where a tariff word does not state a measure (reference data).
_TRIGGER_EXCLUDED_BEFORE = r"(?i:(?:non-|agreement\s+on\s+|duty-|\bcustoms\s+)$)"
_TRIGGER_EXCLUDED_AFTER = (
    r"^(?i:-free|\s+free\b|\s+(?:lines?|lists?|schedules?|classifications?|codes?|headings?|items?|"
    r"commission|act|misclassification|evasion|and\s+trade|announcements?|wars?|talks|disputes?|polic(?:y|ies)|"
    r"negotiations|revenues?|concessions|issues?|row|salvo|regime)\b)"
)

#: Action cue words by action (regex fragments, case-insensitive). Reference data.
ACTION_CUES: dict[str, str] = {
    "paused": r"suspend[a-z]*|suspension|delay[a-z]*|postpon[a-z]*|pause[ds]?|pausing",
    "removed": r"lift[a-z]*|remov[a-z]*|ax(?:e|ed|es|ing)|scrap[a-z]*|eliminat[a-z]*|abolish[a-z]*|repeal[a-z]*|drop(?:s|ped|ping)?|"
    r"cancel[a-z]*|withdr[ae]w[a-z]*|ended",
    "cut": r"cuts?|cutting|lower(?:s|ed|ing)?|reduc[a-z]*|slash[a-z]*|trim[a-z]*|halv(?:e|es|ed|ing)",
    "exempted": r"exempt[a-z]*|exclusions?|excluded|except|waiver[a-z]*",
    "threatened": r"threat[a-z]*|plans?|planned|planning|propos[a-z]*|would|could|(?-i:may|might)|if|should|consider[a-z]*|"
    r"intend[a-z]*|intention|warn[a-z]*|possible|deadline",
    "retaliation": r"retaliat(?:ed|es|ory)|responded\s+in\s+kind|responds?\s+in\s+kind|counter-?tariffs?|"
    r"countermeasures?|hit\s+back",
    "raised": r"rais(?:e|es|ed|ing)|increas(?:e|es|ed|ing)\b|hik(?:e|es|ed|ing)|elevat[a-z]*|rise|rises|rose|doubl[a-z]*|tripl(?:e|es|ed|ing)|escalat[a-z]*|"
    r"expand[a-z]*|go\s+up",
    "imposed": r"impos[a-z]*|slap[a-z]*|levied|levying|put|puts|putting|plac(?:e|es|ed|ing)|signed|order(?:s|ed)?|"
    r"retain[a-z]*|restor[a-z]*|reinstat[a-z]*|appl(?:y|ies|ied)|proclaimed|in\s+effect|into\s+effect|take\s+effect|"
    r"took\s+effect|proceed\s+with|set\s+at|introduc[a-z]*|charg(?:e|es|ed)|in\s+retaliation\s+for",
}
#: Sentence-level precedence when no cue is right before the anchor.
ACTION_PRIORITY = ("paused", "removed", "cut", "exempted", "threatened", "retaliation", "raised", "imposed")
#: A measure statement has an action cue at most this many characters from its anchor.
CUE_CHARS = 150
#: At most this many context passes (one per link of a chain of anaphoric mentions).
CONTEXT_PASSES = 6
#: The imposer is named at most this many characters (about 20 words) before the anchor; an actor
#: further away is the subject of another clause ("talks would cover U.S. calls for ..., purchases
#: of ..., import tariff cuts").
IMPOSER_CHARS = 120
#: A cue this close before a rate (in characters) decides that rate's action.
LOCAL_CUE_CHARS = 40

# Thousands separators are part of a number ("1,200%"): that alternative comes first.
_NUM = r"(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?"
_UNIT = r"(?:%|(?i:pct|percent|per\s+cent|percentage\s+points?)\b)"
_RATE = (
    rf"(?:(?P<from>(?i:from)\s+(?P<prev>{_NUM})\s*{_UNIT}?\s+(?i:to)\s+))?"
    rf"(?P<rate>{_NUM})\s*(?P<unit>{_UNIT})"
)
# Words allowed between a rate and its tariff word ("10 percent ad valorem tariff").
_RATE_BEFORE_TRIGGER = (
    r"^(?i:\s+(?:of\s+(?:the\s+|its\s+|this\s+)?)?(?:(?:ad\s+valorem|additional|import|punitive|retaliatory|blanket|across-the-board|extra|new|"
    r"reciprocal|customs|higher|steep|special|current|remaining|flat|baseline|global|universal|"
    r"anti-dumping|countervailing)\s+){0,3}(?:tariffs?|duty|duties|levy|levies))"
)
# Linking words right before a rate that follows its tariff word ("rise to 25 percent").
_RATE_AFTER_LINK = (
    r"(?i:\b(?:to|of|at|from|reach|reaches|reached|be|was|is|are|were|remaining|about|around|"
    r"almost|nearly|up\s+to|as\s+much\s+as|as\s+high\s+as)\s+$)"
)
# Gapping: a rate after a coordinator and before "on"/"against" + what it hits stands for "<rate>
# tariffs on ..." ("... and 10% on China", "..., 10 pct against Japan").
_ELLIPSIS_BEFORE = r"(?i:(?:,|;|\band|\bor|\bwhile|\bplus)\s+(?:an?\s+)?$)"
_ELLIPSIS_AFTER = r"^(?i:\s+(?:on|against)\s)"
#: A rate this many characters after a tariff word can belong to it.
RATE_AFTER_CHARS = 120
# "doubled the 25% tariff", "halved its 10 percent duty": the rate is the base of a multiplication
# (the new rate is base x factor, the previous rate the base).
_MULTIPLIER_BEFORE = (
    r"(?i:\b(?P<mult>doubl|tripl|halv)(?:e|es|ed|ing)\s+(?:(?:the|its|their|his|her|a|an|this|that|existing|current|"
    r"present)\s+){0,2}$)"
)
_MULTIPLIER_FACTOR = {"doubl": 2.0, "tripl": 3.0, "halv": 0.5}
_CHANGE_BEFORE = r"(?i:\bby\s+(?:between\s+|up\s+to\s+|about\s+|some\s+|around\s+|an\s+average\s+of\s+)?$)"

#: Nouns for traded goods: a country word right before them is the tariff's target.
GOODS_NOUNS = (
    "goods", "imports", "exports", "products", "cars", "autos", "vehicles", "steel", "aluminum",
    "aluminium", "chips", "microchips", "semiconductors", "electronics", "articles", "items", "shipments",
    "farmers", "manufacturers", "producers", "exporters", "computers", "companies", "firms", "makers",
    "agricultural", "farm", "electronic", "electrical", "computer", "consumer", "industrial", "made",
    "packages", "parcels", "machinery", "equipment", "industry", "industries", "workers",
)  # fmt: skip
_GOODS_WORD = rf"(?i:\b(?:{'|'.join(GOODS_NOUNS)})\b)"
_TARGET_AFTER = rf"^(?i:(?:['’]s)?\s+(?:[\w-]+\s+){{0,2}}?(?:{'|'.join(GOODS_NOUNS)})\b)"
# A country word right before a goods noun names whose goods they are, not who acts ("Japanese
# exporters would be hit", "U.S. firms"): such a mention is never the imposer.
_GOODS_RIGHT_AFTER = rf"^(?i:\s+(?:{'|'.join(GOODS_NOUNS)})\b)"
_TARGET_NP_BEFORE = r"(?i:\b(?:on|against|of|for)\s+(?:[\w$.,'-]+\s+){0,6}$)"
# The words between that preposition and the country ("tariffs on imports of certain [Japanese
# goods]"); the noun phrase ends at a goods noun or an infinitive ("calls for Taiwan to open its
# market to [American products]" are not the tariff's goods).
_LAST_PREP = r"(?is)^.*\b(?:on|against|of|for)\s+"
_TARGET_BEFORE_ON = r"(?i:\b(?:on|against)\s+(?:the\s+)?$)"
_TARGET_BEFORE_FROM = (
    rf"(?i:\b(?:imported|coming\s+in|coming\s+into\s+\w+\s+\w+|{'|'.join(GOODS_NOUNS)})\s+"
    r"(?:[\w$.,-]+\s+){0,2}?from\s+(?:the\s+)?$)"
)
_NOT_ACTOR_BEFORE = (
    r"(?i:\b(?:with|between|and|to|in|for|into|except|including|than|like|of|about|over|if|unless|until|whether|"
    r"because)\s+(?:the\s+)?$)"
)
# Between two coordinated country mentions: "and"/"or" (with an optional serial comma), or a
# comma of a list that ends in "and"/"or".
_COORD_AND = r"^(?i:,?\s+(?:and|or|and/or)\s+(?:the\s+)?)$"
_COORD_COMMA = r"^(?i:,\s+(?:the\s+)?)$"
_REDUCED_RELATIVE_BEFORE = r"(?i:\b(?:tariffs?|duties)\s+(?:(?:President|Prime\s+Minister|the)\s+)?$)"
_REDUCED_RELATIVE_AFTER = r"^\s+(?:(?:has|had|have)\s+)?\w+ed\b"
# Between a tariff word and the verb of its reduced relative clause: the clause's subject.
_RELATIVE_SUBJECT = (
    r"\s+(?:(?:President|Prime\s+Minister|the)\s+)?(?:[A-Z][\w.'’-]*\s+){1,3}(?:(?:has|had|have)\s+)?$"
)
_RETALIATION_CLAUSE = r"(?i:retaliated|responded\s+in\s+kind|hit\s+back|retaliatory\s+(?:duties|tariffs|measures))"

_GOODS = (
    r"(?i:\b(?:tariffs?|duty|duties|levy|levies|tax(?:es)?|exemption)\b[^.;:]*?\b(?:on|for)\s+)"
    r"(?P<goods>[^,;:.()]{2,90})"
)
# The goods phrase ends at a preposition or conjunction, at a verb ("Chinese goods took effect",
# "steel will rise", "cars have"), or at a further rate ("on Canada and 10% on China").
_GOODS_STOP = (
    r"(?i:\s+(?:from|in|to|for|by|until|which|that|last|today|this|starting|effective|while|when|worth|"
    r"imported|coming|into|before|after|because|as|if|at|under|were|was|are|is|will|would|could|it|"
    r"be|been|has|have|had|can|may|might|must|shall|should|did|do|does|took|take|takes|taken|taking|went|"
    r"goes|came|comes|rose|rise|rises|risen|fell|fall|falls|remain|remains|remained|kicked|kicks|began|begins|"
    r"start|starts|started|ended|expire|expires|expired|hit|hits|hurt|hurts|cost|costs|apply|applies|applied)\b.*$"
    r"|\s+(?:and|or)\s+(?:a\s+|an\s+)?\d[\d.,]*\s*(?:%|pct\b|percent\b|per\s+cent\b).*$)"
)
# ... or at a coordinated action verb ("on steel and elevate the tariff", "on steel and increasing").
_GOODS_STOP_CUE = rf"(?i:\s+(?:and|but|or)\s+(?:also\s+|then\s+)?(?:{'|'.join(ACTION_CUES.values())})\b.*$)"
_GOODS_LEAD = r"(?i:^(?:(?:imports|exports)\s+of\s+)?(?:(?:some|about|roughly|approximately|up\s+to|as\s+much\s+as|a\s+range\s+of)\s+)?(?:[$\w.,]+\s+(?:mln|bln|billion|million)\s+(?:dlrs\s+|dollars\s+)?(?:worth\s+)?of\s+|\$[\d.,]+\s+(?:billion|million)\s+(?:worth\s+)?of\s+)?)"

#: Legal instruments that only one government uses: they name the imposer when a sentence says
#: "I" or "the President" ("... under section 232 of the Trade Expansion Act"). Reference data.
ACTOR_HINTS = {
    "section 232": "USA", "Section 232": "USA", "section 301": "USA", "Section 301": "USA",
    "section 201": "USA", "Section 201": "USA", "Trade Expansion Act": "USA", "Executive Order": "USA",
    "Executive Orders": "USA", "Presidential Proclamations": "USA", "Presidential Proclamation": "USA",
}  # fmt: skip

_SENT_COLS = list(SENTENCES)


def _ascii_bounds(pattern: str) -> str:
    """``pattern`` with ASCII word boundaries and word characters: Unicode ``\\b``/``\\w`` make
    the regex engine leave its fast DFA, and the vocabularies matched here are ASCII words."""
    return pattern.replace(r"\b", r"(?-u:\b)").replace(r"\w", r"[0-9A-Za-z_]")


def _before(pos: pl.Expr, width: int = 60) -> pl.Expr:
    """The ``width`` sentence characters before relative position ``pos``."""
    start = pl.max_horizontal(pos - width, pl.lit(0))
    return pl.col("text").str.slice(start, pos - start)


def _after(pos: pl.Expr, width: int = 60) -> pl.Expr:
    """The ``width`` sentence characters from relative position ``pos``."""
    return pl.col("text").str.slice(pos, width)


def _triggers(sentences: pl.DataFrame) -> pl.DataFrame:
    """Valid tariff words: ``sentence_id``, ``trig_rel`` (Int64, position in the sentence)."""
    pattern = _ascii_bounds(f"{_TRIGGER}|{_RETALIATION_VERB}")
    m = regex_matches(sentences, "text", pattern, key="sentence_id", match_col="trigger")
    depth = pl.col("text").str.slice(0, pl.col("match_start"))
    inside_parens = depth.str.count_matches(r"\(") > depth.str.count_matches(r"\)")
    excluded = (
        _before(pl.col("match_start"), 30).str.contains(_TRIGGER_EXCLUDED_BEFORE)
        | _after(pl.col("match_end"), 30).str.contains(_TRIGGER_EXCLUDED_AFTER)
        | pl.col("trigger").str.contains(r"^[A-Z][a-z]") & pl.col("text").str.slice(pl.col("match_end"), 8).str.contains(r"^\s+[A-Z][a-z]")
        | inside_parens
    )
    return m.filter(~excluded).select(
        "sentence_id", pl.col("match_start").alias("trig_rel"), pl.col("match_end").alias("trig_end")
    )


# Clause boundaries: where one clause ends and another (with its own verb) begins. "as" counts
# only as a conjunction ("Inflation rose 3% as tariffs took effect"): its comparative and
# prepositional uses ("such as", "as high as", "as part of") are masked first (same length).
_CLAUSE_BOUNDARY = r"(?i:[;:]|\b(?:as|while|when|whereas|although|though|because|after|but)\b)"
_AS_BEFORE_MASK = r"(?i)\b(such|well|much|high|many|long|soon|far|same|so|just|low|little)(\s+)as\b"
_AS_AFTER_MASK = (
    r"(?i)\bas(\s+(?:high|much|many|little|low|long|soon|far|well|part|of|a\s+result|if|though|such|to|for|with|in|"
    r"expected|planned|announced|promised|scheduled|usual)\b)"
)


def _clause_index(text: pl.Expr, pos: pl.Expr) -> pl.Expr:
    """How many clause boundaries (:data:`_CLAUSE_BOUNDARY`) precede position ``pos`` of ``text``:
    two positions with the same index are in the same clause."""
    masked = text.str.replace_all(_AS_BEFORE_MASK, "${1}${2}xx").str.replace_all(_AS_AFTER_MASK, "xx${1}")
    return masked.str.slice(0, pos).str.count_matches(_ascii_bounds(_CLAUSE_BOUNDARY)).cast(pl.Int64)


# A negator right before a verb, within its clause, denies the action: "did not impose", "won't
# raise", "has never imposed", "will no longer exempt", "ruled out raising", "refused to lift",
# "denied reports that it will lift". Only auxiliaries and adverbs may stand between negator and
# verb ("has not yet imposed", "is not expected to raise"): in "did not think there would be"
# the negator denies another verb.
_NEGATED_VERB_GAP = (
    r"(?:(?:be|been|being|have|has|had|yet|even|ever|also|again|now|still|currently|immediately|actually|"
    r"formally|further|to|expected|going|planning|seeking|trying|intending|[a-z]+ly)\s+){0,2}$"
)
_NEGATOR_BEFORE = (
    r"(?i:(?:\bnot|n['’]t|\bnever|\bno\s+longer|\brul(?:e|es|ed|ing)\s+out|\brefus(?:e|es|ed|ing)\s+to)\s+"
    + _NEGATED_VERB_GAP
    + r"|\bden(?:y|ies|ied|ying)\b(?:\s+[\w'’-]+){0,4}?\s+that\s+(?:[\w'’-]+\s+){0,4}$)"
)
# Not a denial: "not only/just ...", and a request that the imposer not act ("persuading the U.S.
# not to impose tariffs", "urged Tokyo not to raise"): the measure is still on the table.
_NOT_A_NEGATOR = (
    r"(?i:\bnot\s+(?:only|just|merely|simply)\s+(?:[a-z]+\s+){0,1}$"
    r"|\b(?:persuad|urg|ask|convinc|lobby|lobbi|press|pressur|warn|told|tell|call\w*\s+on)\w*\s+(?:[\w.'’-]+\s+){1,4}"
    r"not\s+to\s+(?:[a-z]+\s+){0,2}$)"
)
#: A negated verb denies a tariff at most this many characters after it, in the same clause.
NEGATION_CHARS = 80


def _cues(sentences: pl.DataFrame) -> pl.DataFrame:
    """Action cue words: ``sentence_id``, ``cue_rel``/``cue_end`` (Int64), ``cue_action`` (String).

    A verb cue whose direct object is something other than a tariff ("reduce global excess
    capacity", "retains broad authority", "eliminate the number of illegal aliens") acts on that
    object, not on a tariff, and is dropped (see :func:`_object_is_not_a_tariff`)."""
    pattern = "|".join(rf"(?P<{a}>\b(?i:{ACTION_CUES[a]})\b)" for a in ACTION_PRIORITY)
    m = regex_matches(sentences, "text", _ascii_bounds(pattern), key="sentence_id", match_col="cue")
    m = m.join(_cues_acting_on_another_object(m), on=["sentence_id", "match_start"], how="anti")
    action = pl.coalesce([pl.when(pl.col(a).is_not_null()).then(pl.lit(a)) for a in ACTION_PRIORITY])
    # The verb of a reduced relative clause right after a tariff word: "tariffs President Reagan slapped".
    relative = pl.col("cue").str.contains(r"(?i)ed$") & _before(pl.col("match_start"), 50).str.contains(
        _ascii_bounds(f"{_TRIGGER}{_RELATIVE_SUBJECT}")
    )
    before = _before(pl.col("match_start"), 80)
    negated = before.str.contains(_ascii_bounds(_NEGATOR_BEFORE)) & ~before.str.contains(_ascii_bounds(_NOT_A_NEGATOR))
    return m.select(
        "sentence_id",
        "cue",
        pl.col("match_start").alias("cue_rel"),
        pl.col("match_end").alias("cue_end"),
        action.alias("cue_action"),
        relative.alias("cue_relative"),
        negated.alias("cue_negated"),
        _clause_index(pl.col("text"), pl.col("match_start")).alias("cue_clause"),
    )


#: Cues that take no tariff as direct object: modals, conditions, intransitive verbs, "except".
_NO_OBJECT_CUES = (
    r"(?i)^(?:would|could|may|might|should|if|possible|deadline|intention|threats?|rises?|rose|go\s+up|"
    r"in\s+effect|into\s+effect|take\s+effect|took\s+effect|set\s+at|proceed\s+with|in\s+retaliation\s+for|"
    r"retaliat\w*|responded\s+in\s+kind|responds?\s+in\s+kind|hit\s+back|counter-?tariffs?|countermeasures?|except)$"
)
# The object phrase of a cue ends at punctuation (not the comma or point inside a number: "a
# 1,200% tariff", "a 2.5% tariff") or at a word opening a clause or an infinitive.
_OBJECT_END = (
    r"(?s)(?:[,.](?:[^0-9]|$)|[;:()\"“”]|\b(?:to|that|which|who|whose|if|unless|whether|because|before|after|while|when|"
    r"until|ahead|including|so|than)\b).*$"
)
# Words that cannot begin a direct object: prepositions, auxiliaries, pronouns, adverbs, time words.
_NOT_OBJECT_START = (
    r"(?i)^\s*(?:(?:or|and)\s+[a-z]+\s+)?(?:and|or|but|with|in|on|into|onto|by|for|from|of|about|up|down|back|out|off|"
    r"over|as|at|under|since|upon|against|across|through|within|without|between|among|per|via|be|been|being|"
    r"is|are|was|were|has|have|had|will|would|it|them|they|not|also|further|now|already|still|then|soon|"
    r"again|even|only|last|this|next|today|yesterday|tomorrow|earlier|later|effective|[a-z]+ly)\b"
)
# A cue word used as a noun ("a Trump tariff delay", "the new tariff cuts") has no direct object.
_NOUN_CUE = (
    r"(?i)^(?:delays?|cuts?|increases?|hikes?|rise|suspensions?|exemptions?|exclusions?|waivers?|plans?|proposals?|"
    r"threats?|removal|reductions?|elimination|repeal|withdrawal|cancell?ation|postponement|pause|raise|orders?)$"
)
_DETERMINER_BEFORE = (
    rf"(?:(?i:\b(?:a|an|the|its|their|his|her|this|these|those|any|no|new|further|another)\s+(?:[\w'’-]+\s+){{0,2}})"
    rf"|{_TRIGGER}\s+)$"
)
_PASSIVE_BEFORE = r"(?i:\b(?:be|been|being|is|are|was|were|get|gets|got)\s+(?:[a-z]+ly\s+)?$)"


def _cues_acting_on_another_object(m: pl.DataFrame) -> pl.DataFrame:
    """``sentence_id``, ``match_start`` of the cue matches ``m`` that are active verbs (not in
    :data:`_NO_OBJECT_CUES`, not passive, not nouns) followed by a direct object that names no
    tariff, rate or level. Filtered step by step: most cues drop out at the first cheap test."""
    phrase = _after(pl.col("match_end"), 80).str.replace(_ascii_bounds(_OBJECT_END), "")
    cue, start = pl.col("cue"), pl.col("match_start")
    return (
        m.select("sentence_id", "text", "cue", "match_start", "match_end")
        .filter(~cue.str.contains(_NO_OBJECT_CUES))
        .with_columns(phrase=phrase)
        .filter(pl.col("phrase").str.contains(r"[A-Za-z$\d]"))
        .filter(
            ~pl.col("phrase").str.contains(_ascii_bounds(_NOT_OBJECT_START)),
            ~pl.col("phrase").str.contains(_ascii_bounds(_TRIGGER)),
            ~pl.col("phrase").str.contains(_ascii_bounds(r"(?i)\b(?:rates?|levels?)\b")),  # "remove the rates imposed"
            ~pl.col("phrase").str.contains(rf"\d\s*{_UNIT}"),
        )
        .filter(
            ~_before(start, 30).str.contains(_ascii_bounds(_PASSIVE_BEFORE)),
            ~(cue.str.contains(_NOUN_CUE) & _before(start, 40).str.contains(_ascii_bounds(_DETERMINER_BEFORE))),
        )
        .select("sentence_id", "match_start")
    )


def _rates(sentences: pl.DataFrame, triggers: pl.DataFrame) -> pl.DataFrame:
    """Tariff rates tied to a trigger: ``sentence_id``, ``rate_rel``/``rate_end``, ``rate_pct``, ``previous_rate_pct``."""
    m = regex_matches(sentences, "text", _ascii_bounds(_RATE), key="sentence_id", match_col="rate_text")
    rate_start = pl.col("match_start") + pl.col("from").str.len_chars().fill_null(0).cast(pl.Int64)
    m = m.with_columns(rate_rel=rate_start, rate_end=pl.col("match_end"))
    prev_trig = (
        m.select("sentence_id", "match_start")
        .join(triggers, on="sentence_id")
        .filter(pl.col("trig_rel") < pl.col("match_start"))
        .group_by("sentence_id", "match_start")
        .agg(pl.col("trig_rel").max().alias("first_trig"))
    )
    m = m.join(prev_trig, on=["sentence_id", "match_start"], how="left")
    before_trigger = _after(pl.col("rate_end"), 60).str.contains(_RATE_BEFORE_TRIGGER)
    # A rate coordinated with an earlier measure whose tariff word is left out (gapping): "25%
    # tariffs on Canada and 10% on China".
    elliptic = _before(pl.col("match_start"), 12).str.contains(_ELLIPSIS_BEFORE) & _after(pl.col("rate_end"), 12).str.contains(
        _ELLIPSIS_AFTER
    )
    after_trigger = (
        pl.col("first_trig").is_not_null()
        & (pl.col("match_start") - pl.col("first_trig") <= RATE_AFTER_CHARS)
        & (_before(pl.col("match_start"), 30).str.contains(_RATE_AFTER_LINK) | pl.col("from").is_not_null() | elliptic)
    )
    points = pl.col("unit").str.contains(r"(?i)points?")
    suspended_points = points & _before(pl.col("match_start"), 40).str.contains(r"(?i)suspend|paus")
    change = _before(pl.col("match_start"), 30).str.contains(_CHANGE_BEFORE) | (points & ~suspended_points)
    mult = _before(pl.col("match_start"), 40).str.extract(_ascii_bounds(_MULTIPLIER_BEFORE), 1).str.to_lowercase()
    factor = pl.when(pl.col("from").is_null() & before_trigger & ~points).then(
        mult.replace_strict(list(_MULTIPLIER_FACTOR), list(_MULTIPLIER_FACTOR.values()), default=None, return_dtype=pl.Float64)
    )
    rate = pl.col("rate").str.replace_all(",", "").cast(pl.Float64)
    return m.filter((before_trigger | after_trigger) & ~change).select(
        "sentence_id",
        "rate_rel",
        "rate_end",
        (rate * factor.fill_null(1.0)).alias("rate_pct"),
        pl.when(factor.is_not_null()).then(rate).otherwise(pl.col("prev").str.replace_all(",", "").cast(pl.Float64)).alias("previous_rate_pct"),
    )


def _countries(sentences: pl.DataFrame) -> pl.DataFrame:
    """Country mentions with roles: ``sentence_id``, ``c_rel``, ``c_sep`` (the next "," or ";"),
    ``iso3``, ``is_target``, ``is_actor``, ``is_relative``."""
    pattern = alternation([*country_aliases()["alias"], *ACTOR_HINTS])
    m = regex_matches(sentences, "text", _ascii_bounds(pattern), key="sentence_id", match_col="alias")
    hints = list(ACTOR_HINTS)
    before = _before(pl.col("match_start"), 60)
    after = _after(pl.col("match_end"), 40)
    np_words = before.str.extract(_ascii_bounds(rf"({_TARGET_NP_BEFORE})"), 1).str.replace(_ascii_bounds(_LAST_PREP), "")
    np_before = np_words.is_not_null() & ~np_words.str.contains(_ascii_bounds(rf"{_GOODS_WORD}|(?i:\bto\b)"))
    target = (
        before.str.contains(_TARGET_BEFORE_ON)
        | after.str.contains(_TARGET_AFTER) & np_before
        | before.str.contains(_TARGET_BEFORE_FROM)
    )
    excluded = before.str.contains(r"(?i:\bexcept\b[^;]*$)")
    # Coordinated country mentions ("on Canada and Mexico", "Canadian and Mexican goods", "on
    # Canada, Mexico and China"): the measure hits several states.
    nxt = pl.col("match_start").shift(-1).over("sentence_id", order_by="match_start")
    gap = pl.col("text").str.slice(pl.col("match_end"), nxt - pl.col("match_end"))
    m = m.with_columns(coord_and=gap.str.contains(_COORD_AND).fill_null(False), coord_comma=gap.str.contains(_COORD_COMMA).fill_null(False))
    chained = pl.col("coord_and") | pl.col("coord_comma") & (
        pl.col("coord_and").shift(-1) | pl.col("coord_comma").shift(-1) & pl.col("coord_and").shift(-2)
    ).over("sentence_id", order_by="match_start").fill_null(False)
    m = m.with_columns(coord_next=chained).with_columns(
        coordinated=pl.col("coord_next") | pl.col("coord_next").shift(1).over("sentence_id", order_by="match_start").fill_null(False)
    )
    return m.select(
        "sentence_id",
        pl.col("match_start").alias("c_rel"),
        # the first comma or semicolon after the mention (a list or clause boundary)
        (pl.col("match_start") + pl.col("text").str.slice(pl.col("match_start")).str.find("[,;]")).alias("c_sep"),
        pl.coalesce(
            pl.col("alias").replace_strict(hints, [ACTOR_HINTS[h] for h in hints], default=None, return_dtype=pl.String),
            alias_to_iso3(pl.col("alias")),
        ).alias("iso3"),
        (target & ~excluded & ~pl.col("alias").is_in(hints)).alias("is_target"),
        (
            ~target
            & ~excluded
            & (~before.str.contains(_NOT_ACTOR_BEFORE) | after.str.contains(r"^['’]s\b"))
            & ~after.str.contains(_GOODS_RIGHT_AFTER)
            & ~(before.str.contains(r"(?i:,\s*(?:the\s+)?$)") & after.str.contains(r"^\s*,"))  # an item of a list
            & ~_before(pl.col("match_start"), 100).str.contains(r"(?i)\b(?:if|unless)\b[^,;]*$")  # a condition
        ).alias("is_actor"),
        (
            before.str.contains(_REDUCED_RELATIVE_BEFORE) & after.str.contains(_REDUCED_RELATIVE_AFTER)
        ).alias("is_relative"),
        (target & pl.col("coordinated")).alias("is_several"),
    ).filter(pl.col("iso3").is_not_null())


def _nearest(
    rows: pl.DataFrame,
    other: pl.DataFrame,
    cond: pl.Expr,
    order: pl.Expr | list[pl.Expr],
    value: str | list[str],
    name: str | list[str],
    carry: tuple[str, ...] = (),
) -> pl.DataFrame:
    """Join ``other`` to ``rows`` on ``sentence_id`` and keep, per row, ``value`` of the match
    satisfying ``cond`` with the smallest ``order``; added as column ``name`` (null when none).
    ``value``/``name`` may be lists (several columns of the same match); ``carry`` names further
    columns of ``rows`` that ``cond`` uses."""
    values, names = ([value], [name]) if isinstance(value, str) else (value, name)
    pairs = (
        rows.select("row_id", "sentence_id", "anchor", "anchor_end", *carry).join(other, on="sentence_id").filter(cond)
    )
    best = (
        pairs.sort(order)
        .group_by("row_id", maintain_order=True)
        .first()
        .select("row_id", *[pl.col(v).alias(n) for v, n in zip(values, names)])
    )
    return rows.join(best, on="row_id", how="left")


def _goods(text: pl.Expr) -> pl.Expr:
    """The product phrase after "tariffs on"/"exemption for" ("Chinese goods", "steel and aluminum")."""
    g = (
        text.str.extract(_GOODS, 1)
        .str.replace(_GOODS_LEAD, "")
        .str.replace(_GOODS_STOP, "")
        .str.replace(_GOODS_STOP_CUE, "")
        .str.strip_chars()
    )
    return pl.when(g.str.len_chars() > 1).then(g)


def _row_goods() -> pl.Expr:
    """The goods of the row's own tariff phrase ("a 25 percent tariff on steel and a 10 percent
    tariff on aluminum": "aluminum" for the 10 percent row), else those of the sentence's first
    tariff phrase. The phrase opens at the rate when its tariff word follows it, else at the
    tariff word at most 40 characters before the anchor ("a tariff of 15 percent on ...")."""
    back = _before(pl.col("anchor"), 40).str.extract(_ascii_bounds(rf"(?s)^.*({_TRIGGER}.*)$"), 1).str.len_chars()
    rate_first = _after(pl.col("anchor_end"), 60).str.contains(_ascii_bounds(_RATE_BEFORE_TRIGGER))
    start = pl.when(rate_first).then(pl.col("anchor")).otherwise(pl.col("anchor") - back.fill_null(0).cast(pl.Int64))
    return pl.coalesce(_goods(pl.col("text").str.slice(start)), _goods(pl.col("text")))


def _empty() -> pl.DataFrame:
    """An empty frame with the :data:`~dagster_project.schemas.TARIFF_MENTIONS` schema."""
    return pl.DataFrame(schema=TARIFF_MENTIONS)


def extract_tariffs(sentences: pl.DataFrame) -> pl.DataFrame:
    """Tariff measure statements, one row per rate (or per sentence when no rate is given).

    Args:
        sentences: :data:`~dagster_project.schemas.SENTENCES` columns.

    Returns:
        DataFrame with exactly :data:`~dagster_project.schemas.TARIFF_MENTIONS`:
        ``mention_id`` (String, ``"<sentence_id>:<match_start>"``, unique), ``article_id``,
        ``sentence_id``, ``evidence`` (String, the sentence), ``char_start``/``char_end``
        (Int64, the sentence's span in the article), ``match_start``/``match_end`` (Int64, the
        trigger words in the article: the rate, else the tariff word), ``imposer_iso3`` and
        ``target_iso3`` (String, ISO 3166-1 alpha-3 or ``EUU``; null when not stated),
        ``rate_pct`` and ``previous_rate_pct`` (Float64, percent; null when not stated),
        ``goods`` (String or null), ``action`` (String, one of
        :data:`~dagster_project.schemas.TARIFF_ACTIONS`) and ``value_usd`` (Float64, US dollars
        of trade covered, or null). Sentences without a tariff word give no row.

    Raises:
        polars.exceptions.ColumnNotFoundError: a SENTENCES column is missing.
        FileNotFoundError: a reference CSV in ``dbt/seeds`` is missing.
    """
    s = sentences.select(_SENT_COLS).filter(
        pl.col("text").str.contains(_ascii_bounds(f"{_TRIGGER}|{_RETALIATION_VERB}")), ~_is_headline(pl.col("text"))
    )
    triggers = _triggers(s)
    s = s.join(triggers.select("sentence_id").unique(), on="sentence_id", how="semi")
    if s.height == 0:
        return _empty()
    cues = _cues(s)
    rows = _anchor_rows(s, triggers, _rates(s, triggers))
    rows = _with_action(rows.with_columns(tariff_word=pl.col("text").str.contains(_ascii_bounds(_TRIGGER))), cues)
    rows = _with_negation(_with_side_measures(rows, cues), cues)
    countries = _countries(s)
    rows = _with_countries(rows, countries)
    rows = rows.sort("article_id", "char_start", "anchor")
    for _ in range(CONTEXT_PASSES):  # a chain of anaphoric mentions needs one pass per link
        before = rows.select(pl.col("imposer_iso3").null_count() + pl.col("target_iso3").null_count()).item()
        rows = _with_context(rows)
        if rows.select(pl.col("imposer_iso3").null_count() + pl.col("target_iso3").null_count()).item() == before:
            break
    # Measure statements need an action cue; cue-less mentions only served as context above.
    rows = rows.with_columns(
        action=pl.when(_is_request()).then(pl.lit("imposed")).otherwise("action")
    )
    rows = _answers_earlier_measure(rows.filter(pl.col("has_cue"), ~_is_offer(), ~pl.col("negated")))
    rows = _retaliation_rows(rows, countries)
    rows = _drop_repeats(rows.join(_trade_values(s), on="sentence_id", how="left"))
    rows = _with_rate_of_next_mention(rows)
    out = (
        rows.with_columns(
            match_start=pl.col("char_start") + pl.col("anchor"),
            match_end=pl.col("char_start") + pl.col("anchor_end"),
            evidence=pl.col("text"),
            goods=_row_goods(),
        )
        .with_columns(mention_id=pl.col("sentence_id") + ":" + pl.col("match_start").cast(pl.String))
        .sort("article_id", "match_start")
        .unique("mention_id", keep="first", maintain_order=True)
    )
    return conform(out, TARIFF_MENTIONS)


#: A rate-less mention takes the rate of a restatement at most this many sentences later.
RESTATEMENT_SENTENCES = 3


def _with_rate_of_next_mention(rows: pl.DataFrame) -> pl.DataFrame:
    """Give a rate-less mention the rate of the article's next mention when that one restates the
    same measure with its rate: same imposer, target and action, at most
    :data:`RESTATEMENT_SENTENCES` sentences later, no other mention in between ("I directed the USTR
    to proceed with placing additional tariffs ... The tariffs will take effect ... and be set at a
    level of 10 percent"). The guide lists such a measure once, at its first mention, with the rate."""
    nxt = ["imposer_iso3", "target_iso3", "action", "rate_pct", "previous_rate_pct", "sentence_index"]
    rows = rows.sort("article_id", "char_start", "anchor").with_columns(
        [pl.col(c).shift(-1).alias(f"next_{c}") for c in nxt],
        next_article=pl.col("article_id").shift(-1),
        sentence_rated=pl.col("rate_pct").is_not_null().any().over("sentence_id"),
    )
    same = pl.col("next_article") == pl.col("article_id")
    for c in ("imposer_iso3", "target_iso3", "action"):
        same = same & pl.col(c).eq_missing(pl.col(f"next_{c}"))
    restated = (
        pl.col("rate_pct").is_null()
        & ~pl.col("sentence_rated")
        & (pl.col("imposer_iso3").is_not_null() | pl.col("target_iso3").is_not_null())
        & pl.col("next_rate_pct").is_not_null()
        & same
        & (pl.col("next_sentence_index") - pl.col("sentence_index")).is_between(1, RESTATEMENT_SENTENCES)
    )
    return rows.with_columns(
        rate_pct=pl.when(restated).then("next_rate_pct").otherwise("rate_pct"),
        previous_rate_pct=pl.when(restated).then("next_previous_rate_pct").otherwise("previous_rate_pct"),
    ).drop([f"next_{c}" for c in nxt], "next_article", "sentence_rated")


def _answers_earlier_measure(rows: pl.DataFrame) -> pl.DataFrame:
    """Keep a mention from a sentence without a tariff word (only "retaliated against") when it
    states, not supposes, a retaliation answering an earlier measure of the article: its target
    (else the one it fills in) imposed that measure on its imposer."""
    verb_only = ~pl.col("tariff_word")
    if rows.filter(verb_only).height == 0:
        return rows
    earlier = (
        rows.filter(~verb_only, pl.col("action") != "retaliation", pl.col("imposer_iso3").is_not_null())
        .select("article_id", pl.col("char_start").alias("m_start"), pl.col("imposer_iso3").alias("m_imposer"),
                pl.col("target_iso3").alias("m_target"))
    )  # fmt: skip
    answers = (
        rows.filter(verb_only)
        .select("row_id", "article_id", "char_start", "imposer_iso3", "target_iso3")
        .join(earlier, on="article_id")
        .filter(
            pl.col("m_start") < pl.col("char_start"),
            pl.col("m_target").eq_missing(pl.col("imposer_iso3")) | pl.col("m_target").is_null(),
            pl.col("target_iso3").is_null() | (pl.col("target_iso3") == pl.col("m_imposer")),
        )
        .sort("m_start", descending=True)
        .group_by("row_id", maintain_order=True)
        .first()
        .select("row_id", "m_imposer")
    )
    stated = (pl.col("action") == "retaliation") & ~pl.col("text").str.contains(_ascii_bounds(_CONDITION_IN_SENTENCE))
    return (
        rows.join(answers, on="row_id", how="left")
        .filter(~verb_only | stated & pl.col("m_imposer").is_not_null() & pl.col("imposer_iso3").is_not_null())
        .with_columns(target_iso3=pl.coalesce("target_iso3", "m_imposer"))
        .drop("m_imposer")
    )


def _is_request() -> pl.Expr:
    """True for a removal, cut or pause that someone asks of the imposer (see _REQUEST_BEFORE)."""
    return pl.col("action").is_in(["removed", "cut", "paused"]) & _before(pl.col("action_rel"), 80).str.contains(
        _ascii_bounds(_REQUEST_BEFORE)
    )


def _is_offer() -> pl.Expr:
    """True for a :data:`SIDE_ACTIONS` mention that is conditional or merely possible."""
    return pl.col("action").is_in(list(SIDE_ACTIONS)) & (
        pl.col("text").str.contains(_ascii_bounds(_CONDITION_IN_SENTENCE))
        | _before(pl.col("action_rel"), 60).str.contains(_ascii_bounds(_POSSIBILITY_BEFORE))
    )


def _trade_values(s: pl.DataFrame) -> pl.DataFrame:
    """Trade value covered per sentence: its first US-dollar amount (``sentence_id``, ``value_usd``)."""
    return (
        amount_matches(s)
        .filter(pl.col("currency") == "USD")
        .sort("match_start")
        .group_by("sentence_id", maintain_order=True)
        .agg(pl.col("value").first().alias("value_usd"))
    )


#: Actions of a mention that can merely repeat an earlier measure ("the tariffs take effect").
REPEATABLE_ACTIONS = ("imposed", "threatened", "raised")


def _drop_repeats(rows: pl.DataFrame) -> pl.DataFrame:
    """Drop a rate-less mention that repeats an earlier measure of the article: same imposer and
    target, an action in :data:`REPEATABLE_ACTIONS` and no new trade value (the guide lists a
    measure once, at its first clear mention)."""
    key = [pl.col("article_id"), pl.col("imposer_iso3").fill_null("-"), pl.col("target_iso3").fill_null("-")]
    repeatable = pl.col("action").is_in(list(REPEATABLE_ACTIONS))
    # A trade value other than one stated before for the pair marks another measure ("$50 billion"
    # then "an additional $100 billion"); a first value completes the earlier measure.
    earlier_value = pl.col("value_usd").forward_fill().shift(1).over(key)
    rows = rows.sort("article_id", "char_start", "anchor").with_columns(
        seen=(repeatable.cast(pl.Int32).cum_sum() - repeatable.cast(pl.Int32)).over(key) > 0,
        new_value=pl.col("value_usd").is_not_null()
        & earlier_value.is_not_null()
        & (pl.int_range(pl.len()).over([*key, pl.col("value_usd")]) == 0),
    )
    repeat = (
        pl.col("seen")
        & pl.col("rate_pct").is_null()
        & pl.col("action").is_in(list(REPEATABLE_ACTIONS))
        & ~pl.col("new_value")
        & (pl.col("imposer_iso3").is_not_null() | pl.col("target_iso3").is_not_null())
    )
    return rows.filter(~repeat).drop("seen", "new_value")


def _is_headline(text: pl.Expr) -> pl.Expr:
    """True for Title Case lines ("President Trump Restores Section 232 Tariffs"): headlines, not statements."""
    upper = text.str.count_matches(r"\b\p{Lu}[\p{L}'-]*")
    lower = text.str.count_matches(r"\b\p{Ll}[\p{L}'-]*")
    return (upper >= 4) & (upper > 3 * lower) & ~text.str.contains(r"[.!?]$")


def _anchor_rows(s: pl.DataFrame, triggers: pl.DataFrame, rates: pl.DataFrame) -> pl.DataFrame:
    """One row per tariff rate, or per sentence (anchored on its first trigger) when it has no rate."""
    first = triggers.group_by("sentence_id").agg(pl.col("trig_rel").min(), pl.col("trig_end").min())
    rated = s.join(rates, on="sentence_id").with_columns(anchor=pl.col("rate_rel"), anchor_end=pl.col("rate_end"))
    unrated = (
        s.join(rates, on="sentence_id", how="anti")
        .join(first, on="sentence_id")
        .with_columns(
            anchor=pl.col("trig_rel"),
            anchor_end=pl.col("trig_end"),
            rate_pct=pl.lit(None, pl.Float64),
            previous_rate_pct=pl.lit(None, pl.Float64),
        )
    )
    cols = [*_SENT_COLS, "anchor", "anchor_end", "rate_pct", "previous_rate_pct"]
    return pl.concat([rated.select(cols), unrated.select(cols)], how="vertical_relaxed").with_row_index("row_id")


def _with_action(rows: pl.DataFrame, cues: pl.DataFrame) -> pl.DataFrame:
    """``action``: the verb of a reduced relative clause on the tariff ("tariffs Reagan slapped"),
    else the cue noun right after the anchor ("tariff cuts"), else the nearest cue just before it
    (``threatened`` when a threat cue qualifies an imposition: "threatened to impose"), else the
    sentence's highest-priority cue; ``threatened`` for impositions under "if"/"unless".
    ``action_rel`` (Int64): where the deciding cue is (the anchor when none).
    ``has_cue`` (Boolean): a cue within :data:`CUE_CHARS` of the anchor."""
    gap = pl.when(pl.col("cue_end") <= pl.col("anchor")).then(pl.col("anchor") - pl.col("cue_end")).otherwise(
        pl.col("cue_rel") - pl.col("anchor_end")
    )
    # A cue before the anchor is its verb only within its clause ("Inflation rose 3% as tariffs
    # took effect": "rose" is inflation's).
    rows = rows.with_columns(anchor_clause=_clause_index(pl.col("text"), pl.col("anchor")))
    same_clause = pl.col("cue_clause") == pl.col("anchor_clause")
    local = (gap >= 0) & (
        ((pl.col("cue_end") <= pl.col("anchor")) & (gap <= LOCAL_CUE_CHARS) & same_clause)
        | ((pl.col("cue_rel") >= pl.col("anchor_end")) & (gap <= 2) & ~pl.col("cue").str.contains(r"(?i)ed$"))
    )
    # "tariffs President Reagan slapped on ...": the relative clause's verb says what was done to
    # the tariffs, whatever modal governs the main clause ("Japan would not retaliate against ...").
    relative = (pl.col("cue_rel") >= pl.col("anchor_end")) & (pl.col("cue_rel") - pl.col("anchor_end") <= 40)
    rows = _nearest(
        rows, cues.filter(pl.col("cue_relative")), relative, gap, ["cue_action", "cue_rel"], ["rel_action", "rel_pos"]
    )
    # "axing of the de minimis exemption": an ending/pausing verb before the anchor wins; then a
    # cue noun right after it ("tariff cuts"); then the nearest cue before it.
    ending_before = (pl.col("cue_end") <= pl.col("anchor")) & pl.col("cue_action").is_in(["removed", "paused"])
    preference = pl.when(ending_before).then(0).when(pl.col("cue_rel") >= pl.col("anchor_end")).then(1).otherwise(2)
    rows = _nearest(
        rows, cues, local, [preference, gap], ["cue_action", "cue_rel", "cue"], ["local_action", "local_pos", "local_cue"],
        carry=("anchor_clause",),
    )
    rows = _nearest(
        rows, cues.filter(pl.col("cue_action") == "threatened"), local, gap, "cue_action", "local_threat",
        carry=("anchor_clause",),
    )
    # A plan to cut, end or pause a tariff is labelled by what is planned ("a proposal ... that the
    # tariffs ... be cut"): the guide's ``threatened`` is for impositions.
    ending = (pl.col("cue_rel") - pl.col("anchor")).abs() <= CUE_CHARS
    rows = _nearest(
        rows, cues.filter(pl.col("cue_action").is_in(["cut", "removed", "paused"])), ending, gap.abs(),
        ["cue_action", "cue_rel"], ["planned_action", "planned_pos"],
    )  # fmt: skip
    planned = (pl.col("local_action") == "threatened") & pl.col("local_cue").str.contains(_PLAN_CUE) & pl.col(
        "planned_action"
    ).is_not_null()
    # "threatened to impose", "plans to raise": the threat qualifies the imposition.
    rows = rows.with_columns(
        local_action=pl.when(pl.col("local_action").is_in(["imposed", "raised"]) & pl.col("local_threat").is_not_null())
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
    sentence_cue = ~(
        (pl.col("cue_action") == "retaliation") & after_anchor
        | pl.col("rate_pct").is_not_null() & pl.col("cue_action").is_in(list(SIDE_ACTIONS)) & after_anchor
    )
    # The sentence's cues of the anchor's own clause come first.
    rows = _nearest(
        rows, prio, sentence_cue, [~same_clause, pl.col("prio")], ["cue_action", "cue_rel"],
        ["sentence_action", "sentence_pos"], carry=("rate_pct", "anchor_clause"),
    )  # fmt: skip
    near = (pl.col("cue_rel") - pl.col("anchor")).abs() <= CUE_CHARS
    rows = _nearest(rows, prio, near, pl.col("prio"), "cue_action", "near_cue")
    action = pl.coalesce("rel_action", "local_action", "sentence_action", pl.lit("imposed"))
    conditional = pl.col("text").str.contains(r"(?i)\b(?:if|unless)\b") & action.is_in(["imposed", "raised"])
    return rows.with_columns(
        action=pl.when(conditional).then(pl.lit("threatened")).otherwise(action),
        action_rel=pl.coalesce(
            pl.when(pl.col("rel_action").is_not_null()).then("rel_pos"),
            pl.when(pl.col("local_action").is_not_null()).then("local_pos"),
            pl.when(pl.col("sentence_action").is_not_null()).then("sentence_pos"),
            "anchor",
        ),
        has_cue=pl.col("near_cue").is_not_null() | pl.col("rel_action").is_not_null(),
    ).drop("rel_pos", "local_pos", "sentence_pos", "local_cue", "planned_action", "planned_pos")


#: Actions that state a measure of their own even inside a sentence about a rate.
SIDE_ACTIONS = ("removed", "paused", "exempted", "cut")
_NOMINAL_CUE = (
    r"(?i)^(?:cuts|suspension|exclusions?|exemptions?|waivers?|reductions?|removal|elimination|cancell?ation|"
    r"withdrawal|repeal|delays?|postponement|proposals?|plans?|threats?)$"
)
# An ending, pausing or cutting action offered under a condition or as a possibility is an offer,
# not a measure ("the Tariffs will be removed if ...", "is willing to drop the tariffs", "talks are
# unlikely to delay imposition of tariffs", "will decide whether to continue to exempt").
_PLAN_CUE = r"(?i)^(?:plan\w*|propos\w*|intend\w*|intention|consider\w*)$"
_CONDITION_IN_SENTENCE = (
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


def _with_side_measures(rows: pl.DataFrame, cues: pl.DataFrame) -> pl.DataFrame:
    """Add a rate-less row, anchored on its first cue, for each :data:`SIDE_ACTIONS` action of a
    sentence with rates that no rate took ("a 25% tariff ... from all countries except Canada",
    "retaining the 10 percent duty, and will remove the rates imposed under ...")."""
    rated = rows.filter(pl.col("rate_pct").is_not_null())
    # A nominal cue states a measure only when attached to a tariff word ("tariff cuts", "exemption
    # from the duty"); "close existing loopholes and exemptions to restore a true 25% tariff" does not.
    nominal = pl.col("cue").str.contains(_NOMINAL_CUE)
    attached = _before(pl.col("cue_rel"), 20).str.contains(rf"{_TRIGGER}\s*(?:['’]s\s+)?(?:[\w-]+\s+)?$") | _after(
        pl.col("cue_end"), 60
    ).str.contains(rf"(?i:^\s+(?:of|from|on|for|to)\s+(?:the\s+|its\s+|their\s+|these\s+|those\s+)?(?:[\w-]+\s+){{0,2}}){_TRIGGER}")
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
        .with_columns(
            anchor=pl.col("cue_rel"),
            anchor_end=pl.col("cue_end"),
            action=pl.col("cue_action"),
            action_rel=pl.col("cue_rel"),
            rate_pct=pl.lit(None, pl.Float64),
            previous_rate_pct=pl.lit(None, pl.Float64),
        )
        .select(rows.columns)
    )
    return pl.concat([rows, extra], how="vertical_relaxed").drop("row_id").with_row_index("row_id")


def _with_negation(rows: pl.DataFrame, cues: pl.DataFrame) -> pl.DataFrame:
    """``negated`` (Boolean): the row's action is denied, so it states no measure. Either the cue
    deciding the action is negated ("never imposed a 50% tariff", "denied reports that it will
    lift its tariff"), or a negated verb governs the tariff: it comes before the anchor, in the
    same clause, without a comma between, at most :data:`NEGATION_CHARS` characters before it
    ("will not impose retaliatory tariffs"). A relative clause after the tariff word keeps its
    own verb ("Japan has not retaliated against tariffs Reagan slapped": the tariffs exist)."""
    neg = cues.filter(pl.col("cue_negated")).select("sentence_id", "cue_rel", "cue_end", "cue_clause")
    rows = rows.with_columns(anchor_clause=_clause_index(pl.col("text"), pl.col("anchor")))
    decided = rows.join(
        neg.select("sentence_id", pl.col("cue_rel").alias("action_rel")), on=["sentence_id", "action_rel"], how="semi"
    ).select("row_id")
    between = pl.col("text").str.slice(pl.col("cue_end"), pl.col("anchor") - pl.col("cue_end"))
    governed = (
        rows.filter(pl.col("action_rel") <= pl.col("anchor"))
        .select("row_id", "sentence_id", "anchor", "anchor_clause", "text")
        .join(neg, on="sentence_id")
        .filter(
            pl.col("cue_end") <= pl.col("anchor"),
            pl.col("anchor") - pl.col("cue_end") <= NEGATION_CHARS,
            pl.col("cue_clause") == pl.col("anchor_clause"),
            ~between.str.contains(r"[,;]"),
        )
        .select("row_id")
    )
    negated = pl.concat([decided, governed])["row_id"]
    return rows.with_columns(negated=pl.col("row_id").is_in(negated.implode()))


def _with_countries(rows: pl.DataFrame, countries: pl.DataFrame) -> pl.DataFrame:
    """``target_iso3``: target mention nearest the anchor; ``imposer_iso3``: reduced-relative
    subject ("tariffs Reagan slapped"), else the nearest actor before the anchor (null when it
    equals the target)."""
    # A target named before the anchor must be in the same stretch of the sentence: one in an
    # earlier item of a list ("purchases of U.S. machinery, import tariff cuts") names other goods.
    same_stretch = (pl.col("c_rel") > pl.col("anchor")) | pl.col("c_sep").is_null() | (pl.col("c_sep") >= pl.col("anchor"))
    rows = _nearest(
        rows, countries, pl.col("is_target") & same_stretch, (pl.col("c_rel") - pl.col("anchor")).abs(),
        ["iso3", "is_several"], ["target_iso3", "target_several"],
    )
    # The guide's target is the single state hit: none when several are ("on Canada and Mexico").
    several = pl.col("target_several").fill_null(False)
    rows = rows.with_columns(target_iso3=pl.when(~several).then("target_iso3"), target_several=several)
    rows = _nearest(rows, countries, pl.col("is_relative"), pl.col("c_rel"), "iso3", "rel_imposer")
    rows = _nearest(
        rows, countries,
        pl.col("is_actor") & (pl.col("c_rel") < pl.col("anchor")) & (pl.col("anchor") - pl.col("c_rel") <= IMPOSER_CHARS),
        pl.col("anchor") - pl.col("c_rel"), "iso3", "near_imposer",
    )  # fmt: skip
    imposer = pl.coalesce("rel_imposer", "near_imposer")
    return rows.with_columns(imposer_iso3=pl.when(imposer != pl.col("target_iso3").fill_null("")).then(imposer))


def _retaliation_rows(rows: pl.DataFrame, countries: pl.DataFrame) -> pl.DataFrame:
    """Add a ``retaliation`` row where a sentence's measure is answered by another country in a
    retaliation clause ("..., Beijing has responded in kind"), anchored on that clause: imposer =
    the nearest actor before the clause other than the measure's imposer; target = a target named
    right after the clause ("retaliatory duties on U.S. goods"), else the measure's imposer."""
    clauses = regex_matches(
        rows.select("sentence_id", "text").unique("sentence_id"), "text", _RETALIATION_CLAUSE, key="sentence_id"
    ).select("sentence_id", pl.col("match_start").alias("ret_rel"), pl.col("match_end").alias("ret_end"))
    base = (
        rows.filter(pl.col("action") != "retaliation", pl.col("imposer_iso3").is_not_null())
        .sort("anchor")
        .group_by("sentence_id", maintain_order=True)
        .first()
        .join(clauses, on="sentence_id")
        .filter(pl.col("ret_rel") > pl.col("anchor"))
    )
    if base.height == 0:
        return rows
    pairs = base.select("row_id", "sentence_id", "ret_rel", "ret_end", "imposer_iso3").join(countries, on="sentence_id")
    subj = (
        pairs.filter(
            pl.col("is_actor"), pl.col("c_rel") < pl.col("ret_rel"), pl.col("iso3") != pl.col("imposer_iso3")
        )
        .sort(pl.col("ret_rel") - pl.col("c_rel"))
        .group_by("row_id", maintain_order=True)
        .first()
        .select("row_id", pl.col("iso3").alias("ret_imposer"))
    )
    tgt = (
        pairs.filter(pl.col("is_target"), pl.col("c_rel") >= pl.col("ret_end"), pl.col("c_rel") - pl.col("ret_end") <= 30)
        .sort("c_rel")
        .group_by("row_id", maintain_order=True)
        .first()
        .select("row_id", pl.col("iso3").alias("ret_target"))
    )
    extra = (
        base.join(subj, on="row_id")
        .join(tgt, on="row_id", how="left")
        .with_columns(
            target_iso3=pl.coalesce("ret_target", "imposer_iso3"),
            imposer_iso3=pl.col("ret_imposer"),
            anchor=pl.col("ret_rel"),
            anchor_end=pl.col("ret_end"),
            action=pl.lit("retaliation"),
            rate_pct=pl.lit(None, pl.Float64),
            previous_rate_pct=pl.lit(None, pl.Float64),
            target_several=pl.lit(False),
        )
        .filter(pl.col("imposer_iso3") != pl.col("target_iso3"))
        .select(rows.columns)
    )
    return pl.concat([rows, extra], how="vertical_relaxed")


def _with_context(rows: pl.DataFrame) -> pl.DataFrame:
    """Fill imposer/target from the article's previous measure (see step 6 of the module docstring).
    ``rows`` must be sorted by article and position."""
    # A measure on several states names its (null) target: it takes none from the context.
    several = pl.col("target_several")
    named = pl.col("imposer_iso3").is_not_null() | pl.col("target_iso3").is_not_null() | several
    # Only a mention with a tariff word is something a later "the tariffs" can refer to.
    provider = named & pl.col("tariff_word")
    ctx = rows.with_columns(
        ctx_imp=pl.when(provider).then(pl.col("imposer_iso3").fill_null("-")),
        ctx_tgt=pl.when(provider).then(pl.col("target_iso3").fill_null("-")),
    )
    ctx = ctx.with_columns(
        pl.col("ctx_imp").forward_fill().shift(1).over("article_id"),
        pl.col("ctx_tgt").forward_fill().shift(1).over("article_id"),
    ).with_columns(
        ctx_imp=pl.when(pl.col("ctx_imp") != "-").then(pl.col("ctx_imp")),
        ctx_tgt=pl.when(pl.col("ctx_tgt") != "-").then(pl.col("ctx_tgt")),
    )
    imp, tgt = pl.col("imposer_iso3"), pl.col("target_iso3")
    return ctx.with_columns(
        imposer_iso3=pl.when(~named | (imp.is_null() & ((tgt == pl.col("ctx_tgt")) | several)))
        .then(pl.col("ctx_imp"))
        .otherwise(imp),
        target_iso3=pl.when(~several & (~named | (tgt.is_null() & (imp == pl.col("ctx_imp")))))
        .then(pl.col("ctx_tgt"))
        .otherwise(tgt),
    ).drop("ctx_imp", "ctx_tgt")
