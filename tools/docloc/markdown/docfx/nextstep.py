"""DocFX sections: ``> [!div class="nextstepaction"]`` and other ``[!div]`` classes.

Markdig's ``QuoteSectionNote`` with a ``[!div class="…"]`` first line makes a ``<div>`` of those
classes around the rest of the quote. Learn shows a ``nextstepaction`` section's link as a button;
the site gives it Material's button classes.
"""

from __future__ import annotations

import re
from html import escape

from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore
from markdown_it.token import Token

from ._quote import rewrite_marked_quotes

MARKER = re.compile(r"""\[!div\s+class\s*=\s*(?:"([^"\n]*)"|'([^'\n]*)')\s*\][ \t]*(?=\n|$)""", re.IGNORECASE)
_CLASS_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_-]*")
BUTTON_CLASSES = "md-button md-button--primary"


def _rename(opening: Token, closing: Token, match: re.Match[str]) -> bool:
    classes = " ".join(_CLASS_NAME.findall(match.group(1) or match.group(2) or ""))
    opening.type, closing.type = "docfx_section_open", "docfx_section_close"
    opening.tag = closing.tag = "div"
    opening.attrs = {"class": classes} if classes else {}
    return True


def _sections(state: StateCore) -> None:
    rewrite_marked_quotes(state, MARKER, _rename)


def _buttons(state: StateCore) -> None:
    """Links in a ``nextstepaction`` section are buttons (after inline parsing: links exist now)."""
    if "[!" not in state.src:
        return
    depth = 0
    for token in state.tokens:
        if token.type == "docfx_section_open":
            depth += "nextstepaction" in str(token.attrs.get("class", "")).split()
        elif token.type == "docfx_section_close":
            depth = max(0, depth - 1)
        elif depth and token.type == "inline":
            for child in token.children or ():
                if child.type == "link_open":
                    child.attrSet("class", BUTTON_CLASSES)


def _render_open(self, tokens: list[Token], index: int, options, env) -> str:  # noqa: ANN001 - markdown-it's signature
    classes = tokens[index].attrs.get("class")
    return f'<div class="{escape(str(classes))}">\n' if classes else "<div>\n"


def _render_close(self, tokens: list[Token], index: int, options, env) -> str:  # noqa: ANN001
    return "</div>\n"


def plugin(md: MarkdownIt) -> None:
    md.core.ruler.after("block", "docfx_sections", _sections)
    md.core.ruler.after("inline", "docfx_buttons", _buttons)
    md.add_render_rule("docfx_section_open", _render_open)
    md.add_render_rule("docfx_section_close", _render_close)
