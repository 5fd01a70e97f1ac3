"""``docloc extract``: the templates (POT) from the English pages.

Every template records the hash of the page it was built from (``X-Docloc-Page-Hash``,
written by the import too); a page whose hash still matches is skipped without parsing
anything, so re-running extract after editing a few pages costs little more than reading
the pages. The rest of this module is for pages that changed or have no template yet.

Each page is segmented as Microsoft would (``segmenter``). Where the page still matches
its template line for line, the template's own segmentation is reused, so an unedited
page gives back exactly the template the import wrote; where the writer changed it, the
segmenter cuts the new text and prefers the English the template already knows (a
sentence Microsoft split differently stays one known entry). The template is built by
the same code as the import's.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable
from dataclasses import dataclass

import polib

from . import catalog as cat
from .errors import DoclocError
from .fileio import read_text, write_text_atomic
from .importer import segment_messages, segments_unambiguous, template_catalog, with_column_hints
from .model import Article, Segment, source_of
from .page import EnglishPage, read_page_with_catalog
from .poreader import PoCatalog, read_po
from .project import Project
from .segmenter import Span, segment_page, segment_spans

__all__ = ["ExtractResult", "english_article", "extract_page", "page_template"]


@dataclass
class ExtractResult:
    name: str
    segments: int
    messages: int
    written: bool
    # "unchanged": the page hash matches its template, nothing read; "template": the known
    # segmentation reused; "template+segmenter": reused, and added text cut; "segmenter": cut afresh
    segmentation: str

    @property
    def unchanged(self) -> bool:
        return self.segmentation == "unchanged"


def english_article(
    text: str, name: str, file: str, page_ref: str, known: polib.POFile | PoCatalog | None, fields: Iterable[str]
) -> tuple[Article, str]:
    """The English page as an article, leaning on a known template where it can."""
    if known is None:
        return segment_page(text, name, file), "segmenter"
    try:
        located, _ = read_page_with_catalog(text, name, file, page_ref, known, fields)
    except DoclocError:
        located = None
    english = {entry.msgid for entry in known if not entry.obsolete and not entry.msgctxt}
    if located is not None:
        body = _body(located)
        spans, changed = with_new_text(body, _spans(located))
        if not changed:
            return located, "template"
        return prefer_known(_article_from_spans(located, body, spans), english), "template+segmenter"
    return prefer_known(segment_page(text, name, file), english), "segmenter"


_WORD = re.compile(r"\w")
_NEWLINE = re.compile("\n")


def with_new_text(body: str, known: list[Span]) -> tuple[list[Span], bool]:
    """The known segmentation of ``body``, re-cut by the segmenter wherever a writer added words.

    Finding every known segment on its line does not mean the line is unchanged: a writer
    may have added a sentence to a paragraph, or words after a segment. The segmenter's
    spans and the known ones are grouped where they overlap; a group in which the segmenter
    sees words no known segment covers takes the segmenter's cut, every other group keeps
    the known one (text the template left out on purpose stays out). Returns the spans and
    whether anything changed.
    """
    cut = segment_spans(body)
    # Lines holding a known segment, and lines after the last one, are where a writer can add
    # words without moving a known segment off its line (which would have failed the read).
    starts = [0] + [m.end() for m in _NEWLINE.finditer(body)]
    known_lines = {bisect_right(starts, start) for start, _ in known}
    last_line = max(known_lines, default=0)

    def _may_be_new(start: int) -> bool:
        line = bisect_right(starts, start)
        return line > last_line or line in known_lines

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


def prefer_known(article: Article, known: set[str]) -> Article:
    """Re-cut segments where the known English was cut differently: join neighbours on a line
    whose joined text is known, split a segment whose parts are all known."""
    if not known:
        return article
    body = _body(article)
    spans = _spans(article)
    cut: list[tuple[int, int]] = []
    index = 0
    while index < len(spans):
        start, end = spans[index]
        joined = None
        if body[start:end] not in known:
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
        if body[start:end] in known:
            cut.append((start, end))
        else:
            cut.extend(_split_known(body, start, end, known) or [(start, end)])
        index += 1
    if cut == spans:
        return article
    return _article_from_spans(article, body, cut)


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
    project: Project, name: str, text: str, known: polib.POFile | PoCatalog | None
) -> tuple[polib.POFile, Article, str]:
    """The template of one English page, built as the import builds it."""
    fields = project.config.translated_fields
    page_file = project.relative(project.english_page(name))
    page_ref = project.page_reference(name)
    page_hash = cat.page_hash(text.encode("utf-8"), page_ref, fields)
    article, how = english_article(text, name, page_file, page_ref, known, fields)
    # Synthetic ids let the import's code tell occurrences apart; templates never show them.
    article = article.with_segments(
        [Segment(s.source, "", f"s{n}", s.line, s.column) for n, s in enumerate(article.segments)]
    )
    front = article.front_matter
    english = {key: value for key in fields if front and (value := front.value(key)) and value.strip()}
    front_text = front.text() if front else ""
    field_lines: dict[str, int] = {}
    if front:
        for index, key in enumerate(front.keys()):
            if key in english and key not in field_lines:
                field_lines[key] = index + 2
    page = EnglishPage(text, front, article.segment_positions(source_of, front_text), field_lines)
    messages = segment_messages(article, page, english)
    template = template_catalog(name, article, messages, page_ref, page_hash)
    # Reading the page back (to find segments only a column hint would place) is needed
    # only when the quick proof that every segment is found by its line fails.
    hinted = (
        set()
        if segments_unambiguous(article, page)
        else _misplaced(text, name, page_file, page_ref, article, template, fields)
    )
    if hinted:
        messages = [with_column_hints(m, page, article, hinted) for m in messages]
        template = template_catalog(name, article, messages, page_ref, page_hash)
        if _misplaced(text, name, page_file, page_ref, article, template, fields):
            raise DoclocError("docloc cannot place every segment of this page; please report it", page_file)
    return template, article, how


def _misplaced(
    text: str, name: str, file: str, page_ref: str, article: Article, template: polib.POFile, fields: Iterable[str]
) -> set[int]:
    """Segments that reading the page back with ``template`` would not find where they are."""
    try:
        located, _ = read_page_with_catalog(text, name, file, page_ref, template, fields)
    except DoclocError:
        return set(range(len(article.segments)))
    wrong = {
        n
        for n, (want, got) in enumerate(zip(article.segments, located.segments))
        if want.source != got.source or article.chunks[n] != located.chunks[n]
    }
    wrong.update(range(len(located.segments), len(article.segments)))
    return wrong


def extract_page(project: Project, name: str, force: bool = False) -> ExtractResult:
    """Write the template of one page (only if it changed).

    A page whose template records its current hash is skipped unless ``force`` is given.
    """
    page_path = project.english_page(name)
    template_path = project.template(name)
    if not force:
        try:
            data = page_path.read_bytes()
        except OSError:
            data = None  # read_text below says what is wrong, located
        page_ref, fields = project.page_reference(name), project.config.translated_fields
        if data is not None and cat.recorded_page_hash(template_path) == cat.page_hash(data, page_ref, fields):
            return ExtractResult(name, 0, 0, False, "unchanged")
    text = read_text(page_path, project.relative(page_path))
    known = read_po(template_path, project.relative(template_path)) if template_path.exists() else None
    template, article, how = page_template(project, name, text, known)
    written = write_text_atomic(template_path, cat.catalog_text(template))
    return ExtractResult(name, len(article.segments), len(template), written, how)
