"""Small projects of real record files, written into a temporary folder by the tests."""

from __future__ import annotations

import textwrap
from pathlib import Path

from generator.diagnostics import format_text
from generator.records.project import load_project

# the entities the events below name: two people, a country and a city
ENTITIES = {
    "entities/ana-perez.yaml": "name: Ana Pérez\nkind: person\n",
    "entities/bruno-diaz.yaml": "name: Bruno Díaz\nkind: person\n",
    "entities/mexico.yaml": "name: Mexico\nkind: country\n",
    "entities/springfield.yaml": "name: Springfield\nkind: city\n",
}


def event(title: str = "Ana Pérez speaks", date: str = "2025-05-03", **extra: str) -> str:
    """An event record, valid as it is: the keys in `extra` are added or replace the
    defaults, each given as the YAML text that follows 'key:' ('' leaves it out)."""
    fields = {
        "title": title,
        "date": date,
        "summary": "She spoke.",
        "actors": "[ana-perez]",
        "sources": (
            "\n  - id: wire\n    url: https://example.org/a\n    publisher: Wire\n"
            "    title: Ana Pérez speaks"
        ),
        **extra,
    }
    text = ""
    for key, value in fields.items():
        if value:
            text += f"{key}:{value}\n" if value.startswith("\n") else f"{key}: {value}\n"
    return text


def write_project(root: Path, files: dict[str, str]) -> Path:
    """Write each file (dedented) under root; the entities above unless they are replaced."""
    for relative, text in {**ENTITIES, **files}.items():
        file = root / relative
        file.parent.mkdir(parents=True, exist_ok=True)
        file.write_text(textwrap.dedent(text), encoding="utf-8")
    return root


def diagnostics_of(root: Path) -> list[str]:
    """What `timeline validate` prints for the project, line by line, in its order."""
    _, diagnostics = load_project(root)
    return format_text(diagnostics).splitlines()
