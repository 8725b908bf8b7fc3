"""Which files under events/ and entities/ are records, and a diagnostic for every other one.

A file that is not read as a record is never published, so nothing may sit
in those folders unnoticed: `x.YAML`, `x.json`, `x.yaml ` with a trailing
space, a hidden `.drafts/` folder or a folder named `x.yaml` would otherwise
pass `timeline validate` while the record never appears. Every entry is a
record file (its name ends in `.yaml`), one of the few files a repository
keeps in any folder (`ALLOWED_FILES`), or reported here with its path: an
error, except for an editor's temporary files (`.x.yaml.swp`, `x.yaml~`),
which come and go while a record is open and only get a warning, so that
`timeline serve` keeps rebuilding while someone edits.

The walk never opens what it finds and never follows a symbolic link: one
`scandir` per folder tells regular files, folders and links apart, so a FIFO
or a socket is reported, not read (reading a FIFO waits forever). It keeps a
stack instead of recursing, so folders nested thousands deep cannot exhaust
Python's recursion limit. Names that are not valid UTF-8 are reported with
the bytes escaped (`caf\\xe9.yaml`) and go no further, so that no later stage
(the record cache, the terminal) is handed text that cannot be encoded.
"""

from __future__ import annotations

import os
import re
import stat
from pathlib import Path

from generator.diagnostics import Diagnostic, error, warning

RECORD_SUFFIX = ".yaml"
# what a repository keeps in a folder besides its content: a note, or the file that
# makes git keep an empty folder
ALLOWED_FILES = frozenset({"README.md", ".gitkeep"})
# temporary files of editors: vim's swap files, emacs' auto-save and lock files, backups
_EDITOR_FILE = re.compile(r"^\..*\.sw[a-p]$|^#.*#$|^\.#|~$")
# a name that was meant to be a record's: 'x.YAML', 'x.yml', 'x.yaml ', 'x.yaml.txt'
_NEARLY_RECORD = re.compile(r"^(?P<stem>.+?)\.(?P<extension>ya?ml)(?P<rest>.*)$", re.IGNORECASE)


def shown_path(relative: str) -> str:
    """A path as text that can always be printed: bytes that are not UTF-8 as \\xNN."""
    return os.fsencode(relative).decode("utf-8", "backslashreplace")


def _is_utf8(name: str) -> bool:
    # os.scandir hands back bytes that are not UTF-8 as lone surrogates (surrogateescape)
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _rename_advice(name: str) -> str | None:
    """How to rename a file whose name is nearly a record's, or None if it is not."""
    match = _NEARLY_RECORD.match(name)
    if match is None:
        return None
    wanted = match["stem"] + RECORD_SUFFIX
    rest = match["rest"]
    if rest and not rest.strip(" .\t"):
        return (
            f"the name ends in {rest!r} after '.{match['extension']}', which most file lists "
            f"do not show, so it is not read as a record; rename it to '{wanted}'"
        )
    if rest:
        return (
            f"the name ends in '{rest}' after '.{match['extension']}', so it is not read as a "
            f"record; rename it to '{wanted}', or delete it if it is a copy"
        )
    lowercase = "" if match["extension"] == "yml" else ", in lowercase"
    return f"record files end in '{RECORD_SUFFIX}'{lowercase}; rename it to '{wanted}'"


