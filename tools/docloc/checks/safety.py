"""Markup a translation adds that its English does not have: it would run in readers' browsers.

Translations are untrusted input to a web page. Both texts are rendered to HTML with
markdown-it (raw HTML allowed, every link target kept) and parsed with lxml; every element
of the translation, with its attributes, must also be in the English. Raw text is parsed
too (html.parser), so markup markdown-it would leave as text but a more lenient renderer
might pass is also seen. A link target whose scheme is ``javascript:``, ``vbscript:`` or
``data:`` counts as added markup unless the English has the same one.
"""

from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache

from .markup import commonmark_parser, inline_features
from .registry import CheckContext, check

_DANGEROUS_TAGS = frozenset(
    {"script", "iframe", "frame", "frameset", "object", "embed", "applet", "style", "link", "meta", "base", "form",
     "input", "button", "svg", "math", "template", "noscript", "textarea", "select"}
)  # fmt: skip
_URL_ATTRIBUTES = frozenset({"href", "src", "action", "formaction", "xlink:href", "data", "poster", "background"})
_BAD_SCHEME = re.compile(r"^(javascript|vbscript|data):", re.I)
_INVISIBLE = re.compile(r"[\x00-\x20\x7f]+")
_TEXT_ATTRIBUTES = frozenset({"alt", "title", "aria-label"})
# Elements Markdown itself produces from inline syntax; they carry no script.
_MARKDOWN_ELEMENTS = frozenset({"p", "em", "strong", "code", "br"})


def _scheme_of(value: str) -> str | None:
    match = _BAD_SCHEME.match(_INVISIBLE.sub("", value))
    return match.group(1).lower() if match else None


def _signature(tag: str, attributes: dict[str, str]) -> str:
    parts = []
    for name, value in sorted(attributes.items()):
        name = name.lower()
        if name in _URL_ATTRIBUTES:
            # A safe URL may change (locale segments do); the links check compares targets.
            scheme = _scheme_of(value)
            value = f"{scheme}:…" if scheme else "url"
        parts.append(name if name in _TEXT_ATTRIBUTES else f"{name}={value}")
    return f"<{tag.lower()}{' ' + ' '.join(parts) if parts else ''}>"


@lru_cache(maxsize=65536)
def markup_elements(text: str) -> Counter[str]:
    """Every element (name and attributes) in ``text`` as rendered Markdown and as raw HTML."""
    found: Counter[str] = Counter()
    rendered = commonmark_parser().renderInline(text) if text else ""
    if "<" in rendered:
        import lxml.html

        for element in lxml.html.fragment_fromstring(rendered, create_parent="div").iter():
            if isinstance(element.tag, str) and element.tag != "div":
                found[_signature(element.tag, dict(element.attrib))] += 1
    if "<" in text:
        from ..markdown.tags import start_tags

        for name, attributes in start_tags(text):
            found["raw" + _signature(name, attributes)] += 1
    return found


def _shown(element: str, limit: int = 80) -> str:
    """An element's signature for a message; a long one is cut after a whole attribute, never inside one."""
    if len(element) <= limit:
        return element
    cut = element.rfind(" ", 0, limit)
    return element[: cut if cut > 0 else limit] + " …>"


def _reason(element: str) -> str:
    name = re.match(r"(?:raw)?<([^\s>]+)", element)
    tag = name.group(1) if name else "?"
    shown = _shown(element.removeprefix("raw"))
    if tag in _DANGEROUS_TAGS:
        return f"adds a <{tag}> element the English does not have: {shown}"
    for attribute in re.findall(r"\s([^\s=>]+)=", element):
        if attribute.lower().startswith("on"):
            return f"adds an event handler attribute {attribute}= the English does not have: {shown}"
    scheme = re.search(r"=(javascript|vbscript|data):", element)
    if scheme:
        return f"adds a {scheme.group(1)}: URL the English does not have: {shown}"
    return f"adds markup the English does not have: {shown}"


def unsafe_markup(source: str, translation: str) -> str | None:
    """Why ``translation`` must not reach a page (markup or script its English lacks), or None when safe."""
    if "<" not in translation and ":" not in translation and "&" not in translation:
        return None  # no tag, no URL scheme, no entity: nothing that can become markup
    if "<" not in translation:
        # Only Markdown links and images can make elements; they matter only with a script scheme.
        # An entity cannot make an element (its character is escaped as text) but may spell a
        # scheme in a link target (&#106;avascript:); the features' targets are decoded, as rendered.
        features = inline_features(translation)
        bad = [url for url in features.links + features.images if _scheme_of(url)]
        if not bad or set(bad) <= set(inline_features(source).links + inline_features(source).images):
            return None
    added = markup_elements(translation) - markup_elements(source)
    if not added:
        return None
    ordered = sorted(added, key=lambda e: (not any(t in e for t in ("script", "iframe", " on", "javascript")), e))
    return _reason(ordered[0])


@check(
    "unsafe-markup",
    "error",
    "The translation adds HTML or a script URL its English lacks (never published)",
    triggers="<:&",
)
def check_unsafe_markup(source: str, target: str, context: CheckContext) -> str | None:
    reason = unsafe_markup(source, target)
    return f"the translation {reason}; remove it: it could run in readers' browsers" if reason else None
