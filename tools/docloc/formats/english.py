"""The English page: written from an article, and read back into one with a catalog's help.

The English page is the article with every segment replaced by its English. Its front
matter loses the localization hand-off keys, and the translated fields (title,
description), which carry no English in a bilingual file, get English derived from the
article itself: the title from the H1 heading, the description from the first sentence
after it. Each locale's own front matter is kept in its catalog's header, so exports are
byte-exact.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

import polib

from ..catalog.conventions import entry_columns, entry_ids, merged_lines, variant_number
from ..catalog.po import names_a_reference_twice, read_catalog
from ..catalog.states import is_translated, translation
from ..errors import DoclocError, LineIndex
from ..frontmatter import Document, FrontMatter, check_translated_fields, parse_field, split_document
from ..model import Article, Segment, source_of
from .sxs import LOCALIZATION_KEYS

_H1 = re.compile(r"^ {0,3}#(?!#)")

Block = tuple[str | None, list[str]]
TemplateItem = str | list[str]


def front_blocks(front: FrontMatter) -> list[Block]:
    """Group front-matter lines by the key they belong to (continuation lines follow their key)."""
    blocks: list[Block] = []
    for key, line in zip(front.keys(), front.lines):
        if key is None and blocks and line[:1] in (" ", "\t", "-") and blocks[-1][0] is not None:
            blocks[-1][1].append(line)
        else:
            blocks.append((key, [line]))
    return blocks


def derive_english_fields(article: Article, keys: Iterable[str]) -> dict[str, str]:
    """English for translated fields: title ← the H1's English; description ← the first
    sentence after it (the first segment ending in . ! or ?)."""
    heading = None
    for index, chunk in enumerate(article.chunks[:-1]):
        prefix = chunk[chunk.rfind("\n") + 1 :] if "\n" in chunk or index == 0 else None
        if prefix is not None and _H1.match(prefix):
            heading = index
            break
    derived: dict[str, str] = {}
    if heading is None:
        return derived
    wanted = set(keys)
    if "title" in wanted:
        derived["title"] = article.segments[heading].source
    if "description" in wanted:
        for index in range(heading + 1, len(article.segments)):
            if article.segments[index].source.rstrip().endswith((".", "!", "?")):
                derived["description"] = article.segments[index].source
                break
    return {key: value.strip() for key, value in derived.items() if value.strip()}


def english_front_matter(
    front: FrontMatter | None, english: dict[str, str], fields: Iterable[str]
) -> FrontMatter | None:
    """The English page's front matter: hand-off keys dropped, translated fields in English."""
    if front is None:
        return None
    fields = set(fields)
    lines: list[str] = []
    for key, block in front_blocks(front):
        if key in LOCALIZATION_KEYS:
            continue
        if key in fields:
            found = parse_field(block[0])
            if found and len(block) == 1 and key in english:
                lines.append(found.line(english[key]))
            continue  # a translated field with no English to give it stays out of the English page
        lines.extend(block)
    return FrontMatter(lines, front.closing)


def locale_front_template(front: FrontMatter, english_front: FrontMatter, translated: set[str]) -> list[TemplateItem]:
    """How to rebuild a locale's front matter from the English page and the catalog.

    Items: a literal line; ``["=", key]`` the English page's lines for ``key``; or
    ``["t", key, separator, style]`` the field ``key`` filled with its translation.
    """
    english_blocks = {key: block for key, block in front_blocks(english_front) if key}
    template: list[TemplateItem] = []
    for key, block in front_blocks(front):
        found = parse_field(block[0]) if key in translated and len(block) == 1 else None
        if found:
            template.append(["t", key, found.separator, found.style])
        elif key is not None and english_blocks.get(key) == block:
            template.append(["=", key])
        else:
            template.extend(block)
    return template


