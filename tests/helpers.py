"""The one module of shared test helpers: run the real command, make real projects.

Test files import what they share from here, never from one another (a test in
tests/test_test_layout.py checks it). Fixtures live in the conftest.py files;
the sites that many tests read are built once per session there.

- Running: `run_timeline`, `build` (with a fixed SOURCE_DATE_EPOCH), `git`.
- Projects: `copy_project` (the repository's records and site sources),
  `new_project` (two plain events, two entities), `write_project` (files given
  as text, beside four entities), `event` (one valid event record as YAML),
  `write_file`, `symlink`.
- Reading: `tree_digest`, `diagnostics_of`.
- Goldens: `golden_project` and `check_golden` (see tests/golden/README.md).
- Serving: `free_port`, `fetch`, `wait_for`.
- The browser (tests/browser/): `BuiltSite`, `Tab`, the `DESKTOP` and `PHONE` viewports.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import signal
import socket
import subprocess
import sys
import textwrap
import time
import urllib.request
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar
from urllib.parse import urlsplit

from generator.diagnostics import format_text
from generator.layout import GENERATED_ROOTS
from generator.records.model import Dataset
from generator.records.project import load_project

REPO = Path(__file__).resolve().parent.parent
TESTS = REPO / "tests"
GOLDEN = TESTS / "golden"
# the small project that uses every feature a page shows, the input of a golden case
GOLDEN_PROJECT = GOLDEN / "render" / "pages"
# two plain events and two entities, the start of every hostile project
BASE_RECORDS = TESTS / "hostile" / "base"
EPOCH = {"SOURCE_DATE_EPOCH": "1750000000"}
GIT_ENV = {
    "GIT_AUTHOR_NAME": "Test",
    "GIT_AUTHOR_EMAIL": "test@example.org",
    "GIT_COMMITTER_NAME": "Test",
    "GIT_COMMITTER_EMAIL": "test@example.org",
    "GIT_CONFIG_NOSYSTEM": "1",
    "GIT_CONFIG_GLOBAL": os.devnull,
}

T = TypeVar("T")


# -- running the real commands ----------------------------------------------------------------


def run_timeline(
    *args: str, cwd: Path = REPO, env: dict | None = None, timeout: float = 600
) -> subprocess.CompletedProcess:
    """Run `python -m generator ARGS` as a user would, capturing its output."""
    return subprocess.run(
        [sys.executable, "-m", "generator", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=timeout,
        env={**os.environ, **(env or {})},
    )


def build(root: Path, *args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    """`timeline build ARGS` in root, at a fixed SOURCE_DATE_EPOCH."""
    return run_timeline("build", *args, cwd=root, env={**EPOCH, **(env or {})})


def git(repo: Path, *args: str) -> str:
    """Run git in repo as a test author with no user or system configuration."""
    result = subprocess.run(
        ["git", *args],
        cwd=repo,
        capture_output=True,
        text=True,
        env={**os.environ, **GIT_ENV},
        check=True,
    )
    return result.stdout


# -- projects ---------------------------------------------------------------------------------


def copy_project(dest: Path, records_from: Path = REPO) -> Path:
    """Records from `records_from`, the repository's site sources without generated pages."""
    for name in ("events", "entities"):
        shutil.copytree(records_from / name, dest / name)
    shutil.copytree(
        REPO / "site_src",
        dest / "site_src",
        ignore=lambda folder, names: (
            [n for n in names if Path(folder) == REPO / "site_src" and n in GENERATED_ROOTS]
            + [".generated", ".generated-pending"]
        ),
    )
    shutil.copy2(REPO / "mkdocs.yml", dest / "mkdocs.yml")
    return dest


def new_project(dest: Path) -> Path:
    """The base records (two plain events, two entities), mkdocs.yml and site_src/."""
    dest.mkdir(parents=True, exist_ok=True)
    return copy_project(dest, records_from=BASE_RECORDS)


def write_file(root: Path, relative: str, content: bytes | str) -> Path:
    path = root / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, str):
        content = content.encode("utf-8")
    path.write_bytes(content)
    return path


def symlink(root: Path, relative: str, target: str) -> Path:
    path = root / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    os.symlink(target, path)
    return path


# the entities the events of `event` name: two people, a country and a city
ENTITIES = {
    "entities/ana-perez.yaml": "name: Ana Pérez\nkind: person\n",
    "entities/bruno-diaz.yaml": "name: Bruno Díaz\nkind: person\n",
    "entities/mexico.yaml": "name: Mexico\nkind: country\n",
    "entities/springfield.yaml": "name: Springfield\nkind: city\n",
}


def event(title: str = "Ana Pérez speaks", date: str = "2025-05-03", **extra: str) -> str:
    """An event record, valid as it is: the keys in `extra` are added or replace the
    defaults, each given as the YAML text that follows 'key:' ('' leaves it out)."""
    fields = {
        "title": title,
        "date": date,
        "summary": "She spoke.",
        "actors": "[ana-perez]",
        "sources": (
            "\n  - id: wire\n    url: https://example.org/a\n    publisher: Wire\n"
            "    title: Ana Pérez speaks"
        ),
        **extra,
    }
    text = ""
    for key, value in fields.items():
        if value:
            text += f"{key}:{value}\n" if value.startswith("\n") else f"{key}: {value}\n"
    return text


