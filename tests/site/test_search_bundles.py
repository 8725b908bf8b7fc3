"""The search index in bundles of whole years (generator.layout.search_bundles,
generator.site.search_index): what each holds, and that only changed bundles are indexed again."""

from __future__ import annotations

import os
from pathlib import Path

from generator.layout import SearchBundle, search_bundles
from generator.site.incremental import output_of
from generator.site.search_index import plan_shards, search_keys
from tests.helpers import GOLDEN_PROJECT, build, copy_project, edit, tree_digest


def split_search(root: Path, above: int | None) -> None:
    """Set (or, None, remove) extra.search_split_above in the project's mkdocs.yml."""
    config = root / "mkdocs.yml"
    lines = [line for line in config.read_text().splitlines() if "search_split_above" not in line]
    if above is None and lines[-1] == "extra:":  # the one this function added
        lines.pop()
    if above is not None:
        if "extra:" in lines:
            lines.insert(lines.index("extra:") + 1, f"  search_split_above: {above}")
        else:
            lines += ["extra:", f"  search_split_above: {above}"]
    config.write_text("\n".join(lines) + "\n")


def test_one_bundle_for_a_small_site() -> None:
    assert search_bundles({2024: 2, 2025: 5}, 3000) == [SearchBundle("pagefind/", None)]
    assert search_bundles({}, 3000) == [SearchBundle("pagefind/", None)]
    assert search_bundles({2025: 9000}, 3000) == [SearchBundle("pagefind/", None)]


def test_a_bundle_per_year_and_one_of_the_pages_without_a_year() -> None:
    counts = {2015: 900, 2016: 900, 2017: 900, 2018: 900, 2019: 900, 2020: 1000, 2021: 1000}
    bundles = search_bundles(counts, 3000)
    assert bundles == [SearchBundle("pagefind/site/", None)] + [
        SearchBundle(f"pagefind/{year}/", year) for year in counts
    ]
    # a bundle's pages are those of its year, however many events the others hold
    assert search_bundles({**counts, 2021: 5000, 2015: 1}, 3000) == bundles
    newer = search_bundles({**counts, 2022: 1}, 3000)
    assert newer == [*bundles, SearchBundle("pagefind/2022/", 2022)]


def test_a_page_goes_to_the_bundle_of_its_year(tmp_path: Path) -> None:
    bundles = search_bundles({2024: 5, 2025: 5}, 3)
    pages = (
        "index.md",
        "about.md",
        "actors/a.md",
        "events/e24.md",
        "events/e25.md",
        "timeline/index.md",
        "timeline/2024.md",
        "timeline/2025.md",
        "timeline/2025/2.md",
    )
    sources = {path: "0" * 64 for path in (*pages, "assets/x.css")}
    site = tmp_path / "site"
    for page in pages:
        built = site / output_of(page)
        built.parent.mkdir(parents=True, exist_ok=True)
        built.write_text(f"<html lang=en><article data-pagefind-body><h1>{page}</h1></article>")
    years = {"events/e24.md": 2024, "events/e25.md": 2025}
    shards = plan_shards(bundles, years, sources, "fingerprint", site, {})
    assert [shard.pages for shard in shards] == [
        ["about.md", "actors/a.md", "index.md", "timeline/index.md"],
        ["events/e24.md", "timeline/2024.md"],
        ["events/e25.md", "timeline/2025.md", "timeline/2025/2.md"],
    ]
    assert len({shard.key for shard in shards}) == 3
    kept = search_keys(shards)
    assert set(kept) == {bundle.folder for bundle in bundles} | set(shards[0].pages)
    # a page without a year rewritten from a new source, what Pagefind reads of it
    # unchanged: the same key
    changed = {**sources, "actors/a.md": "1" * 64}
    again = plan_shards(bundles, years, changed, "fingerprint", site, kept)
    assert [a.key for a in again] == [a.key for a in shards]
    assert again[0].page_keys["actors/a.md"] != kept["actors/a.md"]  # read again
    # what it reads changed: its bundle's key only
    (site / output_of("actors/a.md")).write_text("<article data-pagefind-body>Other")
    again = plan_shards(bundles, years, changed, "fingerprint", site, kept)
    assert [a.key == b.key for a, b in zip(shards, again, strict=True)] == [False, True, True]
    # a page whose source did not change keeps the key the previous build read
    again = plan_shards(bundles, years, sources, "fingerprint", site, kept)
    assert [a.key for a in again] == [a.key for a in shards]
    # an event's page is keyed by its source
    again = plan_shards(bundles, years, {**sources, "events/e25.md": "1" * 64}, "fingerprint",
                        site, kept)  # fmt: skip
    assert [a.key == b.key for a, b in zip(shards, again, strict=True)] == [True, True, False]


