"""``docloc update``: merge the templates into every locale's catalog, as ``msgmerge --previous`` does.

- same English: the entry is kept as it is (translation, flags, comments);
- changed English: the most similar English the catalog had (above ``catalog.merge.FUZZY_THRESHOLD``)
  lends its translation as a fuzzy suggestion, its English kept as ``#| msgid``;
- English gone: the entry becomes obsolete (``#~``), never deleted;
- new English: untranslated.

Occurrences, ``variant N`` contexts, ``ms-id`` and ``column`` comments follow the page:
the page is read back with its template so every occurrence is known in page order.
"""

from __future__ import annotations

import errno
import os
from collections import defaultdict
from dataclasses import dataclass
from typing import TYPE_CHECKING

import polib

from ..atomic import may_write, write_bytes_atomic
from ..catalog import conventions as cat
from ..catalog.merge import closest, leftovers, seed_fuzzy
from ..catalog.po import CharsetError, catalog_bytes, copy_entry, declare_utf8, read_catalog, says_more
from ..errors import DoclocError
from ..fileio import read_text
from ..formats.english import read_page_with_catalog
from ..frontmatter import check_translated_fields, split_document
from ..locales import gettext_language
from ..project import Project
from ..stamps import Seen, seen, still_as_seen

if TYPE_CHECKING:
    from .memory import MemorySettings, ProjectMemory


@dataclass
class UpdateResult:
    name: str
    language: str
    kept: int = 0
    fuzzy: int = 0
    new: int = 0
    obsolete: int = 0
    written: bool = False
    created: bool = False
    memory_exact: int = 0  # untranslated entries filled from the project's translation memory
    memory_near: int = 0
    recoded: str = ""  # why the catalog is written in UTF-8 rather than its charset ("ISO-8859-2 has no '—'")


@dataclass
class _Occurrence:
    msgid: str
    context: str | None  # a front-matter field, or None for body text
    line: int
    column: int


def page_occurrences(project: Project, name: str, template: polib.POFile) -> list[_Occurrence]:
    """Every occurrence of the template's English, in page order (front-matter fields first)."""
    fields = project.config.translated_fields
    page_path = project.english_page(name)
    page_file = project.relative(page_path)
    occurrences = [
        _Occurrence(entry.msgid, entry.msgctxt, int(line), 0)
        for entry in template
        if not entry.obsolete and entry.msgctxt in fields
        for _, line in entry.occurrences
        if line.isdigit()
    ]
    gone = project.page_gone(name)
    if gone is not None:  # every entry would become obsolete, or (the fields') stay: neither is the writer's intent
        raise DoclocError(gone, project.relative(project.template(name)))
    text = read_text(page_path, page_file)
    document = split_document(text, page_file)  # a page no reader accepts is its own error, not the template's
    check_translated_fields(document.front_matter, fields, page_file)
    try:
        article, _ = read_page_with_catalog(
            text, name, page_file, project.page_reference(name), template, fields, document=document
        )
    except DoclocError as error:
        raise DoclocError(
            f"the template no longer matches this page ({error.message}); run 'docloc extract' first",
            error.file,
            error.line,
            error.column,
        ) from None
    occurrences += [_Occurrence(s.source, None, s.line, s.column) for s in article.segments]
    return occurrences


