"""The site's own interface strings (notices, banners, admonition titles, status page), from ``_ui/site.po``.

Two kinds of text share the catalog: docloc's own strings (:data:`UI_MESSAGES`, the same in every
project; docloc ships Czech and Polish translations of them, see ``site/interface.py``) and the
project's site texts from mkdocs.yml (:func:`project_messages`: the site name, description,
copyright, palette toggle names, the home page's introduction and heading), which each project
translates itself.
"""

from __future__ import annotations

import html
import logging
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import polib
from markupsafe import Markup

from ..catalog import conventions as cat
from ..catalog.po import new_entry, read_catalog
from ..catalog.states import is_translated
from ..project import Project, ProjectConfig
from ..settings import DEFAULT_GUIDES_HEADING

COMPONENT = "site"
log = logging.getLogger("mkdocs.plugins.docloc")

SITE_NAME_CONTEXT = "site_name"
DESCRIPTION_CONTEXT = "site_description"
COPYRIGHT_CONTEXT = "copyright"
PALETTE_CONTEXT = "palette"
INTRO_CONTEXT = "home_intro"
GUIDES_CONTEXT = "guides_heading"
NOTICE_CONTEXT = "notice"
GENERATOR_CONTEXT = "generator"
# The home page's heading above the list of guides when the project sets none (docloc's string).


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
    UiMessage("Machine translation", "Title of the notice on machine-translated pages.", NOTICE_CONTEXT),
    UiMessage(
        "This page is not translated into this language yet, so it is shown in English.",
        "Banner on pages whose translation is below the coverage threshold.",
    ),
    UiMessage("Not translated yet", "Title of the banner on pages shown in English.", NOTICE_CONTEXT),
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
    UiMessage("All pages", "Row with the totals of a language's pages on the status page (not the interface)."),
    UiMessage("published in English", "Status page: the page is below the threshold."),
    UiMessage("Interface", "Status page: row of the site's own interface strings (buttons, notices, headings)."),
    UiMessage(
        "counted apart from the pages",
        "Status page: note on the Interface row, which is not part of the All pages total.",
    ),
    UiMessage(
        "The English of this sentence changed since it was translated; it is shown in English until the "
        "translation is updated.",
        "Tooltip of a sentence shown in English because its translation awaits review.",
    ),
    UiMessage(
        "Sentences of this page shown in English until their translation is updated: %(count)d",
        "Notice at the top of a page with such sentences; %(count)d is their number.",
    ),
    UiMessage("Update pending", "Title of the notice about sentences awaiting an updated translation.", NOTICE_CONTEXT),
    UiMessage("in English", "Language switcher: the page is published in English in that language."),
    UiMessage(DEFAULT_GUIDES_HEADING, "Heading on the home page, above the list of guides."),
    UiMessage("Page not found", "Heading of the 404 page."),
    UiMessage("Go to the home page", "Link on the 404 page."),
    UiMessage("Search", "Accessible name of the search dialog (read by screen readers).", "search"),
    UiMessage(
        "Content: Microsoft Docs contributors, licensed CC BY 4.0.",
        "Attribution on the home page, a link to the licence (only where mkdocs.yml sets no copyright).",
    ),
    UiMessage(
        "Made with",
        "Footer credit before the link 'Material for MkDocs' (the theme's name stays as it is).",
        GENERATOR_CONTEXT,
    ),
)


class UiStrings:
    """Translations of the interface strings for one language; untranslated and fuzzy ones stay English."""

    def __init__(self, language: str, entries: dict[tuple[str | None, str], str], source: str = "") -> None:
        self.language = language
        self._entries = entries
        self.source = source  # the catalog, for messages about its entries

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
        return UiStrings(language, {}, display)
    return UiStrings(language, _load_cached(path, display, path.stat().st_mtime), display)


def palette_toggles(palette: object) -> list[dict]:
    """The ``toggle`` mappings of Material's ``theme.palette`` (one scheme or a list of them), in order."""
    schemes = palette if isinstance(palette, list) else [palette] if isinstance(palette, dict) else []
    return [s["toggle"] for s in schemes if isinstance(s, dict) and isinstance(s.get("toggle"), dict)]


def palette_toggle_names(palette: object) -> list[str]:
    """The names (title and accessible name) of the palette toggle buttons, as mkdocs.yml has them."""
    return [str(t["name"]) for t in palette_toggles(palette) if t.get("name")]


