"""`timeline serve`: build, serve site/ on 127.0.0.1, rebuild and reload on every save.

The preview is the very site/ that `timeline build` makes, by the same
stages and the same atomic swap, so what a contributor sees is what will be
published. Rather than `mkdocs serve` (which would watch the generated pages,
not the records), a small threaded HTTP server serves site/, and watchdog
watches events/, entities/, the hand-written part of site_src/ and
mkdocs.yml. After a save settles, the site is rebuilt; the server adds a
few lines of script to every HTML page it sends (never to the files in
site/) that ask which build is current and reload the page when it changes.
An invalid record is reported in the terminal and the last good site stays up.

It serves only a site/ that a build on this machine put in place (the signed
state of generator.site.incremental names that very folder): a checkout could
carry a site/ of its own, with scripts or links to private files, and a
failed first build would otherwise serve it. Until a build succeeds, every
address answers with a page that says so. Nothing outside site/ is served,
whatever link a file there might be.
"""

from __future__ import annotations

import http.server
import os
import signal
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
from generator.records.load import ENTITIES_DIR, EVENTS_DIR
from generator.settings import CONFIG_FILE, read_site_config
from generator.site.build import build_site, describe
from generator.site.incremental import proven_site
from generator.site.manifest import MANIFEST

RELOAD_PATH = "/__timeline__/build"
SETTLE_SECONDS = 0.3
RELOAD_SCRIPT = (
    "<script>(function(){var seen=null;function poll(){"
    f"fetch('{RELOAD_PATH}',{{cache:'no-store'}}).then(function(r){{return r.text()}})"
    ".then(function(build){if(seen!==null&&build!==seen){location.reload()}seen=build})"
    ".catch(function(){}).then(function(){setTimeout(poll,1000)})}poll()})();</script>"
).encode()
WATCHED_KINDS = {"created", "modified", "deleted", "moved"}
NO_SITE_PAGE = (
    b"<!doctype html><meta charset=utf-8><title>No site yet</title><body>"
    b"<p>No site to show yet: the build failed. The terminal running <code>timeline serve"
    b"</code> says why; this page reloads when a build succeeds.</p></body>"
)


class Rebuilder:
    """Rebuilds the site once the files have stopped changing; counts successful builds."""

    def __init__(self, root: Path, site: Path, strict: bool) -> None:
        self.root = root
        self.site = site
        self.strict = strict
        self.generation = 0
        self.site_ok = False  # site/ is one a build on this machine put there
        self._changed_at: float | None = None
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="rebuilder")

    def build(self) -> bool:
        started = time.perf_counter()
        try:
            result = build_site(self.root, self.strict)
        except UserError as exc:
            print(format_user_error(exc), end="", file=sys.stderr, flush=True)
            return False
        finally:
            self.site_ok = proven_site(self.root, self.site) is not None
        if result.ok:
            self.generation += 1
            elapsed = time.perf_counter() - started
            print(f"{describe(result)}; rebuilt in {elapsed:.1f} s", file=sys.stderr, flush=True)
        else:
            print("timeline: the build failed; still serving the last good site", file=sys.stderr)
        return result.ok

    def changed(self) -> None:
        self._changed_at = time.monotonic()
        self._wake.set()

    def _run(self) -> None:
        while not self._stop.is_set():
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

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        self._wake.set()
        self._thread.join()


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
        return inside.parts[0] not in (*GENERATED_ROOTS, MANIFEST)

    def on_any_event(self, event: FileSystemEvent) -> None:
        if event.event_type not in WATCHED_KINDS or event.is_directory:
            return
        paths = [event.src_path, getattr(event, "dest_path", "")]
        if any(p and self.is_source(str(p)) for p in paths):
            self.on_change()


class PreviewHandler(http.server.SimpleHTTPRequestHandler):
    """Serves site/, adding the reload script to HTML pages on the way out."""

    def __init__(self, *args, rebuilder: Rebuilder, **kwargs) -> None:
        self.rebuilder = rebuilder
        super().__init__(*args, **kwargs)

    def end_headers(self) -> None:
        self.send_header("Cache-Control", "no-store")
        super().end_headers()

    def do_GET(self) -> None:
        path = unquote(urlsplit(self.path).path)
        if path == RELOAD_PATH:
            self._send(str(self.rebuilder.generation).encode(), "text/plain")
            return
        if not self.rebuilder.site_ok:
            self._send(NO_SITE_PAGE + RELOAD_SCRIPT, "text/html; charset=utf-8", 503)
            return
        file = Path(self.translate_path(self.path))
        if not _inside(file, Path(self.directory)):
            self.send_error(404)
            return
        if file.is_dir() and path.endswith("/"):
            file = file / "index.html"
        if file.suffix == ".html" and file.is_file():
            page = file.read_bytes()
            at = page.rfind(b"</body>")
            page = page[:at] + RELOAD_SCRIPT + page[at:] if at >= 0 else page + RELOAD_SCRIPT
            self._send(page, "text/html; charset=utf-8")
            return
        super().do_GET()

    def do_HEAD(self) -> None:
        if not self.rebuilder.site_ok or not _inside(
            Path(self.translate_path(self.path)), Path(self.directory)
        ):
            self.send_error(404)
            return
        super().do_HEAD()

    def _send(self, body: bytes, content_type: str, status: int = 200) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        pass  # the terminal is for build messages


def _inside(file: Path, site: Path) -> bool:
    """Whether the file, links resolved, is site/ or under it."""
    real, top = os.path.realpath(file), os.path.realpath(site)
    return real == top or real.startswith(top + os.sep)


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


def serve(root: Path, port: int, strict: bool = False) -> None:
    config = read_site_config(root)
    docs_dir, site = root / config.docs_dir, root / config.site_dir
    rebuilder = Rebuilder(root, site, strict)
    if not rebuilder.build():
        print("timeline: fix the problems above; the preview rebuilds on save", file=sys.stderr)
    handler = partial(PreviewHandler, rebuilder=rebuilder, directory=str(site))
    try:
        server = http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)
    except OSError as exc:
        raise UserError(f"cannot serve on 127.0.0.1:{port}: {exc.strerror}; try --port") from None
    watcher = SourceWatcher(root, docs_dir, rebuilder.changed)
    observer = Observer()
    for folder in (root / EVENTS_DIR, root / ENTITIES_DIR, docs_dir):
        if folder.is_dir():
            observer.schedule(watcher, str(folder), recursive=True)
    observer.schedule(watcher, str(root), recursive=False)
    rebuilder.start()
    observer.start()
    print(f"Serving on http://127.0.0.1:{port}/ (Ctrl-C to stop)", flush=True)
    # stopped by a process manager (SIGTERM): clean up as for Ctrl-C
    signal.signal(signal.SIGTERM, _interrupt)
    try:
        server.serve_forever()
    finally:
        observer.stop()
        server.server_close()
        rebuilder.stop()
        observer.join()
