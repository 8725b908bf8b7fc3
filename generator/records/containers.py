"""The field types that hold others: lists (`ListOf`) and mappings with known keys (`Record`).

A `Record` is declared as a list of `Field`s, each with its type, whether it
is required and what it means; reading one builds its model object
(`generator.records.model`), and its JSON Schema is that of its fields.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from generator.diagnostics import plural
from generator.records.reading import (
    INVALID,
    ReadContext,
    Type,
    clip,
    close_match,
    path_name,
    suggestion,
)
from generator.records.yamltree import Mapping, Node, Scalar, Sequence, describe


class ListOf(Type):
    """A list of values of one type, between min_items and max_items long.

    Every list has a limit: an event is shown on the page of each of its actors,
    places and tags, and each of those pages and feeds repeats the event's lists,
    so what one record costs grows with the square of its list lengths (one record
    with 10,000 tags made 11.5 GB of tag feeds).
    """

    def __init__(
        self,
        item: Type,
        *,
        max_items: int,
        min_items: int = 0,
        unique: bool = False,
        advice: str = "",
    ) -> None:
        self.item = item
        self.min_items = min_items
        self.max_items = max_items
        self.unique = unique
        self.advice = advice  # what to add when the list is too short

    def read(self, node: Node, ctx: ReadContext, where: tuple) -> Any:
        if _is_empty(node):
            node = Sequence([], node.line, node.col)  # 'sources:' with nothing after it
        if not isinstance(node, Sequence):
            return ctx.fail(
                node,
                "wrong-type",
                f"'{path_name(where)}' must be a list, not {describe(node)}; "
                "write [a, b] or one '- item' per line",
            )
        if len(node.items) < self.min_items:
            return ctx.fail(
                node,
                "too-few",
                f"'{path_name(where)}' needs at least {plural(self.min_items, 'item')}"
                f"{'; ' if self.advice else ''}{self.advice}",
            )
        if len(node.items) > self.max_items:
            excess = len(node.items) - self.max_items
            return ctx.fail(
                node.items[self.max_items],
                "too-many",
                f"'{path_name(where)}' has {len(node.items):,} items, and at most {self.max_items} "
                f"are allowed; remove {excess:,} (the first one too many is here)",
            )
        values = []
        seen: dict[Any, int] = {}
        read, locations = self.item.read, ctx.locations
        for index, item in enumerate(node.items):
            here = (*where, index)
            value = read(item, ctx, here)
            if value is INVALID:
                continue
            locations[here] = (item.line, item.col)
            if self.unique and value in seen:
                ctx.fail(
                    item,
                    "duplicate-item",
                    f"'{clip(str(value))}' is listed twice in '{path_name(where)}'; remove one",
                )
                continue
            seen[value] = index
            values.append(value)
        return tuple(values)

    def json_schema(self) -> dict[str, Any]:
        schema: dict[str, Any] = {"type": "array", "items": self.item.json_schema()}
        if self.min_items:
            schema["minItems"] = self.min_items
        schema["maxItems"] = self.max_items
        if self.unique:
            schema["uniqueItems"] = True
        return schema


@dataclass(frozen=True)
class Field:
    name: str
    type: Type
    description: str
    required: bool = False


class Record(Type):
    """A mapping with known keys; reading it builds one `model` object.

    A record read at the top of a file (an event, an entity) gives its values
    instead, and the loader builds the model with what only the file says: the
    id (its name), its path and the values' positions (`model.LOADER_FIELDS`).
    """

    def __init__(self, name: str, model: type, fields: list[Field], description: str) -> None:
        self.name = name
        self.model = model
        self.fields = {f.name: f for f in fields}
        self.required = tuple(f for f in fields if f.required)
        self.description = description

    def read(self, node: Node, ctx: ReadContext, where: tuple) -> Any:
        if not isinstance(node, Mapping):
            return ctx.fail(
                node,
                "wrong-type",
                f"'{path_name(where)}' must be a mapping of 'key: value' lines, "
                f"not {describe(node)}",
            )
        values: dict[str, Any] = {}
        failed = False
        suggested: set[str] = set()
        for key, (key_node, value_node) in node.entries.items():
            spec = self.fields.get(key)
            if spec is None:
                close = close_match(key_node, tuple(self.fields))
                if close:
                    suggested.add(close)
                ctx.fail(
                    key_node,
                    "unknown-key",
                    f"unknown key '{clip(key)}' in {self.description}; "
                    f"{suggestion(key_node, tuple(self.fields))}"
                    f"allowed keys: {', '.join(self.fields)}",
                )
                failed = True
                continue
            if type(value_node) is Scalar and value_node.is_null and not spec.required:
                continue  # an optional key left empty means "not given"
            here = (*where, key)
            value = spec.type.read(value_node, ctx, here)
            if value is INVALID:
                failed = True
                continue
            ctx.locations[here] = (value_node.line, value_node.col)
            values[key] = value
        for spec in self.required:
            if spec.name not in node.entries:
                failed = True
                if spec.name in suggested:
                    continue  # the unknown key's 'did you mean' already says what to do
                meaning = spec.description[0].lower() + spec.description[1:].rstrip(".")
                ctx.fail(
                    node,
                    "missing-key",
                    f"{self.description} is missing the required key '{spec.name}' "
                    f"({meaning}); add a line '{spec.name}: ...'",
                )
        if failed:
            ctx.failed = True
            # a top-level record keeps its valid fields so that cross-record checks can still
            # report on them in the same run; a nested one is dropped
            return values if not where else INVALID
        return values if not where else self.model(**values)

    def json_schema(self) -> dict[str, Any]:
        properties = {}
        for f in self.fields.values():
            properties[f.name] = {"description": f.description, **f.type.json_schema()}
        return {
            "type": "object",
            "description": self.description[0].upper() + self.description[1:],
            "properties": properties,
            "required": [f.name for f in self.fields.values() if f.required],
            "additionalProperties": False,
        }


def _is_empty(node: Node) -> bool:
    return isinstance(node, Scalar) and node.is_null
