"""Defense in depth: every translated page's HTML goes through a sanitizer built from its English page.

The safety rule (``checks.safety.judge_article``) already keeps out every translation that would
add structure. Should it ever miss one, the rendered content of a translated page is cleaned by
nh3 (Ammonia) allowing only the tags, the attributes per tag and the URL schemes its English
page's HTML has, plus what docloc itself adds to translated pages (``<span lang>`` around English
fallbacks). Scripts and styles lose their content, comments go (the walkthrough's marker is kept
through a placeholder), and nothing else of the page changes: an allowed page passes unchanged in
structure.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..markdown.tags import start_tags
from .walkthrough import MARKER, MARKER_PATTERN

_SCHEME = re.compile(r"^\s*([a-z][a-z0-9+.\-]*):", re.IGNORECASE)
# A walkthrough marker survives the comment stripping as this text, put back afterwards.
_MARKER_PLACEHOLDER = "\ue002docloc-walkthrough\ue003"
# What docloc adds to a translated page that its English page does not have.
_DOCLOC_ATTRIBUTES = {"span": {"lang", "class", "title"}, "div": {"lang"}}


@dataclass
class AllowedMarkup:
    """The markup an English page has: a translated page may have no more."""

    tags: set[str] = field(default_factory=set)
    attributes: dict[str, set[str]] = field(default_factory=dict)
    schemes: set[str] = field(default_factory=set)


def allowed_markup(english_html: str) -> AllowedMarkup:
    """The tags, attributes per tag and URL schemes of an English page's HTML."""
    allowed = AllowedMarkup()
    for name, attributes in start_tags(english_html):
        tag = name.lower()
        allowed.tags.add(tag)
        allowed.attributes.setdefault(tag, set()).update(key.lower() for key in attributes)
        for key in ("href", "src"):
            match = _SCHEME.match(attributes.get(key, ""))
            if match:
                allowed.schemes.add(match.group(1).lower())
    return allowed


def sanitize(html: str, allowed: AllowedMarkup) -> str:
    """``html`` with only what ``allowed`` (and docloc's own additions) permits."""
    import nh3  # here: only builds load it

    attributes = {tag: set(names) for tag, names in allowed.attributes.items()}
    for tag, names in _DOCLOC_ATTRIBUTES.items():
        attributes.setdefault(tag, set()).update(names)
    tags = allowed.tags | set(_DOCLOC_ATTRIBUTES)
    text = MARKER_PATTERN.sub(_MARKER_PLACEHOLDER, html.replace("\ue002", "").replace("\ue003", ""))
    cleaned = nh3.clean(
        text,
        tags=tags,
        attributes=attributes,
        url_schemes=allowed.schemes & {"http", "https", "mailto", "tel", "ftp"},
        link_rel=None,
        strip_comments=True,
        clean_content_tags={"script", "style"} - tags,
    )
    return cleaned.replace(_MARKER_PLACEHOLDER, MARKER)
