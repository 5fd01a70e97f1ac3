"""XML in and out for the CAT-tool formats (XLIFF, TMX, TBX): parsed safely, errors located.

Files from outside (a vendor's XLIFF, a TMX compendium, a TBX glossary) are parsed with no
network, no DTD loading and no entity expansion: a file cannot make docloc fetch a URL or
expand a billion laughs. A syntax error becomes ``file:line:col: message``.
"""

from __future__ import annotations

from pathlib import Path

from lxml import etree

from ..errors import DoclocError
from ..fileio import read_bytes

XML_NS = "http://www.w3.org/XML/1998/namespace"
XML_LANG = f"{{{XML_NS}}}lang"
XML_SPACE = f"{{{XML_NS}}}space"


def _parser() -> etree.XMLParser:
    return etree.XMLParser(
        resolve_entities=False, no_network=True, load_dtd=False, dtd_validation=False, huge_tree=False
    )


def parse_xml(path: Path, display: str | None = None) -> etree._ElementTree:
    """The document at ``path``; bad XML is a located ``DoclocError``."""
    display = display or str(path)
    data = read_bytes(path, display)
    try:
        tree = etree.ElementTree(etree.fromstring(data, _parser()))
    except etree.XMLSyntaxError as error:
        line, column = error.position if error.position else (error.lineno or 0, 0)
        raise DoclocError(f"not well-formed XML: {error.msg}", display, line or 0, column or 0) from None
    for node in tree.iter(etree.Entity):
        message = f"entity reference &{node.name}; is not supported: write the character itself"
        raise DoclocError(message, display, node.sourceline or 0)
    return tree


def local_name(element: etree._Element) -> str:
    """The element's name without its namespace (TBX has two, XLIFF modules several)."""
    tag = element.tag
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def element_text(element: etree._Element, display: str, skip: frozenset[str] = frozenset()) -> str:
    """All the text inside ``element``, child elements' text included unless their local name is in ``skip``."""
    parts = [element.text or ""]
    for child in element:
        if not isinstance(child.tag, str):  # a comment or processing instruction: not text
            parts.append(child.tail or "")
            continue
        if local_name(child) not in skip:
            parts.append(element_text(child, display, skip))
        parts.append(child.tail or "")
    return "".join(parts)


def serialize(root: etree._Element, doctype: str | None = None) -> str:
    """The document as UTF-8 text with an XML declaration, indented between elements only."""
    body = etree.tostring(root, encoding="unicode", pretty_print=True, doctype=doctype)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + body


def xml_safe(text: str) -> bool:
    """Whether XML 1.0 can hold ``text`` (no NUL or other C0 controls but tab, LF and CR)."""
    try:
        etree.Element("t").text = text
    except ValueError:
        return False
    return True
