"""Incremental work gives the same result as doing everything again.

Three layers skip work after an edit: the record cache (generator.records.cache),
the page keys that skip rendering unchanged pages (generator.render.keys and the
write stage), and the incremental site build (generator.site.incremental). Each test
makes edits and compares with a build from scratch of the same sources.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from generator.layout import GENERATED_ROOTS
from generator.records.cache import RecordCache
from generator.records.project import load_project
from generator.render import plan_site, render_site
from generator.settings import read_site_config
from generator.site.generate import home_intro
from generator.site.write import write_generated
from tests.helpers import (
    EPOCH,
    GOLDEN_PROJECT,
    build,
    build_folders_left,
    copy_project,
    edit,
    golden_project,
    tree_digest,
)

GOLDEN = GOLDEN_PROJECT
EVENTS = "events/2025"


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return golden_project(GOLDEN, tmp_path / "project")


def load_cached(root: Path) -> tuple:
    """Load with the record cache and save it, as the build's generator process does."""
    cache = RecordCache(root)
    loaded = load_project(root, cache)
    cache.save()
    return loaded


# the edits each test applies in turn: every kind of input a page shows
EDITS = [
    # a title shows on the event's page, its neighbours', related events' and lists
    (
        f"{EVENTS}/2025-02-03-ministry-responds.yaml",
        "title: The ministry responds",
        "title: The ministry answers",
    ),
    # an entity's name shows on the pages of the events that name it
    ("entities/ministry-of-tests.yaml", "name: ", "name: The "),
    # a new relation shows on both events' pages
    (
        f"{EVENTS}/2025-01-ministry-report.yaml",
        "sources:",
        "related:\n  - event: 2024-12-06-summit-in-capital-city\n    type: follows\nsources:",
    ),
    # a new tag makes a new topic page and changes the tag index
    (
        f"{EVENTS}/2025-02-03-ministry-responds.yaml",
        "tags: [diplomacy]",
        "tags: [diplomacy, new-topic]",
    ),
    # one more event names an actor: its count on the actors' index
    (
        f"{EVENTS}/2025-02-03-ministry-responds.yaml",
        "actors: [ministry-of-tests]",
        "actors: [ministry-of-tests, alice-example]",
    ),
    # a correction's note shows on the corrections and changes pages
    (f"{EVENTS}/2025-02-03-alice-rejects-treaty.yaml", "was **retracted**", "was **withdrawn**"),
    # a new correction: one more row on both
    (
        f"{EVENTS}/2025-02-03-ministry-responds.yaml",
        "sources:",
        "updates:\n  - date: 2025-02-06\n    kind: correction\n    note: The time was wrong.\n"
        "sources:",
    ),
]


def test_loading_with_the_cache_gives_the_same_records(project: Path) -> None:
    plain = load_project(project)
    assert not [d for d in plain[1] if d.severity == "error"]
    first = load_cached(project)
    cached = load_cached(project)
    assert plain[1] == first[1] == cached[1]
    assert plain[0].events == first[0].events == cached[0].events
    assert plain[0].entities == cached[0].entities
    assert list((project / ".cache" / "records").rglob("*.pickle")), "nothing was cached"
    for relative, old, new in EDITS:
        edit(project, relative, old, new)
        fresh, cached = load_project(project), load_cached(project)
        assert fresh[0].events == cached[0].events, relative
        assert fresh[0].entities == cached[0].entities, relative
        assert fresh[1] == cached[1], relative
        assert not [d for d in fresh[1] if d.severity == "error"], relative  # edits stay valid


