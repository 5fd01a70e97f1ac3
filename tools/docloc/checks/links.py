"""Link targets across the site: every link, anchor and image of every page in every language.

A page's links come from the site's parser (``markdown.links``): Markdown links and images, DocFX
images and includes, ``<a href>``/``<img src>`` in raw HTML. A relative link resolves when it
names a page of the project (and its ``#anchor`` a heading or ``<a name>``/``id`` of that page:
headings keep the English ids in every language), or, for articles not published on this site,
through the configured ``external_base``. An image or a file must exist inside ``docs/``, which is
all the site publishes (and all ``docloc check``'s last report is replayed on, ``cli.replay``). Absolute URLs are not
fetched (no network at run time). A translated page links where its English does (the safety
rule refuses any other target), so each link is checked once, at its English page.
"""

from __future__ import annotations

import os
import posixpath
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ..fileio import read_text
from ..frontmatter import Document, check_translated_fields, split_document
from ..markdown.links import PageIndex, PageLink, index_page
from ..project import DOCS_DIR
from .page import PageUnderCheck
from .registry import Finding, page_check

if TYPE_CHECKING:
    from ..project import Project

CHECK_ID = "link-target"
_SCHEME = re.compile(r"^[a-z][a-z0-9+.-]*:", re.I)
PAGE_SUFFIXES = (".md", ".yml", ".yaml", "")


@dataclass
class LinkResolver:
    """Resolves one project's links; the external map comes from the ``docloc`` plugin entry."""

    project: Project
    external_base: str | None
    pages: frozenset[str]
    _files: dict[tuple[str, str], bool] = field(default_factory=dict)  # every language links the same images
    _indexes: dict[str, PageIndex] = field(default_factory=dict)  # English pages' indexes, parsed once each
    _preloaded: set[str] = field(default_factory=set)
    _pages: dict[str, tuple[str, Document]] = field(default_factory=dict)
    _front_lines: dict[str, int] = field(default_factory=dict)
    # Every file ``file_exists`` looked for (project-relative) and whether it was there: what the check
    # cache verifies before it reuses the English pages' findings.
    looked_up: dict[str, bool] = field(default_factory=dict)

    @classmethod
    def for_project(cls, project: Project) -> LinkResolver:
        base = project.config.options.get("external_base")
        return cls(project, str(base) if base else None, frozenset(project.article_names()))

    def published(self, page: str, path: str) -> str | None:
        """Where ``path`` (an image or a file, relative to ``page`` or to the English root) is below ``docs/``,
        as a POSIX path; None when it leads out of ``docs/``, which the site does not publish."""
        english = self.project.config.source_language
        joined = english + path if path.startswith("/") else posixpath.join(english, posixpath.dirname(page), path)
        below = posixpath.normpath(joined)
        return None if below == ".." or below.startswith("../") else below

    def file_exists(self, page: str, path: str) -> bool:
        """Whether ``path`` (an image or a file, relative to ``page`` or to the English root) exists below ``docs/``."""
        key = (posixpath.dirname(page), path) if not path.startswith("/") else ("", path)
        found = self._files.get(key)
        if found is None:  # os.path, not pathlib: a site has thousands of images, each looked up once
            below = self.published(page, path)
            file = None if below is None else posixpath.join(DOCS_DIR, below)
            found = self._files[key] = file is not None and os.path.isfile(os.path.join(self.project.root, file))
            if file is not None:
                self.looked_up[file] = found
        return found

    def english(self, name: str) -> tuple[str, Document]:
        """The English page ``name``: its text, and the text split (front matter, body), read once."""
        found = self._pages.get(name)
        if found is None:
            path = self.project.english_page(name)
            file = self.project.relative(path)
            text = read_text(path, file)
            document = split_document(text, file)
            check_translated_fields(document.front_matter, self.project.config.translated_fields, file)
            found = self._pages[name] = (text, document)
        return found

    def index(self, name: str) -> PageIndex:
        """The links and anchors of the English page ``name`` (body lines), parsed when first asked for."""
        found = self._indexes.get(name)
        if found is None:
            found = self._indexes[name] = index_page(self.english(name)[1].body)
        return found

    def preload(self, known: dict[str, tuple[PageIndex, int]]) -> None:
        """Indexes and front-matter lengths known already (from the check cache): those pages are not read again."""
        self._indexes.update((name, index) for name, (index, _) in known.items())
        self._front_lines.update((name, front) for name, (_, front) in known.items())
        self._preloaded = set(known)

    def parsed(self) -> dict[str, tuple[PageIndex, int]]:
        """The indexes this resolver parsed (not preloaded), with their pages' front-matter lengths, by page
        name: what the cache keeps."""
        return {
            name: (index, self.front_lines(name))
            for name, index in self._indexes.items()
            if name not in self._preloaded
        }

    def front_lines(self, name: str) -> int:
        """How many lines the English page's front matter takes (findings count page lines)."""
        found = self._front_lines.get(name)
        if found is None:
            found = self._front_lines[name] = self.english(name)[1].front_lines
        return found

    def anchors(self, name: str) -> frozenset[str]:
        """The anchors a link may point to on page ``name``, in any language (the English page's)."""
        return self.index(name).anchors

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


