"""A docloc project: where pages and catalogs live, and its configuration in mkdocs.yml."""

from __future__ import annotations

import importlib.util
import os
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from .errors import DoclocError
from .fileio import read_text, write_text_atomic
from .frontmatter import YAML_ERRORS, too_deep, unreadable_value, yaml_refusal
from .locales import language_name
from .lock import STATE_DIR
from .settings import DEFAULT_TRANSLATED_FIELDS, OPTIONS, default_options, validate_options

CONFIG_FILE = "mkdocs.yml"
DOCS_DIR = "docs"  # the site's pages (MkDocs' docs_dir, fixed): English in docs/<source language>/
LOCALES_DIR = "locales"  # catalogs in locales/<lang>/LC_MESSAGES/, templates in locales/templates/
CATALOG_SUBDIR = "LC_MESSAGES"
TEMPLATES_SUBDIR = "templates"
PLUGIN_NAME = "docloc"
# Catalogs of the site's own interface strings (walkthrough, banners) live in this folder
# of locales/<lang>/LC_MESSAGES/ and locales/templates/; they are not articles.
UI_CATALOG_DIR = "_ui"
# The built site; docloc's state (the project lock, check's cache); what an interrupted run leaves until the
# next run removes it.
# The site and the parts 'docloc build --language' writes (site-cs/), at the top only: docs/en/site/ may be an article's
# folder; docloc's state; its temporary names.
GITIGNORE = "/site/\n/site-*/\n.docloc/\n.*.docloc-*\n"
# The last imported hand-off of each catalog, the base of a re-import's three-way merge, in
# .docloc-handoff/<lang>/<name>.po: docloc's own, and committed with the catalogs (unlike .docloc/,
# the local state); outside locales/, so tools and editors that look for catalogs there skip it.
HANDOFF_DIR = ".docloc-handoff"
# Pages the site generates in every language (site/pages.py: HOME, STATUS). No article may take the status
# page's name. A writer's own docs/<source>/index.md is the home page (the site then generates none); an
# imported one is refused, as a hand-off cannot mean to replace the home page and its list of guides.
GENERATED_PAGES = ("index.md", "translation-status.md")
HOME_PAGE, STATUS_PAGE = GENERATED_PAGES
# A language as the project's folders and the site name it: cs, pl, pt_BR, zh-Hant, sr_Latn_RS.
_LANGUAGE_CODE = re.compile(r"[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{2,8})*")


def is_language_code(code: str) -> bool:
    """Whether ``code`` looks like a language code (and so is safe as a folder name)."""
    return _LANGUAGE_CODE.fullmatch(code) is not None


# What a file name in a PO file's '#:' reference cannot hold (catalog.po's writer refuses it): a line feed, NUL.
_UNREFERABLE = re.compile("[\n\x00]")


def article_name_problem(name: str, imported: bool = False) -> str | None:
    """Why ``name`` cannot be an article's name (its path below docs/<source>/), or None.

    A name is a relative POSIX path to a Markdown file that stays below the folder, and takes
    none of the names docloc gives its own files: the interface catalogs' ``_ui/`` folder and
    the pages the site generates.
    """
    parts = name.split("/")
    if not name or name.startswith("/") or "\\" in name or re.match(r"[A-Za-z]:", name):
        return f"{name!r} is not an article name: give its path below docs/<language>/, e.g. guides/setup.md"
    if any(part in ("", ".", "..") for part in parts):
        return f"{name!r} is not an article name: it must stay inside docs/<language>/ (no '..', '.' or '//')"
    if not name.endswith(".md"):
        return f"{name!r} is not an article name: articles are Markdown files (.md)"
    if (found := _UNREFERABLE.search(name)) is not None:  # the '#:' references to the page name it
        return (
            f"{name!r} is not an article name: it holds {found.group()!r}, which a catalog's reference to its "
            "page cannot hold: rename the file"
        )
    if parts[0] == UI_CATALOG_DIR:
        return (
            f"{name!r} takes the name of docloc's own interface catalogs ({UI_CATALOG_DIR}/): "
            "rename the article or its folder"
        )
    if name == STATUS_PAGE:
        return f"{name!r} is the name of a page the site generates in every language: rename the article"
    if imported and name == HOME_PAGE:
        return (
            f"{name!r} would replace the site's home page and its list of guides: import it inside a folder "
            "(importing a folder names its articles from that folder down: import the folder above it, so the page "
            "keeps its folder's name, as in <folder>/index.md), or rename it (a writer's own docs/<language>/"
            "index.md is the home page)"
        )
    return None


