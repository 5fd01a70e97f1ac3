"""Source drift: a locale's catalog whose English differs from the project's template.

Locales of one article are sometimes translated from different versions of the English
(the corpus has 39 such articles between cs-cz and de-de). The template holds the English
of the project's page; every English text of a catalog that the template lacks, and every
text of the template the catalog lacks, is a segment that differs.
"""

from __future__ import annotations

from collections.abc import Iterable

from ..catalog.conventions import page_context
from .page import PageUnderCheck
from .registry import Finding, page_check
from .wording import count

CHECK_ID = "source-drift"


def _keys(entries: Iterable, fields: frozenset[str]) -> dict[tuple[str | None, str], int]:
    """(context, English) → line of the entries (the header and obsolete entries left out), as the page places
    them (``conventions.page_context``)."""
    keys: dict[tuple[str | None, str], int] = {}
    for entry in entries:
        if entry.obsolete or not entry.msgid:
            continue
        keys.setdefault((page_context(entry.msgctxt, fields), entry.msgid), entry.linenum or 0)
    return keys


def drift_findings(
    catalog: Iterable, template: Iterable, language: str, file: str, fields: Iterable[str]
) -> list[Finding]:
    """One finding per English text of the catalog that the page does not have, and one for the
    page's English segments the catalog has no entry for.

    ``template`` is the template's entries; ``fields`` the translated front-matter fields.
    """
    fields = frozenset(fields)
    ours, theirs = _keys(catalog, fields), _keys(template, fields)
    findings = [
        Finding(
            CHECK_ID,
            "warning",
            "translated from English that is not on the page (the locales were translated from different "
            "English): run 'docloc update' to merge the page's English into this catalog",
            file,
            line,
            "",
            language,
            msgid,
        )
        for (context, msgid), line in ours.items()
        if (context, msgid) not in theirs
    ]
    missing = [msgid for context, msgid in theirs if (context, msgid) not in ours]
    if missing:
        findings.append(
            Finding(
                CHECK_ID,
                "warning",
                (
                    f"the page has {count(len(missing), 'English segment')} with no entry in this catalog: "
                    f"run 'docloc update' to add {'it' if len(missing) == 1 else 'them'}"
                ),
                file,
                0,
                "",
                language,
                missing[0],
            )
        )
    return findings


@page_check(CHECK_ID, "warning", "The locale was translated from English that differs from the page's")
def check_source_drift(page: PageUnderCheck) -> list[Finding]:
    if not page.translated or page.template is None:
        return []
    return drift_findings(page.catalog, page.template, page.language, page.file, page.project.config.translated_fields)
