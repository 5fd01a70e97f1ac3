"""The interactive walkthrough: a writer's numbered list, one step at a time, in every language.

A writer opts a numbered list in by putting the marker line ``<!-- docloc: walkthrough -->``
directly before it in the English page (in place of the blank line before the list, so the
catalogs' line references stay valid). Translated pages are rendered from the English page's
skeleton, so the marker reaches every language. At build time :func:`enhance_page` wraps each
marked ``<ol>`` in a container that ``assets/walkthrough.js`` turns into the component; the
list itself is left byte for byte as rendered, so without JavaScript, in print and in search
it is the plain list. Interface strings come from the ``walkthrough`` interface catalog
(``locales/<lang>/LC_MESSAGES/_ui/walkthrough.po``); plural forms are resolved here, in
Python, so the browser never evaluates catalog text.
"""

from __future__ import annotations

import gettext
import html as html_lib
import json
import logging
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import polib

from ..catalog import conventions as cat
from ..catalog.po import read_catalog
from ..catalog.states import is_fuzzy
from ..errors import DoclocError
from ..locales import gettext_language, plural_forms
from ..project import Project
from ..stamps import Stamp, stamp

COMPONENT = "walkthrough"
MARKER = "<!-- docloc: walkthrough -->"
MARKER_PATTERN = re.compile(r"<!--\s*docloc:\s*walkthrough\s*-->", re.IGNORECASE)
# The placeholders a numbered interface string may use (Python named format, ``%(total)d``).
PLACEHOLDERS = frozenset({"current", "total", "done", "n"})
_PLACEHOLDER = re.compile(r"%\((\w+)\)d")
_LIST_TAG = re.compile(r"<(/?)(ol|ul|li)\b[^>]*>", re.IGNORECASE)
_HEADING_BEFORE = re.compile(
    r"<h[1-6]\b[^>]*\bid=\"([^\"]+)\"[^>]*>(?:(?!<h[1-6]\b).)*?</h[1-6]>\s*$", re.IGNORECASE | re.DOTALL
)
_ID_ATTRIBUTE = re.compile(r"\bid=\"([^\"]*)\"")

log = logging.getLogger("mkdocs.plugins.docloc.walkthrough")


@dataclass(frozen=True)
class UiMessage:
    """One interface string: its key in the browser, English text, and a note for translators."""

    key: str
    msgid: str
    comment: str
    msgid_plural: str = ""
    count: str = ""  # for plural messages: the placeholder that chooses the plural form


# The source of truth for walkthrough.pot (a test keeps the template in step with it).
UI_MESSAGES: tuple[UiMessage, ...] = (
    UiMessage("label", "Walkthrough", "Accessible name of the walkthrough when no heading precedes it."),
    UiMessage("back", "Back", "Button: go to the previous step."),
    UiMessage("next", "Next", "Button: go to the next step."),
    UiMessage("finish", "Finish", "Button on the last step: finish the walkthrough."),
    UiMessage("done", "Done", "Toggle button in each step: the reader marks the step as done."),
    UiMessage("start_again", "Start again", "Button: clear the done marks and go back to the first step."),
    UiMessage("show_all", "Show all steps", "Toggle button: show the whole list instead of one step at a time."),
    UiMessage(
        "step_of",
        "Step %(current)d of %(total)d",
        "Status above the current step; the form is chosen by %(total)d.",
        "Step %(current)d of %(total)d",
        "total",
    ),
    UiMessage(
        "step_n",
        "Step %(n)d",
        "Accessible name of the button that goes to step %(n)d.",
        "Step %(n)d",
        "n",
    ),
    UiMessage(
        "steps_done",
        "%(done)d of %(total)d step done",
        "Progress of the done marks; the form is chosen by %(total)d.",
        "%(done)d of %(total)d steps done",
        "total",
    ),
    UiMessage(
        "complete",
        "You have completed the only step.",
        "Shown when every step is marked done; the form is chosen by %(total)d.",
        "You have completed all %(total)d steps.",
        "total",
    ),
)


