"""Words for check messages: counts and quotations that read as plain sentences.

A message says what is wrong and what to do, and quotes whole words: ``the English has 2
bold spans (**Admin**, **Support**), the translation none``, not ``2/0 … 0/0 here``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def quote(text: str) -> str:
    """``text`` in single quotes (double ones when it has a single quote; escapes for control characters)."""
    if _CONTROL.search(text):
        return repr(text)
    return f'"{text}"' if "'" in text and '"' not in text else f"'{text}'"


def code(text: str) -> str:
    """Inline code as Markdown writes it: in backticks (quoted when it holds one)."""
    return quote(text) if "`" in text or not text.strip() else f"`{text}`"


def listing(items: Iterable[str], shown: int = 3) -> str:
    """Items joined by commas, the first ``shown`` of them, then how many more."""
    items = list(items)
    head = ", ".join(items[:shown])
    return head if len(items) <= shown else f"{head} and {len(items) - shown} more"


def count(number: int, noun: str, plural: str | None = None) -> str:
    """``no links``, ``1 link``, ``2 links``."""
    many = plural or f"{noun}s"
    if number == 0:
        return f"no {many}"
    return f"1 {noun}" if number == 1 else f"{number} {many}"


def few(number: int) -> str:
    """A count standing after one given with its noun: ``the English has 2 links, the translation none``."""
    return "none" if number == 0 else str(number)


def is_are(items: Iterable[object]) -> str:
    return "is" if len(list(items)) == 1 else "are"
