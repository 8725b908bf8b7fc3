"""The preview updated in place: after a save, `timeline serve` renders only the pages that changed.

An incremental build (generator.site.incremental) links a copy of the whole
site into a staging folder and runs `mkdocs build --dirty` in it, which still
walks every page; at 10,000 events both scale with the site, not with the
edit. For serve's rebuilds (generator.site.warm's `Preview` with `defer`), when
the build may start from the current site/ (the signed state proves it is the
last build's, file for file), the build instead:

1. lists the files of docs_dir whose SHA-256 differs from the one the current
   site was built from (`changed_pages`): only pages (`.md`), none deleted;
2. has the warm MkDocs render only those into an empty folder
   (generator.site.mkdocs_pages: every other page is in its files and
   navigation, so these come out as a full build makes them);
3. takes the template whitespace out of them, as every build does;
4. moves them over their old versions in site/ (`publish_in_place`), folder by
   folder as needed, and updates the signed state with what it moved, so that
   site/ is still proven the build's.

The search index, the downloads, the sitemap and the 404 page stay the
previous build's, as with any deferred build: the state keeps no inputs, so
the next build (serve's background one) is not taken for up to date and
brings them all up to date. Anything else (a page deleted, a file that is not a
page, a page MkDocs does not know) returns None: the caller makes the
ordinary incremental build.
"""

from __future__ import annotations

import dataclasses
import os
import stat
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING

from generator.settings import CONFIG_FILE
from generator.site.minify import minify_site
from generator.site.mkdocs_pages import UNKNOWN_PAGES
from generator.site.pagefind import SEARCH_DIR
from generator.site.state import SiteState, site_identity, write_state
from generator.site.warm import DEFERRED_DOWNLOADS, DEFERRED_SEARCH

if TYPE_CHECKING:
    from generator.site.build import _SiteBuild


def changed_pages(
    previous: SiteState, pages: list[str], sources: dict[str, str]
) -> list[str] | None:
    """The files of docs_dir to render again, or None if site/ cannot be updated in place.

    `pages`: the generated pages now; `sources`: the SHA-256 of every file of docs_dir now.
    """
    if set(previous.pages) - set(pages) or set(previous.sources) - set(sources):
        return None  # something deleted: its output would have to go, and links to it
    changed = sorted(path for path, sha in sources.items() if previous.sources.get(path) != sha)
    if any(not path.endswith(".md") for path in changed):
        return None  # copied by MkDocs as a static file: the ordinary build does that
    return changed


def _built_files(folder: Path) -> list[str]:
    found = []
    for here, _, files in os.walk(folder):
        relative = os.path.relpath(here, folder)
        for name in files:
            found.append(name if relative == "." else f"{PurePosixPath(Path(relative))}/{name}")
    return sorted(found)


def _folders_of(path: str) -> list[str]:
    """The folders on the way to `path` in site/, as SiteState names them ('a/', 'a/b/')."""
    parts = PurePosixPath(path).parts[:-1]
    return ["/".join(parts[: end + 1]) + "/" for end in range(len(parts))]


def _entry(status: os.stat_result) -> list[int]:
    return [status.st_mode, status.st_size, status.st_mtime_ns, status.st_ino]


def publish_in_place(
    staging: Path, site: Path, previous: SiteState, pages: list[str], sources: dict[str, str]
) -> SiteState | None:
    """Move the files built into `staging` over site/'s and return site/'s new state.

    None, with nothing moved, if a file would replace anything but a regular file
    of the last build, or go through anything but one of its folders.
    """
    built = _built_files(staging)
    files = previous.files
    for path in built:
        known = files.get(path)
        if known is not None and not stat.S_ISREG(known[0]):
            return None
        for folder in _folders_of(path):
            if folder in files and not stat.S_ISDIR(files[folder][0]):
                return None
    files = dict(files)
    touched: set[str] = set()
    for path in built:
        for folder in _folders_of(path):
            if folder not in files:
                os.mkdir(site / folder)
                files[folder] = []
            touched.add(folder)
        os.replace(staging / path, site / path)
        touched.add(path)
    for path in touched:  # folders too: their times changed with what moved into them
        files[path] = _entry(os.lstat(site / path))
    identity = site_identity(site)
    if identity is None:
        return None
    return dataclasses.replace(
        previous,
        pages=list(pages),
        sources=dict(sources),
        files=files,
        site_inode=identity[0],
        site_ctime_ns=identity[1],
        inputs="",  # deferred work: the next build is not up to date (see the module's notes)
        stamps="",
    )


def update_in_place(build: _SiteBuild) -> bool | None:
    """Steps 1 to 4 for this build; whether it succeeded, None if it cannot (see above)."""
    previous, result, warm = build.previous, build.result, build.preview.mkdocs
    assert previous is not None and warm is not None
    sources = build.sources()
    pages = changed_pages(previous, result.pages, sources)
    if pages is None:
        return None
    config_file = build.root / CONFIG_FILE
    with build.stopwatch.stage("mkdocs"):
        code = warm.run_pages(config_file, build.staging, build.strict, pages) if pages else 0
    if code is None or code == UNKNOWN_PAGES:
        return None
    if code != 0:
        build.failed(f"MkDocs failed (exit {code})")
        return False
    result.incremental = True
    with build.stopwatch.stage("minify"):
        minify_site(build.staging, skip=SEARCH_DIR)
    with build.stopwatch.stage("swap"):
        state = publish_in_place(build.staging, build.site, previous, result.pages, sources)
        if state is None:
            return None
        write_state(build.root, state)
    build.preview.deferred += [DEFERRED_DOWNLOADS, DEFERRED_SEARCH]
    build.preview.in_place, build.preview.state = True, state
    return True
