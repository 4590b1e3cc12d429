r"""Source attributions: who said what, as pure Polars expressions over ``raw.sentences``.

Every attribution verb ("said", "told", "according to", "warned", ...) is found with
:func:`~dagster_project.extract.matching.regex_matches`; the words just *before* it (the
subject: "Kennedy said", "two officials said") and just *after* it (inverted order and
"according to": "said Scott Kennedy, an expert ...", "according to three officials familiar
with ...") are then read with anchored regexes, each of which recognises one kind of source:

- ``named_person``: title + name ("Vice Foreign Minister Hua Chunying said"), name +
  appositive ("Carole Ryavec, an analyst at X, said"), a bare name ("Kennedy said"). A
  one-word name counts as a person only if it is a leader in the country gazetteer or the
  surname/given name of a fuller name written in the same article; otherwise it is an
  organization ("Toshiba said").
- ``anonymous``: determiner + modifiers + a people noun ("three officials familiar with
  Beijing's thinking", "a senior U.S. official", "trade sources"). Anaphoric re-mentions
  ("the officials said", "one of the officials said") are skipped.
- ``named_organization``: a ministry, agency, company or government acting as a speaker.

Three more rules for named people: a participle after a comma ("..., saying ...") takes the
subject of the sentence's first clause; a speaker's label before a colon ("Sen. Ana Ruiz: “...”",
a transcript's "ANA RUIZ: ...", a headline's "Ana Ruiz: Talks Will Go On") is a source; a person
without title or affiliation takes the title written before the same name elsewhere in the article ("U.S. President Donald Trump ..." -> a later
"Trump said"). A cue verb followed by a word of its ``not_followed_by`` lexicon column ("agreed
to", "added to") is no attribution. The ``cue`` of a verb says whom it attributes to: speech
("said", "wrote") any source, stance ("believes", "fears") people, named or anonymous, and a
public act taking a position ("endorsed", "declined") named people only; plural-subject forms
("critics argue") only anonymous sources. A present-tense cue word after a number or a
determiner, or right before another cue, is a plural noun ("in 11 states", "swing states expect").
- ``document``: "the document, reviewed by Reuters", "according to public statements",
  "a congressional report that asserted".

Names are 1-3 capitalised words in any script (``\p{Lu}\p{Ll}+``: "José Álvarez"), with an
optional middle initial and lower-case particles between words ("Ursula von der Leyen", "Lula
da Silva", "Faisal al-Rashid"). The Unicode letter classes are slow in the regex DFA, so rows
without non-ASCII word characters are searched with the ASCII form of every name pattern
(:func:`ascii_letters`, :func:`split_by_script`) and only the other rows with the Unicode one,
the same design (and the same result) as :mod:`~dagster_project.extract.matching`.

``quote`` is every quoted passage of the sentence without its quote marks and trailing
``, ; :`` ("We want a fair deal," -> We want a fair deal), joined by " ... ".

Titles come from ``dbt/seeds/person_titles.csv`` (:func:`person_titles`). All offsets are in
characters of ``raw.articles.text``.
"""

from dagster_project.extract.sources.helpers import strip_name_prefix, valid_person_name
from dagster_project.extract.sources.lexicon import person_titles
from dagster_project.extract.sources.patterns import PERSON_NAME_RE, _patterns, ascii_letters, ascii_rows, split_by_script
from dagster_project.extract.sources.pipeline import extract_sources

__all__ = [
    "PERSON_NAME_RE", "ascii_letters", "ascii_rows", "extract_sources", "person_titles", "split_by_script",
    "strip_name_prefix", "valid_person_name",
]
