"""What changed, and when: records added, updated and corrected, newest first, and their feed.

A change comes from one of two places. The repository's history
(`dataset.history`, read by generator.site.history) says when each event was
added and when its record last changed; the record's own `updates` say what
a change was, in the maintainer's words, with `kind: correction` for a
correction. A change seen only in the history (an edit with no note) is an
update without a note; an edit made on the day of a note is the note's.

The changes page, the corrections log, the marks on cards ("Updated 4 May
2025") and `/changes.xml` all come from `event_changes`, so they agree.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import dataclass
from datetime import datetime

from generator import layout as urls
from generator.exports.atom import ATOM_NS, GENERATOR, _add
from generator.exports.clock import day_start, utc_timestamp
from generator.records.model import Dataset, Event
from generator.records.plain_text import plain_text
from generator.settings import SiteConfig

ADDED, UPDATED, CORRECTED = "added", "updated", "corrected"
# on one day, a correction says more than an update, which says more than the addition
_WEIGHT = {ADDED: 0, UPDATED: 1, CORRECTED: 2}
_NOTE_KINDS = {"update": UPDATED, "correction": CORRECTED}
LABELS = {ADDED: "Added", UPDATED: "Updated", CORRECTED: "Corrected"}
MAX_FEED_ENTRIES = 100


@dataclass(frozen=True)
class Change:
    when: datetime  # UTC; a note's day at midnight
    kind: str  # added | updated | corrected
    event: Event
    note: str | None = None  # the record's note, Markdown; None for what only the history says

    @property
    def label(self) -> str:
        return LABELS[self.kind]

    def order(self) -> tuple:
        """Newest first; on one moment, the weightier kind first; then by event."""
        return (-self.when.timestamp(), -_WEIGHT[self.kind], self.event.sort_key)


def event_changes(event: Event, dataset: Dataset) -> list[Change]:
    """Every change of one event, newest first."""
    changes = [
        Change(day_start(update.date), _NOTE_KINDS[update.kind], event, update.note)
        for update in event.updates
    ]
    dates = dataset.history.of(event.path)
    if dates is not None:
        changes.append(Change(dates.added, ADDED, event))
        noted_days = {update.date for update in event.updates}
        edited = dates.changed.date()
        if edited > dates.added.date() and edited not in noted_days:
            changes.append(Change(dates.changed, UPDATED, event))
    return sorted(changes, key=Change.order)


def latest_mark(event: Event, dataset: Dataset) -> Change | None:
    """What a card says of a changed event: its newest update or correction, if any."""
    return next((c for c in event_changes(event, dataset) if c.kind != ADDED), None)


def recent_changes(dataset: Dataset, limit: int | None = None) -> list[Change]:
    """The changes of every event, newest first; the first `limit` of them if given."""
    changes = [change for event in dataset.events for change in event_changes(event, dataset)]
    changes.sort(key=Change.order)
    return changes[:limit] if limit is not None else changes


def corrections(dataset: Dataset) -> list[Change]:
    """Every correction the records declare, newest first."""
    found = [
        Change(day_start(update.date), CORRECTED, event, update.note)
        for event in dataset.events
        for update in event.updates
        if update.kind == "correction"
    ]
    return sorted(found, key=Change.order)


def changes_feed(dataset: Dataset, config: SiteConfig, build_time: datetime) -> str:
    """/changes.xml: the newest additions, updates and corrections, as Atom."""
    changes = recent_changes(dataset, MAX_FEED_ENTRIES)
    page_url = config.absolute(urls.address_of(urls.CHANGES_PAGE))
    feed = ET.Element("feed", {"xmlns": ATOM_NS})
    _add(feed, "id", config.absolute(urls.CHANGES_FEED))
    _add(feed, "title", f"{config.name}: changes", type="text")
    _add(feed, "subtitle", "Events added, updated and corrected, newest first.", type="text")
    _add(feed, "updated", utc_timestamp(changes[0].when if changes else build_time))
    _add(feed, "link", rel="self", type="application/atom+xml", href=_own(config))
    _add(feed, "link", rel="alternate", type="text/html", href=page_url)
    author = _add(feed, "author")
    _add(author, "name", config.name)
    _add(author, "uri", config.url)
    _add(feed, "generator", GENERATOR)
    for change in changes:
        _change_entry(feed, change, config)
    ET.indent(feed)
    return '<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(feed, "unicode") + "\n"


def _own(config: SiteConfig) -> str:
    return config.absolute(urls.CHANGES_FEED)


def _change_entry(feed: ET.Element, change: Change, config: SiteConfig) -> None:
    event = change.event
    url = config.absolute(urls.event_address(event.id))
    entry = _add(feed, "entry")
    # one entry per change: the event's address with what changed and when
    _add(entry, "id", f"{url}#{change.kind}-{utc_timestamp(change.when)}")
    _add(entry, "title", f"{change.label}: {event.title}", type="text")
    _add(entry, "link", rel="alternate", type="text/html", href=url)
    _add(entry, "published", utc_timestamp(change.when))
    _add(entry, "updated", utc_timestamp(change.when))
    _add(entry, "category", term=change.kind, label=change.label)
    told = plain_text(change.note) if change.note else plain_text(event.summary)
    _add(entry, "summary", f"{event.date.display()}. {told}", type="text")
