"""The settings of `mkdocs.yml` that the generator needs too; the only module that reads it.

MkDocs owns `mkdocs.yml`. The generator reads from it the site's name, its
public address and where records are edited (for absolute links in feeds,
calendars and edit links), where the pages go (`docs_dir`) and the site
(`site_dir`), and what an incremental build must know (the navigation, and
whether plugins, hooks or extra templates take part). It reads them as MkDocs
does, with MkDocs' defaults, so that both agree on every folder.

The generated links assume `use_directory_urls` (`events/x.md` served at
`events/x/`, generator.layout), so `use_directory_urls: false` is refused
rather than built into a site of broken links. A value the generator cannot
read as MkDocs would (a tag such as `!ENV` on one of its settings, text where
a folder is expected) is refused too, with its line and column: the two would
otherwise disagree in silence. Tags elsewhere, such as Material's
`!!python/name:`, are read as nothing, never executed.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from generator.diagnostics import Diagnostic, UserError, error
from generator.layout import CONFIG_FILE
from generator.trust import NotRegular, read_regular

# MkDocs' own defaults
DEFAULT_DOCS_DIR = "docs"
DEFAULT_SITE_DIR = "site"
# PyYAML's composer (MkDocs' loader too) recurses once per level and fails at a few
# hundred; Material's own settings nest five or six levels
MAX_CONFIG_NESTING = 50
MAX_CONFIG_BYTES = 4 * 1024 * 1024
# settings under which a page's output may depend on more than its own source
BUILD_EXTENSIONS = ("plugins", "hooks", "extra_templates")
_TEXT_SETTINGS = ("site_name", "site_description", "site_url", "repo_url", "edit_uri")
_FOLDER_SETTINGS = ("docs_dir", "site_dir")
_PLAIN_TAGS = frozenset(tag for tag in yaml.SafeLoader.yaml_constructors if tag)
_TEXT_TAG = "tag:yaml.org,2002:str"
_NULL_TAG = "tag:yaml.org,2002:null"  # a setting left empty: MkDocs takes its default


class _ConfigLoader(yaml.SafeLoader):
    pass


def _ignore_tag(loader: yaml.SafeLoader, suffix: str, node: yaml.Node) -> None:
    return None


_ConfigLoader.add_multi_constructor("", _ignore_tag)


# the search index is one Pagefind bundle up to this many events, a bundle per year above
# (generator.layout.search_bundles); `extra: {search_split_above: N}` in mkdocs.yml
SEARCH_SPLIT_ABOVE = 3000
_INT_TAG = "tag:yaml.org,2002:int"


@dataclass(frozen=True)
class SiteConfig:
    name: str = "Timeline"
    description: str = ""
    url: str = "http://localhost:8000/"
    repo_url: str | None = None
    edit_uri: str | None = None
    docs_dir: str = DEFAULT_DOCS_DIR
    site_dir: str = DEFAULT_SITE_DIR
    # those of BUILD_EXTENSIONS that mkdocs.yml sets
    build_extensions: tuple[str, ...] = ()
    # pages the navigation lists without a title, so that every page shows their own
    # title; None without `nav` (MkDocs then lists every page, by its title)
    nav_untitled: frozenset[str] | None = None
    sha256: str = ""  # of mkdocs.yml as read; empty without one
    search_split_above: int = SEARCH_SPLIT_ABOVE
    # the theme's own files: `theme.custom_dir` (from the project's root), and the
    # `theme.static_templates` MkDocs renders into the site on every build, dirty or not
    theme_dir: str | None = None
    static_templates: tuple[str, ...] = ()
    # line and column of each setting's value, for messages about it
    positions: Mapping[str, tuple[int, int]] = field(default_factory=dict, compare=False)

    def absolute(self, path: str) -> str:
        """An absolute URL for a site path such as 'events/x/'."""
        return self.url.rstrip("/") + "/" + path.lstrip("/")

    def edit_url(self, record_path: str) -> str | None:
        """Where a record (a path from the project root) is edited on the forge."""
        if not self.repo_url:
            return None
        # edit_uri points into docs_dir; records live beside it, at the project root
        base = (self.edit_uri or "edit/main/").strip("/")
        if base.endswith("/" + self.docs_dir):
            base = base[: -len(self.docs_dir) - 1]
        return f"{self.repo_url.rstrip('/')}/{base}/{record_path}"

    def position(self, setting: str) -> tuple[int, int]:
        """Where a setting's value is written in mkdocs.yml (1, 1 if it is not)."""
        return self.positions.get(setting, (1, 1))


