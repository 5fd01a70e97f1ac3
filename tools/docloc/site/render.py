"""A language's version of an article, rendered for the site from the English page and the catalog.

The page is the English page with each segment replaced by its translation. What the site may
not show in the translation's place falls back to the English sentence, marked for the renderer
(``markdown.render.FALLBACK_OPEN`` … ``FALLBACK_CLOSE``, written as ``<span lang="en">``):
untranslated and fuzzy segments, and every segment the safety rule refuses
(``checks.safety.judge_article``: a translation may produce only the structure its English
produces). Refusals are reported with their PO entry; ``docloc build --strict`` fails on them.
A page whose catalog is below the coverage threshold is published in English with a banner.

The front matter is the English page's, with the translated fields (title, description) in
place, HTML-escaped: MkDocs puts them into templates as they are. Nothing else from the catalog
(its header, the import's record of Microsoft's front matter) reaches the page.
"""

from __future__ import annotations

import html
import logging
import re
from dataclasses import dataclass, field

import polib

from ..catalog import conventions as cat
from ..catalog.po import CatalogReader, read_catalog
from ..catalog.states import is_fuzzy
from ..checks import check_entries, context_from_options, severity_rank
from ..checks.coverage import catalog_coverage
from ..checks.placement import MERGED, UNPLACED
from ..checks.safety import judge_article
from ..errors import DoclocError
from ..fileio import read_text
from ..formats.english import merged_entries, read_page_with_catalog, template_with_repeats, unplaced_entries
from ..frontmatter import YAML_ERRORS, FrontMatter, load_yaml
from ..markdown.render import FALLBACK_CLOSE, FALLBACK_OPEN, OUTDATED_CLOSE, OUTDATED_OPEN, RESERVED
from ..model import Article
from ..project import Project

log = logging.getLogger("mkdocs.plugins.docloc")
MACHINE_TRANSLATION = "MT"
_NO_MARKERS = str.maketrans("", "", RESERVED)


@dataclass(frozen=True)
class Refusal:
    """A translation the site does not publish, and why (reported as ``PO-file:line: reason``)."""

    file: str
    line: int
    msgid: str
    reason: str

    def __str__(self) -> str:
        preview = self.msgid if len(self.msgid) <= 60 else self.msgid[:57] + "..."
        return f"{self.file}:{self.line}: {self.reason}; the English is published instead ({preview!r})"


@dataclass(frozen=True)
class RenderedPage:
    """One generated page of the site."""

    language: str  # the language the site section is in
    name: str  # article name, the page's path below docs/<language>/
    markdown: str
    content_language: str  # the language the text is in: the site's, or English when below the threshold
    percent: float = 100.0  # sentences translated
    machine_translated: bool = False
    below_threshold: bool = False
    refusals: tuple[Refusal, ...] = field(default=())
    outdated: int = 0  # sentences whose English changed since they were translated (shown in English)


@dataclass
class _PageSource:
    """Whether a page is published translated, decided once for ``render_page`` and ``page_status``."""

    catalog: polib.POFile | None  # None: the language has no catalog of the page
    percent: float
    article: Article | None = None  # the page rebuilt from its catalog; None: published in English
    values: dict[str, str] = field(default_factory=dict)  # the front-matter fields' translations
    entries: list = field(default_factory=list)  # the catalog entry of each segment
    error: DoclocError | None = None  # why the page cannot be rebuilt from its catalog


def _page_source(project: Project, language: str, name: str, threshold: float, read: CatalogReader) -> _PageSource:
    """The catalog of page ``name``, its coverage and, at or above ``threshold``, the page rebuilt from it."""
    path = project.catalog(language, name)
    if not path.is_file():
        return _PageSource(None, 0.0)
    catalog = read(path, project.relative(path))
    source = _PageSource(catalog, catalog_coverage(catalog, language, name).percent)
    if source.percent < threshold:
        return source
    page_path = project.english_page(name)
    page_file = project.relative(page_path)
    try:
        source.article, source.values = read_page_with_catalog(
            read_text(page_path, page_file),
            name,
            page_file,
            project.page_reference(name),
            catalog,
            project.config.translated_fields,
            source.entries,
        )
    except DoclocError as error:  # the English page changed since the catalog
        source.error, source.percent = error, 0.0
    return source


