"""What Pagefind reads of a built page (generator.site.search_keys): what changes the key."""

from __future__ import annotations

from generator.site.search_keys import page_key, what_pagefind_reads

PAGE = """<!doctype html><html lang="en"><head><title>Anna - Site</title></head><body>
<nav data-md-component="tabs"><a href="/">Home</a> Built at 20:57</nav>
<article class="md-content__inner" data-pagefind-body>
<h1 id="anna">Anna</h1><p>Deputy press secretary.</p>
<p data-pagefind-ignore="all">{count} events name this person.</p>
<div class="tl-axis" data-pagefind-ignore="all"><div><div>{rows}</div></div></div>
<div data-pagefind-ignore><span data-pagefind-filter="kind">{kind}</span></div>
<p class="tl-print-foot" data-pagefind-ignore="all">Built {date}</p>
</article><footer>{footer}</footer></body></html>"""


def page(**changes: str) -> str:
    values = {"count": "26", "rows": "row", "kind": "person", "date": "today", "footer": "x"}
    return PAGE.format(**{**values, **changes})


def test_what_is_ignored_with_all_or_outside_the_body_does_not_change_the_key() -> None:
    key = page_key("actors/anna/index.html", page())
    assert page_key("actors/anna/index.html", page(count="27", rows="<p>new</p>row")) == key
    assert page_key("actors/anna/index.html", page(date="tomorrow", footer="y")) == key
    reads = what_pagefind_reads(page())
    assert "Deputy press secretary." in reads and "26 events" not in reads


def test_what_pagefind_reads_changes_the_key() -> None:
    key = page_key("actors/anna/index.html", page())
    # the text, a filter inside an element ignored for its words only, the title, the address
    assert page_key("actors/anna/index.html", page().replace("Deputy", "Chief")) != key
    assert page_key("actors/anna/index.html", page(kind="group")) != key
    assert page_key("actors/anna/index.html", page().replace("Anna - Site", "A")) != key
    assert page_key("actors/anna/index.html", page().replace('id="anna"', 'id="a"')) != key
    assert page_key("actors/ann/index.html", page()) != key
    assert page_key("actors/anna/index.html", page().replace('lang="en"', 'lang="es"')) != key
    # metadata set outside the body is read too
    outside = page().replace("<footer>", '<footer><span data-pagefind-meta="m">1</span>')
    assert page_key("actors/anna/index.html", outside) != key


def test_markup_it_cannot_follow_is_read_whole() -> None:
    broken = page().replace("</div></div></div>", "")  # the ignored element never closes
    assert what_pagefind_reads(broken) == broken
    assert page_key("a/index.html", broken) != page_key("a/index.html", broken + " ")
