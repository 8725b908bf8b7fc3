"""The one stage that writes to the disk: put the generated pages under docs_dir.

A page is written only when its bytes differ from what is already there, so
that after one edit MkDocs (and `mkdocs serve --dirty`) sees only the pages
that changed. The paths written are kept in a manifest, `.generated`, so that
pages that are no longer generated are deleted, and nothing that the
generator did not write is ever touched: only paths inside the generated
folders may be written, and the manifest is the only list of what to delete.

Pages may come not yet rendered (`PlannedPage`, with the hash of their inputs).
Given a keys file, the stage remembers for each page it wrote that hash and the
file's size and modification time; a page whose hash is the same and whose file
is still the one written is neither rendered nor read (at 10,000 events that
skips seconds of rendering and reading after a one-event edit).
"""

from __future__ import annotations

import contextlib
import json
import os
import tempfile
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from generator.diagnostics import UserError
from generator.render.pages import PlannedPage

MANIFEST = ".generated"

# mkstemp creates files readable by their owner only; pages get the usual mode.
_UMASK = os.umask(0o022)
os.umask(_UMASK)


@dataclass
class WriteReport:
    written: list[str] = field(default_factory=list)
    unchanged: int = 0
    deleted: list[str] = field(default_factory=list)
    rendered: int = 0  # pages rendered; the others had the inputs of the file already there
    render_seconds: float = 0.0


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


def _read_keys(keys_file: Path | None) -> dict[str, list]:
    if keys_file is None:
        return {}
    try:
        keys = json.loads(keys_file.read_text(encoding="utf-8"))
    except (OSError, ValueError, RecursionError):  # a file a checkout can carry
        return {}
    return keys if isinstance(keys, dict) else {}


def _stamp(target: Path) -> list[int]:
    # size and modification time, as make and git compare files (not the inode: a
    # restored cache, in CI, gives every file a new one)
    status = target.stat()
    return [status.st_size, status.st_mtime_ns]


def render_pages(pages: dict[str, PlannedPage]) -> dict[str, str]:
    """The text of each page, rendered here; see generator.render.parallel for two cores."""
    return {path: page.render() for path, page in pages.items()}


def write_generated(
    docs_dir: Path,
    files: Mapping[str, str | bytes | PlannedPage],
    roots: tuple[str, ...],
    keys_file: Path | None = None,
    render: Callable[[dict[str, PlannedPage]], dict[str, str]] = render_pages,
) -> WriteReport:
    """Make docs_dir hold exactly `files` among the generated paths; report what changed."""
    for relative in files:
        _check_path(relative, roots)
    _check_no_symlinks(docs_dir, {PurePosixPath(r).parent for r in files})
    report = WriteReport()
    previous = _read_keys(keys_file)
    keys: dict[str, list] = {}
    to_render: dict[str, PlannedPage] = {}
    for relative, content in files.items():
        if not isinstance(content, PlannedPage):
            continue
        remembered = previous.get(relative) if content.key is not None else None
        with contextlib.suppress(OSError):
            if (
                remembered
                and remembered[0] == content.key
                and remembered[1:] == _stamp(docs_dir / relative)
            ):
                keys[relative] = remembered
                continue
        to_render[relative] = content
    started = time.perf_counter()
    rendered = render(to_render)
    report.render_seconds = time.perf_counter() - started
    report.rendered = len(rendered)
    for relative in sorted(files):
        if relative in keys:
            report.unchanged += 1  # the page's inputs are those of the file already there
            continue
        content = files[relative]
        target = docs_dir / relative
        if isinstance(content, PlannedPage):
            key, content = content.key, rendered[relative]
        else:
            key = None
        data = content.encode("utf-8") if isinstance(content, str) else content
        if _unchanged(target, data):
            report.unchanged += 1
        else:
            _write_atomically(target, data)
            report.written.append(relative)
        if key is not None:
            keys[relative] = [key, *_stamp(target)]
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
    if keys_file is not None and keys != previous:
        with contextlib.suppress(OSError):
            keys_file.parent.mkdir(parents=True, exist_ok=True)
            _write_atomically(keys_file, json.dumps(keys, separators=(",", ":")).encode())
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
