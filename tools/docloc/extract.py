"""``docloc extract``: the templates (POT) from the English pages.

Each page is segmented as Microsoft would (``segmenter``). Where the page still matches
its template line for line, the template's own segmentation is reused, so an unedited
page gives back exactly the template the import wrote; where the writer changed it, the
segmenter cuts the new text and prefers the English the template already knows (a
sentence Microsoft split differently stays one known entry). The template is built by
the same code as the import's.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

import polib

from . import catalog as cat
from .errors import DoclocError
from .fileio import read_text, write_text_atomic
from .importer import segment_messages, template_catalog, with_column_hints
from .model import Article, Segment, source_of
from .page import EnglishPage, read_page_with_catalog
from .project import Project
from .segmenter import segment_page, segment_spans

__all__ = ["ExtractResult", "english_article", "extract_page", "page_template"]


@dataclass
class ExtractResult:
    name: str
    segments: int
    messages: int
    written: bool
    segmentation: str  # "template": the known segmentation reused; "segmenter": cut afresh


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
        added = _added_text(located)
        return (_with_added(located, added), "template+segmenter") if added else (located, "template")
    english = {entry.msgid for entry in known if not entry.obsolete and not entry.msgctxt}
    return prefer_known(segment_page(text, name, file), english), "segmenter"


def _added_text(located: Article) -> list[tuple[int, int]]:
    """Spans of text added on lines after the last segment the template knows.

    Lines up to it are as the template saw them (an added or removed line would have
    shifted its segments and failed the read), and text there that no segment covers was
    left out on purpose; only new lines at the end are left for the segmenter to cut.
    """
    if not located.segments:
        return []
    body = _body(located)
    line_end = body.find("\n", _spans(located)[-1][1])
    if line_end == -1:
        return []
    tail = line_end + 1
    return [(tail + start, tail + end) for start, end in segment_spans(body[tail:])]


def _with_added(located: Article, added: list[tuple[int, int]]) -> Article:
    body = _body(located)
    spans = sorted(_spans(located) + added)
    return _article_from_spans(located, body, spans)


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
    project: Project, name: str, text: str, known: polib.POFile | None
) -> tuple[polib.POFile, Article, str]:
    """The template of one English page, built as the import builds it."""
    fields = project.config.translated_fields
    page_file = project.relative(project.english_page(name))
    page_ref = project.page_reference(name)
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
    template = template_catalog(name, article, messages, page_ref)
    hinted = _misplaced(text, name, page_file, page_ref, article, template, fields)
    if hinted:
        messages = [with_column_hints(m, page, article, hinted) for m in messages]
        template = template_catalog(name, article, messages, page_ref)
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


def extract_page(project: Project, name: str) -> ExtractResult:
    """Write the template of one page (only if it changed)."""
    page_path = project.english_page(name)
    text = read_text(page_path, project.relative(page_path))
    template_path = project.template(name)
    known = cat.load_catalog(template_path, project.relative(template_path)) if template_path.exists() else None
    template, article, how = page_template(project, name, text, known)
    written = write_text_atomic(template_path, cat.catalog_text(template))
    return ExtractResult(name, len(article.segments), len(template), written, how)
