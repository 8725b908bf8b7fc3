"""Search from the header of any page, with the Pagefind index that `timeline build` writes."""

from __future__ import annotations

from tests.helpers import PHONE, BuiltSite, Tab

DRONES = "2025-02-18-nyt-reports-cia-drone-flights-over-mexico"


def open_search(tab: Tab, site: BuiltSite, start: str = "") -> None:
    """Open a page, then the search dialog from its header."""
    tab.page.goto(site.url(start))
    tab.page.click(".tl-search__button")
    tab.page.wait_for_selector("dialog.pf-modal[open] input")


def search(tab: Tab, query: str) -> list[str]:
    """Type a query in the open search dialog; the addresses of the results."""
    page = tab.page
    page.fill("dialog.pf-modal[open] input", query)
    # the summary names the query once its results are counted; each result then
    # loads its page's data (a placeholder until then)
    page.wait_for_function(
        """q => document.querySelector('dialog.pf-modal pagefind-summary').textContent.includes(q)
               && document.querySelector('dialog.pf-modal pagefind-results a[href]')
               && !document.querySelector('dialog.pf-modal pagefind-results [aria-hidden=true]')""",
        arg=query,
    )
    return page.eval_on_selector_all(
        "dialog.pf-modal pagefind-results a[href]", "links => links.map(a => a.href)"
    )


# (query, the event it must find); one dialog for all: each first search loads Pagefind
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
        results = search(tab, query)
        if seed_site.url(f"events/{found}/") not in results:
            missing[query] = results
    assert not missing, f"searches that missed their event: {missing}"
    # one line per page: a page's sections (its quotes, its sources) would repeat its title
    assert not tab.page.query_selector("dialog.pf-modal .pf-heading-chip")


def test_search_works_from_an_event_page_on_a_phone(open_tab, seed_site) -> None:
    tab = open_tab(viewport=PHONE)
    open_search(tab, seed_site, f"events/{DRONES}/")
    results = search(tab, "Quintero")
    assert seed_site.url("events/2025-02-27-mexico-sends-29-cartel-figures-to-us/") in results
    assert seed_site.url("actors/rafael-caro-quintero/") in results
    # the dialog fits the phone's width
    assert tab.page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def test_the_keyboard_opens_and_closes_search(open_tab, seed_site) -> None:
    page = open_tab().page
    page.goto(seed_site.url())
    page.keyboard.press("/")
    page.wait_for_selector("dialog.pf-modal[open]")
    page.wait_for_function("document.activeElement.closest('dialog.pf-modal[open]')")
    assert page.evaluate("document.activeElement.tagName") == "INPUT"
    page.keyboard.type("sovereignty")
    page.wait_for_selector("dialog.pf-modal[open] pagefind-results a[href]")
    page.keyboard.press("Escape")
    page.wait_for_selector("dialog.pf-modal[open]", state="detached")
    page.keyboard.press("Control+K")
    page.wait_for_selector("dialog.pf-modal[open]")


def test_a_shortcut_right_after_closing_opens_search_again(open_tab, seed_site) -> None:
    """Pagefind counts its dialog as open until the dialog's close event, which comes a
    task after it closes; key events come first on a busy machine, so a shortcut may
    land in between (what made the test above fail now and then). It must open search."""
    tab = open_tab()
    open_search(tab, seed_site)
    tab.page.evaluate(
        """() => {
            document.querySelector("dialog.pf-modal[open]").close();
            document.dispatchEvent(
                new KeyboardEvent("keydown", {key: "k", ctrlKey: true, bubbles: true}));
        }"""
    )
    tab.page.wait_for_selector("dialog.pf-modal[open] input", timeout=5000)


def test_search_results_leave_the_timeline_pages_out(open_tab, seed_site) -> None:
    """Timeline entries repeat their event's page; search lists the event, not the lists."""
    tab = open_tab()
    open_search(tab, seed_site)
    results = search(tab, "fentanyl")
    assert not [url for url in results if "/timeline/" in url or url == seed_site.url()]


def test_without_an_index_search_says_why(open_tab, seed_site) -> None:
    """A site built by plain MkDocs has no pagefind/: nothing breaks until one searches."""
    tab = open_tab()
    tab.page.route("**/pagefind/**", lambda route: route.fulfill(status=404, body="not found"))
    tab.page.goto(seed_site.url())
    assert tab.errors == []
    tab.page.click(".tl-search__button")
    tab.page.wait_for_selector("[data-tl-search-status]:has-text('timeline build')")
    assert not tab.page.query_selector("dialog.pf-modal[open]")
    # the one console error is the failed load the reader asked for
    assert tab.errors and all("404" in error for error in tab.errors), tab.errors
    tab.errors.clear()


def test_search_works_from_the_not_found_page(open_tab, seed_site) -> None:
    """404.html is served at any depth, so its links are absolute, under the sub-path."""
    tab = open_tab()
    open_search(tab, seed_site, "404.html")
    assert seed_site.url(f"events/{DRONES}/") in search(tab, "drone")
