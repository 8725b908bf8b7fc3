"""'Did you mean': the closest known id, at a cost that does not grow with the square."""

from __future__ import annotations

import difflib
from pathlib import Path

import pytest

from benchmarks.hostile_scale import write_unknown_actors
from generator.records import suggest
from generator.records.project import load_project
from generator.records.suggest import MAX_CANDIDATES, MAX_SEARCHES, Budget, Suggester

# more ids than MAX_CANDIDATES, so that the index is used, not a full comparison
ENTITIES = [f"person-{n}-{word}" for n, word in enumerate(["alpha", "bravo", "delta"] * 20)]
ENTITIES += ["claudia-sheinbaum", "donald-trump", "andres-manuel-lopez-obrador", "mexico"]
EVENTS = [f"2025-{m:02d}-{d:02d}-talks-round-{m * 31 + d}" for m in range(1, 13) for d in (1, 15)]
EVENTS += ["2025-05-03-sheinbaum-rejects-us-troops"]


@pytest.mark.parametrize(
    ("known", "wanted", "closest"),
    [
        (ENTITIES, "claudia-sheinbam", "claudia-sheinbaum"),  # a letter left out
        (ENTITIES, "claudia-shienbaum", "claudia-sheinbaum"),  # two letters swapped
        (ENTITIES, "donald-trunp", "donald-trump"),
        (ENTITIES, "andres-manuel-lopes-obrador", "andres-manuel-lopez-obrador"),
        (ENTITIES, "sheinbaum", "claudia-sheinbaum"),  # the surname only
        (ENTITIES, "mexcio", "mexico"),
        (ENTITIES, "zzzz-qqqq", None),
        (EVENTS, "2025-05-03-sheinbaum-rejects-troops", "2025-05-03-sheinbaum-rejects-us-troops"),
        (EVENTS, "2025-05-03-sheinbaum-rejects-us-troop", "2025-05-03-sheinbaum-rejects-us-troops"),
    ],
)
def test_closest_is_what_a_full_comparison_finds(known, wanted, closest) -> None:
    assert len(known) > MAX_CANDIDATES
    assert Suggester(known).closest(wanted) == closest
    full = difflib.get_close_matches(wanted, sorted(known), 1, suggest.CUTOFF)
    if full:  # the surname case is found by the word lookup, not by difflib
        assert full[0] == closest


def _count_comparisons(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Counts the ids that difflib compares an unknown id with (one set_seq1 each)."""
    calls = [0]
    set_seq1 = difflib.SequenceMatcher.set_seq1

    def counted(self: difflib.SequenceMatcher, a: str) -> None:
        calls[0] += bool(a)  # the constructor sets an empty one first
        set_seq1(self, a)

    monkeypatch.setattr(difflib.SequenceMatcher, "set_seq1", counted)
    return calls


def test_one_run_compares_a_bounded_number_of_ids(monkeypatch: pytest.MonkeyPatch) -> None:
    """5,000 distinct unknown ids against 2,000 known ones: at most MAX_SEARCHES of them are
    ranked, each against at most MAX_CANDIDATES ids (the full search made 10 million
    comparisons); the cheap word lookup still answers the rest."""
    known = [f"{first}-{last}" for first in range(40) for last in range(50)]
    known = [f"given{first}-family{last}" for first, last in (k.split("-") for k in known)]
    calls = _count_comparisons(monkeypatch)
    suggester = Suggester(known, Budget())
    found = [suggester.closest(f"given{n % 40}-famly{n}") for n in range(5000)]
    assert calls[0] <= MAX_SEARCHES * MAX_CANDIDATES
    assert found[0] == "given0-family0"
    assert found[-1] is None  # beyond the budget, and not a single word of a known id
    assert suggester.closest("family7") == "given0-family7"  # the word lookup, no budget


def test_the_same_unknown_id_is_looked_up_once(monkeypatch: pytest.MonkeyPatch) -> None:
    calls = _count_comparisons(monkeypatch)
    budget = Budget()
    suggester = Suggester(ENTITIES, budget)
    for _ in range(1000):
        assert suggester.closest("donald-trunp") == "donald-trump"
    assert budget.left == MAX_SEARCHES - 1
    assert 0 < calls[0] <= MAX_CANDIDATES


def test_validating_many_unknown_ids_compares_a_bounded_number(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The check across records: 1,500 unknown actors against 300 entities (the old search
    compared each with each: 450,000 comparisons)."""
    write_unknown_actors(tmp_path, 300)
    calls = _count_comparisons(monkeypatch)
    _, diagnostics = load_project(tmp_path)
    unknown = [d for d in diagnostics if d.code == "unknown-ref"]
    assert len(unknown) == 1500
    assert calls[0] <= MAX_SEARCHES * MAX_CANDIDATES
    assert "did you mean" in unknown[0].message
