"""Hand-offs coming back: a re-imported bilingual hand-off, or XLIFF from a CAT tool, merged three ways.

Both merges decide each entry with one rule (``three_way``), and record a conflict the same
way: the project's translation stays and the other becomes a ``docloc-suggestion`` comment.

**Bilingual re-import.**

The *base* is the catalog the last import of this article built from its hand-off, before
merging it with the catalog on disk (``Project.handoff_base``: ``.docloc-handoff/<lang>/``, written
by the import only, untouched by ``update``, committed with the project). Against it,
each entry of the new hand-off (*theirs*) and of the catalog on disk (*ours*) says who changed
what since the last import:

- the translator changed it (translation, fuzzy flag, other flags or translator comments) and
  the hand-off did not: the translator's entry stays, whole;
- the hand-off changed its translation and the translator did not: the hand-off's is taken;
- both changed it: the translator's entry stays, and the hand-off's translation becomes a
  suggestion, a translator comment ``docloc-suggestion: "…"`` that PO editors show beside the
  entry; the import reports each one. The entry is not made fuzzy: what the translator
  published stays published.

English that was not in the last hand-off (a writer's edit since, merged by ``update``) has no
base: a translation the translator wrote or confirmed counts as theirs to keep, while
``update``'s own fuzzy guess (fuzzy, with the old English as ``#| msgid``) gives way to the
hand-off's translation of the exact English. Without any base (a catalog imported before base
files existed, or made by ``update``), every translation on disk counts as the translator's.
A suggestion of the translation memory nobody has reviewed (fuzzy, with its ``docloc memory:``
comment) is docloc's too, never the translator's: the hand-off's translation replaces it.
Nothing is replaced silently; English the hand-off no longer has keeps its translation as an
obsolete entry.

**XLIFF.** ``export --format xliff`` writes one XLIFF 2.0 file per article (``<article>.xlf``,
the catalog's entries with their state and, as the base for the merge back, the translation
and state each had at export, see ``formats/xliff.py``); ``export --format tmx`` writes the
language's whole translation memory as one TMX 1.4b file (``<language>.tmx``). ``import`` of
XLIFF files compares, per unit, the translation and its state (fuzzy or not) at export (the
base), in the XLIFF now (theirs) and in the project now (ours), by the same rule:

- the XLIFF did not change it, or has no ``<target>`` for it: nothing to do (the project may have
  moved on; an empty ``<target/>`` does empty a translation the project did not change);
- the project did not change it since the export: the XLIFF's is taken;
- both changed it differently: the project's stays, and the XLIFF's becomes a suggestion,
  reported as a conflict with the XLIFF's file and line.

A unit whose English the catalog no longer has is reported and left out. Every file is read
and merged before the first catalog is written; a malformed file writes nothing.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

import polib

from ..catalog import conventions as cat
from ..catalog.po import catalog_bytes, read_catalog
from ..catalog.states import FUZZY_FLAG, is_fuzzy
from ..errors import DoclocError
from ..fileio import write_bytes_atomic
from ..formats.xliff import XliffUnit, bcp47, read_xliff, unit_id, write_xliff
from ..locales import gettext_language
from ..project import Project
from .memory import MEMORY_COMMENT

SUGGESTION = "docloc-suggestion:"
FORMATS = ("xliff", "tmx")

Key = tuple[str | None, str]
Translation = tuple[str, bool]  # a translation and whether it is fuzzy: what the three-way merge compares

# What ``three_way`` decides for an entry.
SAME = "same"  # both sides have the same translation
OURS = "ours"  # the project's stays (only it changed, or the other side brings nothing)
THEIRS = "theirs"  # the other side's is taken (the project did not change it)
CONFLICT = "conflict"  # both changed it: the project's stays, the other's becomes a suggestion


def three_way(ours: Translation, theirs: Translation, base: Translation | None, ours_changed: bool) -> str:
    """The one merge rule of a hand-off coming back: ``SAME``, ``OURS``, ``THEIRS`` or ``CONFLICT``.

    ``ours_changed`` says whether the project changed the entry since the base (the caller knows
    what counts: a bilingual re-import also counts flags and comments); without a base, whatever
    the other side has counts as changed.
    """
    if ours == theirs:
        return SAME
    if not ours_changed:
        return THEIRS
    theirs_changed = base is None or theirs != base
    if not theirs_changed or not theirs[0]:
        return OURS
    return CONFLICT


def add_suggestion(tcomment: str, text: str) -> str:
    """A translator comment with ``text`` added as a ``docloc-suggestion`` line (once)."""
    note = f"{SUGGESTION} {json.dumps(text, ensure_ascii=False)}"
    lines = tcomment.split("\n") if tcomment else []
    return tcomment if note in lines else "\n".join([*lines, note])


@dataclass
class HandoffMerge:
    """What a re-import did with the entries the catalog on disk already had."""

    handoff: int = 0  # the hand-off changed the translation, the translator had not: taken
    translator: int = 0  # the translator changed the entry, the hand-off had not: kept
    both: int = 0  # both changed it: the translator's kept, the hand-off's a suggestion
    obsolete: int = 0  # translations whose English the hand-off no longer has, kept as obsolete
    conflicts: list[Key] = field(default_factory=list)  # the entries both changed


def _translation(entry: polib.POEntry) -> Translation:
    return entry.msgstr, is_fuzzy(entry)


def own_comment(tcomment: str) -> str:
    """A translator comment without docloc's suggestion lines."""
    if SUGGESTION not in tcomment:
        return tcomment
    return "\n".join(line for line in tcomment.split("\n") if not line.startswith(SUGGESTION))


