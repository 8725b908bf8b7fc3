"""What a build checks and tidies before it starts, so that it publishes nothing it should not.

A checkout is not trusted, git-ignored paths included: a pull request can
commit files and symbolic links anywhere (`git add -f`), and other tools
(tar, an unpacked archive) can leave FIFOs and devices. So before anything is
generated or built:

- the project's shape is checked (`config_problems`, `project_problems`):
  mkdocs.yml a regular file, docs_dir a plain folder inside the project,
  `.cache/` a plain folder;
- every entry of docs_dir is (`site_source_problems`): MkDocs publishes what a
  symbolic link points to (a link to /etc/passwd or to a folder of private
  files would put them on the website), and reading a FIFO never ends; so a
  link, a FIFO, a socket, a device, a file or folder that cannot be read, or a
  name that is not UTF-8 is an error at its path, and nothing is built.

A build runs MkDocs into a staging folder beside site/ and swaps it in with
two renames (`generator.site.build.replace_site`). A build that is killed leaves
its staging folder behind, or, killed between the two renames, the previous
site under `.site-old-*` with no site/ at all. The next build removes the
leftovers of builds that are no longer running and puts such a previous site
back first, so a killed build never costs the published site.

Only folders this machine's builds made are ever deleted or put back: each
one's name carries a token signed over its inode with this user's key
(generator.trust), which a folder that came with a checkout cannot have. A
folder named like one without it is left alone, and said so.
"""

from __future__ import annotations

import contextlib
import os
import stat
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from generator.diagnostics import Diagnostic, UserError, error
from generator.records.cache import CACHE_DIR, RECORDS_DIR
from generator.layout import GENERATED_ROOTS
from generator.settings import read_site_config
from generator.trust import plain_folder_under, sign
from generator.site.write import check_generated

STAGING_PREFIX = ".site-"
OLD_SITE_PREFIX = ".site-old-"
SIGNED_AS = "build folder"
WORK, OLD = "work", "old"  # a folder to delete once its build is gone; a site set aside
TOKEN_CHARACTERS = 32
CONFIG_FILE = "mkdocs.yml"
SITE_DIR = "site"
HOME_INTRO = "_includes/home.md"
TRASH = f"{CACHE_DIR}/trash"
# folders of the project that docs_dir may not be (nor any name starting with a dot)
_NOT_DOCS = ("events", "entities", SITE_DIR)

_UMASK = os.umask(0o022)
os.umask(_UMASK)

_LINK_MESSAGE = (
    "symbolic links are not allowed in {where}: MkDocs would publish what the link "
    "points to; replace it with the real {kind}"
)


# ---------------------------------------------------------------- the project's shape


def config_problems(root: Path) -> list[Diagnostic]:
    """An error unless mkdocs.yml is a regular file: checked before anything reads it."""
    config = _mode(root / CONFIG_FILE)
    if config is None:
        text = "the site cannot be built without mkdocs.yml"
        return [error(CONFIG_FILE, 1, 1, "missing", text)]
    if not stat.S_ISREG(config):
        return [error(CONFIG_FILE, 1, 1, "not-a-file", f"{_kind(config)}, not a file")]
    return []


def project_problems(root: Path, docs_dir: str) -> list[Diagnostic]:
    """docs_dir and .cache/ as a build needs them, or an error at each."""
    problems = []
    relative = PurePosixPath(docs_dir)
    if (
        relative.is_absolute()
        or ".." in relative.parts
        or not relative.parts
        or relative.parts[0].startswith(".")
        or relative.parts[0] in _NOT_DOCS
    ):
        problems.append(
            error(
                CONFIG_FILE,
                1,
                1,
                "docs-dir",
                f"docs_dir '{docs_dir}' is not a folder of its own inside the project; the "
                "generator writes its pages there",
            )
        )
    else:
        for depth in range(1, len(relative.parts) + 1):
            part = PurePosixPath(*relative.parts[:depth]).as_posix()
            mode = _mode(root / part)
            if mode is not None and stat.S_ISLNK(mode):
                text = _LINK_MESSAGE.format(where="the project", kind="folder")
                problems.append(error(part, 1, 1, "symlink", text))
            elif mode is not None and not stat.S_ISDIR(mode):
                problems.append(
                    error(part, 1, 1, "not-a-folder", f"{_kind(mode)}, where docs_dir must be")
                )
            if mode is None or not stat.S_ISDIR(mode):
                break
    for part in (CACHE_DIR, f"{CACHE_DIR}/{RECORDS_DIR}", TRASH):
        mode = _mode(root / part)
        if mode is None:
            continue
        if not stat.S_ISDIR(mode):
            problems.append(
                error(
                    part,
                    1,
                    1,
                    "cache-folder",
                    f"{_kind(mode)} where the build keeps its caches (a checkout may not carry "
                    f"{CACHE_DIR}/: it is git-ignored); delete it",
                )
            )
            break
    return problems


