"""Topics as readers see them: the display name and description of a topic record.

The seed describes its topics in entities/topics/; the large synthetic site has
records for some of its tags only, so that a tag without one is seen too (its
name is the tag read as words, as before topic records existed).
"""

from __future__ import annotations

import re

from generator.records.model import topic_label
from tests.helpers import BuiltSite, choose_by_typing, shown_events

TOPIC = "terrorist-designation"


def plain(text: str) -> str:
    """Text as read, without a heading's permalink mark."""
    return re.sub(r"\s+", " ", text).strip().removesuffix("¶").strip()


def test_the_topic_page_shows_the_name_and_description(open_tab, seed_site) -> None:
    topic = seed_site.dataset.topics[TOPIC]
    assert topic.name != topic_label(TOPIC) and topic.description
    tab = open_tab()
    tab.page.goto(seed_site.url(f"tags/{TOPIC}/"))
    assert plain(tab.page.text_content("article h1")) == f"Topic: {topic.name}"
    assert tab.page.title().startswith(f"Topic: {topic.name}")
    assert plain(tab.page.text_content(".tl-topic-description")) == plain(topic.description)
    crumbs = [plain(c.text_content()) for c in tab.page.query_selector_all(".tl-breadcrumbs li")]
    assert crumbs[-1] == topic.name


def test_the_topic_index_lists_names_in_order_with_descriptions(open_tab, seed_site) -> None:
    data = seed_site.dataset
    tab = open_tab()
    tab.page.goto(seed_site.url("tags/"))
    items = tab.page.query_selector_all("article li")
    names = [plain(i.query_selector("a").text_content()) for i in items]
    expected = sorted((data.topic_name(t) for t in data.events_by_tag), key=str.casefold)
    assert names == expected
    described = {
        plain(i.query_selector("a").text_content()): plain(i.text_content())
        for i in items
        if i.query_selector(".tl-topic-summary")
    }
    assert data.topics[TOPIC].name in described
    assert plain(data.topics[TOPIC].description)[:40] in described[data.topics[TOPIC].name]


def test_filters_and_event_pages_name_topics_by_their_record(open_tab, seed_site) -> None:
    data = seed_site.dataset
    topic = data.topics[TOPIC]
    tab = open_tab()
    tab.page.goto(seed_site.url("timeline/"))
    options = tab.page.evaluate(
        "JSON.parse(document.querySelector('[data-tl-options=tag]').textContent)"
    )
    assert [label for _, label, _ in options] == sorted(
        (data.topic_name(t) for t in data.events_by_tag), key=str.casefold
    )
    choose_by_typing(tab, "tag", topic.name)
    chip = tab.page.query_selector("[data-tl-chosen=tag] [data-value]")
    assert chip.get_attribute("data-value") == TOPIC
    assert topic.name in chip.text_content()
    assert shown_events(tab) == [e.id for e in data.events_by_tag[TOPIC]]
    event = data.events_by_tag[TOPIC][0]
    tab.page.goto(seed_site.url(f"events/{event.id}/"))
    links = tab.page.query_selector_all(f"article a[href$='tags/{TOPIC}/']")
    assert [plain(a.text_content()) for a in links] == [topic.name]


def test_a_tag_without_a_record_reads_as_words(open_tab, large_site: BuiltSite) -> None:
    data = large_site.dataset
    bare = [t for t in data.events_by_tag if t not in data.topics and "-" in t]
    described = [t for t in data.events_by_tag if t in data.topics]
    assert bare and described, "the synthetic site has tags with and without records"
    tab = open_tab()
    tab.page.goto(large_site.url(f"tags/{bare[0]}/"))
    assert plain(tab.page.text_content("article h1")) == f"Topic: {topic_label(bare[0])}"
    assert not tab.page.query_selector(".tl-topic-description")
