"""What this machine can prove it made, and how the build reads what it cannot trust.

A pull request's checkout may carry anything a git tree can hold, git-ignored
paths included (`git add -f`): files and symbolic links under `.cache/`,
`.site-*`, `site/` or the generated folders of site_src/. So the build never
takes a file's place or name as proof that the build made it. Proof is a
signature (HMAC-SHA256) with a key of this user's own, kept outside every
project (`cache-key` in `$XDG_CACHE_HOME/timeline-generator/`, else
`~/.cache/timeline-generator/`), which no checkout can read or forge:

- the record cache signs its pickles (generator.records.cache);
- the build's own folders carry in their name a token signed over their inode
  (generator.site.integrity), so a folder a checkout made never passes for one;
- the list of files the generator wrote under site_src/ is signed (generator.site.write),
  and so is the record of the site/ a build put in place (generator.site.incremental).

Each use signs under its own purpose, so that no signed thing passes for another.
Files that a checkout may have put in place are read with `read_regular`, which
never follows a symbolic link and never blocks on a FIFO or a device.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
import stat
from functools import cache
from pathlib import Path

from generator.atomic import write_atomically

KEY_FILE = "cache-key"
KEY_BYTES = 32


@cache
def signing_key() -> bytes | None:
    """This user's secret for signing, made on first use; None if it cannot be."""
    file = key_file()
    for _ in range(2):
        try:
            key = file.read_bytes()
            return key if len(key) >= KEY_BYTES else None
        except FileNotFoundError:
            pass
        except OSError:
            return None
        try:
            file.parent.mkdir(parents=True, exist_ok=True)
            # whole or not at all: a key cut short by a crash would refuse every build after
            key = secrets.token_bytes(KEY_BYTES)
            write_atomically(file, key, mode=0o600, durable=True, exclusive=True)
        except FileExistsError:
            continue  # another build made it just now: read that one
        except OSError:
            return None
    return None


def key_file() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "timeline-generator" / KEY_FILE


def sign(purpose: str, data: bytes) -> bytes | None:
    """The signature of `data` for one purpose, or None without a key."""
    key = signing_key()
    if key is None:
        return None
    return hmac.new(key, purpose.encode() + b"\0" + data, hashlib.sha256).digest()


def is_signed(purpose: str, data: bytes, signature: bytes) -> bool:
    expected = sign(purpose, data)
    return expected is not None and hmac.compare_digest(signature, expected)


class NotRegular(OSError):
    """The path is a folder, a link, a FIFO, a socket or a device, not a file."""


def read_regular(path: Path | str, limit: int | None = None) -> bytes:
    """The bytes of a regular file, never through a symbolic link and never blocking.

    Raises FileNotFoundError when nothing is there, NotRegular when something
    other than a regular file is, OSError when it cannot be read, and
    ValueError when it holds more than `limit` bytes.
    """
    flags = os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0)
    try:
        descriptor = os.open(path, flags)
    except OSError as exc:
        if _is_link(path):
            raise NotRegular(f"{path} is a symbolic link") from None
        raise exc
    with os.fdopen(descriptor, "rb") as stream:
        status = os.fstat(descriptor)
        if not stat.S_ISREG(status.st_mode):
            raise NotRegular(f"{path} is not a regular file")
        data = stream.read() if limit is None else stream.read(limit + 1)
        if limit is not None and len(data) > limit:
            raise ValueError(f"{path} is larger than {limit} bytes")
        return data


def kind_of(mode: int) -> str:
    """What an entry is, for a message: 'a folder', 'a FIFO', ..."""
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISLNK(mode):
        return "a symbolic link"
    if stat.S_ISREG(mode):
        return "a file"
    if stat.S_ISFIFO(mode):
        return "a FIFO"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    return "something that cannot be read"


def _is_link(path: Path | str) -> bool:
    try:
        return stat.S_ISLNK(os.lstat(path).st_mode)
    except OSError:
        return False


def is_plain_folder(path: Path) -> bool:
    """True for a real folder, not a link to one."""
    try:
        return stat.S_ISDIR(os.lstat(path).st_mode)
    except OSError:
        return False


def plain_folder_under(base: Path, relative: str, create: bool = False) -> Path | None:
    """base/relative if each folder on the way is a plain folder (made if `create`), else None.

    `base` is trusted (the project root); the folders below it may have come
    with the checkout, and a link among them would lead writes and deletions
    elsewhere.
    """
    folder = base
    for part in Path(relative).parts:
        folder = folder / part
        if create:
            try:
                folder.mkdir()
            except FileExistsError:
                pass
            except OSError:
                return None
        if not is_plain_folder(folder):
            return None
    return folder
