"""generator.site.integrity: what a build refuses before it starts, said where it is."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from generator.settings import read_site_config
from generator.site import integrity


def project(tmp_path: Path, settings: str = "") -> Path:
    (tmp_path / "events").mkdir()
    (tmp_path / "site_src").mkdir()
    (tmp_path / "mkdocs.yml").write_text(f"site_name: X\ndocs_dir: site_src\n{settings}")
    return tmp_path


def problems(root: Path) -> list[str]:
    found = integrity.project_problems(root, read_site_config(root))
    return [f"{d.path}:{d.line}:{d.col}: {d.code}: {d.message}" for d in found]


def test_a_plain_project_has_no_problems(tmp_path: Path) -> None:
    root = project(tmp_path, "site_dir: public\n")
    assert problems(root) == []
    assert integrity.site_problems(root) == []


@pytest.mark.parametrize("docs_dir", ["../elsewhere", "/tmp", "events", ".git", "mkdocs.yml"])
def test_docs_dir_is_refused_at_its_line(tmp_path: Path, docs_dir: str) -> None:
    root = project(tmp_path)
    (root / "mkdocs.yml").write_text(f"site_name: X\n\ndocs_dir: {docs_dir}\n")
    assert problems(root) == [
        f"mkdocs.yml:3:11: docs-dir: docs_dir '{docs_dir}' is not a folder of its own inside "
        "the project; the generator writes its pages there"
    ]


def test_docs_dir_may_not_be_site_dir(tmp_path: Path) -> None:
    root = project(tmp_path, "site_dir: site_src\n")
    assert [p.split(": ")[1] for p in problems(root)] == ["docs-dir"]


@pytest.mark.parametrize("site_dir", ["out/site", ".site", "..", "events", "entities", "a\\b"])
def test_site_dir_must_be_a_name_of_its_own_at_the_root(tmp_path: Path, site_dir: str) -> None:
    root = project(tmp_path, f"site_dir: '{site_dir}'\n")
    assert problems(root) == [
        f"mkdocs.yml:3:11: site-dir: site_dir '{site_dir}' is not a folder name of its own at "
        "the project root (such as 'site'); each build replaces that folder with the new site"
    ]


def test_docs_dir_that_is_a_link_or_a_file(tmp_path: Path) -> None:
    root = project(tmp_path)
    os.rmdir(root / "site_src")
    (root / "site_src").symlink_to(tmp_path.parent)
    assert problems(root) == [
        "site_src:1:1: symlink: symbolic links are not allowed in the project: MkDocs would "
        "publish what the link points to; replace it with the real folder"
    ]
    (root / "site_src").unlink()
    (root / "site_src").write_text("x\n")
    assert problems(root) == ["site_src:1:1: not-a-folder: a file, where docs_dir must be"]


def test_a_cache_that_is_a_file(tmp_path: Path) -> None:
    root = project(tmp_path)
    (root / ".cache").write_text("x\n")
    assert problems(root) == [
        ".cache:1:1: cache-folder: a file where the build keeps its caches (a checkout may not "
        "carry .cache/: it is git-ignored); delete it"
    ]


def test_config_problems_before_anything_reads_it(tmp_path: Path) -> None:
    assert [d.code for d in integrity.config_problems(tmp_path)] == ["missing"]
    os.mkfifo(tmp_path / "mkdocs.yml")
    (problem,) = integrity.config_problems(tmp_path)
    assert (problem.code, problem.message) == ("not-a-file", "a FIFO, not a file")


def test_the_site_sources_may_hold_no_link_or_fifo(tmp_path: Path) -> None:
    root = project(tmp_path)
    os.mkfifo(root / "site_src" / "pipe.md")
    (root / "site_src" / "passwd.md").symlink_to("/etc/passwd")
    found = integrity.site_source_problems(root, "site_src")
    assert [(d.path, d.code) for d in found] == [
        ("site_src/passwd.md", "symlink"),
        ("site_src/pipe.md", "not-a-file"),
    ]


def test_validate_reports_settings_problems_where_they_are(tmp_path: Path) -> None:
    root = project(tmp_path, "use_directory_urls: false\n")
    assert [(d.path, d.line, d.col, d.code) for d in integrity.site_problems(root)] == [
        ("mkdocs.yml", 3, 21, "use-directory-urls")
    ]
