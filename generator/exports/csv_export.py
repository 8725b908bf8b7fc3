"""/data/events.csv: one row per event, for spreadsheets.

RFC 4180: comma-separated, fields quoted when needed, CRLF line ends. The
file starts with a UTF-8 byte order mark, because Excel otherwise reads
UTF-8 as a legacy code page and garbles every accented name; LibreOffice,
Google Sheets and pandas skip the mark (Python: `encoding="utf-8-sig"`).

Spreadsheets run a cell that begins with = + - @ (and some, tab or carriage
return) as a formula, so such cells get a leading apostrophe, as OWASP
advises against CSV injection. Lists are joined with "; "; events.json
holds the same data unflattened.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from datetime import datetime

from generator import layout as urls
from generator.exports.json_export import PRECISIONS
from generator.records.model import Dataset, Event
from generator.settings import SiteConfig

# column -> what it holds, for the header row and the data page
COLUMNS = {
    "id": "The event's id.",
    "url": "The event's page.",
    "title": "What happened, in one line.",
    "date": "The date as written in the record (EDTF).",
    "date_display": "The date as the site shows it.",
    "earliest": "First day the date can mean (YYYY-MM-DD).",
    "latest": "Last day the date can mean; empty while a span is ongoing.",
    "precision": "year, month or day: how precisely the start is known.",
    "time": "24-hour local time, if given.",
    "status": "confirmed, reported, disputed or retracted.",
    "summary": "The summary, in Markdown as written.",
    "actors": "Entity ids of those involved.",
    "places": "Entity ids of the places.",
    "tags": "Topic tags.",
    "source_urls": "Web addresses of the sources, in order.",
    "source_publishers": "Publishers of the sources, in the same order.",
    "related": "Related events as 'Label: event id', in both directions.",
}
LIST_SEPARATOR = "; "
BYTE_ORDER_MARK = "\ufeff"
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(cell: str) -> str:
    """A cell that no spreadsheet will run as a formula."""
    # some importers trim leading spaces before they look for a formula
    if cell.startswith(_FORMULA_STARTS) or cell.lstrip().startswith(_FORMULA_STARTS):
        return "'" + cell
    return cell


def event_row(event: Event, dataset: Dataset, config: SiteConfig) -> dict[str, str]:
    when = event.date
    row = {
        "id": event.id,
        "url": config.absolute(urls.event_address(event.id)),
        "title": event.title,
        "date": when.edtf(),
        "date_display": when.display(),
        "earliest": when.earliest.isoformat(),
        "latest": when.latest.isoformat() if when.latest else "",
        "precision": PRECISIONS[when.precision],
        "time": event.time or "",
        "status": event.status,
        "summary": event.summary,
        "actors": LIST_SEPARATOR.join(event.actors),
        "places": LIST_SEPARATOR.join(event.places),
        "tags": LIST_SEPARATOR.join(event.tags),
        "source_urls": LIST_SEPARATOR.join(s.url for s in event.sources),
        "source_publishers": LIST_SEPARATOR.join(s.publisher for s in event.sources),
        "related": LIST_SEPARATOR.join(
            f"{link.label}: {link.event}" for link in dataset.links_of(event)
        ),
    }
    return {column: neutralise(value) for column, value in row.items()}


def events_csv(dataset: Dataset, config: SiteConfig, build_time: datetime) -> str:
    return "".join(events_csv_chunks(dataset, config, build_time))


def events_csv_chunks(dataset: Dataset, config: SiteConfig, build_time: datetime) -> Iterator[str]:
    """events.csv in pieces, a row at a time, never the whole text at once."""
    buffer = io.StringIO()
    buffer.write(BYTE_ORDER_MARK)
    writer = csv.DictWriter(buffer, fieldnames=list(COLUMNS), lineterminator="\r\n")
    writer.writeheader()
    for event in dataset.events:
        yield buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()
        writer.writerow(event_row(event, dataset, config))
    yield buffer.getvalue()
