"""What Markdown produces on the site, as structure: elements and attributes, without the text.

The safety rule compares a translation's structure with its English's (``checks.safety``): the
site renders both with the same parser (``parser.markdown_parser``), so the tokens compared
here are what the reader's browser gets. Raw HTML passes through the renderer verbatim, so its
tags are read with an HTML parser (``tags.start_tags``) and compared tag by tag.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

from markdown_it.token import Token

from .blocks import row_cells
from .inline import _code_spans, shortcut_features
from .parser import inline_tokens, parse_blocks, parse_inline
from .tags import end_tags, start_tags

# Attribute values that are prose (a translator translates them): compared by presence only.
PROSE_ATTRIBUTES = frozenset({"alt", "title", "aria-label", "placeholder", "summary", "aria-description"})
# Attributes that hold a URL: compared by the link rules, not as text.
URL_ATTRIBUTES = frozenset(
    {"href", "src", "action", "formaction", "xlink:href", "data", "poster", "background", "cite", "srcset", "lightbox"}
)
# Elements Markdown's own emphasis and code syntax makes: no attributes, no script. A translation
# may add them (a translator bolds another word); the emphasis check reports the difference.
FORMATTING = frozenset({"<strong>", "<em>", "<code>"})
# Characters the inline parser leaves as text when they pair with nothing in the segment: next to
# the page's other text they might pair after all (an unmatched ` opens a code span, ! before a
# link makes an image, | splits a table cell), so such a translation is judged in its page too.
CONTEXT_CHARACTERS = "`*_[]<>\\!&|~"
# A line that starts with one of these may start a block (heading, quote, list, table, HTML, code).
_BLOCK_START = re.compile(r"^(?:[ \t]|[#>+=|<*_~`-]|\d{1,9}[.)])")
_INVISIBLE = re.compile(r"[\x00-\x20\x7f-\x9f\u200b-\u200f\u2028-\u202e\u2060-\u2064\ufeff]+")
_SCHEME = re.compile(r"^([a-z][a-z0-9+.\-]*):", re.IGNORECASE)
_LOCALE_SEGMENT = re.compile(r"(?<=/)[a-z]{2,3}(?:-[a-z]{2,4})?(?=/|$)", re.IGNORECASE)


def url_scheme(url: str) -> str | None:
    """The scheme of a URL as a browser reads it (control and invisible characters ignored), lower case."""
    match = _SCHEME.match(_INVISIBLE.sub("", url))
    return match.group(1).lower() if match else None


def neutral_url(url: str) -> str:
    """A URL as the link rules compare it: an absolute URL with its locale segment (``/en-us/``) made
    neutral, so a translation may point at its own locale's version of the same page."""
    scheme = url_scheme(url)
    if scheme not in ("http", "https"):
        return url
    _, _, rest = url.partition("://")
    host, slash, path = rest.partition("/")
    return f"{scheme}://{host.lower()}{_LOCALE_SEGMENT.sub('{locale}', slash + path, count=1)}"


# The empty count of a structure without elements, URLs or loose characters: one, shared, as every
# ``InlineStructure`` is (``inline_structure`` caches them; none is ever changed). Made afresh, a Counter
# costs its Python ``__init__``, tens of thousands of times a check.
_NONE: Counter[str] = Counter()


@dataclass(frozen=True)
class InlineStructure:
    """The structure of one piece of running text (a segment) as the site renders it."""

    elements: Counter[str]  # element signatures (tag and attribute names; URL and prose values left out)
    urls: Counter[str]  # every link or image target and raw HTML URL attribute, as ``neutral_url`` gives it
    loose: Counter[str]  # characters of CONTEXT_CHARACTERS the parser left as text
    breaks: int  # line breaks (soft or hard)
    loose_edge: bool = False  # the text starts or ends with such a character: it may pair with its neighbours


def _signature(tag: str, attributes: dict[str, str]) -> str:
    names = []
    for name, value in sorted(attributes.items()):
        name = name.lower()
        if name in URL_ATTRIBUTES or name in PROSE_ATTRIBUTES:
            names.append(name)
        else:
            names.append(f"{name}={value}")
    return f"<{tag.lower()}{' ' if names else ''}{' '.join(names)}>"


def _url_attributes(attributes: dict[str, str]) -> list[str]:
    return [value for name, value in attributes.items() if name.lower() in URL_ATTRIBUTES]


