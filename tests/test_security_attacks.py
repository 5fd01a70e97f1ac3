"""Hostile translations against the whole pipeline: ``docloc check``, ``docloc build`` and the site in Chromium.

Translations come from vendors, machine translation and volunteers: to the site they are untrusted
input. The claim under test is "translations can never put live markup on the site". Each vector
below is written into a copy of the guide project as text (so any bytes go in): a segment or field
translation in the cs or pl catalog, an interface string in ``_ui/*.po``, a catalog header, or a
setting in ``mkdocs.yml``. The copy has a heading, a table and a ``:::image`` appended to the English
page (with their catalog entries), so table-cell and image vectors have the structure they attack.

For every vector:

1. ``docloc check --format json`` reports it: an error finding at its PO entry (configuration
   vectors: exit 2 with a message naming the setting);
2. ``docloc build`` refuses it: the build log names the PO entry (a warning, which ``--strict``
   turns into exit 2) and the segment is published in English (configuration vectors: exit 2);
3. in headless Chromium (the site served over HTTP on 127.0.0.1), on the pages the vector reaches,
   compared with a clean build of the same project: no script runs (``window.__pwned``, a dialog,
   ``document.title``; also after every element of the article is hovered, focused and clicked), no
   request leaves 127.0.0.1, no navigation, no element around or in the article that the clean build
   lacks, no ``on*`` attribute or script URL, no fixed overlay over a quarter of the viewport, and
   the article's text is the clean build's (nothing hidden or swallowed; a published translation
   shows its whole text, a refused one its English).

Vectors that produce only harmless text (``report=False``: Python-Markdown's attr_list syntax, which
markdown-it does not know, code spans, entities) need not be reported, only shown as written.

Vectors are grouped into a few builds (one build holds many vectors, each in its own PO entry; a
vector's payload carries its token ``X<n>X``, so browser evidence is attributed to the vector that
caused it; a vector that takes its page over is alone on the page). Vectors that get through are
marked ``xfail(strict=True)`` with the reason: see FINDINGS; a fix removes its lines. The whole
campaign runs once per session (about 1 CPU-minute; builds run in parallel, one process per core);
``DOCLOC_KEEP_ATTACKS=DIR`` keeps the projects and sites it built.
"""

from __future__ import annotations

import contextlib
import html
import io
import json
import os
import re
import shutil
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from conftest import ROOT, copy_project, serve

ARTICLE = "assign-support-contacts"
PAGE_PO = f"{ARTICLE}.po"
ENGLISH_PAGE = f"docs/en/{ARTICLE}.md"
LANGUAGES = ("cs", "pl")
TOKEN = "§"  # in a vector's text, replaced by the vector's token X<n>X
JS = f"top.__pwned='{TOKEN}'"  # a payload: sets window.__pwned to the token
JSN = f"top.__pwned=/{TOKEN}/.source"  # the same without quotes (for contexts that escape them)
EVIL = f"https://evil.example/{TOKEN}"

# The segments of the guide (slot → English), in page order, and where each stands on its line.
ENTRIES: dict[str, str] = {
    "h1": "Assign a reseller as a technical support contact for customers",
    "roles": "**Appropriate roles**: Admin agent | Global admin | Helpdesk agent",
    "para1": "When you set up subscriptions for Microsoft services for your customers, you may want to assign the "
    "technical support for these products to a designated reseller, rather than providing the support yourself.",
    "para2a": "After you set up support contacts, customers can see your assigned support contact's information on "
    "the product support pages.",
    "para2b": "For example, when Office 365 customers need support, they can go into the Office.com page, sign in "
    "with their admin credentials, select the **Admin** tile, and under the **Support** section, see the assigned "
    "support contact information.",
    "links": "This can be used for [multi-partner](multipartner.md) and [multi-channel](multichannel.md) scenarios.",
    "h2": "Assign contacts",
    "step1a": "Start by [requesting a relationship](request-a-relationship-with-a-customer.md) with your designated "
    "product reseller.",
    "step1b": "Negotiate a support agreement with them for handling technical support.",
    "step2": "From the **Partner Center** menu, select **Customers**, then select a customer, then select a "
    "subscription, for example, Office 365 Business Standard.",
    "step3": "In  **Designated support contact**, select the designated product reseller, and then click **Submit**.",
    "note1": "For new subscriptions, the designated support contact defaults to the indirect provider.",
    "note2": "You can also change this to an indirect reseller that has delegated admin privileges.",
    "note3": "If the reseller's name doesn't appear in the list of available support contacts, add them in by "
    "[requesting a relationship](request-a-relationship-with-a-customer.md).",
    "note4": "After the relationship is established, they should appear in the list.",
    "step4": "Review that the changes are correct, and then select **Close**.",
    "h2b": "Next steps",
    "next": "Remove a relationship with a customer",
    # appended to the copy (APPENDIX): a heading, a table, an image
    "h3": "Roles and tasks",
    "cellh1": "Role",
    "cellh2": "Task",
    "cell1": "Admin agent",
    "cell2": "Assigns the support contact",
}
FIELDS = {"title": ENTRIES["h1"], "description": ENTRIES["para1"]}
APPENDIX = (
    '\n\n## <a name="roles-and-tasks"></a>Roles and tasks\n\n| Role | Task |\n|---|---|\n'
    '| Admin agent | Assigns the support contact |\n\n:::image type="content" source="images/contacts.png" '
    'alt-text="Support contacts":::\n'
)
APPENDIX_TRANSLATIONS = {
    "cs": {"h3": "Role a úkoly", "cellh1": "Role", "cellh2": "Úkol", "cell1": "Agent pro správu",
           "cell2": "Přiřazuje kontakt podpory"},
    "pl": {"h3": "Role i zadania", "cellh1": "Rola", "cellh2": "Zadanie", "cell1": "Agent administracyjny",
           "cell2": "Przypisuje kontakt pomocy technicznej"},
}  # fmt: skip
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d49444154789c6360000002000005"
    "0001e2260596000000004945" + "4e44ae426082"
)

# Slot groups: where a vector may go.
LINE_ALONE = ("roles", "para1", "links", "step2", "step3", "step4")  # the segment is its whole line
LINE_START = (*LINE_ALONE, "para2a", "step1a", "note1", "note3")  # the segment opens a line
PARA_END = ("para1", "para2b", "links", "roles", "step1b", "step2", "step3", "step4", "note4")  # ends a paragraph
MID = ("para2b", "step1b", "note2", "note4")  # mid-line
HEADING = ("h1", "h2", "h2b", "h3")
CELL = ("cell1", "cell2", "cellh2")
ANY = tuple(ENTRIES)
GROUPS: dict[str, tuple[str, ...]] = {
    "ANY": ANY,
    "LINE_ALONE": LINE_ALONE,
    "LINE_START": LINE_START,
    "PARA_END": PARA_END,
    "MID": MID,
    "HEADING": HEADING,
    "CELL": CELL,
}


@dataclass(frozen=True)
class Part:
    """One catalog change of a vector.

    ``slot``: an ENTRIES key or a GROUPS name (a segment), ``title``/``description`` (a field),
    ``ui:<component>:<msgctxt>:<msgid>`` (an interface string), ``header:<name>`` (a catalog header).
    ``text``: the translation (a tuple: plural forms). ``report``: ``docloc check`` must report it
    and the build must refuse it (segments). ``visible``: if published, its tokens must show as text.
    """

    slot: str
    text: str | tuple[str, ...]
    report: bool = True
    visible: bool = True
    hide_reference: bool = False  # write the entry's "#:" line where only polib sees it (see the p vectors)


@dataclass(frozen=True)
class Vector:
    name: str
    cls: str
    parts: tuple[Part, ...]
    kind: str = "segments"  # segments | fields (one page-breaking vector per page) | solo (own build) | config
    config: dict | None = None  # kind "config": changes to mkdocs.yml (dotted keys)


def seg(name: str, cls: str, slot: str, text: str, report: bool = True, visible: bool = True) -> Vector:
    return Vector(name, cls, (Part(slot, text, report, visible),))


def ui(name: str, component: str, context: str, msgid: str, text: str | tuple[str, ...], report: bool) -> Vector:
    return Vector(name, "interface", (Part(f"ui:{component}:{context}:{msgid}", text, report),))


