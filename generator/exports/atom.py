"""Atom feeds (RFC 4287): the whole site at /feed.xml, one per tag and one per actor.

Entries are events, newest first by date, at most `MAX_ENTRIES` of them in the
site's feed and `SCOPED_ENTRIES` in a tag's or an actor's: a feed says what is
new, a reader polls it again and again, and its page and events.json hold
everything. 1,000 actor feeds of up to 100 entries were 30 MB of a 10,000-event
site, and of 20 entries 24 MB; ten is what jekyll-feed and WordPress publish by
default, and an actor with more than ten new events between two polls is rare. An entry's
id is its page URL, which never changes; `published` is the first day of
the event and `updated` the day of its latest update note (or its first day),
both at midnight UTC. The feed's own `updated` is the newest entry's, so an
unchanged dataset gives an unchanged feed.

ElementTree builds the XML, so every text and attribute is escaped by the
writer, never by hand; characters that XML 1.0 cannot carry at all are
dropped first (records refuse them already; the feed must stay well-formed
whatever it is given).
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Callable, Sequence
from datetime import datetime

from generator import layout as urls
from generator.exports.clock import day_start, utc_timestamp
from generator.records.model import Dataset, Event
from generator.records.plain_text import plain_text
from generator.settings import SiteConfig

ATOM_NS = "http://www.w3.org/2005/Atom"
MAX_ENTRIES = 100
SCOPED_ENTRIES = 10
GENERATOR = "timeline-generator"
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def xml_text(text: str) -> str:
    return _NOT_XML.sub("", text)


def _add(parent: ET.Element, tag: str, text: str | None = None, **attributes: str) -> ET.Element:
    element = ET.SubElement(parent, tag, {k: xml_text(v) for k, v in attributes.items()})
    if text is not None:
        element.text = xml_text(text)
    return element


def entry_updated(event: Event) -> datetime:
    days = [event.date.earliest, *(u.date for u in event.updates)]
    return day_start(max(days))


def _entry(feed: ET.Element, event: Event, config: SiteConfig, names: Callable[[str], str]) -> None:
    url = config.absolute(urls.event_address(event.id))
    entry = _add(feed, "entry")
    _add(entry, "id", url)
    _add(entry, "title", event.title, type="text")
    _add(entry, "link", rel="alternate", type="text/html", href=url)
    _add(entry, "published", utc_timestamp(day_start(event.date.earliest)))
    _add(entry, "updated", utc_timestamp(entry_updated(event)))
    summary = f"{event.date.display()}. {plain_text(event.summary)}"
    _add(entry, "summary", summary, type="text")
    scheme = config.absolute(urls.address_of(urls.TAGS_PAGE))
    for tag in event.tags:
        _add(entry, "category", term=tag, label=names(tag), scheme=scheme)


def newest(events: Sequence[Event], limit: int = SCOPED_ENTRIES) -> Sequence[Event]:
    """The events a feed of `events` (in time order) lists: all that it shows."""
    return events[-limit:]


def atom_feed(
    config: SiteConfig,
    *,
    title: str,
    page_path: str,
    feed_path: str,
    events: Sequence[Event],
    build_time: datetime,
    topic_name: Callable[[str], str] = str,
    limit: int = SCOPED_ENTRIES,
) -> str:
    """One feed of the newest `limit` of `events` (given in time order)."""
    entries = list(newest(events, limit))[::-1]
    page_url = config.absolute(page_path)
    feed = ET.Element("feed", {"xmlns": ATOM_NS})
    _add(feed, "id", page_url)
    _add(feed, "title", title, type="text")
    if config.description:
        _add(feed, "subtitle", config.description, type="text")
    updated = max((entry_updated(e) for e in entries), default=build_time)
    _add(feed, "updated", utc_timestamp(updated))
    _add(feed, "link", rel="self", type="application/atom+xml", href=config.absolute(feed_path))
    _add(feed, "link", rel="alternate", type="text/html", href=page_url)
    author = _add(feed, "author")
    _add(author, "name", config.name)
    _add(author, "uri", config.url)
    _add(feed, "generator", GENERATOR)
    for event in entries:
        _entry(feed, event, config, topic_name)
    ET.indent(feed)
    return '<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(feed, "unicode") + "\n"


def site_feed(dataset: Dataset, config: SiteConfig, build_time: datetime) -> str:
    """/feed.xml: every event of the site."""
    return atom_feed(
        config,
        title=config.name,
        page_path="",
        feed_path=urls.SITE_FEED,
        events=dataset.events,
        build_time=build_time,
        topic_name=dataset.topic_term,
        limit=MAX_ENTRIES,
    )


def tag_feed(dataset: Dataset, config: SiteConfig, build_time: datetime, tag: str) -> str:
    """/tags/<tag>/feed.xml: the events with one tag."""
    return atom_feed(
        config,
        title=f"{config.name}: {dataset.topic_term(tag)}",
        page_path=urls.tag_address(tag),
        feed_path=urls.tag_feed_path(tag),
        events=dataset.events_by_tag.get(tag, ()),
        build_time=build_time,
        topic_name=dataset.topic_term,
    )


def actor_feed(dataset: Dataset, config: SiteConfig, build_time: datetime, entity_id: str) -> str:
    """/actors/<id>/feed.xml: the events that name one person or organisation."""
    entity = dataset.entities[entity_id]
    return atom_feed(
        config,
        title=f"{config.name}: {entity.name}",
        page_path=urls.entity_address(entity),
        feed_path=urls.actor_feed_path(entity_id),
        events=dataset.events_by_entity.get(entity_id, ()),
        build_time=build_time,
        topic_name=dataset.topic_term,
    )
