"""`timeline schema` describes exactly the records the loader accepts."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from generator.records import schema
from generator.records.yamltree import read_mapping, to_plain
from tests.helpers import REPO, run_timeline

SEED_EVENTS = sorted((REPO / "events").rglob("*.yaml"))
SEED_ENTITIES = sorted((REPO / "entities").glob("*.yaml"))
SEED_TOPICS = sorted((REPO / "entities" / "topics").glob("*.yaml"))


def _schema(*args: str) -> dict:
    result = run_timeline("schema", *args)
    assert result.returncode == 0, result.stderr
    schema = json.loads(result.stdout)
    jsonschema.Draft202012Validator.check_schema(schema)
    return schema


def _plain(file: Path) -> object:
    """A record as the JSON Schema sees it: read by the project's own loader, all text."""
    mapping, diagnostics = read_mapping(file, file.name)
    assert mapping is not None, diagnostics
    return to_plain(mapping)


def test_seed_records_exist() -> None:
    assert SEED_EVENTS
    assert SEED_ENTITIES
    assert SEED_TOPICS


@pytest.mark.parametrize(
    ("args", "records"),
    [
        ((), SEED_EVENTS + SEED_ENTITIES + SEED_TOPICS),
        (("--record", "event"), SEED_EVENTS),
        (("--record", "entity"), SEED_ENTITIES),
        (("--record", "topic"), SEED_TOPICS),
    ],
    ids=["all", "event", "entity", "topic"],
)
def test_seed_records_validate(args: tuple[str, ...], records: list[Path]) -> None:
    validator = jsonschema.Draft202012Validator(_schema(*args))
    for file in records:
        errors = [e.message for e in validator.iter_errors(_plain(file))]
        assert errors == [], f"{file.relative_to(REPO)}: {errors}"


def test_each_record_schema_rejects_the_other_kind() -> None:
    event_validator = jsonschema.Draft202012Validator(_schema("--record", "event"))
    entity_validator = jsonschema.Draft202012Validator(_schema("--record", "entity"))
    assert not event_validator.is_valid(_plain(SEED_ENTITIES[0]))
    assert not entity_validator.is_valid(_plain(SEED_EVENTS[0]))


def test_schema_rejects_unknown_keys_and_bad_values() -> None:
    validator = jsonschema.Draft202012Validator(_schema("--record", "event"))
    record = _plain(SEED_EVENTS[0])
    assert validator.is_valid(record)
    for change in (
        {"sumary": "typo"},
        {"status": "on"},
        {"date": "May 2025"},
        {"sources": []},
        {"sources": [{"url": "javascript:alert(1)", "publisher": "X"}]},
        {"actors": ["Claudia Sheinbaum"]},
        {"tags": ["index"]},  # the name of the page that lists every tag
        {"tags": [f"t-{n}" for n in range(21)]},  # at most 20
    ):
        assert not validator.is_valid({**record, **change}), change


@pytest.mark.parametrize("record", ["event", "entity", "topic", "period"])
def test_committed_schema_files_are_up_to_date(record: str) -> None:
    committed = REPO / "schema" / f"{record}.schema.json"
    result = run_timeline("schema", "--record", record)
    assert committed.read_text() == result.stdout, (
        f"{committed.relative_to(REPO)} is out of date; regenerate it with: "
        f"python -m generator schema --record {record} > schema/{record}.schema.json"
    )


def test_the_reference_gives_every_list_limit() -> None:
    guide = (REPO / "docs" / "REFERENCE.md").read_text()
    for record in (schema.EVENT, schema.ENTITY):
        for field in record.fields.values():
            if isinstance(field.type, schema.ListOf):
                assert f"{field.type.max_items} `{field.name}`" in guide, field.name
