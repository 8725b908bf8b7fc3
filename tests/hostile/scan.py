"""Read a built page as a browser would and list what could run in it.

`scan_page` parses the HTML with html.parser (character references decoded, as a
browser decodes them) and records, for the whole page: every attribute whose name
starts with `on`, every URL attribute whose scheme would run or smuggle content
(javascript:, vbscript:, data:, read after the URL parser drops tabs and line
breaks), every <script> (its type, source and text); and for the page content
(<article>): the elements used, the visible text, the links, and which elements
are open when each section heading starts.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

URL_ATTRIBUTES = frozenset(
    {
        "href",
        "src",
        "action",
        "formaction",
        "xlink:href",
        "data",
        "poster",
        "background",
        "cite",
        "ping",
        "srcset",
        "codebase",
        "manifest",
    }
)
UNSAFE_SCHEMES = frozenset({"javascript", "vbscript", "data", "livescript"})
# Elements that never belong in the content of an event or entity page.
ACTIVE_ELEMENTS = frozenset(
    {
        "script",
        "style",
        "iframe",
        "frame",
        "frameset",
        "object",
        "embed",
        "applet",
        "form",
        "input",
        "button",
        "textarea",
        "select",
        "img",
        "svg",
        "math",
        "base",
        "meta",
        "link",
        "video",
        "audio",
        "template",
    }
)
VOID = frozenset(
    {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}
)
DATA_SCRIPT_TYPES = frozenset({"application/ld+json", "application/json"})
_SCHEME = re.compile(r"([a-zA-Z][a-zA-Z0-9+.-]*):")
_C0_AND_SPACE = "".join(map(chr, range(0x21)))
# the site's root as the theme writes it into a page: "../..", ".", or "/path/" on 404.html
_SITE_ROOT = re.compile(r'new URL\("[^"]*",location\)')


def url_scheme(value: str) -> str | None:
    """The scheme a browser would see in an attribute value (already entity-decoded)."""
    url = value.strip(_C0_AND_SPACE).replace("\t", "").replace("\n", "").replace("\r", "")
    match = _SCHEME.match(url)
    return match.group(1).lower() if match else None


def normal_script(text: str) -> str:
    """A theme script with the site's root ("../..") made the same on every page."""
    return _SITE_ROOT.sub('new URL("<root>",location)', text)


def words(text: str) -> str:
    return " ".join(text.split())


@dataclass
class Script:
    attributes: dict[str, str | None]
    text: str = ""

    @property
    def type(self) -> str:
        return (self.attributes.get("type") or "").strip().lower()


@dataclass
class PageScan:
    problems: list[str] = field(default_factory=list)
    scripts: list[Script] = field(default_factory=list)
    article_scripts: list[Script] = field(default_factory=list)
    title: str | None = None
    metas: list[dict[str, str | None]] = field(default_factory=list)
    head_links: list[dict[str, str | None]] = field(default_factory=list)
    header_topics: list[str] = field(default_factory=list)
    article_elements: set[str] = field(default_factory=set)
    article_text: str = ""
    h1: str = ""
    links: list[tuple[str | None, str]] = field(default_factory=list)  # (href, text) in content
    open_at_heading: dict[str, list[str]] = field(default_factory=dict)  # h2 id -> open tags

    @property
    def jsonld(self) -> list[Script]:
        return [s for s in self.scripts if s.type == "application/ld+json"]

    def meta(self, name: str) -> dict[str, str | None] | None:
        return next((m for m in self.metas if m.get("name") == name), None)

    def code_scripts(self) -> list[Script]:
        """Scripts a browser would run: every <script> not of a JSON type."""
        return [s for s in self.scripts if s.type not in DATA_SCRIPT_TYPES]