def merge_catalog(
    old: polib.POFile, template: polib.POFile, occurrences: list[_Occurrence], page_ref: str, fields: tuple[str, ...]
) -> tuple[polib.POFile, UpdateResult]:
    """The updated catalog (a new object) and what happened to its entries."""
    result = UpdateResult("", "")
    template_columns = {(e.msgctxt, e.msgid): bool(cat.entry_columns(e)) for e in template if not e.obsolete}
    # Old entries of body text by English: each variant's occurrences, in line order, as (line, entry, id).
    old_body: dict[str, list[tuple[int, int, polib.POEntry, str]]] = defaultdict(list)
    old_fields: dict[tuple[str, str], polib.POEntry] = {}
    revivable: dict[tuple[str | None, str], polib.POEntry] = {}
    merged_references = cat.merged_lines(old, template, page_ref, fields)  # (msgcat, msgmerge: given back)
    for order, entry in enumerate(old):
        if entry.obsolete:
            revivable.setdefault((entry.msgctxt, entry.msgid), entry)
            continue
        if entry.msgctxt in fields:
            old_fields[(entry.msgctxt, entry.msgid)] = entry
            continue
        ids = cat.entry_ids(entry)
        lines = merged_references.get(id(entry)) or [
            int(line) for path, line in entry.occurrences if path == page_ref and line.isdigit()
        ]
        if not lines:  # its references lost: its occurrences, each with its Microsoft id, in the order kept
            for seg_id in ids or [""]:
                old_body[entry.msgid].append((0, order, entry, seg_id))
        for index, line in enumerate(lines):
            old_body[entry.msgid].append((line, order, entry, ids[index] if index < len(ids) else ""))
    for sequence in old_body.values():
        sequence.sort(key=lambda item: (item[0], cat.variant_number(item[2].msgctxt), item[1]))
        if not sequence[0][0] and len({id(item[2]) for item in sequence}) > 1:
            _refuse_unplaceable(sequence)

    used: set[int] = set()
    # Each new occurrence → (key of the new entry, the old entry it continues or None, Microsoft id).
    placed: list[tuple[tuple, polib.POEntry | None, str, _Occurrence]] = []
    seen: dict[str, int] = defaultdict(int)
    for occurrence in occurrences:
        if occurrence.context is not None:
            entry = old_fields.get((occurrence.context, occurrence.msgid)) or revivable.get(
                (occurrence.context, occurrence.msgid)
            )
            placed.append(((occurrence.context, occurrence.msgid, id(entry)), entry, "", occurrence))
            continue
        k = seen[occurrence.msgid]
        seen[occurrence.msgid] += 1
        sequence = old_body.get(occurrence.msgid)
        if sequence:
            _, _, entry, seg_id = sequence[k] if k < len(sequence) else (0, 0, _primary(sequence), "")
        else:
            entry, seg_id = revivable.get((None, occurrence.msgid)), ""
        placed.append(((None, occurrence.msgid, id(entry)), entry, seg_id, occurrence))

    candidates = [e for e in old if e.msgstr and e.msgid != ""]
    merged = cat.new_catalog(old.header, dict(old.metadata))
    merged.metadata_is_fuzzy = old.metadata_is_fuzzy  # (a header marked fuzzy stays so, as msgmerge keeps it)
    # The header (X-Docloc-Source included) is the locale's own: dates and all are kept as they are.
    built: dict[tuple, polib.POEntry] = {}
    members: dict[tuple, list[tuple[_Occurrence, str]]] = defaultdict(list)
    for key, entry, seg_id, occurrence in placed:
        members[key].append((occurrence, seg_id))
        if key in built:
            continue
        if entry is not None:
            used.add(id(entry))
            new = copy_entry(entry)
            new.obsolete = False
            result.kept += 1
        else:
            new = polib.POEntry(msgid=occurrence.msgid, msgstr="", msgctxt=occurrence.context)
            suggestion = _closest(occurrence, candidates, fields)
            if suggestion is not None:
                seed_fuzzy(new, suggestion, previous_context=suggestion.msgctxt not in fields)
                result.fuzzy += 1
            else:
                result.new += 1
        built[key] = new
        merged.append(new)
    template_comments = {(e.msgctxt, e.msgid): e.comment for e in template if e.msgctxt in fields}
    for key, new in built.items():
        found = members[key]
        new.occurrences = [(page_ref, str(o.line)) for o, _ in found]
        notes = []
        if key[0] is not None:
            notes.append(template_comments.get((key[0], key[1]), ""))
        elif template_columns.get((None, key[1])):
            notes.append(f"{cat.COLUMN_COMMENT} {' '.join(str(o.column) for o, _ in found)}")
        ids = [seg_id for _, seg_id in found if seg_id]
        if ids and key[0] is None:
            notes.append(f"{cat.ID_COMMENT} {' '.join(ids)}")
        new.comment = "\n".join(filter(None, notes))
    for entry, made_obsolete in leftovers(old, used):  # (untranslated and uncommented: nothing to keep)
        merged.append(entry)
        result.obsolete += made_obsolete
    return merged, result


def _refuse_unplaceable(sequence: list[tuple[int, int, polib.POEntry, str]]) -> None:
    """An English translated differently in places, some of whose entries lost their references: which
    translation goes where only the references said, and guessing would publish one in another's place."""
    lost = next(item[2] for item in sequence if not item[0])
    raise DoclocError(
        f"this English has {len({id(item[2]) for item in sequence})} translations on its page (variant N) and this "
        "entry lost its '#:' reference to the page, which alone says where each goes: restore the references "
        "(from version control, or import the article again)",
        line=lost.linenum or 0,
    )


def _primary(sequence: list[tuple[int, int, polib.POEntry, str]]) -> polib.POEntry:
    return min((item[2] for item in sequence), key=lambda entry: cat.variant_number(entry.msgctxt))


