"""Synthetic timeline projects for benchmarks: N realistic, valid events and their entities.

Each event is about 45 lines of YAML, like a hand-written record: a title, a date
(mostly days, some months, years, approximate dates and spans), a status, a summary
and a body of several paragraphs, 2-4 actors, 1-2 places, tags, 2-3 sources with
ids, a quote, a relation to an earlier event and sometimes an update. The same
seed always writes the same files.

    python benchmarks/synthetic.py 10000 /tmp/timeline-10k

Every other tag has a topic record (entities/topics/), and three periods cut the
years (entities/periods/), the last one still going on.

The repository's `mkdocs.yml` and hand-written `site_src/` files are copied too
when they exist, so that the folder can be built as a site.
"""

from __future__ import annotations

import argparse
import calendar
import random
import shutil
import sys
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
FIRST_YEAR = 2015
LAST_YEAR = 2025

_SYLLABLES = ("ka", "lo", "mi", "re", "su", "ta", "ve", "no", "ri", "da", "el", "an", "or", "ul")
_VERBS = (
    "announces",
    "rejects",
    "confirms",
    "denies",
    "signs",
    "proposes",
    "criticises",
    "defends",
    "suspends",
    "expands",
)
_OBJECTS = (
    "security agreement",
    "border plan",
    "trade measures",
    "extradition request",
    "joint operation",
    "sanctions package",
    "aid programme",
    "investigation",
    "military cooperation",
    "migration policy",
)
_TAGS = (
    "security",
    "sovereignty",
    "trade",
    "migration",
    "diplomacy",
    "elections",
    "courts",
    "military-cooperation",
    "sanctions",
    "extradition",
    "human-rights",
    "economy",
)
_PROSE = (
    "officials said the government would review the decision in the coming weeks "
    "while opposition leaders asked for a public debate and the ministry published "
    "a statement describing the measures as temporary and limited in scope analysts "
    "noted that the announcement followed months of talks between the two countries "
    "and that several details remained unclear including the budget and the timetable"
)
_WORDS = _PROSE.split()
_PERSON_KINDS = ("person",) * 5 + ("organization", "government", "media")
_PLACE_KINDS = ("country", "region", "city", "place")


@dataclass(frozen=True)
class SyntheticEntity:
    id: str
    name: str
    kind: str


def _name(rng: random.Random, parts: int) -> str:
    words = [
        "".join(rng.choice(_SYLLABLES) for _ in range(rng.randint(2, 3))) for _ in range(parts)
    ]
    return " ".join(word.capitalize() for word in words)


def _slug(text: str) -> str:
    return "-".join("".join(c for c in word.lower() if c.isalnum()) for word in text.split())


