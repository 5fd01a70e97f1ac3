"""The project's translation memory: what feeds it, and how its suggestions land in a catalog.

A language's memory is every article catalog of that language in the project, as it is when
the command starts, plus the compendia the configuration lists (PO or TMX files inside the
project, like ``msgmerge --compendium``). Settings, in the ``docloc`` entry of mkdocs.yml::

    tm: true               # false: update and import make no suggestions from the memory
    tm_exact: fuzzy        # or "translated": exact matches need no review
    compendia: [tm/company.tmx, tm/cs.po]

An entry with no translation (and an entry ``update`` has just created with a fuzzy guess from
its own article's previous English) gets, in this order:

- an **exact match** (the same English translated elsewhere): the most used translation, marked
  fuzzy unless ``tm_exact: translated``; a translator comment names where it comes from and
  every other translation the project has for that English;
- a **near match** (``catalog.memory.NEAR_THRESHOLD``): fuzzy, with the matched English as the
  previous msgid (``#| msgid``, which PO editors show as a diff) and its catalog named in a
  translator comment. It replaces ``update``'s own guess only when its English is closer.

Suggestions are fuzzy by default, so the site keeps showing the English until a person has
reviewed them (``docloc check`` lists them as ``fuzzy``).
"""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import polib

from ..catalog.memory import NEAR_THRESHOLD, Suggestion, TranslationMemory, Use, Variant
from ..catalog.po import read_catalog, write_catalog
from ..catalog.states import FUZZY_FLAG, is_fuzzy
from ..errors import DoclocError
from ..fileio import read_text
from ..project import CONFIG_FILE, Project

if TYPE_CHECKING:
    from .update import UpdateResult

MEMORY_COMMENT = "docloc memory:"
USES_NAMED = 3  # places named per translation in a comment
VARIANTS_NAMED = 3  # other translations named in a comment


@dataclass(frozen=True)
class MemorySettings:
    """The memory's settings from mkdocs.yml."""

    enabled: bool = True
    exact_translated: bool = False
    compendia: tuple[str, ...] = ()


def memory_settings(project: Project) -> MemorySettings:
    """``tm``, ``tm_exact`` and ``compendia`` of the docloc plugin entry (``settings.DoclocOptions``
    declares and validates them, with every other option)."""
    options = project.config.options
    return MemorySettings(
        bool(options.get("tm", True)),
        options.get("tm_exact", "fuzzy") == "translated",
        tuple(str(c) for c in options.get("compendia") or ()),
    )


@dataclass
class ProjectMemory:
    """A language's memory and the catalogs read to build it (a command that reads them anyway
    takes them from here instead of reading each twice)."""

    memory: TranslationMemory
    exact_translated: bool = False
    catalogs: dict[Path, polib.POFile] = field(default_factory=dict)
    unreadable: list[DoclocError] = field(default_factory=list)  # catalogs left out; the command reports them

    def catalog(self, path: Path) -> polib.POFile | None:
        """The catalog at ``path`` as it was read for the memory, or None."""
        return self.catalogs.get(path)

    def fill(self, merged: polib.POFile, old: polib.POFile, result: UpdateResult) -> None:
        """Fill a catalog ``update`` has just merged (``old`` is what it had before) and count in ``result``:
        ``memory_exact``/``memory_near`` up, ``fuzzy``/``new`` down for the entries the memory took over."""
        # Obsolete entries too: one the merge revives (the English came back) holds the translator's work,
        # a fuzzy draft included, and is no guess of the merge's for the memory to replace.
        previous = [(e.msgctxt, e.msgid) for e in old]
        outcome = fill_from_memory(merged, self.memory, previous, self.exact_translated)
        result.memory_exact += outcome.exact
        result.memory_near += outcome.near
        result.fuzzy -= outcome.replaced_guesses
        result.new -= outcome.filled_new


# HeldEnglish's memories built in this process, by token: the latest only.
_HELD_BUILT: dict[str, list[TranslationMemory]] = {}


class HeldEnglish:
    """Whether the project's memory holds an English text translated, in every language with catalogs:
    what ``extract`` asks before it cuts an edited line as one whole sentence (``page_template._merge``).

    Every language, so no language loses a translated piece of the line for a sentence it has no
    translation of. The memories are built on the first question (most extracts ask none) and
    once per process: copies sent to worker processes share one build by ``token``.
    """

    def __init__(self, project: Project, settings: MemorySettings | None = None) -> None:
        self.project = project
        self.settings = settings or memory_settings(project)
        # os.urandom, not uuid: importing uuid (and platform with it) cost every extract's start about 4 ms
        self.token = os.urandom(16).hex()

    def _memories(self) -> list[TranslationMemory]:
        memories = _HELD_BUILT.get(self.token)
        if memories is None:
            languages = self.project.catalog_languages() if self.settings.enabled else []
            memories = [project_memory(self.project, language, self.settings).memory for language in languages]
            _HELD_BUILT.clear()
            _HELD_BUILT[self.token] = memories
        return memories

    def release(self) -> None:
        """Forget the memories built in this process (the command is done with them)."""
        _HELD_BUILT.pop(self.token, None)

    def __call__(self, english: str) -> bool:
        memories = self._memories()
        return bool(memories) and all(english in memory for memory in memories)


