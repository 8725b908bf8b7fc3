"""A strict YAML reader that keeps the line and column of every node.

Records are hand-written by contributors, so the reader refuses what YAML
allows but a record never needs (anchors, aliases, tags, several documents,
duplicate keys) and reads every scalar as text, the way YAML 1.2's failsafe
schema would: `no`, `010`, `10:30` and `2025-05-03` reach the model as the
strings the contributor typed. The model decides what they mean.

It builds its tree straight from the parser's events, with libyaml's C
parser when PyYAML was built with it.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from generator.diagnostics import Diagnostic, error

MAX_FILE_BYTES = 256 * 1024
NULL_WORDS = frozenset({"", "~", "null", "Null", "NULL"})

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
USING_LIBYAML = _Loader is not yaml.SafeLoader


@dataclass(slots=True)
class Scalar:
    value: str
    line: int
    col: int
    plain: bool = True

    @property
    def is_null(self) -> bool:
        return self.plain and self.value in NULL_WORDS


@dataclass(slots=True)
class Sequence:
    items: list[Node]
    line: int
    col: int


@dataclass(slots=True)
class Mapping:
    line: int
    col: int
    # key text -> (key node, value node), in the order written
    entries: dict[str, tuple[Scalar, Node]] = field(default_factory=dict)


Node = Scalar | Sequence | Mapping


def describe(node: Node) -> str:
    """How a node reads to someone who wrote it, for 'expected X, got Y' messages."""
    if isinstance(node, Mapping):
        return "a mapping"
    if isinstance(node, Sequence):
        return "a list"
    if node.is_null:
        return "nothing"
    return "text"


class _TreeBuilder:
    def __init__(self, path: str) -> None:
        self.path = path
        self.diagnostics: list[Diagnostic] = []
        self.documents = 0
        self.root: Node | None = None
        # each open collection, with the key waiting for its value when it is a mapping
        self.stack: list[tuple[Mapping | Sequence, Scalar | None]] = []

    def problem(self, mark: yaml.Mark, code: str, message: str) -> None:
        self.diagnostics.append(error(self.path, mark.line + 1, mark.column + 1, code, message))

    def check_node_event(self, event: yaml.NodeEvent) -> None:
        if event.anchor is not None:
            self.problem(
                event.start_mark,
                "yaml-anchor",
                f"anchors ('&{event.anchor}') are not allowed in records; write the value out",
            )
        tag = getattr(event, "tag", None)
        if tag is not None and tag != "!":
            self.problem(
                event.start_mark,
                "yaml-tag",
                f"explicit tags ('{tag}') are not allowed in records; remove the tag",
            )

    def add(self, node: Node) -> None:
        if not self.stack:
            self.root = node
            return
        parent, pending_key = self.stack[-1]
        if isinstance(parent, Sequence):
            parent.items.append(node)
        elif pending_key is None:
            if not isinstance(node, Scalar):
                self.diagnostics.append(
                    error(
                        self.path,
                        node.line,
                        node.col,
                        "yaml-key",
                        "a key must be plain text, not a list or mapping",
                    )
                )
                node = Scalar("?", node.line, node.col)
            self.stack[-1] = (parent, node)
        else:
            first = parent.entries.get(pending_key.value)
            if first is not None:
                self.diagnostics.append(
                    error(
                        self.path,
                        pending_key.line,
                        pending_key.col,
                        "duplicate-key",
                        f"duplicate key '{pending_key.value}' (first written on line "
                        f"{first[0].line}); keep one of them",
                    )
                )
            else:
                parent.entries[pending_key.value] = (pending_key, node)
            self.stack[-1] = (parent, None)

    def feed(self, event: yaml.Event) -> None:
        if isinstance(event, yaml.ScalarEvent):
            self.check_node_event(event)
            mark = event.start_mark
            # libyaml reports a plain scalar's style as '', the pure-Python parser as None
            plain = not event.style
            self.add(Scalar(event.value, mark.line + 1, mark.column + 1, plain))
        elif isinstance(event, yaml.MappingStartEvent | yaml.SequenceStartEvent):
            self.check_node_event(event)
            mark = event.start_mark
            if isinstance(event, yaml.MappingStartEvent):
                node: Mapping | Sequence = Mapping(mark.line + 1, mark.column + 1)
            else:
                node = Sequence([], mark.line + 1, mark.column + 1)
            self.add(node)
            self.stack.append((node, None))
        elif isinstance(event, yaml.MappingEndEvent | yaml.SequenceEndEvent):
            self.stack.pop()
        elif isinstance(event, yaml.AliasEvent):
            self.problem(
                event.start_mark,
                "yaml-alias",
                f"aliases ('*{event.anchor}') are not allowed in records; write the value out",
            )
            mark = event.start_mark
            self.add(Scalar("", mark.line + 1, mark.column + 1))
        elif isinstance(event, yaml.DocumentStartEvent):
            self.documents += 1
            if self.documents > 1:
                self.problem(
                    event.start_mark,
                    "yaml-documents",
                    "a record file holds one document; remove the '---' and split the "
                    "records into separate files",
                )


def _syntax_hint(data: bytes | str, line: int, col: int) -> str:
    text = data.decode("utf-8", errors="replace") if isinstance(data, bytes) else data
    lines = text.split("\n")
    if 0 < line <= len(lines) and "\t" in lines[line - 1][:col]:
        return "; YAML does not allow tabs for indentation, use spaces"
    return ""


def parse_yaml(data: bytes | str, path: str) -> tuple[Node | None, list[Diagnostic]]:
    """Parse one YAML document into a positioned tree; never raises for bad input."""
    builder = _TreeBuilder(path)
    try:
        for event in yaml.parse(data, Loader=_Loader):
            builder.feed(event)
            if builder.documents > 1:
                break
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        problem = exc.problem or exc.context or "invalid YAML"
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        message = f"YAML syntax error: {problem}{_syntax_hint(data, line, col)}"
        return None, [*builder.diagnostics, error(path, line, col, "yaml-syntax", message)]
    except yaml.YAMLError as exc:  # reader errors (bad characters) carry a position too
        position = getattr(exc, "position", None)
        line, col = _line_col_at(data, position) if position is not None else (1, 1)
        reason = getattr(exc, "reason", None) or str(exc)
        message = f"the file holds a character YAML does not allow: {reason}"
        return None, [*builder.diagnostics, error(path, line, col, "yaml-syntax", message)]
    return builder.root, builder.diagnostics


def _line_col_at(data: bytes | str, position: int) -> tuple[int, int]:
    text = data.decode("utf-8", errors="replace") if isinstance(data, bytes) else data
    before = text[:position]
    return before.count("\n") + 1, position - (before.rfind("\n") + 1) + 1


def read_mapping(file: Path, display_path: str) -> tuple[Mapping | None, list[Diagnostic]]:
    """Read one record file: refuse symlinks, oversize files and bad UTF-8, then parse."""
    if file.is_symlink():
        return None, [
            error(
                display_path,
                1,
                1,
                "symlink",
                "record files may not be symbolic links; commit a regular file",
            )
        ]
    try:
        size = os.stat(file).st_size
        if size > MAX_FILE_BYTES:
            return None, [
                error(
                    display_path,
                    1,
                    1,
                    "file-too-large",
                    f"the file is {size:,} bytes; a record may be at most {MAX_FILE_BYTES:,} bytes",
                )
            ]
        data = file.read_bytes()
    except OSError as exc:
        return None, [
            error(display_path, 1, 1, "unreadable", f"cannot read the file: {exc.strerror}")
        ]
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        line_start = data.rfind(b"\n", 0, exc.start) + 1
        col = len(data[line_start : exc.start].decode("utf-8", errors="replace")) + 1
        return None, [
            error(
                display_path,
                line,
                col,
                "not-utf8",
                f"the file is not valid UTF-8 (byte 0x{data[exc.start]:02x}); "
                "save it with UTF-8 encoding",
            )
        ]
    root, diagnostics = parse_yaml(data, display_path)
    if root is None:
        if not diagnostics:
            diagnostics.append(
                error(
                    display_path,
                    1,
                    1,
                    "empty-file",
                    "the file is empty; a record is a YAML mapping of fields",
                )
            )
        return None, diagnostics
    if not isinstance(root, Mapping):
        diagnostics.append(
            error(
                display_path,
                root.line,
                root.col,
                "root-not-mapping",
                f"a record must be a mapping of 'field: value' lines, not {describe(root)}",
            )
        )
        return None, diagnostics
    return root, diagnostics
