"""Step 2, cues: the action words of a sentence (``tariff_action_cues.csv``), with their clause,
whether they are negated and whether they are the verb of a reduced relative clause.

A verb cue whose direct object names no tariff ("reduce global excess capacity", "retains broad
authority", "eliminate the number of illegal aliens") acts on that object and is dropped.
A negator right before a verb, within its clause, denies the action: "did not impose", "won't
raise", "has never imposed", "will no longer exempt", "ruled out raising", "refused to lift",
"denied reports that it will lift". Only auxiliaries and adverbs may stand between negator and
verb ("has not yet imposed", "is not expected to raise"): in "did not think there would be" the
negator denies another verb.
"""

from __future__ import annotations

import polars as pl

from dagster_project.extract.matching import ascii_bounds, regex_matches
from dagster_project.extract.tariffs.frames import after, before, clause_index, clause_text
from dagster_project.extract.tariffs.rates import rate_before_trigger
from dagster_project.extract.tariffs.vocabulary import ACTION_PRIORITY, cue_pattern, cue_with, tariff_word

_NEGATED_VERB_GAP = (
    r"(?:(?:be|been|being|have|has|had|yet|even|ever|also|again|now|still|currently|immediately|actually|"
    r"formally|further|to|expected|going|planning|seeking|trying|intending|necessary|needed|required|possible|able|"
    r"willing|[a-z]+ly)\s+){0,3}$"
)
_NEGATOR_BEFORE = (
    r"(?i:(?:\bnot|n['’]t|\bnever|\bno\s+longer|\brul(?:e|es|ed|ing)\s+out|\brefus(?:e|es|ed|ing|al)\s+to)\s+"
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
# Between a tariff word and the verb of its reduced relative clause: the clause's subject
# ("tariffs President Reagan slapped", "tariffs he imposed").
RELATIVE_SUBJECT = (
    r"\s+(?:(?:(?:President|Prime\s+Minister|the)\s+)?(?:[A-Z][\w.'’-]*\s+){1,3}|(?:he|she|they|it|we)\s+)(?:(?:has|had|have)\s+)?$"
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
_UNIT = r"(?:%|(?i:pct|percent|per\s+cent|percentage\s+points?)\b)"
_PASSIVE_BEFORE = r"(?i:\b(?:be|been|being|is|are|was|were|get|gets|got)\s+(?:[a-z]+ly\s+)?$)"
# "agreed not to add tariffs", "agreed to not raise": an agreed pause (a truce), not a denial.
AGREED_NOT_BEFORE = r"(?i:\bagree(?:s|d|ing)?\s+(?:to\s+)?not\s+(?:to\s+)?$)"
# A change verb right before a percentage ("profits dropped 2.8 percent", "sales fell 3%") says
# how much a quantity changed: no action on a tariff, unless a tariff word is its subject.
_QUANTITY_AFTER = r"^(?i:\s+(?:by\s+)?(?:about\s+|some\s+|nearly\s+|almost\s+|more\s+than\s+)?\d[\d.,]*\s*(?:%|pct\b|percent\b|per\s+cent\b))"
_CHANGE_ACTIONS = ("removed", "cut", "raised")
#: A negated verb denies a tariff at most this many characters after it, in the same clause.
NEGATION_CHARS = 80


def _determiner_before() -> str:
    return (
        rf"(?:(?i:\b(?:a|an|the|its|their|his|her|this|these|those|any|no|new|further|another)\s+(?:[\w'’-]+\s+){{0,2}})"
        rf"|{tariff_word()}\s+)$"
    )


def cues(sentences: pl.DataFrame) -> pl.DataFrame:
    """Action cues of ``sentences`` (``sentence_id``, ``text``): ``sentence_id``, ``cue``
    (String, as written), ``cue_rel``/``cue_end`` (Int64, span in the sentence), ``cue_action``
    (String), ``cue_relative`` (Boolean, verb of a reduced relative clause on a tariff word),
    ``cue_negated`` (Boolean), ``cue_clause`` (Int64, see :func:`~.frames.clause_index`)."""
    pattern = "|".join(rf"(?P<{a}>\b{cue_pattern(a)}\b)" for a in ACTION_PRIORITY)
    # the clause mask once per sentence, not once per cue of a (possibly long) sentence
    clauses = sentences.with_columns(clause_text(pl.col("text")).alias("__clause_text"))
    m = regex_matches(clauses, "text", ascii_bounds(pattern), key="sentence_id", match_col="cue")
    m = m.join(_acting_on_another_object(m), on=["sentence_id", "match_start"], how="anti")
    action = pl.coalesce([pl.when(pl.col(a).is_not_null()).then(pl.lit(a)) for a in ACTION_PRIORITY])
    relative = pl.col("cue").str.contains(r"(?i)ed$") & before(pl.col("match_start"), 50).str.contains(
        ascii_bounds(f"{tariff_word()}{RELATIVE_SUBJECT}")
    )
    window = before(pl.col("match_start"), 80)
    agreed_not = window.str.contains(ascii_bounds(AGREED_NOT_BEFORE))
    negated = (
        window.str.contains(ascii_bounds(_NEGATOR_BEFORE)) & ~window.str.contains(ascii_bounds(_NOT_A_NEGATOR)) & ~agreed_not
    )
    quantity = (
        pl.any_horizontal(pl.col(list(_CHANGE_ACTIONS)).is_not_null())
        & ~pl.col("cue").str.contains(r"(?i)\b(?:to|from)$")  # "fall to 4%": a new level
        & after(pl.col("match_end"), 30).str.contains(_QUANTITY_AFTER)
        & ~after(pl.col("match_end"), 60).str.contains(ascii_bounds(_QUANTITY_AFTER + rate_before_trigger()[1:]))
        & ~before(pl.col("match_start"), 30).str.contains(ascii_bounds(tariff_word()))
    )
    return m.filter(~quantity).select(
        "sentence_id",
        "cue",
        pl.col("match_start").alias("cue_rel"),
        pl.col("match_end").alias("cue_end"),
        pl.when(agreed_not).then(pl.lit("paused")).otherwise(action).alias("cue_action"),
        relative.alias("cue_relative"),
        negated.alias("cue_negated"),
        clause_index(pl.col("text"), pl.col("match_start"), pl.col("__clause_text")).alias("cue_clause"),
    )


def _acting_on_another_object(m: pl.DataFrame) -> pl.DataFrame:
    """``sentence_id``, ``match_start`` of the cue matches ``m`` that are active verbs (a cue row
    with ``object`` = yes, not passive, not a noun after a determiner) followed by a direct object
    that names no tariff, rate or level. Filtered step by step: most cues drop out at the first
    cheap test."""
    # an abbreviation's points ("U.S. chips") do not end the phrase
    phrase = after(pl.col("match_end"), 80).str.replace_all(r"\b([A-Z])\.", "${1}").str.replace(ascii_bounds(_OBJECT_END), "")
    cue, start = pl.col("cue"), pl.col("match_start")
    return (
        m.select("sentence_id", "text", "cue", "match_start", "match_end")
        .filter(~cue.str.contains(cue_with("object", False)))
        .with_columns(phrase=phrase)
        .filter(pl.col("phrase").str.contains(r"[A-Za-z$\d]"))
        .filter(
            ~pl.col("phrase").str.contains(ascii_bounds(_NOT_OBJECT_START)),
            ~pl.col("phrase").str.contains(ascii_bounds(tariff_word())),
            ~pl.col("phrase").str.contains(ascii_bounds(r"(?i)\b(?:rates?|levels?)\b")),  # "remove the rates imposed"
            ~pl.col("phrase").str.contains(rf"\d\s*{_UNIT}"),
        )
        .filter(
            ~before(start, 30).str.contains(ascii_bounds(_PASSIVE_BEFORE)),
            ~(cue.str.contains(cue_with("noun")) & before(start, 40).str.contains(ascii_bounds(_determiner_before()))),
        )
        .select("sentence_id", "match_start")
    )
