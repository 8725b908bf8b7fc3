"""The theme's templates name a few of the site's files; generator.layout is where they live."""

from __future__ import annotations

from pathlib import Path

from generator import layout

OVERRIDES = Path(__file__).parent.parent.parent / "site_src" / "overrides"


def test_the_theme_names_the_files_the_layout_puts_there() -> None:
    main = (OVERRIDES / "main.html").read_text(encoding="utf-8")
    assert f'href="{{{{ config.site_url }}}}{layout.SITE_FEED}"' in main
    assert f'href="{{{{ config.site_url }}}}{layout.CHANGES_FEED}"' in main
    search = (OVERRIDES / "partials" / "site-search.html").read_text(encoding="utf-8")
    assert f'/{layout.SEARCH_BUNDLES}"' in search


def test_the_icon_sprite_is_where_the_layout_says() -> None:
    icon = (OVERRIDES / "partials" / "icon.html").read_text(encoding="utf-8")
    assert f"'{layout.ICON_SPRITE}' | url" in icon
    assert (OVERRIDES / layout.ICON_SPRITE).is_file()
    config = (OVERRIDES.parent.parent / "mkdocs.yml").read_text(encoding="utf-8")
    assert f"static_templates:\n    - {layout.ICON_SPRITE}\n" in config
