"""The records as the rest of the pipeline sees them: frozen, typed, validated.

`Event` and `Entity` hold what one file says; `Dataset` holds every record
with the indexes that pages and exports share (events per actor, place and
tag; relations in both directions; previous and next event in time).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property

from generator.records.dates import DatePoint, EventDate
from generator.records.history import NO_HISTORY, History

STATUSES = ("confirmed", "reported", "disputed", "retracted")
DEFAULT_STATUS = "reported"
ENTITY_KINDS = (
    "person",
    "organization",
    "government",
    "country",
    "region",
    "city",
    "place",
    "media",
)
PLACE_KINDS = ("country", "region", "city", "place")
UPDATE_KINDS = ("update", "correction")

# relation type -> (label on the event that declares it, label on the other event)
RELATION_LABELS = {
    "responds-to": ("Responds to", "Responded to by"),
    "follows": ("Follows", "Followed by"),
    "part-of": ("Part of", "Includes"),
    "contradicts": ("Contradicts", "Contradicted by"),
    "see-also": ("See also", "See also"),
}
RELATION_TYPES = tuple(RELATION_LABELS)

# Where each value sits in its file, keyed by its path in the record:
# ("actors", 2) is the third actor, ("sources", 0, "url") the first source's URL.
Locations = dict[tuple[str | int, ...], tuple[int, int]]

# The fields of an Event or an Entity that the loader fills from the file itself (its
# name, its path, the positions of its values); every other field is declared in
# generator.records.schema, and tests/records/test_model.py checks that they agree.
LOADER_FIELDS = ("id", "path", "locations")


@dataclass(frozen=True, slots=True)
class Source:
    url: str
    publisher: str
    id: str | None = None
    title: str | None = None
    published: date | None = None
    archive_url: str | None = None


@dataclass(frozen=True, slots=True)
class Quote:
    text: str
    speaker: str
    source: str
    original: str | None = None
    lang: str | None = None


@dataclass(frozen=True, slots=True)
class Relation:
    event: str
    type: str


@dataclass(frozen=True, slots=True)
class Update:
    date: date
    kind: str
    note: str


@dataclass(frozen=True)
class Event:
    id: str
    path: str
    title: str
    date: EventDate
    summary: str
    sources: tuple[Source, ...]
    time: str | None = None
    status: str = DEFAULT_STATUS
    body: str | None = None
    actors: tuple[str, ...] = ()
    places: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    quotes: tuple[Quote, ...] = ()
    related: tuple[Relation, ...] = ()
    updates: tuple[Update, ...] = ()
    aliases: tuple[str, ...] = ()  # earlier ids, whose addresses redirect to this event
    locations: Locations = field(default_factory=dict, compare=False, repr=False)

    @cached_property
    def sort_key(self) -> tuple[date, int, str, str]:
        """Earliest day, coarser precision first, then time, then id."""
        return (self.date.earliest, int(self.date.precision), self.time or "", self.id)

    @property
    def year(self) -> int:
        return self.date.earliest.year

    def source_number(self, source_id: str) -> int | None:
        """The 1-based number under which a source is listed on the event's page."""
        for number, source in enumerate(self.sources, start=1):
            if source.id == source_id:
                return number
        return None


@dataclass(frozen=True)
class Entity:
    id: str
    path: str
    name: str
    kind: str
    summary: str | None = None
    aliases: tuple[str, ...] = ()
    wikidata: str | None = None
    locations: Locations = field(default_factory=dict, compare=False, repr=False)

    @property
    def is_place(self) -> bool:
        return self.kind in PLACE_KINDS


@dataclass(frozen=True)
class Topic:
    """What a tag means: its display name and an optional description (entities/topics/)."""

    id: str  # the tag, as events write it
    path: str
    name: str
    description: str | None = None
    locations: Locations = field(default_factory=dict, compare=False, repr=False)


@dataclass(frozen=True)
class Period:
    """An era a maintainer declares once (entities/periods/), drawn as a band on the axes."""

    id: str
    path: str
    name: str
    start: DatePoint
    end: DatePoint | None = None  # None: still going on
    description: str | None = None
    locations: Locations = field(default_factory=dict, compare=False, repr=False)

    @property
    def first_day(self) -> date:
        return self.start.earliest

    def last_day(self, default: date) -> date:
        """The period's last day; `default` (the last day shown) while it goes on."""
        return self.end.latest if self.end is not None else max(default, self.first_day)