SEGMENT_VECTORS: list[Vector] = [
    # --- classic HTML and script ---
    seg("script", "classic", "ANY", f"Přiřazení <script>{JS}</script> kontaktů."),
    seg("img-onerror", "classic", "ANY", f'Text <img src=x onerror="{JS}"> dál.'),
    seg("svg-onload", "classic", "ANY", f'<svg onload="{JS}">text</svg>'),
    seg("iframe", "classic", "ANY", f'Text <iframe src="javascript:{JS}"></iframe>'),
    seg("a-javascript", "classic", "ANY", f'<a href="javascript:{JS}">klikněte</a> sem.'),
    seg("md-javascript", "classic", "ANY", f"[klikněte](javascript:{JS}) sem."),
    seg("md-javascript-case", "classic", "ANY", f"[klikněte](JaVaScRiPt:{JS}) sem."),
    seg("md-javascript-entity", "classic", "ANY", f"[klikněte](&#106;avascript:{JS}) sem."),
    seg("md-javascript-hex-colon", "classic", "ANY", f"[klikněte](&#x6A;&#x61;vascript&colon;{JS}) sem."),
    seg("md-data-url", "classic", "ANY", f"[klikněte](data:text/html;charset=utf-8,%3Cscript%3E{JS}%3C/script%3E)"),
    seg("autolink-javascript", "classic", "ANY", f"Text <javascript:{JS}> dál."),
    seg("autolink-https", "classic", "ANY", f"Text <{EVIL}> dál."),
    seg("autolink-email", "classic", "ANY", f"Pište na <x{TOKEN}@evil.example>."),
    seg("details-ontoggle", "classic", "ANY", f'<details open ontoggle="{JS}">x</details>'),
    seg("style-hide", "classic", "ANY", f"<style>article,main{{display:none}}</style>{TOKEN}"),
    seg(
        "fixed-overlay",
        "classic",
        "ANY",
        f'<div style="position:fixed;inset:0;z-index:99;background:#fff">{TOKEN}</div>',
    ),  # fmt: skip
    seg("meta-refresh", "classic", "ANY", f'<meta http-equiv="refresh" content="0;url={EVIL}">'),
    seg("base-href", "classic", "ANY", f'<base href="{EVIL}/">Text.'),
    seg("object-embed", "classic", "ANY", f'<object data="javascript:{JS}"></object><embed src="{EVIL}">'),
    seg("form-action", "classic", "ANY", f'<form action="javascript:{JS}"><button>{TOKEN}</button></form>'),
    seg("mxss-math", "classic", "ANY", f'<math><mtext><table><mglyph><style><img src=x onerror="{JS}">'),
    seg("tag-case", "classic", "ANY", f'Text <IMG SRC=x OnError="{JS}"> dál.'),
    seg("tag-newline", "classic", "MID", f'Text <img src=x\nonerror="{JS}"> dál.'),
    seg("code-span", "classic", "ANY", f"Text `<script>{JS}</script>` dál.", report=False),
    seg("entities-text", "classic", "ANY", f"Text &lt;script&gt;{JS}&lt;/script&gt; dál.", report=False),
    # --- Python-Markdown attr_list syntax (markdown-it does not know it: it must stay text) ---
    seg("attr-heading", "attr_list", "HEADING", f'Přiřazení kontaktů {{: onclick="{JS}" }}', report=False),
    seg(
        "attr-link",
        "attr_list",
        "links",
        f'Použijte [multi-partner](multipartner.md){{: onclick="{JS}" }} a [multi-channel](multichannel.md).',
        report=False,
    ),  # fmt: skip
    seg(
        "attr-paragraph",
        "attr_list",
        "PARA_END",
        f'Text odstavce.\n{{: style="position:fixed;inset:0" data-x="{TOKEN}" }}',
        report=False,
    ),  # fmt: skip
    seg(
        "attr-emphasis",
        "attr_list",
        "step4",
        f'Zkontrolujte a vyberte **Zavřít**{{: onmouseover="{JS}" }}.',
        report=False,
    ),  # fmt: skip
    seg(
        "attr-href",
        "attr_list",
        "step1a",
        f'Začněte [vztahem](request-a-relationship-with-a-customer.md){{: href="javascript:{JS}" }} s prodejcem.',
    ),
    seg("attr-unclosed", "attr_list", "HEADING", f'Přiřazení {{: onclick="{JS}"', report=False),
    seg("attr-id-class", "attr_list", "ANY", f'Text {{#pwn .md-overlay onclick="{JS}"}}', report=False),
    seg(
        "attr-dialog-class",
        "attr_list",
        "HEADING",
        f'Přiřazení {{: .md-dialog style="position:fixed;inset:0" }} {TOKEN}',
        report=False,
    ),  # fmt: skip
    # --- link reference definitions ---
    seg("refdef-same-entry", "refdef", "PARA_END", f"[klikněte][h]\n\n[h]: javascript:{JS}"),
    Vector(
        "refdef-split-entries",
        "refdef",
        (
            Part("para1", f"Text {TOKEN}.\n\n[evil]: {EVIL}", report=False, visible=False),
            Part("ANY", "Použijte [multi-partner][evil] a dál."),
        ),
    ),  # fmt: skip
    seg("refdef-alone", "refdef", "PARA_END", f"Text {TOKEN}.\n\n[evil]: {EVIL}"),
    seg("refdef-paragraph-start", "refdef", "LINE_START", f"[evil]: {EVIL}\nText {TOKEN}."),
    Vector(
        "refdef-shortcut",
        "refdef",
        (
            Part("para1", f"Text {TOKEN}.\n\n[Office.com]: {EVIL}", report=False, visible=False),
            Part("para2b", f"Například přejděte na stránku [Office.com] {TOKEN}."),
        ),
    ),  # fmt: skip
    Vector(
        "refdef-phishing-title",
        "refdef",
        (
            Part("step4", f'Zkontrolujte {TOKEN}.\n\n[Close]: {EVIL} "Microsoft"', report=False, visible=False),
            Part("step2", f"V nabídce vyberte [Close][] a pak {TOKEN}."),
        ),
    ),  # fmt: skip
    # --- a URL scheme split by a newline (or by characters a browser drops) ---
    seg("newline-md-link", "newline-scheme", "MID", f"[klikněte](java\nscript:{JS}) sem."),
    seg("newline-raw-href", "newline-scheme", "MID", f'<a href="java\nscript:{JS}">klikněte</a>'),
    seg("newline-autolink", "newline-scheme", "MID", f"Text <java\nscript:{JS}> dál."),
    seg("newline-before-colon", "newline-scheme", "MID", f"[klikněte](javascript\n:{JS}) sem."),
    seg("newline-entity", "newline-scheme", "ANY", f"[klikněte](jav&#x0A;ascript:{JS}) sem."),
    seg("tab-entity", "newline-scheme", "ANY", f"[klikněte](java&Tab;script:{JS}) sem."),
    seg("tab-raw", "newline-scheme", "ANY", f"[klikněte](java\tscript:{JS}) sem."),
    seg("newline-refdef", "newline-scheme", "PARA_END", f"[klikněte][x]\n\n[x]:\njavascript:{JS}"),
    # --- code fences that would swallow the page ---
    seg("fence-after-newline", "fence", "PARA_END", f"Text {TOKEN}.\n```"),
    seg("fence-line-start", "fence", "LINE_START", f"```\nkód {TOKEN}"),
    seg("fence-tilde", "fence", "LINE_START", f"~~~js\n{TOKEN}"),
    # (no line feed at the end: a msgstr ending in one where its msgid does not is an invalid catalog,
    # refused whole by every command, which tests/test_catalog_commands.py covers)
    seg("fence-in-list", "fence", "step2", f"Text {TOKEN}.\n\n```"),
    seg("indented-code", "fence", "PARA_END", f"Text.\n\n    odsazený kód {TOKEN}"),
    seg("backtick-unpaired", "fence", "MID", f"Text ` {TOKEN} dál.", report=False),
    seg("fence-in-heading", "fence", "HEADING", f"Přiřazení ``` {TOKEN}", report=False),
    seg("fence-in-cell", "fence", "CELL", f"Buňka ``` {TOKEN}", report=False),
    # --- block structure: setext, HTML blocks, line starts, breaks ---
    seg("setext-h1", "blocks", "PARA_END", f"Text {TOKEN}.\n==="),
    seg("setext-h2", "blocks", "PARA_END", f"Text {TOKEN}.\n---"),
    seg("html-block", "blocks", "PARA_END", f'Text.\n<div onclick="{JS}">{TOKEN}</div>'),
    seg("html-block-line-start", "blocks", "LINE_START", f"<div>{TOKEN}</div>"),
    seg("atx-line-start", "blocks", "LINE_START", f"# Nadpis {TOKEN}", report=False),
    seg("quote-line-start", "blocks", "LINE_START", f"> Citace {TOKEN}", report=False),
    seg("list-line-start", "blocks", "LINE_START", f"1. Položka {TOKEN}", report=False),
    seg("indent-line-start", "blocks", "LINE_START", f"    odsazeno {TOKEN}", report=False),
    seg("atx-after-newline", "blocks", "MID", f"Text\n# Nadpis {TOKEN}"),
    seg("hard-break", "blocks", "MID", f"Text  \n{TOKEN} dál."),
    seg("blank-lines", "blocks", "PARA_END", f"Text.\n\n\n{TOKEN} nový odstavec."),
    seg("close-main", "blocks", "ANY", f"Text.</article></div></main><div>{TOKEN}</div>"),
    seg("unclosed-comment", "blocks", "MID", f"Text <!-- {TOKEN} dál.", report=False),
    Vector(
        "comment-across-entries",
        "blocks",
        (
            Part("step1a", f"Začněte {TOKEN} <!--"),
            Part("step1b", f"--> Vyjednat {TOKEN}.", report=False),
        ),
    ),  # fmt: skip
    # --- other hosts: images, changed link targets ---
    seg("image-other-host", "hosts", "ANY", f"Text ![logo]({EVIL}.png) dál."),
    seg("link-other-host", "hosts", "links", f"Použijte [multi-partner]({EVIL}) a [multi-channel](multichannel.md)."),
    seg("link-protocol-relative", "hosts", "MID", f"Text [vztah](//evil.example/{TOKEN}) dál."),
    seg("link-https-no-slashes", "hosts", "MID", f"Text [vztah](https:evil.example/{TOKEN}) dál."),
    seg(
        "link-backslashes",
        "hosts",
        "note3",
        f"Pokud ne, požádejte [o vztah](\\\\\\\\evil.example\\\\{TOKEN}).",
    ),  # fmt: skip
    seg(
        "link-title-added",
        "hosts",
        "links",
        f'Použijte [multi-partner](multipartner.md "{TOKEN}") a [multi-channel](multichannel.md).',
    ),  # fmt: skip
    seg("link-added", "hosts", "MID", f"Text [přihlaste se]({EVIL}) dál."),
    # --- DocFX constructs ---
    seg(
        "docfx-image-other-host",
        "docfx",
        "LINE_ALONE",
        f':::image type="content" source="{EVIL}.png" alt-text="Obrázek":::',
    ),  # fmt: skip
    seg(
        "docfx-image-javascript",
        "docfx",
        "LINE_ALONE",
        f':::image type="content" source="javascript:{JS}" alt-text="x":::',
    ),  # fmt: skip
    seg(
        "docfx-image-lightbox",
        "docfx",
        "LINE_ALONE",
        f':::image type="content" source="images/contacts.png" alt-text="Obrázek {TOKEN}" lightbox="{EVIL}":::',
    ),
    Vector(
        "docfx-image-across-entries",
        "docfx",
        (
            Part("step1a", f':::image type="content" source="{EVIL}.png"'),
            Part("step1b", 'alt-text="Obrázek":::', report=False),
        ),
    ),  # fmt: skip
    Vector(
        "docfx-complex-image-swallows",
        "docfx",
        (
            Part("step2", f':::image type="complex" source="images/contacts.png" alt-text="Obrázek {TOKEN}":::'),
            Part("step4", ":::image-end:::", report=False),
        ),
    ),  # fmt: skip
    seg("docfx-video", "docfx", "LINE_START", f"[!VIDEO {EVIL}]"),
    seg("docfx-video-quote", "docfx", "LINE_START", f"> [!VIDEO javascript:{JS}]"),
    seg("docfx-include", "docfx", "LINE_START", f"[!INCLUDE [{TOKEN}](../../../../etc/passwd)]"),
    seg("docfx-div", "docfx", "LINE_START", f'> [!div class="x onclick"]\n> {TOKEN}'),
    seg("docfx-noloc", "docfx", "ANY", f':::no-loc text="<img src=x onerror={JSN}>"::: dál.', report=False),
    # --- Unicode and the renderer's private-use characters ---
    seg("bidi-override", "unicode", "ANY", f"Přiřazení \u202e{TOKEN} txet\u202c.", report=False),
    seg("zero-width-scheme", "unicode", "ANY", f"[klikněte](java\u200bscript:{JS}) sem."),
    seg("homoglyph-scheme", "unicode", "ANY", f"[klikněte](\u0458avascript:{JS}) sem."),
    seg("raw-markers", "unicode", "ANY", f"Text \ue000{TOKEN}\ue001 \ue002docloc-walkthrough\ue003 dál.", report=False),
    seg("entity-walkthrough-marker", "unicode", "ANY", f"Text {TOKEN} &#xE002;docloc-walkthrough&#xE003; dál."),
    seg("entity-fallback-markers", "unicode", "MID", f"Text &#xE000;{TOKEN}&#xE001; dál.", report=False),
    seg("fullwidth-tags", "unicode", "ANY", f"\uff1cscript\uff1e{JS}\uff1c/script\uff1e", report=False),
    seg("very-long", "unicode", "ANY", "Dlouhý text bez značek. " * 6000 + f"<script>{JS}</script>"),
    # --- table cells ---
    Vector(
        "table-extra-pipe",
        "tables",
        (
            Part("cell1", f"Agent | {TOKEN}"),
            Part("cell2", f"Druhá buňka {TOKEN}b", report=False),  # pushed out of the row by the first part
        ),
    ),  # fmt: skip
    seg("table-header-extra-pipe", "tables", "cellh2", f"Úkol | {TOKEN}"),
    seg("table-escaped-pipe", "tables", "cell2", f"Přiřazuje \\| {TOKEN} kontakt", report=False),
    seg("table-cell-html", "tables", "CELL", f'<td onclick="{JS}">{TOKEN}'),
    seg("table-pipe-in-code", "tables", "CELL", f"`a | {TOKEN}`"),
    seg("table-new-row", "tables", "cell2", f"Přiřazuje\n| {TOKEN} | x |"),
    # --- the catalog read two ways: polib (the build) splits lines where the check's reader does not ---
    Vector(
        "hidden-reference", "catalog-parser", (Part("step1b", f"Vyjednat {TOKEN}.\n```", hide_reference=True),)
    ),  # fmt: skip
]