def link_problem(resolver: LinkResolver, name: str, link: PageLink, own: PageIndex) -> str | None:
    """What is wrong with one link of page ``name`` (whose index is ``own``), or None when it resolves."""
    target = link.target.strip()
    if not target or _SCHEME.match(target) or target.startswith("//"):
        return None  # absolute URLs and mailto: are not fetched
    found, fragment = resolver.resolve(name, target)
    path = target.split("#", 1)[0].split("?", 1)[0]
    if link.image or posixpath.splitext(path)[1] not in PAGE_SUFFIXES:
        if resolver.file_exists(name, path):
            return None
        what = "image" if link.image else "file"
        if resolver.published(name, path) is None:
            return f"the {what} {target!r} is outside docs/, which the site publishes: move the file into docs/"
        return f"the {what} {target!r} does not exist: add the file or correct the path"
    if found is None:
        if resolver.external_base and posixpath.splitext(path)[1] in PAGE_SUFFIXES:
            return None  # an article not on this site: its published version (no network to look)
        return (
            f"the link {target!r} resolves to no page of the site and no external base: correct the target, "
            "or set external_base in mkdocs.yml for articles published elsewhere"
        )
    if not fragment:
        return None
    anchors = own.anchors if found == "" else resolver.anchors(found)
    if fragment in anchors or fragment.lower() in anchors:
        return None
    shown = "this page" if found == "" else found
    return f"the anchor #{fragment} is not a heading or anchor of {shown}: link to one of its headings or anchors"


@page_check(
    CHECK_ID,
    "error",
    "Links, anchors and images of every page resolve (or map to the external base)",
)
def check_link_targets(page: PageUnderCheck) -> list[Finding]:
    """An English page's links. A translated page has no others: the safety rule lets a translation
    keep only its English's link targets (an absolute URL may change its locale), so only a page that
    cannot be rebuilt from its catalog is reported, as a warning."""
    findings: list[Finding] = []
    if page.interface:
        return findings  # no page of its own
    if not page.translated:
        for link in page.english.links:
            problem = link_problem(page.resolver, page.name, link, page.english)
            if problem:
                line = link.line + page.front_lines
                findings.append(
                    Finding(CHECK_ID, "error", problem, page.file, line, f"{page.english_ref}:{line}", page.language)
                )
        return findings
    if page.unreadable:
        message = (
            f"links not checked: the page cannot be rebuilt from this catalog ({page.unreadable}); "
            "run 'docloc extract' and 'docloc update' to bring the catalog in step with the page"
        )
        return [Finding(CHECK_ID, "warning", message, page.file, 0, page.english_ref, page.language)]
    return findings
