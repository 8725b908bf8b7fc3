"""No record or tag can land on a path the site already uses, and no path is written twice.

Validation refuses the names that would collide (generator.layout.RESERVED_NAMES);
the render and export stages treat a second output at one path as a bug
(generator.layout.PathCollision), which these tests provoke by building a
dataset directly, past validation.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from pathlib import Path

import pytest

from generator import exports
from generator.layout import GENERATED_ROOTS, RESERVED_NAMES, PathCollision
from generator.records.dates import parse_date
from generator.records.model import Dataset, Entity, Event, Source
from generator.records.project import load_project
from generator.render import plan_site
from generator.settings import SiteConfig, read_site_config
from tests.helpers import build, new_project, run_timeline

WHEN = datetime(2025, 6, 1, tzinfo=UTC)
SECTIONS = ("events", "actors", "places", "tags")


def event(event_id: str, tags: tuple[str, ...] = (), actors: tuple[str, ...] = ()) -> Event:
    return Event(
        id=event_id,
        path=f"events/2025/{event_id}.yaml",
        title="A title",
        date=parse_date("2025-05-03"),
        summary="A summary.",
        sources=(Source(url="https://example.org/", publisher="P"),),
        tags=tags,
        actors=actors,
    )


def person(entity_id: str) -> Entity:
    return Entity(id=entity_id, path=f"entities/{entity_id}.yaml", name="A", kind="person")


@pytest.mark.parametrize(
    "dataset",
    [
        Dataset([event("2025-05-03-a", tags=("index",))], []),
        Dataset([event("2025-05-03-a", actors=("index",))], [person("index")]),
    ],
    ids=["tag-index", "entity-index"],
)
def test_a_page_planned_twice_is_an_internal_error(dataset: Dataset) -> None:
    with pytest.raises(PathCollision, match=r"would be written to '[a-z]+/index\.md'"):
        plan_site(dataset, SiteConfig(), "")


def test_two_pages_at_one_address_are_an_internal_error() -> None:
    # tags/x.md and tags/x/index.md are both served at /tags/x/
    dataset = Dataset([event("2025-05-03-a", tags=("x", "x/index"))], [])
    wanted = "'tags/x.md' and 'tags/x/index.md' would both be written to 'tags/x/'"
    with pytest.raises(PathCollision, match=re.escape(wanted)):
        plan_site(dataset, SiteConfig(), "")


def test_an_export_file_made_twice_is_an_internal_error() -> None:
    # a tag that walks out of tags/ would put its feed where the actor's feed goes
    events = [event("2025-05-03-a", tags=("../actors/ana",), actors=("ana",))]
    dataset = Dataset(events, [person("ana")])
    with pytest.raises(PathCollision, match="not a plain path"):
        exports.site_file_makers(dataset, SiteConfig(), WHEN)


def test_plain_datasets_plan_every_path_once() -> None:
    dataset = Dataset([event("2025-05-03-a", tags=("x",), actors=("ana",))], [person("ana")])
    pages = plan_site(dataset, SiteConfig(), "")
    assert {"tags/index.md", "tags/x.md", "actors/index.md", "actors/ana.md"} <= set(pages)
    files = [path for path, _ in exports.site_file_makers(dataset, SiteConfig(), WHEN)]
    assert len(files) == len(set(files)) and "actors/ana/feed.xml" in files


def test_every_name_the_site_takes_in_a_section_is_reserved(tmp_path: Path) -> None:
    """Build a real site; in each folder where records get pages, whatever is not a
    record's own page must have a name that no id or tag can take."""
    root = new_project(tmp_path / "project")
    assert build(root, "--strict").returncode == 0
    dataset, _ = load_project(root)
    own = {
        "events": set(dataset.event_by_id),
        "actors": {e.id for e in dataset.people_and_groups()},
        "places": {e.id for e in dataset.places()},
        "tags": set(dataset.events_by_tag),
    }
    docs = root / read_site_config(root).docs_dir
    taken: set[str] = set()
    for tree, strip in ((docs, ".md"), (root / "site", "")):
        for section in SECTIONS:
            folder = tree / section
            for entry in folder.iterdir() if folder.is_dir() else ():
                name = entry.name.removesuffix(strip)
                if name not in own[section]:
                    taken.add(name)
    assert "index" in taken  # the section's own list is there
    for name in taken:
        # a name with a dot ('index.html') is no slug, so it is free of collisions
        assert name in RESERVED_NAMES or "." in name, name
    assert set(SECTIONS) <= set(GENERATED_ROOTS)


@pytest.mark.parametrize("args", [("Index",), ("Index on Censorship", "--slug", "index")])
def test_new_entity_never_writes_a_reserved_id(tmp_path: Path, args: tuple[str, ...]) -> None:
    root = new_project(tmp_path / "project")
    result = run_timeline("new", "entity", *args, "--kind", "media", cwd=root)
    assert result.returncode == 1, result.stderr  # as for any --slug that cannot be an id
    assert "'index' is the name of the pages that list every actor and place" in result.stderr
    assert not (root / "entities" / "index.yaml").exists()