def project_messages(mkdocs: Any) -> list[UiMessage]:
    """The project's site texts from mkdocs.yml (parsed), each under its context: they are translated
    in ``_ui/site.po`` like docloc's own strings, but only the project knows them."""
    data = mkdocs if isinstance(mkdocs, dict) else {}
    options = ProjectConfig.from_mkdocs(data).options
    theme = data.get("theme") if isinstance(data.get("theme"), dict) else {}
    texts = [
        (data.get("site_name"), "The site's name (site_name in mkdocs.yml), in the header.", SITE_NAME_CONTEXT),
        (data.get("site_description"), "The site's description (site_description), for search engines.",
         DESCRIPTION_CONTEXT),
        (data.get("copyright"), "The footer's line on every page (copyright in mkdocs.yml); keep its markup.",
         COPYRIGHT_CONTEXT),
        (options.get("home_intro"), "Introduction on the home page (home_intro in mkdocs.yml).", INTRO_CONTEXT),
    ]  # fmt: skip
    heading = options.get("guides_heading")
    if heading and str(heading) != DEFAULT_GUIDES_HEADING:
        texts.append((heading, "Heading on the home page above the guides (guides_heading).", GUIDES_CONTEXT))
    messages = [UiMessage(str(text), comment, context) for text, comment, context in texts if text]
    for name in dict.fromkeys(palette_toggle_names(theme.get("palette"))):
        messages.append(UiMessage(name, "A palette toggle (theme.palette in mkdocs.yml): its title.", PALETTE_CONTEXT))
    return messages


def ui_template(project: Sequence[UiMessage] = ()) -> polib.POFile:
    """The template of the site's interface strings, as ``locales/templates/_ui/site.pot`` holds it:
    the site name first, docloc's strings, then the project's other texts (:func:`project_messages`)."""
    template = cat.interface_template("docloc site", "Interface strings of docloc's MkDocs site (docloc.site).")
    first = [m for m in project if m.context == SITE_NAME_CONTEXT]
    rest = [m for m in project if m.context != SITE_NAME_CONTEXT]
    seen: set[tuple[str | None, str]] = set()
    for message in [*first, *UI_MESSAGES, *rest]:
        if (message.context, message.msgid) in seen:
            continue
        seen.add((message.context, message.msgid))
        flags = ["python-format"] if "%(" in message.msgid else []
        template.append(new_entry(message.msgid, "", message.context, comment=message.comment, flags=flags))
    return template


def config_text(english: str, translation: str, where: str) -> str:
    """A translated mkdocs.yml text as the theme inserts it: Material writes these as raw HTML.

    A translation of plain English is escaped (a ``Markup``, so Material's ``| e`` does not escape
    it twice); where the English has markup (a licence link in the copyright), the translation may
    use only that markup (the articles' safety rule, and ``html_refusal``: the theme writes it as raw HTML,
    which no Markdown parser reads first), else the English is shown and the build warns.
    """
    if translation == english:
        return english
    if "<" not in english:
        return Markup(html.escape(translation))
    from ..checks.safety import html_refusal, unsafe_markup

    reason = unsafe_markup(english, translation) or html_refusal(english, translation)
    if reason:
        log.warning("%s: the translation of %r is not used: %s", where, english, reason)
        return english
    return Markup(translation)


class ConfigTexts:
    """mkdocs.yml's texts in the language of each build: MkDocs' config is one object that every
    language's build changes in turn, so the English originals are read once and kept."""

    def __init__(self, config: Any) -> None:
        self.site_name = str(config.site_name)
        self.description = config.site_description
        self.copyright = config.copyright
        self.toggle_names = [toggle.get("name") for toggle in palette_toggles(config.theme.get("palette"))]

    def apply(self, config: Any, ui: UiStrings) -> None:
        """Set the config's texts to their translations in ``ui``'s language, escaped for the theme."""
        where = ui.source
        config.site_name = config_text(self.site_name, ui(self.site_name, SITE_NAME_CONTEXT), where)
        if self.description:
            config.site_description = config_text(self.description, ui(self.description, DESCRIPTION_CONTEXT), where)
        if self.copyright:
            config.copyright = config_text(self.copyright, ui(self.copyright, COPYRIGHT_CONTEXT), where)
        for toggle, name in zip(palette_toggles(config.theme.get("palette")), self.toggle_names):
            if name:
                toggle["name"] = config_text(str(name), ui(str(name), PALETTE_CONTEXT), where)
