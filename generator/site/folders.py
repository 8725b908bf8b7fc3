"""The build's own folders: made, swapped into place, and tidied after a killed build.

A build runs MkDocs into a staging folder beside site/ and swaps it in with
two renames (`replace_site`). A build that is killed leaves its staging folder
behind, or, killed between the two renames, the previous site under
`.site-old-*` with no site/ at all. The next build removes the leftovers of
builds that are no longer running and puts such a previous site back first
(`recover_interrupted_builds`), so a killed build never costs the published site.

Only folders this machine's builds made are ever deleted or put back: each
one's name carries a token signed over its inode with this user's key
(generator.trust), which a folder that came with a checkout cannot have. A
folder named like one without it is left alone, and said so.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import signal
import subprocess
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from generator.records.cache import CACHE_DIR
from generator.trust import is_plain_folder, plain_folder_under, sign

STAGING_PREFIX = ".site-"
OLD_SITE_PREFIX = ".site-old-"
SPARE_PREFIX = ".site-spare-"
SIGNED_AS = "build folder"
# a folder to delete once its build is gone; a site set aside; the previous site, kept to
# start the next build from (generator.site.spare)
WORK, OLD, SPARE = "work", "old", "spare"
PREFIXES = {OLD: OLD_SITE_PREFIX, SPARE: SPARE_PREFIX, WORK: STAGING_PREFIX}
TOKEN_CHARACTERS = 32
TRASH = f"{CACHE_DIR}/trash"


def _token(kind: str, inode: int) -> str | None:
    signature = sign(SIGNED_AS, f"{kind}\0{inode}".encode())
    return signature.hex()[:TOKEN_CHARACTERS] if signature else None


def name_as(path: Path, kind: str) -> Path:
    """Rename `path` (in the project root) to a name that proves this machine made it."""
    token = _token(kind, os.lstat(path).st_ino)
    if token is None:
        raise OSError(f"no key to sign {path.name} with")
    prefix = PREFIXES[kind]
    target = path.parent / f"{prefix}{os.getpid()}-{token}"
    os.rename(path, target)
    return target


def make_build_folder(root: Path) -> Path:
    """A new empty folder in root for this build, with the usual mode (it may become site/)."""
    made = root / f"{STAGING_PREFIX}{os.getpid()}-tmp-{secrets.token_hex(8)}"
    made.mkdir(mode=0o777)  # the umask applies, as to any folder a program makes
    try:
        return name_as(made, WORK)
    except OSError:
        os.rmdir(made)
        raise


@dataclass(frozen=True)
class BuildFolder:
    path: Path
    kind: str
    pid: int


def _build_folder(entry: os.DirEntry | Path) -> BuildFolder | None:
    """The folder as one of this machine's build folders, or None if it cannot prove it."""
    name = entry.name
    kind = next((kind for kind, prefix in PREFIXES.items() if name.startswith(prefix)), None)
    if kind is None:
        return None
    rest = name.removeprefix(PREFIXES[kind])
    pid, _, token = rest.partition("-")
    if not pid.isdigit() or len(token) != TOKEN_CHARACTERS:
        return None
    try:
        inode = os.lstat(entry).st_ino  # as name_as saw it (readdir's may differ)
    except OSError:
        return None
    if token != _token(kind, inode):
        return None
    return BuildFolder(Path(entry), kind, int(pid))


def is_build_folder(path: Path, kind: str) -> bool:
    """Whether `path` is a real folder named as one this machine's build made, of `kind`."""
    folder = _build_folder(path)
    return folder is not None and folder.kind == kind and is_plain_folder(path)


