"""`timeline changes`: which records a branch added, changed or removed: events,
entities, and the topic and period records that describe the timeline itself.

It compares the records as they are now (the working tree, so uncommitted
and untracked files count) with the records at the point where the current
branch left REV (`git merge-base REV HEAD`): the changes GitHub lists under
a pull request's "Files changed", plus any not yet committed. Reviewers read
it as Markdown in a pull request's job summary; tools read the JSON.

It also lists the files git tracks where only the build writes (the generated
folders of site_src/, site/, `.site-*`, `.cache/`): they are git-ignored, so
only `git add -f` puts them in a pull request, and the build refuses or
ignores them (generator.site.manifest, generator.site.folders).
"""

from __future__ import annotations

import json
import subprocess
from dataclasses import asdict, dataclass, field
from pathlib import Path

from generator.diagnostics import Diagnostic, UserError, error, plural
from generator.layout import GENERATED_ROOTS, address_of, tag_address, year_path
from generator.records.cache import CACHE_DIR
from generator.records.dates import DateError, parse_bound
from generator.records.load import ENTITIES_DIR, EVENTS_DIR, PERIODS_DIR, RECORD_SUFFIX, TOPICS_DIR
from generator.records.model import PLACE_KINDS
from generator.records.yamltree import MAX_FILE_BYTES, parse_yaml, to_plain
from generator.settings import read_site_config
from generator.site.folders import STAGING_PREFIX
from generator.site.manifest import MANIFEST

CHANGE_ORDER = ("added", "changed", "renamed", "removed")
RECORD_ORDER = ("event", "entity", "topic", "period")
# the folders of records that are not events (events may sit in any folder under events/)
_FOLDERS = {ENTITIES_DIR: "entity", TOPICS_DIR: "topic", PERIODS_DIR: "period"}


@dataclass
class RecordChange:
    change: str  # added | changed | renamed | removed
    record: str  # event | entity | topic | period
    id: str  # a topic's id is its tag
    path: str
    title: str | None = None  # an event's title, or the name of any other record
    date: str | None = None  # an event's date, or a period's dates, as written
    kind: str | None = None  # an entity's kind
    fields: list[str] = field(default_factory=list)  # top-level keys whose values changed
    old_id: str | None = None
    old_path: str | None = None
    page: str | None = None  # the page on the built site, relative to its root


# ---------------------------------------------------------------- git


def _git(root: Path, *args: str) -> subprocess.CompletedProcess:
    try:
        return subprocess.run(["git", *args], cwd=root, capture_output=True, check=False)
    except FileNotFoundError:
        raise UserError("git is not installed; `timeline changes` compares git revisions") from None


def _git_text(root: Path, *args: str) -> str:
    result = _git(root, *args)
    if result.returncode != 0:
        message = result.stderr.decode("utf-8", "replace").strip()
        raise UserError(f"git {args[0]} failed: {message}")
    return result.stdout.decode("utf-8", "surrogateescape")


def merge_base(root: Path, rev: str) -> str:
    """The commit where HEAD's history left REV's, or a UserError saying what is missing."""
    if rev.startswith("-"):
        raise UserError(f"'{rev}' is not a revision; give a branch, tag or commit")
    if _git(root, "rev-parse", "--is-inside-work-tree").returncode != 0:
        raise UserError(
            f"{root} is not in a git repository; `timeline changes` compares git revisions"
        )
    if _git(root, "rev-parse", "--verify", "--quiet", "HEAD^{commit}").returncode != 0:
        raise UserError("the repository has no commits yet; commit the records first")
    found = _git(root, "rev-parse", "--verify", "--quiet", f"{rev}^{{commit}}")
    if found.returncode != 0:
        raise UserError(
            f"unknown revision '{rev}'; give a branch, tag or commit of this repository "
            "(a shallow clone may lack it: fetch the history with 'git fetch --unshallow', "
            "or 'fetch-depth: 0' in GitHub Actions)"
        )
    base = _git(root, "merge-base", rev, "HEAD")
    if base.returncode != 0:
        raise UserError(
            f"'{rev}' and HEAD share no history (a shallow clone may lack it: fetch the "
            "history with 'git fetch --unshallow', or 'fetch-depth: 0' in GitHub Actions)"
        )
    return base.stdout.decode("ascii").strip()


