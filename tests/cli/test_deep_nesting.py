"""Lists and mappings nested hundreds deep, through every command that reads records.

PyYAML's libyaml stops at 1000 levels and Python's recursion limit is 1000
frames; a record never needs more than three levels. Each command is run for
real on one project whose records nest 30, 500, 999, 1000 and 5000 deep:
validate, build and export refuse them at the place where the limit is
passed, `changes` lists them, `new entity` (which reads every entity) writes
its skeleton, and none shows a traceback.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from generator.records.yamltree import MAX_NESTING
from tests.helpers import build, git, new_project, run_timeline, write_file

DEPTHS = (30, 500, 999, 1000, 5000)
BASELINE = "events/2025/2025-01-01-baseline.yaml"


def deep_event(depth: int) -> str:
    return (
        f'title: Nested {depth} deep\ndate: "2025-06-01"\nsummary: A summary.\n'
        "sources:\n  - url: https://example.org/a\n    publisher: Example Daily\n"
        f"    title: {'[' * depth}{']' * depth}\n"
    )


def deep_entity(depth: int) -> str:
    return f"name: Nested {depth}\nkind: person\naliases:\n  - " + "- " * depth + "x\n"


# every deep file, with where its error is: the bracket or dash that opens the level past
# the limit (the record, `sources` and one source are three: the first bracket is the 4th)
EXPECTED = {
    **{f"events/2025/2025-06-01-nested-{d}.yaml": (7, 12 + (MAX_NESTING - 3)) for d in DEPTHS},
    **{f"entities/nested-{d}.yaml": (4, 3 + 2 * (MAX_NESTING - 1)) for d in DEPTHS},
    BASELINE: (7, 12 + (MAX_NESTING - 3)),
}


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A repository whose branch adds deep records, makes one deep and removes a deep one."""
    root = new_project(tmp_path_factory.mktemp("deep"))
    write_file(root, "events/2025/2025-01-02-deep-before.yaml", deep_event(5000))
    git(root, "init", "--quiet", "--initial-branch=main")
    git(root, "add", "-A")
    git(root, "commit", "--quiet", "-m", "records")
    git(root, "switch", "--quiet", "-c", "deep")
    git(root, "rm", "--quiet", "events/2025/2025-01-02-deep-before.yaml")
    for depth in DEPTHS:
        write_file(root, f"events/2025/2025-06-01-nested-{depth}.yaml", deep_event(depth))
        write_file(root, f"entities/nested-{depth}.yaml", deep_entity(depth))
    write_file(root, BASELINE, deep_event(1000).replace("Nested 1000 deep", "Baseline"))
    return root


def errors_by_file(output: str) -> dict[str, list[tuple[int, int, str]]]:
    found: dict[str, list[tuple[int, int, str]]] = {}
    for line in output.splitlines():
        if ": error: " in line:
            where, message = line.split(": error: ", 1)
            path, row, col = where.rsplit(":", 2)
            found.setdefault(path, []).append((int(row), int(col), message.rsplit("[", 1)[1]))
    return found


def assert_refused_where_the_limit_is_passed(output: str) -> None:
    expected = {path: [(*place, "nesting-too-deep]")] for path, place in EXPECTED.items()}
    assert errors_by_file(output) == expected
    assert f"more than {MAX_NESTING} levels deep" in output


def test_validate_refuses_each_file_where_the_limit_is_passed(project: Path) -> None:
    result = run_timeline("validate", cwd=project)
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr
    assert_refused_where_the_limit_is_passed(result.stdout)


def test_build_refuses_and_writes_no_site(project: Path) -> None:
    result = build(project)
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr
    assert_refused_where_the_limit_is_passed(result.stdout + result.stderr)
    assert not (project / "site").exists()


def test_export_refuses_and_writes_nothing(project: Path, tmp_path: Path) -> None:
    out = tmp_path / "events.json"
    result = run_timeline("export", "--format", "json", "-o", str(out), cwd=project)
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr
    assert_refused_where_the_limit_is_passed(result.stdout + result.stderr)
    assert not out.exists()


def test_changes_lists_deep_records_without_a_traceback(project: Path) -> None:
    """The first step of CI on a pull request: it lists the files, validate says what is wrong."""
    result = run_timeline("changes", "--since", "main", "--format", "json", cwd=project)
    assert result.returncode == 0, result.stderr
    listed = {(c["change"], c["path"]) for c in json.loads(result.stdout)["changes"]}
    assert listed == {
        ("removed", "events/2025/2025-01-02-deep-before.yaml"),
        ("changed", BASELINE),
        *(("added", path) for path in EXPECTED if path != BASELINE),
    }


def test_new_entity_reads_deep_entities_without_a_traceback(project: Path) -> None:
    result = run_timeline(
        "new", "entity", "Nested 30", "--kind", "person", "--slug", "x", cwd=project
    )
    assert result.returncode == 0, result.stderr
    assert (project / "entities" / "x.yaml").is_file()
    (project / "entities" / "x.yaml").unlink()


@pytest.mark.parametrize("depth", DEPTHS)
def test_a_deep_mkdocs_yml_is_refused_where_it_gets_too_deep(tmp_path: Path, depth: int) -> None:
    """MkDocs and the generator read mkdocs.yml with PyYAML's loader, which recurses."""
    root = new_project(tmp_path / "project")
    config = root / "mkdocs.yml"
    lines = config.read_text(encoding="utf-8").splitlines()
    config.write_text("\n".join([*lines, "extra_deep: " + "[" * depth + "]" * depth, ""]))
    # the bracket that opens the 51st level (the mapping is the first)
    message = f"mkdocs.yml:{len(lines) + 1}:{13 + 49}: error: lists and mappings nest more than 50 "
    commands = [["export", "--format", "json", "-o", str(tmp_path / "x.json")], ["build"]]
    for command in commands if depth > 49 else commands[:1]:
        result = run_timeline(*command, cwd=root)
        assert "Traceback" not in result.stderr
        if depth <= 49:
            assert result.returncode == 0, result.stderr
        else:  # like every error in mkdocs.yml: where it is, exit 1
            assert result.returncode == 1
            assert result.stderr.startswith(message), result.stderr
            assert not (root / "site").exists()
    shutil.rmtree(root)


def test_deep_json_in_the_build_cache_is_no_traceback(tmp_path: Path) -> None:
    """`.cache/` is git-ignored, but a checkout can carry it; json.loads recurses too."""
    root = new_project(tmp_path / "project")
    deep = "[" * 100_000 + "]" * 100_000
    write_file(root, ".cache/site-state.json", '{"a": ' + deep + "}")
    write_file(root, ".cache/page-keys.json", deep)
    result = build(root)
    assert "Traceback" not in result.stderr, result.stderr[-2000:]
    assert result.returncode in (0, 1)  # ignored as unreadable, or refused as not its own
    assert (root / "site").is_dir() == (result.returncode == 0)
    shutil.rmtree(root)
