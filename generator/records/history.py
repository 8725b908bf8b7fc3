"""When each record was added to the repository and last changed: typed, without the disk.

The dates come from the repository's history (generator.site.history reads it
in one `git log` pass at build time); the records' own `updates` say what a
change was (an update or a correction). A build without the history (a
shallow clone, a copy outside git) has `known` False and no dates: the pages
then show only what the records say.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from types import MappingProxyType


@dataclass(frozen=True, slots=True)
class RecordDates:
    """When a record's file first reached the history, and when it last changed there (UTC)."""

    added: datetime
    changed: datetime


@dataclass(frozen=True)
class History:
    """The dates of every committed record, by its path (`events/2025/x.yaml`)."""

    known: bool
    records: Mapping[str, RecordDates] = field(default_factory=lambda: MappingProxyType({}))
    note: str | None = None  # why the history is not known, in one line

    def of(self, path: str) -> RecordDates | None:
        return self.records.get(path)

    @classmethod
    def unknown(cls, note: str | None = None) -> History:
        return cls(False, MappingProxyType({}), note)


NO_HISTORY = History.unknown()
