"""Placement: a translation the page cannot show, because its entry no longer names the page; an entry
that GNU gettext's tools read as another message than the page's.

The site places each entry by its ``#:`` references (``formats.english.read_page_with_catalog``);
the build publishes the English where a translated entry has none, and says so. The check reports
the same entries, so that the translator's work is not silently left out of the page.
"""

from __future__ import annotations

from ..catalog.conventions import foreign_context
from ..formats.english import merged_entries, unplaced_entries
from .page import PageUnderCheck
from .registry import Finding, page_check

CHECK_ID = "unplaced"


# Why an unplaced entry's translation is not on the page (the build's words as well as the check's).
UNPLACED = (
    "the entry has no '#:' reference to a line of its English page, so the site cannot place its translation: "
    "run 'docloc update' to restore the references"
)
MERGED = (
    "the entry names a line of its English page fewer times than its English stands there (a tool such as msgcat or "
    "msgmerge wrote its repeated '#:' references once), so the site shows the English in the other places: run "
    "'docloc update' to restore the references"
)


@page_check(
    CHECK_ID,
    "error",
    "A translated entry names no line of its page, a line without its English, or fewer occurrences than the page "
    "has: the page shows English",
)
def check_unplaced(page: PageUnderCheck) -> list[Finding]:
    if page.interface and not page.project.is_interface(page.name):  # an article's catalog with no page
        gone = page.project.page_gone(page.name)
        if gone is not None:  # (export and update refuse it in the same words)
            return [Finding(CHECK_ID, "error", gone, page.file, 0, page.english_ref, page.language)]
    if not page.translated:
        return []
    if page.unreadable:  # no entry can be placed: the build publishes the whole page in English, export refuses it
        mismatch = page.mismatch
        why = mismatch.from_the_entry() if mismatch is not None else page.unreadable
        message = (
            f"the site cannot rebuild this page from the catalog, so it shows all of it in English and export "
            f"refuses the catalog: {why}"
        )
        line = mismatch.entry_line if mismatch is not None else 0
        return [Finding(CHECK_ID, "error", message, page.file, line, page.english_ref, page.language)]
    fields = page.project.config.translated_fields
    return [
        Finding(CHECK_ID, "error", reason, page.file, entry.linenum or 0, page.english_ref, page.language, entry.msgid)
        for reason, entries in (
            (UNPLACED, unplaced_entries(page.catalog, page.english_ref)),
            (MERGED, merged_entries(page.catalog, page.template, page.english_ref, fields)),
        )
        for entry in entries
    ]


FOREIGN_CONTEXT_ID = "foreign-context"


@page_check(
    FOREIGN_CONTEXT_ID,
    "warning",
    "An entry has a msgctxt docloc never writes: docloc shows it as the page's English, gettext's tools as another",
)
def check_foreign_context(page: PageUnderCheck) -> list[Finding]:
    if not page.translated:
        return []
    fields = page.project.config.translated_fields
    return [
        Finding(
            FOREIGN_CONTEXT_ID,
            "warning",
            f"msgctxt {entry.msgctxt!r} is not one docloc writes ('variant N', a front-matter field's name): the site "
            "shows this entry as the page's English, where msgmerge and msgfmt read another message; remove the "
            "msgctxt line (a note for reviewers goes in a '# ' comment line)",
            page.file,
            entry.linenum or 0,
            next((f"{path}:{line}" for path, line in entry.occurrences if path == page.english_ref), page.english_ref),
            page.language,
            entry.msgid,
        )
        for entry in page.catalog
        if entry.msgctxt is not None and not entry.obsolete and foreign_context(entry.msgctxt, fields)
    ]
