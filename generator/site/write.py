"""The one stage that writes to the disk: put the generated pages under docs_dir.

A page is written only when its bytes differ from what is already there, so
that after one edit MkDocs (and `mkdocs serve --dirty`) sees only the pages
that changed. Only paths inside the generated folders may be written.

The manifest, `.generated` in docs_dir, lists every file the stage wrote, with
its size, modification time and SHA-256, and is signed with this user's key
(generator.trust). It is how the build knows what it wrote, because the
generated folders are git-ignored, and git-ignored files can still be
committed: a pull request could add `site_src/events/x.md` holding a script,
or a manifest of its own. So before anything is written (`check_generated`),
every file in a generated folder must be in a manifest that this user signed,
as it was written (same size and time, or failing that the same bytes);
anything else is refused, named, and nothing is built. The manifest is also
the only list of what to delete when a page is no longer generated.

Pages may come not yet rendered (`PlannedPage`, with the hash of their inputs).
The manifest keeps that hash for each page; a page whose hash is the same and
whose file is still the one written is neither rendered nor read (at 10,000
events that skips seconds of rendering and reading after a one-event edit).
"""

from __future__ import annotations

import hashlib
import json
import os
import posixpath
import stat
import tempfile
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from generator.diagnostics import Diagnostic, UserError, error, format_text
from generator.render.pages import PlannedPage
from generator.trust import read_regular, sign, signing_key

MANIFEST = ".generated"
MANIFEST_HEADER = b"timeline generated files 1 "
SIGNED_AS = "generated files"
CODE = "generated-file"
MAX_MANIFEST_BYTES = 256 * 1024 * 1024

# mkstemp creates files readable by their owner only; pages get the usual mode.
_UMASK = os.umask(0o022)
os.umask(_UMASK)

# path under docs_dir -> [hash of the page's inputs or None, size, mtime_ns, sha256 hex]
Manifest = dict[str, list]


@dataclass
class WriteReport:
    written: list[str] = field(default_factory=list)
    unchanged: int = 0
    deleted: list[str] = field(default_factory=list)
    rendered: int = 0  # pages rendered; the others had the inputs of the file already there
    render_seconds: float = 0.0
    sha256: dict[str, str] = field(default_factory=dict)  # of every generated file, by path


def _check_path(relative: str, roots: tuple[str, ...]) -> None:
    path = PurePosixPath(relative)
    if path.is_absolute() or ".." in path.parts or not path.parts or path.parts[0] not in roots:
        # Only a bug in the render stage can get here: ids are slugs.
        raise ValueError(f"refusing to write {relative!r}: not inside a generated folder")


def is_file_root(name: str) -> bool:
    """Whether a generated root is a file (index.md, feed.xml) rather than a folder."""
    return bool(PurePosixPath(name).suffix)


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


# ---------------------------------------------------------------- the manifest


def read_manifest(docs_dir: Path) -> Manifest:
    """The files the generator wrote, from a manifest this user signed; else nothing."""
    try:
        signed = read_regular(docs_dir / MANIFEST, MAX_MANIFEST_BYTES)
    except (OSError, ValueError):
        return {}
    header, _, body = signed.partition(b"\n")
    if not header.startswith(MANIFEST_HEADER) or signing_key() is None:
        return {}
    expected = sign(SIGNED_AS, body)
    if expected is None or header[len(MANIFEST_HEADER) :] != expected.hex().encode():
        return {}
    try:
        entries = json.loads(body)
    except ValueError:
        return {}
    return entries if isinstance(entries, dict) else {}


def _write_manifest(docs_dir: Path, entries: Manifest) -> None:
    body = json.dumps(entries, sort_keys=True, separators=(",", ":")).encode()
    signature = sign(SIGNED_AS, body)
    if signature is None:
        raise UserError(_NO_KEY)
    data = MANIFEST_HEADER + signature.hex().encode() + b"\n" + body
    if not _unchanged(docs_dir / MANIFEST, data):
        _write_atomically(docs_dir / MANIFEST, data)


