"""The timeline filters in a browser: read from the URL, written to it, undone by Back.

Several values of one facet match any of them; facets combine. Which events
should show is computed from the records themselves (the dataset the site was
built from), never counted by hand.
"""

from __future__ import annotations

import re
from urllib.parse import parse_qsl, urlsplit

import pytest

from generator.records.dates import year_text
from generator.records.model import STATUSES, Event
from tests.helpers import (
    PHONE,
    RESULTS_READY,
    BuiltSite,
    Tab,
    address_query,
    choose_by_typing,
    shown_events,
)

ACTOR = "claudia-sheinbaum"
OTHER_ACTOR = "donald-trump"
TAG = "sovereignty"


def ids(events: list[Event]) -> list[str]:
    return [event.id for event in events]


def status_text(tab: Tab) -> str:
    return tab.page.text_content("[data-tl-status]").strip()


def query(tab: Tab) -> list[tuple[str, str]]:
    return parse_qsl(address_query(tab.page).lstrip("?"))


def test_a_link_with_an_actor_shows_only_the_events_naming_them(open_tab, seed_site) -> None:
    tab = open_tab()
    tab.page.goto(seed_site.url(f"timeline/?actor={ACTOR}"))
    expected = [e for e in seed_site.dataset.events if ACTOR in e.actors]
    assert 0 < len(expected) < len(seed_site.dataset.events)
    assert shown_events(tab) == ids(expected)
    chips = tab.page.query_selector_all("[data-tl-chosen=actor] [data-value]")
    assert [c.get_attribute("data-value") for c in chips] == [ACTOR]
    assert "Claudia Sheinbaum" in chips[0].text_content()
    assert status_text(tab) == f"{len(expected)} events of {len(seed_site.dataset.events)} match"
    # gap marks say nothing about a filtered list
    assert not tab.visible(".tl-gap")
    # months and years with nothing left to show lose their headings
    for heading in tab.page.query_selector_all("article h3"):
        month_has_entries = heading.evaluate(
            """h => {
                let shown = 0;
                for (let n = h.nextElementSibling; n && !/^H[1-3]$/.test(n.tagName);
                     n = n.nextElementSibling) {
                    shown += [...n.querySelectorAll('.tl-entry')].filter(e => !e.hidden).length;
                }
                return shown > 0;
            }"""
        )
        assert heading.is_visible() == month_has_entries, heading.text_content()
        toc = tab.page.query_selector(
            f".md-sidebar--secondary a[href='#{heading.get_attribute('id')}']"
        )
        assert toc.is_visible() == month_has_entries, f"table of contents: {heading.text_content()}"


def test_values_of_one_facet_match_any_and_facets_combine(open_tab, seed_site) -> None:
    events = seed_site.dataset.events
    tab = open_tab()
    tab.page.goto(seed_site.url(f"timeline/?actor={ACTOR}&actor={OTHER_ACTOR}"))
    either = [e for e in events if ACTOR in e.actors or OTHER_ACTOR in e.actors]
    assert len(either) > len([e for e in events if ACTOR in e.actors])
    assert shown_events(tab) == ids(either)
    tab.page.goto(seed_site.url(f"timeline/?actor={ACTOR}&actor={OTHER_ACTOR}&tag={TAG}"))
    both = [e for e in either if TAG in e.tags]
    assert both and len(both) < len(either)
    assert shown_events(tab) == ids(both)


@pytest.mark.parametrize("status", ["confirmed", "reported"])
def test_a_status_filter_shows_only_that_status(open_tab, seed_site, status) -> None:
    tab = open_tab()
    tab.page.goto(seed_site.url(f"timeline/?status={status}"))
    assert shown_events(tab) == ids([e for e in seed_site.dataset.events if e.status == status])
    assert tab.page.is_checked(f"input[name=status][value={status}]")


