"""DocFX videos: ``> [!VIDEO https://…]`` (or the line without ``>``) as a link to the video, not a player.

Learn embeds an ``<iframe>``; the site loads nothing from other hosts, so it shows a link the
reader follows (labelled in the page's language, ``env["label"]``). A quote that holds only the
video line is the video, not a quotation.
"""

from __future__ import annotations

import re
from html import escape

from markdown_it import MarkdownIt
from markdown_it.rules_block import StateBlock
from markdown_it.rules_core import StateCore
from markdown_it.token import Token

from ._lines import own_line_match

LINE = re.compile(r"\[!VIDEO\s+(\S+?)\s*\]", re.IGNORECASE)
LABEL = "Watch the video"


def _video(state: StateBlock, start: int, end: int, silent: bool) -> bool:
    match = own_line_match(state, start, LINE, "[")
    if match is None:
        return False
    if silent:
        return True
    token = state.push("docfx_video", "p", 0)
    token.map = [start, start + 1]
    token.block = True
    href = state.md.normalizeLink(match.group(1))
    token.attrs = {"href": href} if state.md.validateLink(href) else {}
    state.line = start + 1
    return True


def _quoted_videos(state: StateCore) -> None:
    """A block quote holding only a video line becomes the video."""
    if "[!" not in state.src:
        return
    tokens = state.tokens
    index = 0
    while index + 2 < len(tokens):
        opening, inner, closing = tokens[index], tokens[index + 1], tokens[index + 2]
        if opening.type == "blockquote_open" and inner.type == "docfx_video" and closing.type == "blockquote_close":
            inner.level = opening.level
            del tokens[index], tokens[index + 1]
        index += 1


def _render(self, tokens: list[Token], index: int, options, env) -> str:  # noqa: ANN001 - markdown-it's signature
    label = env.get("label")
    text = label(LABEL) if label else LABEL
    href = tokens[index].attrs.get("href")
    if href is None:  # a scheme the site never links to (javascript:, …): the label alone
        return f"<p>{escape(text)}</p>\n"
    return f'<p class="docloc-video"><a href="{escape(str(href))}">{escape(text)}</a></p>\n'


def plugin(md: MarkdownIt) -> None:
    md.block.ruler.before("paragraph", "docfx_video", _video, {"alt": ["paragraph", "blockquote", "list"]})
    md.core.ruler.after("block", "docfx_quoted_videos", _quoted_videos)
    md.add_render_rule("docfx_video", _render)
