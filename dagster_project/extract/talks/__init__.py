"""Trade talks mentions: which governments meet where and when, who takes part.

A package of small rule modules behind one pipeline:

- :mod:`.triggers`: the words that name a talks event (``lexicons/talks_event_words.csv``,
  ``talks_deal_words.csv``, ``talks_named_rounds.csv``, ``talks_travel_verbs.csv``) and their
  event types;
- :mod:`.venues`: the place where talks are held (gazetteer of curated places, country names,
  GeoNames cities and US states; the venue cues "in/at <Place>", "the Geneva talks", "flies to
  Brussels for talks", "visit Tokyo ... to press ...");
- :mod:`.parties`: the governments named around the event, minus the venue;
- :mod:`.dates`: the time expression next to the trigger and its calendar date;
- :mod:`.pipeline`: :func:`extract_talks`, which runs them on a sentences frame.
"""

from dagster_project.extract.talks.dates import resolve_date
from dagster_project.extract.talks.pipeline import extract_talks

__all__ = ["extract_talks", "resolve_date"]
