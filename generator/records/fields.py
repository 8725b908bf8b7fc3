"""The building blocks of the record format: field types that read and check values.

Each type reads one node of the positioned YAML tree, records a diagnostic
(with the node's line and column) when the value is wrong, and describes
itself as JSON Schema. `generator/schema.py` declares the records with them.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from dataclasses import dataclass
from typing import Any

from generator.diagnostics import Diagnostic, error
from generator.records import dates, model
from generator.records.yamltree import Mapping, Node, Scalar, Sequence, describe

SCHEMA_VERSION = 1
SLUG_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*$"
MAX_SLUG = 100
_SLUG = re.compile(SLUG_PATTERN)
_URL = re.compile(r"^https?://[^\s/?#]+[^\s]*$", re.IGNORECASE)
URL_PATTERN = r"^[hH][tT][tT][pP][sS]?://[^\s/?#]+[^\s]*$"
_WIKIDATA = re.compile(r"^Q[1-9]\d*$")
_LANG = re.compile(r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$")
# Control characters (Unicode category Cc), the bidirectional overrides and isolates,
# which can make text read differently from what it is, and the noncharacters U+FFFE
# and U+FFFF, which XML and YAML cannot carry; one-line text also refuses line breaks
# (U+2028 and U+2029 included) and tabs. Zero-width characters are allowed: joiners
# are part of how several scripts and many emoji are written.
_FORBIDDEN = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ufffe\uffff]")
_ONE_LINE_FORBIDDEN = re.compile(
    "[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufffe\uffff]"
)
_LINE_BREAKS = frozenset("\n\r\x85\u2028\u2029")
# A web address, an id or a code holds no control or invisible formatting character
# (Unicode categories Cc and Cf: bidirectional controls, zero-width characters) and no
# line or paragraph separator; the patterns themselves refuse spaces.
_HIDDEN_CATEGORIES = frozenset(("Cc", "Cf", "Zl", "Zp"))
_ASCII_CONTROL = re.compile("[\x00-\x1f\x7f]")


def _hidden_character(text: str) -> int | None:
    """The index of the first control or invisible formatting character, if any."""
    if text.isascii():  # nearly every address: one regular expression, no loop
        found = _ASCII_CONTROL.search(text)
        return found.start() if found else None
    for index, char in enumerate(text):
        if unicodedata.category(char) in _HIDDEN_CATEGORIES:
            return index
    return None


INVALID = object()  # a value that failed its check; the diagnostic is already recorded


class ReadContext:
    """Collects diagnostics and value positions while one record is read."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.diagnostics: list[Diagnostic] = []
        self.locations: model.Locations = {}
        self.failed = False

    def fail(self, node: Node, code: str, message: str) -> object:
        self.diagnostics.append(error(self.path, node.line, node.col, code, message))
        return INVALID


def _not_text(node: Node, ctx: ReadContext, where: tuple) -> object:
    """The failure for a value that should be text: empty, or a list or mapping."""
    if isinstance(node, Scalar):
        if where and isinstance(where[-1], int):
            advice = "write a value after the '-' or remove the empty item"
        else:
            advice = f"write its value after '{where[-1] if where else 'the key'}:'"
        return ctx.fail(node, "empty", f"'{path_name(where)}' is empty; {advice}")
    return ctx.fail(
        node,
        "wrong-type",
        f"'{path_name(where)}' must be text, not {describe(node)}; "
        "put text that starts with '[' or '{' in quotes",
    )


class Type:
    description = ""

    def read(self, node: Node, ctx: ReadContext, where: tuple) -> Any:
        raise NotImplementedError

    def json_schema(self) -> dict[str, Any]:
        raise NotImplementedError


class Text(Type):
    """Plain text; never interpreted as Markdown or HTML."""

    def __init__(self, *, one_line: bool = True, max_length: int = 300) -> None:
        self.one_line = one_line
        self.max_length = max_length

    def read(self, node: Node, ctx: ReadContext, where: tuple) -> Any:
        if not isinstance(node, Scalar) or node.is_null:
            return _not_text(node, ctx, where)
        text = node.value.strip() if self.one_line else node.value.strip("\n")
        if not text.strip():
            return _not_text(node, ctx, where)
        found = (_ONE_LINE_FORBIDDEN if self.one_line else _FORBIDDEN).search(text)
        if found:
            char, index = found.group(), found.start()
            if char in _LINE_BREAKS:
                return ctx.fail(
                    node,
                    "multi-line",
                    f"'{path_name(where)}' must be a single line; remove the line break",
                )
            if char == "\t":
                return ctx.fail(
                    node,
                    "control-character",
                    f"'{path_name(where)}' holds a tab at character {index + 1}; "
                    "replace it with a space",
                )
            return ctx.fail(
                node,
                "control-character",
                f"'{path_name(where)}' holds the invisible control character "
                f"U+{ord(char):04X} at character {index + 1}; delete it",
            )
        if len(text) > self.max_length:
            return ctx.fail(
                node,
                "too-long",
                f"'{path_name(where)}' is {len(text)} characters long; "
                f"the limit is {self.max_length}",
            )
        return text

    def json_schema(self) -> dict[str, Any]:
        schema: dict[str, Any] = {"type": "string", "minLength": 1, "maxLength": self.max_length}
        if self.one_line:
            schema["pattern"] = r"^[^\n\r\t]*$"
        return schema


class Markdown(Text):
    def __init__(self, *, max_length: int) -> None:
        super().__init__(one_line=False, max_length=max_length)


