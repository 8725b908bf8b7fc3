"""Every kind of page loads in a browser without a console error or a request elsewhere.

The `open_tab` fixture fails a test on any console error, uncaught exception
or request to another host (no CDN: the site's scripts, styles and search all
come from the site itself).
"""

from __future__ import annotations

PAGES = [
    "",
    "timeline/",
    "timeline/2025/",
    "events/2025-05-03-sheinbaum-rejects-us-troops/",
    "events/2025-01-heritage-report-on-military-force-against-cartels/",
    "actors/",
    "actors/claudia-sheinbaum/",
    "places/",
    "places/texcoco/",
    "tags/",
    "tags/sovereignty/",
    "data/",
    "about/",
    "contribute/",
    "404.html",
]


def test_pages_load_without_console_errors(open_tab, seed_site) -> None:
    tab = open_tab()
    requested: list[str] = []
    tab.page.on("request", lambda request: requested.append(request.url))
    for path in PAGES:
        response = tab.page.goto(seed_site.url(path))
        assert response.status == 200, path
        assert tab.page.title(), path
    # Material fetches the sitemap beside every <link rel="alternate">, taking
    # them for translations; the feed links are kept from it (see main.html)
    assert not [url for url in requested if url.endswith("sitemap.xml")]
    # search downloads nothing until a reader searches
    assert not [url for url in requested if "/pagefind/" in url]


def test_feed_links_stay_discoverable_in_the_html(seed_site) -> None:
    html = (seed_site.root / "site" / "actors" / "claudia-sheinbaum" / "index.html").read_text()
    # the site's feed, the changes feed and the actor's own
    assert html.count('<link rel="alternate" type="application/atom+xml"') == 3
    assert 'href="https://timeline-tracker.github.io/us-mexico-timeline/changes.xml"' in html
    # the site's two feeds are named by the home page and the timeline, not by
    # every event page (10,000 copies)
    site = seed_site.root / "site"
    for page in ("index.html", "timeline/index.html"):
        assert (site / page).read_text().count(
            '<link rel="alternate" type="application/atom+xml"'
        ) == 2
    event = (site / "events" / "2025-05-03-sheinbaum-rejects-us-troops" / "index.html").read_text()
    assert 'rel="alternate"' not in event
