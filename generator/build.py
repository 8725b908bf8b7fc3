"""`timeline build`: records in, a complete website out, or the previous one left alone.

The stages run in order and stop at the first failure: load and validate
every record (nothing is written if one is invalid), render the pages, write
those that changed under docs_dir, run MkDocs into a fresh folder beside
site/, and only when MkDocs succeeded swap that folder into place. A reader
or a deploy job never sees a half-built site/, whatever fails or is
interrupted on the way.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TextIO

from generator import exports
from generator.diagnostics import Severity, UserError, format_text
from generator.model import Dataset
from generator.project import load_project
from generator.render import GENERATED_ROOTS, render_site
from generator.siteconfig import SiteConfig, read_site_config
from generator.write import WriteReport, write_generated

HOME_INTRO = "_includes/home.md"
SITE_DIR = "site"
CONFIG_FILE = "mkdocs.yml"


@dataclass
class BuildResult:
    ok: bool
    write: WriteReport | None = None
    timings: dict[str, float] = field(default_factory=dict)


def home_intro(docs_dir: Path, config: SiteConfig) -> str:
    """The hand-written introduction of the home page, or the site's name without one."""
    try:
        return (docs_dir / HOME_INTRO).read_text(encoding="utf-8")
    except FileNotFoundError:
        return f"# {config.name}\n"


def generate_files(dataset: Dataset, config: SiteConfig, intro: str) -> dict[str, str | bytes]:
    """Everything the generator puts under docs_dir, by path: pages and downloads."""
    files: dict[str, str | bytes] = dict(render_site(dataset, config, intro))
    files.update(exports.site_files(dataset, config, exports.build_time()))
    return files


def generate(root: Path, log: TextIO) -> BuildResult:
    """Validate the records and write the generated part of docs_dir; nothing if invalid.

    Warnings about records (a source without a title) are shown and do not stop
    the build, with or without --strict: `timeline validate --strict` is the
    check for them.
    """
    timings: dict[str, float] = {}
    started = time.perf_counter()
    config = read_site_config(root)
    dataset, diagnostics = load_project(root)
    timings["load"] = time.perf_counter() - started
    log.write(format_text(diagnostics))
    errors = sum(d.severity is Severity.ERROR for d in diagnostics)
    if errors:
        log.write(
            f"timeline: {errors} error{'s' * (errors != 1)} in the records; "
            "nothing was generated or built\n"
        )
        return BuildResult(False, timings=timings)
    docs_dir = root / config.docs_dir
    started = time.perf_counter()
    files = generate_files(dataset, config, home_intro(docs_dir, config))
    timings["render"] = time.perf_counter() - started
    started = time.perf_counter()
    report = write_generated(docs_dir, files, GENERATED_ROOTS)
    timings["write"] = time.perf_counter() - started
    return BuildResult(True, report, timings)


def run_mkdocs(root: Path, site_dir: Path, strict: bool) -> int:
    command = [sys.executable, "-m", "mkdocs", "build", "-f", str(root / CONFIG_FILE)]
    command += ["-d", str(site_dir)] + (["--strict"] if strict else [])
    # Material's notice about its successor is not a problem with this site
    env = {"NO_MKDOCS_2_WARNING": "1", **os.environ}
    return subprocess.run(command, cwd=root, env=env, check=False).returncode


def run_pagefind(site_dir: Path) -> int:
    """Index the built pages for search; readers load only the index pieces a query needs."""
    command = [sys.executable, "-m", "pagefind", "--site", str(site_dir), "--silent",
               "--root-selector", "main"]
    return subprocess.run(command, check=False).returncode


@contextmanager
def _uninterruptible() -> Iterator[None]:
    """Hold Ctrl-C back for the two renames that swap the site."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)


def replace_site(new: Path, site: Path) -> None:
    """Put `new` where `site` is, with site/ missing only between two renames."""
    old = None
    with _uninterruptible():
        if site.exists():
            old = Path(tempfile.mkdtemp(prefix=".site-old-", dir=site.parent))
            old.rmdir()
            site.rename(old)
        try:
            new.rename(site)
        except BaseException:
            if old is not None:
                old.rename(site)
            raise
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


def build_site(root: Path, strict: bool = False, log: TextIO = sys.stderr) -> BuildResult:
    if not (root / CONFIG_FILE).is_file():
        raise UserError(f"{root / CONFIG_FILE} is missing; the site cannot be built without it")
    result = generate(root, log)
    if not result.ok:
        return result
    started = time.perf_counter()
    staging = Path(tempfile.mkdtemp(prefix=".site-", dir=root))
    try:
        code = run_mkdocs(root, staging, strict)
        result.timings["mkdocs"] = time.perf_counter() - started
        if code != 0:
            log.write(f"timeline: MkDocs failed (exit {code}); site/ was left as it was\n")
            result.ok = False
            return result
        started = time.perf_counter()
        code = run_pagefind(staging)
        result.timings["search index"] = time.perf_counter() - started
        if code != 0:
            log.write(f"timeline: the search index failed (exit {code}); site/ was left as "
                      "it was\n")
            result.ok = False
            return result
        replace_site(staging, root / SITE_DIR)
    finally:
        if staging.exists():
            shutil.rmtree(staging, ignore_errors=True)
    return result


def describe(result: BuildResult) -> str:
    report = result.write
    pages = "none written"
    if report:
        pages = f"{len(report.written)} written, {report.unchanged} unchanged, "
        pages += f"{len(report.deleted)} deleted"
    times = ", ".join(f"{stage} {seconds:.2f} s" for stage, seconds in result.timings.items())
    return f"site/ built: generated files {pages} ({times})"
