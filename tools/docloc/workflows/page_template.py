"""The template of one English page: Microsoft's segmentation, leaning on the known template.

Each page is segmented as Microsoft would (``segmenter``). Where the page still matches
its template line for line, the template's own segmentation is reused, so an unedited
page gives back exactly the template the import wrote; where the writer added words, only
the blocks holding them are parsed and cut again (an edit costs its blocks, not the page),
and the segmenter prefers the English the template already knows (a sentence Microsoft
split differently stays one known entry). The template is built by the same code as the
import's.

Where lines moved (a writer inserted or removed lines), the known segments are found again
before the sentence rules apply (``relocate_known``): the template's lines are aligned with the
page's as a patience diff aligns lines, and each known segment whose English is still there is
reused where it is, so an unchanged sentence keeps Microsoft's cut (and its translation) even
where the sentence rules would cut it otherwise (a leading narrow no-break space, a trailing
blank in a table cell, a lone ``"``, two sentences Microsoft kept as one).

With the project's translation memory (``held``, from ``extract``), a sentence a writer made by
joining known segments is cut whole where the memory holds it translated (``_merge``), and a
no-break blank Microsoft keeps at a fresh sentence's edge is kept where the memory knows it so
(``with_held_blanks``): ``update`` can then offer the project's translation of it.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

import polib

from ..catalog.conventions import entry_columns
from ..catalog.pagehash import page_hash as hash_of_page
from ..errors import DoclocError, line_starts
from ..formats.english import english_page_of, first_on_line, read_page_with_catalog
from ..frontmatter import check_translated_fields, split_document
from ..markdown.segmenter import Span, block_starts, segment_page, segment_region, without_inline_skeleton
from ..model import Article, Segment
from ..project import Project
from .importer import (
    entries_template_text,
    misplaced_segments,
    page_template_entries,
    placed_catalog,
    segment_messages,
    segments_unambiguous,
    template_catalog,
    template_text,
)

__all__ = [
    "PageTemplate",
    "english_article",
    "merge_cuts",
    "page_template",
    "prefer_known_spans",
    "relocate_known",
    "with_held_blanks",
    "with_new_text",
]


# Whether the project's translation memory holds an English text translated (``workflows.memory.HeldEnglish``).
Held = Callable[[str], bool]


def english_article(
    text: str,
    name: str,
    file: str,
    page_ref: str,
    known: polib.POFile | None,
    fields: Iterable[str],
    held: Held | None = None,
) -> tuple[Article, str]:
    """The English page as an article, leaning on a known template where it can.

    With ``held``, a sentence the segmenter cuts afresh over known segments and new text
    (punctuation the writer added between them) is taken whole where the memory holds it
    translated: see ``_merge``."""
    if known is None:
        return segment_page(text, name, file, numbered=True), "segmenter"
    try:
        located, _ = read_page_with_catalog(text, name, file, page_ref, known, fields)
    except DoclocError:
        located = None
    if located is not None:
        body = _body(located)
        spans, changed = with_new_text(body, _spans(located), held)
        if not changed:
            return located, "template"
        english = _english(known)
        cut = with_held_blanks(body, prefer_known_spans(body, spans, english), english, held)
        return _article_from_spans(located, body, cut), "template+segmenter"
    article = segment_page(text, name, file)
    body = _body(article)
    spans = _spans(article)
    placed = relocate_known(body, known_lines(known, page_ref, fields), split_document(text, file).front_lines)
    # Text the segmenter sees where no known segment is stays: where lines moved, a line the template
    # saw without a segment cannot be told from one the writer wrote (dropping it could lose theirs).
    merged = merge_cuts(body, placed, spans, held) if placed else spans
    english = _english(known)
    cut = with_held_blanks(body, prefer_known_spans(body, merged, english), english, held)
    how = "template+segmenter" if placed else "segmenter"
    return (article if cut == spans else _article_from_spans(article, body, cut)), how


def _english(known: polib.POFile) -> set[str]:
    """The body English the template knows (front-matter fields have a context)."""
    return {entry.msgid for entry in known if not entry.obsolete and not entry.msgctxt}


_WORD = re.compile(r"\w")


def with_new_text(body: str, known: list[Span], held: Held | None = None) -> tuple[list[Span], bool]:
    """The known segmentation of ``body``, re-cut by the segmenter wherever a writer added words.

    Finding every known segment on its line does not mean the line is unchanged: a writer
    may have added a sentence to a paragraph, or words after a segment. Only lines where a
    writer can add words without moving a known segment off its line (which would have failed
    the read) are looked at: lines holding a known segment, and lines after the last one. Of
    those, a line whose text outside the known segments has words once the skeleton is set
    aside (list markers, alert markers, link destinations, URLs, code spans, HTML tags) is
    "touched", and only the blocks holding touched lines are parsed and cut (``block_starts``,
    ``segment_region``): an edit costs its blocks, not the page. In those blocks the segmenter's
    spans and the known ones are grouped where they overlap; a group in which the segmenter sees
    words no known segment covers takes the segmenter's cut, every other group keeps the known
    one (text the template left out on purpose stays out; ``held``: see ``_merge``). Returns the
    spans and whether anything changed.
    """
    lines = body.split("\n")
    starts = line_starts(body)
    known_on: dict[int, list[Span]] = {}
    for span in known:
        known_on.setdefault(bisect_right(starts, span[0]) - 1, []).append(span)
    last_line = max(known_on, default=-1)
    # The page with the known segments taken out, line for line (segments never hold a line break).
    pieces, position = [], 0
    for start, end in known:
        pieces.append(body[position:start])
        position = end
    pieces.append(body[position:])
    outside = "".join(pieces).split("\n")
    if len(outside) != len(lines):
        ends = [start + len(line) for start, line in zip(starts, lines)]
        outside = [_uncovered(body, starts[n], ends[n], known_on.get(n, [])) for n in range(len(lines))]
    touched = [number for number in (*known_on, *range(last_line + 1, len(lines))) if _has_new_words(outside[number])]
    if not touched:
        return known, False
    touched.sort()
    regions = _regions(block_starts(lines, until=touched[-1]), touched, len(lines))
    result: list[Span] = []
    changed = False
    position = 0
    for first, end in regions:
        low, high = starts[first], starts[end - 1] + len(lines[end - 1])
        while position < len(known) and known[position][0] < low:
            result.append(known[position])
            position += 1
        inside = position
        while position < len(known) and known[position][0] <= high:
            position += 1
        spans, recut = _recut(
            body, known[inside:position], segment_region(lines, starts, first, end), starts, known_on, held
        )
        result.extend(spans)
        changed = changed or recut
    result.extend(known[position:])
    return result, changed


# Skeleton a writer's edit does not make translatable: a line's leading container, list and alert
# markers, and (anywhere) code spans, link destinations, URLs and HTML tags.
_LEADING_SKELETON = re.compile(r"[ \t>]*(?:(?:\d{1,9}[.)]|[-*+])[ \t]+)?(?:\[![A-Za-z]+\])?")


def _has_new_words(outside: str) -> bool:
    """Whether the text of a line outside its known segments has words that are not skeleton."""
    if not _WORD.search(outside):
        return False
    rest = outside[_LEADING_SKELETON.match(outside).end() :]
    return bool(_WORD.search(without_inline_skeleton(rest)))


def _regions(block_lines: list[int], touched: list[int], line_count: int) -> list[tuple[int, int]]:
    """The (first line, end line) of the blocks holding the touched lines, neighbours merged."""
    bounds = [*block_lines, line_count]
    regions: list[tuple[int, int]] = []
    for line in touched:
        index = bisect_right(bounds, line) - 1
        first, end = bounds[index], bounds[index + 1]
        if regions and first <= regions[-1][1]:
            regions[-1] = (regions[-1][0], max(end, regions[-1][1]))
        else:
            regions.append((first, end))
    return regions


def _recut(
    body: str,
    known: list[Span],
    cut: list[Span],
    starts: list[int],
    known_on: dict[int, list[Span]],
    held: Held | None = None,
) -> tuple[list[Span], bool]:
    """Known and segmenter spans of one region merged: the segmenter's where it sees new words."""
    last_line = max(known_on, default=-1)

    def _left_out(start: int) -> bool:
        line = bisect_right(starts, start) - 1
        return line <= last_line and line not in known_on

    return _merge(body, known, cut, _left_out, held)