class _TolerantLoader(yaml.SafeLoader):
    """Safe YAML that reads MkDocs' ``!ENV`` tag as MkDocs does, and its ``!!python/name`` tags as plain data."""


def _any_tag(loader: yaml.SafeLoader, suffix: str, node: yaml.Node) -> Any:
    if isinstance(node, yaml.ScalarNode):
        return loader.construct_scalar(node)
    if isinstance(node, yaml.SequenceNode):
        return loader.construct_sequence(node)
    return loader.construct_mapping(node)


class _FastTolerantLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
    """``_TolerantLoader`` over libyaml's parser where PyYAML has it: every command reads mkdocs.yml at start,
    which the pure-Python parser took ~7 ms of (libyaml: under 1 ms). The constructors are the same; what
    it refuses is read again by ``_TolerantLoader``, which says what is wrong and where."""


def _env_tag(loader: yaml.SafeLoader, node: yaml.Node) -> Any:
    """``!ENV NAME`` or ``!ENV [NAME, OTHER, default]``: the first variable set, else the default (None without
    one), a variable's value typed as YAML types a plain scalar: what MkDocs' loader (pyyaml_env_tag) makes of it,
    so every command reads the value the site is built with."""
    default = None
    if isinstance(node, yaml.ScalarNode):
        names = [loader.construct_scalar(node)]
    elif isinstance(node, yaml.SequenceNode):
        children = node.value
        if len(children) > 1:
            default = loader.construct_object(children[-1])
            children = children[:-1]
        names = [loader.construct_scalar(child) for child in children]
    else:
        raise yaml.constructor.ConstructorError(
            None, None, f"expected a scalar or sequence node, but found {node.id}", node.start_mark
        )
    for name in names:
        if name in os.environ:
            value = os.environ[name]
            tag = loader.resolve(yaml.ScalarNode, value, (True, False))
            return loader.construct_object(yaml.ScalarNode(tag, value))
    return default


for _loader in (_TolerantLoader, _FastTolerantLoader):
    _loader.add_constructor("!ENV", _env_tag)
    _loader.add_multi_constructor("!", _any_tag)
    _loader.add_multi_constructor("tag:yaml.org,2002:python/", _any_tag)


def load_yaml(path: Path) -> Any:
    return parse_yaml(read_text(path), str(path))


def parse_yaml(text: str, file: str) -> Any:
    try:
        return yaml.load(text, Loader=_FastTolerantLoader)  # noqa: S506 - a SafeLoader subclass
    except YAML_ERRORS:
        pass  # read again below: the pure-Python parser's messages and positions are the ones docloc gives
    try:
        return yaml.load(text, Loader=_TolerantLoader)  # noqa: S506 - a SafeLoader subclass
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise DoclocError(
            f"not valid YAML: {getattr(exc, 'problem', exc)}",
            file,
            mark.line + 1 if mark else 0,
            mark.column + 1 if mark else 0,
        ) from None
    except RecursionError:
        reason, line, column = too_deep(text, _TolerantLoader)
        raise DoclocError(reason, file, line + 1, column + 1) from None
    except YAML_ERRORS as exc:  # a value the constructor cannot make (an impossible date): where it is
        line, column = unreadable_value(text, _TolerantLoader) or (-1, -1)
        raise DoclocError(f"YAML cannot read this value ({yaml_refusal(exc)})", file, line + 1, column + 1) from None


def _key_value(mapping: yaml.Node | None, key: str) -> yaml.Node | None:
    """The value node of ``key`` in a YAML mapping node."""
    if not isinstance(mapping, yaml.MappingNode):
        return None
    for key_node, value in mapping.value:
        if isinstance(key_node, yaml.ScalarNode) and key_node.value == key:
            return value
    return None


