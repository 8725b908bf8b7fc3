"""The dates of changes from a real git repository: one `git log` pass, renames followed."""

from __future__ import annotations

import json
import shutil
import subprocess
from datetime import UTC, datetime
from pathlib import Path

from generator.diagnostics import has_errors
from generator.exports import changes
from generator.records.project import load_project
from generator.site.history import read_history, record_paths
from tests.helpers import run_timeline
from tests.site.history_repo import (
    CORRECTED,
    CORRECTED_AT,
    CORRECTION_NOTE,
    EDITED,
    EDITED_AT,
    git,
    make_history_project,
)

DAY = [datetime(2025, 1, d, 12, tzinfo=UTC) for d in range(1, 10)]


def write(root: Path, path: str, text: str) -> None:
    (root / path).parent.mkdir(parents=True, exist_ok=True)
    (root / path).write_text(text, encoding="utf-8")


def commit(root: Path, when: datetime) -> None:
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "change", when=when)


def small_repo(root: Path) -> Path:
    git(root, "init", "-q", "-b", "main")
    write(root, "events/2025/a.yaml", "title: a\n")
    write(root, "events/2025/b.yaml", "title: b\n")
    commit(root, DAY[0])
    write(root, "events/2025/a.yaml", "title: a, edited\n")
    commit(root, DAY[1])
    # a rename (an id changed) keeps when the record was added, and is not a change of its text
    (root / "events/2025/b.yaml").rename(root / "events/2025/b2.yaml")
    write(root, "entities/x.yaml", "name: x\n")
    commit(root, DAY[2])
    write(root, "README", "not a record\n")
    commit(root, DAY[3])
    return root


PATHS = ["events/2025/a.yaml", "events/2025/b2.yaml", "entities/x.yaml", "events/2025/new.yaml"]


def test_added_and_changed_follow_renames(tmp_path) -> None:
    history = read_history(small_repo(tmp_path), PATHS)
    assert history.known
    a, b2, x = (history.of(p) for p in PATHS[:3])
    assert (a.added, a.changed) == (DAY[0], DAY[1])
    assert (b2.added, b2.changed) == (DAY[0], DAY[0])
    assert (x.added, x.changed) == (DAY[2], DAY[2])
    assert history.of("events/2025/new.yaml") is None  # not committed: no dates


def test_source_date_epoch_caps_every_date(tmp_path) -> None:
    history = read_history(small_repo(tmp_path), PATHS, cap=DAY[1].replace(hour=0))
    assert history.of("entities/x.yaml").added == DAY[1].replace(hour=0)
    assert history.of("events/2025/a.yaml").added == DAY[0]


def test_shallow_or_missing_history_is_unknown_and_says_why(tmp_path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    history = read_history(outside, PATHS)
    assert not history.known and history.records == {}
    assert history.note == "the project is not in a git repository"
    (tmp_path / "full").mkdir()
    source = small_repo(tmp_path / "full")
    shallow = tmp_path / "shallow"
    subprocess.run(
        ["git", "clone", "-q", "--depth", "1", f"file://{source}", str(shallow)], check=True
    )
    history = read_history(shallow, PATHS)
    assert not history.known
    assert "shallow clone" in history.note and "fetch-depth: 0" in history.note


def test_changes_of_a_project_from_its_history(tmp_path) -> None:
    root = make_history_project(tmp_path / "project")
    dataset, diagnostics = load_project(root)
    assert not has_errors(diagnostics)
    dataset.history = read_history(root, record_paths(dataset))
    edited, corrected = dataset.event_by_id[EDITED], dataset.event_by_id[CORRECTED]
    newest = changes.recent_changes(dataset, 3)
    assert [(c.kind, c.event.id, c.when) for c in newest] == [
        ("corrected", CORRECTED, CORRECTED_AT.replace(hour=0, minute=0)),
        ("updated", EDITED, EDITED_AT),
        # a record's own note, older than the edits
        ("updated", "2025-05-03-sheinbaum-rejects-us-troops", datetime(2025, 5, 4, tzinfo=UTC)),
    ]
    assert changes.latest_mark(edited, dataset).when == EDITED_AT
    # the correction's commit changed the record on the note's day: one change, the note's
    assert [c.kind for c in changes.event_changes(corrected, dataset)] == ["corrected", "added"]
    [correction] = changes.corrections(dataset)
    assert (correction.event, correction.note) == (corrected, CORRECTION_NOTE)
    untouched = dataset.event_by_id["2025-05-03-sheinbaum-rejects-us-troops"]
    # its record's own update note (4 May 2025) is its newest change
    assert changes.latest_mark(untouched, dataset).kind == "updated"
    shutil.rmtree(root / ".git")
    assert not read_history(root, record_paths(dataset)).known


def test_events_json_carries_the_dates_of_changes(tmp_path) -> None:
    root = make_history_project(tmp_path / "project")
    result = run_timeline("export", "--format", "json", cwd=root)
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["history_known"] is True
    edited = next(e for e in data["events"] if e["id"] == EDITED)
    assert (edited["added"], edited["changed"]) == ("2025-05-01T10:00:00Z", "2025-06-10T09:30:00Z")
    shutil.rmtree(root / ".git")
    data = json.loads(run_timeline("export", "--format", "json", cwd=root).stdout)
    assert data["history_known"] is False
    assert {(e["added"], e["changed"]) for e in data["events"]} == {(None, None)}


def test_a_project_inside_another_repository_has_no_history(tmp_path) -> None:
    outer = small_repo(tmp_path)
    inner = outer / "examples" / "project"
    write(inner, "events/2025/c.yaml", "title: c\n")
    commit(outer, DAY[4])
    history = read_history(inner, ["events/2025/c.yaml"])
    assert not history.known
    assert history.note == "the project is not the top folder of its git repository"