def merge_cuts(body: str, known: list[Span], cut: list[Span], held: Held | None = None) -> list[Span]:
    """Known spans and the segmenter's merged over a whole body: the segmenter's where it sees new words
    (or, with ``held``, a whole sentence the memory holds translated: see ``_merge``)."""
    return _merge(body, known, cut, None, held)[0]


def _merge(
    body: str,
    known: list[Span],
    cut: list[Span],
    left_out: Callable[[int], bool] | None,
    held: Held | None = None,
) -> tuple[list[Span], bool]:
    """Group overlapping known and segmenter spans; in each group the segmenter's spans that see
    words no known span covers replace the known spans they touch, and every other known span
    stays (a known sentence beside an edited one keeps Microsoft's cut). A group of segmenter
    spans alone is dropped where ``left_out`` says the template left that text out on purpose.

    With ``held`` (the project's translation memory), a segmenter span is taken too where the
    known spans cover only part of it (the writer added punctuation beside them, or joined two
    known segments into one sentence) and the memory holds its whole English translated: Microsoft
    cuts such a line as one sentence, and the translation the project has for it is worth more than
    the known pieces, whose entries ``update`` keeps as obsolete and offers as the new entry's
    fuzzy guess. Where the memory does not hold it, the known cut stays, as without a memory.
    Returns the spans and whether any segmenter span was taken."""
    items = sorted([(start, end, True) for start, end in known] + [(start, end, False) for start, end in cut])
    result: list[Span] = []
    changed = False
    index = 0
    while index < len(items):
        group = [items[index]]
        reach = items[index][1]
        index += 1
        while index < len(items) and items[index][0] < reach:
            group.append(items[index])
            reach = max(reach, items[index][1])
            index += 1
        known_spans = [(s, e) for s, e, is_known in group if is_known]
        new_spans = [(s, e) for s, e, is_known in group if not is_known]
        if not known_spans and left_out is not None and all(left_out(s) for s, _ in new_spans):
            continue  # on a line the template saw with no segment: left out on purpose
        fresh = [(s, e) for s, e in new_spans if _is_fresh(body, (s, e), known_spans, held)]
        if not fresh:
            result.extend(known_spans)
            continue
        changed = True
        taken, dropped = set(fresh), set()
        while True:  # what the fresh spans touch goes, and what touches what goes, to a fixpoint
            more = {k for k in known_spans if k not in dropped and any(_overlap(k, t) for t in taken)}
            dropped |= more
            extra = {n for n in new_spans if n not in taken and any(_overlap(n, k) for k in more)}
            taken |= extra
            if not more and not extra:
                break
        result.extend(sorted([k for k in known_spans if k not in dropped] + list(taken)))
    return result, changed


