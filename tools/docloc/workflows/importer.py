"""``docloc import``: bilingual articles into English pages, templates and catalogs."""

from __future__ import annotations

import difflib
import os
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from itertools import repeat
from pathlib import Path
from typing import TYPE_CHECKING

import polib

from ..catalog import conventions as cat
from ..catalog.pagehash import PAGE_HASH_HEADER, page_hash
from ..catalog.po import TemplateEntry, catalog_text, parse_po, read_catalog, template_catalog_text
from ..errors import DoclocError
from ..fileio import read_text, write_state_text, write_text_atomic
from ..formats.english import (
    EnglishPage,
    derive_english_fields,
    locale_front_template,
    read_page_with_catalog,
    render_front_template,
    write_english_page,
)
from ..formats.sxs import read_bilingual
from ..locales import gettext_language
from ..model import Article
from ..project import Project

if TYPE_CHECKING:  # the hand-off merge (XLIFF, the memory's fuzzy matching) loads only when a hand-off is merged
    from .handoff import HandoffMerge

__all__ = [
    "ArticleScan",
    "ImportResult",
    "PreparedImport",
    "commit_import",
    "find_articles",
    "import_article",
    "import_paths",
    "scan_articles",
]


@dataclass
class ImportResult:
    name: str
    language: str
    locale: str
    segments: int
    written: list[Path] = field(default_factory=list)  # the page, template and catalog written (changed)
    base_written: bool = False  # the hand-off base (.docloc-handoff/) written (changed)
    drift: list[str] = field(default_factory=list)  # how this locale's English differs from the page
    segments_differ: bool = False  # False: only text outside the segments differs (alt text, markup)
    kept_obsolete: int = 0
    merge: HandoffMerge | None = None  # over a catalog already there: what the three-way merge did
    conflicts: list[str] = field(default_factory=list)  # "file:line: ..." of entries both sides changed


class NotBilingual(DoclocError):
    """A Markdown file with no side-by-side segments (Microsoft's folders hold a target-language TOC.md
    beside the articles): refused when named, skipped with a warning when found in a folder."""


@dataclass
class ArticleScan:
    """What the paths given to the import hold: articles, files refused, and files skipped."""

    files: list[tuple[Path, str]] = field(default_factory=list)  # (file, article name)
    refused: list[tuple[Path, DoclocError]] = field(default_factory=list)  # errors: never read
    skipped: list[str] = field(default_factory=list)  # warnings: not regular files, never opened


def scan_articles(paths: list[Path]) -> ArticleScan:
    """The Markdown files under ``paths``, each with its article name (its path below the folder given).

    Only regular files are read. Inside a folder, a link is followed only to a regular file inside
    that folder (a link leaving it is refused: it could publish any file of the machine); FIFOs,
    sockets and devices are skipped with a warning and never opened (reading a FIFO would hang
    the run). A folder whose name ends in ``.md`` is a folder, walked. Names docloc gives its own
    files (``_ui/``, the generated pages) are refused. A file named on the command line is read
    where its link leads, if that is a regular file.
    """
    scan = ArticleScan()
    for path in paths:
        if path.is_dir():
            _scan_folder(path, scan)
        elif path.is_file():
            _add_article(scan, path, path.name)
        elif path.exists():
            scan.skipped.append(f"{path}: {_kind(path)}, not a regular file: skipped, never opened")
        elif path.is_symlink():
            scan.refused.append((path, DoclocError("a broken link: nothing to import", str(path))))
        else:
            raise DoclocError("no such file or directory", str(path))
    return scan


def find_articles(paths: list[Path]) -> Iterator[tuple[Path, str]]:
    """Each Markdown file to import with its article name (see ``scan_articles``)."""
    yield from scan_articles(paths).files


def _kind(path: Path) -> str:
    import stat

    try:
        mode = path.stat().st_mode
    except OSError:
        return "unreadable"
    if stat.S_ISFIFO(mode):
        return "a FIFO"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    return "a special file"


def _add_article(scan: ArticleScan, path: Path, name: str) -> None:
    from ..project import article_name_problem

    problem = article_name_problem(name, imported=True)
    if problem:
        scan.refused.append((path, DoclocError(f"{problem}; not imported", str(path))))
    else:
        scan.files.append((path, name))


