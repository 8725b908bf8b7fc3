"""The same diagnostics in the other output formats: GitHub annotations and JSON.

The case under tests/golden/formats/multi-error/ is built like the invalid-record
goldens, on their `_base` (tests/golden/README.md); `pytest --update-goldens`
rewrites its expected files.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.helpers import GOLDEN, check_golden, golden_project, run_timeline

CASE = GOLDEN / "formats" / "multi-error"


def make_project(root: Path) -> Path:
    return golden_project(CASE, root, base=GOLDEN / "invalid" / "_base")


@pytest.mark.parametrize("output_format", ["github", "json"])
def test_output_format(output_format: str, tmp_path: Path, update_goldens: bool) -> None:
    root = make_project(tmp_path / "project")
    result = run_timeline("-C", str(root), "validate", "--format", output_format)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr, result.stderr
    expected = CASE / {"github": "expected-github.txt", "json": "expected.json"}[output_format]
    check_golden(expected, result.stdout, update_goldens)


def test_github_annotations_are_one_line_each(tmp_path: Path) -> None:
    root = make_project(tmp_path / "project")
    lines = run_timeline("-C", str(root), "validate", "--format", "github").stdout.splitlines()
    assert lines
    assert all(line.startswith(("::error file=", "::warning file=")) for line in lines)


def test_json_counts_match_diagnostics(tmp_path: Path) -> None:
    root = make_project(tmp_path / "project")
    payload = json.loads(run_timeline("-C", str(root), "validate", "--format", "json").stdout)
    severities = [d["severity"] for d in payload["diagnostics"]]
    assert payload["valid"] is False
    assert payload["errors"] == severities.count("error") >= 4
    assert payload["warnings"] == severities.count("warning")
    assert all(d["line"] >= 1 and d["col"] >= 1 for d in payload["diagnostics"])
