"""/data/events.json: every event and entity, normalised, and /data/schema.json describing it.

Every key is always present (null or [] when a record leaves it out), so
that readers of the file never have to guess. Ids join events to entities
and tags. Page URLs are absolute. The file is compact (no indentation),
because at 10,000 events indentation alone adds megabytes; keys are sorted
so that the same records always give the same bytes.

`SCHEMA_VERSION` changes when a field is renamed, removed or changes
meaning; adding a field does not change it.
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from generator import layout as urls
from generator.exports.clock import utc_timestamp
from generator.records import dates, model
from generator.records.model import Dataset, Entity, Event
from generator.records.schema import SLUG_PATTERN, URL_PATTERN
from generator.settings import SiteConfig

SCHEMA_VERSION = 1
PRECISIONS = {
    dates.Precision.YEAR: "year",
    dates.Precision.MONTH: "month",
    dates.Precision.DAY: "day",
}


def dump_json(value: Any, *, indent: int | None = None) -> str:
    """JSON that every parser reads: no NaN or Infinity, UTF-8 text, sorted keys."""
    separators = (",", ": ") if indent else (",", ":")
    text = json.dumps(
        value,
        allow_nan=False,
        ensure_ascii=False,
        sort_keys=True,
        indent=indent,
        separators=separators,
    )
    return text + "\n"


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
        "record": event.path,
    }


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
    payload = {
        "$schema": config.absolute(urls.SCHEMA_JSON),
        "schema_version": SCHEMA_VERSION,
        "generated": utc_timestamp(build_time),
        "site": {"name": config.name, "url": config.url},
        "events": [event_record(e, dataset, config) for e in dataset.events],
        "entities": [entity_record(e, dataset, config) for e in dataset.entities.values()],
        "tags": [
            {
                "id": tag,
                "url": config.absolute(urls.tag_address(tag)),
                "feed": config.absolute(urls.tag_feed_path(tag)),
                "events": [e.id for e in events],
            }
            for tag, events in dataset.events_by_tag.items()
        ],
    }
    return dump_json(payload)


# --- the JSON Schema of events.json: the one description of the file's shape ---


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
_SLUGS = {"type": "array", "items": _SLUG, "uniqueItems": True}

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

_SOURCE = _obj(
    {
        "id": _nullable({**_TEXT, "description": "Short name that quotes point at."}),
        "url": {**_URL, "description": "Web address of the article or document."},
        "publisher": {**_TEXT, "description": "Who published it."},
        "title": _nullable({**_TEXT, "description": "Headline or title."}),
        "published": _nullable({**_DAY, "description": "Day of publication."}),
        "archive_url": _nullable({**_URL, "description": "A web archive copy."}),
    },
    "A published source for the event.",
)

_QUOTE = _obj(
    {
        "text": {**_TEXT, "description": "The words, in English."},
        "speaker": {**_SLUG, "description": "Entity id of the speaker."},
        "source": {**_TEXT, "description": "Id of one of the event's sources."},
        "original": _nullable({**_TEXT, "description": "The words in their original language."}),
        "lang": _nullable({**_TEXT, "description": "Language code of `original`."}),
    },
    "Quoted words.",
)

_RELATION = _obj(
    {
        "event": {**_SLUG, "description": "Id of the other event."},
        "type": {"enum": list(model.RELATION_TYPES), "description": "Kind of relation."},
        "label": {"type": "string", "description": "How the site names the link from this side."},
        "direction": {
            "enum": ["outgoing", "incoming"],
            "description": "outgoing: written on this event; incoming: written on the other.",
        },
    },
    "A link to another event, in either direction.",
)

_UPDATE = _obj(
    {
        "date": {**_DAY, "description": "Day of the update."},
        "kind": {"enum": list(model.UPDATE_KINDS), "description": "update or correction."},
        "note": {**_TEXT, "description": "What changed, in Markdown."},
    },
    "An update or correction to the event.",
)

_EVENT = _obj(
    {
        "id": {**_SLUG, "description": "The event's id: its file name without .yaml."},
        "url": {**_URL, "description": "The event's page."},
        "title": {**_TEXT, "description": "What happened, in one line of plain text."},
        "date": _DATE,
        "time": _nullable(
            {"type": "string", "pattern": dates.TIME_PATTERN, "description": "24-hour local time."}
        ),
        "status": {
            "enum": list(model.STATUSES),
            "description": "confirmed, reported, disputed or retracted.",
        },
        "summary": {**_TEXT, "description": "One or two sentences of Markdown, as written."},
        "body": _nullable({**_TEXT, "description": "Longer Markdown text, as written."}),
        "actors": {**_SLUGS, "description": "Entity ids of those involved."},
        "places": {**_SLUGS, "description": "Entity ids of the places."},
        "tags": {**_SLUGS, "description": "Topic tags."},
        "sources": {
            "type": "array",
            "items": _SOURCE,
            "minItems": 1,
            "description": "Sources, numbered on the page in this order.",
        },
        "quotes": _list(_QUOTE, "Quoted words, each with its speaker and source."),
        "related": _list(_RELATION, "Related events in both directions, in time order."),
        "updates": _list(_UPDATE, "Update and correction log, oldest first."),
        "record": {**_TEXT, "description": "Path of the YAML record in the repository."},
    },
    "One event.",
)

_ENTITY = _obj(
    {
        "id": {**_SLUG, "description": "The entity's id: its file name without .yaml."},
        "url": {**_URL, "description": "The entity's page."},
        "name": {**_TEXT, "description": "Name as readers know it."},
        "kind": {"enum": list(model.ENTITY_KINDS), "description": "What the entity is."},
        "summary": _nullable({**_TEXT, "description": "Markdown, as written."}),
        "aliases": {"type": "array", "items": _TEXT, "description": "Other names."},
        "wikidata": _nullable(
            {"type": "string", "pattern": r"^Q[1-9]\d*$", "description": "Wikidata item."}
        ),
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
        "id": {**_SLUG, "description": "The tag."},
        "url": {**_URL, "description": "The tag's page."},
        "feed": {**_URL, "description": "Atom feed of its events."},
        "events": {**_SLUGS, "description": "Ids of the tagged events, in time order."},
    },
    "A topic tag.",
)

EVENTS_SCHEMA: dict[str, Any] = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "title": "Timeline events export",
    **_obj(
        {
            "$schema": {"type": "string", "description": "Address of this file's JSON Schema."},
            "schema_version": {
                "const": SCHEMA_VERSION,
                "description": "Version of this format; changes when a field changes meaning.",
            },
            "generated": {
                "type": "string",
                "format": "date-time",
                "description": "When the file was built (UTC).",
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
        },
        "Every event and entity of a timeline.",
    ),
}


def events_json_schema(config: SiteConfig) -> dict[str, Any]:
    return {"$id": config.absolute(urls.SCHEMA_JSON), **EVENTS_SCHEMA}


def schema_json(dataset: Dataset, config: SiteConfig, build_time: datetime) -> str:
    return dump_json(events_json_schema(config), indent=2)
