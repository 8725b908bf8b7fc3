"""Incremental builds: start the new site from the published one, rebuild only what changed.

A full build runs MkDocs into an empty staging folder. After one edit, though,
nearly every page would come out as before, so when nothing that every page
depends on has changed, `timeline build` instead:

1. fills the staging folder with hard links to the files of the current site/
   (no data is copied: at 10,000 events that is 11,000 folders and 25,000 links);
2. unlinks in staging every file MkDocs is about to write: the output of every
   page or asset whose source is newer than its output (the test MkDocs' own
   `--dirty` applies), and the 404 page and sitemap, which it always rewrites;
   so MkDocs writes new files and never writes through a link into site/;
3. removes the outputs of generated pages and downloads that are gone, and the
   search index, which Pagefind writes anew over all of the built pages (the
   downloads are all replaced, by renames, after MkDocs);
4. runs `mkdocs build --dirty` into staging, which renders only the pages whose
   source the write stage changed (it writes a page only when its text changed);
5. and, as for a full build, adds the downloads, indexes for search and swaps
   staging into place. If anything fails, site/ is as it was.

What every page depends on (`Fingerprint`): the generator's version, the
versions of MkDocs, Material and Pagefind, mkdocs.yml, and the hand-written files
under docs_dir (the contents of those that are not pages, such as theme
overrides and stylesheets; the names of the pages). When any of it changed,
when the previous build was not `--strict` and this one is, when mkdocs.yml
names plugins, hooks or extra templates (which may write files of their own),
or when site/ is not the folder the last build left, the build is a full one;
`timeline build --clean` always is.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import shutil
import subprocess
import time
from dataclasses import asdict, dataclass, field
from importlib import metadata
from pathlib import Path, PurePosixPath

import yaml

from generator.record_cache import CACHE_DIR, generator_version
from generator.urls import address_of

STATE_FILE = "site-state.json"
TRASH_DIR = "trash"
# files MkDocs writes on every build, dirty or not
ALWAYS_WRITTEN = ("404.html", "sitemap.xml", "sitemap.xml.gz")
SEARCH_DIR = "pagefind"
TOOLS = ("mkdocs", "mkdocs-material", "pagefind")
# settings under which a page's output may depend on more than its own source
UNSAFE_SETTINGS = ("plugins", "hooks", "extra_templates")


@dataclass
class SiteState:
    """What the build that made the current site/ was made from."""

    fingerprint: str
    strict: bool
    pages: list[str] = field(default_factory=list)  # generated pages, under docs_dir
    downloads: list[str] = field(default_factory=list)  # exports, under the site root
    site_inode: int = 0


def state_path(root: Path) -> Path:
    return root / CACHE_DIR / STATE_FILE


def read_state(root: Path) -> SiteState | None:
    try:
        return SiteState(**json.loads(state_path(root).read_text(encoding="utf-8")))
    except (OSError, ValueError, TypeError, RecursionError):  # a file a checkout can carry
        return None


def write_state(root: Path, state: SiteState) -> None:
    target = state_path(root)
    with contextlib.suppress(OSError):
        target.parent.mkdir(parents=True, exist_ok=True)
        temporary = target.with_name(f".{target.name}.{os.getpid()}")
        temporary.write_text(json.dumps(asdict(state)), encoding="utf-8")
        os.replace(temporary, target)


def forget_state(root: Path) -> None:
    with contextlib.suppress(OSError):
        state_path(root).unlink()


def _versions() -> str:
    found = []
    for tool in TOOLS:
        try:
            found.append(f"{tool} {metadata.version(tool)}")
        except metadata.PackageNotFoundError:
            found.append(f"{tool} -")
    return ", ".join(found)


class _AnyTagLoader(yaml.SafeLoader):
    """Reads mkdocs.yml with Material's !!python/name: tags as plain values."""


_AnyTagLoader.add_multi_constructor("", lambda loader, suffix, node: None)


def allows_incremental(config_file: Path) -> bool:
    """False when mkdocs.yml asks for plugins, hooks or extra templates."""
    try:
        settings = yaml.load(config_file.read_text(encoding="utf-8"), Loader=_AnyTagLoader)
    except (OSError, yaml.YAMLError):
        return False
    return isinstance(settings, dict) and not any(settings.get(k) for k in UNSAFE_SETTINGS)


