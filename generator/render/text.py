"""Record text made safe for the page it lands in.

Two kinds of text come from records. Plain text (titles, names, publishers,
quotes, tags) is escaped for wherever it lands: `markdown_text` for a line of
Markdown, `html_text` for HTML the generator builds. Markdown fields (summary,
body, entity summary, update notes) are converted here, by the generator, with
a fixed set of extensions and no raw HTML, then sanitised against an
allow-list, and handed to MkDocs as an HTML block it passes through untouched.
So nothing a contributor writes is ever interpreted by MkDocs' own Markdown
extensions (attribute lists, snippets, HTML in Markdown).

Every function returns `Markup`, and the template environment refuses any
other string (see `generator.render.environment`): a value that skipped
escaping fails the build instead of reaching a reader.
"""

from __future__ import annotations

import html
import json
import re
from functools import lru_cache

import nh3
from markupsafe import Markup

from generator.records.markdown import record_markdown_html

ALLOWED_TAGS = {"p", "a", "em", "strong", "code", "ul", "ol", "li", "blockquote", "br"}
ALLOWED_ATTRIBUTES = {"a": {"href"}}
ALLOWED_SCHEMES = ("http://", "https://", "mailto:")
_SCHEME = re.compile(r"[a-zA-Z][a-zA-Z0-9+.-]*:")
_C0_AND_SPACE = "".join(map(chr, range(0x21)))
_URL_IGNORED = str.maketrans("", "", "\t\n\r")
LINK_REL = "nofollow noopener"

# HTML's three special characters as references, then a backslash before each
# character Python-Markdown lets a backslash escape; `|` is not among them
# unless the tables extension is on, so it becomes a character reference too.
_MARKDOWN_ESCAPES = str.maketrans(
    {"&": "&amp;", "<": "&lt;", ">": "&gt;", "|": "&#124;"}
    | {c: "\\" + c for c in "\\`*_{}[]()#+-.!"}
)
# A paragraph of lines that each start with a letter or an opening quote and
# end without a space (two spaces make a line break), with no character that
# Markdown or HTML would act on, no tab and no space other than ' '.
_PLAIN_START = r"""(?:[^\W\d_]|["'(“‘¿¡])"""
_PLAIN_CHAR = r"[^\\`*_\[\]<>&!\s\x00-\x1f\x7f]"
_PLAIN_LINE = rf"{_PLAIN_START}{_PLAIN_CHAR}*(?: +{_PLAIN_CHAR}+)*"
_PLAIN_PARAGRAPH = re.compile(rf"{_PLAIN_LINE}(?:\n{_PLAIN_LINE})*")


def _one_line(text: str) -> str:
    return " ".join(text.split())


@lru_cache(maxsize=65536)
def markdown_text(text: str) -> Markup:
    """Plain text as one line of Markdown that shows exactly these characters."""
    return Markup(_one_line(text).translate(_MARKDOWN_ESCAPES))


def html_text(text: str) -> Markup:
    """Plain text for HTML the generator writes itself, attributes included."""
    return Markup(html.escape(text, quote=True))


def is_safe_href(value: str) -> bool:
    """True for an http(s) or mailto link, or a link within the site (no scheme, no host).

    The address is read the way a browser's URL parser reads it (after the HTML
    parser decoded its character references): spaces and control characters at
    either end are dropped and tabs and line breaks anywhere, so `java&#9;script:`
    is refused as the `javascript:` it is to a browser. It is read once more with
    character references decoded again, so that nothing a second decoding (by a
    feed reader, a scraper, a careless template) would turn into a script URL
    gets through either.
    """
    return _safe_address(value) and _safe_address(html.unescape(value))


def _safe_address(value: str) -> bool:
    url = value.strip(_C0_AND_SPACE).translate(_URL_IGNORED)
    if _SCHEME.match(url):
        return url.lower().startswith(ALLOWED_SCHEMES)
    # No scheme: a path, a query or a fragment of this site, unless it names a host
    # ('//host', and '\\host' which browsers read alike) or its first segment holds a
    # colon (RFC 3986 forbids it in a relative reference; some readers would see a scheme).
    first_segment = re.split(r"[/\\?#]", url, maxsplit=1)[0]
    return ":" not in first_segment and url[:2].replace("\\", "/") != "//"


