"""The write stage: only changed files are written, stale ones deleted, nothing else touched.

What the generated folders hold must be what this machine's builds wrote there:
the manifest that says so is signed with this user's key, so a file or a manifest
that came with a checkout is refused. And the published site/ has the usual modes.
"""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from generator import trust
from generator.diagnostics import UserError
from generator.render.pages import PlannedPage
from generator.site.manifest import MANIFEST, check_generated, read_manifest
from generator.site.write import RENDERED_AT_ONCE, write_generated
from tests.helpers import EPOCH, GOLDEN_PROJECT, copy_project

ROOTS = ("index.md", "events", "tags")


def test_writes_new_files_and_a_manifest(tmp_path: Path) -> None:
    report = write_generated(tmp_path, {"index.md": "home\n", "events/a.md": "a\n"}, ROOTS)
    assert report.written == ["events/a.md", "index.md"]
    assert (tmp_path / "events/a.md").read_text() == "a\n"
    assert sorted(read_manifest(tmp_path)) == ["events/a.md", "index.md"]
    assert oct((tmp_path / "events/a.md").stat().st_mode & 0o777) != oct(0o600)


def test_unchanged_files_are_not_rewritten(tmp_path: Path) -> None:
    files = {"events/a.md": "a\n", "events/b.md": "b\n"}
    write_generated(tmp_path, files, ROOTS)
    before = {name: (tmp_path / name).stat() for name in files}
    report = write_generated(tmp_path, {**files, "events/b.md": "b, changed\n"}, ROOTS)
    assert report.written == ["events/b.md"] and report.unchanged == 1
    after_a = (tmp_path / "events/a.md").stat()
    assert (after_a.st_ino, after_a.st_mtime_ns) == (
        before["events/a.md"].st_ino,
        before["events/a.md"].st_mtime_ns,
    )


def test_stale_generated_files_are_deleted_with_their_empty_folders(tmp_path: Path) -> None:
    write_generated(tmp_path, {"events/a.md": "a", "tags/x.md": "x"}, ROOTS)
    report = write_generated(tmp_path, {"events/a.md": "a"}, ROOTS)
    assert report.deleted == ["tags/x.md"]
    assert not (tmp_path / "tags").exists()


def test_hand_written_files_are_never_touched(tmp_path: Path) -> None:
    (tmp_path / "about.md").write_text("mine")
    # a manifest written by hand, naming files outside the generated folders
    (tmp_path / MANIFEST).write_text("about.md\n../outside.md\n")
    (tmp_path.parent / "outside.md").write_text("not yours")
    write_generated(tmp_path, {"events/a.md": "a"}, ROOTS)
    write_generated(tmp_path, {"events/b.md": "b"}, ROOTS)
    assert (tmp_path / "about.md").read_text() == "mine"
    assert (tmp_path.parent / "outside.md").read_text() == "not yours"


@pytest.mark.parametrize("path", ["about.md", "../x.md", "/etc/x.md", "events/../../x.md"])
def test_paths_outside_the_generated_folders_are_refused(tmp_path: Path, path: str) -> None:
    with pytest.raises(ValueError):
        write_generated(tmp_path, {path: "x"}, ROOTS)


def test_generated_folders_may_not_be_symlinks(tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    docs = tmp_path / "docs"
    docs.mkdir()
    os.symlink(outside, docs / "events")
    with pytest.raises(UserError, match="symbolic link"):
        write_generated(docs, {"events/a.md": "a"}, ROOTS)
    assert not any(outside.iterdir())


# -- what the generated folders may hold ---------------------------------------------------


def problems(docs: Path, planned: tuple[str, ...] = ()) -> list[str]:
    return [f"{d.path}: {d.message}" for d in check_generated(docs, ROOTS, "docs", planned)[1]]


def test_a_file_the_generator_did_not_write_is_refused_and_kept(tmp_path: Path) -> None:
    write_generated(tmp_path, {"events/a.md": "a\n"}, ROOTS)
    (tmp_path / "events" / "notes.md").write_text("<script>alert(1)</script>\n")
    (tmp_path / "index.md").write_text("a home page of its own\n")
    (tmp_path / "events" / ".hidden.md").write_text("MkDocs never publishes dot files\n")
    found = problems(tmp_path)
    assert found == [
        "docs/events/notes.md: no build on this machine wrote this file, and only the generator "
        "writes in this folder (a pull request may not add files here: they would be published "
        "as they are); delete it",
        "docs/index.md: no build on this machine wrote this file, and only the generator writes "
        "in this folder (a pull request may not add files here: they would be published as "
        "they are); delete it",
    ]
    with pytest.raises(UserError, match=r"/events/notes\.md:1:1: error: no build"):
        write_generated(tmp_path, {"events/a.md": "a\n", "index.md": "home\n"}, ROOTS)
    assert (tmp_path / "events" / "notes.md").exists()
    assert (tmp_path / "index.md").read_text() == "a home page of its own\n"


def test_a_manifest_is_trusted_only_when_this_user_signed_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    docs = tmp_path / "docs"
    write_generated(docs, {"events/a.md": "a\n"}, ROOTS)
    assert not problems(docs)
    # the same files, the same manifest, another user's key: nothing is vouched for
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "another-user"))
    trust.signing_key.cache_clear()
    try:
        assert problems(docs) == [
            "docs/events/a.md: no build on this machine wrote this file, and only the "
            "generator writes in this folder (a pull request may not add files here: they "
            "would be published as they are); delete it"
        ]
        # nor a manifest edited by hand
        signed = (docs / MANIFEST).read_bytes()
        (docs / MANIFEST).write_bytes(signed.replace(b'"events/a.md"', b'"events/b.md"'))
        assert read_manifest(docs) == {}
    finally:
        trust.signing_key.cache_clear()