def _is_record(path: str) -> str | None:
    if not path.endswith(RECORD_SUFFIX):
        return None
    if path.startswith(EVENTS_DIR + "/"):
        return "event"
    return _FOLDERS.get(path.rpartition("/")[0])  # not a file in a folder below those


def changed_paths(root: Path, base: str) -> list[tuple[str, str, str | None]]:
    """(status letter, path, old path) of every record file that differs from `base`."""
    # -z: paths exactly as stored, whatever characters they hold; --relative: paths from
    # the project root, which may sit below the repository's root
    out = _git_text(
        root, "diff", "--name-status", "-z", "-M", "--relative", base, "--", EVENTS_DIR,
        ENTITIES_DIR,
    )  # fmt: skip
    parts = out.split("\0")
    found: list[tuple[str, str, str | None]] = []
    index = 0
    while index < len(parts) - 1:
        status = parts[index]
        if status.startswith(("R", "C")):
            old, new = parts[index + 1], parts[index + 2]
            found.append(("R" if status[0] == "R" else "A", new, old if status[0] == "R" else None))
            index += 3
        else:
            found.append((status[:1], parts[index + 1], None))
            index += 2
    untracked = _git_text(
        root, "ls-files", "-z", "--others", "--exclude-standard", "--", EVENTS_DIR, ENTITIES_DIR
    )
    found += [("A", path, None) for path in untracked.split("\0") if path]
    return found


def _read_at(root: Path, base: str, path: str) -> bytes | None:
    result = _git(root, "cat-file", "blob", f"{base}:./{path}")
    return result.stdout if result.returncode == 0 else None


def _read_now(root: Path, path: str) -> bytes | None:
    file = root / path
    try:
        if file.is_symlink() or file.stat().st_size > MAX_FILE_BYTES:
            return None
        return file.read_bytes()
    except OSError:
        return None


# ---------------------------------------------------------------- records


def _fields(data: bytes | None, path: str) -> dict[str, object]:
    if data is None or len(data) > MAX_FILE_BYTES:
        return {}
    root, _ = parse_yaml(data, path)  # a broken file is for `timeline validate` to report
    plain = to_plain(root)
    return plain if isinstance(plain, dict) else {}


def _text(value: object) -> str | None:
    return value.strip() if isinstance(value, str) and value.strip() else None


def _period_page(start: str | None) -> str | None:
    """The year page where a period's band begins."""
    try:
        return address_of(year_path(parse_bound(start or "").earliest.year))
    except DateError:
        return None  # a broken date is for `timeline validate` to report


def _describe(change: RecordChange, values: dict[str, object]) -> None:
    change.title = _text(values.get("title" if change.record == "event" else "name"))
    if change.record == "event":
        change.date = _text(values.get("date"))
    elif change.record == "entity":
        change.kind = _text(values.get("kind"))
    elif change.record == "period":
        start, end = (_text(str(values.get(k) or "")) for k in ("start", "end"))
        change.date = f"{start or '?'} to {end or 'ongoing'}"
    if change.change == "removed":
        return
    if change.record == "event":
        change.page = f"events/{change.id}/"
    elif change.record == "entity":
        change.page = f"{'places' if change.kind in PLACE_KINDS else 'actors'}/{change.id}/"
    elif change.record == "topic":
        change.page = tag_address(change.id)
    else:
        change.page = _period_page(_text(str(values.get("start") or "")))


def _record_id(path: str) -> str:
    return path.rsplit("/", 1)[-1][: -len(RECORD_SUFFIX)]


