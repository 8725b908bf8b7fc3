"""The Markdown of records, read one way for the pages and for the exports.

Contributors write summaries, bodies, entity summaries and update notes in
Markdown: emphasis, links, lists, quotes and code. Raw HTML and character
references are not part of it; they show as the characters typed. So `&` and
`<` are escaped before Python-Markdown reads the text (nothing in it can then
be a tag, a comment or a reference), and the converter is told that its input
is escaped already:

- code spans and code blocks keep the escaped text as it is, where
  Python-Markdown would escape it a second time (`a < b` in code showed as
  `a &lt; b` on the page, in the meta description and in every export);
- lists and quotes nest at most MAX_BLOCK_NESTING deep: Python-Markdown reads
  each level by recursion, and a summary of `1. ` written 500 times on one line
  ended the build with a RecursionError; deeper markers stay text;
- the ']' that closes a link's text is found by one pass over the brackets,
  where Python-Markdown read on from every '[' to find it: a body of 4,000 '['
  took 10 seconds, and one of 50,000 (the longest a body may be) many minutes.

The result is HTML for a sanitiser (`generator.render.text`) or a text
extractor (`generator.records.plain_text`), never for a reader as it is.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree

import markdown
from markdown import blockprocessors, inlinepatterns, treeprocessors, util
from markdown.extensions import sane_lists

MAX_BLOCK_NESTING = 12


def escape_markup(text: str) -> str:
    """The text with HTML's `&` and `<` escaped, as the converter expects it."""
    return text.replace("&", "&amp;").replace("<", "&lt;")


class _Depth:
    """How many lists and quotes the block parser is inside, shared by their processors."""

    def __init__(self) -> None:
        self.level = 0


def _nesting_limited(processor_class: type[blockprocessors.BlockProcessor]) -> type:
    class Limited(processor_class):
        def __init__(self, parser, depth: _Depth) -> None:
            super().__init__(parser)
            self.depth = depth

        def test(self, parent: etree.Element, block: str) -> bool:
            return self.depth.level < MAX_BLOCK_NESTING and super().test(parent, block)

        def run(self, parent: etree.Element, blocks: list[str]):
            self.depth.level += 1
            try:
                return super().run(parent, blocks)
            finally:
                self.depth.level -= 1

    Limited.__name__ = f"Limited{processor_class.__name__}"
    return Limited


# Python-Markdown's names and priorities for these processors (its build_block_parser),
# with the sane_lists extension's lists
_NESTING_PROCESSORS = (
    ("indent", 90, blockprocessors.ListIndentProcessor),
    ("olist", 40, sane_lists.SaneOListProcessor),
    ("ulist", 30, sane_lists.SaneUListProcessor),
    ("quote", 20, blockprocessors.BlockQuoteProcessor),
)

class _HashHeaders(blockprocessors.HashHeaderProcessor):
    """'#' headers, without searching again the rest of a block that held none.

    Setext headers and rules take the first lines of a block and hand back the rest,
    which this search read again each time: 50,000 characters of '***' lines took 15
    seconds. A search that found nothing finds nothing in what follows a line of it.
    """

    def __init__(self, parser) -> None:
        super().__init__(parser)
        self.searched: str | None = None
        self.found = False

    def test(self, parent: etree.Element, block: str) -> bool:
        before = self.searched
        rest_of_before = (
            before is not None
            and len(block) < len(before)
            and before[-len(block) - 1] == "\n"
            and before.endswith(block)
        )
        self.searched = block
        if not (rest_of_before and not self.found):
            self.found = super().test(parent, block)
        return self.found


class _SetextHeaders(blockprocessors.SetextHeaderProcessor):
    """Setext headers, handing back the rest of the block without splitting all of it."""

    def run(self, parent: etree.Element, blocks: list[str]) -> None:
        heading, underline, *rest = blocks.pop(0).split("\n", 2)
        header = etree.SubElement(parent, "h1" if underline.startswith("=") else "h2")
        header.text = heading.strip()
        if rest:
            blocks.insert(0, rest[0])


class _Pairs:
    """Where each opening bracket of a text is closed, read once however often it is asked.

    Asked in the order the inline patterns meet them; a new text (the inline
    processor builds a new one after each match) starts a new reading.
    """

    def __init__(self, opening: str, closing: str) -> None:
        self.opening = opening
        self.brackets = re.compile(re.escape(opening) + "|" + re.escape(closing))
        self.text: str | None = None
        self.start = self.read_to = 0
        self.open: list[int] = []
        self.closes: dict[int, int] = {}

    def closing(self, text: str, opening: int) -> int | None:
        """The position of the bracket that closes the one at `opening`, or None."""
        if text is not self.text or opening < self.start:
            self.text, self.start, self.read_to = text, opening, opening
            self.open, self.closes = [], {}
        closes, still_open = self.closes, self.open
        if opening in closes:
            return closes[opening]
        for bracket in self.brackets.finditer(text, self.read_to):
            position = bracket.start()
            if bracket.group() == self.opening:
                still_open.append(position)
            elif still_open:
                opened = still_open.pop()
                closes[opened] = position
                if opened == opening:
                    self.read_to = position + 1
                    return position
        self.read_to = len(text)
        return None


