"""The timeline as a reader meets it: the axis, the chart as navigator, the way around.

On the seed site and on the large synthetic site (longer than one page per year,
see conftest.LARGE_YEARS). What each page should hold is computed from the
records the site was built from.
"""

from __future__ import annotations

import re
from collections import Counter
from itertools import pairwise
from urllib.parse import urljoin, urlsplit

import pytest

from generator.records.dates import MONTHS, year_text
from generator.render.years import NOT_KNOWN, PAGE_LIMIT, month_name, month_of
from tests.helpers import (
    DESKTOP,
    PALETTES,
    PHONE,
    RESULTS_READY,
    BuiltSite,
    axe_violations,
    open_in_palette,
)

EVENT = "2025-05-03-sheinbaum-rejects-us-troops"


def event_id_of(href: str) -> str:
    return urlsplit(href).path.rstrip("/").split("/")[-1]


def test_empty_months_are_said_in_words_and_spans_drawn_as_spans(open_tab, seed_site) -> None:
    events = seed_site.dataset.events
    year = events[-1].year
    months = sorted({month_of(e) for e in events if e.year == year} - {NOT_KNOWN})
    expected = []
    for before, after in pairwise(months):
        if after - before > 1:
            count = after - before - 1
            span = MONTHS[before + 1] + (f" – {MONTHS[after - 1]}" if count > 1 else "")
            expected.append(f"{count} month{'s' * (count > 1)} without events: {span}")
    assert expected, "the seed has months without events"
    tab = open_tab()
    tab.page.goto(seed_site.url(f"timeline/{year_text(year)}/"))
    assert [g.text_content().strip() for g in tab.visible(".tl-gap")] == expected


def test_spans_are_drawn_as_spans_and_unsure_dates_differ(open_tab, large_site) -> None:
    tab = open_tab()
    found: dict[int, list] = {}
    for path in ("timeline/2024/", "timeline/2024/2/", "timeline/2025/", "timeline/2025/2/"):
        tab.page.goto(large_site.url(path))
        marks = tab.page.evaluate(
            """() => ['.tl-entry--span', '.tl-entry--day:not(.tl-entry--span)',
                      '.tl-entry--unsure:not(.tl-entry--span)']
                .map(s => document.querySelector(s)).map(e => e && getComputedStyle(e, '::before'))
                .map(m => m && [parseFloat(m.height), m.borderTopStyle])"""
        )
        for kind, mark in enumerate(marks):
            if mark:
                found.setdefault(kind, mark)
    span, day, unsure = found[0], found[1], found[2]
    assert span[0] > day[0] * 2  # a span is drawn taller on the axis than a day
    assert unsure[1] == "dashed" and day[1] == "solid"


def test_the_room_between_cards_grows_with_the_time_between_them(open_tab, large_site) -> None:
    """Cards of the same day touch; a week, a month, a season apart they stand further
    apart (the card's top padding); a filtered list drops the room, which says nothing
    about the events a filter leaves."""
    tab = open_tab()
    tab.page.goto(large_site.url("timeline/2024/"))
    rooms = """() => [...document.querySelectorAll('article .tl-axis')].flatMap(axis =>
        [...axis.querySelectorAll('.tl-entry')].map((card, i, all) => [
            i && !card.previousElementSibling.matches('.tl-period')
                ? (Date.parse(card.dataset.date) - Date.parse(all[i - 1].dataset.date)) / 864e5
                : null,
            parseFloat(getComputedStyle(card).paddingTop)]))"""
    found = [(days, room) for days, room in tab.page.evaluate(rooms) if days is not None]
    by_gap = {}
    for days, room in found:
        level = next((n for n, limit in enumerate((1, 7, 31, 92)) if days < limit), 4)
        by_gap.setdefault(level, set()).add(room)
    assert by_gap[0] == {0} and len(by_gap) >= 3, by_gap
    rooms_by_level = [by_gap[level] for level in sorted(by_gap)]
    for smaller, larger in pairwise(rooms_by_level):
        assert len(smaller) == len(larger) == 1 and max(smaller) < min(larger), by_gap
    tab.page.goto(large_site.url("timeline/2024/?status=reported"))
    assert {room for _days, room in tab.page.evaluate(rooms)} == {0}


