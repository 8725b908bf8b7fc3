"""The search index in bundles of whole years: each one indexed on its own, only when it changed.

Pagefind has no incremental mode, needs memory in proportion to the words it
indexes (900 MB at 10,000 event pages) and takes ten seconds for them. So the
pages are split into bundles (`generator.layout.search_bundles`): each holds
the event pages of whole years, and the newest one also every page without a
year (home, about, actors, places, topics, the timeline). Pagefind indexes
each bundle on its own, one after another, from a folder of hard links to just
that bundle's built pages (so the addresses in the index are the site's), into
its folder under pagefind/; the search dialog searches them all
(assets/javascripts/search-engine.js, which reads their list from
search-bundles.json).

Each bundle has a key: the hash of the site's fingerprint and of the source
of every page it indexes (generator.site.incremental). A page's output is a
function of these, so an incremental build keeps, from the linked copy of the
previous site, every bundle whose key it finds in the previous site's signed
state, and indexes only the others: after one new event, the newest bundle.
A clean build and an incremental one index the same pages into each bundle,
and Pagefind writes the same bytes for the same pages (a test compares them).
"""

from __future__ import annotations

import hashlib
import os
import shutil
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from generator.layout import SEARCH_DIR, SearchBundle
from generator.site.incremental import output_of
from generator.site.pagefind import run_pagefind


@dataclass
class Shard:
    bundle: SearchBundle
    pages: list[str] = field(default_factory=list)  # under docs_dir
    key: str = ""


def plan_shards(
    bundles: list[SearchBundle],
    years: Mapping[str, int],
    sources: Mapping[str, str],
    fingerprint: str,
) -> list[Shard]:
    """Which pages each bundle indexes, and its key.

    `years`: the year of each event page (under docs_dir); `sources`: the
    SHA-256 of every file of docs_dir, by path (the pages are its .md files).
    """
    shards = [Shard(bundle) for bundle in bundles]
    by_year = {}
    for shard in shards:
        for year in range(shard.bundle.first_year, shard.bundle.last_year + 1):
            by_year[year] = shard
    for page in sorted(path for path in sources if path.endswith(".md")):
        year = years.get(page)
        shard = by_year.get(year, shards[-1]) if year is not None else shards[-1]
        shard.pages.append(page)
    for shard in shards:
        digest = hashlib.sha256(f"{fingerprint}\0{shard.bundle.folder}".encode())
        for page in shard.pages:
            digest.update(f"\0{page}\0{sources[page]}".encode("utf-8", "surrogateescape"))
        shard.key = digest.hexdigest()
    return shards


def clear_search_folder(site: Path, kept: set[str]) -> None:
    """Delete under site/pagefind/ all but the bundle folders in `kept` (paths under the site)."""
    top = site / SEARCH_DIR
    if f"{SEARCH_DIR}/" in kept or not top.is_dir():
        return
    for entry in os.scandir(top):
        if f"{SEARCH_DIR}/{entry.name}/" in kept and entry.is_dir(follow_symlinks=False):
            continue
        if entry.is_dir(follow_symlinks=False):
            shutil.rmtree(entry.path)
        else:
            os.unlink(entry.path)


def index_shards(
    site: Path,
    shards: list[Shard],
    previous: Mapping[str, str],
    work_folder: Callable[[], Path],
) -> tuple[int, list[str]]:
    """Index every bundle whose key is not the one in `previous`; (exit code, folders indexed).

    `site` is the staging folder, holding the built pages (and the bundles kept
    from the previous site); `work_folder` makes an empty folder of the build's own.
    """
    kept = {s.bundle.folder for s in shards if previous.get(s.bundle.folder) == s.key}
    clear_search_folder(site, kept)
    indexed = []
    for shard in shards:
        if shard.bundle.folder in kept:
            continue
        pages = work_folder()
        for page in shard.pages:
            built = site / output_of(page)
            if not built.is_file():
                continue  # a page MkDocs leaves out (exclude_docs)
            link = pages / output_of(page)
            link.parent.mkdir(parents=True, exist_ok=True)
            os.link(built, link)
        code = run_pagefind(pages, site / shard.bundle.folder)
        shutil.rmtree(pages, ignore_errors=True)
        if code != 0:
            return code, indexed
        indexed.append(shard.bundle.folder)
    return 0, indexed