def find_changes(root: Path, rev: str) -> list[RecordChange]:
    base = merge_base(root, rev)
    changes = []
    for status, path, old_path in changed_paths(root, base):
        record = _is_record(path)
        if record is None:
            continue
        if old_path is not None and _is_record(old_path) is None:
            status, old_path = "A", None
        if old_path is not None and _is_record(old_path) != record:
            # moved between kinds of record (events/, entities/, ...): one gone, one new
            changes.append(_change(root, base, "D", old_path, None, _is_record(old_path)))
            old_path = None
            status = "A"
        changes.append(_change(root, base, status, path, old_path, record))
    changes.sort(key=lambda c: (RECORD_ORDER.index(c.record), CHANGE_ORDER.index(c.change), c.id))
    return changes


def _change(
    root: Path, base: str, status: str, path: str, old_path: str | None, record: str | None
) -> RecordChange:
    kind = {"A": "added", "D": "removed", "R": "renamed"}.get(status, "changed")
    change = RecordChange(kind, record or "event", _record_id(path), path)
    before = {} if kind == "added" else _fields(_read_at(root, base, old_path or path), path)
    after = {} if kind == "removed" else _fields(_read_now(root, path), path)
    _describe(change, before if kind == "removed" else after)
    if kind in ("changed", "renamed"):
        change.fields = [k for k in {**before, **after} if before.get(k) != after.get(k)]
    if kind == "renamed":
        change.old_path = old_path
        change.old_id = _record_id(old_path)
    return change


# ---------------------------------------------------------------- addresses kept


def lost_addresses(root: Path, changes: list[RecordChange]) -> list[Diagnostic]:
    """Events that were published at the base (so readers may have their address) and
    that this branch renamed or removed with no event listing the old id in `aliases`.

    An old id was an event's id at the base, so no event could carry it as an alias
    then: the alias that keeps its address is in a file this branch added or changed.
    """
    kept: set[str] = set()
    for change in changes:
        if change.record == "event" and change.change != "removed":
            aliases = _fields(_read_now(root, change.path), change.path).get("aliases")
            kept.update(a for a in aliases or () if isinstance(a, str))
    found = []
    for change in changes:
        if change.record != "event" or change.change not in ("renamed", "removed"):
            continue
        old_id = change.old_id if change.change == "renamed" else change.id
        if old_id == change.id and change.change == "renamed":
            continue  # moved to another folder: the address is the same
        if old_id in kept:
            continue
        if change.change == "renamed":
            advice = (
                f"the published event '{old_id}' was renamed to '{change.id}', which breaks "
                f"its address; add 'aliases: [{old_id}]' to {change.path} so that the old "
                "address redirects to the new one"
            )
        else:
            advice = (
                f"the published event '{old_id}' was removed, which breaks its address; if "
                f"another event now tells it, add '{old_id}' to that event's 'aliases'"
            )
        found.append(error(change.path, 1, 1, "address-lost", advice))
    return found


# ---------------------------------------------------------------- output


def format_json(changes: list[RecordChange], rev: str, committed: list[str] | None = None) -> str:
    payload: dict = {"since": rev, "changes": [asdict(c) for c in changes]}
    if committed:
        payload["generated_files"] = list(committed)  # see committed_build_files
    return json.dumps(payload, indent=2, ensure_ascii=False) + "\n"


_MARKDOWN_SPECIAL = str.maketrans({c: "\\" + c for c in "\\`*_[]<>|~#!&"})


def _md(text: str | None) -> str:
    """Contributor text made inert in a Markdown table cell."""
    return (text or "").replace("\n", " ").translate(_MARKDOWN_SPECIAL)


