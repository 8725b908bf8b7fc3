"""Exit codes: 0 done, 1 for whatever the user can fix, 2 only when argparse refuses the line.

Each case runs the real command on a real project; the user-caused failures
are shown as `timeline: error: ...` (or as diagnostics, where there is a
line to point at), never as a traceback.
"""

from __future__ import annotations

import socket
from pathlib import Path

import pytest

from generator.cli import EXIT_FAILED, EXIT_OK, EXIT_USAGE
from tests.helpers import new_project, run_timeline


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return new_project(tmp_path_factory.mktemp("exit-codes") / "project")


def test_the_codes() -> None:
    assert (EXIT_OK, EXIT_FAILED, EXIT_USAGE) == (0, 1, 2)


@pytest.mark.parametrize(
    "args",
    [
        ("frobnicate",),
        ("validate", "--format", "yaml"),
        ("export",),  # --format is required
        ("new", "entity", "Someone", "--kind", "human"),
        ("serve", "--port", "eighty"),
        ("validate", "--no-such-option"),
    ],
)
def test_only_a_bad_command_line_exits_2(project: Path, args: tuple[str, ...]) -> None:
    result = run_timeline(*args, cwd=project)
    assert result.returncode == EXIT_USAGE, result.stderr
    assert result.stderr.startswith("usage: timeline")


def test_a_refused_new_record_exits_1(project: Path) -> None:
    result = run_timeline("new", "entity", "Again", "--kind", "person", "--slug", "x", cwd=project)
    assert result.returncode == EXIT_OK, result.stderr
    result = run_timeline("new", "entity", "Again", "--kind", "person", "--slug", "x", cwd=project)
    assert result.returncode == EXIT_FAILED
    assert result.stderr == (
        "timeline: error: entities/x.yaml already exists; it was left as it was "
        "(edit it, or choose another name with --slug)\n"
    )
    (project / "entities" / "x.yaml").unlink()


def test_git_missing_exits_1(project: Path) -> None:
    result = run_timeline("changes", "--since", "main", cwd=project, env={"PATH": "/nonexistent"})
    assert result.returncode == EXIT_FAILED
    assert result.stderr == (
        "timeline: error: git is not installed; `timeline changes` compares git revisions\n"
    )


def test_bad_settings_exit_1_at_their_line(project: Path, tmp_path: Path) -> None:
    config = project / "mkdocs.yml"
    original = config.read_text()
    config.write_text(original + "use_directory_urls: false\n")
    line = len(original.splitlines()) + 1
    expected = f"mkdocs.yml:{line}:21: error: use_directory_urls must be true (the default)"
    try:
        out = tmp_path / "feed.xml"
        result = run_timeline("export", "--format", "atom", "-o", str(out), cwd=project)
        assert result.returncode == EXIT_FAILED
        assert result.stderr.startswith(expected), result.stderr
        assert not out.exists()
        result = run_timeline("validate", cwd=project)
        assert result.returncode == EXIT_FAILED
        assert result.stdout.startswith(expected)
        result = run_timeline("build", cwd=project)
        assert result.returncode == EXIT_FAILED
        assert result.stderr.startswith(expected)
        assert "nothing was built" in result.stderr
        assert not (project / "site").exists()
    finally:
        config.write_text(original)


def test_a_bad_build_time_in_the_generator_process_exits_1(project: Path) -> None:
    result = run_timeline("build", cwd=project, env={"SOURCE_DATE_EPOCH": "soon"})
    assert result.returncode == EXIT_FAILED
    assert "Traceback" not in result.stderr
    assert "timeline: error: SOURCE_DATE_EPOCH is 'soon'" in result.stderr
    assert not (project / "site").exists()
    assert not list(project.glob(".site-*"))


def test_a_port_in_use_exits_1(project: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = run_timeline("serve", "--port", str(port), cwd=project, timeout=300)
    assert result.returncode == EXIT_FAILED, result.stderr
    assert f"timeline: error: cannot serve on 127.0.0.1:{port}: " in result.stderr
    assert "try --port" in result.stderr
