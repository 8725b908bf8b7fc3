"""The search index in bundles of whole years (generator.layout.search_bundles,
generator.site.search_index): what each holds, and that only changed bundles are indexed again."""

from __future__ import annotations

import os
from pathlib import Path

from generator.layout import SearchBundle, search_bundles
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
    assert search_bundles({2024: 2, 2025: 5}, 3000) == [SearchBundle("pagefind/", 2024, 2025)]
    assert search_bundles({}, 3000) == [SearchBundle("pagefind/", 0, 0)]
    assert search_bundles({2025: 9000}, 3000) == [SearchBundle("pagefind/", 2025, 2025)]


def test_the_newest_year_alone_and_two_bundles_of_whole_older_years() -> None:
    counts = {2015: 900, 2016: 900, 2017: 900, 2018: 900, 2019: 900, 2020: 1000, 2021: 1000}
    bundles = search_bundles(counts, 3000)
    assert [b.folder for b in bundles] == [
        "pagefind/2015-2018/",
        "pagefind/2019-2020/",
        "pagefind/2021/",
    ]
    assert [(b.first_year, b.last_year) for b in bundles] == [
        (2015, 2018),
        (2019, 2020),
        (2021, 2021),
    ]
    # every year in exactly one bundle, in order
    covered = [y for b in bundles for y in range(b.first_year, b.last_year + 1)]
    assert covered == sorted(counts)
    # one more event in the newest year moves no boundary
    assert search_bundles({**counts, 2021: 1001}, 3000) == bundles
    assert len(search_bundles({2024: 2000, 2025: 2000}, 3000)) == 2


def test_only_the_bundles_whose_pages_changed_are_indexed_again(tmp_path: Path) -> None:
    root = copy_project(tmp_path / "a", records_from=GOLDEN_PROJECT)
    split_search(root, 2)  # the golden project's 7 events, split
    result = build(root)
    assert result.returncode == 0, result.stderr
    search = root / "site" / "pagefind"
    assert sorted(os.listdir(search)) == ["2024", "2025"]
    for bundle in ("2024", "2025"):
        assert (search / bundle / "pagefind.js").is_file()
    inodes = {
        bundle: os.lstat(search / bundle / "pagefind-entry.json").st_ino
        for bundle in ("2024", "2025")
    }
    # the last event of 2025: its page and 2025's pages change, no page of 2024 does
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
