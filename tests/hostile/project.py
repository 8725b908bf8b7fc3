"""Small projects of hostile records beside the repository's real site sources."""

from __future__ import annotations

import os
from pathlib import Path

import yaml

from tests.hostile.cases import NEUTRALISED, entity_record, event_id, event_record
from tests.site.test_build_e2e import copy_project

BASE = Path(__file__).parent / "base"


def new_project(dest: Path) -> Path:
    """The base records (two plain events, two entities), mkdocs.yml and site_src/."""
    dest.mkdir(parents=True, exist_ok=True)
    return copy_project(dest, records_from=BASE)


def dump_record(record: dict) -> str:
    """A record as YAML that the strict loader reads back exactly (every scalar is text)."""
    return yaml.safe_dump(record, allow_unicode=True, sort_keys=False, width=10**6)


def write_file(root: Path, relative: str, content: bytes | str) -> Path:
    path = root / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, str):
        content = content.encode("utf-8")
    path.write_bytes(content)
    return path


def symlink(root: Path, relative: str, target: str) -> Path:
    path = root / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    os.symlink(target, path)
    return path


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
