"""The spare site (generator.site.spare): a rebuild starts from the previous site/, made
current, instead of a new linked copy, and only ever from one this machine's build kept as
it was. Each test compares the result with a clean build of the same sources."""

from __future__ import annotations

import os
from pathlib import Path

from generator.site.folders import SPARE_PREFIX
from tests.helpers import GOLDEN_PROJECT, build, copy_project, edit, tree_digest

RECORD = "events/2025/2025-02-03-ministry-responds.yaml"
UNTOUCHED = "about/index.html"  # a page no edit below changes


def spares(root: Path) -> list[Path]:
    return sorted(root.glob(f"{SPARE_PREFIX}*"))


def rebuild_after_an_edit(root: Path, words: str) -> None:
    edit(root, RECORD, "title: ", f"title: {words} ")
    result = build(root)
    assert result.returncode == 0, result.stderr
    assert "built incrementally" in result.stderr


def assert_as_a_clean_build(root: Path, tmp_path: Path, name: str) -> None:
    clean = copy_project(tmp_path / name, records_from=root)
    assert build(clean).returncode == 0
    assert tree_digest(root / "site") == tree_digest(clean / "site")


def test_a_rebuild_starts_from_the_previous_site_made_current(tmp_path: Path) -> None:
    root = copy_project(tmp_path / "project", records_from=GOLDEN_PROJECT)
    assert build(root).returncode == 0
    first = os.lstat(root / "site").st_ino
    page = os.lstat(root / "site" / UNTOUCHED).st_ino
    rebuild_after_an_edit(root, "Once")  # from the site the first build set aside
    (kept,) = spares(root)
    assert os.lstat(kept).st_ino == first, "the site set aside was not kept"
    rebuild_after_an_edit(root, "Twice")
    site = root / "site"
    assert os.lstat(site).st_ino == first, "the rebuild did not start from the spare"
    # made current with links: a page no build rewrote is still the first build's file
    assert os.lstat(site / UNTOUCHED).st_ino == page
    assert "Twice Once" in (site / "events/2025-02-03-ministry-responds/index.html").read_text()
    assert_as_a_clean_build(root, tmp_path, "clean")


def test_a_spare_changed_since_its_build_is_not_used(tmp_path: Path) -> None:
    root = copy_project(tmp_path / "project", records_from=GOLDEN_PROJECT)
    assert build(root).returncode == 0
    rebuild_after_an_edit(root, "Once")
    (kept,) = spares(root)
    # a file replaced (not written through: site/ shares the spare's files) and one added
    page = kept / UNTOUCHED
    page.unlink()
    page.write_text("<p>planted</p>")
    (kept / "planted.html").write_text("<p>planted</p>")
    rebuild_after_an_edit(root, "Twice")
    site = root / "site"
    assert "planted" not in (site / UNTOUCHED).read_text()
    assert not (site / "planted.html").exists()
    assert kept not in spares(root), "the changed spare was kept"
    assert_as_a_clean_build(root, tmp_path, "clean")


def test_a_spare_a_checkout_carries_is_left_alone(tmp_path: Path) -> None:
    root = copy_project(tmp_path / "project", records_from=GOLDEN_PROJECT)
    planted = root / f"{SPARE_PREFIX}1-{'0' * 32}"
    (planted / "about").mkdir(parents=True)
    (planted / UNTOUCHED).write_text("<p>planted</p>")
    result = build(root)
    assert result.returncode == 0, result.stderr
    assert f"left {planted.name} alone" in result.stderr
    rebuild_after_an_edit(root, "Once")
    rebuild_after_an_edit(root, "Twice")
    assert (planted / UNTOUCHED).read_text() == "<p>planted</p>"
    assert "planted" not in (root / "site" / UNTOUCHED).read_text()
    assert_as_a_clean_build(root, tmp_path, "clean")