def _plugin_node(document: yaml.Node | None, plugin: str) -> tuple[yaml.Node | None, bool]:
    """The options node of a plugin in mkdocs.yml's ``plugins`` (list or mapping form), and whether it is there."""
    plugins = _key_value(document, "plugins")
    if isinstance(plugins, yaml.MappingNode):
        found = _key_value(plugins, plugin)
        return found, found is not None
    if isinstance(plugins, yaml.SequenceNode):
        for item in plugins.value:
            if isinstance(item, yaml.ScalarNode) and item.value == plugin:
                return None, True
            found = _key_value(item, plugin)
            if found is not None:
                return found, True
    return None, False


def _compose(text: str) -> yaml.Node | None:
    try:
        return yaml.compose(text, Loader=_TolerantLoader)  # noqa: S506 - a SafeLoader subclass
    except yaml.YAMLError:
        return None


def _unknown_option(key: str, file: str, text: str | None) -> str:
    """The warning for an option of the docloc entry that docloc does not know (MkDocs says the same)."""
    line, column = _docloc_value_position(text, key, None) if text else (0, 0)
    where = f"{file}:{line}:{column}" if line else file
    known = ", ".join(option.name for option in OPTIONS)
    return f"{where}: docloc has no option {key!r}; it is ignored (a misspelling? docloc's options: {known})"


def _docloc_value_position(text: str, key: str, index: int | None) -> tuple[int, int]:
    """(line, column) of a value of the docloc plugin entry in mkdocs.yml's text; (0, 0) if not found."""
    options, _ = _plugin_node(_compose(text), PLUGIN_NAME)
    node = _key_value(options, key)
    if index is not None:
        node = node.value[index] if isinstance(node, yaml.SequenceNode) and index < len(node.value) else None
    return (node.start_mark.line + 1, node.start_mark.column + 1) if node is not None else (0, 0)


_WEB_URL = re.compile(r"https?://[^\s\x00-\x1f\x7f<>\"'`]+", re.IGNORECASE)


def _require_web_url(key: str, value: object) -> None:
    """URL settings end up in every page's links: only plain http(s) URLs, never javascript: and kin."""
    if value is None or value == "":
        return
    if not isinstance(value, str) or not _WEB_URL.fullmatch(value.strip()):
        raise DoclocError(f"{key} must be an http:// or https:// URL, not {value!r}", CONFIG_FILE)


def _check_language_codes(entry: dict[str, Any], file: str, text: str | None) -> None:
    """Refuse languages that are not language codes: they name folders (``locales/<lang>/``,
    ``docs/<lang>/``), and ``../x`` would take docloc's writes outside the project. The error
    points at the value in ``text`` (mkdocs.yml) when it is given."""
    listed = entry.get("languages") or []
    if not isinstance(listed, list):
        line, column = _docloc_value_position(text, "languages", None) if text else (0, 0)
        raise DoclocError("docloc's languages must be a list, such as [cs, pl]", file, line, column)
    values = [("source_language", None, entry.get("source_language", "en"))]
    values += [("languages", index, code) for index, code in enumerate(listed)]
    for key, index, value in values:
        if isinstance(value, str) and is_language_code(value):
            continue
        line, column = _docloc_value_position(text, key, index) if text else (0, 0)
        what = f"{key}[{index}]" if index is not None else key
        raise DoclocError(
            f"docloc's {what} is {value!r}, which is not a language code such as cs, pl or pt_BR", file, line, column
        )


