"""Find the record files of a project, read them, and turn them into models.

Record ids come from file names; the folder an event sits in is only a
convenience for people browsing the repository.
"""

from __future__ import annotations

import hashlib
import os
import re
import stat
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from generator.diagnostics import Diagnostic, error, warning
from generator.layout import ENTITIES_DIR, EVENTS_DIR, RESERVED_NAMES
from generator.records import model, schema
from generator.records.cache import RecordCache
from generator.records.dates import parse_date
from generator.records.files import RECORD_SUFFIX, find_record_files
from generator.records.placeholders import check_placeholders
from generator.records.yamltree import MAX_FILE_BYTES, read_mapping

# records about the timeline itself, beside the entities so that every tool that watches
# entities/ (serve, the history, the build's inputs) follows them too
TOPICS_FOLDER = "topics"
PERIODS_FOLDER = "periods"
TOPICS_DIR = f"{ENTITIES_DIR}/{TOPICS_FOLDER}"
PERIODS_DIR = f"{ENTITIES_DIR}/{PERIODS_FOLDER}"

# stand-ins for the required fields of an event that failed its own checks
_PLACEHOLDERS = {"title": "", "date": parse_date("0001"), "summary": "", "sources": ()}


@dataclass
class LoadResult:
    events: list[model.Event] = field(default_factory=list)
    invalid_events: list[model.Event] = field(default_factory=list)
    entities: list[model.Entity] = field(default_factory=list)
    topics: list[model.Topic] = field(default_factory=list)
    periods: list[model.Period] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    # every record file found, valid or not, by id: for duplicate checks
    event_files: dict[str, list[str]] = field(default_factory=dict)
    entity_files: dict[str, list[str]] = field(default_factory=dict)


def _relative(root: Path, file: Path) -> str:
    # plain string slicing: pathlib's relative_to() costs more than parsing a small record
    text = str(file)[len(str(root)) + 1 :]
    return text if os.sep == "/" else text.replace(os.sep, "/")


def _example_id(path: str) -> str:
    if path.startswith(TOPICS_DIR + "/"):
        return "military-cooperation (the tag the topic describes)"
    if path.startswith(PERIODS_DIR + "/"):
        return "second-term"
    return "2025-05-03-sheinbaum-rejects-us-troops"


def _check_id(record_id: str, path: str, result: LoadResult) -> bool:
    if len(record_id) > schema.MAX_SLUG:
        result.diagnostics.append(
            error(
                path,
                1,
                1,
                "invalid-id",
                f"the file name is the record's id, and this one is {len(record_id)} characters "
                f"long; ids are at most {schema.MAX_SLUG}, so shorten the file name",
            )
        )
        return False
    if not schema.is_slug(record_id):
        result.diagnostics.append(
            error(
                path,
                1,
                1,
                "invalid-id",
                f"the file name '{record_id}{RECORD_SUFFIX}' is the record's id and must be "
                "written in lowercase letters, digits and single hyphens, like "
                f"'{_example_id(path)}'; rename the file",
            )
        )
        return False
    if record_id in RESERVED_NAMES and not path.startswith(PERIODS_DIR + "/"):
        if path.startswith(TOPICS_DIR + "/"):
            why = "is the name of the page that lists every topic (/tags/), so no tag can be it"
        elif path.startswith(EVENTS_DIR + "/"):
            why = (
                "is the name of the page at the address of the events folder itself "
                "(/events/), not of an event's page"
            )
        else:
            why = (
                "names the pages that list every actor and every place (/actors/, /places/), "
                "which this entity's page would replace"
            )
        result.diagnostics.append(
            error(
                path,
                1,
                1,
                "reserved-name",
                f"the file name is the record's id, and '{record_id}' {why}; rename the file",
            )
        )
        return False
    return True


def _files_by_id(result: LoadResult, spec: schema.Record) -> dict[str, list[str]]:
    if spec is schema.EVENT:
        return result.event_files
    if spec is schema.ENTITY:
        return result.entity_files
    return {}  # topics and periods: one flat folder of lowercase names, which cannot collide


def _load_record(root: Path, file: Path, spec: schema.Record, result: LoadResult) -> None:
    """Read one event or entity file into `result`: its model, and its diagnostics."""
    path = _relative(root, file)
    record_id = file.name[: -len(RECORD_SUFFIX)]
    _files_by_id(result, spec).setdefault(record_id.casefold(), []).append(path)
    id_ok = _check_id(record_id, path, result)
    mapping, diagnostics = read_mapping(file, path)
    result.diagnostics.extend(diagnostics)
    if mapping is None:
        return
    values, ctx = schema.read_record(mapping, spec, path)
    result.diagnostics.extend(ctx.diagnostics)
    if values is None or not id_ok:
        return
    valid = not (ctx.failed or diagnostics)  # the YAML problems in `diagnostics` are errors
    given = {"id": record_id, "path": path, "locations": ctx.locations, **values}
    if spec is schema.EVENT:
        _add_event(given, valid, result)
        # a check of the record alone: here, its result is cached with the file's
        made = result.events[-1:] if valid else result.invalid_events[-1:]
        result.diagnostics.extend(check_placeholders(made))
    elif not valid:  # an entity with errors is left out; references to its id still resolve
        return
    elif spec is schema.ENTITY:
        result.entities.append(model.Entity(**given))
        result.diagnostics.extend(check_placeholders(result.entities[-1:]))
    elif spec is schema.TOPIC:
        result.topics.append(model.Topic(**given))
    else:
        result.periods.append(model.Period(**given))


