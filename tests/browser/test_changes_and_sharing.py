"""What a returning reader uses, in Chromium: what changed, sharing, printing, the keyboard.

The site is the seed records in a git repository of their own
(tests.site.history_repo): one event edited on 10 June 2025 with no note,
another corrected on 12 June, and one event with a hostile title.
"""

from __future__ import annotations

import feedparser

from tests.helpers import BuiltSite, Tab
from tests.site.history_repo import (
    CORRECTED,
    CORRECTION_NOTE,
    EDITED,
    HOSTILE,
    HOSTILE_TITLE,
)

ROWS = """() => [...document.querySelectorAll('.tl-change')].map(row => ({
  when: row.querySelector('.tl-change__when').textContent,
  kind: row.querySelector('.tl-mark').textContent,
  href: row.querySelector('a').href,
  note: ((row.querySelector('.tl-change__note') || {}).textContent || '').trim(),
}))"""


def event_url(site: BuiltSite, event_id: str) -> str:
    return site.url(f"events/{event_id}/")


def test_a_change_in_the_history_shows_on_the_changes_page_in_its_feed_and_on_cards(
    open_tab, history_site
) -> None:
    site = history_site
    page = open_tab().page
    page.goto(site.url("changes/"))
    rows = page.evaluate(ROWS)
    assert rows[0] == {
        "when": "12 June 2025",
        "kind": "Corrected",
        "href": event_url(site, CORRECTED),
        "note": CORRECTION_NOTE,
    }
    assert rows[1] == {
        "when": "10 June 2025",
        "kind": "Updated",
        "href": event_url(site, EDITED),
        "note": "",
    }
    assert {row["kind"] for row in rows[3:]} == {"Added"}
    # the feed the head advertises, read as a feed reader reads it
    href = page.get_attribute('link[type="application/atom+xml"][title$=": changes"]', "href")
    assert href == "https://timeline-tracker.github.io/us-mexico-timeline/changes.xml"
    feed = feedparser.parse((site.root / "site" / "changes.xml").read_bytes())
    assert not feed.bozo, feed.bozo_exception
    first, second = feed.entries[:2]
    assert first.title.startswith("Corrected: Mexico sends 29 cartel figures")
    assert CORRECTION_NOTE in first.summary
    assert first.updated == "2025-06-12T00:00:00Z"
    assert second.title.startswith("Updated: New York Times reports")
    assert second.link.endswith(f"/events/{EDITED}/") and second.updated == "2025-06-10T09:30:00Z"
    # the edited event's card, on the timeline and its year, and the corrected event's page
    for path in ("timeline/", "timeline/2025/"):
        page.goto(site.url(path))
        mark = page.text_content(f'.tl-entry:has(a[href$="/{EDITED}/"]) .tl-mark')
        assert mark == "Updated 10 June 2025"
    page.goto(event_url(site, CORRECTED))
    assert page.text_content(".event-meta .tl-mark--corrected") == "Corrected 12 June 2025"


def test_the_corrections_log_lists_every_correction(open_tab, history_site) -> None:
    page = open_tab().page
    page.goto(history_site.url("corrections/"))
    assert page.evaluate(ROWS) == [
        {
            "when": "12 June 2025",
            "kind": "Corrected",
            "href": event_url(history_site, CORRECTED),
            "note": CORRECTION_NOTE,
        }
    ]


def meta(page, name: str) -> str | None:
    selector = f'meta[property="{name}"], meta[name="{name}"]'
    found = page.query_selector(selector)
    return found.get_attribute("content") if found else None


SHARED_PAGES = {
    "home": "",
    "timeline": "timeline/",
    "year": "timeline/2025/",
    "event": f"events/{HOSTILE}/",
    "actor": "actors/claudia-sheinbaum/",
    "place": "places/mexico/",
    "topic": "tags/sovereignty/",
    "changes": "changes/",
    "about": "about/",
}


def test_open_graph_tags_on_every_kind_of_page_escaped(open_tab, history_site) -> None:
    page = open_tab().page
    for kind, path in SHARED_PAGES.items():
        page.goto(history_site.url(path))
        # the address and the description once each: link rel=canonical and meta
        # description, which link previews read when og:url and og:description are absent
        assert page.get_attribute('link[rel="canonical"]', "href").startswith("http"), kind
        assert meta(page, "og:url") is None, kind
        assert meta(page, "og:description") is None, kind
        assert meta(page, "description"), kind
        assert meta(page, "og:site_name") == "U.S.–Mexico security timeline", kind
        # X reads the Open Graph title and description: no copies of them
        assert meta(page, "twitter:title") is None, kind
        assert meta(page, "twitter:description") is None, kind
        assert meta(page, "og:title"), kind
        assert meta(page, "twitter:card") == "summary", kind
        expected_type = "article" if kind == "event" else "website"
        assert meta(page, "og:type") == expected_type, kind
    # the hostile title, as typed: nothing of it became markup
    page.goto(history_site.url(SHARED_PAGES["event"]))
    assert meta(page, "og:title") == HOSTILE_TITLE
    assert meta(page, "description") == 'A summary with "quotes" & <i>tags</i>.'
    assert meta(page, "article:published_time") == "2025-05-01T10:00:00Z"
    assert meta(page, "article:modified_time") == "2025-05-01T10:00:00Z"
    assert page.evaluate("document.head.querySelectorAll('b, i, script:not([src])').length") == (
        page.evaluate("document.head.querySelectorAll('script:not([src])').length")
    )
    assert not page.evaluate("[...document.scripts].some(s => s.textContent === 'alert(1)')")


