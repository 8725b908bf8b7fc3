"""How long loading and validating a project takes, at 1,000 and 10,000 events.

    python benchmarks/load_validate.py [--sizes 1000 10000] [--runs 3]

For each size it writes a synthetic project (benchmarks/synthetic.py) into a
temporary folder, then reports the median of several runs of:

- parse: reading every record file and parsing its YAML into positioned nodes
  (`read_mapping`), nothing else;
- load: `load_records`, i.e. parse plus the field checks that build the models;
- validate: `load_project`, i.e. load plus the checks across records and the
  dataset's indexes; this is what `timeline validate` spends besides start-up.
"""

from __future__ import annotations

import argparse
import gc
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.synthetic import write_project
from generator.records.load import LoadResult, find_record_files, load_records
from generator.records.project import load_project
from generator.records.yamltree import read_mapping
from generator.site.collector import collector_paused


def parse_only(root: Path) -> None:
    scratch = LoadResult()
    for folder, nested in (("entities", False), ("events", True)):
        for file in find_record_files(root, folder, scratch.diagnostics, nested=nested):
            read_mapping(file, file.name)


def median_seconds(action: Callable[[Path], object], root: Path, runs: int) -> float:
    """The median time of an action, run as `timeline validate` loads: collector paused."""
    times = []
    for _ in range(runs):
        gc.collect()
        start = time.perf_counter()
        with collector_paused():
            action(root)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--runs", type=int, default=3, help="runs per figure (median)")
    args = parser.parse_args(argv)
    print(f"{'events':>7} {'stage':<9} {'seconds':>8} {'per event':>10} {'share':>6}")
    for size in args.sizes:
        with tempfile.TemporaryDirectory() as folder:
            root = Path(folder)
            write_project(root, size)
            _, diagnostics = load_project(root)
            assert not diagnostics, diagnostics[:3]  # the synthetic data is valid
            stages = {
                "parse": median_seconds(parse_only, root, args.runs),
                "load": median_seconds(load_records, root, args.runs),
                "validate": median_seconds(load_project, root, args.runs),
            }
        total = stages["validate"]
        for stage, seconds in stages.items():
            print(
                f"{size:>7,} {stage:<9} {seconds:>8.2f} {seconds / size * 1000:>8.3f}ms"
                f" {seconds / total:>6.0%}"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