class _Quotes:
    """Whether stretches of a text hold a quote mark, each character searched once.

    Remembers a stretch [start, end) without quote marks, and whether one stands at `end`.
    """

    _QUOTE = re.compile("['\"]")

    def __init__(self) -> None:
        self.text: str | None = None
        self.start = self.end = 0
        self.quote_at_end = False

    def within(self, text: str, start: int, end: int) -> bool:
        """Whether text[start:end] holds a quote mark."""
        if text is not self.text or not self.start <= start <= self.end:
            self.text, self.start, self.end, self.quote_at_end = text, start, start, False
        if not self.quote_at_end and end > self.end:
            found = self._QUOTE.search(text, self.end, end)
            self.end, self.quote_at_end = (found.start(), True) if found else (end, False)
        return self.quote_at_end and self.end < end


# how far a link's '(...)' that holds a quote mark is read: its address and title
LINK_TARGET_READ = 1000


class _LinkText:
    """Link text and address by bracket matching, in linear time.

    The same results as LinkInlineProcessor's getText, and its getLink for a
    '(...)' without quote marks (which start a title); one with them is read by
    getLink as it is, over at most LINK_TARGET_READ characters.
    """

    brackets: _Pairs
    parentheses: _Pairs
    quotes: _Quotes

    def getText(self, data: str, index: int) -> tuple[str, int, bool]:
        close = self.brackets.closing(data, index - 1)  # the pattern ended just after a '['
        if close is None:
            return "", len(data), False
        return data[index:close], close + 1, True

    def getLink(self, data: str, index: int) -> tuple[str, str | None, int, bool]:
        opened = self.RE_LINK.match(data, pos=index)
        if opened is None or opened.group(1):  # not a '(', or an address in <...>
            return super().getLink(data, index)
        close = self.parentheses.closing(data, index)
        end = len(data) if close is None else close
        if not self.quotes.within(data, opened.end(), end):
            if close is None:
                return "", None, end, False
            return self.unescape(data[opened.end() : close]).strip(), None, close + 1, True
        return super().getLink(data[: index + LINK_TARGET_READ], index)


def _link_text_by_matching(processor_class: type) -> type:
    return type(f"Matched{processor_class.__name__}", (_LinkText, processor_class), {})


# Python-Markdown's names, patterns and priorities for every processor that reads link text
_LINK_PROCESSORS = (
    ("reference", inlinepatterns.REFERENCE_RE, 170, inlinepatterns.ReferenceInlineProcessor),
    ("link", inlinepatterns.LINK_RE, 160, inlinepatterns.LinkInlineProcessor),
    ("image_link", inlinepatterns.IMAGE_LINK_RE, 150, inlinepatterns.ImageInlineProcessor),
    (
        "image_reference",
        inlinepatterns.IMAGE_REFERENCE_RE,
        140,
        inlinepatterns.ImageReferenceInlineProcessor,
    ),
    (
        "short_reference",
        inlinepatterns.REFERENCE_RE,
        130,
        inlinepatterns.ShortReferenceInlineProcessor,
    ),
    (
        "short_image_ref",
        inlinepatterns.IMAGE_REFERENCE_RE,
        125,
        inlinepatterns.ShortImageReferenceInlineProcessor,
    ),
)


class _CodeAsEscaped(treeprocessors.Treeprocessor):
    """Code keeps the text it was given, which escape_markup escaped already.

    Python-Markdown escapes the text of code spans and code blocks (util.code_escape)
    because it expects raw text there; this undoes exactly that escaping.
    """

    def run(self, root: etree.Element) -> None:
        for code in root.iter("code"):
            if code.text:
                text = code.text.replace("&gt;", ">").replace("&lt;", "<").replace("&amp;", "&")
                code.text = util.AtomicString(text)


class RecordMarkdown(markdown.Extension):
    """The dialect: Python-Markdown with sane lists, for text that escape_markup escaped."""

    def extendMarkdown(self, md: markdown.Markdown) -> None:
        md.parser.blockprocessors.register(_HashHeaders(md.parser), "hashheader", 70)
        md.parser.blockprocessors.register(_SetextHeaders(md.parser), "setextheader", 60)
        depth = _Depth()
        for name, priority, processor_class in _NESTING_PROCESSORS:
            processor = _nesting_limited(processor_class)(md.parser, depth)
            md.parser.blockprocessors.register(processor, name, priority)
        brackets, parentheses, quotes = _Pairs("[", "]"), _Pairs("(", ")"), _Quotes()
        for name, pattern, priority, processor_class in _LINK_PROCESSORS:
            processor = _link_text_by_matching(processor_class)(pattern, md)
            processor.brackets, processor.parentheses, processor.quotes = (
                brackets,
                parentheses,
                quotes,
            )
            md.inlinePatterns.register(processor, name, priority)
        # Every '&' of the text is one that escape_markup wrote. Python-Markdown would set
        # each aside as a character reference, rebuilding the whole text every time:
        # minutes for a body of 50,000 '<'. The HTML writer keeps them as they are.
        md.inlinePatterns.deregister("entity")
        # after the inline patterns (20), which make the code spans
        md.treeprocessors.register(_CodeAsEscaped(md), "code_as_escaped", 19)


def new_converter() -> markdown.Markdown:
    """A converter of record Markdown (one per thread: Python-Markdown keeps state)."""
    return markdown.Markdown(extensions=[RecordMarkdown()], output_format="html")


_converter = new_converter()


def record_markdown_html(text: str) -> str:
    """The HTML Python-Markdown makes of record text; not yet sanitised."""
    return _converter.reset().convert(escape_markup(text))
