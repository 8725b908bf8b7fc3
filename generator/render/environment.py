"""The Jinja environment that renders every template, with its escaping guard.

Templates write Markdown, so autoescaping (which knows only HTML) is off.
Instead every value a template prints must already be `Markup`: produced by a
filter that escaped it for where it lands (`md`, `h`, `record`, `url`) or by
a helper that builds trusted markup. A plain string reaching the output means
a template forgot to escape a value, and the render stops with an error.

The record skeletons of `timeline new` are YAML, not Markdown: they come from
the same factory, `record_environment()`, whose guard asks for `YamlText`
instead, the text of a value written by the YAML dumper or checked against the
record format.

Template lines stay under 120 characters (tests/render/test_render_golden.py):
a line that must not end in a line break ends in `{#~#}`, a comment that
trim_blocks removes with the line break after it, or the next line opens with
`{%-`, which takes the line break and the indentation away.
"""

from __future__ import annotations

import posixpath
from collections.abc import Callable
from datetime import date
from functools import cache, lru_cache
from types import SimpleNamespace

import jinja2
import yaml
from markupsafe import Markup

from generator import diagnostics, layout
from generator.records.dates import MONTHS, EventDate, year_text
from generator.render import html_blocks, text

TEMPLATES_PACKAGE = "generator"
TEMPLATES_FOLDER = "templates"


class UnescapedValueError(TypeError):
    """A template printed a value without escaping it for its context."""


def _require_markup(value: object) -> object:
    if isinstance(value, Markup | int) and not isinstance(value, bool):
        return value
    raise UnescapedValueError(
        f"a template printed {value!r} without an escaping filter (md, h, record or url)"
    )


class YamlText(str):
    """Text that may stand in a YAML record as it is: written by the YAML dumper, a
    comment line, or a value already checked against the record format."""

    __slots__ = ()


def _require_yaml(value: object) -> object:
    if isinstance(value, YamlText):
        return value
    raise UnescapedValueError(
        f"a record template printed {value!r} without writing it as YAML (the yaml filter)"
    )


def yaml_scalar(value: str) -> YamlText:
    """A value written so that YAML reads back exactly that text."""
    line = yaml.safe_dump({"k": str(value)}, allow_unicode=True, width=1_000_000)
    return YamlText(line.removeprefix("k: ").rstrip("\n"))


def yaml_flow_list(values: list[str]) -> YamlText:
    return YamlText("[" + ", ".join(values) + "]")  # the values are checked slugs: plain YAML


def _environment(finalize: Callable[[object], object]) -> jinja2.Environment:
    """An environment for the templates folder whose `finalize` guards every printed value."""
    return jinja2.Environment(
        loader=jinja2.PackageLoader(TEMPLATES_PACKAGE, TEMPLATES_FOLDER),
        autoescape=False,
        undefined=jinja2.StrictUndefined,
        finalize=finalize,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        auto_reload=False,
    )


def record_environment() -> jinja2.Environment:
    """A fresh environment for the YAML templates of record skeletons (`*.yaml.j2`):
    each printed value must be `YamlText`; the caller adds its own globals."""
    env = _environment(_require_yaml)
    env.filters.update(yaml=yaml_scalar, flow=yaml_flow_list)
    return env


def safe_url(url: str) -> Markup:
    """A record's web address for an href; records only hold http(s) addresses."""
    if not url.lower().startswith(("http://", "https://")):
        raise ValueError(f"refusing to link to {url!r}: only http(s) addresses are allowed")
    return text.html_text(url)


def day(value: date) -> Markup:
    """A calendar day as a reader says it: '3 May 2025'."""
    return Markup(f"{value.day} {MONTHS[value.month]} {year_text(value.year)}")


def year(value: int) -> Markup:
    """A year as a reader sees it: '2025', '0999'."""
    return Markup(year_text(value))


def number(count: int) -> Markup:
    """A count as every page writes it (and timeline-filters.js too): '3,000'."""
    return Markup(f"{count:,}")


def plural(count: int, word: str, many: str | None = None) -> Markup:
    """'1 event', '3,000 events' (generator.diagnostics.plural, the one way to count)."""
    return Markup(diagnostics.plural(count, word, many))


# What each status means, for the badges' explanation and the status key (as About says).
STATUS_MEANINGS = {
    "confirmed": "established by the people involved or by several independent sources",
    "reported": "reported by the press, not yet confirmed",
    "disputed": "reported, and denied or contested by someone involved",
    "retracted": "reported, then withdrawn by the source that published it",
}