def _is_fresh(body: str, span: Span, known_spans: list[Span], held: Held | None) -> bool:
    """Whether a segmenter span replaces the known spans it touches (see ``_merge``)."""
    outside = _uncovered(body, span[0], span[1], known_spans)
    if _WORD.search(outside):
        return True
    # The memory is asked last, and only about a span known text covers in part: it is read on first use.
    return held is not None and bool(outside.strip()) and span not in known_spans and held(body[span[0] : span[1]])


def _overlap(a: Span, b: Span) -> bool:
    return a[0] < b[1] and b[0] < a[1]


@dataclass
class KnownLine:
    """The known segments the template places on one line of the page it was built from."""

    line: int  # 1-based line of the page (front matter included), as the template's references give it
    items: list[tuple[str, int]] = field(default_factory=list)  # (English, column hint or 0), template order


def known_lines(known: polib.POFile, page_ref: str, fields: Iterable[str]) -> list[KnownLine]:
    """The template's body segments, line by line, in page order."""
    fields = set(fields)
    by_line: dict[int, KnownLine] = {}
    for entry in known:
        if entry.obsolete or entry.msgctxt in fields or not entry.msgid:
            continue
        columns = entry_columns(entry)
        index = 0
        for path, line in entry.occurrences:
            if path != page_ref or not line.isdigit():
                continue
            column = columns[index] if index < len(columns) else 0
            index += 1
            by_line.setdefault(int(line), KnownLine(int(line))).items.append((entry.msgid, column))
    return [by_line[line] for line in sorted(by_line)]


