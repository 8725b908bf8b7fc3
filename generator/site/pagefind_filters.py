"""Making Pagefind's filter files the same bytes for the same site.

Pagefind (1.x) writes each filter (actor, topic, status, year) to a file
`filter/<lang>_<hash>.pf_filter` whose values come in the order of a hash
map, different at every run; the file's name is a hash of its bytes, and the
index's metadata (`pagefind.<lang>_<hash>.pf_meta`, named in
`pagefind-entry.json`) names the filter files. So two builds of the same
pages published different files, and a deploy replaced them all.

`normalise_filters` rewrites each filter file with its values in order, the
metadata's list of filters in order, both named after their new bytes, and
the entry file to match. The files are gzip (with no time stamp) of
"pagefind_dcd" followed by CBOR; the part of CBOR they use (arrays, text,
unsigned integers) is read and written here.
"""

from __future__ import annotations

import gzip
import hashlib
import json
from pathlib import Path
from typing import Any

SIGNATURE = b"pagefind_dcd"
ENTRY = "pagefind-entry.json"
FILTERS = "filter"
_META_FILTERS = 3  # position of the filters in the metadata: [version, pages, chunks, filters, ...]


class UnknownFormat(RuntimeError):
    """A Pagefind whose files this module does not know: a bug to fix here."""


def _head(major: int, value: int) -> bytes:
    if value < 24:
        return bytes([major << 5 | value])
    for extra, size in ((24, 1), (25, 2), (26, 4), (27, 8)):
        if value < 1 << (8 * size):
            return bytes([major << 5 | extra]) + value.to_bytes(size, "big")
    raise UnknownFormat(f"an integer too large for CBOR: {value}")


def encode(value: Any) -> bytes:
    if isinstance(value, bool) or not isinstance(value, int | str | list):
        raise UnknownFormat(f"cannot write {type(value).__name__} as Pagefind's CBOR")
    if isinstance(value, int):
        return _head(0, value)
    if isinstance(value, str):
        data = value.encode("utf-8")
        return _head(3, len(data)) + data
    return _head(4, len(value)) + b"".join(encode(item) for item in value)


def decode(data: bytes, at: int = 0) -> tuple[Any, int]:
    """One CBOR value from `data` at `at`, and where the next one starts."""
    major, info = data[at] >> 5, data[at] & 31
    at += 1
    if info < 24:
        count = info
    elif info <= 27:
        size = 1 << (info - 24)
        count, at = int.from_bytes(data[at : at + size], "big"), at + size
    else:
        raise UnknownFormat(f"CBOR item {data[at - 1]:#x} is not one Pagefind writes")
    if major == 0:
        return count, at
    if major in (2, 3):
        raw = data[at : at + count]
        return (raw.decode("utf-8") if major == 3 else raw), at + count
    if major == 4:
        items = []
        for _ in range(count):
            item, at = decode(data, at)
            items.append(item)
        return items, at
    raise UnknownFormat(f"CBOR major type {major} is not one Pagefind writes")


def read(path: Path) -> Any:
    data = gzip.decompress(path.read_bytes())
    if not data.startswith(SIGNATURE):
        raise UnknownFormat(f"{path} does not start with {SIGNATURE!r}")
    value, end = decode(data, len(SIGNATURE))
    if end != len(data):
        raise UnknownFormat(f"{path} has {len(data) - end} bytes after its value")
    return value


def write(folder: Path, like: str, file_name: str, value: Any) -> str:
    """Write `value` into `folder` as a file named after its bytes, in the shape of the
    hash `like` (`en_1a2b3c4`: a language, then hex digits); the new hash."""
    data = gzip.compress(SIGNATURE + encode(value), mtime=0)
    language, digits = like.split("_", 1)
    name = f"{language}_{hashlib.sha256(data).hexdigest()[: len(digits)]}"
    (folder / file_name.format(name)).write_bytes(data)
    return name


def normalise_filters(bundle: Path) -> None:
    """Rewrite the filter files, metadata and entry of the index in `bundle` in order."""
    entry_file = bundle / ENTRY
    entry = json.loads(entry_file.read_text(encoding="utf-8"))
    for language in entry["languages"].values():
        renamed: dict[str, str] = {}
        prefix = language["hash"].split("_")[0]
        for path in sorted((bundle / FILTERS).glob(f"{prefix}_*.pf_filter")):
            name, values = read(path)
            ordered = sorted([value, sorted(pages)] for value, pages in values)
            old = path.name.removesuffix(".pf_filter")
            renamed[old] = write(path.parent, old, "{}.pf_filter", [name, ordered])
            if renamed[old] != old:
                path.unlink()
        meta_file = bundle / f"pagefind.{language['hash']}.pf_meta"
        meta = read(meta_file)
        filters = meta[_META_FILTERS]
        meta[_META_FILTERS] = sorted([name, renamed.get(old, old)] for name, old in filters)
        new = write(bundle, language["hash"], "pagefind.{}.pf_meta", meta)
        if new != language["hash"]:
            meta_file.unlink()
        language["hash"] = new
    entry_file.write_text(json.dumps(entry, ensure_ascii=False, separators=(",", ":")), "utf-8")
