"""The `timeline` command line.

User mistakes (bad records, bad arguments) end with a message and a non-zero
exit code, never a traceback; anything else is a bug and shows its traceback.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from generator import schema
from generator.diagnostics import FORMATTERS, Severity, UserError
from generator.project import is_project, load_project

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
    _, diagnostics = load_project(root)
    if args.strict:
        diagnostics = [d.as_error() for d in diagnostics]
    sys.stdout.write(FORMATTERS[args.format](diagnostics))
    errors = sum(d.severity is Severity.ERROR for d in diagnostics)
    if args.format == "text":
        warnings = len(diagnostics) - errors
        summary = f"{errors} error{'s' * (errors != 1)}, {warnings} warning{'s' * (warnings != 1)}"
        print(("invalid: " if errors else "valid: ") + summary, file=sys.stderr)
    return EXIT_INVALID if errors else EXIT_OK


def cmd_schema(args: argparse.Namespace) -> int:
    print(json.dumps(schema.json_schema(args.record), indent=2, ensure_ascii=False))
    return EXIT_OK


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
    return parser


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
