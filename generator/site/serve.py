"""`timeline serve`: build, serve site/ on 127.0.0.1, rebuild and reload on every save.

The preview is the very site/ that `timeline build` makes, by the same stages and the same
atomic swap, so what a contributor sees is what will be published. Rather than `mkdocs serve`
(which would watch the generated pages, not the records), a small threaded HTTP server serves
site/, and watchdog watches events/, entities/, the hand-written part of site_src/ and
mkdocs.yml. After a save settles, the site is rebuilt; the server adds a few lines of script to
every HTML page it sends (never to the files in site/) that ask which build is current and
reload the page when it changes (generator.site.preview). An invalid record is reported in the
terminal and over the page in the browser, and the last good site stays up under it.

It serves only a site/ that a build on this machine put in place, and of it only the files as
that build left them: the signed state (generator.site.state) lists every file of site/ by
mode, size, time and inode; a file is sent only if the one opened (never through a link) is
it. A checkout could carry a site/ of its own, with scripts or links to private files, and a
failed first build would otherwise serve it; and checking out a branch while the preview runs
writes the branch's files over site/'s (git replaces ignored files without asking), which no
build reads until the next one. Until a build succeeds, every address answers with a page
that says so; a file that is not the build's is not found, nor is a folder without an index.
"""

from __future__ import annotations

import http.server
import mimetypes
import multiprocessing
import os
import shutil
import signal
import stat
import subprocess
import sys
import threading
import time
from functools import partial
from pathlib import Path, PurePosixPath
from urllib.parse import unquote, urlsplit

from watchdog.events import FileSystemEvent, FileSystemEventHandler
from watchdog.observers import Observer

from generator.diagnostics import UserError, format_user_error
from generator.layout import GENERATED_ROOTS
from generator.records.cache import for_project, keep_in_memory
from generator.records.load import ENTITIES_DIR, EVENTS_DIR, load_records
from generator.render import keys
from generator.render.environment import environment
from generator.settings import CONFIG_FILE, read_site_config
from generator.site import preview
from generator.site.build import build_site
from generator.site.collector import collector_paused
from generator.site.incremental import SiteState
from generator.site.manifest import MANIFEST, PENDING
from generator.site.result import describe
from generator.site.state import state_of_this_site
from generator.site.warm import Preview, WarmMkDocs

SETTLE_SECONDS = 0.15  # an editor saves in several steps within a few milliseconds
CATCH_UP_AFTER_SECONDS = 2.0  # the search index and downloads: after this long without a save
WATCHED_KINDS = {"created", "modified", "deleted", "moved"}
NO_SITE_PAGE = (
    b"<!doctype html><meta charset=utf-8><title>No site yet</title><body>"
    b"<p>No site to show yet: the build failed. The terminal running <code>timeline serve"
    b"</code> says why; this page reloads when a build succeeds.</p></body>"
)
RELOAD_SCRIPT = preview.SCRIPT


