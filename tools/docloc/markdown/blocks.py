"""The block tokens of the commonest blocks, read without the parser: a shortcut the segmenter takes.

The segmenter needs from a page's block parse only where its running text is: the ``inline``
tokens (their lines and content), whether they are in a heading or a table cell, and the lines of
raw HTML blocks. Most of a Microsoft article is blocks whose tokens follow from their lines alone:
paragraphs of plain lines (a list may interrupt one), ATX headings, thematic breaks, lists whose
items open with a plain line and hold such blocks, block quotes and DocFX alerts (``> [!NOTE]``)
whose every line is marked, GFM tables whose rows begin with ``|`` or plain text, fenced code and one-line
``:::image`` figures.
``simple_blocks`` gives those tokens for the lines between two block starts
(``segmenter.block_starts``: lines that parse alone as in the whole page), exactly as the
grammar's parser (``parser.parse_blocks``) gives them, or None for anything else, which the
parser then reads. "Plain" is deliberately narrow: a line whose first character could start
another block (or end a paragraph, or underline it into a heading) is never read here. The
shortcut is compared with the parser on every block of every page of the corpus, token by token
(``tests/test_segmenter.py``).
"""

from __future__ import annotations

import re

from markdown_it.common.utils import MD_TRIM_CHARS, mdTrim
from markdown_it.rules_block.table import escapedSplit, headerLineRe

from .docfx._lines import attributes
from .docfx.alerts import MARKER as ALERT_MARKER
from .docfx.image import OPENING as IMAGE_OPENING
from .docfx.image import image_files


class Block:
    """A block token as the segmenter and the link index read it: its type, its lines, for ``inline`` its
    content, for a heading its tag (``h2``), for an image the attributes the parser gives it."""

    __slots__ = ("attrs", "content", "map", "tag", "type")

    def __init__(
        self,
        kind: str,
        lines: list[int] | None = None,
        content: str = "",
        tag: str = "",
        attrs: dict[str, str] | None = None,
    ) -> None:
        self.type = kind
        self.map = lines
        self.content = content
        self.tag = tag
        self.attrs = attrs if attrs is not None else {}

    def __repr__(self) -> str:
        return f"Block({self.type!r}, {self.map!r}, {self.content!r})"


# Lists and quotes the shortcut reads inside one another: a list takes two of markdown-it's nesting levels
# (list and item), whose commonmark preset opens no block at level 20 (``maxNesting``).
MAX_DEPTH = 8

# First characters of a line that could start a block other than a paragraph, end one, or underline
# it: fences, block quotes, thematic breaks and bullets, headings and setext underlines, raw HTML,
# link reference definitions and DocFX's [!…] and ::: lines. Digits and * _ are looked at closer.
_NOT_PLAIN = frozenset("`~>-+*_=#<[:|")
_ORDERED_MARKER = re.compile(r"\d{1,9}[.)](?:[ \t]|$)")
_EMPHASIS = re.compile(r"(?:\*+|_+)[^\s*_]")  # ** or _ opening a word: neither a bullet nor a break
_LIST_START = re.compile(r"(?:[-+*]|\d{1,9}[.)])(?:[ \t]|$)")
_BULLET_ITEM = re.compile(r"[-+*] {1,4}(?=\S)")
_ORDERED_ITEM = re.compile(r"\d{1,9}[.)] {1,4}(?=\S)")
_FENCE = re.compile(r"(`{3,}|~{3,})(.*)")
# A link's text at the start of a line: no DocFX [!…], and not a link reference definition's label
# (markdown-it's ``reference`` rule needs "]:" after a label without "[" and reads "\" as an escape).
_LINK_TEXT = re.compile(r"\[(?!!)[^\[\]\\]*\](?!:)")


