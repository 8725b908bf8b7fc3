"""`timeline new`: write the skeleton of a new event or entity record (topics and
periods: generator.cli.new_catalogue).

A skeleton is a record file a contributor fills in. Its comments explain
each field in the words of `generator/schema.py`, so they cannot drift from
what `timeline validate` checks. What only the contributor can write (the
summary, the source) is left as a REPLACE-ME placeholder: valid YAML, so the
file parses, and an error under `timeline validate` that points at each
value still to fill, so an unfinished skeleton is never published.
"""

from __future__ import annotations

import dataclasses
import re
import textwrap
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2

from generator.atomic import write_atomically
from generator.diagnostics import UserError
from generator.layout import RESERVED_NAMES
from generator.records import date_hints, dates, model, schema
from generator.records.files import find_record_files
from generator.records.load import ENTITIES_DIR, EVENTS_DIR, RECORD_SUFFIX
from generator.records.lookalikes import fold_name
from generator.records.placeholders import PLACEHOLDER
from generator.records.suggest import Suggester, did_you_mean
from generator.records.yamltree import Scalar, read_mapping
from generator.render.environment import YamlText, record_environment
from generator.trust import plain_folder_under

MAX_TITLE_SLUG = 60  # characters of the title kept in an event's file name

# letters that Unicode does not decompose into a base letter and an accent
_FOLD = str.maketrans(
    {"æ": "ae", "œ": "oe", "ø": "o", "ł": "l", "đ": "d", "ð": "d", "þ": "th", "ı": "i"}
)
_APOSTROPHES = re.compile(r"['’ʼ‘`]")
_INITIALISM = re.compile(r"\b(?:[a-z]\.){2,}")  # u.s. -> us, u.n. -> un
_NOT_ALNUM = re.compile(r"[^a-z0-9]+")


def slugify(text: str, max_length: int = schema.MAX_SLUG) -> str:
    """Lowercase ASCII words joined by hyphens, cut on a word boundary.

    'Andrés Manuel López Obrador' -> 'andres-manuel-lopez-obrador'.
    """
    text = text.casefold().translate(_FOLD)  # casefold also turns 'ß' into 'ss'
    text = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    text = _APOSTROPHES.sub("", text)
    text = _INITIALISM.sub(lambda m: m.group().replace(".", ""), text)
    text = _NOT_ALNUM.sub("-", text).strip("-")
    if len(text) <= max_length:
        return text
    if text[max_length] == "-":
        return text[:max_length].rstrip("-")
    cut = text[:max_length]
    # a single word longer than the limit is cut where the limit falls
    return cut.rsplit("-", 1)[0] if "-" in cut else cut


def date_prefix(date: dates.EventDate) -> str:
    """The start of an event id: its first date as written, without qualifiers."""
    return date.id_prefix


# ---------------------------------------------------------------- checking the arguments


def _check_value(value_type: schema.Type, value: str, name: str) -> Any:
    """Check a value from the command line with the rules of the record field it fills."""
    if not value.strip():
        raise UserError(f"'{name}' is empty; write it in quotes after the command")
    ctx = schema.ReadContext("")
    result = value_type.read(Scalar(value, 1, 1, plain=False), ctx, (name,))
    if result is schema.INVALID:
        raise UserError(ctx.diagnostics[0].message)
    return result


def _item_type(spec: schema.Record, key: str) -> schema.Type:
    return spec.fields[key].type.item  # the type of one item of a list field


def _check_slug(value: str, name: str, max_length: int) -> str:
    if len(value) > max_length or not schema.is_slug(value):
        raise UserError(
            f"{name} '{value}' must be at most {max_length} lowercase letters, digits and "
            "single hyphens"
        )
    return value


def entity_ids(root: Path) -> set[str]:
    folder = root / ENTITIES_DIR
    if not folder.is_dir():
        return set()
    return {p.name[: -len(RECORD_SUFFIX)] for p in folder.glob("*" + RECORD_SUFFIX)}


def _read_entity(root: Path, entity_id: str) -> dict[str, Any] | None:
    file = root / ENTITIES_DIR / f"{entity_id}{RECORD_SUFFIX}"
    mapping, _ = read_mapping(file, f"{ENTITIES_DIR}/{file.name}")
    if mapping is None:
        return None
    return schema.read_record(mapping, schema.ENTITY, file.name)[0]


