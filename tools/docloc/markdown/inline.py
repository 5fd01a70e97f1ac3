"""Inline Markdown as the checks read it: links, images, code spans, emphasis and HTML tags of a text.

``inline_features`` gives them from the site grammar's inline parse (``parser.parse_inline``), or,
for the two commonest kinds of marked-up text, from a pattern that gives the same result without
parsing: texts whose only markup is plain ``[label](target)`` links, and texts whose only markup is
code spans, ``**bold**`` and plain links (read with CommonMark's flanking rules). Both shortcuts
are compared with the parser on every text of the corpus (tests/test_check_fast_paths.py).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from .parser import inline_tokens, markdown_parser
from .tags import start_tags

MARKUP_TRIGGERS = "[`*_<!"  # a text with none of these has no Markdown features (``inline_features``)
_MARKUP_CHARS = re.compile(f"[{re.escape(MARKUP_TRIGGERS)}]")
# Attribute values that are prose a translator may translate.
TEXT_ATTRIBUTES = frozenset({"alt", "title", "aria-label", "placeholder", "summary"})


@dataclass(frozen=True)
class InlineFeatures:
    links: tuple[str, ...]
    images: tuple[str, ...]
    code: tuple[str, ...]
    strong: int
    emphasis: int
    stray_markers: int  # ** or __ runs left as text: an unclosed bold/italic
    html_tags: tuple[str, ...]


_EMPTY = InlineFeatures((), (), (), 0, 0, 0, ())


@lru_cache(maxsize=131072)
def inline_features(text: str) -> InlineFeatures:
    """Links, images, code spans, emphasis and HTML tags of one segment, as markdown-it sees them."""
    if ":::" in text:  # an inline DocFX image (docfx/image.py): the shortcuts below do not read it
        return markdown_it_features(text)
    if not _MARKUP_CHARS.search(text):
        return _EMPTY
    return shortcut_features(text) or markdown_it_features(text)


@lru_cache(maxsize=131072)
def shortcut_features(text: str) -> InlineFeatures | None:
    """The features of a text the shortcuts read (plain links; code spans, bold, italics and plain links),
    or None. Cached: the checks, the safety rule and the link index all ask it of the same texts."""
    plain = _plain_links(text)
    if plain is not None:
        return InlineFeatures(plain, (), (), 0, 0, 0, ())
    return _strong_and_links(text)


def markdown_it_features(text: str) -> InlineFeatures:
    """The features of a text from the site grammar's inline parse (what the shortcuts must equal)."""
    links: list[str] = []
    images: list[str] = []
    code: list[str] = []
    html: list[str] = []
    strong = emphasis = stray = 0
    for token in inline_tokens(text):
        kind = token.type
        if kind == "link_open":
            links.append(str(token.attrs.get("href", "")))
        elif kind == "image":
            images.append(str(token.attrs.get("src", "")))
        elif kind == "code_inline":
            code.append(token.content)
        elif kind == "strong_open":
            strong += 1
        elif kind == "em_open":
            emphasis += 1
        elif kind == "html_inline":
            html.append(normalize_tag(token.content))
        elif kind == "text":
            stray += _stray_markers(token.content)
    return InlineFeatures(tuple(links), tuple(images), tuple(code), strong, emphasis, stray, tuple(html))


# What may be an entity for markdown-it (its inline rule, or ``unescapeAll`` in link targets, both
# ``&…;``); any other ``&`` is text, and the shortcuts below may read texts that have one.
_ENTITY_LIKE = r"&[#A-Za-z0-9]+;"
# Text whose only markup is plain [label](target) links: no emphasis, code, images, HTML, escapes,
# entities, line breaks or control characters, and no bracket outside such a link.
_NOT_PLAIN = re.compile(rf"[`*_<!\\\x00-\x1f\x7f]|{_ENTITY_LIKE}")
_PLAIN_LINK = re.compile(r"\[[^\[\]]*\]\(([^()\s]*)\)")


def _plain_links(text: str) -> tuple[str, ...] | None:
    """The link targets of a text with only plain links, as markdown-it gives them; None for anything else.

    A third of the texts with markup are such; for them markdown-it's full inline parse (most of
    the checks' time) is not needed: each ``[label](target)`` is a link whose href is the target
    normalized by markdown-it's own ``normalizeLink``.
    """
    if _NOT_PLAIN.search(text):
        return None
    if _bracket_outside_links(text):
        return None
    return tuple(_normalize_link(target) for target in _PLAIN_LINK.findall(text))


def _bracket_outside_links(text: str) -> bool:
    """Whether a ``[`` or ``]`` stands outside the plain ``[label](target)`` links of ``text``."""
    rest = _PLAIN_LINK.sub("", text)
    return "[" in rest or "]" in rest


_STAR_RUN = re.compile(r"\*+")
_BACKTICK_RUN = re.compile(r"`+")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
_NOT_STRONG = re.compile(rf"[_<\\]|!\[|{_ENTITY_LIKE}")


