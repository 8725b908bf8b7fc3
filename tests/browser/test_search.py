"""Search from the header of any page: the dialog of site-search.js over the Pagefind index
that `timeline build` writes, its results as timeline rows, sorted, filtered, in pages,
kept in the address."""

from __future__ import annotations

from calendar import month_name
from urllib.parse import parse_qs, urlsplit

from tests.browser.search_dialog import (
    DIALOG,
    INPUT,
    ROWS,
    open_dialog,
    rows,
    run_search,
    wait_for_results,
)
from tests.helpers import PHONE, BuiltSite, Tab

SUMMARY = "document.querySelector('.tl-search-dialog__summary').textContent"
DRONES = "2025-02-18-nyt-reports-cia-drone-flights-over-mexico"
MONTHS = {name: number for number, name in enumerate(month_name) if name}


def open_search(tab: Tab, site: BuiltSite, start: str = "") -> None:
    """Open a page, then the search dialog from its header."""
    tab.page.goto(site.url(start))
    open_dialog(tab.page)


def day_of(shown: str) -> tuple[int, int, int]:
    """'3 May 2025' -> (2025, 5, 3); 'January 2025' -> (2025, 1, 0)."""
    words = shown.replace("c. ", "").split()
    if len(words) == 3:
        return (int(words[2]), MONTHS[words[1]], int(words[0]))
    if len(words) == 2:
        return (int(words[1]), MONTHS[words[0]], 0)
    return (int(words[0]), 0, 0)


# (query, the event it must find); one dialog for all
QUERIES = [
    ("drone", DRONES),  # a word of its title
    ("fentanyl", DRONES),  # a word of its summary only
    ("Central Intelligence Agency", DRONES),  # an actor's name: the title says "CIA"
    ("Texcoco", "2025-05-03-sheinbaum-rejects-us-troops"),  # a place, in its summary
]


def test_search_finds_events_by_title_summary_and_actor(open_tab, seed_site) -> None:
    tab = open_tab()
    open_search(tab, seed_site, "timeline/")
    missing = {}
    for query, found in QUERIES:
        results = run_search(tab.page, query)
        if seed_site.url(f"events/{found}/") not in results:
            missing[query] = results
    assert not missing, f"searches that missed their event: {missing}"


def test_results_are_timeline_rows_with_a_highlighted_excerpt(open_tab, seed_site) -> None:
    tab = open_tab()
    open_search(tab, seed_site)
    run_search(tab.page, "fentanyl")
    [row] = [r for r in rows(tab.page) if r["href"].endswith(f"/{DRONES}/")]
    event = seed_site.dataset.event_by_id[DRONES]
    assert row["date"] == event.date.display() == "18 February 2025"
    assert row["status"] == event.status.capitalize()
    assert row["title"] == event.title
    assert [word.lower().strip(".,;") for word in row["marked"]] == ["fentanyl"]
    # the excerpt does not repeat the title
    assert event.title not in row["excerpt"] and not row["excerpt"].startswith(event.title[-20:])


def test_sorted_by_date_both_ways_filtered_by_actor_and_kept_in_the_address(
    open_tab, seed_site
) -> None:
    tab = open_tab()
    page = tab.page
    open_search(tab, seed_site, "timeline/")
    run_search(page, "cartels")
    page.select_option(f"{DIALOG} select[name=sort]", "date-asc")
    wait_for_results(page, "cartels")
    page.wait_for_function(f"{SUMMARY}.includes('oldest first')")
    oldest = rows(page)
    days = [day_of(r["date"]) for r in oldest]
    assert len(days) == 10 and all(r["date"] and r["status"] for r in oldest)
    assert days == sorted(days), days
    page.select_option(f"{DIALOG} select[name=sort]", "date-desc")
    page.wait_for_function(f"{SUMMARY}.includes('newest first')")
    newest = [day_of(r["date"]) for r in rows(page)]
    assert newest == sorted(newest, reverse=True), newest
    every = [e for e in seed_site.dataset.events if "cartels" in e.tags]
    assert newest[0] == day_of(every[-1].date.display())
    # narrowed by an actor: only events that name them, still newest first
    page.click(".tl-search-dialog__toggle")
    page.wait_for_selector(
        f"{DIALOG} select[name=actor] option[value='Claudia Sheinbaum']", state="attached"
    )
    page.select_option(f"{DIALOG} select[name=actor]", "Claudia Sheinbaum")
    page.wait_for_function(
        "location.search.includes('search-actor=')"
        " && !document.querySelector('.tl-search-dialog__summary').textContent"
        ".startsWith('Searching')"
    )
    narrowed = rows(page)
    sheinbaum = {
        seed_site.url(f"events/{e.id}/")
        for e in seed_site.dataset.events
        if "claudia-sheinbaum" in e.actors
    }
    assert narrowed and len(narrowed) < len(newest)
    assert {r["href"] for r in narrowed} <= sheinbaum
    # the address holds the search: opening it elsewhere shows the same rows
    query = parse_qs(urlsplit(page.url).query)
    assert query == {
        "search": ["cartels"],
        "search-sort": ["date-desc"],
        "search-actor": ["Claudia Sheinbaum"],
    }
    other = open_tab().page
    other.goto(page.url)
    other.wait_for_selector(ROWS)
    wait_for_results(other, "cartels")
    assert other.input_value(INPUT) == "cartels"
    assert [r["href"] for r in rows(other)] == [r["href"] for r in narrowed]


