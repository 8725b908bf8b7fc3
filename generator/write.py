"""The one stage that writes to the disk: put the generated pages under docs_dir.

A page is written only when its bytes differ from what is already there, so
that after one edit MkDocs (and `mkdocs serve --dirty`) sees only the pages
that changed. The paths written are kept in a manifest, `.generated`, so that
pages that are no longer generated are deleted, and nothing that the
generator did not write is ever touched: only paths inside the generated
folders may be written, and the manifest is the only list of what to delete.
"""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from generator.diagnostics import UserError

MANIFEST = ".generated"

# mkstemp creates files readable by their owner only; pages get the usual mode.
_UMASK = os.umask(0o022)
os.umask(_UMASK)


@dataclass
class WriteReport:
    written: list[str] = field(default_factory=list)
    unchanged: int = 0
    deleted: list[str] = field(default_factory=list)


def _check_path(relative: str, roots: tuple[str, ...]) -> None:
    path = PurePosixPath(relative)
    if path.is_absolute() or ".." in path.parts or not path.parts or path.parts[0] not in roots:
        # Only a bug in the render stage can get here: ids are slugs.
        raise ValueError(f"refusing to write {relative!r}: not inside a generated folder")


def _write_atomically(target: Path, content: bytes) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=".tmp-", suffix=target.suffix)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(content)
        os.chmod(temporary, 0o666 & ~_UMASK)
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def read_manifest(docs_dir: Path) -> list[str]:
    try:
        text = (docs_dir / MANIFEST).read_text(encoding="utf-8")
    except FileNotFoundError:
        return []
    return [line for line in text.splitlines() if line]


def _unchanged(target: Path, content: bytes) -> bool:
    try:
        if target.stat().st_size != len(content):
            return False
        return target.read_bytes() == content
    except (FileNotFoundError, NotADirectoryError):
        return False


def write_generated(
    docs_dir: Path, files: dict[str, str | bytes], roots: tuple[str, ...]
) -> WriteReport:
    """Make docs_dir hold exactly `files` among the generated paths; report what changed."""
    for relative in files:
        _check_path(relative, roots)
    _check_no_symlinks(docs_dir, {PurePosixPath(r).parent for r in files})
    report = WriteReport()
    for relative in sorted(files):
        content = files[relative]
        data = content.encode("utf-8") if isinstance(content, str) else content
        target = docs_dir / relative
        if _unchanged(target, data):
            report.unchanged += 1
            continue
        _write_atomically(target, data)
        report.written.append(relative)
    for relative in sorted(set(read_manifest(docs_dir)) - set(files)):
        try:
            _check_path(relative, roots)
        except ValueError:
            continue  # a hand-edited manifest never makes us delete hand-written files
        stale = docs_dir / relative
        if stale.is_file() and not stale.is_symlink():
            stale.unlink()
            report.deleted.append(relative)
            _remove_empty_parents(stale.parent, docs_dir)
    manifest = "".join(f"{relative}\n" for relative in sorted(files)).encode("utf-8")
    if not _unchanged(docs_dir / MANIFEST, manifest):
        _write_atomically(docs_dir / MANIFEST, manifest)
    return report


def _check_no_symlinks(docs_dir: Path, folders: set[PurePosixPath]) -> None:
    """Refuse to write through a symbolic link: it could lead out of docs_dir."""
    checked: set[PurePosixPath] = set()
    for folder in folders:
        for part in (folder, *folder.parents):
            if part in checked or part == PurePosixPath("."):
                continue
            checked.add(part)
            if (docs_dir / part).is_symlink():
                raise UserError(
                    f"refusing to write under {docs_dir / part}: it is a symbolic link; "
                    "generated folders must be plain folders"
                )


def _remove_empty_parents(folder: Path, docs_dir: Path) -> None:
    while folder != docs_dir and docs_dir in folder.parents:
        try:
            folder.rmdir()
        except OSError:
            return
        folder = folder.parent