def _code_spans(text: str) -> list[tuple[int, int, str]]:
    """(start, end, content) of each code span, by markdown-it's backtick rule.

    A run of N backticks opens a span that the next run of exactly N backticks closes; a run
    with no such closer is text (markdown-it's ``backticksScanned`` cache gives the same).
    One space is stripped from each end of the content when both ends have one and the content
    is not all spaces (U+0020: a no-break space is content). Valid only where nothing but code spans can
    take a backtick: callers refuse texts with escapes, HTML, entities, and links around backticks.
    """
    runs = [(match.start(), match.end()) for match in _BACKTICK_RUN.finditer(text)]
    spans: list[tuple[int, int, str]] = []
    index = 0
    while index < len(runs):
        start, end = runs[index]
        closer = next((j for j in range(index + 1, len(runs)) if runs[j][1] - runs[j][0] == end - start), None)
        if closer is None:
            index += 1
            continue
        content = text[end : runs[closer][0]]
        if content.startswith(" ") and content.endswith(" ") and content.strip(" "):  # only U+0020 counts
            content = content[1:-1]
        spans.append((start, runs[closer][1], content))
        index = closer + 1
    return spans


def _strong_and_links(text: str) -> InlineFeatures | None:
    """Features of a text whose only markup is code spans, ``**bold**``, ``*italics*`` and plain links; None
    for anything else.

    Nine in ten emphasis texts, and most texts with inline code, are such. Code spans are found
    first (``_code_spans``; HTML, entities and escapes may appear only inside them). Outside
    them, every ``*`` is in a run of one or two, none is in a link, there is no ``_``, and
    markdown-it's own ``scanDelims`` finds the runs alternately pure openers and pure closers,
    starting with an opener, each closer as long as its opener. markdown-it then pairs each closer
    with the opener just before it (a pure opener or closer is never an odd match, the rule of
    three) and makes each pair of two one ``<strong>``, each pair of one an ``<em>``, leaving no
    marker as text; so the features are the links, the code, one strong or emphasis per pair, and
    nothing else. Any other text takes markdown-it.
    """
    if _CONTROL.search(text):
        return None
    outside = text  # the text with code spans blanked out (same length: positions stay)
    code: tuple[str, ...] = ()
    if "`" in text:
        spans = _code_spans(text)
        if spans:
            parts = []
            position = 0
            for start, end, _content in spans:
                parts += [text[position:start], "x" * (end - start)]
                position = end
            parts.append(text[position:])
            outside = "".join(parts)
            code = tuple(content for _start, _end, content in spans)
    if _NOT_STRONG.search(outside):
        return None
    links: tuple[str, ...] = ()
    if "[" in outside or "]" in outside:
        for match in _PLAIN_LINK.finditer(outside):
            if "`" in text[match.start() : match.end()] or "*" in match.group(0):
                return None
        if _bracket_outside_links(outside):
            return None
        links = tuple(_normalize_link(target) for target in _PLAIN_LINK.findall(outside))
    opening = True
    pairs = [0, 0, 0]  # by run length: emphasis (1), strong (2)
    last = len(text) - 1
    opener = 0
    for run in _STAR_RUN.finditer(outside):
        start, end = run.span()
        length = end - start
        if length > 2:
            return None
        can_open, can_close = _star_flanking(text[start - 1] if start else " ", text[end] if end <= last else " ")
        if opening:
            if not (can_open and not can_close):
                return None
            opener = length
        else:
            if not (can_close and not can_open) or length != opener:
                return None
            pairs[length] += 1
        opening = not opening
    if not opening:
        return None  # an opener left without its closer
    return InlineFeatures(links, (), code, pairs[2], pairs[1], 0, ())


@lru_cache(maxsize=4096)
def _star_flanking(before: str, after: str) -> tuple[bool, bool]:
    """(can open, can close) of a ``**`` run between two characters: CommonMark's flanking rules.

    A ``*`` run opens when left-flanking and closes when right-flanking (spec 6.2, "delimiter run"),
    with whitespace and punctuation as markdown-it classes them (``markdown_it.common.utils``);
    only the character before the run and the one after count (a space at either end of the text).
    """
    from markdown_it.common.utils import isMdAsciiPunct, isPunctChar, isWhiteSpace

    last_punct = isMdAsciiPunct(ord(before)) or isPunctChar(before)
    next_punct = isMdAsciiPunct(ord(after)) or isPunctChar(after)
    last_space, next_space = isWhiteSpace(ord(before)), isWhiteSpace(ord(after))
    left_flanking = not (next_space or (next_punct and not (last_space or last_punct)))
    right_flanking = not (last_space or (last_punct and not (next_space or next_punct)))
    return left_flanking, right_flanking


def _stray_markers(content: str) -> int:
    return content.count("**") + content.count("__") if "**" in content or "__" in content else 0


# What markdown-it's ``normalizeLink`` gives back unchanged: ASCII letters and digits, and the
# characters mdurl's ``encode`` keeps, without ``%`` (an escape it may rewrite) and without
# anything its URL parser could read as a host that punycode would change (no non-ASCII).
_KEPT_URL = re.compile(r"[A-Za-z0-9;/?:@&=+$,\-_.!~*'()#]*")


@lru_cache(maxsize=16384)
def _normalize_link(url: str) -> str:
    """A link target as markdown-it normalizes it; most targets are already normal and skip its URL parser."""
    if _KEPT_URL.fullmatch(url):
        return url
    return markdown_parser().normalizeLink(url)


@lru_cache(maxsize=4096)
def normalize_tag(tag: str) -> str:
    """A tag as name and attributes (prose attributes' values left out), whatever its spacing or quoting."""
    if tag.startswith("</"):
        return tag.replace(" ", "").lower()
    if tag.startswith("<!--"):
        return "<!---->"
    tags = start_tags(tag)
    if not tags:
        return tag
    name, found = tags[0]
    attributes = " ".join(
        f"{key}" if key in TEXT_ATTRIBUTES else f"{key}={value}" for key, value in sorted(found.items())
    )
    return f"<{name}{' ' + attributes if attributes else ''}>"
