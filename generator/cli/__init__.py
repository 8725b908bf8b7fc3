"""The `timeline` command line.

User mistakes (bad records, bad arguments) end with a message and a non-zero
exit code, never a traceback; anything else is a bug and shows its traceback.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from generator import exports
from generator.cli import changes
from generator.cli import new as scaffold
from generator.diagnostics import FORMATTERS, Severity, UserError, format_text, has_errors
from generator.records import model, schema
from generator.records.project import is_project, load_project
from generator.settings import read_site_config
from generator.site import integrity
from generator.site.atomic import write_atomically
from generator.site.collector import collector_paused

EXIT_OK, EXIT_INVALID, EXIT_USAGE = 0, 1, 2


def _project_root(args: argparse.Namespace) -> Path:
    root = Path(args.project).resolve()
    if not is_project(root):
        raise UserError(
            f"{root} is not a timeline project (it has no 'events/' or "
            "'entities/' folder); run the command from the project root or pass -C DIR"
        )
    return root


def cmd_validate(args: argparse.Namespace) -> int:
    root = _project_root(args)
    with collector_paused():
        _, diagnostics = load_project(root)
    # what the build would refuse: files committed in the generated folders, links, FIFOs
    diagnostics += integrity.site_problems(root)
    if args.strict:
        diagnostics = [d.as_error() for d in diagnostics]
    sys.stdout.write(FORMATTERS[args.format](diagnostics))
    errors = sum(d.severity is Severity.ERROR for d in diagnostics)
    if args.format == "text":
        warnings = len(diagnostics) - errors
        summary = f"{errors} error{'s' * (errors != 1)}, {warnings} warning{'s' * (warnings != 1)}"
        print(("invalid: " if errors else "valid: ") + summary, file=sys.stderr)
    return EXIT_INVALID if errors else EXIT_OK


def cmd_export(args: argparse.Namespace) -> int:
    root = _project_root(args)
    with collector_paused():
        dataset, diagnostics = load_project(root)
    if has_errors(diagnostics):
        sys.stderr.write(format_text(diagnostics))
        print("export refused: fix the errors above first", file=sys.stderr)
        return EXIT_INVALID
    when = exports.build_time()
    data = exports.FORMATS[args.format](dataset, read_site_config(root), when).encode("utf-8")
    if args.output is None:
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
        return EXIT_OK
    try:
        write_atomically(Path(args.output), data)
    except OSError as exc:
        raise UserError(f"cannot write {args.output}: {exc.strerror or exc}") from None
    return EXIT_OK


def cmd_schema(args: argparse.Namespace) -> int:
    print(json.dumps(schema.json_schema(args.record), indent=2, ensure_ascii=False))
    return EXIT_OK


def _refused(exc: scaffold.RefusedError) -> int:
    for problem in str(exc).splitlines():
        print(f"timeline: error: {problem}", file=sys.stderr)
    return EXIT_INVALID


def _written(root: Path, file: Path) -> int:
    print(file.relative_to(root).as_posix())
    return EXIT_OK


def cmd_new_event(args: argparse.Namespace) -> int:
    root = _project_root(args)
    new = scaffold.NewEvent(args.title, args.date, args.actor, args.place, args.tag, args.slug)
    try:
        file = scaffold.write_event(root, new)
    except scaffold.RefusedError as exc:
        return _refused(exc)
    print("next: replace every REPLACE-ME, then run: timeline validate", file=sys.stderr)
    return _written(root, file)


def cmd_new_entity(args: argparse.Namespace) -> int:
    root = _project_root(args)
    try:
        file = scaffold.write_entity(root, args.name, args.kind, args.slug)
    except scaffold.RefusedError as exc:
        return _refused(exc)
    for other in scaffold.same_name(root, args.name.strip(), file.stem):
        print(
            f"note: entities/{other}.yaml has the same name or alias; if it is the same "
            f"{args.kind}, delete the new file and use the id '{other}'",
            file=sys.stderr,
        )
    return _written(root, file)


def cmd_changes(args: argparse.Namespace) -> int:
    root = _project_root(args)
    found = changes.find_changes(root, args.since)
    committed = changes.committed_build_files(root)
    sys.stdout.write(changes.FORMATS[args.format](found, args.since, committed))
    return EXIT_OK


def cmd_build(args: argparse.Namespace) -> int:
    from generator.site.build import build_site, describe

    result = build_site(_project_root(args), strict=args.strict, clean=args.clean)
    if not result.ok:
        return EXIT_INVALID
    print(describe(result), file=sys.stderr)
    return EXIT_OK


def cmd_serve(args: argparse.Namespace) -> int:
    from generator.site.serve import serve

    return serve(_project_root(args), args.port, strict=args.strict)


def _add_site_parsers(commands: argparse._SubParsersAction) -> None:
    build = commands.add_parser(
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
    build.set_defaults(handler=cmd_build)
    serve = commands.add_parser(
        "serve",
        help="build, serve on 127.0.0.1 and rebuild on every save",
        description="Build the site, serve site/ on http://127.0.0.1:PORT/, and rebuild it "
        "and reload the browser whenever a file under events/, entities/ or the "
        "hand-written part of site_src/ is saved.",
    )
    serve.add_argument("--port", type=int, default=8000, help="the port (default: 8000)")
    serve.add_argument("--strict", action="store_true", help="build as `build --strict` does")
    serve.set_defaults(handler=cmd_serve)


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
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    validate = commands.add_parser(
        "validate",
        help="check every record and report all problems",
        description="Check every event and entity record. Exit 0 if all are valid, 1 if not.",
    )
    validate.add_argument(
        "--format",
        choices=sorted(FORMATTERS),
        default="text",
        help="text (path:line:col), json, or github (workflow annotations)",
    )
    validate.add_argument("--strict", action="store_true", help="treat warnings as errors")
    validate.set_defaults(handler=cmd_validate)

    export = commands.add_parser(
        "export",
        help="write the events as JSON, CSV, iCalendar, Atom or TimelineJS",
        description="Check every record, then write the whole dataset in one format "
        "(the same files the site publishes under /data/ and /feed.xml). Refuses, "
        "writing nothing, if any record has an error. Set SOURCE_DATE_EPOCH for "
        "byte-identical output.",
    )
    export.add_argument(
        "--format", choices=list(exports.FORMATS), required=True, help="the format to write"
    )
    export.add_argument(
        "-o", "--output", metavar="FILE", help="write to FILE (default: standard output)"
    )
    export.set_defaults(handler=cmd_export)

    schema_cmd = commands.add_parser(
        "schema",
        help="print the JSON Schema of the records",
        description="Print the JSON Schema (draft 2020-12) of event "
        "and entity records, for editors and other tools.",
    )
    schema_cmd.add_argument(
        "--record", choices=["event", "entity"], help="only the schema of one kind of record"
    )
    schema_cmd.set_defaults(handler=cmd_schema)

    _add_new_parser(commands)
    _add_site_parsers(commands)
    changes_cmd = commands.add_parser(
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
        "--format", choices=sorted(changes.FORMATS), default="markdown", help="default: markdown"
    )
    changes_cmd.set_defaults(handler=cmd_changes)
    return parser


def _add_new_parser(commands: argparse._SubParsersAction) -> None:
    new = commands.add_parser(
        "new",
        help="write the skeleton of a new event or entity",
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
    event.add_argument("title", help="what happened, in one neutral line (in quotes)")
    event.add_argument(
        "--date", required=True, help="when: YYYY-MM-DD, YYYY-MM or YYYY, as in the records"
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
    event.set_defaults(handler=cmd_new_event)
    entity = kinds.add_parser(
        "entity",
        help="write entities/<name>.yaml",
        description="Write entities/<slug of the name>.yaml, valid as written, with the "
        "optional fields as comments.",
    )
    entity.add_argument("name", help="the name as readers know it (in quotes)")
    entity.add_argument("--kind", required=True, choices=model.ENTITY_KINDS)
    entity.add_argument("--slug", help="the file name (default: from the name)")
    entity.set_defaults(handler=cmd_new_entity)


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return args.handler(args)
    except UserError as exc:
        print(f"timeline: error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        print("timeline: interrupted", file=sys.stderr)
        return 130
