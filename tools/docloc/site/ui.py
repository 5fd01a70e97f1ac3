"""The site's own interface strings (notices, banners, admonition titles, status page), from ``_ui/site.po``."""

from __future__ import annotations

import logging
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import polib

from ..catalog import conventions as cat
from ..catalog.po import new_entry, read_catalog
from ..catalog.states import is_translated
from ..project import Project

COMPONENT = "site"
log = logging.getLogger("mkdocs.plugins.docloc")


@dataclass(frozen=True)
class UiMessage:
    msgid: str
    comment: str
    context: str | None = None


# The source of truth for locales/templates/_ui/site.pot (a test keeps the template in step).
UI_MESSAGES: tuple[UiMessage, ...] = (
    UiMessage("Note", "Title of a note box (Microsoft's [!NOTE] alert).", "alert"),
    UiMessage("Tip", "Title of a tip box ([!TIP]).", "alert"),
    UiMessage("Important", "Title of an important box ([!IMPORTANT]).", "alert"),
    UiMessage("Caution", "Title of a caution box ([!CAUTION]).", "alert"),
    UiMessage("Warning", "Title of a warning box ([!WARNING]).", "alert"),
    UiMessage(
        "This page was translated by a machine.",
        "Notice at the top of machine-translated pages (ms.translationtype: MT).",
    ),
    UiMessage("Read the English original", "Link in the machine-translation notice to the English page."),
    UiMessage(
        "This page is not translated into this language yet, so it is shown in English.",
        "Banner on pages whose translation is below the coverage threshold.",
    ),
    UiMessage("Translation status", "Title of the translation status page."),
    UiMessage(
        "How much of each page is translated, per language. A page below %(threshold)d %% is published in English "
        "until its translation catches up. Untranslated and fuzzy sentences are shown in English.",
        "Introduction of the translation status page; %(threshold)d is a number, %% is a percent sign.",
    ),
    UiMessage("Page", "Column header on the status page."),
    UiMessage("Translated", "Column header on the status page: share of sentences translated."),
    UiMessage("Sentences", "Column header: translated / all sentences."),
    UiMessage("Words", "Column header: share of English words translated."),
    UiMessage("All pages", "Row with the totals of a language on the status page."),
    UiMessage("published in English", "Status page: the page is below the threshold."),
    UiMessage("Interface", "Status page: row of the site's own interface strings."),
    UiMessage(
        "The English of this sentence changed since it was translated; it is shown in English until the "
        "translation is updated.",
        "Tooltip of a sentence shown in English because its translation awaits review.",
    ),
    UiMessage(
        "Sentences of this page shown in English until their translation is updated: %(count)d",
        "Notice at the top of a page with such sentences; %(count)d is their number.",
    ),
    UiMessage("in English", "Language switcher: the page is published in English in that language."),
    UiMessage(
        "Step-by-step guides for partners working in Microsoft Partner Center.",
        "Introduction on the home page.",
    ),
    UiMessage("Guides", "Heading on the home page, above the list of guides."),
    UiMessage("Page not found", "Heading of the 404 page."),
    UiMessage("Go to the home page", "Link on the 404 page."),
    UiMessage("Search", "Accessible name of the search dialog (read by screen readers).", "search"),
    UiMessage(
        "Content: Microsoft Docs contributors, licensed CC BY 4.0.",
        "Attribution line on the home page.",
    ),
)


class UiStrings:
    """Translations of the interface strings for one language; untranslated and fuzzy ones stay English."""

    def __init__(self, language: str, entries: dict[tuple[str | None, str], str]) -> None:
        self.language = language
        self._entries = entries

    def __call__(self, msgid: str, context: str | None = None, **values: object) -> str:
        text = self._entries.get((context, msgid)) or self._entries.get((None, msgid)) or msgid
        return text % values if values else text


def ui_strings(project: Project, language: str) -> UiStrings:
    path = project.ui_catalog(language, COMPONENT)
    return _load(path, project.relative(path), language)


_PLACEHOLDER = re.compile(r"%\((\w+)\)[sd]|%%")


def _placeholders(text: str) -> Counter[str]:
    return Counter(match.group(0) for match in _PLACEHOLDER.finditer(text))


@cache
def _load_cached(path: Path, display: str, mtime: float) -> dict[tuple[str | None, str], str]:
    """The usable translations of a catalog: a translation whose placeholders differ from its English's
    (it would break the page, or show raw) is left out with a warning naming the entry."""
    catalog = read_catalog(path, display)
    found = {}
    for entry in catalog:
        if not is_translated(entry):
            continue
        stray = entry.msgstr.replace("%%", "")
        if _placeholders(entry.msgstr) != _placeholders(entry.msgid) or "%" in _PLACEHOLDER.sub("", stray):
            log.warning(
                "%s:%d: the translation of %r must keep the placeholders %s exactly; shown in English",
                display,
                entry.linenum,
                entry.msgid,
                " ".join(sorted(_placeholders(entry.msgid))) or "(none)",
            )
            continue
        found[(entry.msgctxt, entry.msgid)] = entry.msgstr
    return found


def _load(path: Path, display: str, language: str) -> UiStrings:
    if not path.is_file():
        return UiStrings(language, {})
    return UiStrings(language, _load_cached(path, display, path.stat().st_mtime))


SITE_NAME_CONTEXT = "site_name"
PALETTE_CONTEXT = "palette"


def palette_toggles(palette: object) -> list[dict]:
    """The ``toggle`` mappings of Material's ``theme.palette`` (one scheme or a list of them), in order."""
    schemes = palette if isinstance(palette, list) else [palette] if isinstance(palette, dict) else []
    return [s["toggle"] for s in schemes if isinstance(s, dict) and isinstance(s.get("toggle"), dict)]


def palette_toggle_names(palette: object) -> list[str]:
    """The names (title and accessible name) of the palette toggle buttons, as mkdocs.yml has them."""
    return [str(t["name"]) for t in palette_toggles(palette) if t.get("name")]


def ui_template(site_name: str | None = None, toggle_names: Iterable[str] = ()) -> polib.POFile:
    """The template of the site's interface strings, as ``locales/templates/_ui/site.pot`` holds it.

    The project's ``site_name`` and palette toggle names (mkdocs.yml) are entries too, so the header
    shows them translated.
    """
    template = cat.interface_template("docloc site", "Interface strings of docloc's MkDocs site (docloc.site).")
    messages = list(UI_MESSAGES)
    if site_name:
        messages.insert(
            0, UiMessage(site_name, "The site's name (site_name in mkdocs.yml), in the header.", SITE_NAME_CONTEXT)
        )
    for name in dict.fromkeys(toggle_names):
        messages.append(UiMessage(name, "A palette toggle (theme.palette in mkdocs.yml): its title.", PALETTE_CONTEXT))
    for message in messages:
        flags = ["python-format"] if "%(" in message.msgid else []
        template.append(new_entry(message.msgid, "", message.context, comment=message.comment, flags=flags))
    return template
