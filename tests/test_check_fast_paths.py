"""The shortcuts `docloc check` takes for speed give exactly what the site grammar's parser gives.

Texts without a character that can start inline markup skip the parser, plain-link texts skip
it in the QA checks, texts with only bold spans, code spans and plain links are read by pattern
(with CommonMark's flanking rules); all are compared here with the parser itself
(``docloc.markdown.parser``), on edge cases and on every text of the repo's fixtures and of the
corpus. HTML tags are read with the standard library's parser as BeautifulSoup reads them;
compared with BeautifulSoup on every tag. PO files in polib's shape are read by a pattern per entry;
it is compared with the token grammar on every file (and in tests/test_catalog_po.py on every fixture).
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

import pytest

from corpus_paths import SHARED_CORPUS, corpus_present, import_folder
from docloc.catalog.po import parse_po, read_catalog
from docloc.checks import CHECKS, DIGIT_TRIGGER, context_from_options
from docloc.errors import DoclocError
from docloc.fileio import read_text
from docloc.formats.sxs import read_bilingual
from docloc.markdown import inline as markdown
from docloc.markdown.parser import markdown_parser, parse_inline
from docloc.markdown.tags import start_tags

FIXTURES = Path(__file__).parent / "fixtures"
CORPUS = SHARED_CORPUS
REPO_LOCALES = Path(__file__).resolve().parents[1] / "locales"

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
    "Dun & Bradstreet [a](b?c=1&d=2)",
    "[a](b?c=1&amp;d=2)",
    "AT&T; [a](b)",
    "&copy; [a](b) & more",
    "[a](x&#x41;y) &#65;",
    "[a&amp;b](c)",
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
    return tuple(str(token.attrs.get("href", "")) for token in parse_inline(text) if token.type == "link_open")


@cache
def _corpus_texts() -> tuple[frozenset[str], frozenset[str]]:
    """(texts of the repo's catalogs, lines of the fixtures' and the cs-cz corpus's articles)."""
    texts: set[str] = set()
    lines: set[str] = set()
    roots = [FIXTURES, *([CORPUS / "cs-cz" / "bilingual"] if corpus_present() else [])]
    for root in roots:
        for path in sorted(root.rglob("*.md")):
            lines.update(path.read_text(encoding="utf-8-sig").split("\n"))
    for path in sorted(REPO_LOCALES.rglob("*.po")):
        for entry in read_catalog(path):
            texts.update((entry.msgid, entry.msgstr))
    return frozenset(texts), frozenset(lines)


@cache
def _corpus_pairs() -> tuple[tuple[str, str], ...]:
    """(English, translation) of every entry of the repo's catalogs and every segment of the cs-cz corpus."""
    pairs: set[tuple[str, str]] = set()
    for path in sorted(REPO_LOCALES.rglob("*.po")):
        pairs.update((entry.msgid, entry.msgstr) for entry in read_catalog(path) if entry.msgid)
    root = CORPUS / "cs-cz" / "bilingual"
    if corpus_present():
        for path in sorted(root.rglob("*.md")):
            article = read_bilingual(read_text(path), path.relative_to(root).as_posix(), str(path))
            pairs.update((segment.source, segment.target) for segment in article.segments)
    return tuple(sorted(pairs))


def _corpus_segment_texts() -> frozenset[str]:
    """The English and the translation of every segment of the cs-cz corpus and of the repo's catalogs."""
    return frozenset(text for pair in _corpus_pairs() for text in pair)


def _all_texts() -> list[str]:
    texts, _ = _corpus_texts()
    return sorted(texts | _corpus_segment_texts())


# markdown-it's CommonMark inline rules and what each needs to produce a feature the checks read:
# text (none: it stops at terminator characters), newline and escape (breaks and text only),
# backticks (code: `), emphasis (strong/em tokens and stray markers: * or _), link ([), image
# (! then [), autolink and html_inline (<), entity (text only). linkify and strikethrough are off.
# So a text with none of [ ` * _ < ! has no features; checked on every text below.
def test_texts_without_markup_characters_have_no_features():
    checked = 0
    for text in [
        "plain text",
        "a & b \\ c",
        "line\nbreak  \nhard",
        "&amp; &#42; \\*",
        "x = y + z ~ w # h",
        *_all_texts(),
    ]:
        if markdown._MARKUP_CHARS.search(text):
            continue
        checked += 1
        assert markdown.markdown_it_features(text) == markdown._EMPTY, text
        assert markdown.inline_features(text) == markdown._EMPTY, text
    assert checked >= 5
    print(f"{checked} texts without markup characters have no features" + ("" if corpus_present() else " (no corpus)"))


STRONG_TEXTS = [
    "**a** b **c**",
    "**a**b",
    "a**b**c",
    "** a **",
    "**a** **",
    "[**a**](b) **c**",
    "[a](b**c) **d**",
    "„**Uvozovky**“ (**závorky**).",
    "**Poznámka:**Text",
    "**a****b**",
    "x **[a](b)** y",
    "***a***",
    "**a *b* c**",
    "**a**, **b**.",
    "`a` **b**",
    "**`x`**",
    "`` a ` b ``",
    "` a `",
    "`  `",
    "```x``",
    "`a``b`",
    "x `[a](b)` [c](d)",
    "`<tenant>` and `&amp;` and `a\\b`",
    "!`x`[a](b)",
    "**Dun & Bradstreet** [a](b?c=1&d=2)",
    "**a &amp; b**",
    "`&amp;` **b** & c",
    "**a** b *c*",
    "*a*, *b*.",
    "*`x`* and `*y*`",
    "„*Uvozovky*“ (*závorky*).",
    "*Poznámka:*Text",
    "*a* **b** *c* [d](e)",
    "(*a*)",
]


def test_strong_and_link_texts_match_markdown_it():
    checked = 0
    for text in [*STRONG_TEXTS, *EMPHASIS_TEXTS, *_all_texts()]:
        found = markdown._strong_and_links(text)
        if found is None:
            continue
        checked += 1
        assert found == markdown.markdown_it_features(text), text
    assert checked >= 6
    print(f"{checked} bold-and-link texts agree with markdown-it" + ("" if corpus_present() else " (no corpus)"))


@pytest.mark.parametrize("text", ["**a** b *c*", "*a*, *b*.", "(*a*)", "*`x`* and `*y*`"])
def test_italics_take_the_shortcut(text):
    assert markdown._strong_and_links(text) == markdown.markdown_it_features(text)


@pytest.mark.parametrize(
    "text",
    [
        "__a__",
        "**a",
        "** a **",
        "[**a**](b)",
        "***a***",
        "[a`](b) `c",
        "\\`a`",
        "`a` <b>",
        "[`a`](b)",
        "*a",
        "**a*",
        "*a**",
        "*a **b** c*",
        "**a *b* c**",
        "a*b*c",
        "*a*b",
        "* a *",
        "[*a*](b)",
        "*a* _b_",
    ],
)
def test_other_bold_markup_goes_further(text):
    assert markdown._strong_and_links(text) is None


def _beautifulsoup_tags(html: str) -> list[tuple[str, list[tuple[str, str]]]]:
    from bs4 import BeautifulSoup

    return [
        (element.name, [(k, " ".join(v) if isinstance(v, list) else v) for k, v in element.attrs.items()])
        for element in BeautifulSoup(html, "html.parser").find_all(True)
    ]


TAGS = [
    '<a class=" x  y " CLASS="z" href=x rel="a b" id>',
    '<td headers="a\tb" class="">',
    '<img src="a&amp;b" alt=x/>',
    "<script>a<b>c</script><i>",
    "<!-- x --><p>",
    '<a href="1" href="2" title=\'t\'>',
    "<br/><BR><Span Data-X=1>",
    "a < b > c <3",
]


def test_start_tags_match_beautifulsoup():
    _, lines = _corpus_texts()
    snippets = [t for t in [*TAGS, *_all_texts(), *sorted(lines)] if "<" in t]
    for html in snippets:
        assert [(name, list(attributes.items())) for name, attributes in start_tags(html)] == _beautifulsoup_tags(
            html
        ), html
    assert len(snippets) >= len(TAGS) + 20  # the edge cases, and real HTML of the fixtures (and corpus)
    print(f"{len(snippets)} HTML snippets read alike by html.parser and BeautifulSoup")


def test_plain_link_texts_match_markdown_it():
    texts, lines = _corpus_texts()
    checked = 0
    for text in [*TEXTS, *sorted(texts | lines)]:
        found = markdown._plain_links(text)
        if found is None:
            continue
        checked += 1
        assert found == _markdown_it_links(text), text
    assert checked >= 5
    print(f"{checked} plain-link texts agree with markdown-it" + ("" if corpus_present() else " (no corpus)"))


def test_link_targets_normalize_as_markdown_it_normalizes_them():
    texts, lines = _corpus_texts()
    targets = {"", "a b", "%41", "%zz", "HTTPS://EXAMPLE.com/A", "http://xn--ls8h.la/", "http://☃.net/", "a|b", "x#y?z"}
    for text in texts | lines | _corpus_segment_texts():
        targets.update(re.findall(r"\]\(([^()\s]*)\)", text))
    kept = 0
    for target in sorted(targets):
        assert markdown._normalize_link(target) == markdown_parser().normalizeLink(target), target
        kept += bool(markdown._KEPT_URL.fullmatch(target))
    assert kept >= 5
    print(f"{len(targets)} link targets normalized as markdown-it does, {kept} of them by the shortcut")


@pytest.mark.parametrize("text", ["**a** [b](c)", "`[a](b)`", "![a](b)", "[a](b) &amp;", "[a\\]](b)"])
def test_other_markup_goes_to_markdown_it(text):
    assert markdown._plain_links(text) is None


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
    "*R&D* and **P&L**",
    "*a &amp; b* & _c_",
]


