"""No build publishes half a site, a file a symbolic link points to, or what a checkout planted.

- Symbolic links anywhere under site_src/ stop the build before anything is generated,
  with an error at the link (file:1:1), and site/ stays as it was.
- A pickle committed under .cache/ (the record cache) is never loaded: cache files
  are signed with a key kept outside the project.
- A build killed while MkDocs runs leaves site/ byte-identical; the next build removes
  the staging folder it left. A build killed between the two renames of the swap (site/
  set aside, the new one not yet in place) gets its previous site/ back at the next
  build, even when that build fails. Staging folders of a build still running are
  left alone.
- Every hostile tree of tests.hostile.trees (links in .cache/, site/ or site_src/,
  folders named like the build's own, files committed in the generated folders,
  FIFOs, sockets, odd names, mkdocs.yml and docs_dir pointing elsewhere) is built for
  real beside a sentinel folder: the exit code and message are the expected ones,
  nothing outside the project changes, nothing of the sentinel's is published, and
  site/ is unchanged when the build fails. `timeline validate` and `timeline changes`
  report files committed in the generated folders, and `timeline serve` serves only
  a site/ a build on this machine made, and of it only the files as that build left
  them (not those a branch checked out while it runs writes over them).

`timeline new` never writes a skeleton through a records folder that is a link, nor
`timeline export -o` through a link where its file goes.
(Symbolic links among the records, and a failed or repeated build, are in
test_hostile_rejected.py and test_build_e2e.py.)
"""

from __future__ import annotations

import contextlib
import json
import os
import pickle
import random
import shutil
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from benchmarks.synthetic import write_project
from generator.records import cache as record_cache
from generator.records.cache import RecordCache
from generator.records.project import load_project
from tests.helpers import (
    EPOCH,
    build,
    build_folders_left,
    dead_build_folder,
    free_port,
    new_project,
    run_timeline,
    start_serve,
    stop_serve,
    symlink,
    tree_digest,
    wait_for,
    write_file,
)
from tests.hostile.cases import PASSWD_LINE
from tests.hostile.trees import CASES, SCRIPT, SENTINEL_LINE, TreeCase, make_fresh, make_sentinel

# enough pages that MkDocs runs a few seconds, so that a kill 0.1-0.7 s in finds it running
KILLED_PROJECT_EVENTS = 150


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
    from generator.site.folders import make_build_folder

    # this test's own process is alive: a folder it makes belongs to a live build
    live = make_build_folder(built)
    dead = dead_build_folder(built)
    try:
        result = build(built, "--strict")
        assert result.returncode == 0, result.stderr
        assert live.is_dir()
        assert f"removed {dead.name}, left by a build that was interrupted" in result.stderr
        assert not dead.exists()
    finally:
        shutil.rmtree(live, ignore_errors=True)


def test_a_build_killed_between_the_two_renames_gets_its_site_back(built: Path) -> None:
    assert build(built, "--strict").returncode == 0  # site/ as this machine's build left it
    before = tree_digest(built / "site")
    # what a kill between `site -> .site-old-*` and `staging -> site` leaves behind
    aside = dead_build_folder(built, "old", of="site")
    staging = dead_build_folder(built)
    write_file(built, f"{staging.name}/index.html", "half built\n")
    bad = built / "events" / "2025" / "2025-02-30-impossible.yaml"
    bad.write_text('title: Impossible\ndate: "2025-02-30"\nsummary: x\n')
    try:
        result = build(built, "--strict")
    finally:
        bad.unlink()
    assert result.returncode == 1
    assert f"put back the previous site/ from {aside.name}" in result.stderr
    assert f"removed {staging.name}, left by a build that was interrupted" in result.stderr
    assert tree_digest(built / "site") == before
    assert not list(built.glob(".site-*"))


def _start_build(root: Path, stderr: int = subprocess.DEVNULL) -> subprocess.Popen:
    """`timeline build` in root, silent, in its own process group (a kill reaches MkDocs too)."""
    return subprocess.Popen(
        [sys.executable, "-m", "generator", "build"],
        cwd=root,
        env={**os.environ, **EPOCH},
        stdout=subprocess.DEVNULL,
        stderr=stderr,
        text=True,
        start_new_session=True,
    )


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
    delay = random.uniform(0.1, 0.7)
    process = _start_build(root)
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
    assert not build_folders_left(root)
    assert tree_digest(root / "site") != before


