"""Which diagnostics `timeline validate` shows: the whole project, or the files in hand.

`timeline validate PATH ...` and `--changed-since REF` check the whole project
(a reference from elsewhere still resolves) but report only on the named or
changed files. Some rules are for review, not for the whole dataset
(`REVIEW_ONLY`: a source without a title): they are reported on the files in
hand only, so that records published before the rule never bury a
contributor's own messages, in `validate`, `build` or `serve`.

For GitHub's annotations, of which a step shows only the first ten of each
kind, the diagnostics of the files a pull request changed come first.
"""

from __future__ import annotations

import os
from pathlib import Path

from generator.cli import changes
from generator.diagnostics import Diagnostic, Severity, UserError
from generator.records.checks import REVIEW_ONLY


def named_paths(root: Path, paths: list[str]) -> set[str]:
    """The record paths (relative to the project root) that PATH arguments name; a folder
    names every file below it. The command runs in the project root (-C DIR included)."""
    found: set[str] = set()
    for given in paths:
        path = root / given
        try:
            relative = path.resolve().relative_to(root).as_posix()
        except ValueError:
            raise UserError(f"{given} is outside the project {root}") from None
        if not path.exists():
            raise UserError(f"{given}: no such file or folder")
        found.add("" if relative == "." else relative)
    return found


def changed_paths(root: Path, rev: str) -> set[str]:
    """The record files that differ from where the branch left REV, deleted ones aside."""
    base = changes.merge_base(root, rev)
    return {path for status, path, _ in changes.changed_paths(root, base) if status != "D"}


def within(path: str, focus: set[str]) -> bool:
    return path in focus or any(not f or path.startswith(f.rstrip("/") + "/") for f in focus)


def select(diagnostics: list[Diagnostic], focus: set[str] | None) -> list[Diagnostic]:
    """The diagnostics of the files in focus (all files when None); review-only rules
    only for files in focus."""
    if focus is None:
        return [d for d in diagnostics if d.code not in REVIEW_ONLY]
    return [d for d in diagnostics if within(d.path, focus)]


def shown(
    root: Path,
    diagnostics: list[Diagnostic],
    paths: list[str],
    changed_since: str | None,
    github: bool,
) -> list[Diagnostic]:
    """What `timeline validate` reports, in the order it reports it."""
    in_hand = named_paths(root, paths) if paths else None
    if changed_since:
        changed = changed_paths(root, changed_since)
        in_hand = changed if in_hand is None else {p for p in changed if within(p, in_hand)}
    if in_hand is not None or not github:
        return select(diagnostics, in_hand)
    changed = pull_request_files(root)
    kept = [d for d in diagnostics if d.code not in REVIEW_ONLY or within(d.path, changed)]
    return changed_first(kept, changed)


def pull_request_files(root: Path) -> set[str]:
    """The records a pull request changed (GitHub sets GITHUB_BASE_REF for one), else those
    changed in the working tree; empty when git cannot tell."""
    base = os.environ.get("GITHUB_BASE_REF")
    for rev in ([f"origin/{base}", base] if base else []) + ["HEAD"]:
        try:
            return changed_paths(root, rev)
        except UserError:
            continue
    return set()


def changed_first(diagnostics: list[Diagnostic], changed: set[str]) -> list[Diagnostic]:
    """Errors before warnings, and within each the changed files first (a stable sort)."""
    return sorted(
        diagnostics, key=lambda d: (d.severity is not Severity.ERROR, not within(d.path, changed))
    )
