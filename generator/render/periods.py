"""Periods (eras) on the time axis: which period each event falls in, and its band.

A maintainer declares periods once (entities/periods/, generator.records.catalogue
keeps them from overlapping). On an axis, every card of an event inside a period
carries the period's band beside the spine (`tl-band--0` or `--1`, two colours that
alternate from one period to the next), over the room above the card too, and the
first card of a period in a run of cards is preceded by the period's label (in
place of that room): its name and dates, as text, so the band reads without colour
and without JavaScript. The chart draws the same periods
(generator.render.chart).
"""

from __future__ import annotations

import bisect
import json
from collections.abc import Sequence
from datetime import date
from functools import cached_property

from markupsafe import Markup

from generator.records.model import Event, Period
from generator.render.environment import part
from generator.render.text import html_text

# the last day of a period that is still going on
OPEN_END = date(9999, 12, 31)


def period_dates(period: Period) -> str:
    """'20 January 2025 – May 2025', or 'since 20 January 2025' while it goes on."""
    start = period.start.words()
    if period.end is None:
        return f"since {start}"
    return f"{start} – {period.end.words()}"


class PeriodBands:
    """The periods of a dataset, looked up by day."""

    def __init__(self, periods: Sequence[Period]) -> None:
        self.periods = tuple(periods)  # in time order, not overlapping
        self.starts = [p.first_day for p in self.periods]
        self.ends = [p.last_day(OPEN_END) for p in self.periods]
        self._labels: dict[int, Markup] = {}

    def index_at(self, day: date) -> int | None:
        """The position of the period that holds `day`, or None."""
        found = bisect.bisect_right(self.starts, day) - 1
        if found >= 0 and day <= self.ends[found]:
            return found
        return None

    def index_of(self, event: Event | None) -> int | None:
        if event is None or not self.periods:
            return None
        return self.index_at(event.date.earliest)

    def band(self, event: Event) -> Markup:
        """The class that draws an event's period band on the axis, or ''."""
        index = self.index_of(event)
        return Markup("" if index is None else f" tl-band tl-band--{index % 2}")

    def label(self, before: Event | None, event: Event) -> Markup:
        """The period's label before the first of its cards in a run, else nothing."""
        index = self.index_of(event)
        if index is None or index == self.index_of(before):
            return Markup("")
        if index not in self._labels:
            period = self.periods[index]
            self._labels[index] = part("period_label", index % 2, period.name, period_dates(period))
        return self._labels[index]

    @cached_property
    def script_data(self) -> Markup:
        """The periods for timeline-filters.js, which draws the cards it finds in the filter
        index on an axis too: [[first day, last day (YYYYMMDD), name, dates], ...] as JSON
        for an HTML attribute; '' without periods."""
        if not self.periods:
            return Markup("")
        rows = [
            [_day(period.first_day), _day(end), period.name, period_dates(period)]
            for period, end in zip(self.periods, self.ends, strict=True)
        ]
        return html_text(json.dumps(rows, ensure_ascii=False))


def _day(day: date) -> int:
    return day.year * 10000 + day.month * 100 + day.day