def _scan_folder(root: Path, scan: ArticleScan) -> None:
    """Walk ``root`` (links to folders are not entered) for ``.md`` files, sorted by name."""
    top = root.resolve()
    found: list[tuple[str, Path]] = []
    for directory, folders, files in os.walk(root):
        folders.sort()
        here = Path(directory)
        for folder in folders:
            link = here / folder
            if link.is_symlink() and not _inside(link, top):
                message = f"a link to a folder outside {root}: not walked"
                scan.refused.append((link, DoclocError(message, str(link))))
        found += [((here / file).relative_to(root).as_posix(), here / file) for file in files if file.endswith(".md")]
    for name, path in sorted(found):
        if path.is_symlink() and not _inside(path, top):
            message = f"a link to a file outside {root}: not imported (copy the file in if it belongs to the hand-off)"
            scan.refused.append((path, DoclocError(message, str(path))))
        elif path.is_symlink() and not path.exists():
            scan.refused.append((path, DoclocError("a broken link: nothing to import", str(path))))
        elif path.is_file():
            _add_article(scan, path, name)
        else:
            scan.skipped.append(f"{path}: {_kind(path)}, not a regular file: skipped, never opened")


def _inside(path: Path, top: Path) -> bool:
    """Whether ``path``, its links followed, lies inside ``top`` (a resolved folder)."""
    try:
        path.resolve().relative_to(top)
    except (ValueError, OSError, RuntimeError):
        return False
    return True


def read_article(path: Path, name: str, locale: str | None = None) -> Article:
    if not path.is_file():  # scan_articles let only regular files through; one replaced since is not opened
        raise DoclocError("not a regular file: not imported", str(path))
    article = read_bilingual(read_text(path, str(path)), name, str(path))
    if locale:
        _check_locale_override(article, locale, str(path))
        article.locale = locale
    return article


def _check_locale_override(article: Article, locale: str, display: str) -> None:
    """Refuse a --locale of another project language than the article's own ms.contentlocale: its translations
    would go into (and be merged over) that language's catalog. The same language otherwise written (cs for
    cs-CZ) may be given, and any locale where the article's value is no locale name."""
    own = article.locale
    if not own or own == locale:
        return
    try:
        languages = gettext_language(own), gettext_language(locale)
    except DoclocError:
        return  # not a locale name (the article's): --locale is how to give one; (--locale's): refused later
    if languages[0] == languages[1]:  # (cs for cs-CZ: the same catalog)
        return
    front = article.front_matter
    index = front.field_index("ms.contentlocale") if front else None
    raise DoclocError(
        f"--locale {locale} is another language than the article's ms.contentlocale {own}: its translations would "
        f"go into the {languages[1]} catalog; import it without --locale, or fix ms.contentlocale",
        display,
        index + 2 if index is not None else 1,
        1,
    )


@dataclass
class PreparedImport:
    """Everything one import writes, built in memory first (in a worker process for big runs)."""

    article: Article
    page: EnglishPage
    language: str
    template_text: str
    translation_text: str


def prepare_import(project: Project, article: Article, display: str) -> PreparedImport:
    """Build the English page, template and catalog of an article, verified to round-trip."""
    name = article.name
    if not article.locale:
        front = article.front_matter
        index = front.field_index("ms.contentlocale") if front else None
        if index is not None:  # (given, but as no string YAML reads: a list, a number, nothing)
            raise DoclocError(
                "ms.contentlocale is not a locale name such as cs-CZ; fix it, or give the locale with --locale ll-CC",
                display,
                index + 2,
                1,
            )
        raise DoclocError(
            "the front matter has no ms.contentlocale; give the locale with --locale ll-CC", display, 1, 1
        )
    if not article.segments:
        raise NotBilingual(
            "not a bilingual article: it has no side-by-side segments "
            '(<span data-ttu-id="..."> with its English in a sxs-lookup span); nothing imported',
            display,
            1,
            1,
        )
    locale = article.locale
    language = _language_of(locale, article, display, project.config.languages)
    fields = project.config.translated_fields
    english = derive_english_fields(article, fields)
    page = write_english_page(article, english, fields)
    check_front_matter_round_trip(article, page, display)
    page_ref = project.page_reference(name)
    messages, translation = placed_catalog(
        segment_messages(article, page, english),
        lambda found: _translation(name, article, found, page, locale, language, page_ref),
        lambda catalog: misplaced_segments(article, page, catalog, display, page_ref, fields, ids=True),
        article,
        page,
        display,
    )
    digest = page_hash(page.text.encode("utf-8"), page_ref, fields)
    template, _ = template_text(name, article, messages, page_ref, digest)
    return PreparedImport(article, page, language, template, catalog_text(translation))


