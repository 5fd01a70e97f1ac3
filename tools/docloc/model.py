"""The segment model every reader produces and every writer consumes.

An article is its front matter, a skeleton (the text between segments) and an ordered
list of segments. Formats differ only in how a segment is written, so each writer is
``Article.render`` with a different function for one segment.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace

from .frontmatter import FrontMatter


@dataclass(frozen=True, slots=True, init=False)
class Segment:
    """One sentence-level unit: its English source and its translation."""

    source: str
    target: str = ""
    id: str = ""  # Microsoft's data-ttu-id; changes with every version, so never a key
    line: int = 0  # where it starts in the file it was read from
    column: int = 0

    def __init__(self, source: str, target: str = "", id: str = "", line: int = 0, column: int = 0) -> None:
        """The dataclass's ``__init__``, setting each slot through its descriptor: a frozen dataclass's own
        (``object.__setattr__`` by name, field by field) took half as long again, and a page has hundreds."""
        _set_source(self, source)
        _set_target(self, target)
        _set_id(self, id)
        _set_line(self, line)
        _set_column(self, column)

    def __reduce__(self) -> tuple[type[Segment], tuple[str, str, str, int, int]]:
        """Pickled as its five fields: import's workers send every article back to the writing process, and
        the frozen dataclass's own pickling (``__getstate__``/``__setstate__``) was most of that transfer."""
        return Segment, (self.source, self.target, self.id, self.line, self.column)


# The slots' own setters (a frozen dataclass refuses ``setattr``; its ``__init__`` goes around that too).
_set_source, _set_target, _set_id, _set_line, _set_column = (
    getattr(Segment, name).__set__ for name in ("source", "target", "id", "line", "column")
)


@dataclass
class Article:
    """A Markdown article as front matter + skeleton + segments.

    ``chunks`` holds the text around the segments: ``chunks[i]`` precedes ``segments[i]``
    and ``chunks[-1]`` follows the last one, so ``len(chunks) == len(segments) + 1``.
    The body uses ``\\n`` line ends; ``newline`` says what the file used.
    """

    name: str
    front_matter: FrontMatter | None
    chunks: list[str]
    segments: list[Segment]
    bom: bool = False
    newline: str = "\n"
    locale: str = ""  # Microsoft's content locale (ms.contentlocale), when known
    extra: dict[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if len(self.chunks) != len(self.segments) + 1:
            raise ValueError("an article needs exactly one more chunk than segments")

    def render(self, write_segment: Callable[[Segment], str], front_matter: str | None = None) -> str:
        """The whole file, with each segment written by ``write_segment``."""
        parts = [front_matter if front_matter is not None else self.front_matter_text()]
        for chunk, segment in zip(self.chunks, self.segments):
            parts.append(chunk)
            parts.append(write_segment(segment))
        parts.append(self.chunks[-1])
        return finish_text("".join(parts), bom=self.bom, newline=self.newline)

    def front_matter_text(self) -> str:
        return self.front_matter.text() if self.front_matter else ""

    def with_segments(self, segments: list[Segment]) -> Article:
        return replace(self, segments=segments)

    def segment_positions(
        self, write_segment: Callable[[Segment], str], front_matter: str | None = None
    ) -> list[tuple[int, int]]:
        """The 1-based (line, column) at which each segment starts in ``render(write_segment)``."""
        text = front_matter if front_matter is not None else self.front_matter_text()
        line, column = 1 + text.count("\n"), 1
        positions = []
        append = positions.append
        for chunk, segment in zip(self.chunks, self.segments):  # the line and column after each piece
            breaks = chunk.count("\n")
            if breaks:
                line, column = line + breaks, len(chunk) - chunk.rfind("\n")
            else:
                column += len(chunk)
            append((line, column))
            written = write_segment(segment)
            breaks = written.count("\n")
            if breaks:
                line, column = line + breaks, len(written) - written.rfind("\n")
            else:
                column += len(written)
        return positions


def finish_text(text: str, *, bom: bool, newline: str) -> str:
    """Put back the byte-level details the model normalizes away: BOM and CRLF."""
    if newline != "\n":
        text = text.replace("\n", newline)
    return ("\ufeff" + text) if bom else text


def source_of(segment: Segment) -> str:
    return segment.source
