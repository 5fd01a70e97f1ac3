"""The shortcuts `docloc check` takes for speed give exactly what markdown-it gives.

Plain-link texts skip markdown-it in the QA checks, texts with only emphasis and plain links
take a lean path through markdown-it's own delimiter rules, and lines whose only HTML is tags
without URLs skip it in the link index; all are compared here with markdown-it itself, on edge
cases and on every text and line of the repo's fixtures (and of the corpus, when it is present).
Regular PO files are read by one pattern pass; it is compared with the line reader on every file.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from docloc.checks import markdown
from docloc.fileio import read_text
from docloc.links import _HTML_ANCHOR, _HTML_ID, _html_links, _inline_parser, _simple_links, _simple_tagged_line
from docloc.poreader import _parse_regular, parse_po_lines, read_po

FIXTURES = Path(__file__).parent / "fixtures"
CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus"

TEXTS = [
    "See [the guide](guide.md) and [this](https://learn.microsoft.com/en-us/partner-center/x#a).",
    "[a]() x",
    "[](x)",
    "[a] (b)",
    "[a](b c)",
    "x [a](ü/ö%20) y",
    "[a](b)[c](d)",
    "[a](b))",
    "[[a](b)]",
    "[a]\n(b)",
    "[a](b\x01)",
    "[a](b\u00a0c)",
    "**[a](b)**",
]
LINES = [
    '## <a name="x"></a>Title with [a link](page.md#y)',
    "!<b></b>[a](c)",
    "[a]<b></b>(c)",
    "[a](<url>)",
    '[x <b>y</b>](z) <a name="q"></a>',
    '<a title="](x)">[a](b)',
    "[a](b<i>)",
    "<br>[a](b)<br/>",
    '<a id="k">x</a> and <a href="p.md">p</a>',
    "> **Note**<br> see [multichannel](multichannel.md)",
]


def _markdown_it_links(text: str) -> tuple[str, ...]:
    parser = markdown._markdown()
    return tuple(
        str(token.attrs.get("href", ""))
        for block in parser.parseInline(text)
        for token in block.children or ()
        if token.type == "link_open"
    )


def _markdown_it_line(line: str) -> tuple[list[tuple[str, bool]], set[str]]:
    links: list[tuple[str, bool]] = []
    anchors: set[str] = set()
    for block in _inline_parser().parseInline(line.lstrip(" >")):
        for child in block.children or ():
            if child.type == "link_open":
                links.append((str(child.attrs.get("href", "")), False))
            elif child.type == "image":
                links.append((str(child.attrs.get("src", "")), True))
            elif child.type == "html_inline":
                anchors.update(_HTML_ANCHOR.findall(child.content))
                anchors.update(_HTML_ID.findall(child.content))
                links.extend((link.target, link.image) for link in _html_links(child.content, 0))
    return links, anchors


def _corpus_texts(limit_catalogs: int | None) -> tuple[set[str], set[str]]:
    texts: set[str] = set()
    lines: set[str] = set()
    roots = [FIXTURES]
    if CORPUS.is_dir():
        roots.append(CORPUS / "cs-cz" / "bilingual")
    for root in roots:
        for path in sorted(root.rglob("*.po"))[:limit_catalogs]:
            for entry in read_po(path):
                texts.update((entry.msgid, entry.msgstr))
        for path in sorted(root.rglob("*.md"))[:limit_catalogs]:
            lines.update(path.read_text(encoding="utf-8-sig").split("\n"))
    for path in sorted(Path(__file__).resolve().parents[1].glob("locales/**/*.po")):
        for entry in read_po(path):
            texts.update((entry.msgid, entry.msgstr))
    return texts, lines


def test_plain_link_texts_match_markdown_it():
    texts, lines = _corpus_texts(None)
    checked = 0
    for text in [*TEXTS, *sorted(texts | lines)]:
        found = markdown._plain_links(text)
        if found is None:
            continue
        checked += 1
        assert found == _markdown_it_links(text), text
    assert checked >= 5
    print(f"{checked} plain-link texts agree with markdown-it" + ("" if CORPUS.is_dir() else " (no corpus)"))


@pytest.mark.parametrize("text", ["**a** [b](c)", "`[a](b)`", "![a](b)", "[a](b) &amp;", "[a\\]](b)"])
def test_other_markup_goes_to_markdown_it(text):
    assert markdown._plain_links(text) is None


def test_tagged_lines_match_markdown_it():
    _, lines = _corpus_texts(None)
    checked = 0
    for line in [*LINES, *sorted(lines)]:
        if _simple_links(line) is not None:
            continue
        found = _simple_tagged_line(line)
        if found is None:
            continue
        checked += 1
        links, tags = found
        anchors: set[str] = set()
        for tag in tags:
            anchors.update(_HTML_ANCHOR.findall(tag))
            anchors.update(_HTML_ID.findall(tag))
        assert (links, anchors) == _markdown_it_line(line), line
    assert checked >= 4
    print(f"{checked} tagged lines agree with markdown-it" + ("" if CORPUS.is_dir() else " (no corpus)"))


@pytest.mark.parametrize("line", ["!<b></b>[a](c)", "[a]<b></b>(c)", "[a](<url>)", "[a](b<i>)", '<a href="x">y</a>'])
def test_tagged_lines_that_need_markdown_it(line):
    assert _simple_tagged_line(line) is None


EMPHASIS_TEXTS = [
    "**Bold** text and *italic*",
    "**unclosed bold",
    "a ** b ** c",
    "***strong and em***",
    "*a **b** c*",
    "__under__ and _it_ and snake_case_name",
    "**[a](b)** and [**c**](d) and [*e](f)*",
    "*[a](b*)",
    "x**y**z and x__y__z",
    "**a*",
    "*a**",
    "****",
    "**a** **b**** c",
    "[a](b_c) _d_",
    "„**Uvozovky**“ (**závorky**).",
    "**Poznámka:**Text",
    "! **a** ![",
]


def test_emphasis_and_link_texts_match_markdown_it():
    texts, _ = _corpus_texts(None)
    checked = 0
    for text in [*TEXTS, *EMPHASIS_TEXTS, *sorted(texts)]:
        found = markdown._emphasis_and_links(text)
        if found is None:
            continue
        checked += 1
        assert found == markdown.markdown_it_features(text), text
    assert checked >= len(EMPHASIS_TEXTS) - 1
    print(f"{checked} emphasis-and-link texts agree with markdown-it" + ("" if CORPUS.is_dir() else " (no corpus)"))


@pytest.mark.parametrize("text", ["**a** `b`", "![a](b) **c**", "**a** <b>", "**a\\**", "**a** &amp;", "[a] **b**"])
def test_other_emphasis_markup_goes_to_markdown_it(text):
    assert markdown._emphasis_and_links(text) is None


def _fields(catalog) -> list[tuple]:
    return [tuple(getattr(entry, name) for name in entry.__slots__) for entry in catalog]


REGULAR_PO = (
    '# a comment\n#\n#, fuzzy\nmsgid ""\nmsgstr ""\n"Language: cs\\n"\n\n'
    '#. ms-id: 1\n#: docs/en/a.md:3\nmsgid "A \\"b\\" \\\\ c\\n"\nmsgstr "Á"\n\n'
    "# docloc-ignore: numbers\n#. x\n#: a b:1\n#, fuzzy, c-format\n"
    'msgctxt "title"\nmsgid ""\n"one "\n"two"\nmsgstr "x"\n\n'
    '#| msgid "old"\nmsgid "last"\nmsgstr ""\n'
)
IRREGULAR_PO = [
    REGULAR_PO.replace("\n", "\r\n"),
    REGULAR_PO + '#~ msgid "gone"\n#~ msgstr "pryč"\n',
    REGULAR_PO + "# trailing comment\n",
    REGULAR_PO.replace('msgstr "Á"', 'msgstr  "Á"'),
    REGULAR_PO.replace('msgstr "Á"', 'msgstr "Á" '),
    REGULAR_PO.rstrip("\n"),
]


def test_regular_po_reader_matches_the_line_reader():
    assert _fields(_parse_regular(REGULAR_PO)) == _fields(parse_po_lines(REGULAR_PO, "x.po"))
    for text in IRREGULAR_PO:
        assert _parse_regular(text) is None
    roots = [FIXTURES, Path(__file__).resolve().parents[1] / "locales"]
    if CORPUS.is_dir():
        roots.append(CORPUS)
    checked = 0
    for root in roots:
        for path in sorted([*root.rglob("*.po"), *root.rglob("*.pot")]):
            text = read_text(path)
            regular = _parse_regular(text)
            if regular is not None:
                checked += 1
                assert _fields(regular) == _fields(parse_po_lines(text, str(path))), path
    assert checked >= 5
    print(f"{checked} PO files read alike by both readers" + ("" if CORPUS.is_dir() else " (no corpus)"))
