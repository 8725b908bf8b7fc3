"""Checks across records: ids unique, references that resolve, relations written once.

Each test writes real record files into a project and compares what
`load_project` reports, message for message, with what a contributor must read.
"""

from __future__ import annotations

from pathlib import Path

from tests.helpers import diagnostics_of, event, write_project

SPEECH = "events/2025/2025-05-03-speech.yaml"


def test_a_valid_project_has_nothing_to_report(tmp_path: Path) -> None:
    assert diagnostics_of(write_project(tmp_path, {SPEECH: event()})) == []


def test_unknown_and_wrong_entities(tmp_path: Path) -> None:
    text = event(
        actors="[ana-perez, bruno-dias, zed]",
        places="[ana-perez, springfeld]",
        quotes="\n  - text: Hi.\n    speaker: perez\n    source: wire",
    )
    root = write_project(tmp_path, {SPEECH: text})
    new_entity = '(or run: timeline new entity "Name" --kind KIND)'
    assert diagnostics_of(root) == [
        f"{SPEECH}:4:21: error: unknown actor 'bruno-dias'; did you mean 'bruno-diaz'? to add "
        f"a new one, create 'entities/bruno-dias.yaml' {new_entity} [unknown-ref]",
        f"{SPEECH}:4:33: error: unknown actor 'zed'; to add a new one, create "
        f"'entities/zed.yaml' {new_entity} [unknown-ref]",
        f"{SPEECH}:10:10: error: 'ana-perez' is a person, but places may only name entities of "
        "kind country, region, city, place; list it under 'actors' instead [wrong-kind]",
        f"{SPEECH}:10:21: error: unknown place 'springfeld'; did you mean 'springfield'? to add "
        f"a new one, create 'entities/springfeld.yaml' {new_entity} [unknown-ref]",
        # a surname alone finds the entity by its last word
        f"{SPEECH}:13:14: error: unknown speaker 'perez'; did you mean 'ana-perez'? to add a "
        f"new one, create 'entities/perez.yaml' {new_entity} [unknown-ref]",
    ]


def test_sources_and_quotes(tmp_path: Path) -> None:
    sources = (
        "\n  - id: wire\n    url: https://example.org/a\n    publisher: Wire\n    title: A"
        "\n  - id: wire\n    url: https://example.org/b\n    publisher: Post"
    )
    quotes = (
        "\n  - text: Hi.\n    speaker: ana-perez\n    source: wir"
        "\n  - text: Hi.\n    speaker: ana-perez\n    source: wire\n    lang: es"
    )
    root = write_project(tmp_path, {SPEECH: event(sources=sources, quotes=quotes)})
    assert diagnostics_of(root) == [
        f"{SPEECH}:10:5: warning: this source has no title; add the headline so readers can "
        "find it if the link breaks [source-no-title]",
        f"{SPEECH}:10:9: error: two sources have the id 'wire'; give each its own [duplicate-id]",
        f"{SPEECH}:16:13: error: the quote cites source 'wir', which this event does not list; "
        "did you mean 'wire'? source ids here: 'wire' [unknown-ref]",
        f"{SPEECH}:20:11: error: 'lang' gives the language of 'original'; add 'original' or "
        "remove 'lang' [lang-without-original]",
    ]


def test_a_quote_of_an_event_whose_sources_have_no_ids(tmp_path: Path) -> None:
    sources = "\n  - url: https://example.org/a\n    publisher: Wire\n    title: A"
    quotes = "\n  - text: Hi.\n    speaker: ana-perez\n    source: wire"
    root = write_project(tmp_path, {SPEECH: event(sources=sources, quotes=quotes)})
    assert diagnostics_of(root) == [
        f"{SPEECH}:12:13: error: the quote cites source 'wire', which this event does not "
        "list; source ids here: none (give a source an 'id') [unknown-ref]",
    ]


def test_relations(tmp_path: Path) -> None:
    related = (
        "\n  - event: 2025-05-03-speech\n    type: see-also"
        "\n  - event: 2025-05-01-earlie\n    type: follows"
        "\n  - event: 2025-05-01-earlier\n    type: follows"
        "\n  - event: 2025-05-01-earlier\n    type: part-of"
    )
    earlier = event(
        title="Earlier",
        date="2025-05-01",
        related="\n  - event: 2025-05-03-speech\n    type: see-also",
    )
    root = write_project(
        tmp_path,
        {SPEECH: event(related=related), "events/2025/2025-05-01-earlier.yaml": earlier},
    )
    assert diagnostics_of(root) == [
        f"{SPEECH}:11:12: error: an event cannot be related to itself; name the other event's "
        "id or remove this relation [self-relation]",
        f"{SPEECH}:13:12: error: unknown event '2025-05-01-earlie'; did you mean "
        "'2025-05-01-earlier'? an event's id is its file name without '.yaml' [unknown-ref]",
        f"{SPEECH}:15:12: warning: '2025-05-01-earlier' already relates to this event; a "
        "relation is written on one of the two events and shown on both pages, so remove one "
        "[relation-twice]",
        f"{SPEECH}:17:12: error: the relation to '2025-05-01-earlier' is written twice; keep "
        "one [duplicate-relation]",
        f"{SPEECH}:17:12: warning: '2025-05-01-earlier' already relates to this event; a "
        "relation is written on one of the two events and shown on both pages, so remove one "
        "[relation-twice]",
    ]


