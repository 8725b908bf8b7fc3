"""A real browser on the built site: Playwright for Python driving Debian's Chromium.

The seed site and a large synthetic one are built once per test session
(tests/conftest.py, shared by the xdist workers), then each is served by a threaded HTTP
server on 127.0.0.1 under the path of `site_url` (/us-mexico-timeline/), as
GitHub Pages serves it, so that relative links and the search bundle are
tested under a sub-path. Playwright's own browser download is not used:
Chromium comes from Debian (`scripts/install-browser`). Without it the tests
are skipped, except under CI (CI=true), where a missing browser fails the run.

Every page a test opens is watched: a console error, an uncaught exception or
a request to another host fails the test when it ends. The one exception is
Material's request for the repository's star and fork counts on GitHub's API,
answered here as GitHub would.
"""

from __future__ import annotations

import functools
import http.server
import json
import os
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

from generator.records.project import load_project
from generator.settings import read_site_config
from tests.helpers import DESKTOP, PHONE, BuiltSite, Tab  # noqa: F401  (PHONE: older imports)
from tests.site.history_repo import make_history_project

CHROMIUM = Path(os.environ.get("TIMELINE_CHROMIUM", "/usr/bin/chromium"))
# How Chromium runs here: no sandbox as root, no GPU, and none of its own
# connections to Google's services, which this network refuses.
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
GITHUB_API = "https://api.github.com/"
GITHUB_ANSWERS = {  # what Material asks about the repository, as GitHub answers
    "/releases/latest": {"tag_name": "v1.0.0"},
    "": {"stargazers_count": 12, "forks_count": 3},
}


def unavailable(reason: str) -> None:
    """Skip the browser tests here; fail them under CI, which must run them."""
    if os.environ.get("CI"):
        pytest.fail(f"{reason}: CI must run the browser tests (see scripts/install-browser)")
    pytest.skip(reason)


class _SubPathHandler(http.server.SimpleHTTPRequestHandler):
    """Serves a folder under a path prefix, as GitHub Pages serves a project site."""

    prefix = "/"

    def translate_path(self, path: str) -> str:
        route = urlsplit(path).path
        if not route.startswith(self.prefix):
            return str(Path(self.directory) / "no such file")
        return super().translate_path("/" + route[len(self.prefix) :])

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture(scope="session")
def serve() -> Iterator[Callable[[Path], str]]:
    """serve(site root) -> the address of its built site/, under its site_url's path."""
    servers: list[http.server.ThreadingHTTPServer] = []

    def start(root: Path) -> str:
        prefix = urlsplit(read_site_config(root).url).path or "/"
        handler = type("Handler", (_SubPathHandler,), {"prefix": prefix.rstrip("/") + "/"})
        server = http.server.ThreadingHTTPServer(
            ("127.0.0.1", 0), functools.partial(handler, directory=str(root / "site"))
        )
        server.daemon_threads = True
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
        return f"http://127.0.0.1:{server.server_address[1]}{handler.prefix}"

    yield start
    for server in servers:
        server.shutdown()
        server.server_close()


def _served(root: Path, serve: Callable[[Path], str]) -> BuiltSite:
    bundles = json.loads((root / "site" / "search-bundles.json").read_text())["bundles"]
    # Pagefind's script is loaded from the first bundle only (the others are merged into it)
    assert (root / "site" / bundles[0]["path"] / "pagefind.js").is_file()
    for bundle in bundles:
        assert (root / "site" / bundle["path"] / "pagefind-entry.json").is_file()
    assert (root / "site" / "search-bundles.json").is_file()
    dataset, _ = load_project(root)
    return BuiltSite(root, dataset, serve(root))


@pytest.fixture(scope="session")
def seed_site(seed_project: Path, serve) -> BuiltSite:
    """The repository's own records, built (once per session) and served."""
    return _served(seed_project, serve)


@pytest.fixture(scope="session")
def history_site(shared_build, serve) -> BuiltSite:
    """The seed records in a git repository of their own, edited and corrected in its
    history (tests.site.history_repo), with one hostile title; built and served."""
    return _served(shared_build("history", make_history_project), serve)


@pytest.fixture(scope="session")
def large_site(large_project: Path, serve) -> BuiltSite:
    """A synthetic project too long for one timeline page, built and served."""
    return _served(large_project, serve)


@pytest.fixture(scope="session")
def years_site(years_project: Path, serve) -> BuiltSite:
    """A synthetic project over seven years, its search index in one bundle; served."""
    return _served(years_project, serve)


@pytest.fixture(scope="session")
def years_split_site(years_split_project: Path, serve) -> BuiltSite:
    """The same records, the search index in a bundle per year; served."""
    return _served(years_split_project, serve)


# Chromium runs per test module: Playwright's sync API allows one running
# instance per thread, and a module's fixtures end before the next module starts.
@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    if not CHROMIUM.is_file():
        unavailable(f"no Chromium at {CHROMIUM}")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        unavailable("Playwright for Python is not installed (pip install -e '.[test]')")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


def _answer_github(route: Any) -> None:
    path = urlsplit(route.request.url).path
    for suffix, answer in GITHUB_ANSWERS.items():
        if path.endswith(suffix):
            route.fulfill(status=200, content_type="application/json", body=json.dumps(answer))
            return


@pytest.fixture(scope="module")
def shared_context(browser) -> Iterator[Any]:
    """One browser context for the tests that need nothing special of it: a new
    context costs Chromium about half a second here, a new page in it much less."""
    context = browser.new_context(viewport=DESKTOP)
    context.route(GITHUB_API + "**", _answer_github)
    yield context
    context.close()


@pytest.fixture
def open_tab(browser, shared_context) -> Iterator[Callable[..., Tab]]:
    """open_tab(viewport=DESKTOP, color_scheme="light", **context options) -> a watched Tab.

    Context options (is_mobile, java_script_enabled, ...) get a context of their
    own; otherwise the tab is a new page in the shared context. Every tab is
    checked for errors and requests elsewhere when the test ends.
    """
    opened: list[tuple[Any, Tab]] = []

    def open_(
        viewport: dict[str, int] = DESKTOP, color_scheme: str = "light", **options: Any
    ) -> Tab:
        if options:
            context = browser.new_context(viewport=viewport, color_scheme=color_scheme, **options)
            context.route(GITHUB_API + "**", _answer_github)
            page = context.new_page()
        else:
            context = None
            page = shared_context.new_page()
            # Material keeps the palette it chose in localStorage: start each
            # page as a first visit, so the palette follows color_scheme
            page.add_init_script("window.localStorage.clear()")
            page.set_viewport_size(viewport)
            page.emulate_media(color_scheme=color_scheme)
        tab = Tab(page)
        page.on("console", lambda m: m.type == "error" and tab.errors.append(m.text))
        page.on("pageerror", lambda error: tab.errors.append(f"uncaught: {error}"))

        def outside(request: Any) -> None:
            host = urlsplit(request.url).hostname
            if host not in ("127.0.0.1", None) and not request.url.startswith(GITHUB_API):
                tab.elsewhere.append(request.url)

        page.on("request", outside)
        opened.append((context or page, tab))
        return tab

    yield open_
    for closable, tab in opened:
        closable.close()
        assert not tab.errors, f"errors in the browser console: {tab.errors}"
        assert not tab.elsewhere, f"requests to other hosts: {tab.elsewhere}"