def topic_label(tag: str) -> str:
    """How a tag without a topic record reads: 'military-cooperation' -> 'Military cooperation'
    (capitalised as topic records' names are, so that the two read alike side by side)."""
    words = tag.replace("-", " ")
    return words[:1].upper() + words[1:]


@dataclass(frozen=True, slots=True)
class Link:
    """One relation as seen from one event: 'Responded to by' the other event."""

    label: str
    type: str
    event: str
    outgoing: bool


class Dataset:
    """Every valid record, with the indexes computed once for all pages and exports."""

    def __init__(
        self,
        events: list[Event],
        entities: list[Entity],
        topics: list[Topic] = (),
        periods: list[Period] = (),
    ) -> None:
        self.topics: dict[str, Topic] = {t.id: t for t in sorted(topics, key=lambda t: t.id)}
        self.periods: tuple[Period, ...] = tuple(sorted(periods, key=lambda p: (p.first_day, p.id)))
        self.events: tuple[Event, ...] = tuple(sorted(events, key=lambda e: e.sort_key))
        self.entities: dict[str, Entity] = {e.id: e for e in sorted(entities, key=lambda e: e.id)}
        self.event_by_id: dict[str, Event] = {e.id: e for e in self.events}
        self.position: dict[str, int] = {e.id: i for i, e in enumerate(self.events)}
        # an earlier id -> the event's id now (validation refuses an alias that is taken)
        self.alias_of: dict[str, str] = {
            alias: e.id for e in self.events for alias in e.aliases if alias not in self.event_by_id
        }
        by_entity: dict[str, list[Event]] = defaultdict(list)
        by_tag: dict[str, list[Event]] = defaultdict(list)
        links: dict[str, list[Link]] = defaultdict(list)
        for event in self.events:
            named = (*event.actors, *event.places, *(q.speaker for q in event.quotes))
            for entity_id in dict.fromkeys(named):
                by_entity[entity_id].append(event)
            for tag in dict.fromkeys(event.tags):
                by_tag[tag].append(event)
            for relation in event.related:
                other = relation.event
                other = other if other in self.event_by_id else self.alias_of.get(other)
                if other is None:
                    continue
                forward, backward = RELATION_LABELS[relation.type]
                links[event.id].append(Link(forward, relation.type, other, True))
                links[other].append(Link(backward, relation.type, event.id, False))
        self.events_by_entity = dict(by_entity)
        self.events_by_tag = dict(sorted(by_tag.items()))
        self.links = dict(links)
        # when each record was added and changed, from the repository (generator.site.history);
        # unknown until the build reads it
        self.history: History = NO_HISTORY

    def topic_name(self, tag: str) -> str:
        """A tag's display name: its topic record's, or the tag read as words."""
        topic = self.topics.get(tag)
        return topic.name if topic else topic_label(tag)

    def topic_term(self, tag: str) -> str:
        """A tag as the feeds and the calendar name it: its topic record's name, or the tag."""
        topic = self.topics.get(tag)
        return topic.name if topic else tag

    def topic_description(self, tag: str) -> str | None:
        topic = self.topics.get(tag)
        return topic.description if topic else None

    def links_of(self, event: Event) -> list[Link]:
        """Relations in both directions, ordered by the other event's place in time."""
        return sorted(
            self.links.get(event.id, ()), key=lambda link: (self.position[link.event], link.label)
        )

    def name_of(self, entity_id: str) -> str:
        """An entity's name, or its id when it has no record (validation reports that)."""
        entity = self.entities.get(entity_id)
        return entity.name if entity else entity_id

    def years(self) -> list[int]:
        return sorted({event.year for event in self.events})

    def people_and_groups(self) -> list[Entity]:
        """Entities whose page is under /actors/: everything that is not a place."""
        return [e for e in self.entities.values() if not e.is_place]

    def places(self) -> list[Entity]:
        return [e for e in self.entities.values() if e.is_place]