def _entities(
    rng: random.Random, n_events: int
) -> tuple[list[SyntheticEntity], list[SyntheticEntity]]:
    """Actors (people, organisations, media) and places, about one per 10 events each."""
    actors: dict[str, SyntheticEntity] = {}
    places: dict[str, SyntheticEntity] = {}
    while len(actors) < max(20, n_events // 10):
        kind = rng.choice(_PERSON_KINDS)
        name = _name(rng, 2 if kind == "person" else 3)
        actors.setdefault(_slug(name), SyntheticEntity(_slug(name), name, kind))
    while len(places) < max(8, n_events // 25):
        name = _name(rng, 1 if rng.random() < 0.7 else 2)
        if _slug(name) not in actors:
            places.setdefault(
                _slug(name), SyntheticEntity(_slug(name), name, rng.choice(_PLACE_KINDS))
            )
    return list(actors.values()), list(places.values())


def _sentences(rng: random.Random, count: int) -> list[str]:
    out = []
    for _ in range(count):
        start = rng.randrange(len(_WORDS) - 16)
        words = _WORDS[start : start + rng.randint(9, 15)]
        # some rarer words, so that a search index grows with the text as it would for real
        words = [w if rng.random() < 0.85 else _name(rng, 1).lower() for w in words]
        out.append(" ".join(words).capitalize() + ".")
    return out


def _wrap(text: str, indent: str, width: int = 76) -> list[str]:
    lines, line = [], ""
    for word in text.split():
        if line and len(line) + 1 + len(word) > width:
            lines.append(indent + line)
            line = word
        else:
            line = f"{line} {word}" if line else word
    return [*lines, indent + line] if line else lines


def _date(rng: random.Random, years: tuple[int, int]) -> tuple[str, int]:
    """An EDTF date in the mix a real timeline has, and the year it sorts under."""
    year = rng.randint(*years)
    month = rng.randint(1, 12)
    day = rng.randint(1, calendar.monthrange(year, month)[1])
    roll = rng.random()
    if roll < 0.78:
        return f"{year}-{month:02d}-{day:02d}", year
    if roll < 0.86:
        return f"{year}-{month:02d}", year
    if roll < 0.88:
        return f"{year}", year
    if roll < 0.92:
        return f"{year}-{month:02d}{rng.choice('~?%')}", year
    if roll < 0.97 and day < 25:
        return (
            f"{year}-{month:02d}-{day:02d}/{year}-{month:02d}-{day + rng.randint(1, 3):02d}",
            year,
        )
    return f"{year}-{month:02d}-{day:02d}/..", year


def _event_lines(
    rng: random.Random,
    title: str,
    date: str,
    actors: list[SyntheticEntity],
    places: list[SyntheticEntity],
    earlier: str | None,
) -> list[str]:
    lines = [f"title: {title}", f'date: "{date}"']
    if rng.random() < 0.3 and "/" not in date and len(date) == 10:
        lines.append(f'time: "{rng.randint(6, 22):02d}:{rng.choice((0, 15, 30, 45)):02d}"')
    lines.append(f"status: {rng.choice(('confirmed', 'confirmed', 'reported', 'disputed'))}")
    lines += ["summary: >-", *_wrap(" ".join(_sentences(rng, 3)), "  ")]
    lines.append("body: |")
    for paragraph in range(rng.randint(2, 3)):
        if paragraph:
            lines.append("")
        text = " ".join(_sentences(rng, 3))
        if paragraph == 1:
            text += " See the [full statement](https://example.org/statements/1) for **details**."
        lines += _wrap(text, "  ")
    lines.append(f"actors: [{', '.join(a.id for a in actors)}]")
    lines.append(f"places: [{', '.join(p.id for p in places)}]")
    lines.append(f"tags: [{', '.join(rng.sample(_TAGS, rng.randint(2, 4)))}]")
    lines.append("sources:")
    source_ids = []
    for number in range(rng.randint(2, 3)):
        publisher = f"{_name(rng, 2)} News"
        source_id = f"s{number + 1}"
        source_ids.append(source_id)
        lines += [
            f"  - id: {source_id}",
            f"    url: https://news.example.com/{rng.randrange(10**8)}/{_slug(title)[:40]}",
            f"    publisher: {publisher}",
            f"    title: {title} ({publisher})",
            f'    published: "{date[:4]}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"',
        ]
        if rng.random() < 0.4:
            lines.append(
                f"    archive_url: https://web.archive.org/web/2025/{rng.randrange(10**8)}"
            )
    lines += [
        "quotes:",
        "  - text: >-",
        *_wrap(" ".join(_sentences(rng, 2)), "      "),
        f"    speaker: {actors[0].id}",
        f"    source: {rng.choice(source_ids)}",
    ]
    if rng.random() < 0.3:
        lines += [f"    original: {_name(rng, 4)}", "    lang: es"]
    if earlier is not None:
        relation = rng.choice(("responds-to", "follows", "part-of", "see-also"))
        lines += ["related:", f"  - event: {earlier}", f"    type: {relation}"]
    if rng.random() < 0.2:
        lines += [
            "updates:",
            f'  - date: "{LAST_YEAR}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"',
            f"    kind: {rng.choice(('update', 'correction'))}",
            f"    note: {_sentences(rng, 1)[0]}",
        ]
    return lines


def generated_names() -> set[str]:
    """The top-level names under site_src/ that builds write: never copied into a project.

    From generator.layout, the one list of them (GENERATED_ROOTS), not from
    .gitignore: reading `site_src/` lines there missed its anchored `/site_src/...`
    ones, and every synthetic project got the repository's own generated pages.
    Names starting with a dot (the manifest, temporary files) are the build's too.
    """
    if str(REPO) not in sys.path:  # run as a script
        sys.path.insert(0, str(REPO))
    from generator.layout import GENERATED_ROOTS

    return set(GENERATED_ROOTS)


def copy_site_sources(root: Path, repo: Path = REPO) -> None:
    """mkdocs.yml and the hand-written part of site_src/, when the repository has them."""
    if (repo / "mkdocs.yml").is_file():
        shutil.copy2(repo / "mkdocs.yml", root / "mkdocs.yml")
    if not (repo / "site_src").is_dir():
        return
    generated = generated_names()
    shutil.copytree(
        repo / "site_src",
        root / "site_src",
        ignore=lambda folder, names: [
            n
            for n in names
            if n.startswith(".") or (Path(folder) == repo / "site_src" and n in generated)
        ],
        dirs_exist_ok=True,
    )


def copy_sources(source: Path, target: Path) -> Path:
    """What a fresh checkout of the project at `source` holds, into `target` (emptied first):
    its records, mkdocs.yml and the hand-written part of site_src/, nothing a build made."""
    shutil.rmtree(target, ignore_errors=True)
    for name in ("events", "entities"):
        shutil.copytree(source / name, target / name)
    copy_site_sources(target, source)
    return target


def write_project(
    root: Path, n_events: int, seed: int = 0, years: tuple[int, int] = (FIRST_YEAR, LAST_YEAR)
) -> None:
    """Write a project of n_events valid events (and their entities) into root, dated in
    `years` (first and last, inclusive): fewer years make longer year pages."""
    rng = random.Random(seed)
    actors, places = _entities(rng, n_events)
    (root / "entities").mkdir(parents=True, exist_ok=True)
    for entity in actors + places:
        summary = " ".join(_sentences(rng, 1))
        text = f"name: {entity.name}\nkind: {entity.kind}\nsummary: {summary}\n"
        if rng.random() < 0.5:
            text += f"wikidata: Q{rng.randint(1, 10**7)}\n"
        (root / "entities" / f"{entity.id}.yaml").write_text(text)

    planned = sorted(((*_date(rng, years), index) for index in range(n_events)), key=lambda t: t[0])
    written: list[str] = []
    used_tags: set[str] = set()
    for date, year, index in planned:
        cast = rng.sample(actors, rng.randint(2, 4))
        where = rng.sample(places, rng.randint(1, 2))
        title = f"{cast[0].name} {rng.choice(_VERBS)} {rng.choice(_OBJECTS)}"
        event_id = f"{date[:10].rstrip('~?%/.')}-{_slug(title)}-{index}"
        earlier = rng.choice(written[-50:]) if written and rng.random() < 0.8 else None
        lines = _event_lines(rng, title, date, cast, where, earlier)
        used_tags.update(
            t for line in lines if line.startswith("tags: [") for t in line[7:-1].split(", ")
        )
        folder = root / "events" / str(year)
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"{event_id}.yaml").write_text("\n".join(lines) + "\n")
        written.append(event_id)
    _write_topics_and_periods(root, years, used_tags)
    copy_site_sources(root)


# the periods of a synthetic project: its years cut in thirds, each with a period over
# the middle of it (the last one still going on), so that the axis has time before,
# between and in periods
_PERIODS = ("talks", "sanctions", "cooperation")


def _write_topics_and_periods(root: Path, years: tuple[int, int], used: set[str]) -> None:
    """A topic record for every other tag that events use (the rest keep the names read
    from the tag), and three periods; no random numbers, so the events stay the seed's."""
    topics = root / "entities" / "topics"
    topics.mkdir(parents=True, exist_ok=True)
    for tag in [t for t in _TAGS[::2] if t in used]:
        name = tag.replace("-", " ").capitalize()
        text = f"name: {name}\ndescription: Events about {name.lower()}, in a synthetic site.\n"
        (topics / f"{tag}.yaml").write_text(text)
    periods = root / "entities" / "periods"
    periods.mkdir(parents=True, exist_ok=True)
    months = (years[1] - years[0] + 1) * 12
    for number, slug in enumerate(_PERIODS):
        first = years[0] * 12 + months * number // 3 + months // 15
        last = years[0] * 12 + months * (number + 1) // 3 - months // 15 - 1
        text = f"name: Period of {slug}\nstart: {first // 12:04d}-{first % 12 + 1:02d}\n"
        if number < len(_PERIODS) - 1:
            day = calendar.monthrange(last // 12, last % 12 + 1)[1]
            text += f"end: {last // 12:04d}-{last % 12 + 1:02d}-{day:02d}\n"
        (periods / f"{slug}.yaml").write_text(text)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Write a synthetic timeline project.")
    parser.add_argument("events", type=int, help="how many events to write")
    parser.add_argument("outdir", type=Path, help="the project folder to write (created)")
    parser.add_argument("--seed", type=int, default=0, help="random seed (default 0)")
    args = parser.parse_args(argv)
    if args.outdir.exists() and any(args.outdir.iterdir()):
        parser.error(f"{args.outdir} is not empty")
    write_project(args.outdir, args.events, args.seed)
    print(f"wrote {args.events} events to {args.outdir}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