def render_front_template(
    template: list[TemplateItem], english_front: FrontMatter | None, values: dict[str, str], closing: str
) -> FrontMatter:
    """A locale's front matter from its template (``locale_front_template``), the English page's front matter
    and the fields' translations. A translated field without one (its entry names no line of the page) gets
    the English page's value, as an untranslated field does: the key is never lost."""
    from ..frontmatter import Field

    english_blocks = {key: block for key, block in front_blocks(english_front) if key} if english_front else {}
    lines: list[str] = []
    for item in template:
        if isinstance(item, str):
            lines.append(item)
        elif item[0] == "=":
            lines.extend(english_blocks.get(item[1], []))
        elif item[0] == "t":
            value = values.get(item[1])
            if value is None and english_front is not None:
                value = english_front.value(item[1])
            if value is not None:
                lines.append(Field(item[1], item[2], value, item[3]).line())
    return FrontMatter(lines, closing)


@dataclass
class EnglishPage:
    """An article's English page as text, with the line of each segment and field."""

    text: str
    front_matter: FrontMatter | None
    segment_positions: list[tuple[int, int]]  # (line, column) of each segment
    field_lines: dict[str, int]


def write_english_page(article: Article, english: dict[str, str], fields: Iterable[str]) -> EnglishPage:
    front = english_front_matter(article.front_matter, english, fields)
    text = article.render(source_of, front.text() if front else "")
    return english_page_of(article, text, front, english)


def english_page_of(
    article: Article,
    text: str,
    front: FrontMatter | None,
    english: dict[str, str],
    positions: list[tuple[int, int]] | None = None,
) -> EnglishPage:
    """``text``, the English page of ``article``, with where its segments and English fields are.

    ``positions``: where the segments start in ``text``, when the caller knows (an article the segmenter
    has just cut from ``text`` has them as its segments' lines and columns); else they are counted.
    """
    field_lines: dict[str, int] = {}
    if front:
        for index, key in enumerate(front.keys()):
            if key in english and key not in field_lines:
                field_lines[key] = index + 2
    if positions is None:
        positions = article.segment_positions(source_of, front.text() if front else "")
    return EnglishPage(text, front, positions, field_lines)


def unplaced_entries(catalog: Iterable, page_ref: str) -> list:
    """The translated entries no occurrence of which names ``page_ref``: nowhere to put them on the page.

    ``read_page_with_catalog`` places an entry by the lines its ``#:`` references name; an entry whose
    references were lost (a hand edit, a tool that rewrote the comments or kept only file names) keeps its translation
    in the catalog while the page shows the English. ``docloc update`` restores the references.
    """
    # Whether an entry names a line of the page first: nearly every entry does, and then its state is not read.
    # A reference without a line (msgcat --add-location=file) places nothing, as ``read_page_with_catalog`` reads it.
    return [
        entry
        for entry in catalog
        if not any(path == page_ref and line.isdigit() for path, line in entry.occurrences)
        and entry.msgid
        and not entry.obsolete
        and is_translated(entry)
    ]


def merged_entries(catalog: Iterable, template: Iterable | None, page_ref: str, fields: Iterable[str]) -> list:
    """The translated entries that name a line of the page fewer times than the template places their English there
    (``conventions.merged_lines``: a GNU tool wrote two identical references once): the page shows the English in
    the occurrences they no longer name. ``docloc update`` gives the references back."""
    if template is None:
        return []
    restored = merged_lines(catalog, template, page_ref, fields)
    return [entry for entry in catalog if id(entry) in restored and is_translated(entry)] if restored else []


def template_with_repeats(
    path: Path, display: str, read: Callable[[Path, str], polib.POFile] = read_catalog
) -> polib.POFile | None:
    """The page's template (``read``), when an English stands twice on a line of the page (``merged_entries``
    needs it then only); None for a page without a template or without such a line. Its bytes tell
    (``po.names_a_reference_twice``): nine templates in ten are not parsed by the export and the build."""
    try:
        data = path.read_bytes()
    except (FileNotFoundError, IsADirectoryError, NotADirectoryError):
        return None
    except OSError as error:
        raise DoclocError(f"cannot read the template: {error.strerror or error}", display) from None
    return read(path, display) if names_a_reference_twice(data) else None