def write_project(root: Path, files: dict[str, str]) -> Path:
    """Write each file (dedented) under root; the ENTITIES above unless they are replaced."""
    for relative, text in {**ENTITIES, **files}.items():
        file = root / relative
        file.parent.mkdir(parents=True, exist_ok=True)
        file.write_text(textwrap.dedent(text), encoding="utf-8")
    return root


# -- reading what was made --------------------------------------------------------------------


def tree_digest(folder: Path) -> str:
    """One hash of every name and every file's bytes under folder."""
    digest = hashlib.sha256()
    for path in sorted(folder.rglob("*")):
        digest.update(path.relative_to(folder).as_posix().encode() + b"\0")
        if path.is_file():
            digest.update(path.read_bytes())
    return digest.hexdigest()


def diagnostics_of(root: Path) -> list[str]:
    """What `timeline validate` prints for the project, line by line, in its order."""
    _, diagnostics = load_project(root)
    return format_text(diagnostics).splitlines()


# -- goldens (tests/golden/README.md) -----------------------------------------------------------

# what a golden case folder holds besides its input: the expected output and the setup steps
GOLDEN_CONTROL_FILES = ("expected*", "setup.txt")


def golden_project(case: Path, root: Path, base: Path | None = None) -> Path:
    """The input of a golden case as a project in root: `base` first (when given), then the
    case's files except its expected output, then the steps of its setup.txt, if any."""
    if base is not None:
        shutil.copytree(base, root)
    ignore = shutil.ignore_patterns(*GOLDEN_CONTROL_FILES)
    shutil.copytree(case, root, dirs_exist_ok=True, ignore=ignore)
    setup = case / "setup.txt"
    for line in setup.read_text().splitlines() if setup.exists() else ():
        action, path, *rest = line.split()
        _setup_step(setup, action, root / path, rest[0] if rest else "")
    return root


def _setup_step(setup: Path, action: str, file: Path, arg: str) -> None:
    """One line of a setup.txt: what is awkward to commit as a file."""
    if action == "encode":
        file.write_bytes(file.read_text(encoding="utf-8").encode(arg))
    elif action == "pad":
        padding = int(arg) - file.stat().st_size
        file.write_bytes(file.read_bytes() + b"#" * (padding - 1) + b"\n")
    elif action == "symlink":
        file.parent.mkdir(parents=True, exist_ok=True)
        file.symlink_to(arg)
    elif action == "fifo":
        file.parent.mkdir(parents=True, exist_ok=True)
        os.mkfifo(file)
    elif action == "rename":
        name = arg.encode("ascii").decode("unicode_escape").encode("latin-1")
        os.rename(file, os.path.join(os.fsencode(file.parent), name))
    elif action == "file-for-folder":
        shutil.rmtree(file)
        file.write_text("not a folder\n")
    else:
        raise ValueError(f"{setup}: unknown action {action!r}")


def check_golden(
    expected: Path, actual: str | bytes | Mapping[str, str | bytes], update: bool
) -> None:
    """Compare the output with its golden file (text or bytes) or folder (relative path ->
    text or bytes; bytes are compared as they are, line ends included).

    With `pytest --update-goldens`, write the output there first, so that the
    comparison passes and a reviewer reads the change as a diff."""
    if isinstance(actual, str | bytes):
        if update:
            expected.parent.mkdir(parents=True, exist_ok=True)
            _write(expected, actual)
        assert expected.is_file(), f"{expected} is missing; run pytest --update-goldens"
        assert actual == _read(expected, type(actual)), f"{expected} differs"
        return
    if update:
        shutil.rmtree(expected, ignore_errors=True)
        for relative, content in actual.items():
            (expected / relative).parent.mkdir(parents=True, exist_ok=True)
            _write(expected / relative, content)
    assert expected.is_dir(), f"{expected} is missing; run pytest --update-goldens"
    found = sorted(p.relative_to(expected).as_posix() for p in expected.rglob("*") if p.is_file())
    assert sorted(actual) == found, f"the set of files in {expected} changed"
    for relative, content in sorted(actual.items()):
        golden = expected / relative
        assert content == _read(golden, type(content)), f"{golden} differs"


def _write(path: Path, content: str | bytes) -> None:
    path.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)


def _read(path: Path, kind: type) -> str | bytes:
    return path.read_bytes() if kind is bytes else path.read_text(encoding="utf-8")


# -- a served site ----------------------------------------------------------------------------


def dead_build_folder(root: Path, kind: str = "work", of: str | None = None) -> Path:
    """A folder named as a build on this machine names it, by a process that has ended.

    With `of`, that folder of the project is renamed so (as a build renames the
    previous site/ during the swap); otherwise a new empty one is made.
    """
    code = (
        "import sys; from pathlib import Path; from generator.site import folders\n"
        "root = Path(sys.argv[1])\n"
        "if len(sys.argv) > 3: print(folders.name_as(root / sys.argv[3], sys.argv[2]))\n"
        "else: print(folders.make_build_folder(root))\n"
    )
    args = [sys.executable, "-c", code, str(root), kind] + ([of] if of else [])
    done = subprocess.run(args, capture_output=True, text=True, check=True)
    return Path(done.stdout.strip())