def test_the_months_of_a_year_follow_december_with_month_not_known(open_tab, large_site) -> None:
    events = large_site.dataset.events
    year = next(e.year for e in events if month_of(e) == NOT_KNOWN)
    in_year = [e for e in events if e.year == year]
    tab = open_tab()
    tab.page.goto(large_site.url(f"timeline/{year_text(year)}/"))
    listed = [a.text_content().split()[0] for a in tab.page.query_selector_all(".tl-months a")]
    expected = [month_name(m).split()[0] for m in sorted({month_of(e) for e in in_year})]
    assert listed == expected and listed[-1] == "Month"


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["390", "1280"])
def test_chart_bars_link_to_their_period_and_stay_readable(open_tab, seed_site, viewport) -> None:
    tab = open_tab(viewport=viewport)
    page = tab.page
    page.goto(seed_site.url(""))
    svg = next(s for s in page.query_selector_all("figure.tl-chart svg") if s.is_visible())
    links = svg.query_selector_all("a")
    counts = Counter((e.date.start.year, e.date.start.month) for e in seed_site.dataset.events)
    assert links
    for link in links:
        label = link.eval_on_selector("title", "t => t.textContent")  # its name
        month, year, count = re.fullmatch(r"(\w+) (\d{4}): (\d+) events?", label).groups()
        assert counts[(int(year), MONTHS.index(month))] == int(count), label
        # the bar leads to the first event of its month, on its year page
        target = urljoin(page.url, link.get_attribute("href"))
        first = next(
            e
            for e in seed_site.dataset.events
            if (e.date.start.year, e.date.start.month) == (int(year), MONTHS.index(month))
        )
        assert target.endswith(f"timeline/{year}/#event-{first.id}"), label
        box = link.query_selector("rect.tl-chart__bar").bounding_box()
        assert box["width"] >= 8, label  # a bar a finger can find
    for text in svg.query_selector_all("text"):
        assert text.bounding_box()["height"] >= 9, text.text_content()  # labels read
    # following a bar opens the year page at that event's card
    href = links[-1].get_attribute("href")
    links[-1].click()
    page.wait_for_url(f"**{urlsplit(urljoin(seed_site.url(''), href)).path}*")
    card = page.query_selector(f"#{urlsplit(href).fragment}")
    assert card and card.is_visible()


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["390", "1280"])
def test_an_actor_page_draws_one_chart_that_reads_at_both_widths(
    open_tab, large_site, viewport
) -> None:
    dataset = large_site.dataset
    actors = [a for a in dataset.events_by_entity if not dataset.entities[a].is_place]
    actor = max(actors, key=lambda a: len(dataset.events_by_entity[a]))
    tab = open_tab(viewport=viewport)
    tab.page.goto(large_site.url(f"actors/{actor}/"))
    svgs = tab.page.query_selector_all("figure.tl-chart svg")
    assert len(svgs) == 1 and svgs[0].is_visible()  # one drawing for both widths
    box = svgs[0].bounding_box()
    assert box["width"] <= min(480, viewport["width"])  # within the column, never huge
    for text in svgs[0].query_selector_all("text"):
        assert text.bounding_box()["height"] >= 9, text.text_content()  # labels read
    bars = svgs[0].query_selector_all("a")
    assert sum(
        int(a.eval_on_selector("title", "t => t.textContent").split(": ")[1].split()[0])
        for a in bars
    ) <= len(dataset.events_by_entity[actor])
    for bar in bars:
        assert bar.query_selector("rect.tl-chart__hit").bounding_box()["width"] >= 8


