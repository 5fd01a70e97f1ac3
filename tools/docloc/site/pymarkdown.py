"""The bridge to MkDocs' page rendering: Python-Markdown hands each page to docloc's renderer.

MkDocs renders a page with Python-Markdown and the configured extensions. docloc renders with
its own Markdown layer instead (markdown-it, the grammar Microsoft writes for and the checks
judge with), so the plugin replaces the page's extensions with this one: its preprocessor
takes the page's lines, the plugin's rendering of the page stands in for them, and its
postprocessor returns that HTML. MkDocs still builds the table of contents from
``md.toc_tokens``, which this extension fills in Python-Markdown's own format.
"""

from __future__ import annotations

from html import escape

from markdown import Extension, Markdown
from markdown.postprocessors import Postprocessor
from markdown.preprocessors import Preprocessor

from ..markdown.headings import Heading
from ..markdown.render import RenderedDocument


def toc_tokens(headings: list[Heading]) -> list[dict]:
    """Headings as Python-Markdown's ``toc`` extension gives them to MkDocs (nested by level)."""
    root: list[dict] = []
    stack: list[tuple[int, list[dict]]] = [(0, root)]
    for heading in headings:
        token = {"level": heading.level, "id": heading.id, "name": escape(heading.text), "children": []}
        while len(stack) > 1 and stack[-1][0] >= heading.level:
            stack.pop()
        stack[-1][1].append(token)
        stack.append((heading.level, token["children"]))
    return root


class DoclocMarkdown(Extension):
    """Holds the rendering of the page MkDocs renders next (set by the plugin in ``on_page_markdown``)."""

    def __init__(self) -> None:
        super().__init__()
        self.pending: RenderedDocument | None = None

    def extendMarkdown(self, md: Markdown) -> None:  # noqa: N802 - Python-Markdown's name
        md.preprocessors.register(_TakePage(md, self), "docloc", 1000)
        md.postprocessors.register(_GivePage(md, self), "docloc", -1000)


class _TakePage(Preprocessor):
    def __init__(self, md: Markdown, extension: DoclocMarkdown) -> None:
        super().__init__(md)
        self.extension = extension

    def run(self, lines: list[str]) -> list[str]:
        rendered = self.extension.pending
        self.extension.pending = None
        if rendered is None:  # every page passes the plugin's on_page_markdown first
            raise RuntimeError("docloc: a page reached Python-Markdown without docloc's rendering")
        self.md.docloc_html = rendered.html  # type: ignore[attr-defined]
        self.md.toc_tokens = toc_tokens(rendered.headings)  # type: ignore[attr-defined]
        return []


class _GivePage(Postprocessor):
    def __init__(self, md: Markdown, extension: DoclocMarkdown) -> None:
        super().__init__(md)
        self.extension = extension

    def run(self, text: str) -> str:
        return getattr(self.md, "docloc_html", text)
