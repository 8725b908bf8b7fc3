"""/data/timelinejs.json: the events in the TimelineJS 3 JSON format.

Anyone can embed a TimelineJS view of the data by pointing TimelineJS at
this file (https://timeline.knightlab.com/docs/json-format.html). Date
objects hold only the parts the precision allows: a year-precision event
gives {"year": 2025}, never an invented month or day. The documentation
asks for numbers, so year, month, day, hour and minute are numbers.

TimelineJS reads `headline` and `text` as HTML, so both are built from
escaped plain text, never from the contributor's Markdown or HTML. A
slide-level `display_date` carries the site's wording when the date says
more than the date objects can: approximate, uncertain or ongoing.
"""

from __future__ import annotations

import html
from collections.abc import Iterator
from datetime import datetime
from typing import Any

from generator import layout as urls
from generator.exports.json_stream import Lazy, dump_json_chunks
from generator.records.dates import DatePoint, EventDate
from generator.records.model import Dataset, Event
from generator.records.plain_text import plain_text
from generator.settings import SiteConfig


def date_object(point: DatePoint, time: str | None = None) -> dict[str, int]:
    parts = {"year": point.year}
    if point.month is not None:
        parts["month"] = point.month
    if point.day is not None:
        parts["day"] = point.day
        if time:
            hour, minute = time.split(":")
            parts["hour"], parts["minute"] = int(hour), int(minute)
    return parts


def _says_more(when: EventDate) -> bool:
    points = (when.start, when.end) if when.end else (when.start,)
    return when.ongoing or any(point.qualifier for point in points)


def _html_paragraphs(text: str) -> str:
    return "".join(f"<p>{html.escape(p)}</p>" for p in text.split("\n\n") if p)


def slide(event: Event, config: SiteConfig) -> dict[str, Any]:
    url = config.absolute(urls.event_address(event.id))
    text = _html_paragraphs(plain_text(event.summary))
    if event.status in ("disputed", "retracted"):
        text = f"<p><strong>{html.escape(event.status.capitalize())}.</strong></p>" + text
    text += f'<p><a href="{html.escape(url)}">Sources and details</a></p>'
    result: dict[str, Any] = {
        "unique_id": event.id,
        "start_date": date_object(event.date.start, event.time),
        "text": {"headline": html.escape(event.title), "text": text},
    }
    if event.date.end is not None:
        result["end_date"] = date_object(event.date.end)
    if _says_more(event.date):
        result["display_date"] = html.escape(event.date.display())
    return result


def timelinejs_json(dataset: Dataset, config: SiteConfig, build_time: datetime) -> str:
    return "".join(timelinejs_chunks(dataset, config, build_time))


def timelinejs_chunks(dataset: Dataset, config: SiteConfig, build_time: datetime) -> Iterator[str]:
    """timelinejs.json in pieces, one slide at a time (see json_export.dump_json_chunks)."""
    title_text = _html_paragraphs(config.description) if config.description else ""
    payload = {
        "title": {"text": {"headline": html.escape(config.name), "text": title_text}},
        "events": Lazy(slide(event, config) for event in dataset.events),
    }
    return dump_json_chunks(payload)