def _keep_safe_links(tag: str, attribute: str, value: str) -> str | None:
    if tag == "a" and attribute == "href":
        return value if is_safe_href(value) else None
    return value


def sanitize_html(fragment: str) -> str:
    return nh3.clean(
        fragment,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        attribute_filter=_keep_safe_links,
        url_schemes={"http", "https", "mailto"},
        link_rel=LINK_REL,
    )


def plain_paragraphs(text: str) -> str | None:
    """The HTML of text that uses no Markdown at all, or None if it might.

    Most summaries are plain sentences; converting them with Python-Markdown
    would cost most of the render stage at 10,000 events. This gives the same
    HTML as `convert_record_markdown` (a test checks it) for text whose lines
    all start with a letter or an opening quote and that holds none of the
    characters Markdown or HTML act on.
    """
    paragraphs = text.strip("\n").split("\n\n")
    if not all(_PLAIN_PARAGRAPH.fullmatch(p) for p in paragraphs):
        return None
    return "\n".join(f"<p>{p}</p>" for p in paragraphs)


def convert_record_markdown(text: str) -> str:
    """Any Markdown field of a record as sanitised HTML, by the full converter."""
    # raw HTML shows as typed (see generator.records.markdown); the sanitiser then
    # drops whatever else is not allowed, such as images and script links
    return sanitize_html(record_markdown_html(text)).strip()


@lru_cache(maxsize=4096)
def record_html(text: str) -> Markup:
    """A Markdown field of a record as sanitised HTML."""
    plain = plain_paragraphs(text)
    return Markup(plain if plain is not None else convert_record_markdown(text))


def record_lines(text: str) -> Markup:
    """A Markdown field as the lines of an HTML block that MkDocs copies as it is."""
    # One line per element and no blank line inside: a blank line would end
    # the HTML block and let MkDocs read the rest as Markdown.
    return Markup("\n".join(line for line in record_html(text).splitlines() if line.strip()))


def record_plain(text: str, limit: int = 0) -> str:
    """A Markdown field as plain text on one line, cut at a word near `limit`."""
    if plain_paragraphs(text) is not None:
        line = _one_line(text)  # the text has no markup to take out
    else:
        line = _one_line(html.unescape(nh3.clean(record_html(text), tags=set())))
    if limit and len(line) > limit:
        cut = line[:limit].rsplit(" ", 1)[0].rstrip(" ,;:.")
        line = cut + "…"
    return line


# Characters a YAML reader refuses or reads as a line break, written as \u escapes.
_NOT_YAML_TEXT = re.compile("[\x7f-\x9f\u2028\u2029\ufffe\uffff]")


def _yaml_string(value: str) -> str:
    """A double-quoted YAML scalar that reads back as exactly `value`.

    A JSON string is one, with a catch: `ensure_ascii` would write a character
    beyond U+FFFF as two \\u escapes, which PyYAML reads back as two lone
    surrogates; MkDocs then drops the whole front matter and renders it as
    Markdown, where a title's [text](javascript:...) becomes a live link. So
    characters are written as themselves, except the few YAML cannot carry.
    """
    text = json.dumps(value, ensure_ascii=False)
    return _NOT_YAML_TEXT.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def front_matter(**fields: str) -> Markup:
    """YAML front matter; values HTML-escaped since the theme prints them unescaped."""
    lines = ["---"]
    for key, value in fields.items():
        # The theme prints these as text and in double-quoted attributes; an
        # apostrophe is harmless in both and reads better in the search index.
        escaped = html.escape(_one_line(value), quote=False).replace('"', "&quot;")
        lines.append(f"{key}: {_yaml_string(escaped)}")
    lines.append("---")
    return Markup("\n".join(lines))
