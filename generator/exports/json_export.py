"""/data/events.json: every event and entity, normalised, and /data/schema.json describing it.

Every key is always present (null or [] when a record leaves it out), so
that readers of the file never have to guess. Ids join events to entities
and tags. Page URLs are absolute. The file is compact (no indentation),
because at 10,000 events indentation alone adds megabytes; keys are sorted
so that the same records always give the same bytes.

`EVENTS_JSON_VERSION` (the file's `schema_version`) is the version of this
file's shape, not of the records' (that is `RECORD_FORMAT_VERSION` in
generator.records.schema): it changes when a field is renamed, removed or
changes meaning; adding a field does not change it.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from datetime import datetime
from typing import Any

from generator import layout as urls
from generator.exports.clock import utc_timestamp
from generator.exports.json_stream import Lazy, dump_json, dump_json_chunks
from generator.records import dates, schema
from generator.records.model import Dataset, Entity, Event
from generator.records.schema import SLUG_PATTERN, URL_PATTERN
from generator.settings import SiteConfig

EVENTS_JSON_VERSION = 1
PRECISIONS = {
    dates.Precision.YEAR: "year",
    dates.Precision.MONTH: "month",
    dates.Precision.DAY: "day",
}


def date_record(when: dates.EventDate) -> dict[str, Any]:
    points = (when.start, when.end) if when.end else (when.start,)
    return {
        "edtf": when.edtf(),
        "display": when.display(),
        "earliest": when.earliest.isoformat(),
        "latest": when.latest.isoformat() if when.latest else None,
        "precision": PRECISIONS[when.precision],
        "approximate": any(p.approximate for p in points),
        "uncertain": any(p.uncertain for p in points),
        "ongoing": when.ongoing,
    }


def event_record(event: Event, dataset: Dataset, config: SiteConfig) -> dict[str, Any]:
    return {
        "id": event.id,
        "url": config.absolute(urls.event_address(event.id)),
        "title": event.title,
        "date": date_record(event.date),
        "time": event.time,
        "status": event.status,
        "summary": event.summary,
        "body": event.body,
        "actors": list(event.actors),
        "places": list(event.places),
        "tags": list(event.tags),
        "sources": [
            {
                "id": s.id,
                "url": s.url,
                "publisher": s.publisher,
                "title": s.title,
                "published": s.published.isoformat() if s.published else None,
                "archive_url": s.archive_url,
            }
            for s in event.sources
        ],
        "quotes": [
            {
                "text": q.text,
                "speaker": q.speaker,
                "source": q.source,
                "original": q.original,
                "lang": q.lang,
            }
            for q in event.quotes
        ],
        "related": [
            {
                "event": link.event,
                "type": link.type,
                "label": link.label,
                "direction": "outgoing" if link.outgoing else "incoming",
            }
            for link in dataset.links_of(event)
        ],
        "updates": [
            {"date": u.date.isoformat(), "kind": u.kind, "note": u.note} for u in event.updates
        ],
        "aliases": list(event.aliases),
        "record": event.path,
        **_history_dates(event, dataset),
    }


def _history_dates(event: Event, dataset: Dataset) -> dict[str, str | None]:
    """When the record was added and last changed, from the repository; null if not known."""
    dates = dataset.history.of(event.path)
    if dates is None:
        return {"added": None, "changed": None}
    return {"added": utc_timestamp(dates.added), "changed": utc_timestamp(dates.changed)}


def actor_has_feed(entity: Entity, dataset: Dataset) -> bool:
    return not entity.is_place and bool(dataset.events_by_entity.get(entity.id))


def entity_record(entity: Entity, dataset: Dataset, config: SiteConfig) -> dict[str, Any]:
    return {
        "id": entity.id,
        "url": config.absolute(urls.entity_address(entity)),
        "name": entity.name,
        "kind": entity.kind,
        "summary": entity.summary,
        "aliases": list(entity.aliases),
        "wikidata": entity.wikidata,
        "events": [e.id for e in dataset.events_by_entity.get(entity.id, ())],
        "feed": (
            config.absolute(urls.actor_feed_path(entity.id))
            if actor_has_feed(entity, dataset)
            else None
        ),
        "record": entity.path,
    }


def events_json(dataset: Dataset, config: SiteConfig, build_time: datetime) -> str:
    return "".join(events_json_chunks(dataset, config, build_time))


def events_json_chunks(dataset: Dataset, config: SiteConfig, build_time: datetime) -> Iterator[str]:
    """events.json in pieces, one event or entity at a time (see dump_json_chunks)."""
    payload = {
        "$schema": config.absolute(urls.SCHEMA_JSON),
        "schema_version": EVENTS_JSON_VERSION,
        "generated": utc_timestamp(build_time),
        "history_known": dataset.history.known,
        "site": {"name": config.name, "url": config.url},
        "events": Lazy(event_record(e, dataset, config) for e in dataset.events),
        "entities": Lazy(entity_record(e, dataset, config) for e in dataset.entities.values()),
        "tags": [
            {
                "id": tag,
                "name": dataset.topic_name(tag),
                "description": dataset.topic_description(tag),
                "url": config.absolute(urls.tag_address(tag)),
                "feed": config.absolute(urls.tag_feed_path(tag)),
                "events": [e.id for e in events],
            }
            for tag, events in dataset.events_by_tag.items()
        ],
        "periods": [
            {
                "id": p.id,
                "name": p.name,
                "start": p.start.edtf(),
                "end": p.end.edtf() if p.end else None,
                "description": p.description,
            }
            for p in dataset.periods
        ],
    }
    return dump_json_chunks(payload)


# --- the JSON Schema of events.json: the record fields from their declarations
# (generator.records.schema), and what this file adds to them ---


def _obj(properties: dict[str, Any], description: str) -> dict[str, Any]:
    return {
        "type": "object",
        "description": description,
        "properties": properties,
        "required": sorted(properties),
        "additionalProperties": False,
    }


def _nullable(schema: dict[str, Any]) -> dict[str, Any]:
    inner = {k: v for k, v in schema.items() if k != "description"}
    outer: dict[str, Any] = {"anyOf": [inner, {"type": "null"}]}
    if "description" in schema:
        outer["description"] = schema["description"] + " Null if not given."
    return outer


def _list(items: dict[str, Any], description: str) -> dict[str, Any]:
    return {"type": "array", "items": items, "description": description}


_TEXT = {"type": "string"}
_SLUG = {"type": "string", "pattern": SLUG_PATTERN}
_URL = {"type": "string", "format": "uri", "pattern": URL_PATTERN}
_DAY = {"type": "string", "format": "date", "pattern": dates.DAY_PATTERN}
_MOMENT = {"type": "string", "format": "date-time"}
_SLUGS = {"type": "array", "items": _SLUG, "uniqueItems": True}
# JSON Schema's names for what two of the record format's patterns describe
_FORMATS = {dates.DAY_PATTERN: "date", URL_PATTERN: "uri"}


def _exported(value_type: schema.Type) -> dict[str, Any]:
    """The JSON Schema of a record's value as this file writes it, from its declaration."""
    if isinstance(value_type, schema.Record):
        return _obj(_record_fields(value_type), _sentence(value_type.description))
    described = value_type.json_schema()
    if isinstance(value_type, schema.ListOf):
        return {**described, "items": _exported(value_type.item)}
    if described.get("pattern") in _FORMATS:
        described["format"] = _FORMATS[described["pattern"]]
    return described


