"""TMX 1.4b (Translation Memory eXchange): a language's memory for CAT tools, and compendia from them.

Written: one ``<tu>`` per (English, translation) pair, with its ``usagecount`` (occurrences on
the pages) and where it is used (``<prop type="x-docloc-use">``, up to ``USES_LISTED``), plain
text segments (level 1: docloc's segments are Markdown, which CAT tools show as text). The
``DOCTYPE`` names the TMX 1.4 DTD, which the tests validate against.

Read (a compendium): every ``<tu>`` with a source-language and a target-language variant;
inline codes (``<bpt>``, ``<ept>``, ``<ph>``, ``<it>``, ``<ut>``) count as the native text they
carry, ``<hi>`` as its content, ``<sub>`` (a sub-flow, not part of the sentence) is left out.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from lxml import etree

from .. import __version__
from ..errors import DoclocError
from .xmlsafe import XML_LANG, element_text, local_name, parse_xml, serialize, xml_safe

DOCTYPE = '<!DOCTYPE tmx SYSTEM "tmx14.dtd">'
USES_LISTED = 5


@dataclass(frozen=True)
class TmxUnit:
    """One translation read from a TMX file."""

    source: str
    target: str
    count: int
    line: int


def language_matches(tag: str, language: str) -> bool:
    """Whether a BCP 47 tag (``cs-CZ``, ``cs``, ``CS_cz``) is this gettext language (``cs``, ``pt_BR``)."""
    from ..locales import gettext_language

    try:
        return gettext_language(tag) == language
    except DoclocError:
        return False


def _primary(tag: str) -> str:
    return tag.replace("_", "-").split("-")[0].lower()


def read_tmx(path: Path, display: str, source_language: str, language: str) -> Iterator[TmxUnit]:
    """The (English, translation) pairs of a TMX file for ``language``; bad TMX is a located error."""
    tree = parse_xml(path, display)
    root = tree.getroot()
    if local_name(root) != "tmx":
        message = f"not a TMX file: the root element is <{local_name(root)}>, not <tmx>"
        raise DoclocError(message, display, root.sourceline or 0)
    header = root.find("header")
    default_source = header.get("srclang", "") if header is not None else ""
    source_primary = _primary(source_language)
    for tu in root.iter("tu"):
        wanted = tu.get("srclang") or default_source
        sources, targets = [], []
        for tuv in tu.findall("tuv"):
            tag = tuv.get(XML_LANG) or tuv.get("lang") or ""
            seg = tuv.find("seg")
            if seg is None:
                raise DoclocError("a <tuv> without <seg>", display, tuv.sourceline or 0)
            text = element_text(seg, display, skip=frozenset({"sub"}))
            if _primary(tag) == source_primary and (wanted in ("", "*all*") or _primary(wanted) == source_primary):
                sources.append(text)
            elif language_matches(tag, language):
                targets.append(text)
        count = tu.get("usagecount", "1")
        uses = int(count) if count.isdigit() and int(count) > 0 else 1
        for source in sources[:1]:
            for target in targets:
                if source and target:
                    yield TmxUnit(source, target, uses, tu.sourceline or 0)


def write_tmx(
    units: Iterable[tuple[str, str, int, list[str]]], source_tag: str, target_tag: str, file: str = "TMX"
) -> str:
    """A TMX 1.4b document of (English, translation, usage count, uses) units."""
    root = etree.Element("tmx", version="1.4")
    etree.SubElement(
        root,
        "header",
        creationtool="docloc",
        creationtoolversion=__version__,
        segtype="sentence",
        **{"o-tmf": "PO", "adminlang": "en", "srclang": source_tag, "datatype": "plaintext"},
    )
    body = etree.SubElement(root, "body")
    for source, target, count, uses in units:
        for text in (source, target):
            if not xml_safe(text):
                raise DoclocError(f"this text has a character XML cannot hold (a control character): {text!r}", file)
        tu = etree.SubElement(body, "tu", usagecount=str(count))
        for use in uses[:USES_LISTED]:
            etree.SubElement(tu, "prop", type="x-docloc-use").text = use
        if len(uses) > USES_LISTED:
            etree.SubElement(tu, "prop", type="x-docloc-more-uses").text = str(len(uses) - USES_LISTED)
        for tag, text in ((source_tag, source), (target_tag, target)):
            tuv = etree.SubElement(tu, "tuv", {XML_LANG: tag})
            etree.SubElement(tuv, "seg").text = text
    return serialize(root, DOCTYPE)