def _plain(text: str) -> bool:
    """Whether a line's text (after its indentation) can only be a paragraph's, wherever it stands.

    A ``|`` inside the text is plain: a table needs a delimiter row on the next line, and no
    delimiter row is plain (the callers check the next line); at the start it is not.
    """
    if not text:
        return False
    first = text[0]
    if first in _NOT_PLAIN:
        if first in "*_":
            return _EMPHASIS.match(text) is not None
        if first in "`~":
            return text[:3] != first * 3  # a fence needs three
        if first == "[":
            return _LINK_TEXT.match(text) is not None
        return False
    if "0" <= first <= "9":
        return _ORDERED_MARKER.match(text) is None
    return True


def _blank(line: str) -> bool:
    return not line.strip(" \t")


def _indent(line: str) -> int:
    """Leading spaces; -1 when a tab is among them (columns then depend on tab stops: not read here)."""
    text = line.lstrip(" ")
    return -1 if text[:1] == "\t" else len(line) - len(text)


def simple_blocks(lines: list[str], first: int, end: int, depth: int = 0) -> list[Block] | None:
    """The tokens of lines ``first`` to ``end - 1`` (from one block start to the next), or None.

    Blocks follow one another without blank lines between them; blank lines may only end the
    range (the next block start comes after them). ``depth``: the lists and quotes the lines are in.
    """
    tokens: list[Block] = []
    number = first
    while number < end:
        line = lines[number]
        if not line.strip(" \t"):  # blank: so must be every line after it (joined, one call rather than one a line)
            return tokens if not "".join(lines[number + 1 : end]).strip(" \t") else None
        head = line[0]
        indent = _indent(line) if head == " " or head == "\t" else 0  # (most lines start at the margin)
        if indent < 0 or indent > 3 or (indent and number > first):
            return None
        text = line[indent:] if indent else line
        head = text[0]
        if number + 1 < end and "|" in text and _delimiter_row(lines[number + 1].lstrip(" ")) is not None:
            if lines[number + 1][:1] == " ":
                return None  # an indented delimiter row: a table too ("- a | b" over "  |--|--|" is one)
            number = _table(lines, number, end, tokens)  # markdown-it tries tables before any other block
        elif head == "#":
            number = _heading(lines, number, indent, tokens)
        elif head in "-*_" and _thematic_break(text):
            number += 1
        elif (head in "-+*" or head.isdecimal()) and _LIST_START.match(text):  # (what the pattern opens with)
            number = _list(lines, number, end, tokens, depth)
        elif head in "`~" and text[:3] == head * 3:
            number = _fence(lines, number, end)
        elif head == ":":
            number = _image(lines, number, end, tokens)
        elif head == ">":
            number = _quote(lines, number, end, tokens, depth)
        elif _plain(text):
            number = _paragraph(lines, number, end, tokens, depth)
        else:
            return None
        if number < 0:
            return None
    return tokens


def _heading(lines: list[str], number: int, indent: int, tokens: list[Block]) -> int:
    """An ATX heading (markdown-it's ``heading`` rule, line by line)."""
    line = lines[number]
    position = indent
    level = 0
    while position < len(line) and line[position] == "#" and level <= 6:
        level += 1
        position += 1
    if level > 6 or (position < len(line) and line[position] not in " \t"):
        return -1  # "#Tight" is a paragraph beginning with #: DocFX reads a heading, the parser not
    maximum = len(line)
    while maximum > position and line[maximum - 1] in " \t":
        maximum -= 1
    closing = maximum
    while closing > position and line[closing - 1] == "#":
        closing -= 1
    if closing < maximum and closing > position and line[closing - 1] in " \t":
        maximum = closing
    tag = f"h{level}"
    tokens += [
        Block("heading_open", [number, number + 1], tag=tag),
        Block("inline", [number, number + 1], mdTrim(line[position:maximum])),
    ]
    tokens.append(Block("heading_close", tag=tag))
    return number + 1


def _thematic_break(text: str) -> bool:
    marker = text[0]
    rest = text.replace(" ", "").replace("\t", "")
    return len(rest) >= 3 and rest == marker * len(rest)


