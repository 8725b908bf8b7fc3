"""The write stage: only changed files are written, stale ones deleted, nothing else touched."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from generator.diagnostics import UserError
from generator.write import MANIFEST, read_manifest, write_generated

ROOTS = ("index.md", "events", "tags")


def test_writes_new_files_and_a_manifest(tmp_path: Path) -> None:
    report = write_generated(tmp_path, {"index.md": "home\n", "events/a.md": "a\n"}, ROOTS)
    assert report.written == ["events/a.md", "index.md"]
    assert (tmp_path / "events/a.md").read_text() == "a\n"
    assert read_manifest(tmp_path) == ["events/a.md", "index.md"]
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
    (tmp_path / "events").mkdir()
    (tmp_path / "events/notes.md").write_text("also mine")
    # a manifest edited by hand, naming files outside the generated folders
    (tmp_path / MANIFEST).write_text("about.md\n../outside.md\n")
    write_generated(tmp_path, {"events/a.md": "a"}, ROOTS)
    assert (tmp_path / "about.md").read_text() == "mine"
    assert (tmp_path / "events/notes.md").read_text() == "also mine"


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
