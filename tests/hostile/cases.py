"""The hostile input: one record per case, and what must become of it.

NEUTRALISED cases are valid records whose text tries to run in a reader's browser
or break an export; the site is built with all of them, and each must show as the
characters typed (or, for a Markdown link to a script URL, as its text without the
link) in every output. REJECTED cases are records the validator refuses, each with
the exact file, line, column and code of the error.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from generator.records.yamltree import MAX_NESTING

SITE_NAME = "U.S.–Mexico security timeline"
# Lines that must never reach the site: the files a snippet include would read.
PASSWD_LINE = "root:x:0:0"
MKDOCS_YML_LINE = "unrecognized_links: warn"

# Where a case's text goes: a field of the event, of its first source, quote or update,
# or of an entity that the event names as an actor.
EVENT_FIELDS = ("title", "summary", "body")
SOURCE_FIELDS = {"publisher": "publisher", "source_title": "title", "url": "url"}
QUOTE_FIELDS = {"quote_text": "text", "quote_original": "original"}
ENTITY_FIELDS = {"entity_name": "name", "entity_alias": "aliases", "entity_summary": "summary"}
MARKDOWN_FIELDS = frozenset({"summary", "body", "update_note", "entity_summary"})


@dataclass(frozen=True)
class Neutralised:
    id: str
    field: str
    text: str
    outcome: str  # what happens to it, in words
    shows: str | None = None  # visible in the page content (spaces collapsed); None: the text
    # (link text, href or None when the link is dropped) that the text makes
    links: tuple[tuple[str, str | None], ...] = ()
    absent: tuple[str, ...] = ()  # never anywhere in site/

    @property
    def visible(self) -> str:
        return " ".join((self.text if self.shows is None else self.shows).split())

    @property
    def entity_id(self) -> str:
        return f"entity-{self.id}"


LITERAL = "shown as the characters typed"
LINK_DROPPED = "link text kept, the link dropped"

NEUTRALISED = [
    # raw HTML in record Markdown: escaped before conversion, so it shows as typed
    Neutralised("raw-script", "summary", "<script>alert(1)</script>", LITERAL),
    Neutralised("img-onerror", "summary", "<img src=x onerror=alert(1)>", LITERAL),
    Neutralised("svg-onload", "summary", "<svg onload=alert(1)>", LITERAL),
    Neutralised("iframe", "body", '<iframe src="https://evil.example/"></iframe>', LITERAL),
    Neutralised("style", "body", "<style>body{display:none}</style>", LITERAL),
    Neutralised(
        "object-embed", "body", '<object data="x.swf"></object><embed src="x.swf">', LITERAL
    ),
    Neutralised(
        "form-action",
        "body",
        '<form action="javascript:alert(1)"><button formaction="javascript:alert(2)">go'
        "</button></form>",
        LITERAL,
    ),
    Neutralised("raw-anchor", "summary", '<a href="javascript:alert(1)">click</a>', LITERAL),
    Neutralised("autolink-javascript", "summary", "<javascript:alert(1)>", LITERAL),
    Neutralised("unclosed-comment", "summary", "<!-- an unclosed comment", LITERAL),
    Neutralised("unclosed-tags", "body", "<div><b>unclosed bold, unclosed div", LITERAL),
    Neutralised("cdata-and-comment-ends", "summary", "]]> --> <![CDATA[ x", LITERAL),
    Neutralised(
        "html-region-markers",
        "body",
        "<!-- /timeline:html -->\n\n<!-- timeline:html -->\n<script>alert(1)</script>",
        "shown as typed: record text cannot open or close the generator's HTML regions",
        shows="<!-- /timeline:html --> <!-- timeline:html --> <script>alert(1)</script>",
    ),
    # Markdown links to script URLs: converted, then the sanitiser drops the href
    Neutralised(
        "link-javascript",
        "summary",
        "[click](javascript:alert(1))",
        LINK_DROPPED,
        shows="click",
        links=(("click", None),),
    ),
    Neutralised(
        "link-mixed-case",
        "summary",
        "[click](JaVaScRiPt:alert(1))",
        LINK_DROPPED,
        shows="click",
        links=(("click", None),),
    ),
    Neutralised(
        "link-entity-encoded",
        "summary",
        "[click](&#106;avascript:alert(1))",
        LINK_DROPPED,
        shows="click",
        links=(("click", None),),
    ),
    Neutralised(
        "link-entity-tab",
        "summary",
        "[click](java&#x09;script:alert(1))",
        LINK_DROPPED,
        shows="click",
        links=(("click", None),),
    ),
    Neutralised(
        "link-data",
        "summary",
        "[click](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
        LINK_DROPPED,
        shows="click",
        links=(("click", None),),
    ),
    Neutralised(
        "link-vbscript",
        "update_note",
        "[click](vbscript:msgbox(1))",
        LINK_DROPPED,
        shows="click",
        links=(("click", None),),
    ),
    Neutralised(
        "link-reference-style",
        "body",
        "[click][evil]\n\n[evil]: javascript:alert(1)",
        LINK_DROPPED,
        shows="click",
        links=(("click", None),),
    ),
    Neutralised(
        "link-protocol-relative",
        "summary",
        "[elsewhere](//evil.example/x)",
        LINK_DROPPED,
        shows="elsewhere",
        links=(("elsewhere", None),),
    ),
    Neutralised(
        "image-javascript",
        "summary",
        "Before ![pic](javascript:alert(1)) after",
        "the image removed (no <img> is allowed), the text around it kept",
        shows="Before after",
    ),
    Neutralised(
        "links-allowed",
        "body",
        "[article](https://example.org/a?b=1&c=2), [mail](mailto:desk@example.org), "
        "[earlier event](../2025-01-01-baseline/), [the sources](#sources)",
        "http(s), mailto and the site's own pages stay links",
        shows="article, mail, earlier event, the sources",
        links=(
            ("article", "https://example.org/a?b=1&c=2"),
            ("mail", "mailto:desk@example.org"),
            ("earlier event", "../2025-01-01-baseline/"),
            ("the sources", "#sources"),
        ),
    ),
    # MkDocs' own Markdown extensions never see record text
    Neutralised(
        "attr-list-paragraph",
        "summary",
        'A paragraph.\n{: onclick="alert(1)" }',
        LITERAL,
        shows='A paragraph. {: onclick="alert(1)" }',
    ),
    Neutralised(
        "attr-list-link",
        "summary",
        '[ok](https://example.org/){ href="javascript:alert(1)" onclick="alert(2)" }',
        "the link kept, the attribute list shown as typed",
        shows='ok{ href="javascript:alert(1)" onclick="alert(2)" }',
        links=(("ok", "https://example.org/"),),
    ),
    Neutralised(
        "snippet-passwd", "summary", '--8<-- "/etc/passwd"', LITERAL, absent=(PASSWD_LINE,)
    ),
    Neutralised(
        "snippet-mkdocs-yml", "body", '--8<-- "mkdocs.yml"', LITERAL, absent=(MKDOCS_YML_LINE,)
    ),
    Neutralised(
        "template-in-summary",
        "summary",
        "{{ config }} {% raw %}{{ config.extra }}{% endraw %}",
        "shown as typed: no template is ever applied to record text",
    ),
    Neutralised(
        "ical-breakout-in-summary",
        "summary",
        "Line one\nEND:VEVENT\nBEGIN:VEVENT\nSUMMARY:injected",
        "one paragraph on the page; escaped text in the calendar's DESCRIPTION",
    ),
    Neutralised("formula-summary", "summary", '=HYPERLINK("https://evil.example","x")', LITERAL),
    Neutralised(
        "formula-after-spaces", "summary", "  =1+1", "CSV cell prefixed with '", shows="=1+1"
    ),
    Neutralised("long-word", "body", "Supercalifragilistic" * 200, LITERAL),
    Neutralised(
        "update-note-html",
        "update_note",
        "<script>alert(1)</script> and [x](javascript:alert(1))",
        "raw HTML shown as typed, the script link dropped",
        shows="<script>alert(1)</script> and x",
        links=(("x", None),),
    ),
    # HTML's special characters and references, typed: shown as typed, in code and out of
    # it, in every output (code was escaped twice; search excerpts decoded '&' once more).
    # Each starts with a word of its own, for the search test in a real browser.
    Neutralised(
        "code-specials",
        "summary",
        "Quokka: use `a < b && c` or `&amp; &lt; &#60;` in code",
        "shown as typed: code is escaped once",
        shows="Quokka: use a < b && c or &amp; &lt; &#60; in code",
    ),
    Neutralised(
        "references-as-text",
        "summary",
        "Narwhal &amp; &lt;b&gt; &#60; &copy; & < > as text",
        LITERAL,
    ),
    Neutralised(
        "code-specials-body",
        "body",
        "Pangolin `x &amp;& y <z>` then &lt;b&gt;\n\n    a < b && c &amp;",
        "shown as typed: a code span, a code block and references as text",
        shows="Pangolin x &amp;& y <z> then &lt;b&gt; a < b && c &amp;",
    ),
    Neutralised(
        "code-specials-update-note",
        "update_note",
        "Axolotl fixed `&lt;` and `a && b`, & and &amp;",
        "shown as typed",
        shows="Axolotl fixed &lt; and a && b, & and &amp;",
    ),
    Neutralised(
        "code-specials-entity-summary",
        "entity_summary",
        "Okapi runs `a<b && c` &amp; &lt;",
        "shown as typed",
        shows="Okapi runs a<b && c &amp; &lt;",
    ),
    Neutralised("title-code-specials", "title", "Tapir `&amp;` & `<b>` &lt;", LITERAL),
    Neutralised("publisher-references", "publisher", "Ibis &amp; Sons &lt;Ltd&gt; & <Co>", LITERAL),
    Neutralised("quote-references", "quote_text", "Gecko said `&lt;` & &amp; <", LITERAL),
    Neutralised("entity-name-references", "entity_name", "Lemur &amp; Co &lt;b&gt; & <", LITERAL),
    # plain-text fields: escaped for each place they land
    Neutralised("title-closes-title", "title", "</title><script>alert(1)</script>", LITERAL),
    Neutralised(
        "title-closes-script",
        "title",
        "</script><script>alert(1)</script>",
        "shown as typed; the JSON-LD stays one script that parses",
    ),
    Neutralised(
        "title-quotes",
        "title",
        "He said \"no\" & she said 'yes' <ok>",
        "shown as typed; no attribute break-out in meta tags or feeds",
    ),
    Neutralised(
        "title-template",
        "title",
        "{{ config.site_name }} {% if true %}x{% endif %}",
        "shown as typed, not expanded",
    ),
    Neutralised("title-region-marker", "title", "<!-- timeline:html -->", LITERAL),
    Neutralised("title-stars", "title", "*" * 200, "shown as typed, no emphasis"),
    Neutralised("title-underscores", "title", "_" * 200, "shown as typed, no emphasis"),
    Neutralised("title-markdown-link", "title", "[click](javascript:alert(1))", LITERAL),
    Neutralised(
        "title-emoji-and-link",
        "title",
        "😀 [click](javascript:alert(1)) 👩‍💻",
        "shown as typed (before the fix, a character beyond U+FFFF broke the front "
        "matter and the link went live)",
    ),
    Neutralised("title-xml-specials", "title", "& < ]]> &amp; &#x3C; x", LITERAL),
    Neutralised(
        "title-zero-width",
        "title",
        "Zero\u200bwidth space, joiner\u200d and word\u2060joiner",
        "allowed and kept: zero-width joiners are part of several scripts and emoji",
    ),
    Neutralised("formula-equals", "title", "=1+1", "CSV cell prefixed with '"),
    Neutralised("formula-plus", "title", "+cmd|' /C calc'!A0", "CSV cell prefixed with '"),
    Neutralised("formula-minus", "title", "-2+3", "CSV cell prefixed with '"),
    Neutralised("formula-at", "title", "@SUM(1+1)", "CSV cell prefixed with '"),
    Neutralised("publisher-html", "publisher", "<img src=x onerror=alert(1)> & Co", LITERAL),
    Neutralised("publisher-formula", "publisher", "=cmd|' /C calc'!A0", "CSV cell prefixed"),
    Neutralised(
        "source-title-markdown", "source_title", "[x](javascript:alert(1)) **bold**", LITERAL
    ),
    Neutralised(
        "url-quote-breakout",
        "url",
        'https://example.org/?q="><script>alert(1)</script>',
        "a valid http(s) address; escaped in the href, no break-out",
        shows="An article",
        links=(("An article", 'https://example.org/?q="><script>alert(1)</script>'),),
    ),
    Neutralised(
        "quote-text-html",
        "quote_text",
        '<script>alert(1)</script> "quoted" *stars* | pipe',
        LITERAL,
    ),
    Neutralised(
        "quote-original-html", "quote_original", "</span><img src=x onerror=alert(1)>", LITERAL
    ),
    Neutralised("entity-name-script", "entity_name", "<script>alert(1)</script> Ltd", LITERAL),
    Neutralised("entity-name-quotes", "entity_name", 'O\'Brien "The <Boss>" & Sons', LITERAL),
    Neutralised("entity-alias-html", "entity_alias", "<b onmouseover=alert(1)>alias</b>", LITERAL),
    Neutralised(
        "entity-summary-markdown",
        "entity_summary",
        "[x](javascript:alert(1)) <script>alert(1)</script>",
        "raw HTML shown as typed, the script link dropped",
        shows="x <script>alert(1)</script>",
        links=(("x", None),),
    ),
]


def event_id(index: int, case: Neutralised) -> str:
    return f"2025-{2 + index // 28:02d}-{1 + index % 28:02d}-{case.id}"


def event_date(index: int) -> str:
    return f"2025-{2 + index // 28:02d}-{1 + index % 28:02d}"


def event_record(index: int, case: Neutralised) -> dict:
    """The record of a neutralised case: a complete event with the hostile text in one field."""
    date = event_date(index)
    record: dict = {
        "title": f"Hostile case {case.id}",
        "date": date,
        "status": "reported",
        "summary": f"Summary of the case {case.id}.",
        "actors": ["ana-example"],
        "places": ["examplia"],
        "tags": ["hostile"],
        "sources": [
            {
                "id": "s1",
                "url": f"https://example.org/{case.id}",
                "publisher": "Example Daily",
                "title": "An article",
            }
        ],
        "quotes": [
            {
                "text": "A quoted sentence.",
                "speaker": "ana-example",
                "source": "s1",
                "original": "Una frase citada.",
                "lang": "es",
            }
        ],
        "updates": [{"date": date, "kind": "update", "note": "A plain update."}],
    }
    if case.field in EVENT_FIELDS:
        record[case.field] = case.text
    elif case.field in SOURCE_FIELDS:
        record["sources"][0][SOURCE_FIELDS[case.field]] = case.text
    elif case.field in QUOTE_FIELDS:
        record["quotes"][0][QUOTE_FIELDS[case.field]] = case.text
    elif case.field == "update_note":
        record["updates"][0]["note"] = case.text
    elif case.field in ENTITY_FIELDS:
        record["actors"].append(case.entity_id)
    else:
        raise ValueError(case.field)
    return record


def entity_record(case: Neutralised) -> dict | None:
    if case.field not in ENTITY_FIELDS:
        return None
    record: dict = {"name": f"Entity of {case.id}", "kind": "organization"}
    if case.field == "entity_alias":
        record["aliases"] = [case.text]
    else:
        record[ENTITY_FIELDS[case.field]] = case.text
    return record


# ---------------------------------------------------------------------------------------
# Rejected: records the validator refuses, each at an exact place.

EVENT_TEMPLATE = """\
title: {title}
date: "2025-03-01"
status: {status}
summary: {summary}
actors: {actors}
tags: {tags}
sources:
  - id: s1
    url: {url}
    publisher: {publisher}
    title: An article
    archive_url: {archive_url}
