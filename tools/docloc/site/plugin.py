"""docloc's MkDocs plugin: renders every language's pages from the catalogs at build time.

It works with mkdocs-static-i18n (``docs_structure: folder``), which builds the site once per
language. In every build, before i18n sorts the files (``on_files``, priority 50), docloc adds
the generated pages of all languages (``cs/<article>.md`` rendered from the catalogs, each
language's home and translation status pages) as if they were in ``docs/<lang>/``, so i18n
pairs them with their English pages and the language switcher and sitemap know them. i18n
rebuilds every file from its path, losing generated content, so a second ``on_files`` step
after i18n (priority -110) puts the rendered text back. Nothing is written to ``docs/``.

Instant navigation stays off: with it, Material does not re-render the header on page
changes, so the language switcher's links to the same page in other languages would go stale
(mkdocs-static-i18n warns about it), and it needs fetch(), which ``file://`` does not allow.
"""

from __future__ import annotations

import json
import logging
import os
import posixpath
from dataclasses import replace
from html import escape, unescape
from importlib.resources import files as package_files
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from babel.core import get_global
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority
from mkdocs.structure.files import File, Files
from mkdocs.utils import get_relative_url
from mkdocs.utils.meta import get_data

from ..catalog import conventions as cat
from ..catalog.po import CatalogCache
from ..checks.coverage import project_coverage
from ..errors import DoclocError
from ..fileio import read_text, write_text_atomic
from ..markdown.render import render_document
from ..project import CONFIG_FILE, Project, ProjectConfig, check_languages
from ..settings import mkdocs_options_class
from . import html as site_html
from .i18n import I18nBuild
from .links import external_link, page_urls
from .pages import HOME, STATUS, home_page, status_page
from .pymarkdown import DoclocMarkdown
from .render import RenderedPage, page_status, render_page
from .sanitize import AllowedMarkup, allowed_markup, sanitize
from .search import language_index, write_lunr_modules, write_search_index
from .shards import ENGLISH_FACTS
from .ui import (
    GENERATOR_CONTEXT,
    NOTICE_CONTEXT,
    SITE_NAME_CONTEXT,
    ConfigTexts,
    UiStrings,
    ui_strings,
)

if TYPE_CHECKING:  # MkDocs' documented types of the events' arguments
    from collections.abc import Callable

    from jinja2 import Environment, Template
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.livereload import LiveReloadServer
    from mkdocs.structure.nav import Navigation
    from mkdocs.structure.pages import Page
    from mkdocs.utils.templates import TemplateContext

log = logging.getLogger("mkdocs.plugins.docloc")

ASSET_DIR = "assets/docloc"
OUTDATED_NOTE = (
    "The English of this sentence changed since it was translated; it is shown in English until the "
    "translation is updated."
)
OUTDATED_PAGE_NOTE = "Sentences of this page shown in English until their translation is updated: %(count)d"
# docloc's own files, then the walkthrough's; each is copied to assets/docloc/ and .js/.css included on every page.
ASSET_PACKAGES = ("static", "assets")


class DoclocBuildError(PluginError):
    """A docloc error during a MkDocs build; keeps the located error for ``docloc build``."""

    def __init__(self, error: DoclocError) -> None:
        super().__init__(str(error))
        self.error = error


DoclocOptions = mkdocs_options_class()  # the plugin's configuration: docloc.settings.OPTIONS