def check_front_matter_round_trip(article: Article, page: EnglishPage, display: str) -> None:
    """Refuse front matter that export would not rebuild byte for byte, at its first line that differs.

    Export rebuilds a locale's front matter from the English page's and the catalog's field
    translations (``render_front_template``); this builds it the same way now, before anything
    is written.
    """
    front = article.front_matter
    if front is None or page.front_matter is None:
        return
    translated = {key for key in page.field_lines if front.value(key) is not None}
    template = locale_front_template(front, page.front_matter, translated)
    for item in template:  # a line the catalog's header keeps as it is: only what reading the header accepts
        if isinstance(item, str) and (problem := cat.kept_line_problem(item)):
            raise DoclocError(
                f"the catalog cannot keep this front-matter line for export (a line {problem}): a field "
                "other than Microsoft's ms.… keys must be one of the translated fields, on one line, with its "
                "English in the article (the title's is its H1 heading); simplify the line and import again",
                display,
                front.lines.index(item) + 2 if item in front.lines else 1,
                1,
            )
    values = {key: value for key in translated if (value := front.value(key)) is not None}
    rebuilt = render_front_template(template, page.front_matter, values, front.closing)
    if rebuilt.lines == front.lines:
        return
    for index, (want, got) in enumerate(zip(front.lines + [""], rebuilt.lines + [""])):
        if want != got:
            column = next((n for n, (a, b) in enumerate(zip(want, got), 1) if a != b), min(len(want), len(got)) + 1)
            raise DoclocError(
                f"docloc cannot rebuild this front matter line on export (it would write {got!r}); "
                "simplify the line (one 'key: value' per line) and import again",
                display,
                index + 2,
                column,
            )


def _language_of(locale: str, article: Article, display: str, languages: list[str]) -> str:
    """The project language of a content locale; one that is no locale name (``../x``), or names a language
    the site cannot be built in (the import adds it to the site's ``languages``), is refused before anything
    is written, at its front-matter line when it comes from there."""
    from ..project import is_language_code, language_problem

    try:
        language = gettext_language(locale)
    except DoclocError:
        language = ""
    problem = None if is_language_code(language) else f"{locale!r} is not a locale name such as cs-CZ"
    if problem is None and language not in languages and (unknown := language_problem(language)):
        problem = f"{locale}: {unknown}, so the site could not be built in it; nothing imported"
    if problem is None:
        return language
    front = article.front_matter
    index = front.field_index("ms.contentlocale") if front else None
    where = (index + 2, 1) if index is not None and front and front.read("ms.contentlocale") == locale else (0, 0)
    raise DoclocError(problem, display, *where)


def commit_import(project: Project, prepared: PreparedImport, replace_english: bool = False) -> ImportResult:
    """Write a prepared import: the page and template unless another locale's English is kept,
    and the catalog, carrying over any earlier work the new catalog would lose."""
    article, page, name = prepared.article, prepared.page, prepared.article.name
    result = ImportResult(name, prepared.language, article.locale, len(article.segments))
    page_path = project.english_page(name)
    existing = read_text(page_path) if page_path.exists() else None
    writes: list[tuple[Path, str]] = []
    if existing is not None and existing != page.text and not replace_english:
        result.drift, result.segments_differ = describe_drift(project, name, existing, article, page)
    else:
        writes += [(page_path, page.text), (project.template(name), prepared.template_text)]
    po_path = project.catalog(prepared.language, name)
    text = prepared.translation_text
    if result.drift:
        text = _merge_into_page(project, name, text, result)
    handoff = text  # the base of the next import's three-way merge
    base_path = project.handoff_base(prepared.language, name)
    if po_path.exists() and po_path.read_bytes() != text.encode("utf-8"):  # only a changed catalog holds work to keep
        # read before anything is written: a catalog msgfmt refuses stops this article's import whole
        text = _merge_over_catalog(project, po_path, base_path, text, result)
    writes += [(po_path, text), (base_path, handoff)]
    for target, content in writes:
        if target == base_path:
            result.base_written = write_state_text(target, content)
        elif write_text_atomic(target, content):
            result.written.append(target)
    return result


