"""Hostile input never crashes the loader, and every problem has a place in its file.

Random text and bytes, and the seed records mangled line by line, go through each
stage: the YAML reader, the record checks, and the whole project load.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.diagnostics import Diagnostic
from generator.records import schema
from generator.records.project import load_project
from generator.records.yamltree import Mapping, parse_yaml, read_mapping
from tests.helpers import REPO

SEEDS = sorted((REPO / "events").rglob("*.yaml")) + sorted((REPO / "entities").glob("*.yaml"))
SEED_TEXT = {path: path.read_bytes() for path in SEEDS}
FUZZ = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])

tricky_text = st.text(
    alphabet=st.one_of(
        st.sampled_from([*"\t :-[]{}#&*!|>'\"%@`,?\n\r\\~", "\u202e", "\x00", "\ufeff"]),
        st.characters(),
    ),
    max_size=40,
)


@st.composite
def mutated_record(draw: st.DrawFn) -> tuple[Path, bytes]:
    """A seed record with a few lines deleted, doubled, replaced or sprinkled with junk."""
    path = draw(st.sampled_from(SEEDS))
    lines = SEED_TEXT[path].split(b"\n")
    for _ in range(draw(st.integers(1, 4))):
        index = draw(st.integers(0, len(lines) - 1))
        action = draw(st.sampled_from(["delete", "duplicate", "replace", "insert", "bytes"]))
        if action == "delete" and len(lines) > 1:
            del lines[index]
        elif action == "duplicate":
            lines.insert(index, lines[index])
        elif action == "replace":
            lines[index] = draw(tricky_text).encode("utf-8", "surrogatepass")
        elif action == "insert":
            line = lines[index]
            at = draw(st.integers(0, len(line)))
            junk = draw(tricky_text).encode("utf-8", "surrogatepass")
            lines[index] = line[:at] + junk + line[at:]
        else:
            lines[index] += draw(st.binary(max_size=8))
    return path, b"\n".join(lines)


def _assert_placed(diagnostics: list[Diagnostic]) -> None:
    for d in diagnostics:
        assert d.line >= 1 and d.col >= 1, d
        assert d.message and d.code, d


def _check_record(data: bytes | str, spec: schema.Record) -> None:
    root, diagnostics = parse_yaml(data, "f.yaml")
    _assert_placed(diagnostics)
    if isinstance(root, Mapping):
        _, ctx = schema.read_record(root, spec, "f.yaml")
        _assert_placed(ctx.diagnostics)


@FUZZ
@given(st.one_of(st.text(max_size=200), st.binary(max_size=200), tricky_text))
def test_random_input(data: str | bytes) -> None:
    _check_record(data, schema.EVENT)
    _check_record(data, schema.ENTITY)


@FUZZ
@given(mutated_record())
def test_mutated_seed_records(mutation: tuple[Path, bytes]) -> None:
    path, data = mutation
    spec = schema.EVENT if "events" in path.parts else schema.ENTITY
    _check_record(data, spec)
    with tempfile.TemporaryDirectory() as folder:
        file = Path(folder) / path.name
        file.write_bytes(data)
        _, diagnostics = read_mapping(file, path.name)
        _assert_placed(diagnostics)


@settings(max_examples=40, deadline=None)
@given(st.lists(mutated_record(), min_size=1, max_size=3))
def test_mutated_project_loads(mutations: list[tuple[Path, bytes]]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        for path, data in SEED_TEXT.items():
            target = root / path.relative_to(REPO)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
        for path, data in mutations:
            (root / path.relative_to(REPO)).write_bytes(data)
        _, diagnostics = load_project(root)
        _assert_placed(diagnostics)
