"""Reading one record against its declaration: what every field type shares.

A field type (`generator.records.fields` for values, `containers` for lists
and mappings) reads one node of the positioned YAML tree into a value. When
the value is wrong it records a diagnostic at the node's line and column in
the `ReadContext` and returns `INVALID`, so that the reading goes on and
every problem of a file is reported in one run.
"""

from __future__ import annotations

import difflib
import re
from typing import Any

from generator.diagnostics import Diagnostic, error
from generator.records import model
from generator.records.suggest import CUTOFF, did_you_mean
from generator.records.yamltree import Node, Scalar

INVALID = object()  # a value that failed its check; the diagnostic is already recorded

# What one line of text may not hold (see fields.Text), and so what a message never
# quotes as it is: control characters, tabs and line breaks, the bidirectional
# overrides and isolates, and the noncharacters U+FFFE and U+FFFF.
ONE_LINE_FORBIDDEN = re.compile(
    "[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufffe\uffff]"
)


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


class Type:
    """A field type: reads a node into a value, and describes itself as JSON Schema."""

    def read(self, node: Node, ctx: ReadContext, where: tuple) -> Any:
        raise NotImplementedError

    def json_schema(self) -> dict[str, Any]:
        raise NotImplementedError


def path_name(where: tuple) -> str:
    """'sources[1].url' for ('sources', 1, 'url')."""
    text = ""
    for part in where:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else part)
    return text or "record"


def clip(text: str, limit: int = 60) -> str:
    """A value quoted in a message: one line, short, and nothing a terminal acts on."""
    text = text.replace("\n", " ")
    text = text if len(text) <= limit else text[: limit - 1] + "…"
    return ONE_LINE_FORBIDDEN.sub(lambda m: f"<U+{ord(m.group()):04X}>", text)


def close_match(node: Node, choices: tuple[str, ...]) -> str | None:
    """The choice closest to what a node says (a key, a status), compared in lowercase."""
    if not isinstance(node, Scalar):
        return None
    close = difflib.get_close_matches(node.value.lower(), choices, n=1, cutoff=CUTOFF)
    return close[0] if close else None


def suggestion(node: Node, choices: tuple[str, ...]) -> str:
    """"did you mean 'x'? " when a choice is close to what the node says, else ''."""
    return did_you_mean(close_match(node, choices))
