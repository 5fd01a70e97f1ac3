"""XLIFF 2.0 for CAT tools (Trados, memoQ, Phrase): one file per article and language, and back.

A catalog entry is one ``<unit>`` with one ``<segment>`` (``canResegment="no"``: the segments
are Microsoft's sentences already). What brings a unit back to its entry, and lets the import
tell who changed what, travels in the metadata module (``mda:metadata``, category ``docloc``):

- ``msgctxt`` (only when the entry has one) and ``msgid``: the entry's key. The unit's ``id`` is
  a hash of the same key (``unit_id``), for tools that drop module metadata;
- ``base-target`` and ``base-state``: the translation and its state when the file was exported,
  the base of the three-way merge on import.

States: an untranslated entry is ``state="initial"`` without ``<target>``; a fuzzy entry (a
suggestion nobody has confirmed) is ``initial`` with its ``<target>`` and
``subState="docloc:fuzzy"``; a translated entry is ``translated``. Read back, ``initial`` with
a target is fuzzy, ``translated``, ``reviewed`` and ``final`` are translated (gettext has no
review state), and a unit with no target is untranslated; translate-toolkit's ``xliff2``
reads states the same way. Notes carry the page location, the extracted comments, the
translator's comments and, for a fuzzy entry, the English its suggestion translated.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import polib
from lxml import etree

from ..catalog.states import entry_state
from ..errors import DoclocError
from .xmlsafe import XML_SPACE, local_name, parse_xml, serialize, xml_safe

XLIFF_NS = "urn:oasis:names:tc:xliff:document:2.0"
MDA_NS = "urn:oasis:names:tc:xliff:metadata:2.0"
META_CATEGORY = "docloc"
FUZZY_SUBSTATE = "docloc:fuzzy"
STATE_ORDER = ("initial", "translated", "reviewed", "final")
INTERNAL_COMMENTS = ("ms-id:", "column:")  # docloc's own bookkeeping in extracted comments, not for translators


def _x(name: str) -> str:
    return f"{{{XLIFF_NS}}}{name}"


def _m(name: str) -> str:
    return f"{{{MDA_NS}}}{name}"


def unit_id(msgctxt: str | None, msgid: str) -> str:
    """A stable XML id for an entry's key (an NMTOKEN, the same on every export)."""
    key = msgid if msgctxt is None else f"{msgctxt}\x04{msgid}"
    return "u" + hashlib.sha1(key.encode("utf-8")).hexdigest()[:16]


def bcp47(tag: str) -> str:
    """A locale as BCP 47 writes it: ``cs-cz`` → ``cs-CZ``, ``pt_BR`` → ``pt-BR``, ``zh_Hant`` → ``zh-Hant``."""
    parts = [p for p in tag.replace("_", "-").split("-") if p]
    if not parts:
        return tag
    out = [parts[0].lower()]
    for part in parts[1:]:
        out.append(part.title() if len(part) == 4 and part.isalpha() else part.upper() if len(part) <= 3 else part)
    return "-".join(out)


def _meta(group: etree._Element, kind: str, value: str) -> None:
    """One ``mda:meta`` of docloc's group: what the import needs to find the entry and its base."""
    etree.SubElement(group, _m("meta"), type=kind).text = value


def _checked(text: str, where: str) -> str:
    """``text`` if XML can hold it; a control character is a located error, not a broken file."""
    if not xml_safe(text):
        raise DoclocError(f"this text has a character XML cannot hold (a control character): {text!r}", where)
    return text


