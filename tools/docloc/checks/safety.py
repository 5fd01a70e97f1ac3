"""The safety rule: a translation may produce only the structure its English produces on the site.

Translations are untrusted input to a web page. ``judge_article`` decides, for ``docloc check``
and the site build alike, which translated segments of a page must not be published:

* each segment alone: rendered as the site renders it (``markdown.structure``), the translation
  may use only elements the English has, with the same attributes (prose attributes such as
  ``alt`` aside), and link or image targets only the English's (an absolute URL may change its
  locale segment);
* each segment in its page: a translation that could reach beyond its own text (a line break,
  a table cell separator, a delimiter the segment leaves unpaired, a line-start that could open
  a block) is judged by rendering the whole page and comparing its blocks with the English
  page's; a segment that changes them is refused.

A refused segment is published in English and reported with its PO entry (check id
``unsafe-markup``).
"""

from __future__ import annotations

import html
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import lru_cache

from ..catalog.conventions import CONTENT_LOCALE_HEADER, content_locale, source_record
from ..catalog.states import is_translated
from ..errors import DoclocError
from ..markdown.render import RESERVED
from ..markdown.segmenter import block_starts
from ..markdown.structure import (
    CONTEXT_CHARACTER,
    CONTEXT_CHARACTERS,
    FORMATTING,
    BlockStructure,
    block_syntax,
    escape_line_start,
    inline_structure,
    list_item_start,
    may_have_structure,
    opens_line,
    page_structure,
    url_scheme,
)
from ..markdown.tags import end_tags, start_tag_texts, start_tags
from ..model import Segment
from .page import PageUnderCheck
from .registry import CheckContext, Finding, check, page_check

CHECK_ID = "unsafe-markup"
_NO_MARKERS = str.maketrans("", "", RESERVED)
_RESERVED = re.compile(f"[{RESERVED}]")
# In a page title or description, these would break the front matter's line (YAML line breaks).
_FIELD_BREAKING = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")
SCRIPT_SCHEMES = frozenset({"javascript", "vbscript", "data", "file", "livescript", "mocha"})
_MAX_ROUNDS = 64  # page-level rounds: each refuses at least one segment; past them, every sensitive one


def _describe(signature: str) -> str:
    signature = signature.removeprefix("html:")
    tag = signature.strip("<>/").split(" ")[0]
    if signature.startswith("</"):
        return f"a closing </{tag}> tag"
    if " on" in f" {signature[1:]}":
        return f"an event handler in <{tag}>"
    return f"a <{tag}> element" if tag else "markup"


_NOTHING: Counter[str] = Counter()  # read only


@lru_cache(maxsize=65536)
def segment_refusal(source: str, target: str) -> str | None:
    """Why ``target`` may not stand for ``source`` on the site (the segment judged alone), or None.

    Cached: a pure function of the two texts, and one sentence in six that ``judge_article`` reads
    with markup recurs across the pages of a project (on the corpus).
    """
    if not may_have_structure(target):
        return None
    translation = inline_structure(target)
    # Many translations with markup have no URL and no element but formatting (bold, code): the English's
    # structure cannot take anything away from what they add then, and is not read.
    urls, elements = translation.urls, translation.elements
    if not urls and not elements.keys() - FORMATTING:
        new_urls = new_elements = _NOTHING
    else:
        english = inline_structure(source)
        new_urls = urls - english.urls if urls else _NOTHING
        new_elements = elements - english.elements if elements else _NOTHING
    schemes = {url_scheme(url) for url in new_urls} & SCRIPT_SCHEMES
    spelled = script_schemes(target)
    if spelled:
        schemes |= spelled - script_schemes(source)
    if schemes:
        return f"the translation adds a {min(s for s in schemes if s)}: URL that the English does not have"
    added = [signature for signature in new_elements if signature not in FORMATTING]
    if added:
        signature = min(added, key=_gravity)
        shown = signature.removeprefix("html:")
        return f"the translation adds {_describe(signature)} that the English does not have ({shown})"
    if new_urls:
        return f"the translation links to {min(new_urls)!r}, which the English does not link to"
    return None


