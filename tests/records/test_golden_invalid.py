"""Golden error messages: each case under tests/golden/invalid/ is a tiny project.

The records of `_base/` are copied first, then the case's own files; the real
`timeline validate` runs on the result and its output must equal `expected.txt`.
Cases named `warning-*` must pass (exit 0) with warnings only; `strict-*` cases
run with `--strict`. A `setup.txt` makes what is awkward to commit, one line each:
`encode PATH CODEC` re-encodes a file, `pad PATH BYTES` pads it with comment lines
to that size, `symlink PATH TARGET` makes PATH a symbolic link to TARGET, `fifo PATH`
makes a named pipe, `rename PATH NAME` renames a file to NAME written with Python's
escapes (`caf\\xe9.yaml` is bytes that are not UTF-8, `x.yaml\\x20` ends in a space),
and `file-for-folder PATH` replaces the folder PATH with a regular file.
Run `pytest --update-goldens` to rewrite every `expected.txt`, then read the diff.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from tests.conftest import run_timeline

GOLDEN = Path(__file__).parent.parent / "golden" / "invalid"
CASES = sorted(p.name for p in GOLDEN.iterdir() if p.is_dir() and not p.name.startswith("_"))
CONTROL_FILES = ("expected*", "setup.txt")


def make_project(case: Path, root: Path) -> None:
    shutil.copytree(GOLDEN / "_base", root)
    ignore = shutil.ignore_patterns(*CONTROL_FILES)
    shutil.copytree(case, root, dirs_exist_ok=True, ignore=ignore)
    setup = case / "setup.txt"
    for line in setup.read_text().splitlines() if setup.exists() else ():
        action, path, *rest = line.split()
        arg = rest[0] if rest else ""
        file = root / path
        if action == "encode":
            file.write_bytes(file.read_text(encoding="utf-8").encode(arg))
        elif action == "pad":
            padding = int(arg) - file.stat().st_size
            file.write_bytes(file.read_bytes() + b"#" * (padding - 1) + b"\n")
        elif action == "symlink":
            file.parent.mkdir(parents=True, exist_ok=True)
            file.symlink_to(arg)
        elif action == "fifo":
            file.parent.mkdir(parents=True, exist_ok=True)
            os.mkfifo(file)
        elif action == "rename":
            name = arg.encode("ascii").decode("unicode_escape").encode("latin-1")
            os.rename(file, os.path.join(os.fsencode(file.parent), name))
        elif action == "file-for-folder":
            shutil.rmtree(file)
            file.write_text("not a folder\n")
        else:
            raise ValueError(f"{setup}: unknown action {action!r}")


@pytest.mark.parametrize("name", CASES)
def test_invalid_record(name: str, tmp_path: Path, update_goldens: bool) -> None:
    case = GOLDEN / name
    root = tmp_path / "project"
    make_project(case, root)
    args = ["--strict"] if name.startswith("strict-") else []
    result = run_timeline("-C", str(root), "validate", *args)
    assert "Traceback" not in result.stderr, result.stderr
    expected_file = case / "expected.txt"
    if update_goldens:
        expected_file.write_text(result.stdout)
    assert expected_file.exists(), f"{expected_file} is missing; run pytest --update-goldens"
    assert result.stdout == expected_file.read_text()
    assert result.returncode == (0 if name.startswith("warning-") else 1), result.stderr
    if name.startswith("warning-"):
        assert ": error:" not in result.stdout
