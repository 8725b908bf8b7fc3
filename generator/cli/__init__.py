"""The `timeline` command line: `main`, the console script, and its exit codes.

- 0: the command did what it was asked;
- 1: anything the user can fix: invalid records or settings, a file that
  cannot be written, a port in use, git missing, a build that failed;
- 2: the command line itself is wrong (argparse: an unknown command or
  option, a missing argument, a value not among the choices);
- 130: interrupted (Ctrl-C).

User mistakes end with a message and exit 1, never a traceback, all printed by
`main` (generator.diagnostics.format_user_error); anything else is a bug and
shows its traceback.
"""

from __future__ import annotations

import sys

from generator.cli.parser import build_parser
from generator.diagnostics import UserError, format_user_error

EXIT_OK, EXIT_FAILED, EXIT_USAGE, EXIT_INTERRUPTED = 0, 1, 2, 130

__all__ = ["EXIT_FAILED", "EXIT_INTERRUPTED", "EXIT_OK", "EXIT_USAGE", "build_parser", "main"]


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)  # exits EXIT_USAGE on a bad command line
    usage_problem = getattr(args, "usage_problem", None)
    if usage_problem is not None and (problem := usage_problem(args)):
        parser.exit(EXIT_USAGE, f"timeline: error: {problem}\n")
    try:
        return EXIT_OK if args.handler(args) else EXIT_FAILED
    except UserError as exc:
        sys.stderr.write(format_user_error(exc))
        return EXIT_FAILED
    except KeyboardInterrupt:
        print("timeline: interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED
