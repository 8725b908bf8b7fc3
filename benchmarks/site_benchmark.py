"""The whole site build against plain MkDocs, at N events: time, memory, size, search download.

    python benchmarks/site_benchmark.py 1000 10000 [--runs R] [--no-browser] [--out D] [--json F]

For N synthetic events (benchmarks/synthetic.py) it writes the project, and from
the same records a plain mkdocs-material site of N hand-written event pages out of
the navigation (benchmarks/plain_site.py). Then, R times and alternating, it builds:

- plain: `mkdocs build` of the plain site, into an empty folder;
- ours, cold: `timeline build` of a fresh copy of the project (records, mkdocs.yml,
  hand-written site_src/): no .cache/, no generated pages, no site/, as CI's deploy;
- ours, full: `timeline build --clean` of the project: everything from scratch but
  with the record cache that every build after the first one has.

After the runs, on the built project, it times `timeline build` after: nothing
changed; one new event; one edited event (a new summary); one entity renamed (the
actor named by most events gets a new name, which every page that names it
shows). Each is reported as a fraction of the full build. For every build it
records the peak memory of the whole process tree (measure.py), and at the end
the published bytes by kind of file, and the bytes a reader downloads to run a
first search in headless Chromium (`--no-browser` skips it). The load average
of the machine is sampled through the run: the machine is shared, and ratios
of builds made in the same run, alternating, are the figures to trust.

Figures go in benchmarks/README.md with the date and the machine; `--json`
also writes them to a file. Outputs go under benchmarks/out/ (git-ignored) or
--out.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import platform
import shutil
import statistics
import sys
import threading
import time
from dataclasses import asdict
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from benchmarks.measure import (  # noqa: E402
    Measured,
    bytes_by_kind,
    first_search_bytes,
    load_average,
    run_measured,
    stage_times,
    tree_bytes,
)
from benchmarks.plain_site import write_plain_site  # noqa: E402
from benchmarks.report import Rebuild, Result, growth, table  # noqa: E402
from benchmarks.synthetic import copy_sources, write_project  # noqa: E402
from generator.records.project import load_project  # noqa: E402
from generator.site.folders import TRASH  # noqa: E402

UP_TO_DATE = "is up to date"
CODE: Path | None = None  # the snapshot of generator/ that the builds run; see snapshot_code


def snapshot_code(out: Path) -> Path:
    """A copy of generator/ for every build of the run to use.

    Other people edit the working tree while a run takes minutes; a change to
    the generator's code changes its version, which empties its caches and makes
    the next build a full one. The builds of one run all use this copy.
    """
    code = out / "code"
    shutil.rmtree(code, ignore_errors=True)
    shutil.copytree(
        REPO / "generator", code / "generator", ignore=shutil.ignore_patterns("__pycache__")
    )
    return code


# -- the builds ---------------------------------------------------------------------------


def settle(project: Path, limit: float = 300.0) -> None:
    """Wait for the deletions earlier builds left running (.cache/trash/, in the background):
    each build is timed on its own, not beside the deletion of the site before it."""
    trash, deadline = project / TRASH, time.monotonic() + limit
    while trash.is_dir() and any(trash.iterdir()) and time.monotonic() < deadline:
        time.sleep(0.1)


def build_ours(project: Path, *args: str) -> Measured:
    settle(project)
    command = [sys.executable, "-m", "generator", "build", *args]
    measured = run_measured(command, project, CODE)
    if measured.returncode != 0:
        raise SystemExit(f"timeline build failed:\n{measured.output[-4000:]}")
    return measured


def build_plain(plain: Path) -> Measured:
    shutil.rmtree(plain / "site", ignore_errors=True)
    command = [sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(plain / "mkdocs.yml")]
    measured = run_measured([*command, "-d", str(plain / "site")], plain)
    if measured.returncode != 0:
        raise SystemExit(f"plain mkdocs build failed:\n{measured.output[-4000:]}")
    return measured


def add_one_event(project: Path) -> Path:
    """A new valid event in the latest year, naming existing entities, topic and event."""
    dataset, _ = load_project(project)
    last = dataset.events[-1]
    actors = ", ".join(last.actors[:2])
    places = ", ".join(last.places[:1])
    tags = ", ".join(last.tags[:1]) or "benchmark-added"  # an existing topic, as most are
    year = last.year
    event_id = f"{year}-12-31-benchmark-added-event"
    lines = [
        "title: A newly added event for the incremental benchmark",
        f'date: "{year}-12-31"',
        "status: reported",
        "summary: >-",
        "  One event added to a built site, to time the rebuild that follows.",
        f"actors: [{actors}]",
        f"places: [{places}]",
        f"tags: [{tags}]",
        "sources:",
        "  - url: https://news.example.com/benchmark-added",
        "    publisher: Benchmark News",
        "    title: The event added by the benchmark",
        "related:",
        f"  - event: {last.id}",
        "    type: follows",
    ]
    path = project / "events" / str(year) / f"{event_id}.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def edit_one_event(project: Path) -> Path:
    """A new summary for an event in the middle of the timeline."""
    files = sorted((project / "events").rglob("*.yaml"))
    path = files[len(files) // 2]
    text = path.read_text(encoding="utf-8")
    start = text.index("summary: >-\n") + len("summary: >-\n")
    path.write_text(text[:start] + "  Edited by the benchmark.\n" + text[start:], encoding="utf-8")
    return path


def rename_one_entity(project: Path) -> str:
    """A new name for the actor named by most events; its id, which pages link by, stays."""
    dataset, _ = load_project(project)
    entity_id = max(
        (entity.id for entity in dataset.people_and_groups()),
        key=lambda entity: len(dataset.events_by_entity.get(entity, ())),
    )
    path = project / "entities" / f"{entity_id}.yaml"
    lines = path.read_text(encoding="utf-8").splitlines()
    lines = [
        "name: Renamed by the Benchmark" if line.startswith("name:") else line for line in lines
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return entity_id


class LoadSampler:
    """The machine's 1-minute load average, sampled every 10 s while a run lasts."""

    def __init__(self) -> None:
        self.samples: list[float] = [load_average()]
        self._done = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)
        self._thread.start()

    def _sample(self) -> None:
        while not self._done.wait(10):
            self.samples.append(load_average())

    def stop(self) -> tuple[float, float]:
        """(mean, max) of the samples."""
        self._done.set()
        self.samples.append(load_average())
        return statistics.mean(self.samples), max(self.samples)


