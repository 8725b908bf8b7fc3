"""Render many pages on two cores: a forked helper renders every other page.

A first build (or one after a change to a template) renders every page: about
ten seconds at 10,000 events on one core, while the other core waits for
MkDocs. Above MIN_PAGES, the pages are split between this process and a
helper forked from it, which shares the dataset without copying it and sends
its pages back through a pipe. Rendering is deterministic, so which process
renders a page changes nothing in it. Without fork, or for a few pages, they
are rendered here.
"""

from __future__ import annotations

import multiprocessing
import signal
import traceback

from generator.render.pages import PlannedPage

MIN_PAGES = 1000


def _render(pages: dict[str, PlannedPage]) -> dict[str, str]:
    return {path: page.render() for path, page in pages.items()}


def _helper(pages: dict[str, PlannedPage], sender) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent stops the helper
    try:
        sender.send(("pages", _render(pages)))
    except BaseException:
        sender.send(("error", traceback.format_exc()))
    sender.close()


def render_on_two_cores(pages: dict[str, PlannedPage]) -> dict[str, str]:
    """The text of each page, rendered half here and half in a forked helper."""
    if len(pages) < MIN_PAGES or "fork" not in multiprocessing.get_all_start_methods():
        return _render(pages)
    paths = list(pages)
    theirs = {path: pages[path] for path in paths[1::2]}
    ours = {path: pages[path] for path in paths[0::2]}
    context = multiprocessing.get_context("fork")
    receiver, sender = context.Pipe(duplex=False)
    helper = context.Process(target=_helper, args=(theirs, sender), daemon=True)
    helper.start()
    sender.close()
    try:
        rendered = _render(ours)
        kind, value = receiver.recv()
    finally:
        if helper.is_alive():
            helper.join(timeout=5)
        if helper.is_alive():
            helper.terminate()
    if kind != "pages":
        raise RuntimeError(f"rendering on the second core failed:\n{value}")
    rendered.update(value)
    return {path: rendered[path] for path in paths}
