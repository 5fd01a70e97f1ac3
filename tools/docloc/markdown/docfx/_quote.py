"""Block quotes whose first line is a DocFX marker (``> [!NOTE]``, ``> [!div class="…"]``).

Markdig reads such a quote as a section of its own, not a quotation. Both alerts and ``[!div]``
sections are found here, after the block parse and before inline parsing: the marker is taken
off the quote's first paragraph and the quote's tokens are renamed.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from markdown_it.rules_core import StateCore
from markdown_it.token import Token


def rewrite_marked_quotes(
    state: StateCore, marker: re.Pattern[str], rename: Callable[[Token, Token, re.Match[str]], bool]
) -> None:
    """For each block quote whose first paragraph starts with ``marker``: strip the marker and call
    ``rename(open, close, match)``, which renames the quote's tokens (or returns False to leave it)."""
    if "[!" not in state.src:
        return  # every marker starts so: most pages have none
    tokens = state.tokens
    index = 0
    while index < len(tokens):
        opening = tokens[index]
        index += 1
        if opening.type != "blockquote_open" or index + 1 >= len(tokens):
            continue
        paragraph, inline = tokens[index], tokens[index + 1]
        if paragraph.type != "paragraph_open" or inline.type != "inline":
            continue
        match = marker.match(inline.content)
        if match is None:
            continue
        closing = _closing(tokens, index - 1)
        if closing is None or not rename(opening, closing, match):
            continue
        rest = inline.content[match.end() :].lstrip(" \t")
        if rest.startswith("\n"):  # the marker had its line: the content starts on the next one
            rest = rest[1:]
            if inline.map:
                inline.map = [inline.map[0] + 1, inline.map[1]]
        if rest.strip():
            inline.content = rest
        else:  # the marker was the whole paragraph
            del tokens[index : index + 3]


def _closing(tokens: list[Token], opening: int) -> Token | None:
    level = tokens[opening].level
    for token in tokens[opening + 1 :]:
        if token.type == "blockquote_close" and token.level == level:
            return token
    return None
