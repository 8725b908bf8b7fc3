"""Hostile trees: what a pull request's checkout (or an unpacked archive) may hold besides records.

Git-ignored paths can be committed with `git add -f`, and a git tree holds
symbolic links; tar and other tools also leave FIFOs, sockets and odd names.
Each TreeCase arranges one such thing in a project that was built before
(its site/, .cache/ and generated pages in place) beside a sentinel folder,
and says what `timeline build` must do: the exit code, what it says, and, for
every case, that nothing outside the project changed and that nothing of the
sentinel's reached site/.
"""

from __future__ import annotations

import os
import shutil
import socket
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from generator.layout import GENERATED_ROOTS
from generator.version import generator_version
from tests.helpers import REPO, symlink, write_file

SENTINEL_LINE = "a private line beside the project"
EVENT_ID = "2025-01-01-baseline"
SCRIPT = "<script>alert(1)</script>\n"

# where the projects' mkdocs.yml (the repository's) writes docs_dir's value
DOCS_DIR_AT, SITE_DIR_AT = (
    next(
        f"mkdocs.yml:{number}:{len(setting) + 1}"
        for number, line in enumerate((REPO / "mkdocs.yml").read_text().splitlines(), 1)
        if line.startswith(setting)
    )
    for setting in ("docs_dir: ", "site_dir: ")
)


@dataclass(frozen=True)
class TreeCase:
    id: str
    arrange: Callable[[Path, Path], None]  # (project root, sentinel folder)
    code: int  # the exit code of `timeline build`
    says: tuple[str, ...] = ()  # in what the build prints
    fresh: bool = False  # a fresh checkout: no site/, .cache/ or generated pages
    # paths (from the project root) that must still be there afterwards, untouched
    kept: tuple[str, ...] = ()


def make_sentinel(folder: Path) -> Path:
    """A folder beside the project, with files and folders that must survive any build."""
    (folder / "sub" / "deeper").mkdir(parents=True)
    (folder / "private.md").write_text(f"# Private\n\n{SENTINEL_LINE}\n")
    (folder / "sub" / "notes.txt").write_text(SENTINEL_LINE + "\n")
    (folder / "sub" / "deeper" / "index.html").write_text(f"<p>{SENTINEL_LINE}</p>\n")
    return folder


def make_fresh(root: Path) -> None:
    """What a fresh clone of the project holds: no build output at all."""
    for name in ("site", ".cache"):
        shutil.rmtree(root / name, ignore_errors=True)
    docs = root / "site_src"
    for name in (*GENERATED_ROOTS, ".generated"):
        path = docs / name
        if path.is_dir() and not path.is_symlink():
            shutil.rmtree(path)
        else:
            path.unlink(missing_ok=True)


def _replace_with_folder(path: Path) -> None:
    path.unlink()
    path.mkdir()
    (path / "inside.md").write_text("# Inside\n")


def _replace_with_file(path: Path) -> None:
    shutil.rmtree(path)
    path.write_text("a file\n")


def _fifo(path: Path) -> None:
    path.unlink(missing_ok=True)
    os.mkfifo(path)


def _socket(path: Path) -> None:
    # made where its path is short (AF_UNIX allows about 100 bytes), then moved in place
    folder = tempfile.mkdtemp()  # the tests' own folders are under it, on one file system
    try:
        server = socket.socket(socket.AF_UNIX)
        server.bind(os.path.join(folder, "s"))
        server.close()  # the socket file stays
        os.rename(os.path.join(folder, "s"), path)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _all_pickles_to_dev_zero(root: Path) -> None:
    folder = root / ".cache" / "records" / generator_version()
    for number in range(64):
        (folder / f"{number:02d}.pickle").unlink(missing_ok=True)
        os.symlink("/dev/zero", folder / f"{number:02d}.pickle")


def _set_docs_dir(root: Path, value: str) -> None:
    config = root / "mkdocs.yml"
    config.write_text(config.read_text().replace("docs_dir: site_src", f"docs_dir: {value}"))


def _set_site_dir(root: Path, value: str) -> None:
    config = root / "mkdocs.yml"
    config.write_text(config.read_text().replace("site_dir: site\n", f"site_dir: {value}\n"))


def _shadow_pagefind(root: Path, sentinel: Path) -> None:
    # `python -m pagefind` run from the project folder would import this package
    code = f"open({str(sentinel / 'pwned')!r}, 'w').write('ran')\n"
    write_file(root, "pagefind/__init__.py", code)
    write_file(root, "pagefind/__main__.py", code)


def _old_site_from_checkout(root: Path, name: str) -> None:
    shutil.rmtree(root / "site")
    write_file(root, f"{name}/index.html", SCRIPT)
    write_file(root, "events/2025/2025-02-30-impossible.yaml", 'title: x\ndate: "2025-02-30"\n')


