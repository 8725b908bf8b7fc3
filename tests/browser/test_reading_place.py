"""Where the reader is: the chart marks the period in view, and the table of contents
follows the list when the filters replace it with results from the index.

On the large synthetic site, whose year pages are long (conftest.LARGE_YEARS).
"""

from __future__ import annotations

from tests.helpers import DESKTOP, RESULTS_READY, open_sheet

HERE = "svg.tl-chart__svg--wide .tl-chart__link--here"


def marked(tab) -> str | None:
    tab.page.wait_for_selector(HERE, state="attached")
    return tab.page.text_content(f"{HERE} title")  # the bar's name


def scroll_to(tab, selector: str) -> None:
    tab.page.evaluate(
        f"""() => {{ const e = document.querySelector({selector!r});
                     window.scrollTo(0, e.getBoundingClientRect().top + window.scrollY - 100); }}"""
    )


def test_the_chart_marks_the_month_in_view_as_the_reader_scrolls(open_tab, large_site) -> None:
    tab = open_tab(viewport=DESKTOP)
    tab.page.goto(large_site.url("timeline/2024/"))
    for month in ("June", "February", "August"):
        scroll_to(tab, f"h2#{month.lower()} + .tl-axis .tl-entry")
        tab.page.wait_for_function(
            f"document.querySelector({HERE!r} + ' title')?.textContent.startsWith('{month}')"
        )
        assert marked(tab).startswith(f"{month} 2024:")
        assert len(tab.page.query_selector_all(HERE)) == 1
    # the mark is drawn unlike the other bars
    other = "svg.tl-chart__svg--wide a:not(.tl-chart__link--here) .tl-chart__bar"
    fills = [
        tab.page.eval_on_selector(selector, "r => getComputedStyle(r).fill")
        for selector in (f"{HERE} .tl-chart__bar", other)
    ]
    assert fills[0] != fills[1]


def test_without_javascript_nothing_is_marked(open_tab, large_site) -> None:
    tab = open_tab(java_script_enabled=False, viewport=DESKTOP)
    tab.page.goto(large_site.url("timeline/2024/#june"))
    assert tab.page.query_selector("svg .tl-chart__bar")
    assert not tab.page.query_selector(".tl-chart__link--here")


def toc(tab) -> list[tuple[str, str]]:
    return [
        (link.text_content().strip(), link.get_attribute("href"))
        for link in tab.visible(".md-sidebar--secondary .md-nav__link")
    ]


def test_the_table_of_contents_follows_index_results(open_tab, large_site) -> None:
    tab = open_tab(viewport=DESKTOP)
    for path in ("timeline/", "timeline/2024/"):
        tab.page.goto(large_site.url(path))
        before = toc(tab)
        assert before
        tab.page.goto(large_site.url(f"{path}?status=disputed"))
        tab.page.wait_for_selector(RESULTS_READY)
        entries = toc(tab)
        years = [h.text_content() for h in tab.page.query_selector_all("[data-tl-results] h3")]
        assert years
        assert entries == [("Matching events", "#matching-events")] + [
            (year, f"#matching-{year}") for year in years
        ]
        for _, href in entries:  # each leads to a heading the reader sees
            assert tab.page.query_selector(href).is_visible()
        # the results mark the chart too
        scroll_to(tab, "[data-tl-results] .tl-entry")
        assert marked(tab)
        # cleared, the page's own contents come back and the added ones go
        open_sheet(tab)
        tab.page.click("[data-tl-clear]")
        tab.page.wait_for_function("document.querySelector('[data-tl-results]').hidden")
        assert toc(tab) == before