def _memory_guess(entry: polib.POEntry) -> bool:
    """A fuzzy translation the translation memory filled in (its ``docloc memory:`` comment says so)."""
    return is_fuzzy(entry) and MEMORY_COMMENT in entry.tcomment


def suggestion(tcomment: str) -> str | None:
    """The hand-off's translation a ``docloc-suggestion`` line holds, if any."""
    for line in tcomment.split("\n"):
        if line.startswith(SUGGESTION):
            try:
                value = json.loads(line[len(SUGGESTION) :])
            except json.JSONDecodeError:
                return None
            return value if isinstance(value, str) else None
    return None


def _notes(entry: polib.POEntry) -> tuple[tuple[str, ...], str]:
    """What a translator adds besides the translation: flags other than fuzzy, and comments."""
    comment = own_comment(entry.tcomment)
    if MEMORY_COMMENT in comment:  # docloc's note on a memory suggestion is not the translator's
        comment = "\n".join(line for line in comment.split("\n") if not line.startswith(MEMORY_COMMENT))
    return tuple(sorted(flag for flag in entry.flags if flag != FUZZY_FLAG)), comment


_NO_NOTES: tuple[tuple[str, ...], str] = ((), "")


def _keep_ours(new: polib.POEntry, ours: polib.POEntry, comment: str | None = None) -> None:
    """The translator's entry (translation, flags, comments, previous English) in the hand-off's place."""
    new.msgstr = ours.msgstr
    new.flags = list(ours.flags)
    new.tcomment = own_comment(ours.tcomment) if comment is None else comment
    new.previous_msgid = ours.previous_msgid
    new.previous_msgctxt = ours.previous_msgctxt


def _changed_by_translator(ours: polib.POEntry, base: polib.POEntry | None, has_base: bool) -> bool:
    if _memory_guess(ours):  # docloc's suggestion, not yet reviewed: the translator changed only what else differs
        return _notes(ours) != (_notes(base) if base is not None else _NO_NOTES)
    if base is not None:
        return _translation(ours) != _translation(base) or _notes(ours) != _notes(base)
    if _notes(ours) != _NO_NOTES:
        return True
    if not ours.msgstr:
        return False
    # English new since the last hand-off: update's fuzzy guess (with the old English) is not the translator's.
    guessed = is_fuzzy(ours) and ours.previous_msgid is not None
    return not (has_base and guessed)


def merge_handoff(theirs: polib.POFile, ours: polib.POFile, base: polib.POFile | None) -> HandoffMerge:
    """Merge the catalog on disk (``ours``) into the new hand-off's (``theirs``, changed in place)."""
    outcome = HandoffMerge()
    base_entries: dict[Key, polib.POEntry] = {}
    if base is not None:
        base_entries = {(e.msgctxt, e.msgid): e for e in base if not e.obsolete and e.msgid}
    incoming = {(e.msgctxt, e.msgid): e for e in theirs if not e.obsolete}
    gone = {(e.msgctxt, e.msgid): e for e in theirs if e.obsolete}
    for entry in ours:
        key = (entry.msgctxt, entry.msgid)
        new = incoming.get(key)
        if not entry.msgid:
            continue  # the header: the hand-off's
        if new is None:
            _keep_as_obsolete(theirs, entry, gone, outcome)
        elif entry.obsolete:
            _revive(new, entry)
        else:
            _merge_entry(new, entry, base_entries.get(key), base is not None, outcome)
    return outcome


