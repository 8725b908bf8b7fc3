"""The record format, written once.

Each field of an event or entity record is declared here with its type,
whether it is required and what it means. The same declarations read and
check a parsed YAML tree (`read_record`) and produce the JSON Schema that
`timeline schema` prints for editors, so the two cannot drift apart; the
models (`generator.records.model`) are checked against them by
tests/records/test_model.py, and the schema of the export events.json takes
its record fields from them. The field types are in `fields` (values) and
`containers` (lists and mappings); every module reads them from here.
"""

from __future__ import annotations

import re
from typing import Any

from generator.layout import RESERVED_NAMES
from generator.records import dates, model
from generator.records.containers import Field, ListOf, Record
from generator.records.fields import (
    MAX_SLUG,
    SLUG_PATTERN,
    Choice,
    DateText,
    Markdown,
    Pattern,
    Text,
    is_slug,
    slug,
)
from generator.records.reading import INVALID, ReadContext, Type
from generator.records.yamltree import Mapping

# names other modules read from here, where the record format is declared
__all__ = [
    "ENTITY",
    "EVENT",
    "INVALID",
    "MAX_SLUG",
    "PERIOD",
    "QUOTE",
    "RECORDS",
    "RECORD_FORMAT_VERSION",
    "RELATION",
    "SLUG_PATTERN",
    "SOURCE",
    "TOPIC",
    "UPDATE",
    "URL",
    "URL_PATTERN",
    "Choice",
    "DateText",
    "Field",
    "ListOf",
    "Markdown",
    "Pattern",
    "ReadContext",
    "Record",
    "Text",
    "Type",
    "is_slug",
    "json_schema",
    "read_record",
    "slug",
]

# The version of the record format (the YAML that contributors write), given in the
# JSON Schema that `timeline schema` prints. It changes when a field is renamed,
# removed or changes meaning, never when one is added. The export events.json has
# its own (generator.exports.json_export.EVENTS_JSON_VERSION).
RECORD_FORMAT_VERSION = 1

