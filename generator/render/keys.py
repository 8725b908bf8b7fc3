"""What each generated page is made from, as one hash: an unchanged hash is not rendered again.

Rendering 10,000 event pages and their lists takes seconds, and after one edit
almost every page would come out byte for byte as before. The write stage
(generator.site.write) keeps, for every page it wrote, the hash of the page's inputs;
a page whose inputs hash the same and whose file on disk is the one written is
left alone without rendering it.

A key must cover everything the page shows, or an edit would leave a stale page;
tests/test_incremental.py checks that rendering with keys after edits gives the
same pages as rendering everything. Records are compared through their repr
(every field but their positions in the file), and every key also holds the
generator's own version and the site settings, so a change to a template, to the
code or to mkdocs.yml renders everything again.

| page | its key holds |
|---|---|
| event | the event and its dates in the history; the events around it; the page of |
| | the timeline it is listed on and that page's months; every related event (both |
| | ways) and its label; every entity the event names (actors, places, speakers) |
| actor, place | the entity, every event that names it and the timeline page each is on, |
| | every entity (the names of the co-actors and on the cards) |
| topic | the tag, its events and the timeline page each is on, every entity |
| year (each page) | the year, its neighbours, every entity (its filters and entries name |
| | them); of the year's events what the page shows of all of them (when, where listed, |
| | status, names, tags: the month links, pages, chart and filters); its own events |
| home, timeline | what a year page shows of every event; the latest events (home: 5, |
| | timeline: 20, or every one when it lists them all) and the page of the last |
| actors, places | every entity listed and its number of events |
| topics | every topic and its number of events |
| changes | whether the history is known; the changes listed (when, kind, note) and |
| | their events |
| corrections | every event with a correction |
| data | none: it is always rendered |

Every key also holds every topic and period record (entities/topics/, entities/periods/):
topic names are on event pages and in every page's filters, and periods are bands on
every axis, while those records change seldom.

The downloads have keys too (`download`, `whole_dataset`), which the build
keeps with the site: a tag or actor feed whose key is unchanged is not written
again. Their base leaves out the build time, which only an empty feed shows;
the downloads made from the whole dataset add it.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping, Sequence

from generator.exports.changes import Change
from generator.records.model import Dataset, Entity, Event
from generator.render.navigation import AROUND
from generator.render.years import YearPage
from generator.settings import SiteConfig
from generator.version import generator_version


def _hash(*parts: str) -> str:
    return hashlib.blake2b("\x1f".join(parts).encode(), digest_size=16).hexdigest()


# The hash of each record's repr, by the record: records are frozen, so the same object
# always has the same repr (a second at 10,000 events). `timeline serve` keeps its
# records in memory between builds and fills this before each one (`remember`), so
# that a build forked from it hashes only the records that were read again. Other
# processes keep nothing here (PageKeys hashes each record once a build anyway).
_RECORD_HASHES: dict[int, tuple[object, str]] = {}


def record_hash(record: object) -> str:
    known = _RECORD_HASHES.get(id(record))
    if known is not None and known[0] is record:
        return known[1]
    return _hash(repr(record))


def remember(records: Iterable[object]) -> None:
    """Hash these records now, and forget those hashed before that are not among them."""
    previous = dict(_RECORD_HASHES)
    _RECORD_HASHES.clear()
    for record in records:
        known = previous.get(id(record))
        if known is None or known[0] is not record:
            known = (record, _hash(repr(record)))  # the record kept: its id is not reused
        _RECORD_HASHES[id(record)] = known


class PageKeys:
    """The input hash of each kind of page, computed with each record hashed once."""

    def __init__(
        self,
        dataset: Dataset,
        config: SiteConfig,
        *settings: object,
        place: Mapping[str, YearPage] | None = None,
    ) -> None:
        self.data = dataset
        # the timeline page each event is listed on (generator.render.navigation); the
        # keys of the downloads do not need it
        self.place: Mapping[str, YearPage] = place or {}
        # topics and periods show on nearly every page (names in filters and on event pages,
        # bands on every axis): a change to one renders everything again, as a setting does
        catalogue = (*map(repr, dataset.topics.values()), *map(repr, dataset.periods))
        self._base = _hash(
            generator_version(), repr(config), *map(repr, settings), "catalogue", *catalogue
        )
        self._events: dict[str, str] = {}
        self._entities: dict[str, str] = {}
        self._all_entities: str | None = None
        self._placed_by_id: dict[str, str] = {}
        self._pages: dict[str, str] = {}  # _page_of, by the page's path
        self._shown_by_id: dict[str, str] = {}
        self._every: str | None = None

    def event_digest(self, event: Event) -> str:
        digest = self._events.get(event.id)
        if digest is None:
            # the history's dates of the record too: its cards and page show when it changed
            dates = self.data.history.of(event.path)
            digest = self._events[event.id] = _hash(record_hash(event), repr(dates))
        return digest

    def entity_digest(self, entity_id: str) -> str:
        digest = self._entities.get(entity_id)
        if digest is None:
            entity = self.data.entities.get(entity_id)
            digest = record_hash(entity) if entity else "-"
            self._entities[entity_id] = digest
        return digest

    def all_entities(self) -> str:
        if self._all_entities is None:
            self._all_entities = _hash(*map(self.entity_digest, self.data.entities))
        return self._all_entities

    def _events_of(self, events: list[Event]) -> list[str]:
        return [self.event_digest(e) for e in events]

    def _placed(self, events: list[Event]) -> list[str]:
        """The events, and the timeline page each is listed on (each event is on many pages:
        worked out once)."""
        known = self._placed_by_id
        for event in events:
            if event.id not in known:
                known[event.id] = f"{self.event_digest(event)}@{self.place[event.id].path}"
        return [known[event.id] for event in events]

    def _page_of(self, event: Event) -> str:
        page = self.place[event.id]
        shape = self._pages.get(page.path)
        if shape is None:
            months = [(g.month, g.continued, len(g.events)) for g in page.months]
            shape = self._pages[page.path] = repr((page.path, months))
        return shape

    def event_page(self, event: Event) -> str:
        data = self.data
        index = data.position[event.id]
        around = data.events[max(0, index - AROUND) : index + AROUND + 1]
        related = [
            f"{link.label}:{self.event_digest(data.event_by_id[link.event])}"
            for link in data.links_of(event)
        ]
        named = (*event.actors, *event.places, *(quote.speaker for quote in event.quotes))
        return _hash(
            self._base,
            "event",
            self.event_digest(event),
            self._page_of(event),
            "around",
            *self._events_of(list(around)),
            "related",
            *related,
            "named",
            *map(self.entity_digest, named),
        )

    def entity_page(self, entity: Entity) -> str:
        events = self.data.events_by_entity.get(entity.id, [])
        return _hash(
            self._base,
            "entity",
            self.entity_digest(entity.id),
            self.all_entities(),
            *self._placed(events),
        )

    def redirect_page(self, alias: str, event: Event) -> str:
        return _hash(self._base, "redirect", alias, event.id, event.title)

    def tag_page(self, tag: str) -> str:
        events = self.data.events_by_tag[tag]
        return _hash(self._base, "tag", tag, self.all_entities(), *self._placed(events))

    def _shown(self, event: Event) -> str:
        """What a list of many events shows of one whose card it does not hold: when it is
        and where it is listed (counts, chart, jump, pages), its status, names and tags
        (the filters)."""
        shown = self._shown_by_id.get(event.id)
        if shown is None:
            e, page = event, self.place[event.id].path
            shown = repr((e.id, e.date, e.time, e.status, e.actors, e.places, e.tags, page))
            self._shown_by_id[event.id] = shown
        return shown

    def _every_event_shown(self) -> str:
        if self._every is None:
            self._every = _hash(*map(self._shown, self.data.events))
        return self._every

    def home_page(self, intro: str, latest: int) -> str:
        """The introduction, the chart of every event, the cards of the latest."""
        cards = self._events_of(list(self.data.events[-latest:]))
        return _hash(
            self._base, "home", intro, self.all_entities(), self._every_event_shown(), *cards
        )

    def timeline_index(self, full_limit: int, latest: int) -> str:
        """Every event as a year page shows it, the latest in full (every one in full
        when the timeline lists them all) and the page of the last."""
        events = list(self.data.events)
        cards = events if len(events) <= full_limit else events[-latest:]
        last = self._page_of(events[-1]) if events else ""
        shown = self._every_event_shown()
        return _hash(
            self._base, "timeline", self.all_entities(), shown, last, *self._events_of(cards)
        )

    def entity_index(self, entities: Iterable[Entity], places: bool) -> str:
        counts = self.data.events_by_entity
        listed = (f"{self.entity_digest(e.id)}:{len(counts.get(e.id, ()))}" for e in entities)
        return _hash(self._base, "entity index", str(places), *listed)

    def tag_index(self) -> str:
        topics = (f"{tag}:{len(events)}" for tag, events in self.data.events_by_tag.items())
        return _hash(self._base, "tag index", *topics)

    def changes_page(self, history_known: bool, changes: Iterable[Change]) -> str:
        listed = (
            f"{c.when.isoformat()}|{c.kind}|{c.note!r}|{self.event_digest(c.event)}"
            for c in changes
        )
        return _hash(self._base, "changes", str(history_known), *listed)

    def corrections_page(self) -> str:
        corrected = (
            self.event_digest(e)
            for e in self.data.events
            if any(update.kind == "correction" for update in e.updates)
        )
        return _hash(self._base, "corrections", *corrected)

    def year_page(self, year: int, events: list[Event], neighbours: tuple) -> str:
        """What every page of the year shows; `year_part` adds each page's own events."""
        shown = map(self._shown, events)
        return _hash(self._base, "year", str(year), repr(neighbours), self.all_entities(), *shown)

    def year_part(self, year_key: str, page: YearPage) -> str:
        """One page of a year: the year's key and, in full, the events it lists (their
        cards): an edit to an event's title renders its page of the year, not the others."""
        return _hash(year_key, str(page.number), *self._events_of(page.events))

    def download(self, entity_id: str | None, events: Sequence[Event]) -> str:
        """The key of a feed: the entity its title names (None for a tag) and its events."""
        entity = self.entity_digest(entity_id) if entity_id else ""
        return _hash(self._base, "feed", entity, *self._events_of(list(events)))

    def whole_dataset(self, *settings: object) -> str:
        """The key of a download made from every record, and from `settings`."""
        events = self._events_of(self.data.events)
        return _hash(self._base, "dataset", *map(repr, settings), self.all_entities(), *events)
