"""A renamed event keeps its old address: the alias is a page that sends readers on."""

from __future__ import annotations

from generator.settings import read_site_config
from tests.helpers import build, copy_project

OLD = "2025-02-18-nyt-reports-cia-drone-flights-over-mexico"
NEW = "2025-02-18-nyt-cia-drone-flights"


def test_an_alias_redirects_to_the_renamed_event(open_tab, serve, tmp_path) -> None:
    root = copy_project(tmp_path / "project")
    record = root / "events" / "2025" / f"{OLD}.yaml"
    text = record.read_text()
    record.unlink()
    (root / "events" / "2025" / f"{NEW}.yaml").write_text(text + f"aliases: [{OLD}]\n")
    result = build(root)
    assert result.returncode == 0, result.stderr
    base = serve(root)

    redirect = (root / "site" / "events" / OLD / "index.html").read_text()
    canonical = f"{read_site_config(root).url.rstrip('/')}/events/{NEW}/"
    assert f'<link rel="canonical" href="{canonical}">' in redirect
    tab = open_tab()
    tab.page.goto(base + f"events/{OLD}/")
    tab.page.wait_for_url(base + f"events/{NEW}/")
    assert tab.page.locator("h1").first.inner_text().startswith("New York Times reports")
    # the old address is no page of its own: not in the sitemap, not in search
    assert OLD not in (root / "site" / "sitemap.xml").read_text()