def test_a_date_range(open_tab, seed_site) -> None:
    tab = open_tab()
    tab.page.goto(seed_site.url("timeline/?from=2025-05-01&to=2025-05-31"))
    events = seed_site.dataset.events
    expected = [e for e in events if e.date.earliest.strftime("%Y-%m") == "2025-05"]
    assert expected and shown_events(tab) == ids(expected)
    assert tab.page.input_value("input[name=from]") == "2025-05-01"


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
    assert not tab.visible("[data-tl-clear]")  # nothing to clear yet

    choose_by_typing(tab, "actor", "Claudia Sheinbaum")
    assert query(tab) == [("actor", ACTOR)]
    with_actor = shown_events(tab)
    assert with_actor == ids([e for e in seed_site.dataset.events if ACTOR in e.actors])
    assert status_text(tab).startswith(f"{len(with_actor)} events of ")
    assert tab.visible("[data-tl-clear]")

    choose_by_typing(tab, "actor", "Donald Trump")
    assert query(tab) == [("actor", ACTOR), ("actor", OTHER_ACTOR)]
    either = shown_events(tab)
    assert len(either) > len(with_actor)

    page.check("input[name=status][value=confirmed]")
    assert query(tab) == [("actor", ACTOR), ("actor", OTHER_ACTOR), ("status", "confirmed")]

    page.go_back()
    page.wait_for_function("!location.search.includes('status')")
    assert shown_events(tab) == either
    assert not page.is_checked("input[name=status][value=confirmed]")
    page.go_back()
    page.wait_for_function(f"location.search === '?actor={ACTOR}'")
    assert shown_events(tab) == with_actor
    page.go_back()
    page.wait_for_function("location.search === ''")
    assert shown_events(tab) == everything
    page.go_forward()
    page.wait_for_function(f"location.search === '?actor={ACTOR}'")
    assert shown_events(tab) == with_actor

    # a chosen value goes with its chip
    page.click(f"[data-tl-chosen=actor] [data-value={ACTOR}]")
    assert address_query(page) == ""
    assert shown_events(tab) == everything
    page.check("input[name=status][value=reported]")
    page.click("[data-tl-clear]")
    assert address_query(page) == ""
    assert shown_events(tab) == everything
    assert status_text(tab) == f"Showing all {len(everything)} events"
    assert not tab.visible("[data-tl-clear]")


def test_year_and_month_links_carry_the_filters(open_tab, seed_site) -> None:
    year = year_text(seed_site.dataset.events[-1].year)
    tab = open_tab()
    tab.page.goto(seed_site.url(f"timeline/?actor={ACTOR}&status=confirmed"))
    link = tab.page.get_attribute(f".tl-years a[href*='{year}']", "href")
    assert link.endswith(f"/{year}/?actor={ACTOR}&status=confirmed")
    tab.page.click(f".tl-years a[href*='{year}']")
    tab.page.wait_for_url(f"**/{year}/?actor={ACTOR}&status=confirmed")
    expected = [
        e
        for e in seed_site.dataset.events
        if year_text(e.year) == year and ACTOR in e.actors and e.status == "confirmed"
    ]
    assert shown_events(tab) == ids(expected)
    back = tab.page.get_attribute(".tl-yearnav a", "href")
    assert back.endswith(f"timeline/?actor={ACTOR}&status=confirmed")


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
    chip = tab.page.query_selector("[data-tl-chosen=actor] [data-value]")
    assert chip.get_attribute("data-value") == "nobody-at-all"


