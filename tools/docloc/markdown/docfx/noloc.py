"""DocFX's ``:::no-loc text="…":::``: text that stays as written in every language, shown as plain text."""

from __future__ import annotations

import re
from html import escape

from markdown_it import MarkdownIt
from markdown_it.rules_inline import StateInline
from markdown_it.token import Token

PATTERN = re.compile(r""":::no-loc\s+text\s*=\s*(?:"([^"\n]*)"|'([^'\n]*)')\s*:::""", re.IGNORECASE)


def _noloc(state: StateInline, silent: bool) -> bool:
    if not state.src.startswith(":::", state.pos):
        return False
    match = PATTERN.match(state.src, state.pos, state.posMax)
    if match is None:
        return False
    if not silent:
        token = state.push("docfx_noloc", "", 0)
        token.content = match.group(1) if match.group(1) is not None else match.group(2)
    state.pos = match.end()
    return True


def _render(self, tokens: list[Token], index: int, options, env) -> str:  # noqa: ANN001 - markdown-it's signature
    return escape(tokens[index].content, quote=False)


def plugin(md: MarkdownIt) -> None:
    md.inline.ruler.before("text", "docfx_noloc", _noloc)
    md.add_render_rule("docfx_noloc", _render)
