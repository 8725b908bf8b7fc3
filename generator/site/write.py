"""The one stage that writes to the disk: put the generated pages under docs_dir.

A page is written only when its bytes differ from what is already there, so
that after one edit MkDocs (and `mkdocs serve --dirty`) sees only the pages
that changed. Only paths inside the generated folders may be written, and only
once the folders hold nothing but what this user's builds wrote there
(generator.site.manifest, which also lists what to delete).

Pages may come not yet rendered (`PlannedPage`, with the hash of their inputs).
The manifest keeps that hash for each page; a page whose hash is the same and
whose file is still the one written is neither rendered nor read (at 10,000
events that skips seconds of rendering and reading after a one-event edit).
"""

from __future__ import annotations

import contextlib
import os
import stat
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from generator.atomic import write_atomically
from generator.diagnostics import UserError
from generator.render.pages import PlannedPage
from generator.site.manifest import (
    MANIFEST,
    NO_KEY,
    PENDING,
    Manifest,
    check_generated,
    pending_line,
    sha256,
    signed_manifest,
    stamp,
)
from generator.trust import read_regular, signing_key


@dataclass
class WriteReport:
    written: list[str] = field(default_factory=list)
    unchanged: int = 0
    deleted: list[str] = field(default_factory=list)
    rendered: int = 0  # pages rendered; the others had the inputs of the file already there
    sha256: dict[str, str] = field(default_factory=dict)  # of every generated file, by path


# at most this many pages rendered and held at once: the rest of the generator's memory
# (the dataset) grows with the site anyway, the rendered text need not (about 20 kB a page)
RENDERED_AT_ONCE = 2000


def _check_path(relative: str, roots: tuple[str, ...]) -> None:
    # by its parts as written (a PurePosixPath each costs a second at 10,000 events)
    parts = relative.split("/")
    if relative.startswith("/") or ".." in parts or parts[0] not in roots:
        # Only a bug in the render stage can get here: ids are slugs.
        raise ValueError(f"refusing to write {relative!r}: not inside a generated folder")


def _write(target: Path, data: bytes) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    write_atomically(target, data)


def _write_manifest(docs_dir: Path, entries: Manifest) -> None:
    data = signed_manifest(entries)
    if data is None:
        raise UserError(NO_KEY)
    if not _unchanged(docs_dir / MANIFEST, data):
        _write(docs_dir / MANIFEST, data)


def _announce(docs_dir: Path, written: dict[str, str]) -> None:
    """Add a signed line for these files to the pending list (generator.site.manifest)."""
    line = pending_line(written)
    if line is None:
        raise UserError(NO_KEY)
    docs_dir.mkdir(parents=True, exist_ok=True)
    flags = os.O_WRONLY | os.O_APPEND | os.O_CREAT | os.O_NOFOLLOW | getattr(os, "O_CLOEXEC", 0)
    descriptor = os.open(docs_dir / PENDING, flags, 0o644)
    try:
        os.write(descriptor, line)
    finally:
        os.close(descriptor)


def _remove_pending(docs_dir: Path) -> None:
    with contextlib.suppress(FileNotFoundError):
        os.unlink(docs_dir / PENDING)


def _unchanged(target: Path, content: bytes) -> bool:
    try:
        if os.lstat(target).st_size != len(content):
            return False
        return read_regular(target) == content
    except (OSError, ValueError):
        return False


def render_pages(pages: dict[str, PlannedPage]) -> dict[str, str]:
    """The text of each page, rendered here; see generator.site.workers for two cores."""
    return {path: page.render() for path, page in pages.items()}


