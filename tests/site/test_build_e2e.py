"""End to end: `timeline build --strict` on the real records, read back from the HTML.

The seed site is built once per session (tests/conftest.py) from a copy of
the repository and read with html.parser: every internal link and anchor
resolves, related events link both ways with the right labels, every actor,
place and topic page lists its events in order, and event pages stay out of
the navigation. Other tests
check what a failed or repeated build does to site/, and `timeline serve`.
"""

from __future__ import annotations

import json
import re
import signal
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path, PurePosixPath
from urllib.parse import urljoin, urlsplit

import pytest

from generator.layout import entity_path, event_path
from generator.records.model import RELATION_LABELS
from generator.records.project import load_project
from generator.site.manifest import read_manifest
from tests.helpers import (
    GOLDEN_PROJECT,
    REPO,
    build,
    build_folders_left,
    copy_project,
    dead_build_folder,
    fetch,
    free_port,
    start_serve,
    stop_serve,
    tree_digest,
    wait_for,
)

INVERSE = {}
for forward, backward in RELATION_LABELS.values():
    INVERSE[forward], INVERSE[backward] = backward, forward
NAV = ["Home", "Timeline", "Actors", "Places", "Topics", "Changes", "Data", "About"]


class Page(HTMLParser):
    """The links, ids, navigation and sections of one built page."""

    def __init__(self, url: str) -> None:
        super().__init__(convert_charrefs=True)
        self.url = url
        self.ids: set[str] = set()
        self.links: list[tuple[str, str]] = []  # (href, section heading id)
        self.nav_titles: list[str] = []
        self.nav_hrefs: list[str] = []
        self.section = ""
        self.list_items: dict[str, list[tuple[str, list[str]]]] = {}  # section -> (text, hrefs)
        self.event_list: list[str] = []  # hrefs of the short event lists, in order
        self._item: tuple[list[str], list[str]] | None = None
        self._in_event_item = False
        self._in_tabs = False
        self._tab_title: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list) -> None:
        attributes = dict(attrs)
        classes = (attributes.get("class") or "").split()
        if "id" in attributes:
            self.ids.add(attributes["id"])
        if tag == "h2":
            self.section = attributes.get("id", "")
        if tag == "span" and "event-list__date" in classes:
            self._in_event_item = True
        if tag == "nav" and "md-tabs" in classes:
            self._in_tabs = True
        if tag == "nav" and "event-nav" in classes:
            self.section = "event-nav"
        if tag == "li" and self.section:
            self._item = ([], [])
        if tag == "a" and "href" in attributes:
            href = attributes["href"]
            self.links.append((href, self.section))
            if self._item is not None:
                self._item[1].append(href)
            if self._in_event_item:
                self.event_list.append(href)
            if self._in_tabs and "md-tabs__link" in classes:
                self.nav_hrefs.append(href)
                self._tab_title = []

    def handle_endtag(self, tag: str) -> None:
        if tag == "li":
            self._in_event_item = False
        if tag == "nav":
            self._in_tabs = False
        if tag == "a" and self._tab_title is not None:
            self.nav_titles.append(" ".join("".join(self._tab_title).split()))
            self._tab_title = None
        if tag == "li" and self._item is not None:
            text = " ".join("".join(self._item[0]).split())
            self.list_items.setdefault(self.section, []).append((text, self._item[1]))
            self._item = None

    def handle_data(self, data: str) -> None:
        if self._item is not None:
            self._item[0].append(data)
        if self._tab_title is not None:
            self._tab_title.append(data)


class Site:
    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self._pages: dict[str, Page] = {}

    def file_of(self, url: str) -> Path:
        path = urlsplit(url).path.lstrip("/")
        target = self.folder / path
        return target / "index.html" if path == "" or path.endswith("/") else target

    def page(self, url: str) -> Page:
        if url not in self._pages:
            page = Page(url)
            page.feed(self.file_of(url).read_text(encoding="utf-8"))
            self._pages[url] = page
        return self._pages[url]

    def all_page_urls(self) -> list[str]:
        return sorted(
            "/" + p.parent.relative_to(self.folder).as_posix().removeprefix(".") + "/"
            for p in self.folder.rglob("index.html")
        )


def url_to_id(href: str, base: str) -> str:
    """'../../events/x/' seen from base -> 'x'."""
    parts = PurePosixPath(urlsplit(urljoin(base, href)).path).parts
    assert parts[1] == "events", href
    return parts[2]


@pytest.fixture(scope="module")
def seed_site(seed_project: Path) -> tuple[Path, Site]:
    """The seed site built once per session (tests/conftest.py), read here."""
    return seed_project, Site(seed_project / "site")


