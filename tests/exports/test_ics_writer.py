"""events.ics is written without the icalendar package, byte for byte as the package writes it.

The reference below builds the same calendar with icalendar's objects, as the
export did before it was rewritten for speed (2.7 s at 10,000 events).
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import icalendar
import pytest

from generator import layout as urls
from generator.exports import ics_export
from generator.exports.clock import day_start
from generator.records.dates import parse_date, parse_day
from generator.records.model import Dataset, Event, Source, Update
from generator.records.plain_text import plain_text
from generator.records.project import load_project
from generator.settings import SiteConfig, read_site_config
from tests.helpers import GOLDEN, GOLDEN_PROJECT

FIXTURES = [
    GOLDEN / "exports" / "awkward",
    GOLDEN_PROJECT,
]
BUILD_TIME = datetime(2025, 6, 1, 12, 30, 45, tzinfo=UTC)


def reference_ics(dataset, config: SiteConfig, build_time: datetime) -> str:
    calendar = icalendar.Calendar()
    calendar.add("prodid", ics_export.PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", icalendar.vText(config.name))
    if config.description:
        calendar.add("x-wr-caldesc", icalendar.vText(config.description))
    domain = ics_export.uid_domain(config)
    for event in dataset.events:
        if not ics_export.in_calendar(event.date):
            continue
        when = event.date
        last_day = when.earliest if when.ongoing else when.latest
        url = config.absolute(urls.event_address(event.id))
        heading = when.display() + (f", {event.time} (local time)" if event.time else "")
        description = "\n\n".join(
            (heading, f"Status: {event.status}", plain_text(event.summary), url)
        )
        entry = icalendar.Event()
        entry.add("uid", f"{event.id}@{domain}")
        entry.add("dtstamp", build_time.astimezone(UTC))
        entry.add("dtstart", when.earliest)
        entry.add("dtend", last_day + timedelta(days=1))
        entry.add("summary", event.title)
        entry.add("description", description)
        entry.add("url", url)
        entry.add("status", ics_export.STATUS[event.status])
        if event.tags:
            entry.add("categories", list(event.tags))
        if event.updates:
            entry.add("last-modified", day_start(max(u.date for u in event.updates)))
        calendar.add_component(entry)
    return calendar.to_ical().decode("utf-8")


@pytest.mark.parametrize("fixture", FIXTURES, ids=lambda p: p.name)
def test_the_calendar_is_what_icalendar_writes(fixture: Path) -> None:
    dataset, _ = load_project(fixture)
    config = read_site_config(fixture)
    assert ics_export.events_ics(dataset, config, BUILD_TIME) == reference_ics(
        dataset, config, BUILD_TIME
    )


@pytest.mark.parametrize(
    "value",
    [
        "x" * 200,
        "a;b,c\\d\ne" * 30,
        "ünïcödé 東京 " * 20,
        "é" * 100 + "\\" + "x" * 100,
        ("y" * 73 + "\\,") * 3,
        ("z" * 72 + "^^") * 3,
        "\\N and \r\n and \r" * 10,
    ],
)
def test_text_and_folding_match_icalendar(value: str) -> None:
    entry = icalendar.Event()
    entry.add("description", value)
    written = entry.to_ical().decode()
    expected = written.removeprefix("BEGIN:VEVENT\r\n").removesuffix("\r\nEND:VEVENT\r\n")
    assert ics_export.fold("DESCRIPTION:" + ics_export.text(value)) == expected


def test_years_below_1000_and_the_last_day_match_icalendar() -> None:
    """Four-digit years at both ends of the range (strftime wrote 9990503 for 0999-05-03)."""
    events = [
        Event(
            id=f"edge-{number}",
            path=f"events/x/edge-{number}.yaml",
            title="An edge",
            date=parse_date(when),
            summary="What happened.",
            sources=(Source(url="https://example.org/", publisher="P"),),
            updates=(Update(date=parse_day(updated), kind="update", note="More."),),
        )
        for number, (when, updated) in enumerate(
            [("0001-01-01", "0001-01-01"), ("0999-05-03", "0999-05-04"),
             ("9998-01-01/9998-12-31", "9998-12-31")]
        )
    ]  # fmt: skip
    dataset = Dataset(events, [])
    early = datetime(1, 1, 1, tzinfo=UTC)
    written = ics_export.events_ics(dataset, SiteConfig(), early)
    assert written == reference_ics(dataset, SiteConfig(), early)
    assert "DTSTART;VALUE=DATE:09990503\r\n" in written
    assert "DTSTAMP:00010101T000000Z\r\n" in written
    assert "DTEND;VALUE=DATE:99990101\r\n" in written
