"""Nothing changed, decided from stamps (generator.site.nochange), without loosening a rule.

`timeline build` with nothing to do compares stamps and never imports YAML, the
records, the exports or MkDocs; each test changes something the stamps see or
must not be fooled by, and checks what the build then does: decides by content
(and is still up to date, then quick again), builds, or refuses. Whether the
quick check decided is seen from outside, by what Python imported
(PYTHONPROFILEIMPORTTIME lists every module on stderr).
"""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import pytest

from generator.site.folders import STAGING_PREFIX
from tests.helpers import GOLDEN_PROJECT, build, copy_project

UP_TO_DATE = "is up to date: nothing changed since the last build"
HEAVY = ("yaml", "generator.records.load", "generator.exports", "mkdocs", "jinja2")


def run(root: Path, *args: str) -> tuple[int, str, set[str]]:
    """(exit code, what the build said without the import lines, modules imported)."""
    result = build(root, *args, env={"PYTHONPROFILEIMPORTTIME": "1"})
    imported, said = set(), []
    for line in result.stderr.splitlines():
        found = re.match(r"import time:\s+\d+ \|\s+\d+ \|\s*(\S+)", line)
        if found:
            imported.add(found.group(1))
        elif not line.startswith("import time:"):
            said.append(line)
    return result.returncode, "\n".join(said), imported


def quick(root: Path) -> bool:
    """Whether the build said it was up to date without loading anything heavy."""
    code, said, imported = run(root)
    assert code == 0, said
    return UP_TO_DATE in said and not imported.intersection(HEAVY)


def by_content(root: Path) -> bool:
    """Whether the build said it was up to date after reading the inputs themselves."""
    code, said, imported = run(root)
    assert code == 0, said
    return UP_TO_DATE in said and "yaml" in imported and "mkdocs" not in imported


@pytest.fixture
def built(tmp_path: Path) -> Path:
    root = copy_project(tmp_path / "project", records_from=GOLDEN_PROJECT)
    result = build(root)
    assert result.returncode == 0, result.stderr
    return root


def test_nothing_changed_is_decided_without_loading_the_build(built: Path) -> None:
    assert quick(built)
    assert quick(built)


def test_a_record_touched_builds_and_then_is_quick_again(built: Path) -> None:
    record = next((built / "events").rglob("*.yaml"))
    os.utime(record)
    code, said, _ = run(built)
    assert code == 0 and UP_TO_DATE not in said  # a record's stamp is its identity
    assert quick(built)


def test_a_hand_written_file_touched_is_read_once_then_quick(built: Path) -> None:
    os.utime(built / "site_src" / "about.md")
    assert by_content(built)  # the same bytes: nothing to build, the new stamp kept
    assert quick(built)


def test_a_generated_page_touched_is_read_once(built: Path) -> None:
    page = next((built / "site_src" / "events").rglob("*.md"))
    os.utime(page)
    assert by_content(built)  # the manifest's checksum vouches for it


@pytest.mark.parametrize("where", ["hand-written", "generated"])
def test_a_link_in_the_site_sources_is_still_refused(built: Path, where: str) -> None:
    if where == "hand-written":
        link = built / "site_src" / "assets" / "passwd.txt"
    else:
        page = next((built / "site_src" / "events").rglob("*.md"))
        shutil.copy2(page, built / "page-copy.md")
        page.unlink()
        link = page
    link.symlink_to(built / "page-copy.md" if where == "generated" else "/etc/passwd")
    code, said, _ = run(built)
    assert code != 0
    assert "symbolic link" in said
    assert UP_TO_DATE not in said


def test_a_fifo_in_a_generated_folder_is_still_refused(built: Path) -> None:
    os.mkfifo(built / "site_src" / "events" / "pipe.md")
    code, said, _ = run(built)
    assert code != 0 and "FIFO" in said


def test_a_file_changed_in_site_is_not_up_to_date(built: Path) -> None:
    page = built / "site" / "about" / "index.html"
    expected = page.read_bytes()
    with page.open("r+b") as stream:  # written in place: site/'s own stamps do not change
        stream.write(b"<!-- changed -->")
    code, said, _ = run(built)
    assert code == 0 and UP_TO_DATE not in said
    assert page.read_bytes() == expected


def test_a_build_folder_left_behind_is_recovered_by_the_build(built: Path) -> None:
    leftover = built / f"{STAGING_PREFIX}999999-tmp-0123456789abcdef"
    leftover.mkdir()
    assert by_content(built)  # the full check runs, and tidies up what it can
    # a folder no build here made is left alone, and the quick check keeps declining
    assert by_content(built) if leftover.exists() else quick(built)


def test_mkdocs_yml_changed_back_to_the_same_bytes_is_quick(built: Path) -> None:
    config = built / "mkdocs.yml"
    config.write_bytes(config.read_bytes())  # new stamps, same bytes: hashed, not stamped
    assert quick(built)