def test_a_copied_or_touched_page_is_still_known_and_an_edited_one_is_refused(
    tmp_path: Path,
) -> None:
    docs = tmp_path / "docs"
    write_generated(docs, {"events/a.md": "a\n", "events/b.md": "b\n"}, ROOTS)
    copy = tmp_path / "copy"
    shutil.copytree(docs, copy)  # new times, same bytes (cp without -p)
    os.utime(copy / "events" / "a.md", (0, 0))
    assert not problems(copy)
    (copy / "events" / "b.md").write_text("B\n")  # same size, other bytes
    assert problems(copy) == [
        "docs/events/b.md: this file was changed after the generator wrote it (generated "
        "pages are never edited by hand: edit the records or the templates instead); delete it"
    ]


def test_what_stands_where_a_page_or_folder_goes_is_named(tmp_path: Path) -> None:
    (tmp_path / "index.md").mkdir()
    (tmp_path / "tags").write_text("a file\n")
    (tmp_path / "events" / "x.md").mkdir(parents=True)
    (tmp_path / MANIFEST).mkdir()
    planned = ("index.md", "tags/t.md", "events/x.md")
    assert problems(tmp_path, planned) == [
        "docs/.generated: a folder where the generator keeps the list of the files it wrote; "
        "delete it",
        "docs/events/x.md: a folder where the generator writes the page events/x.md; delete or "
        "rename it",
        "docs/index.md: a folder where the generator writes the file index.md; delete or rename it",
        "docs/tags: a file where the generator writes the folder tags/; delete or rename it",
    ]


# -- the published site ---------------------------------------------------------------------


@pytest.mark.parametrize("umask", [0o022, 0o027])
def test_the_published_site_has_the_usual_modes(tmp_path: Path, umask: int) -> None:
    """Not 0700 (what a temporary folder gets): a web server running as another user reads it."""
    root = copy_project(tmp_path, records_from=GOLDEN_PROJECT)
    for build in ("first", "incremental"):
        subprocess.run(
            [sys.executable, "-m", "generator", "build"],
            cwd=root,
            env={**os.environ, **EPOCH},
            preexec_fn=lambda: os.umask(umask),
            check=True,
            capture_output=True,
        )
        modes = {}
        for path in [root / "site", *(root / "site").rglob("*")]:
            status = path.lstat()
            expected = (0o777 if stat.S_ISDIR(status.st_mode) else 0o666) & ~umask
            modes[path.relative_to(root).as_posix()] = (stat.S_IMODE(status.st_mode), expected)
        wrong = {path: oct(mode) for path, (mode, expected) in modes.items() if mode != expected}
        assert not wrong, f"{build} build, umask {oct(umask)}: {wrong}"
        assert len(modes) > 50


def test_pages_are_rendered_and_written_a_bounded_number_at_a_time(tmp_path: Path) -> None:
    """The generator never holds every rendered page of a large site at once."""
    count = RENDERED_AT_ONCE * 2 + 3
    files = {
        f"events/{n:05}.md": PlannedPage(f"key-{n}", lambda n=n: f"page {n}\n")
        for n in range(count)
    }
    batches: list[int] = []

    def render(pages: dict[str, PlannedPage]) -> dict[str, str]:
        batches.append(len(pages))
        # what was rendered before this batch is on disk already
        assert len(list((tmp_path / "events").glob("*.md"))) == sum(batches[:-1])
        return {path: page.render() for path, page in pages.items()}

    report = write_generated(tmp_path, files, ROOTS, render)
    assert batches == [RENDERED_AT_ONCE, RENDERED_AT_ONCE, 3]
    assert report.rendered == count and len(report.written) == count
    assert (tmp_path / "events/01234.md").read_text() == "page 1234\n"
    # written again with the same keys: nothing rendered
    batches.clear()
    assert write_generated(tmp_path, files, ROOTS, render).rendered == 0
