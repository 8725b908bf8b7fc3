"""The model as Markdown pages: {path under docs_dir: text}, computed without the disk.

Every generated page lives in one of the folders listed in layout.GENERATED_ROOTS,
which hold nothing hand-written. A page is Markdown only in its front matter
and headings; the rest is finished HTML that MkDocs passes through untouched
(generator.render.html_blocks), which halves what MkDocs spends on each page.
Pages link to each other by address (generator.render.links). Each page costs work in
proportion to what it shows: an event page finds its neighbours and relations by index.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from functools import partial

import jinja2
from markupsafe import Markup

from generator import exports
from generator.layout import (
    ACTORS_PAGE,
    CHANGES_PAGE,
    CORRECTIONS_PAGE,
    DATA_PAGE,
    FILTER_INDEX,
    HOME_PAGE,
    PLACES_PAGE,
    TAGS_PAGE,
    TIMELINE_PAGE,
    PathCollision,
    address_patterns,
    claim,
    event_redirect_path,
)
from generator.records.dates import year_text
from generator.records.model import Dataset, Entity, Event
from generator.render import changepages, text
from generator.render.chart import COMPACT, VARIANTS, events_chart
from generator.render.datapage import data_page
from generator.render.environment import render, same_part, spacing
from generator.render.facets import filter_facets
from generator.render.keys import PageKeys
from generator.render.links import Links, address_of, entity_path, event_path, tag_path
from generator.render.navigation import TimelineMap, by_year, co_actors
from generator.render.periods import PeriodBands
from generator.render.years import PAGE_LIMIT, YearPage, year_months
from generator.settings import SiteConfig

# Above this many events /timeline/ lists the years and the latest events only.
FULL_TIMELINE_LIMIT = 300
LATEST_ON_HOME = 5
LATEST_ON_TIMELINE = 20
# An actor's or a topic's page lists its events as cards up to this many; above it,
# each year's count with a link to that year of the timeline, filtered to it.
ENTITY_CARDS_LIMIT = PAGE_LIMIT
SUMMARY_LINE = 200
# how every card begins (templates/_entry.md.j2): on an axis, its room above joins its classes
CARD_OPEN = '<div class="tl-entry '

KIND_HEADINGS = {
    "person": "People",
    "organization": "Organizations",
    "government": "Governments",
    "media": "Media",
    "country": "Countries",
    "region": "Regions",
    "city": "Cities",
    "place": "Other places",
}


def id_list(ids: Iterable[str]) -> Markup:
    """Ids for a data- attribute, space-separated: hooks for the timeline filters."""
    return text.html_text(" ".join(ids))


class SiteRenderer:
    """Renders every page of one dataset; one instance per build."""

    def __init__(
        self, dataset: Dataset, config: SiteConfig, home_intro: str, limit: int = PAGE_LIMIT
    ) -> None:
        self.data = dataset
        self.config = config
        self.home_intro = home_intro
        self.timeline = TimelineMap(dataset, limit)
        # pages link alike from the same depth: the home page, a section's index
        # page (/timeline/), and a page inside a section (/events/x/, /timeline/2025/)
        self.home = Links(dataset, HOME_PAGE)
        self.section = Links(dataset, TIMELINE_PAGE)
        self.nested = Links(dataset, event_path("page"))
        # an event appears in many lists (timeline, year, each actor, place and
        # tag): its entry is rendered once per depth and reused
        self._entries: dict[tuple[str, int, bool], Markup] = {}
        self.bands = PeriodBands(dataset.periods)

    def _common(self, links: Links) -> dict[str, object]:
        return {
            "data": self.data,
            "links": links,
            "summary_line": SUMMARY_LINE,
            "name_of": self.data.name_of,
            "id_list": id_list,
            "day_number": day_number,
            "event_path": event_path,
            "on_axis": lambda before, event: self.on_axis(before, event, links),
            "row_on_axis": lambda before, event: self.on_axis(before, event, links, row=True),
            "band": self.bands.band,
            "topic_name": self.data.topic_name,
            "topic_description": self.data.topic_description,
            "filter_facets": lambda events: filter_facets(events, self.data),
            "filter_urls": text.html_text(json.dumps(address_patterns())),
            "filter_index_path": text.html_text(FILTER_INDEX),
            "filter_periods": self.bands.script_data,
            "entity_link": lambda entity_id: self.entity_link(entity_id, links),
            "change_mark": lambda event: changepages.change_mark(event, self.data),
        }

    def own_feed(self, page_kind: str, page_id: str) -> dict[str, str]:
        """Front matter naming the page's own feed, which the theme puts in <head>."""
        feeds = exports.feed_links(self.data, self.config, page_kind, page_id)[1:]
        return {"feed_title": feeds[0].title, "feed_url": feeds[0].href} if feeds else {}

    def entity_link(self, entity_id: str, links: Links) -> Markup:
        target = links.entity(entity_id)
        if target is None:
            return text.html_text(entity_id)
        return same_part("entity_link", target, self.data.name_of(entity_id))

    def entry(self, event: Event, links: Links, row: bool = False) -> Markup:
        """An event's card with the filters' hooks, or (`row`) an entity page's row."""
        key = (event.id, links.address_depth, row)
        if key not in self._entries:
            template = "_row.md.j2" if row else "_entry.md.j2"
            self._entries[key] = Markup(render(template, **self._common(links), event=event))
        return self._entries[key]

    def on_axis(self, before: Event | None, event: Event, links: Links, row=False) -> Markup:
        """An event's card (or `row`) on an axis, after `before` (the one above it, or None):
        the label of a period that starts here, and the card, with room above it that says
        how far apart the two events are (a class on the card: no element of its own)."""
        if isinstance(before, jinja2.Undefined):
            before = None
        label = self.bands.label(before, event)
        card = str(self.entry(event, links, row)).rstrip("\n")  # cards follow with no space between
        level = 0 if label else spacing(before, event)  # a period's label stands in for it
        if level:
            card = card.replace(CARD_OPEN, f"{CARD_OPEN}tl-step--{level} ", 1)
        return label + Markup(card)  # the card as rendered (escaped), a class added

    def chart(self, events: Sequence[Event], target: Callable[[Event], Markup | None], one=False):
        variants = COMPACT if one else VARIANTS  # one drawing: an entity's page (chart.py)
        return events_chart(events, target, periods=self.data.periods, variants=variants)

    def event_page(self, event: Event) -> str:
        links = self.nested
        return render(
            "event.md.j2",
            **self._common(links),
            event=event,
            crumbs=self.timeline.event_crumbs(event, links),
            on_timeline=self.timeline.on_timeline(event, links),
            around=self.timeline.around(event),
            related=self.data.links_of(event),
            edit_url=self.config.edit_url(event.path),
            jsonld=Markup(exports.event_jsonld(event, self.data, self.config)),
            article=changepages.article_times(event, self.data),
        )

    def redirect_page(self, alias: str, event: Event) -> str:
        """The page at an event's earlier address: on to the event, and for search engines
        the event's address as the canonical one."""
        links = Links(self.data, event_redirect_path(alias))
        canonical = self.config.absolute(address_of(event_path(event.id)))
        return render(
            "redirect.html.j2",
            title=text.html_text(event.title),
            target=links.event(event.id),
            canonical=text.html_text(canonical),
        )

    def _events_page(self, events: list[Event], facet: str, value: str) -> dict[str, object]:
        """What an actor's, a place's or a topic's page shows of its events."""
        links = self.nested
        query = f"?{facet}={value}"
        groups = by_year(events)
        return {
            "count": len(events),
            "groups": groups,
            "cards": len(events) <= ENTITY_CARDS_LIMIT,
            "year_links": {g.year: Markup(f"{links.year(g.year)}{query}") for g in groups},
            "latest": list(reversed(events[-LATEST_ON_TIMELINE:])),
            "chart": self.chart(events, self.timeline.target(links, query), one=True),
            "co_actors": co_actors(events, value, self.data),
        }

    def entity_page(self, entity: Entity) -> str:
        events = self.data.events_by_entity.get(entity.id, [])
        index = PLACES_PAGE if entity.is_place else ACTORS_PAGE
        return render(
            "entity.md.j2",
            **self._common(self.nested),
            **self._events_page(events, "place" if entity.is_place else "actor", entity.id),
            crumbs=[
                ("Places" if entity.is_place else "Actors", self.nested.page(index)),
                (entity.name, None),
            ],
            tab=index,
            entity=entity,
            kind_label=entity.kind,
            edit_url=self.config.edit_url(entity.path),
            feed=self.own_feed("actor", entity.id),
        )

    def entity_index(self, entities: list[Entity], places: bool) -> str:
        def name_key(entity: Entity) -> str:
            return entity.name.casefold()

        sections = []
        for kind, heading in KIND_HEADINGS.items():
            members = sorted((e for e in entities if e.kind == kind), key=name_key)
            if members:
                sections.append((heading, members))
        return render(
            "entity_index.md.j2",
            **self._common(self.section),
            title="Places" if places else "Actors",
            places=places,
            sections=sections,
        )

    def tag_page(self, tag: str) -> str:
        return render(
            "tag.md.j2",
            **self._common(self.nested),
            **self._events_page(self.data.events_by_tag[tag], "tag", tag),
            crumbs=[
                ("Topics", self.nested.page(TAGS_PAGE)),
                (self.data.topic_name(tag), None),
            ],
            tag=tag,
            feed=self.own_feed("tag", tag),
        )

    def tag_index(self) -> str:
        topics = sorted(
            self.data.events_by_tag.items(),
            key=lambda item: (self.data.topic_name(item[0]).casefold(), item[0]),
        )
        return render("tag_index.md.j2", **self._common(self.section), topics=topics)

    def timeline_index(self, limit: int) -> str:
        events = self.data.events
        links = self.section
        full = len(events) <= limit
        groups = by_year(events) if full else []
        return render(
            "timeline.md.j2",
            **self._common(links),
            full=full,
            years=self.timeline.year_rows(links),
            groups=[replace(g, months=year_months(g.events)) for g in groups],
            chart=self.chart(events, self.timeline.target(links)),
            latest=list(reversed(events[-LATEST_ON_TIMELINE:])),
            latest_page=self.timeline.latest_page(links) if events else None,
        )

    def year_page(self, page: YearPage) -> str:
        year = page.year
        links = Links(self.data, page.path)
        events = self.timeline.years[year]
        previous_year, next_year = self.timeline.neighbours(year)
        pages = self.timeline.pages[year]
        crumbs = [("Timeline", links.page(TIMELINE_PAGE))]
        if len(pages) > 1:
            crumbs += [(year_text(year), links.year(year)), (page.label, None)]
        else:
            crumbs.append((year_text(year), None))
        return render(
            "year.md.j2",
            **self._common(links),
            crumbs=crumbs,
            year=year,
            page=page,
            pages=pages,
            count=len(events),
            year_events=events,
            months=self.timeline.month_links(year, page, links),
            chart=self.chart(events, self.timeline.target(links)),
            previous_year=previous_year,
            next_year=next_year,
        )

    def home_page(self) -> str:
        links = self.home
        return render(
            "home.md.j2",
            **self._common(links),
            intro=Markup(self.home_intro.strip()),
            chart=self.chart(self.data.events, self.timeline.target(links)),
            latest=list(reversed(self.data.events[-LATEST_ON_HOME:])),
        )