def first_on_line(
    body: str, items: list[tuple[str, int]], start: int, cursor: int, line_end: int
) -> tuple[int, int] | None:
    """Which of ``items`` ((English, column hint or 0)) starts first on the line ``start``..``line_end`` of
    ``body``, at or after ``cursor``, the longest on a tie: (its offset, its index), or None.

    How a segment is placed on its line, for reading a page with its catalog and for finding a
    template's segments again in an edited page alike.
    """
    best: tuple[tuple[int, int], int] | None = None
    for number, (text, column) in enumerate(items):
        at = offset_on_line(body, text, column, start, cursor, line_end)
        if at == -1:
            continue
        key = (at, -len(text))
        if best is None or key < best[0]:
            best = (key, number)
    return None if best is None else (best[0][0], best[1])


def offset_on_line(body: str, text: str, column: int, start: int, cursor: int, line_end: int) -> int:
    """Where ``text`` starts on the line ``start``..``line_end`` of ``body``, at or after ``cursor``: at its
    column hint (1-based, 0 for none) when it stands there, else its first match; -1 for none."""
    at = start + column - 1 if column else -1
    if at < cursor or not body.startswith(text, at):
        at = body.find(text, cursor, line_end - 1 + len(text))  # only a match starting on this line counts
    return -1 if at >= line_end else at


def read_page_with_catalog(
    text: str,
    name: str,
    file: str,
    page_ref: str,
    catalog: polib.POFile | Iterable,
    fields: Iterable[str],
    entries: list | None = None,
    document: Document | None = None,
) -> tuple[Article, dict[str, str]]:
    """Rebuild an article from its English page and a catalog that knows its segments.

    ``entries``, when given, receives the catalog entry of each segment, in page order.
    ``document``, when given, is ``split_document(text, file)`` already made and its translated fields checked
    (``check_translated_fields``: ``docloc check`` splits each English page once, for all its readers).

    ``catalog`` is a catalog ``read_catalog`` read, or one being built (polib's entries).

    Each catalog occurrence names a line; the segment is the catalog's English found on
    that line after the previous segment. Returns the article (targets are translations
    a page may show, else '') and the front-matter field translations.
    """
    fields = set(fields)
    if document is None:
        document = split_document(text, file)
        check_translated_fields(document.front_matter, sorted(fields), file)
    front, body, front_lines = document.front_matter, document.body, document.front_lines
    # (line in the body, (variant, order), entry, Microsoft id, column hint): sorted, they are in page order.
    occurrences: list[tuple[int, tuple[int, int], object, str, int]] = []
    field_values: dict[str, str] = {}
    for entry in catalog:
        if entry.obsolete:
            continue
        ids: list[str] | None = None
        columns: list[int] = []
        body_index = 0
        for path, line_text in entry.occurrences:
            if path != page_ref or not line_text.isdigit():
                continue
            line = int(line_text)
            if line <= front_lines:
                if entry.msgctxt in fields:
                    field_values[entry.msgctxt] = translation(entry) if is_translated(entry) else entry.msgid
                continue
            if ids is None:
                ids, columns = entry_ids(entry), entry_columns(entry)
                variant = variant_number(entry.msgctxt)
            seg_id = ids[body_index] if body_index < len(ids) else ""
            column = columns[body_index] if body_index < len(columns) else 0
            body_index += 1
            occurrences.append((line - front_lines, (variant, len(occurrences)), entry, seg_id, column))
    # By line, then variant (the first translation of an English before its 'variant 2', as the import numbers them
    # and update reads them: not the order entries stand in the file, which msgcat --sort-output or an editor may
    # change), then catalog order (unique: the entries are never compared).
    occurrences.sort()
    index = LineIndex(body)
    line_start, line_count, body_length = index.line_start, index.line_count, len(body)
    chunks: list[str] = []
    segments: list[Segment] = []
    cursor = last_end = 0
    position = 0
    total = len(occurrences)
    while position < total:
        line = occurrences[position][0]
        group_end = position + 1
        while group_end < total and occurrences[group_end][0] == line:
            group_end += 1
        same_line = occurrences[position:group_end]
        position = group_end
        if line > line_count:
            raise _stale(file, line + front_lines, same_line[0][2], catalog)
        start = line_start(line)
        cursor = max(cursor, start)
        line_end = line_start(line + 1) if line < line_count else body_length
        while same_line:
            if len(same_line) == 1:  # one segment on the line, the commonest: no choice to make
                only = same_line[0]
                found = offset_on_line(body, only[2].msgid, only[4], start, cursor, line_end)
                first = (found, 0) if found != -1 else None
            else:
                first = first_on_line(body, [(o[2].msgid, o[4]) for o in same_line], start, cursor, line_end)
            if first is None:
                raise _stale(file, line + front_lines, same_line[0][2], catalog)
            found, number = first
            occurrence = same_line.pop(number)
            entry = occurrence[2]
            if entries is not None:
                entries.append(entry)
            chunks.append(body[last_end:found])
            target = translation(entry) if is_translated(entry) else ""  # msgstr[0] of a plural entry, as gettext()
            segments.append(Segment(entry.msgid, target, occurrence[3], line + front_lines, found - start + 1))
            cursor = last_end = found + len(entry.msgid)
    chunks.append(body[last_end:])
    return Article(name, front, chunks, segments, bom=document.bom, newline=document.newline), field_values


