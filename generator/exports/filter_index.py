"""/data/filter-index.json: what the timeline filters need to reach every event, and no more.

When the timeline is too long for one page, /timeline/ lists the years and the
latest events, and its filters (site_src/assets/javascripts/timeline-filters.js)
fetch this file once to find every matching event. It holds no summaries, bodies,
quotes or sources, only what a filter matches on and what a list of matches
shows, with the repeated ids replaced by numbers: 1.7 MB at 10,000 events,
0.4 MB gzipped as a web server sends it (benchmarks/README.md).

Format (`"format": 1`; a field added later gets a new position, never an old one):

    {
      "format": 1,
      "statuses": ["confirmed", "reported", "disputed", "retracted"],
      "actors": [["<entity id>", "<name>"], ...],     # every actor named by an event
      "places": [["<entity id>", "<name>"], ...],     # every place named by an event
      "tags":   ["<tag>", ...],
      "events": [
        ["<event id>", "<date as shown>", <year>, "<title>", <status index>,
         [<actor index>, ...], [<place index>, ...], [<tag index>, ...], <day>],
        ...
      ]
    }

Events are in timeline order (the order of /timeline/). Indexes point into the
tables above, which are sorted by name (actors, places) or by tag. `<day>` is the
earliest day the date can mean as the number YYYYMMDD (20250503), for sorting
and date ranges; `<year>` is the year the timeline files the event under. An
event's page is at `events/<event id>/` under the site root. An id named by an
event but without an entity record appears with its id as its name.
"""

from __future__ import annotations

from datetime import datetime

from generator.exports.json_export import dump_json
from generator.records.model import STATUSES, Dataset
from generator.settings import SiteConfig

FORMAT = 1


def filter_index(dataset: Dataset, config: SiteConfig, build_time: datetime) -> str:
    def table(ids: set[str]) -> list[list[str]]:
        return sorted(
            ([i, dataset.name_of(i)] for i in ids), key=lambda row: (row[1].casefold(), row[0])
        )

    actors = table({a for event in dataset.events for a in event.actors})
    places = table({p for event in dataset.events for p in event.places})
    tags = list(dataset.events_by_tag)
    actor_index = {row[0]: n for n, row in enumerate(actors)}
    place_index = {row[0]: n for n, row in enumerate(places)}
    tag_index = {tag: n for n, tag in enumerate(tags)}
    status_index = {status: n for n, status in enumerate(STATUSES)}
    rows = []
    for event in dataset.events:
        day = event.date.earliest
        rows.append(
            [
                event.id,
                event.date.display(),
                event.year,
                event.title,
                status_index[event.status],
                [actor_index[a] for a in dict.fromkeys(event.actors)],
                [place_index[p] for p in dict.fromkeys(event.places)],
                [tag_index[t] for t in dict.fromkeys(event.tags)],
                day.year * 10000 + day.month * 100 + day.day,
            ]
        )
    document = {
        "format": FORMAT,
        "statuses": list(STATUSES),
        "actors": actors,
        "places": places,
        "tags": tags,
        "events": rows,
    }
    return dump_json(document)