def check_references(root: Path, actors: list[str], places: list[str]) -> list[str]:
    """Problems with the entity ids given for a new event, one sentence each."""
    known = entity_ids(root)
    suggester = Suggester(known)
    problems = []
    for role, ids in (("actor", actors), ("place", places)):
        for entity_id in ids:
            if entity_id not in known:
                close = suggester.closest(entity_id)
                hint = f"; {did_you_mean(close).rstrip()}" if close else ""
                problems.append(
                    f"unknown {role} '{entity_id}'{hint} To add a new one, run: "
                    f'timeline new entity "Name" --kind KIND'
                )
            elif role == "place":
                entity = _read_entity(root, entity_id) or {}
                kind = entity.get("kind")
                if kind is not None and kind not in model.PLACE_KINDS:
                    problems.append(
                        f"'{entity_id}' is a {kind}, but places may only name entities of kind "
                        f"{', '.join(model.PLACE_KINDS)}; give it with --actor instead"
                    )
    return problems


def _existing_event(root: Path, event_id: str) -> Path | None:
    """Ids are unique across every year folder, compared ignoring case."""
    wanted = (event_id + RECORD_SUFFIX).casefold()
    # the loader's walk: no recursion (folders nested 1,000 deep), nothing opened
    for file in find_record_files(root, EVENTS_DIR, [], nested=True):
        if file.name.casefold() == wanted:
            return file
    return None


# ---------------------------------------------------------------- rendering the skeleton


def _choices(field: schema.Field) -> str:
    return f"'{field.name}' is one of: {', '.join(field.type.values)}."


def comment(field: schema.Field, choices_of: schema.Field | None = None) -> YamlText:
    """A field's description from the schema, as YAML comment lines; `choices_of` adds
    the values allowed in a field of the records it holds."""
    text = field.description + (" (required)" if field.required else "")
    if isinstance(field.type, schema.Choice):
        text += " " + _choices(field)
    if choices_of is not None:
        text += " " + _choices(choices_of)
    lines = textwrap.wrap(text, 78, break_on_hyphens=False)
    return YamlText("\n".join("# " + line for line in lines))


def note(field: schema.Field) -> YamlText:
    """A short description on one line, for a trailing comment."""
    return YamlText(field.description + (" (required)" if field.required else ""))


def _environment() -> jinja2.Environment:
    env = record_environment()
    env.globals.update(comment=comment, note=note, placeholder=YamlText(PLACEHOLDER))
    env.globals.update(
        event=schema.EVENT.fields,
        source=schema.SOURCE.fields,
        quote=schema.QUOTE.fields,
        relation=schema.RELATION.fields,
        update=schema.UPDATE.fields,
        entity=schema.ENTITY.fields,
        topic=schema.TOPIC.fields,
        period=schema.PERIOD.fields,
    )
    return env


def render_event_skeleton(
    title: str, date: str, actors: list[str], places: list[str], tags: list[str]
) -> str:
    try:
        parsed = dates.parse_date(date)
        day = parsed.start.edtf() if parsed.precision is dates.Precision.DAY else "YYYY-MM-DD"
    except dates.DateError:  # the blank skeleton of CONTRIBUTING.md: date still to write
        day = "YYYY-MM-DD"
    return (
        _environment()
        .get_template("new_event.yaml.j2")
        .render(
            title=title,
            date=YamlText(date),  # checked: as the record format writes it, or YYYY-MM-DD
            day=YamlText(day),
            actors=actors,
            places=places,
            tags=tags,
        )
    )


def render_entity_skeleton(name: str, kind: str) -> str:
    template = _environment().get_template("new_entity.yaml.j2")
    return template.render(name=name, kind=YamlText(kind))  # the kind is a checked choice


# ---------------------------------------------------------------- writing


@dataclass(frozen=True)
class NewEvent:
    title: str
    date: str
    actors: list[str] = dataclasses.field(default_factory=list)
    places: list[str] = dataclasses.field(default_factory=list)
    tags: list[str] = dataclasses.field(default_factory=list)
    slug: str | None = None


def _write_new(file: Path, text: str, root: Path) -> Path:
    """Write a new record file, never over one, never through a link, never half of it."""
    relative = file.relative_to(root)
    # a checkout may carry events/2026 as a link elsewhere: validate refuses it, and
    # the skeleton would be written where it points
    if plain_folder_under(root, relative.parent.as_posix(), create=True) is None:
        raise UserError(
            f"cannot write {relative.as_posix()}: '{relative.parent.as_posix()}/' or a folder "
            "above it is a symbolic link or not a folder; records sit in real folders "
            "(timeline validate refuses links), so replace it with one"
        )
    try:
        write_atomically(file, text.encode("utf-8"), exclusive=True)  # never overwrites
    except FileExistsError:
        raise UserError(
            f"{relative.as_posix()} already exists; it was left as it was "
            "(edit it, or choose another name with --slug)"
        ) from None
    return file


