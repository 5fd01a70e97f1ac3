"""Helpers for DocFX constructs that take a line of their own (``[!INCLUDE …]``, ``[!VIDEO …]``, ``:::image``)."""

from __future__ import annotations

import html
import re

from markdown_it.rules_block import StateBlock


def line_text(state: StateBlock, line: int) -> str:
    """The line's text after its container prefixes and indentation."""
    return state.src[state.bMarks[line] + state.tShift[line] : state.eMarks[line]]


def starts_with(state: StateBlock, line: int, char: str) -> bool:
    """Whether the line's text (after prefixes and indentation) starts with ``char``: the cheap test
    every DocFX block rule makes first, since block rules are tried on every line of a page."""
    position = state.bMarks[line] + state.tShift[line]
    return position < state.eMarks[line] and state.src[position] == char


def own_line_match(state: StateBlock, line: int, pattern: re.Pattern[str], first: str) -> re.Match[str] | None:
    """``pattern`` matched over the whole line (whose text starts with ``first``), unless the line is
    indented code."""
    if not starts_with(state, line, first) or state.is_code_block(line):
        return None
    return pattern.fullmatch(line_text(state, line).rstrip())


ATTRIBUTE = re.compile(r"""([A-Za-z][\w-]*)\s*=\s*(?:"([^"]*)"|'([^']*)')""")


def attributes(text: str) -> dict[str, str]:
    """``key="value"`` pairs (either quote), keys lower-cased, values' entities decoded (Microsoft writes
    ``&quot;`` in alt text); the first of a repeated key wins."""
    found: dict[str, str] = {}
    for match in ATTRIBUTE.finditer(text):
        value = match.group(2) if match.group(2) is not None else match.group(3)
        found.setdefault(match.group(1).lower(), html.unescape(value))
    return found
