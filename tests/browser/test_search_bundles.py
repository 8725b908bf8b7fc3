"""Search over an index split into bundles of whole years behaves as over one index.

The same synthetic records are built twice: with one search index, and with
`extra.search_split_above` low enough that it is split into three bundles
(generator.layout.search_bundles). The search dialog must find the same
results, in the same order when sorted by date, and offer the same filters.
"""

from __future__ import annotations

import json

import pytest

from tests.browser.search_dialog import DIALOG, open_dialog, rows, run_search, wait_for_results

SUMMARY = "document.querySelector('.tl-search-dialog__summary').textContent"
QUERIES = ("ministry", "extradition", "statement")


def bundles(site) -> list[dict]:
    return json.loads((site.root / "site" / "search-bundles.json").read_text())["bundles"]


def test_the_split_site_has_bundles_of_whole_years(large_site, large_split_site) -> None:
    assert [b["path"] for b in bundles(large_site)] == ["pagefind/"]
    split = bundles(large_split_site)
    # two years: the older one and the newest one, each a bundle (three bundles at
    # most, for more years: tests/site/test_search_bundles.py)
    assert len(split) == 2
    years = [y for b in split for y in range(b["first_year"], b["last_year"] + 1)]
    assert years == sorted(set(years)) and years[-1] == split[-1]["first_year"]


def results(open_tab, site, query: str, sort: str) -> tuple[str, list[str]]:
    """The summary line and the addresses of the first page of results (site-relative)."""
    page = open_tab().page
    page.goto(site.url())
    open_dialog(page)
    run_search(page, query)
    if sort != "relevance":
        page.select_option(f"{DIALOG} select[name=sort]", sort)
        page.wait_for_function(
            f"{SUMMARY}.includes('{'oldest' if sort == 'date-asc' else 'newest'} first')"
        )
        wait_for_results(page, query)
    summary = page.evaluate(SUMMARY)
    return summary, [r["href"].removeprefix(site.url()) for r in rows(page)]


@pytest.mark.parametrize("sort", ["relevance", "date-asc", "date-desc"])
def test_results_are_those_of_one_index(open_tab, large_site, large_split_site, sort) -> None:
    for query in QUERIES:
        one_summary, one = results(open_tab, large_site, query, sort)
        split_summary, split = results(open_tab, large_split_site, query, sort)
        assert one, query
        assert split_summary == one_summary, query  # the same number of results
        if sort == "relevance":
            assert set(split) == set(one) or len(one) == 10, query
        else:
            assert split == one, (query, sort)


def filter_options(open_tab, site) -> dict[str, list[str]]:
    page = open_tab().page
    page.goto(site.url())
    open_dialog(page)
    run_search(page, "ministry")
    page.click(".tl-search-dialog__toggle")
    page.wait_for_selector(f"{DIALOG} select[name=actor] option:nth-child(2)", state="attached")
    return page.eval_on_selector_all(
        f"{DIALOG} select",
        """selects => Object.fromEntries(selects.map(s =>
             [s.name, [...s.options].map(o => o.textContent.trim())]))""",
    )


def test_filters_are_those_of_one_index(open_tab, large_site, large_split_site) -> None:
    one = filter_options(open_tab, large_site)
    assert len(one["actor"]) > 5
    assert filter_options(open_tab, large_split_site) == one
