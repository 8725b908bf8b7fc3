"""The whole site build against plain MkDocs, at N events: time, memory, size, search download.

    python benchmarks/site_benchmark.py 1000 [--runs 3] [--no-browser] [--out DIR] [--json FILE]

For N synthetic events (benchmarks/synthetic.py) it writes the project, and from
the same records a plain mkdocs-material site of N hand-written event pages out of
the navigation (benchmarks/plain_site.py). Then, R times and alternating, it builds:

- ours, clean: `timeline build --clean`, the whole site from scratch (MkDocs,
  exports, search index) with the cache of parsed records that every build after
  the first one has;
- plain: `mkdocs build` of the plain site, into an empty folder;

and before the first of them, once, ours cold: `timeline build` of the fresh
project, with no cache, no generated pages and no site/. After the runs it adds
one event and times `timeline build` (incremental). It prints the medians as a
Markdown table: wall times and their ratio, the generator stage's share (load,
validate and render, as `timeline build` reports them), the peak memory of the
whole process tree (the sum of the resident memory of the build and its MkDocs,
exports and Pagefind children, sampled every 20 ms), the size of each site, and
the bytes a reader downloads to run a first search, measured in headless
Chromium on a copy served from 127.0.0.1 (`--no-browser` skips it). The
baseline's search index is Material's search_index.json, which every reader
downloads whole; its size is given as it is and gzipped.

Figures go in benchmarks/README.md with the date and the machine; `--json`
also writes them to a file. Outputs go under benchmarks/out/ (git-ignored) or
--out.
"""

from __future__ import annotations

import argparse
import functools
import gzip
import http.server
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import threading
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from benchmarks.plain_site import write_plain_site  # noqa: E402
from benchmarks.synthetic import write_project  # noqa: E402
from generator.layout import SEARCH_BUNDLES  # noqa: E402
from generator.records.project import load_project  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
# a word in many events and one in few: the first search loads an index chunk
# for the word and the fragments of the first page of results (ten)
QUERIES = ("ministry", "extradition")
GENERATOR_STAGES = ("load", "render")
ENV = {"NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": "1750000000"}


# -- measuring a command ------------------------------------------------------------------


def _children(pid: int) -> list[int]:
    found = []
    try:
        for task in os.listdir(f"/proc/{pid}/task"):
            with open(f"/proc/{pid}/task/{task}/children") as stream:
                found += [int(p) for p in stream.read().split()]
    except OSError:
        pass
    return found