# A scheme at the start or after one of these characters (spaces before it end in a space, which is one of
# them): written as a look-behind, so that a long run of spaces is not scanned again from each of its
# characters (quadratic: 30 000 spaces took 13 s).
_SCRIPT_URL = re.compile(
    r"(?:^|(?<=[(<\"'=\s\]]))(javascript|vbscript|livescript|mocha|data(?=:[\w.+-]+/[\w.+-]+[;,]))\s*:", re.IGNORECASE
)
_HIDDEN = re.compile(r"[\x00-\x1f\x7f\u200b-\u200f\u2060-\u2064\ufeff]")


def script_schemes(text: str) -> set[str]:
    """Script URL schemes spelled in ``text`` where a link target or attribute could hold them, as a
    browser would read them (entities decoded, control and invisible characters ignored).

    The site's renderer refuses such links (they show as text), but a translation that tries one is
    reported all the same: the translator or their tool meant something by it.
    """
    if ":" not in text and "&" not in text:
        return set()
    decoded = _HIDDEN.sub("", html.unescape(text))
    return {match.group(1).lower() for match in _SCRIPT_URL.finditer(decoded)}


def _gravity(signature: str) -> tuple[bool, bool, str]:
    """Report what matters most first: script and handlers, opening tags before closing ones."""
    dangerous = any(word in signature for word in ("script", "iframe", " on", "javascript", "svg", "object", "embed"))
    return (not dangerous, signature.removeprefix("html:").startswith("</"), signature)


def field_refusal(source: str, target: str) -> str | None:
    """Why a front-matter field's translation (a page title, a description) is not plain text.

    Fields reach the page's ``<title>``, ``<meta>`` and navigation, where the site escapes them;
    markup or quotes the English does not have are reported all the same.
    """
    reason = segment_refusal(source, target)
    if reason:
        return reason
    for char in "<>":
        if target.count(char) > source.count(char):
            return (
                f"the translation adds {char!r}, which a page title, a description or an interface string does not need"
            )
    if target.count('"') > source.count('"') and _ATTRIBUTE_SHAPE.search(target):  # German „…" titles are prose
        return (
            'the translation adds \'"\' next to an attribute (name="…"), which a page title, a description or an '
            "interface string does not need"
        )
    if "<" in source:  # an interface text with markup (the footer's licence link) is written as raw HTML
        reason = html_refusal(source, target)
        if reason:
            return reason
    if len(target.splitlines()) > len(source.splitlines()):
        return "the translation adds a line break; a page title, a description or an interface string is one line"
    added = set(_CHARACTER_REFERENCE.findall(target)) - set(_CHARACTER_REFERENCE.findall(source))
    if added:
        return (
            f"the translation adds the character reference {sorted(added)[0]!r}: "
            "write the character itself (the site escapes plain text)"
        )
    return None


