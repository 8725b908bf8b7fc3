"""The site's layout: where each generated page lives, written once.

Pages are named by their Markdown file under docs_dir (`events/x.md`);
MkDocs, with `use_directory_urls` (set in mkdocs.yml), serves `events/x.md`
at `events/x/`. The renderer links files, the exports link addresses; both
come from these functions, as do the downloads' paths. Paths have no leading
slash; `SiteConfig.absolute` turns them into URLs. The layout is part of the published contract:
readers bookmark pages and feed readers remember entry ids.
"""

from __future__ import annotations

import posixpath
from collections.abc import Mapping, MutableMapping
from dataclasses import dataclass
from typing import Protocol, TypeVar


class Placed(Protocol):
    """What the layout needs of an entity: its id, and whether it is a place."""

    id: str
    is_place: bool


# Every record and tag gets a page named after it inside its section's folder
# (events/, actors/, places/, tags/), beside the section's own index.md, which
# MkDocs serves at the folder's address and which lists them all. A record or
# tag named 'index' would take the place of that list, and its links would be
# one folder too deep; validation refuses these names, so no two pages can
# share a path. (MkDocs also reads README.md as an index page, but ids and
# tags are lowercase.) Everything else the site holds (assets/, pagefind/,
# search/, sitemap.xml, 404.html, feed.xml, changes.xml, data/, timeline/,
# changes/, corrections/, about/, contribute/) sits at the top level, where no record's page goes.
RESERVED_NAMES = frozenset({"index"})

# The project's folders, at its root: the records, and the build's caches (git-ignored).
EVENTS_DIR = "events"
ENTITIES_DIR = "entities"
CACHE_DIR = ".cache"
CONFIG_FILE = "mkdocs.yml"  # the site's settings (read only by generator.settings)


# Top-level names under docs_dir that only the generator writes (all git-ignored);
# feed.xml and data/ also receive the exports.
GENERATED_ROOTS = (
    "index.md",
    "events",
    "timeline",
    "actors",
    "places",
    "tags",
    "data",
    "feed.xml",
    "changes",
    "corrections",
    "changes.xml",
    "search-bundles.json",
)

# The pages that open the site and its sections, as files under docs_dir.
HOME_PAGE = "index.md"
TIMELINE_PAGE = "timeline/index.md"
ACTORS_PAGE = "actors/index.md"
PLACES_PAGE = "places/index.md"
TAGS_PAGE = "tags/index.md"

# Downloads, as paths under the site root.
SITE_FEED = "feed.xml"
EVENTS_JSON = "data/events.json"
SCHEMA_JSON = "data/schema.json"
EVENTS_CSV = "data/events.csv"
EVENTS_ICS = "data/events.ics"
TIMELINEJS_JSON = "data/timelinejs.json"
FILTER_INDEX = "data/filter-index.json"
DATA_PAGE = "data/index.md"
# Search: Pagefind's index, in bundles (a shard per year; generator.site.search_index),
# listed for the search dialog in SEARCH_BUNDLES, the one place that names them.
SEARCH_DIR = "pagefind"
SEARCH_BUNDLES = "search-bundles.json"
# The theme's icons, one file every page refers to (site_src/overrides/partials/icon.html),
# rendered by MkDocs from site_src/overrides/<ICON_SPRITE> (theme.static_templates).
ICON_SPRITE = "assets/images/icons.svg"


@dataclass(frozen=True)
class SearchBundle:
    folder: str  # under the site root, ending in '/'
    year: int | None  # the year of the event and timeline pages it holds; None: the first
    # bundle, which holds every page without a year (and, unsplit, every page)


