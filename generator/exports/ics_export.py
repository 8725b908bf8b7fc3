"""/data/events.ics: the events a calendar can place on a day (RFC 5545).

Which events are in it:
- a day (`2025-05-03`) becomes an all-day event;
- a span of days (`2025-01-20/2025-03-01`) becomes an all-day event whose
  DTEND is the day after its last day (DTEND is exclusive);
- an ongoing span of days (`2025-01-20/..`) becomes an all-day event on its
  first day only, its description saying it is ongoing: a calendar cannot
  show an event without an end;
- approximate or uncertain days (`2025-04-16?`) are kept, with the date as
  the site writes it ("16 April 2025 (?)") at the top of the description;
- anything known only to the month or year, at either end, is left out:
  a calendar would have to invent a day. The data page says how many.

UIDs are `<event id>@<site host>`, stable across builds. STATUS follows
the record's status: confirmed -> CONFIRMED, reported and disputed ->
TENTATIVE, retracted -> CANCELLED. The icalendar package escapes text and
folds lines at 75 octets.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from urllib.parse import urlsplit

import icalendar

from generator.dates import EventDate, Precision
from generator.exports import urls
from generator.exports.clock import day_start
from generator.exports.text import plain_text
from generator.model import Dataset, Event
from generator.siteconfig import SiteConfig

PRODID = "-//timeline-generator//Timeline events//EN"
STATUS = {
    "confirmed": "CONFIRMED",
    "reported": "TENTATIVE",
    "disputed": "TENTATIVE",
    "retracted": "CANCELLED",
}


def in_calendar(when: EventDate) -> bool:
    """True if every end of the date is a known day."""
    if when.start.precision is not Precision.DAY:
        return False
    return when.end is None or when.end.precision is Precision.DAY


def left_out(dataset: Dataset) -> list[Event]:
    """The events the calendar leaves out, for the data page to count."""
    return [event for event in dataset.events if not in_calendar(event.date)]


def uid_domain(config: SiteConfig) -> str:
    parts = urlsplit(config.url)
    path = parts.path.strip("/")
    host = parts.hostname or "localhost"
    return f"{host}/{path}" if path else host


def calendar_event(
    event: Event, config: SiteConfig, stamp: datetime, domain: str
) -> icalendar.Event:
    when = event.date
    first_day = when.earliest
    last_day = first_day if when.ongoing else when.latest
    url = config.absolute(urls.event_path(event.id))
    heading = when.display() + (f", {event.time} (local time)" if event.time else "")
    description = "\n\n".join((heading, f"Status: {event.status}", plain_text(event.summary), url))
    entry = icalendar.Event()
    entry.add("uid", f"{event.id}@{domain}")
    entry.add("dtstamp", stamp.astimezone(UTC))
    entry.add("dtstart", first_day)
    entry.add("dtend", last_day + timedelta(days=1))
    entry.add("summary", event.title)
    entry.add("description", description)
    entry.add("url", url)
    entry.add("status", STATUS[event.status])
    if event.tags:
        entry.add("categories", list(event.tags))
    if event.updates:
        entry.add("last-modified", day_start(max(u.date for u in event.updates)))
    return entry


def events_ics(dataset: Dataset, config: SiteConfig, build_time: datetime) -> str:
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    # icalendar escapes X- properties only when told that they are text
    calendar.add("x-wr-calname", icalendar.vText(config.name))
    if config.description:
        calendar.add("x-wr-caldesc", icalendar.vText(config.description))
    domain = uid_domain(config)
    for event in dataset.events:
        if in_calendar(event.date):
            calendar.add_component(calendar_event(event, config, build_time, domain))
    return calendar.to_ical().decode("utf-8")