def _file_stats(folder: Path) -> dict[str, tuple[int, int, int, int]]:
    """Every file and folder under `folder`: mode, size, time and inode (what a build proves)."""
    found = {}
    for here, folders, files in os.walk(folder):
        for name in folders + files:
            status = os.lstat(os.path.join(here, name))
            path = os.path.relpath(os.path.join(here, name), folder)
            found[path] = (status.st_mode, status.st_size, status.st_mtime_ns, status.st_ino)
    return found


def test_a_build_killed_after_mkdocs_leaves_every_file_of_site_untouched(
    tmp_path: Path,
) -> None:
    """An incremental build starts from hard links to site/'s files: MkDocs must write none
    of them in place, not even a file it writes every time (the theme's static template, the
    icon sprite) or a theme file only touched (it copies those newer than their output).
    Killed after MkDocs, it leaves site/ as it was, times and inodes too, and the next build
    still starts from it."""
    root = new_project(tmp_path / "project")
    write_file(root, "site_src/overrides/assets/theme-note.txt", "a file of the theme\n")
    assert build(root).returncode == 0
    touched = root / "site_src" / "overrides" / "assets" / "theme-note.txt"
    os.utime(touched, (time.time() + 5, time.time() + 5))  # same content, newer
    some_event = sorted((root / "events").rglob("*.yaml"))[0]
    some_event.write_text(some_event.read_text().replace("title: ", "title: Killed, ", 1))
    before = _file_stats(root / "site")
    process = _start_build(root, stderr=subprocess.PIPE)
    try:
        said = next((line for line in process.stderr if "Documentation built" in line), None)
        assert said, "the build ended without running MkDocs"  # else: killed right after
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait()
    changed = sorted(
        path for path, stats in _file_stats(root / "site").items() if before.get(path) != stats
    )
    assert changed == []
    result = build(root)
    assert result.returncode == 0, result.stderr
    assert "site/ built incrementally" in result.stderr
    assert "Killed, " in (root / "site" / "events").joinpath(
        some_event.stem, "index.html"
    ).read_text()


def test_a_build_killed_while_it_writes_the_pages_is_not_refused_by_the_next(
    tmp_path: Path,
) -> None:
    """Killed after writing some pages and before the list of what it wrote: the next build
    recognises its pages (generator.site.manifest's pending lines) and publishes the change,
    where it used to refuse them as edited by hand."""
    root = tmp_path / "big"
    write_project(root, KILLED_PROJECT_EVENTS)
    assert build(root).returncode == 0
    for record in (root / "events").rglob("*.yaml"):  # every event page changes
        record.write_text(record.read_text().replace("title: ", "title: Killed while written, ", 1))
    pending = root / "site_src" / ".generated-pending"
    process = _start_build(root)
    try:
        deadline = time.monotonic() + 120
        while not pending.exists() and time.monotonic() < deadline and process.poll() is None:
            pass  # no sleep: the pages of a batch are written within milliseconds
        os.killpg(process.pid, signal.SIGKILL)
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
        process.wait()
    assert pending.exists(), "the build was not caught between its pages and its manifest"
    result = build(root, "--strict")
    assert result.returncode == 0, result.stderr
    assert "changed after the generator wrote it" not in result.stderr
    assert not pending.exists()
    page = next((root / "site" / "events").rglob("index.html")).read_text()
    assert "Killed while written, " in page


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
        cache = RecordCache(root)  # what `timeline build` does first
        load_project(root, cache)
        cache.save()
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


# -- hostile trees --------------------------------------------------------------------------


@pytest.fixture(scope="module")
def built_template(base_project: Path) -> Path:
    """A project built once per session (tests/conftest.py), copied (times kept) for each
    hostile tree."""
    return base_project


def _arena(template: Path, folder: Path, fresh: bool) -> tuple[Path, Path]:
    """A copy of the built project in folder/project, beside folder/sentinel."""
    root = folder / "project"
    shutil.copytree(template, root, symlinks=True)
    if fresh:
        make_fresh(root)
    return root, make_sentinel(folder / "sentinel")


def _snapshot(folder: Path) -> tuple:
    """Every name under `folder` (links not followed), with each file's bytes."""
    found = []
    for here, subfolders, files in os.walk(folder):
        for name in sorted(subfolders + files):
            path = Path(here) / name
            data = path.read_bytes() if path.is_file() and not path.is_symlink() else None
            found.append((str(path.relative_to(folder)), data))
    return tuple(sorted(found, key=lambda item: item[0]))


