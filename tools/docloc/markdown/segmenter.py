"""English Markdown into segments, the way Microsoft's localization pipeline cuts it.

Microsoft's bilingual files segment by sentence inside every piece of running text
(paragraphs, list items, headings, table cells, alert bodies), never across a line
break, and take a link's text alone when the link is all there is. Code, raw HTML,
front matter, DocFX directives and anchors stay in the skeleton. The rules here were
learned from the ``sxs-lookup`` spans of the corpus (``benchmarks/segmentation.py``
measures them); markdown-it-py says which lines hold running text and where it starts.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..errors import line_starts
from ..frontmatter import split_document
from ..model import Article, Segment
from .blocks import simple_blocks
from .parser import parse_blocks

Span = tuple[int, int]

# Leading skeleton on a line of text: HTML anchors (<a name="x"></a>, <a id="x"/>).
_ANCHORS = re.compile(r"(?:[ \t]*<a\b[^<>]*(?:/>|>\s*</a>))+[ \t]*", re.IGNORECASE)
_ALERT = re.compile(r"[ \t]*\[!(?:NOTE|TIP|IMPORTANT|CAUTION|WARNING)\][ \t]*", re.IGNORECASE)
_DIRECTIVE = re.compile(r"[ \t]*(?::::|\[!(?:INCLUDE|div|VIDEO)\b)", re.IGNORECASE)
_LINE_BREAK_TAG = re.compile(r"</?br\s*/?>", re.IGNORECASE)
# In raw HTML, text between these tags is running text; inline tags (strong, a, code) stay inside it.
_HTML_BLOCK_TAG = re.compile(
    r"</?(?:p|div|table|thead|tbody|tfoot|tr|td|th|caption|colgroup|col|ul|ol|li|dl|dt|dd|h[1-6]|blockquote|br|hr|img"
    r"|section|article|header|footer|nav|details|summary)\b[^<>]*>|<!--.*?-->",
    re.IGNORECASE,
)
# DocFX reads "##Heading" as a heading, CommonMark as a paragraph; and "2. Step" after a paragraph as a list item.
_LIST_MARKER = re.compile(r"\d{1,9}[.)][ \t]+(?=\S)")
# Not translatable on their own: a code span, a URL, or text with no letter or digit.
_UNTRANSLATABLE = re.compile(r"(`+)[^`]*\1|<?https?://\S+?>?|(?:&#?\w+;|[^\w])*")
_TIGHT_HEADING = re.compile(r"#{1,6}(?=[^#\s])")
# Masked before looking for sentence ends: code spans, link and image destinations, bare URLs, HTML tags.
_OPAQUE = re.compile(r"`+[^`]*`+|\]\([^()\s]*(?:\([^()\s]*\)[^()\s]*)*(?:\s+\"[^\"]*\")?\)|https?://\S+|<[^<>\n]+>")
_LONE_LINK = re.compile(r"\[(?P<text>(?:[^\[\]]|\[[^\[\]]*\])*)\]\((?P<dest>[^()\s]*(?:\([^()\s]*\)[^()\s]*)*)\)")
# Inside these Microsoft never ends a sentence: emphasis and link text (masked but for their last character).
# Every alternative opens with its character (the single star's lookbehind comes after it, so "(?<![*\w\\])\*"
# reads "\*(?<![*\w\\]\*)"): the regex engine then skips to a "*" or "[" instead of trying every position.
_ENCLOSED = re.compile(
    r"\*\*(?=\S)(?:[^*\n]|\*(?!\*))+?\*\*"
    r"|\*(?<![*\w\\]\*)(?=[^\s*])(?:[^*\n]|\*\*[^*\n]+\*\*)+?(?<![\s\\])\*(?![*\w])"
    r"|\[(?:[^\[\]\n]|\[[^\[\]\n]*\])*\](?=\()"
)
# A sentence ends at . ! ? (closing quotes, brackets and emphasis may follow) before blanks and more text.
_SENTENCE_END = re.compile(r"[.!?][\"'”’)\]*_]*(?P<gap>[ \t\u00a0\u202f]+)(?=\S)")
_WORD_AT_END = re.compile(r"[\w.]+$")
_ABBREVIATIONS = frozenset(
    [
        "e.g",
        "i.e",
        "etc",
        "vs",
        "mr",
        "mrs",
        "ms",
        "dr",
        "st",
        "no",
        "inc",
        "ltd",
        "co",
        "corp",
        "approx",
        "fig",
        "u.s",
        "a.m",
        "p.m",
    ]
)


def segment_page(text: str, name: str, file: str | None = None, *, numbered: bool = False) -> Article:
    """An English page as an article: segments with their English, no translation, no id (with ``numbered``,
    the ids ``s0``, ``s1``, … by which the import's code tells a page's occurrences apart)."""
    file = file or name
    document = split_document(text, file)
    front, body, front_lines = document.front_matter, document.body, document.front_lines
    chunks: list[str] = []
    segments: list[Segment] = []
    last = 0
    lines = body.split("\n")
    starts = line_starts(body, lines)
    for number, (line, start, end) in enumerate(_cuts(body, lines)):
        base = starts[line]
        chunks.append(body[last : base + start])
        segment_id = f"s{number}" if numbered else ""
        segments.append(Segment(lines[line][start:end], "", segment_id, line + 1 + front_lines, start + 1))
        last = base + end
    chunks.append(body[last:])
    return Article(name, front, chunks, segments, bom=document.bom, newline=document.newline)


def segment_spans(body: str) -> list[Span]:
    """(start, end) offsets of every segment in a Markdown body (no front matter)."""
    lines = body.split("\n")
    return _spans_in(body, lines, line_starts(body), 0)


def parsed_segment_spans(body: str) -> list[Span]:
    """``segment_spans`` from one parse of the whole body, without the block shortcut (what it must equal)."""
    lines = body.split("\n")
    return _spans_in(body, lines, line_starts(body), 0, parse_blocks(body))


def segment_region(lines: list[str], starts: list[int], first: int, end: int) -> list[Span]:
    """(start, end) body offsets of the segments on lines ``first`` to ``end - 1`` of a body.

    ``first`` and ``end`` must be block starts (``block_starts``), so that the lines between
    them parse alone as they do inside the whole body. ``starts`` are the body's line starts.
    """
    region = lines[first:end]
    return _spans_in("\n".join(region), region, starts, first)


def _spans_in(text: str, lines: list[str], starts: list[int], first: int, tokens: list | None = None) -> list[Span]:
    return [(starts[first + n] + start, starts[first + n] + end) for n, start, end in _cuts(text, lines, tokens)]


def _cuts(text: str, lines: list[str], tokens: list | None = None) -> Iterator[tuple[int, int, int]]:
    """Every segment of ``text`` (split into ``lines``) as (line, start column, end column): a segment never
    holds a line break."""
    for line, pieces in _text_lines(text, lines, tokens):
        raw = lines[line]
        for piece_start, piece_end in pieces:
            for start, end in split_text(raw, piece_start, piece_end):
                yield line, start, end


# A fence (CommonMark: up to 3 spaces, then ``` or ~~~; a backtick fence's info string has no backtick).
_FENCE_LINE = re.compile(r"( {0,3})(`{3,}|~{3,})(.*)")
# Raw HTML blocks that blank lines do not end (CommonMark types 1 to 5), and what ends each.
_RAW_HTML_START = re.compile(
    r"( {0,3})<(?:(?P<tag>script|pre|style|textarea)(?=[\s>]|$)|(?P<comment>!--)|(?P<pi>\?)|(?P<cdata>!\[CDATA\[)"
    r"|(?P<decl>![A-Za-z]))",
    re.IGNORECASE,
)
# Any of the four end tags ends a block of the first type (``<script>`` ends at ``</pre>``), as in markdown-it.
_RAW_HTML_END = {
    "tag": ("</script>", "</pre>", "</style>", "</textarea>"),
    "comment": ("-->",),
    "pi": ("?>",),
    "cdata": ("]]>",),
    "decl": (">",),
}
_TAG_LINE = re.compile(r" {0,3}</?[A-Za-z]")
# The first character after the indentation of every line the three patterns above match ("" never matches).
_OPENING_CHARACTERS = frozenset("`~<")


def block_starts(lines: list[str], until: int | None = None) -> list[int]:
    """Lines at which a top-level block (or an item of a top-level list) starts after a blank line.

    Such a line (not blank, nothing before it at column 0) parses the same whether the text
    before it is there or not, unless a fenced code block or a raw HTML block of the kinds blank
    lines do not end (``<pre>``, ``<script>``, comments, ...) is still open: those are followed
    line by line. Where that is unsure (a fence or raw HTML indented 1-3 spaces may belong to a
    list item; a fence or a comment inside an HTML block is HTML; a DocFX image whose long description runs to
    a ``:::image-end:::`` line, blank lines and all), no further line is given. Always starts
    with 0; ``segment_region`` between two of these lines cuts what the whole body's parse cuts
    there (a test over the corpus compares the two). With ``until``, stops at the first start after it.
    """
    found = [0]
    fence: tuple[str, int] | None = None
    raw_end: tuple[str, ...] | None = None
    blank_before = False
    described = any(":::image-end:::" in line.lower() for line in lines if ":::" in line)  # an image may span
    maybe_html = False  # in a block that may be an HTML block (types 6 and 7 end at a blank line)
    for number, line in enumerate(lines):
        if fence is not None:
            closing = _FENCE_LINE.match(line)
            if (
                closing
                and closing.group(2)[0] == fence[0]
                and len(closing.group(2)) >= fence[1]
                and not closing.group(3).strip(" \t")
            ):
                fence = None
            blank_before = False
            continue
        if raw_end is not None:
            if any(end in line.lower() for end in raw_end):
                raw_end = None
            blank_before = False
            continue
        if described and ":::image" in line.lower() and ":::image-end:::" not in line.lower():
            return found  # a complex image, perhaps (in a list item too): its description ends at :::image-end:::
        blank = not line.strip(" \t")
        if blank:
            blank_before, maybe_html = True, False
            continue
        if blank_before and line[0] not in " \t":
            found.append(number)
            if until is not None and number > until:
                return found
        blank_before = False
        if line.lstrip(" ")[:1] not in _OPENING_CHARACTERS:
            continue  # no fence and no HTML: what the three patterns below look for starts with one of these
        opener = _FENCE_LINE.match(line)
        if opener and not (opener.group(2)[0] == "`" and "`" in opener.group(3)):
            if opener.group(1) or maybe_html:
                return found  # in a list item or an HTML block, perhaps: unsure from here on
            fence = (opener.group(2)[0], len(opener.group(2)))
            continue
        raw = _RAW_HTML_START.match(line)
        if raw:
            if raw.group(1) or maybe_html:
                return found  # in a list item or an HTML block (then it ends at a blank line), perhaps
            raw_end = _RAW_HTML_END[raw.lastgroup or ""]
            if any(end in line.lower() for end in raw_end):  # the whole line, "<" on: "<!-->" ends where it starts
                raw_end = None
            continue
        if _TAG_LINE.match(line):
            maybe_html = True
    return found


def block_tokens(body: str, lines: list[str]) -> list:
    """The block tokens of ``body`` as the segmenter reads them (type, map, content).

    Between two block starts (``block_starts``), the commonest blocks are read by the shortcut
    (``blocks.simple_blocks``); every other run of blocks is parsed (alone: it parses as in the
    whole body), its lines counted from the body's first.
    """
    if "\r" in body or "\0" in body:  # the parser normalizes these first; the shortcut does not
        return parse_blocks(body)
    bounds = [*block_starts(lines), len(lines)]
    tokens: list = []
    parse_from = None  # the first line of a run of blocks left to the parser
    for first, end in zip(bounds, bounds[1:]):
        simple = simple_blocks(lines, first, end)
        if simple is None:
            if parse_from is None:
                parse_from = first
            continue
        if parse_from is not None:
            tokens += _parsed(lines, parse_from, first)
            parse_from = None
        tokens += simple
    if parse_from is not None:
        tokens += _parsed(lines, parse_from, len(lines))
    return tokens


def _parsed(lines: list[str], first: int, end: int) -> list:
    tokens = parse_blocks("\n".join(lines[first:end]))
    if first:
        for token in tokens:
            if token.map is not None:
                token.map = [token.map[0] + first, token.map[1] + first]
    return tokens


def _text_lines(body: str, lines: list[str], tokens: list | None = None) -> Iterator[tuple[int, list[Span]]]:
    """Each line holding running text, with the (start, end) columns of that text."""
    if tokens is None:
        tokens = block_tokens(body, lines)
    found: dict[int, list[Span]] = {}
    row_cursor: dict[int, int] = {}
    in_cell = in_heading = False
    count = len(lines)
    for token in tokens:
        kind = token.type
        if kind != "inline":
            if kind == "heading_open" or kind == "heading_close":
                in_heading = kind == "heading_open"
            elif kind == "th_open" or kind == "td_open":
                in_cell = True
            elif kind == "th_close" or kind == "td_close":
                in_cell = False
            elif kind == "html_block" and token.map is not None:
                for line, pieces in _html_lines(lines, token.map[0], min(token.map[1], count)):
                    found.setdefault(line, []).extend(pieces)
            continue
        if token.map is None:
            continue
        if in_cell:
            line = token.map[0]
            raw = lines[line]
            cursor = row_cursor.get(line, -1)
            if cursor == -1:
                cursor = _cell_start(raw)
            content = token.content
            at = raw.find(content, cursor) if content else -1
            if at != -1:
                found.setdefault(line, []).extend(_split_breaks(raw, at, at + len(content)))
                cursor = at + len(content)
            pipe = raw.find("|", cursor)
            row_cursor[line] = pipe + 1 if pipe != -1 else len(raw)
            continue
        first = token.map[0]
        for offset, content_line in enumerate(token.content.split("\n")):
            line = first + offset
            if line >= count:
                break
            raw = lines[line]
            stripped = content_line.strip()
            if not stripped:
                continue
            # The content's column on its line (markdown-it strips container prefixes: > and list indentation).
            trimmed = raw.rstrip()
            at = len(trimmed) - len(stripped) if trimmed.endswith(stripped) else raw.find(stripped)
            if at == -1:
                continue
            end = at + len(stripped)
            head = raw[at]  # each pattern is tried only where its first character is
            if offset == 0 and head == "#" and (tight := _TIGHT_HEADING.match(raw, at)):
                at = tight.end()
            elif not in_heading and head.isdecimal() and (marker := _LIST_MARKER.match(raw, at)):
                at = marker.end()
            pieces = _split_breaks(raw, at, end) if "<" in raw else [(at, end)]
            if line in found:
                found[line] += pieces
            else:
                found[line] = pieces
    for line in sorted(found):
        yield line, found[line]


def _html_lines(lines: list[str], first: int, last: int) -> Iterator[tuple[int, list[Span]]]:
    """Running text in a raw HTML block, line by line; comments, ``<pre>``, scripts and styles are skipped."""
    closing = ""
    for line in range(first, last):
        raw = lines[line]
        if closing:
            if closing in raw.lower():
                closing = ""
            continue
        opener = re.match(r"\s*<(!--|pre\b|script\b|style\b)", raw, re.IGNORECASE)
        if opener:
            tag = opener.group(1).lower()
            closing = "-->" if tag == "!--" else f"</{tag.rstrip()}>"
            if closing in raw.lower()[opener.end() :]:
                closing = ""
            continue
        pieces = list(_html_text(raw))
        if pieces:
            yield line, pieces


def _html_text(raw: str) -> Iterator[Span]:
    """Runs of text between block-level tags on a line of raw HTML."""
    position = 0
    for match in _HTML_BLOCK_TAG.finditer(raw):
        if raw[position : match.start()].strip():
            yield position, match.start()
        position = match.end()
    if raw[position:].strip():
        yield position, len(raw)


def _cell_start(raw: str) -> int:
    """Where a table row's first cell begins (after any container prefix and leading pipe)."""
    stripped = raw.lstrip(" \t>")
    at = len(raw) - len(stripped)
    return at + 1 if stripped.startswith("|") else at


