"""`timeline changes` on a throw-away git repository with real commits."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from tests.helpers import GIT_ENV, git, run_timeline


def event(title: str, date: str, summary: str = "It happened.") -> str:
    return (
        f'title: {title}\ndate: "{date}"\nsummary: {summary}\nactors: [ana]\n'
        "sources:\n  - url: https://example.org/a\n    publisher: Example\n    title: A\n"
    )


def write(root: Path, path: str, text: str) -> None:
    (root / path).parent.mkdir(parents=True, exist_ok=True)
    (root / path).write_text(text)


def changes(root: Path, *args: str) -> subprocess.CompletedProcess:
    return run_timeline("-C", str(root), "changes", *args, env=GIT_ENV)


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """main: three events and two entities; the branch 'proposal' adds, edits, renames and
    removes records in two commits, and main moves on after the branch left it."""
    git(tmp_path, "init", "--quiet", "--initial-branch=main")
    write(tmp_path, "README.md", "records\n")
    write(tmp_path, "events/2025/2025-01-10-first.yaml", event("First", "2025-01-10"))
    write(tmp_path, "events/2025/2025-02-20-second.yaml", event("Second", "2025-02-20"))
    write(tmp_path, "events/2025/2025-03-old-name.yaml", event("Third", "2025-03"))
    write(tmp_path, "entities/ana.yaml", "name: Ana\nkind: person\n")
    write(tmp_path, "entities/gone.yaml", "name: Gone Org\nkind: organization\n")
    git(tmp_path, "add", "-A")
    git(tmp_path, "commit", "--quiet", "-m", "records")
    git(tmp_path, "switch", "--quiet", "-c", "proposal")

    write(tmp_path, "events/2025/2025-04-01-added.yaml", event("Added | *bold*", "2025-04-01"))
    write(
        tmp_path,
        "events/2025/2025-02-20-second.yaml",
        event("Second", "2025-02-20", "It happened, said A.") + "status: disputed\n",
    )
    git(tmp_path, "rm", "--quiet", "entities/gone.yaml")
    write(tmp_path, "README.md", "records, and more\n")  # not a record: never listed
    git(tmp_path, "add", "-A")
    git(tmp_path, "commit", "--quiet", "-m", "add, edit, remove")
    git(
        tmp_path,
        "mv",
        "events/2025/2025-03-old-name.yaml",
        "events/2025/2025-03-third-event-new-name.yaml",
    )
    write(tmp_path, "entities/lima.yaml", "name: Lima\nkind: city\n")
    git(tmp_path, "add", "-A")
    git(tmp_path, "commit", "--quiet", "-m", "rename, add")

    git(tmp_path, "switch", "--quiet", "main")
    write(tmp_path, "events/2025/2025-05-01-on-main.yaml", event("On main", "2025-05-01"))
    git(tmp_path, "add", "-A")
    git(tmp_path, "commit", "--quiet", "-m", "main moves on")
    git(tmp_path, "switch", "--quiet", "proposal")
    return tmp_path


def record(**values) -> dict:
    base = {
        "title": None,
        "date": None,
        "kind": None,
        "fields": [],
        "old_id": None,
        "old_path": None,
        "page": None,
    }
    return {**base, **values}


EXPECTED = [
    record(
        change="added",
        record="event",
        id="2025-04-01-added",
        path="events/2025/2025-04-01-added.yaml",
        title="Added | *bold*",
        date="2025-04-01",
        page="events/2025-04-01-added/",
    ),
    record(
        change="changed",
        record="event",
        id="2025-02-20-second",
        path="events/2025/2025-02-20-second.yaml",
        title="Second",
        date="2025-02-20",
        fields=["summary", "status"],
        page="events/2025-02-20-second/",
    ),
    record(
        change="renamed",
        record="event",
        id="2025-03-third-event-new-name",
        path="events/2025/2025-03-third-event-new-name.yaml",
        title="Third",
        date="2025-03",
        old_id="2025-03-old-name",
        old_path="events/2025/2025-03-old-name.yaml",
        page="events/2025-03-third-event-new-name/",
    ),
    record(
        change="added",
        record="entity",
        id="lima",
        path="entities/lima.yaml",
        title="Lima",
        kind="city",
        page="places/lima/",
    ),
    record(
        change="removed",
        record="entity",
        id="gone",
        path="entities/gone.yaml",
        title="Gone Org",
        kind="organization",
    ),
]


def test_json_lists_what_the_branch_added_changed_renamed_and_removed(repo):
    result = changes(repo, "--since", "main", "--format", "json")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == {"since": "main", "changes": EXPECTED}


def test_markdown_for_the_job_summary(repo):
    result = changes(repo, "--since", "main")
    assert result.returncode == 0, result.stderr
    assert result.stdout == (
        "## Timeline records changed since `main`\n"
        "\n"
        "3 events (1 added, 1 changed, 1 renamed) and 2 entities (1 added, 1 removed).\n"
        "\n"
        "### Events\n"
        "\n"
        "| change | date | title | page |\n"
        "|---|---|---|---|\n"
        "| added | 2025-04-01 | Added \\| \\*bold\\* | `/events/2025-04-01-added/` |\n"
        "| changed: summary, status | 2025-02-20 | Second | `/events/2025-02-20-second/` |\n"
        "| renamed from `2025-03-old-name` | 2025-03 | Third "
        "| `/events/2025-03-third-event-new-name/` |\n"
        "\n"
        "### Entities\n"
        "\n"
        "| change | kind | name | page |\n"
        "|---|---|---|---|\n"
        "| added | city | Lima | `/places/lima/` |\n"
        "| removed | organization | ~~Gone Org~~ | none (id `gone`) |\n"
        "\n"
        "Pages are paths in the built site: download the `site` artifact of this run and "
        "open them from its folder.\n"
    )


def test_uncommitted_and_untracked_records_count(repo):
    write(repo, "events/2025/2025-01-10-first.yaml", event("First, retitled", "2025-01-10"))
    write(repo, "events/2025/2025-06-01-draft.yaml", event("Draft", "2025-06-01"))
    result = changes(repo, "--since", "HEAD", "--format", "json")
    found = [(c["change"], c["id"], c["fields"]) for c in json.loads(result.stdout)["changes"]]
    assert found == [
        ("added", "2025-06-01-draft", []),
        ("changed", "2025-01-10-first", ["title"]),
    ]


def test_a_file_that_does_not_parse_is_still_listed(repo):
    write(repo, "events/2025/2025-02-20-second.yaml", "title: [unclosed\n")
    result = changes(repo, "--since", "main", "--format", "json")
    assert result.returncode == 0
    second = next(c for c in json.loads(result.stdout)["changes"] if c["id"].endswith("second"))
    assert second["change"] == "changed"
    assert second["title"] is None


def test_nothing_changed(repo):
    result = changes(repo, "--since", "HEAD")
    assert result.stdout == ("## Timeline records changed since `HEAD`\n\nNo record changed.\n")


def test_a_project_below_the_repository_root(tmp_path):
    project = tmp_path / "site"
    write(project, "entities/ana.yaml", "name: Ana\nkind: person\n")
    git(tmp_path, "init", "--quiet", "--initial-branch=main")
    git(tmp_path, "add", "-A")
    git(tmp_path, "commit", "--quiet", "-m", "one")
    write(project, "entities/ana.yaml", "name: Ana María\nkind: person\n")
    write(tmp_path, "entities/outside.yaml", "name: Not in the project\nkind: person\n")
    result = changes(project, "--since", "main", "--format", "json")
    assert json.loads(result.stdout)["changes"] == [
        record(
            change="changed",
            record="entity",
            id="ana",
            path="entities/ana.yaml",
            title="Ana María",
            kind="person",
            fields=["name"],
            page="actors/ana/",
        )
    ]


@pytest.mark.parametrize(
    ("rev", "message"),
    [
        (
            "no-such-branch",
            "unknown revision 'no-such-branch'; give a branch, tag or commit of this repository "
            "(a shallow clone may lack it: fetch the history with 'git fetch --unshallow', or "
            "'fetch-depth: 0' in GitHub Actions)",
        ),
        ("--output=x", "'--output=x' is not a revision; give a branch, tag or commit"),
    ],
)
def test_a_bad_revision_exits_1(repo, rev, message):
    result = changes(repo, f"--since={rev}")
    assert result.returncode == 1
    assert result.stdout == ""
    assert result.stderr == f"timeline: error: {message}\n"


def test_unrelated_history_exits_1(repo):
    git(repo, "switch", "--quiet", "--orphan", "elsewhere")
    write(repo, "entities/x.yaml", "name: X\nkind: person\n")
    git(repo, "add", "entities/x.yaml")
    git(repo, "commit", "--quiet", "-m", "unrelated")
    result = changes(repo, "--since", "main")
    assert result.returncode == 1
    assert result.stderr.startswith("timeline: error: 'main' and HEAD share no history")


def test_outside_a_git_repository_exits_1(tmp_path):
    (tmp_path / "events").mkdir()
    result = changes(
        tmp_path,
        "--since",
        "main",
    )
    assert result.returncode == 1
    assert result.stderr == (
        f"timeline: error: {tmp_path} is not in a git repository; "
        "`timeline changes` compares git revisions\n"
    )
    assert "Traceback" not in result.stderr


# ---------------------------------------------------------------- topics and periods


def test_topic_and_period_records_are_listed(repo):
    """Topics (entities/topics/<tag>.yaml) and periods (entities/periods/) added, changed
    and removed, in commits of their own on a branch that left main after they were made."""
    git(repo, "switch", "--quiet", "main")
    write(repo, "entities/topics/border.yaml", "name: Border\n")
    write(repo, "entities/topics/old-topic.yaml", "name: Old topic\n")
    write(repo, "entities/periods/first-term.yaml", "name: First term\nstart: 2017\nend: 2021\n")
    git(repo, "add", "-A")
    git(repo, "commit", "--quiet", "-m", "topics and periods")
    git(repo, "switch", "--quiet", "-c", "catalogue")
    write(repo, "entities/topics/border.yaml", "name: Border security\ndescription: Walls.\n")
    git(repo, "rm", "--quiet", "entities/topics/old-topic.yaml")
    write(repo, "entities/topics/cartels.yaml", "name: Cartels\n")
    write(repo, "entities/periods/second-term.yaml", 'name: Second term\nstart: "2025-01-20"\n')
    write(repo, "entities/periods/first-term.yaml", "name: First term\nstart: 2017\nend: 2020\n")
    write(repo, "entities/topics/deeper/nested.yaml", "name: Not a topic\n")  # not a record
    git(repo, "add", "-A")
    git(repo, "commit", "--quiet", "-m", "edit the catalogue")

    result = changes(repo, "--since", "main", "--format", "json")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["changes"] == [
        record(change="added", record="topic", id="cartels", title="Cartels",
               path="entities/topics/cartels.yaml", page="tags/cartels/"),
        record(change="changed", record="topic", id="border", title="Border security",
               path="entities/topics/border.yaml", page="tags/border/",
               fields=["name", "description"]),
        record(change="removed", record="topic", id="old-topic", title="Old topic",
               path="entities/topics/old-topic.yaml"),
        record(change="added", record="period", id="second-term", title="Second term",
               path="entities/periods/second-term.yaml", date="2025-01-20 to ongoing",
               page="timeline/2025/"),
        record(change="changed", record="period", id="first-term", title="First term",
               path="entities/periods/first-term.yaml", date="2017 to 2020",
               page="timeline/2017/", fields=["end"]),
    ]  # fmt: skip

    markdown = changes(repo, "--since", "main").stdout
    assert "3 topics (1 added, 1 changed, 1 removed) and 2 periods (1 added, 1 changed).\n" in (
        markdown
    )
    assert (
        "### Topics\n\n| change | tag | name | page |\n|---|---|---|---|\n"
        "| added | cartels | Cartels | `/tags/cartels/` |\n"
        "| changed: name, description | border | Border security | `/tags/border/` |\n"
        "| removed | old-topic | ~~Old topic~~ | none (id `old-topic`) |\n"
    ) in markdown
    assert (
        "### Periods\n\n| change | dates | name | page |\n|---|---|---|---|\n"
        "| added | 2025-01-20 to ongoing | Second term | `/timeline/2025/` |\n"
        "| changed: end | 2017 to 2020 | First term | `/timeline/2017/` |\n"
    ) in markdown
    assert "### Events" not in markdown


# ---------------------------------------------------------------- --check: addresses kept


def test_check_flags_a_rename_without_an_alias(repo):
    result = changes(repo, "--since", "main", "--check", "--format", "json")
    assert result.returncode == 1
    assert json.loads(result.stdout)["since"] == "main"  # the list is written all the same
    assert result.stderr == (
        "events/2025/2025-03-third-event-new-name.yaml:1:1: error: the published event "
        "'2025-03-old-name' was renamed to '2025-03-third-event-new-name', which breaks its "
        "address; add 'aliases: [2025-03-old-name]' to "
        "events/2025/2025-03-third-event-new-name.yaml so that the old address redirects to "
        "the new one [address-lost]\n"
    )


def test_check_passes_once_the_old_id_is_an_alias(repo):
    path = repo / "events/2025/2025-03-third-event-new-name.yaml"
    path.write_text(path.read_text() + "aliases: [2025-03-old-name]\n")
    result = changes(repo, "--since", "main", "--check")
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""


def test_check_flags_a_removed_event_unless_another_takes_its_address(repo):
    git(repo, "rm", "--quiet", "events/2025/2025-01-10-first.yaml")
    path = repo / "events/2025/2025-03-third-event-new-name.yaml"
    path.write_text(path.read_text() + "aliases: [2025-03-old-name]\n")
    result = changes(repo, "--since", "main", "--check")
    assert result.returncode == 1
    # git may take the removed file and a similar added one for a rename
    [problem] = result.stderr.splitlines()
    assert "error: the published event '2025-01-10-first' was re" in problem
    assert problem.endswith(" [address-lost]")
    second = repo / "events/2025/2025-02-20-second.yaml"
    second.write_text(second.read_text() + "aliases: [2025-01-10-first]\n")
    assert changes(repo, "--since", "main", "--check").returncode == 0


def test_without_check_a_rename_is_only_listed(repo):
    result = changes(repo, "--since", "main")
    assert result.returncode == 0
    assert result.stderr == ""
