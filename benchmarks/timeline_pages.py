"""What a reader downloads and their browser holds on the heaviest timeline pages, at scale.

    python benchmarks/timeline_pages.py [--events 10000] [--out DIR] [--reuse] [--json FILE]
                                        [--against REV [--rounds 5]]

Builds a synthetic project of N events (benchmarks/synthetic.py) with `timeline build`,
and the repository's own seed project beside it as the baseline of the same run,
then measures, for /timeline/ and the largest year, actor, place and topic pages:

- the HTML's weight gzipped (as a web server sends it; level 6, gzip's default);
- the DOM nodes once the page has loaded (every element and text node, scripts run);

and the time from a filter change to the painted list, with Chromium's CPU slowed
4x (CDP Emulation.setCPUThrottlingRate), on /timeline/ and on the largest year page:
the last status box (of the rarest status) is ticked and the clock stops after the
next frame has painted (requestAnimationFrame, then a task), median of RUNS changes,
after one change
that loads data/filter-index.json (the network is not what is measured).

Targets (issue 13): 150 KB gzipped, 5,000 DOM nodes, 100 ms. The seed site's
figures come from the same run and the same browser, so that a slower machine
shows as a slower baseline, not as a regression.

With --against REV, it then times the filter change on the same two pages of the
same built site with the page scripts and stylesheet of git revision REV
(site_src/assets/) in place of the working tree's, alternating the two in each of
--rounds rounds (a shared machine's load moves between them, not between sets),
and prints the medians, their ratio and the load average before and after.
"""

from __future__ import annotations

import argparse
import functools
import gzip
import http.server
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from benchmarks.synthetic import write_project  # noqa: E402
from generator.layout import GENERATED_ROOTS  # noqa: E402

CHROMIUM = os.environ.get("TIMELINE_CHROMIUM", "/usr/bin/chromium")
TARGETS = {"gzip_kb": 150, "dom_nodes": 5000, "filter_ms": 100}
RUNS = 7
THROTTLE = 4

NODES = "document.createNodeIterator(document.documentElement, NodeFilter.SHOW_ALL)"
COUNT_NODES = f"(() => {{ const it = {NODES}; let n = 0; while (it.nextNode()) n++; return n; }})()"
# tick (or untick) one status box, and stop the clock once the next frame has painted
FILTER_CHANGE = """async () => {
  const sheet = document.querySelector('[data-tl-sheet]');
  if (sheet) sheet.open = true;
  const boxes = document.querySelectorAll('input[name=status]');  // the rarest status last
  const box = boxes[boxes.length - 1];
  const start = performance.now();
  box.click();
  await new Promise(resolve => requestAnimationFrame(() => setTimeout(resolve, 0)));
  // in index mode the list is drawn when the (loaded) index has been searched
  const results = document.querySelector('[data-tl-results]');
  if (results && box.checked) {
    while (!results.querySelector('.tl-entry, p')) {
      await new Promise(resolve => requestAnimationFrame(() => setTimeout(resolve, 0)));
    }
  }
  return performance.now() - start;
}"""


def build_site(root: Path) -> None:
    command = [sys.executable, "-m", "generator", "build"]
    result = subprocess.run(command, cwd=root, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise SystemExit(f"timeline build failed in {root}:\n{result.stdout}{result.stderr}")


def copy_seed(dest: Path) -> None:
    """The repository's records and hand-written site sources, without what a build wrote."""
    for name in ("events", "entities"):
        shutil.copytree(REPO / name, dest / name)
    sources = REPO / "site_src"
    shutil.copytree(
        sources,
        dest / "site_src",
        ignore=lambda folder, names: [
            n for n in names if Path(folder) == sources and n in (*GENERATED_ROOTS, ".generated")
        ],
    )
    shutil.copy2(REPO / "mkdocs.yml", dest / "mkdocs.yml")


def largest(site: Path, folder: str) -> str | None:
    """The address (under the site) of the largest page in one folder of the built site."""
    pages = [p for p in (site / folder).glob("*/index.html")]
    pages += [p for p in (site / folder).glob("*/*/index.html")]
    if not pages:
        return None
    page = max(pages, key=lambda p: p.stat().st_size)
    return page.parent.relative_to(site).as_posix() + "/"


def serve(site: Path) -> tuple[str, http.server.ThreadingHTTPServer]:
    folder = tempfile.mkdtemp()
    os.symlink(site, Path(folder) / "site")

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(Quiet, directory=folder)
    )
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return f"http://127.0.0.1:{server.server_address[1]}/site/", server


def filter_times(page, cdp, url: str) -> float:
    page.goto(url)
    page.evaluate(FILTER_CHANGE)  # loads the filter index, if the page uses it
    page.evaluate(FILTER_CHANGE)  # back to no filter
    cdp.send("Emulation.setCPUThrottlingRate", {"rate": THROTTLE})
    times = [page.evaluate(FILTER_CHANGE) for _ in range(RUNS * 2)]
    cdp.send("Emulation.setCPUThrottlingRate", {"rate": 1})
    return statistics.median(times[0::2])  # the changes that set the filter