def enhance_page(html: str, language: str, project: Project) -> str:
    """Wrap every list a writer marked for a walkthrough; pages without the marker are returned as is."""
    if not MARKER_PATTERN.search(html):
        return html
    strings: UiStrings | None = None
    out: list[str] = []
    position = 0
    index = 0
    used_ids = set(_ID_ATTRIBUTE.findall(html))
    for marker in MARKER_PATTERN.finditer(html):
        if marker.start() < position:
            continue  # a marker inside a list already wrapped
        found = _marked_list(html, marker.end())
        if found is None:
            log.warning(
                "the walkthrough marker %r after %r is not directly followed by a numbered list (<ol>); "
                "put it on the line right before the list's first item",
                MARKER,
                _text_before(html, marker.start()),
            )
            continue
        start, end = found
        if strings is None:
            strings = ui_strings(project, language)
        index += 1
        prefix = _step_id_prefix(index, used_ids)
        out.append(html[position:start])
        out.append(_wrap_list(html[start:end], index, prefix, _heading_id(html[: marker.start()]), strings))
        position = end
    out.append(html[position:])
    return "".join(out)


def _marked_list(html: str, after: int) -> tuple[int, int] | None:
    """The span of the ``<ol>…</ol>`` right after a marker (only whitespace between), or None."""
    match = re.compile(r"\s*(<ol\b[^>]*>)", re.IGNORECASE).match(html, after)
    if not match:
        return None
    depth = 0
    for tag in _LIST_TAG.finditer(html, match.start(1)):
        name = tag.group(2).lower()
        if name == "li":
            continue
        depth += -1 if tag.group(1) else 1
        if depth == 0:
            return match.start(1), tag.end()
    return None


def _heading_id(before: str) -> str | None:
    """The id of the heading right before the marker: it names the walkthrough for screen readers."""
    match = _HEADING_BEFORE.search(before[-2000:])
    return match.group(1) if match else None


def _text_before(html: str, at: int) -> str:
    text = re.sub(r"<[^>]+>", " ", html[max(0, at - 300) : at])
    return " ".join(text.split())[-80:]


def _step_id_prefix(index: int, used_ids: set[str]) -> str:
    """``step`` for the page's first walkthrough (``#step-3`` links), a distinct prefix for others."""
    prefix = "step" if index == 1 else f"walkthrough-{index}-step"
    while any(i.startswith(prefix + "-") for i in used_ids):
        prefix = "docloc-" + prefix
    return prefix


def _wrap_list(fragment: str, index: int, prefix: str, heading_id: str | None, strings: UiStrings) -> str:
    """The list with ids on its own items, inside the container the script enhances."""
    parts: list[str] = []
    position = 0
    depth = 0
    step = 0
    for tag in _LIST_TAG.finditer(fragment):
        closing, name = tag.group(1), tag.group(2).lower()
        if name != "li":
            if not closing and depth == 0:
                parts.append(fragment[position : tag.start()] + _add_attributes(tag.group(0), "docloc-wt__list", {}))
                position = tag.end()
            depth += -1 if closing else 1
        elif not closing and depth == 1:
            step += 1
            attributes = {"data-docloc-step": str(step)}
            if not _ID_ATTRIBUTE.search(tag.group(0)):
                attributes["id"] = f"{prefix}-{step}"
            parts.append(
                fragment[position : tag.start()] + _add_attributes(tag.group(0), "docloc-wt__step", attributes)
            )
            position = tag.end()
    parts.append(fragment[position:])
    data = strings.for_steps(step) | {
        "language": strings.language,
        "index": index,
        "steps": step,
        "prefix": prefix,
        "labelledby": heading_id,
    }
    payload = html_lib.escape(json.dumps(data, ensure_ascii=False, separators=(",", ":")), quote=True)
    return f'<div class="docloc-wt" data-docloc-walkthrough="{payload}">' + "".join(parts) + "</div>"


def _add_attributes(tag: str, css_class: str, attributes: dict[str, str]) -> str:
    """Add a class and attributes to an opening tag, keeping the attributes it has."""
    match = re.search(r"\bclass=\"([^\"]*)\"", tag)
    if match:
        tag = tag[: match.start(1)] + f"{match.group(1)} {css_class}".strip() + tag[match.end(1) :]
    else:
        attributes = {"class": css_class} | attributes
    extra = "".join(f' {name}="{html_lib.escape(value, quote=True)}"' for name, value in attributes.items())
    end = len(tag) - 2 if tag.endswith("/>") else len(tag) - 1
    return tag[:end] + extra + tag[end:]