@dataclass
class ProjectConfig:
    """docloc's options, read from the ``docloc`` plugin entry of mkdocs.yml."""

    source_language: str = "en"
    languages: list[str] = field(default_factory=list)  # target languages, not English
    translated_fields: tuple[str, ...] = DEFAULT_TRANSLATED_FIELDS
    options: dict[str, Any] = field(default_factory=default_options)  # every option (settings.DoclocOptions)
    warnings: tuple[str, ...] = ()  # "mkdocs.yml:line:col: …" for options docloc does not know (ignored)

    @classmethod
    def from_mkdocs(cls, data: Any, file: str = CONFIG_FILE, text: str | None = None) -> ProjectConfig:
        """The ``docloc`` entry of mkdocs.yml's ``data``, validated with the plugin's own schema; an invalid
        option is an error at its line of ``text`` (mkdocs.yml's text) when it is given."""
        entry: dict[str, Any] = {}
        plugins = data.get("plugins", []) if isinstance(data, dict) else []
        if isinstance(plugins, dict):
            plugins = [{k: v} for k, v in plugins.items()]
        for plugin in plugins or []:
            if isinstance(plugin, dict) and PLUGIN_NAME in plugin:
                entry = plugin[PLUGIN_NAME] or {}
            elif plugin == PLUGIN_NAME:
                entry = {}
        if not isinstance(entry, dict):
            raise DoclocError("the docloc entry of the plugins must hold options (key: value), or nothing", file)
        _check_language_codes(entry, file, text)
        _require_web_url("site_url", data.get("site_url") if isinstance(data, dict) else None)
        options, problems, unknown = validate_options(entry)
        if problems:
            key, problem = problems[0]
            line, column = _docloc_value_position(text, key, None) if text else (0, 0)
            raise DoclocError(f"docloc's {key}: {problem}", file, line, column)
        config = cls.from_options(options, file, text)
        config.warnings = tuple(_unknown_option(key, file, text) for key, _ in unknown)
        return config

    @classmethod
    def from_options(cls, options: dict[str, Any], file: str = CONFIG_FILE, text: str | None = None) -> ProjectConfig:
        """The configuration of options the schema validated (the plugin's, or ``from_mkdocs``'s), after
        docloc's own rules: language codes that are safe folder names, an http(s) ``external_base``."""
        _check_language_codes(options, file, text)
        _require_web_url("external_base", options.get("external_base"))
        source = str(options["source_language"])
        languages = [str(x) for x in options["languages"] if str(x) != source]
        return cls(source, languages, tuple(options["translated_fields"]), dict(options))


def _what_to_open(root: Path) -> str:
    """Where a folder holds no mkdocs.yml: the project it lies in (a writer in docs/en/), not an ``init`` that would
    nest a second project inside the first."""
    for folder in Path(os.path.abspath(root)).parents:
        if (folder / CONFIG_FILE).is_file():
            shown = os.path.relpath(folder) if not root.is_absolute() else str(folder)
            return f"it is inside the project {shown}: run docloc there, or pass --project {shown}"
    return f"create one with 'docloc init {root}'"


