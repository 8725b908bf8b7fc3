"""`timeline build`: records in, a complete website out, or the previous one left alone.

The stages run in order and stop at the first failure: check the project's
shape and the site's sources (generator.site.integrity: nothing a checkout carries
may lead the build's writes, reads or deletions elsewhere), load and validate
every record and check that the generated folders hold only what this
machine's builds wrote there (nothing is written if anything is wrong),
render the pages, write those that changed under docs_dir, run MkDocs into a
staging folder beside site/, add the downloads, index the pages for search
(Pagefind), and only when all of that succeeded swap the staging folder into
place. A reader or a deploy job never sees a half-built site/, whatever fails
or is interrupted on the way.

Two cores share the work. The generator stage runs in a child process,
forked so that it starts at once: it loads the records (from a cache of
parsed records, generator.records.cache), renders only the pages whose inputs
changed (generator.render.keys), writes them, and then, while MkDocs builds
the pages, writes the downloads (events.json, the feeds, ...) into a folder
of their own, which are moved into the site after MkDocs. The child exits
before Pagefind starts, so that the build never holds the dataset, MkDocs
and Pagefind in memory at once.

The build is incremental when it can be (generator.site.incremental): MkDocs
starts from a linked copy of the current site and rebuilds only the pages
whose source changed. `--clean` (or any change to what every page depends
on) makes a full build.
"""

from __future__ import annotations

import multiprocessing
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
import traceback
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from io import StringIO
from pathlib import Path
from typing import TextIO

from generator import exports

from generator.site import incremental

from generator.site import integrity
from generator.diagnostics import Diagnostic, Severity, UserError, format_text, has_errors
from generator import layout as export_urls
from generator.records.project import load_project
from generator.records.cache import RecordCache
from generator.layout import GENERATED_ROOTS
from generator.render import plan_site
from generator.site.collector import collector_paused
from generator.site.workers import render_on_two_cores
from generator.site.pagefind import escape_search_excerpts
from generator.settings import SiteConfig, read_site_config
from generator.trust import key_file, signing_key
from generator.site.write import CODE as GENERATED_FILE
from generator.site.write import WriteReport, check_generated, write_generated

HOME_INTRO = integrity.HOME_INTRO
SITE_DIR = integrity.SITE_DIR
CONFIG_FILE = integrity.CONFIG_FILE


@dataclass
class BuildResult:
    ok: bool
    write: WriteReport | None = None
    timings: dict[str, float] = field(default_factory=dict)
    incremental: bool = False
    pages: list[str] = field(default_factory=list)  # generated pages, under docs_dir
    sources: dict[str, str] = field(default_factory=dict)  # their SHA-256, by path


def home_intro(docs_dir: Path, config: SiteConfig) -> str:
    """The hand-written introduction of the home page, or the site's name without one."""
    try:
        return (docs_dir / HOME_INTRO).read_text(encoding="utf-8")
    except FileNotFoundError:
        return f"# {config.name}\n"


