"""generator.atomic: a file is its old bytes or its new ones, with the mode the umask gives."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from generator.atomic import write_atomically


def test_replaces_the_file_and_leaves_nothing_else(tmp_path: Path) -> None:
    target = tmp_path / "events.json"
    target.write_bytes(b"old")
    write_atomically(target, b"new")
    assert target.read_bytes() == b"new"
    write_atomically(target, b"newer", durable=True)
    assert target.read_bytes() == b"newer"
    assert [p.name for p in tmp_path.iterdir()] == ["events.json"]


def test_replaces_a_link_and_never_writes_through_it(tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.write_bytes(b"private")
    (tmp_path / "page.md").symlink_to(outside)
    write_atomically(tmp_path / "page.md", b"page")
    assert outside.read_bytes() == b"private"
    assert not (tmp_path / "page.md").is_symlink()


@pytest.mark.parametrize("umask", [0o022, 0o027, 0o077])
def test_the_mode_is_what_the_umask_gives(tmp_path: Path, umask: int) -> None:
    # in a child process: the umask is the whole process's, and a test must not change it
    code = (
        "import sys; from pathlib import Path; from generator.atomic import write_atomically\n"
        "folder = Path(sys.argv[1])\n"
        "write_atomically(folder / 'page.md', b'x')\n"
        "write_atomically(folder / 'key', b'k', mode=0o600, exclusive=True)\n"
    )
    subprocess.run(
        [sys.executable, "-c", code, str(tmp_path)],
        check=True,
        preexec_fn=lambda: os.umask(umask),
    )
    assert stat.S_IMODE((tmp_path / "page.md").stat().st_mode) == 0o666 & ~umask
    assert stat.S_IMODE((tmp_path / "key").stat().st_mode) == 0o600 & ~umask


def test_exclusive_never_replaces(tmp_path: Path) -> None:
    target = tmp_path / "cache-key"
    write_atomically(target, b"first", exclusive=True)
    with pytest.raises(FileExistsError):
        write_atomically(target, b"second", exclusive=True)
    assert target.read_bytes() == b"first"
    assert [p.name for p in tmp_path.iterdir()] == ["cache-key"]


def test_a_failed_write_leaves_the_old_file_and_no_temporary(tmp_path: Path) -> None:
    target = tmp_path / "missing-folder" / "events.csv"
    with pytest.raises(FileNotFoundError):
        write_atomically(target, b"x")
    folder = tmp_path / "folder"
    folder.mkdir()
    (folder / "events.csv").mkdir()  # a folder where the file goes: the rename fails
    with pytest.raises(OSError):
        write_atomically(folder / "events.csv", b"x")
    assert [p.name for p in folder.iterdir()] == ["events.csv"]
