"""Every date the format accepts is written correctly by every export; the rest is refused.

Years run from 0001 to 9998 (generator/dates.py says why). Hypothesis draws dates
from that whole range, at every precision, with qualifiers, spans and ongoing spans,
and publication and update days; each export of the dataset is read back with the
reader its format has (icalendar, feedparser, json, csv) and must say the same
days, with years in four digits. The command-line tests run the real `timeline` on
the extremes.
"""

from __future__ import annotations

import calendar
import csv
import io
import json
import re
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import feedparser
import icalendar
import jsonschema
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from generator import exports
from generator.exports import filter_index, ics_export, json_export, jsonld, timelinejs
from generator.records.dates import (
    DATE_PATTERN,
    DAY_PATTERN,
    FIRST_YEAR,
    LAST_YEAR,
    DateError,
    EventDate,
    parse_date,
    parse_day,
)
from generator.records.model import Dataset, Entity, Event, Source, Update
from generator.settings import SiteConfig
from tests.helpers import new_project, run_timeline, write_file

CONFIG = SiteConfig(name="Dates", url="https://example.org/site/")
BUILD_TIME = datetime(2025, 6, 1, 12, 0, tzinfo=UTC)
ISO_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")


@st.composite
def points(draw: st.DrawFn) -> str:
    year = draw(st.integers(FIRST_YEAR, LAST_YEAR))
    text = f"{year:04d}"
    precision = draw(st.sampled_from(("year", "month", "day")))
    if precision != "year":
        month = draw(st.integers(1, 12))
        text += f"-{month:02d}"
        if precision == "day":
            text += f"-{draw(st.integers(1, calendar.monthrange(year, month)[1])):02d}"
    return text + draw(st.sampled_from(("", "", "~", "?", "%")))


@st.composite
def date_texts(draw: st.DrawFn) -> str:
    shape = draw(st.sampled_from(("point", "span", "ongoing")))
    start = draw(points())
    if shape == "point":
        return start
    if shape == "ongoing":
        return f"{start}/.."
    return f"{start}/{draw(points())}"


def days() -> st.SearchStrategy[date]:
    return st.dates(date(FIRST_YEAR, 1, 1), date(LAST_YEAR, 12, 31))


def dataset_of(when: EventDate, published: date, updated: date) -> tuple[Dataset, Event]:
    event = Event(
        id="an-event",
        path="events/x/an-event.yaml",
        title="An event",
        date=when,
        summary="What happened.",
        sources=(Source(url="https://example.org/a", publisher="P", published=published),),
        actors=("someone",),
        tags=("dates",),
        updates=(Update(date=updated, kind="update", note="More."),),
    )
    someone = Entity(id="someone", path="entities/someone.yaml", name="Someone", kind="person")
    return Dataset([event], [someone]), event


def _day_of(parsed: tuple) -> date:
    return date(*parsed[:3])


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=date_texts(), published=days(), updated=days())
def test_every_accepted_date_is_written_right_by_every_export(
    text: str, published: date, updated: date
) -> None:
    try:
        when = parse_date(text)
    except DateError:
        assume(False)  # a span that ends before it starts, or starts and ends alike
        return
    assert re.match(DATE_PATTERN, text), text  # the JSON Schema accepts it too
    assert parse_day(published.isoformat()) == published
    assert re.match(DAY_PATTERN, published.isoformat())
    dataset, event = dataset_of(when, published, updated)
    earliest, latest = when.earliest, when.latest

    document = json.loads(json_export.events_json(dataset, CONFIG, BUILD_TIME))
    jsonschema.validate(document, json_export.EVENTS_SCHEMA)
    exported = document["events"][0]
    assert exported["date"]["earliest"] == earliest.isoformat()
    assert exported["date"]["latest"] == (latest.isoformat() if latest else None)
    assert exported["date"]["edtf"] == when.edtf()
    # as a reader sees it, the year in four digits: 'January 5' would read as a day
    shown = exported["date"]["display"]
    assert f"{((when.end or when.start).year):04d}" in shown, shown
    assert not re.search(r"(?<![\d])\d{3}(?![\d])|(?<![\d])\d{2}$", shown), shown
    assert exported["sources"][0]["published"] == published.isoformat()
    assert exported["updates"][0]["date"] == updated.isoformat()

    [row] = csv.DictReader(io.StringIO(exports.FORMATS["csv"](dataset, CONFIG, BUILD_TIME)[1:]))
    assert row["earliest"] == earliest.isoformat()
    assert row["latest"] == (latest.isoformat() if latest else "")
    assert ISO_DAY.match(row["earliest"])

    vevents = icalendar.Calendar.from_ical(ics_export.events_ics(dataset, CONFIG, BUILD_TIME)).walk(
        "VEVENT"
    )
    if ics_export.in_calendar(when):
        [vevent] = vevents
        last = earliest if when.ongoing else latest
        assert vevent.decoded("DTSTART") == earliest
        assert vevent.decoded("DTEND") == last + timedelta(days=1)
        midnight = datetime.combine(updated, datetime.min.time(), UTC)
        assert vevent.decoded("LAST-MODIFIED") == midnight
    else:
        assert vevents == []

    feed = feedparser.parse(exports.FORMATS["atom"](dataset, CONFIG, BUILD_TIME).encode())
    assert not feed.bozo, feed.bozo_exception
    [entry] = feed.entries
    assert _day_of(entry.published_parsed) == earliest
    assert _day_of(entry.updated_parsed) == max(earliest, updated)
    assert re.match(r"^\d{4}-\d{2}-\d{2}T00:00:00Z$", entry.published)

    slide = json.loads(timelinejs.timelinejs_json(dataset, CONFIG, BUILD_TIME))["events"][0]
    start = when.start
    assert slide["start_date"] == {
        k: v
        for k, v in (("year", start.year), ("month", start.month), ("day", start.day))
        if v is not None
    }
    if when.end is not None:
        assert slide["end_date"]["year"] == when.end.year

    data = json.loads(jsonld.event_jsonld(event, dataset, CONFIG))
    assert data["startDate"] == start.edtf().rstrip("~?%")
    assert re.match(r"^\d{4}(-\d{2}(-\d{2})?)?$", data["startDate"])
    if when.end is not None:
        assert data["endDate"] == when.end.edtf().rstrip("~?%")
    assert "citation" not in data  # the sources are on the page and in events.json

    index = json.loads(filter_index.filter_index(dataset, CONFIG, BUILD_TIME))
    row_of_event = index["events"][0]
    assert row_of_event[2] == earliest.year
    assert row_of_event[8] == earliest.year * 10000 + earliest.month * 100 + earliest.day


