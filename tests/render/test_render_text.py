"""Record text on its way into a page: escaping, conversion and sanitising."""

from __future__ import annotations

import time
from html.parser import HTMLParser

import markdown
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from generator.exports.text import plain_text
from generator.records.markdown import MAX_BLOCK_NESTING, RecordMarkdown
from generator.render import environment, text

# Letters, digits, spaces, newlines and every ASCII punctuation mark, plus a few
# characters that tend to surprise (non-breaking space, curly quotes, tab).
ALPHABET = st.sampled_from(
    list("abcXYZé019 \n\n") + list("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~") + list("\u00a0“”¿\t")
)
texts = st.text(ALPHABET, max_size=60)
# Mostly prose, so that many examples take the fast path for plain text.
prose = st.text(st.sampled_from(list("abcdé  \n\n.,;:'\"()?-—“¿0")), max_size=80)


@settings(max_examples=400, deadline=None)
@given(st.one_of(texts, prose))
@example('Plain sentence. Another one, with (brackets) and "quotes".\n\nSecond paragraph.')
@example("1. not plain")
@example("line  \nbreak")
def test_plain_paragraphs_give_what_the_full_converter_gives(source: str) -> None:
    fast = text.plain_paragraphs(source)
    if fast is not None:
        assert fast == text.convert_record_markdown(source)


@settings(max_examples=300, deadline=None)
@given(texts)
def test_markdown_text_shows_exactly_the_characters(source: str) -> None:
    rendered = markdown.markdown(str(text.markdown_text(source)))
    expected = " ".join(source.split())
    expected = expected.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    if expected:
        assert rendered == f"<p>{expected.replace('|', '&#124;')}</p>"


def test_raw_html_and_unsafe_links_never_survive() -> None:
    html = text.record_html(
        "<script>alert(1)</script> <img src=x onerror=alert(1)> [a](javascript:alert(1)) "
        "[b](data:text/html,x) [c](https://example.org) <https://example.org/auto>"
    )
    assert "<script" not in html and "<img" not in html
    assert "javascript:" not in html and "data:" not in html
    assert '<a href="https://example.org" rel="nofollow noopener">c</a>' in html


def test_only_the_allowed_tags_remain() -> None:
    html = text.record_html(
        "# Heading\n\n| a | b |\n|---|---|\n\n    code block\n\n![img](https://x.org/i.png)"
    )
    for tag in ("<h1", "<table", "<pre", "<img"):
        assert tag not in html


def test_record_block_has_no_blank_line() -> None:
    block = environment.record_block("- one\n\n- two\n\n> quote\n\n  para")
    assert "\n\n" not in block
    assert block.startswith('<div class="record-text">\n') and block.endswith("\n</div>")


def test_plain_line_is_cut_at_a_word() -> None:
    line = text.record_plain("word " * 100, limit=30)
    assert len(line) <= 31 and line.endswith("…") and not line.endswith(" …")
    assert text.record_plain("*Emphasis* and [a link](https://x.org).") == "Emphasis and a link."


def test_front_matter_is_yaml_with_html_escaped_values() -> None:
    import yaml

    block = str(text.front_matter(title='A "quoted" <b>title</b> & more\nover lines'))
    data = yaml.safe_load(block.strip("-\n"))
    assert data == {"title": "A &quot;quoted&quot; &lt;b&gt;title&lt;/b&gt; &amp; more over lines"}


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def page_text(source: str) -> str:
    """What a reader sees of a Markdown field on its page, spaces collapsed."""
    parser = _Text()
    parser.feed(str(environment.record_block(source)))
    parser.close()
    return " ".join("".join(parser.parts).split())


