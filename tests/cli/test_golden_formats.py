"""The same diagnostics in the other output formats: GitHub annotations and JSON.

The case under tests/golden/formats/multi-error/ is built like the invalid-record
goldens (see test_golden_invalid.py); `pytest --update-goldens` rewrites the files.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import run_timeline
from tests.records.test_golden_invalid import make_project

CASE = Path(__file__).parent.parent / "golden" / "formats" / "multi-error"


@pytest.mark.parametrize("output_format", ["github", "json"])
def test_output_format(output_format: str, tmp_path: Path, update_goldens: bool) -> None:
    root = tmp_path / "project"
    make_project(CASE, root)
    result = run_timeline("-C", str(root), "validate", "--format", output_format)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr, result.stderr
    expected = CASE / {"github": "expected-github.txt", "json": "expected.json"}[output_format]
    if update_goldens:
        expected.write_text(result.stdout)
    assert result.stdout == expected.read_text()


def test_github_annotations_are_one_line_each(tmp_path: Path) -> None:
    root = tmp_path / "project"
    make_project(CASE, root)
    lines = run_timeline("-C", str(root), "validate", "--format", "github").stdout.splitlines()
    assert lines
    assert all(line.startswith(("::error file=", "::warning file=")) for line in lines)


def test_json_counts_match_diagnostics(tmp_path: Path) -> None:
    root = tmp_path / "project"
    make_project(CASE, root)
    payload = json.loads(run_timeline("-C", str(root), "validate", "--format", "json").stdout)
    severities = [d["severity"] for d in payload["diagnostics"]]
    assert payload["valid"] is False
    assert payload["errors"] == severities.count("error") >= 4
    assert payload["warnings"] == severities.count("warning")
    assert all(d["line"] >= 1 and d["col"] >= 1 for d in payload["diagnostics"])
