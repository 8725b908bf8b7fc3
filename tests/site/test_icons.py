"""The theme's icons: one sprite file, referred to by every page, drawing what Material's
inline icons drew."""

from __future__ import annotations

import re
from pathlib import Path
from xml.etree import ElementTree

import material

from generator import layout

SVG = "{http://www.w3.org/2000/svg}"
ICONS = Path(material.__file__).parent / "templates" / ".icons"
# no xmlns: an inline <svg> of an HTML page is in the SVG namespace without one
USE = re.compile(r'<svg viewBox="([^"]+)"><use href="([^"#]+)#([^"]+)"></use></svg>')


def material_icon(symbol_id: str) -> Path:
    """Material's file of an icon from its id in the sprite: "material-menu" is
    material/menu.svg, "fontawesome-brands-git-alt" fontawesome/brands/git-alt.svg."""
    folders = 2 if symbol_id.startswith("fontawesome-") else 1
    return ICONS / (symbol_id.replace("-", "/", folders) + ".svg")


def test_every_page_refers_to_icons_of_the_sprite_and_inlines_none(seed_project: Path) -> None:
    site = seed_project / "site"
    sprite = ElementTree.parse(site / layout.ICON_SPRITE).getroot()
    symbols = {s.get("id"): s for s in sprite.iter(f"{SVG}symbol")}
    assert {"material-menu", "material-magnify", "material-arrow-up"} <= set(symbols)
    pages = list(site.rglob("*.html"))
    assert len(pages) > 50
    used = set()
    for page in pages:
        html = page.read_text(encoding="utf-8")
        if 'class="md-header"' not in html:
            continue  # a redirect page
        found = USE.findall(html)
        # logo and repository twice (header, drawer), menu, palette twice, search, top
        assert len(found) >= 8, page
        for view_box, href, name in found:
            # relative to the page, so the site works under a sub-path (404.html, served
            # at any depth, from the site's root path as Material's own assets)
            if href.startswith("/"):
                assert href.endswith("/" + layout.ICON_SPRITE), page
            else:
                assert (page.parent / href).resolve() == (site / layout.ICON_SPRITE).resolve()
            assert symbols[name].get("viewBox") == view_box, (page, name)
            used.add(name)
        # no icon drawn inline any more (the charts are SVG, but not icons of the theme)
        assert not re.search(r'<svg[^>]*viewBox="0 0 24 24"[^>]*><path', html), page
        assert 'xmlns="http://www.w3.org/2000/svg"' not in html, page
    assert used == set(symbols)
    for name, symbol in symbols.items():
        # the same drawing as Material's own file of that icon
        original = ElementTree.parse(material_icon(name)).getroot()
        paths = [p.get("d") for p in symbol.iter(f"{SVG}path")]
        assert paths == [p.get("d") for p in original.iter(f"{SVG}path")], name
        assert symbol.get("viewBox") == original.get("viewBox"), name