_VOID = frozenset(
    {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
)


def _tag_key(tag: tuple[str, dict[str, str]]) -> tuple[str, tuple[tuple[str, str], ...]]:
    name, attributes = tag
    return name.lower(), tuple(sorted((key.lower(), value) for key, value in attributes.items()))


def html_refusal(source: str, target: str) -> str | None:
    """Why ``target`` may not stand for ``source`` where both are written as raw HTML, or None.

    The theme writes an interface text with markup (mkdocs.yml's ``copyright``, a licence link) into
    every page as it is: no Markdown parser stands between it and the browser, so judging it as
    Markdown (``segment_refusal``) misses what Markdown reads as text and a browser as a tag
    (``<img/src=x/onerror=…>``, ``<a/href=…>``). Read as a browser reads HTML (the standard
    library's parser tokenizes tags as HTML5 does): every start tag must be one of the English's,
    the same element with the same attributes and values, written as the English writes it (where
    the parser and a browser read attributes apart: ``tags.start_tag_texts``); every end tag one the
    English has, written ``</name>``; the elements left open the English's; and every "<" must open
    one of those tags (no comment, declaration or processing instruction, which would swallow the
    page after it).
    """
    if "<" not in target:
        return None
    starts, english_starts = start_tags(target), start_tags(source)
    added = Counter(map(_tag_key, starts)) - Counter(map(_tag_key, english_starts))
    if added:
        name, attributes = min(added)
        shown = " ".join([name, *(f"{key}={value}" for key, value in attributes)])
        return f"the translation adds a <{name}> element that the English does not have (<{shown}>)"
    written = Counter(start_tag_texts(target)) - Counter(start_tag_texts(source))
    if written:  # the same elements and attributes to the standard library's parser, yet not to a browser's
        return f"the translation writes a tag otherwise than the English does ({min(written)}): copy the English's tags"
    ends = Counter(name.lower() for name in end_tags(target))
    english_ends = Counter(name.lower() for name in end_tags(source))
    if ends - english_ends:
        return f"the translation adds a closing </{min(ends - english_ends)}> tag that the English does not have"
    plain = Counter(name.lower() for name in _PLAIN_END_TAG.findall(target))
    if plain != ends and Counter(name.lower() for name in _PLAIN_END_TAG.findall(source)) == english_ends:
        return "the translation writes a closing tag otherwise than </name>, which a browser may not read as one"

    def left_open(tags: tuple, closed: Counter[str]) -> Counter[str]:
        opened = Counter(name.lower() for name, _ in tags if name.lower() not in _VOID)
        return Counter({name: opened[name] - closed[name] for name in opened | closed})

    if left_open(starts, ends) != left_open(english_starts, english_ends) or _closes_early(target):
        return "the translation leaves an element open or closed that the English does not (its closing tag)"
    loose = target.count("<") - len(starts) - sum(ends.values())
    if loose > source.count("<") - len(english_starts) - sum(english_ends.values()):
        return 'the translation adds a "<" that opens no element of the English (a comment or other markup)'
    return None


def _closes_early(html: str) -> bool:
    """Whether a closing tag of ``html`` comes before its element opens: a browser ignores it, and the
    element it opens later stays open."""
    opened: Counter[str] = Counter()
    for closing, name in _TAG_NAME.findall(html):
        name = name.lower()
        if closing:
            if not opened[name]:
                return True
            opened[name] -= 1
        elif name not in _VOID:
            opened[name] += 1
    return False


_TAG_NAME = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9]*)")
# A closing tag as the English writes them, which a browser reads as the standard library's parser does
# ("</\xa0a>" or "</a\x00=>" is a closing tag to the parser, a comment or nothing to a browser: the element stays open).
_PLAIN_END_TAG = re.compile(r"</([A-Za-z][A-Za-z0-9]*)>")
# What a quote would need to break out of an HTML attribute into another: name="value", or a quote then a name=.
# A name is matched from its first character only (a look-behind), else a long name is scanned again from
# each of its characters (quadratic).
_ATTRIBUTE_SHAPE = re.compile(r"""(?<![\w:-])[\w:-]+\s*=\s*["']|"\s*[\w:-]+\s*=""")
# An HTML character reference (named, decimal or hexadecimal), as in a plain-text field it only hides markup.
_CHARACTER_REFERENCE = re.compile(r"&(?:#[0-9]{1,8}|#[xX][0-9a-fA-F]{1,8}|[A-Za-z][A-Za-z0-9]{1,31});")


def reaches_beyond(source: str, target: str) -> bool:
    """Whether ``target`` (placed where its English stands) could change the page around it.

    Only then is it judged in its page: a line break (a new line may open a block), a table cell
    separator the English does not have, a delimiter the inline parser leaves unpaired beyond what
    the English leaves, or one at either end of the text (it may pair with the page's text next to
    it), or a "<" the English does not have however it is written, or markup read as a browser reads
    HTML (``html_refusal``) that the English does not have (raw HTML reads no Markdown: code spans
    and escapes do not keep it text there). A translation that opens a line has already had its block
    marker escaped.
    """
    if "\n" not in target and not CONTEXT_CHARACTER.search(target):
        return False  # no line break, no character that could stay loose: nothing of the below can hold
    if "<" in target and (target.count("<") > source.count("<") or html_refusal(source, target)):
        # In raw HTML (an HTML table's cell) no escape or code span keeps a "<" from opening a tag: a "<" the
        # English lacks, or tags, URLs or a comment a browser reads where the English has others
        # (`<img onerror>` in code spans, with the English's "<" count), are judged in the page.
        return True
    translation = inline_structure(target)
    if translation.breaks or translation.loose_edge:
        return True
    if target.count("|") - target.count("\\|") > source.count("|") - source.count("\\|"):
        return True
    return bool(translation.loose) and bool(translation.loose - inline_structure(source).loose)


