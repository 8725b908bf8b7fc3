"""The documents name the modules that are there: docs/REFERENCE.md's table lists every module
of generator/ and only those, and no document names a file that is gone."""

from __future__ import annotations

import re

from tests.helpers import REPO

GENERATOR = REPO / "generator"


def _table_rows() -> list[str]:
    text = (REPO / "docs" / "REFERENCE.md").read_text(encoding="utf-8")
    section = text[text.index("## For developers") :]
    table = section[section.index("| module | does |") :]
    rows = []
    for line in table.splitlines()[2:]:
        if not line.startswith("| `"):
            break
        rows.append(re.match(r"\| `([^`]+)` \|", line).group(1))
    return rows


def _modules() -> set[str]:
    """Every module (`site/build.py`) and package (`site/`) of generator/ but its front door."""
    found = set()
    for path in GENERATOR.rglob("*.py"):
        relative = path.relative_to(GENERATOR)
        if relative.name == "__init__.py":
            if relative.parent.parts:
                found.add(relative.parent.as_posix() + "/")
        elif relative.as_posix() != "__main__.py":
            found.add(relative.as_posix())
    return found


def test_the_module_table_lists_every_module_once_and_no_other() -> None:
    rows = _table_rows()
    assert len(rows) == len(set(rows)), "a module is listed twice"
    modules = _modules()
    assert sorted(set(rows) - modules) == [], "listed, but not in generator/"
    assert sorted(modules - set(rows)) == [], "in generator/, but not listed in docs/REFERENCE.md"


def test_the_table_follows_the_pipeline() -> None:
    """Each stage's package comes before its modules, the stages in the pipeline's order."""
    stages = [row for row in _table_rows() if row.endswith("/")]
    assert stages == ["records/", "render/", "exports/", "site/", "cli/"]
    rows = _table_rows()
    for stage in stages:
        mine = [i for i, row in enumerate(rows) if row.startswith(stage)]
        assert mine == list(range(mine[0], mine[0] + len(mine))), f"{stage} rows are apart"
        assert rows[mine[0]] == stage


def test_every_module_the_documents_name_exists() -> None:
    """A path such as `generator/site/build.py` in a document names a file that is there."""
    stale = []
    documents = ("README.md", "CONTRIBUTING.md", "docs/REFERENCE.md", "benchmarks/README.md")
    for document in (*documents, "CHANGELOG.md"):
        text = (REPO / document).read_text(encoding="utf-8")
        if document == "CHANGELOG.md":  # what was released is history; what is unreleased is not
            text = text[: text.find("\n## [", text.find("## [Unreleased]") + 1)]
        for path in re.findall(r"generator/[\w/]+\.(?:py|j2|js|css)", text):
            if not (REPO / path).is_file():
                stale.append(f"{document}: {path}")
    assert stale == []
