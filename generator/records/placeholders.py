"""The check for leftovers: no record is published with the REPLACE-ME of a skeleton.

`timeline new` writes skeletons whose text the contributor must still write
as the placeholder REPLACE-ME: valid YAML, so the file parses, and an error
here that points at each value still to fill.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from generator.diagnostics import Diagnostic, error
from generator.records import model, schema
from generator.records.reading import path_name

PLACEHOLDER = "REPLACE-ME"


def _walk_text(value: Any, where: tuple) -> list[tuple[tuple, str]]:
    if isinstance(value, str):
        return [(where, value)]
    if isinstance(value, tuple):
        return [hit for i, item in enumerate(value) for hit in _walk_text(item, (*where, i))]
    if dataclasses.is_dataclass(value):
        return [
            hit
            for f in dataclasses.fields(value)
            if f.name not in model.LOADER_FIELDS
            for hit in _walk_text(getattr(value, f.name), (*where, f.name))
        ]
    return []


_TEXT_FIELDS: dict[type, tuple[str, ...]] = {}


def _fields_of(kind: type) -> tuple[str, ...]:
    names = _TEXT_FIELDS.get(kind)
    if names is None:
        fields = dataclasses.fields(kind)
        names = tuple(f.name for f in fields if f.name not in model.LOADER_FIELDS)
        _TEXT_FIELDS[kind] = names
    return names


def _holds_placeholder(value: Any) -> bool:
    """Whether any text `_walk_text` finds holds the placeholder; quicker, for every record."""
    if isinstance(value, str):
        return PLACEHOLDER in value
    if isinstance(value, tuple):
        return any(_holds_placeholder(item) for item in value)
    if hasattr(type(value), "__dataclass_fields__"):
        return any(_holds_placeholder(getattr(value, name)) for name in _fields_of(type(value)))
    return False


def _field_at(spec: schema.Type, where: tuple) -> schema.Field | None:
    """The schema field a value sits in: ('sources', 0, 'url') -> the source's url."""
    found = None
    for part in where:
        if isinstance(spec, schema.ListOf):
            spec = spec.item
        if isinstance(part, str) and isinstance(spec, schema.Record) and part in spec.fields:
            found = spec.fields[part]
            spec = found.type
    return found


def check_placeholders(records: list[model.Event | model.Entity]) -> list[Diagnostic]:
    """An error for every value that still holds the REPLACE-ME of a skeleton."""
    found = []
    for record in records:
        if not _holds_placeholder(record):
            continue  # nearly every record: the walk below costs seconds at 10,000
        spec = schema.EVENT if isinstance(record, model.Event) else schema.ENTITY
        for where, text in _walk_text(record, ()):
            if PLACEHOLDER not in text:
                continue
            line, col = record.locations.get(where) or record.locations.get(where[:1], (1, 1))
            field = _field_at(spec, where)
            wanted = field.description.rstrip(".") if field else "the real value"
            found.append(
                error(
                    record.path,
                    line,
                    col,
                    "placeholder",
                    f"'{path_name(where)}' still holds the {PLACEHOLDER} placeholder of the "
                    f"skeleton; replace it with: {wanted[0].lower()}{wanted[1:]}",
                )
            )
    return found
