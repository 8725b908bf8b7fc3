"""Checks across records: ids are unique, and every reference points somewhere.

A record can be valid on its own and still be wrong in the project: an
actor id with a typo, a quote that names a source the event does not list,
a relation to an event that was renamed. These checks need every record
loaded first.
"""

from __future__ import annotations

from generator.diagnostics import Diagnostic, error, warning
from generator.records import model
from generator.records.catalogue import check_periods, check_topics
from generator.records.load import LoadResult
from generator.records.lookalikes import check_lookalikes
from generator.records.suggest import Budget, Suggester, did_you_mean

# Rules for review, not for the whole dataset: reported on the files a contributor names
# or changed (timeline validate PATH, --changed-since), so that records published before
# the rule never bury a contributor's own messages in validate, build or serve.
REVIEW_ONLY = frozenset({"source-no-title"})


def _suggest(wanted: str, known: Suggester, advice: str) -> str:
    """'; did you mean 'x'? advice' or '; advice'."""
    return f"; {did_you_mean(known.closest(wanted))}{advice}"


def check_unique_ids(files_by_id: dict[str, list[str]], what: str) -> list[Diagnostic]:
    found = []
    for paths in files_by_id.values():
        if len(paths) < 2:
            continue
        first = paths[0]
        for other in paths[1:]:
            found.append(
                error(
                    other,
                    1,
                    1,
                    "duplicate-id",
                    f"this {what} has the same id as '{first}' (ids are compared "
                    "ignoring case); rename one of the two files",
                )
            )
    return found


def _position(record: model.Event | model.Entity, *where: str | int) -> tuple[int, int]:
    return record.locations.get(tuple(where), (1, 1))


class Known:
    """The ids references may name, and the suggesters for those they do not."""

    def __init__(
        self, entity_ids: set[str], event_ids: set[str], aliases: dict[str, str] | None = None
    ) -> None:
        self.entity_ids = entity_ids
        self.event_ids = event_ids
        self.aliases = aliases or {}  # an earlier id of an event -> its id now
        # one budget for the run: see generator.records.suggest
        self.budget = Budget()
        self.entities = Suggester(entity_ids, self.budget)
        self.events = Suggester(event_ids, self.budget)


def check_event(
    event: model.Event,
    entities: dict[str, model.Entity],
    known: Known,
    complete: bool = True,
) -> list[Diagnostic]:
    """Check an event's references; an incomplete event (one that failed its own checks)
    gets only the checks that its missing parts cannot make wrong."""
    check = _EventCheck(event, entities, known, complete)
    check.entities()
    source_ids = check.sources()
    check.quotes(source_ids)
    check.relations()
    if not event.actors and complete:
        check.warn(
            "no-actors",
            "the event names no actors; add who was involved under 'actors'",
            "title",
        )
    return check.found


class _EventCheck:
    """The references of one event, checked part by part into `found`."""

    def __init__(
        self,
        event: model.Event,
        entities: dict[str, model.Entity],
        known: Known,
        complete: bool,
    ) -> None:
        self.event = event
        self.entities_by_id = entities
        self.known = known
        self.complete = complete
        self.found: list[Diagnostic] = []

    def problem(self, code: str, message: str, *where: str | int) -> None:
        self.found.append(error(self.event.path, *_position(self.event, *where), code, message))

    def warn(self, code: str, message: str, *where: str | int) -> None:
        self.found.append(warning(self.event.path, *_position(self.event, *where), code, message))

    def entity(self, entity_id: str, role: str, *where: str | int) -> model.Entity | None:
        if entity_id not in self.entities_by_id and entity_id not in self.known.entity_ids:
            advice = (
                f"to add a new one, create 'entities/{entity_id}.yaml' (or run: "
                f'timeline new entity "Name" --kind KIND)'
            )
            self.problem(
                "unknown-ref",
                f"unknown {role} '{entity_id}'{_suggest(entity_id, self.known.entities, advice)}",
                *where,
            )
        return self.entities_by_id.get(entity_id)

    def entities(self) -> None:
        for index, actor in enumerate(self.event.actors):
            self.entity(actor, "actor", "actors", index)
        for index, place in enumerate(self.event.places):
            entity = self.entity(place, "place", "places", index)
            if entity is not None and not entity.is_place:
                self.problem(
                    "wrong-kind",
                    f"'{place}' is a {entity.kind}, but places may only name entities of kind "
                    f"{', '.join(model.PLACE_KINDS)}; list it under 'actors' instead",
                    "places",
                    index,
                )

    def sources(self) -> dict[str, int]:
        """Check the sources; the index of each source id."""
        source_ids: dict[str, int] = {}
        for index, source in enumerate(self.event.sources):
            if source.id is None:
                pass
            elif source.id in source_ids:
                self.problem(
                    "duplicate-id",
                    f"two sources have the id '{source.id}'; give each its own",
                    "sources",
                    index,
                    "id",
                )
            else:
                source_ids[source.id] = index
            if source.title is None and self.complete:
                self.warn(
                    "source-no-title",
                    "this source has no title; add the headline so readers can "
                    "find it if the link breaks",
                    "sources",
                    index,
                )
        return source_ids

    def quotes(self, source_ids: dict[str, int]) -> None:
        for index, quote in enumerate(self.event.quotes):
            self.entity(quote.speaker, "speaker", "quotes", index, "speaker")
            if quote.source not in source_ids and self.complete:
                listed = ", ".join(f"'{s}'" for s in source_ids) or "none (give a source an 'id')"
                sources = Suggester(source_ids, self.known.budget)
                self.problem(
                    "unknown-ref",
                    f"the quote cites source '{quote.source}', which this event does not list"
                    f"{_suggest(quote.source, sources, f'source ids here: {listed}')}",
                    "quotes",
                    index,
                    "source",
                )
            if quote.original is None and quote.lang is not None:
                self.problem(
                    "lang-without-original",
                    "'lang' gives the language of 'original'; add 'original' or remove 'lang'",
                    "quotes",
                    index,
                    "lang",
                )

    def relations(self) -> None:
        seen: set[str] = set()
        for index, relation in enumerate(self.event.related):
            where = ("related", index, "event")
            if relation.event == self.event.id:
                self.problem(
                    "self-relation",
                    "an event cannot be related to itself; name the other event's id or remove "
                    "this relation",
                    *where,
                )
            elif relation.event in self.known.aliases:
                now = self.known.aliases[relation.event]
                self.warn(
                    "related-alias",
                    f"'{relation.event}' is an earlier id of '{now}' (see its 'aliases'); "
                    f"the link works, but write the id it has now: {now}",
                    *where,
                )
            elif relation.event not in self.known.event_ids:
                advice = "an event's id is its file name without '.yaml'"
                close = self.known.events.closest(relation.event, besides=self.event.id)
                self.problem(
                    "unknown-ref",
                    f"unknown event '{relation.event}'; {did_you_mean(close)}{advice}",
                    *where,
                )
            elif relation.event in seen:
                self.problem(
                    "duplicate-relation",
                    f"the relation to '{relation.event}' is written twice; keep one",
                    *where,
                )
            seen.add(relation.event)