class Generation:
    """The generator stage: validate, render and write the pages, then write the downloads.

    `start` runs it in a forked child process when the platform has fork (else
    in this process, with the downloads written before MkDocs runs);
    `pages_written` waits for the pages, `downloads_written` for the downloads.
    """

    def __init__(self, root: Path, downloads_dir: Path) -> None:
        self.root = root
        self.downloads_dir = downloads_dir
        self._child: multiprocessing.Process | None = None
        self._pipe = None
        self._inline: list[tuple] = []

    def start(self) -> None:
        if "fork" not in multiprocessing.get_all_start_methods():
            self._run(self._inline.append)
            return
        context = multiprocessing.get_context("fork")
        receiver, sender = context.Pipe(duplex=False)
        # not a daemon: it may fork a helper of its own (generator.site.workers)
        self._child = context.Process(target=self._child_main, args=(sender,))
        self._child.start()
        sender.close()
        self._pipe = receiver

    def _child_main(self, sender) -> None:
        signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent stops the child
        self._run(sender.send)
        sender.close()

    def _run(self, send) -> None:
        try:
            log = StringIO()
            result, dataset, config, when = generate(self.root, log)
            send(("pages", result, log.getvalue()))
            if not result.ok:
                return
            started = time.perf_counter()
            written = write_downloads(dataset, config, when, self.downloads_dir)
            send(("downloads", written, time.perf_counter() - started))
        except UserError as exc:
            send(("user-error", str(exc)))
        except BaseException:
            send(("internal-error", traceback.format_exc()))

    def _receive(self) -> tuple:
        if self._pipe is None:
            message = self._inline.pop(0)
        else:
            try:
                message = self._pipe.recv()
            except EOFError:
                code = self._child.exitcode if self._child else None
                raise RuntimeError(f"the generator process died (exit {code})") from None
        if message[0] == "user-error":
            raise UserError(message[1])
        if message[0] == "internal-error":
            raise RuntimeError(f"the generator failed:\n{message[1]}")
        return message

    def pages_written(self, log: TextIO) -> BuildResult:
        _, result, text = self._receive()
        log.write(text)
        return result

    def downloads_written(self) -> tuple[list[str], float]:
        _, written, seconds = self._receive()
        if self._child is not None:
            self._child.join()
        return written, seconds

    def stop(self) -> None:
        if self._child is not None and self._child.is_alive():
            self._child.terminate()
            self._child.join()


def generate(root: Path, log: TextIO) -> tuple[BuildResult, object, SiteConfig, object]:
    """Validate the records and write the generated pages of docs_dir; nothing if invalid.

    Warnings about records (a source without a title) are shown and do not stop
    the build, with or without --strict: `timeline validate --strict` is the
    check for them. Returns the result, and the dataset, settings and build time
    that the downloads are made from.
    """
    timings: dict[str, float] = {}
    started = time.perf_counter()
    config = read_site_config(root)
    docs_dir = root / config.docs_dir
    cache = RecordCache(root)
    with collector_paused():
        dataset, diagnostics = load_project(root, cache)
    cache.save()
    timings["load"] = time.perf_counter() - started
    generated = f"in {config.docs_dir}/'s generated folders"
    if has_errors(diagnostics):
        foreign = check_generated(docs_dir, GENERATED_ROOTS, config.docs_dir)[1]
        _refused([("in the records", diagnostics), (generated, foreign)], log)
        return BuildResult(False, timings=timings), None, config, None
    started = time.perf_counter()
    when = exports.build_time()
    files: dict = dict(plan_site(dataset, config, home_intro(docs_dir, config)))
    # whatever is in the generated folders must be what this machine's builds wrote there
    manifest, foreign = check_generated(docs_dir, GENERATED_ROOTS, config.docs_dir, files)
    if _refused([("in the records", diagnostics), (generated, foreign)], log):
        return BuildResult(False, timings=timings), None, config, None
    report = write_generated(
        docs_dir, files, GENERATED_ROOTS, render=render_on_two_cores, manifest=manifest
    )
    # pages are rendered inside the write stage, only those whose inputs changed
    timings["render"] = report.render_seconds
    timings["write"] = time.perf_counter() - started - report.render_seconds
    pages = sorted(files)
    del files
    result = BuildResult(True, report, timings, pages=pages, sources=report.sha256)
    return result, dataset, config, when


def _refused(groups: list[tuple[str, list[Diagnostic]]], log: TextIO) -> bool:
    """Print the diagnostics; True (saying that nothing was built) if any is an error.

    `groups` are (where the problems are, for the summary line, the problems).
    """
    found = sorted(
        (d for _, problems in groups for d in problems), key=lambda d: (d.path, d.line, d.col)
    )
    log.write(format_text(found))
    errors = sum(d.severity is Severity.ERROR for d in found)
    if not errors:
        return False
    places = " and ".join(
        where for where, problems in groups if any(d.severity is Severity.ERROR for d in problems)
    )
    plural = "s" * (errors != 1)
    log.write(f"timeline: {errors} error{plural} {places}; nothing was generated or built\n")
    if any(d.code == GENERATED_FILE for _, problems in groups for d in problems):
        log.write(
            "timeline: the generated folders are git-ignored build output, which a pull "
            "request must not commit; if these files are your own earlier build's, "
            "`make clean` deletes all of the build's output\n"
        )
    return True


