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
import stat
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from generator.diagnostics import Diagnostic, error
from generator.records.yaml_errors import reader_error, syntax_error
from generator.records.yaml_hints import trailing_comment

MAX_FILE_BYTES = 256 * 1024
# How deep lists and mappings may nest, the record itself counting as one. The record
# format needs three levels (the record, a list such as `sources:`, one source); twice
# that leaves room for a wrong shape to be reported by the schema as a wrong shape,
# and keeps every walk over a tree (here, in the schema, in `timeline changes`) far
# from Python's recursion limit, whatever a file holds.
MAX_NESTING = 6
RECORD_NESTING = 3
NULL_WORDS = frozenset({"", "~", "null", "Null", "NULL"})

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
USING_LIBYAML = _Loader is not yaml.SafeLoader
_CORE_TAG_PREFIX = "tag:yaml.org,2002:"


@dataclass(slots=True)
class Scalar:
    value: str
    line: int
    col: int
    plain: bool = True
    # a comment that ends the line of a plain value: (line, column, its text); YAML drops
    # it, which in a text field loses words (`title: item #4` reads as 'item')
    comment: tuple[int, int, str] | None = None

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

# stands for a key that is not text (already reported): its value is dropped
_DROPPED_KEY = Scalar("", 0, 0)


def describe(node: Node) -> str:
    """How a node reads to someone who wrote it, for 'expected X, got Y' messages."""
    if isinstance(node, Mapping):
        return "a mapping"
    if isinstance(node, Sequence):
        return "a list"
    if node.is_null:
        return "nothing"
    return "text"


def to_plain(node: Node | None) -> object:
    """The tree as plain Python (dict, list, str; None for an empty value), positions dropped.

    Every scalar stays the text that was written, which is what the JSON Schema describes.
    """
    if isinstance(node, Mapping):
        return {key: to_plain(value) for key, (_, value) in node.entries.items()}
    if isinstance(node, Sequence):
        return [to_plain(item) for item in node.items]
    if node is None or node.is_null:
        return None
    return node.value


class _TooDeep(Exception):
    """Raised by the tree builder once a collection opens beyond its limit; the
    last of the diagnostics says where."""

    def __init__(self, diagnostics: list[Diagnostic]) -> None:
        self.diagnostics = diagnostics


class _TreeBuilder:
    def __init__(
        self, path: str, max_nesting: int = MAX_NESTING, lines: list[str] | None = None
    ) -> None:
        self.path = path
        # the source lines, when the file holds a '#' that could end a plain value
        self.lines = lines
        self.max_nesting = max_nesting
        self.diagnostics: list[Diagnostic] = []
        self.documents = 0
        self.root: Node | None = None
        # each open collection, with the key waiting for its value when it is a mapping
        self.stack: list[list] = []  # [Mapping | Sequence, Scalar | None]

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
            # show the tag as it is usually written: '!!python/object', not its expanded form
            if tag.startswith(_CORE_TAG_PREFIX):
                tag = "!!" + tag[len(_CORE_TAG_PREFIX) :]
            self.problem(
                event.start_mark,
                "yaml-tag",
                f"explicit tags ('{tag}') are not allowed in records; remove the tag",
            )

    def add(self, node: Node) -> None:
        stack = self.stack
        if not stack:
            self.root = node
            return
        top = stack[-1]
        parent, pending_key = top
        if type(parent) is Sequence:
            parent.items.append(node)
        elif pending_key is None:
            if type(node) is not Scalar:
                self.diagnostics.append(
                    error(
                        self.path,
                        node.line,
                        node.col,
                        "yaml-key",
                        "a key must be plain text, not a list or mapping",
                    )
                )
                node = _DROPPED_KEY
            top[1] = node
        else:
            top[1] = None
            if pending_key is _DROPPED_KEY:
                return
            first = parent.entries.get(pending_key.value)
            if first is None:
                parent.entries[pending_key.value] = (pending_key, node)
                return
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

    def build(self, loader: yaml.BaseLoader) -> None:
        """Turn the parser's events into the tree.

        This runs for every node of every file, so the common events are handled inline
        and the rest in `other`.
        """
        get_event, add, stack = loader.get_event, self.add, self.stack
        scalar_event, mapping_start = yaml.ScalarEvent, yaml.MappingStartEvent
        ends = (yaml.MappingEndEvent, yaml.SequenceEndEvent)
        while (event := get_event()) is not None:
            kind = type(event)
            if kind is scalar_event:
                if event.anchor is not None or event.tag is not None:
                    self.check_node_event(event)
                mark = event.start_mark
                # libyaml reports a plain scalar's style as '', the pure-Python parser as None
                node = Scalar(event.value, mark.line + 1, mark.column + 1, not event.style)
                if self.lines is not None and node.plain:
                    self.note_comment(node, event.end_mark)
                add(node)
            elif kind in ends:
                stack.pop()
            elif kind is mapping_start or kind is yaml.SequenceStartEvent:
                if event.anchor is not None or event.tag is not None:
                    self.check_node_event(event)
                mark = event.start_mark
                if kind is mapping_start:
                    node: Mapping | Sequence = Mapping(mark.line + 1, mark.column + 1)
                else:
                    node = Sequence([], mark.line + 1, mark.column + 1)
                add(node)
                stack.append([node, None])
                if len(stack) > self.max_nesting:
                    self.problem(mark, "nesting-too-deep", _too_deep_message(self.max_nesting))
                    raise _TooDeep(self.diagnostics)
            elif kind is yaml.StreamEndEvent or not self.other(event):
                return

    def note_comment(self, node: Scalar, end: yaml.Mark) -> None:
        if end.line < len(self.lines):
            found = trailing_comment(self.lines[end.line], end.column)
            if found is not None:
                node.comment = (end.line + 1, *found)

    def other(self, event: yaml.Event) -> bool:
        """Aliases and document starts; False once a second document begins."""
        if isinstance(event, yaml.AliasEvent):
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
                return False
        return True