def fingerprint(config_file: Path, docs_dir: Path, generated_roots: tuple[str, ...]) -> str:
    """A hash of everything every page depends on; see the module's notes.

    `generated_roots` are the top-level names under docs_dir that hold only
    generated files (generator.render.GENERATED_ROOTS): the rest is hand-written.
    """
    digest = hashlib.sha256(f"{generator_version()}\0{_versions()}\0".encode())
    digest.update(config_file.read_bytes())
    for path in sorted(_hand_written(docs_dir, generated_roots)):
        digest.update(b"\0" + path.encode())
        if not path.endswith(".md"):
            digest.update(hashlib.sha256((docs_dir / path).read_bytes()).digest())
    return digest.hexdigest()


def _hand_written(docs_dir: Path, generated_roots: tuple[str, ...]) -> list[str]:
    found = []
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
            found.append(name if relative == "." else f"{PurePosixPath(Path(relative))}/{name}")
    return found


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


def _output_of(path: str) -> str:
    """Where MkDocs (with use_directory_urls) writes the output of a file under docs_dir."""
    if path.endswith(".md"):
        return address_of(path) + "index.html"
    return path


def _unlink(file: Path) -> None:
    with contextlib.suppress(FileNotFoundError):
        file.unlink()


def prepare_staging(
    staging: Path,
    docs_dir: Path,
    previous: SiteState,
    pages: set[str],
) -> int:
    """Make the linked copy in `staging` safe for `mkdocs build --dirty`; see steps 2 and 3.

    Returns how many outputs were unlinked for MkDocs to write again.
    """
    shutil.rmtree(staging / SEARCH_DIR, ignore_errors=True)
    for gone in set(previous.pages) - pages:
        output = staging / _output_of(gone)
        _unlink(output)
        with contextlib.suppress(OSError):
            output.parent.rmdir()  # empty unless a download (a feed) shares it
    for name in ALWAYS_WRITTEN:
        _unlink(staging / name)
    stale = 0
    docs = str(docs_dir)
    for folder, subfolders, files in os.walk(docs):
        subfolders[:] = [d for d in subfolders if not d.startswith(".")]
        relative = os.path.relpath(folder, docs)
        prefix = "" if relative == "." else relative.replace(os.sep, "/") + "/"
        for name in files:
            if name.startswith("."):
                continue
            output = os.path.join(staging, _output_of(prefix + name))
            try:
                built = os.path.getmtime(output)
            except OSError:
                continue  # not built yet (or never: excluded files); nothing to unlink
            if built < os.path.getmtime(os.path.join(folder, name)):
                os.unlink(output)
                stale += 1
    return stale


def discard(folder: Path, cache_dir: Path) -> None:
    """Delete a folder (the previous site) without making the build wait for it.

    At 10,000 events the previous site is 25,000 files, which take seconds to
    delete; the new site is already in place, so the folder is moved into
    .cache/trash/ and deleted by a detached `rm -rf`. Whatever that leaves, for
    instance if the machine stops, the next build deletes.
    """
    trash = cache_dir / TRASH_DIR
    try:
        trash.mkdir(parents=True, exist_ok=True)
        target = trash / f"{os.getpid()}-{time.monotonic_ns()}"
        folder.rename(target)
    except OSError:
        shutil.rmtree(folder, ignore_errors=True)
        return
    _delete_in_background(target)


def discard_leftovers(cache_dir: Path) -> None:
    """Delete what earlier builds left in .cache/trash/ (in the background)."""
    trash = cache_dir / TRASH_DIR
    with contextlib.suppress(OSError):
        for folder in trash.iterdir():
            if folder.is_dir() and not folder.is_symlink():
                _delete_in_background(folder)


def _delete_in_background(folder: Path) -> None:
    if shutil.which("rm") is None:
        shutil.rmtree(folder, ignore_errors=True)
        return
    subprocess.Popen(
        ["rm", "-rf", "--", str(folder)],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
