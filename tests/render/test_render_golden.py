"""Golden tests of the render stage: the generated Markdown of a small project.

The case tests/golden/render/pages/ is a project (events, entities,
mkdocs.yml, home introduction) that uses every feature a page shows: a span,
a month, a year, an approximate and an ongoing date, times on the same day,
every status and relation type, quotes, updates and corrections, and text
that tries to be Markdown or HTML. Its expected/ folder holds every generated
file, and expected-large-timeline.md the timeline page of the same records
when they are too many for one page (tests/golden/README.md);
`pytest --update-goldens` rewrites them, and a reviewer reads the diff.
"""

from __future__ import annotations

import re

import jinja2
import pytest

from generator.records.project import load_project
from generator.render import environment, render_site
from generator.render.environment import UnescapedValueError
from generator.render.html_blocks import CLOSE, OPEN
from generator.settings import read_site_config
from generator.site.generate import home_intro
from tests.helpers import GOLDEN_PROJECT, REPO, check_golden

PROJECT = GOLDEN_PROJECT


def render_fixture(limit: int | None = None) -> dict[str, str]:
    dataset, diagnostics = load_project(PROJECT)
    assert not [d for d in diagnostics if d.severity == "error"], diagnostics
    config = read_site_config(PROJECT)
    intro = home_intro(PROJECT / config.docs_dir, config)
    if limit is None:
        return render_site(dataset, config, intro)
    return render_site(dataset, config, intro, full_timeline_limit=limit)


def test_generated_pages_match_the_goldens(update_goldens: bool) -> None:
    check_golden(PROJECT / "expected", render_fixture(), update_goldens)


def test_a_large_timeline_lists_years_and_latest_events(update_goldens: bool) -> None:
    page = render_fixture(limit=3)["timeline/index.md"]
    check_golden(PROJECT / "expected-large-timeline.md", page, update_goldens)
    assert "## Latest events" in page
    assert "### January 2025" not in page


def test_rendering_is_deterministic() -> None:
    assert render_fixture() == render_fixture()


def test_every_event_entity_and_tag_has_a_page() -> None:
    pages = render_fixture()
    dataset, _ = load_project(PROJECT)
    for event in dataset.events:
        assert f"events/{event.id}.md" in pages
    for entity in dataset.entities.values():
        folder = "places" if entity.is_place else "actors"
        assert f"{folder}/{entity.id}.md" in pages
    for tag in dataset.events_by_tag:
        assert f"tags/{tag}.md" in pages


def test_record_text_cannot_inject_markup() -> None:
    page = render_fixture()["events/2025-02-03-alice-rejects-treaty.md"]
    # the one script is the page's JSON-LD, which holds data, not code
    assert not re.search(r"<script(?![^>]*application/ld\+json)", page, re.IGNORECASE)
    assert page.lower().count("<script") == 1
    assert not re.search(r"""href\s*=\s*["']?\s*javascript:""", page)
    assert "<b>" not in page and "<em>Not" not in page
    assert not re.search(r"<[^>]*\bonclick", page)  # shown as text, never an attribute
    assert "<h1>" not in page
    # the title shows as typed: escaped for Markdown in the heading, for HTML in front matter
    assert "# Alice rejects the \\*treaty\\* &lt;b&gt;&amp; says" in page
    assert 'title: "Alice rejects the *treaty* &lt;b&gt;&amp; says &quot;no&quot;' in page


def test_record_text_stands_apart_from_markdown() -> None:
    """Everything but the front matter and the headings sits between timeline:html markers,
    which MkDocs passes through untouched: escaped syntax in record text never comes alive."""
    for relative, page in render_fixture().items():
        if relative in ("index.md", "data/index.md"):
            # the home page starts with the hand-written introduction; the data page is
            # Markdown the generator writes about its own files, with no record text in it
            continue
        body = page.split("---\n", 2)[2] if page.startswith("---\n") else page
        inside = False
        for line in body.splitlines():
            if line in (OPEN, CLOSE):
                assert inside == (line == CLOSE), f"{relative}: unbalanced markers"
                inside = line == OPEN
            elif not inside:
                assert line == "" or re.match(r"#{1,3} \S", line), f"{relative}: {line!r}"
        assert not inside, f"{relative}: a region is not closed"


def test_templates_leave_the_markers_to_html_region() -> None:
    """One helper writes the markers (`{% call html_region() %}`), so that they cannot
    drift from what generator.render.html_blocks looks for."""
    for template in sorted((REPO / "generator/templates").glob("*.j2")):
        source = template.read_text(encoding="utf-8")
        assert OPEN not in source and CLOSE not in source, template.name
        assert source.count("{% call html_region() %}") == source.count("{% endcall %}")


def test_templates_take_paths_from_the_layout() -> None:
    """No template spells a page or a download: generator/layout.py names them all."""
    spelled = re.compile(r"[\w/-]+\.(?:md|json|xml|csv|ics)\b(?!\.j2)")
    for template in sorted((REPO / "generator/templates").glob("*.md.j2")):
        code = re.sub(r"\{#.*?#\}", "", template.read_text(encoding="utf-8"), flags=re.S)
        assert spelled.findall(code) == [], template.name


def test_template_lines_are_readable() -> None:
    """Long lines of HTML are split with whitespace control or `{#~#}` (see
    generator/render/environment.py), which leave the output as it was."""
    too_long = [
        f"{template.name}:{number}: {len(line)} characters"
        for template in sorted((REPO / "generator/templates").glob("*.j2"))
        for number, line in enumerate(template.read_text(encoding="utf-8").splitlines(), 1)
        if len(line) > 120
    ]
    assert too_long == []


def test_a_value_printed_without_escaping_stops_the_render() -> None:
    templates = {"raw": "{{ value }}", "escaped": "{{ value | h }} ({{ count }})"}
    env = environment.environment().overlay(loader=jinja2.DictLoader(templates))
    with pytest.raises(UnescapedValueError, match="printed '<b>' without an escaping filter"):
        env.get_template("raw").render(value="<b>")
    # the same value escaped for HTML passes, and so does a number
    assert env.get_template("escaped").render(value="<b>", count=3) == "&lt;b&gt; (3)"


def test_html_is_written_by_templates() -> None:
    """The renderer builds no HTML in Python strings: small pieces are the macros of
    templates/_parts.html.j2. The one exception is text.plain_paragraphs, which must
    write exactly what Python-Markdown writes for plain text (a test compares them)."""
    built = re.compile(r"""\bf["']<""")
    for module in sorted((REPO / "generator/render").glob("*.py")):
        lines = module.read_text(encoding="utf-8").splitlines()
        found = [n for n, line in enumerate(lines, 1) if built.search(line)]
        if module.name == "text.py":
            assert len(found) == 1 and "<p>{p}</p>" in lines[found[0] - 1], found
        else:
            assert found == [], f"{module.name}: lines {found}"