def test_results_come_in_pages_of_ten(open_tab, large_site) -> None:
    tab = open_tab()
    page = tab.page
    open_search(tab, large_site)
    run_search(page, "event")
    first = rows(page)
    assert len(first) == 10
    summary = page.text_content(".tl-search-dialog__summary")
    total = int(summary.split()[0].replace(",", ""))
    assert total > 10
    assert page.text_content(".tl-search-dialog__page") == f"Page 1 of {-(-total // 10)}"
    page.click(".tl-search-dialog__pager button:has-text('Next')")
    page.wait_for_function("location.search.includes('search-page=2')")
    page.wait_for_function(
        "document.querySelector('.tl-search-dialog__page').textContent.startsWith('Page 2')"
    )
    second = rows(page)
    assert second and not {r["href"] for r in second} & {r["href"] for r in first}
    # the focus moves to the first result of the new page
    assert page.evaluate("document.activeElement.href") == second[0]["href"]


def test_search_works_from_an_event_page_on_a_phone(open_tab, seed_site) -> None:
    tab = open_tab(viewport=PHONE)
    open_search(tab, seed_site, f"events/{DRONES}/")
    results = run_search(tab.page, "Quintero")
    assert seed_site.url("events/2025-02-27-mexico-sends-29-cartel-figures-to-us/") in results
    assert seed_site.url("actors/rafael-caro-quintero/") in results
    # the dialog fits the phone's width
    assert tab.page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def test_entities_are_found_by_name_and_alias_not_by_their_counts(open_tab, seed_site) -> None:
    """An entity's page is searched for its name, aliases and description; what changes on it
    with every new event (the count sentence, the rows) is left out (data-pagefind-ignore="all",
    which keeps the site's bundle from being indexed again for a new event)."""
    tab = open_tab()
    open_search(tab, seed_site)
    assert seed_site.url("actors/cartel-del-noreste/") in run_search(tab.page, "Northeast")
    assert seed_site.url("actors/rafael-caro-quintero/") in run_search(tab.page, "Quintero")
    # "N events name this person, oldest first."
    found = run_search(tab.page, "oldest")
    assert not [url for url in found if "/actors/" in url or "/tags/" in url], found


def test_the_keyboard_opens_and_closes_search_and_the_focus_returns(open_tab, seed_site) -> None:
    page = open_tab().page
    page.goto(seed_site.url())
    # the page holds the button's icon; the script gives it its name, keys and dialog
    button = page.get_by_role("button", name="Search", exact=True)
    assert button.get_attribute("aria-keyshortcuts") == "/ Control+K"
    assert button.get_attribute("aria-haspopup") == "dialog"
    html = (seed_site.root / "site" / "index.html").read_text(encoding="utf-8")
    assert "aria-keyshortcuts" not in html and "tl-search__label" not in html
    page.keyboard.press("/")
    page.wait_for_selector(DIALOG)
    assert page.evaluate("document.activeElement.type") == "search"
    page.keyboard.type("sovereignty")
    wait_for_results(page, "sovereignty")
    assert "search=sovereignty" in page.url
    page.keyboard.press("Escape")
    page.wait_for_selector(DIALOG, state="detached")
    # back on the Search button, and the search is out of the address
    assert page.evaluate("document.activeElement.classList.contains('tl-search__button')")
    assert "search=" not in page.url
    page.keyboard.press("Control+K")
    page.wait_for_selector(DIALOG)


def test_search_results_leave_the_timeline_pages_out(open_tab, seed_site) -> None:
    """Timeline entries repeat their event's page; search lists the event, not the lists."""
    tab = open_tab()
    open_search(tab, seed_site)
    results = run_search(tab.page, "fentanyl")
    assert not [url for url in results if "/timeline/" in url or url == seed_site.url()]


def test_without_an_index_search_says_why(open_tab, seed_site) -> None:
    """A site built by plain MkDocs has no index: nothing breaks until one searches."""
    tab = open_tab()
    tab.page.route(
        "**/search-bundles.json", lambda route: route.fulfill(status=404, body="not found")
    )
    tab.page.goto(seed_site.url())
    assert tab.errors == []
    tab.page.click(".tl-search__button")
    tab.page.wait_for_selector(".tl-search__problem[role=status]:has-text('timeline build')")
    assert not tab.page.query_selector(DIALOG)
    # the one console error is the failed load the reader asked for
    assert tab.errors and all("404" in error for error in tab.errors), tab.errors
    tab.errors.clear()


def test_search_works_from_the_not_found_page(open_tab, seed_site) -> None:
    """404.html is served at any depth, so its links are absolute, under the sub-path."""
    tab = open_tab()
    open_search(tab, seed_site, "404.html")
    assert seed_site.url(f"events/{DRONES}/") in run_search(tab.page, "drone")
