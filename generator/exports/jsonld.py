"""schema.org JSON-LD for an event page, so that search engines and other tools read it.

An `Event` with its name, its dates at the
precision they are known ("2025", "2025-01", "2025-05-03"; a span has an
endDate, an ongoing span none), places as `location`, people and
organisations as `performer`, places named as actors as `about`, and the
sources' addresses as `citation` (schema.org takes a URL there as well as a
CreativeWork): each source's title, publisher, date and archived copy are on
the page itself and in /data/events.json, and a copy of them in every page's
JSON-LD was 5 MB of a 10,000-event site, read by no search engine (Google's
Event results read no citation). No `@id` (the `url` names the event: no other
node refers to it) and no `identifier` (the last part of the `url`): 1.9 MB. No
`description` either: it was the summary, which the page shows and its meta
description (what search engines show) begins with; 2.5 MB at 10,000 events.

The text returned goes inside <script type="application/ld+json">. HTML
ends a script element at the first "</script", whatever JSON thinks, so
< > & are written as JSON escapes (\\u003c ...): the JSON means the same,
and the HTML parser never sees a tag.
"""

from __future__ import annotations

import json
from typing import Any

from generator import layout as urls
from generator.records.dates import DatePoint
from generator.records.model import Dataset, Entity, Event
from generator.settings import SiteConfig

SCHEMA_TYPES = {
    "person": "Person",
    "organization": "Organization",
    "government": "GovernmentOrganization",
    "media": "NewsMediaOrganization",
    "country": "Country",
    "region": "AdministrativeArea",
    "city": "City",
    "place": "Place",
}
_SCRIPT_SAFE = {ord("<"): "\\u003c", ord(">"): "\\u003e", ord("&"): "\\u0026"}


def iso_date(point: DatePoint) -> str:
    """ISO 8601 at the point's precision, without the EDTF qualifiers."""
    return point.edtf().rstrip("~?%")


def _thing(entity: Entity, config: SiteConfig) -> dict[str, Any]:
    thing: dict[str, Any] = {
        "@type": SCHEMA_TYPES[entity.kind],
        "name": entity.name,
        "url": config.absolute(urls.entity_address(entity)),
    }
    if entity.wikidata:
        thing["sameAs"] = f"https://www.wikidata.org/wiki/{entity.wikidata}"
    return thing


def event_data(event: Event, dataset: Dataset, config: SiteConfig) -> dict[str, Any]:
    """The JSON-LD object of an event page."""
    url = config.absolute(urls.event_address(event.id))
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "Event",
        "url": url,
        "name": event.title,
        "startDate": iso_date(event.date.start),
    }
    if event.date.end is not None:
        data["endDate"] = iso_date(event.date.end)
    places = [dataset.entities[i] for i in event.places if i in dataset.entities]
    actors = [dataset.entities[i] for i in event.actors if i in dataset.entities]
    if places:
        data["location"] = [_thing(place, config) for place in places]
    performers = [_thing(a, config) for a in actors if not a.is_place]
    if performers:
        data["performer"] = performers
    about = [_thing(a, config) for a in actors if a.is_place]
    if about:
        data["about"] = about
    if event.tags:
        data["keywords"] = list(event.tags)
    data["citation"] = [source.url for source in event.sources]
    return data


def event_jsonld(event: Event, dataset: Dataset, config: SiteConfig) -> str:
    """The event's JSON-LD as text that is safe inside a <script> element."""
    # compact: indented, it was a third of every event page's bytes
    text = json.dumps(
        event_data(event, dataset, config),
        ensure_ascii=False,
        allow_nan=False,
        separators=(",", ":"),
    )
    return text.translate(_SCRIPT_SAFE)
