"""What went wrong in the lines a person wrote, when YAML's own account misleads.

A parser reports where it stopped, which is often a line or two after the
mistake and in words about YAML ("mapping values are not allowed"). The hints
here read the source lines around that point and recognise the mistakes
people make when they write a record by hand: no space after a key's colon,
a continuation line that is not indented, a key indented one space too far,
a quote mark inside quotes, a value that starts with '[', curly quotes used
as YAML quotes. Each gives the line and column a person would point at and
the fix. They also find what YAML reads without complaint but drops: the
` #...` that ends a plain value, taken for a comment.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from generator.diagnostics import plural

# a line that starts a mapping entry: indentation, an optional "- ", a key, a colon
_KEY_LINE = re.compile(r"^(?P<indent>[ ]*(?:-[ ]+)?)(?P<key>[A-Za-z_][\w-]*):(?P<rest>.*)$")
_NO_SPACE = re.compile(r"^(?P<indent>[ ]*(?:-[ ]+)?)(?P<key>[a-z_]+):(?P<rest>[^\s:/\[{\"'].*)$")
CURLY_OPENING = "“‘„‚«"
CURLY_CLOSING = "”’“‘»"

Hint = tuple[int, int, str]  # line, column (both from 1), what to do


def trailing_comment(line: str, column: int) -> tuple[int, str] | None:
    """The comment after a plain value that ends at `column` (from 0) of `line`:
    its column (from 1) and its text, or None."""
    rest = line[column:]
    stripped = rest.lstrip(" \t")
    if not stripped.startswith("#") or len(stripped) == len(rest):
        return None
    return column + len(rest) - len(stripped) + 1, stripped.rstrip()


def comment_message(field: str, kept: str, dropped: str) -> str:
    kept_words = kept if len(kept) <= 50 else kept[:49] + "…"
    dropped_words = dropped if len(dropped) <= 40 else dropped[:39] + "…"
    return (
        f"YAML reads '{dropped_words}' as a comment, so '{field}' would be published as "
        f"'{kept_words}' without it; put the whole value in quotes, for example "
        f'{field.rsplit(".", 1)[-1]}: "{kept_words} {dropped_words}" '
        "(a note for reviewers goes on a line of its own)"
    )


def curly_quoted(value: str) -> bool:
    """Whether a plain value is wrapped in curly quotes, which YAML keeps as text."""
    return len(value) >= 2 and value[0] in CURLY_OPENING and value[-1] in CURLY_CLOSING


def curly_message(field: str, value: str) -> str:
    inner = value[1:-1]
    return (
        f"'{field}' is wrapped in curly quotes ({value[0]}…{value[-1]}), which YAML does not "
        "read as quote marks, so they would be published; remove them, or use straight "
        f'quotes: {field.rsplit(".", 1)[-1]}: "{inner[:50]}"'
    )


def syntax_hint(problem: str, line: int, col: int, lines: list[str]) -> Hint | None:
    """The real cause of a parser error at (line, col), both from 1, if one is recognised."""
    for hint in _HINTS:
        found = hint(problem, line, col, lines)
        if found is not None:
            return found
    return None


def _value_start(text: str) -> tuple[str, int] | None:
    """The key of a 'key: value' line and the column (from 0) where its value starts."""
    match = _KEY_LINE.match(text)
    if match is None or not match["rest"].startswith(" "):
        return None
    rest = match["rest"]
    return match["key"], match.end("key") + 1 + len(rest) - len(rest.lstrip(" "))


def _curly_quotes(problem: str, line: int, col: int, lines: list[str]) -> Hint | None:
    for number in (line, line - 1):
        if 0 < number <= len(lines):
            start = _value_start(lines[number - 1])
            if start and lines[number - 1][start[1] :][:1] in tuple(CURLY_OPENING):
                key, at = start
                return (
                    number,
                    at + 1,
                    f"the value of '{key}' starts with the curly quote "
                    f"{lines[number - 1][at]}, which YAML does not read as a quote mark; "
                    'write straight quotes (") around the value instead of “ and ”',
                )
    return None


def _no_space_after_colon(problem: str, line: int, col: int, lines: list[str]) -> Hint | None:
    for number in range(min(line, len(lines)), 0, -1):
        match = _NO_SPACE.match(lines[number - 1])
        if match:
            key = match["key"]
            return (
                number,
                match.end("key") + 2,
                f"'{key}:' needs a space after the colon; without it YAML reads the whole "
                f"line as text: write '{key}: {match['rest'][:30]}'",
            )
    return None


def _unindented_continuation(problem: str, line: int, col: int, lines: list[str]) -> Hint | None:
    if "could not find expected ':'" not in problem:
        return None
    for number in range(min(line, len(lines)), 1, -1):
        text = lines[number - 1]
        if not text.strip() or text.lstrip().startswith("#") or _KEY_LINE.match(text):
            continue
        above = _previous_line(lines, number)
        start = _value_start(lines[above - 1]) if above else None
        indent = len(text) - len(text.lstrip(" "))
        if start is None or indent > len(lines[above - 1]) - len(lines[above - 1].lstrip(" -")):
            return None
        return (
            number,
            1,
            f"this line goes on with the value of '{start[0]}' (line {above}) but is not "
            "indented, so YAML reads it as a new key; indent it by two spaces more than "
            f"'{start[0]}', or join it to line {above}",
        )
    return None


def _previous_line(lines: list[str], number: int) -> int:
    """The number of the last line above `number` that holds something, or 0."""
    for above in range(number - 1, 0, -1):
        text = lines[above - 1].strip()
        if text and not text.startswith("#"):
            return above
    return 0


def _key_column(text: str) -> int:
    match = _KEY_LINE.match(text)
    return len(match["indent"]) if match else -1


def _over_indented_key(problem: str, line: int, col: int, lines: list[str]) -> Hint | None:
    if "mapping values are not allowed" not in problem or not 0 < line <= len(lines):
        return None
    text = lines[line - 1]
    match = _KEY_LINE.match(text)
    if match is None or match.end("key") + 1 != col:
        return None
    above = _previous_line(lines, line)
    if not above or _value_start(lines[above - 1]) is None:
        return None
    mine, theirs = len(match["indent"]), _key_column(lines[above - 1])
    if mine <= theirs:
        return None
    extra = mine - theirs
    return (
        line,
        mine + 1,
        f"'{match['key']}' starts in column {mine + 1}, {extra} to the right of "
        f"'{_KEY_LINE.match(lines[above - 1])['key']}' on line {above}; the keys of one "
        f"mapping start in the same column: remove {plural(extra, 'space')}",
    )


def _quote_inside_quotes(problem: str, line: int, col: int, lines: list[str]) -> Hint | None:
    if "did not find expected key" not in problem or not 0 < line <= len(lines):
        return None
    text = lines[line - 1]
    start = _value_start(text)
    if start is None or text[start[1] : start[1] + 1] not in ('"', "'"):
        return None
    quote, before = text[start[1]], text[: col - 1].rstrip()
    if not before.endswith(quote) or len(before) - 1 <= start[1]:
        return None
    other = "single" if quote == '"' else "double"
    escaped = "\\" + quote if quote == '"' else quote * 2
    return (
        line,
        len(before),
        f"this {quote} ends the quoted value of '{start[0]}' that opens in column "
        f"{start[1] + 1}, and the rest of the line is left over; put the value in "
        f"{other} quotes instead, or write the inner quote mark as "
        f"{escaped}",
    )


def _text_after_bracket(problem: str, line: int, col: int, lines: list[str]) -> Hint | None:
    if not 0 < line <= len(lines):
        return None
    start = _value_start(lines[line - 1])
    if start is None or lines[line - 1][start[1] : start[1] + 1] not in ("[", "{"):
        return None
    key, at = start
    opening = lines[line - 1][at]
    closing = "]" if opening == "[" else "}"
    after = lines[line - 1][at:].rstrip()
    if after.endswith(closing):
        return None
    return (
        line,
        at + 1,
        f"a value that starts with '{opening}' is read as a "
        f"{'list' if opening == '[' else 'mapping'}, and text follows its '{closing}'; "
        f'put the whole value in quotes: {key}: "{after[:50]}"',
    )


_HINTS: tuple[Callable[[str, int, int, list[str]], Hint | None], ...] = (
    _curly_quotes,
    _text_after_bracket,
    _quote_inside_quotes,
    _over_indented_key,
    _unindented_continuation,
    _no_space_after_colon,
)
