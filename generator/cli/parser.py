"""The command line's grammar: every command, option and help text of `timeline`.

What argparse refuses here (an unknown command or option, a missing or
malformed argument, a value that is not one of the choices) is the only
failure that exits 2; every command's own checks are generator.cli.commands'.
"""

from __future__ import annotations

import argparse
import importlib
from collections.abc import Iterator
from pathlib import Path

from generator.cli import commands
from generator.diagnostics import FORMATTERS


class _Choices:
    """The choices of an option, as a module names them, without importing it to list them.

    argparse lists the choices when each option is declared, and `timeline
    build` must not load the exports, the `changes` command and the record model
    for the options of other commands. So the names are written here, and the
    module's own are read only to check a value given (a value it does not
    know is refused, whatever this list says); tests/cli/test_parser_choices.py
    checks that both lists are the same.
    """

    def __init__(self, module: str, name: str, names: tuple[str, ...]) -> None:
        self.module, self.name, self.names = module, name, names

    def actual(self) -> list[str]:
        return list(getattr(importlib.import_module(self.module), self.name))

    def __iter__(self) -> Iterator[str]:
        return iter(self.names)

    def __contains__(self, value: object) -> bool:
        return value in self.actual()

    def __len__(self) -> int:
        return len(self.names)


EXPORT_FORMATS = _Choices(
    "generator.exports", "FORMATS", ("json", "csv", "ics", "atom", "timelinejs")
)
CHANGES_FORMATS = _Choices("generator.cli.changes", "FORMATS", ("json", "markdown"))
ENTITY_KINDS = _Choices(
    "generator.records.model",
    "ENTITY_KINDS",
    ("person", "organization", "government", "country", "region", "city", "place", "media"),
)
RECORD_KINDS = _Choices(
    "generator.records.schema", "RECORDS", ("event", "entity", "topic", "period")
)


def _add_site_parsers(subcommands: argparse._SubParsersAction) -> None:
    build = subcommands.add_parser(
        "build",
        help="validate, generate site_src/ and build the website into site/",
        description="Check every record, generate the pages under site_src/, and build the "
        "website with MkDocs into site/. On any error the exit code is non-zero and the "
        "previous site/ is left as it was. Set SOURCE_DATE_EPOCH for byte-identical builds.",
    )
    build.add_argument(
        "--strict",
        action="store_true",
        help="fail on MkDocs warnings, such as a broken link or anchor (warnings about "
        "records are shown; `timeline validate --strict` fails on them)",
    )
    build.add_argument(
        "--clean",
        action="store_true",
        help="build every page from scratch; by default only the pages whose sources "
        "changed are rebuilt, from the current site/, when nothing every page depends on "
        "(mkdocs.yml, theme files, the generator) has changed",
    )
    build.set_defaults(handler=commands.build)
    serve = subcommands.add_parser(
        "serve",
        help="build, serve on 127.0.0.1 and rebuild on every save",
        description="Build the site, serve site/ on http://127.0.0.1:PORT/, and rebuild it "
        "and reload the browser whenever a file under events/, entities/ or the "
        "hand-written part of site_src/ is saved.",
    )
    serve.add_argument("--port", type=int, default=8000, help="the port (default: 8000)")
    serve.add_argument("--strict", action="store_true", help="build as `build --strict` does")
    serve.set_defaults(handler=commands.serve)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="timeline",
        description="Validate timeline records and build them into a website.",
    )
    parser.add_argument(
        "-C",
        "--project",
        default=".",
        metavar="DIR",
        help="the project folder (default: the current folder)",
    )
    subcommands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    _add_record_parsers(subcommands)
    _add_new_parser(subcommands)
    _add_site_parsers(subcommands)
    _add_changes_parser(subcommands)
    return parser


def _add_record_parsers(subcommands: argparse._SubParsersAction) -> None:
    validate = subcommands.add_parser(
        "validate",
        help="check every record and report all problems",
        description="Check every event and entity record, and report on all of them, or "
        "only on the files named or changed. Exit 0 if all are valid, 1 if not.",
    )
    validate.add_argument(
        "paths",
        nargs="*",
        metavar="PATH",
        help="report only on these record files or folders (checked against the whole project)",
    )
    validate.add_argument(
        "--changed-since",
        metavar="REV",
        help="report only on the record files changed since the branch left REV (a pull "
        "request's files, uncommitted ones included), such as origin/main",
    )
    validate.add_argument(
        "--format",
        choices=sorted(FORMATTERS),
        default="text",
        help="text (path:line:col), json, or github (workflow annotations)",
    )
    validate.add_argument("--strict", action="store_true", help="treat warnings as errors")
    validate.set_defaults(handler=commands.validate)

    export = subcommands.add_parser(
        "export",
        help="write the events as JSON, CSV, iCalendar, Atom or TimelineJS",
        description="Check every record, then write the whole dataset in one format "
        "(the same files the site publishes under /data/ and /feed.xml). Refuses, "
        "writing nothing, if any record has an error. Set SOURCE_DATE_EPOCH for "
        "byte-identical output.",
    )
    export.add_argument(
        "--format",
        choices=EXPORT_FORMATS,
        required=True,
        help="the format to write",
    )
    export.add_argument(
        "-o", "--output", metavar="FILE", help="write to FILE (default: standard output)"
    )
    export.set_defaults(handler=commands.export)

    schema_cmd = subcommands.add_parser(
        "schema",
        help="print the JSON Schema of the records",
        description="Print the JSON Schema (draft 2020-12) of event, entity, topic "
        "and period records, for editors and other tools.",
    )
    schema_cmd.add_argument(
        "--record", choices=RECORD_KINDS, help="only the schema of one kind of record"
    )
    schema_cmd.set_defaults(handler=commands.print_schema)