@dataclass(frozen=True)
class UiStrings:
    """The walkthrough's interface strings in one language; plural messages carry their own rule."""

    language: str
    singular: dict[str, str]
    plurals: dict[str, tuple[list[str], Callable[[int], int]]]
    fallback: frozenset[str] = frozenset()  # keys shown in English: no usable translation

    def for_steps(self, steps: int) -> dict:
        """What the browser needs for a list of ``steps`` steps: the form for every count 0…steps.

        ``%(total)d`` is the one number fixed for a list, so words that depend on how it is read
        aloud are settled here (:data:`NUMBER_PREPOSITIONS`); the browser fills in the others.
        """
        counts = {m.key: m.count for m in UI_MESSAGES}
        settle = NUMBER_PREPOSITIONS.get(self.language.split("_")[0])
        plurals = {}
        for key, (forms, rule) in self.plurals.items():
            if settle and key not in self.fallback:  # English fallbacks stay English
                forms = [settle(form, steps) for form in forms]
            plurals[key] = {
                "count": counts[key],
                "forms": forms,
                "index": [min(max(rule(n), 0), len(forms) - 1) for n in range(steps + 1)],
            }
        return {"strings": self.singular, "plurals": plurals, "fallback": sorted(self.fallback)}


def czech_ze(number: int) -> bool:
    """Whether Czech writes "ze" rather than "z" before ``number`` (the preposition takes the genitive).

    Czech vocalizes "z" to "ze" before words that begin with s, z, š, ž and before the clusters of
    "dvou", "tří", "čtyř" (Internetová jazyková příručka, ÚJČ AV ČR: ze dvou, ze tří, ze čtyř). A
    number is read by its first spoken word: ze 2 (dvou), ze 3, ze 4, ze 6 (šesti), ze 7 (sedmi),
    ze 12 (dvanácti), 13, 14, 16, 17, ze 20-49 and 60-79 (dvaceti, třiceti, čtyřiceti, šedesáti,
    sedmdesáti: 21 is read "dvaceti jedna"), ze 100-199 (sta), ze 200 (dvou set)…; but z 1 (jednoho),
    z 5 (pěti), z 8, 9, 10, 11, 15, 18, 19, z 50 (padesáti), z 1000 (tisíce), z 1000000 (milionu).
    Plural forms cannot express this: 4 and 5 differ here, 4 and 2 do not in meaning, and 6 and 8
    share a plural form but not the preposition.
    """
    number = abs(number)
    for scale in (10**9, 10**6, 10**3):
        if number >= scale:
            lead = number // scale
            return lead != 1 and czech_ze(lead)  # tisíce, milionu, miliardy; else the count's own word
    if number >= 100:
        return number // 100 == 1 or number // 100 in _CZECH_ZE_DIGITS  # sta; dvou set, pěti set…
    if number >= 20:
        return number // 10 in _CZECH_ZE_DIGITS
    if number >= 10:
        return number in (12, 13, 14, 16, 17)
    return number in _CZECH_ZE_DIGITS


_CZECH_ZE_DIGITS = frozenset({2, 3, 4, 6, 7})  # dvou, tří, čtyř, šesti, sedmi
_CZECH_Z_BEFORE_TOTAL = re.compile(r"(?<!\w)([zZ])[eE]?(\s+%\(total\)d)")


def _czech_total(form: str, total: int) -> str:
    """A Czech form with "z"/"ze" before ``%(total)d`` written as the number requires ("Krok 1 ze 4")."""
    vowel = "e" if czech_ze(total) else ""
    return _CZECH_Z_BEFORE_TOTAL.sub(lambda m: m.group(1) + vowel + m.group(2), form)


# Language → how a form's words before %(total)d follow the number (translators may write either spelling).
NUMBER_PREPOSITIONS: dict[str, Callable[[str, int], str]] = {"cs": _czech_total}


def ui_strings(project: Project, language: str) -> UiStrings:
    """The strings of ``language``: its catalog's non-fuzzy translations, English where one is missing."""
    source = project.config.source_language
    lang = gettext_language(language) if language else source
    path = project.ui_catalog(lang, COMPONENT)
    if lang == source:
        return _english_strings(source)
    if not path.is_file():
        english = _english_strings(source)
        return UiStrings(lang, english.singular, english.plurals, frozenset(m.key for m in UI_MESSAGES))
    return _catalog_strings(path, project.relative(path), stamp(path.stat()), lang, source)


def _english_plural(n: int) -> int:
    return 0 if n == 1 else 1


