"""How the timeline is cut into pages: a page per year, and a long year into pages of months.

A year page lists its events under month headings, January to December, then
the events known only by their year ("Month not known"). A year with more than
PAGE_LIMIT events is cut into pages of whole months (a month longer than a
page is cut into parts, its heading repeated "(continued)"), so that no page
grows with the dataset: at 10,000 events a year of 900 events is eight pages
of at most 120 cards each. The first page of a year keeps the year's address
(/timeline/2025/); the others follow it (/timeline/2025/2/).

Between two months with events, the months without any are said in so many
words ("2 months without events: March – April"), so that a gap in the record
reads as a gap and not as nothing.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from itertools import groupby

from generator.diagnostics import plural
from generator.layout import year_path
from generator.records.dates import MONTHS, Precision
from generator.records.model import Event

PAGE_LIMIT = 120
NOT_KNOWN = 13  # the place of "Month not known": after December
NOT_KNOWN_LABEL = "Month not known"


def month_of(event: Event) -> int:
    """The month (1-12) an event is listed under in its year, NOT_KNOWN for a bare year."""
    start = event.date.start
    return NOT_KNOWN if start.precision is Precision.YEAR else start.month


def month_name(month: int) -> str:
    return NOT_KNOWN_LABEL if month == NOT_KNOWN else MONTHS[month]


def heading_anchor(label: str) -> str:
    """The id MkDocs' table of contents gives a heading of plain words: 'May (continued)' ->
    'may-continued'."""
    words = "".join(c if c.isalnum() else " " for c in label.casefold())
    return "-".join(words.split())


@dataclass(frozen=True)
class Gap:
    """Months of a year without events, between two that have some."""

    first: int
    last: int

    @property
    def months(self) -> int:
        return self.last - self.first + 1

    @property
    def label(self) -> str:
        span = month_name(self.first)
        if self.last != self.first:
            span += f" – {month_name(self.last)}"
        return f"{plural(self.months, 'month')} without events: {span}"


@dataclass(frozen=True)
class MonthGroup:
    """The events of one month of a year on one page (a part of it, if `continued`)."""

    month: int
    events: list[Event]
    continued: bool = False
    gap_before: Gap | None = None

    @property
    def label(self) -> str:
        return month_name(self.month) + (" (continued)" if self.continued else "")

    @property
    def anchor(self) -> str:
        return heading_anchor(self.label)


@dataclass(frozen=True)
class YearPage:
    """One page of a year: its number (1 is the year's own address) and its months."""

    year: int
    number: int
    months: list[MonthGroup] = field(default_factory=list)

    @property
    def path(self) -> str:
        return year_path(self.year, self.number)

    @property
    def events(self) -> list[Event]:
        return [event for group in self.months for event in group.events]

    @property
    def label(self) -> str:
        """Which months the page holds: 'January – March', 'May (continued)'."""
        first, last = self.months[0], self.months[-1]
        if first.month == last.month:
            return first.label
        known = [group for group in self.months if group.month != NOT_KNOWN]
        label = known[0].label
        if known[-1].month != known[0].month:
            label = f"{month_name(known[0].month)} – {month_name(known[-1].month)}"
        return label + (" and month not known" if last.month == NOT_KNOWN else "")


def year_months(events: Iterable[Event]) -> list[MonthGroup]:
    """The events of one year by month, January first and "Month not known" last,
    each month carrying the gap of empty months before it."""
    by_month = {
        month: list(group)
        for month, group in groupby(sorted(events, key=month_of_key), key=month_of)
    }
    groups = []
    previous = None
    for month in sorted(by_month):
        gap = None
        if previous is not None and month != NOT_KNOWN and month - previous > 1:
            gap = Gap(previous + 1, month - 1)
        groups.append(MonthGroup(month, by_month[month], gap_before=gap))
        previous = month
    return groups


def month_of_key(event: Event) -> int:
    # a stable sort on the month alone keeps the timeline's order within each month
    return month_of(event)


def paginate(year: int, events: Sequence[Event], limit: int = PAGE_LIMIT) -> list[YearPage]:
    """The pages of one year, each of whole months where a month fits on a page."""
    pages: list[list[MonthGroup]] = [[]]

    def room() -> int:
        return limit - sum(len(group.events) for group in pages[-1])

    for group in year_months(events):
        if len(group.events) > room() and pages[-1]:
            pages.append([])
        if len(group.events) <= limit:
            pages[-1].append(group)
            continue
        for start in range(0, len(group.events), limit):
            if start:
                pages.append([])
            part = group.events[start : start + limit]
            pages[-1].append(
                MonthGroup(group.month, part, continued=start > 0, gap_before=group.gap_before)
            )
    return [YearPage(year, number, months) for number, months in enumerate(pages, 1) if months]


def place_of_events(pages: Iterable[YearPage]) -> dict[str, YearPage]:
    """The year page each event is listed on, by event id."""
    return {event.id: page for page in pages for event in page.events}