def _add_changes_parser(subcommands: argparse._SubParsersAction) -> None:
    changes_cmd = subcommands.add_parser(
        "changes",
        help="list the records added, changed or removed since a git revision",
        description="List the event and entity records added, changed, renamed or removed "
        "since the current branch left REV (git merge-base REV HEAD), counting uncommitted "
        "and untracked files: the changes a pull request makes. Markdown for a pull "
        "request's job summary, or JSON.",
    )
    changes_cmd.add_argument(
        "--since", required=True, metavar="REV", help="a branch, tag or commit, like origin/main"
    )
    changes_cmd.add_argument(
        "--format",
        choices=CHANGES_FORMATS,
        default="markdown",
        help="default: markdown",
    )
    changes_cmd.add_argument(
        "--check",
        action="store_true",
        help="exit 1 if a published event was renamed or removed with no alias keeping its "
        "address (the problems go to standard error)",
    )
    changes_cmd.set_defaults(handler=commands.list_changes)


def _new_event_usage(args: argparse.Namespace) -> str | None:
    if args.from_issue is not None:
        given = args.title is not None or args.date is not None or args.slug is not None
        return "--from-issue takes the title and date from the issue" if given else None
    if args.title is None or args.date is None:
        return "give the title and --date (or --from-issue FILE)"
    return None


def _add_new_parser(subcommands: argparse._SubParsersAction) -> None:
    new = subcommands.add_parser(
        "new",
        help="write the skeleton of a new event, entity, topic or period",
        description="Write the skeleton of a new record in the right folder, with comments "
        "that explain each field, and print its path. An existing file is never overwritten.",
    )
    kinds = new.add_subparsers(dest="record", required=True, metavar="RECORD")
    event = kinds.add_parser(
        "event",
        help="write events/<year>/<date>-<title>.yaml",
        description="Write events/<year>/<date>-<slug of the title>.yaml with the title and "
        "date filled in and REPLACE-ME where only you can write the text.",
    )
    event.add_argument("title", nargs="?", help="what happened, in one neutral line (in quotes)")
    event.add_argument(
        "--date",
        help="when: YYYY-MM-DD, YYYY-MM or YYYY, as in the records (a date in words such as "
        "'May 3, 2025' is read when it can mean one day only)",
    )
    event.add_argument(
        "--from-issue",
        metavar="FILE",
        type=Path,
        help="write the record from the body of a 'Suggest an event' issue saved in FILE "
        "(instead of a title and --date), then check it",
    )
    event.add_argument(
        "--actor", action="append", default=[], metavar="ID", help="an entity id (repeatable)"
    )
    event.add_argument(
        "--place",
        action="append",
        default=[],
        metavar="ID",
        help="the entity id of a country, region, city or place (repeatable)",
    )
    event.add_argument(
        "--tag", action="append", default=[], metavar="TAG", help="a topic tag (repeatable)"
    )
    event.add_argument("--slug", help="the file name after the date (default: from the title)")
    event.set_defaults(handler=commands.new_event, usage_problem=_new_event_usage)
    entity = kinds.add_parser(
        "entity",
        help="write entities/<name>.yaml",
        description="Write entities/<slug of the name>.yaml, valid as written, with the "
        "optional fields as comments.",
    )
    entity.add_argument("name", help="the name as readers know it (in quotes)")
    entity.add_argument("--kind", required=True, choices=ENTITY_KINDS)
    entity.add_argument("--slug", help="the file name (default: from the name)")
    entity.set_defaults(handler=commands.new_entity)
    _add_catalogue_parsers(kinds)


def _add_catalogue_parsers(kinds: argparse._SubParsersAction) -> None:
    """`timeline new topic` and `timeline new period`."""
    topic = kinds.add_parser(
        "topic",
        help="write entities/topics/<tag>.yaml",
        description="Write entities/topics/<tag>.yaml, valid as written: the display name of "
        "a tag events use, with the optional description as a comment.",
    )
    topic.add_argument("name", help="the topic's name as readers see it (in quotes)")
    topic.add_argument("--slug", help="the tag, as events write it (default: from the name)")
    topic.set_defaults(handler=commands.new_topic)
    period = kinds.add_parser(
        "period",
        help="write entities/periods/<name>.yaml",
        description="Write entities/periods/<slug of the name>.yaml, valid as written: an era "
        "drawn as a band on the time axis and the charts. Periods may not overlap.",
    )
    period.add_argument("name", help="the period's name, shown on its band (in quotes)")
    period.add_argument(
        "--start", required=True, help="first day, month or year: YYYY-MM-DD, YYYY-MM or YYYY"
    )
    period.add_argument("--end", help="last day, month or year (leave it out while it goes on)")
    period.add_argument("--slug", help="the file name (default: from the name)")
    period.set_defaults(handler=commands.new_period)