def measure(site: Path, label: str) -> list[dict[str, object]]:
    from playwright.sync_api import sync_playwright

    pages = {"timeline": "timeline/"}
    for kind, folder in (("year", "timeline"), ("actor", "actors"), ("place", "places")):
        pages[kind] = largest(site, folder)
    pages["topic"] = largest(site, "tags")
    base, server = serve(site)
    rows = []
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=CHROMIUM, args=["--headless", "--no-sandbox", "--disable-gpu"]
            )
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            page.route("https://api.github.com/**", lambda route: route.abort())
            cdp = page.context.new_cdp_session(page)
            for kind, address in pages.items():
                if address is None:
                    continue
                html = (site / address / "index.html").read_bytes()
                page.goto(base + address)
                row = {
                    "site": label,
                    "page": kind,
                    "address": "/" + address,
                    "gzip_kb": round(len(gzip.compress(html, 6)) / 1024, 1),
                    "dom_nodes": page.evaluate(COUNT_NODES),
                    "filter_ms": None,
                }
                if kind in ("timeline", "year"):
                    row["filter_ms"] = round(filter_times(page, cdp, base + address), 1)
                rows.append(row)
            browser.close()
    finally:
        server.shutdown()
    return rows


ASSETS = ("javascripts/timeline-filters.js", "stylesheets/timeline.css")


def scripts_of(rev: str, site: Path, dest: Path) -> Path:
    """A copy of the built site's pages with the page assets of revision `rev`."""
    shutil.rmtree(dest, ignore_errors=True)
    shutil.copytree(site, dest, copy_function=os.link)  # linked: the pages are only read
    for asset in ASSETS:
        source = f"{rev}:site_src/assets/{asset}"
        data = subprocess.run(["git", "show", source], cwd=REPO, capture_output=True, check=True)
        (dest / "assets" / asset).unlink()
        (dest / "assets" / asset).write_bytes(data.stdout)
    return dest


def load_average() -> str:
    return " ".join(f"{n:.2f}" for n in os.getloadavg())


def compare_scripts(site: Path, rows: list[dict], rev: str, rounds: int) -> str:
    """The filter change with the working tree's assets and with those of `rev`, alternating."""
    from playwright.sync_api import sync_playwright

    other = scripts_of(rev, site, site.parent / f"site-{rev.replace('/', '-')}")
    pages = [r["address"].lstrip("/") for r in rows if r["filter_ms"] is not None]
    times: dict[tuple[str, str], list[float]] = {}
    before = load_average()
    servers = {"working tree": serve(site), rev: serve(other)}
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=CHROMIUM, args=["--headless", "--no-sandbox", "--disable-gpu"]
            )
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            cdp = page.context.new_cdp_session(page)
            for _ in range(rounds):
                for address in pages:
                    for label, (base, _server) in servers.items():
                        found = filter_times(page, cdp, base + address)
                        times.setdefault((address, label), []).append(found)
            browser.close()
    finally:
        for _base, server in servers.values():
            server.shutdown()
    lines = [
        f"Filter change (CPU {THROTTLE}x), the same built site, assets of the working tree "
        f"and of {rev}, alternating, {rounds} rounds; load average {before} before, "
        f"{load_average()} after:",
        "",
        f"| page | working tree | {rev} | ratio |",
        "|---|---|---|---|",
    ]
    for address in pages:
        new = statistics.median(times[(address, "working tree")])
        old = statistics.median(times[(address, rev)])
        lines.append(f"| `/{address}` | {new:.1f} ms | {old:.1f} ms | {new / old:.2f} |")
    return "\n".join(lines)


def report(rows: list[dict[str, object]]) -> str:
    lines = [
        "| site | page | address | HTML gzipped | DOM nodes | filter change to paint (CPU 4x) |",
        "|---|---|---|---|---|---|",
    ]
    for row in rows:
        filter_ms = f"{row['filter_ms']} ms" if row["filter_ms"] is not None else ""
        lines.append(
            f"| {row['site']} | {row['page']} | `{row['address']}` | {row['gzip_kb']} KB "
            f"| {row['dom_nodes']:,} | {filter_ms} |"
        )
    large = [r for r in rows if r["site"] != "seed"]
    worst = {key: max((r[key] or 0) for r in large) for key in TARGETS}
    lines.append("")
    for key, target in TARGETS.items():
        verdict = "within" if worst[key] <= target else "ABOVE"
        lines.append(f"- worst {key}: {worst[key]:,} ({verdict} the target of {target:,})")
    seed = {r["page"]: r for r in rows if r["site"] == "seed"}
    for row in large:
        base = seed.get(row["page"])
        if base and row["filter_ms"] and base["filter_ms"]:
            ratio = row["filter_ms"] / base["filter_ms"]
            lines.append(f"- {row['page']}: filter change {ratio:.1f}x the seed site's")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=10_000)
    parser.add_argument("--out", type=Path, default=REPO / "benchmarks" / "out" / "timeline")
    parser.add_argument("--reuse", action="store_true", help="keep a project already built")
    parser.add_argument("--json", type=Path, help="also write the figures as JSON")
    parser.add_argument(
        "--against",
        metavar="REV",
        help="also time the filter change with "
        "the page scripts and stylesheet of this git revision",
    )
    parser.add_argument("--rounds", type=int, default=5, help="rounds of --against")
    args = parser.parse_args(argv)
    large = args.out / f"synthetic-{args.events}"
    seed = args.out / "seed"
    if not (args.reuse and (large / "site").is_dir()):
        shutil.rmtree(large, ignore_errors=True)
        write_project(large, args.events)
        build_site(large)
    if not (args.reuse and (seed / "site").is_dir()):
        shutil.rmtree(seed, ignore_errors=True)
        copy_seed(seed)
        build_site(seed)
    print(f"load average {load_average()}")
    rows = measure((seed / "site").resolve(), "seed")
    large_rows = measure((large / "site").resolve(), f"{args.events:,} events")
    rows += large_rows
    print(report(rows))
    print(f"load average {load_average()}")
    if args.against:
        print()
        print(compare_scripts((large / "site").resolve(), large_rows, args.against, args.rounds))
    if args.json:
        args.json.write_text(json.dumps(rows, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
