"""The guides show only what exists: every `timeline` command and option that
CONTRIBUTING.md, docs/REFERENCE.md and README.md show is one the command line has,
and the guide for a first contribution stays short (the codes it quotes are checked
with the others in test_workflows.py)."""

from __future__ import annotations

import argparse
import re
import shlex

import pytest

from generator.cli import build_parser
from tests.helpers import REPO

GUIDES = ["CONTRIBUTING.md", "docs/REFERENCE.md", "README.md"]
_CODE = re.compile(r"```[a-z]*\n(.*?)```|`([^`\n]+)`", re.S)


def _subparsers(parser: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            return dict(action.choices)
    return {}


def _shown_commands(text: str) -> list[list[str]]:
    """The words after each `timeline` in the code of a Markdown text."""
    found = []
    for block, span in _CODE.findall(text):
        for line in (block or span).splitlines():
            line = line.split(" #", 1)[0].replace("\\", " ")
            for match in re.finditer(r"(?:^|[\s/(])timeline ([^|;&)]*)", line):
                try:
                    words = shlex.split(match.group(1))
                except ValueError:
                    words = match.group(1).split()
                if words:
                    found.append(words)
    return found


def _check(words: list[str]) -> list[str]:
    """What in one shown command line does not exist."""
    parser = build_parser()
    commands = _subparsers(parser)
    if words[0].startswith("-") or words[0].isupper() or words[0] == "COMMAND":
        return []  # `timeline -C DIR ...`, `timeline COMMAND --help`: placeholders
    if words[0] not in commands:
        return [f"no command 'timeline {words[0]}'"]
    current = commands[words[0]]
    rest = words[1:]
    inner = _subparsers(current)
    if inner and rest and not rest[0].startswith("-") and not rest[0].isupper():
        if rest[0] not in inner and rest[0] not in ("RECORD",):
            return [f"no command 'timeline {words[0]} {rest[0]}'"]
        current = inner.get(rest[0], current)
        rest = rest[1:]
    options = {o for a in current._actions for o in a.option_strings}
    return [
        f"no option {word.split('=')[0]} of 'timeline {words[0]}'"
        for word in rest
        if word.startswith("--") and word.split("=")[0].rstrip(".,") not in options
    ]


@pytest.mark.parametrize("guide", GUIDES)
def test_every_command_and_option_shown_exists(guide: str) -> None:
    shown = _shown_commands((REPO / guide).read_text())
    assert shown, guide
    problems = sorted({p for words in shown for p in _check(words)})
    assert not problems, problems


def test_the_check_finds_what_does_not_exist() -> None:
    """A control: made-up commands and options are found."""
    shown = _shown_commands("`timeline publish --now` and\n```sh\ntimeline validate --fast\n```\n")
    assert [p for words in shown for p in _check(words)] == [
        "no command 'timeline publish'",
        "no option --fast of 'timeline validate'",
    ]


def test_the_guide_is_read_in_ten_minutes() -> None:
    words = len((REPO / "CONTRIBUTING.md").read_text().split())
    assert words < 1200, words


def test_the_guide_and_the_contribute_page_link_to_the_issue_form_itself() -> None:
    form = "/issues/new?template=suggest-event.yml"
    assert form in (REPO / "CONTRIBUTING.md").read_text()
    assert form in (REPO / "site_src/contribute.md").read_text()
