"""Checks of the records that describe the timeline itself: topics and periods.

A topic record (entities/topics/<tag>.yaml) names a tag that events use; one
that no event uses gets a warning, not an error: a maintainer may describe a
topic before its first event is merged, and nothing wrong reaches a reader
(the record is simply not shown), while `--strict` in CI still refuses it. The
warning suggests the closest tag in use, which catches a file name that does
not match the tag it meant to describe.

Periods (entities/periods/<id>.yaml) are bands on one row of the time axis, so
they may not overlap: two bands over the same months would hide each other's
labels, and a reader could not tell which era a card belongs to. A period ends
after it starts.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable

from generator.diagnostics import Diagnostic, error, warning
from generator.records import model
from generator.records.suggest import Suggester, did_you_mean


def _at(record: model.Topic | model.Period, *where: str) -> tuple[int, int]:
    return record.locations.get(tuple(where), (1, 1))


def check_topics(topics: Iterable[model.Topic], tags: set[str]) -> list[Diagnostic]:
    """A warning for each topic record whose tag no event carries."""
    found = []
    suggester = Suggester(tags)
    for topic in topics:
        if topic.id in tags:
            continue
        close = suggester.closest(topic.id)
        found.append(
            warning(
                topic.path,
                *_at(topic, "name"),
                "unused-topic",
                f"no event has the tag '{topic.id}', so this topic is not shown; "
                f"{did_you_mean(close)}the file name is the tag it describes: rename the file "
                "to the tag, or delete it",
            )
        )
    return found


def _dates(period: model.Period) -> str:
    end = period.end.edtf() if period.end else "ongoing"
    return f"{period.start.edtf()} to {end}"


def check_periods(periods: Iterable[model.Period]) -> list[Diagnostic]:
    """An error for a period that ends before it starts, and for each overlap."""
    found = []
    ordered = []
    for period in periods:
        if period.end is not None and period.end.latest < period.first_day:
            found.append(
                error(
                    period.path,
                    *_at(period, "end"),
                    "period-order",
                    f"the period ends ({period.end.edtf()}) before it starts "
                    f"({period.start.edtf()}); swap the two dates",
                )
            )
        else:
            ordered.append(period)
    ordered.sort(key=lambda p: (p.first_day, p.id))
    for earlier, later in itertools.pairwise(ordered):
        if earlier.end is None or earlier.end.latest >= later.first_day:
            found.append(
                error(
                    later.path,
                    *_at(later, "start"),
                    "period-overlap",
                    f"this period ({_dates(later)}) overlaps '{earlier.id}' "
                    f"({_dates(earlier)}, {earlier.path}); periods are bands on one row of the "
                    "time axis, so one must end before the next starts",
                )
            )
    return found