LINK_IN_CACHE = "a symbolic link where the build keeps its caches"

CASES = [
    # --- .cache/: links there would lead writes and deletions out of the project
    TreeCase(
        "cache-trash-links-to-the-parent-folder",
        lambda root, _: symlink(root, ".cache/trash", "../.."),
        1,
        (f".cache/trash:1:1: error: {LINK_IN_CACHE}", "delete it [cache-folder]"),
    ),
    TreeCase(
        "cache-trash-links-to-a-folder-outside",
        lambda root, sentinel: symlink(root, ".cache/trash", str(sentinel)),
        1,
        (f".cache/trash:1:1: error: {LINK_IN_CACHE}",),
    ),
    TreeCase(
        "cache-trash-link-in-a-fresh-checkout",
        lambda root, _: symlink(root, ".cache/trash", "../.."),
        1,
        (f".cache/trash:1:1: error: {LINK_IN_CACHE}",),
        fresh=True,
    ),
    TreeCase(
        "cache-is-a-link",
        lambda root, sentinel: (
            shutil.rmtree(root / ".cache"),
            symlink(root, ".cache", str(sentinel)),
        ),
        1,
        (f".cache:1:1: error: {LINK_IN_CACHE}",),
    ),
    TreeCase(
        "cache-records-is-a-link",
        lambda root, sentinel: (
            shutil.rmtree(root / ".cache" / "records"),
            symlink(root, ".cache/records", str(sentinel)),
        ),
        1,
        (f".cache/records:1:1: error: {LINK_IN_CACHE}",),
    ),
    TreeCase(
        "cache-is-a-file",
        lambda root, _: (shutil.rmtree(root / ".cache"), write_file(root, ".cache", "x\n")),
        1,
        (".cache:1:1: error: a file where the build keeps its caches",),
    ),
    TreeCase(
        "cache-version-folder-is-a-link",
        lambda root, sentinel: (
            shutil.rmtree(root / ".cache" / "records" / generator_version()),
            symlink(root, f".cache/records/{generator_version()}", str(sentinel)),
        ),
        0,
    ),
    TreeCase(
        "cache-pickles-link-to-dev-zero",
        lambda root, _: _all_pickles_to_dev_zero(root),
        0,
    ),
    TreeCase(
        "cache-state-links-to-a-file-outside",
        lambda root, sentinel: (
            (root / ".cache" / "site-state.json").unlink(),
            symlink(root, ".cache/site-state.json", str(sentinel / "private.md")),
        ),
        0,
    ),
    # --- site/ and the build's folders: a checkout's are never put back or deleted
    TreeCase(
        "site-links-to-a-folder-outside",
        lambda root, sentinel: (shutil.rmtree(root / "site"), symlink(root, "site", str(sentinel))),
        0,
    ),
    TreeCase(
        "site-is-a-file",
        lambda root, _: (shutil.rmtree(root / "site"), write_file(root, "site", "x\n")),
        0,
    ),
    TreeCase(
        "old-site-from-a-checkout-with-an-invalid-record",
        lambda root, _: _old_site_from_checkout(root, ".site-old-evil"),
        1,
        ("left .site-old-evil alone: no build on this machine made it",),
        kept=(".site-old-evil/index.html",),
    ),
    TreeCase(
        "old-site-with-a-forged-token",
        lambda root, _: _old_site_from_checkout(root, ".site-old-999999999-" + "0" * 32),
        1,
        ("left .site-old-999999999-" + "0" * 32 + " alone",),
        kept=(".site-old-999999999-" + "0" * 32 + "/index.html",),
    ),
    TreeCase(
        "staging-folder-from-a-checkout",
        lambda root, _: write_file(root, ".site-999999999-dead/index.html", SCRIPT),
        0,
        ("left .site-999999999-dead alone",),
        kept=(".site-999999999-dead/index.html",),
    ),
    TreeCase(
        "staging-folder-links-outside",
        lambda root, sentinel: symlink(root, ".site-999999999-x", str(sentinel)),
        0,
        ("left .site-999999999-x alone",),
    ),
    TreeCase(
        "trash-holds-a-folder-from-a-checkout",
        lambda root, _: write_file(root, ".cache/trash/1-2/keep.txt", "kept\n"),
        0,
        kept=(".cache/trash/1-2/keep.txt",),
    ),
    # --- the generated folders of site_src/: only what this machine's builds wrote
    TreeCase(
        "file-committed-in-a-generated-folder",
        lambda root, _: write_file(root, "site_src/events/zz-extra.md", SCRIPT),
        1,
        (
            "site_src/events/zz-extra.md:1:1: error: no build on this machine wrote this file",
            "[generated-file]",
            "1 error in site_src/'s generated folders; nothing was generated or built",
        ),
        fresh=True,
    ),
    TreeCase(
        "file-committed-with-a-manifest-of-its-own",
        lambda root, _: (
            write_file(root, "site_src/events/zz-extra.md", SCRIPT),
            write_file(root, "site_src/.generated", "events/zz-extra.md\n"),
        ),
        1,
        ("site_src/events/zz-extra.md:1:1: error: no build on this machine wrote this file",),
        fresh=True,
    ),
    TreeCase(
        "page-committed-where-a-generated-page-goes",
        lambda root, _: write_file(root, f"site_src/events/{EVENT_ID}.md", SCRIPT),
        1,
        (f"site_src/events/{EVENT_ID}.md:1:1: error: no build on this machine wrote this file",),
        fresh=True,
    ),
    TreeCase(
        "file-added-to-a-generated-folder-after-a-build",
        lambda root, _: write_file(root, "site_src/tags/zz-extra.md", SCRIPT),
        1,
        ("site_src/tags/zz-extra.md:1:1: error: no build on this machine wrote this file",),
    ),
    TreeCase(
        "generated-page-edited-after-a-build",
        lambda root, _: write_file(root, f"site_src/events/{EVENT_ID}.md", SCRIPT),
        1,
        (
            f"site_src/events/{EVENT_ID}.md:1:1: error: this file was changed after the "
            "generator wrote it",
        ),
    ),
    TreeCase(
        "home-page-is-a-folder",
        lambda root, _: _replace_with_folder(root / "site_src" / "index.md"),
        1,
        (
            "site_src/index.md:1:1: error: a folder where the generator writes the file "
            "index.md; delete or rename it",
        ),
    ),
    TreeCase(
        "event-page-is-a-folder",
        lambda root, _: _replace_with_folder(root / "site_src" / "events" / f"{EVENT_ID}.md"),
        1,
        (
            f"site_src/events/{EVENT_ID}.md:1:1: error: a folder where the generator writes "
            f"the page events/{EVENT_ID}.md",
        ),
    ),
    TreeCase(
        "manifest-is-a-folder",
        lambda root, _: _replace_with_folder(root / "site_src" / ".generated"),
        1,
        (
            "site_src/.generated:1:1: error: a folder where the generator keeps the list of "
            "the files it wrote",
        ),
    ),
    TreeCase(
        "manifest-links-to-a-file-outside",
        lambda root, sentinel: (
            (root / "site_src" / ".generated").unlink(),
            symlink(root, "site_src/.generated", str(sentinel / "private.md")),
        ),
        1,
        ("site_src/.generated:1:1: error: symbolic links are not allowed in 'site_src/'",),
    ),
    TreeCase(
        # the build deletes the pages it no longer generates: never through a link
        "generated-folder-links-outside",
        lambda root, sentinel: (
            shutil.rmtree(root / "site_src" / "tags"),
            symlink(root, "site_src/tags", str(sentinel)),
        ),
        1,
        ("site_src/tags:1:1: error: symbolic links are not allowed in 'site_src/'",),
    ),
    TreeCase(
        "tags-is-a-file",
        lambda root, _: _replace_with_file(root / "site_src" / "tags"),
        1,
        ("site_src/tags:1:1: error: a file where the generator writes the folder tags/",),
    ),
    TreeCase(
        "tags-is-a-file-in-a-fresh-checkout",
        lambda root, _: write_file(root, "site_src/tags", "a file\n"),
        1,
        ("site_src/tags:1:1: error: a file where the generator writes the folder tags/",),
        fresh=True,
    ),
    # --- hand-written pages that MkDocs would write where a generated page goes
    TreeCase(
        "page-at-the-address-of-a-generated-list",
        lambda root, _: write_file(root, "site_src/tags.md", f"# Topics\n\n{SCRIPT}"),
        1,
        (
            "site_src/tags.md:1:1: error: MkDocs would publish this page at /tags/, where the "
            "generator writes the pages of tags/; rename it [generated-address]",
        ),
    ),
    TreeCase(
        "readme-at-the-address-of-the-home-page",
        lambda root, _: write_file(root, "site_src/README.md", "# Read me\n"),
        1,
        ("site_src/README.md:1:1: error: MkDocs would publish this page at /, where",),
    ),
    # --- anything MkDocs would read forever, or could not read
    TreeCase(
        "fifo-in-site-src",
        lambda root, _: _fifo(root / "site_src" / "pipe.md"),
        1,
        ("site_src/pipe.md:1:1: error: a FIFO, not a file or a folder; delete it [not-a-file]",),
    ),
    TreeCase(
        "fifo-as-the-home-page-introduction",
        lambda root, _: _fifo(root / "site_src" / "_includes" / "home.md"),
        1,
        ("site_src/_includes/home.md:1:1: error: a FIFO, not a file or a folder",),
    ),
    TreeCase(
        "fifo-in-a-generated-folder",
        lambda root, _: _fifo(root / "site_src" / "events" / "pipe.md"),
        1,
        ("site_src/events/pipe.md:1:1: error: a FIFO, not a file or a folder",),
    ),
    TreeCase(
        "socket-in-site-src",
        lambda root, _: _socket(root / "site_src" / "assets" / "socket.css"),
        1,
        ("site_src/assets/socket.css:1:1: error: a socket, not a file or a folder",),
    ),
    TreeCase(
        "home-page-introduction-is-a-folder",
        lambda root, _: _replace_with_folder(root / "site_src" / "_includes" / "home.md"),
        1,
        (
            "site_src/_includes/home.md:1:1: error: a folder where the home page's "
            "introduction is read from",
        ),
    ),
    TreeCase(
        "file-name-not-utf8",
        lambda root, _: (root / "site_src" / os.fsdecode(b"caf\xe9.md")).write_text("# x\n"),
        1,
        ("site_src/caf\ufffd.md:1:1: error: this name is not valid UTF-8; rename it",),
    ),
    # --- mkdocs.yml and docs_dir
    TreeCase(
        "mkdocs-yml-is-a-folder",
        lambda root, _: _replace_with_folder(root / "mkdocs.yml"),
        1,
        ("mkdocs.yml:1:1: error: a folder, not a file [not-a-file]",),
    ),
    TreeCase(
        "mkdocs-yml-is-a-fifo",
        lambda root, _: _fifo(root / "mkdocs.yml"),
        1,
        ("mkdocs.yml:1:1: error: a FIFO, not a file [not-a-file]",),
    ),
    TreeCase(
        "mkdocs-yml-links-outside",
        lambda root, sentinel: (
            shutil.move(root / "mkdocs.yml", sentinel / "mkdocs.yml"),
            symlink(root, "mkdocs.yml", str(sentinel / "mkdocs.yml")),
        ),
        1,
        ("mkdocs.yml:1:1: error: a symbolic link, not a file [not-a-file]",),
    ),
    TreeCase(
        "docs-dir-outside-the-project",
        lambda root, _: _set_docs_dir(root, "../sentinel"),
        1,
        (
            f"{DOCS_DIR_AT}: error: docs_dir '../sentinel' is not a folder of its own inside "
            "the project",
        ),
    ),
    TreeCase(
        "docs-dir-absolute",
        lambda root, sentinel: _set_docs_dir(root, str(sentinel)),
        1,
        ("is not a folder of its own inside the project; the generator writes its pages there",),
    ),
    TreeCase(
        "docs-dir-is-the-records-folder",
        lambda root, _: _set_docs_dir(root, "events"),
        1,
        (f"{DOCS_DIR_AT}: error: docs_dir 'events' is not a folder of its own",),
    ),
    TreeCase(
        "docs-dir-is-a-hidden-folder",
        lambda root, _: _set_docs_dir(root, ".git"),
        1,
        (f"{DOCS_DIR_AT}: error: docs_dir '.git' is not a folder of its own",),
    ),
    TreeCase(
        "docs-dir-links-outside",
        lambda root, sentinel: (
            shutil.rmtree(root / "site_src"),
            symlink(root, "site_src", str(sentinel)),
        ),
        1,
        ("site_src:1:1: error: symbolic links are not allowed in the project",),
    ),
    # --- site_dir: the folder each build replaces whole, so never one the project holds
    TreeCase(
        "site-dir-names-a-folder-of-the-project",
        lambda root, _: (
            write_file(root, "notes/keep.md", "# Kept\n"),
            _set_site_dir(root, "notes"),
        ),
        1,
        (
            f"{SITE_DIR_AT}: error: site_dir 'notes' names a folder that no build on this "
            "machine made, and each build replaces that folder whole",
        ),
        kept=("notes/keep.md",),
    ),
    TreeCase(
        "site-dir-names-a-file-of-the-project",
        lambda root, _: (write_file(root, "Makefile", "all:\n"), _set_site_dir(root, "Makefile")),
        1,
        (f"{SITE_DIR_AT}: error: site_dir 'Makefile' names a file that no build",),
        kept=("Makefile",),
    ),
    TreeCase(
        "site-dir-names-a-link-outside",
        lambda root, sentinel: (
            symlink(root, "public", str(sentinel)),
            _set_site_dir(root, "public"),
        ),
        1,
        (f"{SITE_DIR_AT}: error: site_dir 'public' names a symbolic link that no build",),
    ),
    TreeCase(
        "site-dir-names-a-new-folder",
        lambda root, _: _set_site_dir(root, "public"),
        0,
    ),
    # --- modules in the project folder never shadow the tools the build runs
    TreeCase("project-folder-shadows-pagefind", _shadow_pagefind, 0),
]