class _Walk:
    """One folder of records, walked once: the record files found, and the diagnostics."""

    def __init__(
        self, root: Path, folder: str, nested: bool, own_folders: frozenset[str] = frozenset()
    ) -> None:
        self.root = root
        self.folder = folder
        self.nested = nested  # events/ has year folders; entities/ holds files only
        # subfolders that hold records of another kind, walked on their own
        self.own_folders = own_folders
        self.files: list[Path] = []
        self.diagnostics: list[Diagnostic] = []

    def report(self, relative: str, code: str, message: str) -> None:
        self.diagnostics.append(error(shown_path(relative), 1, 1, code, message))

    def run(self) -> None:
        try:
            mode = os.lstat(self.root / self.folder).st_mode
        except FileNotFoundError:
            return
        except OSError as exc:
            self.report(self.folder, "unreadable", f"cannot read the folder: {exc.strerror}")
            return
        if stat.S_ISLNK(mode):
            self.report(self.folder, "symlink", f"'{self.folder}/' may not be a symbolic link")
            return
        if not stat.S_ISDIR(mode):
            kind = "event" if self.nested else "entity"
            self.report(
                self.folder,
                "not-a-record",
                f"'{self.folder}' must be the folder of the {kind} records, but it is a file; "
                "remove it and make a folder",
            )
            return
        # depth first and in name order, as os.walk(topdown=True) with sorted names
        pending = [self.folder]
        while pending:
            pending.extend(reversed(self.visit(pending.pop())))

    def visit(self, relative: str) -> list[str]:
        """Sort the entries of one folder into records and reports; its subfolders to visit."""
        try:
            with os.scandir(self.root / relative) as scan:
                entries = sorted(scan, key=lambda entry: entry.name)
        except OSError as exc:
            self.report(relative, "unreadable", f"cannot read the folder: {exc.strerror}")
            return []
        folders = []
        for entry in entries:
            path = f"{relative}/{entry.name}"
            if not _is_utf8(entry.name):
                self.report(
                    path,
                    "file-name-not-utf8",
                    "the name is not valid UTF-8 (each byte that is not is shown as \\xNN), "
                    "so it can be neither an id nor a web address; rename it",
                )
            elif entry.is_dir(follow_symlinks=False):
                if self._walks_into(entry.name, path):
                    folders.append(path)
            elif _EDITOR_FILE.search(entry.name):
                self.diagnostics.append(
                    warning(
                        shown_path(path),
                        1,
                        1,
                        "editor-file",
                        "an editor's temporary file, which it removes when the record is "
                        "closed; never commit it",
                    )
                )
            elif entry.is_symlink():
                self._symlink(entry, path)
            elif entry.is_file(follow_symlinks=False):
                self._file(entry, path)
            else:
                self.report(
                    path,
                    "not-a-file",
                    "this is a special file (a pipe, a socket or a device), not a record; "
                    "remove it",
                )
        return folders

    def _symlink(self, entry: os.DirEntry, path: str) -> None:
        if entry.name.endswith(RECORD_SUFFIX):
            self.files.append(Path(entry.path))  # the loader refuses it, with its own message
        elif entry.is_dir():
            self.report(path, "symlink", "folders of records may not be symbolic links")
        else:
            self.report(
                path, "symlink", "folders of records may not hold symbolic links; remove it"
            )

    def _walks_into(self, name: str, path: str) -> bool:
        """Whether a subfolder holds records; reported if it never can, or looks like one."""
        if name in self.own_folders:
            return False
        if not self.nested:
            self.report(
                path,
                "not-a-record",
                f"entity records sit directly in '{self.folder}/', never in a folder, so "
                f"nothing in '{name}/' is read; move its files up into '{self.folder}/'",
            )
            return False
        if name.startswith("."):
            self.report(
                path,
                "not-a-record",
                f"'{name}/' is a hidden folder, so nothing in it is read or published; "
                "move its records into a year folder, or out of the repository",
            )
            return False
        if _NEARLY_RECORD.match(name):
            self.report(
                path,
                "not-a-record",
                f"'{name}' is named like a record file but is a folder; rename it",
            )
        return True

    def _file(self, entry: os.DirEntry, path: str) -> None:
        name = entry.name
        if name.endswith(RECORD_SUFFIX):
            self.files.append(Path(entry.path))
        elif name in ALLOWED_FILES:
            pass
        elif advice := _rename_advice(name):
            self.report(path, "wrong-extension", advice)
        else:
            allowed = " and ".join(sorted(ALLOWED_FILES))
            self.report(
                path,
                "not-a-record",
                f"records are YAML files whose names end in '{RECORD_SUFFIX}', so this file "
                f"is never read or published; rename it, or move it out of '{self.folder}/' "
                f"(only {allowed} may sit beside the records)",
            )


def find_record_files(
    root: Path,
    folder: str,
    diagnostics: list[Diagnostic],
    *,
    nested: bool,
    own_folders: frozenset[str] = frozenset(),
) -> list[Path]:
    """The record files under root/folder, in walk order; a diagnostic for everything else.

    `own_folders` names the subfolders that hold another kind of record (entities/topics/),
    which the caller walks on its own."""
    walk = _Walk(root, folder, nested, own_folders)
    walk.run()
    diagnostics.extend(walk.diagnostics)
    return walk.files
