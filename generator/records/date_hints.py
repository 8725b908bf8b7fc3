"""What a date written the way people write it probably means, as a hint.

The record format stays strict (`generator.records.dates`): `May 13, 2025`
is refused. But the message can say what to write instead, and
`timeline new --date` can take the date as typed. python-dateutil reads the
words; a date whose day and month could be swapped (`05/06/2025`) gives both
readings and is never decided for the writer.
"""

from __future__ import annotations

import re
from datetime import datetime

from dateutil import parser as dateutil_parser

from generator.records import dates

_NUMERIC = re.compile(r"^\s*(\d{1,2})\s*([/.\-])\s*(\d{1,2})\s*\2\s*(\d{4})\s*$")
_ISO_UNPADDED = re.compile(r"^\s*(\d{4})\s*[-/.]\s*(\d{1,2})(?:\s*[-/.]\s*(\d{1,2}))?\s*$")
# two defaults that differ in every part: a part the text did not give differs between them
_DEFAULTS = (datetime(2001, 1, 1), datetime(2002, 2, 2))


def readings(text: str) -> list[str]:
    """The EDTF dates (YYYY-MM-DD or YYYY-MM) that `text` may mean: none when it does
    not read as a date with a year, two when day and month could be swapped."""
    found: list[str] = []
    numeric = _NUMERIC.match(text)
    iso = _ISO_UNPADDED.match(text)
    if numeric:
        first, second, year = int(numeric[1]), int(numeric[3]), int(numeric[4])
        found = [_day(year, first, second), _day(year, second, first)]  # month first, day first
    elif iso:
        year, month = int(iso[1]), int(iso[2])
        found = [_day(year, month, int(iso[3])) if iso[3] else _month(year, month)]
    else:
        found = [_words(text)]
    unique: list[str] = []
    for reading in found:
        if reading and reading not in unique:
            unique.append(reading)
    return unique


def message(text: str) -> str | None:
    """What to write instead of a date written the way people write it, or None."""
    options = [option for option in readings(text) if option != text.strip()]
    written = f"'{text.strip()}' is not written the way a record writes dates (YYYY-MM-DD)"
    if len(options) == 1:
        return f"{written}; did you mean {options[0]}?"
    if len(options) == 2:
        return (
            f"{written}; it reads as {options[0]} (month first) or {options[1]} "
            "(day first): write the one you mean"
        )
    return None


def _day(year: int, month: int, day: int) -> str:
    return _checked(f"{year:04d}-{month:02d}-{day:02d}")


def _month(year: int, month: int) -> str:
    return _checked(f"{year:04d}-{month:02d}")


def _checked(edtf: str) -> str:
    try:
        dates.parse_point(edtf)
    except dates.DateError:
        return ""
    return edtf


def _words(text: str) -> str:
    """A date in words ('May 13, 2025', '3 May 2025', 'May 2025') as EDTF, or ''."""
    if not re.search(r"\d{4}", text) or not re.search(r"[A-Za-z]", text):
        return ""
    try:
        first, second = (dateutil_parser.parse(text, default=d) for d in _DEFAULTS)
    except (ValueError, OverflowError):
        return ""
    if first.year != second.year or first.month != second.month:
        return ""
    if first.day != second.day:
        return _month(first.year, first.month)
    return _day(first.year, first.month, first.day)