class SettingsError(UserError):
    """mkdocs.yml cannot be read, or holds a setting the generator cannot follow."""

    def __init__(self, diagnostics: list[Diagnostic]) -> None:
        super().__init__("", diagnostics)


def read_site_config(root: Path) -> SiteConfig:
    """The settings of root/mkdocs.yml, the defaults without one; a SettingsError if unusable."""
    try:
        data = read_regular(root / CONFIG_FILE, MAX_CONFIG_BYTES)
    except FileNotFoundError:
        return SiteConfig()
    except NotRegular:
        problem = error(CONFIG_FILE, 1, 1, "not-a-file", "not a regular file; make it a file")
        raise SettingsError([problem]) from None
    except ValueError:
        text = f"larger than {MAX_CONFIG_BYTES} bytes; a configuration needs a few kB"
        raise SettingsError([error(CONFIG_FILE, 1, 1, "too-large", text)]) from None
    except OSError as exc:
        text = f"this file cannot be read ({exc.strerror}); fix its permissions"
        raise SettingsError([error(CONFIG_FILE, 1, 1, "unreadable", text)]) from None
    return _settings_of(data)


def _settings_of(data: bytes) -> SiteConfig:
    root, values = _parse(data)
    nodes = {k.value: v for k, v in root.value if isinstance(k, yaml.ScalarNode)} if root else {}
    problems = _problems(nodes, values)
    split_above, split_problems = _search_split_above(nodes.get("extra"))
    problems += split_problems
    if problems:
        raise SettingsError(problems)
    theme_dir, static_templates = _theme_files(values)
    return SiteConfig(
        name=str(values.get("site_name") or SiteConfig.name),
        description=str(values.get("site_description") or ""),
        url=str(values.get("site_url") or SiteConfig.url),
        repo_url=values.get("repo_url"),
        edit_uri=values.get("edit_uri"),
        docs_dir=values.get("docs_dir") or DEFAULT_DOCS_DIR,
        site_dir=values.get("site_dir") or DEFAULT_SITE_DIR,
        build_extensions=tuple(name for name in BUILD_EXTENSIONS if values.get(name)),
        nav_untitled=_untitled_pages(nodes["nav"]) if values.get("nav") else None,
        sha256=hashlib.sha256(data).hexdigest(),
        search_split_above=split_above,
        theme_dir=theme_dir,
        static_templates=static_templates,
        positions={name: _where(node) for name, node in nodes.items()},
    )


