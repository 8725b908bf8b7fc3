"""Running Pagefind, the search index, and making its excerpts show what the page shows.

Pagefind keeps each page's text as the reader sees it (character references
decoded) and cuts an excerpt of it for the list of results, which its
interface inserts as HTML. It escapes `<` and `>` first, so no tag can come
of it, but not `&`: a record's `&lt;`, which its page shows as those four
characters, showed in the excerpt as `<`, and `&amp;` as `&`. After Pagefind
has written its scripts, this makes them escape `&` too, before the rest.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from generator.layout import SEARCH_DIR
from generator.site.pagefind_filters import normalise_filters

__all__ = ["SEARCH_DIR", "escape_search_excerpts", "run_pagefind"]

# Pagefind's search code that the site publishes: the search dialog runs it in the page, so
# its web worker (a copy of the same code) is not kept (generator.site.search_index)
SCRIPTS = ("pagefind.js",)
# where Pagefind (1.x, minified) escapes a fragment's text for its excerpts
_EXCERPT_ESCAPING = re.compile(
    r"""(?P<target>\w+)\.raw_content\s*=\s*(?P=target)\.content(?P<escape>\.replace\(/</g,\s*"&lt;"\))"""
)
_AMPERSAND_FIRST = r'\g<target>.raw_content=\g<target>.content.replace(/&/g,"&amp;")\g<escape>'
_DONE = '.content.replace(/&/g,"&amp;").replace(/</g,"&lt;")'


def run_pagefind(site: Path, output: Path | None = None) -> int:
    """Index the built pages under `site` into `output` (default site/pagefind/); the exit code.

    Readers load only the index pieces a query needs.
    """
    output = output or site / SEARCH_DIR
    # -I: nothing is imported from the project folder, whatever a checkout puts there
    command = [sys.executable, "-I", "-m", "pagefind", "--site", str(site), "--silent"]
    command += ["--output-path", str(output), "--root-selector", "main"]
    code = subprocess.run(command, check=False).returncode
    if code == 0:
        escape_search_excerpts(output)
        # the same pages give the same index files (Pagefind's filter files did not)
        normalise_filters(output)
    return code


def escape_search_excerpts(bundle: Path) -> None:
    """Make the search scripts of the folder `bundle` escape `&` in excerpts (again harmless)."""
    for name in SCRIPTS:
        script = bundle / name
        code = script.read_text(encoding="utf-8")
        if _DONE in code:
            continue
        escaped, found = _EXCERPT_ESCAPING.subn(_AMPERSAND_FIRST, code)
        if found != 1:
            # a Pagefind whose code changed: a bug to fix here, not the user's problem
            raise RuntimeError(
                f"{script}: found {found} places where Pagefind escapes its excerpts, "
                f"expected 1; update {__name__} for this version of Pagefind"
            )
        script.write_text(escaped, encoding="utf-8")
