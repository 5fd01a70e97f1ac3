"""Link targets across the site: every link, anchor and image of every page in every language.

A page's links are read from its Markdown with markdown-it (links, images, and ``<a href>``/
``<img src>`` in raw HTML). A relative link resolves when it names a page of the project
(and its ``#anchor`` a heading or ``<a name>``/``id`` of that page in the same language, or
of its English: the site keeps English heading ids), or, for articles not published in this
site, through the configured ``external_base`` (``{locale}`` and ``{slug}`` filled in). An
image must exist. Absolute URLs are not fetched (no network at run time).
"""

from __future__ import annotations

import posixpath
import re
import unicodedata
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from functools import cache, lru_cache
from typing import TYPE_CHECKING

from ..errors import DoclocError
from ..fileio import read_text
from .markup import commonmark_parser
from .registry import Finding

if TYPE_CHECKING:
    from ..project import Project

CHECK_ID = "link-target"
_ATTR_ID = re.compile(r"\{[^}]*#([\w\-:.]+)[^}]*\}\s*$")
_HTML_ANCHOR = re.compile(r"""<a\s[^>]*\b(?:name|id)\s*=\s*["']?([^"'\s>]+)""", re.I)
_HTML_ID = re.compile(r"""\bid\s*=\s*["']([^"']+)""", re.I)
_SCHEME = re.compile(r"^[a-z][a-z0-9+.-]*:", re.I)
PAGE_SUFFIXES = (".md", ".yml", ".yaml", "")


@dataclass(frozen=True)
class PageLink:
    target: str
    line: int
    image: bool = False


@dataclass(frozen=True)
class PageIndex:
    links: tuple[PageLink, ...]
    anchors: frozenset[str]


_FENCE = re.compile(r"^\s*(`{3,}|~{3,})")
_HEADING = re.compile(r"^ {0,3}(#{1,6})\s+(.*?)\s*#*\s*$")
_REFERENCE = re.compile(r"^ {0,3}\[[^\]]+\]:\s*<?([^\s>]+)")
_INLINE_MARKUP = re.compile(r"\]\(|<\s*(?:a|img)\b|\bname=|\bid=", re.I)


_NOT_SLUG = re.compile(r"[^\w\s-]")
_SLUG_SPACES = re.compile(r"[-\s]+")


def slugify(value: str, separator: str = "-") -> str:
    """A heading's id as MkDocs gives it: Python-Markdown's ``toc.slugify``, line for line.

    Importing Python-Markdown for this one function cost each ``docloc check`` process 15 ms;
    ``tests/test_check_fast_paths.py`` compares the two on every heading of the corpus.
    """
    value = unicodedata.normalize("NFKD", value)
    value = value.encode("ascii", "ignore").decode("ascii")
    value = _NOT_SLUG.sub("", value).strip().lower()
    return (_SLUG_SPACES if separator == "-" else re.compile(rf"[{separator}\s]+")).sub(separator, value)


# A line that may matter to ``index_page`` has one of these characters: a fence (` or ~), a
# heading (#), a link reference definition ([), inline markup as ``_INLINE_MARKUP`` sees it
# (``](``, ``<a``/``<img``, ``name=``/``id=``). Every other line adds nothing.
_CANDIDATE = re.compile(r"[`~#\[\]<=]")
_TITLE_MARKUP = re.compile(r"[`*_]|\[([^\]]*)\]\([^)]*\)")


@lru_cache(maxsize=4096)
def index_page(text: str) -> PageIndex:
    """The links and anchors of one Markdown page.

    Line by line, outside fenced code: headings give anchors (MkDocs' slugs, or an explicit
    ``{#id}``); lines with a link or a tag are parsed by markdown-it's inline parser. A full
    parse of every page of every language took three times as long (measured on cs-cz). One
    pattern pass finds the lines that can matter (most lines are plain prose), and each such
    line is read once per process (``_index_line``): a translated page shares its skeleton's
    lines (blank lines, tables, link-only lines) with its English page and other languages.
    """
    links: list[PageLink] = []
    anchors: set[str] = set()
    fence: str | None = None
    search = _CANDIDATE.search
    number = 1
    counted = 0  # the offset ``number`` was counted up to
    position = 0
    length = len(text)
    while position <= length:
        match = search(text, position)
        if match is None:
            break
        start = text.rfind("\n", 0, match.start()) + 1
        end = text.find("\n", start)
        if end == -1:
            end = length
        number += text.count("\n", counted, start)
        counted = start
        position = end + 1
        line = text[start:end]
        opening = _FENCE.match(line)
        if fence is not None:
            if opening and opening.group(1)[0] == fence[0] and len(opening.group(1)) >= len(fence):
                fence = None
            continue
        if opening:
            fence = opening.group(1)
            continue
        found_links, found_anchors = _index_line(line)
        if found_anchors:
            anchors.update(found_anchors)
        for target, image in found_links:
            links.append(PageLink(target, number, image))
    return PageIndex(tuple(links), frozenset(anchors))