def test_only_the_bundles_whose_pages_changed_are_indexed_again(tmp_path: Path) -> None:
    root = copy_project(tmp_path / "a", records_from=GOLDEN_PROJECT)
    split_search(root, 2)  # the golden project's 7 events, split
    result = build(root)
    assert result.returncode == 0, result.stderr
    search = root / "site" / "pagefind"
    assert sorted(os.listdir(search)) == ["2024", "2025", "site"]
    assert (search / "site" / "pagefind.js").is_file()
    for bundle in ("2024", "2025"):
        assert (search / bundle / "pagefind-entry.json").is_file()
        assert not (search / bundle / "pagefind.js").exists()
    inodes = {
        bundle: os.lstat(search / bundle / "pagefind-entry.json").st_ino
        for bundle in ("2024", "2025")
    }
    # the last event of 2025: its page and 2025's pages change (and the home page, which
    # shows it, in site/), no page of 2024 does
    edit(root, "events/2025/2025-03-01-monitoring-mission.yaml", "summary: ", "summary: Edited. ")
    result = build(root)
    assert result.returncode == 0, result.stderr
    assert "built incrementally" in result.stderr
    assert os.lstat(search / "2024" / "pagefind-entry.json").st_ino == inodes["2024"]
    assert os.lstat(search / "2025" / "pagefind-entry.json").st_ino != inodes["2025"]
    # the same index as a clean build of the same records
    clean = copy_project(tmp_path / "b", records_from=root)
    split_search(clean, 2)
    assert build(clean).returncode == 0
    assert tree_digest(search) == tree_digest(clean / "site" / "pagefind")
    # and back to one bundle: nothing of the split is left
    split_search(root, None)
    result = build(root)
    assert result.returncode == 0, result.stderr
    assert (search / "pagefind.js").is_file() and not (search / "2024").exists()


NEW_EVENT = """title: A second monitoring report
date: 2025-03-02
status: confirmed
summary: The mission's second report named the ministry again.
actors: [ministry-of-tests]
places: [ruritania]
tags: [monitoring]
sources:
  - url: https://example.org/ministry/report-2
    publisher: Ministry of Tests
    title: Second report
"""


def inode_of(search: Path, bundle: str) -> int:
    return os.lstat(search / bundle / "pagefind-entry.json").st_ino


def same_as_a_clean_build(root: Path, folder: Path) -> None:
    """The incremental build's pagefind/ is byte for byte a clean build's of the same records."""
    clean = copy_project(folder, records_from=root)
    split_search(clean, 2)
    result = build(clean)
    assert result.returncode == 0, result.stderr
    assert tree_digest(root / "site" / "pagefind") == tree_digest(clean / "site" / "pagefind")


def test_the_site_bundle_is_indexed_again_only_when_what_search_reads_of_it_changes(
    tmp_path: Path,
) -> None:
    root = copy_project(tmp_path / "a", records_from=GOLDEN_PROJECT)
    split_search(root, 2)
    assert build(root).returncode == 0
    search = root / "site" / "pagefind"
    before = {bundle: inode_of(search, bundle) for bundle in ("site", "2024", "2025")}
    ministry = root / "site" / "actors" / "ministry-of-tests" / "index.html"
    page_before = (os.lstat(ministry).st_ino, ministry.read_text())
    # a new event naming an actor, a place and a topic that exist: their pages, the home page
    # and the timeline's are rewritten, but only in what search ignores (counts, rows)
    (root / "events/2025/2025-03-02-second-report.yaml").write_text(NEW_EVENT)
    result = build(root)
    assert result.returncode == 0, result.stderr
    assert "built incrementally" in result.stderr
    assert os.lstat(ministry).st_ino != page_before[0]  # rewritten,
    assert ministry.read_text() != page_before[1]  # with its count and rows
    assert inode_of(search, "site") == before["site"]
    assert inode_of(search, "2024") == before["2024"]
    assert inode_of(search, "2025") != before["2025"]
    same_as_a_clean_build(root, tmp_path / "b")
    # an entity's description: what search reads of its page, so the site bundle
    edit(root, "entities/ministry-of-tests.yaml", "summary: ", "summary: Renamed office. ")
    result = build(root)
    assert result.returncode == 0, result.stderr
    assert inode_of(search, "site") != before["site"]
    assert inode_of(search, "2024") == before["2024"]
    same_as_a_clean_build(root, tmp_path / "c")
    # a rename: its page and every page that names it (the events', the timeline's)
    renamed = {bundle: inode_of(search, bundle) for bundle in ("site", "2024", "2025")}
    edit(root, "entities/alice-example.yaml", "name: Alice Example", "name: Alicia Example")
    result = build(root)
    assert result.returncode == 0, result.stderr
    assert all(inode_of(search, bundle) != renamed[bundle] for bundle in renamed)
    same_as_a_clean_build(root, tmp_path / "d")
