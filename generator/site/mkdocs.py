"""Running MkDocs for `timeline build`: `run_mkdocs`, `run_mkdocs_on_two_cores`, and the command.

`python -m generator.site.mkdocs ARGS` is `python -m mkdocs` with one
difference: a `--dirty` build does not log MkDocs' notice that dirty builds
may leave navigation and links stale, nor the one that site/ holds stale files. That notice is a warning, so under
`--strict` every dirty build would fail on it. The incremental build
(generator.site.incremental) rebuilds exactly the pages whose sources
changed, and it never runs dirty when the navigation or anything else every
page shows could have changed.

MkDocs renders pages on one core, and a full build at 10,000 events is
mostly MkDocs. `run_mkdocs_on_two_cores` runs two MkDocs processes with the
same configuration, each into a folder of its own, and each skips the pages
the other renders by the test `--dirty` applies (an output newer than its
source is left alone): before they start, each folder gets an empty
placeholder, dated after the source, where each of the other's pages goes.
Then the second one's pages are moved over the first one's placeholders.
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


def run_mkdocs_on_two_cores(
    config_file: Path,
    site_dir: Path,
    helper_dir: Path,
    docs_dir: Path,
    pages: tuple[list[str], list[str]],
    strict: bool,
) -> int:
    """A full build of every page into the empty `site_dir`, on two cores; see above.

    `pages` is (every page of docs_dir, the generated pages the second process
    renders, all among the first); `helper_dir` an empty folder of the build's own.
    """
    every, theirs = pages
    _placeholders(site_dir, docs_dir, theirs)
    _placeholders(helper_dir, docs_dir, sorted(set(every) - set(theirs)))
    processes = [_start(config_file, folder, strict, True) for folder in (site_dir, helper_dir)]
    codes = [process.wait() for process in processes]
    if any(codes):
        return next(code for code in codes if code)
    for page in theirs:
        os.replace(helper_dir / output_of(page), site_dir / output_of(page))
    return 0


def main() -> None:
    from mkdocs.__main__ import cli

    logging.getLogger("mkdocs.commands.build").addFilter(_WithoutDirtyNotice())
    cli(prog_name="mkdocs")


if __name__ == "__main__":
    sys.exit(main())
