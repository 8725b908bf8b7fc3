"""Every file and folder under events/ and entities/ is a record or is reported.

The golden cases (tests/golden/invalid/file-*, folder-*, ...) hold one tree each;
these tests cover what a golden case cannot: sockets, folders nested deeper than
Python's recursion limit, and names that are not UTF-8 through every command.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers import new_project, run_timeline

BASELINE = "events/2025/2025-01-01-baseline.yaml"


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return new_project(tmp_path / "project")


def diagnostics(root: Path) -> list[tuple[str, int, int, str, str]]:
    result = run_timeline("validate", "--format", "json", cwd=root, timeout=60)
    assert "Traceback" not in result.stderr, result.stderr
    found = json.loads(result.stdout)["diagnostics"]
    return [(d["path"], d["line"], d["col"], d["severity"], d["code"]) for d in found]


def test_the_allowed_files_are_not_reported(project: Path) -> None:
    (project / "events" / "README.md").write_text("Events, one file each.\n")
    (project / "events" / "2025" / ".gitkeep").write_text("")
    (project / "entities" / ".gitkeep").write_text("")
    assert diagnostics(project) == []


def test_a_socket_is_reported_without_being_opened(project: Path) -> None:
    folder = project / "events" / "2025"
    here = os.getcwd()
    os.chdir(folder)  # a socket's address is at most 108 bytes: bind it by a short name
    try:
        server = socket.socket(socket.AF_UNIX)
        server.bind("2025-06-01-socket.yaml")
    finally:
        os.chdir(here)
    try:
        found = diagnostics(project)
    finally:
        server.close()
    assert found == [("events/2025/2025-06-01-socket.yaml", 1, 1, "error", "not-a-file")]


def test_a_fifo_does_not_hang_build_or_export(project: Path) -> None:
    os.mkfifo(project / "entities" / "nobody-writes.yaml")
    for command in (["build"], ["export", "--format", "json"]):
        result = run_timeline(*command, cwd=project, timeout=60)
        assert result.returncode == 1, result.stderr
        assert "entities/nobody-writes.yaml:1:1: error: " in result.stderr
        assert "Traceback" not in result.stderr
    assert not (project / "site").exists()


DEPTH = 1100  # beyond Python's recursion limit of 1000


def test_folders_nested_past_the_recursion_limit(project: Path) -> None:
    levels = [project / "events" / ("d/" * depth) for depth in range(1, DEPTH + 1)]
    record = levels[-1] / "2025-01-01-deep.yaml"
    try:
        for level in levels:
            level.mkdir()
        record.write_bytes((project / BASELINE).read_bytes())
        found = diagnostics(project)
    finally:
        # shutil.rmtree, which pytest uses on old temporary folders, recurses and would fail
        record.unlink(missing_ok=True)
        for level in reversed(levels):
            if level.exists():
                level.rmdir()
    assert [(line, col, code) for _, line, col, _, code in found] == [(2, 7, "wrong-folder")]
    assert found[0][0] == "events/" + "d/" * DEPTH + "2025-01-01-deep.yaml"


def _git(root: Path, *args: str) -> None:
    identity = ["-c", "user.name=test", "-c", "user.email=test@localhost"]
    subprocess.run(["git", *identity, *args], cwd=root, check=True, capture_output=True)


def test_names_that_are_not_utf8_in_every_command(project: Path) -> None:
    """validate, build, export and changes: a clear error naming the path, never a traceback."""
    _git(project, "init", "-q")
    _git(project, "add", "-A")
    _git(project, "commit", "-q", "-m", "base")
    events = os.fsencode(project / "events" / "2025")
    os.rename(
        os.path.join(events, b"2025-12-31-closing.yaml"),
        os.path.join(events, b"2025-12-31-cl\xf6sing.yaml"),
    )
    os.mkdir(os.path.join(os.fsencode(project / "events"), b"20\xff25"))
    wanted = [
        "events/2025/2025-12-31-cl\\xf6sing.yaml:1:1: error: the name is not valid UTF-8",
        "events/20\\xff25:1:1: error: the name is not valid UTF-8",
    ]
    validate = run_timeline("validate", cwd=project)
    assert validate.returncode == 1
    lines = validate.stdout.splitlines()
    assert len(lines) == 2 and all(map(str.startswith, lines, wanted)), lines
    for command in (["build"], ["build", "--strict"], ["export", "--format", "ics"]):
        result = run_timeline(*command, cwd=project)
        assert result.returncode == 1, command
        assert "Traceback" not in result.stderr, result.stderr
        assert all(w in result.stderr for w in wanted), result.stderr
    assert not (project / "site").exists()
    # `changes` (generator/changes.py) prints the name as git stores it, bytes and all
    changes = subprocess.run(
        [sys.executable, "-m", "generator", "changes", "--since", "HEAD"],
        cwd=project,
        capture_output=True,
        timeout=60,
        check=False,
    )
    assert changes.returncode == 0 and b"Traceback" not in changes.stderr, changes.stderr


def test_new_event_walks_folders_nested_past_the_recursion_limit(project: Path) -> None:
    levels = [project / "events" / ("d/" * depth) for depth in range(1, DEPTH + 1)]
    try:
        for level in levels:
            level.mkdir()
        result = run_timeline("new", "event", "A new event", "--date", "2025-06-01", cwd=project)
    finally:
        for level in reversed(levels):
            level.rmdir()
    assert result.returncode == 0, result.stderr
    assert result.stdout == "events/2025/2025-06-01-a-new-event.yaml\n"
