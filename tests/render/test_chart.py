"""The home page chart grows with the events, never with the span between them."""

from __future__ import annotations

from generator.records.dates import parse_date
from generator.records.model import Event, Source
from generator.render import chart


def _event(day: str) -> Event:
    source = (Source(url="https://example.com/", publisher="Example"),)
    return Event(
        id=f"{day}-x",
        path="events/x.yaml",
        title="x",
        date=parse_date(day),
        summary="x",
        sources=source,
    )


def test_a_short_span_is_drawn_by_month() -> None:
    html = chart.events_per_month([_event("2025-01-03"), _event("2025-04-02")])
    assert "Events per month" in html
    assert html.count('class="chart__bar"') == 4  # January to April, empty months included


def test_a_span_of_millennia_is_drawn_by_century_and_stays_small() -> None:
    html = chart.events_per_month([_event("0001-01-01"), _event("9998-12-31")])
    assert "Events per century" in html
    assert html.count('class="chart__bar"') == 100
    assert len(html) < 50_000  # by month it was 40 MB


def test_decades_when_years_would_be_too_many() -> None:
    html = chart.events_per_month([_event("1000-01-01"), _event("1900-06-01")])
    assert "Events per decade" in html
    assert html.count('class="chart__bar"') == 91