def _field(record: schema.Record, name: str) -> dict[str, Any]:
    declared = record.fields[name]
    return {"description": declared.description, **_exported(declared.type)}


def _record_fields(record: schema.Record, **replaced: dict[str, Any]) -> dict[str, Any]:
    """Every declared field of a record as this file writes it: always present, and null
    where the record leaves it out and the model has no other default (a list is [])."""
    defaults = {f.name: f.default for f in dataclasses.fields(record.model)}
    properties = {}
    for name in record.fields:
        if name in replaced:
            properties[name] = replaced[name]
        elif defaults[name] is None:
            properties[name] = _nullable(_field(record, name))
        else:
            properties[name] = _field(record, name)
    return properties


def _sentence(description: str) -> str:
    """'a source' -> 'A source.'"""
    return description[0].upper() + description[1:] + "."


_DATE = _obj(
    {
        "edtf": {
            "type": "string",
            "pattern": dates.DATE_PATTERN,
            "description": "The date as written in the record (EDTF levels 0 and 1).",
        },
        "display": {"type": "string", "description": "The date as the site shows it."},
        "earliest": {**_DAY, "description": "The first day the date can mean."},
        "latest": {
            "anyOf": [_DAY, {"type": "null"}],
            "description": "The last day the date can mean; null while a span is ongoing.",
        },
        "precision": {
            "enum": list(PRECISIONS.values()),
            "description": "How precisely the start is known.",
        },
        "approximate": {"type": "boolean", "description": "Marked ~ or % in the record."},
        "uncertain": {"type": "boolean", "description": "Marked ? or % in the record."},
        "ongoing": {"type": "boolean", "description": "A span that has not ended (A/..)."},
    },
    "When the event happened.",
)