@dataclass(frozen=True)
class Judgement:
    """What a translated page may show: per segment, the text to publish (None: its English)."""

    published: list[str | None]
    refused: dict[int, str]  # segment index → why its translation is not published


def judge_article(segments: Sequence[Segment], chunks: Sequence[str], regions: bool = True) -> Judgement:
    """Which translations of a page may be published, and as what text; why the others may not.

    ``segments`` carry the English (``source``) and the translation (``target``, '' for none);
    ``chunks`` the page's text around them (``Article.chunks`` of a page without front matter).
    A translation that opens a block (``structure.opens_line``) is placed with its leading block
    marker escaped (a Czech date "17. prosince" stays text, as its English is), then judged; a list
    marker its English starts with too stays (the English's list item).
    ``regions`` False renders whole pages where ``_refused_in_page`` would render parts (the reference).
    """
    placed: list[Segment] = []
    starts: dict[int, str] = {}  # translations that would open a block of their own
    line = ""  # the page's current line up to the segment
    for chunk, segment in zip(chunks, segments):
        line = _line_after(line, chunk)
        target = segment.target
        if target:
            if _RESERVED.search(target):
                target = target.translate(_NO_MARKERS)  # the renderer's own characters are never content
            if opens_line(line):
                target, reason = _placed_at_line_start(segment.source, target)
                if reason:
                    starts[len(placed)] = reason
        placed.append(segment if target == segment.target else replace(segment, target=target))
        line = _line_after(line, segment.source)
    refused: dict[int, str] = {}
    sensitive: list[int] = []
    for index, segment in enumerate(placed):
        source, target = segment.source, segment.target
        if not target:
            continue
        plain = plain_text(target)  # four translations in five
        if target != source:
            if plain:
                reason = starts.get(index) or oversized(source, target)
            else:
                reason = (
                    starts.get(index)
                    or oversized(source, target)
                    or _reserved_characters(target)
                    or _control_characters(source, target)
                    or segment_refusal(source, target)
                )
            if reason:
                refused[index] = reason
                continue
        if not plain and reaches_beyond(source, target):
            sensitive.append(index)
    if sensitive:
        refused |= _refused_in_page(placed, chunks, refused, sensitive, regions)
    published = [s.target if s.target and i not in refused else None for i, s in enumerate(placed)]
    return Judgement(published, refused)


def _placed_at_line_start(source: str, target: str) -> tuple[str, str | None]:
    """A translation that opens a block, as placed there, and why it may not stand there (or None).

    The list markers its English sentence holds too stay (the English's own list item); a leading
    block marker after them is escaped (``structure.escape_line_start``). Refused: a translation
    without the English's list marker (the item would be lost), or one opening another kind of block.
    Both starting with a letter (most sentences): no list marker, block syntax or blank starts either
    (each starts with a blank, a digit or punctuation), so the translation stands as it is.
    """
    if source[:1].isalpha() and target[:1].isalpha():
        return target, None
    marker = ""
    while (english_item := list_item_start(source)) and (item := list_item_start(target)):
        if item.strip() != english_item.strip():
            break
        marker += english_item.lstrip(" \t")
        source, target = source[len(english_item) :], target[len(item) :]
    reason = None
    english_item = list_item_start(source)
    if english_item:  # escaped or left out, the English's list item would be a paragraph
        reason = (
            f"the translation does not start with its English's list marker ({english_item.strip()!r}): "
            "the list item would be lost"
        )
    else:
        syntax = block_syntax(target)
        if syntax is not None and block_syntax(source) != syntax:
            reason = (
                f"the translation starts with Markdown block syntax ({syntax!r}) where its English "
                "starts a line with text"
            )
    return marker + escape_line_start(target), reason


