"""Small projects of hostile records beside the repository's real site sources."""

from __future__ import annotations

from pathlib import Path

import yaml

from tests.helpers import new_project, write_file
from tests.hostile.cases import NEUTRALISED, entity_record, event_id, event_record


def dump_record(record: dict) -> str:
    """A record as YAML that the strict loader reads back exactly (every scalar is text)."""
    return yaml.safe_dump(record, allow_unicode=True, sort_keys=False, width=10**6)


def write_neutralised_project(dest: Path) -> Path:
    """Every neutralised case as one event (and one entity for the entity fields)."""
    root = new_project(dest)
    for index, case in enumerate(NEUTRALISED):
        write_file(
            root,
            f"events/2025/{event_id(index, case)}.yaml",
            dump_record(event_record(index, case)),
        )
        entity = entity_record(case)
        if entity is not None:
            write_file(root, f"entities/{case.entity_id}.yaml", dump_record(entity))
    return root