@lru_cache(maxsize=65536)
def _index_line(line: str) -> tuple[tuple[tuple[str, bool], ...], tuple[str, ...]]:
    """((target, is image) of each link, anchors) of one line outside fenced code."""
    links: list[tuple[str, bool]] = []
    anchors: list[str] = []
    first = line.lstrip(" ")[:1]  # a heading starts with #, a reference definition with [
    heading = _HEADING.match(line) if first == "#" else None
    if heading:
        title = heading.group(2)
        explicit = _ATTR_ID.search(title)
        if explicit:
            anchors.append(explicit.group(1))
            title = title[: explicit.start()]
        plain = _TITLE_MARKUP.sub(r"\1", title).strip()
        anchors.append(slugify(plain, "-"))
    reference = _REFERENCE.match(line) if first == "[" else None
    if reference:
        links.append((reference.group(1), False))
        return tuple(links), tuple(anchors)
    if not _INLINE_MARKUP.search(line):
        return tuple(links), tuple(anchors)
    simple = _simple_links(line)
    if simple is not None:
        links.extend(simple)
        return tuple(links), tuple(anchors)
    tagged = _simple_tagged_line(line)
    if tagged is not None:
        simple, tags = tagged
        links.extend(simple)
        for tag in tags:
            anchors.extend(_tag_anchors(tag))
        return tuple(links), tuple(anchors)
    found_links, found_anchors = markdown_it_line(line)
    return tuple(links + found_links), tuple(anchors + found_anchors)


def markdown_it_line(line: str) -> tuple[list[tuple[str, bool]], list[str]]:
    """Links (target, is image) and anchors of one line, as markdown-it's inline parser sees them:
    the general path, and the reference every shortcut above is tested against."""
    links: list[tuple[str, bool]] = []
    anchors: list[str] = []
    for block in commonmark_parser().parseInline(line.lstrip(" >")):
        for child in block.children or ():
            if child.type == "link_open":
                links.append((str(child.attrs.get("href", "")), False))
            elif child.type == "image":
                links.append((str(child.attrs.get("src", "")), True))
            elif child.type == "html_inline":
                anchors.extend(_tag_anchors(child.content))
                links.extend(_html_links(child.content))
    return links, anchors


def _tag_anchors(html: str) -> list[str]:
    """The ``<a name>``/``<a id>`` and any ``id`` values in a piece of HTML."""
    return _HTML_ANCHOR.findall(html) + _HTML_ID.findall(html)


# "![" or "[" as one alternation: the pattern engine then looks only where either starts.
_SIMPLE_LINK = re.compile(r"(!\[|\[)([^\[\]]*)\]\(([^()\s]*)\)")


def _simple_links(line: str) -> list[tuple[str, bool]] | None:
    """Links of a line with only plain ``[text](target)`` links, or None when markdown-it must decide.

    Most lines are that simple; parsing them with markdown-it took most of the link check's time.
    Anything else (code, HTML, escapes, titles, nested brackets) goes to markdown-it.
    """
    if "`" in line or "<" in line or "\\" in line:
        return None
    found: list[tuple[str, bool]] = []
    position = 0
    for match in _SIMPLE_LINK.finditer(line):
        start = match.start()
        if "[" in line[position:start] or "]" in line[position:start]:
            return None
        found.append((match.group(3), match.group(1) == "!["))
        position = match.end()
    if "[" in line[position:] or "]" in line[position:]:
        return None
    return found


# markdown-it's own patterns for an inline HTML open or close tag (markdown_it/common/html_re.py).
_ATTRIBUTE = r"""(?:\s+[a-zA-Z_:][a-zA-Z0-9:._-]*(?:\s*=\s*(?:[^"'=<>`\x00-\x20]+|'[^']*'|"[^"]*"))?)"""
_TAG = re.compile(rf"<[A-Za-z][A-Za-z0-9\-]*{_ATTRIBUTE}*\s*\/?>|<\/[A-Za-z][A-Za-z0-9\-]*\s*>")