# Occurrences of one English looked at when finding the lines that may hold a known line.
_MAX_CANDIDATES = 4096


def relocate_known(body: str, lines: list[KnownLine], front_lines: int) -> list[Span]:
    """Where the known segments are in ``body``, the page's body after the writer moved its lines.

    Each known line is looked for where all its segments read on one line of the body (as
    ``read_page_with_catalog`` reads a line: the earliest match first, column hints honoured).
    The known lines are aligned with those candidates as a patience diff aligns lines: known
    lines with exactly one candidate that no other known line shares anchor the alignment
    (their longest increasing run), and the stretches between anchors are aligned the same
    way, recursively; what is still ambiguous is placed only on the line its neighbours' shift
    predicts. Then the known lines a writer edited give the segments still on them, again only
    on the predicted line. Returns the placed spans, sorted and disjoint.
    """
    if not lines:
        return []
    starts = line_starts(body)
    candidates = [_candidates(body, starts, known) for known in lines]
    placed: dict[int, list[Span]] = {}
    _align(lines, candidates, placed, front_lines, len(body))
    _place_partial(body, starts, lines, placed)
    spans: list[Span] = []
    for index in sorted(placed):
        for span in placed[index]:
            if not spans or span[0] >= spans[-1][1]:
                spans.append(span)
    return spans


def _line_end(body: str, starts: list[int], line: int) -> int:
    return starts[line + 1] if line + 1 < len(starts) else len(body) + 1


def _read_line(
    body: str, starts: list[int], line: int, items: list[tuple[str, int]], cursor: int, whole: bool
) -> list[Span] | None:
    """The spans of ``items`` starting on body line ``line`` (0-based) at or after ``cursor``.

    With ``whole``, None unless every item is found; otherwise the ones found.
    """
    start = starts[line]
    line_end = _line_end(body, starts, line)
    cursor = max(cursor, start)
    remaining = list(items)
    found: list[Span] = []
    while remaining:
        first = first_on_line(body, remaining, start, cursor, line_end)
        if first is None:
            if whole:
                return None
            break
        at, number = first
        msgid = remaining.pop(number)[0]
        found.append((at, at + len(msgid)))
        cursor = at + len(msgid)
    return found


def _candidates(body: str, starts: list[int], known: KnownLine) -> list[tuple[int, list[Span]]]:
    """(body line, spans) of every line on which all of a known line's segments read."""
    longest = max((msgid for msgid, _ in known.items), key=len)
    lines: list[int] = []
    at = body.find(longest)
    while at != -1 and len(lines) < _MAX_CANDIDATES:
        line = bisect_right(starts, at) - 1
        if not lines or lines[-1] != line:
            lines.append(line)
        at = body.find(longest, at + 1)
    found = []
    for line in lines:
        spans = _read_line(body, starts, line, known.items, 0, whole=True)
        if spans:
            found.append((line, spans))
    return found


