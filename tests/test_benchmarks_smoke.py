"""The synthetic benchmark data is valid, so that benchmarks measure real work."""

from __future__ import annotations

from pathlib import Path

from benchmarks.synthetic import write_project
from tests.conftest import run_timeline


def test_synthetic_project_is_valid(tmp_path: Path) -> None:
    write_project(tmp_path, 200)
    result = run_timeline("-C", str(tmp_path), "validate")
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout == ""  # not even a warning
    assert len(list((tmp_path / "events").rglob("*.yaml"))) == 200


def test_synthetic_project_is_deterministic(tmp_path: Path) -> None:
    write_project(tmp_path / "a", 30, seed=7)
    write_project(tmp_path / "b", 30, seed=7)
    files_a = sorted(p.relative_to(tmp_path / "a") for p in (tmp_path / "a").rglob("*.yaml"))
    files_b = sorted(p.relative_to(tmp_path / "b") for p in (tmp_path / "b").rglob("*.yaml"))
    assert files_a == files_b
    for name in files_a:
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes()