def write_xliff(
    catalog: polib.POFile, article: str, catalog_file: str, source_lang: str, target_lang: str
) -> str | None:
    """The XLIFF 2.0 document of one catalog (None when it has no entry to translate)."""
    root = etree.Element(
        _x("xliff"), nsmap={None: XLIFF_NS, "mda": MDA_NS}, version="2.0", srcLang=source_lang, trgLang=target_lang
    )
    file = etree.SubElement(
        root, _x("file"), {"id": "f1", "original": article, "canResegment": "no", XML_SPACE: "preserve"}
    )
    info = etree.SubElement(etree.SubElement(file, _m("metadata")), _m("metaGroup"), category=META_CATEGORY)
    _meta(info, "catalog", catalog_file)
    units = 0
    for entry in catalog:
        if entry.obsolete or not entry.msgid or entry.msgid_plural:
            continue
        where = f"{catalog_file}:{entry.linenum or 0}"
        state = entry_state(entry)  # the base state an export records: translated, fuzzy or untranslated
        unit = etree.SubElement(file, _x("unit"), id=unit_id(entry.msgctxt, entry.msgid))
        group = etree.SubElement(etree.SubElement(unit, _m("metadata")), _m("metaGroup"), category=META_CATEGORY)
        if entry.msgctxt is not None:
            _meta(group, "msgctxt", _checked(entry.msgctxt, where))
        _meta(group, "msgid", _checked(entry.msgid, where))
        _meta(group, "base-target", _checked(entry.msgstr, where))
        _meta(group, "base-state", state)
        notes = []
        if entry.occurrences:
            notes.append(("location", " ".join(f"{path}:{line}" if line else path for path, line in entry.occurrences)))
        extracted = [
            line for line in (entry.comment or "").split("\n") if line and not line.startswith(INTERNAL_COMMENTS)
        ]
        if extracted:
            notes.append(("developer", "\n".join(extracted)))
        if entry.tcomment:
            notes.append(("translator", entry.tcomment))
        if state == "fuzzy" and entry.previous_msgid:
            notes.append(("previous-source", entry.previous_msgid))
        if notes:
            holder = etree.SubElement(unit, _x("notes"))
            for category, text in notes:
                etree.SubElement(holder, _x("note"), category=category).text = _checked(text, where)
        segment = etree.SubElement(unit, _x("segment"))
        if state == "translated":
            segment.set("state", "translated")
        else:
            segment.set("state", "initial")
            if state == "fuzzy":
                segment.set("subState", FUZZY_SUBSTATE)
        etree.SubElement(segment, _x("source")).text = entry.msgid
        if state != "untranslated":
            etree.SubElement(segment, _x("target")).text = entry.msgstr
        units += 1
    if not units:
        return None
    return serialize(root)


# --- reading ------------------------------------------------------------------------------------


@dataclass
class XliffUnit:
    """One unit as a CAT tool sent it back."""

    id: str
    line: int
    msgctxt: str | None
    msgid: str | None  # None: the tool dropped docloc's metadata; the id is all there is
    source: str
    target: str | None  # None: no target at all
    state: str
    base_target: str | None  # None: no base recorded
    base_state: str | None

    @property
    def fuzzy(self) -> bool:
        return bool(self.target) and self.state == "initial"


@dataclass
class XliffFile:
    article: str
    line: int
    units: list[XliffUnit] = field(default_factory=list)


@dataclass
class XliffDocument:
    display: str
    source_lang: str
    target_lang: str
    files: list[XliffFile] = field(default_factory=list)


def _code_point(element: etree._Element, display: str) -> str:
    """The character of a ``<cp hex="…">``: a Unicode scalar value a PO file can hold (not NUL, not a surrogate)."""
    hex_value = element.get("hex", "")
    if not re.fullmatch(r"[0-9A-Fa-f]{1,6}", hex_value):
        raise DoclocError("a <cp> without a hexadecimal code point", display, element.sourceline or 0)
    value = int(hex_value, 16)
    if value == 0 or 0xD800 <= value <= 0xDFFF or value > 0x10FFFF:
        raise DoclocError(
            f"<cp hex={hex_value!r}>: not a character a catalog can hold", display, element.sourceline or 0
        )
    return chr(value)


def _text(element: etree._Element, display: str) -> str:
    """The text of a ``<source>``/``<target>``: code points (``<cp>``) decoded, annotations (``<mrk>``,
    ``<pc>``) unwrapped; a placeholder code has no text docloc could write back, so it is refused."""
    parts = [element.text or ""]
    for child in element:
        if isinstance(child.tag, str):
            name = local_name(child)
            if name == "cp":
                parts.append(_code_point(child, display))
            elif name in ("mrk", "pc"):
                parts.append(_text(child, display))
            else:
                raise DoclocError(
                    f"inline code <{name}>: docloc's units are plain text; keep the text as the source has it",
                    display,
                    child.sourceline or 0,
                )
        parts.append(child.tail or "")
    return "".join(parts)


