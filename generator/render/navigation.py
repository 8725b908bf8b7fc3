"""Where a reader is and where they can go: the timeline's pages and the links between them.

One `TimelineMap` per build knows the pages of every year (generator.render.years)
and the page each event is listed on, and from it every page gets its
breadcrumbs, the links of its chart's bars, its list of years and months, and
the events around an event. Links are relative to the page that shows them
(generator.render.links).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from itertools import groupby

from markupsafe import Markup

from generator.layout import TIMELINE_PAGE
from generator.records.dates import year_text
from generator.records.model import Dataset, Event
from generator.render import text
from generator.render.links import Links
from generator.render.years import YearPage, month_name, month_of, paginate, place_of_events

# events shown on each side of an event, on its page: the one before and the one
# after (rel=prev/next); two on each side were 4.6 MB more of a 10,000-event site,
# and the year page (its breadcrumbs, "See it on the timeline") shows the rest
AROUND = 1
CO_ACTORS = 8


@dataclass(frozen=True)
class YearRow:
    year: int
    count: int
    href: Markup


@dataclass(frozen=True)
class MonthLink:
    label: str
    count: int
    href: Markup
    here: bool  # on the page that lists it


@dataclass(frozen=True)
class YearGroup:
    """A year's events under its heading, with the empty years before it said in words."""

    year: int
    events: list[Event]
    gap: str
    months: list = ()  # the year's MonthGroups, where the page lists them by month


def years_gap(before: int | None, year: int) -> str:
    """'2 years without events: 2019 – 2020' for the empty years between two, or ''."""
    if before is None or year - before <= 1:
        return ""
    first, last = before + 1, year - 1
    span = year_text(first) + (f" – {year_text(last)}" if last != first else "")
    count = "1 year" if last == first else f"{last - first + 1:,} years"
    return f"{count} without events: {span}"


def by_year(events: Sequence[Event]) -> list[YearGroup]:
    groups, before = [], None
    for year, members in groupby(events, key=lambda e: e.year):
        groups.append(YearGroup(year, list(members), years_gap(before, year)))
        before = year
    return groups


class TimelineMap:
    """The pages of every year of one dataset, and where each event is listed."""

    def __init__(self, dataset: Dataset, limit: int) -> None:
        self.data = dataset
        self.years: dict[int, list[Event]] = {
            year: list(members) for year, members in groupby(dataset.events, lambda e: e.year)
        }
        self.pages: dict[int, list[YearPage]] = {
            year: paginate(year, events, limit) for year, events in self.years.items()
        }
        self.place = place_of_events(page for pages in self.pages.values() for page in pages)

    def neighbours(self, year: int) -> tuple[int | None, int | None]:
        years = list(self.years)
        index = years.index(year)
        return (
            years[index - 1] if index > 0 else None,
            years[index + 1] if index + 1 < len(years) else None,
        )

    def on_timeline(self, event: Event, links: Links, query: str = "") -> Markup:
        """The link to an event's card on its year page (with a filter query, if given)."""
        page = self.place[event.id]
        return Markup(f"{links.page(page.path)}{text.html_text(query)}#event-{event.id}")

    def target(self, links: Links, query: str = "") -> Callable[[Event], Markup]:
        return lambda event: self.on_timeline(event, links, query)

    def year_rows(self, links: Links) -> list[YearRow]:
        return [YearRow(y, len(e), links.year(y)) for y, e in self.years.items()]

    def month_links(self, year: int, here: YearPage, links: Links) -> list[MonthLink]:
        """Every month of a year with its count, linked to its first part on its page."""
        counts = Counter(month_of(e) for e in self.years[year])
        found: dict[int, MonthLink] = {}
        for page in self.pages[year]:
            on = "" if page is here else links.page(page.path)
            for group in page.months:
                if group.month not in found:
                    href = Markup(f"{on}#{group.anchor}")
                    found[group.month] = MonthLink(
                        month_name(group.month), counts[group.month], href, page is here
                    )
        return list(found.values())

    def latest_page(self, links: Links) -> dict[str, object]:
        page = self.place[self.data.events[-1].id]
        return {"year": page.year, "label": page.label, "href": links.page(page.path)}

    def event_crumbs(self, event: Event, links: Links) -> list[tuple[str, Markup | None]]:
        page = self.place[event.id]
        group = next(g for g in page.months if any(e is event for e in g.events))
        return [
            ("Timeline", links.page(TIMELINE_PAGE)),
            (year_text(event.year), links.year(event.year)),
            (month_name(group.month), Markup(f"{links.page(page.path)}#{group.anchor}")),
        ]

    def around(self, event: Event) -> list[Event]:
        """The event and up to AROUND events on each side of it, in time order."""
        index = self.data.position[event.id]
        return list(self.data.events[max(0, index - AROUND) : index + AROUND + 1])


def co_actors(events: Sequence[Event], entity_id: str, dataset: Dataset) -> list[tuple[str, int]]:
    """The actors named most often with an entity: (id, events together), most first."""
    counts: Counter[str] = Counter()
    for event in events:
        counts.update(a for a in dict.fromkeys(event.actors) if a != entity_id)
    ranked = sorted(counts.items(), key=lambda pair: (-pair[1], pair[0]))
    return [(actor, n) for actor, n in ranked if actor in dataset.entities][:CO_ACTORS]
