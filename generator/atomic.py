"""The one way a file is written so that no reader ever sees half of it.

The bytes go to a temporary file beside the target (named with a leading dot,
which MkDocs, the build's checks and `timeline serve`'s watcher all skip), and
a rename puts it in place: within one folder a rename is atomic, so the target
holds its old bytes or the new ones, even if the process is killed. The
temporary file is opened with the mode asked for (0o666 by default), so the
umask applies by itself, as for any file a program creates.

A rename survives the process, not the machine: after a power cut the new name
may point at bytes that never reached the disk. `durable` waits for them
(fsync of the file, then of its folder), at a cost of milliseconds per file:
for what cannot be made again, such as the per-user key or the file an export
was asked to write. Build outputs (pages, caches, the site state) are not
synced: they are made again by the next build, and a damaged one is refused by
its signature or its recorded hash.

Shared by every stage (records' cache, the site, the command line, the key in
generator.trust), so it imports none of them.
"""

from __future__ import annotations

import contextlib
import os
import secrets
from pathlib import Path

_FLAGS = os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | getattr(os, "O_CLOEXEC", 0)


def write_atomically(
    target: Path, data: bytes, *, mode: int = 0o666, durable: bool = False, exclusive: bool = False
) -> None:
    """Put `data` at `target` in one step; see the module's notes.

    `exclusive` never replaces a file already there (FileExistsError instead), as
    `open(target, "x")` would, but without ever leaving a part-written one.
    """
    target = Path(target)
    temporary = target.with_name(f".{target.name}.{secrets.token_hex(4)}.tmp")
    descriptor = os.open(temporary, _FLAGS, mode)
    try:
        with os.fdopen(descriptor, "wb") as stream:
            stream.write(data)
            if durable:
                stream.flush()
                os.fsync(stream.fileno())
        if exclusive:
            os.link(temporary, target, follow_symlinks=False)  # fails if the name is taken
            os.unlink(temporary)
        else:
            os.replace(temporary, target)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temporary)
        raise
    if durable:
        _sync_folder(target.parent)


def _sync_folder(folder: Path) -> None:
    """Make the new name itself durable (the rename is an entry of the folder)."""
    try:
        descriptor = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    except OSError:
        return  # not every system lets a folder be opened; the data itself is synced
    try:
        os.fsync(descriptor)
    except OSError:
        pass
    finally:
        os.close(descriptor)
