"""Incremental builds: start the new site from the published one, rebuild only what changed.

A full build runs MkDocs into an empty staging folder. After one edit, though,
nearly every page would come out as before, so when nothing that every page
depends on has changed, `timeline build` instead:

1. fills the staging folder with hard links to the files of the current site/
   (no data is copied: at 10,000 events that is 11,000 folders and 25,000 links);
2. unlinks in staging every file MkDocs is about to write: the output of every
   page whose source differs from the one the current site was built from (by
   SHA-256, whatever the modification times say: tar, `cp -p` and rsync restore
   old ones), of every page or asset whose source is newer than its output (the
   test MkDocs' own `--dirty` applies), and the 404 page and sitemap, which it
   always rewrites; so MkDocs writes new files and never writes through a link
   into site/;
3. removes the outputs of generated pages and downloads that are gone (and the
   folders they leave empty); the bundles of the search index whose pages
   changed are removed before Pagefind writes them anew
   (generator.site.search_index), and the downloads that changed are replaced,
   by renames, after MkDocs;
4. runs `mkdocs build --dirty` into staging, which renders only the pages whose
   output step 2 removed;
5. and, as for a full build, adds the downloads, indexes for search and swaps
   staging into place. If anything fails, site/ is as it was.

What every page depends on (`fingerprint`): the generator's version, the
versions of MkDocs, Material and Pagefind, mkdocs.yml, and the hand-written files
under docs_dir (the contents of those that are not pages, such as theme
overrides and stylesheets, and of pages whose title the navigation shows; the
names of the pages). When any of it changed, when the previous build was not
`--strict` and this one is, when mkdocs.yml names plugins, hooks or extra
templates (which may write files of their own), or when site/ is not the folder
the last build left, the build is a full one; `timeline build --clean` always is.

The state of the current site (`SiteState`, in `.cache/site-state.json`) is
signed with this user's key (generator.trust) and names site/ by its inode and
change time, and every file in it by size, time and inode: it is also the proof
that site/ is what this machine's build put there, file for file, which an
incremental build and `timeline serve` ask for before using it.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import shutil
import stat
import subprocess
from dataclasses import asdict, dataclass, field
from importlib import metadata
from pathlib import Path, PurePosixPath

from generator.atomic import write_atomically
from generator.layout import address_of
from generator.records.cache import CACHE_DIR
from generator.settings import SiteConfig
from generator.site.pagefind import SEARCH_DIR
from generator.trust import plain_folder_under, read_regular, sign
from generator.version import generator_version

STATE_FILE = "site-state.json"
MAX_STATE_BYTES = 256 * 1024 * 1024
STATE_HEADER = b"timeline site state 1 "
SIGNED_AS = "site state"
# files MkDocs writes on every build, dirty or not
ALWAYS_WRITTEN = ("404.html", "sitemap.xml", "sitemap.xml.gz")
TOOLS = ("mkdocs", "mkdocs-material", "pagefind")


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
    search_keys: dict[str, str] = field(default_factory=dict)  # search_index.Shard.key, by folder


def state_path(root: Path) -> Path:
    return root / CACHE_DIR / STATE_FILE


def read_state(root: Path) -> SiteState | None:
    """The state the last build wrote, if this user's key signed it."""
    try:
        signed = read_regular(state_path(root), MAX_STATE_BYTES)
        header, _, body = signed.partition(b"\n")
        expected = sign(SIGNED_AS, body)
        if expected is None or header != STATE_HEADER + expected.hex().encode():
            return None
        return SiteState(**json.loads(body))
    except (OSError, ValueError, TypeError, RecursionError):  # a file a checkout can carry
        return None


def write_state(root: Path, state: SiteState) -> None:
    body = json.dumps(asdict(state), separators=(",", ":")).encode()
    signature = sign(SIGNED_AS, body)
    folder = plain_folder_under(root, CACHE_DIR, create=True)
    if signature is None or folder is None:
        return
    with contextlib.suppress(OSError):  # without it the next build is a full one
        data = STATE_HEADER + signature.hex().encode() + b"\n" + body
        write_atomically(folder / STATE_FILE, data)


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
                found[path] = [status.st_mode, status.st_size, status.st_mtime_ns, status.st_ino]
    return found


def proven_site(root: Path, site: Path) -> SiteState | None:
    """The state of site/ if a build on this machine put this very folder there, as it is."""
    state = read_state(root)
    if state is None or site_identity(site) != (state.site_inode, state.site_ctime_ns):
        return None
    try:
        found = site_files(site)
    except OSError:
        return None
    return state if found == state.files else None


