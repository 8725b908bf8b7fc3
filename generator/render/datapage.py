"""The /data/ page: what each download holds, field by field, with links to the files.

The field tables come from the JSON Schema of events.json and from the CSV
column list, so the page cannot describe a field that the files lack. The
page is Markdown for MkDocs (`data/index.md` under the docs folder), built
from a Jinja template; its links are relative, so they work wherever the
site is served.
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass
from typing import Any

from markupsafe import Markup

from generator import layout
from generator.exports import atom, csv_export, ics_export, json_export
from generator.records.model import Dataset
from generator.render.environment import render
from generator.render.links import Links
from generator.settings import SiteConfig

# The descriptions of the fields are Markdown written with the generator (in its
# record format and its exports), not record text: the page prints them as they are.


@dataclass(frozen=True)
class FieldTable:
    title: Markup
    intro: Markup
    fields: list[tuple[Markup, Markup]]


@dataclass(frozen=True)
class Download:
    """A file of the site as the data page names it: its href and its file name."""

    href: Markup
    name: Markup


def downloads(links: Links) -> dict[str, Download]:
    """The files the page describes, by the name the template gives each."""
    paths = {
        "events_json": layout.EVENTS_JSON,
        "schema_json": layout.SCHEMA_JSON,
        "events_csv": layout.EVENTS_CSV,
        "events_ics": layout.EVENTS_ICS,
        "site_feed": layout.SITE_FEED,
        "changes_feed": layout.CHANGES_FEED,
        "timelinejs_json": layout.TIMELINEJS_JSON,
    }
    return {
        key: Download(links.file(path), Markup(posixpath.basename(path)))
        for key, path in paths.items()
    }


def _object_of(schema: dict[str, Any]) -> tuple[dict[str, Any] | None, str]:
    """The object schema a property holds, directly or as list items, and its suffix."""
    if schema.get("type") == "object":
        return schema, ""
    items = schema.get("items")
    if schema.get("type") == "array" and isinstance(items, dict) and items.get("type") == "object":
        return items, "[]"
    return None, ""


def field_tables(schema: dict[str, Any], path: str = "") -> list[FieldTable]:
    """One table per object in the schema, depth first: events[], events[].date, ..."""
    properties = schema["properties"]
    title = Markup(f"`{path}`" if path else "The file")
    fields = [
        (Markup(name), Markup(prop.get("description", ""))) for name, prop in properties.items()
    ]
    tables = [FieldTable(title, Markup(schema.get("description", "")), fields)]
    for name, prop in properties.items():
        child, suffix = _object_of(prop)
        if child is not None:
            tables += field_tables(child, f"{path}.{name}{suffix}" if path else f"{name}{suffix}")
    return tables


def data_page(dataset: Dataset, config: SiteConfig) -> str:
    links = Links(dataset, layout.DATA_PAGE)
    return render(
        "data_page.md.j2",
        files=downloads(links),
        changes_page=links.page(layout.CHANGES_PAGE),
        feed_patterns=[
            Markup("/" + layout.tag_feed_path("<tag>")),
            Markup("/" + layout.actor_feed_path("<id>")),
        ],
        events_count=len(dataset.events),
        entities_count=len(dataset.entities),
        tags_count=len(dataset.events_by_tag),
        schema_version=json_export.EVENTS_JSON_VERSION,
        json_tables=field_tables(json_export.EVENTS_SCHEMA),
        csv_columns=[(Markup(name), Markup(text)) for name, text in csv_export.COLUMNS.items()],
        left_out_count=len(ics_export.left_out(dataset)),
        max_entries=atom.MAX_ENTRIES,
        scoped_entries=atom.SCOPED_ENTRIES,
        timelinejs_url=config.absolute(layout.TIMELINEJS_JSON),
    )
