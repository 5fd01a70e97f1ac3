"""DocFX alerts: ``> [!NOTE]`` (any case, with or without a space after ``>``) as a Material admonition.

Markdig's ``QuoteSectionNote``: a block quote whose first line is ``[!NOTE]``, ``[!TIP]``,
``[!IMPORTANT]``, ``[!CAUTION]`` or ``[!WARNING]`` is an alert box with a title. The site writes
it as Material's admonition (``<div class="admonition note">`` with ``<p class="admonition-title">``)
titled in the page's language (``env["label"]``).
"""

from __future__ import annotations

import re
from html import escape

from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore
from markdown_it.token import Token

from ._quote import rewrite_marked_quotes

# Microsoft's alert kinds, the Material admonition type that looks the part, and the English title.
KINDS = {
    "NOTE": ("note", "Note"),
    "TIP": ("tip", "Tip"),
    "IMPORTANT": ("info", "Important"),
    "CAUTION": ("danger", "Caution"),
    "WARNING": ("warning", "Warning"),
}
MARKER = re.compile(r"\[!(NOTE|TIP|IMPORTANT|CAUTION|WARNING)\](?=\s|$)", re.IGNORECASE)


def _rename(opening: Token, closing: Token, match: re.Match[str]) -> bool:
    kind = match.group(1).upper()
    opening.type, closing.type = "docfx_alert_open", "docfx_alert_close"
    opening.tag = closing.tag = "div"
    opening.attrs = {"class": f"admonition {KINDS[kind][0]}"}
    opening.meta = {"kind": kind}
    return True


def _alerts(state: StateCore) -> None:
    rewrite_marked_quotes(state, MARKER, _rename)


def title(kind: str, env: dict) -> str:
    """The alert's title in the page's language: ``env["label"]`` translates the English title."""
    english = KINDS[kind][1]
    label = env.get("label")
    return label(english, "alert") if label else english


def _render_open(self, tokens: list[Token], index: int, options, env) -> str:  # noqa: ANN001 - markdown-it's signature
    token = tokens[index]
    heading = escape(title(token.meta["kind"], env))
    return f'<div class="{escape(str(token.attrs["class"]))}">\n<p class="admonition-title">{heading}</p>\n'


def _render_close(self, tokens: list[Token], index: int, options, env) -> str:  # noqa: ANN001
    return "</div>\n"


def plugin(md: MarkdownIt) -> None:
    md.core.ruler.after("block", "docfx_alerts", _alerts)
    md.add_render_rule("docfx_alert_open", _render_open)
    md.add_render_rule("docfx_alert_close", _render_close)
