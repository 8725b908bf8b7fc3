"""The choices the timeline filters offer: who, where, which topic and which status, with counts.

A filter page (/timeline/, /timeline/<year>/) offers only what its own events
name, so that no choice leads to an empty page; /timeline/ offers what any
event names, since its filters reach every year. Options are labelled with
names, carry ids (the values the entries' data- attributes and the URL query
use: `?actor=<id>&actor=<id>&place=<id>&tag=<tag>&status=<status>&from=<day>&to=<day>`)
and count the events of the page that name them.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from generator.records.model import STATUSES, Dataset, Event

# A facet with more choices than this is a type-ahead field, not a list of boxes
CHECKBOX_LIMIT = 8


@dataclass(frozen=True)
class Facet:
    """One filter: its URL parameter, its label, and (value, label, count) per choice."""

    name: str
    label: str
    options: list[tuple[str, str, int]]

    @property
    def typeahead(self) -> bool:
        return len(self.options) > CHECKBOX_LIMIT


@dataclass(frozen=True)
class FilterFacets:
    facets: list[Facet]
    first_day: date | None
    last_day: date | None


def filter_facets(events: Sequence[Event], dataset: Dataset) -> FilterFacets:
    actors: Counter[str] = Counter()
    places: Counter[str] = Counter()
    tags: Counter[str] = Counter()
    statuses: Counter[str] = Counter()
    for event in events:
        actors.update(set(event.actors))
        places.update(set(event.places))
        tags.update(set(event.tags))
        statuses[event.status] += 1

    def named(counts: Counter[str]) -> list[tuple[str, str, int]]:
        rows = ((i, dataset.name_of(i), n) for i, n in counts.items())
        return sorted(rows, key=lambda row: (row[1].casefold(), row[0]))

    def labelled(ids: Iterable[str], counts: Counter[str], label=dataset.topic_name):
        return [(value, label(value), counts[value]) for value in ids]

    def topic_order(tag: str) -> tuple[str, str]:
        return (dataset.topic_name(tag).casefold(), tag)

    status_order = [s for s in STATUSES if s in statuses]
    return FilterFacets(
        facets=[
            Facet("actor", "Actor", named(actors)),
            Facet("place", "Place", named(places)),
            Facet("tag", "Topic", labelled(sorted(tags, key=topic_order), tags)),
            Facet("status", "Status", labelled(status_order, statuses, str.capitalize)),
        ],
        first_day=min((e.date.earliest for e in events), default=None),
        last_day=max((e.date.earliest for e in events), default=None),
    )