def _site_state(site: Path) -> tuple:
    if site.is_symlink() or not site.exists():
        return ("link" if site.is_symlink() else "absent",)
    if not site.is_dir():
        return ("file", site.read_bytes())
    return ("folder", tree_digest(site))


def wait_for_deletions(root: Path) -> None:
    """Until the background deletions of the build's own folders have finished."""
    trash = root / ".cache" / "trash"
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if not trash.is_dir() or trash.is_symlink():
            return
        if not [p for p in trash.iterdir() if p.name.startswith(".site-")]:
            return
        time.sleep(0.05)
    raise AssertionError("the previous site was not deleted within 30 s")


@pytest.mark.parametrize("case", CASES, ids=[case.id for case in CASES])
def test_a_hostile_tree_changes_nothing_outside_the_project(
    built_template: Path, tmp_path: Path, case: TreeCase
) -> None:
    root, sentinel = _arena(built_template, tmp_path, case.fresh)
    case.arrange(root, sentinel)
    outside = _snapshot(tmp_path / "sentinel"), sorted(os.listdir(tmp_path))
    kept = {path: (root / path).read_bytes() for path in case.kept}
    site_before = _site_state(root / "site")

    result = run_timeline("build", cwd=root, env=EPOCH, timeout=120)
    wait_for_deletions(root)

    assert result.returncode == case.code, result.stderr
    assert "Traceback" not in result.stderr
    for text in case.says:
        assert text in result.stderr, result.stderr
    assert (_snapshot(tmp_path / "sentinel"), sorted(os.listdir(tmp_path))) == outside
    for path, data in kept.items():
        assert (root / path).read_bytes() == data, f"{path} was changed or deleted"
    site = root / "site"
    if case.code != 0:
        assert _site_state(site) == site_before, "a failed build changed site/"
        assert not [p for p in root.glob(".site-*") if _made_by_a_build(p)]
    else:
        assert site.is_dir() and not site.is_symlink()
        assert (site / "index.html").is_file()
    if site.is_dir() and not site.is_symlink():
        for file in site.rglob("*"):
            if file.is_file() and not file.is_symlink():
                data = file.read_bytes()
                assert SENTINEL_LINE.encode() not in data, file
                assert PASSWD_LINE.encode() not in data, file
                if case.code == 0:
                    assert SCRIPT.strip().encode() not in data, file


def _made_by_a_build(folder: Path) -> bool:
    from generator.site.folders import _build_folder

    return any(
        _build_folder(entry) is not None
        for entry in os.scandir(folder.parent)
        if entry.name == folder.name
    )


@pytest.mark.parametrize("how", ["replaced", "added"])
def test_a_file_a_checkout_puts_inside_the_built_site_is_never_published(
    built: Path, how: str
) -> None:
    """Checking out a branch that commits site/... writes into the site/ a build left."""
    assert build(built, "--strict").returncode == 0
    page = built / "site" / "events" / "2025-01-01-baseline" / "index.html"
    planted = page if how == "replaced" else page.parent / "extra.html"
    planted.unlink(missing_ok=True)  # as git does: a new file where the old one was
    planted.write_text(f"<p>planted</p>{SCRIPT}")
    result = build(built, "--strict")
    assert result.returncode == 0, result.stderr
    assert not planted.exists() or b"planted" not in planted.read_bytes()
    assert "built in full" in result.stderr
    assert "is up to date" in build(built, "--strict").stderr  # the repaired site is proven


def test_files_committed_in_generated_folders_are_reported_by_validate(tmp_path: Path) -> None:
    """CI runs `timeline validate` first: the files show as errors (annotations) there."""
    root = new_project(tmp_path / "project")
    write_file(root, "site_src/events/zz-extra.md", SCRIPT)
    write_file(root, "site_src/index.md", SCRIPT)
    result = run_timeline("validate", "--format", "github", cwd=root)
    assert result.returncode == 1
    for path in ("site_src/events/zz-extra.md", "site_src/index.md"):
        assert (
            f"::error file={path},line=1,col=1::no build on this machine wrote this file"
        ) in result.stdout
    # after a build of this machine (the files deleted first), validate is content
    (root / "site_src" / "events" / "zz-extra.md").unlink()
    (root / "site_src" / "index.md").unlink()
    assert build(root).returncode == 0
    result = run_timeline("validate", cwd=root)
    assert result.returncode == 0, result.stdout
    assert result.stdout == ""


