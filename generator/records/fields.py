"""The field types of values: text, Markdown, patterns, choices and dates.

Each type reads one node of the positioned YAML tree, records a diagnostic
(with the node's line and column) when the value is wrong, and describes
itself as JSON Schema. Lists and mappings of them are in
`generator.records.containers`; `generator.records.schema` declares the
records with both.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any

from generator.diagnostics import error
from generator.records import date_hints, dates
from generator.records.reading import (
    INVALID,
    ONE_LINE_FORBIDDEN,
    ReadContext,
    Type,
    clip,
    path_name,
    suggestion,
)
from generator.records.yaml_hints import comment_message, curly_message, curly_quoted
from generator.records.yamltree import Node, Scalar, describe

SLUG_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*$"
MAX_SLUG = 100
_SLUG = re.compile(SLUG_PATTERN)
# Control characters (Unicode category Cc), the bidirectional overrides and isolates,
# which can make text read differently from what it is, and the noncharacters U+FFFE
# and U+FFFF, which XML and YAML cannot carry; one-line text also refuses line breaks
# (U+2028 and U+2029 included) and tabs (reading.ONE_LINE_FORBIDDEN). Zero-width
# characters are allowed: joiners are part of how several scripts and many emoji are
# written.
_FORBIDDEN = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ufffe\uffff]")
_LINE_BREAKS = frozenset("\n\r\x85\u2028\u2029")
# A web address, an id or a code holds no control or invisible formatting character
# (Unicode categories Cc and Cf: bidirectional controls, zero-width characters) and no
# line or paragraph separator; the patterns themselves refuse spaces.
_HIDDEN_CATEGORIES = frozenset(("Cc", "Cf", "Zl", "Zp"))
_ASCII_CONTROL = re.compile("[\x00-\x1f\x7f]")


def is_slug(text: str) -> bool:
    """Whether text is a slug: lowercase letters and digits in words joined by single
    hyphens (the length limit is the caller's)."""
    return _SLUG.fullmatch(text) is not None


def _hidden_character(text: str) -> int | None:
    """The index of the first control or invisible formatting character, if any."""
    if text.isascii():  # nearly every address: one regular expression, no loop
        found = _ASCII_CONTROL.search(text)
        return found.start() if found else None
    for index, char in enumerate(text):
        if unicodedata.category(char) in _HIDDEN_CATEGORIES:
            return index
    return None


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
        found = (ONE_LINE_FORBIDDEN if self.one_line else _FORBIDDEN).search(text)
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
        if node.plain and (node.comment or curly_quoted(text)):
            return _lost_text(node, text, ctx, where)
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


def _lost_text(node: Scalar, text: str, ctx: ReadContext, where: tuple) -> object:
    """A plain value that YAML read differently from what it shows: a trailing ' #...'
    dropped as a comment, or curly quotes kept as text."""
    if node.comment is not None:
        line, col, dropped = node.comment
        ctx.diagnostics.append(
            error(
                ctx.path,
                line,
                col,
                "comment-in-text",
                comment_message(path_name(where), text, dropped),
            )
        )
        return INVALID
    return ctx.fail(node, "curly-quotes", curly_message(path_name(where), text))


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
        if not self.regex.fullmatch(text) or len(text) > self.max_length:
            return ctx.fail(
                node, self.code, f"'{path_name(where)}' is '{clip(text)}'; {self.advice}"
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
                got = f"'{clip(node.value)}'"
            else:
                got = "empty" if isinstance(node, Scalar) else describe(node)
            return ctx.fail(
                node,
                "invalid-choice",
                f"'{path_name(where)}' is {got}; {suggestion(node, self.values)}"
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
            return ctx.fail(node, self.code, date_hints.message(node.value) or str(exc))

    def json_schema(self) -> dict[str, Any]:
        return {"type": "string", "pattern": self.json_pattern}


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