# the relations of an event in both directions, where the record holds those it declares
_RELATION = _obj(
    {
        "event": _field(schema.RELATION, "event"),
        "type": {
            **_exported(schema.RELATION.fields["type"].type),
            "description": "Kind of relation, as the event that declares it writes it.",
        },
        "label": {"type": "string", "description": "How the site names the link from this side."},
        "direction": {
            "enum": ["outgoing", "incoming"],
            "description": "outgoing: written on this event; incoming: written on the other.",
        },
    },
    "A link to another event, in either direction.",
)

_EVENT = _obj(
    {
        "id": {**_SLUG, "description": "The event's id: its file name without .yaml."},
        "url": {**_URL, "description": "The event's page."},
        **_record_fields(
            schema.EVENT,
            date=_DATE,
            related=_list(_RELATION, "Related events in both directions, in time order."),
        ),
        "record": {**_TEXT, "description": "Path of the YAML record in the repository."},
        "added": {
            "anyOf": [_MOMENT, {"type": "null"}],
            "description": "When the record reached the repository's main line (UTC); null "
            "when the history is not known (history_known) or the record is not committed.",
        },
        "changed": {
            "anyOf": [_MOMENT, {"type": "null"}],
            "description": "When the record's text last changed there (UTC); null as for added.",
        },
    },
    "One event.",
)

_ENTITY = _obj(
    {
        "id": {**_SLUG, "description": "The entity's id: its file name without .yaml."},
        "url": {**_URL, "description": "The entity's page."},
        **_record_fields(schema.ENTITY),
        "events": {**_SLUGS, "description": "Ids of the events that name it, in time order."},
        "feed": {
            "anyOf": [_URL, {"type": "null"}],
            "description": "Atom feed of its events; null for places and for entities "
            "named by no event.",
        },
        "record": {**_TEXT, "description": "Path of the YAML record in the repository."},
    },
    "A person, organisation or place.",
)

_TAG = _obj(
    {
        "id": {**_exported(schema.EVENT.fields["tags"].type.item), "description": "The tag."},
        **_record_fields(
            schema.TOPIC,
            name={**_TEXT, "description": "Its topic record's name, or else the tag as words."},
        ),
        "url": {**_URL, "description": "The tag's page."},
        "feed": {**_URL, "description": "Atom feed of its events."},
        "events": {**_SLUGS, "description": "Ids of the tagged events, in time order."},
    },
    "A topic tag.",
)

_PERIOD = _obj(
    {
        "id": {**_SLUG, "description": "The period's id: its file name without .yaml."},
        **_record_fields(schema.PERIOD, end=_nullable(_field(schema.PERIOD, "end"))),
    },
    "A period (era) of the timeline.",
)

EVENTS_SCHEMA: dict[str, Any] = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "title": "Timeline events export",
    **_obj(
        {
            "$schema": {"type": "string", "description": "Address of this file's JSON Schema."},
            "schema_version": {
                "const": EVENTS_JSON_VERSION,
                "description": "Version of this format; changes when a field changes meaning.",
            },
            "generated": {
                "type": "string",
                "format": "date-time",
                "description": "When the file was built (UTC).",
            },
            "history_known": {
                "type": "boolean",
                "description": "Whether the build read the repository's history; if not, "
                "every event's added and changed are null.",
            },
            "site": _obj(
                {
                    "name": {**_TEXT, "description": "The site's name."},
                    "url": {**_URL, "description": "The site's address."},
                },
                "The site the data comes from.",
            ),
            "events": _list(_EVENT, "Every event, in time order."),
            "entities": _list(_ENTITY, "Every entity, by id."),
            "tags": _list(_TAG, "Every tag used by an event, by name."),
            "periods": _list(_PERIOD, "Every period, in time order."),
        },
        "Every event and entity of a timeline.",
    ),
}


def events_json_schema(config: SiteConfig) -> dict[str, Any]:
    return {"$id": config.absolute(urls.SCHEMA_JSON), **EVENTS_SCHEMA}


def schema_json(dataset: Dataset, config: SiteConfig, build_time: datetime) -> str:
    return dump_json(events_json_schema(config), indent=2)