@dataclass
class Project:
    root: Path
    config: ProjectConfig

    @classmethod
    def open(cls, root: Path) -> Project:
        config_path = root / CONFIG_FILE
        if not config_path.is_file() and os.path.lexists(config_path):  # a folder, a broken link, a device
            raise DoclocError("not a file: docloc reads the project's configuration from it", str(config_path))
        if not config_path.is_file():
            raise DoclocError(f"{root} is not a docloc project (no {CONFIG_FILE}); {_what_to_open(root)}")
        text = read_text(config_path)
        config = ProjectConfig.from_mkdocs(parse_yaml(text, str(config_path)), str(config_path), text)
        return cls(root, config)

    # Paths. Article names are POSIX paths below docs/<lang>/, e.g. "partner-center/x.md".
    @property
    def english_dir(self) -> Path:
        return self.root / DOCS_DIR / self.config.source_language

    def english_page(self, name: str) -> Path:
        return self.english_dir / name

    def page_reference(self, name: str) -> str:
        """How catalogs refer to the English page: a project-relative POSIX path."""
        return f"{DOCS_DIR}/{self.config.source_language}/{name}"

    def template(self, name: str) -> Path:
        return self.root / self.template_reference(name)

    def catalog(self, language: str, name: str) -> Path:
        return self.root / self.catalog_reference(language, name)

    # The same paths project-relative, as strings: ``docloc check`` keys its cache by every catalog's
    # files and builds no Path for them (a thousand Paths cost it more than the rest of a run with
    # one catalog edited).
    @staticmethod
    def template_reference(name: str) -> str:
        return f"{LOCALES_DIR}/{TEMPLATES_SUBDIR}/{_with_suffix(name, '.pot')}"

    @staticmethod
    def catalog_reference(language: str, name: str) -> str:
        return f"{LOCALES_DIR}/{language}/{CATALOG_SUBDIR}/{_with_suffix(name, '.po')}"

    def catalog_file_references(self, language: str, name: str) -> list[str]:
        """``catalog_files`` project-relative: the catalog, and an article's English page and template."""
        if self.is_interface(name):
            return [self.relative(self.catalog_of(language, name))]
        return [self.catalog_reference(language, name), self.page_reference(name), self.template_reference(name)]

    def page_gone(self, name: str) -> str | None:
        """Why the template and catalogs of article ``name`` have no page, or None while its English page is a
        file: what check reports, and export and update refuse, in the same words (a page a writer deleted
        leaves them behind, and the translations in them have nowhere to go)."""
        if os.path.isfile(self.english_page(name)):
            return None
        return (
            f"the English page {self.page_reference(name)} is gone, so the translations of this article have "
            "nowhere to go: restore the page (from version control), or, if the article is retired, delete its "
            f"template {self.template_reference(name)} and its catalogs "
            f"({self.catalog_reference('<language>', name)}, for every language)"
        )

    def handoff_base(self, language: str, name: str) -> Path:
        """The catalog the last import built from this article's hand-off: the base of the next
        import's three-way merge (``workflows.handoff``). Written by the import only."""
        return self.root / HANDOFF_DIR / language / _with_suffix(name, ".po")

    @property
    def locales_dir(self) -> Path:
        """Every catalog and template below it."""
        return self.root / LOCALES_DIR

    def catalog_dir(self, language: str) -> Path:
        """The folder of ``language``'s catalogs (``locales/<lang>/LC_MESSAGES``)."""
        return self.locales_dir / language / CATALOG_SUBDIR

    @property
    def templates_dir(self) -> Path:
        return self.locales_dir / TEMPLATES_SUBDIR

    def catalog_languages(self) -> list[str]:
        """Languages with a catalog folder, configured ones first."""
        found = sorted(p.name for p in self.locales_dir.glob("*") if (p / CATALOG_SUBDIR).is_dir())
        ordered = [lang for lang in self.config.languages if lang in found]
        return ordered + [lang for lang in found if lang not in ordered]

    def article_names(self) -> list[str]:
        """Every English page, as an article name."""
        return sorted(_files_below(self.english_dir, ".md"))

    def catalog_names(self, language: str) -> list[str]:
        """Article names that have a catalog in ``language`` (interface catalogs excluded)."""
        found = _files_below(self.catalog_dir(language), ".po")
        return sorted(n[:-3] + ".md" for n in found if not n.startswith(UI_CATALOG_DIR + "/"))

    def template_names(self) -> list[str]:
        """Article names that have a template (interface templates excluded)."""
        found = _files_below(self.templates_dir, ".pot")
        return sorted(n[:-4] + ".md" for n in found if not n.startswith(UI_CATALOG_DIR + "/"))

    def po_files(self) -> list[Path]:
        """Every catalog (of each language, interface catalogs included) and template the commands read: files
        only, as ``catalog_names`` and ``template_names`` list them (a folder named ``x.po`` is a folder)."""
        found = [
            self.catalog_dir(language) / name
            for language in self.catalog_languages()
            for name in _files_below(self.catalog_dir(language), ".po")
        ]
        return found + [self.templates_dir / name for name in _files_below(self.templates_dir, ".pot")]

    def ui_catalog_names(self, language: str) -> list[str]:
        """Interface catalogs of ``language`` as ``_ui/<component>`` names."""
        found = _files_below(self.catalog_dir(language) / UI_CATALOG_DIR, ".po")
        return sorted(f"{UI_CATALOG_DIR}/{n[:-3]}" for n in found)

    def ui_catalog(self, language: str, component: str) -> Path:
        """The catalog of one interface component, e.g. ``ui_catalog("cs", "walkthrough")``."""
        return self.catalog_dir(language) / UI_CATALOG_DIR / f"{component}.po"

    def ui_template(self, component: str) -> Path:
        return self.templates_dir / UI_CATALOG_DIR / f"{component}.pot"

    @staticmethod
    def is_interface(name: str) -> bool:
        """Whether a catalog name (``_ui/site``) is one of the site's interface catalogs, not an article."""
        return name.startswith(UI_CATALOG_DIR + "/")

    def catalog_of(self, language: str, name: str) -> Path:
        """The catalog behind a name: an article's (``x.md``) or an interface catalog's (``_ui/site``)."""
        if self.is_interface(name):
            return self.ui_catalog(language, name[len(UI_CATALOG_DIR) + 1 :])
        return self.catalog(language, name)

    def catalog_files(self, language: str, name: str) -> list[Path]:
        """Every file a check of this catalog reads: the catalog, and an article's English page and template."""
        return [self.root / reference for reference in self.catalog_file_references(language, name)]

    def work_size(self, language: str | None, name: str) -> int:
        """Bytes a check of ``name`` reads first (its catalog, else its template; the English page for None)."""
        paths = [self.english_page(name)] if language is None else self.catalog_files(language, name)
        for path in paths if language is None else [paths[0], *paths[2:]]:
            try:
                return path.stat().st_size
            except OSError:
                continue
        return 0

    def check_cache_file(self) -> Path:
        """Where ``docloc check`` keeps what it computed (git-ignored: ``.docloc/``): an SQLite file
        (``checks.cache.CheckCache``)."""
        return self.root / STATE_DIR / "check-cache.sqlite"

    def check_replay_dir(self) -> Path:
        """Where ``docloc check`` keeps its last reports, replayed while nothing they read changed (``.docloc/``).

        ``cli.replay`` names the same folder without opening the project (a test holds them together).
        """
        return self.root / STATE_DIR / "check-replay"

    def glossary_reference(self) -> str | None:
        """The glossary file ``mkdocs.yml`` names (``glossary: terms.csv``), relative to the root; None for none."""
        glossary = self.config.options.get("glossary")
        return glossary if isinstance(glossary, str) and glossary else None

    def check_inputs(self) -> tuple[list[str], list[str]]:
        """(folders, files), relative to the root: everything ``docloc check`` reads (``cli.replay`` stamps them)."""
        glossary = self.glossary_reference()
        return [DOCS_DIR, LOCALES_DIR], [CONFIG_FILE] + ([glossary] if glossary else [])

    def own_folder_of(self, path: Path) -> str | None:
        """The folder of the project's own files (``docs``, ``locales``, ``.docloc-handoff``, ``.docloc``) that
        ``path`` would land in, links resolved, or None: files written elsewhere (an export) must not go there."""
        target = Path(os.path.realpath(path))
        for folder in (DOCS_DIR, LOCALES_DIR, HANDOFF_DIR, STATE_DIR):
            if target.is_relative_to(os.path.realpath(self.root / folder)):
                return folder
        return None

    def relative(self, path: Path) -> str:
        try:
            return path.relative_to(self.root).as_posix()
        except ValueError:
            return str(path)