def test_an_event_without_actors_gets_a_warning(tmp_path: Path) -> None:
    root = write_project(tmp_path, {SPEECH: event(actors="")})
    assert diagnostics_of(root) == [
        f"{SPEECH}:1:8: warning: the event names no actors; add who was involved under "
        "'actors' [no-actors]",
    ]


def test_ids_are_unique_across_folders_and_case(tmp_path: Path) -> None:
    root = write_project(
        tmp_path,
        {
            "events/2024/2025-05-03-speech.yaml": event(),
            SPEECH: event(),
            "entities/Mexico.yaml": "name: México\nkind: country\n",
        },
    )
    assert diagnostics_of(root) == [
        "entities/Mexico.yaml:1:1: error: the file name 'Mexico.yaml' is the record's id and "
        "must be written in lowercase letters, digits and single hyphens, like "
        "'2025-05-03-sheinbaum-rejects-us-troops'; rename the file [invalid-id]",
        "entities/mexico.yaml:1:1: error: this entity has the same id as "
        "'entities/Mexico.yaml' (ids are compared ignoring case); rename one of the two files "
        "[duplicate-id]",
        "events/2024/2025-05-03-speech.yaml:2:7: warning: the event is dated 2025 but sits in "
        "'events/2024/'; move it to 'events/2025/' [wrong-folder]",
        f"{SPEECH}:1:1: error: this event has the same id as "
        "'events/2024/2025-05-03-speech.yaml' (ids are compared ignoring case); rename one of "
        "the two files [duplicate-id]",
    ]


def test_an_invalid_event_gets_only_the_checks_its_errors_cannot_make_wrong(
    tmp_path: Path,
) -> None:
    """Its sources failed, so its quotes' sources and its titles go unchecked; its actors
    are still checked."""
    text = event(
        actors="[bruno-dias]",
        sources="\n  - url: ftp://example.org/a\n    publisher: Wire",
        quotes="\n  - text: Hi.\n    speaker: ana-perez\n    source: wire",
    )
    root = write_project(tmp_path, {SPEECH: text})
    assert diagnostics_of(root) == [
        f"{SPEECH}:4:10: error: unknown actor 'bruno-dias'; did you mean 'bruno-diaz'? to add "
        "a new one, create 'entities/bruno-dias.yaml' (or run: timeline new entity \"Name\" "
        "--kind KIND) [unknown-ref]",
        f"{SPEECH}:6:10: error: 'sources[0].url' is 'ftp://example.org/a'; write a full web "
        "address starting with https:// or http:// [invalid-url]",
    ]


def test_a_placeholder_left_by_timeline_new_is_an_error(tmp_path: Path) -> None:
    root = write_project(
        tmp_path,
        {
            SPEECH: event(summary="REPLACE-ME"),
            "entities/ana-perez.yaml": "name: Ana Pérez\nkind: person\nsummary: REPLACE-ME\n",
        },
    )
    assert diagnostics_of(root) == [
        "entities/ana-perez.yaml:3:10: error: 'summary' still holds the REPLACE-ME placeholder "
        "of the skeleton; replace it with: one sentence of Markdown [placeholder]",
        f"{SPEECH}:3:10: error: 'summary' still holds the REPLACE-ME placeholder of the "
        "skeleton; replace it with: one or two sentences of Markdown [placeholder]",
    ]


def test_a_placeholder_deep_in_a_record_is_found(tmp_path: Path) -> None:
    """Records are first scanned for the placeholder as a whole (quicker); the scan reaches
    the text inside lists of records (a source's title) as the walk that names it does."""
    sources = "\n  - id: wire\n    url: https://example.org/a\n    publisher: Wire\n"
    sources += "    title: REPLACE-ME"
    root = write_project(tmp_path, {SPEECH: event(sources=sources)})
    found = diagnostics_of(root)
    assert len(found) == 1 and found[0].startswith(f"{SPEECH}:9:12: error: 'sources[0].title'")
    assert found[0].endswith("[placeholder]")
