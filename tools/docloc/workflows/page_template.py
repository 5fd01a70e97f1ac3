"""The template of one English page: Microsoft's segmentation, leaning on the known template.

Each page is segmented as Microsoft would (``segmenter``). Where the page still matches
its template line for line, the template's own segmentation is reused, so an unedited
page gives back exactly the template the import wrote; where the writer added words, only
the blocks holding them are parsed and cut again (an edit costs its blocks, not the page),
and the segmenter prefers the English the template already knows (a sentence Microsoft
split differently stays one known entry). The template is built by the same code as the
import's.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable

import polib

from ..catalog.pagehash import page_hash as hash_of_page
from ..errors import DoclocError
from ..formats.english import english_page_of, read_page_with_catalog
from ..markdown.segmenter import Span, block_starts, line_starts, segment_page, segment_region, without_inline_skeleton
from ..model import Article, Segment
from ..project import Project
from .importer import misplaced_segments, placed_catalog, segment_messages, template_catalog

__all__ = ["english_article", "page_template", "prefer_known_spans", "with_new_text"]


def english_article(
    text: str, name: str, file: str, page_ref: str, known: polib.POFile | None, fields: Iterable[str]
) -> tuple[Article, str]:
    """The English page as an article, leaning on a known template where it can."""
    if known is None:
        return segment_page(text, name, file), "segmenter"
    try:
        located, _ = read_page_with_catalog(text, name, file, page_ref, known, fields)
    except DoclocError:
        located = None
    if located is not None:
        body = _body(located)
        spans, changed = with_new_text(body, _spans(located))
        if not changed:
            return located, "template"
        cut = prefer_known_spans(body, spans, _english(known))
        return _article_from_spans(located, body, cut), "template+segmenter"
    article = segment_page(text, name, file)
    body = _body(article)
    spans = _spans(article)
    cut = prefer_known_spans(body, spans, _english(known))
    return (article if cut == spans else _article_from_spans(article, body, cut)), "segmenter"


def _english(known: polib.POFile) -> set[str]:
    """The body English the template knows (front-matter fields have a context)."""
    return {entry.msgid for entry in known if not entry.obsolete and not entry.msgctxt}


_WORD = re.compile(r"\w")


def with_new_text(body: str, known: list[Span]) -> tuple[list[Span], bool]:
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
    one (text the template left out on purpose stays out). Returns the spans and whether
    anything changed.
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
        spans, recut = _recut(body, known[inside:position], segment_region(lines, starts, first, end), starts, known_on)
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
    body: str, known: list[Span], cut: list[Span], starts: list[int], known_on: dict[int, list[Span]]
) -> tuple[list[Span], bool]:
    """Known and segmenter spans of one region merged: the segmenter's where it sees new words."""
    last_line = max(known_on, default=-1)

    def _may_be_new(start: int) -> bool:
        line = bisect_right(starts, start) - 1
        return line > last_line or line in known_on

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
        if not known_spans and not any(_may_be_new(s) for s, _ in new_spans):
            continue  # on a line the template saw with no segment: left out on purpose
        if any(_WORD.search(_uncovered(body, s, e, known_spans)) for s, e in new_spans):
            result.extend(new_spans)
            changed = True
        else:
            result.extend(known_spans)
    return result, changed


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


def page_template(
    project: Project, name: str, text: str, known: polib.POFile | None, page_hash: str | None = None
) -> tuple[polib.POFile, Article, str]:
    """The template of one English page, built as the import builds it (``page_hash``: of ``text``, if known)."""
    fields = project.config.translated_fields
    page_file = project.relative(project.english_page(name))
    page_ref = project.page_reference(name)
    page_hash = page_hash or hash_of_page(text.encode("utf-8"), page_ref, fields)
    article, how = english_article(text, name, page_file, page_ref, known, fields)
    # Synthetic ids let the import's code tell occurrences apart; templates never show them.
    article = article.with_segments(
        [Segment(s.source, "", f"s{n}", s.line, s.column) for n, s in enumerate(article.segments)]
    )
    front = article.front_matter
    english = {key: value for key in fields if front and (value := front.value(key)) and value.strip()}
    page = english_page_of(article, text, front, english)
    _, template = placed_catalog(
        segment_messages(article, page, english),
        lambda found: template_catalog(name, article, found, page_ref, page_hash),
        lambda catalog: misplaced_segments(article, page, catalog, page_file, page_ref, fields, ids=False),
        article,
        page,
        page_file,
    )
    return template, article, how