_NO_KEY = (
    "cannot make the key that signs the list of generated files (in "
    "$XDG_CACHE_HOME/timeline-generator/, else ~/.cache/timeline-generator/); "
    "make that folder writable, or set XDG_CACHE_HOME to a folder that is"
)


def _stamp(status: os.stat_result) -> list[int]:
    # size and modification time, as make and git compare files (not the inode: a
    # restored cache, in CI, gives every file a new one)
    return [status.st_size, status.st_mtime_ns]


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


# ---------------------------------------------------------------- what may be written


def shown(path: str) -> str:
    """A path for a message, whatever bytes its name holds."""
    return path.encode("utf-8", "surrogateescape").decode("utf-8", "replace")


def check_generated(
    docs_dir: Path,
    roots: tuple[str, ...],
    shown_as: str,
    planned: Iterable[str] = (),
) -> tuple[Manifest, list[Diagnostic]]:
    """The signed manifest, and an error for whatever in the generated folders it does not list.

    Also an error for each path the generator is to write (`planned`) where a
    folder stands in the way of a file or a file in the way of a folder.
    `shown_as` is docs_dir as the messages name it (site_src). Names that start
    with a dot are skipped: MkDocs never publishes them.
    """
    manifest = read_manifest(docs_dir)
    problems: list[Diagnostic] = []

    reported: set[str] = set()

    def report(relative: str, message: str) -> None:
        if relative not in reported:  # once, whichever check finds it
            reported.add(relative)
            problems.append(error(shown(f"{shown_as}/{relative}"), 1, 1, CODE, message))

    try:
        kind = os.lstat(docs_dir / MANIFEST).st_mode
        if not stat.S_ISREG(kind):
            report(MANIFEST, f"{_kind(kind)} where {_KEEPS_MANIFEST}")
    except FileNotFoundError:
        pass
    docs = str(docs_dir)
    files: set[str] = set()  # the regular files found, as paths under docs_dir
    folders: set[str] = set()  # and the folders
    for root in roots:
        try:
            mode = os.lstat(os.path.join(docs, root)).st_mode
        except FileNotFoundError:
            continue
        if is_file_root(root):
            if not stat.S_ISREG(mode):
                report(root, f"{_kind(mode)} where the generator writes the file {root}; {_MOVE}")
            else:
                files.add(root)
                _vouch(docs, root, os.lstat(os.path.join(docs, root)), manifest, report)
        elif not stat.S_ISDIR(mode):
            report(root, f"{_kind(mode)} where the generator writes the folder {root}/; {_MOVE}")
        else:
            for relative, status in _entries_under(docs, root, files, folders):
                _vouch(docs, relative, status, manifest, report)
    _check_planned(docs, planned, files, folders, report)
    return manifest, sorted(problems)


_MOVE = "delete or rename it"
_KEEPS_MANIFEST = "the generator keeps the list of the files it wrote; delete it"
_NOT_WRITTEN = (
    "no build on this machine wrote this file, and only the generator writes in this "
    "folder (a pull request may not add files here: they would be published as they are); "
    "delete it"
)
_CHANGED = (
    "this file was changed after the generator wrote it (generated pages are never edited "
    "by hand: edit the records or the templates instead); delete it"
)


