"""Hand-off to CAT tools: ``export --format xliff|tmx`` and ``import`` of XLIFF files.

Export writes one XLIFF 2.0 file per article (``<article>.xlf``, the catalog's entries with
their state and a base for the merge back, see ``formats/xliff.py``), or the language's whole
translation memory as one TMX 1.4b file (``<language>.tmx``).

Import merges an XLIFF file back into its catalogs with three-way care. For each unit, the
translation and its state (fuzzy or not) are compared as they were at export (the base, kept
in the file), as the XLIFF has them now, and as the project has them now:

- the XLIFF did not change it, or has no ``<target>`` for it: nothing to do (the project may have
  moved on; an empty ``<target/>`` does empty a translation);
- the project did not change it since the export: the XLIFF's is taken;
- both changed it, the same way: nothing to do;
- both changed it differently: the project's stays, and the XLIFF's is added to the entry as a
  suggestion (a translator comment ``docloc xliff: suggestion …``), reported as a conflict.

A unit whose English the catalog no longer has is reported and left out. Every file is read
and merged before the first catalog is written; a malformed file writes nothing.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

import polib

from ..catalog import conventions as cat
from ..errors import DoclocError
from ..fileio import write_text_atomic
from ..formats.xliff import XliffUnit, bcp47, read_xliff, unit_id, write_xliff
from ..locales import gettext_language
from ..project import Project

FORMATS = ("xliff", "tmx")
SUGGESTION_COMMENT = "docloc xliff: suggestion"


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
        catalog = cat.load_catalog(path, display)
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


# --- import -------------------------------------------------------------------------------------


@dataclass
class XliffImport:
    """What an XLIFF import did, per XLIFF file."""

    file: str
    updated: int = 0
    unchanged: int = 0  # the XLIFF has what it had at export, or what the project has now
    conflicts: list[str] = field(default_factory=list)  # "PO:line: …" lines
    missing: list[str] = field(default_factory=list)  # units whose English the catalog no longer has
    catalogs: set[str] = field(default_factory=set)


def _value(text: str | None, fuzzy: bool) -> tuple[str, bool]:
    """A translation and its state, as the merge compares them (an empty translation is never fuzzy)."""
    text = text or ""
    return text, bool(text) and fuzzy


def _project_value(entry: polib.POEntry) -> tuple[str, bool]:
    return _value(entry.msgstr, "fuzzy" in entry.flags)


def _base_value(unit: XliffUnit) -> tuple[str, bool] | None:
    if unit.base_target is None or unit.base_state not in ("untranslated", "fuzzy", "translated"):
        return None
    return _value(unit.base_target, unit.base_state == "fuzzy")


def _apply(entry: polib.POEntry, value: tuple[str, bool]) -> None:
    text, fuzzy = value
    entry.msgstr = text
    flags = [f for f in entry.flags if f != "fuzzy"]
    if fuzzy:
        flags.insert(0, "fuzzy")
    else:  # confirmed (or emptied): the previous English no longer explains anything, as PO editors do
        entry.previous_msgid = entry.previous_msgctxt = None
    entry.flags = flags


def _state_name(value: tuple[str, bool]) -> str:
    return "untranslated" if not value[0] else "fuzzy" if value[1] else "translated"


def _suggest(entry: polib.POEntry, value: tuple[str, bool], source: str) -> None:
    line = f"{SUGGESTION_COMMENT} from {source} ({_state_name(value)}): {value[0]}".replace("\n", "\\n")
    lines = (entry.tcomment or "").split("\n") if entry.tcomment else []
    if line not in lines:
        entry.tcomment = "\n".join([*lines, line])


def import_xliff(project: Project, paths: list[Path]) -> list[XliffImport]:
    """Merge XLIFF files into the project's catalogs (see the module docstring); returns what happened."""
    catalogs: dict[Path, polib.POFile] = {}
    changed: set[Path] = set()
    reports: list[XliffImport] = []
    for path in paths:
        display = str(path)
        document = read_xliff(path, display)
        try:
            language = gettext_language(document.target_lang)
        except DoclocError as error:
            raise DoclocError(f"trgLang {document.target_lang!r}: {error.message}", display, 1) from None
        report = XliffImport(display)
        for xfile in document.files:
            po_path = project.catalog(language, xfile.article)
            if not po_path.is_file():
                raise DoclocError(
                    f"no catalog {project.relative(po_path)} for the article {xfile.article!r} in {language}: "
                    "was this file exported from this project?",
                    display,
                    xfile.line,
                )
            catalog = catalogs.get(po_path)
            if catalog is None:
                catalog = catalogs[po_path] = cat.load_catalog(po_path, project.relative(po_path))
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
                ours = _project_value(entry)
                base = _base_value(unit)
                if theirs in (base, ours):
                    report.unchanged += 1
                    continue
                # Without a base (a tool dropped docloc's metadata) any translation the project has counts as changed.
                if (ours == base) if base is not None else not ours[0]:
                    _apply(entry, theirs)
                    changed.add(po_path)
                    report.updated += 1
                    report.catalogs.add(po_file)
                    continue
                _suggest(entry, theirs, f"{path.name}:{unit.line}")
                changed.add(po_path)
                report.catalogs.add(po_file)
                report.conflicts.append(
                    f"{po_file}:{getattr(entry, 'linenum', 0) or 0}: changed in the project since the export and "
                    f"in {display}:{unit.line}: the project's translation stays, the XLIFF's is a suggestion in the "
                    "entry's comments"
                )
        reports.append(report)
    texts = {path: cat.catalog_text(catalogs[path]) for path in sorted(changed)}
    for path, text in texts.items():
        write_text_atomic(path, text)
    return reports
