"""/data/filter-index.json: what the timeline filters read, in the documented format."""

from __future__ import annotations

import json

from generator.exports import filter_index
from generator.exports.clock import build_time
from generator.records.model import STATUSES
from generator.records.project import load_project
from generator.settings import read_site_config
from tests.helpers import GOLDEN_PROJECT

GOLDEN = GOLDEN_PROJECT


def test_the_index_names_every_event_by_numbers_into_its_tables() -> None:
    dataset, _ = load_project(GOLDEN)
    config = read_site_config(GOLDEN)
    index = json.loads(filter_index.filter_index(dataset, config, build_time()))
    assert index["format"] == filter_index.FORMAT
    assert index["statuses"] == list(STATUSES)
    assert [row[0] for row in index["events"]] == [e.id for e in dataset.events]
    for row, event in zip(index["events"], dataset.events, strict=True):
        _, date, year, title, status, actors, places, tags, day = row
        assert (date, year, title) == (event.date.display(), event.year, event.title)
        assert index["statuses"][status] == event.status
        assert [index["actors"][i][0] for i in actors] == list(dict.fromkeys(event.actors))
        assert [index["places"][i][0] for i in places] == list(dict.fromkeys(event.places))
        assert [index["tags"][i] for i in tags] == list(dict.fromkeys(event.tags))
        assert day == int(event.date.earliest.strftime("%Y%m%d"))
    names = {row[0]: row[1] for row in index["actors"] + index["places"]}
    assert names["alice-example"] == dataset.entities["alice-example"].name


def test_the_index_holds_no_event_text_beyond_titles() -> None:
    dataset, _ = load_project(GOLDEN)
    text = filter_index.filter_index(dataset, read_site_config(GOLDEN), build_time())
    for event in dataset.events:
        assert event.summary not in text
        for source in event.sources:
            assert source.url not in text
