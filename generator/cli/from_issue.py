"""`timeline new event --from-issue FILE`: a "Suggest an event" issue turned into a record.

The issue's body (generator.records.issue_form reads it) is untrusted text:
it reaches the record only as YAML values written by the YAML dumper, or as
comment lines, each split on every line break YAML knows, and the record is
then checked like any other. What could not be read becomes a question in
the record's comments, and a REPLACE-ME where a required value is missing,
so that `timeline validate` refuses the record until a maintainer answers.
"""

from __future__ import annotations

import re
import textwrap
from pathlib import Path

from generator.cli import new as scaffold
from generator.diagnostics import Diagnostic, UserError
from generator.records import dates
from generator.records.issue_form import Suggestion, read_suggestion
from generator.records.load import EVENTS_DIR, RECORD_SUFFIX
from generator.records.project import load_project
from generator.render.environment import YamlText

MAX_ISSUE_BYTES = 64 * 1024  # GitHub caps an issue body at 65,536 characters
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def as_comment(text: str, first: str, rest: str) -> YamlText:
    """Text as YAML comment lines: no line break of any kind survives inside a line."""
    lines: list[str] = []
    for paragraph in text.splitlines():
        clean = _CONTROL.sub(" ", paragraph).rstrip()
        lines += textwrap.wrap(clean, 76, break_on_hyphens=False) or [""]
    return YamlText("\n".join((first if i == 0 else rest) + line for i, line in enumerate(lines)))


def indented(text: str) -> YamlText:
    """Text as the lines of a literal block scalar, indented two spaces."""
    return YamlText("\n".join("  " + line.rstrip() for line in text.strip().splitlines()))


def read_issue(file: Path) -> str:
    try:
        data = file.read_bytes()
    except OSError as exc:
        raise UserError(f"cannot read {file}: {exc.strerror}") from None
    if len(data) > MAX_ISSUE_BYTES:
        raise UserError(f"{file} is {len(data):,} bytes; an issue body is at most 64 kB")
    return data.decode("utf-8", "replace")


def render_suggestion(found: Suggestion) -> str:
    env = scaffold._environment()
    env.filters.update(as_comment=as_comment, indented=indented)
    return env.get_template("from_issue.yaml.j2").render(
        title=found.title,
        date=YamlText(found.date),  # read by generator.records.dates, or None
        status=YamlText(found.status or "reported"),  # one of the statuses
        summary=found.summary,
        actors=found.actors,
        places=found.places,
        sources=found.sources,
        questions=found.questions,
        quotes=found.quotes,
        notes=found.notes,
    )


def write_from_issue(root: Path, issue: Path) -> tuple[Path, Suggestion]:
    """Write the record an issue suggests; a UserError when it cannot even be named."""
    dataset, _ = load_project(root)
    found = read_suggestion(read_issue(issue), dataset.entities)
    if found.title is None or found.date is None:
        raise UserError("the issue cannot become a record yet: " + " ".join(found.questions))
    notes: list[str] = []
    slug = scaffold._title_slug(found.title, notes)
    if not slug:
        raise UserError(f"the title '{found.title}' has no letters or digits for a file name")
    parsed = dates.parse_date(found.date)
    event_id = f"{parsed.id_prefix}-{slug}"
    existing = scaffold._existing_event(root, event_id)
    if existing is not None:
        raise UserError(
            f"{existing.relative_to(root).as_posix()} already exists with the id '{event_id}'"
        )
    file = root / EVENTS_DIR / f"{parsed.earliest.year:04d}" / f"{event_id}{RECORD_SUFFIX}"
    return scaffold._write_new(file, render_suggestion(found), root), found


def check_written(root: Path, file: Path) -> list[Diagnostic]:
    """The diagnostics of the new record, checked against the whole project."""
    _, diagnostics = load_project(root)
    relative = file.relative_to(root).as_posix()
    return [d for d in diagnostics if d.path == relative]