def test_print_hides_the_controls_and_shows_source_addresses(open_tab, history_site) -> None:
    tab = open_tab()
    page = tab.page
    page.goto(history_site.url("timeline/2025/"))
    assert page.is_visible(".tl-filters") and page.is_visible(".tl-jump")
    page.emulate_media(media="print")
    for hidden in (".tl-filters", ".tl-jump", ".md-header", ".md-tabs", ".tl-search", ".tl-copy"):
        assert not tab.visible(hidden), hidden
    assert page.is_visible(".tl-entry")
    page.emulate_media(media="screen")
    page.goto(event_url(history_site, CORRECTED))
    assert not page.is_visible(".tl-print-foot")
    page.emulate_media(media="print")
    after = page.evaluate(
        "getComputedStyle(document.querySelector('.sources a'), '::after').content"
    )
    assert "https://mexiconewsdaily.com/news/mexico-extradites-cartel-operatives-to-u-s/" in after
    foot = page.text_content(".tl-print-foot")
    assert (
        f"Permalink: https://timeline-tracker.github.io/us-mexico-timeline/events/{CORRECTED}/"
        in foot
    )
    assert "Built 15 June 2025" in foot  # SOURCE_DATE_EPOCH of the test build
    assert page.is_visible(".tl-print-foot")


def focused_entry(tab: Tab) -> str | None:
    return tab.page.evaluate(
        "(document.activeElement.closest('.tl-entry') || {}).querySelector"
        " ? document.activeElement.closest('.tl-entry').querySelector('.tl-entry__title a').href"
        " : null"
    )


def test_j_and_k_step_between_events_with_a_visible_focus(open_tab, history_site) -> None:
    tab = open_tab()
    page = tab.page
    page.goto(history_site.url("timeline/2025/"))
    links = page.eval_on_selector_all(".tl-entry .tl-entry__title a", "as => as.map(a => a.href)")
    page.keyboard.press("j")
    assert focused_entry(tab) == links[0]
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline not in ("none", "")
    page.keyboard.press("j")
    page.keyboard.press("j")
    assert focused_entry(tab) == links[2]
    page.keyboard.press("k")
    assert focused_entry(tab) == links[1]
    page.keyboard.press("ArrowDown")
    assert focused_entry(tab) == links[2]
    # the filters hide events: j skips them
    page.click(".tl-filters__summary")
    page.check(".tl-filters input[name=status][value=reported]")
    shown = page.eval_on_selector_all(
        ".tl-entry .tl-entry__title a",
        "as => as.filter(a => a.offsetParent !== null).map(a => a.href)",
    )
    page.focus(".tl-filters input[name=status][value=reported]")
    page.keyboard.press("Escape")
    page.evaluate("document.activeElement.blur()")
    page.keyboard.press("j")
    assert focused_entry(tab) in shown


def test_the_skip_link_is_first_and_reaches_the_first_event(open_tab, history_site) -> None:
    tab = open_tab()
    page = tab.page
    page.goto(history_site.url("timeline/"))
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Skip to the first event"
    assert page.is_visible(".tl-skip")
    page.keyboard.press("Enter")
    first = page.get_attribute(".tl-entry .tl-entry__title a", "href")
    assert focused_entry(tab).endswith(first.lstrip("./"))


def test_jump_to_date_moves_to_the_first_event_on_or_after_the_day(open_tab, history_site) -> None:
    tab = open_tab()
    page = tab.page
    page.goto(history_site.url("timeline/2025/"))
    page.fill(".tl-jump input[name=date]", "2025-04-20")
    page.click(".tl-jump button")
    dates = page.eval_on_selector_all(".tl-entry", "es => es.map(e => e.dataset.date)")
    expected = next(i for i, day in enumerate(dates) if day >= "2025-04-20")
    assert page.evaluate("document.activeElement.dataset.date") == dates[expected]
    assert dates[expected - 1] < "2025-04-20"


def test_copy_link_on_an_event_and_on_a_filtered_view(browser, history_site) -> None:
    context = browser.new_context()
    context.grant_permissions(["clipboard-read", "clipboard-write"])
    page = context.new_page()
    try:
        page.goto(event_url(history_site, EDITED))
        page.click(".tl-copy__button")
        page.wait_for_selector(".tl-copy__status:text('Link copied')")
        assert page.is_visible(".tl-copy__status")
        assert page.evaluate("navigator.clipboard.readText()") == event_url(history_site, EDITED)
        page.goto(history_site.url("timeline/"))
        page.click(".tl-filters__summary")
        page.fill("[data-tl-typeahead=actor]", "Claudia")
        page.press("[data-tl-typeahead=actor]", "Enter")
        page.wait_for_function("location.search === '?actor=claudia-sheinbaum'")
        page.click(".tl-filters .tl-copy__button")
        page.wait_for_selector(".tl-filters .tl-copy__status:text('Link copied')")
        copied = page.evaluate("navigator.clipboard.readText()")
        assert copied == history_site.url("timeline/?actor=claudia-sheinbaum")
    finally:
        context.close()


def test_quotes_are_credited_inline_with_the_outlet(open_tab, history_site) -> None:
    page = open_tab().page
    page.goto(history_site.url("events/2025-05-03-sheinbaum-rejects-us-troops/"))
    credits = page.eval_on_selector_all(
        ".quote__by",
        "spans => spans.map(s => [s.textContent, s.querySelector('a[href^=\"#source-\"]')"
        ".getAttribute('href')])",
    )
    assert ["— Claudia Sheinbaum, via Fox News (syndicated by WFIN)", "#source-2"] in credits
