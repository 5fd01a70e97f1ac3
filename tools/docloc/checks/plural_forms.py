"""A catalog whose Plural-Forms means another rule than its language's: the ``plural-forms`` check."""

from __future__ import annotations

from pathlib import Path

from ..catalog.plural import same_plural_rule
from ..locales import plural_forms
from .page import PageUnderCheck
from .registry import Finding, page_check

CHECK_ID = "plural-forms"


@page_check(CHECK_ID, "warning", "The catalog's Plural-Forms means the plural rule of its language (CLDR)")
def check_plural_forms(page: PageUnderCheck) -> list[Finding]:
    if page.catalog is None:
        return []
    path = page.project.root / page.file
    return plural_forms_findings(page.catalog, path, page.file, page.language)


def plural_forms_findings(catalog, path: Path, display: str, language: str) -> list[Finding]:
    """A catalog whose Plural-Forms means something else than its language's rule (CLDR, through Babel).

    Compared by meaning (the same form for n = 0 … 1000), never as text: Babel spells one rule
    differently from one release to the next.
    """
    expected = plural_forms(language)
    found = catalog.metadata.get("Plural-Forms")
    if found is not None and same_plural_rule(found, expected):
        return []
    what = f"Plural-Forms is {found!r}" if found is not None else "the header has no Plural-Forms"
    line = _line_holding(path, "Plural-Forms:" if found is not None else 'msgid ""')
    message = f"{what}, which does not mean the plural rule of {language} ({expected!r})"
    return [Finding(CHECK_ID, "warning", message, display, line, "", language, "")]


def _line_holding(path: Path, needle: str) -> int:
    """The first line of a file holding ``needle`` (0 if none): where a header finding points."""
    for number, line in enumerate(path.read_text(encoding="utf-8", errors="replace").split("\n"), 1):
        if needle in line:
            return number
    return 0
