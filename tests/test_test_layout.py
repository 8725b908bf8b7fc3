"""The test suite's own rules: helpers come from one module, goldens follow one convention.

A test file that imports from another test file runs that file's module
fixtures and tests' imports twice and ties the two together by accident;
what tests share lives in tests/helpers.py (fixtures in a conftest.py).
"""

from __future__ import annotations

import ast
from pathlib import Path

from tests.helpers import GOLDEN, TESTS


def _imported_modules(path: Path) -> list[str]:
    names = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module:
            names.append(node.module)
        elif isinstance(node, ast.Import):
            names += [alias.name for alias in node.names]
    return names


def test_no_test_file_imports_from_another_test_file_or_a_conftest() -> None:
    offenders = []
    for path in sorted(TESTS.rglob("*.py")):
        for module in _imported_modules(path):
            last = module.rsplit(".", 1)[-1]
            if module.startswith("tests.") and (last.startswith("test_") or last == "conftest"):
                offenders.append(f"{path.relative_to(TESTS)} imports {module}")
    assert offenders == [], "import shared helpers from tests.helpers instead"


def test_every_golden_case_has_its_expected_output() -> None:
    """tests/golden/<suite>/<case>/: the case's input beside expected* (tests/golden/README.md)."""
    cases = [
        case
        for suite in sorted(GOLDEN.iterdir())
        if suite.is_dir()
        for case in sorted(suite.iterdir())
        if case.is_dir() and not case.name.startswith("_")
    ]
    assert len(cases) > 50
    missing = [str(case.relative_to(GOLDEN)) for case in cases if not list(case.glob("expected*"))]
    assert missing == []
