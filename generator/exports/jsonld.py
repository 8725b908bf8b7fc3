"""schema.org JSON-LD for an event page, so that search engines and other tools read it.

An `Event` with what search engines read of one: its name, its address, its
dates at the precision they are known ("2025", "2025-01", "2025-05-03"; a span
has an endDate, an ongoing span none), places as `location`, people and
organisations as `performer`, places named as actors as `about`, each entity
with its type, name, page address and Wikidata link. Nothing that copies the
page: no `@id` or `identifier` (the `url` says both), no `description` (the
summary, which the page shows and its meta description begins with), no
`keywords` (the page's topics) and no `citation` (the page's sources, also in
/data/events.json; Google's Event results read neither). At 10,000 events those
copies were 8.5 MB of the published site.

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
