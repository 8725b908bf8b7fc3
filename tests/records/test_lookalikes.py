"""Names and ids that look alike fold to the same key; names that differ do not.

The golden cases warning-look-alike-names and warning-look-alike-id show the
warnings `timeline validate` prints; these tests cover the members of the class.
"""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest

from generator.records.lookalikes import check_lookalikes, fold_id, fold_name
from generator.records.model import Entity
from tests.helpers import new_project, run_timeline, write_file

NAME = "José López"


@pytest.mark.parametrize(
    "variant",
    [
        unicodedata.normalize("NFD", NAME),  # e and a combining accent
        "J\u043es\u00e9 L\u00f3p\u0435z",  # Cyrillic о and е
        "JOSÉ LÓPEZ",
        "Jose Lopez",
        "  José   López ",
        "José\u00a0López",  # a no-break space
        "Jo\u200bsé López",  # a zero-width space
        "\uff2a\uff4f\uff53\u00e9 L\u00f3pez",  # full-width letters
        "\U0001d409os\u00e9 L\u00f3pez",  # mathematical bold J
        "Ј\u03bf\u0455é Lópеz",  # Cyrillic Ј and ѕ, Greek ο
    ],
)
def test_look_alikes_fold_together(variant: str) -> None:
    assert fold_name(variant) == fold_name(NAME)


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("Jean-Pierre O’Neil", "Jean\u2010Pierre O'Neil"),  # dashes and apostrophes
        ("ΝΑΤΟ", "NATO"),  # Greek capitals
        ("Łódź", "Lodz"),
    ],
)
def test_other_look_alikes(one: str, other: str) -> None:
    assert fold_name(one) == fold_name(other)


@pytest.mark.parametrize(
    ("one", "other"),
    [("José López", "José Lopes"), ("Ana María", "Ana Mario"), ("Владимир", "Vladimir")],
)
def test_different_names_stay_apart(one: str, other: str) -> None:
    assert fold_name(one) != fold_name(other)


def test_ids_that_read_alike() -> None:
    assert fold_id("d0nald-trump") == fold_id("donald-trump")
    assert fold_id("ana-examp1e") == fold_id("ana-example")
    assert fold_id("ana-example") != fold_id("ana-examples")


def _entity(entity_id: str, name: str, aliases: tuple[str, ...] = ()) -> Entity:
    return Entity(
        id=entity_id, path=f"entities/{entity_id}.yaml", name=name, kind="person", aliases=aliases
    )


def test_an_entity_may_spell_its_own_name_another_way() -> None:
    assert check_lookalikes([_entity("jose-lopez", NAME, ("Jose Lopez", "JOSÉ LÓPEZ"))]) == []


def test_one_warning_per_later_entity_naming_the_first_file() -> None:
    entities = [_entity(f"person-{n}", NAME) for n in range(1000)]
    found = check_lookalikes(entities)
    assert len(found) == 999
    assert all("of entities/person-0.yaml (line 1)" in d.message for d in found)


def test_validate_warns_on_the_three_jose_lopez(tmp_path: Path) -> None:
    root = new_project(tmp_path / "project")
    spellings = {
        "jose-lopez": NAME,
        "jose-lopez-nfd": unicodedata.normalize("NFD", NAME),
        "jose-lopez-ru": "J\u043es\u00e9 L\u00f3p\u0435z",
    }
    for entity_id, name in spellings.items():
        write_file(root, f"entities/{entity_id}.yaml", f"name: {name}\nkind: person\n")
    result = run_timeline("validate", cwd=root)
    assert result.returncode == 0  # warnings: two people may share a name
    lines = result.stdout.splitlines()
    assert [line.split(": ", 1)[0] for line in lines] == [
        "entities/jose-lopez-nfd.yaml:1:7",
        "entities/jose-lopez-ru.yaml:1:7",
    ]
    assert all("of entities/jose-lopez.yaml (line 1)" in line for line in lines)
    assert "U+043E CYRILLIC SMALL LETTER O" in lines[1]
    assert all(line.endswith("[look-alike]") for line in lines)
    assert run_timeline("validate", "--strict", cwd=root).returncode == 1


def test_new_entity_points_at_a_look_alike(tmp_path: Path) -> None:
    root = new_project(tmp_path / "project")
    write_file(root, "entities/jose-lopez.yaml", f"name: {NAME}\nkind: person\n")
    command = ("new", "entity", "Jose Lopez", "--kind", "person", "--slug", "jl")
    result = run_timeline(*command, cwd=root)
    assert result.returncode == 0, result.stderr
    assert "note: entities/jose-lopez.yaml has the same name or alias" in result.stderr
