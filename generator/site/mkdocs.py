"""Running MkDocs for `timeline build`: `run_mkdocs`, `run_mkdocs_in_lanes`, and the command.

`python -m generator.site.mkdocs ARGS` is `python -m mkdocs` with one
difference: a `--dirty` build does not log MkDocs' notice that dirty builds
may leave navigation and links stale, nor the one that site/ holds stale
files. That notice is a warning, so under
`--strict` every dirty build would fail on it. The incremental build
(generator.site.incremental) rebuilds exactly the pages whose sources
changed, and it never runs dirty when the navigation or anything else every
page shows could have changed.

MkDocs renders pages on one core, and a full build at 10,000 events is
mostly MkDocs. `run_mkdocs_in_lanes` runs two lanes of MkDocs processes with
the same configuration, each lane into a folder of its own, and each process
skips the pages it does not render by the test `--dirty` applies (an output
newer than its source is left alone): before they start, each folder gets an
empty placeholder, dated after the source, where each page goes that its
lane's first process does not render. A MkDocs process keeps every page it
renders in memory until it ends (about 40 kB a page), so a lane renders at most
PAGES_PER_PROCESS pages per process: the next process of the lane starts once
the previous one has ended, with the placeholders of its own pages removed.
The memory of the MkDocs stage then stops growing with the site; each further
process costs its start (a second or two at 20,000 pages). At the end the
second lane's pages are moved over the first one's placeholders.
Every page is rendered once, from the same configuration and the same list
of files (the navigation, the sitemap and the links are the same in both),
so the site is byte for byte what one process makes (a test compares them).
Only generated pages are handed to the second process: MkDocs builds each of
them, whereas a hand-written file may be excluded (`exclude_docs`), and its
placeholder would be left in the site.
"""

from __future__ import annotations

import logging
import os
import subprocess
import sys
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from generator.site.incremental import output_of

DIRTY_NOTICE = "A 'dirty' build is being performed"
# an incremental build starts from a copy of the last site/ on purpose and removes what is
# stale itself; a dirty build also finds the other process' placeholders: MkDocs' advice
# to use --clean is noise
STALE_NOTICE = "The directory contains stale files"