def _add_token(token: Token, structure: dict) -> None:
    kind = token.type
    elements: Counter[str] = structure["elements"]
    if kind == "text":
        content = token.content
        for at, char in enumerate(content):
            if char in CONTEXT_CHARACTERS and not (char == "_" and _intraword(content, at)):
                structure["loose"][char] += 1
    elif kind in ("softbreak", "hardbreak"):
        structure["breaks"] += 1
        if kind == "hardbreak":
            elements["<br>"] += 1
    elif kind == "link_open":
        elements[_signature("a", {k: str(v) for k, v in token.attrs.items()})] += 1
        structure["urls"][neutral_url(str(token.attrs.get("href", "")))] += 1
    elif kind == "image":
        attributes = {k: str(v) for k, v in token.attrs.items()}
        attributes.setdefault("alt", "")
        elements[_signature("img", attributes)] += 1
        structure["urls"][neutral_url(attributes.get("src", ""))] += 1
    elif kind == "html_inline":
        for name, attributes in start_tags(token.content):
            elements["html:" + _signature(name, attributes)] += 1
            for url in _url_attributes(attributes):
                structure["urls"][neutral_url(url)] += 1
        for name in end_tags(token.content):
            elements[f"html:</{name.lower()}>"] += 1
        if token.content.startswith("<!") or token.content.startswith("<?"):
            elements["html:<!--…-->" if token.content.startswith("<!--") else "html:" + token.content[:2]] += 1
    elif token.nesting == 1 or kind in ("code_inline", "docfx_noloc"):
        elements[f"<{token.tag or kind}>"] += 1


def _shortcut_structure(text: str) -> InlineStructure | None:
    """The structure of a text the features' shortcuts read (plain links; code spans, ``**bold**``,
    ``*italics*`` and plain links), from what they found, without parsing; None for any other text (an
    inline DocFX image)."""
    if ":::" in text:
        return None
    features = shortcut_features(text)
    if features is None:
        return None
    links, strong, emphasis, code = features.links, features.strong, features.emphasis, len(features.code)
    blanked = text
    if code:
        for start, end, _content in _code_spans(text):
            blanked = blanked[:start] + "x" * (end - start) + blanked[end:]
    if strong or emphasis:
        blanked = blanked.replace("*", "x")  # every * outside code spans is a paired marker here
    if links:  # the shortcuts found every link syntax (none in code spans; a "*" in none)
        blanked = _LINK_SYNTAX.sub(_blank_link_syntax, blanked)
    elements: Counter[str] = Counter()
    if links:
        elements["<a href>"] = len(links)
    if strong:
        elements["<strong>"] = strong
    if emphasis:
        elements["<em>"] = emphasis
    if code:
        elements["<code>"] = code
    loose = _loose(blanked)
    edge = bool(blanked) and (blanked[0] in CONTEXT_CHARACTERS or blanked[-1] in CONTEXT_CHARACTERS)
    urls = Counter(neutral_url(url) for url in links) if links else _NONE
    return InlineStructure(elements, urls, loose, 0, edge)


CONTEXT_CHARACTER = re.compile(f"[{re.escape(CONTEXT_CHARACTERS)}]")


def _loose(text: str) -> Counter[str]:
    """The CONTEXT_CHARACTERS of ``text``, counted (most texts have none)."""
    found = CONTEXT_CHARACTER.findall(text)
    return Counter(found) if found else _NONE


def _blank_link_syntax(link: re.Match[str]) -> str:
    label = link.group(1)
    return "x" + label + "x" * (len(link.group()) - len(label) - 1)


_LINK_SYNTAX = re.compile(r"\[([^\[\]]*)\]\([^()\s]*\)")


def _intraword(text: str, at: int) -> bool:
    """An ``_`` between two letters or digits, which CommonMark never reads as emphasis."""
    return 0 < at < len(text) - 1 and text[at - 1].isalnum() and text[at + 1].isalnum()


@lru_cache(maxsize=131072)
def inline_structure(text: str) -> InlineStructure:
    """The structure of ``text`` rendered as running text (inside a paragraph)."""
    if not may_have_structure(text):  # plain text: one text token, the text itself (tested on the corpus)
        loose = _loose(text)
        edge = bool(text) and (text[0] in CONTEXT_CHARACTERS or text[-1] in CONTEXT_CHARACTERS)
        return InlineStructure(_NONE, _NONE, loose, 0, edge)
    shortcut = _shortcut_structure(text)
    if shortcut is not None:
        return shortcut
    return parsed_structure(text)