def compendium_path(project: Project, entry: str) -> Path:
    """A compendium named in mkdocs.yml, which must be a file inside the project."""
    path = (project.root / entry).resolve()
    root = project.root.resolve()
    if not path.is_relative_to(root):
        raise DoclocError(f"compendium {entry!r} is outside the project: put it in the project's folder", CONFIG_FILE)
    if path.is_dir():
        raise DoclocError(f"compendium {entry!r} is a folder: name a PO or TMX file", CONFIG_FILE)
    if not path.is_file():
        raise DoclocError(f"compendium {entry!r} does not exist", CONFIG_FILE)
    # Named below the project's root as the caller gave it ("." by default), so that the comments of the
    # suggestions and the errors say "tm/cs.po", not this machine's absolute path to it.
    return project.root / path.relative_to(root)


def project_memory(
    project: Project,
    language: str,
    settings: MemorySettings | None = None,
    read: dict[Path, polib.POFile] | None = None,
) -> ProjectMemory:
    """The memory of ``language``: its article catalogs in file order, then the compendia.

    ``read`` holds catalogs the caller has read already (by path), which are not read again.
    """
    settings = settings or memory_settings(project)
    memory = TranslationMemory(language)
    result = ProjectMemory(memory, settings.exact_translated)
    fields = tuple(project.config.translated_fields)
    for name in project.catalog_names(language):
        path = project.catalog(language, name)
        display = project.relative(path)
        catalog = read.get(path) if read else None
        try:
            catalog = catalog or read_catalog(path, display)
        except DoclocError as error:
            result.unreadable.append(error)
            continue
        result.catalogs[path] = catalog
        memory.add_catalog(catalog, display, fields)
    for entry in settings.compendia:
        add_compendium(memory, project, compendium_path(project, entry), fields)
    return result


def add_compendium(memory: TranslationMemory, project: Project, path: Path, fields: tuple[str, ...]) -> None:
    """A PO compendium of the memory's language (its ``Language`` header says which), or a TMX file."""
    display = project.relative(path)
    if path.suffix.lower() == ".tmx":
        from ..formats.tmx import read_tmx

        for unit in read_tmx(path, display, project.config.source_language, memory.language):
            memory.add(unit.source, unit.target, Use(display, unit.line), unit.count)
        return
    catalog = read_catalog(path, display)
    language = catalog.metadata.get("Language", "").strip()
    if not language:
        raise DoclocError("a PO compendium needs a Language header, to know which language it holds", display)
    from ..formats.tmx import language_matches

    if language_matches(language, memory.language):
        memory.add_catalog(catalog, display, fields)


# --- suggestions in a catalog ------------------------------------------------------------------


@dataclass
class MemoryOutcome:
    exact: int = 0
    near: int = 0
    replaced_guesses: int = 0  # of those, entries that had update's own fuzzy guess
    filled_new: int = 0  # of those, entries the merge had just created untranslated


def _uses(variant: Variant) -> str:
    named = ", ".join(str(use) for use in variant.uses[:USES_NAMED])
    more = len(variant.uses) - USES_NAMED
    return named + (f" and {more} more" if more > 0 else "")


def _times(count: int) -> str:
    return "1 use" if count == 1 else f"{count} uses"


def _quote(text: str) -> str:
    return '"' + text.replace("\n", "\\n") + '"'


def suggestion_comment(suggestion: Suggestion) -> str:
    """The translator comment of a suggestion: where it comes from, and what else the project has."""
    best = suggestion.variants[0]
    others = suggestion.variants[1:]
    if suggestion.exact:
        if not others:
            text = f"{MEMORY_COMMENT} the same English is translated so in the project "
            text += f"({_times(best.count)}: {_uses(best)})"
        elif suggestion.tied:
            text = (
                f"{MEMORY_COMMENT} the same English has {len(suggestion.variants)} translations in the project, "
                f"used equally often; this one is the first in file order ({_times(best.count)}: {_uses(best)})"
            )
        else:
            text = (
                f"{MEMORY_COMMENT} the same English has {len(suggestion.variants)} translations in the project; "
                f"this one is the most used ({_times(best.count)}: {_uses(best)})"
            )
    else:
        text = (
            f"{MEMORY_COMMENT} {suggestion.score:.0f} % like the English of {best.uses[0]} (shown as the previous "
            f"msgid), translated there so ({_times(best.count)}: {_uses(best)})"
        )
        if others:
            text += f"; that English has {len(suggestion.variants)} translations"
    lines = [text]
    for variant in others[:VARIANTS_NAMED]:
        lines.append(f"{MEMORY_COMMENT} also {_quote(variant.text)} ({_times(variant.count)}: {_uses(variant)})")
    if len(others) > VARIANTS_NAMED:
        lines.append(f"{MEMORY_COMMENT} and {len(others) - VARIANTS_NAMED} more translations")
    return "\n".join(lines)


