"""The signed state of site/: what the build that made it read, and every file it left there.

`SiteState` is kept in `.cache/site-state.json`, signed with this user's key
(generator.trust), by each build that puts a site in place
(generator.site.build). It names site/ by its inode and change time and every
file in it by mode, size, time and inode (`site_files`): `proven_site` is the
proof that site/ is what this machine's build put there, file for file, which
an incremental build, `timeline serve` and the check that nothing changed
(generator.site.nochange) ask for before using it. This module imports
little: `timeline build` with nothing to do reads it before anything else.
"""

from __future__ import annotations

import contextlib
import json
import os
import stat
from collections.abc import Iterator
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

from generator.atomic import write_atomically
from generator.layout import CACHE_DIR
from generator.trust import plain_folder_under, read_regular, sign

STATE_FILE = "site-state.json"
MAX_STATE_BYTES = 256 * 1024 * 1024
STATE_HEADER = b"timeline site state 1 "
SIGNED_AS = "site state"


@dataclass
class SiteState:
    """What the build that made the current site/ was made from."""

    fingerprint: str
    strict: bool
    pages: list[str] = field(default_factory=list)  # generated pages, under docs_dir
    downloads: list[str] = field(default_factory=list)  # exports, under the site root
    site_inode: int = 0  # site/ as the build left it
    site_ctime_ns: int = 0
    sources: dict[str, str] = field(default_factory=dict)  # SHA-256 of each file of docs_dir
    files: dict[str, list[int]] = field(default_factory=dict)  # what site/ holds: site_files
    inputs: str = ""  # generator.site.inputs.inputs_digest of what the build read
    download_keys: dict[str, str] = field(default_factory=dict)  # generate.Downloads.keys
    # search_index.search_keys: each bundle's key by folder, "stamp:key" of each page without
    # a year by path
    search_keys: dict[str, str] = field(default_factory=dict)
    # for generator.site.nochange: inputs.stamps_digest when the build started, the SHA-256
    # of the mkdocs.yml it read, and its docs_dir and site_dir
    stamps: str = ""
    config_sha256: str = ""
    docs_dir: str = ""
    site_dir: str = ""


def state_path(root: Path) -> Path:
    return root / CACHE_DIR / STATE_FILE


def read_state(root: Path) -> SiteState | None:
    """The state the last build wrote, if this user's key signed it."""
    values = read_signed(state_path(root), SIGNED_AS, STATE_HEADER)
    try:
        return SiteState(**values) if isinstance(values, dict) else None
    except TypeError:  # signed by another version of the generator
        return None


def write_state(root: Path, state: SiteState) -> None:
    # the fields as they are (dataclasses.asdict copies every list and dict of them first:
    # a second at 10,000 events)
    values = {name.name: getattr(state, name.name) for name in fields(state)}
    write_signed(root, STATE_FILE, SIGNED_AS, STATE_HEADER, values)


def read_signed(path: Path, purpose: str, header: bytes) -> Any:
    """The JSON value of a file write_signed wrote for `purpose`, if this user's key signed it."""
    try:
        signed = read_regular(path, MAX_STATE_BYTES)
        first, _, body = signed.partition(b"\n")
        expected = sign(purpose, body)
        if expected is None or first != header + expected.hex().encode():
            return None
        return json.loads(body)
    except (OSError, ValueError, RecursionError):  # a file a checkout can carry
        return None


def write_signed(root: Path, name: str, purpose: str, header: bytes, value: Any) -> None:
    """Put `value` as JSON in .cache/`name`, signed for `purpose` (nothing if it cannot)."""
    body = json.dumps(value, separators=(",", ":")).encode()
    signature = sign(purpose, body)
    folder = plain_folder_under(root, CACHE_DIR, create=True)
    if signature is None or folder is None:
        return
    with contextlib.suppress(OSError):  # without it the next build does without
        write_atomically(folder / name, header + signature.hex().encode() + b"\n" + body)


def site_identity(site: Path) -> tuple[int, int] | None:
    """(inode, change time) of site/ if it is a real folder, for SiteState."""
    try:
        status = os.lstat(site)
    except OSError:
        return None
    if not stat.S_ISDIR(status.st_mode):
        return None
    return status.st_ino, status.st_ctime_ns


def site_files(site: Path, within: str = "", skip: str | None = None) -> dict[str, list[int]]:
    """Every entry under site/, links not followed: [mode, size, time, inode], by path.

    Folders end with '/'. Checking out a branch that commits a file under site/
    (git-ignored, so `git add -f`) replaces or adds a file without touching
    site/ itself, so the state keeps this, and site/ is the build's only if it
    still holds exactly this (and an incremental build only then starts from
    it: a file deleted or changed there would otherwise stay so). `within`
    walks one folder of site/ only, `skip` leaves one out ('pagefind/').
    """
    found: dict[str, list[int]] = {}
    if within:
        status = os.lstat(os.path.join(site, within))
        found[within] = [status.st_mode, status.st_size, status.st_mtime_ns, status.st_ino]
    for path, status in _walk(site, within, skip):
        found[path] = [status.st_mode, status.st_size, status.st_mtime_ns, status.st_ino]
    return found


def _walk(site: Path, within: str = "", skip: str | None = None) -> Iterator[tuple[str, Any]]:
    """(path, lstat result) of every entry under `within` in site/, folders ending in '/'."""
    pending = [within]
    while pending:
        folder = pending.pop()
        with os.scandir(os.path.join(site, folder)) as entries:
            for entry in entries:
                status = entry.stat(follow_symlinks=False)
                path = folder + entry.name
                if stat.S_ISDIR(status.st_mode):
                    path += "/"
                    if path == skip:
                        continue
                    pending.append(path)
                yield path, status


def proven_site(root: Path, site: Path, state: SiteState | None = None) -> SiteState | None:
    """The state of site/ if a build on this machine put this very folder there, as it is.

    `state`: the one read_state gave, if the caller has it already.
    """
    state = read_state(root) if state is None else state
    if state is None or site_identity(site) != (state.site_inode, state.site_ctime_ns):
        return None
    try:
        return state if holds_exactly(site, state.files) else None
    except OSError:
        return None


def state_of_this_site(root: Path, site: Path) -> SiteState | None:
    """The state the last build wrote, if it names this very site/ folder (inode and change
    time), without proving every file: enough for serve to serve from, which compares each
    file with it as it opens it, not for a build to start from (proven_site)."""
    state = read_state(root)
    if state is None or site_identity(site) != (state.site_inode, state.site_ctime_ns):
        return None
    return state


def holds_exactly(site: Path, files: dict[str, list[int]]) -> bool:
    """Whether `site_files(site)` would be `files`: compared entry by entry as the walk goes,
    stopping at the first difference (nothing built for 36,000 entries at 10,000 events)."""
    seen = 0
    for path, status in _walk(site):
        known = files.get(path)
        if (
            known is None
            or known[0] != status.st_mode
            or known[1] != status.st_size
            or known[2] != status.st_mtime_ns
            or known[3] != status.st_ino
        ):
            return False
        seen += 1
    return seen == len(files)
