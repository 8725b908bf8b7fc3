import argparse
import json
import re

from tests.helpers import REPO, run_timeline


def test_repository_records_are_valid():
    result = run_timeline("validate")
    assert result.returncode == 0, result.stdout + result.stderr
    assert ": error:" not in result.stdout


def test_validate_json_output_lists_counts():
    result = run_timeline("validate", "--format", "json")
    payload = json.loads(result.stdout)
    assert payload["valid"] is True
    assert payload["errors"] == 0
    assert payload["warnings"] == len(payload["diagnostics"])


def test_bad_usage_exits_2():
    result = run_timeline("validate", "--format", "yaml")
    assert result.returncode == 2
    assert "invalid choice" in result.stderr


def test_not_a_project_exits_1(tmp_path):
    result = run_timeline("-C", str(tmp_path), "validate")
    assert result.returncode == 1
    assert "is not a timeline project" in result.stderr
    assert "Traceback" not in result.stderr


def _commands(parser, path=()):
    """(('new', 'event'), its parser) for every command that runs, nested ones included."""
    subparsers = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
    if not subparsers:
        yield path, parser
        return
    for name, sub in subparsers[0].choices.items():
        yield from _commands(sub, (*path, name))


def _readme_rows() -> dict[str, str]:
    """The README's table of commands: `timeline ...` of each row, by the command it names."""
    text = (REPO / "README.md").read_text(encoding="utf-8")
    section = text[text.index("## Commands") :]
    rows = re.findall(r"^\| `(timeline [^`]+)` \|", section, flags=re.MULTILINE)
    return {" ".join(re.findall(r"^timeline((?: [a-z]+)+)", row)[0].split()): row for row in rows}


def test_every_command_has_help_and_a_row_in_the_readme_with_its_options():
    from generator.cli import build_parser

    rows = _readme_rows()
    documented = set()
    for path, sub in _commands(build_parser()):
        name = " ".join(path)
        assert sub.description, f"'timeline {name}' has no description"
        row = next((r for key, r in rows.items() if key.startswith(name)), None)
        assert row is not None, f"README.md's table of commands has no row for 'timeline {name}'"
        documented.add(name)
        for action in sub._actions:
            if action.option_strings and "--help" not in action.option_strings:
                written = [
                    o for o in action.option_strings if re.search(rf"(?<![\w-]){o}(?![\w-])", row)
                ]
                assert written, f"README.md: 'timeline {name}' lacks {action.option_strings[-1]}"
    assert documented == {
        *("validate", "build", "serve", "export", "schema", "changes"),
        *("new event", "new entity", "new topic", "new period"),
    }
    commands = (REPO / "README.md").read_text(encoding="utf-8").split("## Commands", 1)[1]
    assert "`timeline -C DIR COMMAND`" in commands  # the one option every command takes