def _count(changes: list[RecordChange], record: str) -> str:
    mine = [c for c in changes if c.record == record]
    parts = [
        f"{sum(c.change == kind for c in mine)} {kind}"
        for kind in CHANGE_ORDER
        if any(c.change == kind for c in mine)
    ]
    counted = plural(len(mine), record, "entities" if record == "entity" else None)
    return f"{counted} ({', '.join(parts)})"


def _code(text: str) -> str:
    """A code span that stays one table cell, whatever the text holds."""
    return "`" + text.replace("`", "'").replace("|", "\\|").replace("\n", " ") + "`"


def _what(change: RecordChange) -> str:
    text = change.change
    if change.change == "renamed" and change.old_id == change.id:
        text = f"moved from {_code(change.old_path or '')}"
    elif change.change == "renamed":
        text += f" from {_code(change.old_id or '')}"
    if change.fields:
        text += ": " + ", ".join(_md(name) for name in change.fields)
    return text


_TABLES = (
    ("event", "Events", "date", "date"),
    ("entity", "Entities", "kind", "kind"),
    ("topic", "Topics", "tag", "id"),
    ("period", "Periods", "dates", "date"),
)


def format_markdown(
    changes: list[RecordChange], rev: str, committed: list[str] | None = None
) -> str:
    lines = [f"## Timeline records changed since {_code(rev)}", ""]
    if not changes:
        lines += ["No record changed.", ""]
        return "\n".join([*lines, *_committed_section(committed)])
    records = [r for r in RECORD_ORDER if any(c.record == r for c in changes)]
    counts = [_count(changes, r) for r in records]
    lines += [", ".join(counts[:-1]) + " and " * (len(counts) > 1) + counts[-1] + ".", ""]
    # events show their date, entities their kind, topics their tag, periods their dates
    for record, heading, column, attribute in _TABLES:
        rows = [c for c in changes if c.record == record]
        if not rows:
            continue
        name = "title" if record == "event" else "name"
        header = f"| change | {column} | {name} | page |"
        lines += [f"### {heading}", "", header, "|---|---|---|---|"]
        for c in rows:
            label = f"~~{_md(c.title)}~~" if c.change == "removed" else _md(c.title)
            page = _code(f"/{c.page}") if c.page else f"none (id {_code(c.id)})"
            lines.append(f"| {_what(c)} | {_md(getattr(c, attribute))} | {label} | {page} |")
        lines.append("")
    lines += [
        "Pages are paths in the built site: download the `site` artifact of this run "
        "and open them from its folder.",
        "",
    ]
    return "\n".join([*lines, *_committed_section(committed)])


# ---------------------------------------------------------------- committed build output


def _build_pathspecs(root: Path) -> list[str]:
    config = read_site_config(root)
    generated = [f"{config.docs_dir}/{name}" for name in (*GENERATED_ROOTS, MANIFEST)]
    # git's pathspecs match `*` across folders: `.site-*` takes the files inside
    return [*generated, config.site_dir, f"{STAGING_PREFIX}*", CACHE_DIR]


def committed_build_files(root: Path) -> list[str]:
    """Files git tracks in the build's output (the generated folders, site/, .cache/, ...)."""
    try:
        pathspecs = _build_pathspecs(root)
    except UserError:
        return []  # a broken mkdocs.yml is for `timeline build` to report
    out = _git_text(root, "ls-files", "-z", "--", *pathspecs)
    return sorted(
        path.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
        for path in out.split("\0")
        if path
    )


def _committed_section(committed: list[str] | None) -> list[str]:
    if not committed:
        return []
    lines = [
        "### Files in generated folders",
        "",
        f"{plural(len(committed), 'committed file')} where only the build "
        "writes (git ignores these paths, so they were added with `git add -f`). "
        "`timeline build` refuses those in the generated folders and never uses the "
        "others; remove them all from the pull request with `git rm --cached`:",
        "",
    ]
    return [*lines, *(f"- {_code(path)}" for path in committed), ""]


FORMATS = {"markdown": format_markdown, "json": format_json}