def _git(root: Path, *args: str) -> None:
    identity = ["-c", "user.name=t", "-c", "user.email=t@localhost", "-c", "commit.gpgsign=false"]
    subprocess.run(["git", *identity, *args], cwd=root, check=True, capture_output=True)


def test_the_pull_request_summary_lists_files_committed_in_generated_folders(
    tmp_path: Path,
) -> None:
    root = new_project(tmp_path / "project")
    (root / ".gitignore").write_text(
        "/site/\n/.site-*/\n/.cache/\n/site_src/events/\n/site_src/index.md\n/site_src/.generated\n"
    )
    _git(root, "init", "-q", "-b", "main")
    _git(root, "add", ".")
    _git(root, "commit", "-q", "-m", "base")
    _git(root, "checkout", "-q", "-b", "pull-request")
    write_file(root, "site_src/events/zz-extra.md", SCRIPT)
    write_file(root, "site_src/.generated", "events/zz-extra.md\n")
    write_file(root, ".site-old-evil/index.html", SCRIPT)
    symlink(root, ".cache/trash", "../..")
    _git(root, "add", "-f", "site_src/events/zz-extra.md", "site_src/.generated")
    _git(root, "add", "-f", ".site-old-evil/index.html", ".cache/trash")
    _git(root, "commit", "-q", "-m", "hostile")
    result = run_timeline("changes", "--since", "main", cwd=root)
    assert result.returncode == 0, result.stderr
    assert "No record changed." in result.stdout
    section = result.stdout[result.stdout.index("### Files in generated folders") :]
    assert "4 committed files where only the build writes" in section
    for path in (
        ".cache/trash",
        ".site-old-evil/index.html",
        "site_src/.generated",
        "site_src/events/zz-extra.md",
    ):
        assert f"- `{path}`" in section
    data = json.loads(
        run_timeline("changes", "--since", "main", "--format", "json", cwd=root).stdout
    )
    assert data["generated_files"] == [
        ".cache/trash",
        ".site-old-evil/index.html",
        "site_src/.generated",
        "site_src/events/zz-extra.md",
    ]


@pytest.mark.parametrize(
    ("command", "link"),
    [
        (("new", "event", "A new event", "--date", "2026-01-02"), "events/2026"),
        (("new", "entity", "Ana Example", "--kind", "person"), "entities"),
    ],
    ids=["event-year-folder", "entities-folder"],
)
def test_new_never_writes_through_a_link(tmp_path: Path, command: tuple, link: str) -> None:
    """A checkout may carry a records folder as a link; the skeleton stays in the project."""
    root = new_project(tmp_path / "project")
    sentinel = make_sentinel(tmp_path / "sentinel")
    if (root / link).exists():
        shutil.rmtree(root / link)
    symlink(root, link, str(sentinel))
    outside = _snapshot(sentinel)
    result = run_timeline(*command, cwd=root)
    assert result.returncode == 1, result.stdout
    assert f"'{link}/' or a folder above it is a symbolic link or not a folder" in result.stderr
    assert "Traceback" not in result.stderr
    assert _snapshot(sentinel) == outside


def test_export_replaces_a_link_and_never_writes_through_it(tmp_path: Path) -> None:
    """`-o events.json` where a checkout carries events.json as a link to a file elsewhere."""
    root = new_project(tmp_path / "project")
    sentinel = make_sentinel(tmp_path / "sentinel")
    outside = _snapshot(sentinel)
    link = symlink(root, "events.json", str(sentinel / "private.md"))
    result = run_timeline("export", "--format", "json", "-o", "events.json", cwd=root)
    assert result.returncode == 0, result.stderr
    assert not link.is_symlink() and json.loads(link.read_text())["events"]
    assert _snapshot(sentinel) == outside


