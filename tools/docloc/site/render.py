"""A language's version of an article, rendered for the site from the English page and the catalog.

Translations are written as they are (no ``\\*`` unescaping: that belongs to Microsoft's
renderer, and the site needs valid Markdown). A segment without a usable translation (missing
or fuzzy) shows its English, marked ``lang="en"`` where Markdown allows inline HTML. A page
whose catalog is below the coverage threshold is published in English with a banner instead.
Every translation goes through the unsafe-markup check first: the build stops at the first
one that adds HTML or a script URL its English lacks, naming the PO entry.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..catalog import conventions as cat
from ..catalog.po import read_catalog
from ..catalog.states import is_translated
from ..checks.coverage import catalog_coverage
from ..errors import DoclocError
from ..fileio import read_text
from ..model import Segment
from ..project import Project
from ..workflows.exporter import localized_article

if TYPE_CHECKING:
    import polib

log = logging.getLogger("mkdocs.plugins.docloc")
MACHINE_TRANSLATION = "MT"
# Text that cannot become markup: no tag, entity, backslash escape or script/data URL scheme. Everything
# else goes through the full check (loaded only then: it parses HTML, which costs start-up time).
_MAYBE_MARKUP = re.compile(r"[<&\\]|(?:script|data)\s*:", re.I)
_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})", re.M)


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


def check_catalog_safety(catalog: polib.POFile, display: str) -> None:
    """Stop on the first translation that adds markup its English lacks (``file:line: message``)."""
    for entry in catalog:
        if not is_translated(entry) or not _MAYBE_MARKUP.search(entry.msgstr):
            continue
        from ..checks.safety import unsafe_markup

        reason = unsafe_markup(entry.msgid, entry.msgstr)
        if reason:
            raise DoclocError(
                f"unsafe translation, not published: {reason} (msgid {_preview(entry.msgid)!r}); "
                "fix or remove the markup in the translation",
                display,
                entry.linenum,
            )


def _preview(text: str) -> str:
    return text if len(text) <= 60 else text[:57] + "..."


def render_page(project: Project, language: str, name: str, threshold: float) -> RenderedPage:
    """The page ``name`` of the ``language`` section: translated, or English with a banner."""
    path = project.catalog(language, name)
    if not path.is_file():
        return _english(project, language, name, 0.0, False)
    display = project.relative(path)
    catalog = read_catalog(path, display)
    coverage = catalog_coverage(catalog, language, name)
    machine = catalog.metadata.get(cat.TRANSLATION_TYPE_HEADER, "").strip().upper() == MACHINE_TRANSLATION
    if coverage.percent < threshold:
        return _english(project, language, name, coverage.percent, machine)
    check_catalog_safety(catalog, display)
    try:
        article = localized_article(project, language, name, catalog)
    except DoclocError as error:  # the English page changed since the catalog: publish it in English, say why
        log.warning("%s (the %s page is published in English)", error, language)
        return _english(project, language, name, 0.0, machine)
    article.bom, article.newline = False, "\n"
    writer = _FallbackWriter()
    text = article.render(writer.segment_after(article.chunks))
    return RenderedPage(language, name, text, language, coverage.percent, machine)


def _english(project: Project, language: str, name: str, percent: float, machine: bool) -> RenderedPage:
    page = project.english_page(name)
    text = read_text(page, project.relative(page)).lstrip("\ufeff").replace("\r\n", "\n")
    return RenderedPage(language, name, text, project.config.source_language, percent, machine, True)


class _FallbackWriter:
    """Writes translations as they are and English fallbacks in ``<span lang="en">`` where inline HTML is safe."""

    def __init__(self) -> None:
        self.in_fence = False
        self.line = ""  # the current line written so far

    def segment_after(self, chunks: list[str]):
        index = iter(range(len(chunks)))

        def write(segment: Segment) -> str:
            chunk = chunks[next(index)]
            self._advance(chunk)
            text = segment.target if segment.target else self._fallback(segment.source)
            self._advance(text)
            return text

        return write

    def _advance(self, text: str) -> None:
        for _ in _FENCE.finditer(text):
            self.in_fence = not self.in_fence
        self.line = text[text.rfind("\n") + 1 :] if "\n" in text else self.line + text

    def _fallback(self, source: str) -> str:
        if self.in_fence or "\n" in source or not _inline_html_allowed(self.line):
            return source
        return f'<span lang="en">{source}</span>'


def _inline_html_allowed(line: str) -> bool:
    """Whether a ``<span>`` may start here: not in a tag, a code span, an image's alt text or indented code."""
    stripped = line.lstrip()
    if line.startswith(("    ", "\t")) and not stripped.startswith(("-", "*", "+", ">")) and not stripped[:1].isdigit():
        return False
    if line.rfind("<") > line.rfind(">"):
        return False
    if line.count("`") % 2:
        return False
    alt = line.rfind("![")
    return not (alt != -1 and "]" not in line[alt:])
