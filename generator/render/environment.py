"""The one Jinja environment that renders every page template.

Templates write Markdown, so autoescaping (which knows only HTML) is off.
Instead every value a template prints must already be `Markup`: produced by a
filter that escaped it for where it lands (`md`, `h`, `record`, `url`) or by
a helper that builds trusted markup. A plain string reaching the output means
a template forgot to escape a value, and the render stops with an error.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from functools import cache

import jinja2
from markupsafe import Markup

from generator.records.dates import MONTHS, EventDate, year_text
from generator.records.model import Event
from generator.render import text

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


def plural(count: int, word: str) -> Markup:
    return Markup(f"{number(count)} {word}{'' if count == 1 else 's'}")


# What each status means, for the badges' explanation and the status key (as About says).
STATUS_MEANINGS = {
    "confirmed": "established by the people involved or by several independent sources",
    "reported": "reported by the press, not yet confirmed",
    "disputed": "reported, and denied or contested by someone involved",
    "retracted": "reported, then withdrawn by the source that published it",
}


def status_badge(status: str) -> Markup:
    """The status as a badge; its meaning is its tooltip, and screen readers hear 'Status:'."""
    label = text.html_text(status.capitalize())
    meaning = text.html_text(STATUS_MEANINGS.get(status, ""))
    return Markup(
        f'<span class="status status--{text.html_text(status)}" title="{label}: {meaning}">'
        f'<span class="tl-sr">Status: </span>{label}</span>'
    )


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
    mark, meaning = DATE_MARKS[(approximate, uncertain)]
    return Markup(
        f'{text.html_text(words)} <span class="tl-date-mark" title="{meaning}" '
        f'aria-hidden="true">{mark}</span><span class="tl-sr"> ({meaning})</span>'
    )


# Room between two cards on the axis, by the days between their events: the distance says
# something about the time between them, within a range that keeps the page readable
SPACING = ((1, 0), (7, 1), (31, 2), (92, 3))


def spacing(before: object, event: object, band: str = "") -> Markup:
    """A spacer between two cards whose events lie days apart; nothing for the same day.
    `band` is the class of the period band both cards share, if any."""
    if before is None or isinstance(before, jinja2.Undefined):
        return Markup("")
    days = abs((event.date.earliest - before.date.earliest).days)
    level = next((level for limit, level in SPACING if days < limit), 4)
    if level == 0:
        return Markup("")
    return Markup(f'<div class="tl-space tl-space--{level}{band}" aria-hidden="true"></div>')


def id_list(ids: Iterable[str]) -> Markup:
    """Ids for a data- attribute, space-separated: hooks for the timeline filters."""
    return text.html_text(" ".join(ids))


def day_number(event: Event) -> int:
    """The earliest day an event's date can mean, as YYYYMMDD: what the date filter compares."""
    day = event.date.earliest
    return day.year * 10000 + day.month * 100 + day.day


@cache
def environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.PackageLoader(TEMPLATES_PACKAGE, TEMPLATES_FOLDER),
        autoescape=False,
        undefined=jinja2.StrictUndefined,
        finalize=_require_markup,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        auto_reload=False,
    )
    env.filters.update(
        md=text.markdown_text,
        h=text.html_text,
        record=text.record_block,
        plain=text.record_plain,
        url=safe_url,
        day=day,
        year=year,
        number=number,
        date_html=date_html,
    )
    env.globals.update(
        plural=plural,
        number=number,
        status_badge=status_badge,
        spacing=spacing,
        id_list=id_list,
        day_number=day_number,
        status_meanings=STATUS_MEANINGS,
        date_marks=DATE_MARKS,
        front_matter=text.front_matter,
    )
    return env


def render(template: str, **context: object) -> str:
    """A page from its template, ending in exactly one newline."""
    return environment().get_template(template).render(**context).rstrip() + "\n"
