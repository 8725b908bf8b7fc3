"""The fixtures every test folder may use; the helpers they share are in tests/helpers.py.

A site is the slowest thing a test makes (several seconds of MkDocs and
Pagefind), and many tests only read one. The sites below are built once per
test session, however many xdist workers run it: the first worker that asks
builds it under a lock in the session's shared temporary folder; the others
wait and read the same folder. Tests must treat them as read-only; a test
that changes a site copies it first (shutil.copytree) or builds its own.
"""

from __future__ import annotations

import fcntl
import os
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from benchmarks.synthetic import write_project as write_synthetic_project
from tests.helpers import (  # noqa: F401  (run_timeline: importable from here for older tests)
    REPO,
    build,
    copy_project,
    new_project,
    run_timeline,
)
from tests.hostile.project import write_neutralised_project

# Events in the large synthetic site: above FULL_TIMELINE_LIMIT (300), so that
# /timeline/ lists only the latest events and its filters use data/filter-index.json,
# in LARGE_YEARS, so that each year is longer than a page (generator.render.years)
LARGE_EVENTS = 320
LARGE_YEARS = (2024, 2025)


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-goldens",
        action="store_true",
        help="rewrite the expected outputs of golden tests instead of comparing",
    )


@pytest.fixture
def update_goldens(request: pytest.FixtureRequest) -> bool:
    return request.config.getoption("--update-goldens")


@pytest.fixture
def seed_copy(tmp_path: Path) -> Path:
    """A throw-away copy of the repository's records and site sources (no generated pages,
    so that it holds what a fresh clone holds even after `make site`)."""
    return copy_project(tmp_path)


# -- sites built once per session --------------------------------------------------------------


@pytest.fixture(scope="session")
def shared_build(
    tmp_path_factory: pytest.TempPathFactory,
) -> Callable[[str, Callable[[Path], Path]], Path]:
    """shared_build(name, make) -> the root of a project that `make(folder)` writes and
    `timeline build --strict` builds, once for the whole session (every xdist worker)."""
    base = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        base = base.parent  # shared by the workers of this run
    built: dict[str, Path] = {}

    def shared(name: str, make: Callable[[Path], Path]) -> Path:
        if name in built:
            return built[name]
        folder = base / f"shared-{name}"
        with open(base / f"shared-{name}.lock", "w") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            if not (folder / "built").is_file():
                shutil.rmtree(folder, ignore_errors=True)
                root = make(folder / "project")
                result = build(root, "--strict")
                assert result.returncode == 0, result.stdout + result.stderr
                (folder / "built").write_text(str(root))
        built[name] = Path((folder / "built").read_text())
        return built[name]

    return shared


@pytest.fixture(scope="session")
def seed_project(shared_build) -> Path:
    """The repository's own records, built with `timeline build --strict` (read-only)."""
    return shared_build("seed", lambda folder: copy_project(_mkdir(folder)))


@pytest.fixture(scope="session")
def base_project(shared_build) -> Path:
    """The two plain events and two entities of tests/hostile/base, built (read-only)."""
    return shared_build("base", new_project)


@pytest.fixture(scope="session")
def large_project(shared_build) -> Path:
    """A synthetic project too long for one timeline page, built (read-only)."""

    def make(folder: Path) -> Path:
        write_synthetic_project(folder, LARGE_EVENTS, seed=8, years=LARGE_YEARS)
        return folder

    return shared_build("large", make)


# Search in a bundle per year against one index: the same records over several years
SPLIT_EVENTS = 240
SPLIT_YEARS = (2019, 2025)


@pytest.fixture(scope="session")
def years_project(shared_build) -> Path:
    """A synthetic project over seven years, its search index in one bundle; built (read-only)."""

    def make(folder: Path) -> Path:
        write_synthetic_project(folder, SPLIT_EVENTS, seed=8, years=SPLIT_YEARS)
        return folder

    return shared_build("years", make)


@pytest.fixture(scope="session")
def years_split_project(shared_build) -> Path:
    """The same records as years_project, the search index split into a bundle per year."""

    def make(folder: Path) -> Path:
        write_synthetic_project(folder, SPLIT_EVENTS, seed=8, years=SPLIT_YEARS)
        config = folder / "mkdocs.yml"
        config.write_text(config.read_text() + "extra:\n  search_split_above: 100\n")
        return folder

    return shared_build("years-split", make)


@pytest.fixture(scope="session")
def neutralised_project(shared_build) -> Path:
    """Every neutralised hostile case as a record (tests/hostile/cases.py), built (read-only)."""
    return shared_build("neutralised", write_neutralised_project)


def _mkdir(folder: Path) -> Path:
    folder.mkdir(parents=True)
    return folder