quotes:
  - text: A quoted sentence.
    speaker: {speaker}
    source: s1
    original: Una frase citada.
    lang: {lang}
related:
  - event: {related}
    type: see-also
"""
EVENT_DEFAULTS = {
    "title": "A valid title",
    "status": "reported",
    "summary": "A valid summary.",
    "actors": "[ana-example]",
    "tags": "[hostile]",
    "url": "https://example.org/a",
    "publisher": "Example Daily",
    "archive_url": "https://web.archive.org/web/2025/https://example.org/a",
    "speaker": "ana-example",
    "lang": "es",
    "related": "2025-01-01-baseline",
}
ENTITY_TEMPLATE = """\
name: {name}
kind: {kind}
summary: {summary}
aliases: {aliases}
wikidata: {wikidata}
"""
ENTITY_DEFAULTS = {
    "name": "A valid name",
    "kind": "organization",
    "summary": "A valid summary.",
    "aliases": "[Another name]",
    "wikidata": "Q42",
}


def _value_position(template: str, key: str, offset: int = 0) -> tuple[int, int]:
    """Line and column (1-based) where the value of `{key}` starts in the template."""
    for number, line in enumerate(template.splitlines(), 1):
        if "{" + key + "}" in line:
            return number, line.index("{" + key + "}") + 1 + offset
    raise KeyError(key)


@dataclass(frozen=True)
class Rejected:
    id: str
    path: str  # the record file, from the project root
    content: bytes | None  # None for a symbolic link (see `link_to`)
    expected: tuple[tuple[int, int, str], ...]  # (line, col, code) of the errors for the file
    outcome: str = ""
    exact: bool = True  # False: these errors at least (YAML bombs report every alias)
    link_to: str | None = None  # a symbolic link to this target instead of a file
    message_has: str = ""
    fifo: bool = False  # a named pipe instead of a file: reading it would wait forever
    reported_path: str | None = None  # the path the error names, if not `path` itself

    @property
    def shown_path(self) -> str:
        return self.reported_path or self.path


def rejected_event(
    case_id: str, code: str, key: str, value: str, outcome: str = "", offset: int = 0, **extra
) -> Rejected:
    """An event whose field `key` holds `value` (written as raw YAML), refused there."""
    values = {**EVENT_DEFAULTS, key: value}
    text = EVENT_TEMPLATE.format(**values)
    line, col = _value_position(EVENT_TEMPLATE, key, offset)
    return Rejected(
        case_id,
        f"events/2025/2025-03-01-{case_id}.yaml",
        text.encode("utf-8"),
        ((line, col, code),),
        outcome or f"refused at the value of '{key}' [{code}]",
        **extra,
    )


def rejected_entity(
    case_id: str, code: str, key: str, value: str, outcome: str = "", offset: int = 0
) -> Rejected:
    values = {**ENTITY_DEFAULTS, key: value}
    line, col = _value_position(ENTITY_TEMPLATE, key, offset)
    return Rejected(
        case_id,
        f"entities/{case_id}.yaml",
        ENTITY_TEMPLATE.format(**values).encode("utf-8"),
        ((line, col, code),),
        outcome or f"refused at the value of '{key}' [{code}]",
    )


def _positions(text: str, pattern: str, code: str) -> tuple[tuple[int, int, str], ...]:
    found = []
    for match in re.finditer(pattern, text):
        line = text.count("\n", 0, match.start()) + 1
        col = match.start() - (text.rfind("\n", 0, match.start()) + 1) + 1
        found.append((line, col, code))
    return tuple(found)


_LAUGHS = "\n".join(
    [
        'title: A title\ndate: "2025-03-01"\nsummary: &s0 "lol lol lol lol lol lol lol lol lol"',
        *(f"x{level}: &s{level} [{', '.join([f'*s{level - 1}'] * 9)}]" for level in range(1, 10)),
        "body: *s9",
        "sources: [{url: 'https://example.org', publisher: P}]",
        "",
    ]
)


def python_tag_record(marker: str) -> bytes:
    return (
        f'title: !!python/object/apply:os.system ["touch {marker}"]\n'
        'date: "2025-03-01"\nsummary: A summary.\n'
        "sources: [{url: 'https://example.org', publisher: P}]\n"
    ).encode()


_TEN_THOUSAND_TAGS = "[" + ", ".join(f"t-{n}" for n in range(1, 10_001)) + "]"
_FIFTY_UNKNOWN_ACTORS_EVENT = EVENT_TEMPLATE.format(
    **{**EVENT_DEFAULTS, "actors": "[" + ", ".join(f"nobody-{n}" for n in range(50)) + "]"}
)

REJECTED = [
    # control characters, bidirectional controls and line breaks in text
    rejected_event("title-bell", "control-character", "title", '"Bell \\a ringing"'),
    rejected_event("title-nul", "control-character", "title", '"Null \\0 byte"'),
    rejected_event(
        "title-terminal-escape", "control-character", "title", '"Colour \\e[31mred\\e[0m"'
    ),
    rejected_event("title-delete", "control-character", "title", '"Delete \\x7f here"'),
    rejected_event("summary-c1-control", "control-character", "summary", '"C1 \\x9b control"'),
    rejected_event(
        "title-bidi-override",
        "control-character",
        "title",
        "Invoice \u202egpj.exe",
        "refused at the value of 'title': U+202E written as it is in the file",
    ),
    rejected_event(
        "summary-bidi-isolate", "control-character", "summary", "An \u2066isolate\u2069 here"
    ),
    rejected_event("publisher-bidi", "control-character", "publisher", '"Daily \\u202eliaD"'),
    rejected_event("title-tab", "control-character", "title", '"A\\ttab"'),
    rejected_event("title-multi-line", "multi-line", "title", '"Line one\\nLine two"'),
    rejected_event(
        "title-ical-crlf",
        "multi-line",
        "title",
        '"x\\r\\nEND:VEVENT\\r\\nBEGIN:VEVENT"',
        "refused: a title is one line, so it cannot end the calendar entry",
    ),
    rejected_event("title-line-separator", "multi-line", "title", '"Line\\u2028separator"'),
    # URL fields: http(s) only, read as written, nothing invisible
    rejected_event("url-javascript", "invalid-url", "url", "javascript:alert(1)"),
    rejected_event("url-mixed-case", "invalid-url", "url", "JaVaScRiPt:alert(1)"),
    rejected_event(
        "url-data",
        "invalid-url",
        "url",
        "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
    ),
    rejected_event("url-entity-encoded", "invalid-url", "url", '"&#106;avascript:alert(1)"'),
    rejected_event("url-crlf", "invalid-url", "url", '"https://example.org/\\r\\nSet-Cookie: a=b"'),
    rejected_event("url-zero-width", "invalid-url", "url", '"https://exam\\u200bple.org/"'),
    rejected_event("url-bidi", "invalid-url", "url", '"https://example.org/\\u202etxt.exe"'),
    rejected_event("url-escape", "invalid-url", "url", '"https://example.org/\\e]0;x\\a"'),
    rejected_event("archive-url-vbscript", "invalid-url", "archive_url", "vbscript:msgbox(1)"),
    # ids, codes and choices that would land in attributes
    rejected_event("lang-attribute", "invalid-lang", "lang", "'en\" onmouseover=\"alert(1)'"),
    rejected_event(
        "tag-not-slug", "invalid-slug", "tags", '["<script>alert(1)</script>"]', offset=1
    ),
    rejected_event(
        "actor-injection",
        "invalid-slug",
        "actors",
        "['\"><img src=x onerror=alert(1)>']",
        offset=1,
    ),
    rejected_event("speaker-path", "invalid-slug", "speaker", "../../etc/passwd"),
    rejected_event("related-path", "invalid-slug", "related", "../../../etc/passwd"),
    rejected_event("status-injection", "invalid-choice", "status", '"confirmed<script>"'),
    # lists whose length would make the output grow with its square
    rejected_event(
        "tags-ten-thousand",
        "too-many",
        "tags",
        _TEN_THOUSAND_TAGS,
        "refused at the 21st tag, before any is read: every tag feed repeated all 10,000 "
        "(11.5 GB of feeds)",
        offset=_TEN_THOUSAND_TAGS.index("t-21,"),
    ),
    Rejected(
        "actors-fifty-unknown",
        "events/2025/2025-03-01-actors-fifty-unknown.yaml",
        _FIFTY_UNKNOWN_ACTORS_EVENT.encode(),
        _positions(_FIFTY_UNKNOWN_ACTORS_EVENT, r"nobody-\d+", "unknown-ref"),
        "each of the 50 unknown actors (the most a record may list) refused where written",
    ),
    # names the site already uses for its own pages
    rejected_event("tag-index", "reserved-name", "tags", "[index]", offset=1),
    Rejected(
        "entity-id-index",
        "entities/index.yaml",
        ENTITY_TEMPLATE.format(**ENTITY_DEFAULTS).encode(),
        ((1, 1, "reserved-name"),),
        "refused: its page would replace /actors/, the list of every actor",
    ),
    Rejected(
        "event-id-index",
        "events/2025/index.yaml",
        EVENT_TEMPLATE.format(**EVENT_DEFAULTS).encode(),
        ((1, 1, "reserved-name"),),
        "refused: its page would sit at /events/, the address of the folder",
    ),
    rejected_event("summary-too-long", "too-long", "summary", "a" * 3001),
    rejected_entity(
        "wikidata-injection", "invalid-wikidata", "wikidata", "'Q1\" onclick=\"alert(1)'"
    ),
    rejected_entity("entity-name-multi-line", "multi-line", "name", '"One\\nTwo"'),
    rejected_entity("entity-kind-injection", "invalid-choice", "kind", '"<script>"'),
    rejected_entity(
        "entity-alias-rlo", "control-character", "aliases", '["Alias \\u202e"]', offset=1
    ),
    # keys
    Rejected(
        "key-html",
        "events/2025/2025-03-01-key-html.yaml",
        EVENT_TEMPLATE.format(**EVENT_DEFAULTS)
        .replace("status:", '"<script>alert(1)</script>": x\nstatus:')
        .encode(),
        ((3, 1, "unknown-key"),),
        "refused: unknown key",
    ),
    Rejected(
        "key-terminal-escape",
        "events/2025/2025-03-01-key-terminal-escape.yaml",
        EVENT_TEMPLATE.format(**EVENT_DEFAULTS)
        .replace("status:", '"\\e]0;pwned\\a": x\nstatus:')
        .encode(),
        ((3, 1, "unknown-key"),),
        "refused: unknown key; the message shows <U+001B>, never the escape itself",
        message_has="<U+001B>",
    ),
    # YAML
    Rejected(
        "yaml-billion-laughs",
        "events/2025/2025-03-01-yaml-billion-laughs.yaml",
        _LAUGHS.encode(),
        _positions(_LAUGHS, r"&s\d", "yaml-anchor") + _positions(_LAUGHS, r"\*s\d", "yaml-alias"),
        "every anchor and alias refused where written; nothing is expanded",
        exact=False,
    ),
    Rejected(
        "yaml-python-tag",
        "events/2025/2025-03-01-yaml-python-tag.yaml",
        None,  # written by the test, which knows where the marker file would go
        ((1, 8, "yaml-tag"),),
        "refused at the tag; nothing is executed (the marker file is never created)",
        exact=False,
    ),
    Rejected(
        "yaml-python-name",
        "entities/yaml-python-name.yaml",
        b"name: !!python/name:os.system\nkind: person\n",
        ((1, 7, "yaml-tag"),),
        "refused at the tag",
        exact=False,
    ),
    # nesting: refused where the limit is passed, however deep it goes (libyaml stops at
    # 1000, Python's recursion limit is 1000 frames); the record is the first level
    *(
        rejected_event(
            f"nesting-{depth}",
            "nesting-too-deep",
            "summary",
            "[" * depth + "]" * depth,
            f"refused at the bracket that opens level {MAX_NESTING + 1}, with the limit said",
            offset=MAX_NESTING - 1,
        )
        for depth in (30, 500, 999, 1000, 5000)
    ),
    rejected_entity(
        "entity-nesting-5000",
        "nesting-too-deep",
        "aliases",
        "{a: " * 5000 + "b" + "}" * 5000,
        offset=(MAX_NESTING - 1) * 4,
    ),
    # files
    Rejected(
        "not-utf8",
        "events/2025/2025-03-01-not-utf8.yaml",
        b'title: Caf\xe9 cr\xe8me\ndate: "2025-03-01"\n',
        ((1, 11, "not-utf8"),),
        "refused at the first byte that is not UTF-8",
    ),
    Rejected(
        "utf16",
        "events/2025/2025-03-01-utf16.yaml",
        "title: x\n".encode("utf-16"),
        ((1, 1, "not-utf8"),),
        "refused at its first byte",
    ),
    Rejected(
        "file-too-large",
        "events/2025/2025-03-01-file-too-large.yaml",
        EVENT_TEMPLATE.format(**{**EVENT_DEFAULTS, "summary": "a" * 1_000_000}).encode(),
        ((1, 1, "file-too-large"),),
        "refused before it is parsed (a 1 MB summary)",
    ),
    Rejected(
        "file-name-html",
        'events/2025/"><img src=x onerror=alert(1)>.yaml',
        EVENT_TEMPLATE.format(**EVENT_DEFAULTS).encode(),
        ((1, 1, "invalid-id"),),
        "refused: the file name is the id, and ids are slugs",
    ),
    Rejected(
        "file-name-terminal-escape",
        "events/2025/\x1b]0;pwned\x07\x1b[31mred.yaml",
        EVENT_TEMPLATE.format(**EVENT_DEFAULTS).encode(),
        ((1, 1, "invalid-id"),),
        "refused; the file name is printed with <U+001B> in place of each escape",
    ),
    Rejected(
        "symlinked-record",
        "events/2025/2025-03-01-symlinked-record.yaml",
        None,
        ((1, 1, "symlink"),),
        "refused, not followed",
        link_to="../../outside/record.yaml",
    ),
    Rejected(
        "symlinked-folder",
        "events/2026",
        None,
        ((1, 1, "symlink"),),
        "refused, not followed",
        link_to="../outside",
    ),
    Rejected(
        "symlinked-passwd",
        "entities/passwd.yaml",
        None,
        ((1, 1, "symlink"),),
        "refused, not followed",
        link_to="/etc/passwd",
    ),
    # files and folders that are not records: each reported, none silently skipped
    *(
        Rejected(
            f"file-name-{label}",
            f"events/2025/2025-03-01-{label}{ending}",
            EVENT_TEMPLATE.format(**EVENT_DEFAULTS).encode(),
            ((1, 1, code),),
            f"reported: a record named '...{ending}' would never be read or published",
        )
        for label, ending, code in (
            ("upper-case-extension", ".YAML", "wrong-extension"),
            ("mixed-case-extension", ".Yaml", "wrong-extension"),
            ("yml-upper-case", ".YML", "wrong-extension"),
            ("trailing-space", ".yaml ", "wrong-extension"),
            ("trailing-dot", ".yaml.", "wrong-extension"),
            ("text-after-extension", ".yaml.txt", "wrong-extension"),
            ("json", ".json", "not-a-record"),
            ("no-extension", "", "not-a-record"),
        )
    ),
    Rejected(
        "hidden-drafts-folder",
        "events/.drafts/2025-03-01-hidden-drafts-folder.yaml",
        EVENT_TEMPLATE.format(**EVENT_DEFAULTS).encode(),
        ((1, 1, "not-a-record"),),
        "reported: the folder is hidden, so nothing in it would ever be read",
        reported_path="events/.drafts",
    ),
    Rejected(
        "folder-named-like-a-record",
        "events/2025/2025-03-01-folder.yaml/README.md",
        b"A folder that looks like a record file.\n",
        ((1, 1, "not-a-record"),),
        "reported: a folder named like a record file",
        reported_path="events/2025/2025-03-01-folder.yaml",
    ),
    Rejected(
        "entity-in-a-subfolder",
        "entities/people/entity-in-a-subfolder.yaml",
        ENTITY_TEMPLATE.format(**ENTITY_DEFAULTS).encode(),
        ((1, 1, "not-a-record"),),
        "reported: entities sit directly in entities/",
        reported_path="entities/people",
    ),
    Rejected(
        "fifo-named-like-a-record",
        "entities/fifo-named-like-a-record.yaml",
        None,
        ((1, 1, "not-a-file"),),
        "reported without being opened, so nothing waits for a writer",
        fifo=True,
    ),
    Rejected(
        "file-name-not-utf8",
        "events/2025/2025-03-01-caf\udce9.yaml",  # the byte 0xE9 alone, as os.fsdecode gives it
        EVENT_TEMPLATE.format(**EVENT_DEFAULTS).encode(),
        ((1, 1, "file-name-not-utf8"),),
        "reported with the byte escaped; before, `timeline build` died in the record cache",
        reported_path="events/2025/2025-03-01-caf\\xe9.yaml",
    ),
]

ALL_CASES: list = [*NEUTRALISED, *REJECTED]
_ids = [case.id for case in ALL_CASES]
assert len(set(_ids)) == len(_ids), "case ids must be unique"
