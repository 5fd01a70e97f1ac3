"""One error type for everything a user can get wrong, located in a file."""

from __future__ import annotations

import bisect
from dataclasses import dataclass
from itertools import accumulate, repeat
from operator import add


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
        return f"{where}: {self.message}" if where else self.message


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
