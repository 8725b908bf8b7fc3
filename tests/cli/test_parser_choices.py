"""The command line lists some options' choices without importing the modules that own them
(so that `timeline build` starts quickly); the lists must be those modules' own."""

from __future__ import annotations

import subprocess
import sys

import pytest

from generator.cli import parser


@pytest.mark.parametrize(
    "choices", [parser.EXPORT_FORMATS, parser.CHANGES_FORMATS, parser.ENTITY_KINDS]
)
def test_the_listed_choices_are_the_modules_own(choices: parser._Choices) -> None:
    assert sorted(choices) == sorted(choices.actual())
    assert all(name in choices for name in choices.actual())
    assert "not-a-choice" not in choices


def test_a_value_outside_the_choices_is_refused_with_the_list() -> None:
    found = subprocess.run(
        [sys.executable, "-m", "generator", "export", "--format", "yaml"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert found.returncode == 2
    assert "invalid choice: 'yaml'" in found.stderr
    assert "'json', 'csv', 'ics', 'atom', 'timelinejs'" in found.stderr


def test_starting_the_command_line_loads_no_stage_below_the_site() -> None:
    """Listing the commands must not import the exports, the records' model or YAML."""
    code = (
        "import sys; from generator.cli import build_parser; build_parser(); "
        "print(sorted(m for m in sys.modules if m.startswith(('generator.exports', "
        "'generator.records', 'generator.render', 'yaml'))))"
    )
    found = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert found.returncode == 0, found.stderr
    assert found.stdout.strip() == "[]"
