"""The chart: bins readable at every span and width, bars that link, the numbers as a table."""

from __future__ import annotations

import re

from markupsafe import Markup

from generator.records.dates import parse_date
from generator.records.model import Event, Source
from generator.render import chart
from generator.render.environment import render


def _event(day: str, name: str = "x") -> Event:
    source = (Source(url="https://example.com/", publisher="Example"),)
    return Event(
        id=f"{day.replace('~', '')}-{name}",
        path="events/x.yaml",
        title="x",
        date=parse_date(day),
        summary="x",
        sources=source,
    )


def _target(event: Event) -> Markup:
    return Markup(f"#event-{event.id}")


def _html(events: list[Event]) -> str:
    drawn = chart.events_chart(events, _target)
    assert drawn is not None
    return render("_chart.md.j2", chart=drawn)


def test_a_few_weeks_are_drawn_by_week_and_every_bar_with_events_links_to_its_first() -> None:
    events = [_event("2025-01-03"), _event("2025-01-04", "y"), _event("2025-04-02")]
    drawn = chart.events_chart(events, _target)
    wide, narrow = drawn.drawings
    assert wide.unit == "week"
    assert len(wide.bars) == 14  # the weeks of 30 December 2024 to 31 March 2025
    linked = [bar for bar in wide.bars if bar.href]
    assert [bar.href for bar in linked] == ["#event-2025-01-03-x", "#event-2025-04-02-x"]
    assert [bar.count for bar in linked] == [2, 1]
    assert narrow.unit == "week" and len(narrow.bars) == 14
    assert drawn.rows == [("Week of 30 December 2024", 2), ("Week of 31 March 2025", 1)]


def test_months_when_some_dates_are_known_only_to_the_month() -> None:
    events = [_event("2025-01"), _event("2025-03-02"), _event("2025-08-09")]
    drawn = chart.events_chart(events, _target)
    assert {d.unit for d in drawn.drawings} == {"month"}
    assert len(drawn.drawings[0].bars) == 8


def test_bars_stay_within_their_limits_from_one_month_to_centuries() -> None:
    for last in ("2025-01-20", "2026-06-01", "2040-01-01", "2300-01-01", "9998-12-31"):
        drawn = chart.events_chart(
            [_event("0001-01-01" if last == "9998-12-31" else "2025-01-02"), _event(last, "y")],
            _target,
        )
        wide, narrow = drawn.drawings
        assert 1 <= len(wide.bars) <= chart.WIDE_BARS, last
        assert 1 <= len(narrow.bars) <= chart.NARROW_BARS, last


def test_a_year_is_drawn_by_week_wide_and_by_month_on_a_phone() -> None:
    drawn = chart.events_chart([_event("2025-01-02"), _event("2025-12-30", "y")], _target)
    assert [(d.unit, len(d.bars)) for d in drawn.drawings] == [("month", 12), ("month", 12)]
    drawn = chart.events_chart([_event("2025-01-02"), _event("2025-09-30", "y")], _target)
    assert [(d.unit, len(d.bars)) for d in drawn.drawings] == [("week", 40), ("month", 9)]


def test_a_span_of_millennia_is_drawn_by_millennium_and_stays_small() -> None:
    html = _html([_event("0001-01-01"), _event("9998-12-31")])
    assert "by millennium" in html
    assert len(html) < 50_000


def test_the_drawing_links_each_bar_and_writes_each_year_once() -> None:
    events = [_event("2023-11-02"), _event("2024-02-10"), _event("2024-06-01"), _event("2025-01")]
    html = _html(events)
    wide = html.split("tl-chart__svg--narrow")[0]
    assert re.findall(r'<a class="tl-chart__link" href="([^"]+)"', wide) == [
        "#event-2023-11-02-x",
        "#event-2024-02-10-x",
        "#event-2024-06-01-x",
        "#event-2025-01-x",
    ]
    assert re.findall(r'class="tl-chart__year"[^>]*>(\d+)<', wide) == ["2023", "2024", "2025"]
    assert "<table" in html and "<td>November 2023</td><td>1</td>" in html


def test_no_events_no_chart() -> None:
    assert chart.events_chart([], _target) is None


def test_an_entity_page_draws_one_chart_whose_bars_have_one_name_each() -> None:
    events = [_event("2016-03-02"), _event("2019-05-01", "y"), _event("2025-07-09", "z")]
    both = chart.events_chart(events, _target)
    one = chart.events_chart(events, _target, variants=chart.COMPACT)
    # the phone's bins, once: the description and the table follow the one drawing
    assert [d.variant for d in one.drawings] == ["compact"]
    assert [(d.unit, len(d.bars)) for d in one.drawings] == [
        (d.unit, len(d.bars)) for d in both.drawings if d.variant == "narrow"
    ]
    assert one.rows == [("2016", 1), ("2019", 1), ("2025", 1)]
    html = render("_chart.md.j2", chart=one)
    assert html.count("<svg") == 1 and "tl-chart__svg--compact" in html
    assert "tl-chart__unit--compact" in html and "tl-chart__unit--wide" not in html
    links = re.findall(r"<a class=\"tl-chart__link\"([^>]*)><title>([^<]+)</title>", html)
    assert [title for _, title in links] == ["2016: 1 event", "2019: 1 event", "2025: 1 event"]
    # the <title> names the bar (and is its tooltip): no second name beside it
    assert not any("aria-label" in attributes for attributes, _ in links)
    assert "aria-label=" not in html