def _own_file(path: Path) -> bool:
    return path.is_file() and not path.is_symlink()


def _merge_over_catalog(project: Project, po_path: Path, base_path: Path, text: str, result: ImportResult) -> str:
    """The hand-off's catalog merged three ways with the one on disk (``handoff.merge_handoff``)."""
    file = project.relative(po_path)
    ours = read_catalog(po_path, file)
    # Not through a link (a committed one could name /dev/zero or a file of the user's): no base then.
    base = read_catalog(base_path, project.relative(base_path)) if _own_file(base_path) else None
    translation = parse_po(text, file)
    from .handoff import merge_handoff

    result.merge = merge_handoff(translation, ours, base)
    result.kept_obsolete = result.merge.obsolete
    text = catalog_text(translation)
    if result.merge.conflicts:
        lines = {(e.msgctxt, e.msgid): e.linenum for e in parse_po(text, file) if not e.obsolete}
        for key in result.merge.conflicts:
            line = lines.get(key) or 0
            english = key[1] if len(key[1]) <= 60 else key[1][:57] + "..."
            result.conflicts.append(
                f"{file}:{line}: {english!r}: the translator and the hand-off both changed this translation; "
                "the translator's is kept, the hand-off's is in the entry's docloc-suggestion comment"
            )
    return text


def _merge_into_page(project: Project, name: str, text: str, result: ImportResult) -> str:
    """Anchor a catalog made from other English to the page that was kept, as ``docloc update``
    would: unchanged English keeps its translation, changed English becomes a fuzzy suggestion."""
    from .update import merge_catalog, page_occurrences  # the writer workflow's merge, used only here

    template_path = project.template(name)
    if not template_path.is_file():
        result.drift.append(
            f"{project.relative(template_path)}: no such file: catalog not merged; "
            "run 'docloc extract' then 'docloc update'"
        )
        return text
    template = read_catalog(template_path, project.relative(template_path))  # one msgfmt refuses stops the import
    try:
        occurrences = page_occurrences(project, name, template)
    except (DoclocError, OSError) as error:
        result.drift.append(f"{error}: catalog not merged; run 'docloc extract' then 'docloc update'")
        return text
    translation = parse_po(text, project.relative(project.catalog(result.language, name)))
    fields = tuple(project.config.translated_fields)
    merged, outcome = merge_catalog(translation, template, occurrences, project.page_reference(name), fields)
    result.drift.append(
        f"{project.relative(project.catalog(result.language, name))}: merged into the English page: "
        f"{outcome.kept} kept, {outcome.fuzzy} fuzzy, {outcome.new} untranslated, {outcome.obsolete} obsolete"
    )
    return catalog_text(merged)


def import_article(project: Project, article: Article, display: str, replace_english: bool = False) -> ImportResult:
    """Import one parsed article. Everything is built and verified before the first write."""
    return commit_import(project, prepare_import(project, article, display), replace_english)


def _prepare_file(
    project: Project, path: Path, name: str, locale: str | None
) -> PreparedImport | Article | DoclocError:
    """Worker: a prepared import, the parsed article when it still needs a locale, or the error."""
    try:
        article = read_article(path, name, locale)
        if not article.locale:
            return article
        return prepare_import(project, article, str(path))
    except DoclocError as error:
        return error