@dataclass
class PageMismatch(DoclocError):
    """A catalog entry places its English on a line of the page that does not hold it: the page cannot be
    rebuilt from the catalog. Located on the page; ``entry_file`` and ``entry_line`` locate the entry."""

    entry_file: str = ""
    entry_line: int = 0
    english: str = ""  # the entry's English, shortened

    def from_the_entry(self) -> str:
        """The mismatch told where the entry stands (``file:line`` of the entry before it)."""
        return f"{self.english!r} is not on line {self.line} of {self.file}, where this entry places it: {_WHY}"


_WHY = (
    "the page changed after the catalog was last updated (run 'docloc extract' and 'docloc update'), or the "
    "entry's msgid was edited (restore it: a msgid is the English, never translated)"
)


def _stale(file: str, line: int, entry: polib.POEntry, catalog: object) -> PageMismatch:
    msgid = entry.msgid
    preview = msgid if len(msgid) <= 60 else msgid[:57] + "..."
    entry_file = getattr(catalog, "fpath", None) or ""
    entry_line = entry.linenum or 0
    at = f" ({entry_file}:{entry_line})" if entry_file and entry_line else ""
    message = f"{preview!r} is not on this line, where the catalog's entry{at} places it: {_WHY}"
    return PageMismatch(message, file, line, entry_file=entry_file, entry_line=entry_line, english=preview)


def fill_missing_ids(segments: list[Segment], name: str) -> list[Segment]:
    """Give segments that have no Microsoft id one in the article's id style (``hhhhh-N``)."""
    if all(segment.id for segment in segments):
        return segments
    prefixes = Counter(s.id.rsplit("-", 1)[0] for s in segments if "-" in s.id)
    prefix = prefixes.most_common(1)[0][0] if prefixes else hashlib.sha1(name.encode()).hexdigest()[:5]
    numbers = [int(n) for s in segments if s.id.startswith(prefix + "-") and (n := s.id[len(prefix) + 1 :]).isdigit()]
    next_number = max(numbers, default=100) + 1
    used = {s.id for s in segments}
    filled = []
    for segment in segments:
        if not segment.id:
            while f"{prefix}-{next_number}" in used:
                next_number += 1
            segment = Segment(segment.source, segment.target, f"{prefix}-{next_number}", segment.line, segment.column)
            used.add(segment.id)
        filled.append(segment)
    return filled
