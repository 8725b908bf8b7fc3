"""Shared helpers: run the real `timeline` command on real folders."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent


def run_timeline(
    *args: str, cwd: Path = REPO, env: dict | None = None, timeout: float = 600
) -> subprocess.CompletedProcess:
    """Run `python -m generator ARGS` as a user would, capturing its output."""
    return subprocess.run(
        [sys.executable, "-m", "generator", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=timeout,
        env={**os.environ, **(env or {})},
    )


@pytest.fixture
def seed_copy(tmp_path: Path) -> Path:
    """A throw-away copy of the repository's records and site sources."""
    for name in ("events", "entities", "site_src"):
        if (REPO / name).exists():
            shutil.copytree(
                REPO / name,
                tmp_path / name,
                symlinks=True,
                ignore=shutil.ignore_patterns(".generated"),
            )
    for name in ("mkdocs.yml",):
        if (REPO / name).exists():
            shutil.copy2(REPO / name, tmp_path / name)
    return tmp_path


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-goldens",
        action="store_true",
        help="rewrite the expected outputs of golden tests instead of comparing",
    )


@pytest.fixture
def update_goldens(request: pytest.FixtureRequest) -> bool:
    return request.config.getoption("--update-goldens")
