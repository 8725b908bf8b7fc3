"""Hostile shapes of input at size N and 2N: time and output must grow linearly.

    python benchmarks/hostile_scale.py [--size 1000] [--runs 3] [--json FILE]

Each case writes a project in a temporary folder at two sizes, N and 2N, and
reports the median time of several runs at each size and the ratio of the
two (about 2 when the cost is linear, 4 when it grows with the square):

- unknown-actors: N entities and N events, each event naming five unknown
  actors, typos of existing ids (5N unknown ids against N entities); the "did
  you mean" search used to compare every unknown id with every entity;
- unknown-related: N events, each related to an unknown event whose id is a
  typo of an existing one (event ids share their date prefixes, which made
  each search slow);
- longest-lists: N events, each with as many actors, places and tags as a
  record may list (tags all different, so each gets its own page and feed),
  rendered as every page and every download of the site, in memory (no
  MkDocs); it also reports the bytes at each size;
- ten-thousand-tags: N records with 10,000 tags each (the 80 kB record that
  used to make 11.5 GB of feeds), refused at validation.

The times are of `load_project` (what `timeline validate` spends besides
start-up) and, for longest-lists, of rendering and exporting as well. A test
runs it at a small size and checks its output, not its times.
"""

from __future__ import annotations

import argparse
import gc
import json
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from generator import exports
from generator.records import schema
from generator.records.project import load_project
from generator.render import render_site
from generator.settings import SiteConfig

WHEN = datetime(2025, 6, 1, tzinfo=UTC)
_LETTERS = "abcdefghijklmnopqrstuvwxyz"


def _word(n: int, length: int = 7) -> str:
    """A word of letters, a different one for every n below 26**length."""
    n = (n * 1_000_003 + 12_345) % 26**length  # a prime coprime to 26: a bijection
    letters = []
    for _ in range(length):
        n, digit = divmod(n, 26)
        letters.append(_LETTERS[digit])
    return "".join(letters)


def _limit(field: str) -> int:
    return schema.EVENT.fields[field].type.max_items


def _entity_id(n: int) -> str:
    return f"{_word(n)}-{_word(n + 7919)}"


def _event_id(n: int) -> str:
    return f"2025-{1 + n % 12:02d}-{1 + n % 28:02d}-{_word(n)}-{_word(n + 31)}-{_word(n + 97)}"


def _typo(identifier: str) -> str:
    """One letter changed, near the end; ids here hold no digit 9 after their date."""
    return identifier[:-3] + "9" + identifier[-2:]


def _event(
    n: int,
    actors: list[str],
    places: list[str] = (),
    tags: list[str] = (),
    related: str | None = None,
) -> str:
    lines = [
        f"title: Event number {n}",
        f'date: "{_event_id(n)[:10]}"',
        f"summary: What happened in event {n}.",
        f"actors: [{', '.join(actors)}]",
    ]
    if places:
        lines.append(f"places: [{', '.join(places)}]")
    if tags:
        lines.append(f"tags: [{', '.join(tags)}]")
    lines += [
        "sources:",
        f"  - url: https://example.org/{n}",
        "    publisher: Example Daily",
        "    title: An article",
    ]
    if related:
        lines += ["related:", f"  - event: {related}", "    type: see-also"]
    return "\n".join(lines) + "\n"


def _write(root: Path, relative: str, text: str) -> None:
    path = root / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def write_unknown_actors(root: Path, n: int) -> None:
    for k in range(n):
        _write(root, f"entities/{_entity_id(k)}.yaml", f"name: Person {k}\nkind: person\n")
    for k in range(n):
        unknown = [_typo(_entity_id((k * 5 + j) % n)) for j in range(5)]
        _write(root, f"events/2025/{_event_id(k)}.yaml", _event(k, unknown))


def write_unknown_related(root: Path, n: int) -> None:
    _write(root, "entities/someone.yaml", "name: Someone\nkind: person\n")
    for k in range(n):
        text = _event(k, ["someone"], related=_typo(_event_id((k + 1) % n)))
        _write(root, f"events/2025/{_event_id(k)}.yaml", text)


def write_longest_lists(root: Path, n: int) -> None:
    actors = [f"actor-{k}" for k in range(_limit("actors"))]
    places = [f"place-{k}" for k in range(_limit("places"))]
    for actor in actors:
        _write(root, f"entities/{actor}.yaml", f"name: {actor.title()}\nkind: person\n")
    for place in places:
        _write(root, f"entities/{place}.yaml", f"name: {place.title()}\nkind: city\n")
    for k in range(n):
        tags = [f"tag-{k}-{j}" for j in range(_limit("tags"))]
        _write(root, f"events/2025/{_event_id(k)}.yaml", _event(k, actors, places, tags))


def write_ten_thousand_tags(root: Path, n: int) -> None:
    _write(root, "entities/someone.yaml", "name: Someone\nkind: person\n")
    tags = [f"t-{j}" for j in range(10_000)]
    for k in range(n):
        _write(root, f"events/2025/{_event_id(k)}.yaml", _event(k, ["someone"], tags=tags))


def validate(root: Path) -> tuple[int, int]:
    """(errors found, output bytes): the work of `timeline validate`."""
    _, diagnostics = load_project(root)
    return len(diagnostics), 0


def validate_render_export(root: Path) -> tuple[int, int]:
    dataset, diagnostics = load_project(root)
    assert not diagnostics, diagnostics[:3]
    pages = render_site(dataset, SiteConfig(), "")
    size = sum(len(text.encode()) for text in pages.values())
    size += sum(len(data) for data in exports.site_files(dataset, SiteConfig(), WHEN).values())
    return 0, size


CASES: dict[str, tuple[Callable[[Path, int], None], Callable[[Path], tuple[int, int]], int]] = {
    # name: (writer, what is timed, events at size N as a fraction of --size)
    "unknown-actors": (write_unknown_actors, validate, 1),
    "unknown-related": (write_unknown_related, validate, 1),
    "longest-lists": (write_longest_lists, validate_render_export, 1),
    "ten-thousand-tags": (write_ten_thousand_tags, validate, 10),
}


def measure(case: str, n: int, runs: int) -> dict:
    writer, action, divisor = CASES[case]
    events = max(1, n // divisor)
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        writer(root, events)
        times = []
        for _ in range(runs):
            gc.collect()
            start = time.perf_counter()
            errors, size = action(root)
            times.append(time.perf_counter() - start)
    return {"events": events, "seconds": statistics.median(times), "errors": errors, "bytes": size}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=1000, help="N (the larger run is 2N)")
    parser.add_argument("--runs", type=int, default=3, help="runs per figure (median)")
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    args = parser.parse_args(argv)
    results = []
    print("| case | events N | 2N | time N | time 2N | ratio | errors 2N | bytes N | bytes 2N |")
    print("|---|---|---|---|---|---|---|---|---|")
    for case in CASES:
        small = measure(case, args.size, args.runs)
        large = measure(case, args.size * 2, args.runs)
        ratio = large["seconds"] / small["seconds"] if small["seconds"] else float("nan")
        print(
            f"| {case} | {small['events']:,} | {large['events']:,} | {small['seconds']:.2f} s "
            f"| {large['seconds']:.2f} s | {ratio:.2f} | {large['errors']:,} "
            f"| {small['bytes']:,} | {large['bytes']:,} |"
        )
        results.append({"case": case, "n": small, "2n": large, "time_ratio": ratio})
    if args.json:
        args.json.write_text(json.dumps(results, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
