"""Nothing changed, nothing done, quickly: the check `timeline build` makes before anything else.

A build with nothing to do must finish in well under a second at 10,000
events, Python's start included. The full build's own check
(generator.site.build, with generator.site.inputs.inputs_digest) needs the
settings parsed, every hand-written file read, the generator's code hashed,
the tools' versions looked up and the integrity checks of
generator.site.integrity, and imports most of the generator to do it. This
module imports almost nothing and decides from stamps instead:

- the signed state of the last build (generator.site.state) holds
  `inputs.stamps_digest` as it was when that build started, with the SHA-256
  of the mkdocs.yml it read and its docs_dir and site_dir;
- mkdocs.yml is read and hashed (a few hundred bytes, not parsed), the stamps
  taken again (records, hand-written files, the generator's code, the folders
  Python loads packages from, SOURCE_DATE_EPOCH, git HEAD) and compared;
- site/ must still be, file by file, what that build left (`proven_site`);
- every file in the generated folders of docs_dir must be in the signed
  manifest with the size and time the generator wrote it with, and nothing
  there may be a link, a FIFO or anything but a file or a folder;
- no build folder (`.site-*`, but the spare: generator.site.spare) may be waiting to be
  recovered, and .cache/ and its folders must be plain folders.

When all of that holds, the last build read exactly these inputs, its checks
passed on them, and site/ is what it published: there is nothing to do. Any
doubt (a stamp that differs, a file touched but unchanged, a state from an
older version) is not an error: the full build runs, decides by content, and
keeps the new stamps for the next time.
"""

from __future__ import annotations

import hashlib
import os
import stat
import time
from pathlib import Path

from generator.layout import CACHE_DIR, CONFIG_FILE, GENERATED_ROOTS
from generator.site.folders import SPARE_PREFIX, STAGING_PREFIX, TRASH
from generator.site.inputs import stamps_digest
from generator.site.manifest import MANIFEST, read_manifest, stamp
from generator.site.state import SiteState, proven_site, read_state
from generator.trust import read_regular

MAX_CONFIG_BYTES = 1024 * 1024


def up_to_date_message(site_dir: str, seconds: float) -> str:
    return f"{site_dir}/ is up to date: nothing changed since the last build ({seconds:.2f} s)"


def nothing_changed(root: Path, strict: bool) -> SiteState | None:
    """The last build's state if nothing it read has changed and site/ is its; else None."""
    try:
        state = read_state(root)
        if state is None or not state.stamps or not state.docs_dir or not state.site_dir:
            return None
        if strict and not state.strict:
            return None
        config = read_regular(root / CONFIG_FILE, MAX_CONFIG_BYTES)
        if hashlib.sha256(config).hexdigest() != state.config_sha256:
            return None
        if not _folders_as_left(root):
            return None
        if stamps_digest(root, state.docs_dir) != state.stamps:
            return None
        if proven_site(root, root / state.site_dir, state) is None:
            return None
        if not _generated_as_written(root / state.docs_dir):
            return None
    except (OSError, ValueError):
        return None
    return state


def check(root: Path, strict: bool) -> str | None:
    """The message to print if nothing changed (see `nothing_changed`), else None."""
    started = time.perf_counter()
    state = nothing_changed(root, strict)
    if state is None:
        return None
    return up_to_date_message(state.site_dir, time.perf_counter() - started)


def _folders_as_left(root: Path) -> bool:
    """No build folder to recover at the root (the spare is none); .cache/ and its folders
    plain folders."""
    for name in os.listdir(root):
        if name.startswith(STAGING_PREFIX) and not name.startswith(SPARE_PREFIX):
            return False
    for part in (CACHE_DIR, TRASH):
        try:
            if not stat.S_ISDIR(os.lstat(root / part).st_mode):
                return False
        except FileNotFoundError:
            continue
    return True


def _generated_as_written(docs_dir: Path) -> bool:
    """Whether the generated folders hold exactly the files the manifest lists, as written."""
    manifest = read_manifest(docs_dir)
    if not manifest or not stat.S_ISREG(os.lstat(docs_dir / MANIFEST).st_mode):
        return False
    found = 0
    docs = str(docs_dir)
    pending = []
    for name in GENERATED_ROOTS:
        try:
            status = os.lstat(os.path.join(docs, name))
        except FileNotFoundError:
            continue
        if stat.S_ISDIR(status.st_mode):
            pending.append(name)
        elif not _as_written(manifest, name, status):
            return False
        else:
            found += 1
    while pending:
        folder = pending.pop()
        with os.scandir(os.path.join(docs, folder)) as entries:
            for entry in entries:
                relative = f"{folder}/{entry.name}"
                status = entry.stat(follow_symlinks=False)
                if stat.S_ISDIR(status.st_mode):
                    pending.append(relative)
                elif not _as_written(manifest, relative, status):
                    return False
                else:
                    found += 1
    return found == len(manifest)


def _as_written(manifest: dict, relative: str, status: os.stat_result) -> bool:
    entry = manifest.get(relative)
    return (
        stat.S_ISREG(status.st_mode)
        and isinstance(entry, list)
        and len(entry) == 4
        and stamp(status) == entry[1:3]
    )
