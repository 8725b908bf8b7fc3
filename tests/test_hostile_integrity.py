"""No build publishes half a site, or a file a symbolic link points to.

- Symbolic links anywhere under site_src/ stop the build before anything is generated,
  with an error at the link (file:1:1), and site/ stays as it was.
- A pickle committed under .cache/ (the record cache) is never loaded: cache files
  are signed with a key kept outside the project.
- A build killed while MkDocs runs leaves site/ byte-identical; the next build removes
  the staging folder it left. A build killed between the two renames of the swap (site/
  set aside, the new one not yet in place) gets its previous site/ back at the next
  build, even when that build fails. Staging folders of a build still running are
  left alone.

(Symbolic links among the records, and a failed or repeated build, are in
test_hostile_rejected.py and test_build_e2e.py.)
"""

from __future__ import annotations

import os
import pickle
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from benchmarks.synthetic import write_project
from generator import record_cache
from generator.project import load_project
from generator.record_cache import RecordCache
from tests.conftest import run_timeline
from tests.hostile.cases import PASSWD_LINE
from tests.hostile.project import new_project, symlink
from tests.test_build_e2e import EPOCH, build, tree_digest

KILLED_PROJECT_EVENTS = 300


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = new_project(tmp_path_factory.mktemp("integrity"))
    result = build(root, "--strict")
    assert result.returncode == 0, result.stderr
    return root


def _secret_folder(root: Path) -> Path:
    folder = root.parent / f"{root.name}-private"
    folder.mkdir(exist_ok=True)
    (folder / "secret.md").write_text("# Private\n\nA private note.\n")
    return folder


@pytest.mark.parametrize(
    ("link", "target"),
    [
        ("site_src/leak.md", "/etc/passwd"),
        ("site_src/assets/private", "<secret folder>"),
        ("site_src/_includes/home.md", "/etc/passwd"),
    ],
    ids=["file-to-etc-passwd", "folder-outside", "home-intro-to-etc-passwd"],
)
def test_a_symlink_in_site_src_stops_the_build(built: Path, link: str, target: str) -> None:
    before = tree_digest(built / "site")
    path = built / link
    aside = path.with_name(path.name + ".aside")
    if path.exists():
        path.rename(aside)
    symlink(built, link, str(_secret_folder(built)) if target.startswith("<") else target)
    try:
        # not --strict: MkDocs' own strict checks must not be what stops it
        result = build(built)
    finally:
        path.unlink()
        if aside.exists():
            aside.rename(path)
    assert result.returncode == 1
    assert f"{link}:1:1: error: symbolic links are not allowed in 'site_src/'" in result.stderr
    assert "to; replace it with the real " in result.stderr and "[symlink]" in result.stderr
    assert "nothing was built" in result.stderr
    assert tree_digest(built / "site") == before
    assert not list(built.glob(".site-*"))
    for file in (built / "site").rglob("*"):
        if file.is_file():
            assert PASSWD_LINE.encode() not in file.read_bytes()
            assert b"A private note." not in file.read_bytes()


def test_a_symlinked_events_folder_is_refused(tmp_path: Path) -> None:
    root = new_project(tmp_path / "project")
    shutil.move(root / "events", tmp_path / "elsewhere")
    os.symlink(tmp_path / "elsewhere", root / "events")
    result = run_timeline("validate", cwd=root)
    assert result.returncode == 1
    assert "events:1:1: error: 'events/' may not be a symbolic link [symlink]" in result.stdout


def test_leftovers_of_a_build_still_running_are_left_alone(built: Path) -> None:
    # this test's own process is alive: a folder named after it belongs to a live build
    live = built / f".site-{os.getpid()}-running"
    dead = built / ".site-999999999-dead"
    live.mkdir()
    dead.mkdir()
    try:
        result = build(built, "--strict")
        assert result.returncode == 0, result.stderr
        assert live.is_dir()
        assert not dead.exists()
        assert "removed .site-999999999-dead, left by a build that was interrupted" in (
            result.stderr
        )
    finally:
        shutil.rmtree(live, ignore_errors=True)


