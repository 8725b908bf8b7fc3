"""The one Jinja environment that renders every page template.

Templates write Markdown, so autoescaping (which knows only HTML) is off.
Instead every value a template prints must already be `Markup`: produced by a
filter that escaped it for where it lands (`md`, `h`, `record`, `url`) or by
a helper that builds trusted markup. A plain string reaching the output means
a template forgot to escape a value, and the render stops with an error.
"""

from __future__ import annotations

from datetime import date
from functools import cache

import jinja2
from markupsafe import Markup

from generator.records.dates import MONTHS, year_text
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


def plural(count: int, word: str) -> Markup:
    return Markup(f"{count} {word}{'' if count == 1 else 's'}")


def status_badge(status: str) -> Markup:
    label = text.html_text(status.capitalize())
    return Markup(f'<span class="status status--{text.html_text(status)}">{label}</span>')


def tag_label(tag: str) -> str:
    """How a tag slug reads in a sentence: 'military-cooperation' -> 'military cooperation'."""
    return tag.replace("-", " ")


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
        tag_label=tag_label,
    )
    env.globals.update(
        plural=plural,
        status_badge=status_badge,
        front_matter=text.front_matter,
    )
    return env


def render(template: str, **context: object) -> str:
    """A page from its template, ending in exactly one newline."""
    return environment().get_template(template).render(**context).rstrip() + "\n"