def _kind(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISLNK(mode):
        return "a symbolic link"
    if stat.S_ISREG(mode):
        return "a file"
    return "a special file (FIFO, socket or device)"


def _entries_under(
    docs: str, root: str, files: set[str], folders: set[str]
) -> Iterable[tuple[str, os.stat_result]]:
    """Every regular file under docs/root not named with a leading dot, never via a link.

    Adds the files and folders found to `files` and `folders`.
    """
    pending = [root]
    folders.add(root)
    while pending:
        folder = pending.pop()
        try:
            entries = list(os.scandir(os.path.join(docs, folder)))
        except OSError:
            continue  # reported by generator.site.integrity, which walks all of docs_dir
        for entry in entries:
            if entry.name.startswith("."):
                continue
            relative = f"{folder}/{entry.name}"
            if entry.is_dir(follow_symlinks=False):
                pending.append(relative)
                folders.add(relative)
            elif entry.is_file(follow_symlinks=False):
                files.add(relative)
                yield relative, entry.stat(follow_symlinks=False)


def _vouch(docs: str, relative: str, status: os.stat_result, manifest: Manifest, report) -> None:
    """Report the file unless the manifest lists it as it is now (refreshing its time)."""
    entry = manifest.get(relative)
    if not (isinstance(entry, list) and len(entry) == 4):
        report(relative, _NOT_WRITTEN)
        return
    if _stamp(status) == entry[1:3]:
        return
    try:
        if (
            status.st_size == entry[1]
            and _sha256(read_regular(os.path.join(docs, relative))) == entry[3]
        ):
            entry[2] = status.st_mtime_ns  # copied or touched, not changed
            return
    except (OSError, ValueError):
        pass
    report(relative, _CHANGED)


def _check_planned(
    docs: str, planned: Iterable[str], files: set[str], folders: set[str], report
) -> None:
    """Report what stands where a planned file or its folders go (`files`, `folders`: found)."""
    usable: dict[str, bool] = {"": True}  # folder -> whether files can be written in it

    def folder_usable(folder: str) -> bool:
        if folder not in usable:
            usable[folder] = folder_usable(posixpath.dirname(folder))
            if usable[folder] and folder not in folders:
                try:
                    mode = os.lstat(os.path.join(docs, folder)).st_mode
                except FileNotFoundError:
                    mode = stat.S_IFDIR
                if not stat.S_ISDIR(mode):
                    where = f"where the generator writes the folder {folder}/"
                    report(folder, f"{_kind(mode)} {where}; {_MOVE}")
                    usable[folder] = False
        return usable[folder]

    for relative in planned:
        if relative in files or not folder_usable(posixpath.dirname(relative)):
            continue
        try:
            mode = os.lstat(os.path.join(docs, relative)).st_mode
        except (FileNotFoundError, NotADirectoryError):
            continue
        if stat.S_ISDIR(mode):
            report(relative, f"a folder where the generator writes the page {relative}; {_MOVE}")


# ---------------------------------------------------------------- writing


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
    _check_no_symlinks(docs_dir, {PurePosixPath(r).parent for r in files})
    if signing_key() is None:
        raise UserError(_NO_KEY)
    if manifest is None:
        manifest, problems = check_generated(docs_dir, roots, docs_dir.name, files)
        if problems:
            raise UserError("refusing to write the generated pages:\n" + format_text(problems))
    report = WriteReport()
    entries: Manifest = {}
    to_render: dict[str, PlannedPage] = {}
    for relative, content in files.items():
        if not isinstance(content, PlannedPage):
            continue
        remembered = manifest.get(relative)
        if content.key is not None and remembered and remembered[0] == content.key:
            try:
                if _stamp(os.lstat(docs_dir / relative)) == remembered[1:3]:
                    entries[relative] = remembered
                    continue
            except OSError:
                pass
        to_render[relative] = content
    started = time.perf_counter()
    rendered = render(to_render)
    report.render_seconds = time.perf_counter() - started
    report.rendered = len(rendered)
    for relative in sorted(files):
        if relative in entries:
            report.unchanged += 1  # the page's inputs are those of the file already there
            report.sha256[relative] = entries[relative][3]
            continue
        content = files[relative]
        target = docs_dir / relative
        if isinstance(content, PlannedPage):
            key, content = content.key, rendered[relative]
        else:
            key = None
        data = content.encode("utf-8") if isinstance(content, str) else content
        if relative in manifest and _unchanged(target, data):
            report.unchanged += 1
        else:
            _write_atomically(target, data)
            report.written.append(relative)
        digest = _sha256(data)
        entries[relative] = [key, *_stamp(os.lstat(target)), digest]
        report.sha256[relative] = digest
    for relative in sorted(set(manifest) - set(files)):
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
        report.deleted.append(relative)
        _remove_empty_parents(stale.parent, docs_dir)
    _write_manifest(docs_dir, entries)
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
