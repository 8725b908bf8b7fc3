"""Loading record files into models: ids from file names, invalid records, the cache."""

from __future__ import annotations

import gc
from datetime import date
from pathlib import Path

import pytest

from generator.records import cache as record_cache
from generator.records.cache import RecordCache
from generator.records.dates import parse_date
from generator.records.load import load_records
from generator.records.model import Entity, Event, Source
from tests.helpers import REPO, diagnostics_of, event, run_timeline, write_project


def test_a_valid_event_and_entity_become_models_with_their_positions(tmp_path: Path) -> None:
    root = write_project(tmp_path, {"events/2025/2025-05-03-speech.yaml": event()})
    loaded = load_records(root)
    assert loaded.diagnostics == []
    assert loaded.invalid_events == []
    assert loaded.events == [
        Event(
            id="2025-05-03-speech",
            path="events/2025/2025-05-03-speech.yaml",
            title="Ana Pérez speaks",
            date=parse_date("2025-05-03"),
            summary="She spoke.",
            sources=(
                Source(
                    url="https://example.org/a",
                    publisher="Wire",
                    id="wire",
                    title="Ana Pérez speaks",
                ),
            ),
            actors=("ana-perez",),
        )
    ]
    speech = loaded.events[0]
    assert speech.status == "reported"  # the default when a record gives none
    assert speech.locations[("title",)] == (1, 8)
    assert speech.locations[("actors", 0)] == (4, 10)
    assert speech.locations[("sources", 0, "url")] == (7, 10)
    entities = {entity.id: entity for entity in loaded.entities}
    assert entities["ana-perez"] == Entity(
        id="ana-perez", path="entities/ana-perez.yaml", name="Ana Pérez", kind="person"
    )
    assert loaded.event_files == {"2025-05-03-speech": ["events/2025/2025-05-03-speech.yaml"]}
    assert sorted(loaded.entity_files) == ["ana-perez", "bruno-diaz", "mexico", "springfield"]


def test_an_invalid_event_is_kept_apart_with_what_it_says(tmp_path: Path) -> None:
    """Not published, but its references are still checked in the same run."""
    text = event(date="2025-02-30", actors="[ana-perz]", tags="[Bad Tag]")
    root = write_project(tmp_path, {"events/2025/2025-02-30-bad.yaml": text})
    loaded = load_records(root)
    assert loaded.events == []
    [invalid] = loaded.invalid_events
    assert (invalid.id, invalid.title, invalid.actors, invalid.tags) == (
        "2025-02-30-bad",
        "Ana Pérez speaks",
        ("ana-perz",),
        (),
    )
    assert invalid.date == parse_date("0001")  # a stand-in for the date that failed
    assert diagnostics_of(root) == [
        "events/2025/2025-02-30-bad.yaml:2:7: error: '2025-02-30': February 2025 has 28 days, "
        "so day 30 does not exist [invalid-date]",
        "events/2025/2025-02-30-bad.yaml:4:10: error: unknown actor 'ana-perz'; did you mean "
        "'ana-perez'? to add a new one, create 'entities/ana-perz.yaml' (or run: timeline new "
        'entity "Name" --kind KIND) [unknown-ref]',
        "events/2025/2025-02-30-bad.yaml:10:8: error: 'tags[0]' is 'Bad Tag'; a tag is written "
        "in lowercase letters, digits and single hyphens, like 'military-cooperation', at most "
        "60 characters [invalid-slug]",
    ]


def test_an_invalid_entity_is_left_out_but_its_id_still_resolves(tmp_path: Path) -> None:
    root = write_project(
        tmp_path,
        {
            "entities/bruno-diaz.yaml": "name: Bruno Díaz\nkind: persn\n",
            "events/2025/2025-05-03-speech.yaml": event(actors="[ana-perez, bruno-diaz]"),
        },
    )
    loaded = load_records(root)
    assert sorted(entity.id for entity in loaded.entities) == [
        "ana-perez",
        "mexico",
        "springfield",
    ]
    assert "bruno-diaz" in loaded.entity_files
    assert diagnostics_of(root) == [
        "entities/bruno-diaz.yaml:2:7: error: 'kind' is 'persn'; did you mean 'person'? choose "
        "one of: person, organization, government, country, region, city, place, media "
        "[invalid-choice]",
    ]