def _rss_kib(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/status") as stream:
            for line in stream:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def tree_rss_kib(pid: int) -> int:
    """The resident memory of a process and all its descendants, summed."""
    total, pending = 0, [pid]
    while pending:
        current = pending.pop()
        total += _rss_kib(current)
        pending += _children(current)
    return total


@dataclass
class Measured:
    seconds: float
    peak_mib: float
    returncode: int
    output: str


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


def run_measured(command: list[str], cwd: Path) -> Measured:
    """Run a command; its wall time and the peak memory of its process tree."""
    started = time.perf_counter()
    code = {"PYTHONPATH": str(CODE)} if CODE else {}
    process = subprocess.Popen(
        command,
        cwd=cwd,
        env={**os.environ, **ENV, **code},
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    peak = 0
    done = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not done.is_set():
            peak = max(peak, tree_rss_kib(process.pid))
            done.wait(0.02)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    output, _ = process.communicate()
    seconds = time.perf_counter() - started
    done.set()
    sampler.join()
    return Measured(seconds, peak / 1024, process.returncode, output)


def tree_bytes(folder: Path) -> int:
    return sum(f.stat().st_size for f in folder.rglob("*") if f.is_file())


def stage_times(output: str) -> dict[str, float]:
    """The stage timings of `timeline build`'s last line: '(load 0.66 s, render 2.32 s, ...)'."""
    found = re.findall(r"site/ built[^:]*: .*\((.*)\)", output)
    if not found:
        return {}
    return {
        stage: float(seconds)
        for stage, seconds in re.findall(r"([a-z][a-z ]*?) (\d+(?:\.\d+)?) s", found[-1])
    }


# -- the builds ---------------------------------------------------------------------------


def build_ours(project: Path, *args: str) -> Measured:
    measured = run_measured([sys.executable, "-m", "generator", "build", *args], project)
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
    """A new valid event in the latest year, naming existing entities and an existing event."""
    dataset, _ = load_project(project)
    last = dataset.events[-1]
    actors = ", ".join(last.actors[:2])
    places = ", ".join(last.places[:1])
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
        "tags: [benchmark-added]",
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


# -- the first search, in a browser -------------------------------------------------------


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@dataclass
class SearchDownload:
    query: str
    bytes: int
    requests: int
    results: int


def first_search_bytes(site: Path) -> list[SearchDownload]:
    """Per query, the bytes a fresh reader's browser fetches to run it in the search dialog.

    A fresh browser loads the home page, opens the search dialog (the header's
    Search button), types the query and waits until the first page of results
    (ten rows, each with its date, status and excerpt) is drawn. What counts
    is every response of the search from the page load on: search-bundles.json,
    and everything under pagefind/ (the script, its WebAssembly, the index
    entry and metadata, the index chunk of the word and the fragments of the
    ten results). The served copy is not compressed (most of Pagefind's files
    are compressed already), so each figure is what crosses the wire without gzip.
    """
    from playwright.sync_api import sync_playwright

    handler = functools.partial(_QuietHandler, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    measured = []
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            for query in QUERIES:
                context = browser.new_context()  # an empty cache for each reader
                page = context.new_page()
                sizes: list[int] = []

                def record(response, sizes=sizes) -> None:
                    # from the start, in case the page loads a part of the search early
                    if "/pagefind/" in response.url or response.url.endswith(SEARCH_BUNDLES):
                        sizes.append(len(response.body()))

                page.on("response", record)
                page.goto(base, wait_until="networkidle")
                page.click(".tl-search__button")
                page.fill("dialog.tl-search-dialog[open] input[type=search]", query)
                page.wait_for_function(
                    """q => {
                         const s = document.querySelector('.tl-search-dialog__summary');
                         return s && s.textContent.includes(q)
                           && !s.textContent.startsWith('Searching');
                       }""",
                    arg=query,
                )
                results = page.eval_on_selector_all(".tl-hit", "rows => rows.length")
                page.wait_for_load_state("networkidle")
                measured.append(SearchDownload(query, sum(sizes), len(sizes), results))
                context.close()
            browser.close()
    finally:
        server.shutdown()
        server.server_close()
    return measured


# -- the report ---------------------------------------------------------------------------


@dataclass
class Result:
    events: int
    runs: int
    ours_cold_s: float = 0.0
    ours_cold_stages: dict[str, float] = field(default_factory=dict)
    ours_cold_peak_mib: float = 0.0
    ours_s: list[float] = field(default_factory=list)
    ours_stages: list[dict[str, float]] = field(default_factory=list)
    ours_peak_mib: list[float] = field(default_factory=list)
    plain_s: list[float] = field(default_factory=list)
    plain_peak_mib: list[float] = field(default_factory=list)
    rebuild_s: float = 0.0
    rebuild_stages: dict[str, float] = field(default_factory=dict)
    ours_bytes: int = 0
    ours_files: int = 0
    plain_bytes: int = 0
    plain_files: int = 0
    plain_search_index_bytes: int = 0
    plain_search_index_gzip_bytes: int = 0
    search: list[SearchDownload] = field(default_factory=list)
    machine: str = ""

    @property
    def ours_median(self) -> float:
        return statistics.median(self.ours_s)

    @property
    def plain_median(self) -> float:
        return statistics.median(self.plain_s)

    def generator_share(self, stages: dict[str, float], wall: float) -> float:
        return sum(stages.get(s, 0.0) for s in GENERATOR_STAGES) / wall

    def table(self) -> str:
        def mib(value: float) -> str:
            return f"{value:,.0f} MB"

        def size(value: int) -> str:
            return f"{value / 1e6:,.1f} MB"

        clean_share = statistics.median(
            self.generator_share(st, s) for st, s in zip(self.ours_stages, self.ours_s, strict=True)
        )
        rows = [
            ("events", f"{self.events:,}", ""),
            ("runs (median of)", str(self.runs), ""),
            ("ours: full build (`timeline build --clean`)", f"{self.ours_median:.1f} s", ""),
            ("plain mkdocs-material build", f"{self.plain_median:.1f} s", ""),
            ("ratio ours / plain", f"{self.ours_median / self.plain_median:.2f}", "≤ 1.2"),
            (
                "ours: first build (no cache, nothing generated yet)",
                f"{self.ours_cold_s:.1f} s",
                f"ratio {self.ours_cold_s / self.plain_median:.2f}",
            ),
            ("generator stage share, full build", f"{clean_share:.1%}", "< 5%"),
            (
                "generator stage share, first build",
                f"{self.generator_share(self.ours_cold_stages, self.ours_cold_s):.1%}",
                "",
            ),
            (
                "rebuild after adding one event (`timeline build`)",
                f"{self.rebuild_s:.1f} s",
                f"{self.rebuild_s / self.ours_median:.2f} of a full build (≤ 0.20)",
            ),
            (
                "peak memory, ours (process tree)",
                mib(max([*self.ours_peak_mib, self.ours_cold_peak_mib])),
                "< 1 GB",
            ),
            ("peak memory, plain", mib(max(self.plain_peak_mib)), ""),
            ("output size, ours", f"{size(self.ours_bytes)} ({self.ours_files:,} files)", ""),
            ("output size, plain", f"{size(self.plain_bytes)} ({self.plain_files:,} files)", ""),
            (
                "plain: Material's search_index.json (downloaded whole)",
                f"{size(self.plain_search_index_bytes)} "
                f"({size(self.plain_search_index_gzip_bytes)} gzipped)",
                "",
            ),
        ]
        for search in self.search:
            rows.append(
                (
                    f"ours: first search download, '{search.query}'",
                    f"{search.bytes / 1e3:,.0f} kB in {search.requests} requests",
                    "< 1 MB",
                )
            )
        stages = {
            k: statistics.median(st.get(k, 0.0) for st in self.ours_stages)
            for k in self.ours_stages[0]
        }
        rows.append(
            (
                "ours: stages of the full build",
                ", ".join(f"{k} {v:.1f} s" for k, v in stages.items()),
                "",
            )
        )
        rows.append(
            (
                "ours: stages of the rebuild",
                ", ".join(f"{k} {v:.1f} s" for k, v in self.rebuild_stages.items()),
                "",
            )
        )
        lines = ["| measure | value | target |", "|---|---|---|"]
        lines += [f"| {a} | {b} | {c} |" for a, b, c in rows]
        return "\n".join(lines)


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

    print(f"[{events}] ours, first build", file=log, flush=True)
    cold = build_ours(project)
    result.ours_cold_s, result.ours_cold_peak_mib = cold.seconds, cold.peak_mib
    result.ours_cold_stages = stage_times(cold.output)
    for run in range(runs):
        print(f"[{events}] run {run + 1}/{runs}: plain", file=log, flush=True)
        measured = build_plain(plain)
        result.plain_s.append(measured.seconds)
        result.plain_peak_mib.append(measured.peak_mib)
        print(f"[{events}] run {run + 1}/{runs}: ours, --clean", file=log, flush=True)
        measured = build_ours(project, "--clean")
        result.ours_s.append(measured.seconds)
        result.ours_peak_mib.append(measured.peak_mib)
        result.ours_stages.append(stage_times(measured.output))

    site, plain_site = project / "site", plain / "site"
    result.ours_bytes, result.ours_files = tree_bytes(site), sum(1 for _ in site.rglob("*.*"))
    result.plain_bytes = tree_bytes(plain_site)
    result.plain_files = sum(1 for _ in plain_site.rglob("*.*"))
    index = plain_site / "search" / "search_index.json"
    if index.is_file():
        result.plain_search_index_bytes = index.stat().st_size
        result.plain_search_index_gzip_bytes = len(gzip.compress(index.read_bytes()))
    if browser:
        print(f"[{events}] first search in Chromium", file=log, flush=True)
        result.search = first_search_bytes(site)

    print(f"[{events}] ours, rebuild after adding one event", file=log, flush=True)
    added = add_one_event(project)
    measured = build_ours(project)
    result.rebuild_s, result.rebuild_stages = measured.seconds, stage_times(measured.output)
    if not (site / "events" / added.stem / "index.html").is_file():
        raise SystemExit("the rebuild did not publish the added event")
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
        print(f"\n### {events:,} events ({time.strftime('%Y-%m-%d')}, {result.machine})\n")
        print(result.table(), flush=True)
    if len(results) > 1:
        first, last = results[0], results[-1]
        print(
            f"\ngrowth {first.events:,} -> {last.events:,} events: ours "
            f"{last.ours_median / first.ours_median:.1f}x, plain "
            f"{last.plain_median / first.plain_median:.1f}x "
            f"(events {last.events / first.events:.0f}x)"
        )
    if args.json:
        args.json.write_text(json.dumps([asdict(r) for r in results], indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
