"""The few settings of `mkdocs.yml` that the generator needs too.

MkDocs owns `mkdocs.yml`; the generator only reads the site's name, its
public address and where records are edited, for absolute links in feeds,
calendars and edit links. Tags such as `!!python/name:` (used by Material's
extensions) are read as nothing, never executed.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml

from generator.diagnostics import UserError
from generator.records.yamltree import first_too_deep

# PyYAML's loader (MkDocs' too) recurses once per level and fails at a few hundred;
# Material's own settings nest five or six levels
MAX_CONFIG_NESTING = 50


class _ConfigLoader(yaml.SafeLoader):
    pass


def _ignore_tag(loader: yaml.SafeLoader, suffix: str, node: yaml.Node) -> None:
    return None


_ConfigLoader.add_multi_constructor("", _ignore_tag)


@dataclass(frozen=True)
class SiteConfig:
    name: str = "Timeline"
    description: str = ""
    url: str = "http://localhost:8000/"
    repo_url: str | None = None
    edit_uri: str | None = None
    docs_dir: str = "site_src"

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


def read_site_config(root: Path) -> SiteConfig:
    file = root / "mkdocs.yml"
    if not file.is_file():
        return SiteConfig()
    try:
        text = file.read_text(encoding="utf-8")
        deep = first_too_deep(text, MAX_CONFIG_NESTING)
        data = yaml.load(text, Loader=_ConfigLoader) or {} if deep is None else {}
    except UnicodeDecodeError as exc:
        raise UserError(
            f"mkdocs.yml cannot be read: it is not valid UTF-8 (byte {exc.start}); "
            "save it with UTF-8 encoding"
        ) from None
    except yaml.YAMLError as exc:
        raise UserError(f"mkdocs.yml cannot be read: {exc}") from None
    if deep is not None:
        raise UserError(
            f"mkdocs.yml:{deep[0]}:{deep[1]}: lists and mappings nest more than "
            f"{MAX_CONFIG_NESTING} levels deep here, too deep to read; a configuration needs a few"
        )
    if not isinstance(data, dict):
        raise UserError("mkdocs.yml must be a mapping of settings")
    return SiteConfig(
        name=str(data.get("site_name") or SiteConfig.name),
        description=str(data.get("site_description") or ""),
        url=str(data.get("site_url") or SiteConfig.url),
        repo_url=data.get("repo_url"),
        edit_uri=data.get("edit_uri"),
        docs_dir=str(data.get("docs_dir") or "docs"),
    )
