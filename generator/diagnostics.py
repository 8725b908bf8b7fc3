"""Diagnostics are data: where, how bad, which rule, and what to do about it.

Every stage appends to a list of these instead of raising, so that one run
reports every problem; the command line prints them in one of three formats.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from enum import StrEnum


def plural(count: int, word: str, many: str | None = None) -> str:
    """A count and its noun, as messages and pages write them: '1 error', '3,000 errors';
    `many` for a noun whose plural is not noun + 's'."""
    return f"{count:,} {word if count == 1 else many or word + 's'}"


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, order=True)
class Diagnostic:
    path: str
    line: int
    col: int
    severity: Severity
    code: str
    message: str

    def as_error(self) -> Diagnostic:
        return Diagnostic(self.path, self.line, self.col, Severity.ERROR, self.code, self.message)


class UserError(Exception):
    """A mistake in the user's input, settings or environment: exit 1, never a traceback.

    `diagnostics` say where, when there is a where (mkdocs.yml:17:21); every
    command shows the error the same way (`format_user_error`).
    """

    def __init__(self, message: str = "", diagnostics: Iterable[Diagnostic] = ()) -> None:
        super().__init__(message)
        self.message = message
        self.diagnostics = list(diagnostics)

    def __str__(self) -> str:
        return "\n".join(filter(None, [format_text(self.diagnostics).rstrip("\n"), self.message]))


def error(path: str, line: int, col: int, code: str, message: str) -> Diagnostic:
    return Diagnostic(path, line, col, Severity.ERROR, code, message)


def warning(path: str, line: int, col: int, code: str, message: str) -> Diagnostic:
    return Diagnostic(path, line, col, Severity.WARNING, code, message)


def has_errors(diagnostics: Iterable[Diagnostic]) -> bool:
    return any(d.severity is Severity.ERROR for d in diagnostics)


@dataclass(frozen=True)
class Counts:
    errors: int
    warnings: int


def count(diagnostics: Iterable[Diagnostic]) -> Counts:
    """How many errors and warnings: what every summary line and report says."""
    found = [d.severity for d in diagnostics]
    errors = found.count(Severity.ERROR)
    return Counts(errors, len(found) - errors)


# Control characters and bidirectional controls: a file name or a quoted value may hold
# them, and printed as they are they would drive the terminal or reorder the line.
_UNPRINTABLE = re.compile("[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def printable(text: str) -> str:
    """Text for a terminal or a log: each control character shown as <U+XXXX>."""
    return _UNPRINTABLE.sub(lambda m: f"<U+{ord(m.group()):04X}>", text)


def format_text(diagnostics: list[Diagnostic]) -> str:
    return "".join(
        printable(f"{d.path}:{d.line}:{d.col}: {d.severity}: {d.message} [{d.code}]") + "\n"
        for d in diagnostics
    )


def format_json(diagnostics: list[Diagnostic]) -> str:
    counts = count(diagnostics)
    payload = {
        "valid": counts.errors == 0,
        "errors": counts.errors,
        "warnings": counts.warnings,
        "diagnostics": [asdict(d) for d in diagnostics],
    }
    return json.dumps(payload, indent=2, ensure_ascii=False) + "\n"


def _escape_github_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_github_property(text: str) -> str:
    return _escape_github_data(text).replace(":", "%3A").replace(",", "%2C")


def format_github(diagnostics: list[Diagnostic]) -> str:
    """Workflow commands that GitHub shows as annotations on the changed lines."""
    lines = []
    for d in diagnostics:
        props = f"file={_escape_github_property(printable(d.path))},line={d.line},col={d.col}"
        message = _escape_github_data(printable(f"{d.message} [{d.code}]"))
        lines.append(f"::{d.severity} {props}::{message}\n")
    return "".join(lines)


FORMATTERS = {"text": format_text, "json": format_json, "github": format_github}


def format_user_error(exc: UserError) -> str:
    """A UserError as every command prints it: its diagnostics, then its message."""
    lines = [f"timeline: error: {line}" for line in exc.message.splitlines()]
    return format_text(exc.diagnostics) + "".join(printable(line) + "\n" for line in lines)
