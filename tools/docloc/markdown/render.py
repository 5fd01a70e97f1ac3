"""Markdown to the HTML the site shows: markdown-it's rendering, with the page's links mapped.

The site renders every page, in every language, with this function (not with Python-Markdown):
Microsoft writes CommonMark for Markdig, and the checks judge translations with the same parser,
so what a check accepts is what a reader sees.

English fallbacks in a translated page are marked in the Markdown with two private-use
characters around the segment (``FALLBACK_OPEN`` … ``FALLBACK_CLOSE``): to the parser they are
letters, so they change no structure, and the rendered HTML gets ``<span lang="en">`` there (or,
where a span cannot go, such as inside an attribute or code, nothing).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from html import escape

from markdown_it.token import Token

from .headings import Heading
from .parser import markdown_parser

FALLBACK_OPEN = "\ue000"
FALLBACK_CLOSE = "\ue001"
# A fallback whose translation awaits review because the English changed: marked for readers too.
OUTDATED_OPEN = "\ue004"
OUTDATED_CLOSE = "\ue005"
MARKERS = FALLBACK_OPEN + FALLBACK_CLOSE + OUTDATED_OPEN + OUTDATED_CLOSE
# Private-use characters the site uses for its own marks (these, and the sanitizer's): never
# content, so they are taken out of every translation.
RESERVED = MARKERS + "\ue002\ue003"

# url(target, kind) -> the target to write; kind is "link" or "image".
UrlMap = Callable[[str, str], str]
# label(english, context=None) -> the interface text in the page's language.
Label = Callable[..., str]


@dataclass(frozen=True)
class RenderedDocument:
    html: str
    headings: list[Heading]

    @property
    def title(self) -> str | None:
        """The first H1's text, which names the page when its front matter does not."""
        return next((h.text for h in self.headings if h.level == 1), None)


def render_document(
    text: str,
    *,
    heading_ids: list[str] | None = None,
    url: UrlMap | None = None,
    label: Label | None = None,
    include: Callable[[str], str] | None = None,
    fallback_lang: str = "en",
    outdated_note: str = "",
) -> RenderedDocument:
    """``text`` (Markdown without front matter) as HTML.

    ``heading_ids`` are given to the headings in order (the English page's, on a translated
    page); ``url`` maps link and image targets; ``label`` translates interface texts (alert
    titles); ``include`` renders a DocFX include's file; ``outdated_note`` is the tooltip of English
    shown because its translation awaits an update.
    """
    parser = markdown_parser()
    env: dict = {"label": label, "include": include}
    if heading_ids is not None:
        env["heading_ids"] = heading_ids
    tokens = parser.parse(text, env)
    if url is not None:
        map_urls(tokens, url)
    html = parser.renderer.render(tokens, parser.options, env)
    if any(marker in html for marker in MARKERS):
        html = mark_fallbacks(html, fallback_lang, outdated_note)
    return RenderedDocument(html, env.get("headings", []))


def map_urls(tokens: list[Token], url: UrlMap) -> None:
    """Rewrite every link and image target of a token stream with ``url``."""
    for token in tokens:
        if token.type == "link_open":
            token.attrSet("href", url(str(token.attrs.get("href", "")), "link"))
        elif token.type == "image" or token.type == "docfx_image_open":
            token.attrSet("src", url(str(token.attrs.get("src", "")), "image"))
            if "lightbox" in token.attrs:
                token.attrSet("lightbox", url(str(token.attrs["lightbox"]), "image"))
        if token.children:
            map_urls(token.children, url)


_TAG = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9-]*)[^>]*?(/?)>|<!--.*?-->|<[!?][^>]*>", re.DOTALL)
_VOID = frozenset(
    ["area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"]
)
_VERBATIM = frozenset({"code", "pre", "script", "style", "textarea", "title"})


def mark_fallbacks(html: str, lang: str, outdated_note: str = "") -> str:
    """Each ``FALLBACK_OPEN``…``FALLBACK_CLOSE`` pair in text becomes ``<span lang="…">``…``</span>``,
    each ``OUTDATED_OPEN``…``OUTDATED_CLOSE`` pair the same span marked as awaiting an update.

    Only where the span can wrap what lies between (the tags there are balanced, and neither
    marker is in a tag, an attribute or code); elsewhere the markers are dropped.
    """
    pieces: list[str | _Mark] = []
    opened: list[tuple[int, int, int]] = []  # (index in pieces, depth, lowest depth since) of open markers
    depth = 0
    verbatim = 0
    position = 0
    for match in _TAG.finditer(html):
        _text_markers(html[position : match.start()], pieces, opened, depth, verbatim)
        pieces.append(match.group(0).translate(_NO_MARKERS))
        name = (match.group(2) or "").lower()
        if name and name not in _VOID and not match.group(3):
            step = -1 if match.group(1) else 1
            depth += step
            if name in _VERBATIM:
                verbatim += step
            opened[:] = [(at, level, min(lowest, depth)) for at, level, lowest in opened]
        position = match.end()
    _text_markers(html[position:], pieces, opened, depth, verbatim)
    for at, _level, _lowest in opened:
        pieces[at] = ""
    spans = {
        "open": f'<span lang="{escape(lang)}">',
        "outdated": f'<span lang="{escape(lang)}" class="docloc-outdated" title="{escape(outdated_note)}">',
        "close": "</span>",
    }
    return "".join(spans[piece.kind] if isinstance(piece, _Mark) else piece for piece in pieces)


@dataclass(frozen=True)
class _Mark:
    """A span boundary placed in the output: ``open``, ``outdated`` (an opening) or ``close``."""

    kind: str


_NO_MARKERS = str.maketrans("", "", MARKERS)
_OPENINGS = {FALLBACK_OPEN: "open", OUTDATED_OPEN: "outdated"}


def _text_markers(
    text: str, pieces: list[str | _Mark], opened: list[tuple[int, int, int]], depth: int, verbatim: int
) -> None:
    if not any(marker in text for marker in MARKERS):
        pieces.append(text)
        return
    start = 0
    for index, char in enumerate(text):
        if char not in MARKERS:
            continue
        pieces.append(text[start:index])
        start = index + 1
        if verbatim:
            continue  # in code: no span, and the marker is dropped
        if char in _OPENINGS:
            opened.append((len(pieces), depth, depth))
            pieces.append(_Mark(_OPENINGS[char]))
        elif opened:
            at, level, lowest = opened.pop()
            if level == depth and lowest >= level:
                pieces.append(_Mark("close"))
            else:
                pieces[at] = ""
    pieces.append(text[start:])