def _split_breaks(raw: str, start: int, end: int) -> list[Span]:
    """Split running text at ``<br>`` tags, which Microsoft treats as segment boundaries."""
    if "<" not in raw:
        return [(start, end)]
    pieces = []
    position = start
    for match in _LINE_BREAK_TAG.finditer(raw, start, end):
        pieces.append((position, match.start()))
        position = match.end()
    pieces.append((position, end))
    return pieces


def split_text(raw: str, start: int, end: int) -> list[Span]:
    """Segments in ``raw[start:end]``, a piece of running text on one line."""
    text = raw[start:end]
    skip = _ANCHORS.match(text) if "<" in text else None
    offset = skip.end() if skip else 0
    if "[!" in text or ":::" in text:  # what every directive and alert marker holds
        if _DIRECTIVE.match(text, offset):
            return []
        alert = _ALERT.match(text, offset)
        if alert:
            offset = alert.end()
    # One sentence, as most pieces are (headings, list items, cells): masking (``_masked``) only turns
    # characters into NULs, and never the one after a gap, so it can remove a sentence end, never make one.
    if _SENTENCE_END.search(text, offset) is None:
        span = _segment_of(text, offset, len(text))
        return [] if span is None else [(start + span[0], start + span[1])]
    spans: list[Span] = []
    for s, e in _sentences(text, offset):
        span = _segment_of(text, s, e)
        if span is not None:
            spans.append((start + span[0], start + span[1]))
    return spans


