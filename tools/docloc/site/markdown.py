"""Microsoft's Markdown dialect, rewritten for MkDocs: alerts, heading anchors, links to other articles.

Pure functions over page text; the plugin applies them to every page of every language in
``on_page_markdown``, before MkDocs resolves links, so MkDocs' own link validation stays on.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Callable, Collection

from markdown.extensions.toc import slugify, unique

# Microsoft's alert kinds and the Material admonition type that looks the part.
ALERT_TYPES = {"NOTE": "note", "TIP": "tip", "IMPORTANT": "info", "CAUTION": "danger", "WARNING": "warning"}
ALERT_TITLES = {"NOTE": "Note", "TIP": "Tip", "IMPORTANT": "Important", "CAUTION": "Caution", "WARNING": "Warning"}

_ALERT_START = re.compile(r"^(?P<indent>[ \t]*)> ?\[!(?P<kind>[A-Za-z]+)\][ \t]*$")
_QUOTE_LINE = re.compile(r"^(?P<indent>[ \t]*)>(?P<text>.*)$")
_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_ATX = re.compile(r"^(?P<marks> {0,3}#{1,6})(?P<gap>[ \t]+)(?P<text>.*?)(?:[ \t]+#+)?[ \t]*$")
# Python-Markdown's setext underline (no indentation) and its text line (not indented code); its rules.
_SETEXT_UNDERLINE = re.compile(r"^(?:=+|-+)[ ]*$")
_SETEXT_TEXT = re.compile(r"^ {0,3}\S")
_RULE = re.compile(r"^ {0,3}(?:(?:-[ ]{0,2}){3,}|(?:_[ ]{0,2}){3,}|(?:\*[ ]{0,2}){3,})$")
_NAMED_ANCHOR = re.compile(r"""<a\s+(?:name|id)\s*=\s*["']([^"']+)["']\s*>\s*</a>\s*""", re.I)
_TAG = re.compile(r"<[^>]+>")
_ATTR_LIST = re.compile(r"\s*\{:?\s*#([^\s}]+)[^}]*\}\s*$")
# Inline links and images ](target "title") and reference definitions [label]: target
_INLINE_LINK = re.compile(r"(\]\()(<[^>]*>|[^\s()]+(?:\([^\s()]*\))?[^\s()]*)((?:\s+\"[^\"]*\")?\))")
_REFERENCE = re.compile(r"^( {0,3}\[[^\]]+\]:[ \t]*)(\S+)", re.M)
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")


def _outside_fences(lines: list[str]) -> list[bool]:
    """For each line, whether it is ordinary Markdown (not inside a fenced code block)."""
    inside, result, fence = False, [], ""
    for line in lines:
        match = _FENCE.match(line)
        if match and (not inside or match.group(1)[0] == fence[0] and len(match.group(1)) >= len(fence)):
            inside, fence = (not inside), match.group(1)
            result.append(False)
            continue
        result.append(not inside)
    return result


def alerts_to_admonitions(markdown: str, title: Callable[[str], str]) -> str:
    """``> [!NOTE]`` blockquotes (any case, any indentation) → ``!!! note "Title"``.

    The admonition keeps the blockquote's indentation rounded down to Python-Markdown's
    four-space list indentation, so an alert inside a list item stays in that item.
    """
    lines = markdown.split("\n")
    plain = _outside_fences(lines)
    out: list[str] = []
    index = 0
    while index < len(lines):
        line = lines[index]
        match = _ALERT_START.match(line) if plain[index] else None
        kind = match.group("kind").upper() if match else ""
        if kind not in ALERT_TYPES:
            out.append(line)
            index += 1
            continue
        width = len(match.group("indent").expandtabs(4))
        indent = " " * (width - width % 4)
        label = title(ALERT_TITLES[kind]).replace('"', "'")
        out.append(f'{indent}!!! {ALERT_TYPES[kind]} "{label}"')
        index += 1
        body = []
        while index < len(lines) and plain[index] and (quoted := _QUOTE_LINE.match(lines[index])):
            text = quoted.group("text")
            body.append(text[1:] if text.startswith(" ") else text)
            index += 1
        out.append("")
        out.extend(f"{indent}    {text}" if text.strip() else "" for text in body)
    return "\n".join(out)


def _headings(lines: list[str]) -> list[tuple[int, re.Match[str] | None]]:
    """Where the headings are: (line index, ATX match) for ``#`` headings, (index of the text line, None) for setext.

    Setext headings as Python-Markdown reads them: a text line that starts a block (after a blank
    line, a heading or a rule) directly followed by a line of ``=`` or ``-`` (``---`` there is an
    underline, not a rule).
    """
    found: list[tuple[int, re.Match[str] | None]] = []
    plain = _outside_fences(lines)
    block_start = True
    index = 0
    while index < len(lines):
        line = lines[index]
        atx = _ATX.match(line) if plain[index] else None
        if atx:
            found.append((index, atx))
            index, block_start = index + 1, True
            continue
        following = index + 1 < len(lines) and plain[index + 1] and _SETEXT_UNDERLINE.match(lines[index + 1])
        if plain[index] and block_start and line.strip() and _SETEXT_TEXT.match(line) and following:
            found.append((index, None))
            index, block_start = index + 2, True
            continue
        block_start = plain[index] and (not line.strip() or bool(_RULE.match(line)))
        index += 1
    return found


def _heading_text(line: str, atx: re.Match[str] | None) -> str:
    return atx.group("text") if atx else line.strip()


def heading_ids(markdown: str) -> list[str]:
    """The id of each heading (``#`` and setext): its ``<a name>`` anchor, else the slug of its text (as toc does)."""
    ids: list[str] = []
    seen: set[str] = set()
    lines = markdown.split("\n")
    for index, atx in _headings(lines):
        text = _heading_text(lines[index], atx)
        anchor = _NAMED_ANCHOR.search(text) or _ATTR_LIST.search(text)
        if anchor:
            ids.append(anchor.group(1))
            seen.add(anchor.group(1))
        else:
            ids.append(unique(slugify(_TAG.sub("", text).strip(), "-"), seen))
    return ids


def apply_heading_ids(markdown: str, ids: list[str]) -> str:
    """Give the n-th heading the n-th id (``{#id}``, attr_list), dropping empty ``<a name>`` anchors.

    Called with the English page's ids, it makes every language's anchors identical. A setext
    heading keeps its underline; its text line gets the id.
    """
    lines = markdown.split("\n")
    for position, (index, atx) in enumerate(_headings(lines)):
        if position >= len(ids):
            break
        text = _ATTR_LIST.sub("", _NAMED_ANCHOR.sub("", _heading_text(lines[index], atx))).rstrip()
        if atx:
            lines[index] = f"{atx.group('marks')} {text} {{#{ids[position]}}}"
        else:
            indent = lines[index][: len(lines[index]) - len(lines[index].lstrip())]
            lines[index] = f"{indent}{text} {{#{ids[position]}}}"
    return "\n".join(lines)


def external_link(target: str, page_name: str, articles: Collection[str], base: str) -> str | None:
    """Where a link to an article that is not on this site goes, or None to keep it.

    ``base`` has a ``{slug}`` placeholder (``https://learn.microsoft.com/cs-cz/partner-center/{slug}``);
    the slug is the article's path from the page's folder, without ``.md``.
    """
    if _SCHEME.match(target) or target.startswith(("/", "#", "<")):
        return None
    path, hash_mark, fragment = target.partition("#")
    path, query_mark, query = path.partition("?")
    if not path.endswith(".md"):
        return None
    resolved = posixpath.normpath(posixpath.join(posixpath.dirname(page_name), path))
    if resolved in articles:
        return None
    url = base.replace("{slug}", resolved[: -len(".md")])
    scheme, _, rest = url.partition("://")
    host, slash, url_path = rest.partition("/")
    if "/../" in "/" + url_path:  # an article above this site's root: resolve it on the external site
        url = f"{scheme}://{host}{slash}{posixpath.normpath(url_path)}"
    return url + (query_mark + query) + (hash_mark + fragment)


def rewrite_links(markdown: str, page_name: str, articles: Collection[str], base: str) -> str:
    """Links to articles outside the site go to ``base`` (e.g. learn.microsoft.com in the reader's locale)."""

    def inline(match: re.Match[str]) -> str:
        url = external_link(match.group(2), page_name, articles, base)
        return match.group(0) if url is None else f"{match.group(1)}{url}{match.group(3)}"

    def reference(match: re.Match[str]) -> str:
        url = external_link(match.group(2), page_name, articles, base)
        return match.group(0) if url is None else f"{match.group(1)}{url}"

    lines = markdown.split("\n")
    plain = _outside_fences(lines)
    for index, line in enumerate(lines):
        if plain[index] and ".md" in line:
            lines[index] = _REFERENCE.sub(reference, _INLINE_LINK.sub(inline, line))
    return "\n".join(lines)