def _closest(occurrence: _Occurrence, candidates: list[polib.POEntry], fields: tuple[str, ...]) -> polib.POEntry | None:
    """The old entry whose English is most like this occurrence's, above the threshold."""
    if occurrence.context is not None:
        pool = [e for e in candidates if e.msgctxt == occurrence.context]
    else:
        pool = [e for e in candidates if e.msgctxt not in fields]
    return closest(occurrence.msgid, pool)


def new_locale_catalog(project: Project, name: str, language: str, template: polib.POFile) -> polib.POFile:
    """An empty catalog for a page that has none yet in ``language``."""
    metadata = template.metadata
    fresh = cat.base_metadata(metadata.get("Project-Id-Version", name), metadata["POT-Creation-Date"], language)
    page_ref = project.page_reference(name)
    header = f"Translation into {language} of {page_ref}\nCreated by docloc update."
    if cat.ATTRIBUTION in template.header:  # Microsoft's article, not a writer's own page
        header += f"\n{cat.ATTRIBUTION}"
    return cat.new_catalog(header, fresh)


def template_page(project: Project, name: str) -> tuple[polib.POFile, list[_Occurrence]]:
    """The template of ``name`` and its English's occurrences on the page: the same for every language."""
    template_path = project.template(name)
    if not template_path.exists():
        raise DoclocError("no template for this page; run 'docloc extract' first", project.relative(template_path))
    template = read_catalog(template_path, project.relative(template_path))
    return template, page_occurrences(project, name, template)


def read_old_catalog(project: Project, name: str, language: str) -> polib.POFile | None:
    """The catalog of ``name`` in ``language`` as it is now, or None when there is none yet."""
    po_path = project.catalog(language, name)
    return read_catalog(po_path, project.relative(po_path)) if po_path.exists() else None


def update_catalog(
    project: Project,
    name: str,
    language: str,
    dry_run: bool = False,
    page: tuple[polib.POFile, list[_Occurrence]] | None = None,
    old: polib.POFile | None = None,
    memory: ProjectMemory | None = None,
) -> UpdateResult:
    """Merge the template of ``name`` into its ``language`` catalog (created if missing), written as
    ``update_project`` writes it: not over a catalog saved meanwhile nor a read-only one (each raises), and not
    at all when the merge says nothing the file does not (``says_more``).

    ``page`` is ``template_page(project, name)`` and ``old`` the current catalog
    (``read_old_catalog``) when the caller has read them already (then the catalog is looked at from here on,
    not from the caller's reading); ``memory`` (``workflows.memory.project_memory``) fills what is left
    untranslated.
    """
    path = project.catalog(language, name)
    looked = seen(path)
    if old is None:
        old = read_old_catalog(project, name, language)
    result, data = _merged(project, name, language, page or template_page(project, name), old, memory)
    refused = None if dry_run else _read_only(project, result, data, old)
    if refused is None:
        refused = _write_merged(project, result, data, old, looked, dry_run)
    if refused is not None:
        raise refused
    return result


def _merged(
    project: Project,
    name: str,
    language: str,
    page: tuple[polib.POFile, list[_Occurrence]],
    old: polib.POFile | None,
    memory: ProjectMemory | None = None,
) -> tuple[UpdateResult, bytes]:
    """What the update of one catalog would write, and what happened to its entries."""
    template, occurrences = page
    if old is None:
        old = read_old_catalog(project, name, language)
    created = old is None
    if old is None:
        old = new_locale_catalog(project, name, language, template)
    fields = tuple(project.config.translated_fields)
    merged, result = merge_catalog(old, template, occurrences, project.page_reference(name), fields)
    if memory is not None:
        memory.fill(merged, old, result)
    result.name, result.language, result.created = name, language, created
    try:
        data = catalog_bytes(merged)
    except CharsetError as error:  # new English its charset has no code for: written in UTF-8, as msgmerge does
        declare_utf8(merged)
        data = catalog_bytes(merged)
        result.recoded = f"{error.charset} has no {error.character!r}"
    return result, data


