"""generator.diagnostics: one way to count, format and show problems, whoever finds them."""

from __future__ import annotations

import json

from generator.diagnostics import (
    Counts,
    UserError,
    count,
    error,
    format_github,
    format_json,
    format_text,
    format_user_error,
    warning,
)

FOUND = [
    error("events/2025/a.yaml", 3, 7, "unknown-ref", "unknown actor 'x'"),
    warning("events/2025/a.yaml", 9, 5, "source-no-title", "this source has no title"),
    warning("entities/b.yaml", 1, 1, "look-alike", "looks like 'c'"),
]


def test_count_tells_errors_from_warnings() -> None:
    assert count(FOUND) == Counts(errors=1, warnings=2)
    assert count([]) == Counts(0, 0)
    assert count(d.as_error() for d in FOUND) == Counts(3, 0)


def test_json_reports_the_counts() -> None:
    payload = json.loads(format_json(FOUND))
    assert (payload["valid"], payload["errors"], payload["warnings"]) == (False, 1, 2)
    assert payload["diagnostics"][0] == {
        "path": "events/2025/a.yaml",
        "line": 3,
        "col": 7,
        "severity": "error",
        "code": "unknown-ref",
        "message": "unknown actor 'x'",
    }
    assert json.loads(format_json(FOUND[1:]))["valid"] is True


def test_text_and_github_formats() -> None:
    assert format_text(FOUND[:1]) == (
        "events/2025/a.yaml:3:7: error: unknown actor 'x' [unknown-ref]\n"
    )
    assert format_github(FOUND[:1]) == (
        "::error file=events/2025/a.yaml,line=3,col=7::unknown actor 'x' [unknown-ref]\n"
    )


def test_a_user_error_is_shown_as_its_diagnostics_then_its_message() -> None:
    problems = [error("mkdocs.yml", 17, 21, "use-directory-urls", "must be true")]
    assert format_user_error(UserError("nothing was built", problems)) == (
        "mkdocs.yml:17:21: error: must be true [use-directory-urls]\n"
        "timeline: error: nothing was built\n"
    )
    assert format_user_error(UserError("", problems)) == (
        "mkdocs.yml:17:21: error: must be true [use-directory-urls]\n"
    )
    assert str(UserError("", problems)) == format_text(problems).rstrip("\n")


def test_every_line_of_a_message_is_prefixed_and_printable() -> None:
    shown = format_user_error(UserError("first\nsecond \x1b[31mred"))
    assert shown == "timeline: error: first\ntimeline: error: second <U+001B>[31mred\n"
