"""Record text on its way into a page: escaping, conversion and sanitising."""

from __future__ import annotations

import markdown
from hypothesis import example, given, settings
from hypothesis import strategies as st

from generator.render import text

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
    block = text.record_block("- one\n\n- two\n\n> quote\n\n  para")
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