def _read_date(text: str, notes: list[str]) -> tuple[str, dates.EventDate]:
    """The --date as written, or as people write dates ('May 3, 2025') when it reads
    one way only; the record itself always gets the strict form."""
    try:
        return text.strip(), dates.parse_date(text)
    except dates.DateError as exc:
        options = date_hints.readings(text)
        if len(options) != 1:
            raise UserError(f"--date {date_hints.message(text) or exc}") from None
    notes.append(f"note: read --date '{text.strip()}' as {options[0]}")
    return options[0], dates.parse_date(options[0])


def _title_slug(title: str, notes: list[str]) -> str:
    slug = slugify(title, MAX_TITLE_SLUG)
    whole = slugify(title, len(title) * 4)
    if slug and slug != whole:
        dropped = whole[len(slug) :].strip("-")
        notes.append(
            f"note: the file name keeps the first {MAX_TITLE_SLUG} characters of the title's "
            f"slug, '{slug}', and drops '{dropped}'; to choose it yourself, delete the file "
            "and run the command again with --slug"
        )
    return slug


def write_event(root: Path, new: NewEvent) -> tuple[Path, list[str]]:
    """Write events/<year>/<date>-<slug>.yaml and say what was decided for the writer
    (a date read from words, a shortened slug); a UserError if it cannot."""
    notes: list[str] = []
    title = _check_value(schema.EVENT.fields["title"].type, new.title, "title")
    date_text, parsed = _read_date(new.date, notes)
    for option, key, values in (
        ("--tag", "tags", new.tags),
        ("--actor", "actors", new.actors),
        ("--place", "places", new.places),
    ):
        for value in values:
            _check_value(_item_type(schema.EVENT, key), value, option)
    prefix = date_prefix(parsed)
    if new.slug is not None:
        slug = _check_slug(new.slug, "--slug", schema.MAX_SLUG - len(prefix) - 1)
    else:
        slug = _title_slug(title, notes)
        if not slug:
            raise UserError(
                f"the title '{title}' has no letters or digits that can make a file name; "
                "give one with --slug, like --slug sheinbaum-rejects-troops"
            )
    problems = check_references(root, new.actors, new.places)
    if problems:
        raise UserError("\n".join(problems))
    event_id = f"{prefix}-{slug}"
    existing = _existing_event(root, event_id)
    if existing is not None:
        raise UserError(
            f"{existing.relative_to(root).as_posix()} already exists with the id '{event_id}'; "
            "it was left as it was (edit it, or choose another name with --slug)"
        )
    text = render_event_skeleton(title, date_text, new.actors, new.places, new.tags)
    file = root / EVENTS_DIR / f"{parsed.earliest.year:04d}" / f"{event_id}{RECORD_SUFFIX}"
    return _write_new(file, text, root), notes


def write_entity(root: Path, name: str, kind: str, slug: str | None = None) -> Path:
    """Write entities/<slug>.yaml, valid as written; a UserError if it cannot."""
    name = _check_value(schema.ENTITY.fields["name"].type, name, "name")
    if slug is not None:
        entity_id = _check_slug(slug, "--slug", schema.MAX_SLUG)
    else:
        entity_id = slugify(name)
        if not entity_id:
            raise UserError(
                f"the name '{name}' has no letters or digits that can make a file name; "
                "give one with --slug, like --slug claudia-sheinbaum"
            )
    if entity_id in RESERVED_NAMES:
        raise UserError(
            f"'{entity_id}' is the name of the pages that list every actor and place, so it "
            "cannot be an id; give another with --slug"
        )
    file = root / ENTITIES_DIR / f"{entity_id}{RECORD_SUFFIX}"
    return _write_new(file, render_entity_skeleton(name, kind), root)


def same_name(root: Path, name: str, except_id: str) -> list[str]:
    """Entities that already carry this name or alias, or one that looks the same."""
    wanted = fold_name(name)
    found = []
    for entity_id in sorted(entity_ids(root) - {except_id}):
        entity = _read_entity(root, entity_id) or {}
        names = [entity.get("name", ""), *entity.get("aliases", ())]
        if any(fold_name(str(n)) == wanted for n in names):
            found.append(entity_id)
    return found
