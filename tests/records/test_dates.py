"""EDTF dates: what they mean, how they read, and where they sort."""

from __future__ import annotations

from datetime import date

import pytest

from generator.records import model
from generator.records.dates import DateError, Precision, parse_date, parse_day, parse_time


@pytest.mark.parametrize(
    ("written", "shown"),
    [
        ("2025", "2025"),
        ("2025-01", "January 2025"),
        ("2025-05-03", "3 May 2025"),
        ("2025-01~", "c. January 2025"),
        ("2024-03~", "c. March 2024"),
        ("2025-04-16?", "16 April 2025 (?)"),
        ("2025-04%", "c. April 2025 (?)"),
        ("2025-01-20/2025-03-01", "20 January – 1 March 2025"),
        ("2023-12-06/2023-12-08", "6–8 December 2023"),
        ("2025-01/2025-03", "January – March 2025"),
        ("2024/2025", "2024 – 2025"),
        ("2024-12-30/2025-01-02", "30 December 2024 – 2 January 2025"),
        ("2025-01-20/..", "since 20 January 2025 (ongoing)"),
        ("2024-08-01/..", "since 1 August 2024 (ongoing)"),
        ("2025-01~/2025-03", "c. January 2025 – March 2025"),
    ],
)
def test_display(written: str, shown: str) -> None:
    assert parse_date(written).display() == shown


@pytest.mark.parametrize(
    "written", ["2025", "2025-01~", "2025-04-16?", "2025-01-20/2025-03-01", "2025-01-20/.."]
)
def test_edtf_round_trip(written: str) -> None:
    assert parse_date(written).edtf() == written


def test_earliest_and_latest_days() -> None:
    assert parse_date("2024-02").earliest == date(2024, 2, 1)
    assert parse_date("2024-02").latest == date(2024, 2, 29)
    assert parse_date("2025").latest == date(2025, 12, 31)
    assert parse_date("2025-01-20/..").latest is None
    assert parse_date("2025-01-20/2025-03").latest == date(2025, 3, 31)
    assert parse_date("2025-05").precision is Precision.MONTH


@pytest.mark.parametrize(
    ("written", "says"),
    [
        ("2025-02-30", "February 2025 has 28 days"),
        ("2025-13", "there is no month 13"),
        ("0000", "year 0000 does not exist"),
        ("2025-5-3", "is not a date"),
        ("May 2025", "is not a date"),
        ("2025-05-03/2025-04-30", "ends (2025-04-30) before it starts"),
        ("2025-05-03/2025-05-03", "starts and ends on the same date"),
        ("2025-05-03/", "write the end after the '/'"),
        ("../2025-05-03", "needs a known start"),
        ("2025/2026/2027", "one '/'"),
    ],
)
def test_invalid_dates_say_why(written: str, says: str) -> None:
    with pytest.raises(DateError) as raised:
        parse_date(written)
    assert says in str(raised.value)


def test_days_and_times() -> None:
    assert parse_day("2025-05-03") == date(2025, 5, 3)
    assert parse_time("09:05") == "09:05"
    for bad_day in ("2025-05", "2025-05-03~"):
        with pytest.raises(DateError):
            parse_day(bad_day)
    for bad_time in ("25:00", "9:05", "10:60", "10:30:00"):
        with pytest.raises(DateError):
            parse_time(bad_time)


def _event(event_id: str, written: str, time: str | None = None) -> model.Event:
    return model.Event(
        id=event_id,
        path=f"events/{event_id}.yaml",
        title=event_id,
        date=parse_date(written),
        summary="",
        sources=(),
        time=time,
    )


def test_dataset_order() -> None:
    """Earliest day first; on the same day coarser precision first, then time, then id."""
    expected = [
        _event("december", "2024-12-31"),
        _event("year", "2025"),
        _event("year-approximate", "2025~"),
        _event("january", "2025-01"),
        _event("a-first-day", "2025-01-01"),
        _event("first-day-span", "2025-01-01/2025-01-05"),
        _event("first-day-morning-a", "2025-01-01", "09:00"),
        _event("first-day-morning-b", "2025-01-01", "09:00"),
        _event("first-day-evening", "2025-01-01", "21:30"),
        _event("second-day", "2025-01-02"),
        _event("february-ongoing", "2025-02/.."),
    ]
    shuffled = expected[::-1][1::2] + expected[::-1][::2]
    ordered = [e.id for e in model.Dataset(shuffled, []).events]
    assert ordered == [e.id for e in expected]