def test_a_rows_date_and_badges_never_reach_the_next_row(open_tab, large_site) -> None:
    """On a wide screen a row's date, status and change mark stand in the gutter beside
    it: however little room the time to the next event gives, they end above its own."""
    dataset = large_site.dataset
    marked = [e for e in dataset.events if e.updates]
    entities = sorted({a for e in marked for a in e.actors}, key=lambda a: -len(
        dataset.events_by_entity[a]))[:3]  # fmt: skip
    tab = open_tab(viewport=DESKTOP)
    gutters = """() => [...document.querySelectorAll('.tl-axis')].flatMap(axis =>
        [...axis.querySelectorAll('.tl-entry--row')].map(row => {
            const meta = row.querySelector('.tl-entry__meta').getBoundingClientRect();
            return [row.dataset.date, meta.top, meta.bottom,
                    row.querySelector('.tl-mark') !== null]; }))"""
    rows_with_marks = 0
    for actor in entities:
        tab.page.goto(large_site.url(f"actors/{actor}/"))
        rows = tab.page.evaluate(gutters)
        rows_with_marks += sum(1 for row in rows if row[3])
        for (date, _, bottom, _), (after, top, _, _) in pairwise(rows):
            assert bottom <= top + 0.5, f"actors/{actor}/: {date}'s gutter reaches {after}'s"
    assert rows_with_marks, "no row with a change mark: the test saw no tall gutter"


def test_every_year_is_one_click_from_the_timeline(open_tab, large_site) -> None:
    events = large_site.dataset.events
    per_year = Counter(e.year for e in events)
    tab = open_tab()
    tab.page.goto(large_site.url("timeline/"))
    years = {
        a.query_selector(".tl-years__name").text_content(): a.query_selector(
            ".tl-years__count"
        ).text_content()
        for a in tab.page.query_selector_all(".tl-years a")
    }
    assert years == {year_text(y): f"{n:,} events" for y, n in per_year.items()}
    assert tab.page.text_content(".tl-lede").startswith(f"{len(events):,} events from ")
    # the latest events, newest first, and a way on
    latest = [event_id_of(a.get_attribute("href")) for a in tab.visible(".tl-entry__title a")]
    assert latest == [e.id for e in reversed(events[-len(latest) :])]
    href = tab.page.get_attribute(".tl-more__link", "href")
    tab.page.click(".tl-more__link")
    tab.page.wait_for_url(f"**{urlsplit(urljoin(large_site.url('timeline/'), href)).path}*")
    tab.page.wait_for_selector(f"#event-{events[-1].id}", state="attached")


def test_long_years_are_pages_of_months(open_tab, large_site) -> None:
    events = large_site.dataset.events
    year = events[-1].year
    in_year = [e for e in events if e.year == year]
    assert len(in_year) > PAGE_LIMIT
    tab = open_tab()
    page = tab.page
    page.goto(large_site.url(f"timeline/{year_text(year)}/"))
    pages = [a.get_attribute("href") for a in page.query_selector_all(".tl-pages a")]
    assert pages  # the other pages of the year
    seen = [event_id_of(a.get_attribute("href")) for a in tab.visible(".tl-entry__title a")]
    assert len(seen) <= PAGE_LIMIT
    start = page.url
    for href in pages:
        page.goto(urljoin(start, href))
        found = [event_id_of(a.get_attribute("href")) for a in tab.visible(".tl-entry__title a")]
        assert 0 < len(found) <= PAGE_LIMIT
        seen += found
    # every event once, in order, those known only by their year last
    assert seen == [e.id for e in sorted(in_year, key=month_of)]
    # a month on another page is one click from the first page's month list
    page.goto(start)
    last = page.query_selector_all(".tl-months a")[-1]
    href = last.get_attribute("href")
    assert not href.startswith("#")
    last.click()
    page.wait_for_url(f"**{urlsplit(urljoin(start, href)).path}*")
    assert page.query_selector(f"h2#{urlsplit(href).fragment}").is_visible()


@pytest.mark.parametrize(
    ("path", "tab_title", "crumbs"),
    [
        ("timeline/2025/", "Timeline", ["Timeline", "2025"]),
        (f"events/{EVENT}/", None, ["Timeline", "2025", "May"]),
        ("actors/claudia-sheinbaum/", "Actors", ["Actors", "Claudia Sheinbaum"]),
        ("places/texcoco/", "Places", ["Places", "Texcoco"]),
        ("tags/sovereignty/", "Topics", ["Topics", "Sovereignty"]),
    ],
)
def test_where_am_i_breadcrumbs_and_the_tab(open_tab, seed_site, path, tab_title, crumbs) -> None:
    tab = open_tab()
    tab.page.goto(seed_site.url(path))
    if tab_title is None:  # an event page's lean frame has no tabs: its breadcrumbs lead up
        assert tab.page.query_selector(".md-tabs") is None
    else:
        assert tab.page.text_content(".md-tabs__item--active").strip() == tab_title
    items = tab.page.query_selector_all("nav[aria-label=Breadcrumb] li")
    assert [i.text_content().strip() for i in items] == crumbs
    for item in items:
        link = item.query_selector("a")
        if link:  # every crumb but the page itself leads somewhere that exists
            response = tab.page.request.get(urljoin(tab.page.url, link.get_attribute("href")))
            assert response.ok, link.get_attribute("href")