def _align(
    lines: list[KnownLine],
    candidates: list[list[tuple[int, list[Span]]]],
    placed: dict[int, list[Span]],
    front_lines: int,
    body_length: int,
) -> None:
    """Patience alignment of known lines to body lines (see ``relocate_known``); fills ``placed``."""
    # Work: (first known line, end known line, lowest position, highest position, shift before, shift after).
    # A shift is (page line now - page line in the template) of the neighbouring anchor; None at the ends.
    work: list[tuple[int, int, int, int, int | None, int | None]] = [(0, len(lines), 0, body_length, None, None)]
    while work:
        first, end, low, high, before, after = work.pop()
        window = {
            index: [(line, spans) for line, spans in candidates[index] if spans[0][0] >= low and spans[-1][1] <= high]
            for index in range(first, end)
        }
        shared: dict[int, int] = {}
        for found in window.values():
            for line, _ in found:
                shared[line] = shared.get(line, 0) + 1
        unique = [(index, found[0]) for index, found in window.items() if len(found) == 1 and shared[found[0][0]] == 1]
        anchors = _increasing(unique)
        if not anchors:
            _place_predicted(lines, window, placed, front_lines, low, high, (before, after))
            continue
        previous, position, shift = first, low, before
        for index, (line, spans) in anchors:
            placed[index] = spans
            now = line + 1 + front_lines - lines[index].line
            if index > previous:
                work.append((previous, index, position, spans[0][0], shift, now))
            previous, position, shift = index + 1, spans[-1][1], now
        if previous < end:
            work.append((previous, end, position, high, shift, after))


def _increasing(pairs: list[tuple[int, tuple[int, list[Span]]]]) -> list[tuple[int, tuple[int, list[Span]]]]:
    """The longest run of ``pairs`` (in known-line order) whose body lines increase too."""
    tails: list[int] = []  # body line ending the best run of each length
    tail_index: list[int] = []
    parent: list[int] = []
    for number, (_, (line, _)) in enumerate(pairs):
        length = bisect_left(tails, line)
        if length == len(tails):
            tails.append(line)
            tail_index.append(number)
        else:
            tails[length] = line
            tail_index[length] = number
        parent.append(tail_index[length - 1] if length else -1)
    run: list[tuple[int, tuple[int, list[Span]]]] = []
    number = tail_index[-1] if tail_index else -1
    while number != -1:
        run.append(pairs[number])
        number = parent[number]
    run.reverse()
    # Multi-line segments: an anchor must start after the one before it ends.
    kept: list[tuple[int, tuple[int, list[Span]]]] = []
    for pair in run:
        if not kept or pair[1][1][0][0] >= kept[-1][1][1][-1][1]:
            kept.append(pair)
    return kept


def _place_predicted(
    lines: list[KnownLine],
    window: dict[int, list[tuple[int, list[Span]]]],
    placed: dict[int, list[Span]],
    front_lines: int,
    low: int,
    high: int,
    shifts: tuple[int | None, int | None],
) -> None:
    """Known lines no anchor decides: each on a candidate line the neighbouring anchors' shift predicts."""
    predicted = [shift for shift in shifts if shift is not None] or [0]
    position = low
    for index in sorted(window):
        wanted = {lines[index].line + shift - 1 - front_lines for shift in predicted}
        for line, spans in window[index]:
            if line in wanted and spans[0][0] >= position and spans[-1][1] <= high:
                placed[index] = spans
                position = spans[-1][1]
                break


