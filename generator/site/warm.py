"""What `timeline serve` does to show an edit quickly: a MkDocs already started, and work deferred.

A rebuild after one edit renders a handful of pages, yet a new MkDocs process
spends most of a second importing MkDocs, Material and the Markdown extensions
before it reads a page. `WarmMkDocs` starts one process that imports them once
and then, for each build it is asked for, forks a child that runs `mkdocs
build` exactly as generator.site.mkdocs does (same arguments, same log
filter): each build starts from the same freshly imported state, and nothing
one build does is seen by the next.

`Preview` is what serve passes to generator.site.build.build_site: the warm
MkDocs, and `defer`: an incremental build then leaves the search index and the
downloads as the previous site had them (the pages are new; search finds what
it found before) and says so, and serve runs an ordinary `timeline build` in
the background afterwards, which brings them up to date (generator.site.serve).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
from dataclasses import dataclass, field
from pathlib import Path

from generator.site.state import SiteState

# what a deferred build leaves as it was, as the preview names it
DEFERRED_SEARCH = "the search index"
DEFERRED_DOWNLOADS = "the downloads"


class WarmMkDocs:
    """One MkDocs process, started once, that runs each build in a fork of itself."""

    def __init__(self, config_file: Path) -> None:
        """`config_file`: mkdocs.yml, whose theme and extensions are imported at the start."""
        self.config_file = config_file
        self._process: subprocess.Popen | None = None
        self._lock = threading.Lock()
        self._unanswered = 0  # requests sent without waiting for their answer (`prepare`)

    def start(self) -> None:
        """Start the process now (it imports while the first build runs): see `run`."""
        with self._lock:
            self._started()

    def _started(self) -> subprocess.Popen | None:
        if self._process is None or self._process.poll() is not None:
            # -I: nothing is imported from the project folder, whatever a checkout puts there
            command = [sys.executable, "-I", "-m", __name__, str(self.config_file)]
            env = {"NO_MKDOCS_2_WARNING": "1", **os.environ}
            self._unanswered = 0
            try:
                self._process = subprocess.Popen(
                    command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, env=env
                )
            except OSError:
                self._process = None
        return self._process

    def run(self, args: list[str], cwd: Path) -> int | None:
        """`mkdocs ARGS` in `cwd`; its exit code, or None if the warm process is gone."""
        return self._ask({"args": args, "cwd": str(cwd)})

    def run_pages(
        self, config_file: Path, site_dir: Path, strict: bool, pages: list[str]
    ) -> int | None:
        """Only `pages` into the empty `site_dir` (generator.site.mkdocs_pages); as `run`."""
        request = {"config_file": str(config_file), "site_dir": str(site_dir), "pages": pages}
        return self._ask({**request, "strict": strict, "cwd": str(config_file.parent)})

    def prepare(self, config_file: Path, strict: bool) -> None:
        """Have the warm process list the pages and make the navigation now, for the next
        `run_pages` (generator.site.mkdocs_pages.prepare), without waiting for it: a save
        meanwhile has its generator start at once (its MkDocs waits, in the warm process)."""
        request = {"prepare": str(config_file), "strict": strict, "cwd": str(config_file.parent)}
        self._ask(request, wait=False)

    def _ask(self, request: dict, wait: bool = True) -> int | None:
        with self._lock:
            process = self._started()
            if process is None or process.stdin is None or process.stdout is None:
                return None
            try:
                process.stdin.write((json.dumps(request) + "\n").encode())
                process.stdin.flush()
                if not wait:
                    self._unanswered += 1
                    return None
                answer = b"0"
                while answer and self._unanswered >= 0:  # the answers come in order
                    answer = process.stdout.readline()
                    self._unanswered -= 1
                self._unanswered = 0
            except OSError:
                answer = b""
            if not answer:
                self.stop()
                return None
            return int(answer)

    def stop(self) -> None:
        process, self._process = self._process, None
        if process is not None:
            if process.stdin is not None:
                process.stdin.close()
            try:
                process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


@dataclass
class Preview:
    """How serve asks for a build: see the module's notes."""

    mkdocs: WarmMkDocs | None = None
    defer: bool = False
    deferred: list[str] = field(default_factory=list)  # filled by the build
    # serve's last build left site/ proven: this one will likely update it in place, so
    # its generator starts before the checks that prove it (generator.site.build)
    likely_in_place: bool = False
    in_place: bool = False  # the build rendered only the changed pages (preview_build)
    state: SiteState | None = None  # then, the state of site/ it wrote


