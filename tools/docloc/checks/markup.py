"""Checks of Markdown structure: links, images, inline code, emphasis, Microsoft tokens, HTML tags.

The texts are parsed with markdown-it-py (CommonMark), so a ``*`` inside inline code or a
``[`` that is not a link does not count; only Microsoft's ``[!NOTE]``/``[!INCLUDE …]``
tokens, which are not Markdown, are found by pattern.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

from ..markdown.parser import markdown_parser, parse_inline
from .registry import CheckContext, check
from .wording import code, count, few, is_are, listing, quote

MARKUP_TRIGGERS = "[`*_<!"  # a text with none of these has no Markdown features (``inline_features``)
_MARKUP_CHARS = re.compile(f"[{re.escape(MARKUP_TRIGGERS)}]")
_LOCALE_SEGMENT = re.compile(r"(?<=/)[a-z]{2}(?:-[a-z]{2,4})?(?=/|$)", re.IGNORECASE)
MS_TOKEN = re.compile(
    r"\[!(NOTE|TIP|IMPORTANT|CAUTION|WARNING|INCLUDE|VIDEO|div|row|column|code)\b((?:\[[^\]]*\]\([^)]*\)|[^\]])*)\]",
    re.I,
)
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
    if not _MARKUP_CHARS.search(text):
        return _EMPTY
    plain = _plain_links(text)
    if plain is not None:
        return InlineFeatures(plain, (), (), 0, 0, 0, ())
    simple = _strong_and_links(text)
    if simple is not None:
        return simple
    return markdown_it_features(text)


def markdown_it_features(text: str) -> InlineFeatures:
    """The features of a text from the site grammar's inline parse (what the shortcuts must equal)."""
    links: list[str] = []
    images: list[str] = []
    code: list[str] = []
    html: list[str] = []
    strong = emphasis = stray = 0
    for token in parse_inline(text):
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
    is not all spaces. Valid only where nothing but code spans can take a backtick: callers
    refuse texts with escapes, HTML, entities, and links around backticks.
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
        if content.startswith(" ") and content.endswith(" ") and content.strip():
            content = content[1:-1]
        spans.append((start, runs[closer][1], content))
        index = closer + 1
    return spans