def _paragraph(lines: list[str], number: int, end: int, tokens: list[Block], depth: int) -> int:
    """Plain lines up to a blank line; lines indented 4 or more continue it whatever they hold, and so does an
    ordered item not numbered 1. A list item that may interrupt a paragraph (a bullet with text, ``1.``) ends it
    and starts a list (markdown-it's ``paragraph`` and ``list`` rules)."""
    last = number + 1
    while last < end and (line := lines[last]).strip(" \t"):  # up to a blank line
        indent = _indent(line)
        if indent < 0:
            return -1
        if indent < 4 and not _plain(text := line[indent:]):
            ordered = _ORDERED_ITEM.match(text)
            if ordered is not None and int(text[: ordered.end()].rstrip(" ")[:-1]) != 1:
                if "|" in text:
                    return -1  # a table's header, perhaps
                last += 1
                continue
            if (ordered is None and _BULLET_ITEM.match(text) is None) or _thematic_break(text):
                return -1
            if "|" in text and last + 1 < end and _delimiter_row(lines[last + 1].lstrip(" ")) is not None:
                return -1  # a table interrupts first
            tokens.append(Block("inline", [number, last], mdTrim("\n".join(lines[number:last]))))
            return _list(lines, last, end, tokens, depth)
        last += 1
    tokens.append(Block("inline", [number, last], mdTrim("\n".join(lines[number:last]))))
    return last


def _list(lines: list[str], number: int, end: int, tokens: list[Block], depth: int) -> int:
    """Items indented less than 4, each a plain line followed by the lines indented to its text (or blank).

    An item's text is read as blocks of its own: its lines without that indentation, as
    CommonMark reads a list item's content (``_item_blocks``).
    """
    while number < end and not _blank(lines[number]):
        line = lines[number]
        indent = _indent(line)
        if indent < 0 or indent > 3:
            return -1
        marker = _BULLET_ITEM.match(line, indent) or _ORDERED_ITEM.match(line, indent)
        if marker is None or not _plain(line[marker.end() :]):
            return -1
        width = marker.end()
        last = number + 1
        while last < end and (not (following := lines[last]).strip(" \t") or _indent(following) >= width):
            last += 1  # blank, or indented to the item's text
        while last > number + 1 and _blank(lines[last - 1]):
            last -= 1  # blank lines after the item are the range's end (or not read here)
        if last == number + 1:
            tokens.append(Block("inline", [number, number + 1], mdTrim(line[width:])))
        else:
            inner = _item_blocks([line[width:], *(text[width:] for text in lines[number + 1 : last])], number, depth)
            if inner is None:
                return -1
            tokens += inner
        number = last  # the next line is the list's next item, or not read here
    return number


def _item_blocks(content: list[str], offset: int, depth: int) -> list[Block] | None:
    """The tokens of a list item's content (its lines without the item's indentation), or None.

    Cut where ``segmenter.block_starts`` would cut a page (a line at the margin after a blank line)
    without following fences and raw HTML: a block that such a cut breaks is one this module does
    not read (a fence not closed in its range, a line starting with ``<``), so the item is left to the
    parser. A line indented 1 to 3 after a blank line starts a block too, unless a list may be open
    above it (which would hold it): only paragraphs, headings, quotes, images and the like end at a blank line.

    Deeper than ``MAX_DEPTH`` lists and quotes, the parser reads the item: it stops opening blocks at its
    ``maxNesting`` (the text below is not rendered), and this recursion would reach Python's limit.
    """
    if depth >= MAX_DEPTH:
        return None
    starts = [0]
    listy = _LIST_START.match(content[0].lstrip(" ")) is not None
    for n in range(1, len(content)):
        line = content[n]
        if _blank(line):
            continue
        head = line[:1]
        if _blank(content[n - 1]) and (head not in " \t" or (not listy and 0 < _indent(line) < 4)):
            starts.append(n)
            listy = False
        listy = listy or _LIST_START.match(line.lstrip(" ")) is not None
    tokens: list[Block] = []
    for first, end in zip(starts, [*starts[1:], len(content)]):
        blocks = simple_blocks(content, first, end, depth + 1)
        if blocks is None:
            return None
        tokens += blocks
    for token in tokens:
        if token.map is not None:
            token.map = [token.map[0] + offset, token.map[1] + offset]
    return tokens


