"""Patches to built HTML pages: notices, hreflang alternates, the search base, the 404 page.

String operations on MkDocs' output (no HTML parser): they run on every page of every
language, and the page is Material's well-known markup.
"""

from __future__ import annotations

import html
import json
import re

_H1_END = re.compile(r"</h1>", re.I)
_ALTERNATE = re.compile(r'[ \t]*<link rel="alternate" href="[^"]*" hreflang="[^"]*">\n?')
_CANONICAL = re.compile(r'<link rel="canonical"[^>]*>')
_CONFIG = re.compile(r'(<script id="__config" type="application/json">)(.*?)(</script>)', re.S)
_NOT_FOUND = re.compile(r"<h1>404 - [^<]*</h1>")
_SEARCH_DIALOG = re.compile(r'(<div class="md-search"[^>]*?role="dialog")(?![^>]*aria-label)')
_TITLE = re.compile(r"<title>.*?</title>", re.S)
# Material's footer credit: "Made with <a href="https://squidfunk.github.io/mkdocs-material/">Material for MkDocs</a>".
_GENERATOR = re.compile(r'(<div class="md-copyright">.*?)\bMade with(\s*<a href="https://squidfunk\.github\.io/)', re.S)


def notice(kind: str, title: str, text: str, link: tuple[str, str, str] | None = None, lang: str | None = None) -> str:
    """A notice above the article: a Material admonition of ``kind`` (its icon) with a title, text escaped.

    ``link`` (href, hreflang, text) goes to the page in another language: ``data-docloc-alternate``
    lets the site's script carry the address's fragment (an anchor, a walkthrough step) to it.
    """
    body = html.escape(text)
    if link:
        href, hreflang, label = (html.escape(part) for part in link)
        body += f' <a href="{href}" hreflang="{hreflang}" data-docloc-alternate>{label}</a>'
    lang_attr = f' lang="{html.escape(lang)}"' if lang else ""
    kind = html.escape(kind)
    title_id = f"docloc-notice-{kind}-title"
    return (
        f'<div class="admonition {kind} docloc-notice docloc-notice--{kind}" role="note" '
        f'aria-labelledby="{title_id}"{lang_attr}><p class="admonition-title" id="{title_id}">{html.escape(title)}</p>'
        f"<p>{body}</p></div>"
    )


def insert_after_title(content: str, block: str) -> str:
    """Put ``block`` after the page's H1 (or first, when there is none)."""
    match = _H1_END.search(content)
    if not match:
        return block + content
    return content[: match.end()] + block + content[match.end() :]


def hreflang_links(alternates: list[tuple[str, str]], default: str) -> str:
    """``<link rel=alternate hreflang>`` for every language (absolute URLs) plus ``x-default``."""
    lines = [
        f'<link rel="alternate" hreflang="{html.escape(lang)}" href="{html.escape(url)}">' for lang, url in alternates
    ]
    lines.append(f'<link rel="alternate" hreflang="x-default" href="{html.escape(default)}">')
    return "\n    ".join(lines)


def replace_alternates(output: str, links: str) -> str:
    """Material's relative alternates → the absolute ones (placed where Material put its own, or after canonical).

    Only the ``<head>`` is searched: Material writes them there, and the body (most of a page: the
    whole navigation) is not the place of a ``<link>``, nor worth scanning on every page.
    """
    end = output.find("</head>")
    head, body = (output[:end], output[end:]) if end != -1 else (output, "")
    found = _ALTERNATE.search(head)
    head = _ALTERNATE.sub("", head)
    if found:
        return head[: found.start()] + "    " + links + "\n" + head[found.start() :] + body
    canonical = _CANONICAL.search(head)
    at = canonical.end() if canonical else len(head)
    return head[:at] + "\n    " + links + head[at:] + body


def set_title(output: str, title: str) -> str:
    """The page's ``<title>`` → ``title`` (given as the theme would write it)."""
    return _TITLE.sub(lambda _: f"<title>{title}</title>", output, count=1)


def localize_generator(output: str, made_with: str) -> str:
    """Material's footer credit "Made with" in the page's language (``made_with``: text, escaped here)."""
    return _GENERATOR.sub(lambda m: m.group(1) + html.escape(made_with) + m.group(2), output, count=1)


def label_search_dialog(output: str, label: str) -> str:
    """Give Material's search dialog (``role=dialog``, unnamed) an accessible name in the page's language."""
    return _SEARCH_DIALOG.sub(lambda match: f'{match.group(1)} aria-label="{html.escape(label)}"', output, count=1)


def set_search_base(output: str, base: str) -> str:
    """Point Material's ``__config.base`` at the language's root, where its own search index is."""

    def patch(match: re.Match[str]) -> str:
        config = json.loads(match.group(2))
        config["base"] = base
        text = json.dumps(config, ensure_ascii=False, separators=(", ", ": "))
        text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
        return match.group(1) + text + match.group(3)

    return _CONFIG.sub(patch, output, count=1)


def not_found_content(output: str, blocks: list[tuple[str, str, str, str]], default: str) -> str:
    """The 404 page's heading → one block per language (heading, link home); a script shows the reader's."""
    e = html.escape
    parts = []
    for lang, title, link_text, href in blocks:
        hidden = "" if lang == default else " hidden"
        parts.append(
            f'<div class="docloc-404" lang="{e(lang)}" data-docloc-lang="{e(lang)}"{hidden}>'
            f'<h1>404 – {e(title)}</h1><p><a href="{e(href)}" hreflang="{e(lang)}">{e(link_text)}</a></p></div>'
        )
    return _NOT_FOUND.sub(lambda _: "".join(parts), output, count=1)