def search_bundles(events_per_year: Mapping[int, int], split_above: int) -> list[SearchBundle]:
    """The search index's bundles, for this many events in each year; the first one first.

    Up to `split_above` events, one bundle, pagefind/, of every page. Above, a
    bundle per year (its event pages and its timeline pages), so that a change
    is indexed again with the pages of its year only, and pagefind/site/ for
    the pages without a year (home, actors, places, topics...). A bundle's
    pages change only when they do: a new event never moves another year's.
    The search dialog loads Pagefind's script and WebAssembly from the first
    bundle only and merges the others into it (site_src/assets/javascripts/search-engine.js).
    """
    years = sorted(events_per_year)
    if sum(events_per_year.values()) <= split_above or len(years) <= 1:
        return [SearchBundle(f"{SEARCH_DIR}/", None)]
    site = SearchBundle(f"{SEARCH_DIR}/site/", None)
    return [site] + [SearchBundle(f"{SEARCH_DIR}/{year:04d}/", year) for year in years]


# What changed: the page, its Atom feed, and the log of corrections.
CHANGES_PAGE = "changes/index.md"
CHANGES_FEED = "changes.xml"
CORRECTIONS_PAGE = "corrections/index.md"


def event_path(event_id: str) -> str:
    return f"events/{event_id}.md"


def event_redirect_path(alias: str) -> str:
    """The page at an earlier address of an event (one of its `aliases`), which sends
    readers on to the event: a plain HTML file, which MkDocs copies as it is."""
    return f"events/{alias}/index.html"


def entity_path(entity: Placed) -> str:
    return f"{'places' if entity.is_place else 'actors'}/{entity.id}.md"


def tag_path(tag: str) -> str:
    return f"tags/{tag}.md"


def year_path(year: int, page: int = 1) -> str:
    # four digits, as a year is written everywhere (generator.records.dates.year_text);
    # a long year's later pages follow its first (generator.render.years)
    if page == 1:
        return f"timeline/{year:04d}.md"
    return f"timeline/{year:04d}/{page}.md"


def year_of_year_page(path: str) -> int | None:
    """The year whose timeline `path` is one page of (year_path), or None if it is none."""
    parts = path.removeprefix("timeline/").removesuffix(".md").split("/")
    if not path.startswith("timeline/") or not parts[0].isdigit() or len(parts[0]) != 4:
        return None
    if len(parts) == 1 or (len(parts) == 2 and parts[1].isdigit() and parts[1] != "1"):
        return int(parts[0])
    return None


def address_of(path: str) -> str:
    """The address MkDocs gives a page, relative to the site root: 'events/x.md' -> 'events/x/'."""
    if path == "index.md":
        return ""
    if path.endswith("/index.md"):
        return path.removesuffix("index.md")
    if path.endswith("/index.html"):  # a page that MkDocs copies as it is
        return path.removesuffix("index.html")
    return path.removesuffix(".md") + "/"


def event_address(event_id: str) -> str:
    return address_of(event_path(event_id))


def entity_address(entity: Placed) -> str:
    return address_of(entity_path(entity))


def tag_address(tag: str) -> str:
    return address_of(tag_path(tag))


def tag_feed_path(tag: str) -> str:
    return f"tags/{tag}/feed.xml"


def actor_feed_path(entity_id: str) -> str:
    return f"actors/{entity_id}/feed.xml"


def address_patterns() -> dict[str, str]:
    """The addresses a script builds links to, relative to the site root, with `{id}`
    where the record's id goes (ids are slugs: nothing in them needs escaping)."""

    class _Pattern:
        def __init__(self, is_place: bool) -> None:
            self.id = "{id}"
            self.is_place = is_place

    return {
        "event": event_address("{id}"),
        "actor": entity_address(_Pattern(False)),
        "place": entity_address(_Pattern(True)),
        "tag": tag_address("{id}"),
    }


class PathCollision(RuntimeError):
    """Two outputs of one build claim the same path.

    A bug, never a user's mistake: validation refuses every id and tag that
    could land on a path already taken (RESERVED_NAMES, slugs only).
    """


Value = TypeVar("Value")


def claim(outputs: MutableMapping[str, Value], path: str, value: Value) -> None:
    """Add one output to `outputs` by its path; a second claim on a path is a PathCollision."""
    if posixpath.normpath(path) != path or path.startswith(("/", "../")):
        raise PathCollision(f"'{path}' is not a plain path inside the site")
    if path in outputs:
        raise PathCollision(f"two outputs of the site would be written to '{path}'")
    outputs[path] = value
