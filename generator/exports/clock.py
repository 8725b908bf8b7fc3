"""The build time that exports stamp on their output.

Reproducible builds set SOURCE_DATE_EPOCH (https://reproducible-builds.org/specs/source-date-epoch/)
so that two builds of the same records give the same bytes; without it the
build time is now.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from datetime import UTC, date, datetime, time

from generator.diagnostics import UserError


def build_time(environ: Mapping[str, str] | None = None) -> datetime:
    """SOURCE_DATE_EPOCH as a UTC datetime if it is set, else the current time (UTC)."""
    value = (os.environ if environ is None else environ).get("SOURCE_DATE_EPOCH", "").strip()
    if not value:
        return datetime.now(UTC).replace(microsecond=0)
    if not value.isdigit():
        raise UserError(
            f"SOURCE_DATE_EPOCH is '{value}'; it must be a whole number of seconds "
            "since 1970-01-01 00:00 UTC, or unset"
        )
    try:
        return datetime.fromtimestamp(int(value), UTC)
    except (OverflowError, OSError, ValueError):
        raise UserError(f"SOURCE_DATE_EPOCH is '{value}', which is out of range") from None


def utc_timestamp(moment: datetime) -> str:
    """RFC 3339 in UTC with a Z, as Atom and JSON readers expect: 2025-05-03T12:00:00Z."""
    # isoformat() writes the year in four digits; strftime("%Y") writes 999, not 0999
    return moment.astimezone(UTC).replace(tzinfo=None, microsecond=0).isoformat() + "Z"


def day_start(day: date) -> datetime:
    """Midnight UTC of a calendar day, for formats that want a moment rather than a day."""
    return datetime.combine(day, time(0, 0), UTC)