def test_event_pages_lead_to_their_place_and_their_neighbours(open_tab, seed_site) -> None:
    events = seed_site.dataset.events
    index = seed_site.dataset.position[EVENT]
    tab = open_tab()
    page = tab.page
    page.goto(seed_site.url(f"events/{EVENT}/"))
    around = [
        (li.get_attribute("aria-current"), li.query_selector("a"))
        for li in page.query_selector_all(".event-around li")
    ]
    # the event between the one before it and the one after it
    expected = [e.id for e in events[max(0, index - 1) : index + 2]]
    assert len(expected) == 3
    assert [event_id_of(a.get_attribute("href")) if a else EVENT for _, a in around] == expected
    assert [current for current, _ in around].count("page") == 1
    # this event is named as such between its neighbours, not by its title again
    assert page.text_content(".event-around__here").strip() == "This event"
    page.click(".event-meta__timeline")
    page.wait_for_url(f"**/timeline/2025/#event-{EVENT}")
    card = page.query_selector(f"#event-{EVENT}")
    assert card.is_visible()
    top = card.bounding_box()["y"]
    assert 0 <= top < DESKTOP["height"]  # the year page opens at the event


def test_every_card_has_an_anchor_and_links_its_actors_and_places(open_tab, seed_site) -> None:
    dataset = seed_site.dataset
    tab = open_tab()
    tab.page.goto(seed_site.url("timeline/"))
    cards = tab.page.query_selector_all(".tl-entry")
    assert [c.get_attribute("id") for c in cards] == [f"event-{e.id}" for e in dataset.events]
    for card, event in zip(cards, dataset.events, strict=True):
        hrefs = [a.get_attribute("href") for a in card.query_selector_all(".tl-entry__who a")]
        expected = [
            f"../{'places' if dataset.entities[i].is_place else 'actors'}/{i}/"
            for i in (*event.actors, *event.places)
        ]
        assert hrefs == expected, event.id


@pytest.mark.parametrize("palette", PALETTES)
def test_an_event_page_on_a_phone_has_the_lean_frame(open_tab, seed_site, palette) -> None:
    tab = open_in_palette(
        open_tab,
        seed_site,
        f"events/{EVENT}/",
        palette,
        viewport=PHONE,
        is_mobile=True,
        has_touch=True,
    )
    page = tab.page
    # nothing opens a drawer: no menu button, no drawer, no tabs, no repository link
    assert page.query_selector("label[for=__drawer].md-header__button") is None
    assert page.query_selector(".md-sidebar") is None
    assert page.query_selector(".md-tabs, .md-source, .md-top") is None
    # the header keeps the site's name (home), the palette switch and Search
    header = page.query_selector("header.md-header")
    assert header.query_selector(".md-logo").is_visible()
    assert header.query_selector("[data-md-component=palette] label:not([hidden])").is_visible()
    search = page.get_by_role("button", name="Search")
    assert search.is_visible()
    box = header.bounding_box()
    for part in (
        ".md-logo",
        ".tl-search__button",
        "[data-md-component=palette] label:not([hidden])",
    ):
        item = header.query_selector(part).bounding_box()
        assert box["x"] <= item["x"] and item["x"] + item["width"] <= box["x"] + box["width"], part
    # the header names the site, also once the page has scrolled past its title
    title = header.query_selector(".md-header__topic")
    page.mouse.wheel(0, 2000)
    page.wait_for_function("window.scrollY > 500")
    page.wait_for_timeout(400)  # Material's header transitions, were there any
    assert title.is_visible() and "security timeline" in title.text_content()
    assert float(title.evaluate("e => getComputedStyle(e).opacity")) == 1
    page.evaluate("window.scrollTo(0, 0)")
    # a keyboard reaches the skip link first, then the header's links
    page.keyboard.press("Tab")
    assert "md-skip" in page.evaluate("document.activeElement.className")
    page.keyboard.press("Enter")
    assert page.evaluate("location.hash") == f"#{page.query_selector('h1').get_attribute('id')}"
    # the breadcrumbs lead up; the logo leads home
    page.click("nav[aria-label=Breadcrumb] a >> text=2025")
    page.wait_for_url("**/timeline/2025/")
    page.go_back()
    page.click("header .md-logo")
    page.wait_for_url(seed_site.url(""))
    assert page.query_selector("label.md-header__button[for=__drawer]").is_visible()
    page.go_back()
    violations, report = axe_violations(tab)
    assert violations == [], report


