"""MkDocs for a few pages: what `timeline serve` runs after a save (generator.site.warm).

`mkdocs build --dirty` into a linked copy of site/ still walks every page:
it reads the navigation, makes a page for every file, compares each source's
time with its output's, and writes the sitemap of every page; at 10,000
events that is most of a rebuild. `build_pages` does what `mkdocs build`
does, in the same order and with the same functions (`get_files`, the
theme's files, `get_navigation`, `_populate_page`, `_build_page`, the check
of anchors), but reads, renders and writes only the pages it is given (and
the pages of the navigation, whose titles every page shows), into an empty
folder. Every other page of docs_dir is in the files and the navigation as
in a full build, so links, the navigation and the page itself come out byte
for byte as a full build makes them (generator.site.preview_build compares
them in its tests). It writes no static file, no 404 page and no sitemap:
the preview keeps the previous build's, and the build serve runs in the
background afterwards writes them all.

Under `--strict` a warning fails it, as it fails `mkdocs build`.
"""

from __future__ import annotations

import logging
import os
import sys

DOCS_LOGGER = "mkdocs"
UNKNOWN_PAGES = 3  # the exit code when a page asked for is not one MkDocs builds


class _Counter(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.count = 0

    def emit(self, record: logging.LogRecord) -> None:
        self.count += 1


def _log_to_stderr() -> _Counter:
    """MkDocs' warnings on stderr, as its command prints them; a handler that counts them."""
    logger = logging.getLogger(DOCS_LOGGER)
    shown = logging.StreamHandler(sys.stderr)
    shown.setFormatter(logging.Formatter("%(levelname)-7s -  %(message)s"))
    shown.setLevel(logging.WARNING)
    logger.addHandler(shown)
    logger.setLevel(logging.INFO)
    counter = _Counter()
    logger.addHandler(counter)
    return counter


# what `prepare` made, in the warm process: (config_file, strict, config, files, nav, env)
_prepared: tuple | None = None


def _setup(config_file: str, site_dir: str, strict: bool):
    """What `mkdocs build` does before it renders: the settings, the files of docs_dir,
    the theme's files and the navigation (a Page for every page): (config, files, nav, env)."""
    from mkdocs.config import load_config
    from mkdocs.structure.files import get_files, set_exclusions
    from mkdocs.structure.nav import get_navigation
    from mkdocs.structure.pages import Page

    config = load_config(config_file, site_dir=site_dir, strict=strict)
    config.plugins.on_startup(command="build", dirty=True)
    config = config.plugins.on_config(config)
    config.plugins.on_pre_build(config=config)
    files = get_files(config)
    env = config.theme.get_env()
    files.add_files_from_theme(env, config)
    files = config.plugins.on_files(files, config=config)
    set_exclusions(files, config)
    nav = get_navigation(files, config)
    nav = config.plugins.on_nav(nav, config=config, files=files)
    for file in files.documentation_pages(inclusion=_included()):
        if file.page is None and file.inclusion.is_not_in_nav():
            Page(None, file, config)
    return config, files, nav, env


def _included():
    from mkdocs.structure.files import InclusionLevel

    return InclusionLevel.is_included


def prepare(config_file: str, strict: bool) -> None:
    """In the warm process (generator.site.warm), after a build: `_setup` for docs_dir as it
    is now, kept for the next build's fork, which then reads and renders only its pages.

    At 10,000 events the setup is most of a few pages' build (11,500 files listed, a Page
    made for each). Kept only when it is exactly what the fork would make: no plugin (whose
    hooks would run once for two builds), no warning (which the build must count), the
    MkDocs functions named above. A page the next build asks for that it does not hold
    (a new page) has the fork make its own, as without it.
    """
    global _prepared
    _prepared = None
    try:
        from mkdocs.commands.build import _build_page, _populate_page  # noqa: F401
    except ImportError:
        return
    counter = _Counter()
    logger = logging.getLogger(DOCS_LOGGER)
    logger.addHandler(counter)
    try:
        config, files, nav, env = _setup(config_file, os.devnull, strict)
        if not config.plugins and not counter.count:
            _prepared = (config_file, strict, config, files, nav, env)
    except Exception:  # the build that follows meets it again, and says what is wrong
        _prepared = None
    finally:
        logger.removeHandler(counter)


def _from_prepared(config_file: str, site_dir: str, strict: bool, wanted: set[str]):
    """`prepare`'s setup for this build, its pages' output going to `site_dir`; None if it
    has none for this settings file or does not hold every page wanted."""
    if _prepared is None or _prepared[:2] != (config_file, strict):
        return None
    from mkdocs.utils import get_build_date

    config, files, nav, env = _prepared[2:]
    chosen = [file for file in files.documentation_pages() if file.src_uri in wanted]
    if len(chosen) != len(wanted):
        return None
    config["site_dir"] = site_dir
    for file in chosen:  # where it is written, and the build's date, as this build's
        file.dest_dir = site_dir
        vars(file).pop("abs_dest_path", None)  # computed from dest_dir, once
        file.page.update_date = get_build_date()
    return config, files, nav, env


def build_pages(config_file: str, site_dir: str, strict: bool, pages: list[str]) -> int:
    """Render `pages` (paths under docs_dir) into the empty `site_dir`; 0, or 1 on a problem.

    UNKNOWN_PAGES, for the whole rebuild instead, also when this MkDocs lacks the
    functions named above: they are MkDocs 1.6's own, not a promise it makes.
    """
    try:
        from mkdocs.commands.build import _build_page, _populate_page
    except ImportError as missing:
        logging.getLogger(DOCS_LOGGER).info(f"no page-by-page MkDocs here: {missing}")
        return UNKNOWN_PAGES

    counter = _log_to_stderr()
    wanted = set(pages)
    setup = _from_prepared(config_file, site_dir, strict, wanted)
    config, files, nav, env = setup or _setup(config_file, site_dir, strict)
    try:
        in_nav = {page.file.src_uri for page in nav.pages}
        chosen = []
        for file in files.documentation_pages(inclusion=_included()):
            if file.src_uri in wanted or file.src_uri in in_nav:
                _populate_page(file.page, config, files)
            if file.src_uri in wanted:
                chosen.append(file)
        if {file.src_uri for file in chosen} != wanted:
            missing = sorted(wanted - {file.src_uri for file in chosen})
            logging.getLogger(DOCS_LOGGER).info(f"not pages MkDocs builds: {missing}")
            return UNKNOWN_PAGES
        env = config.plugins.on_env(env, config=config, files=files)
        doc_files = files.documentation_pages(inclusion=_included())
        for file in chosen:
            _build_page(file.page, config, doc_files, nav, env, excluded=False)
        level = config.validation.links.anchors
        for file in chosen:
            file.page.validate_anchor_links(files=files, log_level=level)
        config.plugins.on_post_build(config=config)
    finally:
        config.plugins.on_shutdown()
    return 1 if strict and counter.count else 0
