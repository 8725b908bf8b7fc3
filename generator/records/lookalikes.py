"""Entities whose names or ids look the same to a reader: probably one entity written twice.

"José López" typed with a composed é, with e and a combining accent, or with
a Cyrillic о is three different strings and would make three entities, each
with its own page, while readers see one name three times. Every name, alias
and id is folded to a key, and an entity whose key another entity already has
gets a warning naming that entity's file. The fold:

- NFKC, then casefold: compatibility forms (full-width letters, ligatures,
  mathematical letters) and case disappear;
- the accents of Latin, Greek and Cyrillic letters (combining marks
  U+0300-U+036F) and invisible formatting characters are dropped, so that
  "Jose Lopez" and "José López" meet too, and so do the two ways of writing é;
- letters that look like Latin ones in common fonts (`CONFUSABLES`: Cyrillic
  and Greek look-alikes, dotless i, a few Latin letters without a
  decomposition) become those Latin letters, dashes become '-', apostrophes
  "'", and runs of spaces one space;
- for ids, which are ASCII slugs, 0 reads as o and 1 as l.

It is a small table, not Unicode's whole confusables list: enough for the
names of people, organisations and places written in Latin script, the ones
readers of this site compare. One dict keyed by the folded form keeps it
linear.
"""

from __future__ import annotations

import unicodedata

from generator.diagnostics import Diagnostic, warning
from generator.records.model import Entity

# lowercase forms only: casefold comes first
CONFUSABLES = str.maketrans(
    {
        # Cyrillic letters that are drawn like Latin ones (upper case, after casefold)
        "а": "a", "в": "b", "е": "e", "к": "k", "м": "m", "н": "h", "о": "o",
        "р": "p", "с": "c", "т": "t", "у": "y", "х": "x", "ѕ": "s", "і": "i", "ј": "j",
        "ԁ": "d", "һ": "h", "ӏ": "l", "ԛ": "q", "ԝ": "w", "ү": "y",
        # Greek
        "α": "a", "β": "b", "ε": "e", "ζ": "z", "η": "h", "ι": "i", "κ": "k", "μ": "m",
        "ν": "n", "ο": "o", "ρ": "p", "τ": "t", "υ": "y", "χ": "x", "ϲ": "c", "ϳ": "j",
        # Latin letters that Unicode does not decompose into a letter and an accent
        "ı": "i", "ȷ": "j", "ł": "l", "ø": "o", "đ": "d", "ħ": "h", "ɑ": "a", "ɡ": "g",
        # dashes and apostrophes
        "‐": "-", "‑": "-", "‒": "-", "–": "-", "—": "-", "―": "-", "−": "-",
        "’": "'", "‘": "'", "ʼ": "'", "`": "'", "´": "'",
    }
)  # fmt: skip
_CONFUSABLE_LETTERS = frozenset(chr(code) for code in CONFUSABLES)
_ID_CONFUSABLES = str.maketrans({"0": "o", "1": "l"})


def fold_name(name: str) -> str:
    """The form in which two names that look alike are equal."""
    text = unicodedata.normalize("NFKD", unicodedata.normalize("NFKC", name).casefold())
    kept = "".join(
        char
        for char in text
        if not ("\u0300" <= char <= "\u036f" or unicodedata.category(char) == "Cf")
    )
    return " ".join(kept.translate(CONFUSABLES).split())


def _unusual(char: str) -> bool:
    """A character a reader cannot tell from a plainer one: why two names look alike."""
    return (
        (not char.isascii() and char.casefold() in _CONFUSABLE_LETTERS)
        or unicodedata.combining(char) > 0
        or unicodedata.category(char) == "Cf"
        or unicodedata.normalize("NFKC", char) != char
    )


def _holding(text: str) -> str:
    """' (which holds U+043E CYRILLIC SMALL LETTER O)' for a name with such characters."""
    unusual = [c for c in dict.fromkeys(text) if _unusual(c)][:4]
    if not unusual:
        return ""
    named = ", ".join(f"U+{ord(c):04X} {unicodedata.name(c, '')}".rstrip() for c in unusual)
    return f" (which holds {named})"


def fold_id(entity_id: str) -> str:
    return entity_id.translate(_ID_CONFUSABLES)


def _where(entity: Entity, *key: str | int) -> tuple[int, int]:
    return entity.locations.get(tuple(key), (1, 1))


def check_lookalikes(entities: list[Entity]) -> list[Diagnostic]:
    """A warning for each name, alias or id that looks like another entity's.

    Of the entities that share a folded name, the one whose spelling holds the fewest
    unusual characters (then the first file) is taken as the original, so that the
    warning lands on the odd spelling, the one with a Cyrillic о.
    """
    found: list[Diagnostic] = []
    # folded name -> [(entity, 'name' or 'alias', as written, where in the record)]
    names: dict[str, list[tuple[Entity, str, str, tuple]]] = {}
    ids: dict[str, Entity] = {}
    for entity in entities:
        written = {fold_name(entity.name): ("name", entity.name, ("name",))}
        for index, alias in enumerate(entity.aliases):
            # an entity's own aliases may spell its name another way
            written.setdefault(fold_name(alias), ("alias", alias, ("aliases", index)))
        for folded, spelling in written.items():
            names.setdefault(folded, []).append((entity, *spelling))
        other = ids.setdefault(fold_id(entity.id), entity)
        if other is not entity:
            found.append(
                warning(
                    entity.path,
                    1,
                    1,
                    "look-alike",
                    f"the id '{entity.id}' reads like '{other.id}' ({other.path}), since 0 "
                    "and o, 1 and l look alike in many fonts; rename one of the files",
                )
            )
    for spellings in names.values():
        if len(spellings) < 2:
            continue
        original = min(
            enumerate(spellings), key=lambda pair: (sum(map(_unusual, pair[1][2])), pair[0])
        )[1]
        first, first_what, first_text, first_key = original
        line, _ = _where(first, *first_key)
        for entity, what, text, key in spellings:
            if entity is first:
                continue
            same = "written exactly like" if first_text == text else "what a reader sees as"
            found.append(
                warning(
                    entity.path,
                    *_where(entity, *key),
                    "look-alike",
                    f"the {what} '{text}'{_holding(text)} is {same} the {first_what} "
                    f"'{first_text}'{_holding(first_text)} of {first.path} (line {line}); if "
                    "both records mean the same one, keep that record and add this spelling "
                    "to its 'aliases'; if not, make the names tell them apart",
                )
            )
    return found