class DoclocPlugin(BasePlugin[DoclocOptions]):  # type: ignore[valid-type]
    """Registered as ``docloc``; see the module docstring for how it cooperates with mkdocs-static-i18n."""

    def __init__(self) -> None:
        self.project: Project | None = None
        self.language = "en"  # the language being built now
        self.generated: dict[str, str] | None = None  # src_uri → Markdown, for all languages
        self.rendered: dict[str, RenderedPage] = {}
        self.not_found: dict[str, str] = {}
        self._site_name: str | None = None
        self._texts: ConfigTexts | None = None  # mkdocs.yml's texts, before translation
        self._locales: dict[str, str] = {}
        self._english_ids: dict[str, list[str]] = {}  # heading ids of each English page, read once per build
        self._site_pages: frozenset[str] = frozenset()  # every page name, for rewriting links
        self._markdown = DoclocMarkdown()  # the page renderer MkDocs calls (see site/pymarkdown.py)
        self._titles: dict[str, str] = {}  # src_uri → the first H1, for pages whose front matter has no title
        self._allowed: dict[str, AllowedMarkup] = {}  # article name → its English page's markup (the sanitizer's)
        # docloc build --language, and each process of the parallel build (site/shards.py): this build makes only
        # this language's part of the site; the other languages' pages exist only for the language switcher.
        self.shard: str | None = None
        # A part of the shard (index, count): the parallel build splits a language into parts that each write
        # a contiguous share of its pages (site/shards.py); part_pages: the pages this part writes (dest_uri).
        self.part: tuple[int, int] = (0, 1)
        self.part_pages: list[str] = []
        self._other_parts: set[str] = set()  # src_uri of the pages another part writes
        self._part_names: list[str] = []  # the English articles this part writes (their facts: english_facts)
        # The parallel build's English facts (heading ids and markup of English pages, ``english_facts``), as files
        # the default language's parts write and the other languages' builds read: each English page analysed once.
        self.english_handoff: Path | None = None
        self._facts_taken: set[str] = set()  # the files of english_handoff read in this build
        self._statuses: dict[str, tuple[float, bool]] = {}  # "cs/<name>" → percent translated, published in English
        self._unjudged: set[str] = set()  # "cs/<name>" of a language not built here: its status read when shown
        self._search: dict[str, str] = {}  # the default language's search index, kept from its own build
        self._catalogs = CatalogCache()  # each catalog read once per build (page, switcher, status page)
        # The catalogs ``docloc build`` read before the build (cli/build.py's check): the build starts from them.
        self.catalogs: CatalogCache | None = None

    # --- configuration -------------------------------------------------------------------------
    @property
    def i18n(self) -> I18nBuild:
        """mkdocs-static-i18n's state for this build (site/i18n.py: the one place that reads it)."""
        return I18nBuild(self._config)

    _config: MkDocsConfig | None = None

    @property
    def default_language(self) -> str:
        return self.i18n.default_language or self.config.source_language

    @property
    def site_languages(self) -> list[str]:
        i18n = self.i18n
        if i18n.present:
            return i18n.build_languages
        return [self.config.source_language, *self.config.languages]

    def _is_outer_build(self) -> bool:
        return not self.i18n.inner

    @event_priority(-110)  # after mkdocs-static-i18n has set up the language of this build
    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        self._config = config
        path = Path(config.config_file_path)
        try:  # the options MkDocs validated with docloc's schema: the same configuration every command reads
            self.project = Project(path.parent, ProjectConfig.from_options(dict(self.config), str(path)))
        except DoclocError:
            try:  # say where in mkdocs.yml
                ProjectConfig.from_options(dict(self.config), str(path), read_text(path))
            except DoclocError as error:
                raise DoclocBuildError(error) from None
            raise
        self.language = self.i18n.current_language or self.config.source_language
        if self._texts is None:
            languages = [*self.site_languages, *self.config.languages]
            try:  # an unknown language would fail inside Material's templates, mid-build
                check_languages([x for x in dict.fromkeys(languages) if x != "null"], self.project.root / CONFIG_FILE)
            except DoclocError as error:
                raise DoclocBuildError(error) from None
            self._texts = ConfigTexts(config)
            self._site_name = self._texts.site_name
            unlisted = [x for x in self.config.languages if self.i18n.present and x not in self.i18n.locales]
            if unlisted and self.language == self.default_language:  # (said once: by the default language's build)
                # Catalogs translated for a site that never builds them: said, not silently left out.
                log.warning(
                    "%s: docloc's languages list %s, which the i18n plugin's languages do not, so the site has no "
                    "pages in %s: add '- locale: %s' (name, build: true) to the i18n plugin's languages",
                    CONFIG_FILE, ", ".join(unlisted), "them" if len(unlisted) > 1 else "it", unlisted[0],
                )  # fmt: skip
            orphaned = [x for x in self.project.catalog_languages() if x not in self.config.languages]
            if orphaned and self.language == self.default_language:
                # Catalogs of a language the project does not configure (an import stopped before it added the
                # language to mkdocs.yml, a folder copied in): check counts them, so the build says it skips them.
                log.warning(
                    "%s: catalogs of %s, which docloc's languages in %s do not list, so the site has no pages in "
                    "%s: add %s to docloc's and the i18n plugin's languages (importing its articles again does), "
                    "or remove the folder",
                    self.project.relative(self.project.catalog_dir(orphaned[0])), ", ".join(orphaned), CONFIG_FILE,
                    ", ".join(orphaned), "them" if len(orphaned) > 1 else "it",
                )  # fmt: skip
            if self.language == self.default_language:  # catalogs whose English page is gone: as check says
                for language in self.config.languages:
                    for name in self.project.catalog_names(language):
                        if (gone := self.project.page_gone(name)) is not None:
                            log.warning("%s: %s", self.project.catalog_reference(language, name), gone)
        self._texts.apply(config, self.ui(self.language))
        # docloc renders every page itself (CommonMark and DocFX, as the checks judge): Python-Markdown
        # only hands the page over, so the configured extensions have nothing to do.
        config.markdown_extensions = [self._markdown]
        config.mdx_configs = {}
        for name in self._asset_names():
            kind = "extra_css" if name.endswith(".css") else "extra_javascript" if name.endswith(".js") else None
            if kind and f"{ASSET_DIR}/{name}" not in [str(x) for x in config[kind]]:
                config[kind].append(f"{ASSET_DIR}/{name}")
        return config

    def ui(self, language: str) -> UiStrings:
        assert self.project is not None
        return ui_strings(self.project, language)

    def _asset_files(self) -> dict[str, Path]:
        found: dict[str, Path] = {}
        for package in ASSET_PACKAGES:
            folder = package_files("docloc.site").joinpath(package)
            if not folder.is_dir():
                continue
            for item in sorted(folder.iterdir(), key=lambda x: x.name):
                if item.is_file() and not item.name.startswith(".") and item.name != "lunr-fold.js":
                    found[item.name] = Path(str(item))
        return found

    def _asset_names(self) -> list[str]:
        return list(self._asset_files())

    # --- files -----------------------------------------------------------------------------------
    def on_pre_build(self, config: MkDocsConfig) -> None:
        if self.shard is not None or self._is_outer_build():
            self.generated = None  # a new build (mkdocs serve): render again
            self._allowed = {}
            self._catalogs = self.catalogs if self.catalogs is not None else CatalogCache()

    @event_priority(50)
    def _add_generated_files(self, files: Files, config: MkDocsConfig) -> Files:
        if self.generated is None:
            try:
                self.generated = self._render_all(config)
            except DoclocError as error:
                raise DoclocBuildError(error) from None
        for src_uri, text in self.generated.items():
            if files.get_file_from_path(src_uri) is not None:
                continue  # a page a writer put in docs/ wins over a generated one
            file = File.generated(config, src_uri, content=text)
            file.abs_src_path = os.path.normpath(os.path.join(config.docs_dir, src_uri))  # so i18n sees its folder
            files.append(file)
        for name, path in self._asset_files().items():
            files.append(File.generated(config, f"{ASSET_DIR}/{name}", abs_src_path=str(path)))
        return files

    @event_priority(-110)
    def _restore_generated_content(self, files: Files, config: MkDocsConfig) -> Files:
        for file in files:
            text = (self.generated or {}).get(file.src_uri)
            if text is not None and not Path(config.docs_dir, file.src_uri).is_file():
                file.content_string = text
                file.generated_by = "docloc"
        return files

    on_files = CombinedEvent(_add_generated_files, _restore_generated_content)

    def _render_all(self, config: MkDocsConfig) -> dict[str, str]:
        """Every generated page (src_uri → Markdown), in the same order whichever languages this build renders.

        A shard (``self.shard``) renders its own language only: the other languages' pages are empty
        placeholders, there so that mkdocs-static-i18n links each page to its versions, and the language
        switcher gets their coverage from ``page_status`` (what ``render_page`` would decide).
        """
        project = self.project
        assert project is not None
        default = self.default_language
        languages = self.site_languages
        built = [self.shard] if self.shard is not None else languages
        threshold = float(self.config.coverage_threshold)
        articles = project.article_names()
        generated: dict[str, str] = {}
        self.rendered = {}
        self._statuses = {}
        self._unjudged = set()
        self._english_ids = {}
        self._site_pages = frozenset(articles) | {HOME, STATUS}
        self._facts_taken = set()
        titles: dict[str, dict[str, str]] = {}
        for language in languages:
            titles[language] = {}
            for name in articles:
                key = f"{language}/{name}"
                if language not in built:
                    if language != default:
                        self._unjudged.add(key)  # judged when a page written here shows it (_status)
                        generated[key] = ""
                    continue
                if language == default:
                    page = project.english_page(name)
                    text = read_text(page, project.relative(page))
                else:
                    rendered = render_page(project, language, name, threshold, self._catalogs)
                    self.rendered[key] = rendered
                    self._statuses[key] = (rendered.percent, rendered.below_threshold)
                    text = generated[key] = rendered.markdown
                titles[language][name] = _title_of(text, name)
        targets = [lang for lang in languages if lang != default]
        rows = project_coverage(project, targets, self._catalogs)
        for language in languages:
            if language not in built:
                generated[f"{language}/{HOME}"] = generated[f"{language}/{STATUS}"] = ""
                continue
            ui = self.ui(language)
            if HOME not in articles:  # else the writer's index.md is the home page, rendered like any page
                guides = sorted(titles[language].items(), key=lambda item: item[1].casefold())
                generated[f"{language}/{HOME}"] = home_page(
                    ui(self._site_name or "", SITE_NAME_CONTEXT),
                    guides,
                    ui,
                    intro=self.config.home_intro,
                    heading=self.config.guides_heading,
                    attribution=not (self._texts and self._texts.copyright),  # the footer says it on every page
                )
            generated[f"{language}/{STATUS}"] = status_page(
                rows,
                targets,
                titles[language],
                threshold,
                ui,
                lambda name: _page_href(name, STATUS, config.use_directory_urls),
                lambda language, name: (self._status(f"{language}/{name}") or (0.0, False))[1],
            )
        return generated

    # --- pages -----------------------------------------------------------------------------------
    def on_env(self, env: Environment, config: MkDocsConfig, files: Files) -> Environment:
        """A part of a language's build (``self.part``) writes only its share of the pages: every page is
        read (the navigation names them all), the others get an empty template, for which MkDocs writes no
        file, and stay out of the search index (Material's documented ``search.exclude``)."""
        index, count = self.part
        self.part_pages = []
        self._other_parts = set()
        self._part_names = []
        if count == 1:
            return env
        pages = files.documentation_pages()
        empty = env.from_string("")
        for file, share in zip(pages, part_shares(pages, count), strict=True):
            if share == index:
                self.part_pages.append(file.dest_uri)
                self._part_names.append(getattr(file, "norm_src_uri", file.src_uri))
            elif file.page is not None:
                self._other_parts.add(file.src_uri)
                file.page.meta["template"] = empty  # Jinja's get_template returns a Template as it is
                file.page.meta["search"] = {"exclude": True}
        return env

    def _page_language(self, page: Page) -> str:
        rendered = self.rendered.get(page.file.src_uri)
        if rendered:
            return rendered.content_language
        return getattr(page.file, "locale", None) or self.language

    @event_priority(-100)  # after other plugins' changes to the Markdown: docloc renders what they leave
    def on_page_markdown(self, markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
        """Render the page with docloc's Markdown layer; the Python-Markdown bridge hands the HTML to MkDocs."""
        project = self.project
        assert project is not None
        name = getattr(page.file, "norm_src_uri", page.file.src_uri)
        language = self._page_language(page)
        english_path = project.english_page(name)
        ids = None
        if language != self.config.source_language and english_path.is_file():
            ids = self._english_heading_ids(name)
        external = None
        if self.config.external_base:
            base = self.config.external_base.replace("{locale}", self.external_locale(self.language))
            site_pages = self._site_pages

            def external(target: str) -> str | None:
                return external_link(target, name, site_pages, base)

        rendered = render_document(
            markdown,
            heading_ids=ids,
            url=page_urls(page.file, files, external),
            label=self.ui(language),
            include=lambda path: self._include(name, path, language),
            fallback_lang=self.config.source_language,
            outdated_note=self.ui(self.language)(OUTDATED_NOTE),
        )
        if language != self.config.source_language and name in self.rendered_names():
            rendered = replace(rendered, html=sanitize(rendered.html, self._english_markup(name)))
        self._markdown.pending = rendered
        if rendered.title and "title" not in page.meta:
            self._titles[page.file.src_uri] = rendered.title
        return markdown

    def rendered_names(self) -> set[str]:
        """Article names of the pages rendered from catalogs in this build (translated, not English)."""
        return {page.name for page in self.rendered.values() if page.language == self.language}

    def _english_markup(self, name: str) -> AllowedMarkup:
        """What the English page ``name`` has: a translation may have no more."""
        if name not in self._allowed:
            self._take_english_facts()
        if name not in self._allowed:
            self._render_english(name)
        return self._allowed[name]

    def _english_heading_ids(self, name: str) -> list[str]:
        """The heading ids of the English page ``name``: every language uses them."""
        if name not in self._english_ids:
            self._take_english_facts()
        if name not in self._english_ids:
            self._render_english(name)
        return self._english_ids[name]

    def english_facts(self) -> str:
        """The heading ids and markup of the English pages this part writes (JSON), for the other languages'
        builds (``english_handoff``): what ``_render_english`` finds, so that they need not render them."""
        assert self.project is not None
        facts = {}
        for name in self._part_names:
            if not self.project.english_page(name).is_file():
                continue
            self._english_heading_ids(name)
            allowed = self._allowed[name]
            facts[name] = {
                "ids": self._english_ids[name],
                "tags": sorted(allowed.tags),
                "attributes": {tag: sorted(names) for tag, names in sorted(allowed.attributes.items())},
                "schemes": sorted(allowed.schemes),
            }
        return json.dumps(facts, ensure_ascii=False)

    def _take_english_facts(self) -> None:
        """The English facts the default language's parts have written since last asked (``english_facts``);
        a page none of them has yet is rendered here (``_render_english``)."""
        if self.english_handoff is None or self.shard == self.default_language:
            return
        for path in sorted(self.english_handoff.glob(ENGLISH_FACTS.format("*"))):
            if path.name in self._facts_taken:
                continue
            self._facts_taken.add(path.name)
            for name, fact in json.loads(read_text(path)).items():
                self._english_ids[name] = fact["ids"]
                self._allowed[name] = AllowedMarkup(
                    set(fact["tags"]),
                    {tag: set(names) for tag, names in fact["attributes"].items()},
                    set(fact["schemes"]),
                )

    def _render_english(self, name: str) -> None:
        """Render the English page ``name`` as the English build renders it, for its heading ids and markup.

        Links to articles not on the site go to ``external_base`` and includes are rendered, as in the
        English build; done here, once per process for both, whichever language asks first, and not
        taken from the English build's own render, which a build of one language alone does not run.
        """
        assert self.project is not None
        path = self.project.english_page(name)
        english, _ = get_data(read_text(path, self.project.relative(path)))
        source = self.config.source_language
        base = self.config.external_base
        base = base.replace("{locale}", self.external_locale(source)) if base else None
        site_pages = self._site_pages

        def url(target: str, kind: str) -> str:  # the English build's page_urls, for what it keeps: schemes
            scheme, netloc, target_path, _, _ = urlsplit(target)
            if base is None or kind != "link" or scheme or netloc or not target_path or target.startswith(("/", "\\")):
                return target
            return external_link(target, name, site_pages, base) or target

        document = render_document(english, url=url, include=lambda inner: self._include(name, inner, source))
        self._allowed[name] = allowed_markup(document.html)
        self._english_ids[name] = [heading.id for heading in document.headings]

    def _include(self, name: str, path: str, language: str, depth: int = 0) -> str:
        """The HTML of a DocFX include of page ``name`` (in English: includes are not translated)."""
        assert self.project is not None
        english = self.project.english_dir
        target = (english / posixpath.dirname(name) / path).resolve()
        if depth > 4 or english.resolve() not in target.parents or not target.is_file():
            log.info("include %r of %s not found (or nested too deep); left out", path, name)
            return ""
        text, _ = get_data(read_text(target, self.project.relative(target)))
        included = posixpath.normpath(posixpath.join(posixpath.dirname(name), path))
        html = render_document(
            text,
            label=self.ui(language),
            include=lambda inner: self._include(included, inner, language, depth + 1),
        ).html
        if language != self.config.source_language:
            return f'<div lang="{self.config.source_language}">\n{html}</div>\n'
        return html

    def external_locale(self, language: str) -> str:
        """The reader's locale in external links: configured, else the catalogs' content locale, else CLDR's."""
        if language not in self._locales:
            locale = self.config.external_locales.get(language)
            if not locale and self.project and language != self.config.source_language:
                for name in self.project.catalog_names(language)[:1]:
                    path = self.project.catalog(language, name)
                    locale = cat.content_locale(self._catalogs(path, self.project.relative(path)))
            if not locale:
                likely = get_global("likely_subtags").get(language.replace("-", "_"), language).split("_")
                locale = f"{likely[0]}-{likely[-1]}" if len(likely) > 1 else language
            self._locales[language] = str(locale).lower()
        return self._locales[language]

    def on_page_content(self, html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
        title = self._titles.pop(page.file.src_uri, None)
        if title is not None:
            # MkDocs took it from the H1 Python-Markdown no longer sees; templates write it as HTML, and
            # on a translated or generated page it is text from a catalog: escaped. Material writes a
            # title that is not the front matter's into <title> through Jinja's striptags, which decodes
            # entities ("&lt;/title&gt;" is "</title>" again, and raw HTML): so the title is given as the
            # front matter's, which every template writes as it is (a home page's <title> is the site name).
            page.title = escape(title)
            if not page.is_homepage:
                page.meta["title"] = page.title
        rendered = self.rendered.get(page.file.src_uri)
        language = self.language
        ui = self.ui(language)
        source = self.config.source_language
        if rendered and rendered.below_threshold:
            banner = site_html.notice(
                "warning",
                ui("Not translated yet", NOTICE_CONTEXT),
                ui("This page is not translated into this language yet, so it is shown in English."),
                lang=language,
            )
            html = banner + f'<div lang="{source}">{html}</div>'
        elif rendered and rendered.machine_translated:
            english = page.file.alternates.get(source) if hasattr(page.file, "alternates") else None
            english_url = english.url if english is not None else rendered.name[:-3] + "/"
            href = get_relative_url(english_url, page.url)
            block = site_html.notice(
                "info",
                ui("Machine translation", NOTICE_CONTEXT),
                ui("This page was translated by a machine."),
                (href, source, ui("Read the English original")),
            )
            html = site_html.insert_after_title(html, block)
        if rendered and rendered.outdated and not rendered.below_threshold:
            block = site_html.notice(
                "note", ui("Update pending", NOTICE_CONTEXT), ui(OUTDATED_PAGE_NOTE, count=rendered.outdated)
            )
            html = site_html.insert_after_title(html, block)
        if self.project is not None:
            from . import walkthrough

            html = walkthrough.enhance_page(html, language, self.project)
        return html

    @event_priority(-100)  # after mkdocs-static-i18n has pointed the switcher at this page's versions
    def on_page_context(
        self, context: TemplateContext, page: Page, config: MkDocsConfig, nav: Navigation
    ) -> TemplateContext:
        """The language switcher shows how much of this page each language has translated."""
        if page.file.src_uri in self._other_parts:
            return context  # not written by this part
        name = getattr(page.file, "norm_src_uri", page.file.src_uri)
        ui = self.ui(self.language)
        for alternate in getattr(config.extra, "alternate", None) or []:  # as Material's template reads it
            link = alternate.get("link")
            if isinstance(link, str) and link.startswith("/") and not link.startswith("//"):
                # i18n points a home page's switcher at "/cs/", the host's root: wrong under a site_url with a
                # path, and from file://. From the site's root, Material's url filter makes it relative.
                alternate["link"] = link.lstrip("/") or "./"
            status = self._status(f"{alternate.get('lang')}/{name}")
            if status is None or not isinstance(alternate.get("name"), str):
                continue
            percent, in_english = status
            state = escape(ui("in English")) if in_english else f"{percent:.0f} %"
            alternate["name"] = f"{alternate['name']} · {state}"
        return context

    def _status(self, key: str) -> tuple[float, bool] | None:
        """The switcher's coverage of page ``key`` ("cs/<name>"): from its rendering in this build, else from
        its catalog (``page_status``), judged when a page written here first shows it."""
        if key in self._unjudged:
            self._unjudged.discard(key)
            language, name = key.split("/", 1)
            assert self.project is not None
            threshold = float(self.config.coverage_threshold)
            self._statuses[key] = page_status(self.project, language, name, threshold, self._catalogs)
        return self._statuses.get(key)

    @event_priority(-110)
    def on_post_page(self, output: str, page: Page, config: MkDocsConfig) -> str:
        if not output.strip():
            return output  # a page MkDocs does not write (another part's: see on_env)
        alternates = getattr(page.file, "alternates", None)
        if config.site_url and alternates:
            site = config.site_url.rstrip("/") + "/"
            links = [
                (lang, site + alternates[lang].url.lstrip("./")) for lang in self.site_languages if lang in alternates
            ]
            default = dict(links).get(self.default_language)
            if default:
                output = site_html.replace_alternates(output, site_html.hreflang_links(links, default))
        root = "" if self.language == self.default_language else f"{self.language}/"
        base = get_relative_url(root or ".", page.url).rstrip("/") + "/"
        ui = self.ui(self.language)
        output = site_html.label_search_dialog(output, ui("Search", "search"))
        output = site_html.localize_generator(output, ui("Made with", GENERATOR_CONTEXT))
        if getattr(page.file, "norm_src_uri", page.file.src_uri) == HOME:
            output = site_html.set_title(output, str(config.site_name))  # Material's own rule for its home page
        return site_html.set_search_base(output, base)

    # --- 404 ---------------------------------------------------------------------------------------
    def on_pre_template(self, template: Template, template_name: str, config: MkDocsConfig) -> Template:
        homes = self.i18n.language_homes() if template_name == "404.html" else None
        if homes:
            # Language homes, not the last page's: i18n points the switcher at each page through an attribute of
            # config.extra, which templates read before the item, so a later language's build would inherit
            # the last page of the one before (and differ from a build of that language alone).
            config.extra["alternate"] = homes
            config.extra.alternate = config.extra["alternate"]
        return template

    def on_post_template(self, output: str, template_name: str, config: MkDocsConfig) -> str:
        if template_name != "404.html":
            return output
        root = urlsplit(config.site_url or "/").path.rstrip("/")
        blocks = []
        for language in self.site_languages:
            ui = self.ui(language)
            home = f"{root}/" if language == self.default_language else f"{root}/{language}/"
            blocks.append((language, ui("Page not found"), ui("Go to the home page"), home))
        output = site_html.not_found_content(output, blocks, self.language)
        output = site_html.label_search_dialog(output, self.ui(self.language)("Search", "search"))
        output = site_html.localize_generator(output, self.ui(self.language)("Made with", GENERATOR_CONTEXT))
        own_root = f"{root}/" if self.language == self.default_language else f"{root}/{self.language}/"
        self.not_found[self.language] = site_html.set_search_base(output, own_root)
        if self.language == self.default_language:
            return self.not_found[self.language]
        return self.not_found.get(self.default_language, output)  # the site's root 404 stays multilingual

    # --- after each language, and after all ---------------------------------------------------
    @event_priority(-90)  # after the search plugin wrote this build's index, before i18n builds the next language
    def _take_search_index(self, config: MkDocsConfig) -> None:
        """This language's search index, from its own build (see ``search.language_index``)."""
        site = Path(config.site_dir)
        text = language_index(site, self.language, self.site_languages, self.default_language)
        if text is None:
            return
        if self.language == self.default_language:
            self._search[self.language] = text  # its place, the root, is overwritten by each language's build
        else:
            write_search_index(site, self.language, self.default_language, text)

    @event_priority(-120)  # after mkdocs-static-i18n's own post_build, which builds the other languages
    def _finish_site(self, config: MkDocsConfig) -> None:
        if self.shard is None and not self._is_outer_build():
            return
        site = Path(config.site_dir)
        default = self.default_language
        write_lunr_modules(site, self.site_languages)
        if default in self._search:
            write_search_index(site, default, default, self._search.pop(default))
        for language, text in self.not_found.items():
            if language != default:
                write_text_atomic(site / language / "404.html", text)
        if default in self.not_found:
            write_text_atomic(site / "404.html", self.not_found[default])

    on_post_build = CombinedEvent(_take_search_index, _finish_site)

    def on_serve(self, server: LiveReloadServer, config: MkDocsConfig, builder: Callable) -> LiveReloadServer:
        if self.project is not None:
            server.watch(str(self.project.locales_dir))
        return server


# What writing a page costs, in bytes of its Markdown: its text, plus Material's navigation, which every page
# renders whole, so it grows with the site's pages. On the corpus site (386 pages, 1 to 20 KB of Markdown
# each) a page's navigation costs as much as about 77 bytes of Markdown per page of the site: the CPU time
# of its default language's two parts (split by page count, one part with 2.3 times the other's Markdown)
# solved for the two costs; split by this rule, the parts' times differ by 4 % instead of 17 %.
NAVIGATION_BYTES_PER_PAGE = 77


def part_shares(pages: list[File], count: int) -> list[int]:
    """Which of ``count`` parts writes each page: contiguous shares of about the same cost to write."""
    navigation = NAVIGATION_BYTES_PER_PAGE * len(pages)
    costs = [navigation + len(file.page.markdown or "") if file.page is not None else navigation for file in pages]
    total = sum(costs) or 1
    shares, before = [], 0
    for cost in costs:
        shares.append(min(count - 1, (2 * before + cost) * count // (2 * total)))  # where its middle falls
        before += cost
    return shares


def _title_of(text: str, name: str) -> str:
    """A page's title as text: front matter ``title`` (HTML to MkDocs and the theme, which write it as it is: a
    translated one is escaped, so it is read back as the page shows it), else its first H1, else its name."""
    body, meta = get_data(text)
    if isinstance(meta.get("title"), str):
        return unescape(meta["title"])
    for line in body.split("\n"):
        if line.startswith("# "):
            return line[2:].strip()
    return name


def _page_href(name: str, from_name: str, directory_urls: bool) -> str:
    def url(page: str) -> str:
        stem = page[: -len(".md")]
        return (stem + "/" if directory_urls else stem + ".html") if stem != "index" else "./"

    return get_relative_url(url(name), url(from_name))


__all__ = ["DoclocOptions", "DoclocPlugin"]