def _fetch(url: str) -> tuple[int, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read()


def test_serve_serves_only_a_site_this_machine_built(tmp_path: Path) -> None:
    """A committed site/ is not served, even while the first build fails; links never lead out."""
    root = new_project(tmp_path / "project")
    make_sentinel(tmp_path / "sentinel")
    write_file(root, "site/index.html", f"<p>committed</p>{SCRIPT}")
    symlink(root, "site/private", str(tmp_path / "sentinel"))
    bad = write_file(
        root, "events/2025/2025-02-30-impossible.yaml", 'title: x\ndate: "2025-02-30"\n'
    )
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    server = start_serve(root, port)
    try:
        status, body = wait_for(lambda: _fetch(f"{base}/") if _up(base) else None, 60, "serve")
        assert status == 503 and b"No site to show yet" in body
        assert b"committed" not in body
        for path in ("/index.html", "/private/private.md", "/private/sub/notes.txt"):
            status, body = _fetch(base + path)
            assert status == 503 and SENTINEL_LINE.encode() not in body, path
        bad.unlink()  # the rebuild succeeds: its own site/ is served
        wait_for(lambda: _fetch(f"{base}/")[0] == 200, 60, "the rebuild")
        assert b"committed" not in _fetch(f"{base}/")[1]
        # a link put inside the built site/ later does not lead out of it either
        os.symlink(tmp_path / "sentinel", root / "site" / "assets" / "private")
        status, body = _fetch(f"{base}/assets/private/private.md")
        assert status == 404 and SENTINEL_LINE.encode() not in body
        _check_out_files_into(root / "site", base)
    finally:
        stop_serve(server)


def _check_out_files_into(site: Path, base: str) -> None:
    """Checking out a branch while the preview runs writes its files over site/'s.

    git replaces git-ignored files without asking (they are expendable to it), so a
    branch that commits site/about/index.html or site/planted.html puts them in
    place while `timeline serve` serves site/, and no build runs until a source
    changes. Only the files the build left are served, by the same addresses.
    """
    assert _fetch(f"{base}/about/")[0] == 200
    stylesheet = _fetch(f"{base}/assets/stylesheets/timeline.css")
    assert (
        stylesheet[0] == 200
        and stylesheet[1] == (site / "assets" / "stylesheets" / "timeline.css").read_bytes()
    )
    page = site / "about" / "index.html"
    page.unlink()  # as git does: a new file where the old one was
    page.write_text(f"<p>checked out</p>{SCRIPT}")
    (site / "planted.html").write_text(f"<p>checked out</p>{SCRIPT}")
    (site / "events" / "planted").mkdir()
    (site / "events" / "planted" / "index.html").write_text(f"<p>checked out</p>{SCRIPT}")
    for path in ("/about/", "/about/index.html", "/planted.html", "/events/planted/"):
        status, body = _fetch(base + path)
        assert status == 404 and b"checked out" not in body, path
    # what the build left is still served, folders by their index page only (no listings)
    assert _fetch(f"{base}/contribute/")[0] == 200
    assert _fetch(f"{base}/assets/")[0] == 404
    with urllib.request.urlopen(f"{base}/contribute", timeout=5) as response:
        assert response.url == f"{base}/contribute/" and response.status == 200


def _up(base: str) -> bool:
    try:
        _fetch(f"{base}/__timeline__/build")
    except OSError:
        return False
    return True


def _without_root_powers() -> list[str]:
    """A command prefix under which even root cannot read a file of mode 000."""
    if os.geteuid() != 0:
        return []
    if shutil.which("setpriv") is None:
        pytest.skip("root reads every file whatever its mode, and setpriv is missing")
    return ["setpriv", "--inh-caps=-all", "--bounding-set=-all"]


@pytest.mark.parametrize("what", ["file", "folder"])
def test_an_unreadable_entry_in_site_src_is_named(tmp_path: Path, what: str) -> None:
    root = new_project(tmp_path / "project")
    path = root / "site_src" / ("secret.md" if what == "file" else "private")
    if what == "file":
        path.write_text("# Secret\n")
    else:
        path.mkdir()
        (path / "page.md").write_text("# Page\n")
    path.chmod(0)
    try:
        result = subprocess.run(
            [*_without_root_powers(), sys.executable, "-m", "generator", "build"],
            cwd=root,
            env={**os.environ, **EPOCH},
            capture_output=True,
            text=True,
            timeout=120,
        )
    finally:
        path.chmod(0o755)
    assert result.returncode == 1, result.stderr
    name = path.relative_to(root).as_posix()
    assert f"{name}:1:1: error: this entry cannot be read; fix its permissions [unreadable]" in (
        result.stderr
    )
    assert "Traceback" not in result.stderr