def _place_partial(body: str, starts: list[int], lines: list[KnownLine], placed: dict[int, list[Span]]) -> None:
    """Known lines a writer edited: the segments still on the line their neighbours' shift predicts."""
    done = sorted(placed)
    if not done:
        return
    for index in range(len(lines)):
        if index in placed:
            continue
        at = bisect_left(done, index)
        neighbours = [done[at - 1]] if at else []
        if at < len(done):
            neighbours.append(done[at])
        low = placed[done[at - 1]][-1][1] if at else 0
        high = placed[done[at]][0][0] if at < len(done) else len(body)
        for neighbour in neighbours:
            line = _placed_line(starts, placed[neighbour]) + lines[index].line - lines[neighbour].line
            if not 0 <= line < len(starts):
                continue
            spans = [
                s for s in _read_line(body, starts, line, lines[index].items, low, whole=False) or [] if s[1] <= high
            ]
            if spans:
                placed[index] = spans
                done.insert(bisect_left(done, index), index)
                break


def _placed_line(starts: list[int], spans: list[Span]) -> int:
    return bisect_right(starts, spans[0][0]) - 1


def _uncovered(body: str, start: int, end: int, covered: list[Span]) -> str:
    """The text of ``body[start:end]`` outside the (sorted, disjoint) ``covered`` spans."""
    parts, position = [], start
    for s, e in covered:
        if e <= position or s >= end:
            continue
        parts.append(body[position:s] if s > position else "")
        position = max(position, e)
    parts.append(body[position:end] if end > position else "")
    return "".join(parts)


def _body(article: Article) -> str:
    parts = [part for chunk, segment in zip(article.chunks, article.segments) for part in (chunk, segment.source)]
    return "".join(parts) + article.chunks[-1]


def _article_from_spans(model: Article, body: str, spans: list[tuple[int, int]]) -> Article:
    """An article over ``body`` with segments at ``spans``; line and column are recomputed by callers."""
    chunks, segments, last_end = [], [], 0
    for start, end in spans:
        chunks.append(body[last_end:start])
        segments.append(Segment(body[start:end]))
        last_end = end
    chunks.append(body[last_end:])
    return Article(model.name, model.front_matter, chunks, segments, model.bom, model.newline)


def _spans(article: Article) -> list[tuple[int, int]]:
    spans = []
    offset = 0
    for chunk, segment in zip(article.chunks, article.segments):
        offset += len(chunk)
        spans.append((offset, offset + len(segment.source)))
        offset += len(segment.source)
    return spans


_GAP = re.compile(r"[ \t\u00a0\u202f]+")


def prefer_known_spans(body: str, spans: list[Span], known: set[str]) -> list[Span]:
    """Re-cut spans where the known English was cut differently: join neighbours on a line
    whose joined text is known, split a segment whose parts are all known."""
    if not known:
        return spans
    cut: list[Span] = []
    index = 0
    while index < len(spans):
        start, end = spans[index]
        if body[start:end] in known:
            cut.append((start, end))
            index += 1
            continue
        joined = None
        for last in range(index + 1, min(index + 4, len(spans))):
            gap = body[spans[last - 1][1] : spans[last][0]]
            if "\n" in gap or not _GAP.fullmatch(gap):
                break
            if body[start : spans[last][1]] in known:
                joined = last
                break
        if joined is not None:
            cut.append((start, spans[joined][1]))
            index = joined + 1
            continue
        cut.extend(_split_known(body, start, end, known) or [(start, end)])
        index += 1
    return cut


_NO_BREAK_BLANKS = "\u00a0\u202f"


def with_held_blanks(body: str, spans: list[Span], known: set[str], held: Held | None) -> list[Span]:
    """Spans the segmenter cut afresh, widened over the no-break blanks beside them where the memory
    holds the widened English translated and not the cut one.

    Microsoft keeps a leading or trailing no-break space in some segments (``\u202fThe new offers``),
    which the sentence rules leave out: where the memory knows the sentence with it, cutting it so lets
    ``update`` offer that translation. Known English and text with no no-break blank beside it stay as
    they are (and the memory is not asked)."""
    if held is None:
        return spans
    result = list(spans)
    for index, (start, end) in enumerate(result):
        low = result[index - 1][1] if index else 0
        high = result[index + 1][0] if index + 1 < len(result) else len(body)
        wide_start, wide_end = start, end
        while wide_start > low and body[wide_start - 1] in _NO_BREAK_BLANKS:
            wide_start -= 1
        while wide_end < high and body[wide_end] in _NO_BREAK_BLANKS:
            wide_end += 1
        if (wide_start, wide_end) == (start, end) or body[start:end] in known:
            continue
        for wider in ((wide_start, end), (start, wide_end), (wide_start, wide_end)):
            if wider != (start, end) and held(body[wider[0] : wider[1]]) and not held(body[start:end]):
                result[index] = wider
                break
    return result