def _running(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # another user's process
    return True


def recover_interrupted_builds(root: Path, site: Path, delete: bool = True) -> list[str]:
    """Put back a site an interrupted swap left aside, and delete dead builds' folders (and
    what earlier builds left in .cache/trash/).

    Returns what was done, for the log. Folders of a build that is still running
    (another `timeline build` or `timeline serve` in the same project) are left
    alone, and so are folders named like build folders that no build here made.
    `delete` False leaves dead builds' folders to the next build that deletes
    (serve's background build): deleting a linked copy of a large site takes the
    disk and a core for seconds, which a save's build should not share.
    """
    done: list[str] = []
    ours: list[BuildFolder] = []
    for entry in sorted(os.scandir(root), key=lambda e: e.name):
        if not entry.name.startswith(STAGING_PREFIX):
            continue
        folder = _build_folder(entry)
        if folder is None:
            done.append(
                f"left {entry.name} alone: no build on this machine made it (a checkout may "
                "carry it; it is not published); delete it if you do not need it"
            )
        elif folder.kind != SPARE and not _running(folder.pid):  # a spare: see its module
            ours.append(folder)
    aside = [f for f in ours if f.kind == OLD and f.path.is_dir()]
    if aside and not os.path.lexists(site):
        newest = max(aside, key=lambda folder: folder.path.stat().st_mtime_ns)
        newest.path.rename(site)
        ours.remove(newest)
        done.append(f"put back the previous {site.name}/ from {newest.path.name}")
    if not delete:
        return done
    for folder in ours:
        discard(root, folder.path, folder.kind)
        done.append(f"removed {folder.path.name}, left by a build that was interrupted")
    discard_leftovers(root)
    return done


def discard(root: Path, path: Path, kind: str = WORK) -> None:
    """Delete one of this build's folders in root without making the build wait for it.

    At 10,000 events the previous site is 25,000 files, which take seconds to
    delete; the new site is already in place, so the folder is moved into
    .cache/trash/ (keeping its signed name) and a detached process deletes it.
    A site set aside is renamed first, so that a deletion cut short is never
    put back; whatever a deletion leaves, the next build deletes.
    """
    if kind != WORK:
        path = name_as(path, WORK)
    trash = plain_folder_under(root, TRASH, create=True)
    if trash is not None:
        with contextlib.suppress(OSError):
            path = path.rename(trash / path.name)
    _delete_in_background(path)


def discard_leftovers(root: Path) -> None:
    """Delete what earlier builds left in .cache/trash/: only the folders they made."""
    trash = plain_folder_under(root, TRASH)
    if trash is None:
        return
    with contextlib.suppress(OSError):
        for entry in os.scandir(trash):
            if _build_folder(entry) is not None:
                _delete_in_background(Path(entry.path))


def _delete_in_background(path: Path) -> None:
    subprocess.Popen(
        [sys.executable, "-I", "-c", _DELETE, str(path)],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )


# shutil.rmtree works from file descriptors on Linux and never follows a link:
# a link inside the folder is deleted, not what it points to
_DELETE = """
import os, shutil, stat, sys
path = sys.argv[1]
os.nice(19)  # after everything else: a save in `timeline serve` waits for its build, not this
try:
    if stat.S_ISDIR(os.lstat(path).st_mode):
        shutil.rmtree(path, ignore_errors=True)
    else:
        os.unlink(path)
except OSError:
    pass
"""


_HELD_SIGNALS = (signal.SIGINT, signal.SIGTERM)


@contextmanager
def _uninterruptible() -> Iterator[None]:
    """Hold Ctrl-C and a polite kill (SIGTERM) back for the two renames that swap the site."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = {number: signal.signal(number, signal.SIG_IGN) for number in _HELD_SIGNALS}
    try:
        yield
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)


def replace_site(
    root: Path, new: Path, site: Path, proven: bool, keep: bool = False
) -> Path | None:
    """Put `new` where `site` is, with site/ missing only between two renames.

    The previous site/ is set aside under a name that lets the next build put it
    back should this one be killed between the renames, if `proven` (a build on
    this machine made it); anything else there is only ever deleted, never put back.
    It is deleted then, unless `keep` (and `proven`): then it is returned, to be
    the spare (generator.site.spare).
    """
    old = None
    kind = OLD if proven else WORK
    with _uninterruptible():
        if os.path.lexists(site):
            old = name_as(site, kind)
        try:
            new.rename(site)
        except BaseException:
            if old is not None:
                old.rename(site)
            raise
    if old is not None and keep and proven:
        return old
    if old is not None:
        discard(root, old, kind)
    return None


def move_downloads(source: Path, site: Path, written: list[str]) -> None:
    """Move the downloads into the built site, replacing (never writing through) old files."""
    for path in written:
        target = site / path
        target.parent.mkdir(parents=True, exist_ok=True)
        os.replace(source / path, target)