# A translation this much longer than its English, or with this many more "[" (the inline parser's
# link rule is quadratic in nested brackets: 2 000 of them take seconds), is not parsed at all.
_MAX_GROWTH, _MAX_EXTRA_LENGTH, _MAX_EXTRA_BRACKETS = 10, 2000, 50


# A translation with none of these characters, placed where its English stands, is plain text that reaches
# nowhere: no markup character (``structure.may_have_structure``), no character that could stay loose
# (``structure.CONTEXT_CHARACTERS``), no line break or other control character, no character reference,
# no character the site reserves.
_PLAIN_TEXT_SCREEN = re.compile(f"[\\x00-\\x1f\\x7f-\\x9f\\u2028\\u2029{re.escape(CONTEXT_CHARACTERS)}{RESERVED}]|:::")


def plain_text(target: str) -> bool:
    """Whether ``target`` passes the screen ``judge_article`` reads it with: then only its placement at a
    line start or its size may refuse it, and it is never judged in its page. Each of
    ``_reserved_characters``, ``_control_characters``, ``segment_refusal`` and ``reaches_beyond`` needs
    a character the screen looks for (tests/test_checks.py runs them all on what it lets through)."""
    return _PLAIN_TEXT_SCREEN.search(target) is None


def oversized(source: str, target: str) -> str | None:
    """Why ``target`` is refused unread: far longer than its English, or with far more brackets."""
    if len(target) > _MAX_GROWTH * len(source) + _MAX_EXTRA_LENGTH:
        return f"the translation is {len(target)} characters long, its English {len(source)}"
    if target.count("[") > source.count("[") + _MAX_EXTRA_BRACKETS:
        return f"the translation has {target.count('[')} '[', its English {source.count('[')}"
    return None


@check(
    "size",
    "error",
    "The translation is far longer than its English, or has far more brackets (not read further)",
)
def check_size(source: str, target: str, context: CheckContext) -> str | None:
    reason = oversized(source, target)
    return f"{reason}: shorten it; the site publishes the English sentence instead" if reason else None


# Control characters and the line and paragraph separators other than "\n" and "\t": invisible on the page,
# yet a line break to some readers (Python's str.splitlines, JavaScript, CommonMark's "\r") and not to others.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029]")


def _control_characters(source: str, target: str) -> str | None:
    """A translation with a control character or line separator its English lacks: the tools that read the
    page would disagree on where its lines are, and no sentence needs one."""
    if not _CONTROL.search(target):
        return None
    added = set(_CONTROL.findall(target)) - set(_CONTROL.findall(source))
    if added:
        return f"the translation holds the invisible character U+{ord(min(added)):04X} that its English does not"
    return None


def _reserved_characters(target: str) -> str | None:
    """A translation that spells, as character references, the private-use characters the site marks its
    own spans and comments with: the renderer would decode them into marks nobody placed."""
    if "&#" in target and _RESERVED.search(html.unescape(target)):
        return "the translation holds character references to characters the site reserves for itself"
    return None


def _line_after(line: str, text: str) -> str:
    """The current line once ``text`` follows ``line``."""
    at = text.rfind("\n")
    return text[at + 1 :] if at != -1 else line + text