def _serve(config_file: str) -> None:
    """The warm process: import MkDocs once, then one forked build per line of stdin."""
    import mkdocs.commands.build  # noqa: F401  imported once, used by every fork

    from generator.site.mkdocs import main as mkdocs_main
    from generator.site.mkdocs_pages import build_pages, prepare

    answers = os.fdopen(os.dup(1), "w")
    os.dup2(2, 1)  # whatever a build prints goes to the terminal, not into the answers
    _import_what_the_site_uses(config_file)
    for line in sys.stdin:
        request = json.loads(line)
        if "prepare" in request:  # here, for every fork to come
            os.chdir(request["cwd"])
            prepare(request["prepare"], request["strict"])
            answers.write("0\n")
            answers.flush()
            continue
        child = os.fork()
        if child == 0:
            os.chdir(request["cwd"])
            code = 1
            try:
                if "pages" in request:
                    code = build_pages(
                        request["config_file"],
                        request["site_dir"],
                        request["strict"],
                        request["pages"],
                    )
                else:
                    sys.argv = ["mkdocs", *request["args"]]
                    mkdocs_main()
                    code = 0
            except SystemExit as exc:
                code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
            except Exception as exc:  # a page MkDocs cannot build: it has logged why
                print(f"timeline: MkDocs failed: {exc}", file=sys.stderr)
            finally:
                sys.stdout.flush()
                sys.stderr.flush()
                os._exit(code)
        _, status = os.waitpid(child, 0)
        answers.write(f"{os.waitstatus_to_exitcode(status)}\n")
        answers.flush()


def _import_what_the_site_uses(config_file: str) -> None:
    """Load the site's settings once, which imports its theme, plugins and Markdown extensions.

    Nothing is built, and nothing of it is kept but the imported modules and the
    compiled templates: each build's fork loads the settings again. A problem is
    the build's to report.
    """
    try:
        import markdown
        from mkdocs.config import load_config

        os.chdir(os.path.dirname(config_file))
        config = load_config(config_file)
        markdown.Markdown(
            extensions=config["markdown_extensions"], extension_configs=config["mdx_configs"]
        )
        _keep_compiled_templates(config["theme"])
    except Exception:  # the build that follows says what is wrong
        pass


class _CompiledTemplates:
    """Jinja's compiled templates, kept in memory by the warm process for its forks.

    MkDocs makes a new Jinja environment for each build, which compiles the
    theme's templates again (most of a rebuild of a few pages). Compiled here
    once, they are in each fork's memory; Jinja checks each template's source
    against its checksum, so an edited override is compiled again.
    """

    def __init__(self) -> None:
        import jinja2

        class Cache(jinja2.BytecodeCache):
            def __init__(self) -> None:
                self.kept: dict[str, bytes] = {}

            def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
                if bucket.key in self.kept:
                    bucket.bytecode_from_string(self.kept[bucket.key])

            def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
                self.kept[bucket.key] = bucket.bytecode_to_string()

        self.cache = Cache()


def _keep_compiled_templates(theme) -> None:
    """Compile the theme's page templates into a cache every later environment uses."""
    from jinja2 import TemplateError
    from mkdocs.theme import Theme

    kept = _CompiledTemplates().cache
    make_environment = Theme.get_env

    def get_env(self):
        environment = make_environment(self)
        environment.bytecode_cache = kept
        return environment

    Theme.get_env = get_env
    environment = theme.get_env()
    for name in environment.list_templates(extensions=["html", "xml"]):
        if name.startswith("."):
            continue
        try:
            environment.get_template(name)
        except TemplateError:  # a plugin's template (Material's blog), with its own filters
            continue


if __name__ == "__main__":
    _serve(sys.argv[1])
