"""Hostile records that must be refused: each at its exact file, line and column.

One project holds every case of `tests.hostile.cases.REJECTED` as its own file (or
symbolic link) beside valid base records; `timeline validate` runs once, and each
case checks the errors reported for its own file. `timeline build` on the same
project refuses to build, creates no site/, and never runs what a YAML tag names.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import unicodedata
from pathlib import Path

import pytest

from generator.diagnostics import printable
from tests.helpers import build, new_project, run_timeline, symlink, write_file
from tests.hostile.cases import REJECTED, Rejected, python_tag_record

MARKER = "pwned-marker"


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = new_project(tmp_path_factory.mktemp("rejected"))
    write_file(
        root, "outside/record.yaml", (root / "events/2025/2025-01-01-baseline.yaml").read_bytes()
    )
    for case in REJECTED:
        if case.link_to is not None:
            symlink(root, case.path, case.link_to)
        elif case.fifo:
            os.mkfifo(root / case.path)
        elif case.id == "yaml-python-tag":
            write_file(root, case.path, python_tag_record(str(root / MARKER)))
        else:
            write_file(root, case.path, case.content)
    return root


@pytest.fixture(scope="module")
def validated(project: Path) -> tuple[subprocess.CompletedProcess, dict[str, list[dict]]]:
    result = run_timeline("validate", "--format", "json", cwd=project)
    by_file: dict[str, list[dict]] = {}
    for diagnostic in json.loads(result.stdout)["diagnostics"]:
        by_file.setdefault(diagnostic["path"], []).append(diagnostic)
    return result, by_file


def test_validate_fails_and_only_the_hostile_files_have_errors(validated) -> None:
    result, by_file = validated
    assert result.returncode == 1
    assert set(by_file) == {case.shown_path for case in REJECTED}


@pytest.mark.parametrize("case", REJECTED, ids=lambda case: case.id)
def test_rejected_at_its_place(validated, case: Rejected) -> None:
    _, by_file = validated
    errors = [d for d in by_file[case.shown_path] if d["severity"] == "error"]
    found = [(d["line"], d["col"], d["code"]) for d in errors]
    if case.exact:
        assert found == list(case.expected)
    else:
        assert set(case.expected) <= set(found)
    if case.message_has:
        assert any(case.message_has in d["message"] for d in errors)


def test_text_output_names_file_line_and_column_and_prints_nothing_a_terminal_runs(
    project: Path,
) -> None:
    result = run_timeline("validate", cwd=project)
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    for case in REJECTED:
        line, col, code = case.expected[0]
        prefix = f"{printable(case.shown_path)}:{line}:{col}: error: "
        assert any(x.startswith(prefix) and x.endswith(f"[{code}]") for x in lines), prefix
    invisible = {
        char for char in result.stdout if char != "\n" and unicodedata.category(char) == "Cc"
    }
    assert not invisible, invisible
    assert not re.search("[\u202a-\u202e\u2066-\u2069]", result.stdout)


def test_github_annotations_stay_one_line_each(project: Path) -> None:
    result = run_timeline("validate", "--format", "github", cwd=project)
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    assert lines and all(line.startswith(("::error file=", "::warning file=")) for line in lines)
    errors = [line for line in lines if line.startswith("::error ")]
    for case in REJECTED:
        line, col, code = case.expected[0]
        path = printable(case.shown_path).replace(":", "%3A").replace(",", "%2C")
        assert any(
            x.startswith(f"::error file={path},line={line},col={col}::") and x.endswith(code + "]")
            for x in errors
        ), case.id


def test_build_refuses_writes_no_site_and_runs_no_tag(project: Path) -> None:
    result = build(project, "--strict")
    assert result.returncode == 1
    assert "nothing was generated or built" in result.stderr
    assert not (project / "site").exists()
    assert not list(project.glob(".site-*"))
    assert not (project / MARKER).exists()
    assert not (project / "site_src" / "events").exists()
