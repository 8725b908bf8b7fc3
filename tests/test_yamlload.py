"""The strict YAML reader: every scalar is text, and every node knows where it was written."""

from __future__ import annotations

import pytest

from generator import yamlload
from generator.yamlload import Mapping, Scalar, Sequence, parse_yaml, read_mapping, to_plain


def test_libyaml_is_used() -> None:
    assert yamlload.USING_LIBYAML is True


@pytest.mark.parametrize(
    "written", ["no", "on", "yes", "off", "010", "0x1F", "1.10", "1e3", "10:30", "2025-05-03"]
)
def test_yaml_1_1_guesses_stay_text(written: str) -> None:
    root, diagnostics = parse_yaml(f"value: {written}\n", "f.yaml")
    assert diagnostics == []
    assert to_plain(root) == {"value": written}


def test_quoted_and_block_scalars_are_text() -> None:
    root, _ = parse_yaml('a: "2025-05-03"\nb: |\n  line one\n  line two\nc: >-\n  x\n  y\n', "f")
    assert to_plain(root) == {"a": "2025-05-03", "b": "line one\nline two\n", "c": "x y"}


def test_empty_values_are_null_only_when_plain() -> None:
    root, _ = parse_yaml('a:\nb: ~\nc: null\nd: ""\ne: "null"\n', "f")
    assert to_plain(root) == {"a": None, "b": None, "c": None, "d": "", "e": "null"}


def test_positions_are_one_based_and_point_at_values() -> None:
    text = "title: Hello\nactors: [a, bb]\nsources:\n  - url: https://x.org\n"
    root, diagnostics = parse_yaml(text, "f")
    assert diagnostics == []
    assert isinstance(root, Mapping)
    assert (root.line, root.col) == (1, 1)
    key, title = root.entries["title"]
    assert (key.line, key.col, title.line, title.col) == (1, 1, 1, 8)
    _, actors = root.entries["actors"]
    assert isinstance(actors, Sequence)
    assert [(i.line, i.col) for i in actors.items] == [(2, 10), (2, 13)]
    _, sources = root.entries["sources"]
    first = sources.items[0]
    assert (first.line, first.col) == (4, 5)
    url = first.entries["url"][1]
    assert isinstance(url, Scalar)
    assert (url.value, url.line, url.col) == ("https://x.org", 4, 10)


def test_columns_count_characters_not_bytes() -> None:
    root, _ = parse_yaml("title: ññ\nplace: México\n".encode(), "f")
    assert (root.entries["place"][1].line, root.entries["place"][1].col) == (2, 8)
    _, diagnostics = parse_yaml("title: ññ\x07\n".encode(), "f")
    assert [(d.line, d.col, d.code) for d in diagnostics] == [(1, 10, "yaml-syntax")]
    assert "U+0007" in diagnostics[0].message


@pytest.mark.parametrize(
    ("text", "code", "line", "col"),
    [
        ("a: 1\na: 2\n", "duplicate-key", 2, 1),
        ("a: &x 1\n", "yaml-anchor", 1, 4),
        ("a: *x\n", "yaml-alias", 1, 4),
        ("a: !!python/object:os.system x\n", "yaml-tag", 1, 4),
        ("a: 1\n---\na: 2\n", "yaml-documents", 2, 1),
        ("? [a]\n: b\n", "yaml-key", 1, 3),
        ("a:\n\t- b\n", "yaml-syntax", 2, 1),
        ("a: [b, c\nd: e\n", "yaml-syntax", 1, 4),
    ],
)
def test_refused_yaml(text: str, code: str, line: int, col: int) -> None:
    _, diagnostics = parse_yaml(text, "f")
    assert [(d.code, d.line, d.col) for d in diagnostics] == [(code, line, col)]
    assert diagnostics[0].path == "f"


def test_tags_are_shown_as_written() -> None:
    _, diagnostics = parse_yaml("a: !!python/object:os.system x\n", "f")
    assert "'!!python/object:os.system'" in diagnostics[0].message


def test_read_mapping_refuses_what_is_not_a_record(tmp_path) -> None:
    cases = {
        "empty.yaml": (b"", "empty-file"),
        "list.yaml": (b"- a\n", "root-not-mapping"),
        "latin1.yaml": ("title: Peña\n".encode("latin-1"), "not-utf8"),
        "large.yaml": (b"#" * (yamlload.MAX_FILE_BYTES + 1), "file-too-large"),
    }
    for name, (data, code) in cases.items():
        (tmp_path / name).write_bytes(data)
        mapping, diagnostics = read_mapping(tmp_path / name, name)
        assert mapping is None
        assert [d.code for d in diagnostics] == [code], name
    (tmp_path / "link.yaml").symlink_to(tmp_path / "list.yaml")
    assert read_mapping(tmp_path / "link.yaml", "link.yaml")[1][0].code == "symlink"
    (tmp_path / "ok.yaml").write_bytes(b"title: x\n")
    mapping, diagnostics = read_mapping(tmp_path / "ok.yaml", "ok.yaml")
    assert diagnostics == []
    assert to_plain(mapping) == {"title": "x"}
