"""DocFX images: ``:::image type="content" source="…" alt-text="…":::`` as a figure.

Markdig's ``TripleColon`` image block. Attributes (either quote, any order): ``source`` (the
file), ``alt-text``, ``type`` (``content``, ``icon``: decorative, no alt text; ``complex``: a long
description follows, up to ``:::image-end:::``), ``lightbox`` (a larger file the image links
to), ``border`` (``false`` for none), ``loc-scope`` (ignored). The construct may span lines up
to the closing ``:::``. Learn shows it as an image; the site writes a ``<figure>`` (the long
description of a complex image as its accessible description). Inside running text (DocFX's
image extension is inline as well as block) it is an ``<img>`` in the text.
"""

from __future__ import annotations

import re
from html import escape

from markdown_it import MarkdownIt
from markdown_it.common.normalize_url import normalizeLink, validateLink
from markdown_it.rules_block import StateBlock
from markdown_it.rules_inline import StateInline
from markdown_it.token import Token

from ._lines import attributes, line_text, starts_with

OPENING = re.compile(r":::image(?=[\s:])", re.IGNORECASE)
CLOSING = re.compile(r":::\s*$")
END = re.compile(r":::image-end:::\s*", re.IGNORECASE)
_MAX_LINES = 8  # an image's attributes take a line or a few; farther away, it is not one
# What a browser drops from a URL before it reads the scheme: C0 controls and spaces around it, tabs and
# line breaks anywhere ("java&#9;script:" is "javascript:" to it).
_BROWSER_DROPS = re.compile(r"[\x00-\x20\x7f]")


def html_url(value: str) -> str | None:
    """A construct's file as the page may write it in ``src`` or ``href``, or None: a scheme the site never
    links to (``javascript:``, ``vbscript:``, ``file:``, ``data:`` but images), as markdown-it refuses it in
    Markdown's own links and images. The attribute's entities are decoded already; what a browser would drop
    from it is percent-encoded (markdown-it's ``normalizeLink``), so no scheme hides behind it."""
    normalized = normalizeLink(value)
    if not validateLink(normalized):
        return None
    return normalized if _BROWSER_DROPS.search(value) else value


def image_files(found: dict[str, str]) -> dict[str, str]:
    """The files an image construct shows, from its attributes: ``src``, and ``lightbox`` when it has one."""
    files = {"src": found.get("source", "")}
    if found.get("lightbox"):
        files["lightbox"] = found["lightbox"]
    return files


def _image(state: StateBlock, start: int, end: int, silent: bool) -> bool:
    if not starts_with(state, start, ":") or state.is_code_block(start) or not OPENING.match(line_text(state, start)):
        return False
    text, last = _construct(state, start, end)
    if text is None:
        return False
    if silent:
        return True
    found = attributes(text[len(":::image") : -3])
    kind = found.get("type", "content").lower()
    description_end = _description_end(state, last + 1, end) if kind == "complex" else None
    opening = state.push("docfx_image_open", "figure", 1)
    opening.block = True
    opening.map = [start, (description_end if description_end is not None else last) + 1]
    opening.attrs = image_files(found)
    opening.meta = {
        "type": kind,
        "alt": "" if kind == "icon" else found.get("alt-text", ""),
        "border": found.get("border", "true").lower() != "false",
        "described": description_end is not None,
    }
    if description_end is not None:
        line_max, state.lineMax = state.lineMax, description_end  # the description ends at :::image-end:::
        state.md.block.tokenize(state, last + 1, description_end)
        state.lineMax = line_max
    closing = state.push("docfx_image_close", "figure", -1)
    closing.block = True
    closing.meta = opening.meta
    state.line = (description_end if description_end is not None else last) + 1
    return True


def _construct(state: StateBlock, start: int, end: int) -> tuple[str | None, int]:
    """The construct's text (from ``:::image`` to its closing ``:::``) and its last line."""
    parts = []
    for line in range(start, min(end, start + _MAX_LINES)):
        text = line_text(state, line) if line == start else state.getLines(line, line + 1, 0, False).strip()
        if not text:
            return None, start  # a blank line before the closing :::
        parts.append(text.rstrip())
        if CLOSING.search(parts[-1]) and (line > start or len(parts[-1]) > len(":::image")):
            return " ".join(parts), line
    return None, start


def _description_end(state: StateBlock, first: int, end: int) -> int | None:
    for line in range(first, end):
        if END.fullmatch(line_text(state, line)):
            return line
    return None


def _render_open(self, tokens: list[Token], index: int, options, env) -> str:  # noqa: ANN001 - markdown-it's signature
    token = tokens[index]
    meta = token.meta
    counter = env.setdefault("docfx_image_count", [0])
    counter[0] += 1
    classes = "docloc-figure" + (" docloc-figure--border" if meta["border"] and meta["type"] != "icon" else "")
    image = f'<img src="{escape(html_url(str(token.attrs["src"])) or "")}" alt="{escape(meta["alt"])}"'
    if meta["type"] == "icon":
        image += ' role="presentation"'
    if meta["described"]:
        image += f' aria-describedby="docloc-figure-{counter[0]}"'
    image += ' loading="lazy">'
    lightbox = html_url(str(token.attrs.get("lightbox") or ""))
    if lightbox:
        image = f'<a class="docloc-figure__lightbox" href="{escape(str(lightbox))}">{image}</a>'
    html = f'<figure class="{classes}">{image}'
    if meta["described"]:
        html += f'\n<div class="docloc-figure__description" id="docloc-figure-{counter[0]}">\n'
    return html


def _render_close(self, tokens: list[Token], index: int, options, env) -> str:  # noqa: ANN001
    return ("</div>\n" if tokens[index].meta["described"] else "") + "</figure>\n"


# Inside running text: ":::image", attributes (name="value" or name='value'), and the closing ":::".
_INLINE = re.compile(r""":::image((?:\s+[A-Za-z][\w-]*\s*=\s*(?:"[^"]*"|'[^']*'))*)\s*:::""", re.IGNORECASE)


def _inline_image(state: StateInline, silent: bool) -> bool:
    if not state.src.startswith(":::", state.pos):
        return False
    match = _INLINE.match(state.src, state.pos)
    if match is None:
        return False
    if not silent:  # an image token like Markdown's own: every reader of images (links, safety, site) knows it
        found = attributes(match.group(1))
        alt = "" if found.get("type", "content").lower() == "icon" else found.get("alt-text", "")
        token = state.push("image", "img", 0)
        token.attrs = {"src": found.get("source", ""), "alt": ""}
        token.content = alt
        text = Token("text", "", 0)
        text.content = alt
        token.children = [text]
    state.pos = match.end()
    return True


def plugin(md: MarkdownIt) -> None:
    md.inline.ruler.before("text", "docfx_image_inline", _inline_image)
    md.block.ruler.before("paragraph", "docfx_image", _image, {"alt": ["paragraph", "blockquote", "list"]})
    md.add_render_rule("docfx_image_open", _render_open)
    md.add_render_rule("docfx_image_close", _render_close)