def _parse(data: bytes) -> tuple[yaml.MappingNode | None, dict]:
    """The top mapping's node (None for an empty file) and its values; SettingsError if none."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line, col = _line_col(data, exc.start)
        message = "not valid UTF-8 here; save mkdocs.yml with UTF-8 encoding"
        raise SettingsError([error(CONFIG_FILE, line, col, "encoding", message)]) from None
    try:
        deep = _first_too_deep(text)
        if deep is not None:
            message = (
                f"lists and mappings nest more than {MAX_CONFIG_NESTING} levels deep here, "
                "too deep to read; a configuration needs a few"
            )
            raise SettingsError([error(CONFIG_FILE, *deep, "nesting-too-deep", message)])
        root, values = _compose(text)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        message = f"not valid YAML: {exc.problem}"
        raise SettingsError([error(CONFIG_FILE, line, col, "yaml-syntax", message)]) from None
    except yaml.reader.ReaderError as exc:  # a character YAML does not allow
        line, col = _line_col(data, len(text[: exc.position].encode("utf-8")))
        message = f"not valid YAML: the character U+{exc.character:04X} is not allowed here"
        raise SettingsError([error(CONFIG_FILE, line, col, "yaml-syntax", message)]) from None
    if root is not None and not isinstance(root, yaml.MappingNode):
        message = "mkdocs.yml must be a mapping of settings, one `name: value` a line"
        raise SettingsError([error(CONFIG_FILE, *_where(root), "not-a-mapping", message)])
    return root, values


def _compose(text: str) -> tuple[yaml.Node | None, object]:
    loader = _ConfigLoader(text)
    try:
        root = loader.get_single_node()
        return root, loader.construct_document(root) if root is not None else {}
    finally:
        loader.dispose()


def _where(node: yaml.Node) -> tuple[int, int]:
    return node.start_mark.line + 1, node.start_mark.column + 1


def _problems(nodes: dict[str, yaml.Node], values: dict) -> list[Diagnostic]:
    """An error at each setting the generator reads but cannot follow."""
    problems = []
    for name in (*_TEXT_SETTINGS, *_FOLDER_SETTINGS, "use_directory_urls"):
        node = nodes.get(name)
        if node is None:
            continue
        line, col = _where(node)
        if node.tag not in _PLAIN_TAGS:
            text = f"{name} is written with the tag {node.tag}, which only MkDocs reads; "
            text += _WRITE_IT
            problems.append(error(CONFIG_FILE, line, col, "setting-tag", text))
        elif name in _FOLDER_SETTINGS and values[name] is not None and node.tag != _TEXT_TAG:
            text = f"{name} must be the name of a folder, written as text"
            problems.append(error(CONFIG_FILE, line, col, "setting-type", text))
        elif name == "use_directory_urls" and values[name] is not True and node.tag != _NULL_TAG:
            problems.append(error(CONFIG_FILE, line, col, "use-directory-urls", _DIRECTORY_URLS))
    return problems


def _theme_files(values: dict) -> tuple[str | None, tuple[str, ...]]:
    """`theme.custom_dir` and `theme.static_templates`; (None, ()) where they are not text
    (MkDocs refuses a theme setting of another type, before anything is built)."""
    theme = values.get("theme") if isinstance(values.get("theme"), dict) else {}
    folder, templates = theme.get("custom_dir"), theme.get("static_templates")
    if not (isinstance(templates, list) and all(isinstance(t, str) for t in templates)):
        templates = []
    return (folder if isinstance(folder, str) else None), tuple(templates)


def _search_split_above(extra: yaml.Node | None) -> tuple[int, list[Diagnostic]]:
    """`extra: {search_split_above: N}`, or the default; an error unless N is a whole number."""
    if not isinstance(extra, yaml.MappingNode):
        return SEARCH_SPLIT_ABOVE, []
    for key, value in extra.value:
        if not (isinstance(key, yaml.ScalarNode) and key.value == "search_split_above"):
            continue
        if value.tag == _INT_TAG and str(value.value).isdigit() and int(value.value) > 0:
            return int(value.value), []
        text = "search_split_above must be a whole number of events, such as 3000"
        return SEARCH_SPLIT_ABOVE, [error(CONFIG_FILE, *_where(value), "setting-type", text)]
    return SEARCH_SPLIT_ABOVE, []


_WRITE_IT = "the generator needs it too: write the value itself"
_DIRECTORY_URLS = (
    "use_directory_urls must be true (the default): the generator's pages link to each "
    "other at <name>/ addresses, which only directory URLs serve; delete this line"
)


def _untitled_pages(nav: yaml.Node) -> frozenset[str]:
    """The entries of the navigation written without a title of their own.

    Walks the composed nodes, each once: an alias is the node it names, so a
    navigation of aliases costs no more than its text.
    """
    found: set[str] = set()
    pending, seen = [nav], set()
    while pending:
        node = pending.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        if isinstance(node, yaml.ScalarNode):
            if node.tag == _TEXT_TAG:
                found.add(node.value)
        elif isinstance(node, yaml.SequenceNode):
            pending.extend(node.value)
        elif isinstance(node, yaml.MappingNode):  # title: page, or title: [section]
            pending.extend(v for _, v in node.value if isinstance(v, yaml.SequenceNode))
    return frozenset(found)


def _first_too_deep(text: str) -> tuple[int, int] | None:
    """Where lists and mappings first nest deeper than MAX_CONFIG_NESTING, or None.

    PyYAML's parser, unlike its composer, keeps its own stack, so reading the
    events first finds the depth without recursing. Raises YAMLError for text
    that is not YAML.
    """
    depth = 0
    for event in yaml.parse(text, Loader=_ConfigLoader):
        if isinstance(event, yaml.CollectionStartEvent):
            depth += 1
            if depth > MAX_CONFIG_NESTING:
                return event.start_mark.line + 1, event.start_mark.column + 1
        elif isinstance(event, yaml.CollectionEndEvent):
            depth -= 1
    return None


def _line_col(data: bytes, position: int) -> tuple[int, int]:
    before = data[:position].decode("utf-8", errors="replace")
    return before.count("\n") + 1, len(before) - (before.rfind("\n") + 1) + 1