def update_project(
    project: Project,
    names: list[str],
    languages: list[str],
    dry_run: bool = False,
    memory: MemorySettings | None = None,
) -> tuple[list[UpdateResult], list[DoclocError]]:
    """Update every catalog of ``names`` in ``languages``. Everything is read and merged first;
    if any template, page or catalog cannot be read (a catalog msgfmt refuses, a page its template
    no longer fits, a catalog or compendium of the translation memory) or a merged catalog cannot
    be written, or a catalog changed since it was read (an editor saved it), nothing is written and the
    errors are returned, one per file. A catalog saved by someone else in the moment between that look and
    its own writing is not written: the others are, and its error comes back with the results.

    With ``memory`` (``workflows.memory.memory_settings``, enabled), each language's translation
    memory (its catalogs as they are before the update, and the compendia) fills what the merge
    leaves untranslated."""
    errors: list[DoclocError] = []
    pages: dict[str, tuple[polib.POFile, list[_Occurrence]]] = {}
    olds: dict[tuple[str, str], polib.POFile | None] = {}
    # What each catalog was before it was read: one an editor saves while the update runs is not written over.
    looked: dict[tuple[str, str], Seen] = {}
    for name in names:
        try:
            pages[name] = template_page(project, name)
        except DoclocError as error:
            errors.append(error)
        for language in languages:
            looked[(language, name)] = seen(project.catalog(language, name))
            try:
                olds[(language, name)] = read_old_catalog(project, name, language)
            except DoclocError as error:
                errors.append(error)
    memories: dict[str, ProjectMemory] = {}
    if memory is not None and memory.enabled and not errors:
        from .memory import project_memory

        for language in languages:
            read = {project.catalog(language, name): olds[(language, name)] for name in names}
            try:
                found = project_memory(project, language, memory, {p: c for p, c in read.items() if c is not None})
            except DoclocError as error:  # a compendium that cannot be read
                errors.append(error)
                continue
            errors += found.unreadable
            memories[language] = found
    if errors:
        return [], errors
    merged: list[tuple[UpdateResult, bytes]] = []
    for language in languages:
        for name in names:
            try:
                merged.append(
                    _merged(project, name, language, pages[name], olds[(language, name)], memories.get(language))
                )
            except DoclocError as error:
                where = error.file or project.relative(project.catalog(language, name))
                errors.append(DoclocError(error.message, where, error.line, error.column))
    changed = [_changed_meanwhile(project, language, name) for (language, name), known in looked.items()
               if not still_as_seen(known, project.catalog(language, name))]  # fmt: skip
    if errors or changed:
        return [], errors + changed
    if not dry_run:  # a catalog made read-only, which the update would change: refused before anything is written
        read_only = [
            error
            for result, data in merged
            if (error := _read_only(project, result, data, olds[(result.language, result.name)])) is not None
        ]
        if read_only:
            return [], read_only
    late: list[DoclocError] = []  # saved by someone else in the moment since every catalog was looked at
    for result, data in merged:
        key = (result.language, result.name)
        error = _write_merged(project, result, data, olds[key], looked[key], dry_run)
        if error is not None:
            late.append(error)
    return [result for result, _ in merged], late


def _write_merged(
    project: Project, result: UpdateResult, data: bytes, old: polib.POFile | None, looked: Seen, dry_run: bool
) -> DoclocError | None:
    """Write one merged catalog unless it says nothing the file does not; the error of a catalog saved by
    someone else since it was looked at (``looked``), which is not written over."""
    path = project.catalog(result.language, result.name)
    if not says_more(path, data, old):
        result.written = False
    elif dry_run:
        result.written = True
    elif still_as_seen(looked, path):
        write_bytes_atomic(path, data)  # (``says_more`` compared the bytes already)
        result.written = True
    else:
        return _changed_meanwhile(project, result.language, result.name)
    return None


def _read_only(project: Project, result: UpdateResult, data: bytes, old: polib.POFile | None) -> DoclocError | None:
    """The refusal of a catalog the update would change that this process may not write (``atomic.may_write``)."""
    path = project.catalog(result.language, result.name)
    if result.created or may_write(path) or not says_more(path, data, old):
        return None
    message = f"{os.strerror(errno.EACCES)}: the catalog is read-only; make it writable to update it"
    return DoclocError(message, project.relative(path))


def _changed_meanwhile(project: Project, language: str, name: str) -> DoclocError:
    return changed_meanwhile(project.relative(project.catalog(language, name)))


def changed_meanwhile(file: str) -> DoclocError:
    """The error of a catalog saved by someone else after the update read it (``stamps.still_as_seen``)."""
    return DoclocError(
        "changed while docloc update ran (saved in an editor?): not written over, nothing of it is lost; "
        "run 'docloc update' again",
        file,
    )


def update_languages(project: Project, locales: list[str] | None) -> list[str]:
    if locales:
        return [gettext_language(locale) for locale in locales]
    languages = project.catalog_languages()
    return languages + [lang for lang in project.config.languages if lang not in languages]