def _quote(lines: list[str], number: int, end: int, tokens: list[Block], depth: int) -> int:
    """A block quote (indented less than 4) whose every line is marked (no lazy line), before a blank line or the
    range's end (markdown-it's ``blockquote`` rule): its content read as blocks of their own, and a DocFX alert
    (``[!NOTE]`` opening its first paragraph) as ``docfx.alerts`` rewrites the parser's tokens."""
    content: list[str] = []
    last = number
    while last < end:
        line = lines[last]
        indent = _indent(line)
        if not 0 <= indent <= 3 or line[indent : indent + 1] != ">":
            break
        if line[indent + 1 : indent + 2] == "\t":
            return -1  # a tab after the marker counts in columns: not read here
        content.append(line[indent + 2 :] if line[indent + 1 : indent + 2] == " " else line[indent + 1 :])
        last += 1
    if last < end and not _blank(lines[last]):
        return -1  # a lazy continuation line, or a block the quote does not hold
    if _blank(content[0]):
        return -1
    opening = Block("blockquote_open", [number, last])
    inner: list[Block] | None
    first = content[0].lstrip(" ")
    if ALERT_MARKER.match(first) is not None and len(content[0]) - len(first) <= 3:
        inner = _alert(content, number, depth)
        opening.type = "docfx_alert_open"
    else:
        inner = _item_blocks(content, number, depth)
    if inner is None:
        return -1
    closing = "docfx_alert_close" if opening.type == "docfx_alert_open" else "blockquote_close"
    tokens += [opening, *inner, Block(closing)]
    return last


def _alert(content: list[str], offset: int, depth: int) -> list[Block] | None:
    """The tokens of an alert's content (a quote's lines without their marks, the first opening with ``[!NOTE]``).

    Its first paragraph is plain lines after the marker's; the marker is taken off it as
    ``docfx._quote.rewrite_marked_quotes`` does (the paragraph gone when the marker was all of it).
    """
    last = 1
    while last < len(content) and not _blank(content[last]):
        indent = _indent(content[last])
        if indent < 0 or (indent < 4 and not _plain(content[last][indent:])):
            return None
        last += 1
    text = mdTrim("\n".join(content[:last]))
    marker = ALERT_MARKER.match(text)
    if marker is None:
        return None
    tokens: list[Block] = []
    rest = text[marker.end() :].lstrip(" \t")
    lines = [offset, offset + last]
    if rest.startswith("\n"):  # the marker had its line: the content starts on the next one
        rest = rest[1:]
        lines[0] += 1
    if rest.strip():
        tokens.append(Block("inline", lines, rest))
    while last < len(content) and _blank(content[last]):
        last += 1
    if last < len(content):
        inner = _item_blocks(content[last:], offset + last, depth)
        if inner is None:
            return None
        tokens += inner
    return tokens


def _fence(lines: list[str], number: int, end: int) -> int:
    """A fenced code block at the margin, closed in the range: no text."""
    opening = _FENCE.match(lines[number])
    if opening is None or (opening.group(1)[0] == "`" and "`" in opening.group(2)):
        return -1
    marker = opening.group(1)
    for closing in range(number + 1, end):
        line = lines[closing]
        indent = _indent(line)
        if 0 <= indent <= 3 and line[indent:].startswith(marker):
            rest = line[indent:].lstrip(marker[0])
            if not rest.strip(" \t"):
                return closing + 1
    return -1


