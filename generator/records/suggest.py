"""'Did you mean ...?' for an unknown id, at a cost bounded per diagnostic and per run.

difflib compares an unknown id with every known one, letter by letter: 9,000
unknown actor ids against 2,000 entities took 123 s, and one unknown related
event against 10,000 events (whose ids share their date prefixes, so that few
comparisons stop early) 0.6 s. So:

- the known ids are indexed once, by each of their words (the parts between
  hyphens) and the first and the last three letters of each word; an unknown id
  is ranked by difflib, as before, but only against the `MAX_CANDIDATES` ids
  that share the most of its keys (keys that very many ids share, such as the
  year that starts every event id, are not counted);
- each distinct unknown id is looked up once;
- one run ranks at most `MAX_SEARCHES` unknown ids (a `Budget`, shared by every
  suggester of the run); after that, only the cheap lookup of a single word
  (`sheinbaum` for `claudia-sheinbaum`) still suggests anything.

A typo keeps most of an id's words, or at least the ends of the word it
changes, so the suggestions are those of a full comparison in practice.
"""

from __future__ import annotations

import difflib
import heapq
from collections import Counter
from collections.abc import Iterable

CUTOFF = 0.6  # difflib's similarity ratio below which an id is not suggested
MAX_CANDIDATES = 10  # ids ranked by difflib for one unknown id
MAX_SHARING = 1000  # keys shared by more ids than this are not used to find candidates
MAX_SEARCHES = 100  # unknown ids ranked in one run
_AFFIX = 3


class Budget:
    """How many unknown ids one run still ranks against the known ones."""

    def __init__(self, searches: int = MAX_SEARCHES) -> None:
        self.left = searches

    def spend(self) -> bool:
        if self.left <= 0:
            return False
        self.left -= 1
        return True


def _keys(identifier: str) -> list[str]:
    keys = []
    for word in identifier.split("-"):
        if word:
            keys.append("=" + word)
            if len(word) > _AFFIX:
                keys += ("<" + word[:_AFFIX], ">" + word[-_AFFIX:])
    return keys


class Suggester:
    """The closest known id to an unknown one, or None."""

    def __init__(self, known: Iterable[str], budget: Budget | None = None) -> None:
        self.known = sorted(known)
        self.budget = budget or Budget()
        self._index: dict[str, list[str]] | None = None
        self._found: dict[tuple[str, str | None], str | None] = {}

    def _by_key(self) -> dict[str, list[str]]:
        if self._index is None:  # built on the first unknown id: most runs have none
            self._index = {}
            for identifier in self.known:
                for key in dict.fromkeys(_keys(identifier)):
                    self._index.setdefault(key, []).append(identifier)
        return self._index

    def _candidates(self, wanted: str) -> list[str]:
        if len(self.known) <= MAX_CANDIDATES:
            return self.known
        index = self._by_key()
        shared: Counter[str] = Counter()
        for key in dict.fromkeys(_keys(wanted)):
            ids = index.get(key, ())
            if len(ids) <= MAX_SHARING:  # a key most ids have (a year) narrows nothing
                shared.update(ids)
        best = heapq.nsmallest(MAX_CANDIDATES, shared.items(), key=lambda pair: (-pair[1], pair[0]))
        return sorted(identifier for identifier, _ in best)

    def closest(self, wanted: str, besides: str | None = None) -> str | None:
        """The closest known id other than `wanted` itself and `besides` (the record that
        asks: an event whose related event was deleted is not its own suggestion)."""
        if (wanted, besides) in self._found:
            return self._found[wanted, besides]
        close: list[str] = []
        if self.budget.spend():
            candidates = [c for c in self._candidates(wanted) if c not in (wanted, besides)]
            close = difflib.get_close_matches(wanted, candidates, 1, CUTOFF)
        if not close:
            # a contributor often writes only a surname: 'sheinbaum' for 'claudia-sheinbaum'
            if len(self.known) <= MAX_CANDIDATES:
                close = [k for k in self.known if wanted in k.split("-")]
            else:
                close = self._by_key().get("=" + wanted, [])
            close = [k for k in close if k not in (wanted, besides)][:1]
        self._found[wanted, besides] = close[0] if close else None
        return self._found[wanted, besides]


def did_you_mean(close: str | None) -> str:
    """"did you mean 'x'? " before the advice of a message, or nothing without a suggestion."""
    return f"did you mean '{close}'? " if close else ""
