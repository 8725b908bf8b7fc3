"""The figures of one size of benchmarks/site_benchmark.py, and their Markdown table."""

from __future__ import annotations

import os
import statistics
from dataclasses import dataclass, field

from benchmarks.measure import SearchDownload

GENERATOR_STAGES = ("load", "render")
REBUILDS = ("nothing changed", "one new event", "one edited event", "one entity renamed")


@dataclass
class Rebuild:
    seconds: float
    peak_mib: float
    stages: dict[str, float]
    up_to_date: bool


@dataclass
class Result:
    events: int
    runs: int
    ours_s: list[float] = field(default_factory=list)  # full: --clean, with the record cache
    ours_stages: list[dict[str, float]] = field(default_factory=list)
    ours_peak_mib: list[float] = field(default_factory=list)
    cold_s: list[float] = field(default_factory=list)  # a fresh copy: no cache, nothing built
    cold_stages: list[dict[str, float]] = field(default_factory=list)
    cold_peak_mib: list[float] = field(default_factory=list)
    plain_s: list[float] = field(default_factory=list)
    ours_cpu_s: list[float] = field(default_factory=list)  # user + system, the whole tree
    cold_cpu_s: list[float] = field(default_factory=list)
    plain_cpu_s: list[float] = field(default_factory=list)
    plain_peak_mib: list[float] = field(default_factory=list)
    rebuilds: dict[str, Rebuild] = field(default_factory=dict)
    ours_bytes: int = 0
    ours_files: int = 0
    ours_by_kind: dict[str, int] = field(default_factory=dict)
    plain_bytes: int = 0
    plain_files: int = 0
    plain_search_index_bytes: int = 0
    plain_search_index_gzip_bytes: int = 0
    search: list[SearchDownload] = field(default_factory=list)
    load_mean: float = 0.0
    load_max: float = 0.0
    machine: str = ""

    @property
    def ours_median(self) -> float:
        return statistics.median(self.ours_s)

    @property
    def cold_median(self) -> float:
        return statistics.median(self.cold_s)

    @property
    def plain_median(self) -> float:
        return statistics.median(self.plain_s)

    def peak_mib(self) -> float:
        rebuilds = [r.peak_mib for r in self.rebuilds.values()]
        return max([*self.ours_peak_mib, *self.cold_peak_mib, *rebuilds])


CORES = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def _median(values: list[float]) -> float:
    return statistics.median(values) if values else 0.0


def _share(stages: dict[str, float], wall: float) -> float:
    return sum(stages.get(s, 0.0) for s in GENERATOR_STAGES) / wall


def _mb(value: float) -> str:
    return f"{value / 1e6:,.1f} MB"


def _stages(stages: dict[str, float]) -> str:
    return ", ".join(f"{k} {v:.1f} s" for k, v in stages.items())


def _median_stages(runs: list[dict[str, float]]) -> dict[str, float]:
    names = dict.fromkeys(name for stages in runs for name in stages)
    return {k: statistics.median(stages.get(k, 0.0) for stages in runs) for k in names}


def table(result: Result) -> str:
    r = result
    full, cold, plain = r.ours_median, r.cold_median, r.plain_median
    shares = [
        statistics.median(map(_share, stages, walls))
        for stages, walls in ((r.ours_stages, r.ours_s), (r.cold_stages, r.cold_s))
    ]
    rows = [
        ("events", f"{r.events:,}", ""),
        ("runs (medians of), alternating", str(r.runs), ""),
        (
            "machine load average during the run (mean, max)",
            f"{r.load_mean:.1f}, {r.load_max:.1f}",
            "",
        ),
        ("plain mkdocs-material build", f"{plain:.1f} s", ""),
        ("ours, full build (`timeline build --clean`)", f"{full:.1f} s", ""),
        ("full / plain", f"{full / plain:.2f}", "≤ 1.0"),
        ("ours, cold build (fresh copy: no .cache/, nothing generated)", f"{cold:.1f} s", ""),
        ("cold / plain", f"{cold / plain:.2f}", "≤ 1.2"),
        (
            "CPU time (user + system, whole tree): plain / full / cold",
            " / ".join(f"{_median(c):.1f} s" for c in (r.plain_cpu_s, r.ours_cpu_s, r.cold_cpu_s)),
            "",
        ),
        (
            "full build's CPU time on the cores it has / plain's wall time",
            f"{_median(r.ours_cpu_s) / CORES / plain:.2f}",
            f"{CORES} cores: no full build is shorter",
        ),
        ("generator stage share, full / cold", f"{shares[0]:.1%} / {shares[1]:.1%}", "< 5%"),
    ]
    for name in REBUILDS:
        rebuild = r.rebuilds.get(name)
        if rebuild is None:
            continue
        note = " (up to date: nothing run)" if rebuild.up_to_date else ""
        target = "< 1 s" if name == "nothing changed" else ("≤ 0.1" if "event" in name else "")
        rows.append(
            (
                f"rebuild after {name}",
                f"{rebuild.seconds:.2f} s{note}",
                f"{rebuild.seconds / full:.3f} of a full build"
                + (f"; target {target}" * bool(target)),
            )
        )
    rows += [
        ("peak memory of the process tree, ours (any build)", f"{r.peak_mib():,.0f} MB", "< 1 GB"),
        (
            "peak memory, ours full / cold",
            f"{max(r.ours_peak_mib):,.0f} / {max(r.cold_peak_mib):,.0f} MB",
            "",
        ),
        ("peak memory, plain", f"{max(r.plain_peak_mib):,.0f} MB", ""),
        (
            "published size, ours",
            f"{_mb(r.ours_bytes)} ({r.ours_files:,} files)",
            "< 300 MB at 10,000",
        ),
    ]
    rows += [(f"… {kind}", _mb(size), "") for kind, size in r.ours_by_kind.items()]
    rows += [
        ("published size, plain", f"{_mb(r.plain_bytes)} ({r.plain_files:,} files)", ""),
        (
            "plain: Material's search_index.json (downloaded whole)",
            f"{_mb(r.plain_search_index_bytes)} ({_mb(r.plain_search_index_gzip_bytes)} gzipped)",
            "",
        ),
    ]
    for search in r.search:
        rows.append(
            (
                f"ours: first search download, '{search.query}'",
                f"{search.bytes / 1e3:,.0f} kB in {search.requests} requests",
                "< 500 kB",
            )
        )
    rows.append(("stages, full build", _stages(_median_stages(r.ours_stages)), ""))
    rows.append(("stages, cold build", _stages(_median_stages(r.cold_stages)), ""))
    for name, rebuild in r.rebuilds.items():
        rows.append((f"stages, rebuild after {name}", _stages(rebuild.stages), ""))
    lines = ["| measure | value | target |", "|---|---|---|"]
    lines += [f"| {a} | {b} | {c} |" for a, b, c in rows]
    return "\n".join(lines)


def growth(results: list[Result]) -> str:
    """How the full build, the plain build, memory and size grow from the smallest size."""
    first = results[0]
    lines = [
        "| events | × events | full × | plain × | peak memory | size |",
        "|---|---|---|---|---|---|",
    ]
    for r in results:
        lines.append(
            f"| {r.events:,} | {r.events / first.events:.0f} | "
            f"{r.ours_median / first.ours_median:.1f} | "
            f"{r.plain_median / first.plain_median:.1f} | "
            f"{r.peak_mib():,.0f} MB | {_mb(r.ours_bytes)} |"
        )
    return "\n".join(lines)
