"""From a project folder to a checked dataset: load every record, then check across them."""

from __future__ import annotations

from pathlib import Path

from generator.diagnostics import Diagnostic
from generator.records.cache import RecordCache
from generator.records.checks import check_project
from generator.records.load import ENTITIES_DIR, EVENTS_DIR, load_records
from generator.records.model import Dataset


def is_project(root: Path) -> bool:
    return (root / EVENTS_DIR).is_dir() or (root / ENTITIES_DIR).is_dir()


def load_project(root: Path, cache: RecordCache | None = None) -> tuple[Dataset, list[Diagnostic]]:
    """Every valid record as a Dataset, and every problem found, in file order."""
    loaded = load_records(root, cache)
    diagnostics = loaded.diagnostics + check_project(loaded)
    diagnostics.sort(key=lambda d: (d.path, d.line, d.col, d.code))
    return Dataset(loaded.events, loaded.entities, loaded.topics, loaded.periods), diagnostics
