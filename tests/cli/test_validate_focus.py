"""`timeline validate PATH ...` and `--changed-since`: the whole project checked, the files
in hand reported; review-only rules (a source without a title) on those files only;
GitHub annotations with the changed files first; build and serve quiet about warnings."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.helpers import GIT_ENV, GOLDEN, copy_project, git, run_timeline

NO_TITLE = (
    "title: Sheinbaum rejects the offer\ndate: 2025-05-03\nsummary: She said no.\n"
    "actors: [claudia-sheinbaum]\nsources:\n  - url: https://example.org/a\n"
    "    publisher: Example News\n"
)
UNKNOWN_ACTOR = (
    "title: Trump confirms\ndate: 2025-05-04\nsummary: He said so.\nactors: [donald-trum]\n"
    "sources:\n  - url: https://example.org/b\n    publisher: Example News\n    title: B\n"
)


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """The golden base records in a git repository: main, then a branch that adds two."""
    root = tmp_path / "project"
    shutil.copytree(GOLDEN / "invalid" / "_base", root)
    git(root, "init", "--quiet", "--initial-branch=main")
    git(root, "add", "-A")
    git(root, "commit", "--quiet", "-m", "records")
    git(root, "switch", "--quiet", "-c", "proposal")
    (root / "events/2025/2025-05-03-no-title.yaml").write_text(NO_TITLE)
    (root / "events/2025/2025-05-04-unknown-actor.yaml").write_text(UNKNOWN_ACTOR)
    return root


def validate(root: Path, *args: str):
    return run_timeline("-C", str(root), "validate", *args, env=GIT_ENV)


def test_a_source_without_title_is_reported_only_on_the_files_in_hand(project):
    everything = validate(project)
    assert "source-no-title" not in everything.stdout
    assert "[unknown-ref]" in everything.stdout
    named = validate(project, "events/2025/2025-05-03-no-title.yaml")
    assert named.returncode == 0, named.stdout
    assert named.stdout == (
        "events/2025/2025-05-03-no-title.yaml:6:5: warning: this source has no title; add the "
        "headline so readers can find it if the link breaks [source-no-title]\n"
    )


def test_named_files_are_checked_against_the_whole_project(project):
    result = validate(project, "events/2025/2025-05-04-unknown-actor.yaml")
    assert result.returncode == 1
    assert result.stdout == (
        "events/2025/2025-05-04-unknown-actor.yaml:4:10: error: unknown actor 'donald-trum'; "
        "did you mean 'donald-trump'? to add a new one, create 'entities/donald-trum.yaml' "
        '(or run: timeline new entity "Name" --kind KIND) [unknown-ref]\n'
    )
    # the other files' problems are not reported, but still counted as checked
    other = validate(project, "events/2025/2025-05-02-wsj-reports-offer.yaml")
    assert (other.returncode, other.stdout) == (0, "")


def test_a_folder_names_every_file_below_it(project):
    result = validate(project, "events")
    assert "2025-05-03-no-title.yaml:6:5: warning:" in result.stdout
    assert "2025-05-04-unknown-actor.yaml:4:10: error:" in result.stdout


def test_a_path_that_does_not_exist_exits_1(project):
    result = validate(project, "events/2025/nope.yaml")
    assert result.returncode == 1
    assert result.stderr == "timeline: error: events/2025/nope.yaml: no such file or folder\n"


def test_changed_since_reports_only_the_branch_files(project):
    git(project, "add", "-A")
    git(project, "commit", "--quiet", "-m", "two events")
    (project / "events/2025/2025-05-02-wsj-reports-offer.yaml").unlink()  # not reported: gone
    broken = project / "entities/mexico.yaml"
    git(project, "switch", "--quiet", "main")
    broken.write_text("name: Mexico\nkind: nation\n")  # broken on main, not by the branch
    git(project, "commit", "--quiet", "-am", "main breaks an entity")
    git(project, "switch", "--quiet", "proposal")
    result = validate(project, "--changed-since", "main")
    paths = {line.split(":", 1)[0] for line in result.stdout.splitlines()}
    assert paths == {
        "events/2025/2025-05-03-no-title.yaml",
        "events/2025/2025-05-04-unknown-actor.yaml",
    }


def test_github_annotations_put_errors_and_changed_files_first(project):
    git(project, "add", "-A")
    git(project, "commit", "--quiet", "-m", "two events")
    git(project, "switch", "--quiet", "main")
    (project / "entities/mexico.yaml").write_text("name: Mexico\nkind: nation\n")
    git(project, "commit", "--quiet", "-am", "main breaks an entity")
    git(project, "switch", "--quiet", "proposal")
    git(project, "merge", "--quiet", "--no-edit", "main")  # the branch did not change it
    env = {**GIT_ENV, "GITHUB_BASE_REF": "main"}
    result = run_timeline("-C", str(project), "validate", "--format", "github", env=env)
    assert result.returncode == 1
    where = [line.split("::")[1].split(",")[0] for line in result.stdout.splitlines()]
    assert where == [
        "error file=events/2025/2025-05-04-unknown-actor.yaml",
        "error file=entities/mexico.yaml",
        "warning file=events/2025/2025-05-03-no-title.yaml",
    ]


def test_the_seed_builds_without_a_warning_and_one_warning_is_one_line(tmp_path):
    root = copy_project(tmp_path / "seed")
    result = run_timeline("-C", str(root), "build", "--strict")
    assert result.returncode == 0, result.stderr
    assert "warning" not in result.stderr
    (root / "events/2025/2025-05-05-no-actors.yaml").write_text(
        NO_TITLE.replace("actors: [claudia-sheinbaum]\n", "").replace("05-03", "05-05")
    )
    result = run_timeline("-C", str(root), "build")
    assert result.returncode == 0, result.stderr
    assert "timeline: 1 warning; list it with: timeline validate\n" in result.stderr
    assert "no-actors" not in result.stderr and "source-no-title" not in result.stderr
    assert "[no-actors]" in validate(root).stdout