class Pattern(Type):
    """Text that must match a regular expression: slugs, URLs, Q-numbers."""

    def __init__(
        self,
        regex: re.Pattern,
        json_pattern: str,
        code: str,
        advice: str,
        max_length: int = 2000,
        reserved: dict[str, str] | None = None,
    ) -> None:
        self.regex = regex
        self.json_pattern = json_pattern
        self.code = code
        self.advice = advice
        self.max_length = max_length
        self.reserved = reserved or {}  # values that match but are taken: value -> why

    def read(self, node: Node, ctx: ReadContext, where: tuple) -> Any:
        if not isinstance(node, Scalar) or node.is_null:
            return _not_text(node, ctx, where)
        text = node.value.strip()
        hidden = _hidden_character(text)
        if hidden is not None:
            return ctx.fail(
                node,
                self.code,
                f"'{path_name(where)}' holds the invisible character U+{ord(text[hidden]):04X} "
                f"at character {hidden + 1}; delete it ({self.advice})",
            )
        if not self.regex.match(text) or len(text) > self.max_length:
            return ctx.fail(
                node, self.code, f"'{path_name(where)}' is '{_clip(text)}'; {self.advice}"
            )
        if text in self.reserved:
            return ctx.fail(
                node, "reserved-name", f"'{path_name(where)}' is '{text}', {self.reserved[text]}"
            )
        return text

    def json_schema(self) -> dict[str, Any]:
        schema: dict[str, Any] = {
            "type": "string",
            "pattern": self.json_pattern,
            "maxLength": self.max_length,
        }
        if self.reserved:
            schema["not"] = {"enum": sorted(self.reserved)}
        return schema


class Choice(Type):
    def __init__(self, values: tuple[str, ...]) -> None:
        self.values = values

    def read(self, node: Node, ctx: ReadContext, where: tuple) -> Any:
        if not isinstance(node, Scalar) or node.value not in self.values:
            if isinstance(node, Scalar) and not node.is_null:
                got = f"'{_clip(node.value)}'"
            else:
                got = "empty" if isinstance(node, Scalar) else describe(node)
            return ctx.fail(
                node,
                "invalid-choice",
                f"'{path_name(where)}' is {got}; {_did_you_mean(node, self.values)}"
                f"choose one of: {', '.join(self.values)}",
            )
        return node.value

    def json_schema(self) -> dict[str, Any]:
        return {"type": "string", "enum": list(self.values)}


class DateText(Type):
    """A date, read from the text as written; YAML's own date guessing never applies."""

    def __init__(self, parse, json_pattern: str, code: str = "invalid-date") -> None:
        self.parse = parse
        self.json_pattern = json_pattern
        self.code = code

    def read(self, node: Node, ctx: ReadContext, where: tuple) -> Any:
        if not isinstance(node, Scalar) or node.is_null:
            return _not_text(node, ctx, where)
        try:
            return self.parse(node.value)
        except dates.DateError as exc:
            return ctx.fail(node, self.code, str(exc))

    def json_schema(self) -> dict[str, Any]:
        return {"type": "string", "pattern": self.json_pattern}


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
                f"'{path_name(where)}' needs at least {self.min_items} item"
                f"{'s' if self.min_items > 1 else ''}{'; ' if self.advice else ''}{self.advice}",
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
                    f"'{_clip(str(value))}' is listed twice in '{path_name(where)}'; remove one",
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
    """A mapping with known keys; reading it builds one model object."""

    def __init__(self, name: str, model_class: type, fields: list[Field], description: str) -> None:
        self.name = name
        self.model_class = model_class
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
                close = _close_match(key_node, tuple(self.fields))
                if close:
                    suggested.add(close)
                ctx.fail(
                    key_node,
                    "unknown-key",
                    f"unknown key '{_clip(key)}' in {self.description}; "
                    f"{_did_you_mean(key_node, tuple(self.fields))}"
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
        return values if self.model_class is dict else self.model_class(**values)

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


def path_name(where: tuple) -> str:
    """'sources[1].url' for ('sources', 1, 'url')."""
    text = ""
    for part in where:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else part)
    return text or "record"


def _clip(text: str, limit: int = 60) -> str:
    """A value quoted in a message: one line, short, and nothing a terminal acts on."""
    text = text.replace("\n", " ")
    text = text if len(text) <= limit else text[: limit - 1] + "…"
    return _ONE_LINE_FORBIDDEN.sub(lambda m: f"<U+{ord(m.group()):04X}>", text)


def _is_empty(node: Node) -> bool:
    return isinstance(node, Scalar) and node.is_null


def _close_match(node: Node, choices: tuple[str, ...]) -> str | None:
    if not isinstance(node, Scalar):
        return None
    close = difflib.get_close_matches(node.value.lower(), choices, n=1, cutoff=0.6)
    return close[0] if close else None


def _did_you_mean(node: Node, choices: tuple[str, ...]) -> str:
    close = _close_match(node, choices)
    return f"did you mean '{close}'? " if close else ""


def slug(
    what: str, example: str, max_length: int = MAX_SLUG, reserved: dict[str, str] | None = None
) -> Pattern:
    return Pattern(
        _SLUG,
        SLUG_PATTERN,
        "invalid-slug",
        f"{what} is written in lowercase letters, digits and single hyphens, like '{example}'"
        f"{f', at most {max_length} characters' if max_length < MAX_SLUG else ''}",
        max_length,
        reserved,
    )
