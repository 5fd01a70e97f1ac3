"""Consistency across the project: the same English translated differently (``inconsistent``).

translate-toolkit's ``poconflicts`` lists the English texts that have several translations in a
set of catalogs; this check does the same over every catalog of a language and reports each
entry whose translation is not the most used one, naming every translation and where it is
(PO file and line), so a translator can pick one. It is information, not an error: Czech and
Polish sometimes need a different form of the same English in another sentence around it.
A translator keeps a deliberate difference quiet on that entry with
``# docloc-ignore: inconsistent``.

Only translated entries take part. Front-matter fields are left out (their English is derived
from the article, not what the translator translated); ``variant N`` entries count with the
plain English, since the variant is exactly one English translated another way.
"""

from __future__ import annotations

from collections.abc import Iterable

import polib

from ..catalog.states import is_translated
from .registry import CatalogUnit, Finding, english_of, ignored_checks, project_check
from .wording import listing, quote

CHECK_ID = "inconsistent"
LOCATIONS_SHOWN = 3
VARIANTS_SHOWN = 4


def catalog_units(
    entries: Iterable[polib.POEntry], file: str, language: str, fields: Iterable[str], interface: bool = False
) -> list[CatalogUnit]:
    """The translated entries of a catalog (``read_catalog``'s) as project checks see them: an article's body
    entries keyed by their English (``conventions.page_context``), an interface catalog's by context and English."""
    skipped = frozenset(fields)
    units = []
    append = units.append
    for entry in entries:
        if entry.msgid_plural or not is_translated(entry):
            continue
        context = entry.msgctxt
        if context in skipped:
            continue
        tcomment = entry.tcomment
        silenced = frozenset(ignored_checks(tcomment)) if tcomment and "docloc-ignore" in tcomment else _NONE
        occurrences = entry.occurrences
        page = f"{occurrences[0][0]}:{occurrences[0][1]}" if occurrences else ""
        key = context if interface else None
        append(CatalogUnit(language, file, entry.linenum or 0, key, entry.msgid, entry.msgstr, page, silenced))
    return units


_NONE: frozenset[str] = frozenset()


def _where(units: list[CatalogUnit]) -> str:
    return listing([f"{u.file}:{u.line}" for u in units], LOCATIONS_SHOWN)


@project_check(
    CHECK_ID,
    "info",
    "The same English is translated differently across the project (translate-toolkit's poconflicts)",
)
def inconsistent(units: list[CatalogUnit]) -> list[Finding]:
    """A finding at each entry whose translation of an English text is not the project's most used one."""
    first: dict[tuple[str, str | None, str], str] = {}
    differ = set()
    for unit in units:  # one look-up per entry: most English has one translation
        key = english_of(unit)
        if first.setdefault(key, unit.msgstr) != unit.msgstr:
            differ.add(key)
    groups: dict[tuple[str, str | None, str], dict[str, list[CatalogUnit]]] = {}
    for unit in units:
        key = english_of(unit)
        if key in differ:
            groups.setdefault(key, {}).setdefault(unit.msgstr, []).append(unit)
    findings = []
    for (_, _, english), by_translation in groups.items():
        if len(by_translation) < 2:
            continue
        variants = sorted(
            by_translation.items(), key=lambda item: (-len(item[1]), min((u.file, u.line) for u in item[1]))
        )
        shown = [f"{quote(text)} ({len(places)}: {_where(places)})" for text, places in variants[:VARIANTS_SHOWN]]
        if len(variants) > VARIANTS_SHOWN:
            shown.append(f"and {len(variants) - VARIANTS_SHOWN} more")
        tie = len(variants[0][1]) == len(variants[1][1])
        advice = (
            "use one translation wherever the sentence means the same"
            if tie
            else f"the project mostly uses {quote(variants[0][0])}: use it here too where the sentence means the same"
        )
        message = (
            f"{quote(english)} is translated {len(variants)} ways in the project: {'; '.join(shown)}; {advice}, or "
            f"keep this one with the translator comment # docloc-ignore: {CHECK_ID}"
        )
        for _, places in variants[1:]:
            for unit in places:
                if CHECK_ID not in unit.silenced:
                    findings.append(
                        Finding(CHECK_ID, "info", message, unit.file, unit.line, unit.page, unit.language, english)
                    )
    return findings
