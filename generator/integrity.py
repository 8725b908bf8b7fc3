"""What a build checks and tidies before it starts, so that it publishes nothing it should not.

MkDocs publishes what a symbolic link points to: a link in site_src/ to
/etc/passwd or to a folder of private files would put them on the website.
Records refuse symbolic links as they are read (`generator.load`); the
hand-written part of docs_dir is checked here, all of it, before anything is
generated or built.

A build runs MkDocs into a staging folder beside site/ and swaps it in with
two renames (`generator.build.replace_site`). A build that is killed leaves
its staging folder behind, or, killed between the two renames, the previous
site under `.site-old-*` with no site/ at all. The next build removes the
leftovers of builds that are no longer running and puts such a previous site
back first, so a killed build never costs the published site.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from generator.diagnostics import Diagnostic, error

STAGING_PREFIX = ".site-"
OLD_SITE_PREFIX = ".site-old-"


def symlinks_under(root: Path, folder: str) -> list[Diagnostic]:
    """An error for every symbolic link under root/folder (the folder itself included)."""
    top = root / folder
    message = (
        "symbolic links are not allowed in {where}: MkDocs would publish what the link "
        "points to; replace it with the real {kind}"
    )
    if top.is_symlink():
        return [error(folder, 1, 1, "symlink", message.format(where="the project", kind="folder"))]
    found: list[Diagnostic] = []
    pending = [top]
    while pending:
        directory = pending.pop()
        try:
            entries = list(os.scandir(directory))
        except (FileNotFoundError, NotADirectoryError):
            continue
        for entry in entries:
            if entry.is_symlink():
                kind = "folder" if entry.is_dir() else "file"
                relative = Path(os.path.relpath(entry.path, root)).as_posix()
                text = message.format(where=f"'{folder}/'", kind=kind)
                found.append(error(relative, 1, 1, "symlink", text))
            elif entry.is_dir(follow_symlinks=False):
                pending.append(Path(entry.path))
    return sorted(found)


def staging_prefix(old: bool = False) -> str:
    """The prefix of this process's staging folders: it names the process that owns them."""
    return f"{OLD_SITE_PREFIX if old else STAGING_PREFIX}{os.getpid()}-"


def _owner(name: str) -> int | None:
    """The process id in a staging folder's name, None for a name without one."""
    rest = name.removeprefix(OLD_SITE_PREFIX).removeprefix(STAGING_PREFIX)
    pid, _, _ = rest.partition("-")
    return int(pid) if pid.isdigit() else None


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
    (another `timeline build` or `timeline serve` in the same project) are left alone.
    """
    done: list[str] = []
    leftovers = [
        folder
        for folder in root.glob(f"{STAGING_PREFIX}*")
        if folder.is_dir() and not folder.is_symlink()
    ]
    leftovers = [f for f in leftovers if (pid := _owner(f.name)) is None or not _running(pid)]
    aside = [f for f in leftovers if f.name.startswith(OLD_SITE_PREFIX)]
    if aside and not site.exists() and not site.is_symlink():
        newest = max(aside, key=lambda folder: folder.stat().st_mtime_ns)
        newest.rename(site)
        leftovers.remove(newest)
        done.append(f"put back the previous {site.name}/ from {newest.name}")
    for folder in sorted(leftovers):
        shutil.rmtree(folder, ignore_errors=True)
        done.append(f"removed {folder.name}, left by a build that was interrupted")
    return done
