"""The search index in bundles, a shard per year: each indexed on its own, only when it changed.

Pagefind has no incremental mode, needs memory in proportion to the words it
indexes (900 MB at 10,000 event pages) and takes ten seconds for them. So,
above `search_split_above` events, the pages are split into bundles
(`generator.layout.search_bundles`): one per year, holding that year's event
and timeline pages, and pagefind/site/ holding every page without a year.
Pagefind indexes each bundle on its own (two at a time, one per core), from
a folder of hard links to just that bundle's built pages (so the addresses in
the index are the site's), into its folder under pagefind/; the search dialog
merges them (assets/javascripts/search-engine.js, which reads their list from
search-bundles.json). Only the first bundle keeps Pagefind's script and
WebAssembly, which the dialog loads once for all of them; the others keep
only their index (`KEPT_BY_EVERY_BUNDLE`), and no bundle keeps Pagefind's own
search interfaces, which the site does not use.

Each bundle has a key: the hash of the site's fingerprint and of the key of
every page it indexes. A page without a year (the home page, the timeline's
index, the actor, place and topic pages and their indexes, about, data...)
is keyed by what Pagefind reads of the built page
(generator.site.search_keys: the body elements less what is ignored with
`data-pagefind-ignore="all"`, the title, the filters and metadata, the
language, the address), not by its source: these pages change with every
new event, but only in parts marked `data-pagefind-ignore="all"`. Such a page
whose source did not change since the last build keeps the key that build
kept in the signed site state (`search_keys`, each page's key beside a stamp
of the source it was read from: generator.site.incremental says a page's
output is a function of its source and the fingerprint); only the ones
MkDocs rewrote are read again. Event and year pages are keyed by their
source, as before: their year's bundle changes with any new event of that
year anyway, and reading every one of 10,000 event pages (about half a
millisecond each) would add seconds to a clean build for little.
An incremental build keeps, from the linked copy of the previous site, every
bundle whose key it finds in the previous site's state, and indexes only the
others: after an edit to an event, its year's bundle (and those of the events
whose pages show it); after a new event naming actors, places and topics that
exist, its year's bundle only, since what changes on their pages with each
event (counts, rows, charts, the home page's latest events, the print
footer's date) is marked `data-pagefind-ignore="all"` in the templates; after
an entity's description or name changes, pagefind/site/ too. A clean build
and an incremental one index the same pages into each bundle, and Pagefind
writes the same bytes for the same pages (tests compare them, after a new
event, an edited description and a rename).
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
from collections.abc import Callable, Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from generator.layout import SEARCH_DIR, SearchBundle, year_of_year_page
from generator.site.incremental import output_of
from generator.site.pagefind import SCRIPTS, run_pagefind
from generator.site.search_keys import page_key, stamp


@dataclass
class Shard:
    bundle: SearchBundle
    pages: list[str] = field(default_factory=list)  # under docs_dir
    key: str = ""
    page_keys: dict[str, str] = field(default_factory=dict)  # "stamp:key" by page (search_keys)


# what the search dialog reads of a bundle; the first bundle also keeps SCRIPTS
KEPT_BY_EVERY_BUNDLE = ("pagefind-entry.json", "index", "fragment", "filter")
WASM = re.compile(r"wasm\.[\w-]+\.pagefind")
PARALLEL = 2  # Pagefind uses one core; a rebuild's bundles are indexed two at a time


def plan_shards(
    bundles: list[SearchBundle],
    years: Mapping[str, int],
    sources: Mapping[str, str],
    fingerprint: str,
    site: Path,
    previous: Mapping[str, str],
) -> list[Shard]:
    """Which pages each bundle indexes, and its key.

    `years`: the year of each event page (under docs_dir); `sources`: the
    SHA-256 of every file of docs_dir, by path (the pages are its .md files);
    `site`: the staging folder, with the pages built; `previous`: the search
    keys the previous site's state kept (`search_keys`). A page goes to the
    bundle of its year (an event's, or a timeline page's), else to the first
    bundle. A bundle's key is made of its pages' keys: for a page without a
    year, what Pagefind reads of it (generator.site.search_keys), for the
    others their source.
    """
    shards = [Shard(bundle) for bundle in bundles]
    by_year = {shard.bundle.year: shard for shard in shards if shard.bundle.year is not None}
    yearless = set()
    for page in sorted(path for path in sources if path.endswith(".md")):
        year = years.get(page, year_of_year_page(page))
        if year is None:
            yearless.add(page)
        shards_of_year = by_year.get(year) if year is not None else None
        (shards_of_year or shards[0]).pages.append(page)
    for shard in shards:
        digest = hashlib.sha256(f"{fingerprint}\0{shard.bundle.folder}".encode())
        for page in shard.pages:
            made_from = stamp(fingerprint, page, sources[page])
            key = made_from  # a page with a year: by its source (module docstring)
            if page in yearless:
                shard.page_keys[page] = _page_entry(site, page, made_from, previous)
                key = shard.page_keys[page].partition(":")[2]  # what Pagefind reads of it
            digest.update(f"\0{page}\0{key}".encode("utf-8", "surrogateescape"))
        shard.key = digest.hexdigest()
    return shards


def _page_entry(site: Path, page: str, made_from: str, previous: Mapping[str, str]) -> str:
    """The "stamp:key" of a page: the previous build's if made from the same source, else read."""
    kept = previous.get(page, "")
    if kept.startswith(made_from + ":"):
        return kept
    address = output_of(page)
    try:
        html = (site / address).read_bytes().decode("utf-8", "surrogateescape")
    except FileNotFoundError:  # a page MkDocs leaves out (exclude_docs)
        return f"{made_from}:absent"
    return f"{made_from}:{page_key(address, html)}"


def search_keys(shards: list[Shard]) -> dict[str, str]:
    """What the site's state keeps: each bundle's key by folder, each page's by path."""
    keys = {shard.bundle.folder: shard.key for shard in shards}
    for shard in shards:
        keys.update(shard.page_keys)
    return keys


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


def keep_what_is_read(bundle: Path, first: bool) -> None:
    """Delete from a bundle's folder what the search dialog never loads from it."""
    for entry in os.scandir(bundle):
        name = entry.name
        if name in KEPT_BY_EVERY_BUNDLE or name.endswith(".pf_meta"):
            continue
        if first and (name in SCRIPTS or WASM.fullmatch(name)):
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
    todo = [shard for shard in shards if shard.bundle.folder not in kept]
    first = shards[0].bundle.folder

    def index(shard: Shard) -> int:
        pages = work_folder()
        for page in shard.pages:
            built = site / output_of(page)
            if not built.is_file():
                continue  # a page MkDocs leaves out (exclude_docs)
            link = pages / output_of(page)
            link.parent.mkdir(parents=True, exist_ok=True)
            os.link(built, link)
        output = site / shard.bundle.folder
        code = run_pagefind(pages, output)
        shutil.rmtree(pages, ignore_errors=True)
        if code == 0:
            keep_what_is_read(output, shard.bundle.folder == first)
        return code

    # the largest first, so that the two lanes end together
    todo.sort(key=lambda shard: -len(shard.pages))
    with ThreadPoolExecutor(PARALLEL) as lanes:
        codes = list(lanes.map(index, todo))
    failed = next((code for code in codes if code != 0), 0)
    indexed = [shard.bundle.folder for shard, code in zip(todo, codes, strict=True) if code == 0]
    return failed, sorted(indexed)