FIELDS = [
    "obsolete",
    "msgctxt",
    "msgid",
    "msgid_plural",
    "msgstr",
    "msgstr_plural",
    "flags",
    "tcomment",
    "comment",
    "occurrences",
    "previous_msgctxt",
    "previous_msgid",
    "previous_msgid_plural",
    "linenum",
]


def _fields(catalog) -> list[tuple]:
    entries = [tuple(getattr(entry, name) for name in FIELDS) for entry in catalog]
    return [*entries, catalog.header, catalog.metadata, catalog.metadata_is_fuzzy]


REGULAR_PO = (
    '# a comment\n#\n#, fuzzy\nmsgid ""\nmsgstr ""\n"Language: cs\\n"\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
    '#. ms-id: 1\n#: docs/en/a.md:3\nmsgid "A \\"b\\" \\\\ c\\n"\nmsgstr "Á\\n"\n\n'
    "# docloc-ignore: numbers\n#. x\n#: a b:1\n#, fuzzy, c-format\n"
    'msgctxt "title"\nmsgid ""\n"one "\n"two"\nmsgstr "x"\n\n'
    '#| msgid "old"\nmsgid "last"\nmsgstr ""\n'
)
IRREGULAR_PO = [
    REGULAR_PO.replace("\n", "\r\n"),
    REGULAR_PO + '#~ msgid "gone"\n#~ msgstr "pryč"\n',
    REGULAR_PO + "# trailing comment\n",
    REGULAR_PO.replace('msgstr "Á', 'msgstr  "Á'),
    REGULAR_PO.replace('msgstr "Á\\n"', 'msgstr "Á\\n" '),
    REGULAR_PO.rstrip("\n"),
]