def test_a_build_killed_between_the_two_renames_gets_its_site_back(built: Path) -> None:
    before = tree_digest(built / "site")
    # what a kill between `site -> .site-old-*` and `staging -> site` leaves behind
    (built / "site").rename(built / ".site-old-999999999-abc")
    shutil.copytree(built / ".site-old-999999999-abc", built / ".site-999999999-def")
    bad = built / "events" / "2025" / "2025-02-30-impossible.yaml"
    bad.write_text('title: Impossible\ndate: "2025-02-30"\nsummary: x\n')
    try:
        result = build(built, "--strict")
    finally:
        bad.unlink()
    assert result.returncode == 1
    assert "put back the previous site/ from .site-old-999999999-abc" in result.stderr
    assert tree_digest(built / "site") == before
    assert not list(built.glob(".site-*"))


def test_a_build_killed_while_mkdocs_runs_leaves_site_as_it_was(tmp_path: Path) -> None:
    root = tmp_path / "big"
    write_project(root, KILLED_PROJECT_EVENTS)
    assert build(root).returncode == 0
    before = tree_digest(root / "site")
    # change the input, so that a build that got as far as the swap would show
    some_event = sorted((root / "events").rglob("*.yaml"))[-1]
    some_event.write_text(
        some_event.read_text().replace("title: ", "title: Changed before the kill, ", 1)
    )
    delay = random.uniform(0.2, 1.0)
    process = subprocess.Popen(
        [sys.executable, "-m", "generator", "build"],
        cwd=root,
        env={**os.environ, **EPOCH},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,  # its own process group: the kill reaches MkDocs too
    )
    try:
        deadline = time.monotonic() + 60
        staging = []
        while not staging and time.monotonic() < deadline and process.poll() is None:
            staging = [p for p in root.glob(f".site-{process.pid}-*") if p.is_dir()]
            time.sleep(0.02)
        assert staging, f"the build ended (exit {process.poll()}) before MkDocs started"
        time.sleep(delay)
        assert process.poll() is None, f"the build finished within {delay:.2f} s; kill it sooner"
        os.killpg(process.pid, signal.SIGKILL)
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
        process.wait()
    assert tree_digest(root / "site") == before, f"killed {delay:.2f} s into MkDocs"
    assert (root / "site" / "index.html").is_file()
    # the next build removes what the killed one left, and publishes the change
    result = build(root)
    assert result.returncode == 0, result.stderr
    assert f"removed .site-{process.pid}-" in result.stderr
    assert not list(root.glob(".site-*"))
    assert tree_digest(root / "site") != before


class _RunsCode:
    """A pickle that runs a command when it is loaded."""

    def __init__(self, command: str) -> None:
        self.command = command

    def __reduce__(self) -> tuple:
        return (os.system, (self.command,))


def test_a_pickle_committed_under_cache_is_never_loaded(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Git-ignored files can still be committed: a pull request could add .cache/records/."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "user-cache"))  # the signing key's home
    record_cache.signing_key.cache_clear()
    try:
        root = new_project(tmp_path / "project")
        load_project(root, RecordCache(root))  # what `timeline build` does first
        buckets = sorted((root / ".cache" / "records").rglob("*.pickle"))
        assert buckets, "loading keeps a cache of the records"
        marker = tmp_path / "pwned"
        # as the files were written before they were signed, and with a made-up signature
        for prefix in (b"", bytes(record_cache.SIGNATURE_BYTES)):
            for bucket in buckets:
                bucket.write_bytes(prefix + pickle.dumps({"x": _RunsCode(f"touch {marker}")}))
            dataset, diagnostics = load_project(root, RecordCache(root))
            assert not marker.exists()
            assert len(dataset.events) == 2 and not diagnostics
    finally:
        record_cache.signing_key.cache_clear()
