"""generator.settings: mkdocs.yml read once, as MkDocs reads it, or refused where it is wrong."""

from __future__ import annotations

import ast
import os
import time
from pathlib import Path

import pytest

from generator.settings import (
    DEFAULT_DOCS_DIR,
    DEFAULT_SITE_DIR,
    MAX_CONFIG_NESTING,
    SettingsError,
    SiteConfig,
    read_site_config,
)
from tests.helpers import REPO


def settings(tmp_path: Path, text: str | bytes) -> SiteConfig:
    data = text.encode("utf-8") if isinstance(text, str) else text
    (tmp_path / "mkdocs.yml").write_bytes(data)
    return read_site_config(tmp_path)


def refusal(tmp_path: Path, text: str | bytes) -> list[str]:
    with pytest.raises(SettingsError) as raised:
        settings(tmp_path, text)
    return [f"{d.path}:{d.line}:{d.col}: {d.code}: {d.message}" for d in raised.value.diagnostics]


def test_the_repository_settings() -> None:
    config = read_site_config(REPO)
    assert (config.name, config.docs_dir, config.site_dir) == (
        "U.S.–Mexico security timeline",
        "site_src",
        "site",
    )
    assert config.url == "https://timeline-tracker.github.io/us-mexico-timeline/"
    assert config.edit_url("events/2025/x.yaml") == (
        "https://github.com/timeline-tracker/us-mexico-timeline/edit/main/events/2025/x.yaml"
    )
    assert config.build_extensions == ()  # `plugins: []`
    assert config.nav_untitled == frozenset()  # every entry of its nav has a title
    assert config.position("docs_dir") == (14, 11)
    assert config.theme_dir == "site_src/overrides"
    assert config.static_templates == ("assets/images/icons.svg",)


def test_without_mkdocs_yml_the_defaults_are_mkdocs_own(tmp_path: Path) -> None:
    assert read_site_config(tmp_path) == SiteConfig()
    assert (SiteConfig().docs_dir, SiteConfig().site_dir) == ("docs", "site")
    # and so are they when mkdocs.yml leaves them out, or empty
    config = settings(tmp_path, "site_name: X\ndocs_dir:\n")
    assert (config.docs_dir, config.site_dir) == (DEFAULT_DOCS_DIR, DEFAULT_SITE_DIR)


def test_site_dir_and_docs_dir_are_read(tmp_path: Path) -> None:
    config = settings(tmp_path, "site_name: X\ndocs_dir: pages\nsite_dir: public\n")
    assert (config.docs_dir, config.site_dir) == ("pages", "public")
    assert config.position("site_dir") == (3, 11)


@pytest.mark.parametrize("value", ["true", "", "  # the default"])
def test_directory_urls_on_are_accepted(tmp_path: Path, value: str) -> None:
    settings(tmp_path, f"site_name: X\nuse_directory_urls: {value}\n")


@pytest.mark.parametrize("value", ["false", "no-such", "0"])
def test_use_directory_urls_other_than_true_is_refused_where_it_is(
    tmp_path: Path, value: str
) -> None:
    assert refusal(tmp_path, f"site_name: X\n\nuse_directory_urls: {value}\n") == [
        "mkdocs.yml:3:21: use-directory-urls: use_directory_urls must be true (the default): "
        "the generator's pages link to each other at <name>/ addresses, which only directory "
        "URLs serve; delete this line"
    ]


def test_a_tag_on_a_setting_the_generator_reads_is_refused(tmp_path: Path) -> None:
    text = "site_name: !ENV [NAME, X]\ndocs_dir: !ENV DOCS\nmarkdown_extensions: !!python/x 1\n"
    assert refusal(tmp_path, text) == [
        "mkdocs.yml:1:12: setting-tag: site_name is written with the tag !ENV, which only "
        "MkDocs reads; the generator needs it too: write the value itself",
        "mkdocs.yml:2:11: setting-tag: docs_dir is written with the tag !ENV, which only "
        "MkDocs reads; the generator needs it too: write the value itself",
    ]


def test_a_folder_written_as_a_list_is_refused(tmp_path: Path) -> None:
    assert refusal(tmp_path, "site_dir: [a, b]\n") == [
        "mkdocs.yml:1:11: setting-type: site_dir must be the name of a folder, written as text"
    ]


def test_tags_elsewhere_are_read_as_nothing_and_never_run(tmp_path: Path) -> None:
    marker = tmp_path / "ran"
    text = (
        "site_name: X\nmarkdown_extensions:\n  - pymdownx.emoji:\n"
        f"      emoji_index: !!python/object/apply:os.system ['touch {marker}']\n"
    )
    assert settings(tmp_path, text).name == "X"
    assert not marker.exists()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (b"site_name: X\nsite_url: [\n", "mkdocs.yml:3:1: yaml-syntax: not valid YAML: "),
        (b"- a\n- b\n", "mkdocs.yml:1:1: not-a-mapping: mkdocs.yml must be a mapping"),
        (b"site_name: X\nx: \xff\n", "mkdocs.yml:2:4: encoding: not valid UTF-8 here"),
        (b"site_name: X\nx: a\x01\n", "mkdocs.yml:2:5: yaml-syntax: not valid YAML: the char"),
    ],
)
def test_unreadable_settings_are_refused_where_they_break(
    tmp_path: Path, text: bytes, expected: str
) -> None:
    (problem,) = refusal(tmp_path, text)
    assert problem.startswith(expected), problem