def _strong_and_links(text: str) -> InlineFeatures | None:
    """Features of a text whose only markup is code spans, ``**bold**`` and plain links; None for anything else.

    Nine in ten emphasis texts, and most texts with inline code, are such. Code spans are found
    first (``_code_spans``; HTML, entities and escapes may appear only inside them). Outside
    them, every ``*`` is in a run of exactly two, none is in a link, there is no ``_``, and
    markdown-it's own ``scanDelims`` finds the runs alternately pure openers and pure closers,
    starting with an opener. markdown-it then pairs each closer with the opener just before it
    (a pure opener or closer is never an odd match, the rule of three) and makes each pair one
    ``<strong>``, leaving no marker as text; so the features are the links, the code, one strong
    per pair, and nothing else. Any other text takes ``_emphasis_and_links`` or markdown-it.
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
    pairs = 0
    last = len(text) - 1
    for run in _STAR_RUN.finditer(outside):
        start, end = run.span()
        if end - start != 2:
            return None
        can_open, can_close = _star_flanking(text[start - 1] if start else " ", text[end] if end <= last else " ")
        if opening and not (can_open and not can_close):
            return None
        if not opening:
            if not (can_close and not can_open):
                return None
            pairs += 1
        opening = not opening
    if not opening:
        return None  # an opener left without its closer
    return InlineFeatures(links, (), code, pairs, 0, 0, ())


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
    from ..markdown.tags import start_tags

    tags = start_tags(tag)
    if not tags:
        return tag
    name, found = tags[0]
    attributes = " ".join(
        f"{key}" if key in TEXT_ATTRIBUTES else f"{key}={value}" for key, value in sorted(found.items())
    )
    return f"<{name}{' ' + attributes if attributes else ''}>"


def normalize_url(url: str) -> str:
    """An absolute URL with its locale segment (``/en-us/``) made neutral; other targets as they are."""
    if "://" not in url:
        return url
    scheme, _, rest = url.partition("://")
    host, slash, path = rest.partition("/")
    neutral = _LOCALE_SEGMENT.sub("{locale}", slash + path, count=1)
    return f"{scheme.lower()}://{host.lower()}{neutral}"


def _missing_and_extra(source: tuple[str, ...], target: tuple[str, ...]) -> tuple[list[str], list[str]]:
    if source == target:
        return [], []
    want, have = Counter(source), Counter(target)
    return sorted((want - have).elements()), sorted((have - want).elements())


def _quoted(items: list[str], show: Callable[[str], str] = quote) -> str:
    """Items as a message shows them: each quoted whole, the first three, then how many more."""
    return listing(show(item) for item in items)


def _noun(noun: str, items: list[str]) -> str:
    """``link to`` for one item, ``links to`` for several: the first word takes the plural."""
    if len(items) == 1:
        return noun
    first, _, rest = noun.partition(" ")
    return f"{first}s {rest}".rstrip()


def _keep_and_remove(noun: str, missing: list[str], extra: list[str], show: Callable[[str], str] = quote) -> str:
    """What to do about items the translation lacks or adds: ``keep the link to 'a.md'; remove …``."""
    advice = []
    if missing:
        advice.append(f"keep the {_noun(noun, missing)} {_quoted(missing, show)}")
    if extra:
        advice.append(f"remove the {_noun(noun, extra)} {_quoted(extra, show)}, which the English does not have")
    return "; ".join(advice)


@check(
    "links",
    "error",
    "Markdown links: same number, same targets (absolute URLs may change only their locale)",
    triggers=MARKUP_TRIGGERS,
)
def check_links(source: str, target: str, context: CheckContext) -> str | None:
    src, tgt = inline_features(source).links, inline_features(target).links
    if src == tgt:
        return None
    missing, extra = _missing_and_extra(tuple(map(normalize_url, src)), tuple(map(normalize_url, tgt)))
    if len(src) != len(tgt):
        return f"the English has {count(len(src), 'link')}, the translation {few(len(tgt))}: " + _keep_and_remove(
            "link to", missing, extra
        )
    if missing or extra:
        return (
            f"the translation links to {_quoted(extra)} where the English links to {_quoted(missing)}: "
            "link to the English's targets (an absolute URL may change only its locale)"
        )
    return None


@check("images", "error", "Images kept: same number and the same image files", triggers=MARKUP_TRIGGERS)
def check_images(source: str, target: str, context: CheckContext) -> str | None:
    src, tgt = inline_features(source).images, inline_features(target).images
    if src == tgt:
        return None
    missing, extra = _missing_and_extra(src, tgt)
    if len(src) != len(tgt):
        return f"the English has {count(len(src), 'image')}, the translation {few(len(tgt))}: " + _keep_and_remove(
            "image", missing, extra
        )
    if missing or extra:
        return (
            f"the translation shows the image {_quoted(extra)} where the English shows {_quoted(missing)}: "
            "keep the English's image files"
        )
    return None


@check(
    "inline-code",
    "error",
    "Inline code (`…`) is copied unchanged: it is a name, a command or a value",
    triggers=MARKUP_TRIGGERS,
)
def check_inline_code(source: str, target: str, context: CheckContext) -> str | None:
    missing, extra = _missing_and_extra(inline_features(source).code, inline_features(target).code)
    if missing and extra:
        return (
            f"the translation has {_quoted(extra, code)} where the English has {_quoted(missing, code)}: "
            "copy inline code unchanged, it is a name, a command or a value"
        )
    if missing:
        return (
            f"the code {_quoted(missing, code)} of the English {is_are(missing)} missing: "
            f"copy {'it' if len(missing) == 1 else 'them'} unchanged"
        )
    if extra:
        return (
            f"the code {_quoted(extra, code)} {is_are(extra)} not in the English: "
            "mark as code only what the English does"
        )
    return None


_BOLD = re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1")
_ITALIC = re.compile(r"(?<![*_\w])([*_])(?=[^\s*_])(.+?)(?<=[^\s*_])\1(?![*_\w])")


def _spans(count_of: int, noun: str, shown: list[str]) -> str:
    """``2 bold spans (**Admin**, **Support**)``: a count, and the English's spans when they can be shown."""
    described = count(count_of, f"{noun} span")
    return f"{described} ({listing(shown)})" if shown and len(shown) == count_of else described