def _sentences(text: str, start: int) -> Iterator[Span]:
    masked = _masked(text)
    position = start
    for match in _SENTENCE_END.finditer(masked, start):
        if _is_abbreviation(masked, start, match.start()):
            continue
        yield position, match.start("gap")
        position = match.end("gap")
    yield position, len(text)


def _masked(text: str) -> str:
    """``text`` with every place a sentence cannot end replaced by NULs (same length)."""
    regions: list[Span] = []
    # Each pattern looked for only where what every match of it holds is there: most sentences have neither,
    # and the patterns (lookbehinds, several first characters) try every position of a text they cannot match.
    if "*" in text or "](" in text:
        for match in _ENCLOSED.finditer(text):
            closing = 2 if match.group().endswith("**") else 1
            opening = 2 if match.group().startswith("**") else 1
            if match.end() - closing - 1 > match.start() + opening:
                regions.append((match.start() + opening, match.end() - closing - 1))
    if "`" in text or "](" in text or "://" in text or "<" in text:
        regions += [match.span() for match in _OPAQUE.finditer(text) if match.end() > match.start()]
    if not regions:
        return text
    regions.sort()
    pieces, position = [], 0
    for start, end in regions:
        if end <= position:
            continue
        start = max(start, position)
        pieces += [text[position:start], "\x00" * (end - start)]
        position = end
    pieces.append(text[position:])
    return "".join(pieces)


