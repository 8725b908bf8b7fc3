"""Event dates: a subset of the Library of Congress EDTF, levels 0 and 1.

`2025`, `2025-01`, `2025-05-03`, each optionally qualified with `~`
(approximate), `?` (uncertain) or `%` (both), and spans `A/B` or open spans
`A/..`. A date knows the earliest and latest day it can mean, its precision
and how to say itself to a reader; `model.Event.sort_key` orders events by them.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date
from enum import IntEnum

MONTHS = tuple(calendar.month_name)  # locale-independent English names: index 1..12

# Years a date may have. Every export writes years in four digits (EDTF, ISO 8601,
# RFC 3339 in the feeds, RFC 5545 in the calendar); year 0000 has no day in Python's
# calendar, and the calendar ends an event on the day after its last day, which for
# a date in 9999 could fall in year 10000. Everything in between is written the same
# way, zero-padded: 0999-05-03.
FIRST_YEAR = 1
LAST_YEAR = 9998


def year_text(year: int) -> str:
    """A year as every page and file writes it, in four digits: '0999', never '999'.

    A reader would take 'January 5' for a day and 'May 99' for 1999; records,
    their year folders (events/0999/) and every export write four digits too.
    """
    return f"{year:04d}"


_POINT = re.compile(r"(?P<year>\d{4})(?:-(?P<month>\d{2})(?:-(?P<day>\d{2}))?)?(?P<q>[~?%])?")
_TIME = re.compile(r"(?P<hour>[01]\d|2[0-3]):(?P<minute>[0-5]\d)")

# The JSON Schema patterns come from the same grammar as the parser: a year from
# 0001 to 9998, without the lookaheads that not every editor's regex engine has.
YEAR_PATTERN = r"(000[1-9]|00[1-9]\d|0[1-9]\d{2}|[1-8]\d{3}|9[0-8]\d{2}|99[0-8]\d|999[0-8])"
POINT_PATTERN = rf"{YEAR_PATTERN}(-\d{{2}}(-\d{{2}})?)?[~?%]?"
DATE_PATTERN = rf"^{POINT_PATTERN}(/({POINT_PATTERN}|\.\.))?$"
DAY_PATTERN = rf"^{YEAR_PATTERN}-\d{{2}}-\d{{2}}$"
BOUND_PATTERN = rf"^{YEAR_PATTERN}(-\d{{2}}(-\d{{2}})?)?$"
TIME_PATTERN = r"^([01]\d|2[0-3]):[0-5]\d$"


class DateError(ValueError):
    """The text is not a date this format accepts; the message says why."""


class Precision(IntEnum):
    """Coarser precisions sort first among events starting on the same day."""

    YEAR = 0
    MONTH = 1
    DAY = 2


@dataclass(frozen=True, slots=True)
class DatePoint:
    year: int
    month: int | None
    day: int | None
    approximate: bool = False
    uncertain: bool = False

    @property
    def precision(self) -> Precision:
        if self.day is not None:
            return Precision.DAY
        if self.month is not None:
            return Precision.MONTH
        return Precision.YEAR

    @property
    def earliest(self) -> date:
        return date(self.year, self.month or 1, self.day or 1)

    @property
    def latest(self) -> date:
        if self.day is not None:
            return date(self.year, self.month, self.day)
        month = self.month or 12
        return date(self.year, month, calendar.monthrange(self.year, month)[1])

    def words(self, with_year: bool = True, with_month: bool = True) -> str:
        """The point as a reader says it, without its qualifiers: '3 May 2025'."""
        parts = []
        if self.day is not None:
            parts.append(str(self.day))
        if self.month is not None and with_month:
            parts.append(MONTHS[self.month])
        if with_year:
            parts.append(year_text(self.year))
        return " ".join(parts)

    @property
    def qualifier(self) -> str:
        return {(True, True): "%", (True, False): "~", (False, True): "?"}.get(
            (self.approximate, self.uncertain), ""
        )

    def edtf(self) -> str:
        text = year_text(self.year)
        if self.month is not None:
            text += f"-{self.month:02d}"
        if self.day is not None:
            text += f"-{self.day:02d}"
        return text + self.qualifier


def _qualify(text: str, point: DatePoint) -> str:
    if point.approximate:
        text = f"c. {text}"
    if point.uncertain:
        text = f"{text} (?)"
    return text


def parse_point(text: str) -> DatePoint:
    match = _POINT.fullmatch(text)
    if not match:
        raise DateError(
            f"'{text}' is not a date; write YYYY, YYYY-MM or YYYY-MM-DD, optionally "
            "followed by ~ (approximate), ? (uncertain) or % (both)"
        )
    year = int(match["year"])
    month = int(match["month"]) if match["month"] else None
    day = int(match["day"]) if match["day"] else None
    if year < FIRST_YEAR:
        raise DateError(f"'{text}': year 0000 does not exist; years run from 0001 to {LAST_YEAR}")
    if year > LAST_YEAR:
        raise DateError(
            f"'{text}': years run from 0001 to {LAST_YEAR} (a calendar entry ends on the "
            "day after the event, and that day must have a year of four digits too)"
        )
    if month is not None and not 1 <= month <= 12:
        raise DateError(f"'{text}': there is no month {month:02d}; months run from 01 to 12")
    if day is not None:
        last = calendar.monthrange(year, month)[1]
        if not 1 <= day <= last:
            raise DateError(
                f"'{text}': {MONTHS[month]} {year} has {last} days, so day {day:02d} does not exist"
            )
    qualifier = match["q"] or ""
    return DatePoint(
        year,
        month,
        day,
        qualifier in "~%" and bool(qualifier),
        qualifier in "?%" and bool(qualifier),
    )


@dataclass(frozen=True, slots=True)
class EventDate:
    """A point, a span (`end` set) or an open span (`ongoing`)."""

    start: DatePoint
    end: DatePoint | None = None
    ongoing: bool = False

    @property
    def precision(self) -> Precision:
        return self.start.precision

    @property
    def earliest(self) -> date:
        return self.start.earliest

    @property
    def latest(self) -> date | None:
        """The last day the date can mean; None while a span is ongoing."""
        if self.ongoing:
            return None
        return (self.end or self.start).latest

    @property
    def id_prefix(self) -> str:
        """How an event's id begins: its first date as written, without qualifiers."""
        return self.start.edtf().rstrip("~?%")

    def edtf(self) -> str:
        if self.ongoing:
            return f"{self.start.edtf()}/.."
        if self.end is not None:
            return f"{self.start.edtf()}/{self.end.edtf()}"
        return self.start.edtf()

    def display(self) -> str:
        """The date as a reader says it: 'c. January 2025', '6–8 December 2023'."""
        if self.ongoing:
            return f"since {_qualify(self.start.words(), self.start)} (ongoing)"
        if self.end is None:
            return _qualify(self.start.words(), self.start)
        start, end = self.start, self.end
        plain = not (start.qualifier or end.qualifier)
        same_year = plain and start.year == end.year and start.precision == end.precision
        same_month = same_year and start.month == end.month and start.day is not None
        if same_month:
            first = str(start.day)
            separator = "–"
        elif same_year and start.precision is not Precision.YEAR:
            first = start.words(with_year=False)
            separator = " – "
        else:
            first = _qualify(start.words(), start)
            separator = " – "
        return f"{first}{separator}{_qualify(end.words(), end)}"