def parsed_structure(text: str) -> InlineStructure:
    """The structure from the inline parse: what ``inline_structure``'s shortcuts must equal."""
    structure: dict = {"elements": Counter(), "urls": Counter(), "loose": Counter(), "breaks": 0}
    tokens = inline_tokens(text)
    for token in tokens:
        _add_token(token, structure)
    edges = ""
    if tokens and tokens[0].type == "text":
        edges += tokens[0].content[:1]
    if tokens and tokens[-1].type == "text":
        edges += tokens[-1].content[-1:]
    loose_edge = any(char in CONTEXT_CHARACTERS for char in edges)
    return InlineStructure(
        structure["elements"], structure["urls"], structure["loose"], structure["breaks"], loose_edge
    )


# Text with none of these renders as its own characters, escaped: no inline rule of the grammar
# starts without one (code `, emphasis * _, links and images [, autolinks and HTML <, escapes \,
# entities &, line breaks, DocFX's :::no-loc). tests/test_markdown.py compares this with the parser
# on every text of the corpus.
_MARKUP_CHARACTERS = re.compile(r"[`*_\[<\\&\n\r]|:::")


def may_have_structure(text: str) -> bool:
    """False when ``text`` provably renders as plain text (the common case, decided without parsing)."""
    return bool(_MARKUP_CHARACTERS.search(text))


# The text before a segment on its line when the segment opens a block's content: indentation,
# block quote markers and list markers only.
_LINE_START_CONTEXT = re.compile(r"[ \t>]*(?:(?:[-+*]|\d{1,9}[.)])[ \t]+[ \t>]*)*")
# What would make text at such a place a list item: an ordered or a bullet marker. A translation often
# starts so as prose (a Czech date "17. prosince", a dash), so such a marker is escaped, not refused.
_LIST_MARKER = re.compile(r"(\d{1,9})([.)])(?=[ \t]|$)|[-+*](?=[ \t]|$)")
# Any other block of its own: a heading, a quote, a table row, raw HTML, a fence, a thematic break or
# setext line, DocFX's line constructs (:::image, [!INCLUDE], [!VIDEO]), a link reference definition.
_OTHER_BLOCK = re.compile(r"#{1,6}(?=[ \t]|$)|[>|<]|`{3}|~{3}|[-_*=](?=[-_*= \t]*$)|:::(?!no-loc)|\[!|\[[^\]\n]*\]:")


def opens_line(before: str) -> bool:
    """Whether a segment that follows ``before`` (the page text up to it) stands where a block starts.

    Such a line so far is empty or ends with a blank or ">" (the pattern's last part): most lines
    before a segment end with a word, and need no match.
    """
    if before and before[-1] not in " \t>\n":
        return False
    return _LINE_START_CONTEXT.fullmatch(before, before.rfind("\n") + 1) is not None


def escape_line_start(text: str) -> str:
    """``text`` with a leading list marker backslash-escaped, so that it stays running text.

    A translation put where a block starts may begin with what CommonMark reads as a list marker
    (a Czech date "17. prosince" is an ordered list item 17): escaped, it shows as written and the
    page keeps its English's structure. Leading blanks (indented code) are dropped.
    """
    stripped = text.lstrip(" \t")
    match = _LIST_MARKER.match(stripped)
    if match is None:
        return stripped
    if match.group(1):
        return f"{match.group(1)}\\{match.group(2)}{stripped[match.end() :]}"
    return "\\" + stripped


def list_item_start(text: str) -> str:
    """The list marker ``text`` starts with, with the blanks around it ('' for none): where a block
    starts, what makes a list item of it."""
    stripped = text.lstrip(" \t")
    match = _LIST_MARKER.match(stripped)
    if match is None:
        return ""
    rest = stripped[match.end() :]
    return text[: len(text) - len(stripped) + match.end() + len(rest) - len(rest.lstrip(" \t"))]