class _Scanner(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.scan = PageScan()
        self._script: Script | None = None
        self._title: list[str] | None = None
        self._topic: list[str] | None = None
        self._topic_depth = 0
        self._h1: list[str] | None = None
        self._link: tuple[str | None, list[str]] | None = None
        self._in_head = False
        self._article: list[str] | None = None  # open elements inside <article>
        self._text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._check_attributes(tag, attrs)
        attributes = dict(attrs)
        scan = self.scan
        if tag == "head":
            self._in_head = True
        elif tag == "script":
            self._script = Script(attributes)
            scan.scripts.append(self._script)
            if self._article is not None:
                scan.article_scripts.append(self._script)
        elif tag == "title" and scan.title is None and self._in_head:
            self._title = []
        elif tag == "meta" and self._in_head:
            scan.metas.append(attributes)
        elif tag == "link" and self._in_head:
            scan.head_links.append(attributes)
        if "md-header__topic" in (attributes.get("class") or "").split():
            self._topic, self._topic_depth = [], 0
        if self._topic is not None and tag not in VOID:
            self._topic_depth += 1
        if self._article is not None:
            scan.article_elements.add(tag)
            if tag == "h1":
                self._h1 = []
            elif tag == "h2":
                scan.open_at_heading[attributes.get("id") or ""] = list(self._article)
            elif tag == "a":
                self._link = (attributes.get("href"), [])
            if tag not in VOID:
                classes = (attributes.get("class") or "").split()
                self._article.append(".".join([tag, *classes]))
        elif tag == "article":
            self._article = []

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._check_attributes(tag, attrs)
        if self._article is not None:
            self.scan.article_elements.add(tag)

    def handle_endtag(self, tag: str) -> None:
        scan = self.scan
        if tag == "head":
            self._in_head = False
        elif tag == "script":
            self._script = None
        elif tag == "title" and self._title is not None:
            scan.title = words("".join(self._title))
            self._title = None
        if self._topic is not None and tag not in VOID:
            self._topic_depth -= 1
            if self._topic_depth == 0:
                scan.header_topics.append(words("".join(self._topic)))
                self._topic = None
        if self._article is None:
            return
        if tag == "article" and not self._article:
            self._article = None
            scan.article_text = words("".join(self._text))
            return
        if tag == "h1" and self._h1 is not None:
            scan.h1 = words("".join(self._h1)).removesuffix("¶").rstrip()
            self._h1 = None
        elif tag == "a" and self._link is not None:
            scan.links.append((self._link[0], words("".join(self._link[1]))))
            self._link = None
        names = [entry.split(".", 1)[0] for entry in self._article]
        if tag in names:
            index = len(names) - 1 - names[::-1].index(tag)
            del self._article[index:]

    def handle_data(self, data: str) -> None:
        if self._script is not None:
            self._script.text += data
            return
        for collector in (self._title, self._topic, self._h1):
            if collector is not None:
                collector.append(data)
        if self._link is not None:
            self._link[1].append(data)
        if self._article is not None:
            self._text.append(data)

    def _check_attributes(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            name = name.lower()
            if name.startswith("on"):
                self.scan.problems.append(f"<{tag} {name}=...>: an event-handler attribute")
            if name in URL_ATTRIBUTES and value is not None:
                candidates = value.split(",") if name == "srcset" else [value]
                for candidate in candidates:
                    scheme = url_scheme(candidate)
                    if scheme in UNSAFE_SCHEMES:
                        self.scan.problems.append(f"<{tag} {name}={value[:60]!r}>: a {scheme}: URL")


def scan_page(html: str) -> PageScan:
    scanner = _Scanner()
    scanner.feed(html)
    scanner.close()
    return scanner.scan


def script_problems(scan: PageScan, theme_scripts: set[str]) -> list[str]:
    """Scripts that are neither the theme's own nor JSON data that parses."""
    problems = []
    for script in scan.scripts:
        if script.type in DATA_SCRIPT_TYPES:
            try:
                json.loads(script.text)
            except ValueError:
                problems.append(f"a {script.type} script that is not JSON: {script.text[:80]!r}")
        elif script.attributes.get("src") is not None:
            if url_scheme(script.attributes["src"] or "") is not None:
                problems.append(f"a script from elsewhere: {script.attributes['src']!r}")
        elif normal_script(script.text) not in theme_scripts:
            problems.append(f"an inline script that is not the theme's: {script.text[:80]!r}")
    return problems
