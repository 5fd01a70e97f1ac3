"""A docloc project: where pages and catalogs live, and its configuration in mkdocs.yml."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

import yaml

from .errors import DoclocError
from .fileio import read_text, write_text_atomic
from .locales import language_name

CONFIG_FILE = "mkdocs.yml"
PLUGIN_NAME = "docloc"
DEFAULT_TRANSLATED_FIELDS = ("title", "description")
# Catalogs of the site's own interface strings (walkthrough, banners) live in this folder
# of locales/<lang>/LC_MESSAGES/ and locales/templates/; they are not articles.
UI_CATALOG_DIR = "_ui"
# docloc's own files, committed with the project (PO tools and editors that look for catalogs in
# locales/ do not find them): the last imported hand-off of each catalog, the base of a re-import's
# three-way merge, in .docloc/handoff/<lang>/<name>.po.
STATE_DIR = ".docloc"


class _TolerantLoader(yaml.SafeLoader):
    """Safe YAML that reads MkDocs' ``!!python/name`` and ``!ENV`` tags as plain data."""


def _any_tag(loader: yaml.SafeLoader, suffix: str, node: yaml.Node) -> Any:
    if isinstance(node, yaml.ScalarNode):
        return loader.construct_scalar(node)
    if isinstance(node, yaml.SequenceNode):
        return loader.construct_sequence(node)
    return loader.construct_mapping(node)


_TolerantLoader.add_multi_constructor("!", _any_tag)
_TolerantLoader.add_multi_constructor("tag:yaml.org,2002:python/", _any_tag)


def load_yaml(path: Path) -> Any:
    text = read_text(path)
    try:
        return yaml.load(text, Loader=_TolerantLoader)  # noqa: S506 - a SafeLoader subclass
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise DoclocError(
            f"not valid YAML: {getattr(exc, 'problem', exc)}",
            str(path),
            mark.line + 1 if mark else 0,
            mark.column + 1 if mark else 0,
        ) from None


@dataclass
class ProjectConfig:
    """docloc's options, read from the ``docloc`` plugin entry of mkdocs.yml."""

    source_language: str = "en"
    languages: list[str] = field(default_factory=list)  # target languages, not English
    translated_fields: tuple[str, ...] = DEFAULT_TRANSLATED_FIELDS
    options: dict[str, Any] = field(default_factory=dict)  # the whole plugin entry, for later stages

    @classmethod
    def from_mkdocs(cls, data: Any) -> ProjectConfig:
        entry: dict[str, Any] = {}
        plugins = data.get("plugins", []) if isinstance(data, dict) else []
        if isinstance(plugins, dict):
            plugins = [{k: v} for k, v in plugins.items()]
        for plugin in plugins or []:
            if isinstance(plugin, dict) and PLUGIN_NAME in plugin:
                entry = plugin[PLUGIN_NAME] or {}
            elif plugin == PLUGIN_NAME:
                entry = {}
        source = str(entry.get("source_language", "en"))
        languages = [str(x) for x in entry.get("languages", []) if str(x) != source]
        fields = tuple(entry.get("translated_fields", DEFAULT_TRANSLATED_FIELDS))
        return cls(source, languages, fields, dict(entry))


@dataclass
class Project:
    root: Path
    config: ProjectConfig

    @classmethod
    def open(cls, root: Path) -> Project:
        config_path = root / CONFIG_FILE
        if not config_path.is_file():
            raise DoclocError(
                f"{root} is not a docloc project (no {CONFIG_FILE}); create one with 'docloc init {root}'"
            )
        return cls(root, ProjectConfig.from_mkdocs(load_yaml(config_path)))

    # Paths. Article names are POSIX paths below docs/<lang>/, e.g. "partner-center/x.md".
    @property
    def english_dir(self) -> Path:
        return self.root / "docs" / self.config.source_language

    def english_page(self, name: str) -> Path:
        return self.english_dir / name

    def page_reference(self, name: str) -> str:
        """How catalogs refer to the English page: a project-relative POSIX path."""
        return f"docs/{self.config.source_language}/{name}"

    def template(self, name: str) -> Path:
        return self.root / "locales" / "templates" / PurePosixPath(name).with_suffix(".pot")

    def catalog(self, language: str, name: str) -> Path:
        return self.root / "locales" / language / "LC_MESSAGES" / PurePosixPath(name).with_suffix(".po")

    def handoff_base(self, language: str, name: str) -> Path:
        """The catalog the last import built from this article's hand-off: the base of the next
        import's three-way merge (``workflows.handoff``). Written by the import only."""
        return self.root / STATE_DIR / "handoff" / language / PurePosixPath(name).with_suffix(".po")

    def catalog_languages(self) -> list[str]:
        """Languages with a catalog folder, configured ones first."""
        found = sorted(p.name for p in (self.root / "locales").glob("*") if (p / "LC_MESSAGES").is_dir())
        ordered = [lang for lang in self.config.languages if lang in found]
        return ordered + [lang for lang in found if lang not in ordered]

    def article_names(self) -> list[str]:
        """Every English page, as an article name."""
        return sorted(_files_below(self.english_dir, ".md"))

    def catalog_names(self, language: str) -> list[str]:
        """Article names that have a catalog in ``language`` (interface catalogs excluded)."""
        found = _files_below(self.root / "locales" / language / "LC_MESSAGES", ".po")
        return sorted(n[:-3] + ".md" for n in found if not n.startswith(UI_CATALOG_DIR + "/"))

    def template_names(self) -> list[str]:
        """Article names that have a template (interface templates excluded)."""
        found = _files_below(self.root / "locales" / "templates", ".pot")
        return sorted(n[:-4] + ".md" for n in found if not n.startswith(UI_CATALOG_DIR + "/"))

    def ui_catalog_names(self, language: str) -> list[str]:
        """Interface catalogs of ``language`` as ``_ui/<component>`` names."""
        found = _files_below(self.root / "locales" / language / "LC_MESSAGES" / UI_CATALOG_DIR, ".po")
        return sorted(f"{UI_CATALOG_DIR}/{n[:-3]}" for n in found)

    def ui_catalog(self, language: str, component: str) -> Path:
        """The catalog of one interface component, e.g. ``ui_catalog("cs", "walkthrough")``."""
        return self.root / "locales" / language / "LC_MESSAGES" / UI_CATALOG_DIR / f"{component}.po"

    def ui_template(self, component: str) -> Path:
        return self.root / "locales" / "templates" / UI_CATALOG_DIR / f"{component}.pot"

    def relative(self, path: Path) -> str:
        try:
            return path.relative_to(self.root).as_posix()
        except ValueError:
            return str(path)