class Rebuilder:
    """Rebuilds the site once the files have stopped changing; counts successful builds."""

    def __init__(self, root: Path, site: Path, strict: bool) -> None:
        self.root = root
        self.site = site
        self.strict = strict
        self.status = preview.BuildStatus()
        self.state: SiteState | None = None  # of site/, if a build on this machine put it there
        self._changed_at: float | None = None
        self._wake = threading.Event()
        self._stop = threading.Event()
        # a daemon: should serve end without stopping it, the process still ends (a build
        # cut short leaves folders the next build tidies up, as after a kill)
        self._thread = threading.Thread(target=self._run, name="rebuilder", daemon=True)
        self.mkdocs = WarmMkDocs(root / CONFIG_FILE)
        self._catch_up = False  # a build deferred work that a background build must do

    def build(self, defer: bool = True) -> bool:
        started = time.perf_counter()
        log = preview.TeeLog(sys.stderr)
        how = Preview(self.mkdocs, defer, likely_in_place=defer and self.state is not None)
        try:
            result = build_site(self.root, self.strict, log=log, preview=how)
        except UserError as exc:
            log.write(format_user_error(exc))
            self.status.failed(log.text())
            return False
        finally:
            # site/ as this build left it: updated in place, the state it wrote; else the
            # state the last build wrote, if site/ is its folder (each file is checked as sent)
            self.state = how.state or state_of_this_site(self.root, self.site)
        if result.ok:
            self.status.succeeded(how.deferred)
            self._catch_up = bool(how.deferred)
            elapsed = time.perf_counter() - started
            print(f"{describe(result)}; rebuilt in {elapsed:.1f} s", file=sys.stderr, flush=True)
            if how.deferred:
                print(
                    f"timeline: {' and '.join(how.deferred)} of the preview are the previous "
                    "build's until the build running in the background updates them",
                    file=sys.stderr,
                    flush=True,
                )
        else:
            self.status.failed(log.text())
            print(
                "timeline: the build failed; still serving the last good site, with the "
                "problems shown over each page",
                file=sys.stderr,
                flush=True,
            )
        return result.ok

    def between_builds(self) -> None:
        """Records loaded and hashed (generator.render.keys) in the memory each build's generator,
        a fork of this, starts with; the pages listed by the warm MkDocs (WarmMkDocs.prepare)."""
        with collector_paused():
            loaded = load_records(self.root, for_project(self.root))
            keys.remember([*loaded.events, *loaded.entities])
        self.mkdocs.prepare(self.root / CONFIG_FILE, self.strict)

    def changed(self) -> None:
        self._changed_at = time.monotonic()
        self._wake.set()

    def catch_up(self) -> None:
        """`timeline build` in the background, for what the last build deferred; a save stops
        it (its process group: MkDocs and Pagefind too; the next build tidies up after it)."""
        command = [sys.executable, "-m", "generator", "-C", str(self.root), "build"]
        command += ["--strict"] if self.strict else []
        log = preview.TeeLog(sys.stderr)
        process = subprocess.Popen(
            command, stderr=subprocess.PIPE, text=True, start_new_session=True
        )
        copier = threading.Thread(target=lambda: [log.write(line) for line in process.stderr])
        copier.start()
        while process.poll() is None:
            if self._wake.wait(0.05):  # a save: left set, for _run to see
                os.killpg(process.pid, signal.SIGTERM)
                process.wait()
                self.state = state_of_this_site(self.root, self.site)  # swapped in, or not
                break
        copier.join()
        if process.returncode == 0:
            self._catch_up = False
            self.state = state_of_this_site(self.root, self.site)
            self.status.caught_up()
        elif not self._wake.is_set():
            self._catch_up = False
            self.status.failed(log.text())

    def _run(self) -> None:
        while not self._stop.is_set():
            # while saves follow one another, nothing is done in the background
            if self._catch_up and not self._wake.wait(CATCH_UP_AFTER_SECONDS):
                self.catch_up()
                continue
            self._wake.wait()
            self._wake.clear()
            if self._stop.is_set():
                return
            # wait until nothing has changed for a moment: an editor saves in several steps
            while self._changed_at is not None and (
                time.monotonic() - self._changed_at < SETTLE_SECONDS
            ):
                time.sleep(SETTLE_SECONDS / 3)
            self._changed_at = None
            self.build()
            self.between_builds()  # the files just saved, before the next save

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        """Ctrl-C: a build under way is cut short after 2 s (its generator too), as by a kill."""
        self._stop.set()
        self._wake.set()
        if self._thread.is_alive():
            self._thread.join(2.0)  # the next build tidies up after it
        for child in multiprocessing.active_children():
            child.terminate()


class SourceWatcher(FileSystemEventHandler):
    """Passes on changes to the files a build reads, not to the files it writes."""

    def __init__(self, root: Path, docs_dir: Path, on_change) -> None:
        self.root = root
        self.docs_dir = docs_dir
        self.on_change = on_change

    def is_source(self, path: str) -> bool:
        file = Path(path)
        if file.name.startswith((".", "#")) or file.name.endswith("~"):
            return False  # editor swap and backup files, our own temporary files
        try:
            relative = PurePosixPath(file.relative_to(self.root).as_posix())
        except ValueError:
            return False
        if relative.parts[0] in (EVENTS_DIR, ENTITIES_DIR) or str(relative) == CONFIG_FILE:
            return True
        try:
            inside = PurePosixPath(file.relative_to(self.docs_dir).as_posix())
        except ValueError:
            return False
        return inside.parts[0] not in (*GENERATED_ROOTS, MANIFEST, PENDING)

    def on_any_event(self, event: FileSystemEvent) -> None:
        if event.event_type not in WATCHED_KINDS or event.is_directory:
            return
        paths = [event.src_path, getattr(event, "dest_path", "")]
        if any(p and self.is_source(str(p)) for p in paths):
            self.on_change()


class PreviewHandler(http.server.BaseHTTPRequestHandler):
    """Serves the files of site/ as the build left them, adding the reload script to pages."""

    def __init__(self, *args, rebuilder: Rebuilder, **kwargs) -> None:
        self.rebuilder = rebuilder
        super().__init__(*args, **kwargs)

    def end_headers(self) -> None:
        self.send_header("Cache-Control", "no-store")
        super().end_headers()

    def do_GET(self) -> None:
        self._respond(with_body=True)

    def do_HEAD(self) -> None:
        self._respond(with_body=False)

    def _respond(self, with_body: bool) -> None:
        address = urlsplit(self.path)
        path = unquote(address.path)
        if path == preview.STATUS_PATH:
            status = self.rebuilder.status.as_json()
            self._send(status, "application/json", with_body=with_body)
            return
        state = self.rebuilder.state
        if state is None:
            page = NO_SITE_PAGE + RELOAD_SCRIPT
            self._send(page, "text/html; charset=utf-8", 503, with_body)
            return
        relative = site_path(path, state)
        if relative is None:
            self.send_error(404)
        elif relative.endswith("/"):  # a folder asked for without the slash
            self.send_response(301)
            self.send_header("Location", address._replace(path=address.path + "/").geturl())
            self.send_header("Content-Length", "0")
            self.end_headers()
        else:
            self._send_file(relative, state, with_body)

    def _send_file(self, relative: str, state: SiteState, with_body: bool) -> None:
        stream = open_as_built(self.rebuilder.site, relative, state)
        if stream is None:
            self.send_error(404)
            return
        with stream:
            if relative.endswith(".html"):
                page = stream.read()
                at = page.rfind(b"</body>")
                page = page[:at] + RELOAD_SCRIPT + page[at:] if at >= 0 else page + RELOAD_SCRIPT
                self._send(page, "text/html; charset=utf-8", with_body=with_body)
                return
            self.send_response(200)
            self.send_header("Content-Type", _content_type(relative))
            self.send_header("Content-Length", str(os.fstat(stream.fileno()).st_size))
            self.end_headers()
            if with_body:
                shutil.copyfileobj(stream, self.wfile)

    def _send(
        self, body: bytes, content_type: str, status: int = 200, with_body: bool = True
    ) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if with_body:
            self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        pass  # the terminal is for build messages