def _merge_entry(
    new: polib.POEntry, ours: polib.POEntry, base: polib.POEntry | None, has_base: bool, outcome: HandoffMerge
) -> None:
    decision = three_way(
        _translation(ours),
        _translation(new),
        _translation(base) if base is not None else None,
        _changed_by_translator(ours, base, has_base),
    )
    if decision == SAME:
        previous = (new.previous_msgid, new.previous_msgctxt)
        _keep_ours(new, ours)  # the same translation: the translator's flags and comments stay
        if previous[0] is not None:
            new.previous_msgid, new.previous_msgctxt = previous
    elif decision == THEIRS:
        outcome.handoff += 1  # the hand-off's entry as it is
    elif decision == OURS:
        outcome.translator += 1
        _keep_ours(new, ours, ours.tcomment)  # a suggestion not yet settled stays too
    else:
        outcome.both += 1
        outcome.conflicts.append((new.msgctxt, new.msgid))
        _keep_ours(new, ours, add_suggestion(own_comment(ours.tcomment), new.msgstr))


def _revive(new: polib.POEntry, ours: polib.POEntry) -> None:
    """English the catalog had only as obsolete is back: its old translation is offered, never dropped."""
    if ours.tcomment and not new.tcomment:
        new.tcomment = ours.tcomment
    if not ours.msgstr or ours.msgstr == new.msgstr:
        return
    if not new.msgstr:
        new.msgstr, new.flags = ours.msgstr, ["fuzzy"]  # to review: its English had gone
        return
    new.tcomment = add_suggestion(own_comment(new.tcomment), ours.msgstr)


def _keep_as_obsolete(
    theirs: polib.POFile, ours: polib.POEntry, gone: dict[Key, polib.POEntry], outcome: HandoffMerge
) -> None:
    """English the hand-off does not have: a translation or comment on it stays, as an obsolete entry."""
    if not (ours.obsolete or ours.msgstr or ours.tcomment):
        return
    key = (ours.msgctxt, ours.msgid)
    already = gone.get(key)
    if already is not None:
        if already.msgstr == ours.msgstr or not ours.msgstr:
            return
        theirs.remove(already)  # the translator's translation wins among obsolete ones; the other is noted
        if already.msgstr:
            ours.tcomment = add_suggestion(own_comment(ours.tcomment), already.msgstr)
    if not ours.obsolete:
        outcome.obsolete += 1
    ours.obsolete = True
    ours.occurrences = []
    theirs.append(ours)
    gone[key] = ours


# --- XLIFF and TMX for CAT tools -----------------------------------------------------------------


def target_tag(catalog: polib.POFile | None, language: str) -> str:
    """The language as a BCP 47 tag: the catalog's content locale (``cs-CZ``) where it records one."""
    locale = catalog.metadata.get(cat.CONTENT_LOCALE_HEADER, "") if catalog is not None else ""
    return bcp47(locale or language)


def export_xliff(project: Project, language: str) -> Iterator[tuple[str, str | None]]:
    """(``<article>.xlf``, its XLIFF) for every catalog of ``language``; None where there is nothing to translate."""
    source = bcp47(project.config.source_language)
    for name in project.catalog_names(language):
        path = project.catalog(language, name)
        display = project.relative(path)
        if (gone := project.page_gone(name)) is not None:  # (as the other formats: the article has no page)
            raise DoclocError(gone, display)
        catalog = read_catalog(path, display)
        text = write_xliff(catalog, name, display, source, target_tag(catalog, language))
        yield str(PurePosixPath(name).with_suffix(".xlf")), text


def export_tmx(project: Project, language: str) -> str:
    """The whole memory of ``language`` (its catalogs and the compendia mkdocs.yml lists) as TMX 1.4b."""
    from ..formats.tmx import write_tmx
    from .memory import memory_settings, project_memory

    found = project_memory(project, language, memory_settings(project))
    if found.unreadable:
        raise found.unreadable[0]
    first = next(iter(found.catalogs.values()), None)
    units = (
        (source, variant.text, variant.count, [str(use) for use in variant.uses])
        for source, variants in sorted(found.memory.items())
        for variant in variants
    )
    return write_tmx(units, bcp47(project.config.source_language), target_tag(first, language), f"{language}.tmx")


def export_files(project: Project, language: str, fmt: str) -> Iterator[tuple[str, str | None]]:
    """(relative path, text) of what ``export --format xliff|tmx`` writes."""
    if fmt == "tmx":
        yield f"{language}.tmx", export_tmx(project, language)
    else:
        yield from export_xliff(project, language)