LICENSE = "https://creativecommons.org/licenses/by/4.0/"
COPYRIGHT = f'Content: Microsoft Docs contributors, <a href="{LICENSE}" rel="license">CC BY 4.0</a>'  # mkdocs.yml
UI_VECTORS: list[Vector] = [
    ui("site-name-tag", "site", "site_name", "Partner Center guides", f'Průvodci <img src=x onerror="{JS}">', True),
    ui(
        "site-name-entities",
        "site",
        "site_name",
        "Partner Center guides",
        f"Průvodci &lt;img src=x onerror={JSN}&gt;",
        False,
    ),  # fmt: skip
    ui("site-name-quote", "site", "site_name", "Partner Center guides", f'Průvodci" onmouseover="{JS}" x="', False),
    ui("status-title-tag", "site", "", "Translation status", f'Stav <img src=x onerror="{JS}">', True),
    ui(
        "status-title-breaks-title",
        "site",
        "",
        "Translation status",
        f"Stav &lt;/title&gt;&lt;img src=x onerror={JSN}&gt;",
        True,
    ),  # fmt: skip
    ui("palette-quote", "site", "palette", "Switch to dark mode", f'Tmavý" onmouseover="{JS}" x="', False),
    ui("alert-title", "site", "alert", "Note", f'Poznámka <img src=x onerror="{JS}">', True),
    ui("mt-notice", "site", "", "This page was translated by a machine.", f"Strojový <script>{JS}</script>", True),
    ui("mt-link", "site", "", "Read the English original", f'"><img src=x onerror="{JS}">', True),
    ui("search-label", "site", "search", "Search", f'Hledat" autofocus onfocus="{JS}" x="', False),
    ui("guides-heading", "site", "", "Guides", f'Návody <img src=x onerror="{JS}">', True),
    ui("not-found", "site", "", "Page not found", f'Nenalezeno <img src=x onerror="{JS}">', True),
    ui("status-total", "site", "", "All pages", f'Vše <img src=x onerror="{JS}">', True),
    ui(
        "attribution",
        "site",
        "",
        "Content: Microsoft Docs contributors, licensed CC BY 4.0.",
        f'Obsah <img src=x onerror="{JS}">',
        True,
    ),  # fmt: skip
    # the home page's texts are Markdown written by the site: DocFX's own syntax (":::image") must stay text too
    ui(
        "home-intro-docfx-image",
        "site",
        "home_intro",
        "Step-by-step guides for partners working in Microsoft Partner Center.",
        f':::image type="content" source="{EVIL}.png" alt-text="Obrázek" lightbox="javascript:{JSN}":::',
        False,
    ),  # fmt: skip
    ui(
        "site-name-docfx-inline-image",
        "site",
        "site_name",
        "Partner Center guides",
        f'Průvodci :::image type="content" source="{EVIL}.png" alt-text="x":::',
        False,
    ),  # fmt: skip
    ui(
        "guides-heading-new-line",
        "site",
        "",
        "Guides",
        f'Návody\n\n:::image type="content" source="{EVIL}.png" alt-text="x" lightbox="javascript:{JSN}":::',
        False,
    ),  # fmt: skip
    # the footer's licence text has markup, which the theme writes as raw HTML: judged as a browser reads it
    ui(
        "copyright-slash-attributes",
        "site",
        "copyright",
        COPYRIGHT,
        f'Obsah: přispěvatelé, <img/src="x"/onerror="{JSN}">CC BY 4.0</a>',
        True,
    ),  # fmt: skip
    ui(
        "copyright-slash-link",
        "site",
        "copyright",
        COPYRIGHT,
        f'Obsah: přispěvatelé, <a/href="{EVIL}" rel="license">CC BY 4.0</a>',
        True,
    ),  # fmt: skip
    ui(
        "copyright-unclosed-comment",
        "site",
        "copyright",
        COPYRIGHT,
        f'Obsah: přispěvatelé {TOKEN}, <a href="{LICENSE}" rel="license">CC BY 4.0</a> <!--',
        True,
    ),  # fmt: skip
    # the standard library's HTML parser keeps a repeated attribute's last value, a browser its first
    ui(
        "copyright-repeated-href",
        "site",
        "copyright",
        COPYRIGHT,
        f'Obsah: přispěvatelé {TOKEN}, <a href="{EVIL}" href="{LICENSE}" rel="license">CC BY 4.0</a>',
        True,
    ),  # fmt: skip
    ui("walkthrough-next", "walkthrough", "", "Next", f"</script><script>{JS}</script>", True),
    ui("walkthrough-json", "walkthrough", "", "Back", f'Zpět","labelledby":"x\\" onclick=\\"{JS}', False),
    ui("walkthrough-label", "walkthrough", "", "Walkthrough", f'Průvodce" onfocus="{JS}" x="', False),
    ui(
        "walkthrough-plural",
        "walkthrough",
        "",
        "Step %(current)d of %(total)d",
        tuple(f'<img src=x onerror="{JS}">Krok %(current)d z %(total)d' for _ in range(3)),
        True,
    ),  # fmt: skip
]

HEADER_SOURCE = "X-Docloc-Source"


def source_record(*lines: str, extra: dict | None = None) -> str:
    """An X-Docloc-Source value: the import's record, with literal front-matter lines added."""
    record = {"locale": "cs-CZ", "front_matter": [["t", "title", ": ", ""], ["=", "ms.topic"], *lines]}
    return json.dumps(record | (extra or {}), ensure_ascii=False, separators=(",", ":"))