def block_syntax(text: str) -> str | None:
    """The block syntax other than a list marker that ``text`` starts with (where a block starts), or None."""
    match = _OTHER_BLOCK.match(text.lstrip(" \t"))
    if match and match.group() == "<":  # an HTML block only as CommonMark starts one: "<sup>4.</sup> text" is text
        tokens = parse_blocks(text.lstrip(" \t").split("\n", 1)[0])
        return "<" if tokens and tokens[0].type == "html_block" else None
    return match.group() if match else None


def starts_block(text: str) -> bool:
    """Whether ``text`` at the start of a line could start a block of its own (not a paragraph line)."""
    return bool(_BLOCK_START.match(text))


@dataclass
class BlockStructure:
    """One block of a page as structure: its signature, and the 0-based lines it spans.

    A block of running text (``signature`` "inline") keeps its raw content: its inline structure is
    read only when asked for (``inline``), since a page is compared block by block first and its
    running text only where a translation could reach beyond its sentence. A translation may drop
    an element of running text (the emphasis and links checks say so) but not add one; nor add a tag
    to a raw HTML block (the text between its block-level tags is translated, inline tags and all).
    """

    signature: str
    first: int
    last: int
    content: str | None = None  # the raw inline content of a block of running text
    env: dict | None = None  # the page's parse environment (link reference definitions)
    tags: Counter[str] | None = None  # a raw HTML block's tags, URLs and comments (``html_block_tags``)

    def inline(self) -> tuple[Counter[str], Counter[str]]:
        """The elements and URLs of this block's running text."""
        structure: dict = {"elements": Counter(), "urls": Counter(), "loose": Counter(), "breaks": 0}
        for child in parse_inline(self.content or "", self.env):
            _add_token(child, structure)
        return structure["elements"], structure["urls"]

    def admits(self, other: BlockStructure, inline: bool = True) -> bool:
        """Whether ``other`` (a translated page's block) has no structure this (the English) block lacks.

        With ``inline`` False, blocks of running text are compared by kind only.
        """
        if self.signature != other.signature or (other.tags and other.tags - (self.tags or Counter())):
            return False
        if not inline or self.content is None or other.content is None:
            return True
        (elements, urls), (theirs, their_urls) = self.inline(), other.inline()
        added = theirs - elements
        return not (added.keys() - FORMATTING) and not (their_urls - urls)


def html_block_tags(content: str) -> Counter[str]:
    """What a raw HTML block holds as a browser reads it (it passes through verbatim): its start tags
    (``_signature``), end tags, URL attribute values (as ``neutral_url`` gives them) and every "<" that
    opens none of these (a comment or declaration, which swallows what follows up to its end, however far).
    """
    starts, ends = start_tags(content), end_tags(content)
    tags = Counter(_signature(name, attrs) for name, attrs in starts)
    tags.update(f"</{name.lower()}>" for name in ends)
    tags.update(f"url:{neutral_url(url)}" for _, attrs in starts for url in _url_attributes(attrs))
    loose = content.count("<") - len(starts) - len(ends)
    if loose > 0:
        tags["<"] = loose
    return tags


def page_structure(text: str) -> list[BlockStructure]:
    """The structure of a whole page (Markdown without front matter), block by block.

    A block's signature holds its kind, tag, nesting level and attributes (heading ids aside:
    translated pages take the English ones); a fence, code block or HTML block also its info
    string and length, a table row its count of cells as written; an HTML block keeps its tags, a
    block of running text its content.
    """
    blocks: list[BlockStructure] = []
    env: dict = {}
    lines: list[str] | None = None
    for token in parse_blocks(text, env):
        first, last = (token.map[0], token.map[1] - 1) if token.map else (-1, -1)
        if token.type == "inline":
            blocks.append(BlockStructure("inline", first, last, token.content, env))
            continue
        attributes = sorted((k, str(v)) for k, v in token.attrs.items() if k != "id")
        signature = f"{token.type}:{token.tag}:{token.nesting}:{token.level}:{token.markup}:{attributes}"
        if token.type in ("fence", "code_block", "html_block"):
            signature += f":{token.info}:{token.content.count(chr(10))}"
        elif token.type == "tr_open" and token.map:
            if lines is None:
                lines = text.split("\n")
            # A row's cells past the header's are dropped, text and all: the row's own count says so.
            signature += f":{len(row_cells(lines[token.map[0]]))}"
        tags = html_block_tags(token.content) if token.type == "html_block" else None
        blocks.append(BlockStructure(signature, first, last, tags=tags))
    return blocks