def _unit(element: etree._Element, display: str) -> XliffUnit:
    meta: dict[str, str] = {}
    for group in element.findall(f"{_m('metadata')}/{_m('metaGroup')}"):
        if group.get("category") == META_CATEGORY:
            for item in group.iter(_m("meta")):
                meta[item.get("type", "")] = item.text or ""
    sources, targets, states = [], [], []
    has_target = False
    for part in element:
        name = local_name(part) if part.tag in (_x("segment"), _x("ignorable")) else ""
        if not name:
            continue
        source = part.find(_x("source"))
        target = part.find(_x("target"))
        if source is None:
            raise DoclocError(f"a <{name}> without <source>", display, part.sourceline or 0)
        source_text = _text(source, display)
        sources.append(source_text)
        if target is not None:
            has_target = has_target or name == "segment"
            targets.append(_text(target, display))
        else:
            targets.append(source_text if name == "ignorable" else "")
        if name == "segment":
            state = part.get("state", "initial")
            if state not in STATE_ORDER:
                raise DoclocError(f"unknown segment state {state!r}", display, part.sourceline or 0)
            states.append(state)
    if not states:
        raise DoclocError("a <unit> without <segment>", display, element.sourceline or 0)
    return XliffUnit(
        id=element.get("id", ""),
        line=element.sourceline or 0,
        msgctxt=meta.get("msgctxt"),
        msgid=meta.get("msgid"),
        source="".join(sources),
        target="".join(targets) if has_target else None,
        state=min(states, key=STATE_ORDER.index),
        base_target=meta.get("base-target"),
        base_state=meta.get("base-state"),
    )


def read_xliff(path: Path, display: str) -> XliffDocument:
    """An XLIFF 2.x document's files and units; anything else is a located ``DoclocError``."""
    root = parse_xml(path, display).getroot()
    if root.tag != _x("xliff"):
        namespace = root.tag[1:].split("}")[0] if isinstance(root.tag, str) and root.tag.startswith("{") else ""
        hint = " (XLIFF 1.x: export XLIFF 2.0 from the CAT tool)" if "xliff:document:1" in namespace else ""
        raise DoclocError(f"not an XLIFF 2 document{hint}", display, root.sourceline or 0)
    if not root.get("version", "").startswith("2."):
        raise DoclocError(f"XLIFF version {root.get('version')!r}: docloc reads 2.x", display, root.sourceline or 0)
    target_lang = root.get("trgLang")
    if not target_lang:
        raise DoclocError("the <xliff> element has no trgLang: which language is this?", display, root.sourceline or 0)
    document = XliffDocument(display, root.get("srcLang", ""), target_lang)
    for element in root.iter(_x("file")):
        article = element.get("original")
        if not article:
            raise DoclocError(
                "a <file> without original: docloc names the article there", display, element.sourceline or 0
            )
        found = XliffFile(article, element.sourceline or 0)
        found.units = [_unit(unit, display) for unit in element.iter(_x("unit"))]
        document.files.append(found)
    return document


def find_xliff(paths: Iterable[Path]) -> tuple[list[Path], list[Path]]:
    """The XLIFF files among ``paths`` (and in folders among them), and the paths left for other readers
    (folders only when they hold Markdown too)."""
    xliff: list[Path] = []
    rest: list[Path] = []
    for path in paths:
        if path.is_file() and path.suffix.lower() in (".xlf", ".xliff"):
            xliff.append(path)
        elif path.is_dir():
            found = sorted(p for p in path.rglob("*") if p.suffix.lower() in (".xlf", ".xliff") and p.is_file())
            top = path.resolve()
            for file in found:  # as import does for articles: nothing is read through a link leaving the folder
                if not file.resolve().is_relative_to(top):
                    raise DoclocError(f"a link to a file outside {path}: not imported (copy the file in)", str(file))
            xliff += found
            if not found or any(path.rglob("*.md")):
                rest.append(path)
        else:
            rest.append(path)
    return xliff, rest