def test_the_filter_sheet_is_one_line_on_a_phone_until_opened(open_tab, seed_site) -> None:
    tab = open_tab(viewport=PHONE)
    tab.page.goto(seed_site.url("timeline/"))
    sheet = tab.page.query_selector("[data-tl-sheet]")
    assert sheet.bounding_box()["height"] < 60
    # a link that sets a filter opens it, so that the reader sees what is chosen
    tab.page.goto(seed_site.url(f"timeline/?actor={ACTOR}"))
    assert tab.page.evaluate("document.querySelector('[data-tl-sheet]').open")


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

    page.goto(large_site.url(f"timeline/?actor={actor}"))
    page.wait_for_selector(RESULTS_READY)
    assert shown_events(tab, "article > :not([data-tl-results])") == []
    # the matches keep the cards: date, status, title, actors and places as links
    cards = page.query_selector_all("[data-tl-results] .tl-entry")
    links = [c.query_selector(".tl-entry__title a").get_attribute("href") for c in cards]
    assert links == [f"../events/{e.id}/" for e in expected[:100]]
    who = cards[0].query_selector_all(".tl-entry__who a")
    assert who[0].get_attribute("href") == f"../actors/{expected[0].actors[0]}/"
    assert cards[0].query_selector(".status")
    headings = [h.text_content() for h in page.query_selector_all("[data-tl-results] h3")]
    assert headings == list(dict.fromkeys(year_text(e.year) for e in expected[:100]))
    assert status_text(tab) == f"{len(expected)} events of {len(events):,} match"
    # fewer than a page of matches: no "Show 0 more" button
    assert len(expected) <= 100 and not tab.visible(".tl-results__more")

    # a link opened afresh, with more matches than one screenful: "Show more"
    status = max(STATUSES, key=lambda s: sum(e.status == s for e in events))
    matching = [e for e in events if e.status == status]
    assert len(matching) > 100
    page.goto(large_site.url(f"timeline/?status={status}"))
    page.wait_for_selector(RESULTS_READY)
    assert len(page.query_selector_all("[data-tl-results] .tl-entry")) == 100
    page.click(".tl-results__more")
    assert len(page.query_selector_all("[data-tl-results] .tl-entry")) == min(200, len(matching))
    assert page.evaluate("document.activeElement.getAttribute('href')") == (
        f"../events/{matching[100].id}/"  # the keyboard stays where the reader was reading
    )
    page.click(f"[data-tl-results] a[href='../events/{matching[0].id}/']")
    page.wait_for_url(f"**/events/{matching[0].id}/")
    page.go_back()
    page.wait_for_selector(RESULTS_READY)

    page.click("[data-tl-clear]")
    assert shown_events(tab) == latest
    assert page.is_hidden("[data-tl-results]")


def test_a_year_cut_into_pages_filters_the_whole_year(open_tab, large_site: BuiltSite) -> None:
    events = large_site.dataset.events
    year = events[-1].year
    in_year = [e for e in events if e.year == year]
    tab = open_tab()
    tab.page.goto(large_site.url(f"timeline/{year_text(year)}/"))
    on_page = shown_events(tab)
    assert len(on_page) < len(in_year)  # the year is cut into pages
    status = "disputed"
    expected = [e for e in in_year if e.status == status]
    tab.page.goto(large_site.url(f"timeline/{year_text(year)}/?status={status}"))
    tab.page.wait_for_selector(RESULTS_READY)
    found = [
        urlsplit(a.get_attribute("href")).path.rstrip("/").split("/")[-1]
        for a in tab.page.query_selector_all("[data-tl-results] .tl-entry__title a")
    ]
    assert found == ids(expected[:100])
    assert status_text(tab) == f"{len(expected)} events of {len(in_year)} match"


def chart_counts(tab: Tab) -> dict[str, int]:
    """What the visible chart's bars say (their names, each bar's <title>), by period:
    'May 2025' -> 3."""
    svg = next(s for s in tab.page.query_selector_all("svg[data-tl-chart]") if s.is_visible())
    counts = {}
    for link in svg.query_selector_all("a[data-days]"):
        period, count = re.fullmatch(
            r"(.+): ([\d,]+) events?(?: match)?",
            link.eval_on_selector("title", "t => t.textContent"),
        ).groups()
        counts[period] = int(count.replace(",", ""))
    return counts


def test_the_chart_follows_the_filters(open_tab, seed_site) -> None:
    from generator.records.dates import MONTHS

    events = seed_site.dataset.events
    tab = open_tab()
    tab.page.goto(seed_site.url("timeline/"))
    everything = chart_counts(tab)
    tab.page.goto(seed_site.url(f"timeline/?actor={ACTOR}"))
    expected = {period: 0 for period in everything}
    for e in events:
        if ACTOR in e.actors:
            expected[f"{MONTHS[e.date.start.month]} {year_text(e.year)}"] += 1
    assert chart_counts(tab) == expected
    assert expected != everything
    tab.page.click("[data-tl-clear]")
    assert chart_counts(tab) == everything  # drawn as built again


def test_the_chart_follows_the_filters_of_a_long_timeline(open_tab, large_site) -> None:
    tab = open_tab()
    tab.page.goto(large_site.url("timeline/?status=disputed"))
    tab.page.wait_for_selector(RESULTS_READY)
    counts = chart_counts(tab)
    disputed = sum(e.status == "disputed" for e in large_site.dataset.events)
    assert sum(counts.values()) == disputed