def render_page(
    project: Project, language: str, name: str, threshold: float, read: CatalogReader = read_catalog
) -> RenderedPage:
    """The page ``name`` of the ``language`` section: translated, or English with a banner (``read``: as
    ``read_catalog``, or a build's ``CatalogCache``)."""
    source = _page_source(project, language, name, threshold, read)
    catalog = source.catalog
    if catalog is None:
        return _english(project, language, name, 0.0, False)
    display = project.relative(project.catalog(language, name))
    machine = catalog.metadata.get(cat.TRANSLATION_TYPE_HEADER, "").strip().upper() == MACHINE_TRANSLATION
    if source.error is not None:  # publish it in English, say why
        log.warning("%s (the %s page is published in English)", source.error, language)
    if source.article is None:
        return _english(project, language, name, source.percent, machine)
    article, values, entries = source.article, source.values, source.entries
    judgement = judge_article(article.segments, article.chunks)
    gated = _gated_entries(project, language, catalog, display)
    refused: dict[int, str] = dict(judgement.refused)
    for index, entry in enumerate(entries):
        if index not in refused and judgement.published[index] is not None and entry.linenum in gated:
            refused[index] = gated[entry.linenum]
    refusals = tuple(Refusal(display, entries[i].linenum, entries[i].msgid, reason) for i, reason in refused.items())
    page_ref = project.page_reference(name)
    refusals += tuple(
        Refusal(display, entry.linenum, entry.msgid, UNPLACED) for entry in unplaced_entries(catalog, page_ref)
    )
    template_path = project.template(name)
    template = template_with_repeats(template_path, project.relative(template_path), read)
    refusals += tuple(
        Refusal(display, entry.linenum, entry.msgid, MERGED)
        for entry in merged_entries(catalog, template, page_ref, project.config.translated_fields)
    )
    for refusal in refusals:
        log.warning("%s", refusal)
    body = []
    outdated = 0
    for index, (chunk, segment) in enumerate(zip(article.chunks, article.segments)):
        body.append(chunk)
        published = None if index in refused else judgement.published[index]
        if published is not None:
            body.append(published)
            continue
        english = segment.source.translate(_NO_MARKERS)
        if _awaits_update(entries[index]):
            outdated += 1
            body.append(OUTDATED_OPEN + english + OUTDATED_CLOSE)
        else:
            body.append(FALLBACK_OPEN + english + FALLBACK_CLOSE)
    body.append(article.chunks[-1])
    front = _site_front_matter(article.front_matter, values)
    text = (front.text() if front else "") + "".join(body)
    return RenderedPage(language, name, text, language, source.percent, machine, refusals=refusals, outdated=outdated)


def page_status(
    project: Project, language: str, name: str, threshold: float, read: CatalogReader = read_catalog
) -> tuple[float, bool]:
    """How much of ``name`` the ``language`` section shows translated, and whether it is published in
    English: what ``render_page`` decides (``_page_source``), without rendering (the language switcher of
    another language's build needs only this). Says nothing: the build of ``language`` itself reports what
    is wrong with its pages."""
    source = _page_source(project, language, name, threshold, read)
    return source.percent, source.article is None


def _awaits_update(entry: polib.POEntry) -> bool:
    """A fuzzy entry that keeps the English it was translated from: the English changed since."""
    return is_fuzzy(entry) and getattr(entry, "previous_msgid", None) is not None


def _gated_entries(project: Project, language: str, catalog: polib.POFile, display: str) -> dict[int, str]:
    """The entries (by line) whose findings reach the project's ``fail_on`` severity: the build publishes
    their English, as ``docloc check --fail-on`` fails on them (a broken link cannot slip through)."""
    fail_on = str(project.config.options.get("fail_on", "error"))
    context = context_from_options(language, project.config.options, project.root)
    gated: dict[int, str] = {}
    for finding in check_entries(catalog, display, context):
        if severity_rank(finding.severity) >= severity_rank(fail_on) and finding.line not in gated:
            gated[finding.line] = f"[{finding.check}] {finding.message}"
    return gated


_NOT_TEXT = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029\ufeff]+")


def _site_front_matter(english: FrontMatter | None, values: dict[str, str]) -> FrontMatter | None:
    """The English page's front matter with the translated fields as one line of text each, escaped for
    HTML templates (MkDocs writes page titles and descriptions into them as they are).

    The fields are read back as MkDocs will read them: should the result have other keys than the
    English front matter, or other values than those written, the English front matter is used.
    """
    if english is None:
        return None
    front = FrontMatter(list(english.lines), english.closing)
    wanted: dict[str, str] = {}
    for key, value in values.items():
        index, found = front.field_index(key), front.field(key)
        if index is not None and found is not None:
            text = html.escape(_NOT_TEXT.sub(" ", value.translate(_NO_MARKERS)).strip(), quote=True)
            front.lines[index] = found.line(text)
            wanted[key] = text
    meta = _yaml_mapping(front)
    english_meta = _yaml_mapping(english)
    if meta is None or english_meta is None or set(meta) != set(english_meta):
        return english
    if any(meta.get(key) != value for key, value in wanted.items()):
        return english
    return front


def _yaml_mapping(front: FrontMatter) -> dict | None:
    try:
        loaded = load_yaml("\n".join(front.lines))
    except YAML_ERRORS:
        return None
    return loaded if isinstance(loaded, dict) else None


def _english(project: Project, language: str, name: str, percent: float, machine: bool) -> RenderedPage:
    page = project.english_page(name)
    text = read_text(page, project.relative(page)).lstrip("\ufeff").replace("\r\n", "\n")
    return RenderedPage(language, name, text, project.config.source_language, percent, machine, True)