def _mode(path: Path) -> int | None:
    try:
        return os.lstat(path).st_mode
    except FileNotFoundError:
        return None
    except OSError:
        return 0


def _kind(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISLNK(mode):
        return "a symbolic link"
    if stat.S_ISREG(mode):
        return "a file"
    if stat.S_ISFIFO(mode):
        return "a FIFO"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    return "something that cannot be read"


# ---------------------------------------------------------------- the site's sources


def site_source_problems(root: Path, folder: str) -> list[Diagnostic]:
    """An error for every entry under root/folder that MkDocs must not read or publish."""
    top = root / folder
    if top.is_symlink():
        text = _LINK_MESSAGE.format(where="the project", kind="folder")
        return [error(folder, 1, 1, "symlink", text)]
    found: list[Diagnostic] = []
    pending = [top]
    while pending:
        directory = pending.pop()
        try:
            entries = list(os.scandir(directory))
        except FileNotFoundError:
            continue
        except OSError as exc:
            relative = _relative(root, str(directory))
            text = f"this folder cannot be read ({exc.strerror}); fix its permissions"
            found.append(error(relative, 1, 1, "unreadable", text))
            continue
        for entry in entries:
            problem = _entry_problem(entry, folder)
            if problem is not None:
                found.append(error(_relative(root, entry.path), 1, 1, *problem))
            elif entry.is_dir(follow_symlinks=False):
                pending.append(Path(entry.path))
    home = _mode(top / HOME_INTRO)
    if home is not None and stat.S_ISDIR(home):
        found.append(
            error(
                f"{folder}/{HOME_INTRO}",
                1,
                1,
                "not-a-file",
                "a folder where the home page's introduction is read from; make it a file",
            )
        )
    return sorted(found)


def _entry_problem(entry: os.DirEntry, folder: str) -> tuple[str, str] | None:
    """(code, message) for an entry MkDocs must not read, or None."""
    if entry.is_symlink():
        kind = "folder" if entry.is_dir() else "file"
        return "symlink", _LINK_MESSAGE.format(where=f"'{folder}/'", kind=kind)
    try:
        entry.name.encode("utf-8")
    except UnicodeEncodeError:
        return "file-name", "this name is not valid UTF-8; rename it"
    try:
        mode = entry.stat(follow_symlinks=False).st_mode
    except OSError:
        return "unreadable", "this entry cannot be read; fix its permissions"
    if not (stat.S_ISREG(mode) or stat.S_ISDIR(mode)):
        return "not-a-file", f"{_kind(mode)}, not a file or a folder; delete it"
    if not os.access(entry.path, os.R_OK | (os.X_OK if stat.S_ISDIR(mode) else 0)):
        return "unreadable", "this entry cannot be read; fix its permissions"
    return None


def _relative(root: Path, path: str) -> str:
    relative = Path(os.path.relpath(path, root)).as_posix()
    return relative.encode("utf-8", "surrogateescape").decode("utf-8", "replace")


# ---------------------------------------------------------------- the build's own folders


def _token(kind: str, inode: int) -> str | None:
    signature = sign(SIGNED_AS, f"{kind}\0{inode}".encode())
    return signature.hex()[:TOKEN_CHARACTERS] if signature else None


def name_as(path: Path, kind: str) -> Path:
    """Rename `path` (in the project root) to a name that proves this machine made it."""
    token = _token(kind, os.lstat(path).st_ino)
    if token is None:
        raise OSError(f"no key to sign {path.name} with")
    prefix = OLD_SITE_PREFIX if kind == OLD else STAGING_PREFIX
    target = path.parent / f"{prefix}{os.getpid()}-{token}"
    os.rename(path, target)
    return target


def make_build_folder(root: Path) -> Path:
    """A new empty folder in root for this build, with the usual mode (it may become site/)."""
    made = Path(tempfile.mkdtemp(prefix=f"{STAGING_PREFIX}{os.getpid()}-tmp-", dir=root))
    try:
        folder = name_as(made, WORK)
    except OSError:
        os.rmdir(made)
        raise
    os.chmod(folder, 0o777 & ~_UMASK)
    return folder


@dataclass(frozen=True)
class BuildFolder:
    path: Path
    kind: str
    pid: int


def _build_folder(entry: os.DirEntry) -> BuildFolder | None:
    """The folder as one of this machine's build folders, or None if it cannot prove it."""
    name = entry.name
    if name.startswith(OLD_SITE_PREFIX):
        kind, rest = OLD, name.removeprefix(OLD_SITE_PREFIX)
    else:
        kind, rest = WORK, name.removeprefix(STAGING_PREFIX)
    pid, _, token = rest.partition("-")
    if not pid.isdigit() or len(token) != TOKEN_CHARACTERS:
        return None
    try:
        inode = os.lstat(entry.path).st_ino  # as name_as saw it (readdir's may differ)
    except OSError:
        return None
    if token != _token(kind, inode):
        return None
    return BuildFolder(Path(entry.path), kind, int(pid))


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


def recover_interrupted_builds(root: Path, site: Path) -> list[str]:
    """Put back a site an interrupted swap left aside, and delete dead builds' folders.

    Returns what was done, for the log. Folders of a build that is still running
    (another `timeline build` or `timeline serve` in the same project) are left
    alone, and so are folders named like build folders that no build here made.
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
        elif not _running(folder.pid):
            ours.append(folder)
    aside = [f for f in ours if f.kind == OLD and f.path.is_dir()]
    if aside and _mode(site) is None:
        newest = max(aside, key=lambda folder: folder.path.stat().st_mtime_ns)
        newest.path.rename(site)
        ours.remove(newest)
        done.append(f"put back the previous {site.name}/ from {newest.path.name}")
    for folder in ours:
        discard(root, folder.path, folder.kind)
        done.append(f"removed {folder.path.name}, left by a build that was interrupted")
    return done


def discard(root: Path, path: Path, kind: str = WORK) -> None:
    """Delete one of this build's folders in root without making the build wait for it.

    At 10,000 events the previous site is 25,000 files, which take seconds to
    delete; the new site is already in place, so the folder is moved into
    .cache/trash/ (keeping its signed name) and a detached process deletes it.
    A site set aside is renamed first, so that a deletion cut short is never
    put back; whatever a deletion leaves, the next build deletes.
    """
    if kind == OLD:
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
try:
    if stat.S_ISDIR(os.lstat(path).st_mode):
        shutil.rmtree(path, ignore_errors=True)
    else:
        os.unlink(path)
except OSError:
    pass
"""


# ---------------------------------------------------------------- for `timeline validate`


def site_problems(root: Path) -> list[Diagnostic]:
    """What `timeline build` would refuse in the project's shape and site sources.

    Nothing for a folder of records without mkdocs.yml. `timeline validate`
    reports these with the records, so that CI shows them on a pull request
    (files committed in the generated folders, links, FIFOs) before it builds.
    """
    if _mode(root / CONFIG_FILE) is None:
        return []
    problems = config_problems(root)
    if problems:
        return problems
    try:
        config = read_site_config(root)
    except UserError as exc:
        return [error(CONFIG_FILE, 1, 1, "config", str(exc))]
    problems = project_problems(root, config.docs_dir)
    if not problems:
        problems += site_source_problems(root, config.docs_dir)
        docs_dir = root / config.docs_dir
        problems += check_generated(docs_dir, GENERATED_ROOTS, config.docs_dir)[1]
    return sorted(problems)