def _image(lines: list[str], number: int, end: int, tokens: list[Block]) -> int:
    """A one-line ``:::image …:::`` (not a ``complex`` one, whose description is Markdown) before a blank line."""
    text = lines[number].strip(" ").rstrip()
    if not IMAGE_OPENING.match(text) or not text.endswith(":::") or len(text) <= len(":::image"):
        return -1
    found = attributes(text[len(":::image") : -3])
    if found.get("type", "content").lower() == "complex":
        return -1
    if number + 1 < end and not _blank(lines[number + 1]):
        return -1  # a setext underline would make it a heading's text: left to the parser
    tokens += [Block("docfx_image_open", [number, number + 1], attrs=image_files(found)), Block("docfx_image_close")]
    return number + 1


# A table's cells open and close with these: tokens without lines or content that no reader changes, shared
# rather than made three times per cell.
_TH_OPEN, _TH_CLOSE, _TD_OPEN, _TD_CLOSE = Block("th_open"), Block("th_close"), Block("td_open"), Block("td_close")


# markdown-it's table rule ends a table once its rows have left out more cells than this (its MAX_AUTOCOMPLETED_CELLS;
# tests/test_segmenter.py compares them).
_MAX_AUTOCOMPLETED_CELLS = 0x10000


def _table(lines: list[str], number: int, end: int, tokens: list[Block]) -> int:
    """A GFM table whose rows all begin at the margin with ``|`` or plain text (markdown-it's ``table`` rule)."""
    if number + 1 >= end or "|" not in mdTrim(lines[number]):
        return -1
    aligns = _delimiter_row(lines[number + 1])
    if aligns is None:
        return -1
    header = row_cells(lines[number])
    if not header or len(header) != aligns:
        return -1
    for cell in header:
        tokens += [_TH_OPEN, Block("inline", [number, number + 1], mdTrim(cell)), _TH_CLOSE]
    row = number + 2
    # cells the rows leave out: markdown-it ends a table that leaves out too many (a guard on output size)
    missing = 0
    while row < end and (line := lines[row]).strip(" \t"):  # up to a blank line
        if line[:1] != "|" and (line[:1] in MD_TRIM_CHARS or not _plain(line)):
            # a row may start with text, but not one that may start another block (which ends the table), nor
            # whitespace: a row of only such as markdown-it trims (form feed, no-break space) ends it too
            return -1
        cells = row_cells(line)
        missing += aligns - len(cells)
        if missing > _MAX_AUTOCOMPLETED_CELLS:
            return -1
        for index in range(aligns):
            cell = cells[index] if index < len(cells) else ""
            tokens += [_TD_OPEN, Block("inline", [row, row + 1], mdTrim(cell) if cell else ""), _TD_CLOSE]
        row += 1
    return row


def row_cells(line: str) -> list[str]:
    """The cells of a table row as GFM splits it (outer pipes optional, ``\\|`` kept in its cell)."""
    text = mdTrim(line)
    # escapedSplit reads character by character for "\|"; with no backslash it is a plain split
    columns = text.split("|") if "\\" not in text else escapedSplit(text)
    if columns and columns[0] == "":
        columns.pop(0)
    if columns and columns[-1] == "":
        columns.pop()
    return columns


def _delimiter_row(line: str) -> int | None:
    """The number of columns of a table's delimiter row (``|---|:--:|``), or None if it is not one."""
    if len(line) < 2 or line[0] not in "|-:" or (line[1] not in "|-: \t") or (line[0] == "-" and line[1] in " \t"):
        return None
    if any(char not in "|-: \t" for char in line):
        return None
    columns = line.split("|")
    count = 0
    for index, column in enumerate(columns):
        cell = mdTrim(column)
        if not cell:
            if index == 0 or index == len(columns) - 1:
                continue
            return None
        if not headerLineRe.search(cell):
            return None
        count += 1
    return count