def check_relations_once(events: list[model.Event]) -> list[Diagnostic]:
    """A relation is written on one of its two events; both sides show it."""
    declared = {(e.id, r.event) for e in events for r in e.related}
    found = []
    for event in events:
        for index, relation in enumerate(event.related):
            if (relation.event, event.id) in declared and event.id > relation.event:
                found.append(
                    warning(
                        event.path,
                        *_position(event, "related", index, "event"),
                        "relation-twice",
                        f"'{relation.event}' already relates to this event; a relation is written "
                        "on one of the two events and shown on both pages, so remove one",
                    )
                )
    return found


def check_aliases(events: list[model.Event], event_ids: set[str]) -> list[Diagnostic]:
    """An earlier id names one event, and no event has it as its id now."""
    found = []
    owner: dict[str, str] = {}
    for event in events:
        for index, alias in enumerate(event.aliases):
            where = _position(event, "aliases", index)
            if alias in event_ids:
                found.append(
                    error(
                        event.path,
                        *where,
                        "alias-taken",
                        f"'{alias}' is the id of "
                        f"{'this event' if alias == event.id else 'another event'}, so its "
                        "address cannot redirect here; remove it from 'aliases'",
                    )
                )
            elif owner.setdefault(alias, event.id) != event.id:
                found.append(
                    error(
                        event.path,
                        *where,
                        "alias-taken",
                        f"'{alias}' is already an alias of '{owner[alias]}'; an earlier "
                        "address redirects to one event, so keep it on one of them",
                    )
                )
    return found


def check_project(loaded: LoadResult) -> list[Diagnostic]:
    found = check_unique_ids(loaded.event_files, "event")
    found += check_unique_ids(loaded.entity_files, "entity")
    entities = {e.id: e for e in loaded.entities}
    # references may name records that failed their own checks: those exist all the same
    event_ids = _ids(loaded.event_files)
    found += check_aliases([*loaded.events, *loaded.invalid_events], event_ids)
    aliases = {
        alias: event.id
        for event in (*loaded.events, *loaded.invalid_events)
        for alias in event.aliases
        if alias not in event_ids
    }
    known = Known(_ids(loaded.entity_files), event_ids, aliases)
    for event in loaded.events:
        found += check_event(event, entities, known)
    for event in loaded.invalid_events:
        found += check_event(event, entities, known, complete=False)
    found += check_relations_once(loaded.events)
    found += check_lookalikes(loaded.entities)
    used_tags = {tag for event in (*loaded.events, *loaded.invalid_events) for tag in event.tags}
    found += check_topics(loaded.topics, used_tags)
    found += check_periods(loaded.periods)
    return found


def _ids(files_by_id: dict[str, list[str]]) -> set[str]:
    return {
        path.rsplit("/", 1)[-1].removesuffix(".yaml")
        for paths in files_by_id.values()
        for path in paths
    }