def _versions() -> str:
    found = []
    for tool in TOOLS:
        try:
            found.append(f"{tool} {metadata.version(tool)}")
        except metadata.PackageNotFoundError:
            found.append(f"{tool} -")
    return ", ".join(found)


def allows_incremental(config: SiteConfig) -> bool:
    """False when mkdocs.yml asks for plugins, hooks or extra templates."""
    return not config.build_extensions


def hand_written(docs_dir: Path, generated_roots: tuple[str, ...]) -> dict[str, str]:
    """The SHA-256 of every hand-written file under docs_dir that MkDocs reads, by path.

    `generated_roots` are the top-level names under docs_dir that hold only
    generated files (generator.layout.GENERATED_ROOTS): the rest is hand-written.
    Names that start with a dot are left out, as MkDocs leaves them out.
    """
    found = {}
    for folder, subfolders, files in os.walk(docs_dir):
        relative = os.path.relpath(folder, docs_dir)
        subfolders[:] = [
            d
            for d in subfolders
            if not d.startswith(".") and not (relative == "." and d in generated_roots)
        ]
        for name in files:
            if name.startswith(".") or (relative == "." and name in generated_roots):
                continue
            path = name if relative == "." else f"{PurePosixPath(Path(relative))}/{name}"
            found[path] = hashlib.sha256(read_regular(os.path.join(folder, name))).hexdigest()
    return found


def fingerprint(config: SiteConfig, hand_written_files: dict[str, str]) -> str:
    """A hash of everything every page depends on; see the module's notes."""
    digest = hashlib.sha256(f"{generator_version()}\0{_versions()}\0".encode())
    digest.update(config.sha256.encode())  # of mkdocs.yml
    shown = config.nav_untitled
    for path, content in sorted(hand_written_files.items()):
        digest.update(b"\0" + path.encode("utf-8", "surrogateescape"))
        if not path.endswith(".md") or shown is None or path in shown:
            digest.update(content.encode())
    return digest.hexdigest()


def link_copy(source: Path, target: Path) -> None:
    """Fill the (empty) folder `target` with hard links to every file under `source`."""
    try:
        subprocess.run(
            ["cp", "-al", f"{source}/.", str(target)],
            check=True,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        return
    except (OSError, subprocess.CalledProcessError):
        pass  # no GNU cp: do it here
    for folder, subfolders, files in os.walk(source):
        here = target / os.path.relpath(folder, source)
        here.mkdir(exist_ok=True)
        for name in subfolders:
            (here / name).mkdir(exist_ok=True)
        for name in files:
            os.link(os.path.join(folder, name), here / name, follow_symlinks=False)


def output_of(path: str) -> str:
    """Where MkDocs (with use_directory_urls) writes the output of a file under docs_dir."""
    if path.endswith(".md"):
        return address_of(path) + "index.html"
    return path


def remove_outputs(staging: Path, paths: set[str]) -> None:
    """Unlink these files of staging, and the folders they leave empty, as a clean build has."""
    for path in sorted(paths):
        file = staging / path
        with contextlib.suppress(FileNotFoundError):
            file.unlink()
        folder = file.parent
        while folder != staging and staging in folder.parents:
            try:
                folder.rmdir()
            except OSError:
                break
            folder = folder.parent


def prepare_staging(
    staging: Path,
    docs_dir: Path,
    previous: SiteState,
    pages: set[str],
    sources: dict[str, str],
) -> int:
    """Make the linked copy in `staging` safe for `mkdocs build --dirty`; see steps 2 and 3.

    `sources` holds the SHA-256 of every file under docs_dir now. Returns how
    many outputs were unlinked for MkDocs to write again.
    """
    remove_outputs(staging, {output_of(gone) for gone in set(previous.pages) - pages})
    for name in ALWAYS_WRITTEN:
        with contextlib.suppress(FileNotFoundError):
            (staging / name).unlink()
    stale = 0
    docs = str(docs_dir)
    for folder, subfolders, files in os.walk(docs):
        subfolders[:] = [d for d in subfolders if not d.startswith(".")]
        relative = os.path.relpath(folder, docs)
        prefix = "" if relative == "." else relative.replace(os.sep, "/") + "/"
        for name in files:
            if name.startswith("."):
                continue
            output = os.path.join(staging, output_of(prefix + name))
            try:
                built = os.path.getmtime(output)
            except OSError:
                continue  # not built yet (or never: excluded files); nothing to unlink
            path = prefix + name
            changed = previous.sources.get(path) != sources.get(path)
            if changed or built < os.path.getmtime(os.path.join(folder, name)):
                os.unlink(output)
                stale += 1
    return stale
