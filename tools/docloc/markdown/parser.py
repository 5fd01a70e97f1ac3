"""The one Markdown grammar: CommonMark, as Microsoft writes for Markdig/DocFX, with GFM tables and
DocFX's extensions, on markdown-it-py.

The segmenter, the link index, the checks and the site all parse with these parsers; nothing
else in docloc parses Markdown. Two parsers share one configuration: the full one, and one
with inline parsing switched off for the passes that only need the block structure (which
lines hold text), which costs half as much.
"""

from __future__ import annotations

from collections.abc import MutableMapping
from functools import lru_cache
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from markdown_it import MarkdownIt
    from markdown_it.token import Token


def _configured(inline: bool, tables: bool = True) -> MarkdownIt:
    # Imported here: `docloc extract` over unedited pages parses nothing and need not load it.
    from markdown_it import MarkdownIt

    from .docfx import DOCFX_PLUGINS
    from .headings import heading_ids_plugin

    # text_join (which merges escapes and entities into the text around them) is off: the HTML is
    # the same, and the safety rule can tell an escaped "\*" (never markup) from a bare "*".
    parser = MarkdownIt("commonmark", {"html": True}).enable("table").disable("text_join")
    parser.add_render_rule("text_special", parser.renderer.rules["text"])  # what text_join would make of it
    for plugin in DOCFX_PLUGINS:
        parser.use(plugin)
    parser.use(heading_ids_plugin)
    if not inline:
        parser.disable("inline")
    if not tables:
        parser.disable("table")
    return parser


@lru_cache(maxsize=1)
def markdown_parser() -> MarkdownIt:
    """The parser every full parse uses (the site renders with it, the checks judge with it)."""
    return _configured(inline=True)


@lru_cache(maxsize=2)
def block_parser(tables: bool = True) -> MarkdownIt:
    """The same grammar without inline parsing: which lines hold which blocks, at half the cost.

    ``tables`` False leaves out the table rule, which is tried on every line of every paragraph (a
    fifth of the block parse) and can match only where a line has a ``|``.
    """
    return _configured(inline=False, tables=tables)


def parse(text: str, env: MutableMapping[str, Any] | None = None) -> list[Token]:
    """The token stream of a Markdown document (no front matter)."""
    return markdown_parser().parse(text, env if env is not None else {})


def parse_blocks(text: str, env: MutableMapping[str, Any] | None = None) -> list[Token]:
    """Block tokens only; ``inline`` tokens keep their raw content and have no children.

    ``env`` receives the link reference definitions, for ``parse_inline`` of those contents.
    """
    return block_parser("|" in text).parse(text, env if env is not None else {})


def parse_inline(text: str, env: MutableMapping[str, Any] | None = None) -> list[Token]:
    """The inline tokens of one piece of running text (a segment), as inside a paragraph."""
    blocks = markdown_parser().parseInline(text, env if env is not None else {})
    return blocks[0].children or [] if blocks else []


@lru_cache(maxsize=4096)
def inline_tokens(text: str) -> tuple[Token, ...]:
    """``parse_inline`` of a text outside any page (no link reference definitions), kept for the next
    reader: the checks' features, the safety rule's structure and a segment's links read the same
    texts one after the other. The tokens are shared: read them, never change them."""
    return tuple(parse_inline(text))