def _content_type(relative: str) -> str:
    """As http.server guesses it: compressed files as such, else by the system's types."""
    suffix = PurePosixPath(relative).suffix
    known = http.server.SimpleHTTPRequestHandler.extensions_map
    return known.get(suffix) or mimetypes.guess_type(relative)[0] or "application/octet-stream"


def site_path(path: str, state: SiteState) -> str | None:
    """The file of site/ that an address asks for, as the state names it, or None.

    A folder's address gives its index page; a folder asked for without its
    final slash gives the folder's own path, ending in '/', to redirect to.
    """
    parts = [part for part in path.split("/") if part]
    if any(part in (".", "..") or "\\" in part or "\0" in part for part in parts):
        return None
    relative = "/".join(parts)
    if relative and relative + "/" not in state.files:
        return relative
    if path.endswith("/") or not relative:
        return f"{relative}/index.html" if relative else "index.html"
    return relative + "/"


def open_as_built(site: Path, relative: str, state: SiteState):
    """The file site/relative opened for reading, if it is the very file the build left there.

    The state holds each file's mode, size, time and inode; the file is opened
    without following a link and without blocking, and compared with it.
    """
    built = state.files.get(relative)
    if built is None or not stat.S_ISREG(built[0]):
        return None
    flags = os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0)
    try:
        descriptor = os.open(os.path.join(site, relative), flags)
    except OSError:
        return None
    status = os.fstat(descriptor)
    found = [status.st_mode, status.st_size, status.st_mtime_ns, status.st_ino]
    if found != built or not _inside(Path(site, relative), site):
        os.close(descriptor)
        return None
    return os.fdopen(descriptor, "rb")


def _inside(file: Path, site: Path) -> bool:
    """Whether the file, links resolved, is site/ or under it."""
    real, top = os.path.realpath(file), os.path.realpath(site)
    return real == top or real.startswith(top + os.sep)


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


def _compile_templates() -> None:
    """Compile every page template here, once: each rebuild's generator process is a fork
    of this one (generator.site.generator_process) and starts with them compiled."""
    templates = environment()
    for name in templates.list_templates(extensions=["j2"]):
        if name.endswith(".md.j2"):  # the pages' (`timeline new` has templates of its own)
            templates.get_template(name)


def serve(root: Path, port: int, strict: bool = False) -> None:
    config = read_site_config(root)
    _compile_templates()
    docs_dir, site = root / config.docs_dir, root / config.site_dir
    rebuilder = Rebuilder(root, site, strict)
    keep_in_memory(root)  # the records, between builds (Rebuilder.between_builds)
    rebuilder.mkdocs.start()  # it imports MkDocs while the first build runs
    if not rebuilder.build():
        print("timeline: fix the problems above; the preview rebuilds on save", file=sys.stderr)
    handler = partial(PreviewHandler, rebuilder=rebuilder)
    try:
        server = http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)
        # a page still loading never holds up Ctrl-C: the server does not wait for it
        server.daemon_threads = True
        server.block_on_close = False
    except OSError as exc:
        raise UserError(f"cannot serve on 127.0.0.1:{port}: {exc.strerror}; try --port") from None
    watcher = SourceWatcher(root, docs_dir, rebuilder.changed)
    observer = Observer()
    for folder in (root / EVENTS_DIR, root / ENTITIES_DIR, docs_dir):
        if folder.is_dir():
            observer.schedule(watcher, str(folder), recursive=True)
    observer.schedule(watcher, str(root), recursive=False)
    # stopped by a process manager (SIGTERM): clean up as for Ctrl-C
    signal.signal(signal.SIGTERM, _interrupt)
    try:  # from the first thread on: whatever stops serve, it stops them all
        observer.start()  # a save from now on is seen, and built once the rebuilder starts
        rebuilder.between_builds()  # before serving: else the first save waits (3 s at 10k)
        rebuilder.start()
        print(f"Serving on http://127.0.0.1:{port}/ (Ctrl-C to stop)", flush=True)
        server.serve_forever()
    finally:
        observer.stop()
        server.server_close()
        rebuilder.stop()
        rebuilder.mkdocs.stop()
        if observer.is_alive():
            observer.join()
