"""The Markdown layer: one grammar (CommonMark + tables + DocFX), heading ids, the link index, rendering.

The link index and the site must agree on every anchor (duplicate and setext headings included),
fences are the parser's (whatever their kind), DocFX's constructs render as Learn shows them and
never as raw syntax, and each shortcut is compared with the parser on every text of the corpus.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from random import Random

import pytest
from bs4 import BeautifulSoup

from corpus_paths import SHARED_CORPUS, corpus_present
from docloc.errors import DoclocError
from docloc.fileio import read_text
from docloc.formats.sxs import read_bilingual
from docloc.frontmatter import split_document
from docloc.markdown.headings import document_headings, slugify
from docloc.markdown.inline import _strong_and_links, markdown_it_features
from docloc.markdown.links import PageIndex, PageLink, index_page, inline_links
from docloc.markdown.links import _html as index_html
from docloc.markdown.links import _inline as index_inline
from docloc.markdown.parser import parse, parse_inline
from docloc.markdown.render import FALLBACK_CLOSE, FALLBACK_OPEN, render_document
from docloc.markdown.structure import (
    _shortcut_structure,
    block_syntax,
    escape_line_start,
    inline_structure,
    may_have_structure,
    opens_line,
    parsed_structure,
)
from docloc.model import source_of

FIXTURES = Path(__file__).parent / "fixtures"

DUPLICATES = """# T

## Setup