def day_number(event: Event) -> int:
    """The earliest day an event's date can mean, as YYYYMMDD: what the date filter compares."""
    day = event.date.earliest
    return day.year * 10000 + day.month * 100 + day.day


@dataclass(frozen=True)
class PlannedPage:
    """A page not rendered yet: the hash of its inputs (None: always render) and how."""

    key: str | None
    render: Callable[[], str]


def plan_site(
    dataset: Dataset,
    config: SiteConfig,
    home_intro: str,
    full_timeline_limit: int = FULL_TIMELINE_LIMIT,
) -> dict[str, PlannedPage]:
    """Every generated page of the site, by its path under docs_dir, to render on demand.

    The write stage renders only the pages whose key changed since they were
    written (see generator.render.keys); render_site renders them all.
    """
    site = SiteRenderer(dataset, config, home_intro)
    keys = PageKeys(dataset, config, full_timeline_limit, place=site.timeline.place)
    pages: dict[str, PlannedPage] = {}
    addresses: dict[str, str] = {}

    def plan(path: str, page: PlannedPage) -> None:
        # a page planned twice would silently replace the first (a record named 'index'
        # once replaced /tags/ and /actors/), and two files that MkDocs serves at one
        # address (x.md, x/index.md) would overwrite each other: both are bugs
        claim(pages, path, page)
        address = address_of(path)
        if addresses.setdefault(address, path) != path:
            raise PathCollision(
                f"'{addresses[address]}' and '{path}' would both be written to '{address}'"
            )

    plan(HOME_PAGE, PlannedPage(keys.home_page(home_intro, LATEST_ON_HOME), site.home_page))
    timeline = partial(site.timeline_index, full_timeline_limit)
    timeline_key = keys.timeline_index(full_timeline_limit, LATEST_ON_TIMELINE)
    plan(TIMELINE_PAGE, PlannedPage(timeline_key, timeline))
    _plan_years_and_events(plan, dataset, site, keys)
    actors, places = dataset.people_and_groups(), dataset.places()
    for path, entities, are_places in ((ACTORS_PAGE, actors, False), (PLACES_PAGE, places, True)):
        index = partial(site.entity_index, entities, places=are_places)
        plan(path, PlannedPage(keys.entity_index(entities, are_places), index))
    for entity in dataset.entities.values():
        page = PlannedPage(keys.entity_page(entity), partial(site.entity_page, entity))
        plan(entity_path(entity), page)
    plan(TAGS_PAGE, PlannedPage(keys.tag_index(), site.tag_index))
    for tag in dataset.events_by_tag:
        plan(tag_path(tag), PlannedPage(keys.tag_page(tag), partial(site.tag_page, tag)))
    # what changed, newest first, and every correction
    common, listed = site._common(site.section), changepages.listed_changes(dataset)
    changes = partial(changepages.changes_page, dataset, common, site.section, listed)
    plan(CHANGES_PAGE, PlannedPage(keys.changes_page(dataset.history.known, listed), changes))
    fixes = partial(changepages.corrections_page, dataset, common, site.section)
    plan(CORRECTIONS_PAGE, PlannedPage(keys.corrections_page(), fixes))
    plan(DATA_PAGE, PlannedPage(None, partial(data_page, dataset, config)))  # the downloads
    return pages


def _plan_years_and_events(
    plan: Callable[[str, PlannedPage], None], dataset: Dataset, site: SiteRenderer, keys: PageKeys
) -> None:
    """The year pages, each event's page, and a redirect at each of its earlier ids."""
    for year, year_pages in site.timeline.pages.items():
        key = keys.year_page(year, site.timeline.years[year], site.timeline.neighbours(year))
        for page in year_pages:
            plan(page.path, PlannedPage(keys.year_part(key, page), partial(site.year_page, page)))
    for event in dataset.events:
        page = PlannedPage(keys.event_page(event), partial(site.event_page, event))
        plan(event_path(event.id), page)
        for alias in event.aliases:
            redirect = partial(site.redirect_page, alias, event)
            plan(
                event_redirect_path(alias), PlannedPage(keys.redirect_page(alias, event), redirect)
            )


def render_site(
    dataset: Dataset,
    config: SiteConfig,
    home_intro: str,
    full_timeline_limit: int = FULL_TIMELINE_LIMIT,
) -> dict[str, str]:
    """Every generated page of the site, by its path under docs_dir."""
    planned = plan_site(dataset, config, home_intro, full_timeline_limit)
    return {path: page.render() for path, page in planned.items()}