def status_badge(status: str, tooltip: bool = True) -> Markup:
    """The status as a badge; screen readers hear 'Status:'. Its meaning is its tooltip,
    except in the rows and cards of a list (`tooltip` false), whose page has the key of
    the badges: at 10,000 events the rows' tooltips were 4 MB."""
    return same_part("status_badge", status, tooltip)


# One mark for a date's qualifiers, explained in words to screen readers and on hover
DATE_MARKS = {
    (True, False): ("c.", "approximate date"),
    (False, True): ("?", "uncertain date"),
    (True, True): ("c.?", "approximate and uncertain date"),
}


def date_html(value: EventDate) -> Markup:
    """The date as a reader says it, with one mark (c., ? or c.?) for what is not certain."""
    points = [p for p in (value.start, value.end) if p is not None]
    approximate = any(p.approximate for p in points)
    uncertain = any(p.uncertain for p in points)
    words = value.display()
    if not (approximate or uncertain):
        return text.html_text(words)
    words = words.replace("c. ", "").replace(" (?)", "")
    return same_part("date_mark", words, *DATE_MARKS[(approximate, uncertain)])


# Room between two cards on the axis, by the days between their events: the distance says
# something about the time between them, within a range that keeps the page readable
SPACING = ((1, 0), (7, 1), (31, 2), (92, 3))


def spacing(before: object, event: object) -> int:
    """The room above a card on the axis, 0 to 4 (CSS `tl-step--N`), by the days between
    its event and the one above it (`before`, or None at the top)."""
    if before is None or isinstance(before, jinja2.Undefined):
        return 0
    days = abs((event.date.earliest - before.date.earliest).days)
    return next((level for limit, level in SPACING if days < limit), 4)


def record_block(record_text: str, css_class: str = "record-text") -> Markup:
    """A Markdown field of a record as an HTML block that MkDocs copies as it is."""
    return part("record_block", css_class, text.record_lines(record_text))


# The pages and files templates name, as generator.layout names them:
# `links.page(paths.timeline)`.
PATHS = SimpleNamespace(
    home=layout.HOME_PAGE,
    timeline=layout.TIMELINE_PAGE,
    tags=layout.TAGS_PAGE,
    data=layout.DATA_PAGE,
    events_json=layout.EVENTS_JSON,
)


def file_name(path: str) -> Markup:
    """The name of a file of the site as a reader sees it: 'data/events.json' -> 'events.json'."""
    return text.html_text(posixpath.basename(path))


PARTS = "_parts.html.j2"


@cache
def _parts() -> object:
    return environment().get_template(PARTS).module


def part(name: str, *args: object) -> Markup:
    """One of the small pieces of HTML in templates/_parts.html.j2 (a macro), for the
    Python that puts it in many places; its values go through the escaping guard."""
    return Markup(getattr(_parts(), name)(*args))


# The same badge, date or link appears on many pages: each is written once per build
# (a macro call costs more than the f-string it replaced; cached, the render keeps its pace).
same_part = lru_cache(maxsize=16384)(part)


def html_region(caller: Callable[[], str]) -> Markup:
    """`{% call html_region() %}...{% endcall %}`: HTML that MkDocs passes through untouched,
    between the two marker lines of generator.render.html_blocks. Every value printed
    inside went through the escaping guard already."""
    return Markup(f"{html_blocks.OPEN}\n{caller()}{html_blocks.CLOSE}\n")


def section_heading(title: str, anchor: str) -> Markup:
    """A heading of an HTML region on a page without a table of contents (an event's), as
    the `toc` extension of mkdocs.yml writes a Markdown one: an id and a permanent link."""
    return part("section_heading", title, anchor)


@cache
def environment() -> jinja2.Environment:
    """The environment of every page template (Markdown with HTML regions)."""
    env = _environment(_require_markup)
    env.filters.update(
        md=text.markdown_text,
        h=text.html_text,
        record=record_block,
        plain=text.record_plain,
        url=safe_url,
        day=day,
        year=year,
        number=number,
        date_html=date_html,
        file_name=file_name,
    )
    env.globals.update(
        plural=plural,
        number=number,
        status_badge=status_badge,
        status_meanings=STATUS_MEANINGS,
        date_marks=DATE_MARKS,
        front_matter=text.front_matter,
        html_region=html_region,
        section_heading=section_heading,
        paths=PATHS,
    )
    return env


def render(template: str, **context: object) -> str:
    """A page from its template, ending in exactly one newline."""
    return environment().get_template(template).render(**context).rstrip() + "\n"
