"""The chart of events over time: the navigator of the home, timeline, year, actor and topic pages.

Computed here at build time and drawn by templates/_chart.md.j2 as SVG, so that
it reads without JavaScript. The bins (week, month, quarter, year, decade,
century) are the finest that keep the bars readable: a chart is drawn twice,
for a wide column (at most WIDE_BARS bars) and for a phone (at most NARROW_BARS),
and the stylesheet shows the one that fits; an actor's, a place's or a topic's page
draws it once (COMPACT: the phone's bars, grown to at most 480 px on a wide
column), since at 10,000 events the second drawing of 1,400 such pages was 9 MB.
Every bar with events is a link to the first of them where the page's reader goes
next (its place on a year page), named by its `<title>` (one accessible name, also
the tooltip), the first bar of each year carries the year, and the numbers follow
as a table for screen readers and anyone who wants them exactly. The chart grows with the
width of the column, never with the span of the events.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from markupsafe import Markup

from generator.diagnostics import plural
from generator.records.dates import MONTHS, Precision, year_text
from generator.records.model import Event, Period
from generator.render.periods import OPEN_END, period_dates

WIDE_BARS = 48
NARROW_BARS = 24
PLOT_HEIGHT = 120
TOP = 18  # room for the count above the tallest bar
BOTTOM = 34  # room for the bar labels and the year ticks
SIDE = 6
BAND_ROW = 16  # room above the counts for the periods' labelled bands
BAND_CHARACTER = 6  # drawing units of one character of a band's label, at most
MIN_TICK_SPACING = 40  # drawing units between two year labels
# (name, width of the drawing, most bars, height of the bars): a phone's is lower, so
# that the chart leaves room on the first screen for the events
VARIANTS = (("wide", 720, WIDE_BARS, PLOT_HEIGHT), ("narrow", 360, NARROW_BARS, 84))
COMPACT = (("compact", 360, NARROW_BARS, 84),)
UNITS = ("week", "month", "quarter", "year", "decade", "century", "millennium")
STEPS = {"year": 1, "decade": 10, "century": 100, "millennium": 1000}
LAST_DAY = date(9999, 12, 31)
# The share of events a unit must be able to place (a week holds only exact days)
SHOWN_AT_LEAST = {"week": 0.98, "month": 0.9, "quarter": 0.9}


def bin_start(day: date, unit: str) -> date:
    if unit == "week":
        return day - timedelta(days=day.weekday())
    if unit == "month":
        return day.replace(day=1)
    if unit == "quarter":
        return date(day.year, (day.month - 1) // 3 * 3 + 1, 1)
    step = STEPS[unit]
    return date(max(1, day.year - day.year % step), 1, 1)


def next_bin(start: date, unit: str) -> date:
    if unit == "week":
        return start + timedelta(days=7) if start < LAST_DAY - timedelta(days=7) else LAST_DAY
    months = {"month": 1, "quarter": 3}.get(unit)
    if months:
        month = start.month - 1 + months
        year = start.year + month // 12
        return date(year, month % 12 + 1, 1) if year <= 9999 else LAST_DAY
    step = STEPS[unit]
    year = start.year - start.year % step + step
    return date(year, 1, 1) if year <= 9999 else LAST_DAY


def bin_label(start: date, unit: str) -> str:
    if unit == "week":
        return f"Week of {start.day} {MONTHS[start.month]} {year_text(start.year)}"
    if unit == "month":
        return f"{MONTHS[start.month]} {year_text(start.year)}"
    if unit == "quarter":
        last = MONTHS[start.month + 2]
        return f"{MONTHS[start.month]} – {last} {year_text(start.year)}"
    return year_text(start.year) + ("s" if unit in ("decade", "century", "millennium") else "")


def _bar_label(start: date, unit: str, slot: float) -> str:
    """A bar's own short label under it, where there is room."""
    if unit == "month" and slot >= 26:
        return MONTHS[start.month][:3]
    if unit == "month" and slot >= 11:
        return MONTHS[start.month][0]
    if unit == "quarter" and slot >= 18:
        return f"Q{(start.month - 1) // 3 + 1}"
    return ""


