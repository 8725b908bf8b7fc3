"""A project in a git repository of its own, whose history the build reads.

The seed records are committed on 1 May 2025; on 10 June one event's summary
is edited (no note: the history alone says it changed); on 12 June another
gets a correction in its `updates`. One more event has a hostile title.
Commit dates are set, so the dates the
site shows are known in advance.
"""

from __future__ import annotations

import os
import subprocess
from datetime import UTC, datetime
from pathlib import Path

from tests.helpers import copy_project

EDITED = "2025-02-18-nyt-reports-cia-drone-flights-over-mexico"
CORRECTED = "2025-02-27-mexico-sends-29-cartel-figures-to-us"
FIRST = datetime(2025, 5, 1, 10, 0, tzinfo=UTC)
EDITED_AT = datetime(2025, 6, 10, 9, 30, tzinfo=UTC)
CORRECTED_AT = datetime(2025, 6, 12, 16, 0, tzinfo=UTC)
CORRECTION_NOTE = "An earlier version said 30 cartel figures were sent; there were 29."
# a title that would break out of an attribute or a tag if a page printed it unescaped
HOSTILE = "2025-03-01-hostile-title"
HOSTILE_TITLE = """A "quoted" <b>title</b> & 'more' "><script>alert(1)</script>"""
HOSTILE_RECORD = f"""title: '{HOSTILE_TITLE.replace("'", "''")}'
date: "2025-03-01"
summary: A summary with "quotes" & <i>tags</i>.
actors: [claudia-sheinbaum]
sources:
  - url: https://example.org/a
    publisher: Example
    title: An example
"""


def git(root: Path, *args: str, when: datetime | None = None) -> str:
    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": "Test",
        "GIT_AUTHOR_EMAIL": "test@example.org",
        "GIT_COMMITTER_NAME": "Test",
        "GIT_COMMITTER_EMAIL": "test@example.org",
        "GIT_CONFIG_GLOBAL": os.devnull,
        "GIT_CONFIG_NOSYSTEM": "1",
    }
    if when is not None:
        stamp = when.strftime("%Y-%m-%dT%H:%M:%S+0000")
        env |= {"GIT_AUTHOR_DATE": stamp, "GIT_COMMITTER_DATE": stamp}
    result = subprocess.run(
        ["git", "-C", str(root), *args], env=env, capture_output=True, text=True, check=True
    )
    return result.stdout


def commit_all(root: Path, message: str, when: datetime) -> None:
    git(root, "add", "-A", "events", "entities")
    git(root, "commit", "-q", "-m", message, when=when)


def event_file(root: Path, event_id: str) -> Path:
    return next((root / "events").rglob(f"{event_id}.yaml"))


def make_history_project(root: Path) -> Path:
    """The seed project at `root`, committed, edited and corrected as the module says."""
    copy_project(root)
    (root / "events" / "2025" / f"{HOSTILE}.yaml").write_text(HOSTILE_RECORD, encoding="utf-8")
    git(root, "init", "-q", "-b", "main")
    commit_all(root, "The seed records", FIRST)
    edited = event_file(root, EDITED)
    text = edited.read_text(encoding="utf-8")
    edited.write_text(text.replace("summary: >-\n", "summary: >-\n  Edited.\n", 1), "utf-8")
    commit_all(root, "Edit one summary", EDITED_AT)
    corrected = event_file(root, CORRECTED)
    text = corrected.read_text(encoding="utf-8")
    assert "\nupdates:" not in text
    corrected.write_text(
        text.rstrip("\n")
        + '\nupdates:\n  - date: "2025-06-12"\n    kind: correction\n'
        + f"    note: {CORRECTION_NOTE}\n",
        "utf-8",
    )
    commit_all(root, "Correct one event", CORRECTED_AT)
    return root
