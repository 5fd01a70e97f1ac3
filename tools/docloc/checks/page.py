"""A page under check: what every page check may read, built once per page by ``checks.run``.

An English page is checked for its own links; a translated page (a catalog of an English page)
for what its translation publishes: the safety rule's judgement, the links the translations add,
the catalog's English against the template's. The page is rebuilt from the English page and the
catalog as the site rebuilds it (``formats.english.read_page_with_catalog``), and judged by the
same function the build calls (``checks.safety.judge_article``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ..markdown.links import PageIndex

if TYPE_CHECKING:
    from ..formats.english import PageMismatch
    from ..model import Segment
    from ..project import Project
    from .links import LinkResolver
    from .safety import Judgement


@dataclass
class PageUnderCheck:
    project: Project
    language: str  # the site language of the page (the source language for an English page)
    name: str  # the article name, e.g. "partner-center/x.md"
    file: str  # where findings point: the PO file, or the English page for an English page
    english_ref: str  # the English page, project-relative ("docs/en/x.md")
    front_lines: int  # lines the English page's front matter takes (page lines = body lines + this)
    resolver: LinkResolver  # resolves targets; knows every page's anchors
    catalog: Any = None  # polib.POFile of a translated page
    template: Any = None  # the page's template (polib.POFile), when it has one
    segments: list[Segment] = field(default_factory=list)  # English and translation, in page order
    entries: list[Any] = field(default_factory=list)  # the catalog entry of each segment
    judgement: Judgement | None = None
    unreadable: str = ""  # why the page could not be rebuilt from its catalog, if it could not
    mismatch: PageMismatch | None = None  # the catalog entry that stopped it, where one did
    interface: bool = False  # a catalog of the site's own strings (or of no page): no page to rebuild

    @property
    def english(self) -> PageIndex:
        """The English page's links and anchors (body lines), parsed when a check first asks."""
        return self.resolver.index(self.name)

    @property
    def translated(self) -> bool:
        """A translated article's page (not an English page, not an interface catalog)."""
        return self.catalog is not None and not self.interface