class _WithoutDirtyNotice(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        return not record.getMessage().startswith((DIRTY_NOTICE, STALE_NOTICE))


def mkdocs_arguments(
    config_file: Path, site_dir: Path, strict: bool, dirty: bool = True
) -> list[str]:
    """The arguments of `mkdocs` for a build (generator.site.warm runs them too)."""
    command = ["build", "-f", str(config_file), "-d", str(site_dir)]
    return command + (["--strict"] if strict else []) + (["--dirty"] if dirty else [])


def _start(config_file: Path, site_dir: Path, strict: bool, dirty: bool) -> subprocess.Popen:
    # -I: nothing is imported from the project folder, whatever a checkout puts there
    command = [sys.executable, "-I", "-m", __name__]
    command += mkdocs_arguments(config_file, site_dir, strict, dirty)
    # Material's notice about its successor is not a problem with this site
    env = {"NO_MKDOCS_2_WARNING": "1", **os.environ}
    return subprocess.Popen(command, cwd=config_file.parent, env=env)


def run_mkdocs(config_file: Path, site_dir: Path, strict: bool, dirty: bool = False) -> int:
    """Build the site of `config_file` into `site_dir`; MkDocs' exit code."""
    return _start(config_file, site_dir, strict, dirty).wait()


def _placeholders(site_dir: Path, docs_dir: Path, pages: Iterable[str]) -> None:
    """An empty file where each page's output goes, dated a second after its source."""
    for page in pages:
        output = site_dir / output_of(page)
        output.parent.mkdir(parents=True, exist_ok=True)
        output.touch()
        built = os.stat(docs_dir / page).st_mtime_ns + 1_000_000_000
        os.utime(output, ns=(built, built))


# at most this many pages rendered by one MkDocs process: what a process holds grows with
# the pages it renders (their Markdown, HTML and table of contents stay until it ends)
PAGES_PER_PROCESS = 3000


def _chunks(pages: list[str], first: list[str], size: int) -> list[list[str]]:
    """`pages` in runs of at most `size`, `first` (and only it) over that in the first run."""
    kept = set(first)
    rest = [page for page in pages if page not in kept]
    runs = [first + rest[:size]]
    runs += [rest[start : start + size] for start in range(size, len(rest), size)]
    return runs


def _run_lane(config_file: Path, folder: Path, runs: list[list[str]], strict: bool) -> int:
    """Build each run of pages in turn into `folder`, which holds a placeholder for every
    page of the later runs: removing a run's placeholders is what makes MkDocs build them."""
    for index, pages in enumerate(runs):
        if index:
            for page in pages:
                (folder / output_of(page)).unlink()
        code = _start(config_file, folder, strict, True).wait()
        if code:
            return code
    return 0


def run_mkdocs_in_lanes(
    config_file: Path,
    folders: list[Path],
    docs_dir: Path,
    lanes: tuple[list[str], list[str]],
    strict: bool,
    per_process: int = PAGES_PER_PROCESS,
) -> int:
    """A full build of every page into the empty `folders[0]`; see above.

    `lanes` is (every page of docs_dir, the generated pages among them): each of
    `folders` (empty folders of the build's own) gets every other generated page,
    the first one the hand-written pages too; each lane runs MkDocs on at most
    `per_process` pages at a time, its runs one after the other, the lanes side by side.
    """
    every, generated = lanes
    produced = set(generated)
    hand_written = [page for page in every if page not in produced]
    shares = [generated[index :: len(folders)] for index in range(len(folders))]
    runs = [_chunks(hand_written + shares[0], hand_written, per_process)]
    runs += [_chunks(share, [], per_process) for share in shares[1:]]
    for folder, lane in zip(folders, runs, strict=True):
        built_first = set(lane[0])
        _placeholders(folder, docs_dir, [page for page in every if page not in built_first])
    with ThreadPoolExecutor(len(folders)) as pool:
        codes = list(
            pool.map(
                lambda pair: _run_lane(config_file, *pair, strict),
                zip(folders, runs, strict=True),
            )
        )
    if any(codes):
        return next(code for code in codes if code)
    for folder, share in zip(folders[1:], shares[1:], strict=True):
        for page in share:
            os.replace(folder / output_of(page), folders[0] / output_of(page))
    return 0


# below this many generated pages a second MkDocs process costs more than it saves
MIN_PAGES_FOR_TWO = 300
PROCESSES_VARIABLE = "TIMELINE_MKDOCS_PROCESSES"
PAGES_VARIABLE = "TIMELINE_MKDOCS_PAGES_PER_PROCESS"


def mkdocs_processes(pages: int) -> int:
    """How many MkDocs processes build a full site: 2 with two cores and enough pages.

    TIMELINE_MKDOCS_PROCESSES=1 or 2 says so instead (the tests compare both).
    """
    asked = os.environ.get(PROCESSES_VARIABLE, "").strip()
    if asked in ("1", "2"):
        return int(asked)
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return 2 if (cores or 1) >= 2 and pages >= MIN_PAGES_FOR_TWO else 1


def pages_per_process() -> int:
    """At most how many pages one MkDocs process renders (generator.site.mkdocs);
    TIMELINE_MKDOCS_PAGES_PER_PROCESS says so instead (the tests use a few)."""
    asked = os.environ.get(PAGES_VARIABLE, "").strip()
    return int(asked) if asked.isdigit() and int(asked) > 0 else PAGES_PER_PROCESS


def main() -> None:
    from mkdocs.__main__ import cli

    logging.getLogger("mkdocs.commands.build").addFilter(_WithoutDirtyNotice())
    cli(prog_name="mkdocs")


if __name__ == "__main__":
    sys.exit(main())