def build_folders_left(root: Path) -> list[str]:
    """The build folders in the project, but the spare site a build keeps (generator.site.spare)."""
    spare = ".site-spare-"
    return [p.name for p in root.glob(".site-*") if not p.name.startswith(spare)]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start_serve(root: Path, port: int, stderr=subprocess.DEVNULL) -> subprocess.Popen:
    """`timeline serve --port PORT` on the project at `root`, with the fixed build time."""
    return subprocess.Popen(
        [sys.executable, "-m", "generator", "serve", "--port", str(port)],
        cwd=root,
        stdout=subprocess.DEVNULL,
        stderr=stderr,
        text=True,
        env={**os.environ, **EPOCH},
    )


def stop_serve(server: subprocess.Popen) -> None:
    """Ctrl-C, as a user stops it; killed if it has not stopped 20 s later."""
    server.send_signal(signal.SIGINT)
    try:
        server.wait(timeout=20)
    except subprocess.TimeoutExpired:
        server.kill()
        server.wait()


def fetch(url: str) -> str:
    with urllib.request.urlopen(url, timeout=5) as response:
        return response.read().decode("utf-8")


def wait_for(check: Callable[[], T], timeout: float, what: str) -> T:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            value = check()
        except OSError:
            value = None
        if value:
            return value
        time.sleep(0.3)
    raise AssertionError(f"timed out waiting for {what}")


# -- the browser (tests/browser/conftest.py has its fixtures) ----------------------------------


def edit(root: Path, relative: str, old: str, new: str) -> None:
    """Replace the first `old` in a project's file by `new` (which must be there)."""
    file = root / relative
    text = file.read_text(encoding="utf-8")
    assert old in text, (relative, old)
    file.write_text(text.replace(old, new, 1), encoding="utf-8")


DESKTOP = {"width": 1280, "height": 900}
# index results once every card of their page is in (the first screen comes at once, the
# rest in idle time, aria-busy until then: site_src/assets/javascripts/timeline-filters.js)
RESULTS_READY = "[data-tl-results]:not([aria-busy]) .tl-entry"
PHONE = {"width": 390, "height": 844}


@dataclass
class BuiltSite:
    root: Path
    dataset: Dataset
    base: str = ""  # the served site's address, ending in '/'

    def url(self, path: str = "") -> str:
        return self.base + path.lstrip("/")


@dataclass
class Tab:
    """A browser page, and what went wrong in it."""

    page: Any
    errors: list[str] = field(default_factory=list)
    elsewhere: list[str] = field(default_factory=list)  # requests to other hosts

    def visible(self, selector: str) -> list[Any]:
        return [e for e in self.page.query_selector_all(selector) if e.is_visible()]


# Accessibility: the palettes a reader may prefer, and what axe-core finds blocking
PALETTES = {"light": "default", "dark": "slate"}
BLOCKING = ("serious", "critical")


def axe_violations(tab: Tab) -> tuple[list[dict], str]:
    from axe_playwright_python.sync_playwright import Axe

    # Material fades some header parts in: judge the page as it settles
    tab.page.wait_for_function("document.getAnimations().every(a => a.playState !== 'running')")
    results = Axe().run(tab.page)
    blocking = [v for v in results.response["violations"] if v["impact"] in BLOCKING]
    return blocking, results.generate_report()


def open_in_palette(open_tab, site: BuiltSite, path: str, palette: str, **options) -> Tab:
    """A page in the light or dark palette, as a reader whose system prefers it sees it."""
    tab = open_tab(color_scheme=palette, **options)
    tab.page.goto(site.url(path))
    scheme = tab.page.get_attribute("body", "data-md-color-scheme")
    assert scheme == PALETTES[palette]
    return tab


# -- the timeline filters, as a reader uses them -----------------------------------------


def address_query(page) -> str:
    """The page's query once a filter change has taken its history step, which the
    filters take after the frame that paints the change (timeline-filters.js)."""
    return page.evaluate(
        "new Promise(done => requestAnimationFrame(() => setTimeout(() => "
        "done(location.search), 0)))"
    )


def shown_events(tab: Tab, scope: str = "") -> list[str]:
    """Ids of the timeline entries the reader sees, in order."""
    return [
        urlsplit(link.get_attribute("href")).path.rstrip("/").split("/")[-1]
        for link in tab.visible(f"{scope} .tl-entry .tl-entry__title a".strip())
    ]


def open_sheet(tab: Tab) -> None:
    if not tab.page.evaluate("document.querySelector('[data-tl-sheet]').open"):
        tab.page.click(".tl-filters__summary")


def choose_by_typing(tab: Tab, facet: str, name: str) -> None:
    """Type the start of a name into a facet's type-ahead field and press Enter."""
    open_sheet(tab)
    field = f"[data-tl-typeahead={facet}]"
    tab.page.fill(field, name[:6])
    tab.page.press(field, "Enter")
