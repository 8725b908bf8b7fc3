"""What each `timeline` command does, once its arguments are parsed (generator.cli.parser).

A command returns True when it did what it was asked, False when it has
already said why it could not (invalid records, a failed build), and raises
UserError for every other user-caused failure; generator.cli turns these into
the exit code. Each command imports what only it needs when it runs: every
command is a new process, `timeline validate` need not load the templates of
`new`, the exports or the build, and `timeline build` with nothing to do
need load nothing but the check (generator.site.nochange).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from generator.diagnostics import FORMATTERS, UserError, count, format_text, has_errors, plural
from generator.layout import ENTITIES_DIR, EVENTS_DIR


def _project_root(args: argparse.Namespace) -> Path:
    root = Path(args.project).resolve()
    if not ((root / EVENTS_DIR).is_dir() or (root / ENTITIES_DIR).is_dir()):
        raise UserError(
            f"{root} is not a timeline project (it has no 'events/' or "
            "'entities/' folder); run the command from the project root or pass -C DIR"
        )
    return root


def validate(args: argparse.Namespace) -> bool:
    from generator.cli import focus
    from generator.records.project import load_project
    from generator.site import integrity
    from generator.site.collector import collector_paused

    root = _project_root(args)
    with collector_paused():
        _, diagnostics = load_project(root)
    # what the build would refuse: files committed in the generated folders, links, FIFOs
    diagnostics += integrity.site_problems(root)
    github = args.format == "github"
    diagnostics = focus.shown(root, diagnostics, args.paths, args.changed_since, github)
    if args.strict:
        diagnostics = [d.as_error() for d in diagnostics]
    sys.stdout.write(FORMATTERS[args.format](diagnostics))
    counts = count(diagnostics)
    if args.format == "text":
        errors, warnings = counts.errors, counts.warnings
        summary = f"{plural(errors, 'error')}, {plural(warnings, 'warning')}"
        print(("invalid: " if errors else "valid: ") + summary, file=sys.stderr)
    return counts.errors == 0


def export(args: argparse.Namespace) -> bool:
    from generator import exports
    from generator.atomic import write_atomically
    from generator.records.project import load_project
    from generator.settings import read_site_config
    from generator.site.collector import collector_paused
    from generator.site.history import read_history, record_paths

    root = _project_root(args)
    with collector_paused():
        dataset, diagnostics = load_project(root)
    if has_errors(diagnostics):
        sys.stderr.write(format_text(diagnostics))
        print("export refused: fix the errors above first", file=sys.stderr)
        return False
    when = exports.build_time()
    # the dates of changes, as the site has them (events.json, quietly null without a history)
    dataset.history = read_history(root, record_paths(dataset), when)
    data = exports.FORMATS[args.format](dataset, read_site_config(root), when).encode("utf-8")
    if args.output is None:
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
        return True
    try:
        # the one file asked for, which no later build makes again: synced to the disk
        write_atomically(Path(args.output), data, durable=True)
    except OSError as exc:
        raise UserError(f"cannot write {args.output}: {exc.strerror or exc}") from None
    return True


def print_schema(args: argparse.Namespace) -> bool:
    from generator.records import schema

    print(json.dumps(schema.json_schema(args.record), indent=2, ensure_ascii=False))
    return True


def new_event(args: argparse.Namespace) -> bool:
    from generator.cli import new as scaffold

    root = _project_root(args)
    if args.from_issue is not None:
        return _new_event_from_issue(root, args.from_issue)
    new = scaffold.NewEvent(args.title, args.date, args.actor, args.place, args.tag, args.slug)
    file, notes = scaffold.write_event(root, new)
    for note in notes:
        print(note, file=sys.stderr)
    print("next: replace every REPLACE-ME, then run: timeline validate", file=sys.stderr)
    print(file.relative_to(root).as_posix())
    return True


def _new_event_from_issue(root: Path, issue: Path) -> bool:
    from generator.cli import from_issue

    file, found = from_issue.write_from_issue(root, issue)
    relative = file.relative_to(root).as_posix()
    problems = from_issue.check_written(root, file)
    sys.stderr.write(format_text(problems))
    questions = len(found.questions)
    print(
        f"{relative}: {'invalid' if has_errors(problems) else 'valid'}, "
        f"{plural(questions, 'question')} for the maintainer in its comments",
        file=sys.stderr,
    )
    print(relative)
    return not has_errors(problems)


def new_entity(args: argparse.Namespace) -> bool:
    from generator.cli import new as scaffold

    root = _project_root(args)
    file = scaffold.write_entity(root, args.name, args.kind, args.slug)
    for other in scaffold.same_name(root, args.name.strip(), file.stem):
        print(
            f"note: entities/{other}.yaml has the same name or alias; if it is the same "
            f"{args.kind}, delete the new file and use the id '{other}'",
            file=sys.stderr,
        )
    print(file.relative_to(root).as_posix())
    return True


def new_topic(args: argparse.Namespace) -> bool:
    from generator.cli import new_catalogue

    root = _project_root(args)
    file, notes = new_catalogue.write_topic(root, args.name, args.slug)
    for note in notes:
        print(note, file=sys.stderr)
    print(file.relative_to(root).as_posix())
    return True


def new_period(args: argparse.Namespace) -> bool:
    from generator.cli import new_catalogue

    root = _project_root(args)
    file = new_catalogue.write_period(root, args.name, args.start, args.end, args.slug)
    print(file.relative_to(root).as_posix())
    return True


def list_changes(args: argparse.Namespace) -> bool:
    from generator.cli import changes

    root = _project_root(args)
    found = changes.find_changes(root, args.since)
    committed = changes.committed_build_files(root)
    sys.stdout.write(changes.FORMATS[args.format](found, args.since, committed))
    if not args.check:
        return True
    lost = changes.lost_addresses(root, found)
    sys.stderr.write(format_text(lost))
    return not lost


def build(args: argparse.Namespace) -> bool:
    from generator.site import nochange

    root = _project_root(args)
    # nothing changed: said before the build and its imports are loaded (generator.site.nochange)
    done = None if args.clean else nochange.check(root, args.strict)
    if done is not None:
        print(done, file=sys.stderr)
        return True
    from generator.site.build import build_site
    from generator.site.result import describe

    result = build_site(root, strict=args.strict, clean=args.clean, stamps_checked=True)
    if result.ok:
        print(describe(result), file=sys.stderr)
    return result.ok


def serve(args: argparse.Namespace) -> bool:
    from generator.site.serve import serve

    serve(_project_root(args), args.port, strict=args.strict)
    return True
