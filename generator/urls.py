"""The site's layout: where each generated page lives, written once.

Pages are named by their Markdown file under docs_dir (`events/x.md`);
MkDocs, with `use_directory_urls` (set in mkdocs.yml), serves `events/x.md`
at `events/x/`. The renderer links files, the exports link addresses; both
come from these functions. The layout is part of the published contract:
readers bookmark pages and feed readers remember entry ids.
"""

from __future__ import annotations

from generator.model import Entity


def event_path(event_id: str) -> str:
    return f"events/{event_id}.md"


def entity_path(entity: Entity) -> str:
    return f"{'places' if entity.is_place else 'actors'}/{entity.id}.md"


def tag_path(tag: str) -> str:
    return f"tags/{tag}.md"


def year_path(year: int) -> str:
    return f"timeline/{year}.md"


def address_of(path: str) -> str:
    """The address MkDocs gives a page, relative to the site root: 'events/x.md' -> 'events/x/'."""
    if path == "index.md":
        return ""
    if path.endswith("/index.md"):
        return path.removesuffix("index.md")
    return path.removesuffix(".md") + "/"
