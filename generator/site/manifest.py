"""The manifest: what the generator wrote under docs_dir, signed, and the check against it.

The manifest, `.generated` in docs_dir, lists every file the generator wrote,
with its size, modification time and SHA-256 (and, for a page, the hash of its
inputs), and is signed with this user's key (generator.trust). It is how the
build knows what it wrote, because the generated folders are git-ignored, and
git-ignored files can still be committed: a pull request could add
`site_src/events/x.md` holding a script, or a manifest of its own. So before
anything is written (`check_generated`), every file in a generated folder must
be in a manifest that this user signed, as it was written (same size and time,
or failing that the same bytes); anything else is refused, named, and nothing
is built. The manifest is also the only list of what to delete when a page is
no longer generated (generator.site.write).

The manifest is written once all the pages are; before each batch of pages is
written, a signed line with their SHA-256 is added to `.generated-pending`. A
build killed between the two leaves pages the manifest does not list as they
are: each one whose bytes are those a pending line announced is the
generator's, and is taken as written (with no inputs hash, so that it is
rendered again), not refused as edited by hand.
"""

from __future__ import annotations

import hashlib
import json
import os
import posixpath
import stat
from collections.abc import Iterable
from pathlib import Path, PurePosixPath

from generator.diagnostics import Diagnostic, error
from generator.trust import kind_of, read_regular, sign, signing_key

MANIFEST = ".generated"
PENDING = ".generated-pending"
PENDING_SIGNED_AS = "generated files being written"
MANIFEST_HEADER = b"timeline generated files 1 "
SIGNED_AS = "generated files"
CODE = "generated-file"
MAX_MANIFEST_BYTES = 256 * 1024 * 1024

# path under docs_dir -> [hash of the page's inputs or None, size, mtime_ns, sha256 hex]
Manifest = dict[str, list]


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


def signed_manifest(entries: Manifest) -> bytes | None:
    """The manifest file's bytes for these entries; None without a key to sign them."""
    body = json.dumps(entries, sort_keys=True, separators=(",", ":")).encode()
    signature = sign(SIGNED_AS, body)
    if signature is None:
        return None
    return MANIFEST_HEADER + signature.hex().encode() + b"\n" + body


def pending_line(written: dict[str, str]) -> bytes | None:
    """A signed line of `.generated-pending`: the SHA-256 of the files about to be written."""
    body = json.dumps(written, sort_keys=True, separators=(",", ":")).encode()
    signature = sign(PENDING_SIGNED_AS, body)
    return None if signature is None else signature.hex().encode() + b" " + body + b"\n"


def read_pending(docs_dir: Path) -> dict[str, str]:
    """path -> SHA-256 from every line of `.generated-pending` this user signed."""
    try:
        data = read_regular(docs_dir / PENDING, MAX_MANIFEST_BYTES)
    except (OSError, ValueError):
        return {}
    pending: dict[str, str] = {}
    for line in data.splitlines():
        signature, _, body = line.partition(b" ")
        expected = sign(PENDING_SIGNED_AS, body)
        if expected is None or signature != expected.hex().encode():
            continue
        try:
            batch = json.loads(body)
        except ValueError:
            continue
        if isinstance(batch, dict):
            pending.update((k, v) for k, v in batch.items() if isinstance(v, str))
    return pending


NO_KEY = (
    "cannot make the key that signs the list of generated files (in "
    "$XDG_CACHE_HOME/timeline-generator/, else ~/.cache/timeline-generator/); "
    "make that folder writable, or set XDG_CACHE_HOME to a folder that is"
)


def stamp(status: os.stat_result) -> list[int]:
    """Size and modification time, as make and git compare files.

    Not the inode: a restored cache, in CI, gives every file a new one.
    """
    return [status.st_size, status.st_mtime_ns]


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


# ---------------------------------------------------------------- what may be written


def is_file_root(name: str) -> bool:
    """Whether a generated root is a file (index.md, feed.xml) rather than a folder."""
    return bool(PurePosixPath(name).suffix)


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
    pending = read_pending(docs_dir)
    problems: list[Diagnostic] = []

    reported: set[str] = set()

    def report(relative: str, message: str) -> None:
        if relative not in reported:  # once, whichever check finds it
            reported.add(relative)
            problems.append(error(shown(f"{shown_as}/{relative}"), 1, 1, CODE, message))

    try:
        kind = os.lstat(docs_dir / MANIFEST).st_mode
        if not stat.S_ISREG(kind):
            report(MANIFEST, f"{kind_of(kind)} where {_KEEPS_MANIFEST}")
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
                report(root, f"{kind_of(mode)} where the generator writes the file {root}; {_MOVE}")
            else:
                files.add(root)
                _vouch(docs, root, os.lstat(os.path.join(docs, root)), manifest, pending, report)
        elif not stat.S_ISDIR(mode):
            report(root, f"{kind_of(mode)} where the generator writes the folder {root}/; {_MOVE}")
        else:
            for relative, status in _entries_under(docs, root, files, folders):
                _vouch(docs, relative, status, manifest, pending, report)
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


def _vouch(
    docs: str,
    relative: str,
    status: os.stat_result,
    manifest: Manifest,
    pending: dict[str, str],
    report,
) -> None:
    """Report the file unless the manifest lists it as it is now (refreshing its time), or a
    pending line announced it (see above)."""
    entry = manifest.get(relative)
    if not (isinstance(entry, list) and len(entry) == 4):
        if not _announced(docs, relative, status, manifest, pending):
            report(relative, _NOT_WRITTEN)
        return
    if stamp(status) == entry[1:3]:
        return
    try:
        if (
            status.st_size == entry[1]
            and sha256(read_regular(os.path.join(docs, relative))) == entry[3]
        ):
            entry[2] = status.st_mtime_ns  # copied or touched, not changed
            return
    except (OSError, ValueError):
        pass
    if not _announced(docs, relative, status, manifest, pending):
        report(relative, _CHANGED)


def _announced(
    docs: str, relative: str, status: os.stat_result, manifest: Manifest, pending: dict[str, str]
) -> bool:
    """Whether the file holds what a pending line announced; if so, the manifest lists it."""
    expected = pending.get(relative)
    if expected is None:
        return False
    try:
        if sha256(read_regular(os.path.join(docs, relative))) != expected:
            return False
    except (OSError, ValueError):
        return False
    manifest[relative] = [None, *stamp(status), expected]
    return True


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
                    report(folder, f"{kind_of(mode)} {where}; {_MOVE}")
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
