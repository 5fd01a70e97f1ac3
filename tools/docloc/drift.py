"""Source drift: a locale's catalog whose English differs from the project's template.

Locales of one article are sometimes translated from different versions of the English
(the corpus has 39 such articles between cs-cz and de-de). The template holds the English
of the project's page; every English text of a catalog that the template lacks, and every
text of the template the catalog lacks, is a segment that differs.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from .checks.registry import Finding

CHECK_ID = "source-drift"


@dataclass(frozen=True)
class Drift:
    language: str
    name: str
    only_in_catalog: tuple[str, ...]  # English this locale was translated from, not on the page
    only_in_template: tuple[str, ...]  # English of the page this locale has no entry for


def _keys(entries: Iterable) -> dict[tuple[str | None, str], int]:
    """(context, English) → line of entries, or of (msgctxt, msgid) pairs (``poreader.read_msgids``)."""
    keys: dict[tuple[str | None, str], int] = {}
    for entry in entries:
        if isinstance(entry, tuple):
            msgctxt, msgid = entry
            line = 0
        else:
            if entry.obsolete or not entry.msgid:
                continue
            msgctxt, msgid, line = entry.msgctxt, entry.msgid, getattr(entry, "linenum", 0)
        context = msgctxt if not (msgctxt or "").startswith("variant ") else None
        keys.setdefault((context, msgid), line)
    return keys


def source_drift(catalog: Iterable, template: Iterable, language: str, name: str) -> Drift | None:
    """The segments whose English differs between a catalog and its template, or None.

    ``template`` is its entries, or its (msgctxt, msgid) pairs (``poreader.read_msgids``).
    """
    ours, theirs = _keys(catalog), _keys(template)
    only_catalog = tuple(msgid for key, msgid in ((k, k[1]) for k in ours) if key not in theirs)
    only_template = tuple(msgid for key, msgid in ((k, k[1]) for k in theirs) if key not in ours)
    if not only_catalog and not only_template:
        return None
    return Drift(language, name, only_catalog, only_template)


def drift_findings(catalog: Iterable, template: Iterable, language: str, name: str, file: str) -> list[Finding]:
    """One finding per English text of the catalog that the page does not have."""
    catalog = list(catalog)
    drift = source_drift(catalog, template, language, name)
    if drift is None:
        return []
    lines = _keys(catalog)
    findings = [
        Finding(
            CHECK_ID,
            "warning",
            "translated from English that is not on the page (the locales were translated from different English)",
            file,
            lines.get((None, msgid), 0) or next((n for (c, m), n in lines.items() if m == msgid), 0),
            "",
            language,
            msgid,
        )
        for msgid in drift.only_in_catalog
    ]
    if drift.only_in_template:
        findings.append(
            Finding(
                CHECK_ID,
                "warning",
                f"{len(drift.only_in_template)} English segment(s) of the page have no entry in this catalog",
                file,
                0,
                "",
                language,
                drift.only_in_template[0],
            )
        )
    return findings
