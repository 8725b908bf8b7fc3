"""The published HTML without template whitespace (generator.site.minify), rendering the same.

The seed site as `timeline build` publishes it is compared, page by page, with
what MkDocs itself writes from the same sources: the same elements with the
same attributes in the same order, the same text once whitespace is collapsed
as a browser collapses it, and the text of <pre>, <code>, <textarea>, <script>
and <style> byte for byte.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest

from generator.site.minify import collapsed
from tests.helpers import EPOCH

KEPT = ("pre", "code", "kbd", "textarea", "script", "style")


class _Tree(HTMLParser):
    """The tags, attributes and text of a page, as a browser's layout would read them."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.items: list[tuple] = []
        self.kept: list[str] = []  # text inside the elements that keep their whitespace
        self._open: list[str] = []
        self._text: list[str] = []

    def _flush(self) -> None:
        text = "".join(self._text)
        self._text = []
        if any(tag in KEPT for tag in self._open):
            self.kept.append(text)
        elif text.strip():  # whether it starts or ends with a space matters between inlines
            words = " ".join(text.split())
            self.items.append(("text", text[0].isspace(), words, text[-1].isspace()))
        elif text:
            self.items.append(("space",))

    def handle_starttag(self, tag, attrs) -> None:
        self._flush()
        self.items.append(("start", tag, tuple(attrs)))
        if tag not in ("meta", "link", "input", "br", "img", "hr", "source", "path", "rect"):
            self._open.append(tag)

    def handle_startendtag(self, tag, attrs) -> None:
        self._flush()
        self.items.append(("start", tag, tuple(attrs)))

    def handle_endtag(self, tag) -> None:
        self._flush()
        self.items.append(("end", tag))
        if tag in self._open:
            del self._open[len(self._open) - 1 - self._open[::-1].index(tag) :]

    def handle_data(self, data) -> None:
        self._text.append(data)

    def handle_comment(self, data) -> None:
        self._flush()
        self.items.append(("comment", data))


def _tree(html: str) -> _Tree:
    tree = _Tree()
    tree.feed(html)
    tree.close()
    tree._flush()
    return tree


def test_whitespace_runs_with_a_line_break_become_one_and_kept_elements_stay() -> None:
    page = (
        '<div class="a">\n      \n    <p>Some\n        text   here</p>\n  </div>\n'
        "<pre><code>  indented\n\n    code\n</code></pre>\n   <p>an <code>a\n   b</code>"
        "<kbd>x\n  y</kbd></p>\n<textarea>\n  keep\n</textarea>\n"
        '<script>\n  var a = "\n   ";\n</script>\n<style>\n  p { }\n</style>\n'
        "<p>end</p>"
    )
    assert collapsed(page) == (
        '<div class="a">\n<p>Some\ntext   here</p>\n</div>\n'
        "<pre><code>  indented\n\n    code\n</code></pre>\n<p>an <code>a\n   b</code>"
        "<kbd>x\n  y</kbd></p>\n<textarea>\n  keep\n</textarea>\n"
        '<script>\n  var a = "\n   ";\n</script>\n<style>\n  p { }\n</style>\n'
        "<p>end</p>"
    )
    # spaces within a line are the text's own: left alone, as is a page already collapsed
    assert collapsed("<p>a  b</p>") == "<p>a  b</p>"
    assert collapsed(collapsed(page)) == collapsed(page)


def test_published_pages_have_no_template_indentation(seed_project: Path) -> None:
    pages = sorted((seed_project / "site").rglob("*.html"))
    assert len(pages) > 40
    for path in pages:
        html = path.read_text(encoding="utf-8")
        outside = re.sub(
            r"<(pre|textarea|code|kbd|script|style)\b.*?</\1>", "<kept>", html, flags=re.S | re.I
        )
        indented = re.findall(r"\n[ \t]+<", outside)
        assert not indented, f"{path}: {indented[:3]}"
        assert "\n\n" not in outside, path


@pytest.fixture(scope="module")
def plain_mkdocs_site(seed_project: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """What MkDocs alone writes from the seed site's sources (the pages `timeline build` wrote)."""
    out = tmp_path_factory.mktemp("plain-mkdocs") / "site"
    env = {**os.environ, **EPOCH, "NO_MKDOCS_2_WARNING": "1"}
    command = [sys.executable, "-m", "mkdocs", "build", "-q", "-d", str(out)]
    subprocess.run(command, cwd=seed_project, env=env, check=True, capture_output=True)
    return out


def test_published_pages_render_as_mkdocs_wrote_them(
    seed_project: Path, plain_mkdocs_site: Path
) -> None:
    published = seed_project / "site"
    pages = sorted(p.relative_to(plain_mkdocs_site) for p in plain_mkdocs_site.rglob("*.html"))
    assert len(pages) > 40
    for relative in pages:
        raw = (plain_mkdocs_site / relative).read_text(encoding="utf-8")
        ours = (published / relative).read_text(encoding="utf-8")
        # the print footer says when each site was built: the only difference allowed
        raw, ours = (re.sub(r"Built [^<]*UTC", "Built", html) for html in (raw, ours))
        before, after = _tree(raw), _tree(ours)
        assert after.items == before.items, relative
        assert after.kept == before.kept, relative
        assert len(ours) < len(raw), relative


def test_minifying_on_two_cores_gives_the_same_files(
    plain_mkdocs_site: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Many pages are collapsed half in a forked helper: the files are those one process makes."""
    import shutil

    from generator.site import workers
    from generator.site.minify import minify_site

    one, two = tmp_path / "one", tmp_path / "two"
    shutil.copytree(plain_mkdocs_site, one)
    shutil.copytree(plain_mkdocs_site, two)
    saved_here = minify_site(one)
    monkeypatch.setattr(workers, "MIN_ITEMS", 0)  # split even the seed's pages
    helper_runs = []
    original = workers.on_two_cores

    def counted(work, items, what):
        ours, theirs = original(work, items, what)
        helper_runs.append(theirs is not None)
        return ours, theirs

    monkeypatch.setattr("generator.site.minify.on_two_cores", counted)
    assert minify_site(two) == saved_here > 0
    assert helper_runs == [True]
    files = sorted(p.relative_to(one) for p in one.rglob("*") if p.is_file())
    assert files == sorted(p.relative_to(two) for p in two.rglob("*") if p.is_file())
    for relative in files:
        assert (one / relative).read_bytes() == (two / relative).read_bytes(), relative
