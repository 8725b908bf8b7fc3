"""Where each page and download lives on the site, as paths under the site root.

The URL layout is part of the published contract (readers bookmark pages,
feed readers remember entry ids), so every export builds its links here.
Paths have no leading slash; `SiteConfig.absolute` turns them into URLs.
"""

from __future__ import annotations

from generator import urls as layout
from generator.model import Entity

SITE_FEED = "feed.xml"
DATA_DIR = "data/"
EVENTS_JSON = "data/events.json"
SCHEMA_JSON = "data/schema.json"
EVENTS_CSV = "data/events.csv"
EVENTS_ICS = "data/events.ics"
TIMELINEJS_JSON = "data/timelinejs.json"
FILTER_INDEX = "data/filter-index.json"
DATA_PAGE = "data/index.md"


def event_path(event_id: str) -> str:
    return layout.address_of(layout.event_path(event_id))


def entity_path(entity: Entity) -> str:
    return layout.address_of(layout.entity_path(entity))


def tag_path(tag: str) -> str:
    return layout.address_of(layout.tag_path(tag))


def tag_feed_path(tag: str) -> str:
    return f"tags/{tag}/feed.xml"


def actor_feed_path(entity_id: str) -> str:
    return f"actors/{entity_id}/feed.xml"
