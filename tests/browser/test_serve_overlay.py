"""`timeline serve` tells the truth in the browser: a failed rebuild shows its problems over
the page, with file:line:col, and the page reloads when the record is fixed."""

from __future__ import annotations

import os
import signal
import subprocess
import sys

from generator.site.preview import OVERLAY_ID
from tests.helpers import EPOCH, copy_project, fetch, free_port, wait_for

EVENT = "2025-08-12-mexico-sends-26-cartel-figures-to-us"


def test_a_failed_rebuild_shows_its_problems_and_the_fix_reloads(open_tab, tmp_path) -> None:
    root = copy_project(tmp_path)
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "generator", "serve", "--port", str(port)],
        cwd=root,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, **EPOCH},
    )
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
            " && document.querySelector('h1').textContent.includes('Fixed,')",
            timeout=30_000,
        )
        tab.page.close()  # its script polls serve, which stops next
    finally:
        server.send_signal(signal.SIGINT)
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
    assert "stale files" not in server.stderr.read()
