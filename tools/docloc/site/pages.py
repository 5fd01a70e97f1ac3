"""Pages the site generates at build time: the home page and the translation status page of each language."""

from __future__ import annotations

import html
import json
import re
import string
from collections.abc import Callable, Iterable

from ..checks.coverage import CatalogCoverage, add_up
from ..locales import language_name
from ..project import UI_CATALOG_DIR, Project
from ..settings import DEFAULT_GUIDES_HEADING
from .ui import GUIDES_CONTEXT, INTRO_CONTEXT, UiStrings

HOME = "index.md"
STATUS = "translation-status.md"
LICENSE_URL = "https://creativecommons.org/licenses/by/4.0/"


def _language_name(language: str, reader: str) -> str:
    """A language's name in the reader's language (``cs`` for a Polish reader: ``czeski``)."""
    from babel import Locale, UnknownLocaleError

    try:
        return Locale.parse(language).get_display_name(Locale.parse(reader)) or language
    except (UnknownLocaleError, ValueError):
        return language_name(language)


def home_page(
    site_name: str,
    guides: Iterable[tuple[str, str]],
    ui: UiStrings,
    intro: str | None = None,
    heading: str = DEFAULT_GUIDES_HEADING,
    attribution: bool = True,
) -> str:
    """A short landing page leading to the guides (``guides``: article name and title in this language).

    Its texts are the project's (``home_intro``, ``guides_heading``), translated like every site text.
    The licence attribution is written only where no footer (mkdocs.yml's ``copyright``) says it
    on every page: one attribution, not two.
    """
    lines = [*_front_matter(site_name), f'# <a name="home"></a>{_md_text(site_name)}', ""]
    if intro:
        lines += [_md_text(ui(intro, INTRO_CONTEXT)), ""]
    lines += [f'## <a name="guides"></a>{_md_text(ui(heading, GUIDES_CONTEXT))}', ""]
    lines += [f"- [{_md_text(title)}]({name})" for name, title in guides]
    lines += ["", f"[{_md_text(ui('Translation status'))}]({STATUS})", ""]
    if attribution:
        text = html.escape(ui("Content: Microsoft Docs contributors, licensed CC BY 4.0."))
        link = f'<a href="{LICENSE_URL}" rel="license">{text}</a>'
        lines += [f'<p class="docloc-attribution"><small>{link}</small></p>', ""]
    return "\n".join(lines)


def status_page(
    rows: list[CatalogCoverage],
    languages: list[str],
    titles: dict[str, str],
    threshold: float,
    ui: UiStrings,
    href: Callable[[str], str],
    in_english: Callable[[str, str], bool] | None = None,
) -> str:
    """Coverage per language and page as bars (an HTML table Markdown passes through). ``in_english(language,
    name)`` says whether a page is published in English, as its build decides it (``render.page_status``: below
    the threshold, or a catalog the page cannot be rebuilt from); without it, below the threshold."""
    e = html.escape
    parts = [
        *_front_matter(ui("Translation status")),
        f'# <a name="translation-status"></a>{_md_text(ui("Translation status"))}',
        "",
        _md_text(
            ui(
                "How much of each page is translated, per language. A page below %(threshold)d %% is published in "
                "English until its translation catches up. Untranslated and fuzzy sentences are shown in English.",
                threshold=round(threshold),
            )
        ),
        "",
    ]
    for language in languages:
        mine = [row for row in rows if row.language == language]
        if not mine:
            continue
        articles = [row for row in mine if not Project.is_interface(row.name)]
        interface = [row for row in mine if Project.is_interface(row.name)]
        name = _language_name(language, ui.language)
        parts += [f'## <a name="{html.escape(language)}"></a>{_md_text(name[:1].upper() + name[1:])}', ""]
        ids = _RowIds(language)
        pages = []
        for row in articles:
            label = e(titles.get(row.name, row.name))
            note = (
                f' <em class="docloc-status__note">{e(ui("published in English"))}</em>'
                if (in_english(language, row.name) if in_english is not None else row.percent < threshold)
                else ""
            )
            pages.append(_row(f'<a href="{e(href(row.name))}">{label}</a>{note}', row, threshold, ids))
        # The total adds up the pages only (what readers read, and what the threshold is about); the
        # interface, the site's own strings, is a row of its own after it, saying so.
        total = _row(e(ui("All pages")), add_up(articles, language, "*"), threshold, ids)
        num = ' class="docloc-status__num"'
        parts += [
            f'<table class="docloc-status" data-language="{e(language)}">',
            f'<thead><tr><th scope="col">{e(ui("Page"))}</th>'
            f'<th scope="col" id="{ids.column}"{num}>{e(ui("Translated"))}</th>'
            f'<th scope="col"{num}>{e(ui("Sentences"))}</th><th scope="col"{num}>{e(ui("Words"))}</th></tr></thead>',
            "<tbody>",
            *pages,
            "</tbody>",
            f'<tbody class="docloc-status__total">{total}</tbody>',
        ]
        if interface:
            note = f' <em class="docloc-status__note">{e(ui("counted apart from the pages"))}</em>'
            row = _row(e(ui("Interface")) + note, add_up(interface, language, UI_CATALOG_DIR), threshold, ids)
            parts.append(f'<tbody class="docloc-status__apart">{row}</tbody>')
        parts += ["</table>", ""]
    return "\n".join(parts)


class _RowIds:
    """Element ids of one language's status table: a bar is named by its column header and its row's label."""

    def __init__(self, language: str) -> None:
        self.prefix = "docloc-status-" + re.sub(r"[^A-Za-z0-9_-]", "-", language)
        self.column = f"{self.prefix}-translated"
        self.count = 0

    def next_row(self) -> str:
        self.count += 1
        return f"{self.prefix}-row-{self.count}"


def _row(label: str, row: CatalogCoverage, threshold: float, ids: _RowIds) -> str:
    percent = row.percent
    level = "ok" if percent >= threshold else "low"
    row_id = ids.next_row()
    bar = (
        f'<div class="docloc-bar docloc-bar--{level}" role="meter" aria-labelledby="{ids.column} {row_id}" '
        f'aria-valuemin="0" aria-valuemax="100" aria-valuenow="{percent:.0f}" aria-valuetext="{percent:.0f} %">'
        f'<span style="width:{percent:.1f}%"></span></div> {percent:.0f} %'
    )
    num = ' class="docloc-status__num"'
    return (
        f'<tr><th scope="row" id="{row_id}">{label}</th><td{num}>{bar}</td>'
        f"<td{num}>{row.translated} / {row.total}</td>"
        f"<td{num}>{row.words_percent:.0f} %</td></tr>"
    )


def _front_matter(title: str) -> list[str]:
    """The page's title as MkDocs keeps titles, HTML (escaped text): Material writes it unescaped
    into the navigation, the header and ``<title>``, and the title may come from a catalog."""
    return ["---", f"title: {json.dumps(html.escape(title), ensure_ascii=False)}", "---", ""]


_LINE_BREAKS = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]+")


def _md_text(text: str) -> str:
    """Interface text (from a catalog: untrusted) as Markdown that reads as this text and nothing else.

    Every ASCII punctuation character is backslash-escaped (CommonMark escapes them all, and an escaped
    one opens nothing: no HTML, no link, no DocFX construct such as ``:::image``, whose markers are ``:``
    and ``!``), and line breaks become spaces, so the text stays in the one block it was put in.
    """
    line = _LINE_BREAKS.sub(" ", text)
    return "".join("\\" + c if c in _PUNCTUATION else c for c in line)


_PUNCTUATION = frozenset(string.punctuation)
