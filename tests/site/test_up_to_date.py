"""Nothing changed, nothing done: and anything changed, the build runs (generator.site.inputs).

A build whose inputs are those of the last build, with site/ and the generated
folders as that build left them, runs neither the generator, MkDocs, the
downloads nor Pagefind. Each test changes one kind of input, or one thing the
build must not trust, and checks that the build then runs (or refuses).
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from generator.records.cache import CACHE_DIR
from generator.site.state import STATE_FILE
from tests.helpers import GOLDEN_PROJECT, build, copy_project, tree_digest

UP_TO_DATE = "is up to date: nothing changed since the last build"
RECORD = "events/2025/2025-02-03-ministry-responds.yaml"


@pytest.fixture
def built(tmp_path: Path) -> Path:
    root = copy_project(tmp_path / "project", records_from=GOLDEN_PROJECT)
    result = build(root)
    assert result.returncode == 0, result.stderr
    assert UP_TO_DATE not in result.stderr
    return root


def up_to_date(root: Path, *args: str, env: dict | None = None) -> bool:
    result = build(root, *args, env=env)
    assert result.returncode == 0, result.stderr
    return UP_TO_DATE in result.stderr


def test_a_second_build_with_nothing_changed_does_nothing(built: Path) -> None:
    site = built / "site"
    inode, digest = os.lstat(site).st_ino, tree_digest(site)
    result = build(built)
    assert result.returncode == 0, result.stderr
    assert UP_TO_DATE in result.stderr
    assert "Documentation built" not in result.stderr  # MkDocs did not run
    assert os.lstat(site).st_ino == inode, "site/ was replaced"
    assert tree_digest(site) == digest
    assert up_to_date(built)  # and again
    assert not up_to_date(built, "--clean")  # --clean always builds


def test_a_record_edited_then_given_back_its_old_time_is_a_change(built: Path) -> None:
    record = built / RECORD
    status = os.stat(record)
    record.write_text(record.read_text().replace("The ministry responds", "The ministry replies"))
    os.utime(record, ns=(status.st_atime_ns, status.st_mtime_ns))  # as tar or cp -p would
    assert not up_to_date(built)
    page = built / "site" / "events" / "2025-02-03-ministry-responds" / "index.html"
    assert "The ministry replies" in page.read_text()
    assert up_to_date(built)


@pytest.mark.parametrize(
    "change",
    ["new entity", "record removed", "hand-written page", "mkdocs.yml", "epoch", "strict"],
)
def test_every_input_counts(built: Path, change: str) -> None:
    args: tuple[str, ...] = ()
    env = None
    if change == "new entity":
        (built / "entities" / "new-person.yaml").write_text("name: New Person\nkind: person\n")
    elif change == "record removed":
        (built / "events" / "2024" / "2024-talks-begin.yaml").unlink()
    elif change == "hand-written page":
        about = built / "site_src" / "about.md"
        about.write_text(about.read_text() + "\nOne more line.\n")
    elif change == "mkdocs.yml":
        config = built / "mkdocs.yml"
        config.write_text(config.read_text().replace("site_name: ", "site_name: New "))
    elif change == "epoch":
        env = {"SOURCE_DATE_EPOCH": "1760000000"}
    elif change == "strict":
        args = ("--strict",)  # the last build was not strict
    assert not up_to_date(built, *args, env=env)
    assert up_to_date(built, *args, env=env)


def test_a_file_changed_in_site_is_built_again(built: Path) -> None:
    page = built / "site" / "about" / "index.html"
    expected = page.read_bytes()
    page.write_text("<p>written by a checkout</p>")
    (built / "site" / "extra.html").write_text("<script>alert(1)</script>")
    assert not up_to_date(built)
    assert page.read_bytes() == expected
    assert not (built / "site" / "extra.html").exists()


def test_a_file_a_checkout_adds_to_a_generated_folder_is_still_refused(built: Path) -> None:
    foreign = built / "site_src" / "events" / "injected.md"
    foreign.write_text("<script>alert(1)</script>\n")
    result = build(built)
    assert result.returncode != 0
    assert "site_src/events/injected.md" in result.stderr
    assert UP_TO_DATE not in result.stderr


def test_a_state_from_elsewhere_is_not_trusted(built: Path, tmp_path: Path) -> None:
    """A checkout's .cache/site-state.json, or another project's, cannot make a build skip."""
    other = copy_project(tmp_path / "other", records_from=GOLDEN_PROJECT)
    state = built / CACHE_DIR / STATE_FILE
    (other / CACHE_DIR).mkdir(exist_ok=True)
    shutil.copy2(state, other / CACHE_DIR / STATE_FILE)
    shutil.copytree(built / "site", other / "site", copy_function=shutil.copy2)
    assert not up_to_date(other)  # its site/ is not the folder the state names
    body = state.read_bytes().split(b"\n", 1)[1]
    state.write_bytes(b"timeline site state 1 " + b"0" * 64 + b"\n" + body)  # not signed
    assert not up_to_date(built)


def test_a_new_commit_is_a_change(built: Path) -> None:
    """The dates of changes come from git history (generator.site.history): a commit counts."""
    import subprocess

    def git(*args: str) -> None:
        command = ["git", "-C", str(built), "-c", "user.name=t", "-c", "user.email=t@example.org"]
        subprocess.run([*command, *args], check=True, capture_output=True)

    git("init", "-q")
    git("add", "events", "entities")
    git("commit", "-q", "-m", "records")
    assert not up_to_date(built)
    assert up_to_date(built)
    (built / "notes.txt").write_text("not a record\n")
    git("add", "notes.txt")
    git("commit", "-q", "-m", "a commit that changes no record")
    assert not up_to_date(built)
