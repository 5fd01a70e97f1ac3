"""A page's links, images and anchors, as the site's parser finds them.

The link check asks every page for its link targets (each with the line it is on) and for the
anchors a link may point to: heading ids (``headings``), and the ``name``/``id`` of raw HTML
elements. Everything comes from one parse with the site's grammar, so a link inside a code
block is no link, a heading's id is the one the site gives it, and DocFX images and includes
are files the page needs.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from markdown_it.token import Token

from .blocks import Block
from .headings import assign_heading_ids
from .inline import shortcut_features
from .parser import inline_tokens, parse_blocks, parse_inline
from .segmenter import block_tokens
from .structure import may_have_structure
from .tags import start_tags

_URL_OF = {"a": "href", "img": "src"}


@dataclass(frozen=True)
class PageLink:
    target: str
    line: int  # 1-based line in the parsed text
    image: bool = False  # an image or another file the page shows (not a page to go to)


@dataclass(frozen=True)
class PageIndex:
    links: tuple[PageLink, ...]
    anchors: frozenset[str]


def _html(html: str, line: int, links: list[PageLink], anchors: set[str]) -> None:
    """Links and anchors of raw HTML (each tag's line counted from ``line``)."""
    if "<" not in html:
        return
    offset = 0
    for name, attributes in start_tags(html):
        tag = name.lower()
        anchors.update(value for key, value in attributes.items() if key in ("id", "name") and value)
        url = attributes.get(_URL_OF.get(tag, ""))
        if url is not None:
            at = html.find(url, offset)
            offset = max(offset, at)
            links.append(PageLink(url, line + html.count("\n", 0, max(at, 0)), tag == "img"))


def _inline(children: list[Token], line: int, links: list[PageLink], anchors: set[str]) -> None:
    for child in children:
        kind = child.type
        if kind in ("softbreak", "hardbreak"):
            line += 1
        elif kind == "link_open":
            links.append(PageLink(str(child.attrs.get("href", "")), line))
        elif kind == "image":
            links.append(PageLink(str(child.attrs.get("src", "")), line, True))
        elif kind == "html_inline":
            _html(child.content, line, links, anchors)


@lru_cache(maxsize=1024)
def index_page(text: str) -> PageIndex:
    """The links and anchors of a Markdown document (no front matter; lines counted from 1).

    The blocks as the segmenter reads them (``segmenter.block_tokens``: the commonest blocks without
    the parser), then the inline parse of only the blocks that can hold a link, an image or an anchor
    (a ``[`` or a ``<``) and of headings (their ids): what a full parse gives for those, at a fraction
    of its cost (tests/test_markdown.py compares the two on every page of the corpus). A page with a
    link reference definition is parsed whole: a definition anywhere serves links everywhere.
    """
    links: list[PageLink] = []
    anchors: set[str] = set()
    env: dict = {}
    tokens = parse_blocks(text, env) if "]:" in text else block_tokens(text, text.split("\n"))
    headings: list[Token] = []
    for index, token in enumerate(tokens):
        line = token.map[0] + 1 if token.map else 1
        kind = token.type
        if kind == "inline":
            heading = index and tokens[index - 1].type == "heading_open"
            content = token.content
            if not heading and "[" in content and "\n" not in content and not env.get("references"):
                plain = _shortcut_links(content)  # plain links (and bold, code): read without parsing
                if plain is not None:
                    links += [PageLink(target, line) for target in plain]
                    continue
            if heading and not may_have_structure(content):  # plain text: named by its text (tested)
                headings += _heading_tokens(tokens[index - 1], token, None)
            elif heading and (anchored := _anchored_heading(content)) is not None:
                anchor, children = anchored
                anchors.add(anchor)
                headings += _heading_tokens(tokens[index - 1], token, children)
            elif heading or "[" in content or "<" in content or ":::" in content:  # ::: an inline DocFX image
                children = parse_inline(content, env)
                _inline(children, line, links, anchors)
                if heading:
                    headings += _heading_tokens(tokens[index - 1], token, children)
        elif kind == "html_block":
            _html(token.content, line, links, anchors)
        elif kind == "docfx_image_open":
            links.append(PageLink(str(token.attrs.get("src", "")), line, True))
            if token.attrs.get("lightbox"):
                links.append(PageLink(str(token.attrs["lightbox"]), line, True))
        elif kind == "docfx_include":
            links.append(PageLink(str(token.attrs.get("src", "")), line, True))
    anchors.update(heading.id for heading in assign_heading_ids(headings, env))
    return PageIndex(tuple(links), frozenset(anchors))


def _heading_tokens(opening: Token | Block, inline: Token | Block, children: list[Token] | None) -> list[Token]:
    """A heading's opening and inline tokens, with its parsed content, for ``assign_heading_ids``."""
    heading = Token("heading_open", opening.tag, 1, map=opening.map)
    content = Token("inline", "", 0, map=inline.map, content=inline.content, children=children)
    return [heading, content]


# Microsoft's heading: an empty anchor, then plain text (``## <a name="add"></a>Add a user``). Values of
# letters, digits and ``._:-`` only: what the HTML parser reads from them is the value as written.
_ANCHORED = re.compile(r'<a (name|id)="([A-Za-z0-9._:-]+)"></a>')


def _anchored_heading(content: str) -> tuple[str, list[Token]] | None:
    """The anchor and the inline tokens the parser gives a heading of Microsoft's shape (not parsed), or None.

    The empty anchor's two tags, then the rest as one text token when it holds no markup character
    (``structure.may_have_structure``); tests/test_markdown.py compares the index with a full parse.
    """
    match = _ANCHORED.match(content)
    if match is None:
        return None
    rest = content[match.end() :]
    if may_have_structure(rest):
        return None
    opening = match.group()[: -len("</a>")]
    children = [Token("html_inline", "", 0, content=opening), Token("html_inline", "", 0, content="</a>")]
    if rest:
        children.append(Token("text", "", 0, content=rest))
    return match.group(2), children


def _shortcut_links(text: str) -> tuple[str, ...] | None:
    """The link targets of a text whose only markup is plain links (with bold and code spans), from the
    inline shortcuts (``markdown.inline``), or None: the same targets the parser gives (tested)."""
    features = shortcut_features(text)
    return features.links if features is not None else None


def inline_links(text: str) -> tuple[PageLink, ...]:
    """The links and images of one piece of running text (a segment), all on its first line."""
    if "[" not in text and "<" not in text:
        return ()  # every link, image or tag starts with one of these
    links: list[PageLink] = []
    _inline(list(inline_tokens(text)), 1, links, set())
    return tuple(links)