def _refused_in_page(
    segments: list[Segment],
    chunks: Sequence[str],
    refused: dict[int, str],
    sensitive: list[int],
    regions: bool = True,
) -> dict[int, str]:
    """The sensitive segments that change the page's blocks, found by rendering the page.

    With ``regions``, only the stretches of the page that hold a sensitive segment are rendered
    (``_region_difference``); without, the whole page: the reference the regions are compared with
    (tests/test_checks.py, on every translated page of the corpus and on hostile translations).
    """
    found = dict(refused)
    english_text = _body(segments, chunks, {}, use_targets=False)
    english_regions: dict[tuple[int, int], list[BlockStructure]] = {}
    english: list[BlockStructure] | None = None
    for _ in range(_MAX_ROUNDS):
        body, lines = _body_with_lines(segments, chunks, found)
        watched = {line for i in sensitive if i not in found for line in range(lines[i][0], lines[i][1] + 1)}
        difference = _region_difference(english_text, body, watched, english_regions) if regions else None
        if difference is _UNSURE or not regions:
            if english is None:
                english = page_structure(english_text)
            difference = _first_difference(english, page_structure(body), watched)
        if difference is None:
            break
        first, last = difference
        culprits = [i for i in sensitive if i not in found and first <= lines[i][1] and lines[i][0] <= last]
        if not culprits:
            culprits = [i for i in sensitive if i not in found and lines[i][0] <= last]
        if not culprits:
            culprits = [i for i in sensitive if i not in found]
        if not culprits:
            break
        for index in culprits:
            found[index] = (
                "the translation changes the structure of the page around it (a line break, a table cell, "
                "or markup that pairs with text outside the sentence)"
            )
    else:  # the rounds ran out with the last culprits' page not rendered: what is left is not known safe
        for index in sensitive:
            found.setdefault(
                index,
                f"the page has more than {_MAX_ROUNDS} places where translations change its structure; "
                "those left are not judged one by one",
            )
    return {index: reason for index, reason in found.items() if index not in refused}


_UNSURE = (-1, -1)  # the regions cannot tell: render the whole page


def _region_difference(
    english_text: str, body: str, watched: set[int], cache: dict[tuple[int, int], list[BlockStructure]]
) -> tuple[int, int] | None:
    """``_first_difference`` of the two pages, rendering only the regions that hold a line of ``watched``.

    A region runs from a line where a top-level block starts in both pages to the next such line
    (``segmenter.block_starts``: lines that parse alone as in the whole page), so its blocks are the
    page's. Only where both pages have the same lines (no translation added or removed a line
    break) and no link reference definition (it serves the whole page); else ``_UNSURE``. Regions
    without a watched line hold only translations judged alone already, as a page with no
    sensitive segment is.
    """
    if english_text.count("\n") != body.count("\n") or "]:" in english_text or "]:" in body:
        return _UNSURE
    if "\r" in english_text or "\0" in english_text or "\r" in body or "\0" in body:
        return _UNSURE  # the parser normalizes these; block_starts reads lines as they are
    english_lines, lines = english_text.split("\n"), body.split("\n")
    starts = sorted(set(block_starts(english_lines)) & set(block_starts(lines)))
    bounds = [*starts, len(lines)]
    for first, end in zip(bounds, bounds[1:]):
        if not any(first <= line < end for line in watched):
            continue
        english = cache.get((first, end))
        if english is None:
            english = cache[(first, end)] = _shifted(page_structure("\n".join(english_lines[first:end])), first)
        translated = _shifted(page_structure("\n".join(lines[first:end])), first)
        difference = _first_difference(english, translated, watched)
        if difference is not None:
            return difference[0], min(difference[1], end - 1)
    return None


def _shifted(blocks: list[BlockStructure], first: int) -> list[BlockStructure]:
    """Blocks of a region with their lines counted from the page's first line."""
    if first:
        for block in blocks:
            if block.first >= 0:
                block.first += first
                block.last += first
    return blocks


def _body(segments: Sequence[Segment], chunks: Sequence[str], refused: dict[int, str], use_targets: bool) -> str:
    parts = []
    for index, (chunk, segment) in enumerate(zip(chunks, segments)):
        parts.append(chunk)
        parts.append(segment.target if use_targets and segment.target and index not in refused else segment.source)
    parts.append(chunks[-1])
    return "".join(parts)