def _add_event(values: dict, valid: bool, result: LoadResult) -> None:
    if not valid:
        # not published, but its references are still checked in this run
        result.invalid_events.append(model.Event(**{**_PLACEHOLDERS, **values}))
        return
    event = model.Event(**values)
    _check_id_date(event, result)
    path = event.path
    folder = path[len(EVENTS_DIR) + 1 : path.rfind("/")] or "."
    year = f"{event.year:04d}"  # as the date writes it: events/0999/
    if folder != year:
        line, col = event.locations[("date",)]
        where = "directly in 'events/'" if folder == "." else f"in 'events/{folder}/'"
        result.diagnostics.append(
            warning(
                path,
                line,
                col,
                "wrong-folder",
                f"the event is dated {year} but sits {where}; move it to 'events/{year}/'",
            )
        )
    result.events.append(event)


_ID_DATE = re.compile(r"^\d{4}(?:-\d{2}(?:-\d{2})?)?(?=-)")


def _check_id_date(event: model.Event, result: LoadResult) -> None:
    """An id that starts with a date starts with the event's own: the address a reader
    keeps says when the event happened."""
    written = _ID_DATE.match(event.id)
    prefix = event.date.id_prefix
    if written is None or event.id.startswith(prefix + "-"):
        return
    new_id = prefix + event.id[written.end() :]
    folder = event.path[: event.path.rfind("/")]
    year_folder = f"{EVENTS_DIR}/{event.date.earliest.year:04d}"
    target = f"{year_folder if folder != EVENTS_DIR else folder}/{new_id}{RECORD_SUFFIX}"
    line, col = event.locations[("date",)]
    result.diagnostics.append(
        error(
            event.path,
            line,
            col,
            "id-date",
            f"the file name says {written.group()} but the event is dated {prefix}; rename "
            f"the file to {target} (if the event was published, add "
            f"'aliases: [{event.id}]' so that its old address keeps working)",
        )
    )


def load_records(root: Path, cache: RecordCache | None = None) -> LoadResult:
    """Every record file of the project as models and diagnostics.

    With a cache, a file whose bytes were loaded before is not parsed again
    (see generator.records.cache); the result is the same either way. Saving
    the cache is the caller's decision, and so is pausing the garbage collector
    (generator.site.collector), which this load's many small objects would keep busy.
    """
    result = LoadResult()
    own = frozenset({TOPICS_FOLDER, PERIODS_FOLDER})
    found = result.diagnostics
    for file in find_record_files(root, ENTITIES_DIR, found, nested=False, own_folders=own):
        _load_with_cache(root, file, schema.ENTITY, result, cache)
    for folder, spec in ((TOPICS_DIR, schema.TOPIC), (PERIODS_DIR, schema.PERIOD)):
        for file in find_record_files(root, folder, found, nested=False):
            _load_record(root, file, spec, result)  # a few small files: never cached
    for file in find_record_files(root, EVENTS_DIR, result.diagnostics, nested=True):
        _load_with_cache(root, file, schema.EVENT, result, cache)
    return result


def _regular_file_bytes(file: Path) -> bytes | None:
    """The bytes of a regular file that read_mapping would read, None for anything else."""
    read = _read_regular(file)
    return read[1] if read is not None else None


def _read_regular(file: Path) -> tuple[os.stat_result, bytes] | None:
    """Its status (before reading) and bytes, for a file _regular_file_bytes would read."""
    try:
        status = os.lstat(file)
        if not stat.S_ISREG(status.st_mode) or status.st_size > MAX_FILE_BYTES:
            return None
        with open(file, "rb") as stream:
            return status, stream.read()
    except OSError:
        return None


def _cached(cache: RecordCache, path: str, file: Path) -> tuple[Any, str] | None:
    """The outcome the cache holds for this file (read only if its stamps changed), its digest."""
    try:
        status = os.lstat(file)
    except OSError:
        return None
    digest = cache.digest_by_stamps(path, status) if stat.S_ISREG(status.st_mode) else None
    if digest is None:
        read = _read_regular(file)
        if read is None:
            return None
        digest = hashlib.sha256(read[1]).hexdigest()
        cache.read_with(path, read[0], digest)
    outcome = cache.get(path, digest)
    return (outcome, digest) if outcome is not None else (None, digest)


def _load_with_cache(
    root: Path, file: Path, spec: schema.Record, result: LoadResult, cache: RecordCache | None
) -> None:
    path = _relative(root, file)
    found = _cached(cache, path, file) if cache is not None else None
    if cache is None or found is None:
        _load_record(root, file, spec, result)  # symlinks, oversize, unreadable: never cached
        return
    outcome, digest = found
    if outcome is not None:
        record_id = file.name[: -len(RECORD_SUFFIX)]
        _files_by_id(result, spec).setdefault(record_id.casefold(), []).append(path)
        diagnostics, events, invalid_events, entities = outcome
        result.diagnostics.extend(diagnostics)
        result.events.extend(events)
        result.invalid_events.extend(invalid_events)
        result.entities.extend(entities)
        return
    marks = (
        len(result.diagnostics),
        len(result.events),
        len(result.invalid_events),
        len(result.entities),
    )
    _load_record(root, file, spec, result)
    data = _regular_file_bytes(file)
    if data is None or hashlib.sha256(data).hexdigest() != digest:
        return  # saved again while it was being read: what was loaded may not match `digest`
    outcome = (
        result.diagnostics[marks[0] :],
        result.events[marks[1] :],
        result.invalid_events[marks[2] :],
        result.entities[marks[3] :],
    )
    cache.put(path, digest, outcome)