MKDOCS_TEMPLATE = """\
# Site and docloc configuration. English pages live in docs/{source}/; the other
# languages are rendered from the catalogs in locales/ at build time (docloc plugin).
site_name: {site_name}
# site_url: https://docs.example.org/   # set it: hreflang alternates and canonical URLs need it
docs_dir: docs
theme:
  name: material
  language: {source}
  font: false  # no Google Fonts: the site loads nothing from other hosts
  palette:
    - media: "(prefers-color-scheme: light)"
      scheme: default
      toggle:
        icon: material/brightness-7
        name: Switch to dark mode
    - media: "(prefers-color-scheme: dark)"
      scheme: slate
      toggle:
        icon: material/brightness-4
        name: Switch to light mode
  features:
    # navigation.instant stays off: the language switcher's links would go stale with it
    - navigation.top
    - search.highlight
markdown_extensions:
  - admonition
  - attr_list
  - toc
  - tables
plugins:
  - search
  - {plugin}:
      source_language: {source}
      languages: [{targets}]
      coverage_threshold: 80
      # Links to articles that are not on this site go here ({{locale}}: the reader's, e.g. cs-cz):
      # external_base: "https://learn.microsoft.com/{{locale}}/partner-center/{{slug}}"
  - i18n:
      docs_structure: folder
      languages:
{i18n_languages}
"""


def _files_below(folder: Path, suffix: str) -> list[str]:
    """POSIX paths, relative to ``folder``, of the files below it whose name ends in ``suffix``.

    ``os.walk`` rather than ``Path.rglob``: every command lists the pages, and building a Path
    per file was a noticeable part of start-up. Like ``rglob``, symlinked folders are not entered.
    """
    found: list[str] = []
    top = str(folder)
    for directory, folders, files in os.walk(top):
        folders.sort()
        prefix = os.path.relpath(directory, top).replace(os.sep, "/")
        prefix = "" if prefix == "." else prefix + "/"
        found.extend(prefix + file for file in files if file.endswith(suffix))
    return found


def init_project(root: Path, languages: list[str], site_name: str = "Documentation") -> list[Path]:
    """Create a project skeleton; existing files are left alone. Returns what was written."""
    languages = [lang.strip() for lang in languages if lang.strip()]
    if not languages:
        raise DoclocError("--languages needs at least the source language, e.g. en,cs,pl")
    source, targets = languages[0], languages[1:]
    i18n = []
    for index, lang in enumerate(languages):
        i18n.append(f"        - locale: {lang}\n          name: {language_name(lang)}\n          build: true")
        if index == 0:
            i18n[-1] = i18n[-1].replace("\n          build", "\n          default: true\n          build")
    files = {
        root / CONFIG_FILE: MKDOCS_TEMPLATE.format(
            site_name=site_name,
            source=source,
            plugin=PLUGIN_NAME,
            targets=", ".join(targets),
            i18n_languages="\n".join(i18n),
        ),
        root / ".gitignore": "site/\n",
    }
    written = []
    for path, text in files.items():
        if not path.exists():
            write_text_atomic(path, text)
            written.append(path)
    for folder in [root / "docs" / source, root / "locales" / "templates"] + [
        root / "locales" / lang / "LC_MESSAGES" for lang in targets
    ]:
        folder.mkdir(parents=True, exist_ok=True)
    return written