def write_downloads(dataset, config: SiteConfig, when, folder: Path) -> list[str]:
    """Write every download into `folder`, one at a time; their paths."""
    written = []
    for path, make in exports.site_file_makers(dataset, config, when):
        target = folder / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(make().encode("utf-8"))
        written.append(path)
    return written


def move_downloads(source: Path, site: Path, written: list[str]) -> None:
    """Move the downloads into the built site, replacing (never writing through) old files."""
    for path in written:
        target = site / path
        target.parent.mkdir(parents=True, exist_ok=True)
        os.replace(source / path, target)


def run_mkdocs(root: Path, site_dir: Path, strict: bool, dirty: bool = False) -> int:
    # -I: nothing is imported from the project folder, whatever a checkout puts there
    command = [sys.executable, "-I", "-m", "generator.site.mkdocs", "build"]
    command += ["-f", str(root / CONFIG_FILE), "-d", str(site_dir)]
    command += (["--strict"] if strict else []) + (["--dirty"] if dirty else [])
    # Material's notice about its successor is not a problem with this site
    env = {"NO_MKDOCS_2_WARNING": "1", **os.environ}
    return subprocess.run(command, cwd=root, env=env, check=False).returncode


def run_pagefind(site_dir: Path) -> int:
    """Index the built pages for search; readers load only the index pieces a query needs."""
    command = [
        sys.executable,
        "-I",
        "-m",
        "pagefind",
        "--site",
        str(site_dir),
        "--silent",
        "--root-selector",
        "main",
    ]
    code = subprocess.run(command, check=False).returncode
    if code == 0:
        escape_search_excerpts(site_dir)
    return code


_HELD_SIGNALS = (signal.SIGINT, signal.SIGTERM)


@contextmanager
def _uninterruptible() -> Iterator[None]:
    """Hold Ctrl-C and a polite kill (SIGTERM) back for the two renames that swap the site."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = {number: signal.signal(number, signal.SIG_IGN) for number in _HELD_SIGNALS}
    try:
        yield
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)


def replace_site(root: Path, new: Path, site: Path, proven: bool) -> None:
    """Put `new` where `site` is, with site/ missing only between two renames.

    The previous site/ is set aside under a name that lets the next build put it
    back should this one be killed between the renames, if `proven` (a build on
    this machine made it); anything else there is only ever deleted, never put back.
    """
    old = None
    kind = integrity.OLD if proven else integrity.WORK
    with _uninterruptible():
        if os.path.lexists(site):
            old = integrity.name_as(site, kind)
        try:
            new.rename(site)
        except BaseException:
            if old is not None:
                old.rename(site)
            raise
    if old is not None:
        integrity.discard(root, old, kind)


def _before_building(root: Path, log: TextIO) -> SiteConfig | None:
    """Check the project's shape and tidy after killed builds; its settings, None if it cannot."""
    problems = integrity.config_problems(root)
    config = None if problems else read_site_config(root)
    if config is not None:
        problems = integrity.project_problems(root, config.docs_dir)
    if problems:
        log.write(format_text(problems))
        log.write("timeline: the project cannot be built as it is; nothing was built\n")
        return None
    if signing_key() is None:
        log.write(
            f"timeline: error: cannot read or make {key_file()}, the key that tells this "
            "machine's build folders from a checkout's; make its folder writable, or set "
            "XDG_CACHE_HOME to a folder that is\n"
        )
        return None
    # a killed build may have left its staging folder, or the previous site set aside
    for done in integrity.recover_interrupted_builds(root, root / SITE_DIR):
        log.write(f"timeline: {done}\n")
    integrity.discard_leftovers(root)
    problems = integrity.site_source_problems(root, config.docs_dir)
    if problems:
        log.write(format_text(problems))
        log.write(
            "timeline: the site's sources cannot be published as they are; nothing was built\n"
        )
        return None
    return config


