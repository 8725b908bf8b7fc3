"""Work on two cores: a forked helper takes every other item, this process the rest.

A first build (or one after a change to a template) renders every page: about
ten seconds at 10,000 events on one core, while the other core waits for
MkDocs; after MkDocs, the whitespace of every page it wrote is collapsed
(generator.site.minify), ten seconds more. Above MIN_ITEMS, the items are split
between this process and a helper forked from it, which shares the dataset
without copying it and sends its results back through a pipe. The work is
deterministic, so which process does an item changes nothing in the result.
Without fork, or for a few items, everything is done here.
"""

from __future__ import annotations

import multiprocessing
import signal
import traceback
from collections.abc import Callable, Sequence
from typing import TypeVar

from generator.render.pages import PlannedPage

MIN_ITEMS = 1000
T = TypeVar("T")
R = TypeVar("R")


def _helper(work: Callable[[Sequence[T]], R], items: Sequence[T], sender) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent stops the helper, by SIGTERM:
    signal.signal(signal.SIGTERM, signal.SIG_DFL)  # ended at once, not by a handler of serve's
    try:
        sender.send(("done", work(items)))
    except BaseException:
        sender.send(("error", traceback.format_exc()))
    sender.close()


def on_two_cores(
    work: Callable[[Sequence[T]], R], items: Sequence[T], what: str
) -> tuple[R, R | None]:
    """`work` of the items at even places here, and of the others in a forked helper.

    (this process' result, the helper's or None when everything was done here)
    """
    if len(items) < MIN_ITEMS or "fork" not in multiprocessing.get_all_start_methods():
        return work(items), None
    context = multiprocessing.get_context("fork")
    receiver, sender = context.Pipe(duplex=False)
    helper = context.Process(target=_helper, args=(work, items[1::2], sender), daemon=True)
    helper.start()
    sender.close()
    try:
        ours = work(items[0::2])
        kind, value = receiver.recv()
    finally:
        if helper.is_alive():
            helper.join(timeout=5)
        if helper.is_alive():
            helper.terminate()
    if kind != "done":
        raise RuntimeError(f"{what} on the second core failed:\n{value}")
    return ours, value


def _render(pages: Sequence[tuple[str, PlannedPage]]) -> dict[str, str]:
    return {path: page.render() for path, page in pages}


def render_on_two_cores(pages: dict[str, PlannedPage]) -> dict[str, str]:
    """The text of each page, rendered half here and half in a forked helper."""
    ours, theirs = on_two_cores(_render, list(pages.items()), "rendering")
    rendered = {**ours, **(theirs or {})}
    return {path: rendered[path] for path in pages}
