"""Accessibility and phones: axe-core in both palettes, the keyboard, a 390 px screen.

axe-core comes bundled in the PyPI package axe-playwright-python (no CDN) and
runs inside the page. A serious or critical violation fails the test, with
axe's own report of what and where.
"""

from __future__ import annotations

import re

import pytest

from tests.browser.search_dialog import open_dialog, run_search
from tests.helpers import (
    PALETTES,
    PHONE,
    Tab,
    address_query,
    axe_violations,
    open_in_palette,
)

EVENT = "events/2025-05-03-sheinbaum-rejects-us-troops/"
PAGES = {
    "home": "",
    "timeline": "timeline/",
    "event": EVENT,
    "actor": "actors/claudia-sheinbaum/",
    "tag": "tags/sovereignty/",
}
MORE_PAGES = {
    "year": "timeline/2025/",
    "place": "places/texcoco/",
    "actors": "actors/",
    "data": "data/",
    "about": "about/",
    "changes": "changes/",
    "corrections": "corrections/",
}


@pytest.mark.parametrize("palette", PALETTES)
@pytest.mark.parametrize("name", PAGES)
def test_no_serious_axe_violations(open_tab, seed_site, name, palette) -> None:
    tab = open_in_palette(open_tab, seed_site, PAGES[name], palette)
    if name == "home":
        tab.page.click("details.tl-chart__numbers > summary")  # the table behind the chart too
    violations, report = axe_violations(tab)
    assert not violations, report


@pytest.mark.parametrize("palette", PALETTES)
def test_no_serious_axe_violations_with_filters_and_search_open(
    open_tab, seed_site, palette
) -> None:
    tab = open_in_palette(open_tab, seed_site, "timeline/?status=confirmed", palette)
    violations, report = axe_violations(tab)
    assert not violations, report
    open_dialog(tab.page)
    run_search(tab.page, "Sheinbaum")
    tab.page.click(".tl-search-dialog__toggle")  # the filters too
    tab.page.wait_for_selector(
        ".tl-search-dialog__filters select[name=actor] option + option", state="attached"
    )
    violations, report = axe_violations(tab)
    assert not violations, report


def test_the_chart_has_a_text_alternative_and_a_table(open_tab, seed_site) -> None:
    page = open_tab().page
    page.goto(seed_site.url())
    chart = page.query_selector("figure.tl-chart svg.tl-chart__svg--wide")
    assert chart.is_visible()
    labelled_by = chart.get_attribute("aria-labelledby").split()
    names = [page.text_content(f"#{id_}") for id_ in labelled_by]
    assert "events in all" in names[0]
    assert page.text_content("figure.tl-chart figcaption").startswith("Events over time, by ")
    # each bar is a link that says what it holds, by its <title> alone (also its tooltip)
    bars = chart.query_selector_all("a")
    labels = [a.eval_on_selector("title", "t => t.textContent") for a in bars]
    assert labels and all(re.fullmatch(r".+: [\d,]+ events?", label) for label in labels)
    assert not any(a.get_attribute("aria-label") for a in bars)
    named = page.locator("svg.tl-chart__svg--wide").get_by_role("link", name=labels[-1], exact=True)
    assert named.count() == 1
    rows = page.query_selector_all("figure.tl-chart table tbody tr")
    assert rows and page.query_selector("figure.tl-chart table caption")


def focus_ring(tab: Tab) -> dict[str, str]:
    """The outline of what has the keyboard focus (for Material's palette switch, a
    visually hidden radio button, the outline of the label drawn after it)."""
    return tab.page.evaluate(
        """() => {
            const focused = document.activeElement;
            let drawn = focused;
            if (focused.matches('input.md-option') && focused.nextElementSibling) {
                drawn = focused.nextElementSibling;
            }
            const style = getComputedStyle(drawn);
            return {style: style.outlineStyle, width: style.outlineWidth,
                    tag: focused.tagName,
                    name: focused.getAttribute('name') ||
                          focused.getAttribute('data-tl-typeahead') || '',
                    cls: focused.closest('.tl-entry') ? 'entry' : '',
                    text: (focused.textContent || '').trim()};
        }"""
    )


def test_the_keyboard_reaches_the_filters_and_the_entries_with_a_visible_focus(
    open_tab, seed_site
) -> None:
    tab = open_tab()
    page = tab.page
    page.goto(seed_site.url("timeline/"))
    page.focus(".tl-filters__summary")
    page.keyboard.press("Enter")  # the filter sheet opens from the keyboard
    reached: list[dict[str, str]] = []
    for _ in range(80):
        page.keyboard.press("Tab")
        focused = focus_ring(tab)
        reached.append(focused)
        if focused["cls"] == "entry":
            break
    filters = [f["name"] for f in reached if f["name"] and f["name"] != "date"]  # not "jump to"
    assert list(dict.fromkeys(filters)) == ["actor", "place", "tag", "status", "from", "to"]
    assert not any(f["text"] == "Clear filters" for f in reached)  # nothing to clear
    assert reached[-1]["cls"] == "entry", "Tab never reached a timeline entry"
    for focused in reached:
        assert focused["style"] != "none" and focused["width"] != "0px", focused

    # and the filters work from the keyboard: a box with the space bar, a name by typing
    page.focus("input[name=status][value=confirmed]")
    page.keyboard.press("Space")
    assert address_query(page) == "?status=confirmed"
    page.focus("[data-tl-typeahead=actor]")
    page.keyboard.type("Claudia")
    page.keyboard.press("Enter")
    assert address_query(page) == "?actor=claudia-sheinbaum&status=confirmed"


def test_nothing_scrolls_sideways_on_a_phone(open_tab, seed_site) -> None:
    tab = open_tab(viewport=PHONE, is_mobile=True, has_touch=True)
    too_wide = {}
    for name, path in {**PAGES, **MORE_PAGES}.items():
        tab.page.goto(seed_site.url(path))
        width = tab.page.evaluate("document.documentElement.scrollWidth")
        if width > PHONE["width"]:
            too_wide[name] = width
    assert not too_wide, f"wider than {PHONE['width']} px: {too_wide}"


def test_the_timeline_reads_well_on_a_phone(open_tab, seed_site) -> None:
    tab = open_tab(viewport=PHONE, is_mobile=True, has_touch=True)
    tab.page.goto(seed_site.url("timeline/?actor=claudia-sheinbaum"))
    entry = tab.visible(".tl-entry")[0].bounding_box()
    assert entry["x"] >= 0 and entry["x"] + entry["width"] <= PHONE["width"]
    assert entry["width"] > PHONE["width"] * 0.8  # the text gets the screen, not the margins
    # the filters are one line until opened: the first event shows on the first screen
    tab.page.goto(seed_site.url("timeline/"))
    assert tab.page.query_selector("[data-tl-sheet]").bounding_box()["height"] < 60
    assert tab.visible(".tl-entry")[0].bounding_box()["y"] < PHONE["height"]
    size = tab.page.evaluate(
        "parseFloat(getComputedStyle(document.querySelector('.tl-entry__summary')).fontSize)"
    )
    assert size >= 14