def test_every_internal_link_and_anchor_resolves(seed_site) -> None:
    _, site = seed_site
    urls = site.all_page_urls()
    assert len(urls) > 40
    for url in urls:
        for href, _ in site.page(url).links:
            scheme, netloc, path, _, fragment = urlsplit(href)
            if scheme or netloc:
                continue
            if url == "/data/" and not path.endswith("/"):
                continue  # the downloads: the exports are not yet wired into the build
            target = urljoin(url, href)
            assert site.file_of(target).is_file(), f"{url}: broken link {href}"
            if fragment and site.file_of(target).suffix == ".html":
                assert fragment in site.page(urlsplit(target).path).ids, f"{url}: {href}"


def test_related_events_link_both_ways_with_their_labels(seed_site) -> None:
    root, site = seed_site
    dataset, _ = load_project(root)
    seen = 0
    for event in dataset.events:
        url = f"/events/{event.id}/"
        for text, hrefs in site.page(url).list_items.get("related-events", []):
            label = text.split(":", 1)[0]
            other = url_to_id(hrefs[0], url)
            back = site.page(f"/events/{other}/").list_items.get("related-events", [])
            assert any(
                t.split(":", 1)[0] == INVERSE[label] and url_to_id(h[0], "/events/x/") == event.id
                for t, h in back
            ), f"{other} does not link back to {event.id} as '{INVERSE[label]}'"
            seen += 1
    declared = sum(len(e.related) for e in dataset.events)
    assert declared > 0 and seen == 2 * declared


def test_entity_and_tag_pages_list_their_events_in_order(seed_site) -> None:
    root, site = seed_site
    dataset, _ = load_project(root)
    pages = [
        (f"/{'places' if e.is_place else 'actors'}/{e.id}/", dataset.events_by_entity.get(e.id))
        for e in dataset.entities.values()
    ] + [(f"/tags/{tag}/", events) for tag, events in dataset.events_by_tag.items()]
    for url, events in pages:
        # a row for each of the page's events, linked to its page, in time order
        html = site.file_of(url).read_text()
        listed = re.findall(
            r'<div class="tl-entry [^"]*tl-entry--row[^>]*>.*?<p class="tl-entry__title">'
            r'<a href="\.\./\.\./events/([^"/]+)/">',
            html,
        )
        assert listed == [e.id for e in events or []], url
        if url.startswith(("/actors/", "/places/")):  # and the count, in words that agree
            count = len(events or [])
            said = {0: "No event names this", 1: "1 event names this"}.get(count)
            assert (said or f"{count} events name this") in html, url


def test_event_pages_are_out_of_the_navigation(seed_site) -> None:
    _, site = seed_site
    events = [u for u in site.all_page_urls() if u.startswith("/events/")]
    home = site.page("/")
    assert home.nav_titles == NAV
    assert not any("events/" in href for href in home.nav_hrefs)
    # an event page has the lean frame: no tabs, no drawer, no repository link,
    # no back-to-top; its breadcrumbs lead up to the timeline
    for url in events:
        html = site.file_of(url).read_text()
        assert site.page(url).nav_titles == [], url
        for gone in ('for="__drawer"', "md-sidebar", "md-source", "md-top", "md-tabs"):
            assert gone not in html.replace('<label class="md-overlay" for="__drawer">', ""), url
        assert 'class="tl-breadcrumbs"' in html and 'href="../../timeline/"' in html, url
        assert 'class="md-header__button md-logo"' in html and "data-tl-search" in html, url
    # every other page keeps Material's whole frame
    for url in ("/", "/timeline/", "/actors/claudia-sheinbaum/", "/tags/sovereignty/"):
        html = site.file_of(url).read_text()
        assert site.page(url).nav_titles == NAV, url
        for kept in (
            '<label class="md-header__button md-icon" for="__drawer">',
            "md-sidebar--primary",
            "md-source",
            "md-top",
        ):
            assert kept in html, url


def test_event_pages_show_what_the_brief_lists(seed_site) -> None:
    _, site = seed_site
    html = site.file_of("/events/2025-05-03-sheinbaum-rejects-us-troops/").read_text()
    for needle in (
        "3 May 2025",
        'class="status status--confirmed"',
        'id="source-1"',
        'href="#source-2"',
        'href="../../actors/claudia-sheinbaum/"',
        'href="../../places/texcoco/"',
        'href="../../tags/sovereignty/"',
        "Responds to",
        "Update, 4 May 2025",
        'class="event-around"',
        'rel="prev"',
        'rel="next"',
        # its place on the timeline: the card's anchor on its year page
        'href="../../timeline/2025/#event-2025-05-03-sheinbaum-rejects-us-troops"',
        "https://github.com/timeline-tracker/us-mexico-timeline/edit/main/events/2025/"
        "2025-05-03-sheinbaum-rejects-us-troops.yaml",
    ):
        assert needle in html, needle