@given(year=st.sampled_from((0, 9999)), rest=st.sampled_from(("", "-01", "-12-31", "~")))
def test_years_outside_the_range_are_refused(year: int, rest: str) -> None:
    text = f"{year:04d}{rest}"
    for candidate in (text, f"2025/{text}", f"{text}/.."):
        with pytest.raises(DateError):
            parse_date(candidate)
        assert not re.match(DATE_PATTERN, candidate)
    if rest == "-12-31":
        with pytest.raises(DateError):
            parse_day(text)
        assert not re.match(DAY_PATTERN, text)


EVENT = """\
title: An event at the edge of the calendar
date: "{date}"
summary: What happened.
actors: [ana-example]
sources:
  - url: https://example.org/{name}
    publisher: Example Daily
    title: An article
    published: "{published}"
updates:
  - date: "{updated}"
    kind: update
    note: More.
"""


def test_the_extremes_through_every_export_command(tmp_path: Path) -> None:
    """`timeline export` in every format on the first and last days of the range."""
    root = new_project(tmp_path / "project")
    edges = {
        "0001-01-01-first-day": ("0001-01-01", "0001-01-01", "0001-01-01"),
        "0999-05-03-below-1000": ("0999-05-03", "0999-05-03", "0999-05-04"),
        "9998-01-01-span-to-the-last-day": ("9998-01-01/9998-12-31", "9998-12-31", "9998-12-31"),
    }
    for name, (when, published, updated) in edges.items():
        text = EVENT.format(date=when, name=name, published=published, updated=updated)
        write_file(root, f"events/{name[:4]}/{name}.yaml", text)
    assert run_timeline("validate", cwd=root).stdout == ""  # not even a wrong-folder warning
    outputs = {}
    for form in ("json", "csv", "ics", "atom", "timelinejs"):
        result = run_timeline("export", "--format", form, cwd=root)
        assert result.returncode == 0, result.stderr
        outputs[form] = result.stdout
    ics = outputs["ics"]
    for line in ("DTSTART;VALUE=DATE:00010101", "DTEND;VALUE=DATE:00010102"):
        assert line in ics.splitlines()
    assert "DTSTART;VALUE=DATE:09990503" in ics.splitlines()
    assert "DTEND;VALUE=DATE:99990101" in ics
    assert "LAST-MODIFIED:09990504T000000Z" in ics
    atom = outputs["atom"]
    assert "<published>0999-05-03T00:00:00Z</published>" in atom
    assert "<updated>9998-12-31T00:00:00Z</updated>" in atom
    assert '"earliest":"0001-01-01"' in outputs["json"]
    assert "0999-05-03" in outputs["csv"]


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("date", "9999-12-31"),
        ("date", "2025-01-01/9999-12-31"),
        ("date", "9999"),
        ("published", "9999-12-31"),
        ("updated", "9999-12-31"),
    ],
)
def test_the_year_9999_is_refused_where_it_is_written(
    tmp_path: Path, field: str, value: str
) -> None:
    root = new_project(tmp_path / "project")
    values = {"date": "2025-05-03", "published": "2025-05-03", "updated": "2025-05-04"}
    values[field] = value
    text = EVENT.format(name="x", **values)
    write_file(root, "events/2025/2025-05-03-x.yaml", text)
    line = {"date": 2, "published": 9, "updated": 11}[field]
    col = {"date": 7, "published": 16, "updated": 11}[field]
    for command in (["validate"], ["export", "--format", "ics"], ["build"]):
        result = run_timeline(*command, cwd=root)
        assert result.returncode == 1, (command, result.stderr)
        assert "Traceback" not in result.stderr
        output = result.stdout + result.stderr
        wrong = value.rsplit("/", 1)[-1]  # the point of a span that is out of range
        assert (
            f"events/2025/2025-05-03-x.yaml:{line}:{col}: error: '{wrong}': years run from "
            "0001 to 9998" in output
        ), output
    assert not (root / "site").exists()


def test_new_event_below_1000_goes_to_its_four_digit_year_folder(tmp_path: Path) -> None:
    root = new_project(tmp_path / "project")
    result = run_timeline("new", "event", "An old event", "--date", "0999-05-03", cwd=root)
    assert result.returncode == 0, result.stderr
    assert result.stdout == "events/0999/0999-05-03-an-old-event.yaml\n"
    validate = run_timeline("validate", cwd=root)
    assert "wrong-folder" not in validate.stdout  # the skeleton's placeholders are errors