def test_the_cache_kept_in_memory_reads_every_file_whose_stamps_changed(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """serve's cache (generator.records.cache.keep_in_memory) knows files by their stamps:
    an edit of the same size with its modification time set back is still seen (its change
    time moved), a symbolic link put in a file's place is refused, a file saved within the
    last two seconds is always read again."""
    from generator.records import cache as records_cache

    monkeypatch.setattr(records_cache, "_KEPT", {})
    monkeypatch.setattr(records_cache, "SETTLED_NS", 0)  # every file counts as settled
    records_cache.keep_in_memory(project)

    def load_kept() -> tuple:
        kept = records_cache.for_project(project)
        loaded = load_project(project, kept)
        kept.save()
        return loaded

    assert load_kept()[0].events == load_project(project)[0].events
    record = project / EVENTS / "2025-02-03-ministry-responds.yaml"
    before = os.stat(record)
    edit(project, f"{EVENTS}/2025-02-03-ministry-responds.yaml", "responds", "answers!")
    os.utime(record, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert os.stat(record).st_size == before.st_size
    titles = {event.title for event in load_kept()[0].events}
    assert "The ministry answers!" in titles and "The ministry responds" not in titles
    assert load_kept()[0].events == load_project(project)[0].events
    text = record.read_text(encoding="utf-8")
    record.unlink()
    os.symlink(project / EVENTS / "2025-01-ministry-report.yaml", record)
    assert "symlink" in [d.code for d in load_kept()[1]]
    monkeypatch.setattr(records_cache, "SETTLED_NS", 10**18)
    record.unlink()
    record.write_text(text.replace("answers!", "settled"), encoding="utf-8")
    load_kept()
    record.write_text(text.replace("answers!", "unsettl"), encoding="utf-8")
    assert "The ministry unsettl" in {event.title for event in load_kept()[0].events}


def test_the_cache_keeps_every_diagnostic_and_refuses_symlinks(project: Path) -> None:
    bad = project / EVENTS / "2025-04-01-bad.yaml"
    bad.write_text("title: Bad\ndate: 2025-02-30\nsummary: x\nsources: []\n", encoding="utf-8")
    expected = load_project(project)[1]
    assert expected, "the bad record has errors"
    assert load_cached(project)[1] == expected
    assert load_cached(project)[1] == expected
    # a symbolic link to a file whose bytes are cached is still refused
    bad.unlink()
    link = project / EVENTS / "2025-04-02-link.yaml"
    os.symlink(project / EVENTS / "2025-02-03-ministry-responds.yaml", link)
    codes = [d.code for d in load_cached(project)[1]]
    assert "symlink" in codes


def render_into(root: Path) -> dict[str, str]:
    """Write the pages with page keys, as a build does; the files that result."""
    config = read_site_config(root)
    dataset, _ = load_cached(root)
    docs = root / config.docs_dir
    planned = plan_site(dataset, config, home_intro(docs, config))
    write_generated(docs, planned, GENERATED_ROOTS)
    return {path: (docs / path).read_text(encoding="utf-8") for path in planned}


def test_pages_skipped_by_their_keys_are_the_pages_a_full_render_gives(project: Path) -> None:
    render_into(project)
    for relative, old, new in EDITS:
        edit(project, relative, old, new)
        written = render_into(project)
        config = read_site_config(project)
        dataset, _ = load_project(project)
        full = render_site(dataset, config, home_intro(project / config.docs_dir, config))
        assert written.keys() == full.keys(), relative
        for path in full:
            assert written[path] == full[path], f"{path} is stale after editing {relative}"


FILLER = """title: Filler {number}
date: 2025-{month:02d}-{day:02d}
status: reported
summary: One of many events of a long year.
tags: [diplomacy]
sources:
  - url: https://example.org/filler/{number}
    publisher: Example Daily
    title: Filler report {number}
"""


def test_an_edit_renders_its_own_page_of_a_long_year_and_no_other(project: Path) -> None:
    """A year of more than PAGE_LIMIT events is cut into pages, which show of the events
    listed elsewhere only when and where they are, their names, tags and status (as the
    home page and a timeline that lists the latest events only do of every event): a
    title renders its own page of the year again, not the others, the home page or the
    timeline; a new actor (the filters) every page of the year and the timeline; each
    time every page is as a full render makes it."""
    from generator.render.years import PAGE_LIMIT
    from generator.site.write import render_pages

    for number in range(PAGE_LIMIT + 10):
        month, day = 1 + number % 12, 1 + number % 28
        name = f"2025-{month:02d}-{day:02d}-filler-{number}.yaml"
        (project / EVENTS / name).write_text(FILLER.format(number=number, month=month, day=day))
    filler = f"{EVENTS}/2025-01-01-filler-0.yaml"
    steps = [
        ("", "", "first"),  # every page rendered (a timeline of at most 50 in full)
        ("title: Filler 0\n", "title: Filler zero\n", "some"),
        ("tags: [diplomacy]", "actors: [ministry-of-tests]\ntags: [diplomacy]", "all"),
    ]
    for old, new, which in steps:
        if old:
            edit(project, filler, old, new)
        config = read_site_config(project)
        docs = project / config.docs_dir
        dataset, _ = load_project(project)
        intro = home_intro(docs, config)
        planned = plan_site(dataset, config, intro, full_timeline_limit=50)
        rendered: list[str] = []

        def render(pages: dict, rendered: list[str] = rendered) -> dict[str, str]:
            rendered.extend(pages)
            return render_pages(pages)

        write_generated(docs, planned, GENERATED_ROOTS, render)
        full = render_site(dataset, config, intro, full_timeline_limit=50)
        assert {path: (docs / path).read_text(encoding="utf-8") for path in planned} == full
        if which == "first":
            continue
        year = sorted(path for path in planned if path.startswith("timeline/2025"))
        assert len(year) > 1
        again = sorted(path for path in rendered if path.startswith("timeline/2025"))
        holding = [path for path in year if "Filler zero" in full[path]]
        assert again == (holding if which == "some" else year), (old, again)
        assert ("timeline/index.md" in rendered) == (which == "all")
        assert ("index.md" in rendered) == (which == "all")  # its chart: a new actor's event


def test_topic_and_period_records_reach_every_page_that_shows_them(project: Path) -> None:
    """Adding and editing a topic or a period record leaves no stale page."""
    render_into(project)
    topics, periods = project / "entities" / "topics", project / "entities" / "periods"
    topics.mkdir()
    periods.mkdir()
    (topics / "diplomacy.yaml").write_text("name: Diplomacy and talks\n")
    (periods / "talks.yaml").write_text("name: Talks\nstart: 2024-12\nend: 2025-01\n")
    steps = [
        None,
        ("entities/topics/diplomacy.yaml", "and talks", "and summits"),
        ("entities/periods/talks.yaml", "end: 2025-01", "end: 2025-02-10"),
    ]
    for step in steps:
        if step:
            edit(project, *step)
        written = render_into(project)
        config = read_site_config(project)
        dataset, diagnostics = load_project(project)
        assert not [d for d in diagnostics if d.path.startswith("entities/")]
        full = render_site(dataset, config, home_intro(project / config.docs_dir, config))
        assert written == full, f"stale pages after {step}"
    assert "Diplomacy and summits" in written["tags/diplomacy.md"]
    assert "10 February 2025" in written["timeline/index.md"]


def test_an_unchanged_page_is_neither_rendered_nor_written(project: Path) -> None:
    config = read_site_config(project)
    docs = project / config.docs_dir
    dataset, _ = load_project(project)
    planned = plan_site(dataset, config, home_intro(docs, config))
    first = write_generated(docs, planned, GENERATED_ROOTS)
    assert first.rendered == len(planned)
    again = write_generated(docs, planned, GENERATED_ROOTS)
    always = [path for path, page in planned.items() if page.key is None]
    assert again.rendered == len(always) and not again.written
    # a page only touched (its time changed, not its bytes) is still known: neither is redone
    page = docs / "events" / "2025-02-03-ministry-responds.md"
    os.utime(page, ns=(0, 0))
    third = write_generated(docs, planned, GENERATED_ROOTS)
    assert not third.written and third.rendered == len(always)


# -- the incremental site build -----------------------------------------------------------


def test_an_incremental_build_gives_the_site_a_clean_build_gives(tmp_path: Path) -> None:
    root = copy_project(tmp_path / "a", records_from=GOLDEN)
    result = build(root, "--strict")
    assert result.returncode == 0, result.stderr
    assert "built in full" in result.stderr
    # a page whose output changes, with one more link to its current output: a build
    # that wrote through the links of the copy would change this file too
    page = root / "site" / "events" / "2025-02-03-ministry-responds" / "index.html"
    kept = tmp_path / "kept.html"
    os.link(page, kept)
    before = kept.read_bytes()
    for relative, old, new in EDITS:
        edit(root, relative, old, new)
    (root / "events" / "2024" / "2024-talks-begin.yaml").unlink()
    result = build(root, "--strict")
    assert result.returncode == 0, result.stderr
    assert "built incrementally" in result.stderr
    assert kept.read_bytes() == before, "the build wrote through a link into the old site"
    assert "The ministry answers" in page.read_text(encoding="utf-8")
    assert not (root / "site" / "events" / "2024-talks-begin").exists()
    assert (root / "site" / "tags" / "new-topic" / "index.html").is_file()

    clean = copy_project(tmp_path / "b", records_from=root)
    assert build(clean, "--strict").returncode == 0
    assert tree_digest(root / "site") == tree_digest(clean / "site")


def test_what_every_page_shows_makes_a_full_build(tmp_path: Path) -> None:
    root = copy_project(tmp_path, records_from=GOLDEN)
    assert build(root).returncode == 0
    record = root / EVENTS / "2025-02-03-ministry-responds.yaml"
    record.write_text(record.read_text() + "\n")  # an input changed: else nothing is built
    assert "built incrementally" in build(root).stderr
    assert "built in full" in build(root, "--clean").stderr
    config = root / "mkdocs.yml"
    config.write_text(config.read_text().replace("site_name: ", "site_name: New "))
    assert "built in full" in build(root).stderr
    # a build that was not --strict may have let warnings through: --strict starts over
    assert "built in full" in build(root, "--strict").stderr
    record.write_text(record.read_text() + "\n")
    assert "built incrementally" in build(root, "--strict").stderr


def test_a_failed_incremental_build_leaves_the_site_alone(tmp_path: Path) -> None:
    root = copy_project(tmp_path, records_from=GOLDEN)
    assert build(root, "--strict").returncode == 0
    before = tree_digest(root / "site")
    about = root / "site_src" / "about.md"
    about.write_text(about.read_text() + "\nSee [a page that is not there](missing.md).\n")
    result = build(root, "--strict")
    assert result.returncode != 0
    assert "missing.md" in result.stderr
    assert tree_digest(root / "site") == before
    assert not build_folders_left(root), "a staging folder was left behind"


def test_rendering_on_two_cores_gives_the_same_pages(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from generator.site import workers as parallel

    monkeypatch.setattr(parallel, "MIN_ITEMS", 0)  # split even a small site
    config = read_site_config(project)
    dataset, _ = load_project(project)
    intro = home_intro(project / config.docs_dir, config)
    planned = plan_site(dataset, config, intro)
    rendered = parallel.render_on_two_cores(planned)
    assert list(rendered) == list(planned)
    assert rendered == render_site(dataset, config, intro)


def test_a_build_renders_on_two_cores_from_its_generator_process(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The generator stage runs in a child process, which forks the rendering helper."""
    from io import StringIO

    from generator.site import workers as parallel
    from generator.site.build import build_site

    monkeypatch.setattr(parallel, "MIN_ITEMS", 0)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1750000000")
    monkeypatch.setenv("NO_MKDOCS_2_WARNING", "1")
    root = copy_project(tmp_path / "two", records_from=GOLDEN)
    result = build_site(root, log=StringIO())
    assert result.ok
    assert result.write is not None and result.write.rendered == len(result.pages)
    single = copy_project(tmp_path / "one", records_from=GOLDEN)
    assert build(single).returncode == 0
    assert tree_digest(root / "site") == tree_digest(single / "site")


def test_a_rebuild_of_many_pages_writes_the_downloads_before_mkdocs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A small rebuild's MkDocs runs beside the generator process writing the downloads; one
    that rendered more than RENDERED_AT_ONCE pages (an entity renamed at 20,000 events) waits
    for them first, so that the dataset and MkDocs' pages are never in memory at once."""
    from io import StringIO

    from generator.site import build as building
    from generator.site.build import build_site

    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1750000000")
    monkeypatch.setenv("NO_MKDOCS_2_WARNING", "1")
    root = copy_project(tmp_path / "a", records_from=GOLDEN)
    assert build_site(root, log=StringIO()).ok
    orders = []
    for many in (None, 0):  # as it is; then every rebuild counts as one of many pages
        if many is not None:
            monkeypatch.setattr(building, "RENDERED_AT_ONCE", many)
        relative, old, new = EDITS[len(orders)]
        edit(root, relative, old, new)
        result = build_site(root, log=StringIO())
        assert result.ok and result.incremental and result.write.rendered > 0
        stages = list(result.timings)
        orders.append(stages.index("wait for downloads") < stages.index("mkdocs"))
    assert orders == [False, True]
    clean = copy_project(tmp_path / "b", records_from=root)
    assert build(clean).returncode == 0
    assert tree_digest(root / "site") == tree_digest(clean / "site")


# -- an incremental build is a clean build, whatever the edits and their times ---------------

OLD_TIME = 1577836800  # 2020-01-01, as tar, `cp -p` or rsync restore a file's time


def fresh_copy(root: Path, dest: Path) -> Path:
    """The sources of `root` as a fresh checkout has them: records, mkdocs.yml, site_src/."""
    for name in ("events", "entities"):
        shutil.copytree(root / name, dest / name)
    shutil.copy2(root / "mkdocs.yml", dest / "mkdocs.yml")
    shutil.copytree(
        root / "site_src",
        dest / "site_src",
        ignore=lambda folder, names: [
            n
            for n in names
            if Path(folder) == root / "site_src" and n in (*GENERATED_ROOTS, ".generated")
        ],
    )
    return dest


def site_files(site: Path) -> dict[str, bytes | None]:
    """Every file (its bytes) and folder (None) of a built site, by path."""
    return {
        path.relative_to(site).as_posix(): path.read_bytes() if path.is_file() else None
        for path in site.rglob("*")
    }


def remove_tag_and_actor(root: Path) -> None:
    # the last use of the tag 'reports'; an actor deleted with its uses (its page had a
    # feed), and one no event names
    edit(root, f"{EVENTS}/2025-01-ministry-report.yaml", "tags: [reports]", "tags: []")
    summit = "events/2024/2024-12-06-summit-in-capital-city.yaml"
    edit(root, summit, "actors: [alice-example, bob-example]", "actors: [alice-example]")
    proposal = f"{EVENTS}/2025-01-15-bob-proposes-treaty.yaml"
    edit(root, proposal, "actors: [bob-example, ministry-of-tests]", "actors: [ministry-of-tests]")
    (root / "entities" / "bob-example.yaml").unlink()
    (root / "entities" / "daily-example.yaml").unlink()


def edit_about_with_an_old_time(root: Path) -> None:
    about = root / "site_src" / "about.md"
    about.write_text(about.read_text() + "\nA paragraph added in 2020, restored from a backup.\n")
    os.utime(about, (OLD_TIME, OLD_TIME))


def restore_old_versions(root: Path) -> None:
    # the tag back, a record edited and restored with an old time, a page touched only
    edit(root, f"{EVENTS}/2025-01-ministry-report.yaml", "tags: []", "tags: [reports, new-topic]")
    record = root / EVENTS / "2025-02-03-ministry-responds.yaml"
    edit(root, f"{EVENTS}/2025-02-03-ministry-responds.yaml", "title: ", "title: Restored, ")
    os.utime(record, (OLD_TIME, OLD_TIME))
    os.utime(root / "site_src" / "contribute.md")
    about = root / "site_src" / "about.md"
    about.write_text(about.read_text().replace("restored from a backup", "restored again"))
    os.utime(about, (OLD_TIME - 86400, OLD_TIME - 86400))


def test_an_incremental_build_after_any_edits_is_byte_identical_to_a_clean_one(
    tmp_path: Path,
) -> None:
    """Each step is built incrementally, then compared with a clean build of a fresh copy."""
    root = copy_project(tmp_path / "edited", records_from=GOLDEN)
    assert build(root, "--strict").returncode == 0
    for number, step in enumerate(
        [remove_tag_and_actor, edit_about_with_an_old_time, restore_old_versions]
    ):
        step(root)
        result = build(root, "--strict")
        assert result.returncode == 0, result.stderr
        assert "built incrementally" in result.stderr, step.__name__
        clean = fresh_copy(root, tmp_path / f"clean-{number}")
        assert build(clean, "--strict").returncode == 0
        incremental, expected = site_files(root / "site"), site_files(clean / "site")
        differ = sorted(
            p
            for p in incremental.keys() | expected.keys()
            if incremental.get(p, b"-") != expected.get(p, b"-")
        )
        assert not differ, f"after {step.__name__}, these differ from a clean build: {differ}"
    assert "restored again" in (root / "site" / "about" / "index.html").read_text()


def test_feeds_of_untouched_tags_and_actors_are_not_written_again(tmp_path: Path) -> None:
    """A rebuild writes the downloads whose inputs changed; the others stay, byte for byte."""
    root = copy_project(tmp_path / "a", records_from=GOLDEN)
    assert build(root).returncode == 0
    site = root / "site"
    feeds = {
        "touched": ["tags/reports/feed.xml", "actors/ministry-of-tests/feed.xml"],
        "untouched": [
            *["tags/summits/feed.xml", "tags/treaties/feed.xml"],
            *["actors/alice-example/feed.xml", "actors/bob-example/feed.xml"],
        ],
    }
    downloads = [*feeds["touched"], *feeds["untouched"], "data/events.json", "feed.xml"]
    before = {path: os.lstat(site / path).st_ino for path in downloads}
    edit(root, f"{EVENTS}/2025-01-ministry-report.yaml", "title: ", "title: Revised ")
    result = build(root)
    assert result.returncode == 0, result.stderr
    assert "built incrementally" in result.stderr
    after = {path: os.lstat(site / path).st_ino for path in downloads}
    rewritten = sorted(path for path in downloads if after[path] != before[path])
    assert rewritten == sorted([*feeds["touched"], "data/events.json", "feed.xml"])
    assert "Revised " in (site / "tags/reports/feed.xml").read_text()

    clean = copy_project(tmp_path / "b", records_from=root)
    assert build(clean).returncode == 0
    assert tree_digest(site) == tree_digest(clean / "site")


def test_mkdocs_on_two_cores_builds_the_site_one_process_builds(tmp_path: Path) -> None:
    """The full build's MkDocs processes, two side by side, and a few pages each one after
    the other, give the same bytes as one process (generator.site.mkdocs)."""
    digests = []
    for processes, per_process in (("1", ""), ("2", ""), ("2", "5"), ("1", "7")):
        root = copy_project(tmp_path / f"{processes}-{per_process}", records_from=GOLDEN)
        env = {
            "TIMELINE_MKDOCS_PROCESSES": processes,
            "TIMELINE_MKDOCS_PAGES_PER_PROCESS": per_process,
        }
        result = build(root, "--strict", env=env)
        assert result.returncode == 0, result.stderr
        runs = result.stderr.count("Documentation built")
        assert runs == int(processes) if not per_process else runs > 2 * int(processes)
        assert not [p for p in (root / "site").rglob("*") if p.is_file() and p.stat().st_size == 0]
        digests.append(tree_digest(root / "site"))
    assert digests[0] == digests[1] == digests[2] == digests[3]


NEW_EVENT = """title: A new mission report
date: 2025-03-02
status: confirmed
summary: The monitoring mission published its first report.
actors: [ministry-of-tests]
tags: [reports]
sources:
  - url: https://example.org/mission/report
    publisher: Ministry of Tests
    title: First report
"""


def add_event(root: Path) -> None:
    (root / EVENTS / "2025-03-02-new-mission-report.yaml").write_text(NEW_EVENT)


def delete_event(root: Path) -> None:
    # nothing relates to it; its page goes: the preview cannot update site/ in place
    (root / EVENTS / "2025-03-01-monitoring-mission.yaml").unlink()


def edit_a_title(root: Path) -> None:
    # pages that are there already: the warm MkDocs renders them from the pages it listed
    # before the save (generator.site.mkdocs_pages.prepare)
    edit(root, *EDITS[0])


def edit_the_rest(root: Path) -> None:
    # a new topic page among them: the warm MkDocs lists the pages again
    for relative, old, new in EDITS[1:]:
        edit(root, relative, old, new)


def tamper_with_the_site(root: Path) -> None:
    # a file of site/ that the last build did not write: site/ is not proven, the build is
    # a full one (its generator, started before the proof, is started again for the downloads)
    (root / "site" / "stray.txt").write_text("not the build's")


def test_serves_preview_then_its_background_build_give_the_clean_site(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`timeline serve`'s way (generator.site.warm): MkDocs forked from a warm process, only
    the changed pages rendered into site/ (generator.site.preview_build) or, when a page is
    deleted, the linked copy; the search index and downloads deferred; the generator started
    before the proof of site/, forked from a process that keeps the records and their hashes
    in memory (serve's Rebuilder); then an ordinary build: every page is the page of a clean
    build, then the whole site is. A site/ that is not the last build's: a full build."""
    from generator.records.cache import keep_in_memory
    from generator.render import keys
    from generator.site.build import build_site
    from generator.site.serve import Rebuilder
    from generator.site.warm import DEFERRED_DOWNLOADS, DEFERRED_SEARCH, Preview

    for name, value in EPOCH.items():
        monkeypatch.setenv(name, value)
    root = copy_project(tmp_path / "a", records_from=GOLDEN)
    assert build(root).returncode == 0
    keep_in_memory(root)
    serving = Rebuilder(root, root / "site", strict=False)
    warm = serving.mkdocs  # which lists the pages between builds (WarmMkDocs.prepare)
    serving.between_builds()
    steps = [(edit_a_title, True), (edit_the_rest, True), (add_event, True), (delete_event, False)]
    try:
        for number, (step, in_place) in enumerate([*steps, (tamper_with_the_site, None)]):
            step(root)
            clean = copy_project(tmp_path / f"clean-{number}", records_from=root)
            assert build(clean).returncode == 0
            how = Preview(warm, defer=True, likely_in_place=True)
            result = build_site(root, log=open(os.devnull, "w"), preview=how)  # noqa: SIM115
            serving.between_builds()  # as serve does after each build
            if in_place is None:
                assert result.ok and not result.incremental and not how.deferred
                assert tree_digest(root / "site") == tree_digest(clean / "site")
                continue
            assert result.ok and result.incremental
            assert how.deferred == [DEFERRED_DOWNLOADS, DEFERRED_SEARCH]
            assert how.in_place == in_place, step.__name__
            preview, expected = site_files(root / "site"), site_files(clean / "site")
            pages = [path for path in expected if path.endswith(".html")]
            differ = [path for path in pages if preview.get(path) != expected[path]]
            assert not differ, f"after {step.__name__}, these pages differ: {differ}"
            assert preview != expected  # the search index and the downloads are the previous ones
            if step is add_event:
                continue  # the next step starts from the preview: deferred work piles up
            result = build(root)
            assert result.returncode == 0 and "built incrementally" in result.stderr, result.stderr
            assert tree_digest(root / "site") == tree_digest(clean / "site")
    finally:
        warm.stop()
        keys.remember([])
