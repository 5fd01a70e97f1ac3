"""Placement: a translation the page cannot show, because its entry no longer names the page.

The site places each entry by its ``#:`` references (``formats.english.read_page_with_catalog``);
the build publishes the English where a translated entry has none, and says so. The check reports
the same entries, so that the translator's work is not silently left out of the page.
"""

from __future__ import annotations

from ..formats.english import unplaced_entries
from .page import PageUnderCheck
from .registry import Finding, page_check

CHECK_ID = "unplaced"


# Why an unplaced entry's translation is not on the page (the build's words as well as the check's).
UNPLACED = (
    "the entry has no '#:' reference to its English page, so the site cannot place its translation: "
    "run 'docloc update' to restore the references"
)


@page_check(CHECK_ID, "error", "A translated entry names no line of its page, so the page shows its English")
def check_unplaced(page: PageUnderCheck) -> list[Finding]:
    if not page.translated:
        return []
    if page.unreadable:  # no entry can be placed: the build publishes the whole page in English, export refuses it
        message = (
            "the page cannot be rebuilt from this catalog, so the site shows all of it in English and export "
            f"refuses the catalog: {page.unreadable}"
        )
        return [Finding(CHECK_ID, "error", message, page.file, 0, page.english_ref, page.language)]
    return [
        Finding(
            CHECK_ID, "error", UNPLACED, page.file, entry.linenum or 0, page.english_ref, page.language, entry.msgid
        )
        for entry in unplaced_entries(page.catalog, page.english_ref)
    ]
