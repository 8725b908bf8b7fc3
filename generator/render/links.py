"""Where each generated page lives, and how one page links to another.

Generated pages are HTML between their Markdown headings (see
generator.render.html_blocks), which MkDocs passes through without rewriting
its links, so every link is the target's address relative to the linking
page's own address, as MkDocs lays pages out with `use_directory_urls` (set
in mkdocs.yml): `events/x.md` is served at `events/x/`, and from
`actors/y/` it is `../../events/x/`. Links are made only to pages the
render stage itself generates (an entity without a record gets no link);
the end-to-end test follows every link and anchor in the built site.
"""

from __future__ import annotations

import posixpath

from markupsafe import Markup

from generator.layout import address_of, entity_path, event_path, tag_path, year_path
from generator.records.model import Dataset
from generator.render import text

__all__ = ["Links", "address_of", "entity_path", "event_path", "tag_path", "year_path"]


class Links:
    """Links from one page (given by its path under docs_dir) to generated pages."""

    def __init__(self, dataset: Dataset, page: str) -> None:
        self._dataset = dataset
        self._address = address_of(page)
        self.address_depth = self._address.count("/")
        self._address_root = "../" * self.address_depth

    def page(self, path: str) -> Markup:
        """An href for a page given by its file under docs_dir, relative to this page."""
        return text.html_text(self._address_root + address_of(path) or "./")

    def file(self, path: str) -> Markup:
        """An href for a file of the site (a download), relative to this page's address."""
        return text.html_text(posixpath.relpath(path, self._address or "."))

    def event(self, event_id: str) -> Markup:
        return self.page(event_path(event_id))

    def entity(self, entity_id: str) -> Markup | None:
        """The link of an entity's page, None for an id without a record."""
        entity = self._dataset.entities.get(entity_id)
        return self.page(entity_path(entity)) if entity else None

    def tag(self, tag: str) -> Markup:
        return self.page(tag_path(tag))

    def year(self, year: int) -> Markup:
        return self.page(year_path(year))