def build_site(
    root: Path, strict: bool = False, log: TextIO = sys.stderr, clean: bool = False
) -> BuildResult:
    """Build site/ from the records; incremental unless `clean` or something global changed."""
    config = _before_building(root, log)
    if config is None:
        return BuildResult(False)
    site, docs_dir = root / SITE_DIR, root / config.docs_dir
    hand_written = incremental.hand_written(docs_dir, GENERATED_ROOTS)
    fingerprint = incremental.fingerprint(root / CONFIG_FILE, hand_written)
    staging = integrity.make_build_folder(root)
    downloads = integrity.make_build_folder(root)
    generation = Generation(root, downloads)
    try:
        generation.start()
        # while the child generates: whether site/ is still as this machine's build left it
        proven = incremental.proven_site(root, site)
        previous = None if clean else _previous_state(root, proven, fingerprint, strict)
        if previous is not None:
            started = time.perf_counter()
            incremental.link_copy(site, staging)  # while the child generates
            copied = time.perf_counter() - started
        result = generation.pages_written(log)
        if not result.ok:
            return result
        sources = {**hand_written, **result.sources}
        if previous is not None:
            result.incremental = True
            started = time.perf_counter()
            incremental.prepare_staging(staging, docs_dir, previous, set(result.pages), sources)
            result.timings["copy"] = copied + time.perf_counter() - started
        started = time.perf_counter()
        code = run_mkdocs(root, staging, strict, dirty=previous is not None)
        result.timings["mkdocs"] = time.perf_counter() - started
        if code != 0:
            log.write(f"timeline: MkDocs failed (exit {code}); site/ was left as it was\n")
            result.ok = False
            return result
        started = time.perf_counter()
        written, seconds = generation.downloads_written()
        result.timings["downloads"] = seconds
        if previous is not None:
            incremental.remove_outputs(staging, set(previous.downloads) - set(written))
        move_downloads(downloads, staging, written)
        result.timings["wait for downloads"] = time.perf_counter() - started
        # after the downloads, though it does not need them: the generator process,
        # which writes them, holds the dataset, and Pagefind needs 900 MB at 10,000 events
        started = time.perf_counter()
        with ThreadPoolExecutor(1) as walker:  # what the new site holds, while Pagefind runs
            search = incremental.SEARCH_DIR + "/"
            files = walker.submit(incremental.site_files, staging, skip=search)
            code = run_pagefind(staging)
        result.timings["search index"] = time.perf_counter() - started
        if code != 0:
            log.write(
                f"timeline: the search index failed (exit {code}); site/ was left as it was\n"
            )
            result.ok = False
            return result
        started = time.perf_counter()
        replace_site(root, staging, site, proven is not None)
        identity = incremental.site_identity(site)
        if identity is not None:
            state = incremental.SiteState(fingerprint, strict, result.pages, written, *identity)
            state.sources = sources
            state.files = files.result()
            state.files.update(incremental.site_files(site, within=search))
            incremental.write_state(root, state)
        result.timings["swap"] = time.perf_counter() - started
    finally:
        generation.stop()
        for folder in (staging, downloads):
            if folder.exists():
                shutil.rmtree(folder, ignore_errors=True)
    return result


def _previous_state(
    root: Path, proven: incremental.SiteState | None, fingerprint: str, strict: bool
) -> incremental.SiteState | None:
    """The state of site/ if this build may start from it, else None (a full build)."""
    if proven is None or proven.fingerprint != fingerprint or (strict and not proven.strict):
        return None
    if not incremental.allows_incremental(root / CONFIG_FILE):
        return None
    return proven


def describe(result: BuildResult) -> str:
    report = result.write
    pages = "none written"
    if report:
        pages = f"{len(report.written)} written, {report.unchanged} unchanged, "
        pages += f"{len(report.deleted)} deleted, {report.rendered} rendered"
    times = ", ".join(f"{stage} {seconds:.2f} s" for stage, seconds in result.timings.items())
    kind = "incrementally" if result.incremental else "in full"
    return f"site/ built {kind}: generated files {pages} ({times})"