_URL = re.compile(r"^https?://[^\s/?#]+[^\s]*$", re.IGNORECASE)
URL_PATTERN = r"^[hH][tT][tT][pP][sS]?://[^\s/?#]+[^\s]*$"  # the same, for every regex engine
_WIKIDATA = re.compile(r"^Q[1-9]\d*$")
_LANG = re.compile(r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$")

# a tag names its page, tags/<tag>.md, beside the page that lists every tag
_RESERVED_TAGS = {
    name: "the name of the page that lists every topic (/tags/), so it cannot be a tag; "
    "choose another word"
    for name in RESERVED_NAMES
}

URL = Pattern(
    _URL, URL_PATTERN, "invalid-url", "write a full web address starting with https:// or http://"
)

SOURCE = Record(
    "source",
    model.Source,
    [
        Field(
            "id",
            slug("a source id", "mnd", 40),
            "Short name for this source, for quotes to point at.",
        ),
        Field("url", URL, "Web address of the article or document.", required=True),
        Field(
            "publisher",
            Text(max_length=200),
            "Who published it: outlet, agency or body.",
            required=True,
        ),
        Field("title", Text(max_length=300), "Headline or title of the source."),
        Field(
            "published",
            DateText(dates.parse_day, dates.DAY_PATTERN),
            "Day of publication, YYYY-MM-DD.",
        ),
        Field("archive_url", URL, "A web archive copy of the page."),
    ],
    "a source",
)

QUOTE = Record(
    "quote",
    model.Quote,
    [
        Field(
            "text", Text(one_line=False, max_length=2000), "The words, in English.", required=True
        ),
        Field(
            "speaker",
            slug("an entity id", "claudia-sheinbaum"),
            "Entity id of the person or body quoted.",
            required=True,
        ),
        Field(
            "source",
            slug("a source id", "mnd", 40),
            "Id of the source (of this event) that printed the quote.",
            required=True,
        ),
        Field(
            "original",
            Text(one_line=False, max_length=2000),
            "The words in their original language.",
        ),
        Field(
            "lang",
            Pattern(
                _LANG,
                _LANG.pattern,
                "invalid-lang",
                "write a language code such as 'es' or 'pt-BR'",
                35,
            ),
            "Language code of 'original', such as 'es'.",
        ),
    ],
    "a quote",
)

RELATION = Record(
    "relation",
    model.Relation,
    [
        Field(
            "event",
            slug("an event id", "2025-05-03-sheinbaum-rejects-us-troops"),
            "Id of the other event.",
            required=True,
        ),
        Field(
            "type",
            Choice(model.RELATION_TYPES),
            "How this event relates to the other one.",
            required=True,
        ),
    ],
    "a relation",
)

UPDATE = Record(
    "update",
    model.Update,
    [
        Field(
            "date",
            DateText(dates.parse_day, dates.DAY_PATTERN),
            "Day of the update, YYYY-MM-DD.",
            required=True,
        ),
        Field(
            "kind",
            Choice(model.UPDATE_KINDS),
            "'update' for new information, 'correction' when the record was wrong.",
            required=True,
        ),
        Field(
            "note", Markdown(max_length=2000), "What changed, in a sentence or two.", required=True
        ),
    ],
    "an update",
)

EVENT = Record(
    "event",
    model.Event,
    [
        Field("title", Text(max_length=200), "What happened, in one neutral line.", required=True),
        Field(
            "date",
            DateText(dates.parse_date, dates.DATE_PATTERN),
            "When it happened: YYYY, YYYY-MM or YYYY-MM-DD, with ~ ? % qualifiers, spans A/B "
            "and ongoing spans A/..",
            required=True,
        ),
        Field(
            "time",
            DateText(dates.parse_time, dates.TIME_PATTERN, "invalid-time"),
            'Local time, 24-hour "HH:MM", to order events on the same day.',
        ),
        Field(
            "status",
            Choice(model.STATUSES),
            "How well established the event is; "
            "'reported' when it rests on anonymous sources. Default: reported.",
        ),
        Field(
            "summary", Markdown(max_length=3000), "One or two sentences of Markdown.", required=True
        ),
        Field("body", Markdown(max_length=50000), "Longer Markdown text."),
        Field(
            "actors",
            ListOf(slug("an entity id", "claudia-sheinbaum"), max_items=50, unique=True),
            "Entity ids of those involved.",
        ),
        Field(
            "places",
            ListOf(slug("an entity id", "claudia-sheinbaum"), max_items=20, unique=True),
            "Entity ids of the places (kinds country, region, city, place).",
        ),
        Field(
            "tags",
            ListOf(
                slug("a tag", "military-cooperation", 60, _RESERVED_TAGS), max_items=20, unique=True
            ),
            "Topic tags, as slugs.",
        ),
        Field(
            "sources",
            ListOf(
                SOURCE,
                min_items=1,
                max_items=50,
                advice="add one with its 'url' and 'publisher' (see CONTRIBUTING.md)",
            ),
            "Where the facts come from; at least one.",
            required=True,
        ),
        Field(
            "quotes",
            ListOf(QUOTE, max_items=50),
            "Quoted words, each tied to a speaker and a source.",
        ),
        Field(
            "related",
            ListOf(RELATION, max_items=50),
            "Links to other events, written on one of the two.",
        ),
        Field(
            "updates",
            ListOf(UPDATE, max_items=100),
            "Log of updates and corrections, oldest first.",
        ),
        Field(
            "aliases",
            ListOf(
                slug(
                    "an earlier id",
                    "2025-05-03-sheinbaum-rejects-troops",
                    reserved={
                        name: "the name of the page that lists every event"
                        for name in RESERVED_NAMES
                    },
                ),
                max_items=20,
                unique=True,
            ),
            "Earlier ids of this event, after a rename; their addresses redirect here.",
        ),
    ],
    "an event record",
)

ENTITY = Record(
    "entity",
    model.Entity,
    [
        Field("name", Text(max_length=200), "Name as readers know it.", required=True),
        Field("kind", Choice(model.ENTITY_KINDS), "What the entity is.", required=True),
        Field("summary", Markdown(max_length=3000), "One sentence of Markdown."),
        Field("aliases", ListOf(Text(max_length=200), max_items=20, unique=True), "Other names."),
        Field(
            "wikidata",
            Pattern(
                _WIKIDATA,
                _WIKIDATA.pattern,
                "invalid-wikidata",
                "write a Wikidata item id such as 'Q2979386'",
                20,
            ),
            "Wikidata item id, such as Q2979386.",
        ),
    ],
    "an entity record",
)


TOPIC = Record(
    "topic",
    model.Topic,
    [
        Field(
            "name",
            Text(max_length=100),
            "The topic's name as readers see it; the file name is the tag events write.",
            required=True,
        ),
        Field("description", Markdown(max_length=1000), "What the topic covers, in Markdown."),
    ],
    "a topic record",
)

PERIOD = Record(
    "period",
    model.Period,
    [
        Field("name", Text(max_length=80), "The period's name, shown on its band.", required=True),
        Field(
            "start",
            DateText(dates.parse_bound, dates.BOUND_PATTERN),
            "First day, month or year of the period: YYYY, YYYY-MM or YYYY-MM-DD.",
            required=True,
        ),
        Field(
            "end",
            DateText(dates.parse_bound, dates.BOUND_PATTERN),
            "Last day, month or year of the period; leave it out while it goes on.",
        ),
        Field("description", Markdown(max_length=1000), "What marks the period, in Markdown."),
    ],
    "a period record",
)

# every kind of record, by the name `timeline schema --record` takes
RECORDS = {"event": EVENT, "entity": ENTITY, "topic": TOPIC, "period": PERIOD}


def read_record(root: Mapping, spec: Record, path: str) -> tuple[dict | None, ReadContext]:
    """Check a parsed record against its spec; return its values and positions."""
    ctx = ReadContext(path)
    values = spec.read(root, ctx, ())
    return (None if values is INVALID else values), ctx  # check ctx.failed before trusting them


def json_schema(record: str | None = None) -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of one kind of record, or of any of them."""
    head = {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$comment": f"Timeline record format, version {RECORD_FORMAT_VERSION}",
    }
    if record is not None:
        return {**head, "title": f"Timeline {record} record", **RECORDS[record].json_schema()}
    return {
        **head,
        "title": "Timeline record (event, entity, topic or period)",
        "$defs": {name: spec.json_schema() for name, spec in RECORDS.items()},
        "oneOf": [{"$ref": f"#/$defs/{name}"} for name in RECORDS],
    }
