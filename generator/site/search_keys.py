"""What Pagefind reads of a built page, as a key: a bundle is indexed again only when it changes.

Pagefind indexes, of a page (its documentation, "Configuring what content is
indexed" and "Metadata"): the text of the `data-pagefind-body` elements (all of
them, combined), leaving out every element marked `data-pagefind-ignore="all"`;
the elements marked `data-pagefind-ignore` (or `="index"`) are left out of the
words but still give their filters, metadata, sort keys and a default title or
image; filters and metadata set outside the body elements still count; the
title is the first <h1> (else the <title>), the image the first <img>; the
language is <html lang>; the headings' ids are the results' anchors; and the
page's address is where it is.

`page_key` hashes, conservatively, all of that which a change could reach: the
page's address, <html lang>, <title>, the first <h1> and every <img> tag, every
element outside the body elements that carries a `data-pagefind-` attribute,
and the markup of each body element as built, with the elements marked
`data-pagefind-ignore="all"` cut out (and nothing else: an element ignored for
its words keeps its place, since its filters and metadata are read). Two pages
with the same key give Pagefind the same input; the reverse need not hold (a
change to a tag's attributes changes the key though Pagefind reads only text),
which costs an index, never a wrong one. If the markup cannot be followed (an
element never closed), the key is the whole page.

A page's built HTML is a function of its source and the site's fingerprint
(generator.site.incremental), so the key of a page whose source did not change
since the last build is the one that build kept (`stamp` says which source a
key was made from); only the pages MkDocs rewrote are read again.
"""

from __future__ import annotations

import hashlib
import re
from functools import cache

# the attributes, found by their text (quick), then the tag that holds them
BODY = re.compile(r"data-pagefind-body(?=[\s=/>])")
IGNORE_ALL = re.compile(r"data-pagefind-ignore\s*=\s*[\"']?all(?=[\"'\s/>])")
MARKED = re.compile(r"data-pagefind-")
ATTRIBUTE = "data-pagefind-"  # how each of the three starts
TAG = re.compile(r"<([a-zA-Z][\w:-]*)(?=[\s/>])[^>]*>")
LANG = re.compile(r"<html\b[^>]*>", re.I)
TITLE = re.compile(r"<title\b.*?</title\s*>", re.I | re.S)
H1 = re.compile(r"<h1\b.*?</h1\s*>", re.I | re.S)
IMG = re.compile(r"<img\b[^>]*>", re.I)
VOID = frozenset(
    {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta"}
    | {"param", "source", "track", "wbr"}
)


class Unfollowed(ValueError):
    """Markup whose elements this module cannot match up."""


@cache
def _tags_of(name: str) -> re.Pattern[str]:
    """Comments, raw text and the opening or closing tags of elements named `name`."""
    return re.compile(
        rf"<!--.*?-->|<(script|style)\b[^>]*>.*?</\1\s*>|<(/?){re.escape(name)}(?=[\s/>])[^>]*>",
        re.I | re.S,
    )


def tag_at(html: str, at: int) -> re.Match[str] | None:
    """The opening tag an attribute found by its text at `at` is in (None: it is in text)."""
    start = html.rfind("<", 0, at)
    tag = TAG.match(html, start) if start >= 0 and html[at - 1].isspace() else None
    return tag if tag is not None and tag.end() > at else None


def next_tag(html: str, pattern: re.Pattern[str], at: int, end: int) -> re.Match[str] | None:
    """The next opening tag from `at` with an attribute `pattern` matches."""
    while (found := html.find(ATTRIBUTE, at, end)) >= 0:
        if pattern.match(html, found, end) and (tag := tag_at(html, found)) is not None:
            return tag
        at = found + 1
    return None


def end_of(html: str, opening: re.Match[str]) -> int:
    """Where the element whose opening tag `opening` matched ends (after its closing tag)."""
    name = opening.group(1).lower()
    if name in VOID or opening.group(0).endswith("/>"):
        return opening.end()
    depth = 1
    for tag in _tags_of(name).finditer(html, opening.end()):
        if tag.group(1) is not None or tag.group(0).startswith("<!--"):
            continue
        depth += -1 if tag.group(2) else 1
        if depth == 0:
            return tag.end()
    raise Unfollowed(name)


def without_ignored(html: str, start: int, end: int) -> str:
    """html[start:end] less every element marked data-pagefind-ignore="all"."""
    kept = []
    at = start
    while (marked := next_tag(html, IGNORE_ALL, at, end)) is not None:
        kept.append(html[at : marked.start()])
        at = end_of(html, marked)
        if at > end:
            raise Unfollowed(marked.group(1))
    kept.append(html[at:end])
    return "".join(kept)


def what_pagefind_reads(html: str) -> str:
    """What of a built page can change what Pagefind makes of it (the module's docstring)."""
    try:
        bodies, outside, at = [], [], 0
        while (body := next_tag(html, BODY, at, len(html))) is not None:
            end = end_of(html, body)
            outside.append((at, body.start()))
            bodies.append(without_ignored(html, body.start(), end))
            at = end
        outside.append((at, len(html)))
        marked = []
        for start, end in outside:
            while (tag := next_tag(html, MARKED, start, end)) is not None:
                start = end_of(html, tag)
                marked.append(html[tag.start() : start])
    except Unfollowed:
        return html
    heads = [LANG.search(html), TITLE.search(html), H1.search(html)]
    found = [match.group(0) if match else "" for match in heads]
    return "\0".join([*found, *IMG.findall(html), "", *marked, "", *bodies])


def page_key(address: str, html: str) -> str:
    data = f"{address}\0{what_pagefind_reads(html)}".encode("utf-8", "surrogateescape")
    return hashlib.sha256(data).hexdigest()[:32]


def stamp(fingerprint: str, page: str, source: str) -> str:
    """Which build input a page's key was made from (its source, the site's fingerprint)."""
    return hashlib.sha256(f"{fingerprint}\0{page}\0{source}".encode()).hexdigest()[:24]
