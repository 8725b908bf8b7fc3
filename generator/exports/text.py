"""Contributors write summaries in Markdown; calendars, feeds and JSON-LD want plain text.

The result is text, never markup: each export escapes it for its own format.
Raw HTML in a record is not Markdown a contributor may use; as on the site's
pages, it is kept as the characters typed, not interpreted.
Most summaries hold no Markdown at all, so those skip the Markdown parser,
which would otherwise dominate the export time of a large dataset.
"""

from __future__ import annotations

import re
from functools import lru_cache
from html.parser import HTMLParser

import markdown

# Characters and line starts that can change what Markdown shows.
_MARKUP = re.compile(r"[*_`\[\]\\#!|~]|^\s*([-+=>]|\d+[.)])", re.MULTILINE)
_PARAGRAPH_BREAK = re.compile(r"\n\s*\n")
_BLOCKS = frozenset(
    ("p", "div", "li", "ul", "ol", "blockquote", "pre", "table", "tr", "hr", "br", "dl", "dt")
)
_BLOCKS |= {"dd", "h1", "h2", "h3", "h4", "h5", "h6"}
_MARKDOWN = markdown.Markdown(extensions=["sane_lists"])


class _TextCollector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _BLOCKS:
            self.parts.append("\n\n")
        elif tag == "img":
            self.parts.append(dict(attrs).get("alt") or "")

    def handle_endtag(self, tag: str) -> None:
        if tag in _BLOCKS:
            self.parts.append("\n\n")

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def _paragraphs(text: str) -> str:
    """Paragraphs separated by one blank line; other runs of whitespace made one space."""
    paragraphs = (" ".join(part.split()) for part in _PARAGRAPH_BREAK.split(text))
    return "\n\n".join(p for p in paragraphs if p)


@lru_cache(maxsize=65536)
def plain_text(source: str) -> str:
    """The words of a Markdown text, without its markup: what a reader would read."""
    if not _MARKUP.search(source):
        return _paragraphs(source)
    collector = _TextCollector()
    escaped = source.replace("&", "&amp;").replace("<", "&lt;")
    collector.feed(_MARKDOWN.reset().convert(escaped))
    collector.close()
    return _paragraphs("".join(collector.parts))
