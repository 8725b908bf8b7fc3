"""`site_dir` in mkdocs.yml is where `timeline build` puts the site, as `mkdocs build` would."""

from __future__ import annotations

from pathlib import Path

from tests.helpers import build, new_project, tree_digest


def test_the_site_goes_to_site_dir_and_a_rebuild_starts_from_it(tmp_path: Path) -> None:
    root = new_project(tmp_path / "project")
    config = root / "mkdocs.yml"
    config.write_text(config.read_text().replace("site_dir: site\n", "site_dir: public\n"))
    result = build(root)
    assert result.returncode == 0, result.stderr
    assert "public/ built in full" in result.stderr
    assert (root / "public" / "index.html").is_file()
    assert (root / "public" / "data" / "events.json").is_file()
    assert (root / "public" / "pagefind" / "pagefind.js").is_file()
    assert not (root / "site").exists()
    before = tree_digest(root / "public")
    again = build(root)
    assert again.returncode == 0, again.stderr
    assert "public/ is up to date" in again.stderr  # nothing changed: nothing done
    assert tree_digest(root / "public") == before
    # the same site as under the default name
    default = new_project(tmp_path / "default")
    assert build(default).returncode == 0
    assert tree_digest(default / "site") == before
