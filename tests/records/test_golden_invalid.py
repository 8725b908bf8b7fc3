"""Golden error messages: each case under tests/golden/invalid/ is a tiny project.

The records of `_base/` are copied first, then the case's own files; the real
`timeline validate` runs on the result and its output must equal `expected.txt`.
Cases named `warning-*` must pass (exit 0) with warnings only; `strict-*` cases
run with `--strict`. A `setup.txt` makes what is awkward to commit, one line each:
`encode PATH CODEC` re-encodes a file, `pad PATH BYTES` pads it with comment lines
to that size, `symlink PATH TARGET` makes PATH a symbolic link to TARGET, `fifo PATH`
makes a named pipe, `rename PATH NAME` renames a file to NAME written with Python's
escapes (`caf\\xe9.yaml` is bytes that are not UTF-8, `x.yaml\\x20` ends in a space),
and `file-for-folder PATH` replaces the folder PATH with a regular file
(tests/helpers.py, `golden_project`; the convention: tests/golden/README.md).
Run `pytest --update-goldens` to rewrite every `expected.txt`, then read the diff.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.helpers import GOLDEN, check_golden, golden_project, run_timeline

INVALID = GOLDEN / "invalid"
CASES = sorted(p.name for p in INVALID.iterdir() if p.is_dir() and not p.name.startswith("_"))


@pytest.mark.parametrize("name", CASES)
def test_invalid_record(name: str, tmp_path: Path, update_goldens: bool) -> None:
    case = INVALID / name
    root = golden_project(case, tmp_path / "project", base=INVALID / "_base")
    args = ["--strict"] if name.startswith("strict-") else []
    result = run_timeline("-C", str(root), "validate", *args)
    assert "Traceback" not in result.stderr, result.stderr
    check_golden(case / "expected.txt", result.stdout, update_goldens)
    assert result.returncode == (0 if name.startswith("warning-") else 1), result.stderr
    if name.startswith("warning-"):
        assert ": error:" not in result.stdout
