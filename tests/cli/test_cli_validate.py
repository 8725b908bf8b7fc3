import json

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


def test_every_command_has_help():
    from generator.cli import build_parser

    parser = build_parser()
    subparsers = next(a for a in parser._actions if a.dest == "command")
    for name, sub in subparsers.choices.items():
        assert sub.description, f"'timeline {name}' has no description"
        assert (REPO / "README.md").read_text().count(f"timeline {name}") > 0, name
