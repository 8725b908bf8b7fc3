"""Driving the search dialog (site_src/assets/javascripts/site-search.js) in the tests."""

from __future__ import annotations

from typing import Any

DIALOG = "dialog.tl-search-dialog[open]"
INPUT = f"{DIALOG} input[type=search]"
ROWS = f"{DIALOG} .tl-hit"


def open_dialog(page: Any) -> None:
    page.click(".tl-search__button")
    page.wait_for_selector(INPUT)


def wait_for_results(page: Any, query: str) -> None:
    """Until the summary counts the results of `query` and their rows are drawn."""
    page.wait_for_function(
        """q => {
             const summary = document.querySelector('.tl-search-dialog__summary');
             return summary && summary.textContent.includes('“' + q + '”')
               && !summary.textContent.startsWith('Searching');
           }""",
        arg=query,
    )


def run_search(page: Any, query: str) -> list[str]:
    """Type a query in the open dialog; the addresses of the results on its first page."""
    page.fill(INPUT, query)
    wait_for_results(page, query)
    return page.eval_on_selector_all(f"{ROWS} .tl-hit__title a", "as => as.map(a => a.href)")


def rows(page: Any) -> list[dict[str, str]]:
    """The rows shown: date, status, title, excerpt (its text) and the marked words."""
    return page.eval_on_selector_all(
        ROWS,
        """items => items.map(li => ({
             date: (li.querySelector('.tl-hit__date') || {}).textContent || '',
             status: (li.querySelector('.status') || {}).textContent || '',
             title: li.querySelector('.tl-hit__title').textContent,
             href: li.querySelector('.tl-hit__title a').href,
             excerpt: (li.querySelector('.tl-hit__excerpt') || {}).textContent || '',
             marked: [...li.querySelectorAll('mark')].map(m => m.textContent),
           }))""",
    )