def _too_deep_message(limit: int) -> str:
    return (
        f"lists and mappings nest more than {limit} levels deep here, the limit for a "
        f"record; a record needs {RECORD_NESTING} at most (the record, a list such as "
        "'sources:', one of its items), so remove the extra brackets or indentation"
    )


# libyaml stops at 1000 levels, and may read that far ahead before it hands over the
# first event of a line of brackets, so before the tree builder sees its limit passed
_LIBYAML_TOO_DEEP = "exceeded maximum nesting depth"


def _build(builder: _TreeBuilder, data: bytes | str) -> None:
    """Feed the parser's events to the builder; raises _TooDeep or the parser's YAMLError."""
    if USING_LIBYAML and isinstance(data, str):
        # libyaml encodes text itself and would raise on a lone surrogate; bad bytes it reports
        data = data.encode("utf-8", "surrogatepass")
    try:
        loader = _Loader(data)  # the pure-Python reader already checks the first characters
        try:
            builder.build(loader)
        finally:
            loader.dispose()
    except yaml.MarkedYAMLError as exc:
        if exc.problem != _LIBYAML_TOO_DEEP or exc.problem_mark is None:
            raise
        # the text before where libyaml stopped passes the builder's (far lower) limit
        text = data.decode("utf-8", "replace") if isinstance(data, bytes) else data
        mark = exc.problem_mark
        lines = text.split("\n", mark.line)
        end = sum(len(line) + 1 for line in lines[: mark.line]) + mark.column
        _build(_TreeBuilder(builder.path, builder.max_nesting, builder.lines), text[:end])
        raise


def parse_yaml(data: bytes | str, path: str) -> tuple[Node | None, list[Diagnostic]]:
    """Parse one YAML document into a positioned tree; never raises for bad input."""
    lines = None
    if (b"#" if isinstance(data, bytes) else "#") in data:
        text = data.decode("utf-8", "replace") if isinstance(data, bytes) else data
        lines = text.split("\n")
    builder = _TreeBuilder(path, lines=lines)
    try:
        _build(builder, data)
    except _TooDeep as deep:
        return None, deep.diagnostics
    except yaml.MarkedYAMLError as exc:
        return None, [*builder.diagnostics, syntax_error(exc, data, path)]
    except yaml.YAMLError as exc:  # reader errors (bad characters) carry a position too
        diagnostic = reader_error(exc, data, path, counts_bytes=USING_LIBYAML)
        return None, [*builder.diagnostics, diagnostic]
    return builder.root, builder.diagnostics


def read_mapping(file: Path, display_path: str) -> tuple[Mapping | None, list[Diagnostic]]:
    """Read one record file: refuse symlinks, oversize files and bad UTF-8, then parse."""
    data, refused = _record_bytes(file, display_path)
    if data is None:
        return None, [refused]
    root, diagnostics = parse_yaml(data, display_path)
    if root is None:
        if not diagnostics:
            diagnostics.append(
                error(
                    display_path,
                    1,
                    1,
                    "empty-file",
                    "the file holds no record; write the record's fields as 'key: value' "
                    "lines, starting with 'title:' for an event or 'name:' for an entity",
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


def _record_bytes(file: Path, display_path: str) -> tuple[bytes, None] | tuple[None, Diagnostic]:
    """The bytes of a record file, or why they are refused: not a regular file, too
    large, unreadable or not UTF-8."""
    try:
        status = os.lstat(file)  # one system call tells the kind of file and its size
        if not stat.S_ISREG(status.st_mode):
            link = stat.S_ISLNK(status.st_mode)
            return None, error(
                display_path,
                1,
                1,
                "symlink" if link else "not-a-file",
                f"record files may not be {'symbolic links' if link else 'special files'}; "
                "commit a regular file",
            )
        if status.st_size > MAX_FILE_BYTES:
            return None, error(
                display_path,
                1,
                1,
                "file-too-large",
                f"the file is {status.st_size:,} bytes; a record may be at most "
                f"{MAX_FILE_BYTES:,} bytes, so shorten it",
            )
        with open(file, "rb") as stream:
            data = stream.read()
    except OSError as exc:
        message = f"cannot read the file: {exc.strerror}"
        return None, error(display_path, 1, 1, "unreadable", message)
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        line_start = data.rfind(b"\n", 0, exc.start) + 1
        col = len(data[line_start : exc.start].decode("utf-8", errors="replace")) + 1
        return None, error(
            display_path,
            line,
            col,
            "not-utf8",
            f"the file is not valid UTF-8 (byte 0x{data[exc.start]:02x}); "
            "save it with UTF-8 encoding",
        )
    return data, None
