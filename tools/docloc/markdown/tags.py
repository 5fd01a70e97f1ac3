"""The start tags of an HTML snippet with their attributes, as BeautifulSoup's ``html.parser`` tree has them.

The checks and the link index only need each element's name and attributes. BeautifulSoup
gets them from the standard library's ``html.parser`` and then builds a tree; importing it
took longer than the rest of a worker's start-up (0.14 s of each ``docloc check`` worker,
measured with ``python -X importtime``). This reads the same parser's events with
BeautifulSoup's settings (``convert_charrefs=False``, a valueless attribute is ``''``, a
repeated attribute keeps its first place and its last value, and its multi-valued
attributes such as ``class`` are whitespace-separated lists, given here joined by one
space). ``tests/test_check_fast_paths.py`` compares it with BeautifulSoup on every tag of
the fixtures and the corpus.
"""

from __future__ import annotations

import re
from functools import lru_cache
from html.parser import HTMLParser

# BeautifulSoup's HTMLTreeBuilder.DEFAULT_CDATA_LIST_ATTRIBUTES: attributes that are lists of words.
_LIST_ATTRIBUTES = {
    "*": frozenset({"class", "accesskey", "dropzone"}),
    "a": frozenset({"rel", "rev"}),
    "link": frozenset({"rel", "rev"}),
    "td": frozenset({"headers"}),
    "th": frozenset({"headers"}),
    "form": frozenset({"accept-charset"}),
    "object": frozenset({"archive"}),
    "area": frozenset({"rel"}),
    "icon": frozenset({"sizes"}),
    "iframe": frozenset({"sandbox"}),
    "output": frozenset({"for"}),
}
_WORD = re.compile(r"\S+")
_NO_LIST = frozenset()

Tag = tuple[str, dict[str, str]]


class _StartTags(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=False)
        self.tags: list[Tag] = []
        self.texts: list[str] = []  # each start tag as written

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes: dict[str, str] = {}
        for key, value in attrs:
            attributes[key] = "" if value is None else value
        lists = _LIST_ATTRIBUTES["*"] | _LIST_ATTRIBUTES.get(tag.lower(), _NO_LIST)
        for key in attributes.keys() & lists:
            attributes[key] = " ".join(_WORD.findall(attributes[key]))
        self.tags.append((tag, attributes))
        self.texts.append(self.get_starttag_text() or "")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)


# What stands for markup the standard library's parser gives up on (it raises AssertionError at a
# "<![" that opens no CDATA section, "<![--" for one; browsers read a bogus comment up to the next ">"):
# the rest of the snippet is not read, and this element stands for it, so that a translation adding
# such markup adds an element its English lacks.
UNREADABLE = "!["


def start_tags(html: str) -> tuple[Tag, ...]:
    """(name, attributes) of every element of ``html``, in document order; callers must not change them."""
    return _start_tags(html)[0]


def start_tag_texts(html: str) -> tuple[str, ...]:
    """Every start tag of ``html`` as written (``<a href="…" rel="license">``), in document order.

    The standard library's parser reads some attributes otherwise than a browser: a repeated one
    (it keeps the last value, a browser the first), ``href=="…"``, names or values split at a vertical
    tab or a no-break space. Markup the same as another text's is read alike by a browser, whatever it
    holds; ``checks.safety.html_refusal`` compares tags so.
    """
    return _start_tags(html)[1]


@lru_cache(maxsize=16384)
def _start_tags(html: str) -> tuple[tuple[Tag, ...], tuple[str, ...]]:
    parser = _StartTags()
    try:
        parser.feed(html)
        parser.close()
    except AssertionError:
        parser.tags.append((UNREADABLE, {}))
        parser.texts.append(UNREADABLE)
    return tuple(parser.tags), tuple(parser.texts)


class _EndTags(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=False)
        self.names: list[str] = []

    def handle_endtag(self, tag: str) -> None:
        self.names.append(tag)


@lru_cache(maxsize=16384)
def end_tags(html: str) -> tuple[str, ...]:
    """The names of the end tags (``</main>``) in ``html``, in document order."""
    if "</" not in html:
        return ()
    parser = _EndTags()
    try:
        parser.feed(html)
        parser.close()
    except AssertionError:  # what follows the markup it gives up on is not read (see ``start_tags``)
        pass
    return tuple(parser.names)
