"""How long each stage of a build took, for the line `timeline build` ends with."""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager


class Stopwatch:
    """Seconds spent in each named stage, in the order the stages ended.

    A stage timed inside another counts in its own name only: pages are
    rendered inside the writing stage, whose time is then the writing alone.
    A name timed twice adds up.
    """

    def __init__(self) -> None:
        self.timings: dict[str, float] = {}
        self._inner: list[float] = []  # for each stage running, the time of stages inside it

    @contextmanager
    def stage(self, name: str) -> Iterator[None]:
        started = time.perf_counter()
        self._inner.append(0.0)
        try:
            yield
        finally:
            elapsed = time.perf_counter() - started
            self.record(name, elapsed - self._inner.pop())
            if self._inner:
                self._inner[-1] += elapsed

    def record(self, name: str, seconds: float) -> None:
        """Add time measured elsewhere (in another process) to a stage."""
        self.timings[name] = self.timings.get(name, 0.0) + seconds
