"""`timeline new topic` and `timeline new period`: skeletons of the records that
describe the timeline itself (entities/topics/, entities/periods/).

Like an entity's, each skeleton is valid as written: the arguments are checked
with the rules `timeline validate` applies (generator.records.schema), a period
that ends before it starts or overlaps a declared one is refused before anything
is written (generator.records.catalogue says why periods may not overlap), and
the optional description is left as a comment to fill in.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from generator.cli.new import _check_slug, _check_value, _environment, _write_new, slugify
from generator.diagnostics import UserError
from generator.layout import RESERVED_NAMES
from generator.records import model, schema
from generator.records.cache import RecordCache
from generator.records.dates import DatePoint
from generator.records.files import RECORD_SUFFIX, find_record_files
from generator.records.load import PERIODS_DIR, TOPICS_DIR, LoadResult, _load_record, load_records
from generator.records.suggest import Suggester, did_you_mean
from generator.render.environment import YamlText


def _record_id(name: str, slug: str | None, example: str) -> str:
    if slug is not None:
        return _check_slug(slug, "--slug", schema.MAX_SLUG)
    record_id = slugify(name)
    if not record_id:
        raise UserError(
            f"the name '{name}' has no letters or digits that can make a file name; "
            f"give one with --slug, like --slug {example}"
        )
    return record_id


def write_topic(root: Path, name: str, slug: str | None = None) -> tuple[Path, list[str]]:
    """Write entities/topics/<tag>.yaml, valid as written, and the notes for its writer
    (no event has the tag yet); a UserError if it cannot."""
    name = _check_value(schema.TOPIC.fields["name"].type, name, "name")
    tag = _record_id(name, slug, "border-security")
    if tag in RESERVED_NAMES:
        raise UserError(
            f"'{tag}' is the name of the page that lists every topic (/tags/), so no tag "
            "can be it; give another with --slug"
        )
    text = _environment().get_template("new_topic.yaml.j2").render(name=name)
    file = _write_new(root / TOPICS_DIR / f"{tag}{RECORD_SUFFIX}", text, root)
    tags = {t for event in load_records(root, RecordCache(root)).events for t in event.tags}
    notes = []
    if tag not in tags:
        close = Suggester(tags).closest(tag)
        notes.append(
            f"note: no event has the tag '{tag}' yet, so the topic is not shown until one "
            f"does; {did_you_mean(close)}the file name is the tag it describes"
        )
    return file, notes


def declared_periods(root: Path) -> list[model.Period]:
    """The valid period records of the project (a broken one is for validate to report)."""
    result = LoadResult()
    for file in find_record_files(root, PERIODS_DIR, [], nested=False):
        _load_record(root, file, schema.PERIOD, result)
    return result.periods


def _check_period(root: Path, period: model.Period) -> None:
    last = period.last_day(date.max)
    if period.end is not None and period.end.latest < period.first_day:
        raise UserError(
            f"--end {period.end.edtf()} is before --start {period.start.edtf()}; "
            "a period ends after it starts"
        )
    for other in declared_periods(root):
        if other.first_day <= last and period.first_day <= other.last_day(date.max):
            end = other.end.edtf() if other.end else "ongoing"
            raise UserError(
                f"the period overlaps '{other.id}' ({other.start.edtf()} to {end}, "
                f"{other.path}); periods are bands on one row of the time axis, so one must "
                "end before the next starts: choose other dates, or change that period first"
            )


def _bound(field: schema.Field, value: str, option: str) -> DatePoint:
    try:
        return _check_value(field.type, value, option)
    except UserError as exc:
        raise UserError(f"{option} {exc}") from None


def write_period(
    root: Path, name: str, start: str, end: str | None = None, slug: str | None = None
) -> Path:
    """Write entities/periods/<slug>.yaml, valid as written; a UserError if it cannot."""
    fields = schema.PERIOD.fields
    name = _check_value(fields["name"].type, name, "name")
    first = _bound(fields["start"], start, "--start")
    last = _bound(fields["end"], end, "--end") if end is not None else None
    period_id = _record_id(name, slug, "second-term")
    path = f"{PERIODS_DIR}/{period_id}{RECORD_SUFFIX}"
    _check_period(root, model.Period(period_id, path, name, first, last))
    text = (
        _environment()
        .get_template("new_period.yaml.j2")
        .render(
            name=name,
            start=YamlText(first.edtf()),  # checked dates, written as the records write them
            end=YamlText(last.edtf()) if last is not None else None,
        )
    )
    return _write_new(root / path, text, root)
