"""The strict YAML reader: every scalar is text, and every node knows where it was written."""

from __future__ import annotations

import pytest

from generator.records import yamltree as yamlload
from generator.records.yamltree import Mapping, Scalar, Sequence, parse_yaml, read_mapping, to_plain


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


# ---------------------------------------------------------------- nesting

DEPTHS = [30, 500, 999, 1000, 5000]
# (shape, its text at a depth, where the level past the limit opens at any depth)
NESTINGS = {
    "flow lists": (lambda d: "body: " + "[" * d + "]" * d + "\n", (1, 12)),
    "flow mappings": (lambda d: "body: " + "{a: " * d + "1" + "}" * d + "\n", (1, 27)),
    "flow lists, one per line": (lambda d: "body:\n" + " [\n" * d + " ]\n" * d, (7, 2)),
    "block lists on one line": (lambda d: "body:\n  " + "- " * d + "x\n", (2, 13)),
    "block and flow": (lambda d: "body:\n  - " + "[{a: " * d + "1" + "}]" * d + "\n", (2, 15)),
}


def _record_depth(spec: object) -> int:
    """How many lists and mappings a value of this schema type nests, itself included."""
    from generator.records import schema

    if isinstance(spec, schema.Record):
        return 1 + max((_record_depth(f.type) for f in spec.fields.values()), default=0)
    if isinstance(spec, schema.ListOf):
        return 1 + _record_depth(spec.item)
    return 0


def test_the_nesting_limit_leaves_room_above_the_record_format() -> None:
    from generator.records import schema

    deepest = max(_record_depth(schema.EVENT), _record_depth(schema.ENTITY))
    assert deepest == yamlload.RECORD_NESTING
    assert 2 * deepest <= yamlload.MAX_NESTING < 20


@pytest.mark.parametrize("depth", DEPTHS)
@pytest.mark.parametrize("shape", NESTINGS)
@pytest.mark.parametrize("reader", ["libyaml", "pure Python"])
def test_deep_nesting_is_refused_where_the_limit_is_passed(
    shape: str, depth: int, reader: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    if reader == "pure Python":
        monkeypatch.setattr(yamlload, "_Loader", yamlload.yaml.SafeLoader)
        monkeypatch.setattr(yamlload, "USING_LIBYAML", False)
    text, (line, col) = NESTINGS[shape][0](depth), NESTINGS[shape][1]
    root, diagnostics = parse_yaml(text.encode(), "f.yaml")
    assert root is None
    assert [(d.line, d.col, d.code) for d in diagnostics] == [(line, col, "nesting-too-deep")]
    assert f"more than {yamlload.MAX_NESTING} levels" in diagnostics[0].message
    assert "missing quote" not in diagnostics[0].message


def test_nesting_up_to_the_limit_is_read() -> None:
    inner = yamlload.MAX_NESTING - 1  # the record is the first level
    root, diagnostics = parse_yaml("body: " + "[" * inner + "]" * inner + "\n", "f")
    assert diagnostics == []
    value = to_plain(root)["body"]
    for _ in range(inner - 1):
        (value,) = value
    assert value == []
    _, diagnostics = parse_yaml("body: " + "[" * (inner + 1) + "]" * (inner + 1) + "\n", "f")
    assert [d.code for d in diagnostics] == ["nesting-too-deep"]


def test_problems_before_the_deep_part_are_kept() -> None:
    text = "a: &x 1\nbody: " + "[" * 5000 + "]" * 5000 + "\n"
    _, diagnostics = parse_yaml(text, "f")
    assert [(d.line, d.col, d.code) for d in diagnostics] == [
        (1, 4, "yaml-anchor"),
        (2, 12, "nesting-too-deep"),
    ]


def test_read_mapping_refuses_a_deep_file(tmp_path) -> None:
    (tmp_path / "deep.yaml").write_text("title: x\naliases: " + "[" * 100_000 + "]" * 100_000)
    mapping, diagnostics = read_mapping(tmp_path / "deep.yaml", "deep.yaml")
    assert mapping is None
    assert [(d.line, d.col, d.code) for d in diagnostics] == [(2, 15, "nesting-too-deep")]
