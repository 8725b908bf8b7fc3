"""`timeline serve` tells the truth in the browser: a failed rebuild shows its problems over
the page, with file:line:col, and the page reloads when the record is fixed."""

from __future__ import annotations

import os
import subprocess
import sys

from generator.site.preview import DEFERRED_ID, OVERLAY_ID, STATUS_PATH
from tests.helpers import (
    EPOCH,
    copy_project,
    fetch,
    free_port,
    start_serve,
    stop_serve,
    wait_for,
)

EVENT = "2025-08-12-mexico-sends-26-cartel-figures-to-us"


def test_a_failed_rebuild_shows_its_problems_and_the_fix_reloads(open_tab, tmp_path) -> None:
    root = copy_project(tmp_path)
    port = free_port()
    server = start_serve(root, port, stderr=subprocess.PIPE)
    try:
        url = f"http://127.0.0.1:{port}/events/{EVENT}/"
        wait_for(lambda: fetch(url), 120, "the first build")
        tab = open_tab()
        tab.page.goto(url)
        overlay = tab.page.locator(f"#{OVERLAY_ID}")
        record = root / "events/2025" / f"{EVENT}.yaml"
        good = record.read_text()
        record.write_text(good.replace('date: "2025-08-12"', "date: May 13, 2025", 1))
        overlay.wait_for(state="visible", timeout=30_000)
        text = overlay.inner_text()
        assert "The last rebuild failed" in text
        assert f"events/2025/{EVENT}.yaml:2:7: error: 'May 13, 2025' is not written" in text
        assert "did you mean 2025-05-13?" in text
        # the page under it is still the last good build
        assert tab.page.locator("h1").first.is_visible()

        record.write_text(good.replace("title: ", "title: Fixed, ", 1))
        tab.page.wait_for_function(
            f"() => !document.getElementById('{OVERLAY_ID}')"
            # the reload may be half-way: no h1 yet is "not yet", not an error
            " && (document.querySelector('h1')?.textContent ?? '').includes('Fixed,')",
            timeout=30_000,
        )
        tab.page.close()  # its script polls serve, which stops next
    finally:
        stop_serve(server)
    assert "stale files" not in server.stderr.read()


def test_a_rebuild_shows_the_page_first_and_says_what_it_deferred(open_tab, tmp_path) -> None:
    """Search and downloads come after the reload, in the background; the page says so."""
    root = copy_project(tmp_path)
    built = subprocess.run(
        [sys.executable, "-m", "generator", "build"], cwd=root, env={**os.environ, **EPOCH}
    )
    assert built.returncode == 0  # serve's first build is then incremental, and defers
    port = free_port()
    server = start_serve(root, port, stderr=subprocess.PIPE)
    base = f"http://127.0.0.1:{port}"
    try:
        url = f"{base}/events/{EVENT}/"
        wait_for(lambda: fetch(url), 120, "the first build")
        wait_for(lambda: '"deferred": []' in (fetch(base + STATUS_PATH) or ""), 120, "catch-up")
        tab = open_tab()
        tab.page.goto(url)
        record = root / "events/2025" / f"{EVENT}.yaml"
        record.write_text(record.read_text().replace("title: ", "title: Deferred, ", 1))
        note = tab.page.locator(f"#{DEFERRED_ID}")
        note.wait_for(state="visible", timeout=30_000)  # after the reload
        assert "Deferred," in tab.page.locator("h1").first.inner_text()
        assert "search index" in note.inner_text() and "downloads" in note.inner_text()
        note.wait_for(state="detached", timeout=120_000)  # the background build is done
        assert "Deferred," in (fetch(f"{base}/data/events.json") or "")
        tab.page.close()
    finally:
        stop_serve(server)
    # what was deferred was done: the next build has nothing left to do
    again = subprocess.run(
        [sys.executable, "-m", "generator", "build"],
        cwd=root,
        capture_output=True,
        text=True,
        env={**os.environ, **EPOCH},
    )
    assert "is up to date" in again.stderr, again.stderr