FIELD_VECTORS: list[Vector] = [
    seg("title-closes-title", "fields", "title", f"Přiřazení </title><script>{JS}</script>"),
    seg(
        "description-attribute", "fields", "description", f'Popis" http-equiv="refresh" content="0;url={EVIL}'
    ),  # fmt: skip
    seg("title-jinja", "fields", "title", f"Přiřazení {{{{ config.extra }}}} {{% raw %}} {TOKEN}", report=False),
    Vector(
        "title-yaml-redirect",
        "fields",
        (Part("title", f"Přiřazení\rtemplate:\r  redirect.html\rlocation:\r  {EVIL}"),),
        kind="fields",
    ),  # fmt: skip
    Vector(
        "description-yaml-javascript",
        "fields",
        (Part("description", f"Popis\rtemplate:\r  redirect.html\rlocation:\r  \\x6aavascript:{JSN}"),),
        kind="fields",
    ),  # fmt: skip
    Vector(
        "title-yaml-breaks-front-matter",
        "fields",
        (Part("title", f"Přiřazení\r[Přihlaste se]({EVIL})\r{{"),),
        kind="fields",
    ),  # fmt: skip
    Vector(
        "description-yaml-hides",
        "fields",
        (
            Part(
                "description",
                f"Popis {TOKEN}\rhide:\r  - navigation\r  - toc\r  - footer\rsearch:\r  exclude:\r    true",
            ),
        ),
        kind="fields",
    ),  # fmt: skip
    Vector(
        "header-script-line",
        "header",
        (Part(f"header:{HEADER_SOURCE}", source_record(f"x: <script>{JS}</script>")),),
    ),  # fmt: skip
    Vector(
        "header-template-key",
        "header",
        (Part(f"header:{HEADER_SOURCE}", source_record("template: redirect.html", f"location: {EVIL}")),),
    ),  # fmt: skip
    Vector(
        "header-unknown-key",
        "header",
        (Part(f"header:{HEADER_SOURCE}", source_record(extra={"template": "redirect.html", "x": EVIL})),),
    ),  # fmt: skip
    Vector(
        "header-not-json",
        "header",
        (Part(f"header:{HEADER_SOURCE}", f'{{"front_matter": [<script>{JS}'),),
    ),  # fmt: skip
    Vector(
        "header-closing-line",
        "header",
        (Part(f"header:{HEADER_SOURCE}", source_record("---", f"<script>{JS}</script>")),),
    ),  # fmt: skip
    Vector(
        "header-content-locale",
        "header",
        (Part("header:X-MS-Content-Locale", f"x/../../..//evil.example/{TOKEN}"),),
    ),  # fmt: skip
]

SOLO_VECTORS: list[Vector] = [
    # Characters Python's str.splitlines() breaks at (polib reads catalogs with it; the check's reader does not).
    Vector("raw-line-separator", "catalog-parser", (Part("step1b", f"Vyjednat\u2028{TOKEN} smlouvu."),), "solo"),
    Vector("raw-next-line", "catalog-parser", (Part("step1b", f"Vyjednat\x85{TOKEN} smlouvu."),), "solo"),
]

CONFIG_VECTORS: list[Vector] = [
    Vector("external-base-javascript", "config", (), "config",
           {"plugins.docloc.external_base": "javascript:alert(1)//{slug}"}),
    Vector("external-base-case", "config", (), "config", {"plugins.docloc.external_base": "JaVaScRiPt:alert(1)"}),
    Vector("external-base-entity", "config", (), "config",
           {"plugins.docloc.external_base": "&#106;avascript:alert(1)"}),
    Vector("external-base-newline", "config", (), "config",
           {"plugins.docloc.external_base": "https://x.example/\njavascript:alert(1)"}),
    Vector("external-base-quote", "config", (), "config",
           {"plugins.docloc.external_base": 'https://x.example/{slug}" onmouseover="alert(1)'}),
    Vector("site-url-javascript", "config", (), "config", {"site_url": "javascript:alert(1)"}),
    Vector("site-url-data", "config", (), "config", {"site_url": "data:text/html,<script>alert(1)</script>"}),
    Vector("site-url-tag", "config", (), "config", {"site_url": "https://x.example/</script><script>alert(1)//"}),
]  # fmt: skip

# What got through when this suite was written: (vector or page, aspect) → why. A fix removes its lines.
FINDINGS: dict[tuple[str, str], str] = {}

ALL_VECTORS = [*SEGMENT_VECTORS, *UI_VECTORS, *FIELD_VECTORS, *SOLO_VECTORS, *CONFIG_VECTORS]
NUMBER = {vector.name: index for index, vector in enumerate(ALL_VECTORS, 1)}


def token(vector: Vector) -> str:
    return f"X{NUMBER[vector.name]}X"


def text_of(vector: Vector, part: Part) -> str | tuple[str, ...]:
    if isinstance(part.text, tuple):
        return tuple(t.replace(TOKEN, token(vector)) for t in part.text)
    return part.text.replace(TOKEN, token(vector))


# --- catalogs as text ------------------------------------------------------------------------------


def po_quote(value: str) -> str:
    """A PO string; only the escapes both polib and the check's reader know, every other character raw."""
    escaped = value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r")
    return '"' + escaped.replace("\t", "\\t") + '"'


@dataclass(frozen=True)
class Located:
    file: str  # project-relative PO path
    first: int  # 1-based line of the entry's first line (comments)
    last: int  # 1-based line of its last msgstr line


def locate(text: str, msgid: str, msgctxt: str | None) -> tuple[int, int, int]:
    """0-based (first line, msgid line, end line exclusive) of the entry."""
    lines = text.split("\n")
    key = f"msgid {po_quote(msgid)}"
    for index, line in enumerate(lines):
        if line != key:
            continue
        before = lines[index - 1] if index else ""
        context = before[len("msgctxt ") :] if before.startswith("msgctxt ") else None
        if context != (po_quote(msgctxt) if msgctxt else None):
            continue
        first = index - 1 if context else index
        while first > 0 and lines[first - 1].startswith("#"):
            first -= 1
        end = index + 1
        while end < len(lines) and lines[end].startswith(('"', "msgid_plural", "msgstr")):
            end += 1
        return first, index, end
    raise KeyError(f"no entry {msgctxt!r} {msgid!r}")


def set_translation(text: str, msgid: str, msgctxt: str | None, value: str | tuple[str, ...], hide: bool) -> str:
    """The catalog text with the entry's translation replaced (and its fuzzy flag removed).

    ``hide``: the entry's ``#:`` reference goes onto its extracted comment's line after a vertical tab,
    where polib (which splits lines with ``str.splitlines``) sees it and the check's reader does not.
    """
    lines = text.split("\n")
    first, index, end = locate(text, msgid, msgctxt)
    comments: list[str] = []
    for line in lines[first:index]:
        if line.startswith("#,"):
            flags = [f.strip() for f in line[2:].split(",") if f.strip() and f.strip() != "fuzzy"]
            line = "#, " + ", ".join(flags) if flags else ""
        if line.startswith("#"):
            comments.append(line)
    context = [line for line in lines[first:index] if line.startswith("msgctxt")]
    if hide:
        references = [c for c in comments if c.startswith("#:")]
        comments = [c + "\x0b" + references[0] if c.startswith("#.") else c for c in comments if c[:2] != "#:"]
    plural = [line for line in lines[index + 1 : end] if line.startswith("msgid_plural")]
    if isinstance(value, tuple):
        body = [f"msgstr[{n}] {po_quote(form)}" for n, form in enumerate(value)]
    else:
        body = [f"msgstr {po_quote(value)}"]
    return "\n".join(lines[:first] + comments + context + [lines[index], *plural, *body] + lines[end:])


def set_header(text: str, name: str, value: str) -> str:
    """The catalog text with one header field's value replaced (it must exist: line numbers stay)."""
    pattern = re.compile(rf'^"{re.escape(name)}: .*\\n"$', re.MULTILINE)
    quoted = po_quote(f"{name}: {value}")[:-1] + '\\n"'
    new, count = pattern.subn(lambda _: quoted, text, count=1)
    assert count == 1, f"no header {name}"
    return new


def add_appendix(project: Path) -> None:
    """The table and the image appended to the English page, with entries in the template and catalogs."""
    page = project / ENGLISH_PAGE
    text = page.read_text(encoding="utf-8") + APPENDIX
    page.write_text(text, encoding="utf-8")
    (project / "docs/en/images").mkdir(exist_ok=True)
    (project / "docs/en/images/contacts.png").write_bytes(PNG)
    lines = text.split("\n")

    def line_of(slot: str) -> int:
        mark = ENTRIES[slot] if slot == "h3" else f"| {ENTRIES[slot]} |"
        return next(i for i, line in enumerate(lines, 1) if mark in line and line.startswith(("##", "|")))

    for path, translations in [
        (project / "locales/templates" / f"{ARTICLE}.pot", None),
        *((project / "locales" / lang / "LC_MESSAGES" / PAGE_PO, APPENDIX_TRANSLATIONS[lang]) for lang in LANGUAGES),
    ]:
        blocks = []
        for slot in ("h3", "cellh1", "cellh2", "cell1", "cell2"):
            msgstr = translations[slot] if translations else ""
            blocks.append(
                f"#: {ENGLISH_PAGE}:{line_of(slot)}\nmsgid {po_quote(ENTRIES[slot])}\nmsgstr {po_quote(msgstr)}\n"
            )
        catalog = path.read_text(encoding="utf-8").rstrip("\n") + "\n\n" + "\n".join(blocks)
        path.write_text(catalog, encoding="utf-8")


