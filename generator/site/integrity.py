"""What a build checks before it starts, so that it publishes nothing it should not.

A checkout is not trusted, git-ignored paths included: a pull request can
commit files and symbolic links anywhere (`git add -f`), and other tools
(tar, an unpacked archive) can leave FIFOs and devices. So before anything is
generated or built:

- the project's shape is checked (`config_problems`, `project_problems`):
  mkdocs.yml a regular file, docs_dir a plain folder inside the project,
  site_dir a name of its own at the project root (and, unless it is `site`,
  free or the folder the last build put there), `.cache/` a plain folder;
- every entry of docs_dir is (`site_source_problems`): MkDocs publishes what a
  symbolic link points to (a link to /etc/passwd or to a folder of private
  files would put them on the website), and reading a FIFO never ends; so a
  link, a FIFO, a socket, a device, a file or folder that cannot be read, or a
  name that is not UTF-8 is an error at its path, and nothing is built.

What the build does with its own folders (staging, a site set aside, the
trash) is generator.site.folders.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path, PurePosixPath

from generator.diagnostics import Diagnostic, UserError, error
from generator.layout import GENERATED_ROOTS
from generator.records.cache import CACHE_DIR, RECORDS_DIR
from generator.records.load import ENTITIES_DIR, EVENTS_DIR
from generator.settings import CONFIG_FILE, DEFAULT_SITE_DIR, SiteConfig, read_site_config
from generator.site.folders import TRASH
from generator.site.incremental import read_state
from generator.site.manifest import check_generated, is_file_root
from generator.trust import kind_of

HOME_INTRO = "_includes/home.md"
# names at the project root that docs_dir and site_dir may not take (nor any name
# starting with a dot: .git, .cache, the build's own folders)
_SOURCES = (EVENTS_DIR, ENTITIES_DIR, CONFIG_FILE)

_LINK_MESSAGE = (
    "symbolic links are not allowed in {where}: MkDocs would publish what the link "
    "points to; replace it with the real {kind}"
)


# ---------------------------------------------------------------- the project's shape


def config_problems(root: Path) -> list[Diagnostic]:
    """An error unless mkdocs.yml is a regular file: checked before anything reads it."""
    config = _mode(root / CONFIG_FILE)
    if config is None:
        text = "the site cannot be built without mkdocs.yml"
        return [error(CONFIG_FILE, 1, 1, "missing", text)]
    if not stat.S_ISREG(config):
        return [error(CONFIG_FILE, 1, 1, "not-a-file", f"{kind_of(config)}, not a file")]
    return []


def project_problems(root: Path, config: SiteConfig) -> list[Diagnostic]:
    """docs_dir, site_dir and .cache/ as a build needs them, or an error at each."""
    return [
        *_docs_dir_problems(root, config),
        *_site_dir_problems(root, config),
        *_cache_problems(root),
    ]


def _docs_dir_problems(root: Path, config: SiteConfig) -> list[Diagnostic]:
    relative = PurePosixPath(config.docs_dir)
    if (
        relative.is_absolute()
        or ".." in relative.parts
        or not relative.parts
        or relative.parts[0].startswith(".")
        or relative.parts[0] in (*_SOURCES, config.site_dir)
    ):
        text = (
            f"docs_dir '{config.docs_dir}' is not a folder of its own inside the project; "
            "the generator writes its pages there"
        )
        return [error(CONFIG_FILE, *config.position("docs_dir"), "docs-dir", text)]
    for depth in range(1, len(relative.parts) + 1):
        part = PurePosixPath(*relative.parts[:depth]).as_posix()
        mode = _mode(root / part)
        if mode is None:
            break
        if stat.S_ISLNK(mode):
            text = _LINK_MESSAGE.format(where="the project", kind="folder")
            return [error(part, 1, 1, "symlink", text)]
        if not stat.S_ISDIR(mode):
            text = f"{kind_of(mode)}, where docs_dir must be"
            return [error(part, 1, 1, "not-a-folder", text)]
    return []


def _site_dir_problems(root: Path, config: SiteConfig) -> list[Diagnostic]:
    """site_dir must be one name at the project root, of a folder only the build makes.

    Each build replaces that folder whole. A site/ that no build here made (a
    checkout's, plain `mkdocs build`'s) is replaced like any other: the name is
    the site's. Any other name must be free, or name the folder the last build
    on this machine put there, so that a pull request that sets `site_dir:
    generator` (or `Makefile`) does not have the build delete it.
    """
    name = config.site_dir
    if set(name) & {"/", "\\"} or name.startswith(".") or name in _SOURCES:
        text = (
            f"site_dir '{name}' is not a folder name of its own at the project root (such as "
            "'site'); each build replaces that folder with the new site"
        )
        return [error(CONFIG_FILE, *config.position("site_dir"), "site-dir", text)]
    docs_dir = PurePosixPath(config.docs_dir).parts
    if name == DEFAULT_SITE_DIR or docs_dir[:1] == (name,):  # the latter: see _docs_dir_problems
        return []
    if _mode(root / name) is None or _is_last_site(root, name):
        return []
    text = (
        f"site_dir '{name}' names {kind_of(_mode(root / name) or 0)} that no build on this "
        "machine made, and each build replaces that folder whole; choose a name of its own, "
        "or, if it is an earlier site (its record in .cache/ lost), delete it first"
    )
    return [error(CONFIG_FILE, *config.position("site_dir"), "site-dir", text)]


def _is_last_site(root: Path, name: str) -> bool:
    """Whether root/name is the folder that the last build on this machine put in place."""
    state = read_state(root)
    mode = _mode(root / name)
    if state is None or mode is None or not stat.S_ISDIR(mode):
        return False
    try:
        return os.lstat(root / name).st_ino == state.site_inode
    except OSError:
        return False


def _cache_problems(root: Path) -> list[Diagnostic]:
    for part in (CACHE_DIR, f"{CACHE_DIR}/{RECORDS_DIR}", TRASH):
        mode = _mode(root / part)
        if mode is not None and not stat.S_ISDIR(mode):
            text = (
                f"{kind_of(mode)} where the build keeps its caches (a checkout may not carry "
                f"{CACHE_DIR}/: it is git-ignored); delete it"
            )
            return [error(part, 1, 1, "cache-folder", text)]
    return []


def _mode(path: Path) -> int | None:
    try:
        return os.lstat(path).st_mode
    except FileNotFoundError:
        return None
    except OSError:
        return 0


# ---------------------------------------------------------------- the site's sources


def site_source_problems(root: Path, folder: str) -> list[Diagnostic]:
    """An error for every entry under root/folder that MkDocs must not read or publish."""
    top = root / folder
    if top.is_symlink():
        text = _LINK_MESSAGE.format(where="the project", kind="folder")
        return [error(folder, 1, 1, "symlink", text)]
    found: list[Diagnostic] = []
    pending = [top]
    while pending:
        directory = pending.pop()
        try:
            entries = list(os.scandir(directory))
        except FileNotFoundError:
            continue
        except OSError as exc:
            relative = _relative(root, str(directory))
            text = f"this folder cannot be read ({exc.strerror}); fix its permissions"
            found.append(error(relative, 1, 1, "unreadable", text))
            continue
        for entry in entries:
            problem = _entry_problem(entry, folder)
            if problem is not None:
                found.append(error(_relative(root, entry.path), 1, 1, *problem))
            elif entry.is_dir(follow_symlinks=False):
                pending.append(Path(entry.path))
    found += _pages_at_generated_addresses(top, folder)
    home = _mode(top / HOME_INTRO)
    if home is not None and stat.S_ISDIR(home):
        found.append(
            error(
                f"{folder}/{HOME_INTRO}",
                1,
                1,
                "not-a-file",
                "a folder where the home page's introduction is read from; make it a file",
            )
        )
    return sorted(found)


def _pages_at_generated_addresses(top: Path, folder: str) -> list[Diagnostic]:
    """An error for each hand-written page MkDocs would write where a generated one goes.

    MkDocs serves `tags.md` and `tags/index.md` both at /tags/, and `README.md`
    where `index.md` is: it writes one over the other, and only a strict build
    says a word. The generated folders own their addresses (GENERATED_ROOTS).
    """
    owned = {"README.md": ("/", "the home page")}  # MkDocs' other name for index.md
    for name in GENERATED_ROOTS:
        if not is_file_root(name):
            owned[f"{name}.md"] = (f"/{name}/", f"the pages of {name}/")
    found = []
    for page, (address, what) in owned.items():
        if _mode(top / page) is not None:
            text = (
                f"MkDocs would publish this page at {address}, where the generator writes "
                f"{what}; rename it"
            )
            found.append(error(f"{folder}/{page}", 1, 1, "generated-address", text))
    return found


def _entry_problem(entry: os.DirEntry, folder: str) -> tuple[str, str] | None:
    """(code, message) for an entry MkDocs must not read, or None."""
    if entry.is_symlink():
        kind = "folder" if entry.is_dir() else "file"
        return "symlink", _LINK_MESSAGE.format(where=f"'{folder}/'", kind=kind)
    try:
        entry.name.encode("utf-8")
    except UnicodeEncodeError:
        return "file-name", "this name is not valid UTF-8; rename it"
    try:
        mode = entry.stat(follow_symlinks=False).st_mode
    except OSError:
        return "unreadable", "this entry cannot be read; fix its permissions"
    if not (stat.S_ISREG(mode) or stat.S_ISDIR(mode)):
        return "not-a-file", f"{kind_of(mode)}, not a file or a folder; delete it"
    if not os.access(entry.path, os.R_OK | (os.X_OK if stat.S_ISDIR(mode) else 0)):
        return "unreadable", "this entry cannot be read; fix its permissions"
    return None


def _relative(root: Path, path: str) -> str:
    relative = Path(os.path.relpath(path, root)).as_posix()
    return relative.encode("utf-8", "surrogateescape").decode("utf-8", "replace")


# ---------------------------------------------------------------- for `timeline validate`


def site_problems(root: Path) -> list[Diagnostic]:
    """What `timeline build` would refuse in the project's shape and site sources.

    Nothing for a folder of records without mkdocs.yml. `timeline validate`
    reports these with the records, so that CI shows them on a pull request
    (files committed in the generated folders, links, FIFOs) before it builds.
    """
    if _mode(root / CONFIG_FILE) is None:
        return []
    problems = config_problems(root)
    if problems:
        return problems
    try:
        config = read_site_config(root)
    except UserError as exc:
        return exc.diagnostics
    problems = project_problems(root, config)
    if not problems:
        problems += site_source_problems(root, config.docs_dir)
        docs_dir = root / config.docs_dir
        problems += check_generated(docs_dir, GENERATED_ROOTS, config.docs_dir)[1]
    return sorted(problems)
