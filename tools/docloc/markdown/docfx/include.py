"""DocFX includes: ``[!INCLUDE [title](path)]`` on a line of its own, replaced by the file's content.

The parser only records the path (so the link index and the checks see it as a file the page
needs); the site renders the included file through ``env["include"]``, which reads, parses and
renders it (or reports it missing). Without that callback the include renders as nothing.
"""

from __future__ import annotations

import re

from markdown_it import MarkdownIt
from markdown_it.rules_block import StateBlock
from markdown_it.token import Token

from ._lines import own_line_match

LINE = re.compile(r"\[!INCLUDE\s*\[([^\]\n]*)\]\(\s*<?([^)\s>]+)>?\s*\)\s*\]", re.IGNORECASE)


def _include(state: StateBlock, start: int, end: int, silent: bool) -> bool:
    match = own_line_match(state, start, LINE, "[")
    if match is None:
        return False
    if silent:
        return True
    token = state.push("docfx_include", "", 0)
    token.map = [start, start + 1]
    token.block = True
    token.content = match.group(1)
    token.attrs = {"src": match.group(2)}
    state.line = start + 1
    return True


def _render(self, tokens: list[Token], index: int, options, env) -> str:  # noqa: ANN001 - markdown-it's signature
    include = env.get("include")
    return include(str(tokens[index].attrs["src"])) if include else ""


def plugin(md: MarkdownIt) -> None:
    md.block.ruler.before("paragraph", "docfx_include", _include, {"alt": ["paragraph", "blockquote", "list"]})
    md.add_render_rule("docfx_include", _render)