def _without_memory_comment(tcomment: str) -> str:
    return "\n".join(line for line in (tcomment or "").split("\n") if not line.startswith(MEMORY_COMMENT))


def fill_from_memory(
    catalog: polib.POFile,
    memory: TranslationMemory,
    previous: Iterable[tuple[str | None, str]] | None = None,
    exact_translated: bool = False,
) -> MemoryOutcome:
    """Fill the catalog's untranslated entries from the memory, in place.

    ``previous`` holds the keys (msgctxt, msgid) of the entries the catalog had before a merge;
    an entry not among them that carries a fuzzy guess with a previous msgid is the merge's
    own suggestion, which an exact match replaces, and a near match replaces when its English
    is closer. Without ``previous`` only untranslated entries are filled.
    """
    from rapidfuzz import fuzz  # here: extract reads this module for its settings and need not load rapidfuzz

    outcome = MemoryOutcome()
    before = set(previous) if previous is not None else None
    for entry in catalog:
        if entry.obsolete or not entry.msgid or entry.msgid_plural:
            continue
        is_new = before is not None and (entry.msgctxt, entry.msgid) not in before
        guess = None
        if entry.msgstr:
            if not (is_new and is_fuzzy(entry) and entry.previous_msgid is not None):
                continue
            guess = fuzz.ratio(entry.msgid, entry.previous_msgid)
        suggestion = memory.exact(entry.msgid)
        if suggestion is None:
            threshold = NEAR_THRESHOLD if guess is None else max(NEAR_THRESHOLD, guess)
            suggestion = memory.near(entry.msgid, threshold)
            if suggestion is None or (guess is not None and suggestion.score <= guess):
                continue
        comment = suggestion_comment(suggestion)
        # update copied the guess's translator comments with it: they are not about this translation
        kept = "" if guess is not None else _without_memory_comment(entry.tcomment)
        entry.msgstr = suggestion.target
        entry.tcomment = "\n".join(filter(None, [kept, comment]))
        entry.previous_msgctxt = None
        flags = [f for f in entry.flags if f != FUZZY_FLAG]
        if suggestion.exact:
            entry.previous_msgid = None
            if not exact_translated:
                flags.insert(0, FUZZY_FLAG)
            outcome.exact += 1
        else:
            entry.previous_msgid = suggestion.source
            flags.insert(0, FUZZY_FLAG)
            outcome.near += 1
        entry.flags = flags
        if guess is not None:
            outcome.replaced_guesses += 1
        elif is_new:
            outcome.filled_new += 1
    return outcome


# --- after an import -------------------------------------------------------------------------

_EMPTY_MSGSTR = 'msgstr ""\n'


def may_have_untranslated(text: str) -> bool:
    """Whether a catalog's text has an entry with an empty translation (a check on the text, so
    an import need not parse every catalog it wrote to learn that none has anything to fill).

    A line ``msgstr ""`` that no string line continues; found with ``str.find``, which skips to the
    few candidates (a multiline pattern tries every line of the thousand catalogs an import writes).
    """
    text = text if text.endswith("\n") else text + "\n"
    at = text.find(_EMPTY_MSGSTR)
    while at != -1:
        end = at + len(_EMPTY_MSGSTR)
        if (at == 0 or text[at - 1] == "\n") and not text.startswith('"', end):
            return True
        at = text.find(_EMPTY_MSGSTR, end)
    return False


def fill_written_catalogs(project: Project, written: Iterable[Path], settings: MemorySettings | None = None) -> Counter:
    """Fill untranslated entries of catalogs an import just wrote, from the memory of their language.

    Returns the counts (``exact``, ``near``, ``catalogs``). A language's memory is read only
    when one of its catalogs has an entry to fill.
    """
    settings = settings or memory_settings(project)
    counts: Counter = Counter()
    if not settings.enabled:
        return counts
    wanted: dict[str, list[Path]] = {}
    locales = project.locales_dir
    for path in written:
        if path.suffix != ".po":
            continue
        try:
            language = path.relative_to(locales).parts[0]
        except ValueError:
            continue
        if may_have_untranslated(read_text(path)):
            wanted.setdefault(language, []).append(path)
    for language, paths in wanted.items():
        found = project_memory(project, language, settings)
        for path in paths:
            catalog = found.catalog(path) or read_catalog(path, project.relative(path))
            outcome = fill_from_memory(catalog, found.memory, exact_translated=settings.exact_translated)
            if outcome.exact or outcome.near:
                write_catalog(path, catalog)
                counts["exact"] += outcome.exact
                counts["near"] += outcome.near
                counts["catalogs"] += 1
    return counts
