"""The house limits, checked: no module of generator/ over 400 lines, no function over 60."""

from __future__ import annotations

import ast

from tests.helpers import REPO

MAX_MODULE_LINES = 400
MAX_FUNCTION_LINES = 60


def test_modules_and_functions_stay_readable_in_one_sitting() -> None:
    too_long = []
    for path in sorted((REPO / "generator").rglob("*.py")):
        text = path.read_text(encoding="utf-8")
        name = path.relative_to(REPO).as_posix()
        if len(text.splitlines()) > MAX_MODULE_LINES:
            too_long.append(f"{name}: {len(text.splitlines())} lines")
        for node in ast.walk(ast.parse(text)):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                lines = node.end_lineno - node.lineno + 1
                if lines > MAX_FUNCTION_LINES:
                    too_long.append(f"{name}:{node.lineno}: {node.name}() is {lines} lines")
    assert too_long == []
