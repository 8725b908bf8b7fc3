"""Nothing changed, nothing done: one digest of everything a build reads.

A build's output depends on the records (every entry under events/ and
entities/), the hand-written files of docs_dir, mkdocs.yml, the generator's
own code, the versions of MkDocs, Material and Pagefind (all in the site's
fingerprint, generator.site.incremental), SOURCE_DATE_EPOCH (the build
time the downloads carry), and the git history the dates of changes come from
(generator.site.history: the commit HEAD names, and whether the clone is
shallow). `inputs_digest` hashes all of it: the hand-written
files and settings by content, and each record file by its size, inode,
modification and change times (reading 10,000 records would take most of the
second a rebuild with nothing to do may take). The change time is the kernel's:
tar, `cp -p`, rsync or `touch` can set a file's modification time back, but any
write (or rename, or restore) gives it a new change time, so a changed record
never passes for the one the last build read. A file that was only touched
counts as changed: the build then runs, and writes nothing that is the same.

The last build keeps the digest in its signed state (.cache/site-state.json).
When the digest is the same, site/ is still exactly what that build left
(generator.site.incremental.proven_site, file by file), and the generated
folders of docs_dir still hold only what it wrote (generator.site.manifest),
the build runs neither the generator, MkDocs, the downloads nor Pagefind:
what it would publish is already published. Whatever a checkout carries in
.cache/, site/ or `.site-*` cannot pass for that state, which only this
user's key signs.
"""

from __future__ import annotations

import hashlib
import os
import stat
import subprocess
import sys
import sysconfig
from pathlib import Path

from generator.layout import ENTITIES_DIR, EVENTS_DIR, GENERATED_ROOTS
from generator.version import PACKAGE, SOURCE_SUFFIXES

# the variables that change what a build makes: the build time
ENVIRONMENT = ("SOURCE_DATE_EPOCH",)


def _hash_tree(digest, root: Path, folder: str, skip: tuple[str, ...] = ()) -> None:
    """Every entry under root/folder into `digest`: its path, and its stamp (see above).

    Nothing is opened, no link followed: a link's own stamp changes when it
    is made again to point elsewhere. Entries of root/folder itself named in
    `skip` are left out.
    """
    try:  # the folder itself: made a link to where it was moved, it is not the same
        status = os.lstat(root / folder)
        changed = status.st_ctime_ns if not skip else ""  # the build writes beside what it skips
        digest.update(f"{folder} {status.st_mode} {status.st_ino} {changed}".encode())
    except OSError as exc:
        digest.update(f"{folder} {exc.errno}".encode())
    pending = [folder]
    while pending:
        current = pending.pop()
        try:
            entries = sorted(os.scandir(root / current), key=lambda entry: entry.name)
        except OSError as exc:  # missing, unreadable: the build itself will say
            digest.update(f"\0{exc.errno} ".encode() + current.encode("utf-8", "surrogateescape"))
            continue
        for entry in entries:
            if current == folder and entry.name in skip:
                continue
            path = f"{current}/{entry.name}"
            status = entry.stat(follow_symlinks=False)
            digest.update(b"\0" + path.encode("utf-8", "surrogateescape") + b"\0")
            stamp = (status.st_mode, status.st_size, status.st_ino)
            digest.update(f"{stamp} {status.st_mtime_ns} {status.st_ctime_ns}".encode())
            if stat.S_ISDIR(status.st_mode):
                pending.append(path)


def _history_state(root: Path) -> bytes:
    """What the dates of changes are read from: HEAD's commit and whether the clone is shallow.

    A new commit, even one that changes no record, counts as a change: one
    `git rev-parse` is cheap, and walking the records' history is not.
    """
    command = ["git", "-C", str(root), "rev-parse", "--is-shallow-repository", "HEAD"]
    try:
        found = subprocess.run(command, capture_output=True, check=False)
    except OSError:
        return b"no git"
    return found.stdout + b"\0" + str(found.returncode).encode()


def inputs_digest(root: Path, fingerprint: str, hand_written: dict[str, str]) -> str:
    """A hash of every input of a build; the same digest, the same site.

    `fingerprint` is generator.site.incremental.fingerprint (code, tool
    versions, mkdocs.yml, the hand-written files as every page sees them);
    `hand_written` the SHA-256 of each hand-written file of docs_dir, by path.
    """
    digest = hashlib.sha256(fingerprint.encode())
    for path, content in sorted(hand_written.items()):
        digest.update(b"\0" + path.encode("utf-8", "surrogateescape") + b"\0" + content.encode())
    _hash_records_and_surroundings(digest, root)
    return digest.hexdigest()


def _hash_records_and_surroundings(digest, root: Path) -> None:
    """What both digests take alike: the environment, the git history, the record folders."""
    for name in ENVIRONMENT:
        value = os.environ.get(name)
        digest.update(f"\0{name} ".encode() + (b"-" if value is None else value.encode()))
    digest.update(b"\0history " + _history_state(root))
    for folder in (EVENTS_DIR, ENTITIES_DIR):
        _hash_tree(digest, root, folder)


def _stamp(digest, path: str) -> None:
    """One entry's stamp into `digest`, as _hash_tree takes it."""
    try:
        status = os.lstat(path)
    except OSError as exc:
        digest.update(f"\0{path} {exc.errno}".encode("utf-8", "surrogateescape"))
        return
    stamp = (status.st_mode, status.st_size, status.st_ino)
    text = f"\0{path} {stamp} {status.st_mtime_ns} {status.st_ctime_ns}"
    digest.update(text.encode("utf-8", "surrogateescape"))


def stamps_digest(root: Path, docs_dir: str) -> str:
    """A hash of the stamps of what a build reads; the same stamps, the same inputs.

    What `inputs_digest` hashes by content is taken here by its stamp (size,
    inode, modification and change times, as the records are): the hand-written
    entries of docs_dir (every entry but the generated ones and the list of
    them, whatever it is: a link or a FIFO changes the stamp), each folder on
    the way to it, the generator's source files, and the folders Python loads
    packages from (installing, upgrading or removing MkDocs, Material, Pagefind
    or PyYAML adds or removes an entry there, which changes the folder's own
    stamp); then the environment, the history and the records as in
    `inputs_digest`. Taken before the build reads any of it, and kept in the
    site's state: when the stamps are as they were, so is every input, and
    generator.site.nochange need read neither mkdocs.yml's settings nor the
    hand-written files nor the generator's code nor the tools' versions.
    """
    from generator.site.manifest import MANIFEST, PENDING

    digest = hashlib.sha256(f"{sys.version}\0{sys.executable}".encode())
    for name in sorted({sysconfig.get_path("purelib"), sysconfig.get_path("platlib")}):
        _stamp(digest, name)
    digest.update(b"\0generator")
    sources = []
    for folder, subfolders, files in os.walk(PACKAGE):
        subfolders[:] = [name for name in subfolders if name != "__pycache__"]
        sources += [os.path.join(folder, n) for n in files if n.endswith(SOURCE_SUFFIXES)]
    for path in sorted(sources):
        _stamp(digest, path)
    parts = Path(docs_dir).parts
    for depth in range(1, len(parts)):
        _stamp(digest, str(root.joinpath(*parts[:depth])))
    _hash_tree(digest, root, docs_dir, skip=(*GENERATED_ROOTS, MANIFEST, PENDING))
    _hash_records_and_surroundings(digest, root)
    return digest.hexdigest()
