"""Search over an index split into a bundle per year behaves as over one index.

The same synthetic records (seven years) are built twice: with one search
index, and with `extra.search_split_above` low enough that it is split into a
bundle per year and one of the pages without a year
(generator.layout.search_bundles). The search dialog must find the same
results, in the same order when sorted by date (the whole list, across the
bundles), offer the same filters with the same counts, and load Pagefind's
script and WebAssembly once.
"""

from __future__ import annotations

import json

import pytest

from tests.browser.search_dialog import DIALOG, open_dialog, rows, run_search, wait_for_results

SUMMARY = "document.querySelector('.tl-search-dialog__summary').textContent"
QUERIES = ("ministry", "extradition", "statement")


def bundles(site) -> list[dict]:
    return json.loads((site.root / "site" / "search-bundles.json").read_text())["bundles"]


def test_the_split_site_has_a_bundle_per_year(years_site, years_split_site) -> None:
    assert bundles(years_site) == [{"path": "pagefind/", "year": None}]
    split = bundles(years_split_site)
    years = sorted({event.year for event in years_split_site.dataset.events})
    assert len(years) == 7
    assert split == [{"path": "pagefind/site/", "year": None}] + [
        {"path": f"pagefind/{year}/", "year": year} for year in years
    ]
    # Pagefind's script and WebAssembly in the first bundle only; no bundle keeps
    # Pagefind's own search interfaces, which the site does not use
    for number, bundle in enumerate(split):
        names = {path.name for path in (years_split_site.root / "site" / bundle["path"]).iterdir()}
        assert ("pagefind.js" in names) == (number == 0), bundle
        assert any(name.startswith("wasm.") for name in names) == (number == 0), bundle
        assert not {name for name in names if "-ui" in name or "highlight" in name}, bundle


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
def test_results_are_those_of_one_index(open_tab, years_site, years_split_site, sort) -> None:
    for query in QUERIES:
        one_summary, one = results(open_tab, years_site, query, sort)
        split_summary, split = results(open_tab, years_split_site, query, sort)
        assert one, query
        assert split_summary == one_summary, query  # the same number of results
        if sort == "relevance":
            assert set(split) == set(one) or len(one) == 10, query
        else:
            assert split == one, (query, sort)


ENGINE = """async ([root, query, sort, filters]) => {
  const engine = window.TimelineSearchEngine(root + 'search-bundles.json', root);
  const found = await engine.search(query, {sort, filters});
  const pages = await Promise.all(found.map(r => r.load()));
  return pages.map(p => p.url);
}"""


def every_result(open_tab, site, query, sort, filters=None) -> list[str]:
    """Every result's address, in order, from the dialog's search engine itself."""
    page = open_tab().page
    page.goto(site.url())
    return page.evaluate(ENGINE, [site.url(), query, sort, filters or {}])


@pytest.mark.parametrize("sort", ["date-asc", "date-desc"])
def test_the_whole_date_sorted_list_is_that_of_one_index(
    open_tab, years_site, years_split_site, sort
) -> None:
    for query, filters in (("statement", None), ("ministry", {"status": ["Reported"]})):
        one = every_result(open_tab, years_site, query, sort, filters)
        split = every_result(open_tab, years_split_site, query, sort, filters)
        assert len(one) > 20, query  # results from several years
        assert len({url.split("/")[-2][:4] for url in one}) >= 5, query
        assert split == one, (query, sort)
    # and sorted by relevance, the same results
    one = every_result(open_tab, years_site, "statement", "relevance")
    assert sorted(every_result(open_tab, years_split_site, "statement", "relevance")) == sorted(one)


FILTERS = """async root => {
  const engine = window.TimelineSearchEngine(root + 'search-bundles.json', root);
  return await engine.filters();
}"""


def test_filters_and_their_counts_are_those_of_one_index(
    open_tab, years_site, years_split_site
) -> None:
    counts = []
    for site in (years_site, years_split_site):
        page = open_tab().page
        page.goto(site.url())
        counts.append(page.evaluate(FILTERS, site.url()))
    assert set(counts[0]) >= {"actor", "topic", "status", "year"}
    assert sum(counts[0]["year"].values()) == len(years_site.dataset.events)
    assert counts[1] == counts[0]


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


def test_the_dialog_offers_the_filters_of_one_index(open_tab, years_site, years_split_site) -> None:
    one = filter_options(open_tab, years_site)
    assert len(one["actor"]) > 5
    assert filter_options(open_tab, years_split_site) == one


def test_pagefind_is_loaded_once_for_every_bundle(open_tab, years_split_site) -> None:
    """The first search, then a date sort: one script and one WebAssembly, every bundle merged."""
    page = open_tab().page
    fetched: list[str] = []
    page.on("request", lambda request: fetched.append(request.url))
    page.goto(years_split_site.url())
    open_dialog(page)
    run_search(page, "statement")
    page.select_option(f"{DIALOG} select[name=sort]", "date-desc")
    page.wait_for_function(f"{SUMMARY}.includes('newest first')")
    wait_for_results(page, "statement")
    names = [url.split("?")[0].removeprefix(years_split_site.url()) for url in fetched]
    assert names.count("pagefind/site/pagefind.js") == 1
    assert [name for name in names if name.split("/")[-1].startswith("wasm.")] == [
        "pagefind/site/wasm.en.pagefind"
    ]
    entries = {name for name in names if name.endswith("pagefind-entry.json")}
    every = {f"{bundle['path']}pagefind-entry.json" for bundle in bundles(years_split_site)}
    assert entries == every
