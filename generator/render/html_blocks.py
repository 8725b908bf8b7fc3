"""A Markdown extension that passes the generator's finished HTML through MkDocs untouched.

Generated pages are Markdown only where MkDocs must see Markdown: the front
matter and the headings (for the table of contents, the permalinks and the
search sections). Everything between the headings is HTML that the generator
rendered and escaped itself, between two marker lines:

    <!-- timeline:html -->
    <p class="event-meta">...</p>
    <!-- /timeline:html -->

This preprocessor puts each such region in Python-Markdown's HTML stash
before any other preprocessor runs, so that neither the raw-HTML parser nor
the inline patterns nor MkDocs' link rewriting walk through it: at 1,000
event pages that work was most of MkDocs' time (the pages built twice as
slowly as hand-written Markdown of the same content). The generator writes
links in these regions as final addresses (see generator.render.links), and
tests follow every one of them in the built site.

Templates write a region as `{% call html_region() %}...{% endcall %}`
(generator.render.environment), never the markers themselves. Record text
cannot open a region: the generator escapes every `<` of a record before it
reaches a page. Enabled in mkdocs.yml:

    markdown_extensions:
      - generator.render.html_blocks
"""

from __future__ import annotations

from markdown import Extension, Markdown
from markdown.preprocessors import Preprocessor

OPEN = "<!-- timeline:html -->"
CLOSE = "<!-- /timeline:html -->"
# after normalize_whitespace (30), which takes out the stash's own marker characters,
# and before the raw-HTML parser (html_block, 20)
PRIORITY = 27


class HtmlRegionPreprocessor(Preprocessor):
    def run(self, lines: list[str]) -> list[str]:
        if OPEN not in lines:
            return lines
        out: list[str] = []
        region: list[str] | None = None
        for line in lines:
            if region is None:
                if line == OPEN:
                    region = []
                else:
                    out.append(line)
            elif line == CLOSE:
                out += ["", self.md.htmlStash.store("\n".join(region)), ""]
                region = None
            else:
                region.append(line)
        if region is not None:  # never closed: leave it to Markdown as it was written
            out += [OPEN, *region]
        return out


class HtmlRegionExtension(Extension):
    def extendMarkdown(self, md: Markdown) -> None:
        md.preprocessors.register(HtmlRegionPreprocessor(md), "timeline_html", PRIORITY)


def makeExtension(**kwargs: object) -> HtmlRegionExtension:
    return HtmlRegionExtension(**kwargs)