def _is_abbreviation(text: str, start: int, dot: int) -> bool:
    """Whether the full stop at ``dot`` ends an abbreviation rather than a sentence."""
    if text[dot] != ".":
        return False
    # The word before the dot, looked for in a short window first: searching a long sentence for a
    # pattern anchored at its end tries every position.
    window = max(start, dot - 32)
    word = _WORD_AT_END.search(text, window, dot)
    if word is not None and word.start() == window and window > start:
        word = _WORD_AT_END.search(text, start, dot)
    if not word:
        return False
    word_text = word.group()
    leading = not text[start : word.start()].strip(" \t\x00")
    if word_text.lower() in _ABBREVIATIONS:
        return True
    # A leading number is a heading's numbering ("1. Join"); a lone capital inside a sentence an initial.
    if leading:
        return word_text.isdigit()
    return len(word_text) == 1 and word_text.isupper()


def _segment_of(text: str, start: int, end: int) -> Span | None:
    """The translatable part of one sentence: blanks trimmed, a lone link reduced to its text."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if start == end:
        return None
    link = _LONE_LINK.fullmatch(text, start, end) if text[start] == "[" else None
    if link and not link.group("text").lstrip().startswith("!["):
        start, end = link.span("text")
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
    if _UNTRANSLATABLE.fullmatch(text, start, end):
        return None
    return start, end


def without_inline_skeleton(text: str) -> str:
    """``text`` without what never holds a sentence's words: code spans, link destinations, URLs, HTML tags."""
    return _OPAQUE.sub("", text)


def article_spans(article: Article) -> list[tuple[int, str]]:
    """(body offset, English) of every segment: how two segmentations of one page are compared."""
    spans = []
    offset = 0
    for chunk, segment in zip(article.chunks, article.segments):
        offset += len(chunk)
        spans.append((offset, segment.source))
        offset += len(segment.source)
    return spans