# --- placing vectors into builds ------------------------------------------------------------------


@dataclass
class Placement:
    vector: Vector
    run: str
    language: str
    slots: tuple[str, ...]  # the concrete slot of each part


@dataclass
class Plan:
    """One build of the guide project with a set of vectors in it."""

    name: str
    kind: str  # clean | segments | fields | solo | config
    placements: list[Placement] = field(default_factory=list)
    used: dict[str, set[str]] = field(default_factory=lambda: {lang: set() for lang in LANGUAGES})

    def try_place(self, vector: Vector, language: str) -> bool:
        used = self.used[language]
        if vector.kind == "fields" and any(
            p.vector.kind == "fields" and p.language == language for p in self.placements
        ):  # a vector that takes the page over: one per page, so evidence stays attributable
            return False
        chosen: list[str] = []
        for part in vector.parts:
            free = [slot for slot in GROUPS.get(part.slot, (part.slot,)) if slot not in used and slot not in chosen]
            if not free:
                return False
            chosen.append(free[0])
        used.update(chosen)
        self.placements.append(Placement(vector, self.name, language, tuple(chosen)))
        return True


def allocate(vectors: list[Vector], prefix: str, kind: str, plans: list[Plan] | None = None) -> list[Plan]:
    """Vectors into as few builds as their slots allow, alternating the language they go to."""
    plans = plans if plans is not None else []
    # the most constrained first: a vector that fits anywhere takes what is left
    vectors = sorted(vectors, key=lambda v: (-len(v.parts), sum(len(GROUPS.get(p.slot, (p.slot,))) for p in v.parts)))
    for index, vector in enumerate(vectors):
        languages = LANGUAGES if index % 2 == 0 else LANGUAGES[::-1]
        for plan in plans:
            if any(plan.try_place(vector, language) for language in languages):
                break
        else:
            plan = Plan(f"{prefix}{len(plans) + 1}", kind)
            plans.append(plan)
            assert any(plan.try_place(vector, language) for language in languages), vector.name
    return plans


PLANS: list[Plan] = [
    Plan("clean", "clean"),
    *allocate([*UI_VECTORS, *[v for v in FIELD_VECTORS if v.kind != "fields"], *SEGMENT_VECTORS], "segments-",
              "segments"),
    *allocate([v for v in FIELD_VECTORS if v.kind == "fields"], "fields-", "fields"),
    *(allocate([vector], f"solo-{vector.name}-", "solo") for vector in SOLO_VECTORS),
    *(Plan(f"config-{vector.name}", "config", [Placement(vector, f"config-{vector.name}", "", ())])
      for vector in CONFIG_VECTORS),
]  # fmt: skip
PLANS = [plan for item in PLANS for plan in (item if isinstance(item, list) else [item])]
PLACEMENT = {p.vector.name: p for plan in PLANS for p in plan.placements}
STRICT_PLAN = "segments-1"
GUIDE = f"{ARTICLE}/"
UI_PAGES = ("", "translation-status/", "404.html", GUIDE)


def catalog_file(language: str, slot: str) -> tuple[str, str | None, str]:
    """(project-relative PO file, msgctxt, msgid) of a slot in a language."""
    if slot.startswith("ui:"):
        _, component, context, msgid = slot.split(":", 3)
        return f"locales/{language}/LC_MESSAGES/_ui/{component}.po", context or None, msgid
    file = f"locales/{language}/LC_MESSAGES/{PAGE_PO}"
    if slot in FIELDS:
        return file, slot, FIELDS[slot]
    return file, None, ENTRIES.get(slot, "")


