"""Diagnostics are data: where, how bad, which rule, and what to do about it.

Every stage appends to a list of these instead of raising, so that one run
reports every problem; the command line prints them in one of three formats.
"""

from __future__ import annotations

import json
import re
from dataclasses import asdict, dataclass
from enum import StrEnum


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
    """A mistake in the user's input or command; shown without a traceback."""


def error(path: str, line: int, col: int, code: str, message: str) -> Diagnostic:
    return Diagnostic(path, line, col, Severity.ERROR, code, message)


def warning(path: str, line: int, col: int, code: str, message: str) -> Diagnostic:
    return Diagnostic(path, line, col, Severity.WARNING, code, message)


def has_errors(diagnostics: list[Diagnostic]) -> bool:
    return any(d.severity is Severity.ERROR for d in diagnostics)


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
    errors = sum(d.severity is Severity.ERROR for d in diagnostics)
    payload = {
        "valid": errors == 0,
        "errors": errors,
        "warnings": len(diagnostics) - errors,
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
