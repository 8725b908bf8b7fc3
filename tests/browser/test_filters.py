"""The timeline filters in a browser: read from the URL, written to it, undone by Back.

Which events should show is computed from the records themselves (the
dataset the site was built from), never counted by hand.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest

from generator.records.dates import year_text
from generator.records.model import STATUSES, Event
from tests.helpers import BuiltSite, Tab

ACTOR = "claudia-sheinbaum"
TAG = "sovereignty"


def shown_events(tab: Tab) -> list[str]:
    """Ids of the timeline entries the reader sees, in order."""
    return [
        urlsplit(link.get_attribute("href")).path.rstrip("/").split("/")[-1]
        for link in tab.visible(".tl-entry .tl-entry__title a")
    ]


def ids(events: list[Event]) -> list[str]:
    return [event.id for event in events]


def status_text(tab: Tab) -> str:
    return tab.page.text_content("[data-tl-status]").strip()


def test_a_link_with_an_actor_shows_only_the_events_naming_them(open_tab, seed_site) -> None:
    tab = open_tab()
    tab.page.goto(seed_site.url(f"timeline/?actor={ACTOR}"))
    expected = [e for e in seed_site.dataset.events if ACTOR in e.actors]
    assert 0 < len(expected) < len(seed_site.dataset.events)
    assert shown_events(tab) == ids(expected)
    assert tab.page.input_value("select[name=actor]") == ACTOR
    assert status_text(tab) == f"{len(expected)} events of {len(seed_site.dataset.events)} match"
    # months and years with nothing left to show lose their headings
    for heading in tab.page.query_selector_all("article h3"):
        month_has_entries = heading.evaluate(
            """h => {
                let shown = 0;
                for (let n = h.nextElementSibling; n && !/^H[1-3]$/.test(n.tagName);
                     n = n.nextElementSibling) {
                    if (n.matches('.tl-entry') && !n.hidden) shown++;
                }
                return shown > 0;
            }"""
        )
        assert heading.is_visible() == month_has_entries, heading.text_content()
        toc = tab.page.query_selector(
            f".md-sidebar--secondary a[href='#{heading.get_attribute('id')}']"
        )
        assert toc.is_visible() == month_has_entries, f"table of contents: {heading.text_content()}"


def test_filters_combine_with_and(open_tab, seed_site) -> None:
    tab = open_tab()
    tab.page.goto(seed_site.url(f"timeline/?actor={ACTOR}&tag={TAG}&status=confirmed"))
    expected = [
        e
        for e in seed_site.dataset.events
        if ACTOR in e.actors and TAG in e.tags and e.status == "confirmed"
    ]
    assert expected, "the seed should have an event matching all three"
    assert shown_events(tab) == ids(expected)


@pytest.mark.parametrize("status", ["confirmed", "reported"])
def test_a_status_filter_shows_only_that_status(open_tab, seed_site, status) -> None:
    tab = open_tab()
    tab.page.goto(seed_site.url(f"timeline/?status={status}"))
    assert shown_events(tab) == ids([e for e in seed_site.dataset.events if e.status == status])


def test_a_place_filter_on_a_year_page(open_tab, seed_site) -> None:
    events = seed_site.dataset.events
    year = events[-1].year
    place = next(p for e in events if e.year == year for p in e.places)
    tab = open_tab()
    tab.page.goto(seed_site.url(f"timeline/{year}/?place={place}"))
    expected = [e for e in events if e.year == year and place in e.places]
    assert shown_events(tab) == ids(expected)


def test_choosing_filters_updates_the_url_and_back_undoes_them(open_tab, seed_site) -> None:
    tab = open_tab()
    page = tab.page
    everything = ids(list(seed_site.dataset.events))
    page.goto(seed_site.url("timeline/"))
    assert shown_events(tab) == everything
    assert status_text(tab) == f"Showing all {len(everything)} events"

    page.select_option("select[name=actor]", ACTOR)
    assert page.evaluate("location.search") == f"?actor={ACTOR}"
    with_actor = shown_events(tab)
    assert with_actor == ids([e for e in seed_site.dataset.events if ACTOR in e.actors])
    assert status_text(tab).startswith(f"{len(with_actor)} events of ")

    page.select_option("select[name=status]", "confirmed")
    assert page.evaluate("location.search") == f"?actor={ACTOR}&status=confirmed"
    both = shown_events(tab)
    assert len(both) < len(with_actor)

    page.go_back()
    page.wait_for_function(f"location.search === '?actor={ACTOR}'")
    assert shown_events(tab) == with_actor
    assert page.input_value("select[name=status]") == ""
    page.go_back()
    page.wait_for_function("location.search === ''")
    assert shown_events(tab) == everything
    assert page.input_value("select[name=actor]") == ""
    page.go_forward()
    page.wait_for_function(f"location.search === '?actor={ACTOR}'")
    assert shown_events(tab) == with_actor

    page.click("[data-tl-clear]")
    assert page.evaluate("location.search") == ""
    assert shown_events(tab) == everything
    assert status_text(tab) == f"Showing all {len(everything)} events"


def test_the_count_is_announced_politely(open_tab, seed_site) -> None:
    tab = open_tab()
    tab.page.goto(seed_site.url("timeline/?tag=extradition"))
    status = tab.page.query_selector("[data-tl-status]")
    assert status.get_attribute("aria-live") == "polite"
    assert status.get_attribute("role") == "status"
    count = len([e for e in seed_site.dataset.events if "extradition" in e.tags])
    assert re.fullmatch(rf"{count} events? of \d+ match(es)?", status_text(tab))


def test_a_link_naming_nothing_on_the_page_says_so(open_tab, seed_site) -> None:
    tab = open_tab()
    tab.page.goto(seed_site.url("timeline/?actor=nobody-at-all"))
    assert shown_events(tab) == []
    assert status_text(tab).startswith("0 events of ")
    assert tab.page.input_value("select[name=actor]") == "nobody-at-all"


def test_without_javascript_every_event_stays_visible(open_tab, seed_site) -> None:
    tab = open_tab(java_script_enabled=False)
    tab.page.goto(seed_site.url(f"timeline/?actor={ACTOR}"))
    assert shown_events(tab) == ids(list(seed_site.dataset.events))
    assert not tab.page.is_visible("form[data-tl-filters]")


def test_filters_reach_every_year_of_a_long_timeline(open_tab, large_site: BuiltSite) -> None:
    events = large_site.dataset.events
    tab = open_tab()
    page = tab.page
    page.goto(large_site.url("timeline/"))
    latest = shown_events(tab)
    assert 0 < len(latest) < len(events)  # only the latest events are on the page
    actor = max(
        {a for e in events for a in e.actors}, key=lambda a: sum(a in e.actors for e in events)
    )
    expected = [e for e in events if actor in e.actors]
    assert len({e.year for e in expected}) > 1

    page.select_option("select[name=actor]", actor)
    assert page.evaluate("location.search") == f"?actor={actor}"
    page.wait_for_selector("[data-tl-results] li")
    assert shown_events(tab) == []  # the latest events make way for the matches
    links = [a.get_attribute("href") for a in page.query_selector_all("[data-tl-results] li a")]
    assert links == [f"../events/{e.id}/" for e in expected[:100]]
    headings = [h.text_content() for h in page.query_selector_all("[data-tl-results] h3")]
    assert headings == list(dict.fromkeys(year_text(e.year) for e in expected[:100]))
    assert status_text(tab) == f"{len(expected)} events of {len(events)} match"

    # a link opened afresh, with more matches than one screenful: "Show more"
    status = max(STATUSES, key=lambda s: sum(e.status == s for e in events))
    matching = [e for e in events if e.status == status]
    assert len(matching) > 100
    page.goto(large_site.url(f"timeline/?status={status}"))
    page.wait_for_selector("[data-tl-results] li")
    assert len(page.query_selector_all("[data-tl-results] li")) == 100
    page.click(".tl-results__more")
    assert len(page.query_selector_all("[data-tl-results] li")) == min(200, len(matching))
    assert page.evaluate("document.activeElement.getAttribute('href')") == (
        f"../events/{matching[100].id}/"  # the keyboard stays where the reader was reading
    )
    page.click(f"[data-tl-results] a[href='../events/{matching[0].id}/']")
    page.wait_for_url(f"**/events/{matching[0].id}/")
    page.go_back()
    page.wait_for_selector("[data-tl-results] li")

    page.click("[data-tl-clear]")
    assert shown_events(tab) == latest
    assert page.is_hidden("[data-tl-results]")
