"""The garbage collector paused while the records load, and their objects frozen after.

Loading builds many small objects that all live on; scanning them is wasted
work. Freezing them at the end keeps the collector from scanning them all at
once on its next run (a fifth of a second at 10,000 events), and on every
full run after that. The records hold no reference cycles, so reference
counting still frees them. This is state of the whole process, so the
process that holds the dataset decides: the build's generator process and
the commands that load a project (`timeline validate`, `timeline export`).
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def collector_paused() -> Iterator[None]:
    """Pause the collector for a load, and freeze what exists when it ends.

    What an earlier load froze is unfrozen first, so that a long-running process
    never keeps more than one load's worth of frozen garbage.
    """
    enabled = gc.isenabled()
    gc.disable()
    gc.unfreeze()
    try:
        yield
    finally:
        gc.freeze()
        if enabled:
            gc.enable()
