"""Headings and their ids: the one place that knows them.

A heading's id is its ``<a name="…"></a>`` (or ``<a id>``) anchor when it starts with one, as
Microsoft writes them (``## <a name="add"></a>Add a user``; the empty anchor is then dropped, so
the id is not there twice); otherwise the slug of its text, made unique in the page by ``_1``,
``_2``, … as Python-Markdown's ``toc`` does (the anchors MkDocs sites have always had).
Translated pages take the English page's ids in order (``env["heading_ids"]``), so a link to
``#add`` works in every language.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore
from markdown_it.token import Token

_ANCHOR = re.compile(r"""\s*<a\s+(?:name|id)\s*=\s*["']([^"']+)["']\s*>\s*</a>\s*""", re.IGNORECASE)
_ANCHOR_OPEN = re.compile(r"""\s*<a\s+(?:name|id)\s*=\s*["']([^"']+)["']\s*/?>\s*""", re.IGNORECASE)
_ANCHOR_CLOSE = re.compile(r"\s*</a>\s*", re.IGNORECASE)
_NOT_WORD = re.compile(r"[^\w\s-]")
_SEPARATORS = re.compile(r"[-\s]+")
_NUMBERED = re.compile(r"^(.*)_([0-9]+)$")


def slugify(text: str, separator: str = "-") -> str:
    """Python-Markdown's default ``toc`` slug: ASCII-folded, lower case, words joined by ``separator``."""
    value = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    value = _NOT_WORD.sub("", value).strip().lower()
    if separator == "-":
        return _SEPARATORS.sub("-", value)
    return re.sub(rf"[{re.escape(separator)}\s]+", separator, value)


def unique(slug: str, used: set[str], tried: dict[str, str] | None = None) -> str:
    """``slug``, or ``slug_1``, ``slug_2``… when taken (an empty slug becomes ``_1``), as ``toc`` does.

    ``tried`` remembers, per slug, the last one given: every number below it is taken already, so a
    page with many equal headings is not counted up from ``_1`` again for each (the same result).
    """
    wanted = slug
    if tried is not None and slug in tried:
        slug = tried[slug]
    while slug in used or not slug:
        match = _NUMBERED.match(slug)
        slug = f"{match.group(1)}_{int(match.group(2)) + 1}" if match else f"{slug}_1"
    used.add(slug)
    if tried is not None:
        tried[wanted] = slug
    return slug


@dataclass(frozen=True, slots=True)
class Heading:
    level: int
    id: str
    text: str  # plain text, as a table of contents shows it
    line: int  # 0-based line of the heading in the parsed text


def heading_text(inline: Token) -> str:
    """The plain text of a heading's inline content (tags dropped, code kept)."""
    parts = []
    for child in inline.children or ():
        if child.type in ("text", "code_inline", "text_special", "docfx_noloc"):
            parts.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            parts.append(" ")
    return "".join(parts).strip()


def _explicit_anchor(inline: Token) -> str | None:
    """The id of an empty ``<a name>``/``<a id>`` anchor in the heading, removed from its content.

    Microsoft puts it first (``## <a name="x"></a>Title``), sometimes last; either way the
    heading takes it as its id, so the anchor is not on the page twice.
    """
    children = inline.children or []
    for index, child in enumerate(children):
        if child.type != "html_inline":
            continue
        whole = _ANCHOR.fullmatch(child.content)
        if whole:
            del children[index]
            _strip_space_around(children, index)
            return whole.group(1)
        opening = _ANCHOR_OPEN.fullmatch(child.content)
        following = children[index + 1] if index + 1 < len(children) else None
        closed = following is not None and following.type == "html_inline"
        if opening and closed and _ANCHOR_CLOSE.fullmatch(following.content):
            del children[index : index + 2]
            _strip_space_around(children, index)
            return opening.group(1)
    return None


def _strip_space_around(children: list[Token], index: int) -> None:
    """Drop the blanks the removed anchor stood between (at the heading's start or end)."""
    if index < len(children) and children[index].type == "text" and index == 0:
        children[index].content = children[index].content.lstrip()
    if index == len(children) and index and children[index - 1].type == "text":
        children[index - 1].content = children[index - 1].content.rstrip()


def _heading_ids(state: StateCore) -> None:
    """Give every heading its id (``attrs["id"]``) and record the headings in ``env["headings"]``."""
    assign_heading_ids(state.tokens, state.env)


def assign_heading_ids(tokens: list[Token], env: dict) -> list[Heading]:
    """Give every heading of a token stream its id; returns them and records them in ``env["headings"]``.

    A heading whose inline content is not parsed (``children`` None) is named by its raw text.
    """
    given: list[str] | None = env.get("heading_ids")
    used: set[str] = set()
    tried: dict[str, str] = {}
    headings: list[Heading] = []
    for index, token in enumerate(tokens):
        if token.type != "heading_open":
            continue
        inline = tokens[index + 1]
        explicit = _explicit_anchor(inline) if inline.children is not None else None
        text = heading_text(inline) if inline.children is not None else inline.content.strip()
        if given is not None and len(headings) < len(given):
            identifier = given[len(headings)]
            used.add(identifier)
        elif explicit:
            identifier = explicit
            used.add(identifier)
        else:
            identifier = unique(slugify(text), used, tried)
        token.attrSet("id", identifier)
        headings.append(Heading(int(token.tag[1]), identifier, text, token.map[0] if token.map else 0))
    env["headings"] = headings
    return headings


def heading_ids_plugin(md: MarkdownIt) -> None:
    # After inline parsing (a heading's text is its rendered text), before text_join.
    md.core.ruler.after("inline", "docloc_heading_ids", _heading_ids)


def document_headings(text: str) -> list[Heading]:
    """The headings of a Markdown document (no front matter), with the ids the site gives them."""
    from .parser import parse  # here: the parser's plugins import this module

    env: dict = {}
    parse(text, env)
    return list(env.get("headings", []))
