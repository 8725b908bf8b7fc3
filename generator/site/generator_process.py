"""The generator stage in a process of its own, on the second core.

`timeline build` forks a child (it starts at once, and shares what the
parent has loaded) that runs generator.site.generate: it writes the pages and
says so, then writes the downloads into a folder of the build's own and
says so (a rebuild's MkDocs runs meanwhile; a full build's after it ends).
The child exits before Pagefind starts,
so that the build never holds the dataset, MkDocs and Pagefind in memory at
once. Without fork the stage runs in this process, downloads included, before
MkDocs.

The child talks in the messages below, one dataclass each, over a pipe.
"""

from __future__ import annotations

import multiprocessing
import signal
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from io import StringIO
from pathlib import Path
from typing import TextIO, TypeVar

from generator.diagnostics import Diagnostic, UserError
from generator.settings import SiteConfig
from generator.site.generate import DownloadsWritten, PagesWritten, generate


@dataclass
class PagesReady:
    pages: PagesWritten
    log: str  # the diagnostics and summary the stage printed


@dataclass
class DownloadsReady:
    downloads: DownloadsWritten
    seconds: float


@dataclass
class Failed:
    """The stage stopped on a UserError (`traceback` None) or on a bug."""

    message: str
    diagnostics: list[Diagnostic] = field(default_factory=list)
    traceback: str | None = None

    def error(self) -> Exception:
        if self.traceback is None:
            return UserError(self.message, self.diagnostics)
        return RuntimeError(f"the generator failed:\n{self.traceback}")


Message = PagesReady | DownloadsReady | Failed
Expected = TypeVar("Expected", PagesReady, DownloadsReady)


class GeneratorProcess:
    """Runs the generator stage; `pages_written` and `downloads_written` wait for its news."""

    def __init__(
        self,
        root: Path,
        config: SiteConfig,
        downloads_dir: Path,
        kept: dict[str, str],
        downloads: bool = True,
    ) -> None:
        """`kept`: the keys of the downloads of the site the build starts from (generate.Downloads).

        `downloads` False: the stage writes the pages only (serve's preview defers the rest).
        """
        self.root = root
        self.write_downloads = downloads
        self.config = config
        self.downloads_dir = downloads_dir
        self.kept = kept
        self._child: multiprocessing.Process | None = None
        self._pipe = None
        self._inline: list[Message] = []

    def start(self) -> None:
        if "fork" not in multiprocessing.get_all_start_methods():
            self._run(self._inline.append)
            return
        context = multiprocessing.get_context("fork")
        receiver, sender = context.Pipe(duplex=False)
        # not a daemon: it may fork a helper of its own (generator.site.workers)
        self._child = context.Process(target=self._child_main, args=(sender,))
        self._child.start()
        sender.close()
        self._pipe = receiver

    def _child_main(self, sender) -> None:
        signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent stops the child,
        # by SIGTERM: ended at once, as any process, not by a handler serve's fork copied
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
        self._run(sender.send)
        sender.close()

    def _run(self, send: Callable[[Message], None]) -> None:
        try:
            log = StringIO()
            generated = generate(self.root, self.config, log)
            send(PagesReady(generated.pages, log.getvalue()))
            if generated.downloads is None or not self.write_downloads:
                return
            started = time.perf_counter()
            written = generated.downloads.write(self.downloads_dir, self.kept)
            send(DownloadsReady(written, time.perf_counter() - started))
        except UserError as exc:
            send(Failed(exc.message, exc.diagnostics))
        except BaseException as exc:
            send(Failed(str(exc), traceback=traceback.format_exc()))

    def _receive(self, expected: type[Expected]) -> Expected:
        if self._pipe is None:
            message = self._inline.pop(0)
        else:
            try:
                message = self._pipe.recv()
            except EOFError:
                code = self._child.exitcode if self._child else None
                raise RuntimeError(f"the generator process died (exit {code})") from None
        if isinstance(message, Failed):
            raise message.error()
        if not isinstance(message, expected):
            raise RuntimeError(f"the generator process sent {message!r}, not {expected.__name__}")
        return message

    def pages_written(self, log: TextIO) -> PagesWritten:
        ready = self._receive(PagesReady)
        log.write(ready.log)
        return ready.pages

    def downloads_written(self) -> DownloadsReady:
        ready = self._receive(DownloadsReady)
        if self._child is not None:
            self._child.join()
        return ready

    def stop(self) -> None:
        if self._child is not None and self._child.is_alive():
            self._child.terminate()
            self._child.join()
