"""The search scripts Pagefind writes, made to escape '&' in excerpts (the rest: browser tests)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from generator.site.pagefind import SCRIPTS, escape_search_excerpts

ESCAPING = 'content.replace(/&/g,"&amp;").replace(/</g,"&lt;").replace(/>/g,"&gt;")'


@pytest.fixture(scope="module")
def indexed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A one-page site indexed by the Pagefind this project installs."""
    site = tmp_path_factory.mktemp("site")
    (site / "index.html").write_text("<html><body><main><p>a &amp;lt; b</p></main></body></html>")
    command = [sys.executable, "-m", "pagefind", "--site", str(site), "--silent"]
    subprocess.run(command, check=True)
    return site


def test_every_search_script_escapes_ampersands_first_once(indexed: Path) -> None:
    originals = {name: (indexed / "pagefind" / name).read_text() for name in SCRIPTS}
    assert all(ESCAPING not in code for code in originals.values())
    escape_search_excerpts(indexed / "pagefind")
    escape_search_excerpts(indexed / "pagefind")  # a second time changes nothing
    for name, original in originals.items():
        code = (indexed / "pagefind" / name).read_text()
        assert code.count(ESCAPING) == 1, name
        assert len(code) == len(original) + len('.replace(/&/g,"&amp;")')


def test_a_pagefind_that_escapes_otherwise_is_an_error_not_a_silent_skip(tmp_path: Path) -> None:
    folder = tmp_path / "pagefind"
    folder.mkdir()
    for name in SCRIPTS:
        (folder / name).write_text("f.raw_content=escapeSomehow(f.content);")
    with pytest.raises(RuntimeError, match="found 0 places"):
        escape_search_excerpts(folder)
