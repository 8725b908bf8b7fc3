"""A "Suggest an event" issue, as GitHub writes its body, read into the parts of a record.

GitHub turns an issue form (.github/ISSUE_TEMPLATE/suggest-event.yml) into
Markdown: each field's label as a `### ` heading, then what was typed, or
`_No response_`. This module reads that text into a `Suggestion`: the values
it could read as the record format wants them, and, for everything it could
not, a question for the maintainer. It never guesses: an actor whose name
matches no entity, a date that reads two ways, a source without a publisher
become questions, not values. It reads text only; `timeline new event
--from-issue` writes the record.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from generator.records import date_hints, dates
from generator.records.lookalikes import fold_name
from generator.records.model import STATUSES, Entity
from generator.records.suggest import Suggester

# the labels of .github/ISSUE_TEMPLATE/suggest-event.yml, by the field they fill
LABELS = {
    "title": "What happened, in one neutral line",
    "date": "When",
    "summary": "Summary",
    "sources": "Sources",
    "status": "How well established is it?",
    "actors": "Who was involved",
    "places": "Where",
    "quotes": "Quotes (optional)",
    "notes": "Anything else (optional)",
}
NO_RESPONSE = "_No response_"
_HEADING = re.compile(r"^###[ \t]+(.+?)[ \t]*$", re.M)
_URL = re.compile(r"https?://[^\s<>()\[\]]+", re.I)
_NAME_LIST = re.compile(r"\s*(?:[;\n]|\band\b)\s*")
_NOT_SLUG = re.compile(r"[^a-z0-9]+")


@dataclass
class SourceLine:
    url: str
    publisher: str | None
    title: str | None


@dataclass
class Suggestion:
    title: str | None = None
    date: str | None = None
    status: str | None = None
    summary: str | None = None
    sources: list[SourceLine] = field(default_factory=list)
    actors: list[str] = field(default_factory=list)
    places: list[str] = field(default_factory=list)
    quotes: str | None = None
    notes: str | None = None
    questions: list[str] = field(default_factory=list)


def sections(body: str) -> dict[str, str]:
    """The answers of an issue form's Markdown, by field name; only those answered."""
    by_label = {label.casefold(): name for name, label in LABELS.items()}
    found: dict[str, str] = {}
    headings = list(_HEADING.finditer(body.replace("\r\n", "\n")))
    text = body.replace("\r\n", "\n")
    for index, heading in enumerate(headings):
        end = headings[index + 1].start() if index + 1 < len(headings) else len(text)
        answer = text[heading.end() : end].strip()
        name = by_label.get(heading.group(1).strip().casefold())
        if name and answer and answer != NO_RESPONSE:
            found[name] = answer
    return found


def read_suggestion(body: str, entities: dict[str, Entity]) -> Suggestion:
    answers = sections(body)
    found = Suggestion(quotes=answers.get("quotes"), notes=answers.get("notes"))
    found.title = " ".join(answers.get("title", "").split()) or None
    if found.title is None:
        found.questions.append("The issue gives no title: write what happened in one line.")
    found.summary = answers.get("summary")
    if found.summary is None:
        found.questions.append("The issue gives no summary: write one or two sentences.")
    _read_date(answers.get("date"), found)
    _read_status(answers.get("status"), found)
    _read_sources(answers.get("sources", ""), found)
    found.actors = _match_names(answers.get("actors", ""), entities, "actor", found)
    found.places = _match_names(answers.get("places", ""), entities, "place", found)
    if found.quotes:
        found.questions.append(
            "The issue quotes someone (below): add each quote under 'quotes:' with its "
            "speaker's entity id and the id of the source that printed it."
        )
    return found


def _read_date(written: str | None, found: Suggestion) -> None:
    if written is None:
        found.questions.append("The issue gives no date: write when it happened.")
        return
    written = " ".join(written.split())
    try:
        dates.parse_date(written)
        found.date = written
        return
    except dates.DateError:
        options = date_hints.readings(written)
    if len(options) == 1:
        found.date = options[0]
    elif len(options) == 2:
        found.questions.append(
            f"The date '{written}' reads as {options[0]} (month first) or {options[1]} (day "
            "first): which is it?"
        )
    else:
        found.questions.append(f"The date '{written}' is not one this tool can read.")


def _read_status(written: str | None, found: Suggestion) -> None:
    word = (written or "").split(" ", 1)[0].strip().casefold()
    if word in STATUSES:
        found.status = word


def _read_sources(text: str, found: Suggestion) -> None:
    for line in text.splitlines():
        url = _URL.search(line)
        if url is None:
            continue
        address = url.group().rstrip(".,;:")
        rest = (line[: url.start()] + " " + line[url.end() :]).strip(" -–—:()[]\t")
        rest = rest.strip().strip("()").strip()
        publisher, _, title = (part.strip() for part in rest.partition(","))
        source = SourceLine(address, publisher or None, title.strip("\"“”'") or None)
        if source.publisher is None:
            found.questions.append(f"Who published {address}? Write it under 'publisher'.")
        found.sources.append(source)
    if not found.sources:
        found.questions.append("The issue gives no source with a web address: add one.")


def _match_names(text: str, entities: dict[str, Entity], role: str, found: Suggestion) -> list[str]:
    """The entity ids that the names of `text` name, by id, name or alias; a question for
    each name that matches none, or a place that is not one.

    Names are separated by lines, semicolons and 'and'; commas separate them too when
    every part is a known name ('Texcoco, Mexico'), but not otherwise ('Washington,
    D.C.' stays one name).
    """
    by_name: dict[str, str] = {}
    for entity in entities.values():
        for name in (entity.id, entity.name, *entity.aliases):
            by_name.setdefault(fold_name(name), entity.id)
    ids: list[str] = []
    suggester = Suggester(entities)
    def key(name: str) -> str:
        return fold_name(name.strip(" ."))

    for piece in (p.strip() for p in _NAME_LIST.split(text)):
        if not key(piece):
            continue
        parts = [p.strip() for p in piece.split(",")]
        known = all(key(p) in by_name for p in parts)
        names = parts if known and key(piece) not in by_name else [piece]
        for name in names:
            entity_id = by_name.get(key(name))
            if entity_id is None:
                found.questions.append(_unknown(name, role, suggester))
            elif role == "place" and not entities[entity_id].is_place:
                found.questions.append(
                    f"'{name}' is given as a place, but '{entity_id}' is a "
                    f"{entities[entity_id].kind}: list it under 'actors' if it belongs there."
                )
            elif entity_id not in ids:
                ids.append(entity_id)
    return ids


def _unknown(name: str, role: str, suggester: Suggester) -> str:
    close = suggester.closest(_NOT_SLUG.sub("-", fold_name(name)).strip("-"))
    maybe = f"is it '{close}'? If not, " if close else "if it is new, "
    kind = "place" if role == "place" else "KIND"
    return (
        f"'{name}' ({role}) matches no entity: {maybe}run timeline new entity "
        f"\"{name}\" --kind {kind}, then add its id under '{role}s'."
    )