MKDOCS_TEMPLATE = """\
# Site and docloc configuration. English pages live in docs/{source}/; the other
# languages are rendered from the catalogs in locales/ at build time (docloc plugin).
site_name: {site_name}
# site_url: https://docs.example.org/   # set it: hreflang alternates, canonical URLs and the sitemap need it
# The footer of every page. Articles imported from Microsoft's repositories are licensed CC BY 4.0:
# keep the attribution. Site texts like this one are translated in locales/<lang>/LC_MESSAGES/_ui/site.po.
copyright: >-
  Content: Microsoft Docs contributors,
  <a href="https://creativecommons.org/licenses/by/4.0/" rel="license">CC BY 4.0</a>
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
      # The home page: one sentence under the site name, and the heading above the list of guides
      # (or write docs/{source}/index.md: it is then the home page, translated like any page).
      # home_intro: "Step-by-step guides for …"
      # guides_heading: Guides
  - i18n:
      docs_structure: folder
      languages:
{i18n_languages}
"""


def _with_suffix(name: str, suffix: str) -> str:
    """``PurePosixPath(name).with_suffix(suffix)`` as a string."""
    head, _, last = name.rpartition("/")
    dot = last.rfind(".")
    stem = last[:dot] if 0 < dot < len(last) - 1 else last
    return f"{head}/{stem}{suffix}" if head else f"{stem}{suffix}"


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
        named = [prefix + file for file in files if file.endswith(suffix)]
        for name in named:
            if not name.isascii():
                _utf8_name(folder, name)
        found.extend(named)
    return found


