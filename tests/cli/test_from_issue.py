"""`timeline new event --from-issue`: golden cases over realistic issue bodies.

Each folder of tests/golden/from_issue/ holds `issue.md` (a body as GitHub writes an
issue form) and the expected outcome: `expected.yaml` (the record written),
`expected.txt` (what the command prints: its standard output, then its standard error)
and `expected-exit.txt`. The project is the invalid-record goldens' `_base/`, with
the case's own `entities/` when it has some (tests/golden/README.md).
Run `pytest --update-goldens` to rewrite them, then read the diff.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.helpers import GOLDEN, REPO, check_golden, golden_project, run_timeline

SUITE = GOLDEN / "from_issue"
BASE = GOLDEN / "invalid" / "_base"
CASES = sorted(p.name for p in SUITE.iterdir() if p.is_dir())


@pytest.mark.parametrize("name", CASES)
def test_from_issue(name: str, tmp_path: Path, update_goldens: bool) -> None:
    case = SUITE / name
    root = golden_project(case, tmp_path / "project", base=BASE)
    (root / "issue.md").unlink()  # the input, kept out of the project it is run in
    issue = case / "issue.md"
    result = run_timeline("-C", str(root), "new", "event", "--from-issue", str(issue))
    assert "Traceback" not in result.stderr, result.stderr
    new = [
        f
        for f in sorted((root / "events").rglob("*.yaml"))
        if not (BASE / f.relative_to(root)).exists()
    ]
    assert len(new) <= 1
    check_golden(case / "expected.txt", result.stdout + result.stderr, update_goldens)
    check_golden(case / "expected.yaml", new[0].read_text() if new else "", update_goldens)
    check_golden(case / "expected-exit.txt", f"{result.returncode}\n", update_goldens)


def test_the_issue_form_labels_are_the_ones_read() -> None:
    """The form and the reader agree on every label."""
    import yaml

    from generator.records.issue_form import LABELS

    form = REPO / ".github/ISSUE_TEMPLATE/suggest-event.yml"
    labels = {
        item["id"]: item["attributes"]["label"]
        for item in yaml.safe_load(form.read_text())["body"]
        if "id" in item
    }
    assert labels == LABELS


def test_title_and_from_issue_together_are_bad_usage(tmp_path: Path) -> None:
    project = golden_project(SUITE / "complete", tmp_path / "p", base=BASE)
    issue = SUITE / "complete" / "issue.md"
    result = run_timeline("-C", str(project), "new", "event", "A title", "--from-issue", str(issue))
    assert result.returncode == 2
    assert (
        result.stderr == "timeline: error: --from-issue takes the title and date from the issue\n"
    )
    result = run_timeline("-C", str(project), "new", "event", "A title")
    assert result.returncode == 2
    assert result.stderr == "timeline: error: give the title and --date (or --from-issue FILE)\n"
