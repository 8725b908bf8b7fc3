"""What a YAML parser's error means to someone who wrote a record, and how to fix it.

PyYAML says where it stopped and what it expected ("expected ',' or ']'");
a contributor needs to hear where the construct began (the '[' that is never
closed) and what to type. `yamltree.parse_yaml` hands its parser's errors
here and gets back one diagnostic.
"""

from __future__ import annotations

import yaml

from generator.diagnostics import Diagnostic, error
from generator.records.yaml_hints import syntax_hint

_INDENTATION_ADVICE = (
    "check the indentation: the keys of one mapping, and the '- ' items of one list, "
    "start in the same column"
)
# what the parser says -> (report where the construct began, what to do about it)
_SYNTAX_ADVICE = (
    (
        "expected ',' or ']'",
        True,
        "the list opened with '[' here is not closed; "
        "end it with ']', and put items that contain ', ' or ': ' in quotes",
    ),
    (
        "expected ',' or '}'",
        True,
        "the mapping opened with '{' here is not closed; "
        "end it with '}', and put values that contain ', ' or ': ' in quotes",
    ),
    (
        "found unexpected end of stream",
        True,
        "the quoted text that starts here is never closed; add the closing quote mark",
    ),
    (
        "found unexpected document separator",
        True,
        "the quoted text that starts here is never closed; add the closing quote mark",
    ),
    (
        "found unknown escape character",
        False,
        "inside double quotes a backslash starts an "
        "escape such as \\n; write \\\\ for a backslash, or use single quotes",
    ),
    (
        "mapping values are not allowed",
        False,
        "a value that contains ': ' must be put in "
        'quotes, for example title: "Sheinbaum: no troops"',
    ),
    ("cannot start any token", False, "a value that starts with @ or ` must be put in quotes"),
    (
        "could not find expected ':'",
        False,
        "each field is written 'key: value'; add the missing ': ' or put the value in quotes",
    ),
    ("did not find expected key", False, _INDENTATION_ADVICE),
    ("did not find expected '-' indicator", False, _INDENTATION_ADVICE),
    ("expected <block end>", False, _INDENTATION_ADVICE),
    ("block sequence entries are not allowed", False, _INDENTATION_ADVICE),
)


def syntax_error(exc: yaml.MarkedYAMLError, data: bytes | str, path: str) -> Diagnostic:
    """The diagnostic for a parser error: where to point, and the fix."""
    text = data.decode("utf-8", errors="replace") if isinstance(data, bytes) else data
    line, col, message = _syntax_problem(exc, text)
    return error(path, line, col, "yaml-syntax", f"YAML syntax error: {message}")


def _syntax_problem(exc: yaml.MarkedYAMLError, text: str) -> tuple[int, int, str]:
    mark = exc.problem_mark or exc.context_mark
    line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    problem = exc.problem or exc.context or "invalid YAML"
    lines = text.split("\n")
    if 0 < line <= len(lines) and "\t" in lines[line - 1][:col]:
        return line, col, f"{problem}; YAML does not allow tabs for indentation, use spaces"
    hint = syntax_hint(problem, line, col, lines)
    if hint is not None:
        return hint
    for words, at_start, advice in _SYNTAX_ADVICE:
        if words in problem:
            if at_start and exc.context_mark is not None and exc.problem_mark is not None:
                start = exc.context_mark
                where = f"line {line}, column {col}"
                return start.line + 1, start.column + 1, f"{advice} (stopped at {where})"
            return line, col, f"{problem}; {advice}"
    advice = "check this line and the one above it for a missing quote, bracket or colon"
    return line, col, f"{problem}; {advice}, or for wrong indentation"


def reader_error(
    exc: yaml.YAMLError, data: bytes | str, path: str, *, counts_bytes: bool
) -> Diagnostic:
    """The diagnostic for a character the reader refused, or bytes that are not UTF-8.

    `counts_bytes`: the reader gives positions in UTF-8 bytes (libyaml does),
    not in characters.
    """
    position = getattr(exc, "position", None)
    line, col = _line_col_at(data, position, counts_bytes) if position is not None else (1, 1)
    character = getattr(exc, "character", None)
    if isinstance(character, str):
        character = ord(character)
    if "characters are not allowed" in getattr(exc, "reason", ""):
        what = f"the character U+{character:04X}" if character else "a character"
        return error(
            path,
            line,
            col,
            "yaml-syntax",
            f"the file holds {what}, which YAML does not allow; delete it "
            "(it is often invisible: retype the text around this position)",
        )
    # bytes that are not UTF-8, when the caller did not check them first
    return error(
        path, line, col, "not-utf8", "the file is not valid UTF-8; save it with UTF-8 encoding"
    )


def _line_col_at(data: bytes | str, position: int, counts_bytes: bool) -> tuple[int, int]:
    if counts_bytes:
        raw = data.encode("utf-8", "surrogatepass") if isinstance(data, str) else data
        text = raw[:position].decode("utf-8", errors="replace")
    else:
        text = data.decode("utf-8", errors="replace") if isinstance(data, bytes) else data
        text = text[:position]
    return text.count("\n") + 1, len(text) - (text.rfind("\n") + 1) + 1