@dataclass
class XliffImport:
    """What an XLIFF import did, per XLIFF file."""

    file: str
    updated: int = 0
    unchanged: int = 0  # the XLIFF has what it had at export, or what the project has now
    conflicts: list[str] = field(default_factory=list)  # "PO:line: …" lines
    missing: list[str] = field(default_factory=list)  # units whose English the catalog no longer has
    catalogs: set[str] = field(default_factory=set)


def _value(text: str | None, fuzzy: bool) -> Translation:
    """A translation and its state, as the merge compares them (an empty translation is never fuzzy)."""
    text = text or ""
    return text, bool(text) and fuzzy


def _base_value(unit: XliffUnit) -> Translation | None:
    if unit.base_target is None or unit.base_state not in ("untranslated", "fuzzy", "translated"):
        return None
    return _value(unit.base_target, unit.base_state == "fuzzy")


def _apply(entry: polib.POEntry, value: Translation) -> None:
    text, fuzzy = value
    entry.msgstr = text
    flags = [f for f in entry.flags if f != FUZZY_FLAG]
    if fuzzy:
        flags.insert(0, FUZZY_FLAG)
    else:  # confirmed (or emptied): the previous English no longer explains anything, as PO editors do
        entry.previous_msgid = entry.previous_msgctxt = None
    entry.flags = flags


def import_xliff(project: Project, paths: list[Path]) -> list[XliffImport]:
    """Merge XLIFF files into the project's catalogs (see the module docstring); returns what happened."""
    catalogs: dict[Path, polib.POFile] = {}
    changed: set[Path] = set()
    reports: list[XliffImport] = []
    articles: dict[str, set[str]] = {}  # each language's articles with a catalog
    for path in paths:
        display = str(path)
        document = read_xliff(path, display)
        try:
            language = gettext_language(document.target_lang)
        except DoclocError as error:
            raise DoclocError(f"trgLang {document.target_lang!r}: {error.message}", display, 1) from None
        report = XliffImport(display)
        if language not in articles:
            articles[language] = set(project.catalog_names(language))
        for xfile in document.files:
            # The article must be one the project has a catalog of, by its name as export wrote it: a
            # name with "..", an absolute path or a backslash (a vendor's file is not trusted) would
            # write a catalog of another language or a PO file outside the project.
            if xfile.article not in articles[language]:
                raise DoclocError(
                    f"no catalog {project.catalog_reference(language, xfile.article)} for the article "
                    f"{xfile.article!r} in {language}: was this file exported from this project?",
                    display,
                    xfile.line,
                )
            po_path = project.catalog(language, xfile.article)
            catalog = catalogs.get(po_path)
            if catalog is None:
                catalog = catalogs[po_path] = read_catalog(po_path, project.relative(po_path))
            by_key = {(e.msgctxt, e.msgid): e for e in catalog if not e.obsolete and e.msgid}
            by_id = {unit_id(*key): entry for key, entry in by_key.items()}
            po_file = project.relative(po_path)
            for unit in xfile.units:
                entry = by_key.get((unit.msgctxt, unit.msgid)) if unit.msgid is not None else by_id.get(unit.id)
                if entry is None:
                    report.missing.append(
                        f"{display}:{unit.line}: {unit.source[:60]!r}: the catalog no longer has this English "
                        "(run 'docloc update', export again and carry the translation over)"
                    )
                    continue
                if unit.target is None:  # untranslated in the XLIFF: nothing to bring back, nothing to empty
                    report.unchanged += 1
                    continue
                theirs = _value(unit.target, unit.fuzzy)
                ours = _value(entry.msgstr, is_fuzzy(entry))
                base = _base_value(unit)
                # Without a base (a tool dropped docloc's metadata) any translation the project has counts as changed.
                ours_changed = ours != base if base is not None else bool(ours[0])
                decision = three_way(ours, theirs, base, ours_changed)
                if decision in (SAME, OURS):
                    report.unchanged += 1
                    continue
                changed.add(po_path)
                report.catalogs.add(po_file)
                if decision == THEIRS:
                    _apply(entry, theirs)
                    report.updated += 1
                    continue
                entry.tcomment = add_suggestion(entry.tcomment, theirs[0])
                report.conflicts.append(
                    f"{po_file}:{entry.linenum or 0}: changed in the project since the export and in "
                    f"{display}:{unit.line}: the project's translation stays, the XLIFF's is a suggestion in the "
                    "entry's comments"
                )
        reports.append(report)
    data = {path: catalog_bytes(catalogs[path]) for path in sorted(changed)}
    for path, content in data.items():
        write_bytes_atomic(path, content)
    return reports
