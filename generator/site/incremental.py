"""Incremental builds: start the new site from the published one, rebuild only what changed.

A full build runs MkDocs into an empty staging folder. After one edit, though,
nearly every page would come out as before, so when nothing that every page
depends on has changed, `timeline build` instead:

1. fills the staging folder with hard links to the files of the current site/
   (no data is copied: at 10,000 events that is 11,000 folders and 25,000 links),
   or takes the previous site, kept by the last build, and brings it up to date
   with links to what changed (generator.site.spare);
2. unlinks in staging every file MkDocs is about to write: the output of every
   page whose source differs from the one the current site was built from (by
   SHA-256, whatever the modification times say: tar, `cp -p` and rsync restore
   old ones), of every page or asset whose source is newer than its output (the
   test MkDocs' own `--dirty` applies, and which it applies to the files of the
   theme's custom_dir too), and the 404 page, the sitemap and the theme's static
   templates (`theme.static_templates`: the icon sprite), which it always
   rewrites; so MkDocs writes new files and never writes through a link into
   site/ (a build killed after MkDocs leaves site/ as it was, times included,
   and the next build is still incremental);
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

The state of the current site (`SiteState`, in `.cache/site-state.json`,
generator.site.state) is signed with this user's key (generator.trust) and
names site/ by its inode and change time, and every file in it by size, time
and inode: it is also the proof that site/ is what this machine's build put
there, file for file, which an incremental build and `timeline serve` ask for
before using it.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import subprocess
from functools import cache
from importlib import metadata
from pathlib import Path, PurePosixPath

from generator.layout import address_of
from generator.settings import SiteConfig
from generator.site.state import (
    SiteState,
    proven_site,
    read_state,
    site_files,
    site_identity,
    state_path,
    write_state,
)
from generator.trust import read_regular
from generator.version import generator_version

# the signed state of site/ lives in generator.site.state (light to import, for the
# check that nothing changed); these names stay here for the build
__all__ = [
    "SiteState",
    "proven_site",
    "read_state",
    "site_files",
    "site_identity",
    "state_path",
    "write_state",
]

# files MkDocs writes on every build, dirty or not
ALWAYS_WRITTEN = ("404.html", "sitemap.xml", "sitemap.xml.gz")
TOOLS = ("mkdocs", "mkdocs-material", "pagefind")


@cache  # once a process, as generator_version (importlib.metadata reads folders of files)
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


def theme_files(root: Path, config: SiteConfig) -> tuple[Path | None, tuple[str, ...]]:
    """The theme's custom_dir and static templates, as prepare_staging takes them."""
    theme_dir = root / config.theme_dir if config.theme_dir else None
    return theme_dir, config.static_templates


def prepare_staging(
    staging: Path,
    docs_dir: Path,
    previous: SiteState,
    pages: set[str],
    sources: dict[str, str],
    theme: tuple[Path | None, tuple[str, ...]] = (None, ()),
) -> int:
    """Make the linked copy in `staging` safe for `mkdocs build --dirty`; see steps 2 and 3.

    `sources` holds the SHA-256 of every file under docs_dir now; `theme`, the
    theme's custom_dir and its static templates (generator.settings). Returns how
    many outputs were unlinked for MkDocs to write again.
    """
    remove_outputs(staging, {output_of(gone) for gone in set(previous.pages) - pages})
    theme_dir, static_templates = theme
    for name in (*ALWAYS_WRITTEN, *static_templates):
        with contextlib.suppress(FileNotFoundError):
            (staging / name).unlink()
    stale = 0
    for source, output, path in _copied_files(docs_dir, theme_dir):
        try:
            built = os.path.getmtime(os.path.join(staging, output))
        except OSError:
            continue  # not built yet (or never: excluded files, templates); nothing to unlink
        changed = path is not None and previous.sources.get(path) != sources.get(path)
        if changed or built < os.path.getmtime(source):
            os.unlink(os.path.join(staging, output))
            stale += 1
    return stale


def _copied_files(docs_dir: Path, theme_dir: Path | None):
    """(source file, its output in the site, its path under docs_dir or None) for each file
    MkDocs may write from docs_dir and from the theme's custom_dir (copied to the site's
    root when newer than their output there, as a docs file is)."""
    for top, outputs_of in ((docs_dir, output_of), (theme_dir, str)):
        if top is None or not top.is_dir():
            continue
        base = str(top)
        for folder, subfolders, files in os.walk(base):
            subfolders[:] = [d for d in subfolders if not d.startswith(".")]
            relative = os.path.relpath(folder, base)
            prefix = "" if relative == "." else relative.replace(os.sep, "/") + "/"
            for name in files:
                if not name.startswith("."):
                    path = prefix + name
                    known = path if top is docs_dir else None
                    yield os.path.join(folder, name), outputs_of(path), known
