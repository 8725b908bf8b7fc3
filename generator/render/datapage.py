"""The /data/ page: what each download holds, field by field, with links to the files.

The field tables come from the JSON Schema of events.json and from the CSV
column list, so the page cannot describe a field that the files lack. The
page is Markdown for MkDocs (`data/index.md` under the docs folder), built
from a Jinja template; its links are relative, so they work wherever the
site is served.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2

from generator import layout as urls
from generator.exports import atom, csv_export, ics_export, json_export
from generator.records.model import Dataset
from generator.settings import SiteConfig

_TEMPLATES = jinja2.Environment(
    loader=jinja2.FileSystemLoader(Path(__file__).parent.parent / "templates"),
    autoescape=False,  # Markdown, not HTML; every value is written by the generator
    undefined=jinja2.StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
    keep_trailing_newline=True,
)


@dataclass(frozen=True)
class FieldTable:
    title: str
    intro: str
    fields: list[tuple[str, str]]


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
    title = f"`{path}`" if path else "The file"
    fields = [(name, prop.get("description", "")) for name, prop in properties.items()]
    tables = [FieldTable(title, schema.get("description", ""), fields)]
    for name, prop in properties.items():
        child, suffix = _object_of(prop)
        if child is not None:
            tables += field_tables(child, f"{path}.{name}{suffix}" if path else f"{name}{suffix}")
    return tables


def data_page(dataset: Dataset, config: SiteConfig) -> str:
    return _TEMPLATES.get_template("data_page.md.j2").render(
        events_count=len(dataset.events),
        entities_count=len(dataset.entities),
        tags_count=len(dataset.events_by_tag),
        schema_version=json_export.EVENTS_JSON_VERSION,
        json_tables=field_tables(json_export.EVENTS_SCHEMA),
        csv_columns=list(csv_export.COLUMNS.items()),
        left_out_count=len(ics_export.left_out(dataset)),
        max_entries=atom.MAX_ENTRIES,
        timelinejs_url=config.absolute(urls.TIMELINEJS_JSON),
    )