def _utf8_name(folder: Path, name: str) -> None:
    """Refuse a file name that is not UTF-8 (Python holds its bytes as lone surrogates): every
    report, cache key and page path writes names as UTF-8, and check ended in an internal error."""
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        shown = os.fsencode(name).decode("utf-8", "backslashreplace")
        raise DoclocError(f"a file name that is not UTF-8: {shown!r}; rename it", str(folder)) from None


@cache
def material_languages() -> frozenset[str]:
    """The languages Material for MkDocs has interface translations for (``theme.language``)."""
    spec = importlib.util.find_spec("material")
    if spec is None or not spec.origin:
        return frozenset()
    folder = Path(spec.origin).parent / "templates" / "partials" / "languages"
    return frozenset(path.stem for path in folder.glob("*.html"))


def language_problem(language: str) -> str | None:
    """Why ``language`` cannot be a language of the site, or None.

    mkdocs-static-i18n sets Material's ``theme.language`` to each language, and Material has
    translations for a fixed list (an unknown one fails inside Material, mid-build); Babel (CLDR)
    gives docloc the language's plural forms and names.
    """
    if not is_language_code(language):
        return f"{language!r} is not a language code such as cs, pl or pt_BR"
    known = material_languages()
    if known and language not in known:
        near = sorted(k for k in known if k.split("-")[0].lower() == language.replace("_", "-").split("-")[0].lower())
        hint = f" (did you mean {' or '.join(near)}?)" if near else f"; it knows {', '.join(sorted(known))}"
        return f"'{language}' is not a language Material for MkDocs has an interface for{hint}"
    from babel import Locale, UnknownLocaleError

    try:
        Locale.parse(language.replace("-", "_"))
    except (UnknownLocaleError, ValueError):
        return f"'{language}' is not a language Babel (CLDR) knows, so it has no plural forms or name"
    return None


def check_languages(languages: list[str], config: Path | None = None) -> None:
    """Refuse languages the site cannot be built in, naming the line of ``config`` (mkdocs.yml) that has them."""
    lines = read_text(config).split("\n") if config is not None and config.is_file() else []
    for language in languages:
        problem = language_problem(language)
        if not problem:
            continue
        token = rf"(?<![\w.-]){re.escape(language)}(?![\w.-])"
        pattern = re.compile(rf"^\s*(?:-\s*)?(?:locale|languages|source_language)\s*:.*{token}|^\s*-\s*{token}\s*$")
        line = next((n for n, text in enumerate(lines, 1) if pattern.search(text.split("#", 1)[0])), 0)
        raise DoclocError(problem, str(config) if config is not None else "", line)


def init_project(root: Path, languages: list[str], site_name: str = "Documentation") -> list[Path]:
    """Create a project skeleton; existing files are left alone. Returns what was written.

    The interface catalogs (``_ui/``) are the site's: ``docloc.site.interface.init_interface``
    makes them (``docloc init`` and a new project's ``docloc import`` call both).
    """
    languages = [lang.strip() for lang in languages if lang.strip()]
    if not languages:
        raise DoclocError("--languages needs at least the source language, e.g. en,cs,pl")
    check_languages(languages)
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
        root / ".gitignore": GITIGNORE,
    }
    written = []
    for path, text in files.items():
        if not path.exists():
            write_text_atomic(path, text)
            written.append(path)
    for folder in [root / DOCS_DIR / source, root / LOCALES_DIR / TEMPLATES_SUBDIR] + [
        root / LOCALES_DIR / lang / CATALOG_SUBDIR for lang in targets
    ]:
        folder.mkdir(parents=True, exist_ok=True)
    return written