# (written, what the page shows); each character HTML or Markdown treats specially,
# inside and outside code, and references typed as text
AS_TYPED = [
    ("Use `a < b && c` here", "Use a < b && c here"),
    ("`&amp;` and `&lt;` and `&#60;` in code", "&amp; and &lt; and &#60; in code"),
    ("&amp; &lt; &gt; &#60; &#x3C; &copy; & < > outside", None),
    ("``a ` b < c``", "a ` b < c"),
    ("    code block < & &amp; &lt;\n", "code block < & &amp; &lt;"),
    ("- item `x && y`\n- &amp;", "item x && y &amp;"),
    ("> quoted `<b>` &lt;b&gt;", "quoted <b> &lt;b&gt;"),
    ("*em &amp;* **strong <b>**", "em &amp; strong <b>"),
    ("[link &amp; <b>](https://example.org/?a=1&b=2) `<i>`", "link &amp; <b> <i>"),
    ("<b>&amp;</b> `</code><script>`", "<b>&amp;</b> </code><script>"),
]


@pytest.mark.parametrize(("source", "shows"), AS_TYPED)
def test_markdown_shows_what_was_typed_in_pages_and_exports(source: str, shows: str | None) -> None:
    shows = " ".join((source if shows is None else shows).split())
    assert page_text(source) == shows
    assert text.record_plain(source) == shows  # the meta description
    assert " ".join(plain_text(source).split()) == shows  # feeds, calendars, JSON-LD


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(["`", "&", "<", "&amp;", "&lt;", "a b", "*", "\n", "[x](/y)"])))
def test_every_output_shows_the_page_text(parts: list[str]) -> None:
    source = "".join(parts)
    shows = page_text(source)
    assert text.record_plain(source) == shows
    assert " ".join(plain_text(source).split()) == shows


def test_an_image_shows_nowhere() -> None:
    source = "Before ![a picture](https://example.org/p.png) after"
    assert page_text(source) == "Before after"
    assert " ".join(plain_text(source).split()) == "Before after"


# ---------------------------------------------------------------- hostile structure


@pytest.mark.parametrize("marker", ["1. ", "- ", "* ", "+ ", "1) ", "> - ", "- 1. ", "> "])
def test_nesting_on_one_line_stops_at_a_limit(marker: str) -> None:
    """Python-Markdown reads each level by recursion: 500 list markers ended the build."""
    source = marker * 1000 + "end"
    html = text.convert_record_markdown(source)
    assert html.count("<li>") + html.count("<blockquote>") <= MAX_BLOCK_NESTING
    assert page_text(source).endswith("end")
    assert plain_text(source).endswith("end")


def test_nesting_below_the_limit_is_kept() -> None:
    html = text.convert_record_markdown("- " * (MAX_BLOCK_NESTING - 1) + "x")
    assert html.count("<ul>") == MAX_BLOCK_NESTING - 1


# (a unit, repeated to the longest a body may be); each took from 15 seconds to more
# than ten minutes, growing with the square of the length
SLOW_BEFORE = ["[", "[x](", "[](", "![x](", "<", "=\n", "---\n", "a\n=\n", "***\n", "a\n---\n"]


@pytest.mark.parametrize("unit", SLOW_BEFORE)
def test_a_longest_body_converts_in_linear_time(unit: str) -> None:
    source = (unit * (50_000 // len(unit) + 1))[:50_000]
    # CPU time of this process, not wall time: a busy machine makes a test wait for a core
    # but not spend more CPU on it; the quadratic readings took 15 s to ten minutes of it
    started = time.process_time()
    text.convert_record_markdown(source)
    plain_text.__wrapped__(source)
    assert time.process_time() - started < 8  # about a second on a 2-core machine


@settings(max_examples=500, deadline=None)
@given(st.text(st.sampled_from(list("[]()x\"' \n!`\\:")), max_size=40))
@example('[a](b(c)d) [e](f "g(h)") [i](j \'k) l)')
def test_links_read_as_python_markdown_reads_them(source: str) -> None:
    """Links are found in linear time, with the same result as Python-Markdown's own reading."""
    expected = markdown.Markdown(extensions=["sane_lists"], output_format="html")
    ours = markdown.Markdown(extensions=[RecordMarkdown()], output_format="html")
    assert ours.convert(source) == expected.convert(source)  # nothing here to escape
