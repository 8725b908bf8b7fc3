"""The models agree with the declarations of the record format, and the Dataset's indexes.

`generator/records/model.py` spells out each record's fields as typed, frozen
dataclasses; `generator/records/schema.py` declares the same fields with the
rules that check them. These tests hold the two together: the same names, a
default exactly where a field is optional, and the default that a missing
value means.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from generator.records import model, schema
from generator.records.project import load_project
from tests.helpers import event, write_project


def _declared_records() -> list[schema.Record]:
    """Every Record of the format, the nested ones (source, quote, ...) included."""
    found: list[schema.Record] = []
    pending: list[schema.Type] = list(schema.RECORDS.values())
    while pending:
        declared = pending.pop(0)
        if isinstance(declared, schema.ListOf):
            pending.append(declared.item)
        elif isinstance(declared, schema.Record) and declared not in found:
            found.append(declared)
            pending += [f.type for f in declared.fields.values()]
    return found


RECORDS = _declared_records()
TOP_LEVEL = tuple(schema.RECORDS.values())


def test_every_record_of_the_format_is_found() -> None:
    assert [r.name for r in RECORDS] == [
        "event",
        "entity",
        "topic",
        "period",
        "source",
        "quote",
        "relation",
        "update",
    ]
    assert [r.model for r in RECORDS] == [
        model.Event,
        model.Entity,
        model.Topic,
        model.Period,
        model.Source,
        model.Quote,
        model.Relation,
        model.Update,
    ]


@pytest.mark.parametrize("record", RECORDS, ids=lambda r: r.name)
def test_the_model_has_the_declared_fields_and_no_other(record: schema.Record) -> None:
    names = [f.name for f in dataclasses.fields(record.model)]
    loader = set(model.LOADER_FIELDS) if record in TOP_LEVEL else set()
    assert loader <= set(names), "the loader fills id, path and locations from the file"
    assert sorted(set(names) - loader) == sorted(record.fields)


@pytest.mark.parametrize("record", RECORDS, ids=lambda r: r.name)
def test_a_field_has_a_default_exactly_when_it_is_optional(record: schema.Record) -> None:
    for f in dataclasses.fields(record.model):
        if f.name in model.LOADER_FIELDS:
            continue
        has_default = (
            f.default is not dataclasses.MISSING or f.default_factory is not dataclasses.MISSING
        )
        assert has_default is not record.fields[f.name].required, f.name


@pytest.mark.parametrize("record", RECORDS, ids=lambda r: r.name)
def test_the_default_is_what_a_missing_value_means(record: schema.Record) -> None:
    """A missing list is empty, a missing choice one of the choices, anything else None;
    and the annotation says so."""
    for f in dataclasses.fields(record.model):
        declared = record.fields.get(f.name)
        if declared is None:
            continue
        annotation = str(f.type)
        if isinstance(declared.type, schema.ListOf):
            assert annotation.startswith("tuple["), f.name
        if declared.required:
            assert not annotation.endswith("| None"), f.name
        elif isinstance(declared.type, schema.ListOf):
            assert f.default == (), f.name
        elif isinstance(declared.type, schema.Choice):
            assert f.default in declared.type.values, f.name
        else:
            assert f.default is None and annotation.endswith("| None"), f.name


def test_every_declared_field_reaches_the_model(tmp_path: Path) -> None:
    """A record that gives every field: each one arrives in the model, none left at its
    default."""
    text = event(
        time='"14:30"',
        status="confirmed",
        body="Longer text.",
        places="[mexico]",
        tags="[sovereignty]",
        sources=(
            "\n  - id: wire\n    url: https://example.org/a\n    publisher: Wire\n"
            "    title: T\n    published: 2025-05-03\n    archive_url: https://archive.org/a"
        ),
        quotes=(
            "\n  - text: We will not.\n    speaker: ana-perez\n    source: wire\n"
            "    original: No lo haremos.\n    lang: es"
        ),
        related="\n  - event: 2025-05-01-earlier\n    type: responds-to",
        updates="\n  - date: 2025-05-04\n    kind: correction\n    note: Fixed.",
        aliases="[2025-05-03-the-speech]",
    )
    entity = "name: Ana Pérez\nkind: person\nsummary: A person.\naliases: [Ana]\nwikidata: Q1\n"
    root = write_project(
        tmp_path,
        {
            "events/2025/2025-05-03-speech.yaml": text,
            "events/2025/2025-05-01-earlier.yaml": event(date="2025-05-01"),
            "entities/ana-perez.yaml": entity,
        },
    )
    dataset, diagnostics = load_project(root)
    assert diagnostics == []
    speech = dataset.event_by_id["2025-05-03-speech"]
    values = [
        (speech, schema.EVENT),
        (speech.sources[0], schema.SOURCE),
        (speech.quotes[0], schema.QUOTE),
        (speech.related[0], schema.RELATION),
        (speech.updates[0], schema.UPDATE),
        (dataset.entities["ana-perez"], schema.ENTITY),
    ]
    for value, record in values:
        defaults = {f.name: f.default for f in dataclasses.fields(record.model)}
        for name in record.fields:
            if name == "status":
                assert speech.status == "confirmed"
                continue
            assert getattr(value, name) != defaults[name], f"{record.name}.{name}"


# --- the Dataset ---


@pytest.fixture
def dataset(tmp_path: Path) -> model.Dataset:
    files = {
        "events/2025/2025-05-03-speech.yaml": event(
            actors="[ana-perez, bruno-diaz]",
            places="[mexico]",
            tags="[talks, sovereignty]",
            related="\n  - event: 2025-01-early\n    type: responds-to",
        ),
        "events/2025/2025-01-early.yaml": event(title="Early", date="2025-01", tags="[talks]"),
        "events/2025/2025-01-01-new-year.yaml": event(
            title="New year",
            date="2025-01-01",
            actors="[bruno-diaz]",
            places="[springfield]",
            quotes="\n  - text: Hello.\n    speaker: ana-perez\n    source: wire",
        ),
        "events/2025/2025-05-03-later-that-day.yaml": event(title="Later", time='"18:00"'),
    }
    loaded, diagnostics = load_project(write_project(tmp_path, files))
    assert diagnostics == []
    return loaded


def test_events_are_in_time_order_coarse_first_then_time_then_id(dataset) -> None:
    assert [e.id for e in dataset.events] == [
        "2025-01-early",  # January 2025 heads January
        "2025-01-01-new-year",
        "2025-05-03-speech",  # no time sorts before a time on the same day
        "2025-05-03-later-that-day",
    ]
    assert dataset.years() == [2025]


def test_indexes_of_entities_and_tags(dataset) -> None:
    def ids(events: list[model.Event]) -> list[str]:
        return [e.id for e in events]

    # an entity is named by an event as actor, place or speaker of a quote
    assert ids(dataset.events_by_entity["ana-perez"]) == [
        "2025-01-early",
        "2025-01-01-new-year",
        "2025-05-03-speech",
        "2025-05-03-later-that-day",
    ]
    assert list(dataset.events_by_tag) == ["sovereignty", "talks"]  # by name
    assert ids(dataset.events_by_tag["talks"]) == ["2025-01-early", "2025-05-03-speech"]
    assert [e.id for e in dataset.people_and_groups()] == ["ana-perez", "bruno-diaz"]
    assert [e.id for e in dataset.places()] == ["mexico", "springfield"]


def test_a_relation_is_seen_from_both_events(dataset) -> None:
    speech = dataset.event_by_id["2025-05-03-speech"]
    early = dataset.event_by_id["2025-01-early"]
    assert dataset.links_of(speech) == [
        model.Link("Responds to", "responds-to", "2025-01-early", True)
    ]
    assert dataset.links_of(early) == [
        model.Link("Responded to by", "responds-to", "2025-05-03-speech", False)
    ]
    assert speech.source_number("wire") == 1
    assert speech.source_number("other") is None
