"""A cache of loaded records, keyed by each file's path and the SHA-256 of its bytes.

Parsing and checking 10,000 record files takes seconds; most builds change a
handful of them. For every file the loader keeps what loading it gave (the
model, or the placeholder of an invalid event, and the file's own
diagnostics), and a later load with the same bytes at the same path takes
that instead of parsing again. The cross-record checks always run on the
whole dataset, so a change in one file still shows its effect on the others.

The cache lives in `.cache/records/` at the project root (git-ignored), as 64
pickle files bucketed by path, so that after one edit only one small bucket is
rewritten. It belongs to one version of the generator: a hash of the
generator's own source (and of the Python and PyYAML versions) names the
folder, so that a change to the loader or the record format can never be
answered from an older cache. A cache that cannot be read is ignored, and
one that cannot be written is skipped: it only ever saves time. The files are
pickles, which run code when read, and git-ignored files can still be
committed: a pull request could put a pickle under `.cache/` for CI or a
reviewer's `timeline build` to run. So each file is signed (HMAC-SHA256) with a
key of the user's own, kept outside every project (generator.trust), and a
file whose signature does not match is never unpickled; without a key there is
no cache. For the same reason the cache is read and written only through plain
folders (a committed `.cache/records` link would otherwise lead writes and
deletions elsewhere), and never through a link or from a FIFO.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import pickle
import time
from pathlib import Path
from typing import Any

from generator.atomic import write_atomically
from generator.layout import CACHE_DIR
from generator.trust import is_signed, plain_folder_under, read_regular, sign, signing_key
from generator.version import generator_version

RECORDS_DIR = "records"
# a file's stamps are trusted to stand for its bytes only if it was last written this long
# before it was read: a second save within the file system's time step keeps its size and
# times (what git calls racy); such a file is read again next time
SETTLED_NS = 2_000_000_000
BUCKETS = 64
SIGNATURE_BYTES = 32
SIGNED_AS = "record cache"


def _bucket_of(path: str) -> int:
    # the loader reports names that are not UTF-8 and never caches them; should one
    # arrive all the same, its original bytes name the bucket rather than crash
    data = path.encode("utf-8", "surrogateescape")
    return hashlib.blake2b(data, digest_size=2).digest()[0] % BUCKETS


class RecordCache:
    """Outcomes of loading record files, by (path, content hash); see the module's notes."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.folder = root / CACHE_DIR / RECORDS_DIR / generator_version()
        self._buckets: dict[int, dict[str, tuple[str, Any]]] = {}
        self._seen: set[str] = set()
        self._dirty: set[int] = set()
        self._plain: bool | None = None  # whether the folders on the way are plain folders
        # kept in memory only (`kept`): the digest of each file's bytes, by its stamps
        self._stamps: dict[str, tuple[tuple[int, ...], str]] = {}

    def _bucket(self, number: int) -> dict[str, tuple[str, Any]]:
        if number not in self._buckets:
            try:
                if self._plain is None:
                    self._plain = plain_folder_under(self.root, self._relative_folder) is not None
                if not self._plain:
                    raise FileNotFoundError(self.folder)
                data = _verified(read_regular(self.folder / f"{number:02d}.pickle"))
                self._buckets[number] = pickle.loads(data) if data is not None else {}
            except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError):
                self._buckets[number] = {}
        return self._buckets[number]

    @property
    def _relative_folder(self) -> str:
        return f"{CACHE_DIR}/{RECORDS_DIR}/{self.folder.name}"

    def get(self, path: str, digest: str) -> Any | None:
        """The outcome stored for this file's bytes, or None."""
        self._seen.add(path)
        stored = self._bucket(_bucket_of(path)).get(path)
        if stored is not None and stored[0] == digest:
            return stored[1]
        return None

    def digest_by_stamps(self, path: str, status: os.stat_result) -> str | None:
        """The digest of the bytes read from `path` when it last had these stamps, if known."""
        known = self._stamps.get(path)
        return known[1] if known is not None and known[0] == _stamp(status) else None

    def read_with(self, path: str, status: os.stat_result, digest: str) -> None:
        """`path`, when `status` was taken (before reading it), had bytes of this digest."""
        if time.time_ns() - max(status.st_mtime_ns, status.st_ctime_ns) > SETTLED_NS:
            self._stamps[path] = (_stamp(status), digest)
        else:
            self._stamps.pop(path, None)

    def put(self, path: str, digest: str, outcome: Any) -> None:
        self._seen.add(path)
        number = _bucket_of(path)
        self._bucket(number)[path] = (digest, outcome)
        self._dirty.add(number)

    def save(self) -> None:
        """Write the buckets that changed; forget files that were not seen in this load."""
        for number, entries in self._buckets.items():
            gone = [path for path in entries if path not in self._seen]
            for path in gone:
                del entries[path]
            if gone:
                self._dirty.add(number)
        if not self._dirty or signing_key() is None:
            return
        if plain_folder_under(self.root, self._relative_folder, create=True) is None:
            return  # not plain folders: a checkout may not lead the cache elsewhere
        try:
            for number in sorted(self._dirty):
                _write_bucket(self.folder / f"{number:02d}.pickle", self._buckets[number])
        except OSError:
            return  # a read-only checkout builds as fast as it did without a cache
        self._dirty.clear()
        _remove_other_versions(self.folder)


_KEPT: dict[Path, RecordCache] = {}


def keep_in_memory(root: Path) -> None:
    """From now on `for_project(root)` in this process (and its forks) is one cache, whose
    buckets stay loaded and which knows each file by its stamps (`timeline serve`)."""
    _KEPT.setdefault(root, RecordCache(root))


def for_project(root: Path) -> RecordCache:
    """The cache for a load of the project: the one kept in memory, or a new one."""
    cache = _KEPT.get(root)
    if cache is None:
        return RecordCache(root)
    cache._seen = set()  # what this load sees: the others are forgotten when it saves
    return cache


def _stamp(status: os.stat_result) -> tuple[int, ...]:
    # ctime cannot be set back (tar, cp -p and editors restore the others)
    mode, size = status.st_mode, status.st_size
    return (mode, size, status.st_mtime_ns, status.st_ctime_ns, status.st_ino, status.st_dev)


def _verified(signed: bytes) -> bytes | None:
    """The pickle in a cache file if this user's key signed it, else None."""
    if len(signed) < SIGNATURE_BYTES:
        return None
    signature, data = signed[:SIGNATURE_BYTES], signed[SIGNATURE_BYTES:]
    return data if is_signed(SIGNED_AS, data, signature) else None


def _write_bucket(target: Path, value: object) -> None:
    data = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
    signature = sign(SIGNED_AS, data)
    assert signature is not None  # save() writes nothing without a key
    # not synced: a bucket cut short by a crash fails its signature and is parsed again
    write_atomically(target, signature + data)


def _remove_other_versions(current: Path) -> None:
    """Caches of other generator versions will never be read again."""
    for folder in current.parent.iterdir():
        if folder != current and folder.is_dir() and not folder.is_symlink():
            for file in folder.iterdir():
                with contextlib.suppress(OSError):
                    file.unlink()
            with contextlib.suppress(OSError):
                folder.rmdir()