def _english_strings(lang: str) -> UiStrings:
    return UiStrings(
        language=lang,
        singular={m.key: m.msgid for m in UI_MESSAGES if not m.msgid_plural},
        plurals={m.key: ([m.msgid, m.msgid_plural], _english_plural) for m in UI_MESSAGES if m.msgid_plural},
    )


@cache
def _catalog_strings(path: Path, display: str, _version: Stamp, lang: str, source: str) -> UiStrings:
    """Read and validate one catalog (cached per file version: every page of a build needs it)."""
    po = read_catalog(path, display)
    nplurals, rule = _plural_rule(po, display, lang)
    english = _english_strings(source)
    by_id = {e.msgid: e for e in po if not e.obsolete and not e.msgctxt}
    singular = dict(english.singular)
    plurals = dict(english.plurals)
    fallback = set()
    for message in UI_MESSAGES:
        entry = by_id.get(message.msgid)
        usable = entry is not None and not is_fuzzy(entry)
        if message.msgid_plural:
            forms = [entry.msgstr_plural.get(i, "") for i in range(nplurals)] if usable else []
            if all(forms) and forms:
                for form in forms:
                    _check_placeholders(form, message, entry, display)
                plurals[message.key] = (forms, rule)
                continue
        elif usable and entry.msgstr:
            _check_placeholders(entry.msgstr, message, entry, display)
            singular[message.key] = entry.msgstr
            continue
        fallback.add(message.key)
    return UiStrings(lang, singular, plurals, frozenset(fallback))


def _plural_rule(po: polib.POFile, display: str, lang: str) -> tuple[int, Callable[[int], int]]:
    """The catalog's ``Plural-Forms``, compiled by gettext's own parser (which refuses anything but C
    arithmetic), so a catalog cannot run code; the browser only ever receives the resolved indexes."""
    header = po.metadata.get("Plural-Forms") or plural_forms(lang)
    match = re.fullmatch(r"\s*nplurals\s*=\s*(\d+)\s*;\s*plural\s*=\s*(.+?)\s*;?\s*", header)
    if not match:
        raise DoclocError(f"the Plural-Forms header {header!r} is not 'nplurals=N; plural=EXPR;'", display, 1)
    nplurals = int(match.group(1))
    try:
        rule = gettext.c2py(match.group(2))
    except (ValueError, SyntaxError, RecursionError) as exc:
        raise DoclocError(f"the Plural-Forms expression is not valid: {exc}", display, 1) from None
    if not 1 <= nplurals <= 6:
        raise DoclocError(f"nplurals={nplurals} in Plural-Forms is out of range", display, 1)
    for n in range(200):
        if not 0 <= rule(n) < nplurals:
            raise DoclocError(f"the plural rule gives form {rule(n)} for n={n}, but nplurals={nplurals}", display, 1)
    return nplurals, rule


def _check_placeholders(text: str, message: UiMessage, entry: polib.POEntry, display: str) -> None:
    """A translation may only use the placeholders its English has; anything else would show raw."""
    allowed = set(_PLACEHOLDER.findall(message.msgid + message.msgid_plural)) & PLACEHOLDERS
    unknown = set(_PLACEHOLDER.findall(text)) - allowed
    stray = re.sub(_PLACEHOLDER, "", text.replace("%%", ""))
    if unknown or "%" in stray:
        what = ", ".join(sorted(f"%({name})d" for name in unknown)) or "a stray '%'"
        raise DoclocError(
            f"the translation of {message.msgid!r} uses {what}; it may use only "
            + (", ".join(f"%({n})d" for n in sorted(allowed)) or "no placeholders"),
            display,
            entry.linenum,
        )


def template_catalog() -> polib.POFile:
    """walkthrough.pot as it should be, from :data:`UI_MESSAGES`."""
    po = cat.interface_template(
        "docloc walkthrough",
        "Interface strings of docloc's interactive walkthrough (docloc.site.walkthrough).",
        plural_forms("en"),  # the source language's rule; msginit replaces it
    )
    for message in UI_MESSAGES:
        entry = polib.POEntry(msgid=message.msgid, comment=message.comment)
        if message.msgid_plural:
            entry.msgid_plural = message.msgid_plural
            entry.msgstr_plural = {0: "", 1: ""}
            entry.flags = ["python-format"]
        po.append(entry)
    return po
