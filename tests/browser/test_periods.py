"""Periods (eras) as readers see them: labelled bands on the time axis and on the chart.

On the large synthetic site, whose three periods (benchmarks/synthetic.py) leave
time before, between and after them; the seed declares none (its facts support no
era), and its pages must show no band.
"""

from __future__ import annotations

from datetime import date

import pytest

from generator.records.dates import year_text
from generator.render.periods import OPEN_END, period_dates
from tests.helpers import PALETTES, RESULTS_READY, BuiltSite, axe_violations, open_in_palette

YEAR_PAGES = ["timeline/2024/", "timeline/2024/2/", "timeline/2025/", "timeline/2025/2/"]


def period_index(site: BuiltSite, day) -> int | None:
    for index, period in enumerate(site.dataset.periods):
        if period.first_day <= day <= period.last_day(OPEN_END):
            return index
    return None


def cards(tab) -> list[dict]:
    return tab.page.evaluate(
        """() => [...document.querySelectorAll('article .tl-entry')].map(e => ({
            date: e.getAttribute('data-date'),
            band: [...e.classList].filter(c => c.startsWith('tl-band--')).join(''),
            label: e.previousElementSibling?.classList.contains('tl-period')
                ? e.previousElementSibling.textContent : null,
        }))"""
    )


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_cards_in_a_period_carry_its_band_and_its_label(open_tab, large_site, javascript) -> None:
    periods = large_site.dataset.periods
    assert len(periods) == 3 and periods[-1].end is None
    tab = open_tab(java_script_enabled=javascript)
    seen: set[int] = set()
    for path in YEAR_PAGES:
        tab.page.goto(large_site.url(path))
        previous = None
        for card in cards(tab):
            index = period_index(large_site, date.fromisoformat(card["date"]))
            assert card["band"] == ("" if index is None else f"tl-band--{index % 2}"), card
            if index is not None and index != previous:
                period = periods[index]
                assert card["label"] and period.name in card["label"], card
                assert period_dates(period) in card["label"]
                seen.add(index)
            elif card["label"] is not None:
                assert index is not None  # a label only where a period's cards begin
            previous = index
    assert seen == {0, 1, 2}
    # and a label is text a reader sees
    tab.page.goto(large_site.url("timeline/2024/"))
    label = tab.page.query_selector("article .tl-period")
    assert label.is_visible() and label.bounding_box()["height"] > 8


def test_cards_found_in_the_filter_index_carry_the_bands_too(open_tab, large_site) -> None:
    """/timeline/ of the large site lists only the latest events: a filter draws the
    matching cards from the filter index (timeline-filters.js), on axes by year, with the
    bands and labels the generator gives its own cards."""
    periods = large_site.dataset.periods
    tab = open_tab()
    tab.page.goto(large_site.url("timeline/?status=confirmed"))
    tab.page.wait_for_selector(RESULTS_READY)
    found = tab.page.evaluate(
        """() => [...document.querySelectorAll('[data-tl-results] .tl-axis')].map(axis =>
            [...axis.querySelectorAll('.tl-entry')].map(e => ({
                day: e.getAttribute('data-day'),
                band: [...e.classList].filter(c => c.startsWith('tl-band--')).join(''),
                label: e.previousElementSibling?.classList.contains('tl-period')
                    ? e.previousElementSibling.textContent : null,
            })))"""
    )
    assert sum(map(len, found)) > 20
    seen = set()
    for axis in found:
        previous = None
        for card in axis:
            day = card["day"]
            index = period_index(large_site, date(int(day[:4]), int(day[4:6]), int(day[6:])))
            assert card["band"] == ("" if index is None else f"tl-band--{index % 2}"), card
            if index is not None and index != previous:
                period = periods[index]
                assert card["label"] == f"{period.name} {period_dates(period)}", card
                seen.add(index)
            else:
                assert card["label"] is None, card  # a label only where a period's cards begin
            previous = index
    assert len(seen) >= 2  # the confirmed events of two years cross more than one period
    band = tab.page.evaluate(
        """() => getComputedStyle(document.querySelector('[data-tl-results] .tl-band'),
                                  '::after').backgroundColor"""
    )
    assert band not in ("", "rgba(0, 0, 0, 0)")  # drawn, as on the server's cards


@pytest.mark.parametrize("variant", ["wide", "narrow"])
def test_the_chart_draws_each_period_over_its_bars(open_tab, large_site, variant) -> None:
    tab = open_tab(viewport={"width": 1280 if variant == "wide" else 390, "height": 900})
    tab.page.goto(large_site.url("timeline/"))
    svg = f"svg.tl-chart__svg--{variant}"
    bands = tab.page.evaluate(
        f"""() => [...document.querySelectorAll('{svg} .tl-chart__band')].map(g => {{
            const box = g.querySelector('.tl-chart__shade').getBoundingClientRect();
            return {{title: g.querySelector('title').textContent, left: box.left,
                     right: box.right, label: g.querySelector('text')?.textContent || ''}};
        }})"""
    )
    bars = tab.page.evaluate(
        f"""() => [...document.querySelectorAll('{svg} .tl-chart__link')].map(a => {{
            const box = a.querySelector('.tl-chart__bar').getBoundingClientRect();
            const [first, last] = a.getAttribute('data-days').split(' ').map(Number);
            return {{first, last, left: box.left, right: box.right}};
        }})"""
    )
    periods = large_site.dataset.periods
    assert [b["title"] for b in bands] == [f"{p.name}: {period_dates(p)}" for p in periods]
    assert any(b["label"] for b in bands)  # at least the wide ones are written on the band
    for band, period in zip(bands, periods, strict=True):
        first = int(period.first_day.strftime("%Y%m%d"))
        last = int(period.last_day(OPEN_END).strftime("%Y%m%d"))
        for bar in bars:
            inside = bar["left"] >= band["left"] - 1 and bar["right"] <= band["right"] + 1
            if first <= bar["first"] and bar["last"] <= last:
                assert inside, (period.id, bar)  # a bin wholly in the period is under its band
            if bar["last"] < first or bar["first"] > last:
                assert not inside, (period.id, bar)  # and one wholly outside is not
    # the text alternative names the periods
    description = tab.page.text_content(f"{svg} desc")
    for period in periods:
        assert period.name in description


def test_the_seed_declares_no_period_and_shows_no_band(open_tab, seed_site) -> None:
    assert not seed_site.dataset.periods
    tab = open_tab()
    year = seed_site.dataset.events[-1].year
    tab.page.goto(seed_site.url(f"timeline/{year_text(year)}/"))
    assert not tab.page.query_selector(".tl-period, .tl-band, .tl-chart__band")


@pytest.mark.parametrize("palette", PALETTES)
def test_no_serious_axe_violations_with_periods(open_tab, large_site, palette) -> None:
    for path in ("timeline/", "timeline/2024/"):
        tab = open_in_palette(open_tab, large_site, path, palette)
        violations, report = axe_violations(tab)
        assert not violations, f"{path}: {report}"