def write_generated(
    docs_dir: Path,
    files: Mapping[str, str | bytes | PlannedPage],
    roots: tuple[str, ...],
    render: Callable[[dict[str, PlannedPage]], dict[str, str]] = render_pages,
    manifest: Manifest | None = None,
) -> WriteReport:
    """Make docs_dir hold exactly `files` among the generated paths; report what changed.

    `manifest` is what `check_generated` returned, when the caller has reported
    its problems; without it the check runs here, and a problem is a UserError.
    """
    for relative in files:
        _check_path(relative, roots)
    parents = {relative.rpartition("/")[0] or "." for relative in files}
    _check_no_symlinks(docs_dir, {PurePosixPath(parent) for parent in parents})
    if signing_key() is None:
        raise UserError(NO_KEY)
    if manifest is None:
        manifest, problems = check_generated(docs_dir, roots, docs_dir.name, files)
        if problems:
            raise UserError("refusing to write the generated pages", problems)
    report = WriteReport()
    _remove_pending(docs_dir)  # what it announced is in `manifest` now (check_generated)
    entries = _still_written(docs_dir, files, manifest)
    ordered = sorted(files)
    for start in range(0, len(ordered), RENDERED_AT_ONCE):
        _write_some(
            docs_dir,
            files,
            ordered[start : start + RENDERED_AT_ONCE],
            render,
            manifest,
            entries,
            report,
        )
    report.deleted = _delete_stale(docs_dir, sorted(set(manifest) - set(files)), roots)
    _write_manifest(docs_dir, entries)
    _remove_pending(docs_dir)
    return report


def _write_some(
    docs_dir: Path,
    files: Mapping[str, str | bytes | PlannedPage],
    paths: list[str],
    render: Callable[[dict[str, PlannedPage]], dict[str, str]],
    manifest: Manifest,
    entries: Manifest,
    report: WriteReport,
) -> None:
    """Render (those whose inputs changed) and write the files at `paths`; see write_generated."""
    to_render = {}
    for path in paths:
        page = files[path]
        if isinstance(page, PlannedPage) and path not in entries:
            to_render[path] = page
    rendered = render(to_render) if to_render else {}
    report.rendered += len(rendered)
    data_of: dict[str, bytes] = {}
    for relative in paths:
        if relative in entries:
            report.unchanged += 1  # the page's inputs are those of the file already there
            report.sha256[relative] = entries[relative][3]
            continue
        content = files[relative]
        text = rendered[relative] if isinstance(content, PlannedPage) else content
        data_of[relative] = text.encode("utf-8") if isinstance(text, str) else text
    changed = [
        relative
        for relative, data in data_of.items()
        if not (relative in manifest and _unchanged(docs_dir / relative, data))
    ]
    if changed:  # a build killed from here on leaves files the next one recognises
        _announce(docs_dir, {relative: sha256(data_of[relative]) for relative in changed})
    for relative, data in data_of.items():
        content = files[relative]
        key = content.key if isinstance(content, PlannedPage) else None
        target = docs_dir / relative
        if relative in changed:
            _write(target, data)
            report.written.append(relative)
        else:
            report.unchanged += 1
        entries[relative] = [key, *stamp(os.lstat(target)), sha256(data)]
        report.sha256[relative] = entries[relative][3]


def _still_written(
    docs_dir: Path, files: Mapping[str, str | bytes | PlannedPage], manifest: Manifest
) -> Manifest:
    """The manifest's entries of the pages whose inputs and file are those it lists."""
    entries: Manifest = {}
    docs = str(docs_dir)
    for relative, content in files.items():
        remembered = manifest.get(relative)
        if not isinstance(content, PlannedPage) or content.key is None or not remembered:
            continue
        if remembered[0] != content.key:
            continue
        try:
            if stamp(os.lstat(os.path.join(docs, relative))) == remembered[1:3]:
                entries[relative] = remembered
        except OSError:
            pass
    return entries


def _delete_stale(docs_dir: Path, gone: list[str], roots: tuple[str, ...]) -> list[str]:
    """Delete the files an earlier build wrote that are no longer generated; their paths."""
    deleted = []
    for relative in gone:
        try:
            _check_path(relative, roots)
        except ValueError:
            continue  # only a manifest of an older layout names such paths
        stale = docs_dir / relative
        try:
            if not stat.S_ISREG(os.lstat(stale).st_mode):
                continue
            stale.unlink()
        except OSError:
            continue
        deleted.append(relative)
        _remove_empty_parents(stale.parent, docs_dir)
    return deleted


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