class Binned:
    """The events of one chart with their earliest days read once, and their bins by unit."""

    def __init__(self, events: Sequence[Event]) -> None:
        self.events = events
        self.days = [(e.date.earliest, e.date.start.precision, e) for e in events]
        self._bins: dict[str, list[tuple[date, list[Event]]]] = {}
        self._placed: dict[str, int] = {}

    def placed(self, unit: str) -> int:
        """How many events a bin of `unit` can hold: not those known only by a coarser date."""
        if unit not in self._placed:
            finest = {"week": Precision.DAY, "month": Precision.MONTH, "quarter": Precision.MONTH}
            least = finest.get(unit, Precision.YEAR)
            self._placed[unit] = sum(1 for _, p, _ in self.days if p >= least)
        return self._placed[unit]

    def bins(self, unit: str) -> list[tuple[date, list[Event]]]:
        if unit not in self._bins:
            self._bins[unit] = self._count(unit)
        return self._bins[unit]

    def _count(self, unit: str) -> list[tuple[date, list[Event]]]:
        finest = {"week": Precision.DAY, "month": Precision.MONTH, "quarter": Precision.MONTH}
        least = finest.get(unit, Precision.YEAR)
        by_start: dict[date, list[Event]] = {}
        for day, precision, event in self.days:
            if precision >= least:
                by_start.setdefault(bin_start(day, unit), []).append(event)
        if not by_start:
            return []
        first, last = min(by_start), max(by_start)
        bins, start = [], first
        while start <= last:
            bins.append((start, by_start.get(start, [])))
            if start == LAST_DAY:
                break
            start = next_bin(start, unit)
        return bins

    def choose_unit(self, max_bars: int) -> str:
        """The finest unit whose bins number at most max_bars and leave few events out."""
        for unit in UNITS:
            # a week chart of a story told mostly by months would hide most of it
            if self.placed(unit) < len(self.events) * SHOWN_AT_LEAST.get(unit, 0):
                continue
            if self._span(unit) <= max_bars and len(self.bins(unit)) <= max_bars:
                return unit
        return "millennium"

    def _span(self, unit: str) -> int:
        """At least how many bins `unit` needs, before counting them one by one."""
        known = [day for day, _, _ in self.days]
        days = (max(known) - min(known)).days
        return {"week": days // 7, "month": days // 31, "quarter": days // 92}.get(unit, 0)


@dataclass(frozen=True)
class Bar:
    label: str
    count: int
    href: Markup | None
    x: int
    width: int
    y: int
    height: int
    short: str  # the label under the bar, or ""
    tick: str  # the year written under the bar, or ""
    days: tuple[int, int]  # its first and last day as YYYYMMDD, for the filters' redraw


@dataclass(frozen=True)
class Band:
    """A period over the bars it covers: a labelled strip above them, a shade behind."""

    name: str
    dates: str
    label: str  # the name, shortened to fit the band ("" when not even a letter fits)
    x: int
    width: int
    shade: int  # 0 or 1: periods alternate between two shades


@dataclass(frozen=True)
class Drawing:
    """One chart drawn for one width of column."""

    variant: str
    unit: str
    width: int
    height: int
    baseline: int
    bars: list[Bar]
    counts: bool  # room for the count above each bar
    left_out: int  # events whose date is coarser than a bin
    plot_height: int
    bands: list[Band]
    top: int  # where the plot (the counts above the bars) starts: below the bands' row


@dataclass(frozen=True)
class Chart:
    title: str
    description: str
    drawings: list[Drawing]
    rows: list[tuple[str, int]]  # the numbers, for the table: the wide drawing's bins
    unit: str


def _ticks(bins: list[tuple[date, list[Event]]], unit: str, slot: float) -> list[str]:
    """The year written under the first bar of each year, thinned to stay readable."""
    per_year = {"week": 52, "month": 12, "quarter": 4}.get(unit, 1)
    every = 1
    while every * per_year * slot < MIN_TICK_SPACING:
        every = every * 5 if every in (1, 10, 100) else every * 2
    ticks = []
    for index, (start, _) in enumerate(bins):
        year_begins = index == 0 or bins[index - 1][0].year != start.year
        wanted = unit not in ("week", "month", "quarter") or year_begins
        ticks.append(year_text(start.year) if wanted and start.year % every == 0 else "")
    if not any(ticks) and bins:
        ticks[0] = year_text(bins[0][0].year)
    return ticks


def _bands(
    periods: Sequence[Period], bins: list[tuple[date, list[Event]]], unit: str, slot: float
) -> list[Band]:
    """The periods that overlap the bins, each over the bars of the bins it touches."""
    if not bins:
        return []
    starts = [start for start, _ in bins]
    first, last = starts[0], next_bin(starts[-1], unit) - timedelta(days=1)
    bands = []
    for number, period in enumerate(periods):
        begin, end = period.first_day, period.last_day(OPEN_END)
        if end < first or begin > last:
            continue
        left = bisect.bisect_right(starts, max(begin, first)) - 1
        right = bisect.bisect_right(starts, min(end, last)) - 1
        x = SIDE + round(left * slot)
        band_width = SIDE + round((right + 1) * slot) - x
        fits = int((band_width - 6) / BAND_CHARACTER)
        label = period.name if len(period.name) <= fits else period.name[: fits - 1] + "…"
        bands.append(
            Band(period.name, period_dates(period), label if fits >= 2 else "", x, band_width,
                 number % 2)
        )  # fmt: skip
    return bands


def draw(
    binned: Binned,
    variant: str,
    width: int,
    max_bars: int,
    target: Callable[[Event], Markup | None],
    plot_height: int = PLOT_HEIGHT,
    periods: Sequence[Period] = (),
) -> Drawing:
    unit = binned.choose_unit(max_bars)
    bins = binned.bins(unit)
    slot = (width - 2 * SIDE) / max(len(bins), 1)
    tallest = max((len(members) for _, members in bins), default=0) or 1
    bands = _bands(periods, bins, unit, slot)
    top = BAND_ROW if bands else 0
    baseline = top + TOP + plot_height
    ticks = _ticks(bins, unit, slot)
    bars = []
    for index, (start, members) in enumerate(bins):
        x = SIDE + round(index * slot)
        bar_width = max(1, round(slot * 0.72))
        height = round(plot_height * len(members) / tallest) if members else 0
        bars.append(
            Bar(
                label=bin_label(start, unit),
                count=len(members),
                href=target(members[0]) if members else None,
                x=x + round((slot - bar_width) / 2),
                width=bar_width,
                y=baseline - height,
                height=height,
                short=_bar_label(start, unit, slot),
                tick=ticks[index],
                days=(_day_number(start), _day_number(next_bin(start, unit)) - 1),
            )
        )
    left_out = len(binned.events) - binned.placed(unit)
    return Drawing(
        variant,
        unit,
        width,
        baseline + BOTTOM,
        baseline,
        bars,
        slot >= 20,
        left_out,
        plot_height,
        bands,
        top,
    )


def _day_number(day: date) -> int:
    # YYYYMMDD; one less than the next bin's first day is past this bin's last, never in the next
    return day.year * 10000 + day.month * 100 + day.day


def events_chart(
    events: Sequence[Event],
    target: Callable[[Event], Markup | None],
    title: str = "Events over time",
    periods: Sequence[Period] = (),
    variants: Sequence[tuple[str, int, int, int]] = VARIANTS,
) -> Chart | None:
    """The chart of `events`, each bar linked to target(first event of the bar), with the
    `periods` it overlaps drawn as bands, drawn in each of `variants`; None if there
    are no events. The first drawing gives the description and the table."""
    if not events:
        return None
    binned = Binned(events)
    drawings = [draw(binned, v, w, bars, target, high, periods) for v, w, bars, high in variants]
    wide = drawings[0]
    total = len(events)
    peak = max(wide.bars, key=lambda bar: bar.count)
    description = (
        f"Bar chart of the number of events in each {wide.unit} from {wide.bars[0].label} "
        f"to {wide.bars[-1].label}: {plural(total, 'event')} in all, the most "
        f"({peak.count:,}) in {peak.label}."
    )
    if wide.left_out:
        description += (
            f" {plural(wide.left_out, 'event')} with a date coarser "
            f"than a {wide.unit} {'is' if wide.left_out == 1 else 'are'} not shown."
        )
    if wide.bands:
        shown = "; ".join(f"{band.name} ({band.dates})" for band in wide.bands)
        description += f" Periods shown as bands: {shown}."
    rows = [(bar.label, bar.count) for bar in wide.bars if bar.count]
    return Chart(title, description, drawings, rows, wide.unit)
