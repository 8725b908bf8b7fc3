"""`timeline build`: records in, a complete website out, or the previous one left alone.

The stages run in order and stop at the first failure: check the project's
shape and the site's sources (generator.site.integrity: nothing a checkout carries
may lead the build's writes, reads or deletions elsewhere), load and validate
every record and check that the generated folders hold only what this
machine's builds wrote there (nothing is written if anything is wrong),
render the pages, write those that changed under docs_dir, run MkDocs into a
staging folder beside site_dir, take the template whitespace out of the HTML it
wrote (generator.site.minify), add the downloads, index the pages for search
(Pagefind), and only when all of that succeeded swap the staging folder into
place (generator.site.folders). A reader or a deploy job never sees a
half-built site, whatever fails or is interrupted on the way.

Two cores share the work: the generator stage (generator.site.generate) runs
in a child process (generator.site.generator_process), which writes the pages
and then the downloads (events.json, the feeds, ...) into a folder of their
own, moved into the site after MkDocs. A full build waits for the downloads,
and so for the child to end, before MkDocs starts, which then runs on both
cores (generator.site.mkdocs): the memory of the whole build stays bounded;
a rebuild runs its (small) MkDocs stage while the child writes them.

The build is incremental when it can be (generator.site.incremental): MkDocs
starts from a linked copy of the current site (the previous one brought up to
date: generator.site.spare) and rebuilds only the pages whose source changed.
`--clean` (or any change to what every page depends on) makes a full build.
"""

from __future__ import annotations

import contextlib
import shutil
import sys
from concurrent.futures import Future, ThreadPoolExecutor
from io import StringIO
from pathlib import Path
from typing import TextIO

from generator.diagnostics import UserError, format_text
from generator.layout import GENERATED_ROOTS, search_bundles
from generator.settings import CONFIG_FILE, SiteConfig, read_site_config
from generator.site import incremental, integrity, nochange, preview_build, spare
from generator.site.folders import (
    make_build_folder,
    move_downloads,
    recover_interrupted_builds,
    replace_site,
)
from generator.site.generate import DownloadsWritten, PagesWritten
from generator.site.generator_process import GeneratorProcess
from generator.site.inputs import inputs_digest, stamps_digest
from generator.site.manifest import check_generated
from generator.site.minify import minify_site
from generator.site.mkdocs import (
    mkdocs_arguments,
    mkdocs_processes,
    pages_per_process,
    run_mkdocs,
    run_mkdocs_in_lanes,
)
from generator.site.pagefind import SEARCH_DIR
from generator.site.result import BuildResult
from generator.site.search_index import index_shards, plan_shards, search_keys
from generator.site.timings import Stopwatch
from generator.site.warm import DEFERRED_DOWNLOADS, DEFERRED_SEARCH, Preview
from generator.site.write import RENDERED_AT_ONCE
from generator.trust import key_file, signing_key


def build_site(
    root: Path,
    strict: bool = False,
    log: TextIO = sys.stderr,
    clean: bool = False,
    preview: Preview | None = None,
    stamps_checked: bool = False,
) -> BuildResult:
    """Build site_dir from the records; incremental unless `clean` or something global changed.

    `preview`: how `timeline serve` builds (generator.site.warm); it says what was deferred.
    `stamps_checked`: the caller found that generator.site.nochange could not decide.
    """
    if not clean and not stamps_checked:  # nothing changed: decided from stamps, in a moment
        stopwatch = Stopwatch()
        with stopwatch.stage("check"):
            state = nochange.nothing_changed(root, strict)
        if state is not None:
            result = BuildResult(True, up_to_date=True, site_dir=state.site_dir)
            result.pages, result.sources = sorted(state.pages), state.sources
            result.timings = stopwatch.timings
            return result
    config = _before_building(root, log, delete=not (preview and preview.defer))
    if config is None:
        return BuildResult(False)
    build = _SiteBuild(root, config, strict, log, preview or Preview())
    try:
        return build.run(clean)
    finally:
        build.close()


