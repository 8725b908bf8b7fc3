"""The spare site: the previous site/, kept after a swap to start the next build from.

An incremental build starts from a copy of site/ made of hard links
(generator.site.incremental): at 10,000 events 11,600 folders and 25,000 links
to make, three to seven seconds, most of a rebuild after one edit. Yet after
the swap the previous site/ holds the same folders and, for every file the
build did not rewrite, a link to the very same file. So a build keeps it, as
the spare (`keep`), instead of deleting it; the next incremental build takes
it as its staging folder (`take`) and brings it up to date with what site/
holds now (`bring_up_to_date`): a link to each file of site/ that is another
file (by inode) than the spare's, the files and folders site/ no longer has
removed, its new folders made. That is what the last build changed: a few
files after an edit. The result holds what a linked copy of site/ holds, file
for file, the same files (a test compares them).

Trust, as for site/ itself: the spare's name is signed over its inode like
every build folder (generator.site.folders), and what it holds, entry by entry
(mode, size, time, inode), is in a signed record of its own
(`.cache/spare-site.json`). A build takes the spare only if it holds exactly
that; otherwise it deletes it and links a copy of site/ as before. Deleting the
spare (it is a hidden folder beside site/) costs nothing but that copy.
The spare of a full build shares no file with the new site: it costs the disk
of a second site until the next build relinks it.
"""

from __future__ import annotations

import contextlib
import os
import stat
from pathlib import Path

from generator.layout import CACHE_DIR
from generator.site.folders import SPARE, SPARE_PREFIX, WORK, discard, is_build_folder, name_as
from generator.site.incremental import link_copy
from generator.site.state import holds_exactly, read_signed, write_signed

SPARE_FILE = "spare-site.json"
SPARE_HEADER = b"timeline spare site 1 "
SIGNED_AS = "spare site"

Files = dict[str, list[int]]  # generator.site.state.site_files: [mode, size, time, inode]


def keep(root: Path, old: Path | None, files: Files | None) -> None:
    """Keep `old`, the site a swap set aside (holding exactly `files`), as the spare."""
    if old is None or files is None:
        return
    spare = name_as(old, SPARE)
    write_signed(root, SPARE_FILE, SIGNED_AS, SPARE_HEADER, {"folder": spare.name, "files": files})
    for entry in os.scandir(root):  # a spare no build took (after a full build): one is enough
        if entry.name.startswith(SPARE_PREFIX) and entry.name != spare.name:
            path = Path(entry.path)
            if is_build_folder(path, SPARE):
                discard(root, path, SPARE)


def take(root: Path) -> tuple[Path, Files] | None:
    """The spare, renamed as a work folder of this build, and what it holds; None if there
    is none this machine's build kept, or it is not exactly what that build left."""
    record = read_signed(root / CACHE_DIR / SPARE_FILE, SIGNED_AS, SPARE_HEADER)
    with contextlib.suppress(OSError):
        (root / CACHE_DIR / SPARE_FILE).unlink()  # taken, or of no use
    if not isinstance(record, dict) or not isinstance(record.get("folder"), str):
        return None
    name, files = record["folder"], record.get("files")
    path = root / name
    if os.sep in name or not name.startswith(SPARE_PREFIX) or not is_build_folder(path, SPARE):
        return None
    try:
        proven = isinstance(files, dict) and holds_exactly(path, files)
    except OSError:
        proven = False
    if not proven:
        discard(root, path, SPARE)
        return None
    return name_as(path, WORK), files


def linked_copy(root: Path, staging: Path, site: Path, site_holds: Files) -> Path:
    """The build's staging folder (made empty), or the spare in its place, as a linked copy
    of `site`, which holds `site_holds` (proven): the folder to build in."""
    taken = take(root)
    if taken is not None:
        folder, holds = taken
        try:
            bring_up_to_date(folder, holds, site, site_holds)
            staging.rmdir()
            return folder
        except OSError:  # changed since it was proven: a copy, as without it
            discard(root, folder, WORK)
    link_copy(site, staging)
    return staging


def bring_up_to_date(spare: Path, had: Files, site: Path, has: Files) -> None:
    """Make `spare`, holding `had`, hold what `site` holds (`has`), by links to its files."""
    # what site/ no longer has: files before the folders that held them
    for path in sorted((path for path in had if path not in has), reverse=True):
        target = os.path.join(spare, path)
        if path.endswith("/"):
            os.rmdir(target)
        else:
            os.unlink(target)
    for path in sorted(has):  # folders before what they hold
        target, now, before = os.path.join(spare, path), has[path], had.get(path)
        if path.endswith("/"):
            if before is None:
                os.mkdir(target)
            if before is None or before[0] != now[0]:
                os.chmod(target, stat.S_IMODE(now[0]))
        elif before is None or before[3] != now[3]:  # another file than the spare's
            if before is not None:
                os.unlink(target)
            os.link(os.path.join(site, path), target, follow_symlinks=False)