def machine() -> str:
    versions = []
    for package in ("mkdocs", "mkdocs-material", "pagefind"):
        try:
            from importlib.metadata import version

            versions.append(f"{package} {version(package)}")
        except Exception:  # a missing package is reported as such
            versions.append(f"{package} missing")
    memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    return (
        f"{os.cpu_count()} cores, {memory:.0f} GB, Python {platform.python_version()}, "
        + ", ".join(versions)
    )


def _rebuild(project: Path) -> Rebuild:
    measured = build_ours(project)
    up_to_date = UP_TO_DATE in measured.output
    return Rebuild(measured.seconds, measured.peak_mib, stage_times(measured.output), up_to_date)


def _sizes(result: Result, site: Path, plain_site: Path) -> None:
    result.ours_bytes, result.ours_files = tree_bytes(site), sum(1 for _ in site.rglob("*.*"))
    result.ours_by_kind = bytes_by_kind(site)
    result.plain_bytes = tree_bytes(plain_site)
    result.plain_files = sum(1 for _ in plain_site.rglob("*.*"))
    index = plain_site / "search" / "search_index.json"
    if index.is_file():
        result.plain_search_index_bytes = index.stat().st_size
        result.plain_search_index_gzip_bytes = len(gzip.compress(index.read_bytes()))


