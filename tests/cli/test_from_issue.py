"""`timeline new event --from-issue`: golden cases over realistic issue bodies.

Each folder of tests/golden/from_issue/ holds `issue.md` (a body as GitHub writes an
issue form) and the expected outcome: `expected.yaml` (the record written),
`expected.txt` (what the command prints: its standard output, then its standard error)
and `expected-exit.txt`. The project is the invalid-record goldens' `_base/`.
Run `pytest --update-goldens` to rewrite them, then read the diff.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.conftest import run_timeline
from tests.records.test_golden_invalid import GOLDEN as INVALID

GOLDEN = Path(__file__).parent.parent / "golden" / "from_issue"
CASES = sorted(p.name for p in GOLDEN.iterdir() if p.is_dir())


@pytest.mark.parametrize("name", CASES)
def test_from_issue(name: str, tmp_path: Path, update_goldens: bool) -> None:
    case = GOLDEN / name
    root = tmp_path / "project"
    shutil.copytree(INVALID / "_base", root)
    if (case / "entities").is_dir():  # the case's own entities, beside the base's
        shutil.copytree(case / "entities", root / "entities", dirs_exist_ok=True)
    result = run_timeline(
        "-C", str(root), "new", "event", "--from-issue", str(case / "issue.md")
    )
    assert "Traceback" not in result.stderr, result.stderr
    written = sorted((root / "events").rglob("*.yaml"))
    new = [f for f in written if not (INVALID / "_base" / f.relative_to(root)).exists()]
    record = new[0].read_text() if new else ""
    outcome = {
        "expected.txt": result.stdout + result.stderr,
        "expected.yaml": record,
        "expected-exit.txt": f"{result.returncode}\n",
    }
    for file, actual in outcome.items():
        if update_goldens:
            (case / file).write_text(actual)
        assert actual == (case / file).read_text(), f"{name}/{file}"
    assert len(new) <= 1


def test_the_issue_form_labels_are_the_ones_read() -> None:
    """The form and the reader agree on every label."""
    import yaml

    from generator.records.issue_form import LABELS

    form = Path(__file__).parent.parent.parent / ".github/ISSUE_TEMPLATE/suggest-event.yml"
    labels = {
        item["id"]: item["attributes"]["label"]
        for item in yaml.safe_load(form.read_text())["body"]
        if "id" in item
    }
    assert labels == LABELS


def test_title_and_from_issue_together_are_bad_usage(tmp_path: Path) -> None:
    shutil.copytree(INVALID / "_base", tmp_path / "p")
    issue = GOLDEN / "complete" / "issue.md"
    result = run_timeline(
        "-C", str(tmp_path / "p"), "new", "event", "A title", "--from-issue", str(issue)
    )
    assert result.returncode == 2
    assert result.stderr == (
        "timeline: error: --from-issue takes the title and date from the issue\n"
    )
    result = run_timeline("-C", str(tmp_path / "p"), "new", "event", "A title")
    assert result.returncode == 2
    assert result.stderr == "timeline: error: give the title and --date (or --from-issue FILE)\n"