def test_nesting_is_refused_before_the_parser_recurses(tmp_path: Path) -> None:
    deep = MAX_CONFIG_NESTING  # with the top mapping, one level too many
    (problem,) = refusal(tmp_path, "x: " + "[" * deep + "]" * deep + "\n")
    assert problem.startswith(f"mkdocs.yml:1:{4 + deep - 1}: nesting-too-deep: ")
    settings(tmp_path, "x: " + "[" * (deep - 1) + "]" * (deep - 1) + "\n")


def test_a_fifo_is_refused_and_never_read(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "mkdocs.yml")  # reading it would wait for a writer forever
    with pytest.raises(SettingsError) as raised:
        read_site_config(tmp_path)
    assert [d.code for d in raised.value.diagnostics] == ["not-a-file"]


def test_a_link_is_refused(tmp_path: Path) -> None:
    (tmp_path / "elsewhere.yml").write_text("site_name: Elsewhere\n")
    (tmp_path / "mkdocs.yml").symlink_to(tmp_path / "elsewhere.yml")
    with pytest.raises(SettingsError):
        read_site_config(tmp_path)


def test_what_an_incremental_build_needs(tmp_path: Path) -> None:
    text = (
        "nav:\n  - index.md\n  - Guide:\n    - guide.md\n    - Setup: setup.md\n"
        "plugins: [search]\nhooks: []\n"
    )
    config = settings(tmp_path, text)
    assert config.nav_untitled == {"index.md", "guide.md"}
    assert config.build_extensions == ("plugins",)
    assert settings(tmp_path, "site_name: X\n").nav_untitled is None


def test_the_theme_files_an_incremental_build_must_not_write_through(tmp_path: Path) -> None:
    text = "theme:\n  name: material\n  custom_dir: over\n  static_templates: [a.svg, b.txt]\n"
    config = settings(tmp_path, text)
    assert (config.theme_dir, config.static_templates) == ("over", ("a.svg", "b.txt"))
    for plain in ("theme: material\n", "theme:\n  custom_dir: [x]\n  static_templates: 3\n"):
        config = settings(tmp_path, plain)  # MkDocs refuses the second before any build
        assert (config.theme_dir, config.static_templates) == (None, ())


def test_a_navigation_of_aliases_costs_its_text_not_its_expansion(tmp_path: Path) -> None:
    # 40 levels that each name the level below twice: 2**40 entries once expanded
    lines = ["levels:", "  - &l0 [a.md]"]
    lines += [f"  - &l{n} [*l{n - 1}, *l{n - 1}]" for n in range(1, 40)]
    lines.append("nav: *l39")
    started = time.process_time()  # CPU, not wall time: a busy machine only makes it wait
    config = settings(tmp_path, "\n".join(lines) + "\n")
    assert time.process_time() - started < 5
    assert config.nav_untitled == {"a.md"}


def test_the_digest_is_of_the_bytes_read(tmp_path: Path) -> None:
    first = settings(tmp_path, "site_name: X\n").sha256
    assert settings(tmp_path, "site_name: X\n# a comment\n").sha256 != first


def test_settings_is_the_only_reader_of_mkdocs_yml() -> None:
    """No module of the generator but records' own loader parses YAML, and that reads records."""
    readers = []
    for module in sorted((REPO / "generator").rglob("*.py")):
        if module.parent.name == "records":
            continue
        tree = ast.parse(module.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
                owner = node.func.value
                if (
                    isinstance(owner, ast.Name)
                    and owner.id == "yaml"
                    and node.func.attr
                    in (
                        "load",
                        "safe_load",
                        "compose",
                        "parse",
                        "full_load",
                    )
                ):
                    readers.append(module.relative_to(REPO).as_posix())
    assert set(readers) == {"generator/settings.py"}, readers


def test_search_split_above_is_read_from_extra(tmp_path: Path) -> None:
    (tmp_path / "mkdocs.yml").write_text("site_name: x\nextra:\n  search_split_above: 500\n")
    assert read_site_config(tmp_path).search_split_above == 500
    (tmp_path / "mkdocs.yml").write_text("site_name: x\n")
    assert read_site_config(tmp_path).search_split_above == 3000
    (tmp_path / "mkdocs.yml").write_text("site_name: x\nextra:\n  search_split_above: many\n")
    with pytest.raises(SettingsError) as raised:
        read_site_config(tmp_path)
    [problem] = raised.value.diagnostics
    assert (problem.path, problem.line, problem.col) == ("mkdocs.yml", 3, 23)
    assert "search_split_above must be a whole number" in problem.message
