"""Edit-to-reload time of `timeline serve`: from saving a record to the moment the
preview tells the browser to reload (its build number changes), at the seed's size
and at N synthetic events.

    python benchmarks/serve_reload.py [--sizes 0 10000] [--edits 5] [--json FILE]
    python benchmarks/serve_reload.py --project DIR [--edits 5]

Size 0 is a copy of the repository's own records. For each size the script
builds the project once with `timeline build --clean` (the baseline, in the same
run), starts `timeline serve`, waits for its first build, then changes the title
of one event `--edits` times, a different event each time, waiting after each
save for a new build number and for the event's page to show the new title (the
time to the page showing it: a build number also changes when serve's background
build catches up). It prints the median and the worst edit-to-reload time, and
their ratio to the full build, and
how long serve took to stop after Ctrl-C (SIGINT), sent half a second after the last
reload.
`--project DIR` measures a project built before (a 10,000-event site takes long to
build): `timeline build` brings it up to date, and no ratio is given.
`--pause S` waits S seconds between a reload and the next save (0.5 by default):
a contributor who reads the page before saving again finds serve's background
build running (it starts 2 s after a save; a save stops it) or done.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from benchmarks.synthetic import copy_sources, write_project  # noqa: E402

STATUS = "/__timeline__/build"


def _fetch(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            return response.read().decode("utf-8")
    except OSError:
        return None


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _timeline(*args: str, cwd: Path, **kwargs) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "generator", *args], cwd=cwd, **kwargs)


def _wait(check, timeout: float) -> object:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = check()
        if value:
            return value
        time.sleep(0.01)
    raise TimeoutError("serve did not answer in time")


def measure(root: Path, edits: int, clean: bool = True, pause: float = 0.5) -> dict:
    """`clean` False: the project was built before; only `timeline build` brings it up to
    date (no baseline: the figures carry no ratio)."""
    started = time.perf_counter()
    build = _timeline("build", *(["--clean"] if clean else []), cwd=root, stderr=subprocess.DEVNULL)
    if build.wait() != 0:
        raise RuntimeError("the baseline build failed")
    full_build = time.perf_counter() - started if clean else None
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    server = _timeline("serve", "--port", str(port), cwd=root, stderr=subprocess.DEVNULL,
                       stdout=subprocess.DEVNULL)  # fmt: skip
    times = []
    try:
        _wait(lambda: _fetch(base + STATUS), 3600)
        records = sorted((root / "events").rglob("*.yaml"))
        step = max(1, len(records) // edits)
        for number, record in enumerate(records[::step][:edits]):
            before = json.loads(_fetch(base + STATUS))["build"]
            title = f"Edited for the benchmark, number {number}"
            text = re.sub(r"^title: .*$", f"title: {title}", record.read_text(), count=1,
                          flags=re.M)  # fmt: skip
            saved = time.perf_counter()
            record.write_text(text)
            _wait(lambda b=before: json.loads(_fetch(base + STATUS))["build"] != b, 600)
            page = f"{base}/events/{record.stem}/"
            _wait(lambda p=page, t=title: t in (_fetch(p) or ""), 600)
            times.append(time.perf_counter() - saved)
            time.sleep(pause)
    finally:
        interrupted = time.perf_counter()
        server.send_signal(signal.SIGINT)
        try:
            server.wait(timeout=120)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
            print("serve did not stop within 120 s of Ctrl-C; killed", file=sys.stderr)
        stopped = time.perf_counter() - interrupted
    return {
        "events": len(list((root / "events").rglob("*.yaml"))),
        "full_build_s": round(full_build, 2) if full_build else None,
        "reload_median_s": round(statistics.median(times), 2),
        "reload_worst_s": round(max(times), 2),
        "reload_all_s": [round(t, 2) for t in times],
        "ratio_to_full_build": (
            round(statistics.median(times) / full_build, 3) if full_build else None
        ),
        "pause_between_edits_s": pause,
        "stop_after_ctrl_c_s": round(stopped, 2),  # 120 and more: it was killed
        "load_average": os.getloadavg(),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[0, 10000])
    parser.add_argument("--edits", type=int, default=5)
    parser.add_argument("--pause", type=float, default=0.5, help="seconds between edits")
    parser.add_argument("--json", type=Path)
    parser.add_argument(
        "--project", type=Path, help="measure this project, built before (its events are edited)"
    )
    args = parser.parse_args(argv)
    os.environ.setdefault("SOURCE_DATE_EPOCH", "1767225600")
    if args.project:
        figures = measure(args.project.resolve(), args.edits, False, args.pause)
        result = {"size": "project", **figures}
        print(json.dumps(result), flush=True)
        return 0
    results = []
    for size in args.sizes:
        with tempfile.TemporaryDirectory(prefix="serve-reload-") as folder:
            root = Path(folder)
            if size:
                write_project(root, size, seed=0)
            else:
                copy_sources(REPO, root)
            result = {"size": size or "seed", **measure(root, args.edits, pause=args.pause)}
            print(json.dumps(result), flush=True)
            results.append(result)
    if args.json:
        args.json.write_text(json.dumps(results, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