@pytest.fixture(scope="module")
def catalog_files(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    """The repo's catalogs and templates, and those an import of the fixture articles writes."""
    project = tmp_path_factory.mktemp("fixture-catalogs") / "p"
    articles = FIXTURES / "corpus" / "cs-cz" / "bilingual"
    import_folder(project, articles, "cs-CZ", jobs=0)
    return sorted(path for root in (REPO_LOCALES, project / "locales") for path in root.rglob("*.po*"))


def test_the_pattern_path_of_the_po_reader_matches_its_grammar(catalog_files):
    for text in [REGULAR_PO, *IRREGULAR_PO]:
        assert _fields(parse_po(text, "x.po")) == _fields(parse_po(text, "x.po", fast=False))
    assert len(parse_po(REGULAR_PO, "x.po")) == 3
    for path in catalog_files:
        data = path.read_bytes()
        assert _fields(parse_po(data, str(path))) == _fields(parse_po(data, str(path), fast=False)), path
    assert len(catalog_files) >= 20
    broken = REGULAR_PO.replace('msgstr "Á\\n"', 'msgstr "Á')
    for fast in (True, False):
        with pytest.raises(DoclocError) as error:
            parse_po(broken, "broken.pot", fast=fast)
        assert (error.value.file, error.value.line) == ("broken.pot", 12)


def test_checks_pass_where_their_triggers_are_absent():
    """A check is skipped when neither text has one of its trigger characters: it must pass there."""
    context = context_from_options("cs", {"do_not_translate": ["Partner Center"]})
    edge = [("Plain text", "Prostý text"), ("a b", "a b"), ("٣ items", "položky"), ("x", "")]
    pairs = [*_corpus_pairs(), *edge]
    triggered = [c for c in CHECKS.values() if c.triggers is not None]
    assert {c.id for c in triggered} >= {"links", "numbers", "placeholders", "html-tags"}
    checked = 0
    for check in triggered:
        characters = "".join(re.escape(c) for c in check.triggers if c != DIGIT_TRIGGER)
        pattern = re.compile(
            "|".join(filter(None, [characters and f"[{characters}]", DIGIT_TRIGGER in check.triggers and r"\d"]))
        )
        for source, target in pairs:
            if not pattern.search(source) and not pattern.search(target):
                assert check.function(source, target, context) is None, (check.id, source, target)
                checked += 1
    # The digit trigger is any decimal digit, as \d is: an Arabic-Indic three is a number to keep.
    assert CHECKS["numbers"].function("٣ items", "položky", context) is not None
    assert checked > 1000 if corpus_present() else checked > 50
    print(f"{checked} (check, entry) runs skipped by triggers pass" + ("" if corpus_present() else " (no corpus)"))
