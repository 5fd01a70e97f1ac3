"""One error type for everything a user can get wrong, located in a file."""

from __future__ import annotations

import bisect
import logging
import re
from dataclasses import dataclass
from itertools import accumulate, repeat
from operator import add

# What a terminal or a CI log acts on rather than shows: C0 and C1 controls and DEL (escape
# sequences, line breaks that start a new GitHub workflow command), line and paragraph separators,
# and the bidirectional controls that make a line read in another order.
_ACTIVE_BEYOND_C0 = "\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069"
_UNPRINTABLE = re.compile(f"[\x00-\x1f{_ACTIVE_BEYOND_C0}]")
# The same less the C0 controls, which JSON escapes itself (``printable_json``).
_UNPRINTABLE_IN_JSON = re.compile(f"[{_ACTIVE_BEYOND_C0}]")


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def printable(text: str) -> str:
    """``text`` on one line as it reads: control, separator and bidirectional characters as ``\\x1b``, ``\\u202e``.

    For what docloc prints that a file brings (a file's name, a quotation): printed raw, a
    catalog or an article's name could clear the terminal, set its clipboard, show a line
    reversed, or start a workflow command of its own in a CI log.
    """
    return _UNPRINTABLE.sub(_escape, text)


def printable_json(text: str) -> str:
    """JSON text with what ``printable`` escapes, and JSON may hold raw, written as ``\\uXXXX``: the same JSON to
    a reader (those characters stand only inside its strings), inert in a terminal or a CI log."""
    if _UNPRINTABLE_IN_JSON.search(text) is None:
        return text
    return _UNPRINTABLE_IN_JSON.sub(lambda match: f"\\u{ord(match.group()):04x}", text)


class PrintableRecords(logging.Filter):
    """A logger's messages as they read (``printable``): the build's warnings name catalogs and quote
    translations, which reach a terminal or a CI log through MkDocs' handlers (``docloc build`` and a
    plain ``mkdocs build`` alike)."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        shown = printable(message)
        if shown != message:
            record.msg, record.args = shown, None
        return True


@dataclass
class DoclocError(Exception):
    """Bad input or a refused operation; the CLI prints it as ``file:line:col: message``."""

    message: str
    file: str = ""
    line: int = 0
    column: int = 0

    def __str__(self) -> str:
        where = self.file
        if self.line:
            where += f":{self.line}"
            if self.column:
                where += f":{self.column}"
        return printable(f"{where}: {self.message}" if where else self.message)


def line_starts(text: str, lines: list[str] | None = None) -> list[int]:
    """The offset at which each line of ``text`` starts (``lines``: ``text.split("\\n")``, if made already).

    Each line's length plus its line feed, summed up in C rather than a loop in Python over the line feeds
    (the segmenter asks it of every page, with the lines it has split already)."""
    starts = list(accumulate(map(add, map(len, text.split("\n") if lines is None else lines), repeat(1)), initial=0))
    starts.pop()  # where a line after the last would start
    return starts


class LineIndex:
    """Turns character offsets into 1-based line and column numbers."""

    def __init__(self, text: str) -> None:
        self._starts = line_starts(text)

    def line_col(self, offset: int) -> tuple[int, int]:
        line = bisect.bisect_right(self._starts, offset)
        return line, offset - self._starts[line - 1] + 1

    def line_start(self, line: int) -> int:
        """Offset of the first character of 1-based ``line``."""
        return self._starts[line - 1]

    @property
    def line_count(self) -> int:
        return len(self._starts)
