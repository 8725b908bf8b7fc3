"""The home page's overview: events per month as an SVG bar chart and a table.

Drawn here at build time so that it reads without JavaScript. The SVG carries
a title and a description for screen readers; the same numbers follow as a
table for anyone who wants them exactly. Colours come from the stylesheet
(with plain fallbacks in the attributes), so the chart follows the palette.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from markupsafe import Markup

from generator.records.dates import MONTHS, Precision, year_text
from generator.records.model import Event

SLOT = 36  # width of one month in the drawing
BAR = 24
PLOT_HEIGHT = 150
TOP = 22  # room for the count above the tallest bar
BOTTOM = 40  # room for month and year labels
SIDE = 8
MIN_LABEL_SPACING = 36


# Bars drawn at most: a dataset spanning centuries is drawn by year, decade or century,
# so that the chart grows with the events, never with the span between them.
MAX_BARS = 600


def month_counts(events: Sequence[Event]) -> list[tuple[int, int, int]]:
    """(year, month, events) for every month from the first event's to the last's.

    Events known only to the year are left out: they belong to no month.
    """
    counts = Counter(
        (e.date.start.year, e.date.start.month)
        for e in events
        if e.date.start.precision is not Precision.YEAR
    )
    if not counts:
        return []
    (year, month), last = min(counts), max(counts)
    months = []
    while (year, month) <= last:
        months.append((year, month, counts.get((year, month), 0)))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months


def coarse_counts(events: Sequence[Event]) -> tuple[str, list[tuple[str, int]]]:
    """The unit and (label, events) of each bin, when there are too many months to draw.

    Bins are years, decades or centuries, the first that keeps them within MAX_BARS.
    """
    counts = Counter(e.date.start.year for e in events)
    first, last = min(counts), max(counts)
    for step, unit in ((1, "year"), (10, "decade"), (100, "century")):  # noqa: B007
        start = first - first % step
        if (last - start) // step + 1 <= MAX_BARS:
            break
    bins = []
    for begin in range(start, last + 1, step):
        total = sum(counts.get(year, 0) for year in range(begin, begin + step))
        label = year_text(begin) if step == 1 else f"{year_text(begin)}s"
        bins.append((label, total))
    return unit, bins


def _label(year: int, month: int) -> str:
    return f"{MONTHS[month]} {year_text(year)}"


def _description(months: list[tuple[int, int, int]], undated: int) -> str:
    total = sum(count for _, _, count in months)
    peak = max(months, key=lambda m: m[2])
    text = (
        f"Bar chart of the number of events in each month from {_label(*months[0][:2])} "
        f"to {_label(*months[-1][:2])}: {total} events in all, the most "
        f"({peak[2]}) in {_label(*peak[:2])}."
    )
    if undated:
        text += (
            " 1 event known only by its year is not shown."
            if undated == 1
            else f" {undated} events known only by their year are not shown."
        )
    return text


def events_per_month_svg(months: list[tuple[int, int, int]], undated: int = 0) -> Markup:
    width = SIDE * 2 + SLOT * len(months)
    height = TOP + PLOT_HEIGHT + BOTTOM
    tallest = max(count for _, _, count in months) or 1
    every = max(1, -(-MIN_LABEL_SPACING // SLOT))
    baseline = TOP + PLOT_HEIGHT
    parts = [
        f'<svg class="chart__svg" xmlns="http://www.w3.org/2000/svg" role="img" '
        f'viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
        f'aria-labelledby="chart-title chart-desc">',
        '<title id="chart-title">Events per month</title>',
        f'<desc id="chart-desc">{_description(months, undated)}</desc>',
    ]
    for index, (year, month, count) in enumerate(months):
        x = SIDE + index * SLOT
        bar_height = round(PLOT_HEIGHT * count / tallest, 1)
        middle = x + SLOT / 2
        parts.append(
            f"<g><title>{_label(year, month)}: {count} event{'s' * (count != 1)}</title>"
            f'<rect class="chart__bar" fill="#3f51b5" x="{x + (SLOT - BAR) / 2}" '
            f'y="{baseline - bar_height}" width="{BAR}" height="{bar_height}"/>'
            f'<text class="chart__count" x="{middle}" y="{baseline - bar_height - 5}" '
            f'text-anchor="middle">{count}</text></g>'
        )
        if index % every == 0 or month == 1:
            parts.append(
                f'<text class="chart__month" x="{middle}" y="{baseline + 16}" '
                f'text-anchor="middle">{MONTHS[month][:3]}</text>'
            )
        if index == 0 or month == 1:
            parts.append(
                f'<text class="chart__year" x="{middle}" y="{baseline + 32}" '
                f'text-anchor="middle">{year_text(year)}</text>'
            )
    parts.append(
        f'<line class="chart__axis" stroke="#888" x1="{SIDE}" y1="{baseline}" '
        f'x2="{width - SIDE}" y2="{baseline}"/>'
    )
    parts.append("</svg>")
    return Markup("\n".join(parts))


def counts_table(months: list[tuple[int, int, int]]) -> Markup:
    rows = "\n".join(
        f"<tr><td>{_label(year, month)}</td><td>{count}</td></tr>" for year, month, count in months
    )
    return Markup(
        '<table class="chart__table">\n<caption>Events per month</caption>\n'
        '<thead><tr><th scope="col">Month</th><th scope="col">Events</th></tr></thead>\n'
        f"<tbody>\n{rows}\n</tbody>\n</table>"
    )


def _month_span(events: Sequence[Event]) -> int:
    starts = [e.date.start for e in events if e.date.start.precision is not Precision.YEAR]
    if not starts:
        return 0
    first = min((p.year, p.month) for p in starts)
    last = max((p.year, p.month) for p in starts)
    return (last[0] - first[0]) * 12 + last[1] - first[1] + 1


def coarse_chart(events: Sequence[Event]) -> Markup:
    """Events per year, decade or century, for a span too long to draw by month."""
    unit, bins = coarse_counts(events)
    width = SIDE * 2 + SLOT * len(bins)
    height = TOP + PLOT_HEIGHT + BOTTOM
    baseline = TOP + PLOT_HEIGHT
    tallest = max(count for _, count in bins) or 1
    every = max(1, len(bins) // 12)
    total = sum(count for _, count in bins)
    description = (
        f"Bar chart of the number of events in each {unit} from {bins[0][0]} to "
        f"{bins[-1][0]}: {total} events in all."
    )
    parts = [
        f'<svg class="chart__svg" xmlns="http://www.w3.org/2000/svg" role="img" '
        f'viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
        f'aria-labelledby="chart-title chart-desc">',
        f'<title id="chart-title">Events per {unit}</title>',
        f'<desc id="chart-desc">{description}</desc>',
    ]
    for index, (label, count) in enumerate(bins):
        x = SIDE + index * SLOT
        bar_height = round(PLOT_HEIGHT * count / tallest, 1)
        parts.append(
            f"<g><title>{label}: {count} event{'s' * (count != 1)}</title>"
            f'<rect class="chart__bar" fill="#3f51b5" x="{x + (SLOT - BAR) / 2}" '
            f'y="{baseline - bar_height}" width="{BAR}" height="{bar_height}"/></g>'
        )
        if index % every == 0:
            parts.append(
                f'<text class="chart__year" x="{x + SLOT / 2}" y="{baseline + 16}" '
                f'text-anchor="middle">{label}</text>'
            )
    parts.append("</svg>")
    rows = "\n".join(f"<tr><td>{label}</td><td>{count}</td></tr>" for label, count in bins if count)
    table = (
        f'<table class="chart__table">\n<caption>Events per {unit}</caption>\n'
        f'<thead><tr><th scope="col">{unit.capitalize()}</th><th scope="col">Events</th>'
        f"</tr></thead>\n<tbody>\n{rows}\n</tbody>\n</table>"
    )
    return Markup(
        '<figure class="chart">\n' + "\n".join(parts) + "\n"
        '<details class="chart__numbers">\n<summary>Show the numbers</summary>\n'
        f"{table}\n</details>\n</figure>"
    )


def events_per_month(events: Sequence[Event]) -> Markup:
    """The chart and its table as one HTML block, or a sentence when there is nothing to draw."""
    if _month_span(events) > MAX_BARS:
        return coarse_chart(events)
    months = month_counts(events)
    if not months:
        return Markup("<p>No events with a known month yet.</p>")
    undated = sum(1 for e in events if e.date.start.precision is Precision.YEAR)
    return Markup(
        '<figure class="chart">\n'
        f"{events_per_month_svg(months, undated)}\n"
        '<details class="chart__numbers">\n<summary>Show the numbers</summary>\n'
        f"{counts_table(months)}\n</details>\n</figure>"
    )
