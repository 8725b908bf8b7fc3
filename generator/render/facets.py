"""The choices the timeline filters offer: who, where, which topic and which status.

A filter page (/timeline/, /timeline/<year>/) offers only what its own events
name, so that no choice leads to an empty page; /timeline/ offers what any
event names, since its filters reach every year. Options are labelled with
names and carry ids, the values the entries' data- attributes and the URL
query (`?actor=<id>&place=<id>&tag=<tag>&status=<status>`) use.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from generator.records.model import STATUSES, Dataset, Event
from generator.render.environment import tag_label


@dataclass(frozen=True)
class FilterFacets:
    """(value, label) pairs for each filter, in the order a reader scans them."""

    actors: list[tuple[str, str]]
    places: list[tuple[str, str]]
    tags: list[tuple[str, str]]
    statuses: list[tuple[str, str]]


def filter_facets(events: Iterable[Event], dataset: Dataset) -> FilterFacets:
    actors: dict[str, None] = {}
    places: dict[str, None] = {}
    tags: dict[str, None] = {}
    statuses: set[str] = set()
    for event in events:
        actors.update(dict.fromkeys(event.actors))
        places.update(dict.fromkeys(event.places))
        tags.update(dict.fromkeys(event.tags))
        statuses.add(event.status)

    def named(ids: Iterable[str]) -> list[tuple[str, str]]:
        def name(entity_id: str) -> str:
            entity = dataset.entities.get(entity_id)
            return entity.name if entity else entity_id

        return sorted(((i, name(i)) for i in ids), key=lambda pair: (pair[1].casefold(), pair[0]))

    return FilterFacets(
        actors=named(actors),
        places=named(places),
        tags=[(tag, tag_label(tag)) for tag in sorted(tags)],
        statuses=[(status, status.capitalize()) for status in STATUSES if status in statuses],
    )