def test_the_phone_menu_lists_the_months_of_a_year(open_tab, seed_site) -> None:
    tab = open_tab(viewport=PHONE, is_mobile=True, has_touch=True)
    tab.page.goto(seed_site.url("timeline/2025/"))
    tab.page.click("label.md-header__button[for=__drawer]")
    drawer = tab.page.wait_for_selector(".md-sidebar--primary .tl-drawer-toc", state="visible")
    months = [a.text_content().strip() for a in drawer.query_selector_all("a")]
    in_year = {month_of(e) for e in seed_site.dataset.events if e.year == 2025}
    assert months == [month_name(m) for m in sorted(in_year)]


def test_the_status_key_and_date_marks_are_explained(open_tab, seed_site) -> None:
    tab = open_tab()
    tab.page.goto(seed_site.url("timeline/"))
    tab.page.click("details.tl-key > summary")
    key = tab.page.text_content("details.tl-key")
    for words in ("Confirmed", "Disputed", "approximate date", "uncertain date"):
        assert words in key
    badge = tab.page.query_selector(".tl-entry .status")
    assert badge.text_content().startswith("Status: ")  # what a screen reader hears
    # in a list the key says what a badge means (no tooltip on every card); on the
    # event's own page its meaning is the badge's tooltip
    assert badge.get_attribute("title") is None
    tab.page.click(".tl-entry .tl-entry__title a")
    meaning = tab.page.get_attribute(".event-meta .status", "title")
    assert meaning and meaning.split(": ")[1] in key


def test_without_javascript_the_timeline_reads(open_tab, large_site) -> None:
    tab = open_tab(java_script_enabled=False)
    tab.page.goto(large_site.url("timeline/"))
    assert tab.visible("figure.tl-chart svg a")
    assert len(tab.visible(".tl-years a")) == len({e.year for e in large_site.dataset.events})
    assert tab.visible(".tl-entry")
    tab.page.click(".tl-years a")
    assert tab.visible(".tl-entry") and tab.visible(".tl-pages a")


LARGE_PAGES = ["timeline/", "timeline/2025/2/", "tags/sovereignty/", "timeline/2024/"]


def test_nothing_scrolls_sideways_on_a_phone_at_scale(open_tab, large_site) -> None:
    tab = open_tab(viewport=PHONE, is_mobile=True, has_touch=True)
    named = Counter(a for e in large_site.dataset.events for a in dict.fromkeys(e.actors))
    actor = named.most_common(1)[0][0]  # the actor with the most events: the longest page
    too_wide = {}
    for path in [*LARGE_PAGES, f"actors/{actor}/", "timeline/?status=disputed"]:
        tab.page.goto(large_site.url(path))
        width = tab.page.evaluate("document.documentElement.scrollWidth")
        if width > PHONE["width"]:
            too_wide[path] = width
    assert not too_wide


@pytest.mark.parametrize("palette", PALETTES)
def test_no_serious_axe_violations_at_scale(open_tab, large_site: BuiltSite, palette) -> None:
    for path in ("timeline/?status=disputed", "timeline/2025/2/", "tags/sovereignty/"):
        tab = open_in_palette(open_tab, large_site, path, palette)
        if "?" in path:
            tab.page.wait_for_selector(RESULTS_READY)
        violations, report = axe_violations(tab)
        assert not violations, f"{path}: {report}"