def add_languages(root: Path, languages: Iterable[str]) -> list[str]:
    """Add target languages to a project's mkdocs.yml: the docloc entry's ``languages`` and the
    i18n plugin's, so the next build has their sites. The text is edited in place (comments and
    layout kept): an item is added to each list in the style the list already has. Returns the
    languages added; a layout docloc cannot edit is a located error, with what to add by hand.
    """
    path = root / CONFIG_FILE
    file = str(path)
    text = read_text(path, file)
    config = ProjectConfig.from_mkdocs(parse_yaml(text, file), file, text)
    wanted = [
        lang for lang in dict.fromkeys(languages) if lang != config.source_language and lang not in config.languages
    ]
    if not wanted:
        return []
    check_languages(wanted, path)
    document = _compose(text)
    options, present = _plugin_node(document, PLUGIN_NAME)
    edits: list[tuple[int, str]] = []
    docloc_list = _key_value(options, "languages")
    if isinstance(docloc_list, yaml.SequenceNode):
        edits.append(_append_items(text, docloc_list, wanted, lambda prefix, lang: f"{prefix}{lang}"))
    elif isinstance(options, yaml.MappingNode) and docloc_list is None and options.value:
        first = options.value[0][0].start_mark
        indent = " " * first.column
        edits.append((first.index, f"languages: [{', '.join(wanted)}]\n{indent}"))
    else:
        where = options.start_mark if options is not None else document.start_mark if document else None
        raise DoclocError(
            f"cannot add {', '.join(wanted)} to the docloc plugin's languages in this layout "
            f"({'no docloc plugin entry' if not present else 'add a languages: [...] list to it'}); add them by hand",
            file,
            where.line + 1 if where else 0,
        )
    i18n, _ = _plugin_node(document, "i18n")
    i18n_list = _key_value(i18n, "languages")
    if isinstance(i18n_list, yaml.SequenceNode) and not i18n_list.flow_style and i18n_list.value:
        listed = {
            locale.value
            for item in i18n_list.value
            if isinstance(locale := _key_value(item, "locale"), yaml.ScalarNode)
        }
        missing = [lang for lang in wanted if lang not in listed]
        if missing:
            edits.append(_append_items(text, i18n_list, missing, _i18n_item))
    for index, insert in sorted(edits, reverse=True):
        text = text[:index] + insert + text[index:]
    check = ProjectConfig.from_mkdocs(parse_yaml(text, file))
    if not set(wanted) <= set(check.languages):
        raise DoclocError(f"adding {', '.join(wanted)} to the languages failed; add them by hand", file)
    write_text_atomic(path, text)
    return wanted


def _i18n_item(prefix: str, lang: str) -> str:
    """One language of the i18n plugin, as ``init`` writes it, below ``prefix`` (the line up to the item)."""
    indent = " " * len(prefix)
    return f"{prefix}locale: {lang}\n{indent}name: {language_name(lang)}\n{indent}build: true"


def _append_items(text: str, sequence: yaml.SequenceNode, items: list[str], render) -> tuple[int, str]:
    """Where to insert ``items`` at the end of a YAML sequence, and the text to insert, in its style."""
    if sequence.flow_style:
        if sequence.value:
            return sequence.value[-1].end_mark.index, "".join(f", {item}" for item in items)
        return text.rindex("]", 0, sequence.end_mark.index), ", ".join(items)
    last = sequence.value[-1]
    line_start = text.rfind("\n", 0, last.start_mark.index) + 1
    prefix = text[line_start : last.start_mark.index]  # e.g. "        - "
    end = text.find("\n", _last_index(last))
    end = len(text) if end == -1 else end + 1
    lines = "".join(render(prefix, item) + "\n" for item in items)
    if end == len(text) and not text.endswith("\n"):
        lines = "\n" + lines.rstrip("\n")
    return end, lines


def _last_index(node: yaml.Node) -> int:
    """Where the last scalar of a node ends (a block mapping's own end mark may lie on the next line)."""
    while isinstance(node, yaml.MappingNode | yaml.SequenceNode) and node.value:
        last = node.value[-1]
        node = last[1] if isinstance(last, tuple) else last
    return node.end_mark.index
