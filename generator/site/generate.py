"""The generator stage of a build: the records in, the pages under docs_dir and the downloads out.

`generate` loads and validates every record (from the cache of parsed records,
generator.records.cache), checks that the generated folders hold only what
this machine's builds wrote there, and writes the pages whose inputs changed
(rendered on two cores, generator.site.workers). Nothing is written if
anything is wrong. What the downloads are made from is kept (`Downloads`), so
that they can be written while MkDocs builds the pages.

Warnings about records (a source without a title) are counted in one line and
do not stop the build, with or without --strict: `timeline validate` lists
them, and `timeline validate --strict` is the check for them.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import TextIO

from generator import exports, layout
from generator.diagnostics import Diagnostic, Severity, count, format_text, has_errors, plural
from generator.layout import GENERATED_ROOTS
from generator.records.cache import for_project
from generator.records.checks import REVIEW_ONLY
from generator.records.model import Dataset
from generator.records.project import load_project
from generator.render import plan_site
from generator.render.keys import PageKeys
from generator.render.pages import PlannedPage
from generator.settings import SiteConfig
from generator.site.collector import collector_paused
from generator.site.history import read_history, record_paths
from generator.site.integrity import HOME_INTRO
from generator.site.manifest import CODE as GENERATED_FILE
from generator.site.manifest import check_generated
from generator.site.timings import Stopwatch
from generator.site.workers import render_on_two_cores
from generator.site.write import WriteReport, render_pages, write_generated

# above this many pages the dataset is rendered from on one core only: a forked helper
# rendering half of them reads, and so holds, nearly all of it too; at 10,000 events
# (11,500 pages) the two were 750 MB, and with MkDocs and Pagefind bounded
# (generator.site.mkdocs, search_index) this would be the peak of a larger build
MAX_PAGES_FOR_TWO = 12_000


@dataclass
class PagesWritten:
    """What the generator stage did under docs_dir; `ok` False if it refused to write."""

    ok: bool
    write: WriteReport | None = None
    pages: list[str] = field(default_factory=list)  # generated pages, under docs_dir
    sources: dict[str, str] = field(default_factory=dict)  # their SHA-256, by path
    timings: dict[str, float] = field(default_factory=dict)
    years: dict[str, int] = field(default_factory=dict)  # of each event page, by path
    events_per_year: dict[int, int] = field(default_factory=dict)


@dataclass
class DownloadsWritten:
    paths: list[str]  # every download of the site, under the site root
    written: list[str]  # those written into the folder; the others are as the last build left them
    keys: dict[str, str]  # what each one is made from (generator.render.keys), by path


@dataclass(frozen=True)
class Downloads:
    """What the downloads (events.json, the feeds, ...) are made from."""

    dataset: Dataset
    config: SiteConfig
    when: datetime

    def keys(self) -> dict[str, str]:
        """The key of each download, by path: see generator.render.keys."""
        keys = PageKeys(self.dataset, self.config)
        scopes = exports.feed_scopes(self.dataset)
        whole = keys.whole_dataset(self.when)
        found = {}
        for path, _ in exports.site_file_makers(self.dataset, self.config, self.when):
            scope = scopes.get(path)
            found[path] = whole if scope is None else keys.download(*scope)
        return found

    def write(self, folder: Path, kept: dict[str, str]) -> DownloadsWritten:
        """Write into `folder` (the build's own) every download whose key is not as in `kept`.

        `kept` holds the keys of the downloads the site being built starts from
        (empty for a full build). One at a time: all of them are 90 MB at 10,000 events.
        """
        keys = self.keys()
        written = []
        for path, make in exports.site_file_makers(self.dataset, self.config, self.when):
            if kept.get(path) == keys[path]:
                continue
            target = folder / path
            target.parent.mkdir(parents=True, exist_ok=True)
            # a folder of this build's own, which nothing reads until the site is swapped in
            with target.open("w", encoding="utf-8", newline="") as file:
                file.writelines(make())
            written.append(path)
        return DownloadsWritten(sorted(keys), written, keys)


@dataclass
class Generated:
    pages: PagesWritten
    downloads: Downloads | None = None  # None when nothing was written


def home_intro(docs_dir: Path, config: SiteConfig) -> str:
    """The hand-written introduction of the home page, or the site's name without one."""
    try:
        return (docs_dir / HOME_INTRO).read_text(encoding="utf-8")
    except FileNotFoundError:
        return f"# {config.name}\n"


def generate(root: Path, config: SiteConfig, log: TextIO) -> Generated:
    """Validate the records and write the generated pages of docs_dir; nothing if invalid."""
    stopwatch = Stopwatch()
    docs_dir = root / config.docs_dir
    generated = f"in {config.docs_dir}/'s generated folders"
    with stopwatch.stage("load"):
        cache = for_project(root)  # serve's, kept in memory, or a new one
        # this is the generator's own process (generator_process): the collector may stay
        # frozen on what the load made, which lives until the process ends
        with collector_paused():
            dataset, diagnostics = load_project(root, cache)
        cache.save()
        if not has_errors(diagnostics):
            dataset.history = read_history(root, record_paths(dataset), exports.build_time())
            if not dataset.history.known:
                log.write(f"timeline: dates of changes not shown: {dataset.history.note}\n")
    diagnostics = [d for d in diagnostics if d.code not in REVIEW_ONLY]
    if has_errors(diagnostics):
        foreign = check_generated(docs_dir, GENERATED_ROOTS, config.docs_dir)[1]
        _refused([("in the records", diagnostics), (generated, foreign)], log)
        return Generated(PagesWritten(False, timings=stopwatch.timings))
    with stopwatch.stage("write"):
        when = exports.build_time()
        files: dict = dict(plan_site(dataset, config, home_intro(docs_dir, config)))
        # whatever is in the generated folders must be what this machine's builds wrote there
        manifest, foreign = check_generated(docs_dir, GENERATED_ROOTS, config.docs_dir, files)
        if _refused([("in the records", diagnostics), (generated, foreign)], log):
            return Generated(PagesWritten(False, timings=stopwatch.timings))

        # a helper reads (and so holds) about as much of the dataset as this process
        two = len(files) <= MAX_PAGES_FOR_TWO

        def render(pages: dict[str, PlannedPage]) -> dict[str, str]:
            with stopwatch.stage("render"):  # only the pages whose inputs changed
                return render_on_two_cores(pages) if two else render_pages(pages)

        report = write_generated(docs_dir, files, GENERATED_ROOTS, render, manifest)
    written = PagesWritten(True, report, sorted(files), report.sha256, stopwatch.timings)
    written.years = {layout.event_path(event.id): event.year for event in dataset.events}
    written.events_per_year = dict(Counter(written.years.values()))
    return Generated(written, Downloads(dataset, config, when))


def _refused(groups: list[tuple[str, list[Diagnostic]]], log: TextIO) -> bool:
    """Print the errors, and one line for the warnings; True (saying that nothing was
    built) if there is an error.

    `groups` are (where the problems are, for the summary line, the problems). The
    warnings are counted, not listed: on every build and every rebuild of `serve` they
    would bury what the contributor is working on; `timeline validate` lists them.
    """
    found = sorted(
        (d for _, problems in groups for d in problems), key=lambda d: (d.path, d.line, d.col)
    )
    counts = count(found)
    log.write(format_text([d for d in found if d.severity is Severity.ERROR]))
    if counts.warnings:
        them = "it" if counts.warnings == 1 else "them"
        log.write(
            f"timeline: {plural(counts.warnings, 'warning')}; list {them} with: timeline validate\n"
        )
    errors = counts.errors
    if not errors:
        return False
    places = " and ".join(where for where, problems in groups if has_errors(problems))
    log.write(f"timeline: {plural(errors, 'error')} {places}; nothing was generated or built\n")
    if any(d.code == GENERATED_FILE for d in found):
        log.write(
            "timeline: the generated folders are git-ignored build output, which a pull "
            "request must not commit; if these files are your own earlier build's, "
            "`make clean` deletes all of the build's output\n"
        )
    return True