@pytest.mark.parametrize(
    ("name", "message"),
    [
        (
            "Speech",
            "the file name 'Speech.yaml' is the record's id and must be written in lowercase "
            "letters, digits and single hyphens, like '2025-05-03-sheinbaum-rejects-us-troops'; "
            "rename the file",
        ),
        (
            # `$` in the slug pattern also matches before a final line break: this id was
            # accepted, and its page would have been events/speech<newline>/
            "speech\n",
            "the file name 'speech<U+000A>.yaml' is the record's id and must be written in "
            "lowercase letters, digits and single hyphens, like "
            "'2025-05-03-sheinbaum-rejects-us-troops'; rename the file",
        ),
        (
            "a" * 101,
            "the file name is the record's id, and this one is 101 characters long; ids are at "
            "most 100, so shorten the file name",
        ),
        (
            "index",
            "the file name is the record's id, and 'index' is the name of the page at the "
            "address of the events folder itself (/events/), not of an event's page; rename "
            "the file",
        ),
    ],
    ids=["uppercase", "trailing-line-break", "too-long", "reserved"],
)
def test_an_event_whose_file_name_is_no_id_is_refused(
    tmp_path: Path, name: str, message: str
) -> None:
    path = f"events/2025/{name}.yaml"
    root = write_project(tmp_path, {path: event()})
    loaded = load_records(root)
    assert loaded.events == loaded.invalid_events == []
    code = "reserved-name" if name == "index" else "invalid-id"
    shown = path.replace("\n", "<U+000A>")
    assert diagnostics_of(root) == [f"{shown}:1:1: error: {message} [{code}]"]


def test_an_event_in_the_wrong_year_folder_is_loaded_with_a_warning(tmp_path: Path) -> None:
    root = write_project(tmp_path, {"events/2024/2025-05-03-speech.yaml": event()})
    assert [e.id for e in load_records(root).events] == ["2025-05-03-speech"]
    assert diagnostics_of(root) == [
        "events/2024/2025-05-03-speech.yaml:2:7: warning: the event is dated 2025 but sits in "
        "'events/2024/'; move it to 'events/2025/' [wrong-folder]",
    ]


def test_a_record_nobody_can_read_stays_out_and_is_reported(tmp_path: Path) -> None:
    root = write_project(
        tmp_path, {"events/2025/2025-05-03-speech.yaml": "title: [unclosed\nsummary: x\n"}
    )
    loaded = load_records(root)
    assert loaded.events == loaded.invalid_events == []
    assert loaded.event_files == {"2025-05-03-speech": ["events/2025/2025-05-03-speech.yaml"]}
    assert [d.code for d in loaded.diagnostics] == ["yaml-syntax"]


@pytest.fixture
def signing_key_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """A key of this test's own, so that the cache can be saved."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "user-cache"))
    record_cache.signing_key.cache_clear()
    yield
    record_cache.signing_key.cache_clear()


def test_loading_writes_nothing_and_leaves_the_collector_alone(
    tmp_path: Path, signing_key_home: None
) -> None:
    """The caller decides: the build's generator process saves the cache and pauses the
    collector, not the records stage."""
    root = write_project(tmp_path / "project", {"events/2025/2025-05-03-speech.yaml": event()})
    enabled, frozen = gc.isenabled(), gc.get_freeze_count()
    cache = RecordCache(root)
    first = load_records(root, cache)
    assert (gc.isenabled(), gc.get_freeze_count()) == (enabled, frozen)
    assert not (root / ".cache").exists()
    cache.save()
    assert list((root / ".cache" / "records").rglob("*.pickle"))
    again = load_records(root, RecordCache(root))
    assert (again.events, again.entities, again.diagnostics) == (
        first.events,
        first.entities,
        first.diagnostics,
    )


def test_timeline_build_saves_the_record_cache_and_validate_does_not(
    seed_copy: Path, tmp_path: Path
) -> None:
    env = {"XDG_CACHE_HOME": str(tmp_path / "user-cache"), "SOURCE_DATE_EPOCH": "1750000000"}
    validated = run_timeline("validate", cwd=seed_copy, env=env)
    assert validated.returncode == 0, validated.stdout + validated.stderr
    assert not (seed_copy / ".cache").exists()
    built = run_timeline("build", cwd=seed_copy, env=env)
    assert built.returncode == 0, built.stderr
    cached = sorted((seed_copy / ".cache" / "records").rglob("*.pickle"))
    records = list((REPO / "events").rglob("*.yaml")) + list((REPO / "entities").glob("*.yaml"))
    assert 0 < len(cached) <= len(records)


def test_a_published_day_is_a_date(tmp_path: Path) -> None:
    sources = (
        "\n  - url: https://example.org/a\n    publisher: Wire\n    title: T\n"
        "    published: 2025-05-04"
    )
    root = write_project(tmp_path, {"events/2025/2025-05-03-speech.yaml": event(sources=sources)})
    [speech] = load_records(root).events
    assert speech.sources[0].published == date(2025, 5, 4)
