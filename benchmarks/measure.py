"""Measuring a build from outside: wall time, peak memory of its process tree, bytes by kind.

Used by benchmarks/site_benchmark.py. Memory is the largest sum of the
resident memory of a command and all its descendants, sampled every 20 ms
from /proc; CPU time is the user and system time of the command and of every
descendant it waited for (getrusage of this process' children, before and
after); the first search is measured in headless Chromium.
"""

from __future__ import annotations

import functools
import http.server
import os
import re
import resource
import subprocess
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from generator.layout import SEARCH_BUNDLES

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
    cpu_seconds: float = 0.0  # user + system, the command and the descendants it waited for


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def run_measured(command: list[str], cwd: Path, code: Path | None = None) -> Measured:
    """Run a command; its wall time and the peak memory of its process tree.

    `code`: a folder to put first on PYTHONPATH (a snapshot of generator/).
    """
    started, cpu_before = time.perf_counter(), _children_cpu()
    code_path = {"PYTHONPATH": str(code)} if code else {}
    process = subprocess.Popen(
        command,
        cwd=cwd,
        env={**os.environ, **ENV, **code_path},
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
    cpu = _children_cpu() - cpu_before
    return Measured(seconds, peak / 1024, process.returncode, output, cpu)


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


# what a published file is, for the sizes by kind: the first rule that matches
KINDS = (
    ("search index (pagefind/)", re.compile(r"^pagefind/")),
    ("feeds (*.xml)", re.compile(r"(^|/)feed\.xml$")),
    ("downloads (data/ files)", re.compile(r"^data/[^/]+\.(json|csv|ics)$")),
    ("event pages", re.compile(r"^events/")),
    ("actor, place, topic pages", re.compile(r"^(actors|places|tags)/")),
    ("timeline and year pages", re.compile(r"^timeline/")),
    ("theme assets", re.compile(r"^assets/")),
    ("other pages and files", re.compile(r"")),
)


def bytes_by_kind(site: Path) -> dict[str, int]:
    """The published bytes (sum of file sizes) of each kind of file, by KINDS."""
    sizes = dict.fromkeys((name for name, _ in KINDS), 0)
    for folder, _, files in os.walk(site):
        for name in files:
            path = os.path.join(folder, name)
            relative = os.path.relpath(path, site).replace(os.sep, "/")
            kind = next(kind for kind, pattern in KINDS if pattern.search(relative))
            sizes[kind] += os.lstat(path).st_size
    return sizes


def load_average() -> float:
    return os.getloadavg()[0]


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