Text [self](#setup_1) and [other](#setext).

## Setup

Setext
------
"""


def test_link_index_and_site_agree_on_duplicate_and_setext_headings():
    site_ids = [heading.id for heading in render_document(DUPLICATES).headings]
    assert site_ids == ["t", "setup", "setup_1", "setext"]
    assert index_page(DUPLICATES).anchors == set(site_ids)
    assert [heading.id for heading in document_headings(DUPLICATES)] == site_ids


def test_heading_anchors_and_slugs():
    text = (
        '## <a name="add"></a>Add a user\n\n## Remove <a name="rm"></a>\n\n'
        "## Čeština & *more*\n\n## `code` [link](x.md)\n"
    )
    rendered = render_document(text)
    assert [h.id for h in rendered.headings] == ["add", "rm", "cestina-more", "code-link"]
    assert '<h2 id="add">Add a user</h2>' in rendered.html  # the anchor is the id, not there twice
    assert slugify("Step 1: Sign in") == "step-1-sign-in"


def test_translated_pages_take_the_english_ids():
    rendered = render_document("## Nastavení\n\n## Další kroky\n", heading_ids=["setup", "next-steps"])
    assert [h.id for h in rendered.headings] == ["setup", "next-steps"]
    assert '<h2 id="next-steps">Další kroky</h2>' in rendered.html


FENCES = """~~~~
```
[not a link](a.md)
```
~~~~

    [indented code](b.md)

```text
# not a heading
```

[a link](c.md)
"""


def test_fences_are_the_parsers_whatever_their_kind():
    index = index_page(FENCES)
    assert index.links == (PageLink("c.md", 13),)
    assert [h.id for h in document_headings(FENCES)] == []
    html = render_document(FENCES.replace("[not a link]", f"{FALLBACK_OPEN}[not a link]") + FALLBACK_CLOSE).html
    assert '<span lang="en">' not in html  # a marker inside code is dropped, never a span in code


def test_link_lines_count_soft_breaks_and_html():
    text = 'intro\nsee [a](a.md)\n\n<p>\n<a href="b.md">b</a>\n</p>\n\n![i](media/x.png)\n'
    assert index_page(text).links == (
        PageLink("a.md", 2),
        PageLink("b.md", 5),
        PageLink("media/x.png", 8, True),
    )


DOCFX = """1. First step
   > [!NOTE]
   > A note inside step 1.
2. Second step
   :::image type="content" source="media/a.png" alt-text="Alt &quot;quoted&quot;" lightbox="media/a-big.png":::
3. Third step with :::no-loc text="Partner Center":::

>[!Important]
>Top-level alert.

> [!div class="nextstepaction"]
> [Next step](next.md)

> [!VIDEO https://www.youtube.com/embed/xyz]

[!INCLUDE [inc](includes/x.md)]

:::image type="icon" source="media/icon.png":::

:::image type="complex" source="media/b.png" alt-text="Complex":::
Long *description*.
:::image-end:::
"""


def test_docfx_constructs_render_and_leave_no_syntax():
    html = render_document(DOCFX, include=lambda path: f"<p>included {path}</p>\n").html
    soup = BeautifulSoup(html, "lxml")
    steps = soup.select("ol > li")
    assert len(steps) == 3, "a note and an image indented by 3 spaces stay inside their steps (one list)"
    assert steps[0].select_one(".admonition.note .admonition-title").get_text() == "Note"
    figure = steps[1].select_one("figure.docloc-figure")
    assert figure.select_one("a.docloc-figure__lightbox")["href"] == "media/a-big.png"
    assert figure.select_one("img")["alt"] == 'Alt "quoted"'
    assert "Partner Center" in steps[2].get_text()
    assert soup.select_one(".admonition.info .admonition-title").get_text() == "Important"
    button = soup.select_one("div.nextstepaction a")
    assert "md-button" in button["class"] and button["href"] == "next.md"
    assert soup.select_one("p.docloc-video a")["href"] == "https://www.youtube.com/embed/xyz"
    assert not soup.select("iframe") and not soup.select("blockquote")
    assert "included includes/x.md" in html
    icon = soup.find("img", src="media/icon.png")
    assert icon["alt"] == "" and icon["role"] == "presentation"
    complex_image = soup.find("img", src="media/b.png")
    assert soup.find(id=complex_image["aria-describedby"]).select_one("em").get_text() == "description"
    text = soup.get_text()
    assert ":::" not in text and "[!" not in text


def test_alert_titles_come_from_the_label_function():
    html = render_document("> [!TIP]\n> x\n", label=lambda english, context=None: f"{context}:{english}").html
    assert '<p class="admonition-title">alert:Tip</p>' in html


def test_urls_are_mapped_for_links_and_images():
    html = render_document("[a](a.md#x) ![i](m.png)", url=lambda target, kind: f"{kind}:{target}").html
    assert 'href="link:a.md#x"' in html and 'src="image:m.png"' in html


def test_video_with_a_script_scheme_is_no_link():
    html = render_document("> [!VIDEO javascript:alert(1)]\n").html
    assert "javascript" not in html and "<a " not in html


def test_fallback_marks_become_spans_where_a_span_can_go():
    text = (
        f"Text {FALLBACK_OPEN}English **bold** [x](y.md).{FALLBACK_CLOSE} more\n\n"
        f"![{FALLBACK_OPEN}alt{FALLBACK_CLOSE}](a.png)\n"
    )
    html = render_document(text).html
    assert '<span lang="en">English <strong>bold</strong> <a href="y.md">x</a>.</span>' in html
    assert 'alt="alt"' in html and FALLBACK_OPEN not in html and FALLBACK_CLOSE not in html


@pytest.mark.parametrize(
    ("text", "escaped"),
    [
        ("17. prosince 2020", "17\\. prosince 2020"),
        ("3) dubna", "3\\) dubna"),
        ("- item", "\\- item"),
        ("* item", "\\* item"),
        ("*em* text", "*em* text"),
        ("#hashtag", "#hashtag"),
        ("-5 °C", "-5 °C"),
        ("Text", "Text"),
    ],
)
def test_list_markers_at_a_line_start_are_escaped(text, escaped):
    assert escape_line_start(text) == escaped
    html = render_document(escape_line_start(text) + "\n").html
    assert html.startswith("<p>") or not html.strip()


@pytest.mark.parametrize(
    ("text", "syntax"),
    [
        ("# heading", "#"),
        ("> quote", ">"),
        ("<div>", "<"),
        ("```js", "```"),
        ("~~~", "~~~"),
        ("---", "-"),
        (':::image source="x":::', ":::"),
        ("[!INCLUDE [x](y.md)]", "[!"),
        ("[h]: https://evil.example", "[h]:"),
        ("17. prosince", None),
        (':::no-loc text="X":::', None),
        ("[Learn more](x.md)", None),
    ],
)
def test_other_block_syntax_at_a_line_start_is_found(text, syntax):
    assert block_syntax(text) == syntax


def test_where_a_segment_opens_a_line():
    assert opens_line("\n") and opens_line("\n1. ") and opens_line("\n   > ") and opens_line("\n- 2. ")
    assert not opens_line("abc ") and not opens_line("| cell | ")


@cache
def _corpus_texts() -> tuple[str, ...]:
    """Every segment's English and translation in the cs-cz and de-de corpus, and the fixtures'."""
    texts: set[str] = set()
    roots = [FIXTURES]
    if corpus_present():
        roots += [SHARED_CORPUS / "cs-cz" / "bilingual", SHARED_CORPUS / "de-de" / "bilingual"]
    for root in roots:
        for path in sorted(root.rglob("*.md")):
            try:
                article = read_bilingual(read_text(path), path.name, str(path))
            except Exception:  # noqa: BLE001 - fixtures include broken articles on purpose
                continue
            texts.update(text for segment in article.segments for text in (segment.source, segment.target))
    return tuple(sorted(texts))


def test_texts_without_markup_characters_render_as_plain_text():
    plain = 0
    for text in _corpus_texts():
        if may_have_structure(text):
            continue
        plain += 1
        tokens = parse_inline(text)
        assert all(token.type == "text" for token in tokens), text
        assert "".join(token.content for token in tokens) == text
    assert plain > (1000 if corpus_present() else 20)


def test_inline_structure_shortcuts_match_the_parser():
    read = 0
    for text in _corpus_texts():
        if not may_have_structure(text):
            continue
        shortcut = _shortcut_structure(text)
        if shortcut is not None:
            read += 1
            assert shortcut == parsed_structure(text), text
    assert read > (10000 if corpus_present() else 10)


def _every_text(alphabet: str, longest: int) -> Iterator[str]:
    for length in range(1, longest + 1):
        for characters in itertools.product(alphabet, repeat=length):
            yield "".join(characters)


# Pieces the shortcuts decide on: emphasis and code markers, brackets, links, escapes, entities, tags,
# URLs, punctuation that flanks a marker (Unicode's too), letters and spaces.
_PIECES = ["a", "b", " ", "*", "**", "`", "``", ".", ",", "(", ")", "[", "]", "](x)", "_", "\\", "&amp;", "„", "“"]
_PIECES += ["é", "x]", "<b>", "http://x", "\n", "\t", "!", "\u00a0", "\u2028", "\u3000", "中", "😀", "\u0301"]


def test_inline_shortcuts_match_the_parser_on_every_short_text():
    """Not only the corpus's texts: every text of up to six characters over the characters that decide
    (as ``*``, ``_``, `` ` ``, brackets), and random texts of the pieces above, each taken by a shortcut
    only where markdown-it agrees (features and structure)."""
    random = Random(5)
    texts = itertools.chain(
        _every_text("a *`_[](", 5),
        _every_text("a*`,.(", 6),
        _every_text("a*` \u00a0\u2028", 5),  # Unicode whitespace: not a space a code span's ends lose
        ("".join(random.choice(_PIECES) for _ in range(random.randint(1, 12))) for _ in range(20000)),
    )
    taken = 0
    for text in texts:
        features = _strong_and_links(text)
        if features is not None:
            assert features == markdown_it_features(text), text
        shortcut = _shortcut_structure(text)
        if shortcut is not None:
            taken += 1
            assert shortcut == parsed_structure(text), text
    assert taken > 10000


def test_inline_links_shortcut_matches_the_parser():
    for text in _corpus_texts():
        if "[" in text or "<" in text:
            continue
        assert not [t for t in parse_inline(text) if t.type in ("link_open", "image", "html_inline")], text
        assert inline_links(text) == ()


def _full_parse_index(text: str) -> PageIndex:
    """The link index from a full parse (every block's inline content parsed): what the shortcut must equal."""
    env: dict = {}
    links: list[PageLink] = []
    anchors: set[str] = set()
    for token in parse(text, env):
        line = token.map[0] + 1 if token.map else 1
        if token.type == "inline":
            index_inline(token.children or [], line, links, anchors)
        elif token.type == "html_block":
            index_html(token.content, line, links, anchors)
        elif token.type == "docfx_image_open":
            links.append(PageLink(str(token.attrs["src"]), line, True))
            if token.attrs.get("lightbox"):
                links.append(PageLink(str(token.attrs["lightbox"]), line, True))
        elif token.type == "docfx_include":
            links.append(PageLink(str(token.attrs["src"]), line, True))
    anchors.update(heading.id for heading in env["headings"])
    return PageIndex(tuple(links), frozenset(anchors))


def test_link_index_reads_what_a_full_parse_reads():
    """The index reads the commonest blocks without the parser: compared with a full parse on every English
    page of every corpus locale (what ``check`` indexes), on Microsoft's translated pages and on the fixtures."""
    pages = sorted(FIXTURES.rglob("*.md"))
    if corpus_present():
        pages += sorted((SHARED_CORPUS / "cs-cz" / "translated").rglob("*.md"))
    bodies = [(str(path), split_document(read_text(path).lstrip("\ufeff"), str(path)).body) for path in pages]
    if corpus_present():
        for path in sorted(SHARED_CORPUS.glob("*/bilingual/**/*.md")):
            try:
                article = read_bilingual(read_text(path), path.name, str(path))
            except DoclocError:  # not a bilingual article (TOC.md)
                continue
            english = article.render(source_of, article.front_matter_text())
            bodies.append((str(path), split_document(english, str(path)).body))
    for where, body in bodies:
        index_page.cache_clear()
        assert index_page(body) == _full_parse_index(body), where
    assert len(bodies) >= (1000 if corpus_present() else 5)


def test_inline_structure_sees_raw_html_and_urls():
    structure = inline_structure('Go <a href="javascript:x" onclick="y">there</a> [a](https://x.example/en-us/p)')
    assert "html:<a href onclick=y>" in structure.elements
    assert "https://x.example{locale}/p" not in structure.urls
    assert "https://x.example/{locale}/p" in structure.urls


def test_a_docfx_image_inside_running_text_is_an_image_everywhere() -> None:
    """DocFX's image extension is inline as well as block (Microsoft writes one after a sentence): the site
    shows it, the link index checks its file, and a translation that adds one is refused."""
    from docloc.checks.safety import segment_refusal
    from docloc.markdown.links import index_page
    from docloc.markdown.render import render_document

    text = 'Sample certificate :::image type="content" source="media/a.png" alt-text="Completion." border="true":::'
    assert '<img src="media/a.png" alt="Completion."' in render_document(text).html
    assert [link.target for link in index_page(text + "\n").links if link.image] == ["media/a.png"]
    added = 'Vzor :::image type="content" source="https://x.example/t.png" alt-text="x"::: certifikátu'
    assert segment_refusal("Sample certificate", added)
    assert segment_refusal(text, text.replace("Sample certificate", "Vzor certifikátu")) is None


@pytest.mark.parametrize(
    "row", ["| a | b |", "a|b", "| `x|y` | z |", "||", "| a \\| b |", "\\|a|", "| a | b \\\\| c |"]
)
def test_table_cells_split_as_markdown_it_splits_them(row: str) -> None:
    """The block shortcut splits a row without a backslash itself; markdown-it's escapedSplit is the truth."""
    from markdown_it.rules_block.table import escapedSplit

    from docloc.markdown.blocks import row_cells

    expected = escapedSplit(row.strip())
    if expected and expected[0] == "":
        expected.pop(0)
    if expected and expected[-1] == "":
        expected.pop()
    assert row_cells(row) == expected


@pytest.mark.parametrize(
    "heading",
    [
        '## <a name="add"></a>Add a user',
        '## <a name="add"></a>',
        '## <a id="a.b:c_d"></a>  Spaced out',
        '## <a name="add"></a>Add *a* user',
        '## <a name="add"></a>Add [a](b.md) user',
        "## <a name='add'></a>Single quotes",
        '## <a  name="add"></a>Two spaces',
        '## <A NAME="add"></A>Upper case',
        '## <a name="add"></a>Add a user\n\n## Add a user\n\nAdd a user\n---',
    ],
)
def test_anchored_headings_index_as_a_full_parse(heading: str) -> None:
    """Microsoft's headings (an empty anchor, then text) are indexed without the parser: the same anchors."""
    text = f"# Title\n\n{heading}\n\nSee [x](#add).\n"
    index_page.cache_clear()
    assert index_page(text) == _full_parse_index(text)