def import_paths(
    project: Project, paths: list[Path], locale: str | None = None, replace_english: bool = False, workers: int = 0
) -> Iterator[tuple[Path, ImportResult | DoclocError]]:
    """Import every article under ``paths``, preparing them on all cores, writing in order.

    An article with no ``ms.contentlocale`` (a TOC, say) takes the locale its sibling
    articles agree on.
    """
    from ..workers import worker_pool  # only the import runs a pool

    workers = workers or min(os.cpu_count() or 1, 8)
    pool = worker_pool(workers) if workers > 1 else None
    try:
        for root in paths:
            scan = scan_articles([root])
            yield from scan.refused
            files = scan.files
            if pool and len(files) > 8:
                chunk = max(1, len(files) // (workers * 8))
                prepared = pool.map(_prepare_file, repeat(project), *zip(*files), repeat(locale), chunksize=chunk)
            else:
                prepared = (_prepare_file(project, path, name, locale) for path, name in files)
            waiting: list[tuple[Path, Article]] = []
            locales: set[str] = set()
            for (path, _), item in zip(files, prepared):
                if isinstance(item, Article):
                    waiting.append((path, item))
                    continue
                yield path, _commit(project, item, replace_english)
                if isinstance(item, PreparedImport):
                    locales.add(item.article.locale)
            for path, article in waiting:
                if len(locales) == 1:
                    article.locale = next(iter(locales))
                try:
                    item: PreparedImport | DoclocError = prepare_import(project, article, str(path))
                except DoclocError as error:
                    item = error
                yield path, _commit(project, item, replace_english)
    finally:
        if pool:
            pool.shutdown()


def _commit(project: Project, item: PreparedImport | DoclocError, replace_english: bool) -> ImportResult | DoclocError:
    if isinstance(item, DoclocError):
        return item
    try:
        return commit_import(project, item, replace_english)
    except DoclocError as error:
        return error


def misplaced_segments(
    article: Article, page: EnglishPage, catalog, file: str, page_ref: str, fields: Iterable[str], ids: bool
) -> set[int]:
    """The segments that reading ``page`` back with ``catalog`` (as export and extract will) misplaces.

    A segment whose English also occurs earlier on its line outside any segment is found only
    with a column hint; this finds where hints are needed, so the round trip is exact. With
    ``ids``, a segment read back with another Microsoft id is misplaced too.
    """
    if segments_unambiguous(article, page):
        return set()
    try:
        located, _ = read_page_with_catalog(page.text, article.name, file, page_ref, catalog, fields)
    except DoclocError:
        return set(range(len(article.segments)))
    wrong = {
        number
        for number, (want, got) in enumerate(zip(article.segments, located.segments))
        if want.source != got.source or (ids and want.id != got.id) or located.chunks[number] != article.chunks[number]
    }
    wrong.update(range(len(located.segments), len(article.segments)))
    return wrong


def placed_catalog(
    messages: list[cat.Message],
    build: Callable[[list[cat.Message]], polib.POFile],
    misplaced: Callable[[polib.POFile], set[int]],
    article: Article,
    page: EnglishPage,
    display: str,
) -> tuple[list[cat.Message], polib.POFile]:
    """``build(messages)``, with column hints added where reading the page back would misplace a segment."""
    catalog = build(messages)
    hinted = misplaced(catalog)
    if hinted:
        numbers = {s.id: n for n, s in enumerate(article.segments)}  # once per page, not per message
        messages = [with_column_hints(m, page, numbers, hinted) for m in messages]
        catalog = build(messages)
        if misplaced(catalog):
            raise DoclocError("docloc cannot place every segment of this page; please report it", display)
    return messages, catalog


def segments_unambiguous(article: Article, page: EnglishPage) -> bool:
    """A quick proof that reading back by line finds every segment where it is.

    The reader takes, on each line, the earliest match of the segments expected there;
    that is right unless some expected English also occurs earlier in the text between
    the previous segment and this one. Only when this check fails is the full read-back run.
    """
    if article.newline != "\n" or article.bom:
        return False
    find = page.text.find
    at = len(page.front_matter.text()) if page.front_matter else 0  # where each segment starts in the page
    segments = article.segments
    positions = page.segment_positions
    count = len(segments)
    cursor = 0
    # One pass: each segment's offset summed as it goes (chunk, then segment), its line and column as placed.
    for k, (chunk, segment, (line, column)) in enumerate(zip(article.chunks, segments, positions)):
        at += len(chunk)
        source = segment.source
        start = at - column + 1  # the line's start
        if start > cursor:
            cursor = start
        if -1 < find(source, cursor, at + len(source)) < at:
            return False
        j = k + 1
        while j < count and positions[j][0] == line:  # a later segment of the line found first, or a longer one
            other = segments[j].source
            found = find(other, cursor, at + len(other))
            if found != -1 and (found < at or len(other) > len(source)):
                return False
            j += 1
        at += len(source)
        cursor = at
    return True


def with_column_hints(
    message: cat.Message, page: EnglishPage, numbers: dict[str, int], hinted: set[int]
) -> cat.Message:
    """Add column hints to a message that holds any misplaced segment (``numbers``: each segment's index by id)."""
    if not message.ids:
        return message
    indices = [numbers[i] for i in message.ids if i in numbers]
    if not hinted.intersection(indices):
        return message
    columns = tuple(page.segment_positions[n][1] for n in indices)
    return cat.Message(
        message.msgid, message.msgstr, message.context, message.lines, message.ids, message.comment, columns
    )


def segment_messages(
    article: Article, page: EnglishPage, english: dict[str, str], imported: bool = True
) -> list[cat.Message]:
    """The article's messages; ``imported``: from a hand-off, whose front matter has no English (a writer's own page,
    ``extract``'s, has)."""
    items = _field_items(article, page, english, imported)
    for segment, (line, _) in zip(article.segments, page.segment_positions):
        items.append((segment.source, segment.target, line, segment.id, None, ""))
    return cat.group_messages(items)


def _field_items(
    article: Article, page: EnglishPage, english: dict[str, str], imported: bool = True
) -> list[tuple[str, str, int, str, str, str]]:
    """``group_messages``'s items of the translated fields the English page gives (title, description)."""
    items = []
    front = article.front_matter
    for key, line in page.field_lines.items():
        value = front.value(key) if front else None
        if value is not None:
            comment = f"Front matter '{key}' (page metadata)."
            if imported:
                comment += f" The English is derived from the article, which has no English {key}."
            items.append((english[key], value, line, "", key, comment))
    return items


def page_template_entries(
    article: Article, page: EnglishPage, english: dict[str, str], imported: bool = True
) -> list[TemplateEntry]:
    """``template_entries(template_messages(segment_messages(article, page, english, imported)))``, grouped in one pass:
    the template's entries, one per English (a field's with its context), each with the lines it occurs on,
    in the order of their first occurrence.

    Grouping by English alone gives what those three give (a translation's variants are merged again into
    one template entry, on its lines in order) at a fraction of the cost: an extract cutting every page spent
    a sixth of its work making messages it would take apart again. ``tests/test_segmenter.py`` compares the
    two on every corpus article and on pages of every kind.
    """
    entries: list[TemplateEntry] = [
        (key, msgid, comment, [line])
        for msgid, _, line, _, key, comment in _field_items(article, page, english, imported)
    ]
    body: dict[str, list[int]] = {}
    for segment, (line, _) in zip(article.segments, page.segment_positions):
        lines = body.get(segment.source)
        if lines is None:
            body[segment.source] = [line]
        else:
            lines.append(line)
    entries += [(None, msgid, "", lines) for msgid, lines in body.items()]
    return entries


def _header(title: str, what: str) -> str:
    return f"{what} of {title}\nImported by docloc from a Microsoft side-by-side article.\n{cat.ATTRIBUTION}"


def template_catalog(
    name: str,
    article: Article,
    messages: list[cat.Message],
    page_ref: str,
    page_hash: str | None = None,
    imported: bool = True,
) -> polib.POFile:
    """The template of an article; ``imported``: from a Microsoft hand-off, whose content is theirs (CC BY 4.0)
    where a writer's own page is the writer's."""
    template = _empty_template(name, article, page_ref, page_hash, imported)
    cat.add_messages(template, cat.template_messages(messages), page_ref, template=True)
    return template


def template_text(
    name: str,
    article: Article,
    messages: list[cat.Message],
    page_ref: str,
    page_hash: str | None = None,
    imported: bool = True,
) -> tuple[str, int]:
    """``catalog_text(template_catalog(...))`` and the number of its entries, written without making polib's
    entries where ``po.template_catalog_text`` can."""
    merged = cat.template_messages(messages)
    return entries_template_text(name, article, cat.template_entries(merged), page_ref, page_hash, imported), len(
        merged
    )


def entries_template_text(
    name: str,
    article: Article,
    entries: Iterable[TemplateEntry],
    page_ref: str,
    page_hash: str | None = None,
    imported: bool = True,
) -> str:
    """The text of the template of ``article`` with these entries (``po.template_catalog_text``, or where it
    cannot write them, polib's entries written by ``catalog_text``)."""
    template = _empty_template(name, article, page_ref, page_hash, imported)
    entries = entries if isinstance(entries, list) else list(entries)
    text = template_catalog_text(template, page_ref, entries)
    if text is None:
        cat.add_template_entries(template, entries, page_ref)
        text = catalog_text(template)
    return text


def _empty_template(
    name: str, article: Article, page_ref: str, page_hash: str | None, imported: bool = True
) -> polib.POFile:
    """A page's template with its header and no entries yet."""
    front = article.front_matter
    metadata = cat.base_metadata(name, cat.gettext_date(front.read("ms.date") if front else None), None)
    if page_hash:
        metadata[PAGE_HASH_HEADER] = page_hash
    header = _header(page_ref, "Template") if imported else f"Template of {page_ref}\nExtracted by docloc."
    return cat.new_catalog(header, metadata)


def _translation(
    name: str,
    article: Article,
    messages: list[cat.Message],
    page: EnglishPage,
    locale: str,
    language: str,
    page_ref: str,
) -> polib.POFile:
    front = article.front_matter
    date = cat.gettext_date(front.read("ms.lasthandoff") or front.read("ms.date") if front else None)
    metadata = cat.base_metadata(name, date, language)
    record: dict = {"locale": locale}
    if article.bom:
        record["bom"] = True
    if article.newline != "\n":
        record["newline"] = article.newline
    if front and page.front_matter:
        translated = {key for key in page.field_lines if front.value(key) is not None}
        record["front_matter"] = locale_front_template(front, page.front_matter, translated)
        if front.closing != "---\n":
            record["closing"] = front.closing
    elif front:
        record["front_matter"] = front.lines
    kind = (front.read("ms.translationtype") if front else None) or ""
    metadata[cat.CONTENT_LOCALE_HEADER] = locale
    if kind:
        metadata[cat.TRANSLATION_TYPE_HEADER] = kind
    metadata[cat.SOURCE_HEADER] = cat.encode_source_record(record)
    what = f"Translation into {locale}"
    if kind == "MT":
        what += " (machine translation: ms.translationtype MT)"
    elif kind:
        what += f" (ms.translationtype {kind})"
    translation = cat.new_catalog(_header(page_ref, what), metadata)
    cat.add_messages(translation, messages, page_ref, template=False)
    return translation


def describe_drift(
    project: Project, name: str, existing: str, article: Article, page: EnglishPage
) -> tuple[list[str], bool]:
    """Segment-by-segment differences between the English page and this locale's English,
    and whether any segment differs (else only untranslatable text around them does)."""
    page_file = project.relative(project.english_page(name))
    template_path = project.template(name)
    current: list[tuple[int, str]] = []
    if template_path.exists():
        template = read_catalog(template_path, project.relative(template_path))  # one msgfmt refuses stops the import
        try:
            located, _ = read_page_with_catalog(
                existing,
                name,
                page_file,
                project.page_reference(name),
                template,
                project.config.translated_fields,
            )
            current = [(s.line, s.source) for s in located.segments]
        except DoclocError:
            current = []
    if not current:
        current = [(n + 1, line) for n, line in enumerate(existing.splitlines())]
        incoming = [(n + 1, line) for n, line in enumerate(page.text.splitlines())]
    else:
        incoming = [(line, s.source) for s, (line, _) in zip(article.segments, page.segment_positions)]
    report = []
    matcher = difflib.SequenceMatcher(a=[t for _, t in current], b=[t for _, t in incoming], autojunk=False)
    for op, a1, a2, b1, b2 in matcher.get_opcodes():
        if op == "equal":
            continue
        line = current[a1][0] if a1 < len(current) else (current[-1][0] if current else 1)
        for _, text in current[a1:a2]:
            report.append(f"{page_file}:{line}: page:   {text}")
        for in_line, text in incoming[b1:b2]:
            report.append(f"{page_file}:{line}: import: {text}   (line {in_line} of the imported English)")
    if not report:
        note = "only text outside the segments differs (front matter, markup, or text Microsoft left untranslated)"
        return [f"{page_file}:{_first_difference(existing, page.text, note)}"], False
    return report, True


def _first_difference(kept: str, imported: str, note: str) -> str:
    """``LINE: note``, located at the kept page's first line that differs from the imported English, and
    showing both (``1: note`` when the texts differ only in line ends)."""
    ours, theirs = kept.splitlines(), imported.splitlines()
    for op, a1, a2, b1, b2 in difflib.SequenceMatcher(a=ours, b=theirs, autojunk=False).get_opcodes():
        if op == "equal":
            continue
        page = ours[a1] if a1 < a2 else ""
        other = theirs[b1] if b1 < b2 else ""
        return f"{a1 + 1}: {note}; first here: the page has {page[:80]!r}, the imported English {other[:80]!r}"
    return f"1: {note}"
