"""The Markdown extension that passes the generator's HTML through MkDocs untouched."""

from __future__ import annotations

import markdown

from generator.render.html_blocks import CLOSE, OPEN


def convert(text: str) -> str:
    converter = markdown.Markdown(
        extensions=["generator.render.html_blocks", "toc", "tables"], output_format="html"
    )
    return converter.convert(text)


def test_a_region_is_passed_through_as_it_is_and_headings_stay_markdown() -> None:
    region = '<p class="x">*not emphasis* [not a link](x.md) &amp; <a href="../y/">y</a></p>'
    html = convert(f"# Title\n\n{OPEN}\n{region}\n\n<ul>\n<li>a</li>\n</ul>\n{CLOSE}\n\n## Next\n")
    assert '<h1 id="title">Title</h1>' in html
    assert '<h2 id="next">Next</h2>' in html
    assert f"{region}\n\n<ul>\n<li>a</li>\n</ul>" in html
    assert "<em>" not in html


def test_regions_between_headings_keep_their_order() -> None:
    html = convert(f"# A\n\n{OPEN}\n<p>1</p>\n{CLOSE}\n\n## B\n\n{OPEN}\n<p>2</p>\n{CLOSE}\n")
    assert html.index("<p>1</p>") < html.index("<h2") < html.index("<p>2</p>")


def test_a_region_that_is_never_closed_is_left_to_markdown() -> None:
    html = convert(f"# A\n\n{OPEN}\n*emphasis*\n")
    assert "<em>emphasis</em>" in html


def test_markers_must_stand_alone_on_their_line() -> None:
    html = convert(f"Some text {OPEN}\n*emphasis*\n{CLOSE}\n")
    assert "<em>emphasis</em>" in html
