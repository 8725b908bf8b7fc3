"""The hostile site in a real browser: no page and no search result runs a record's script.

Every payload of `tests.hostile.cases` calls alert(), which the test replaces by a
recorder before any script of a page runs. Chromium (through Playwright, from
tests/browser/conftest.py) opens every event and entity page of the built hostile site, and
searches it with Pagefind's dialog for words the payloads hold. A dialog, a call
to the recorder, an element with an event-handler attribute, a script URL, or an
active element in a record's page content fails the test. Skipped without
Chromium, except under CI (see tests/browser/conftest.py).
"""

from __future__ import annotations

import functools
import http.server
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.browser.search_dialog import ROWS, open_dialog, rows, run_search
from tests.hostile.cases import NEUTRALISED, event_id

# Run before any script of a page: record what would have shown a dialog.
TRAP = """
window.__ran = [];
for (const name of ["alert", "confirm", "prompt", "print"]) {
  window[name] = (...args) => { window.__ran.push(name + "(" + args.join(",") + ")"); };
}
"""
# Elements and attributes a record could only have smuggled in: none may exist.
SMUGGLED = """record_page => {
  const found = [];
  for (const element of document.querySelectorAll("*")) {
    for (const attribute of element.attributes) {
      if (attribute.name.startsWith("on")) found.push(element.tagName + " " + attribute.name);
    }
  }
  for (const a of document.querySelectorAll("a[href], [src], form[action]")) {
    const url = a.href || a.src || a.action || "";
    if (/^(javascript|vbscript|data):/i.test(url)) found.push(a.tagName + " " + url);
  }
  for (const s of document.querySelectorAll("article script:not([type='application/ld+json'])"))
    found.push("script " + s.textContent.slice(0, 60));
  // the generator's own pages hold a chart (svg) and the filters (form); record pages hold
  // nothing of the kind but the chart of an entity's events, which the generator draws
  const active = "iframe, object, embed, img, style, form, svg, input, button";
  // the copy-link button is share.js's own (.tl-copy)
  const own = ":not(.tl-copy *)";
  if (record_page) for (const e of document.querySelectorAll("article :is(" + active + ")" + own))
    if (!(e.matches("svg.tl-chart__svg") && e.parentElement.matches("figure.tl-chart")))
      found.push(e.tagName);
  return found;
}"""


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def served(neutralised_project: Path) -> Iterator[str]:
    """The neutralised records' site, built once per session (tests/conftest.py)."""
    root = neutralised_project
    handler = functools.partial(_Quiet, directory=str(root / "site"))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="module")
def page(served: str, browser: Any) -> Iterator[Any]:
    """A tab of the shared Chromium (tests/browser/conftest.py) with alert() trapped."""
    context = browser.new_context()
    context.add_init_script(TRAP)
    # Material asks GitHub for the repository's counts: not this test's business
    context.route("https://**", lambda route: route.fulfill(status=404, body=""))
    tab = context.new_page()
    tab.dialogs = []
    tab.on("dialog", lambda dialog: (tab.dialogs.append(dialog.message), dialog.dismiss()))
    yield tab
    context.close()


def _pages() -> list[str]:
    urls = [f"events/{event_id(i, case)}/" for i, case in enumerate(NEUTRALISED)]
    urls += [f"actors/{c.entity_id}/" for c in NEUTRALISED if c.field.startswith("entity_")]
    return [*urls, "", "timeline/", "timeline/2025/", "actors/", "tags/hostile/"]


def test_no_page_runs_a_record_script(served: str, page: Any) -> None:
    ran: dict[str, object] = {}
    for url in _pages():
        page.goto(served + url, wait_until="load")
        page.wait_for_timeout(30)  # let an image's onerror fire, were there one
        record_page = url.startswith(("events/", "actors/entity-"))
        found = page.evaluate(SMUGGLED, record_page) + page.evaluate("window.__ran")
        if found:
            ran[url] = found
    assert not page.dialogs and not ran, (page.dialogs, ran)


@pytest.mark.parametrize("query", ["alert", "onerror", "script", "javascript"])
def test_no_search_result_runs_a_record_script(served: str, page: Any, query: str) -> None:
    page.goto(served + "timeline/", wait_until="load")
    open_dialog(page)
    run_search(page, query)
    results = page.eval_on_selector_all(ROWS, "items => items.map(li => li.textContent)")
    assert results
    found = page.evaluate(
        """() => [...document.querySelectorAll("dialog.tl-search-dialog *")]
            .filter(e => ["SCRIPT", "IMG", "SVG", "IFRAME", "STYLE"].includes(e.tagName)
                         || [...e.attributes].some(a => a.name.startsWith("on")))
            .map(e => e.outerHTML.slice(0, 80))"""
    )
    assert not found and not page.dialogs and not page.evaluate("window.__ran")
    if query == "script":  # a title made of markup shows as that text
        assert any("</script><script>alert(1)</script>" in text for text in results), results


# The cases that hold HTML's special characters and references as text, each starting with
# a word of its own: what the search dialog shows of each page must be what the page shows.
EXCERPT_CASES = {
    "quokka": "code-specials",
    "narwhal": "references-as-text",
    "pangolin": "code-specials-body",
    "axolotl": "code-specials-update-note",
    "okapi": "code-specials-entity-summary",
}


def _case_page(case_id: str) -> tuple[str, str]:
    """The page that shows a case's text, and that text as the page shows it."""
    index, case = next((i, c) for i, c in enumerate(NEUTRALISED) if c.id == case_id)
    if case.field.startswith("entity_"):
        return f"actors/{case.entity_id}/", case.visible
    return f"events/{event_id(index, case)}/", case.visible


@pytest.mark.parametrize(("word", "case_id"), EXCERPT_CASES.items())
def test_search_excerpts_show_what_the_page_shows(
    served: str, page: Any, word: str, case_id: str
) -> None:
    url, visible = _case_page(case_id)
    page.goto(served + url, wait_until="load")
    page_text = " ".join(page.eval_on_selector("article", "a => a.textContent").split())
    assert visible in page_text
    open_dialog(page)
    run_search(page, word)
    [row] = [r for r in rows(page) if r["href"].endswith(url)]
    # the title, then the excerpt: some twenty words of the page (without the title it
    # may start with), perhaps cut in the case's text
    shown = " ".join(f"{row['title']} {row['excerpt']}".split())
    assert word.capitalize() in shown, shown
    from_the_case = shown[shown.index(word.capitalize()) :]
    assert visible.startswith(from_the_case) or from_the_case.startswith(visible), shown
    assert len(from_the_case) > len(word) + 10, shown  # enough of it to tell