def _body_with_lines(
    segments: Sequence[Segment], chunks: Sequence[str], refused: dict[int, str]
) -> tuple[str, list[tuple[int, int]]]:
    """The translated body and the 0-based (first, last) line of each segment in it."""
    parts: list[str] = []
    lines: list[tuple[int, int]] = []
    line = 0
    for index, (chunk, segment) in enumerate(zip(chunks, segments)):
        parts.append(chunk)
        line += chunk.count("\n")
        text = segment.target if segment.target and index not in refused else segment.source
        parts.append(text)
        lines.append((line, line + text.count("\n")))
        line += text.count("\n")
    parts.append(chunks[-1])
    return "".join(parts), lines


def _first_difference(
    english: list[BlockStructure], translated: list[BlockStructure], lines: set[int]
) -> tuple[int, int] | None:
    """The (first, last) lines of the translated page where its blocks first differ from the English's.

    Blocks are compared in order; running text only where it holds a line of ``lines`` (the lines of
    the translations that could reach beyond their sentence): elsewhere it is the segments' own,
    judged alone already.
    """
    for mine, theirs in zip(translated, english):
        inline = any(line in lines for line in range(mine.first, mine.last + 1))
        if not theirs.admits(mine, inline):
            return max(mine.first, 0), max(mine.last, mine.first, 0)
    if len(translated) != len(english):
        extra = translated[len(english)] if len(translated) > len(english) else translated[-1] if translated else None
        return (max(extra.first, 0), 1 << 30) if extra else (0, 1 << 30)
    return None


def _header_findings(page: PageUnderCheck) -> list[Finding]:
    """The catalog header is untrusted too: its record of Microsoft's front matter (which ``docloc export``
    writes out) must have the shape the import writes, and its content locale (the ``{locale}`` of
    external links) must be a locale name."""
    findings = []
    try:
        source_record(page.catalog, page.file)
    except DoclocError as error:
        findings.append(
            Finding(CHECK_ID, "error", f"{error.message}: the export refuses it", page.file, 1, "", page.language)
        )
    raw = (page.catalog.metadata.get(CONTENT_LOCALE_HEADER) or "").strip()
    if raw and content_locale(page.catalog) is None:
        message = f"the header {CONTENT_LOCALE_HEADER} {raw!r} is not a locale name such as cs-CZ: correct it"
        findings.append(Finding(CHECK_ID, "error", message, page.file, 1, "", page.language))
    return findings


def refusal_message(reason: str) -> str:
    """A refusal as ``docloc check`` says it: what is wrong, then what to do."""
    return f"{reason}: remove it; the site publishes the English sentence instead"


@page_check(
    CHECK_ID,
    "error",
    "The translation adds markup, a link target or structure its English does not have (published in English)",
)
def check_unsafe_markup(page: PageUnderCheck) -> list[Finding]:
    """The translations ``judge_article`` refuses, each at its PO entry: the build publishes their English."""
    findings = []
    if page.catalog is not None:
        findings += _header_findings(page)
        fields = page.project.config.translated_fields
        for entry in page.catalog:
            # Page titles and descriptions, and every string of an interface catalog, are plain text.
            if (page.interface or entry.msgctxt in fields) and is_translated(entry):
                reason = field_refusal(entry.msgid, entry.msgstr)
                if reason:
                    message = f"{reason}: remove it; the site shows it as plain text"
                    where = ":".join(entry.occurrences[0]) if entry.occurrences else page.english_ref
                    findings.append(
                        Finding(CHECK_ID, "error", message, page.file, entry.linenum, where, page.language, entry.msgid)
                    )
    if page.judgement is None:
        return findings
    for index, reason in page.judgement.refused.items():
        entry, segment = page.entries[index], page.segments[index]
        message = refusal_message(reason)
        where = f"{page.english_ref}:{segment.line}"
        findings.append(
            Finding(CHECK_ID, "error", message, page.file, entry.linenum, where, page.language, entry.msgid)
        )
    return findings


def unsafe_markup(source: str, target: str) -> str | None:
    """The segment-alone judgement, under the name callers used (``segment_refusal``)."""
    return segment_refusal(source, target)


__all__ = [
    "CHECK_ID",
    "Judgement",
    "html_refusal",
    "judge_article",
    "reaches_beyond",
    "segment_refusal",
    "unsafe_markup",
]