def benchmark(events: int, runs: int, out: Path, browser: bool, log=sys.stderr) -> Result:
    global CODE
    shutil.rmtree(out, ignore_errors=True)
    CODE = snapshot_code(out)
    project, plain = out / "project", out / "plain"
    write_project(project, events)
    dataset, _ = load_project(project)
    write_plain_site(plain, dataset)
    del dataset
    result = Result(events, runs, machine=machine())
    load = LoadSampler()

    def say(what: str) -> None:
        print(f"[{events}] {what} (load {load_average():.1f})", file=log, flush=True)

    for run in range(runs):
        say(f"run {run + 1}/{runs}: plain")
        measured = build_plain(plain)
        result.plain_s.append(measured.seconds)
        result.plain_cpu_s.append(measured.cpu_seconds)
        result.plain_peak_mib.append(measured.peak_mib)
        # the first cold build is the project's own, which is fresh: the full builds
        # that follow have its cache, as every build after a first one has
        say(f"run {run + 1}/{runs}: ours, cold (fresh copy)")
        measured = build_ours(project if run == 0 else copy_sources(project, out / "cold"))
        result.cold_s.append(measured.seconds)
        result.cold_cpu_s.append(measured.cpu_seconds)
        result.cold_peak_mib.append(measured.peak_mib)
        result.cold_stages.append(stage_times(measured.output))
        say(f"run {run + 1}/{runs}: ours, full (--clean)")
        measured = build_ours(project, "--clean")
        result.ours_s.append(measured.seconds)
        result.ours_cpu_s.append(measured.cpu_seconds)
        result.ours_peak_mib.append(measured.peak_mib)
        result.ours_stages.append(stage_times(measured.output))
    shutil.rmtree(out / "cold", ignore_errors=True)
    site, plain_site = project / "site", plain / "site"
    _sizes(result, site, plain_site)
    if browser:
        say("first search in Chromium")
        result.search = first_search_bytes(site)

    say("rebuild, nothing changed")
    result.rebuilds["nothing changed"] = _rebuild(project)
    say("rebuild after adding one event")
    added = add_one_event(project)
    result.rebuilds["one new event"] = _rebuild(project)
    if not (site / "events" / added.stem / "index.html").is_file():
        raise SystemExit("the rebuild did not publish the added event")
    say("rebuild after editing one event")
    edited = edit_one_event(project)
    result.rebuilds["one edited event"] = _rebuild(project)
    page = site / "events" / edited.stem / "index.html"
    if "Edited by the benchmark." not in page.read_text(encoding="utf-8"):
        raise SystemExit("the rebuild did not publish the edited event")
    say("rebuild after renaming one entity")
    renamed = rename_one_entity(project)
    result.rebuilds["one entity renamed"] = _rebuild(project)
    page = site / "actors" / renamed / "index.html"
    if "Renamed by the Benchmark" not in page.read_text(encoding="utf-8"):
        raise SystemExit("the rebuild did not publish the renamed entity")
    result.load_mean, result.load_max = load.stop()
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("events", type=int, nargs="*", help="number of events (one or more)")
    parser.add_argument(
        "--first-search",
        type=Path,
        metavar="SITE",
        help="only measure the first search in an already built site/ folder",
    )
    parser.add_argument("--runs", type=int, help="builds of each (default 3, 1 above 2,000)")
    parser.add_argument("--out", type=Path, default=REPO / "benchmarks" / "out")
    parser.add_argument("--json", type=Path, help="also write the results to this file")
    parser.add_argument(
        "--no-browser",
        dest="browser",
        action="store_false",
        help="skip the first-search measurement in Chromium",
    )
    args = parser.parse_args(argv)
    if args.first_search:
        for search in first_search_bytes(args.first_search.resolve()):
            print(
                f"first search '{search.query}': {search.bytes / 1000:.0f} kB "
                f"in {search.requests} requests, {search.results} rows shown"
            )
        return 0
    if not args.events:
        parser.error("give a number of events, or --first-search SITE")
    results = []
    for events in args.events:
        runs = args.runs or (3 if events <= 2000 else 1)
        result = benchmark(events, runs, args.out.resolve() / f"n{events}", args.browser)
        results.append(result)
        print(f"\n### {events:,} events ({time.strftime('%Y-%m-%d %H:%M')}, {result.machine})\n")
        print(table(result), flush=True)
        if args.json:  # after each size: a long run that is stopped keeps what it measured
            args.json.write_text(json.dumps([asdict(r) for r in results], indent=2))
    if len(results) > 1:
        print("\n" + growth(results))
    return 0


if __name__ == "__main__":
    sys.exit(main())
