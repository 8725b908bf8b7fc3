"""Exports: the dataset in the formats other tools read.

Each format is a pure function `(dataset, config, build_time) -> str`; none
touches the disk. `site_files` gathers every file the published site serves,
keyed by its path under the site root; `FORMATS` is what
`timeline export --format` offers; `feed_links` tells a page's <head> which
feeds to advertise; `event_jsonld` is the JSON-LD of an event page.

| module | file |
|---|---|
| json_export | /data/events.json, /data/schema.json |
| csv_export | /data/events.csv |
| ics_export | /data/events.ics |
| atom | /feed.xml, /tags/<tag>/feed.xml, /actors/<id>/feed.xml |
| changes | /changes.xml; what the changes page and the marks on cards show |
| search_bundles | /search-bundles.json: the search index bundles, for the search dialog |
| timelinejs | /data/timelinejs.json |
| filter_index | /data/filter-index.json (for the timeline filters) |
| jsonld | JSON-LD inside each event page |
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from datetime import datetime
from functools import partial
from typing import NamedTuple

from generator import layout as urls
from generator.exports import (
    atom,
    changes,
    csv_export,
    filter_index,
    ics_export,
    json_export,
    search_bundles,
    timelinejs,
)
from generator.exports.clock import build_time
from generator.exports.jsonld import event_jsonld
from generator.layout import claim
from generator.records.model import Dataset, Event
from generator.settings import SiteConfig

__all__ = [
    "FORMATS",
    "FeedLink",
    "build_time",
    "event_jsonld",
    "feed_links",
    "feed_scopes",
    "site_file_makers",
    "site_files",
]

Export = Callable[[Dataset, SiteConfig, datetime], str]
Pieces = Callable[[Dataset, SiteConfig, datetime], Iterable[str]]

# the large downloads, also made in pieces, so that the build never holds one whole
STREAMED: dict[str, Pieces] = {
    urls.EVENTS_JSON: json_export.events_json_chunks,
    urls.EVENTS_CSV: csv_export.events_csv_chunks,
    urls.EVENTS_ICS: ics_export.events_ics_chunks,
    urls.TIMELINEJS_JSON: timelinejs.timelinejs_chunks,
}

FORMATS: dict[str, Export] = {
    "json": json_export.events_json,
    "csv": csv_export.events_csv,
    "ics": ics_export.events_ics,
    "atom": atom.site_feed,
    "timelinejs": timelinejs.timelinejs_json,
}

ATOM_TYPE = "application/atom+xml"


class FeedLink(NamedTuple):
    """One <link rel="alternate" type="application/atom+xml" title=... href=...>."""

    title: str
    href: str
    type: str = ATOM_TYPE


def feed_links(
    dataset: Dataset, config: SiteConfig, page_kind: str | None = None, page_id: str | None = None
) -> list[FeedLink]:
    """The feeds a page advertises in its <head>, as absolute URLs.

    Every page links the site feed; a tag page (`page_kind="tag"`, `page_id`
    the tag) also its tag's feed, and an actor page (`page_kind="actor"`,
    `page_id` the entity id) its actor's feed when the actor has events.
    Titles are plain text: escape them for HTML attributes.
    """
    links = [FeedLink(config.name, config.absolute(urls.SITE_FEED))]
    if page_kind == "tag" and page_id in dataset.events_by_tag:
        links.append(
            FeedLink(
                f"{config.name}: {dataset.topic_term(page_id)}",
                config.absolute(urls.tag_feed_path(page_id)),
            )
        )
    elif page_kind == "actor" and page_id in dataset.entities:
        entity = dataset.entities[page_id]
        if json_export.actor_has_feed(entity, dataset):
            links.append(
                FeedLink(
                    f"{config.name}: {entity.name}",
                    config.absolute(urls.actor_feed_path(page_id)),
                )
            )
    return links


def _whole(make: Export, dataset: Dataset, config: SiteConfig, when: datetime) -> Iterable[str]:
    return (make(dataset, config, when),)


def site_file_makers(
    dataset: Dataset, config: SiteConfig, when: datetime
) -> list[tuple[str, Callable[[], Iterable[str]]]]:
    """Every export file of the site, by path, each as a function that makes its text in pieces.

    The build writes them one at a time, and the largest (`STREAMED`) piece by
    piece, so that it never holds all of them (90 MB at 10,000 events), nor one
    whole, at once; `site_files` makes them all.
    """
    # a second file at one path would silently replace the first: claim() makes it a bug
    makers: dict[str, Callable[[], Iterable[str]]] = {}
    for path, make in (
        (urls.EVENTS_JSON, json_export.events_json),
        (urls.SCHEMA_JSON, json_export.schema_json),
        (urls.EVENTS_CSV, csv_export.events_csv),
        (urls.EVENTS_ICS, ics_export.events_ics),
        (urls.TIMELINEJS_JSON, timelinejs.timelinejs_json),
        (urls.FILTER_INDEX, filter_index.filter_index),
        (urls.SITE_FEED, atom.site_feed),
        (urls.CHANGES_FEED, changes.changes_feed),
        (urls.SEARCH_BUNDLES, search_bundles.search_bundles_json),
    ):
        streamed = STREAMED.get(path)
        if streamed is not None:
            claim(makers, path, partial(streamed, dataset, config, when))
        else:
            claim(makers, path, partial(_whole, make, dataset, config, when))
    for tag in dataset.events_by_tag:
        feed = partial(atom.tag_feed, dataset, config, when, tag)
        claim(makers, urls.tag_feed_path(tag), partial(_pieces, feed))
    for entity in dataset.people_and_groups():
        if json_export.actor_has_feed(entity, dataset):
            feed = partial(atom.actor_feed, dataset, config, when, entity.id)
            claim(makers, urls.actor_feed_path(entity.id), partial(_pieces, feed))
    return sorted(makers.items(), key=lambda pair: pair[0])


def feed_scopes(dataset: Dataset) -> dict[str, tuple[str | None, Sequence[Event]]]:
    """What each tag and actor feed of `site_file_makers` shows, by path.

    (the entity whose name is in the feed's title, None for a tag; the events
    it lists). A feed is a function of these and the settings only, so a build
    that finds them as they were need not write the feed again; every other
    download is made from the whole dataset.
    """
    scopes: dict[str, tuple[str | None, Sequence[Event]]] = {}
    for tag, events in dataset.events_by_tag.items():
        scopes[urls.tag_feed_path(tag)] = (None, atom.newest(events))
    for entity in dataset.people_and_groups():
        if json_export.actor_has_feed(entity, dataset):
            events = dataset.events_by_entity.get(entity.id, ())
            scopes[urls.actor_feed_path(entity.id)] = (entity.id, atom.newest(events))
    return scopes


def site_files(dataset: Dataset, config: SiteConfig, when: datetime) -> dict[str, bytes]:
    """Every export file of the site, by its path under the site root (UTF-8 bytes).

    The keys are paths such as "data/events.json" and "tags/<tag>/feed.xml".
    """
    return {
        path: "".join(make()).encode("utf-8")
        for path, make in site_file_makers(dataset, config, when)
    }


def _pieces(make: Callable[[], str]) -> Iterable[str]:
    return (make(),)