def parse_date(text: str) -> EventDate:
    """Read a date as written in a record; raise DateError saying what is wrong."""
    text = text.strip()
    if "/" not in text:
        return EventDate(parse_point(text))
    first, _, second = text.partition("/")
    if "/" in second:
        raise DateError(f"'{text}': a span has one '/' between its start and its end")
    if first in ("", ".."):
        raise DateError(f"'{text}': a span needs a known start date before the '/'")
    start = parse_point(first)
    if second == "..":
        return EventDate(start, ongoing=True)
    if second == "":
        raise DateError(f"'{text}': write the end after the '/', or '..' for an ongoing span")
    end = parse_point(second)
    if end.latest < start.earliest:
        raise DateError(
            f"'{text}': the span ends ({second}) before it starts ({first}); "
            "write the earlier date first"
        )
    if end.earliest == start.earliest and end.latest == start.latest:
        raise DateError(f"'{text}': the span starts and ends on the same date; write it once")
    return EventDate(start, end)


def parse_day(text: str) -> date:
    """A plain calendar day (YYYY-MM-DD), as used for publication and update dates."""
    point = parse_point(text.strip())
    if point.precision is not Precision.DAY or point.qualifier:
        raise DateError(f"'{text}' must be a single day written YYYY-MM-DD")
    return point.earliest


def parse_bound(text: str) -> DatePoint:
    """Where a period starts or ends: YYYY, YYYY-MM or YYYY-MM-DD, without qualifiers."""
    point = parse_point(text.strip())
    if point.qualifier:
        raise DateError(
            f"'{text}': a period starts and ends on a known date; write YYYY, YYYY-MM or "
            "YYYY-MM-DD without ~ ? or %"
        )
    return point


def parse_time(text: str) -> str:
    if not _TIME.fullmatch(text.strip()):
        raise DateError(f"'{text}' is not a time; write 24-hour HH:MM, for example \"14:30\"")
    return text.strip()