def _before_building(root: Path, log: TextIO, delete: bool) -> SiteConfig | None:
    """Check the project's shape and tidy after killed builds; its settings, None if it cannot.
    `delete` False: serve's save, which leaves dead builds' folders to its background build."""
    problems = integrity.config_problems(root)
    config = None
    if not problems:
        try:
            config = read_site_config(root)
        except UserError as exc:
            problems = exc.diagnostics
    if config is not None:
        problems = integrity.project_problems(root, config)
    if problems:
        log.write(format_text(problems))
        log.write("timeline: the project cannot be built as it is; nothing was built\n")
        return None
    if signing_key() is None:
        log.write(
            f"timeline: error: cannot read or make {key_file()}, the key that tells this "
            "machine's build folders from a checkout's; make its folder writable, or set "
            "XDG_CACHE_HOME to a folder that is\n"
        )
        return None
    # a killed build may have left its staging folder, or the previous site set aside
    for done in recover_interrupted_builds(root, root / config.site_dir, delete):
        log.write(f"timeline: {done}\n")
    problems = integrity.site_source_problems(root, config.docs_dir)
    if problems:
        log.write(format_text(problems))
        log.write(
            "timeline: the site's sources cannot be published as they are; nothing was built\n"
        )
        return None
    return config


class _SiteBuild:
    """One build after its checks, step by step; a step that fails says why and returns False."""

    def __init__(
        self, root: Path, config: SiteConfig, strict: bool, log: TextIO, preview: Preview
    ) -> None:
        self.root, self.config, self.strict, self.log = root, config, strict, log
        self.preview, self.defer = preview, False  # defer: see generator.site.warm
        self.site = root / config.site_dir
        self.docs_dir = root / config.docs_dir
        self.stopwatch = Stopwatch()
        self.folders: list[Path] = []  # this build's own, deleted when it ends
        self.generator: GeneratorProcess | None = None
        # serve, after a save: the generator writes pages while this proves site/ (see `run`)
        self.early = preview.defer and preview.likely_in_place
        if self.early:
            self._start_generator(downloads=False)
        # first the stamps, then the contents: what changes in between is seen next time
        self.stamps = stamps_digest(root, config.docs_dir)
        self.hand_written = incremental.hand_written(self.docs_dir, GENERATED_ROOTS)
        self.fingerprint = incremental.fingerprint(config, self.hand_written)
        # before the generator reads (but for `early`, whose build does not keep them)
        self.inputs = inputs_digest(root, self.fingerprint, self.hand_written)
        self.proven: incremental.SiteState | None = None
        self.previous: incremental.SiteState | None = None  # None: a full build
        self.result = BuildResult(False, site_dir=config.site_dir)
        self.downloaded: DownloadsWritten | None = None
        self.site_files: Future[dict[str, list[int]]] | None = None
        self.site_checked = False  # whether self.proven says what site/ is
        self.pages_written: PagesWritten | None = None
        self.search_keys: dict[str, str] = {}

    def _start_generator(self, downloads: bool, kept: dict[str, str] | None = None) -> None:
        self.downloads = self._folder()
        given = (self.root, self.config, self.downloads, kept or {}, downloads)
        self.generator = GeneratorProcess(*given)
        self.generator.start()

    def run(self, clean: bool) -> BuildResult:
        if not clean and self._up_to_date():
            if self.early:  # it writes what is there already: let it end, not cut it short
                self._discard_early_generator()
            self.result.ok = self.result.up_to_date = True
            self.result.timings = self.stopwatch.timings
            return self.result
        self.staging = self._folder()
        self._choose_the_previous_site(clean)
        kept = self.previous.download_keys if self.previous is not None else {}
        self.defer = self.preview.defer and self.previous is not None
        # serve: only the changed pages, into site/ (generator.site.preview_build), if it can
        self.in_place = self.defer and self.preview.mkdocs is not None
        if self.early and not self.defer:  # a full build after all: it needs the downloads
            self._discard_early_generator()
        if self.generator is None:
            self._start_generator(downloads=not self.defer, kept=kept)
        self._start_from_the_previous_site()  # while the child generates
        self.pages_written = pages = self.generator.pages_written(self.log)
        result = self.result
        result.write, result.pages, result.sources = pages.write, pages.pages, pages.sources
        result.ok = pages.ok and self._built()
        result.timings = {**pages.timings, **self.stopwatch.timings}
        return result

    def _discard_early_generator(self) -> None:
        """Let the generator started early write its pages (as it found them); forget it."""
        with contextlib.suppress(UserError, RuntimeError):  # the next one says it again
            self.generator.pages_written(StringIO())
        self.generator.stop()
        self.generator, self.early = None, False

    def _up_to_date(self) -> bool:
        """Whether the last build had these very inputs and left site/ and docs_dir as they are
        (then it would publish what is published: see generator.site.inputs)."""
        with self.stopwatch.stage("check"):
            self.proven = state = incremental.proven_site(self.root, self.site)
            self.site_checked = True
            if state is None or state.inputs != self.inputs or (self.strict and not state.strict):
                return False
            # a generated page changed, or a file that no build here wrote: the build
            # that runs refuses it, as ever (a deleted page it writes again)
            if check_generated(self.docs_dir, GENERATED_ROOTS, self.config.docs_dir)[1]:
                return False
            self.result.pages = sorted(state.pages)
            self.result.sources = state.sources
            if state.stamps != self.stamps:  # touched, not changed: next time, stamps suffice
                self._keep_stamps(state)
                incremental.write_state(self.root, state)
            return True

    def _keep_stamps(self, state: incremental.SiteState) -> None:
        """What generator.site.nochange compares, as this build found it."""
        state.stamps, state.config_sha256 = self.stamps, self.config.sha256
        state.docs_dir, state.site_dir = self.config.docs_dir, self.config.site_dir

    def _folder(self) -> Path:
        self.folders.append(make_build_folder(self.root))
        return self.folders[-1]

    def close(self) -> None:
        if self.generator is not None:
            self.generator.stop()
        for folder in self.folders:  # ignore_errors: also those gone (renamed into place)
            shutil.rmtree(folder, ignore_errors=True)

    def _built(self) -> bool:
        """The steps after the generator stage; False (having said why) if one failed."""
        if self.in_place:
            done = preview_build.update_in_place(self)
            if done is not None:
                return done
            self.in_place = False  # the ordinary incremental build, from a linked copy
            self._start_from_the_previous_site()
        written = self.pages_written.write if self.pages_written is not None else None
        if self.previous is None or (written is not None and written.rendered > RENDERED_AT_ONCE):
            # a full build, or a rebuild of many pages (an entity renamed): the generator
            # process writes the downloads and ends before MkDocs starts, so that its dataset
            # and MkDocs' pages are never in memory at once (1,140 MB at 20,000 events)
            self._receive_downloads()
        self._prepare_staging()
        if not self._run_mkdocs():
            return False
        with self.stopwatch.stage("minify"):
            minify_site(self.staging, skip=SEARCH_DIR)
        self._add_downloads()
        if not self._index_for_search():
            return False
        self._publish()
        return True

    def _choose_the_previous_site(self, clean: bool) -> None:
        """Whether the build starts from the current site: only if this machine's build left it."""
        if clean or not self.site_checked:  # not clean: _up_to_date has looked at site/
            return
        proven = self.proven
        if proven is None or proven.fingerprint != self.fingerprint:
            return
        if (self.strict and not proven.strict) or not incremental.allows_incremental(self.config):
            return
        self.previous = proven

    def _start_from_the_previous_site(self) -> None:
        """Link-copy the previous site into staging (a full build: only note what site/ is)."""
        if not self.site_checked:
            self.proven = incremental.proven_site(self.root, self.site)
        if self.previous is not None and not self.in_place:
            with self.stopwatch.stage("copy"):
                given = (self.root, self.staging, self.site, self.previous.files)
                self.staging = spare.linked_copy(*given)
                self.folders.append(self.staging)

    def _prepare_staging(self) -> None:
        if self.previous is None:
            return
        self.result.incremental = True
        with self.stopwatch.stage("copy"):
            pages, theme = set(self.result.pages), incremental.theme_files(self.root, self.config)
            given = (self.staging, self.docs_dir, self.previous, pages, self.sources(), theme)
            incremental.prepare_staging(*given)

    def sources(self) -> dict[str, str]:  # the SHA-256 of every file of docs_dir, by path
        return {**self.hand_written, **self.result.sources}

    def _run_mkdocs(self) -> bool:
        config_file = self.root / CONFIG_FILE
        with self.stopwatch.stage("mkdocs"):
            generated = [page for page in self.result.pages if page.endswith(".md")]
            if self.previous is not None:  # serve's warm MkDocs, if it is there and answers
                warm, code = self.preview.mkdocs, None
                if warm is not None:
                    arguments = mkdocs_arguments(config_file, self.staging, self.strict)
                    code = warm.run(arguments, self.root)
                if code is None:
                    code = run_mkdocs(config_file, self.staging, self.strict, dirty=True)
            else:
                every = sorted(path for path in self.sources() if path.endswith(".md"))
                processes = mkdocs_processes(len(generated))
                per_process = pages_per_process()
                if processes == 1 and len(every) <= per_process:
                    code = run_mkdocs(config_file, self.staging, self.strict)
                else:
                    folders = [self.staging] + [self._folder() for _ in range(processes - 1)]
                    lanes = (every, generated)
                    code = run_mkdocs_in_lanes(
                        config_file, folders, self.docs_dir, lanes, self.strict, per_process
                    )
        if code != 0:
            self.failed(f"MkDocs failed (exit {code})")
        return code == 0

    def _receive_downloads(self) -> None:
        assert self.generator is not None
        if self.defer and self.previous is not None:  # as the previous site had them
            previous = self.previous
            self.downloaded = DownloadsWritten(previous.downloads, [], previous.download_keys)
            self.preview.deferred.append(DEFERRED_DOWNLOADS)
            return
        with self.stopwatch.stage("wait for downloads"):
            ready = self.generator.downloads_written()
            self.stopwatch.record("downloads", ready.seconds)
            self.downloaded = ready.downloads

    def _add_downloads(self) -> None:
        if self.downloaded is None:
            self._receive_downloads()
        made = self.downloaded
        assert made is not None
        with self.stopwatch.stage("move downloads"):
            if self.previous is not None:
                gone = set(self.previous.downloads) - set(made.paths)
                incremental.remove_outputs(self.staging, gone)
            move_downloads(self.downloads, self.staging, made.written)

    def _index_for_search(self) -> bool:
        """Index the bundles of the search index that changed (generator.site.search_index)."""
        pages = self.pages_written
        assert pages is not None
        if self.defer and self.previous is not None:  # the previous site's bundles, as they are
            self.search_keys = self.previous.search_keys
            self.site_files = Future()
            self.site_files.set_result(incremental.site_files(self.staging, skip=SEARCH_DIR + "/"))
            self.preview.deferred.append(DEFERRED_SEARCH)
            return True
        bundles = search_bundles(pages.events_per_year, self.config.search_split_above)
        previous = self.previous.search_keys if self.previous is not None else {}
        # after the downloads, though it does not need them: the generator, which writes them,
        # holds the dataset, and Pagefind needs memory in proportion to a bundle's pages;
        # meanwhile, another thread lists what the new site holds
        with self.stopwatch.stage("search index"), ThreadPoolExecutor(1) as walker:
            skip = SEARCH_DIR + "/"
            self.site_files = walker.submit(incremental.site_files, self.staging, skip=skip)
            given = (bundles, pages.years, self.sources(), self.fingerprint, self.staging, previous)
            shards = plan_shards(*given)
            code, _ = index_shards(self.staging, shards, previous, self._folder)
        self.search_keys = search_keys(shards)
        if code != 0:
            self.failed(f"the search index failed (exit {code})")
        return code == 0

    def _publish(self) -> None:
        """Swap the new site into place, and keep its state for the next build."""
        with self.stopwatch.stage("swap"):
            kept = self.proven.files if self.proven is not None else None
            old = replace_site(self.root, self.staging, self.site, kept is not None, keep=True)
            spare.keep(self.root, old, kept)
            identity = incremental.site_identity(self.site)
            if identity is None or self.site_files is None or self.downloaded is None:
                return
            result, made = self.result, self.downloaded
            state = incremental.SiteState(
                self.fingerprint, self.strict, result.pages, made.paths, *identity
            )
            state.download_keys = made.keys
            state.search_keys = self.search_keys
            state.sources = self.sources()
            if not self.defer:  # else the next build must bring what was deferred up to date
                state.inputs = self.inputs
                self._keep_stamps(state)
            state.files = self.site_files.result()
            state.files.update(incremental.site_files(self.site, within=SEARCH_DIR + "/"))
            incremental.write_state(self.root, state)

    def failed(self, what: str) -> None:
        self.log.write(f"timeline: {what}; {self.config.site_dir}/ was left as it was\n")
