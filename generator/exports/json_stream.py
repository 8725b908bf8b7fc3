"""The JSON of the downloads: `dump_json`, and `dump_json_chunks`, the same bytes in pieces,
so that the large downloads (events.json, timelinejs.json) are written one item at a time."""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Iterable, Iterator
from typing import Any


def dump_json(value: Any, *, indent: int | None = None) -> str:
    """JSON that every parser reads: no NaN or Infinity, UTF-8 text, sorted keys."""
    separators = (",", ": ") if indent else (",", ":")
    text = json.dumps(
        value,
        allow_nan=False,
        ensure_ascii=False,
        sort_keys=True,
        indent=indent,
        separators=separators,
    )
    return text + "\n"


def _compact(value: Any) -> str:
    return json.dumps(
        value, allow_nan=False, ensure_ascii=False, sort_keys=True, separators=(",", ":")
    )


@dataclasses.dataclass(frozen=True)
class Lazy:
    """A JSON array whose items are made one at a time, while they are written."""

    items: Iterable[Any]


def dump_json_chunks(payload: dict[str, Any]) -> Iterator[str]:
    """`dump_json(payload)` (compact) in pieces, never the whole text at once.

    A value wrapped in `Lazy` is written item by item, each made only when it
    is written: events.json at 20,000 events is 64 MB of text, and the list of
    dicts it is made from several times that. The same bytes as dump_json.
    """
    for n, key in enumerate(sorted(payload)):
        yield ("{" if n == 0 else ",") + _compact(key) + ":"
        value = payload[key]
        if isinstance(value, Lazy):
            yield "["
            for i, item in enumerate(value.items):
                yield ("," if i else "") + _compact(item)
            yield "]"
        else:
            yield _compact(value)
    yield "}\n" if payload else "{}\n"