def test_home_page_has_the_chart_and_its_numbers(seed_site) -> None:
    _, site = seed_site
    html = site.file_of("/").read_text()
    assert '<figure class="tl-chart"' in html and '<desc id="tl-chart-desc-wide">' in html
    assert "<table" in html and 'class="tl-chart__link" href="timeline/2025/#event-' in html
    assert len(re.findall(r'<div class="tl-entry[ "]', html)) == 5


def test_timeline_entries_carry_filter_hooks(seed_site) -> None:
    root, site = seed_site
    dataset, _ = load_project(root)
    html = site.file_of("/timeline/").read_text()
    entries = [
        dict(re.findall(r'(data-\w+)="([^"]*)"', tag))
        for tag in re.findall(r'<div class="tl-entry[ "][^>]*>', html)
    ]
    assert [
        {
            "data-date": e.date.earliest.isoformat(),  # for "jump to date"
            "data-status": e.status,
            "data-actors": " ".join(e.actors),
            "data-places": " ".join(e.places),
            "data-tags": " ".join(e.tags),
            "data-day": e.date.earliest.strftime("%Y%m%d"),
        }
        for e in dataset.events
    ] == [{k: v for k, v in e.items() if k != "data-pagefind-ignore"} for e in entries]


def test_a_failed_build_leaves_the_previous_site_as_it_was(tmp_path: Path) -> None:
    root = copy_project(tmp_path)
    assert build(root, "--strict").returncode == 0
    before = tree_digest(root / "site")
    manifest = (root / "site_src" / ".generated").read_bytes()

    bad = root / "events" / "2025" / "2025-02-30-impossible.yaml"
    bad.write_text(
        'title: Impossible\ndate: "2025-02-30"\nsummary: x\n'
        "sources:\n  - url: https://example.org\n    publisher: X\n    title: Y\n"
    )
    result = build(root, "--strict")
    assert result.returncode == 1
    assert "2025-02-30-impossible.yaml" in result.stderr
    assert tree_digest(root / "site") == before
    assert (root / "site_src" / ".generated").read_bytes() == manifest
    bad.unlink()

    about = root / "site_src" / "about.md"
    about.write_text(about.read_text() + "\nSee [a page that is not there](missing.md).\n")
    result = build(root, "--strict")
    assert result.returncode != 0
    assert "missing.md" in result.stderr
    assert tree_digest(root / "site") == before
    assert not build_folders_left(root), "the staging folder was left behind"


def test_two_builds_of_the_same_input_are_identical(seed_project: Path, tmp_path: Path) -> None:
    # the first build is the session's seed site; the second, and a rebuild, are made here
    second = copy_project(tmp_path / "second")
    assert build(second, "--strict").returncode == 0
    assert tree_digest(seed_project / "site") == tree_digest(second / "site")
    assert build(second, "--strict").returncode == 0
    assert tree_digest(seed_project / "site") == tree_digest(second / "site")


def test_a_rebuild_after_one_edit_writes_few_files(tmp_path: Path) -> None:
    root = copy_project(tmp_path)
    assert build(root).returncode == 0
    docs = root / "site_src"
    generated = sorted(read_manifest(docs))

    def stamps() -> dict[str, tuple[int, int]]:
        return {p: ((docs / p).stat().st_ino, (docs / p).stat().st_mtime_ns) for p in generated}

    before = stamps()
    edited = root / "events/2025/2025-02-27-mexico-sends-29-cartel-figures-to-us.yaml"
    edited.write_text(edited.read_text().replace("summary: >-\n", "summary: >-\n  Edited.\n", 1))
    assert build(root).returncode == 0
    after = stamps()
    changed = sorted(p for p in generated if before[p] != after[p])
    assert "events/2025-02-27-mexico-sends-29-cartel-figures-to-us.md" in changed
    pages = {p for p in changed if p.endswith(".md")}
    # the event, the timeline, its year, maybe the home page, and the pages that show its
    # card (its actors', places' and topics')
    dataset, _ = load_project(root)
    event = dataset.event_by_id["2025-02-27-mexico-sends-29-cartel-figures-to-us"]
    named = (dataset.entities[i] for i in (*event.actors, *event.places))
    showing = {entity_path(e) for e in named} | {f"tags/{t}.md" for t in event.tags}
    assert pages <= {event_path(event.id), "timeline/index.md", "timeline/2025.md", "index.md"} | (
        showing
    ), pages
    # the downloads hold every event: those that name the edited event change too
    downloads = [p for p in changed if not p.endswith(".md")]
    assert all(p.startswith("data/") or p.endswith("feed.xml") for p in downloads), downloads
    page = root / "site/events/2025-02-27-mexico-sends-29-cartel-figures-to-us/index.html"
    assert "Edited." in page.read_text()


