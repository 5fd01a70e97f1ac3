"""One error type for everything a user can get wrong, located in a file."""

from __future__ import annotations

import bisect
from dataclasses import dataclass


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


class LineIndex:
    """Turns character offsets into 1-based line and column numbers."""

    def __init__(self, text: str) -> None:
        self._starts = [0]
        pos = text.find("\n")
        while pos != -1:
            self._starts.append(pos + 1)
            pos = text.find("\n", pos + 1)

    def line_col(self, offset: int) -> tuple[int, int]:
        line = bisect.bisect_right(self._starts, offset)
        return line, offset - self._starts[line - 1] + 1

    def line_start(self, line: int) -> int:
        """Offset of the first character of 1-based ``line``."""
        return self._starts[line - 1]

    @property
    def line_count(self) -> int:
        return len(self._starts)