def _simple_tagged_line(line: str) -> tuple[list[tuple[str, bool]], list[str]] | None:
    """(links, tags) of a line whose only markup besides plain links is HTML tags without URLs, or None.

    Headings like ``## <a name="x"></a>Title`` are most of the lines with HTML. markdown-it makes
    each such tag one ``html_inline`` token wherever it stands; with the tags taken out, the rest
    must be plain links found verbatim in the line (so no tag sat inside or next to a link's
    syntax). Anything else goes to markdown-it.
    """
    if "`" in line or "\\" in line:
        return None
    parts: list[str] = []
    tags: list[str] = []
    position = 0
    while (start := line.find("<", position)) != -1:
        match = _TAG.match(line, start)
        if match is None:
            return None
        tag = match.group(0)
        if "href" in tag or "src" in tag:
            return None  # links in HTML: the HTML parser reads them
        parts.append(line[position:start])
        tags.append(tag)
        position = match.end()
    parts.append(line[position:])
    rest = "".join(parts)
    simple = _simple_links(rest)
    if simple is None:
        return None
    for match in _SIMPLE_LINK.finditer(rest):
        if line.count(match.group(0)) < rest.count(match.group(0)):
            return None
    return simple, tags


def _html_links(html: str) -> Iterable[tuple[str, bool]]:
    """(target, is image) of the ``<a href>`` and ``<img src>`` in a piece of HTML."""
    if "href" not in html and "src" not in html:
        return
    from ..markdown.tags import start_tags

    for name, attributes in start_tags(html):
        if name == "a" or name == "img":
            url = attributes.get("href") if name == "a" else attributes.get("src")
            if url is not None:
                yield url, name == "img"


@dataclass
class LinkResolver:
    """Resolves one project's links; the external map comes from the ``docloc`` plugin entry."""

    project: Project
    external_base: str | None
    pages: frozenset[str]
    _files: dict[tuple[str, str], bool] = field(default_factory=dict)  # every language links the same images

    @classmethod
    def for_project(cls, project: Project) -> LinkResolver:
        base = project.config.options.get("external_base")
        return cls(project, str(base) if base else None, frozenset(project.article_names()))

    def file_exists(self, page: str, path: str) -> bool:
        """Whether ``path`` (an image or a file, relative to ``page`` or to the English root) exists."""
        key = (posixpath.dirname(page), path) if not path.startswith("/") else ("", path)
        found = self._files.get(key)
        if found is None:
            english = self.project.english_dir
            file = english / key[0] / path if not path.startswith("/") else english / path.lstrip("/")
            found = self._files[key] = file.is_file()
        return found

    def resolve(self, page: str, target: str) -> tuple[str | None, str]:
        """(page name in the project or None, fragment); the page is '' for a same-page anchor."""
        path, _, fragment = target.partition("#")
        path = path.split("?", 1)[0]
        if not path:
            return "", fragment
        joined = posixpath.normpath(posixpath.join(posixpath.dirname(page), path)) if not path.startswith("/") else ""
        if joined and joined in self.pages:
            return joined, fragment
        if joined and joined + "/index.md" in self.pages:
            return joined + "/index.md", fragment
        return None, fragment