def test_record_text_is_inert_in_the_built_site(tmp_path: Path) -> None:
    root = copy_project(tmp_path, records_from=GOLDEN_PROJECT)
    result = build(root, "--strict")
    assert result.returncode == 0, result.stderr
    html = (root / "site/events/2025-02-03-alice-rejects-treaty/index.html").read_text()
    article = html[html.index("<article") : html.index("</article>")]
    # the one script is the page's JSON-LD, which holds data, not code
    assert not re.search(r"<script(?![^>]*application/ld\+json)", article, re.IGNORECASE)
    assert article.lower().count("<script") == 1
    assert not re.search(r"""href\s*=\s*["']?\s*javascript:""", article)
    assert not re.search(r"<[^>]*\bonclick", article)
    assert "<b>not bold" not in article and "<i>not italic" not in article
    assert "<em>not emphasis" not in article
    # shown as text, as typed
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in article
    assert "[click](javascript:alert(2))" in article


def test_serve_rebuilds_and_serves_the_change(tmp_path: Path) -> None:
    root = copy_project(tmp_path)
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    server = start_serve(root, port)
    try:
        page_url = f"{base}/events/2025-08-12-mexico-sends-26-cartel-figures-to-us/"
        page = wait_for(lambda: fetch(page_url), 120, "the first build")
        assert "/__timeline__/build" in page  # the reload script is added when served
        built = root / "site/events/2025-08-12-mexico-sends-26-cartel-figures-to-us/index.html"
        assert "__timeline__" not in built.read_text()
        generation = fetch(f"{base}/__timeline__/build")
        record = root / "events/2025/2025-08-12-mexico-sends-26-cartel-figures-to-us.yaml"
        text = record.read_text()
        changed = re.sub(r"^title: .*$", "title: A title changed while serving", text, flags=re.M)
        record.write_text(changed)
        wait_for(lambda: "A title changed while serving" in fetch(page_url), 60, "the rebuild")
        wait_for(lambda: fetch(f"{base}/__timeline__/build") != generation, 10, "a new build")
    finally:
        stop_serve(server)


def test_a_save_leaves_dead_builds_folders_to_serves_background_build(tmp_path: Path) -> None:
    """Deleting a dead build's linked copy of the site takes a core and the disk for seconds
    at 10,000 events: a save's build leaves it, and the background build deletes it."""
    root = copy_project(tmp_path / "project")
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    log = tmp_path / "serve.log"
    with log.open("w") as stderr:
        server = start_serve(root, port, stderr=stderr)
    try:
        page_url = f"{base}/events/2025-08-12-mexico-sends-26-cartel-figures-to-us/"
        wait_for(lambda: fetch(page_url), 120, "the first build")
        dead = dead_build_folder(root)  # as a build killed at a save leaves it
        record = root / "events/2025/2025-08-12-mexico-sends-26-cartel-figures-to-us.yaml"
        record.write_text(re.sub(r"^title: .*$", "title: Saved", record.read_text(), flags=re.M))
        wait_for(lambda: "<title>Saved" in fetch(page_url), 60, "the rebuild")
        assert dead.is_dir(), log.read_text()  # left by the save's build
        wait_for(lambda: json.loads(fetch(f"{base}/__timeline__/build"))["deferred"] == [], 120,
                 "the background build")  # fmt: skip
        assert not dead.exists()
        assert f"removed {dead.name}, left by a build that was interrupted" in log.read_text()
    finally:
        stop_serve(server)


_STOPPED_MID_BUILD = """
import signal, sys, time
from pathlib import Path
def interrupt(signum, frame):
    raise KeyboardInterrupt
signal.signal(signal.SIGTERM, interrupt)  # as timeline serve does, whose children are forks
from generator.settings import read_site_config
from generator.site.generator_process import GeneratorProcess
root = Path(sys.argv[1])
(root / "downloads").mkdir()
process = GeneratorProcess(root, read_site_config(root), root / "downloads", {})
process.start()
time.sleep(0.05)
assert process._child.is_alive(), "the generator ended before it was stopped"
process.stop()  # as serve stopping (Ctrl-C, or a process manager) stops its build
print(process._child.exitcode)
"""


def test_a_build_stopped_by_serve_ends_its_generator_without_a_traceback(tmp_path: Path) -> None:
    """serve stops a build under way by SIGTERM to its generator, a fork of serve: the fork
    must not run serve's own handler for it, which printed a traceback on every Ctrl-C."""
    root = copy_project(tmp_path)
    result = subprocess.run(
        [sys.executable, "-c", _STOPPED_MID_BUILD, str(root)],
        capture_output=True,
        text=True,
        cwd=REPO,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == str(-signal.SIGTERM)
    assert "Traceback" not in result.stderr and "KeyboardInterrupt" not in result.stderr