def _split_known(body: str, start: int, end: int, known: set[str]) -> list[tuple[int, int]] | None:
    """Cut ``body[start:end]`` at blanks into pieces that are all known English, if it can be."""
    gaps = [(m.start(), m.end()) for m in _GAP.finditer(body, start, end)]
    if not gaps or len(gaps) > 200:
        return None
    best: dict[int, list[tuple[int, int]]] = {start: []}
    for position in [start] + [g[1] for g in gaps]:
        if position not in best:
            continue
        for gap_start, gap_end in gaps:
            if gap_start > position and body[position:gap_start] in known and gap_end not in best:
                best[gap_end] = best[position] + [(position, gap_start)]
        if position != start and body[position:end] in known:
            return best[position] + [(position, end)]
    return None


@dataclass
class PageTemplate:
    """The template of one English page as it is written, and how the page was cut."""

    text: str
    entries: int
    article: Article
    how: str  # as ``ExtractResult.segmentation`` says it


def page_template(
    project: Project,
    name: str,
    text: str,
    known: polib.POFile | None,
    page_hash: str | None = None,
    held: Held | None = None,
) -> PageTemplate:
    """The template of one English page, built as the import builds it (``page_hash``: of ``text``, if known;
    ``held``: the project's translation memory, see ``_merge``)."""
    fields = project.config.translated_fields
    page_file = project.relative(project.english_page(name))
    page_ref = project.page_reference(name)
    page_hash = page_hash or hash_of_page(text.encode("utf-8"), page_ref, fields)
    article, how = english_article(text, name, page_file, page_ref, known, fields, held)
    # Synthetic ids let the import's code tell occurrences apart; templates never show them. A page cut
    # afresh with no template (``segment_page(numbered=True)``) has them from the segmenter already, and is
    # not scanned for them: the scan cost a cold extract ~12 ms of its ~1.6 s on the cs-cz corpus.
    if known is not None and any(segment.id != f"s{n}" or segment.target for n, segment in enumerate(article.segments)):
        article = article.with_segments(
            [Segment(s.source, "", f"s{n}", s.line, s.column) for n, s in enumerate(article.segments)]
        )
    front = article.front_matter
    check_translated_fields(front, fields, page_file)
    english = {key: value for key in fields if front and (value := front.value(key)) and value.strip()}
    # A page cut afresh (no template) holds its segments where the segmenter found them in ``text``.
    positions = [(segment.line, segment.column) for segment in article.segments] if known is None else None
    page = english_page_of(article, text, front, english, positions)
    # An article a hand-off brought, or a writer's own page: what its template says of its origin and licence.
    imported = any(project.handoff_base(language, name).is_file() for language in project.config.languages)
    if segments_unambiguous(article, page):  # every segment reads back where it is: no column hint needed
        entries = page_template_entries(article, page, english, imported)
        text = entries_template_text(name, article, entries, page_ref, page_hash, imported)
        return PageTemplate(text, len(entries), article, how)
    messages, _ = placed_catalog(
        segment_messages(article, page, english, imported),
        lambda found: template_catalog(name, article, found, page_ref, page_hash, imported),
        lambda catalog: misplaced_segments(article, page, catalog, page_file, page_ref, fields, ids=False),
        article,
        page,
        page_file,
    )
    text, count = template_text(name, article, messages, page_ref, page_hash, imported)
    return PageTemplate(text, count, article, how)