def write_project(plan: Plan, target: Path) -> dict[tuple[str, int], Located]:
    """The guide project with the plan's vectors in its catalogs (or settings); where each part's entry is."""
    project = copy_project(target)
    add_appendix(project)
    edits: dict[str, list[tuple[Placement, int]]] = {}
    for placement in plan.placements:
        if placement.vector.config:
            config = project / "mkdocs.yml"
            text = config.read_text(encoding="utf-8")
            for key, value in placement.vector.config.items():
                name = key.rsplit(".", 1)[-1]  # site_url, or the docloc plugin's external_base
                setting = f"{name}: {json.dumps(value)}"  # a JSON string is a YAML double-quoted scalar
                text, count = re.subn(rf"^(\s*){name}: .*$", lambda m, s=setting: m.group(1) + s, text, count=1,
                                      flags=re.MULTILINE)  # fmt: skip
                assert count == 1, key
            config.write_text(text, encoding="utf-8")
        for index, slot in enumerate(placement.slots):
            edits.setdefault(catalog_file(placement.language, slot)[0], []).append((placement, index))
    located: dict[tuple[str, int], Located] = {}
    for file, changes in edits.items():
        path = project / file
        text = path.read_text(encoding="utf-8")
        for placement, index in changes:
            part, slot = placement.vector.parts[index], placement.slots[index]
            value = text_of(placement.vector, part)
            if slot.startswith("header:"):
                text = set_header(text, slot.split(":", 1)[1], str(value))
            else:
                _, context, msgid = catalog_file(placement.language, slot)
                text = set_translation(text, msgid, context, value, part.hide_reference)
        with open(path, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
        for placement, index in changes:
            slot = placement.slots[index]
            if slot.startswith("header:"):
                first, _, end = locate(text, "", None)
            else:
                _, context, msgid = catalog_file(placement.language, slot)
                first, _, end = locate(text, msgid, context)
            located[(placement.vector.name, index)] = Located(file, first + 1, end)
    return located


# --- running docloc ---------------------------------------------------------------------------------


def docloc(*args: str) -> subprocess.CompletedProcess:
    """``docloc`` in a new process, as a user runs it."""
    path = os.pathsep.join(filter(None, [str(ROOT / "tools"), os.environ.get("PYTHONPATH")]))
    env = dict(os.environ, PYTHONPATH=path, COLUMNS="200", NO_COLOR="1")
    return subprocess.run(
        [sys.executable, "-m", "docloc", *args], capture_output=True, text=True, env=env, timeout=900, check=False
    )


def docloc_here(*args: str) -> subprocess.CompletedProcess:
    """``docloc`` in this process (for commands that stop at the configuration: no start-up to pay)."""
    from docloc.cli import main

    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(list(args))
    return subprocess.CompletedProcess(["docloc", *args], code, out.getvalue(), err.getvalue())


@dataclass
class Run:
    """A plan built and checked: the project, the site, what docloc said, and what Chromium saw."""

    plan: Plan
    project: Path
    site: Path
    located: dict[tuple[str, int], Located]
    build: subprocess.CompletedProcess | None = None  # docloc build: the site the browser looks at
    strict: subprocess.CompletedProcess | None = None  # docloc build --strict (it stops after the first language
    check: subprocess.CompletedProcess | None = None  # with a warning, so it is not the site looked at)
    scans: dict[tuple[str, str], Scan] = field(default_factory=dict)  # (language, page path) → scan

    @property
    def findings(self) -> list[dict]:
        try:
            return json.loads(self.check.stdout)["findings"] if self.check else []
        except json.JSONDecodeError:
            return []

    def refused(self, vector: Vector, index: int) -> bool:
        """Whether the build log names the part's PO entry (a refused translation, published in English)."""
        where = self.located[(vector.name, index)]
        log = self.build.stderr if self.build else ""
        return any(f"{where.file}:{line}:" in log for line in range(where.first, where.last + 1))


# --- the browser ------------------------------------------------------------------------------------

PWNED_JS = """
(() => {
  let value;
  Object.defineProperty(window, '__pwned', {configurable: true, get() { return value; },
    set(x) { value = x; console.debug('docloc-pwned:' + x); }});
})();
"""
SHOW_ALL_JS = "() => { const b = document.querySelector('.docloc-wt__all'); if (b) b.click(); }"
SCAN_JS = r"""
() => {
  const main = document.querySelector('main');
  const article = document.querySelector('article') || main || document.body;
  // an element's tag and attribute names (title aside: Material titles a nav link whose text overflows)
  const names = el => [...el.attributes].map(a => a.name.toLowerCase()).filter(n => n !== 'title').sort();
  const sig = el => el.tagName.toLowerCase() + '[' + names(el).join(' ') + ']';
  const snippet = el => el.outerHTML.slice(0, 300);
  const outside = [], inArticle = [], handlers = [], scriptUrls = [], hosts = [], overlays = [], comments = [];
  const urlAttributes = ['href', 'src', 'action', 'formaction', 'xlink:href', 'data', 'poster', 'background', 'cite',
                         'ping'];
  for (const el of document.querySelectorAll('body *')) {
    if (!article.contains(el)) outside.push([sig(el), snippet(el)]);  // the page around the article
    else if (!el.closest('[lang="en"]')) inArticle.push([sig(el), snippet(el)]);
  }
  const vw = window.innerWidth, vh = window.innerHeight;
  for (const el of document.querySelectorAll('*')) {
    for (const a of el.attributes) {
      const name = a.name.toLowerCase();
      if (name.startsWith('on') || name === 'srcdoc') handlers.push(sig(el) + ' ' + name + '=' + a.value);
      const invisible = /[\u0000-\u0020\u007f-\u009f\u200b-\u200f\u2028-\u202e\u2060-\u2064\ufeff]/g;
      const bare = a.value.replace(invisible, '').toLowerCase();
      if (urlAttributes.includes(name) || name === 'srcset') {
        if (/^(javascript|vbscript|data|livescript):/.test(bare)) scriptUrls.push(sig(el) + ' ' + name + '=' + a.value);
        try {
          const u = new URL(a.value.split(/\s+/)[0], document.baseURI);
          if (u.host) hosts.push([u.host, u.href]);
        } catch (e) {}
      }
      if (name === 'http-equiv') scriptUrls.push(sig(el) + ' http-equiv=' + a.value + ' ' + el.getAttribute('content'));
    }
    if (el.closest && el.closest('head')) continue;
    const cs = getComputedStyle(el);
    if (cs.position === 'fixed' && cs.display !== 'none' && cs.visibility !== 'hidden' && +cs.opacity > 0) {
      const r = el.getBoundingClientRect();
      const w = Math.max(0, Math.min(r.right, vw) - Math.max(r.left, 0));
      const h = Math.max(0, Math.min(r.bottom, vh) - Math.max(r.top, 0));
      if (w * h > 0.25 * vw * vh) overlays.push([sig(el), snippet(el)]);
    }
  }
  const walker = document.createTreeWalker(article, NodeFilter.SHOW_COMMENT);
  while (walker.nextNode()) comments.push(walker.currentNode.data.trim());
  return {outside, inArticle, handlers, scriptUrls, hosts, overlays, comments,
          text: article.innerText || '', title: document.title, pwned: String(window.__pwned ?? '')};
}
"""
INTERACT_JS = r"""
async () => {
  const root = document.querySelector('article') || document.body;
  const types = ['pointerover', 'pointerenter', 'mouseover', 'mouseenter', 'mousemove', 'pointerdown', 'mousedown',
                 'pointerup', 'mouseup', 'focus', 'focusin', 'blur', 'focusout', 'mouseout', 'mouseleave', 'toggle',
                 'animationstart', 'transitionend', 'wheel', 'keydown', 'input', 'change'];
  for (const el of [root, ...root.querySelectorAll('*')]) {
    for (const type of types) { try { el.dispatchEvent(new Event(type, {bubbles: true})); } catch (e) {} }
    try { if (el.focus) el.focus(); } catch (e) {}
  }
  // links to web pages are followed no further than the click (their hosts are checked apart);
  // every other link (javascript:, data:, …) and every handler runs as a reader's click would run it
  document.addEventListener('click', event => {
    const link = event.target.closest && event.target.closest('a[href]');
    if (link && /^https?:$/.test(link.protocol)) event.preventDefault();
  }, true);
  for (const el of root.querySelectorAll('a, button, summary, input, label, area, details, [onclick], [tabindex]')) {
    try { el.click(); } catch (e) {}
  }
  await new Promise(resolve => setTimeout(resolve, 250));
}
"""


@dataclass
class Scan:
    """What one page of a built site did in Chromium: its state after load, and after every interaction."""

    url: str
    file_title: str
    data: dict
    pwned: list[str]
    dialogs: list[str]
    external: list[str]
    navigations: list[str]
    popups: list[str]
    title_after: str

    @property
    def text(self) -> str:
        return " ".join(str(self.data.get("text", "")).split())


def file_title(site: Path, path: str) -> str:
    file = site / (path if path.endswith(".html") else path + "index.html")
    match = re.search(r"<title>(.*?)</title>", file.read_text(encoding="utf-8"), re.S) if file.is_file() else None
    return " ".join(html.unescape(match.group(1)).split()) if match else ""


class Visitor:
    """One browser context for one built site: loads its pages one after another and records what each does.

    Requests to any host but the site's are recorded and refused; so is a navigation once a page has loaded
    (a redirect, a refresh). Every element of the article is then hovered, focused and clicked; links to web
    pages go no further than the click (their hosts are compared apart), every other link and handler runs.
    """

    def __init__(self, browser: object, base: str) -> None:
        self.base = base
        self.local = urlsplit(base).netloc
        self.context = browser.new_context(viewport={"width": 1280, "height": 900})  # type: ignore[attr-defined]
        self.context.route("**/*", self._route)
        self.context.on("page", self._popup)
        self.context.add_init_script(PWNED_JS)  # a payload's mark is reported even if it then replaces the page
        self.page: object | None = None
        self.phase = "load"
        self.record: dict[str, list[str]] = {}

    def _route(self, route: object, request: object) -> None:
        parts = urlsplit(request.url)  # type: ignore[attr-defined]
        if parts.scheme in ("http", "https", "ws", "wss") and parts.netloc != self.local:
            self.record["external"].append(request.url)  # type: ignore[attr-defined]
            route.abort("aborted" if request.is_navigation_request() else "failed")  # type: ignore[attr-defined]
        elif self.phase != "load" and request.is_navigation_request():  # type: ignore[attr-defined]
            if self.phase == "idle":
                self.record["navigations"].append(request.url)  # type: ignore[attr-defined]
            route.abort("aborted")  # type: ignore[attr-defined]  # the page under test stays
        else:
            route.continue_()  # type: ignore[attr-defined]

    def _popup(self, other: object) -> None:
        if self.page not in (None, "opening", other):
            self.record["popups"].append(other.url)  # type: ignore[attr-defined]

    def _console(self, message: object) -> None:
        if message.text.startswith("docloc-pwned:"):  # type: ignore[attr-defined]
            self.record["pwned"].append(message.text.split(":", 1)[1])  # type: ignore[attr-defined]

    def _dialog(self, item: object) -> None:
        self.record["dialogs"].append(item.message)  # type: ignore[attr-defined]
        item.dismiss()  # type: ignore[attr-defined]

    def scan(self, path: str, site: Path) -> Scan:
        """Load ``path``, record what it does, hover and click everything in its article, record again."""
        from playwright.sync_api import Error as PlaywrightError
        from playwright.sync_api import TimeoutError as PlaywrightTimeout

        self.record = {"external": [], "navigations": [], "dialogs": [], "popups": [], "pwned": []}
        self.phase = "load"
        if self.page is None:
            self.page = "opening"  # the context's "page" event for our own page is not a popup
            self.page = self.context.new_page()
            self.page.on("dialog", self._dialog)  # type: ignore[attr-defined]
            self.page.on("console", self._console)  # type: ignore[attr-defined]
        page = self.page
        data: dict = {}
        pwned: list[str] = []
        title_after = ""
        try:
            page.goto(self.base + path, wait_until="commit", timeout=20000)  # type: ignore[attr-defined]
            try:  # a page that navigates on load (and is stopped) never fires it
                page.wait_for_load_state("load", timeout=5000)  # type: ignore[attr-defined]
            except PlaywrightTimeout:
                self.record["navigations"].append("the page never finished loading (it tried to navigate away)")
            self.phase = "idle"
            page.wait_for_timeout(100)  # type: ignore[attr-defined]
            page.evaluate(SHOW_ALL_JS)  # type: ignore[attr-defined]
            data = page.evaluate(SCAN_JS)  # type: ignore[attr-defined]
            pwned.append(data.get("pwned", ""))
            self.phase = "interact"
            page.evaluate(INTERACT_JS)  # type: ignore[attr-defined]
            pwned[len(pwned) :], title_after = page.evaluate(  # type: ignore[attr-defined]
                "() => [[String(window.__pwned ?? '')], document.title]"
            )
        except PlaywrightError as error:
            self.record["navigations"].append(f"the page could not be examined: {error.message[:200]}")
            page.close()  # type: ignore[attr-defined]
            self.page = None
        record = self.record
        pwned = list(dict.fromkeys([*record["pwned"], *(p for p in pwned if p)]))
        return Scan(self.base + path, file_title(site, path), data, pwned, record["dialogs"],
                    record["external"], record["navigations"], record["popups"], title_after)  # fmt: skip

    def close(self) -> None:
        self.context.close()  # type: ignore[attr-defined]


def scan_site(browser: object, site: Path, paths: list[str]) -> dict[str, Scan]:
    """The pages of a built site, served on 127.0.0.1 and examined in one browser context."""
    server, base = serve(site)
    visitor = Visitor(browser, base)
    try:
        return {path: visitor.scan(path, site) for path in paths}
    finally:
        visitor.close()
        server.shutdown()


# --- what counts as harm ----------------------------------------------------------------------------

_TOKEN_NUMBER = re.compile(r"X(\d+)X")


def _new_elements(mine: list, theirs: list) -> list[str]:
    """Elements (signature, HTML) of ``mine`` beyond the clean build's, shown by their HTML."""
    extra = Counter(sig for sig, _ in mine) - Counter(sig for sig, _ in theirs)
    known = {snippet for _, snippet in theirs}
    found = []
    for sig, count in extra.items():
        snippets = [snippet for s, snippet in mine if s == sig]
        fresh = [snippet for snippet in snippets if snippet not in known] or snippets
        found += [f"{sig} {snippet}" for snippet in fresh[:count]]
    return found


def evidence(scan: Scan, clean: Scan | None) -> list[str]:
    """Everything a page did or has that it must not: scripts, requests, navigation, new markup."""
    items = [f"a script ran: window.__pwned = {value!r}" for value in dict.fromkeys(scan.pwned)]
    items += [f"a dialog opened: {message!r}" for message in scan.dialogs]
    items += [f"a request left 127.0.0.1: {url}" for url in scan.external]
    items += [f"the page navigated: {url}" for url in scan.navigations]
    items += [f"a window opened: {url}" for url in scan.popups]
    data = scan.data
    if not data:
        return items
    title = " ".join(str(data.get("title", "")).split())
    if title != scan.file_title:
        items.append(f"document.title is {title!r}, not the page's <title> {scan.file_title!r}")
    if scan.title_after and " ".join(scan.title_after.split()) != title:
        items.append(f"document.title changed to {scan.title_after!r} after hovering and clicking")
    if clean is None or not clean.data:
        return items
    theirs = clean.data
    items += [
        f"an element outside the article the clean build lacks: {x}"
        for x in _new_elements(data["outside"], theirs["outside"])
    ]
    items += [
        f"an element in the article the clean build lacks: {x}"
        for x in _new_elements(data["inArticle"], theirs["inArticle"])
        if not x.startswith(("span[lang] ", "strong[] ", "em[] ", "code[] "))  # English fallbacks, emphasis
    ]
    items += [f"an event handler: {x}" for x in Counter(data["handlers"]) - Counter(theirs["handlers"])]
    items += [f"a script URL: {x}" for x in Counter(data["scriptUrls"]) - Counter(theirs["scriptUrls"])]
    items += [
        f"a fixed overlay over > 25 % of the viewport: {x}" for x in _new_elements(data["overlays"], theirs["overlays"])
    ]
    local, clean_local = urlsplit(scan.url).netloc, urlsplit(clean.url).netloc
    clean_hosts = {host.replace(clean_local, "127.0.0.1") for host, _ in theirs["hosts"]}
    for host, href in data["hosts"]:
        if host.replace(local, "127.0.0.1") not in clean_hosts:
            items.append(f"a link or resource on another host: {href}")
    items += [
        f"an HTML comment in the article: <!--{x}-->" for x in Counter(data["comments"]) - Counter(theirs["comments"])
    ]
    return items  # fmt: skip


def attributed(item: str) -> set[int]:
    return {int(n) for n in _TOKEN_NUMBER.findall(item)}


def plain(markdown: str) -> str:
    """The text a reader sees of a piece of Markdown (as the site's parser reads it)."""
    from docloc.markdown.parser import parse_inline

    parts = []
    for item in parse_inline(markdown):
        if item.type in ("text", "code_inline", "text_special", "docfx_noloc"):
            parts.append(item.content)
        elif item.type in ("softbreak", "hardbreak"):
            parts.append(" ")
    return " ".join("".join(parts).split())


def clean_translations(project: Path, language: str) -> dict[str, str]:
    """The clean catalog's translation of every segment slot."""
    text = (project / "locales" / language / "LC_MESSAGES" / PAGE_PO).read_text(encoding="utf-8")
    lines = text.split("\n")
    found = {}
    for slot, msgid in ENTRIES.items():
        _, _, end = locate(text, msgid, None)
        found[slot] = json.loads(lines[end - 1][len("msgstr ") :])
    return found


def hidden_segments(text: str, clean_text: str, translations: dict[str, str], skip: set[str]) -> list[str]:
    """Segments (not attacked here) whose clean translation shows in the clean build but not here."""
    hidden = []
    for slot, translation in translations.items():
        shown = plain(translation)
        if slot not in skip and shown and shown in clean_text and shown not in text:
            hidden.append(f"the text of {slot!r} ({shown[:60]!r}) is no longer visible in the article")
    return hidden


# --- the campaign: every plan built, checked and browsed once ------------------------------------------


@dataclass
class Campaign:
    runs: dict[str, Run]
    seconds: float

    @property
    def clean(self) -> Run:
        return self.runs["clean"]

    def run_of(self, vector: Vector) -> tuple[Run, Placement]:
        placement = PLACEMENT[vector.name]
        return self.runs[placement.run], placement


def pages_to_scan(plan: Plan) -> list[tuple[str, str]]:
    if plan.kind == "clean":
        return [(lang, path) for lang in LANGUAGES for path in UI_PAGES]
    pages: dict[tuple[str, str], None] = {}
    for placement in plan.placements:
        if not placement.language:
            continue
        ui_part = any(slot.startswith("ui:") for slot in placement.slots)
        for path in UI_PAGES if ui_part else (GUIDE,):
            pages[(placement.language, path)] = None
    return list(pages)


@pytest.fixture(scope="module")
def campaign(tmp_path_factory: pytest.TempPathFactory, browser: object) -> Iterator[Campaign]:
    """Every plan written, built with ``--strict`` and checked (in parallel), then browsed page by page."""
    started = time.perf_counter()
    root = tmp_path_factory.mktemp("attacks")
    runs: dict[str, Run] = {}
    for plan in PLANS:
        project = root / plan.name / "project"
        runs[plan.name] = Run(plan, project, root / plan.name / "site", write_project(plan, project))
    for run in runs.values():  # settings are refused before anything is read: in this process
        if run.plan.kind == "config":
            run.check = docloc_here("check", "--project", str(run.project), "--format", "json")
            run.build = docloc_here("build", "--project", str(run.project), "--site-dir", str(run.site))
            run.strict = run.build
    timing = {"configuration": time.perf_counter() - started}
    with ThreadPoolExecutor(max_workers=max(2, os.cpu_count() or 2)) as pool:
        builds = {
            name: pool.submit(docloc, "build", "--project", str(run.project), "--site-dir", str(run.site))
            for name, run in runs.items()
            if run.plan.kind != "config"
        }
        stricts = {  # --strict turns the log's warnings into exit 2: shown on the clean build and one with refusals
            name: pool.submit(
                docloc, "build", "--project", str(run.project), "--site-dir", str(run.site) + "-strict", "--strict"
            )
            for name, run in runs.items()
            if name in ("clean", STRICT_PLAN)
        }
        checks = {name: pool.submit(docloc, "check", "--project", str(run.project), "--format", "json")
                  for name, run in runs.items() if run.plan.kind != "config"}  # fmt: skip
        for name, run in runs.items():
            if name in builds:
                run.build, run.check = builds[name].result(), checks[name].result()
                run.strict = stricts[name].result() if name in stricts else None
    timing["builds and checks"] = time.perf_counter() - started - sum(timing.values())
    for run in runs.values():
        wanted = pages_to_scan(run.plan)
        if not wanted or not (run.site / "index.html").is_file():
            continue
        scans = scan_site(browser, run.site, [f"{language}/{path}" for language, path in wanted])
        run.scans = {(language, path): scans[f"{language}/{path}"] for language, path in wanted}
    seconds = time.perf_counter() - started
    timing["browser"] = seconds - sum(timing.values())
    spent = ", ".join(f"{name} {value:.1f} s" for name, value in timing.items())
    print(f"\nsecurity campaign: {len(PLANS)} projects, {len(ALL_VECTORS)} vectors, {seconds:.1f} s ({spent})")
    yield Campaign(runs, seconds)
    if os.environ.get("DOCLOC_KEEP_ATTACKS"):
        shutil.copytree(root, os.environ["DOCLOC_KEEP_ATTACKS"], dirs_exist_ok=True)


def params(vectors: list[Vector], aspect: str) -> list:
    """Vectors as test parameters; those in FINDINGS for this aspect are expected to fail (strictly)."""
    found = []
    for vector in vectors:
        reason = FINDINGS.get((vector.name, aspect))
        marks = [pytest.mark.xfail(strict=True, reason=reason)] if reason else []
        found.append(pytest.param(vector, id=vector.name, marks=marks))
    return found


def is_segment(slot: str) -> bool:
    return slot in ENTRIES


REPORTED = [v for v in ALL_VECTORS if v.kind != "config" and any(p.report for p in v.parts)]
REFUSABLE = [
    v for v in ALL_VECTORS
    if v.kind != "config" and any(p.report and is_segment(PLACEMENT[v.name].slots[i]) for i, p in enumerate(v.parts))
]  # fmt: skip
BROWSED = [v for v in ALL_VECTORS if v.kind not in ("config", "solo")]
SCANNED_PAGES = [
    pytest.param(
        plan.name,
        language,
        path,
        id=f"{plan.name}-{language}-{path or 'home'}",
        marks=[pytest.mark.xfail(strict=True, reason=reason)]
        if (reason := FINDINGS.get((f"{plan.name}-{language}-{path}", "page")))
        else [],
    )
    for plan in PLANS
    if plan.kind == "segments"  # a "fields" page has one vector: its evidence is that vector's
    for language, path in pages_to_scan(plan)
]


# --- the tests ----------------------------------------------------------------------------------------


def test_clean_build_is_clean(campaign: Campaign) -> None:
    """The baseline: the guide with its table and image builds strictly, checks without errors, runs no script."""
    clean = campaign.clean
    for build in (clean.build, clean.strict):
        assert build is not None and build.returncode == 0, build.stderr if build else ""
    errors = [f for f in clean.findings if f["severity"] == "error"]
    assert clean.check and clean.check.returncode == 0 and not errors, errors or clean.check.stderr
    for key, scan in clean.scans.items():
        assert scan.data, f"{key}: not examined: {scan.navigations}"
        assert evidence(scan, None) == [], f"{key}: {evidence(scan, None)}"


@pytest.mark.parametrize("vector", params(REPORTED, "check"))
def test_check_reports_vector(campaign: Campaign, vector: Vector) -> None:
    """``docloc check`` gives an error at the vector's PO entry (or refuses the catalog, naming it)."""
    run, placement = campaign.run_of(vector)
    assert run.check is not None
    missing = []
    for index, part in enumerate(vector.parts):
        if not part.report:
            continue
        where = run.located[(vector.name, index)]
        if run.check.returncode == 2 and where.file in run.check.stderr:
            continue
        errors = [f for f in run.findings if f["severity"] == "error" and f["file"] == where.file]
        header = placement.slots[index].split(":", 1)[1] if placement.slots[index].startswith("header:") else None
        if header and any(header in f["message"] for f in errors):
            continue
        if not any(where.first <= f["line"] <= where.last and f["line"] > 0 for f in errors):
            missing.append(f"{where.file}:{where.first}-{where.last} ({placement.slots[index]})")
    assert not missing, (
        f"docloc check is silent about {missing} (exit {run.check.returncode}: {run.check.stderr[-300:]})"
    )


@pytest.mark.parametrize("vector", params(REFUSABLE, "build"))
def test_build_refuses_vector(campaign: Campaign, vector: Vector) -> None:
    """``docloc build`` publishes the segment in English and says so; ``--strict`` then fails."""
    run, placement = campaign.run_of(vector)
    assert run.build is not None
    if run.build.returncode == 2 and "not a valid PO file" in run.build.stderr:
        return  # the catalog is refused as a whole, naming it
    published = []
    for index, part in enumerate(vector.parts):
        if part.report and is_segment(placement.slots[index]) and not run.refused(vector, index):
            published.append(f"{run.located[(vector.name, index)].file}:{run.located[(vector.name, index)].first}")
    assert not published, f"the build published {published} without a word"
    assert re.search(r"^WARNING: .*\.po:\d+: .*the English is published instead", run.build.stderr, re.M)
    if run.strict is not None:
        assert run.strict.returncode != 0, "docloc build --strict passed although the build refused a translation"


@pytest.mark.parametrize("vector", params(BROWSED, "browser"))
def test_vector_harmless_in_chromium(campaign: Campaign, vector: Vector) -> None:
    """On every page the vector reaches: nothing attributed to it runs, loads, navigates or shows as markup;
    a refused segment shows its English, a published one shows its whole text."""
    run, placement = campaign.run_of(vector)
    number = NUMBER[vector.name]
    paths = UI_PAGES if any(s.startswith("ui:") for s in placement.slots) else (GUIDE,)
    problems = []
    for path in paths:
        scan = run.scans.get((placement.language, path))
        assert scan is not None, f"{path} was not built (build exit {run.build.returncode if run.build else None})"
        clean = campaign.clean.scans[(placement.language, path)]
        # a vector that takes its page over is alone on it (one per page): all the page's evidence is its
        problems += [f"/{placement.language}/{path}: {item}" for item in evidence(scan, clean)
                     if number in attributed(item) or (vector.kind == "fields" and not attributed(item))]  # fmt: skip
    guide = run.scans[(placement.language, GUIDE)]
    for index, part in enumerate(vector.parts):
        slot = placement.slots[index]
        if not is_segment(slot):
            continue
        if run.refused(vector, index):
            english = plain(ENTRIES[slot])
            if english not in guide.text:
                problems.append(f"{slot}: refused, but its English is not on the page: {english[:80]!r}")
        elif part.visible:
            for found in sorted(set(re.findall(r"X\d+X[a-z]*", str(text_of(vector, part))))):
                if not re.search(rf"{found}(?![a-z])", guide.text):
                    problems.append(f"{slot}: published, but {found} is not visible text (markup, hidden, or gone)")
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize(("run_name", "language", "path"), SCANNED_PAGES)
def test_page_otherwise_unchanged(campaign: Campaign, run_name: str, language: str, path: str) -> None:
    """Nothing on the page that no vector's token explains: no new markup, overlays or hosts, no hidden text."""
    run = campaign.runs[run_name]
    scan, clean = run.scans[(language, path)], campaign.clean.scans[(language, path)]
    problems = [item for item in evidence(scan, clean) if not attributed(item)]
    if path == GUIDE:
        attacked = {s for p in run.plan.placements if p.language == language for s in p.slots}
        translations = clean_translations(campaign.clean.project, language)
        problems += hidden_segments(scan.text, clean.text, translations, attacked)
    assert not problems, "\n".join(problems)


def test_strict_build_fails_on_refusals(campaign: Campaign) -> None:
    """A build that refused translations (its log names each entry, as a warning) fails with ``--strict``."""
    run = campaign.runs[STRICT_PLAN]
    assert run.build is not None and run.strict is not None
    assert run.build.returncode == 0, run.build.stderr[-500:]
    assert re.search(r"^WARNING: .*\.po:\d+: .*the English is published instead", run.build.stderr, re.M)
    assert run.strict.returncode == 2, run.strict.stderr[-500:]
    assert "strict mode" in run.strict.stderr


@pytest.mark.parametrize("vector", params(CONFIG_VECTORS, "config"))
def test_config_vector_refused(campaign: Campaign, vector: Vector) -> None:
    """A script or non-web URL in a URL setting: both commands stop with exit 2, naming the setting."""
    run = campaign.runs[f"config-{vector.name}"]
    assert vector.config is not None
    key = next(iter(vector.config)).rsplit(".", 1)[-1]
    for command in (run.check, run.build):
        assert command is not None
        assert command.returncode == 2, f"exit {command.returncode}: {command.stderr[-400:]}"
        assert key in command.stderr and "Traceback" not in command.stderr, command.stderr[-400:]


def test_harness_detects_script_execution(campaign: Campaign, browser: object, tmp_path: Path) -> None:
    """The browser checks can fail: a clean page with a script, a foreign image, an overlay, hidden text and an
    element outside the article injected into its HTML file after the build is flagged for each of them."""
    site = tmp_path / "site"
    shutil.copytree(campaign.clean.site, site)
    page = site / "cs" / GUIDE / "index.html"
    text = page.read_text(encoding="utf-8")
    injected = (
        '<img src=x onerror="top.__pwned=\'X0X\'"><img src="https://evil.example/X0X.png">'
        '<div style="position:fixed;inset:0;background:#fff"></div><style>article ol{display:none !important}</style>'
    )
    text = text.replace("</article>", injected + "</article>", 1).replace("<body", "<aside id=x></aside><body", 1)
    page.write_text(text, encoding="utf-8")
    scan = scan_site(browser, site, [f"cs/{GUIDE}"])[f"cs/{GUIDE}"]
    clean = campaign.clean.scans[("cs", GUIDE)]
    found = "\n".join(evidence(scan, clean))
    for expected in ("a script ran: window.__pwned = 'X0X'", "a request left 127.0.0.1: https://evil.example/X0X.png",
                     "a fixed overlay", "an event handler", "an element outside the article"):  # fmt: skip
        assert expected in found, f"the harness missed {expected!r}:\n{found}"
    hidden = hidden_segments(scan.text, clean.text, clean_translations(campaign.clean.project, "cs"), set())
    assert any("'step2'" in item for item in hidden), hidden


@pytest.mark.parametrize(
    "lightbox",
    ["javascript:alert(1)", "JaVaScRiPt:alert(1)", "&#106;avascript:alert(1)", "java&#9;script:alert(1)",
     "&#1;javascript:alert(1)", "vbscript:msgbox(1)", "data:text/html,<script>alert(1)</script>"],
)  # fmt: skip
def test_docfx_image_never_writes_a_script_url(lightbox: str) -> None:
    """The grammar's ``:::image`` writes no script URL into ``href`` or ``src``, however it is spelled (as
    markdown-it refuses them in Markdown's links): the generated pages and includes have no safety rule."""
    from docloc.markdown.render import render_document

    for construct in (
        f':::image type="content" source="images/a.png" alt-text="x" lightbox="{lightbox}":::',
        f':::image type="content" source="{lightbox}" alt-text="x":::',
    ):
        html_text = render_document(construct).html
        urls = [html.unescape(u) for u in re.findall(r'(?:href|src)="([^"]*)"', html_text)]
        bare = [re.sub(r"[\x00-\x20\x7f]", "", url).lower() for url in urls]
        assert not [u for u in bare if re.match(r"(javascript|vbscript|data):", u)], html_text


@pytest.mark.parametrize(
    "translation",
    [
        "**b** " + " " * 30000 + ":",  # script_schemes: a scheme after a run of spaces
        '"**b** ' + "a" * 30000 + "=",  # field_refusal: an attribute name after a quote
    ],
    ids=["spaces-before-colon", "long-name-after-quote"],
)
def test_safety_rule_takes_linear_time(translation: str) -> None:
    """A long run of one character is read once: the rule's patterns took quadratic time on one (30 000 spaces
    and a colon: 13 s), and an interface text (the copyright, judged by every build) has no length limit."""
    from docloc.checks.safety import field_refusal, segment_refusal

    started = time.perf_counter()
    segment_refusal("Text.", translation)
    field_refusal("Title of the page", translation)
    assert time.perf_counter() - started < 2.0


def test_title_taken_from_the_heading_stays_text_in_title(tmp_path: Path) -> None:
    """A page whose front matter has no title is titled by its H1; a translated H1 may hold entities (text on
    the page), which Material's ``striptags`` decoded into live markup in ``<title>`` for such a page."""
    project = copy_project(tmp_path / "project")
    page = project / ENGLISH_PAGE
    text = page.read_text(encoding="utf-8")
    page.write_text(text.replace("\ntitle: ", "\nms.heading: ", 1), encoding="utf-8")  # same lines, no title
    catalog = project / "locales" / "cs" / "LC_MESSAGES" / PAGE_PO
    heading = "Přiřazení &lt;/title&gt;&lt;img src=x onerror=alert(1)&gt;"
    catalog.write_text(
        set_translation(catalog.read_text(encoding="utf-8"), ENTRIES["h1"], None, heading, False), encoding="utf-8"
    )
    result = docloc("build", "--project", str(project), "--site-dir", str(tmp_path / "site"))
    assert result.returncode == 0, result.stderr[-500:]
    built = (tmp_path / "site" / "cs" / GUIDE / "index.html").read_text(encoding="utf-8")
    titles = re.findall(r"<title>(.*?)</title>", built, re.S)
    assert len(titles) == 1 and "<" not in titles[0], titles
    assert html.unescape(titles[0]).startswith("Přiřazení </title><img"), titles  # the text, shown as text