def check_page_links(
    resolver: LinkResolver,
    language: str,
    name: str,
    text: str,
    anchors_of: Callable[[str], frozenset[str]],
    file: str,
    english_anchors_of: Callable[[str], frozenset[str]] | None = None,
) -> list[Finding]:
    """Findings for one page's links, images and anchors.

    ``anchors_of(page)`` is every anchor of a page in this language (its English ones
    included); ``english_anchors_of(page)``, when given, only the English ones: a fragment
    found there needs no rendering of the translated target page.
    """
    findings = []
    page_ref = f"docs/{language}/{name}"
    own = index_page(text)
    for link in own.links:
        target = link.target.strip()
        if not target or _SCHEME.match(target) or target.startswith("//"):
            continue  # absolute URLs and mailto: are not fetched
        found, fragment = resolver.resolve(name, target)
        where = f"{page_ref}:{link.line}"
        path = target.split("#", 1)[0].split("?", 1)[0]
        if link.image or posixpath.splitext(path)[1] not in PAGE_SUFFIXES:
            if not resolver.file_exists(name, path):
                what = "image" if link.image else "file"
                findings.append(_finding(f"{what} {target!r} does not exist", file, where, language))
            continue
        if found is None:
            suffix = posixpath.splitext(target.partition("#")[0])[1]
            if suffix in PAGE_SUFFIXES and resolver.external_base:
                continue  # an article not in this site: its published version (no network to look)
            findings.append(
                _finding(f"link {target!r} resolves to no page of the site and no external base", file, where, language)
            )
            continue
        if fragment:
            if found == "" and (fragment in own.anchors or fragment.lower() in own.anchors):
                continue
            if english_anchors_of is not None:
                known = english_anchors_of(found or name)
                if fragment in known or fragment.lower() in known:
                    continue
            anchors = own.anchors | anchors_of(name) if found == "" else anchors_of(found)
            if fragment not in anchors and fragment.lower() not in anchors:
                shown = "this page" if found == "" else found
                findings.append(
                    _finding(f"anchor #{fragment} is not a heading or anchor of {shown}", file, where, language)
                )
    return findings


def _finding(message: str, file: str, page: str, language: str) -> Finding:
    return Finding(CHECK_ID, "error", message, file, 0, page, language)


class _EnglishPages(dict):
    """English pages' texts, read when first asked for: a worker checking a share of the pages needs few others."""

    def __init__(self, project: Project) -> None:
        super().__init__()
        self.project = project

    def __missing__(self, name: str) -> str:
        path = self.project.english_page(name)
        text = self[name] = read_text(path, self.project.relative(path))
        return text


def check_link_targets(
    project: Project,
    languages: list[str],
    names: Iterable[str] | None = None,
    include_source: bool = True,
    catalogs: Mapping[tuple[str, str], object] | None = None,
) -> list[Finding]:
    """Every link of every page of every language (English included) resolves.

    ``names`` limits the pages checked (for running in parallel); targets may be any page.
    ``catalogs`` holds catalogs already read, by (language, name) (polib's or the lean
    reader's); other pages' catalogs are read with the lean reader when first needed.
    """
    from ..workflows.exporter import localized_article, render_article

    resolver = LinkResolver.for_project(project)
    english = _EnglishPages(project)
    loaded = catalogs or {}

    unrenderable: dict[tuple[str, str], str] = {}

    @cache
    def page_text(language: str, name: str) -> str | None:
        if language == project.config.source_language:
            return english[name] if name in resolver.pages else None
        if name not in resolver.pages:
            return None
        catalog = loaded.get((language, name))
        path = project.catalog(language, name)
        if catalog is None and not path.is_file():
            return None
        try:
            if catalog is None:
                from ..catalog.po import read_catalog

                catalog = read_catalog(path, project.relative(path))
            built = localized_article(project, language, name, catalog, english[name])
            return render_article(built, "translated")
        except DoclocError as error:  # the catalog no longer matches the page: reported, then skipped
            unrenderable[(language, name)] = str(error)
            return None

    def english_anchors(name: str) -> frozenset[str]:
        return index_page(english[name]).anchors if name in resolver.pages else frozenset()

    @cache
    def anchors(language: str, name: str) -> frozenset[str]:
        found = english_anchors(name)
        text = page_text(language, name)
        return found | index_page(text).anchors if text is not None else found

    findings: list[Finding] = []
    wanted = set(names) if names is not None else None
    for name in resolver.pages if include_source else ():
        if wanted is not None and name not in wanted:
            continue
        text = english[name]
        findings += check_page_links(
            resolver,
            project.config.source_language,
            name,
            text,
            lambda n: anchors(project.config.source_language, n),
            project.page_reference(name),
        )
    for language in languages:
        for name in project.catalog_names(language):
            if name not in resolver.pages or (wanted is not None and name not in wanted):
                continue
            text = page_text(language, name)
            po = project.relative(project.catalog(language, name))
            if text is None:
                reason = unrenderable.get((language, name), "no page")
                message = f"links not checked: the page cannot be rendered ({reason})"
                findings.append(Finding(CHECK_ID, "warning", message, po, 0, f"docs/{language}/{name}", language))
                continue
            findings += check_page_links(
                resolver, language, name, text, lambda n, lang=language: anchors(lang, n), po, english_anchors
            )
    return findings
