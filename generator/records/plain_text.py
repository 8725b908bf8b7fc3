"""Contributors write summaries in Markdown; calendars, feeds, JSON-LD and cards want plain text.

The result is text, never markup: each export and page escapes it for its own format.
The Markdown is read as for the site's pages (`generator.records.markdown`):
raw HTML and character references are kept as the characters typed.
Most summaries hold no Markdown at all, so those skip the Markdown parser,
which would otherwise dominate the export time of a large dataset.
"""

from __future__ import annotations

import re
from functools import lru_cache
from html.parser import HTMLParser

from generator.records.markdown import record_markdown_html

# Characters and line starts that can change what Markdown shows.
_MARKUP = re.compile(r"[*_`\[\]\\#!|~]|^\s*([-+=>]|\d+[.)])", re.MULTILINE)
_PARAGRAPH_BREAK = re.compile(r"\n\s*\n")
_BLOCKS = frozenset(
    ("p", "div", "li", "ul", "ol", "blockquote", "pre", "table", "tr", "hr", "br", "dl", "dt")
)
_BLOCKS |= {"dd", "h1", "h2", "h3", "h4", "h5", "h6"}


class _TextCollector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        # an image's alt text is left out, as on the page, where no image is allowed
        if tag in _BLOCKS:
            self.parts.append("\n\n")

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
    collector.feed(record_markdown_html(source))
    collector.close()
    return _paragraphs("".join(collector.parts))