@check(
    "emphasis",
    "warning",
    "Bold and italic: as many spans as the English, and none left unclosed",
    triggers=MARKUP_TRIGGERS,
)
def check_emphasis(source: str, target: str, context: CheckContext) -> str | None:
    src, tgt = inline_features(source), inline_features(target)
    if tgt.stray_markers > src.stray_markers:
        return "a ** or __ marker is not closed, so it shows as text: close the bold or remove the marker"
    if (src.strong, src.emphasis) == (tgt.strong, tgt.emphasis):
        return None
    bold, italic = src.strong != tgt.strong, src.emphasis != tgt.emphasis
    english = []
    if bold:
        english.append(_spans(src.strong, "bold", [f"**{m.group(2)}**" for m in _BOLD.finditer(source)]))
    if italic:
        english.append(
            _spans(src.emphasis, "italic", [f"*{m.group(2)}*" for m in _ITALIC.finditer(_BOLD.sub(" ", source))])
        )
    if bold and italic:
        theirs = f"{tgt.strong or 'no'} bold and {tgt.emphasis or 'no'} italic"
    else:
        theirs = few(tgt.strong if bold else tgt.emphasis)
    kind = " and ".join(k for k, differs in (("bold", bold), ("italic", italic)) if differs)
    if tgt.strong > src.strong or tgt.emphasis > src.emphasis:
        advice = f"make {kind} only what the English does"
    else:
        advice = f"mark the same words {kind} as the English does"
    return f"the English has {' and '.join(english)}, the translation {theirs}: {advice}"


def ms_tokens(text: str) -> tuple[str, ...]:
    """Microsoft's alert and include tokens; alert names are compared without case (>[!Note] is >[!NOTE])."""
    if "[!" not in text:
        return ()
    found = []
    for match in MS_TOKEN.finditer(text):
        name, rest = match.group(1), match.group(2)
        found.append(f"[!{name.upper()}{rest}]" if name.upper() != "INCLUDE" else match.group(0))
    return tuple(found)


def _tokens_and_tags(noun: str, missing: list[str], extra: list[str], keep: str) -> str | None:
    """The message of the token and tag checks: what is missing, what is added, and what to do."""
    if missing and extra:
        return (
            f"the translation has the {_noun(noun, extra)} {_quoted(extra)} where the English has "
            f"{_quoted(missing)}: {keep}"
        )
    if missing:
        return f"the {_noun(noun, missing)} {_quoted(missing)} of the English {is_are(missing)} missing: {keep}"
    if extra:
        return f"the {_noun(noun, extra)} {_quoted(extra)} {is_are(extra)} not in the English: {keep}"
    return None


@check("ms-tokens", "error", "Microsoft tokens ([!NOTE], [!IMPORTANT], [!INCLUDE …]) are kept unchanged", triggers="[")
def check_ms_tokens(source: str, target: str, context: CheckContext) -> str | None:
    missing, extra = _missing_and_extra(ms_tokens(source), ms_tokens(target))
    return _tokens_and_tags("token", missing, extra, "copy Microsoft's tokens unchanged, they are not translated")


@check(
    "html-tags",
    "error",
    "HTML tags and their attributes are the English's (prose attributes like alt excepted)",
    triggers="<",
)
def check_html_tags(source: str, target: str, context: CheckContext) -> str | None:
    if "<" not in source and "<" not in target:
        return None
    missing, extra = _missing_and_extra(inline_features(source).html_tags, inline_features(target).html_tags)
    return _tokens_and_tags(
        "tag", missing, extra, "keep the English's HTML tags and attributes (only prose such as alt is translated)"
    )
