"""Take the template whitespace out of the pages MkDocs wrote, after MkDocs and before search.

Material's templates are indented for their authors: an event page carried
about 3 kB of indentation and blank lines that the browser throws away, a
tenth of the published site. After MkDocs, in each HTML file it wrote in this
build, every line break and the whitespace after it (the indentation and blank
lines of templates) becomes one line break. By HTML's rules the page renders
the same:
outside preformatted text a run of whitespace is shown as one space whatever it
holds, and the elements whose whitespace is kept (<pre>, <textarea>, <code> and
<kbd>, which Material sets `white-space: pre-wrap`) are left as they are, with
<script> and <style>. The
output depends only on the input, so the site stays byte for byte the same
from one build to the next, and many pages are done on two cores.

minify-html was measured too: it saves a little more (quotes that HTML does not
need, attributes in another order), but that changes the markup beyond its
whitespace (inline SVG attribute names lowercased, for one), at ten times the
time; whitespace was the bulk of what it saved.

Which files: those with a single link. In an incremental build the staging
folder holds hard links to the published site/ for every output MkDocs did not
rewrite (generator.site.incremental): those were collapsed by the build that
wrote them, and each rewritten one is a new file. A file is replaced by a
rename, never written through.
"""

from __future__ import annotations

import os
import re
from collections.abc import Sequence
from pathlib import Path

from generator.atomic import write_atomically
from generator.site.workers import on_two_cores

# elements whose content is kept byte for byte: those whose whitespace HTML and Material's
# CSS keep, and scripts and styles
_KEPT = re.compile(r"(<(pre|textarea|code|kbd|script|style)\b[^>]*>.*?</\2\s*>)", re.I | re.S)
# a line break and the whitespace after it (indentation, blank lines); never inside a tag's
# attribute values in what MkDocs and Material write (a test compares every attribute)
_BROKEN_RUN = re.compile(r"\n[ \t\r\n\f]*")


def collapsed(html: str) -> str:
    """The page with each line break and the whitespace after it, outside kept elements, as one."""
    parts = _KEPT.split(html)
    # re.split with two groups: text, kept element, its name, text, ...
    out = []
    for index in range(0, len(parts), 3):
        out.append(_BROKEN_RUN.sub("\n", parts[index]))
        if index + 1 < len(parts):
            out.append(parts[index + 1])
    return "".join(out)


def written_pages(site: Path, skip: str = "") -> list[Path]:
    """The HTML files of `site` that are not hard links to another site's (see above)."""
    found = []
    for folder, folders, files in os.walk(site):
        if skip and folder == str(site):
            folders[:] = [name for name in folders if name != skip]
        for name in files:
            if not name.endswith(".html"):
                continue
            path = Path(folder, name)
            if os.lstat(path).st_nlink == 1:
                found.append(path)
    found.sort()
    return found


def _minify(paths: Sequence[Path]) -> int:
    saved = 0
    for path in paths:
        data = path.read_bytes()
        smaller = collapsed(data.decode("utf-8")).encode("utf-8")
        if smaller != data:
            write_atomically(path, smaller)
            saved += len(data) - len(smaller)
    return saved


def minify_site(site: Path, skip: str = "") -> int:
    """Collapse the HTML files MkDocs wrote into `site` (not under `skip`); the bytes saved.

    On two cores for many pages (generator.site.workers): each file is
    collapsed on its own, so which process does it changes nothing.
    """
    ours, theirs = on_two_cores(_minify, written_pages(site, skip), "minifying")
    return ours + (theirs or 0)
