"""Reading when each record was added and last changed, from git, in one pass.

One `git log` over events/ and entities/ lists every commit that touched a
record, newest first, with the files it added, modified or renamed. Following
the renames back, a record's `added` is the oldest commit that holds it under
any of its names, and `changed` the newest that changed its text (a pure
rename keeps it unchanged). The history followed is the main line's
(`--first-parent`): a record merged from a branch was added when the merge
landed, which is when readers could first see it.

The project must be the top folder of its repository: a project inside another
one (a test fixture, an example) is not dated by that repository's commits.

SOURCE_DATE_EPOCH, when set, caps every date: a build that claims to be made
at that moment shows nothing later, so two builds with the same epoch give the
same bytes. A record that no commit holds yet (a new file, not committed) has
no dates. A project outside git, a shallow clone (the default of CI checkouts:
the deploy workflow fetches the whole history) or git missing: the history is
not known, the build says so in one line, and the pages show only what the
records' `updates` say.
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Iterable
from datetime import UTC, datetime
from pathlib import Path
from types import MappingProxyType

from generator.records.history import History, RecordDates
from generator.records.load import ENTITIES_DIR, EVENTS_DIR
from generator.records.model import Dataset

COMMIT = "\x1e"  # starts each commit in the log's output
_LOG = (
    "log",
    "--first-parent",
    "--diff-merges=first-parent",
    "--name-status",
    "-M",
    "--relative",
    "-z",
    f"--format={COMMIT}%ct",
)


def _git(root: Path, *args: str) -> subprocess.CompletedProcess | None:
    try:
        return subprocess.run(
            ["git", "-C", str(root), *args], capture_output=True, check=False
        )
    except OSError:
        return None


def record_paths(dataset: Dataset) -> list[str]:
    """The paths of every record of the dataset, relative to the project."""
    return [e.path for e in dataset.events] + [e.path for e in dataset.entities.values()]


def read_history(root: Path, paths: Iterable[str], cap: datetime | None = None) -> History:
    """The dates of the records at `paths` (relative to `root`), capped at `cap`."""
    inside = _git(root, "rev-parse", "--is-shallow-repository")
    if inside is None:
        return History.unknown("git is not installed")
    if inside.returncode != 0:
        return History.unknown("the project is not in a git repository")
    top = _git(root, "rev-parse", "--show-toplevel")
    if top is None or Path(os.fsdecode(top.stdout.strip())).resolve() != root.resolve():
        # a project inside another's repository (a test fixture, an example) has no history
        # of its own: that repository's commits say nothing of when its records were added
        return History.unknown("the project is not the top folder of its git repository")
    if inside.stdout.strip() == b"true":
        return History.unknown("the repository is a shallow clone (fetch it with fetch-depth: 0)")
    if _git(root, "rev-parse", "--verify", "--quiet", "HEAD").returncode != 0:
        return History.unknown("the repository has no commits yet")
    log = _git(root, *_LOG, "--", EVENTS_DIR, ENTITIES_DIR)
    if log is None or log.returncode != 0:
        message = log.stderr.decode("utf-8", "replace").strip() if log else "git failed"
        return History.unknown(f"git log failed: {message}")
    dates = parse_log(log.stdout.decode("utf-8", "surrogateescape"), paths, cap)
    return History(True, MappingProxyType(dates))


def parse_log(
    output: str, paths: Iterable[str], cap: datetime | None = None
) -> dict[str, RecordDates]:
    """The dates of `paths` from `git log -z --name-status -M` output, newest commit first."""
    names = {path: path for path in paths}  # a name in the history -> the record's path now
    added: dict[str, datetime] = {}
    changed: dict[str, datetime] = {}
    for commit in output.split(COMMIT)[1:]:
        stamp, *items = commit.split("\0")
        when = datetime.fromtimestamp(int(stamp), UTC)
        if cap is not None and when > cap:
            when = cap
        index = 0
        while index < len(items):
            status = items[index].lstrip("\n")  # each commit's list starts on a new line
            index += 1
            if not status:
                continue
            if status[0] in "RC":
                old, new = items[index], items[index + 1]
                index += 2
                record = names.get(new)
                if record is None:
                    continue
                if status[0] == "R":
                    del names[new]
                names[old] = record
                if status[1:] != "100":
                    changed.setdefault(record, when)
                added[record] = when
                continue
            path = items[index]
            index += 1
            record = names.get(path)
            if record is None or status[0] not in "AM":
                continue
            changed.setdefault(record, when)
            added[record] = when
            if status[0] == "A":  # before this commit the name was another record's, or none
                del names[path]
    return {
        record: RecordDates(added[record], changed.get(record, added[record]))
        for record in sorted(added)
    }
