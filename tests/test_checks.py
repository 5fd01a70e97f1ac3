"""QA checks: each check on what it must catch and what it must let pass; findings located by the PO reader."""

from __future__ import annotations

import re
from pathlib import Path

import polib
import pytest

from docloc.catalog.po import parse_po, read_catalog
from docloc.checks import CHECKS, CheckContext, check_entries, context_from_options, unsafe_markup
from docloc.checks.safety import refusal_message, segment_refusal
from docloc.errors import DoclocError

REPO = Path(__file__).resolve().parents[1]
CTX = CheckContext("cs")


def run(check_id: str, source: str, target: str, context: CheckContext = CTX) -> str | None:
    if check_id == "unsafe-markup":  # a page check: this is its judgement of one segment alone
        reason = segment_refusal(source, target)
        return refusal_message(reason) if reason else None
    return CHECKS[check_id].function(source, target, context)


def test_every_check_has_id_severity_and_explanation():
    assert len(CHECKS) >= 14
    for check_id, item in CHECKS.items():
        assert item.id == check_id and item.severity in ("error", "warning", "info")
        assert item.explanation and "\n" not in item.explanation


@pytest.mark.parametrize(
    ("check_id", "source", "good", "bad"),
    [
        ("links", "See [docs](a.md#x).", "Viz [dokumentace](a.md#x).", "Viz [dokumentace](b.md#x)."),
        ("links", "See [docs](a.md).", "Viz [dokumentace](a.md).", "Viz dokumentace."),
        (
            "links",
            "See [Learn](https://learn.microsoft.com/en-us/partner-center/x).",
            "Viz [Learn](https://learn.microsoft.com/cs-cz/partner-center/x).",
            "Viz [Learn](https://learn.microsoft.com/cs-cz/partner-center/y).",
        ),
        ("links", "See [x](xref:Api.Name).", "Viz [x](xref:Api.Name).", "Viz [x](xref:Api.Other)."),
        ("images", "![Menu](media/a.png)", "![Nabídka](media/a.png)", "![Nabídka](media/b.png)"),
        ("inline-code", "Run `docloc check`.", "Spusťte `docloc check`.", "Spusťte `docloc kontrola`."),
        ("emphasis", "Select **Save**.", "Vyberte **Uložit**.", "Vyberte Uložit."),
        ("emphasis", "Select **Save**.", "Vyberte **Uložit**.", "Vyberte **Uložit."),
        ("ms-tokens", "> [!NOTE]", "> [!Note]", "> [!POZNÁMKA]"),
        ("ms-tokens", "[!INCLUDE [x](includes/x.md)]", "[!INCLUDE [x](includes/x.md)]", "[!INCLUDE [x](y.md)]"),
        ("html-tags", "A<br>B", "A<br>B", "A<br/><b>B</b>"),
        ("html-tags", '<a href="x.md" title="T">x</a>', '<a title="Jiný" href="x.md">x</a>', '<a href="y.md">x</a>'),
        ("unsafe-markup", "Text<br>", "Text<br>", "Text <script>alert(1)</script>"),
        ("numbers", "Within 30 days, 1,000 users", "Během 30 dnů, 1 000 uživatelů", "Během 3 dnů, 1 000 uživatelů"),
        ("numbers", "the 3rd-party vendor", "dodavatel třetí strany", None),  # ordinals may become words
        ("placeholders", "Step {0} of %s", "Krok {0} z %s", "Krok {1} z %s"),
        ("placeholders", "GET /customers/{customer-id}", "GET /customers/{customer-id}", "GET /customers/{id}"),
        ("whitespace", "Sign in ", "Přihlaste se ", "Přihlaste se"),
        ("double-space", "Sign in to Partner Center.", "Přihlaste se do centra.", "Přihlaste  se do centra."),
        ("end-punctuation", "Sign in.", "Přihlaste se.", "Přihlaste se"),
        ("end-punctuation", "Sign in:", "Přihlaste se:", "Přihlaste se."),
        ("end-punctuation", "See [the page](a.md).", "Viz [stránka.](a.md)", "Viz [stránka](a.md)"),
        ("identical", "Select the customer.", "Vyberte zákazníka.", "Select the customer."),
    ],
)
def test_check_catches_bad_and_passes_good(check_id, source, good, bad):
    assert run(check_id, source, good) is None
    if bad is not None:
        assert run(check_id, source, bad), f"{check_id} missed {bad!r}"


@pytest.mark.parametrize(
    "text",
    [
        "d20fdad5-f524-45e4-97b1-59a94c21778f",
        "Microsoft Teams",
        "PZX-00006",
        "`docloc check`",
        "startTime",
        "Redmond, WA",
    ],
)
def test_identical_is_quiet_on_names_codes_and_identifiers(text):
    assert run("identical", text, text) is None


def test_identical_respects_do_not_translate():
    context = context_from_options("cs", {"do_not_translate": ["Partner Center"]})
    assert run("identical", "Partner Center", "Partner Center", context) is None
    assert run("identical", "Select the customer", "Select the customer", context)


@pytest.mark.parametrize(
    ("translation", "reason"),
    [
        ("Ahoj <script>alert(1)</script>", "<script>"),
        ("Ahoj <img src=x onerror=alert(1)>", "onerror"),
        ("Ahoj [klikni](javascript:alert(1))", "javascript:"),
        ('Ahoj <a href="jav&#x09;ascript:alert(1)">x</a>', "javascript:"),
        ("Ahoj <iframe src=//evil.example></iframe>", "<iframe>"),
        ("Ahoj <b>tučně</b>", "<b> element"),
        ("<svg onload=alert(1)>", "svg"),
        ("Ahoj [klikni](&#106;avascript:alert(1)) &amp; dál", "javascript:"),
        ("Ahoj [klikni](javascript&#58;alert(1))", "javascript:"),
    ],
)
def test_unsafe_markup_refuses_added_markup(translation, reason):
    found = unsafe_markup("Hello", translation)
    assert found is not None and reason in found


@pytest.mark.parametrize(
    ("source", "translation"),
    [
        ("Hello", "Ahoj"),
        ("A<br>B", "A<br>B"),
        ("See [x](https://a.example/en-us/x)", "Viz [x](https://a.example/cs-cz/x)"),
        ("![alt](a.png)", "![popisek](a.png)"),
        ("Use `<script>` tags", "Použijte značky `<script>`"),
        ("3 < 4 & 5 > 2", "3 < 4 & 5 > 2"),
        ('<a href="x.md" title="Go">x</a>', '<a href="x.md" title="Jdi">x</a>'),
        # Emphasis is Markdown's own markup, never a script: judged alike with or without an &.
        ("Dun & Bradstreet", "**Dun & Bradstreet**"),
        ("R and D", "**R&amp;D**"),
    ],
)
def test_unsafe_markup_lets_markup_of_the_source_pass(source, translation):
    assert unsafe_markup(source, translation) is None


PO_TEXT = """\
msgid ""
msgstr ""
"Content-Type: text/plain; charset=UTF-8\\n"

#. ms-id: a-1
#: docs/en/x.md:5
msgid "Sign in."
msgstr "Přihlaste se"

# docloc-ignore: end-punctuation
#: docs/en/x.md:7
msgid "Sign out."
msgstr "Odhlaste se"

#: docs/en/x.md:9
msgid "Not yet."
msgstr ""

#, fuzzy
#: docs/en/x.md:11
msgid "Fuzzy **one**."
msgstr "Nejasné."

#~ msgid "Old."
#~ msgstr "Staré"
"""


def test_findings_are_located_and_can_be_silenced():
    findings = check_entries(parse_po(PO_TEXT, "locales/cs/x.po"), "locales/cs/x.po", CTX)
    by_check = {(f.check, f.line): f for f in findings}
    first = by_check[("end-punctuation", 7)]
    assert first.file == "locales/cs/x.po" and first.page == "docs/en/x.md:5" and first.severity == "warning"
    assert ("end-punctuation", 12) not in by_check  # silenced by the translator comment
    assert ("untranslated", 16) in by_check and ("untranslated", 21) not in by_check
    fuzzy = by_check[("fuzzy", 21)]  # a fuzzy entry is reported as fuzzy, to review, not as untranslated
    assert fuzzy.severity == "info" and fuzzy.message.startswith("needs review: ")
    assert not any(f.check == "fuzzy" for f in findings if f.line != 21)
    assert not any(f.check == "emphasis" for f in findings)  # fuzzy translations are not checked
    assert all(f.line != 24 for f in findings)  # obsolete entries are kept, not checked


def test_the_reader_matches_polib_on_the_projects_own_catalogs():
    """Where polib reads a catalog right (docloc's own, written by polib's writer), both readings agree."""
    paths = sorted((REPO / "locales").rglob("*.po")) + sorted((REPO / "locales").rglob("*.pot"))
    assert paths
    for path in paths:
        ours = list(read_catalog(path))
        theirs = list(polib.pofile(str(path), wrapwidth=0))
        fields = ("msgctxt", "msgid", "msgid_plural", "msgstr", "msgstr_plural", "flags", "obsolete", "occurrences")
        assert [[getattr(e, f) for f in fields + ("comment", "tcomment")] for e in ours] == [
            [getattr(e, f) for f in fields + ("comment", "tcomment")] for e in theirs
        ], path
        assert read_catalog(path).metadata == polib.pofile(str(path)).metadata
        assert read_catalog(path).header == polib.pofile(str(path)).header


@pytest.mark.parametrize(
    ("text", "line"),
    [
        ('msgid "a"\nmsgstr "b\n', 2),
        ('msgid "a"\nmsgstr "b"\nbogus line\n', 3),
        ('msgid "a"\n"continued\nmsgstr ""\n', 2),
        ('msgid "a"\n', 1),
    ],
)
def test_malformed_po_is_reported_with_its_line(text: str, line: int) -> None:
    with pytest.raises(DoclocError) as error:
        parse_po(text, "bad.po")
    assert error.value.file == "bad.po" and error.value.line == line


# Every check's message on a real mistake: what is wrong, then (after a colon) what to do.
MESSAGES = [
    ("links", "See [docs](a.md) and [b](b.md).", "Viz [dokumentace](a.md)."),
    ("links", "See [docs](a.md#x).", "Viz [dokumentace](b.md#x)."),
    ("images", "![Menu](media/a.png)", "Nabídka"),
    ("images", "![Menu](media/a.png)", "![Nabídka](media/b.png)"),
    ("inline-code", "Run `docloc check`.", "Spusťte `docloc kontrola`."),
    ("emphasis", "Select the **Admin** tile and **Support**.", "Vyberte dlaždici Správce a Podpora."),
    ("emphasis", "Select **Save**.", "Vyberte **Uložit."),
    ("ms-tokens", "> [!NOTE] Read it.", "> Přečtěte si to."),
    ("html-tags", "A<br>B", "A<br/><b>B</b>"),
    ("unsafe-markup", "Text", "Text <script>alert(1)</script>"),
    ("numbers", "Within 30 days, 1,000 users", "Během 3 dnů"),
    ("placeholders", "Step {0} of %s", "Krok {1} z %s"),
    ("whitespace", "Sign in ", "Přihlaste se"),
    ("double-space", "Sign in with your admin credentials.", "Přihlásit  se pomocí svých  údajů."),
    ("end-punctuation", "Sign in.", "Přihlaste se"),
    ("end-punctuation", "Sign in:", "Přihlaste se."),
    ("end-punctuation", "Sign in", "Přihlaste se."),
    ("untranslated", "Sign in.", ""),
    ("fuzzy", "Sign in.", "Přihlaste se."),
    ("identical", "Select the customer.", "Select the customer."),
    ("terminology", "Select the customer.", "Vyberte klienta."),
    ("terminology", "Open Partner Center.", "Otevřete Centrum partnerů."),
    ("size", "Sign in.", "Přihlaste se " + "![" * 60),
]
# A glossary for the terminology examples (checks.glossary documents the format).
GLOSSARY = "en,cs\ncustomer,zákazník*\nPartner Center,Partnersk* centr*|!Centrum partner*\n"
_QUOTED = re.compile(r"(?:(?<=\s)|(?<=\()|^)'([^']+)'(?=[\s,:;)]|$)")


def test_every_check_has_a_message_example():
    entry_checks = {c.id for c in CHECKS.values() if c.scope == "entry"}
    assert {check_id for check_id, _, _ in MESSAGES} == entry_checks | {"unsafe-markup"}


@pytest.mark.parametrize(("check_id", "source", "target"), MESSAGES)
def test_messages_say_what_to_do_and_quote_whole_words(check_id, source, target):
    from docloc.checks.glossary import read_csv_glossary

    context = CheckContext("cs", glossary=read_csv_glossary(GLOSSARY, "terms.csv", "en"))
    message = run(check_id, source, target, context)
    assert message and "\n" not in message
    problem, _, advice = message.partition(": ")
    assert problem and advice, message  # what is wrong: what to do
    for quoted in _QUOTED.findall(message):  # quoted from the texts, never cut inside a word
        before = r"(?<!\w)" if re.match(r"\w", quoted) else ""
        after = r"(?!\w)" if re.search(r"\w$", quoted) else ""
        whole = re.compile(before + re.escape(quoted) + after)
        assert any(whole.search(text) for text in (source, target)), f"{quoted!r} is not in the texts: {message}"
    assert "here" not in message.split() and "/" not in problem.replace("://", "").split(" ")[0]


@pytest.mark.parametrize(
    ("check_id", "source", "target", "expected"),
    [
        (
            "emphasis",
            "select the **Admin** tile, and under the **Support** section",
            "vybrat dlaždici Správce a v části Podpora",
            "the English has 2 bold spans (**Admin**, **Support**), the translation none: "
            "mark the same words bold as the English does",
        ),
        (
            "end-punctuation",
            "Sign in.",
            "Přihlaste se",
            "the English ends with '.', the translation ends without punctuation: add '.'",
        ),
        (
            "double-space",
            "they can go into the Office.com page, sign in with their admin credentials",
            "mohou přejít na stránku Office.com, přihlásit  se pomocí svých přihlašovacích údajů",
            "two spaces between 'přihlásit' and 'se': write one space",
        ),
        (
            "double-space",
            "Go on.",
            "Pokračujte.  \nDál.",
            "two spaces before a line break after 'Pokračujte.': in Markdown that is a hard line break, "
            "which the English does not have; remove the spaces",
        ),
        (
            "numbers",
            "Within 30 days, 1,000 users",
            "Během 3 dnů",
            "the numbers 30, 1,000 of the English are not in the translation: keep them "
            "(digit grouping may change, 1,000 as 1 000)",
        ),
    ],
)
def test_rephrased_messages(check_id, source, target, expected):
    assert run(check_id, source, target) == expected


def test_a_fuzzy_entry_without_a_translation_is_untranslated():
    text = PO_TEXT.replace('msgid "Fuzzy **one**."\nmsgstr "Nejasné."', 'msgid "Fuzzy **one**."\nmsgstr ""')
    findings = check_entries(parse_po(text, "x.po"), "x.po", CTX)
    assert [(f.check, f.line) for f in findings if f.line == 21] == [("untranslated", 21)]


def test_inline_html_where_a_line_starts_is_text_not_a_block() -> None:
    """Microsoft's Czech and Polish put the English's <sup> first ("<sup>4.</sup>února 2020"): for CommonMark
    that line is a paragraph (no HTML block starts with <sup> and text after it), so it is published."""
    from docloc.checks.safety import judge_article
    from docloc.model import Segment

    english = "February 4<sup>th</sup>, 2020: Original announcement published"
    chunks = ["- ", "\n"]
    legit = judge_article([Segment(english, "<sup>4.</sup>února 2020: původní oznámení Publikováno")], chunks)
    assert legit.refused == {} and legit.published[0] is not None
    for block in ("<div>", '<img src=x onerror="alert(1)">', "<script>alert(1)</script>", "<!-- hidden"):
        hostile = judge_article([Segment(english, block)], chunks)
        assert 0 in hostile.refused, block


def test_quotes_in_a_translated_title_are_prose_unless_they_shape_an_attribute() -> None:
    """Microsoft's German titles quote names ("Anwendungsentwicklung"); a quote that would close an attribute
    and open another (name="…") is refused all the same (the site escapes both)."""
    from docloc.checks.safety import field_refusal

    english = "One-time exam requirements exemption for the Application Development competency"
    assert field_refusal(english, 'Ausnahme bei der Prüfung zur Kompetenz "Anwendungsentwicklung"') is None
    for hostile in ('Popis" http-equiv="refresh" content="0;url=x', 'Průvodci" onfocus=alert(1) autofocus x="'):
        assert field_refusal(english, hostile), hostile


def _bilingual_articles(corpus: bool = True) -> list:
    """Every bilingual article of the guide and (``corpus``) of the corpus: their bodies' segments and chunks."""
    from corpus_paths import SHARED_CORPUS, require_corpus
    from docloc.fileio import read_text
    from docloc.formats.sxs import read_bilingual

    require_corpus()
    paths = sorted((SHARED_CORPUS.parent / "guide").rglob("*.md"))
    if corpus:
        paths += sorted(SHARED_CORPUS.glob("*/bilingual/**/*.md"))
    articles = []
    for path in paths:
        try:
            articles.append(read_bilingual(read_text(path), path.name, str(path)))
        except DoclocError:  # not a bilingual article (a TOC)
            continue
    return articles


def test_judging_regions_of_a_page_refuses_what_judging_the_whole_page_refuses() -> None:
    """The page-level safety judgement renders only the regions that hold a sensitive translation; the whole
    page rendered is the reference: the same refusals on every translated article of the guide and the corpus."""
    from docloc.checks.safety import judge_article

    articles = _bilingual_articles()
    for article in articles:
        regions = judge_article(article.segments, article.chunks)
        whole = judge_article(article.segments, article.chunks, regions=False)
        assert regions == whole, article.name
    assert len(articles) >= 1000


def test_a_translation_that_drops_a_tag_of_a_raw_html_block_costs_no_other_segment() -> None:
    """Found by benchmarks/safety_fuzz.py (regions and whole page disagreed): a cell of a raw HTML table
    translated without its English's <strong> changed the block's tags; the whole page, finding that
    difference where no sensitive translation stands, refused an unrelated one (a loose "*"). A translation
    may drop a tag of a raw HTML block as it may drop one of running text (it may not add one)."""
    from docloc.checks.safety import judge_article
    from docloc.model import Segment

    chunks = ["", "\n\n<table>\n<tr>\n<td>", "</td>\n</tr>\n</table>\n"]
    dropped = [Segment("Multiply a by b.", "Vynásobte a * b."), Segment("<strong>Column</strong>", "Sloupec")]
    assert judge_article(dropped, chunks).refused == judge_article(dropped, chunks, regions=False).refused == {}
    added = [dropped[0], Segment("Column", "<strong>Sloupec</strong>"), Segment("Row", "Řádek")]
    chunks = ["", "\n\n<table>\n<tr>\n<td>", "</td>\n<td>", "</td>\n</tr>\n</table>\n"]
    assert 1 in judge_article(added, chunks).refused and 1 in judge_article(added, chunks, regions=False).refused


def test_markup_the_html_parser_gives_up_on_is_refused_not_a_crash() -> None:
    """Found by benchmarks/safety_fuzz.py: "<![--" in a cell of a raw HTML table made the standard library's
    HTML parser raise AssertionError (Python 3.11), and with it the judgement of the page (docloc check, the
    site build). The markup it cannot read counts as an element the English lacks."""
    from docloc.checks.safety import judge_article
    from docloc.markdown.tags import UNREADABLE, end_tags, start_tags
    from docloc.model import Segment

    assert start_tags("<b>a <![-- <i>") == (("b", {}), (UNREADABLE, {})) and end_tags("</b> <![--") == ("b",)
    chunks = ["", "\n\n<table>\n<tr>\n<td>", "</td>\n</tr>\n</table>\n"]
    segments = [Segment("Multiply a by b.", ""), Segment("Column", "Sloupec <![--")]
    for regions in (True, False):
        assert list(judge_article(segments, chunks, regions).refused) == [1]


def test_a_list_marker_the_english_sentence_holds_stays_a_list_marker() -> None:
    """Found by benchmarks/safety_fuzz.py on the corpus (2020-october.md): an English sentence that holds its
    list marker ("1. **New revenue performance requirement**") had its translation's marker escaped, so the
    page lost its list item; unattributed, the whole page refused an unrelated sensitive segment, the regions
    nothing. The English's marker stays; a translation without it is refused (it would lose the item)."""
    from docloc.checks.safety import judge_article
    from docloc.model import Segment

    chunks = ["", "\n\n", "\n"]
    for target, published in [
        ("1. **Neue Anforderung**", "1. **Neue Anforderung**"),
        ("1. - x", "1. \\- x"),
        ("2. **Neue**", None),
        ("**Neu**", None),
        ("1. # Kopf", None),
    ]:
        segments = [Segment("Multiply a by b.", "Vynásobte a * b."), Segment("1. **New requirement**", target)]
        judged = judge_article(segments, chunks)
        assert judged == judge_article(segments, chunks, regions=False), target
        assert judged.published == ["Vynásobte a * b.", published], target


def test_a_page_with_more_hostile_places_than_rounds_publishes_none_of_them() -> None:
    """Found attacking the page rounds (_MAX_ROUNDS, 64): 70 pairs of translations, each pair making a link
    to another site across two sentences ("… [" then "](https://evil.example/…) …"), one pair refused per
    round: the 6 pairs left after the last round were published, links and all, by regions and whole page."""
    from docloc.checks.safety import judge_article
    from docloc.model import Segment

    chunks, segments = [""], []
    for i in range(70):
        segments.append(Segment(f"Open the portal {i}.", f"Otevřete portál {i} ["))
        segments.append(Segment(f"Select the item {i}.", f"](https://evil.example/{i}) Vyberte položku."))
        chunks += [" ", "\n\n"]
    for regions in (True, False):
        assert judge_article(segments, chunks, regions).published == [None] * 140


def test_regions_follow_raw_html_blocks_as_the_parser_ends_them() -> None:
    """A HOLE found attacking the regions: segmenter.block_starts ended a raw HTML block of the first type
    only at its own end tag (the parser: at any of </script>, </pre>, </style>, </textarea>) and looked for a
    comment's end only after "<!--" ("<!-->" ends where it starts), so it missed a fence's opener and then
    took the fence's closer for an opener. The region after it was rendered as code where the page has
    text, and a link to another site made across two sentences there was published by the regions only."""
    from docloc.checks.safety import judge_article
    from docloc.markdown.parser import parse_blocks
    from docloc.markdown.segmenter import block_starts
    from docloc.model import Segment

    for opener in ["<!-->", "<script>\nx = '</pre>';"]:
        chunks = [opener + "\n\n```\nA --> B\n</script>\n\n", "\n```\n\n", " ", "\n\n```\n\n", "\n"]
        segments = [
            Segment("Sentence in code.", ""),
            Segment("Open the portal.", "Otevřete portál ["),
            Segment("Select the item.", "](https://evil.example) Vyberte položku."),
            Segment("Para.", ""),
        ]
        body = "".join(c + s.source for c, s in zip(chunks, segments)) + chunks[-1]
        tops = {token.map[0] for token in parse_blocks(body) if token.map and token.level == 0}
        assert set(block_starts(body.split("\n"))) <= tops, opener
        for regions in (True, False):
            assert set(judge_article(segments, chunks, regions).refused) == {1, 2}, (opener, regions)


def test_regions_do_not_cut_a_docfx_image_whose_description_runs_past_blank_lines() -> None:
    """A HOLE found attacking the regions: a complex DocFX image's description runs to :::image-end:::,
    blank lines and all, and a fence in it ends there; segmenter.block_starts gave a start at the fence, so
    the region was rendered alone, the fence ran on past :::image-end::: and hid the text after the image
    (a link to another site made across two sentences) as code. The regions published it."""
    from docloc.checks.safety import judge_article
    from docloc.model import Segment

    chunks = [
        ':::image type="complex" source="a.png" alt-text="Diagram.":::\n',
        "\n\n```\ncode in description\n:::image-end:::\n\n",
        " ",
        "\n\n```\nmore code\n```\n\n",
        "\n",
    ]
    segments = [
        Segment("Description.", ""),
        Segment("Open the portal.", "Otevřete portál ["),
        Segment("Select the item.", "](https://evil.example) Vyberte položku."),
        Segment("Para.", ""),
    ]
    for regions in (True, False):
        assert set(judge_article(segments, chunks, regions).refused) == {1, 2}, regions


def test_regions_do_not_take_a_comment_in_an_html_block_for_a_block_of_its_own() -> None:
    """A HOLE found attacking the regions: "<!--" on the line after "<div>" is part of that HTML block (which
    ends at the next blank line), but segmenter.block_starts followed it as a comment to its "-->", missing
    the fence opened after the blank line, then took the fence's closer for an opener: text after the fence
    (a link to another site made across two sentences) was rendered as code, and published by the regions."""
    from docloc.checks.safety import judge_article
    from docloc.model import Segment

    chunks = ["<div>\n<!--\n\n```\n-->\n\ncode line\n```\n\n", " ", "\n\n```\nmore\n```\n"]
    segments = [
        Segment("Open the portal.", "Otevřete portál ["),
        Segment("Select the item.", "](https://evil.example) Vyberte položku."),
    ]
    for regions in (True, False):
        assert set(judge_article(segments, chunks, regions).refused) == {0, 1}, regions


def test_a_tag_written_as_markdown_text_in_a_raw_html_cell_is_judged_in_its_page() -> None:
    """A HOLE found by benchmarks/safety_fuzz.py: in a cell of a raw HTML table, "\\<img … onerror=…\\>" or a code
    span holding a tag is text to the inline parser (judged alone: nothing added, no loose character) but a
    tag in raw HTML, which reads no Markdown; neither judgement looked at the page. A "<" the English does
    not have now sends a translation to its page, whose HTML block then has a tag its English lacks."""
    from docloc.checks.safety import judge_article
    from docloc.model import Segment

    chunks = ["<table>\n<tr>\n<td>", "</td>\n</tr>\n</table>\n"]
    for target in ["Sloupec \\<img src=x onerror=alert(1)\\>", "Sloupec `<img src=x onerror=alert(1)>`"]:
        for regions in (True, False):
            assert list(judge_article([Segment("Column", target)], chunks, regions).refused) == [0], target
    assert judge_article([Segment("Use `a`.", "Použijte `a<b>`.")], ["", "\n"]).refused == {}


def test_markup_in_a_raw_html_cell_is_judged_in_its_page_whatever_the_englishs_count_of_lt() -> None:
    """A HOLE: a cell of a raw HTML table whose English has tags (``Select <b>Save</b>``) let a translation
    put as many "<" in code spans (text to the inline parser, live HTML in the raw block) without being
    judged in its page: `<img onerror>` and a link to another host were published (and exported), and a
    `<!--` hid the rest of the page. Now markup a browser reads differently from the English's sends the
    translation to its page, whose HTML block must keep the English's tags, URLs and comments."""
    from docloc.checks.safety import judge_article
    from docloc.model import Segment

    chunks = ["<table><tr><td>", "</td></tr></table>\n"]
    bold, link = "Select <b>Save</b> first.", 'See <a href="https://learn.microsoft.com/en-us/x">it</a>.'
    hostile = [
        (bold, 'Vyberte `<img src="https://evil.example/x.png" onerror="alert(1)">` nejprve.'),
        (bold, "Vyberte <b>Uložit</b> `<!--` nejprve."),
        (link, 'Viz `<a href="https://evil.example/">`to`</a>`.'),
    ]
    for source, target in hostile:
        for regions in (True, False):
            assert list(judge_article([Segment(source, target)], chunks, regions).refused) == [0], target
    legit = [
        (bold, "Nejprve vyberte <b>Uložit</b>."),
        (link, 'Viz <a href="https://learn.microsoft.com/cs-cz/x">to</a>.'),
    ]
    for source, target in legit:
        assert judge_article([Segment(source, target)], chunks).refused == {}, target


def test_raw_html_is_compared_as_a_browser_reads_it_where_the_standard_parser_reads_otherwise() -> None:
    """A HOLE: the footer's licence link (mkdocs.yml's copyright, written as raw HTML on every page) read by
    the standard library's parser, which keeps a repeated attribute's last value where a browser keeps its
    first: ``<a href="https://evil.example/" href="<licence>">`` passed, and every page linked to another
    host. Found with a differential fuzz against Chromium: ``href=="…"``, names split at a vertical tab, a
    closing tag a browser does not read (``</\xa0a>``) or one before its element opens (which stays open)."""
    from docloc.checks.safety import html_refusal

    english = 'Content: <a href="https://creativecommons.org/licenses/by/4.0/" rel="license">CC BY 4.0</a>'
    link = english.split(" ", 1)[1]
    for hostile in [
        link.replace("<a ", '<a href="https://evil.example/" '),
        link.replace('href="', 'href=="'),
        link.replace(" rel=", "\x0brel="),
        link.replace("</a>", "</\xa0a>"),
        "</a>" + link.replace("</a>", ""),
    ]:
        assert html_refusal(english, "Obsah: " + hostile), hostile
    assert html_refusal(english, "Obsah: " + link) is None


def test_a_cell_separator_past_the_headers_columns_is_refused() -> None:
    """A HOLE (the attack suite's table-extra-pipe, placed where no other refusal stood beside it): a row's
    cells past the header's are dropped by GFM, text and all, so "Agent | x" in a row's first cell pushed the
    next cell out of the table, hiding its text, and left the row's structure as the English's."""
    from docloc.checks.safety import judge_article
    from docloc.model import Segment

    chunks = ["| Role | Task |\n|---|---|\n| ", " | ", " |\n"]
    segments = [Segment("Admin agent", "Agent | skryto"), Segment("Assigns the contact", "Přiřazuje kontakt")]
    for regions in (True, False):
        assert list(judge_article(segments, chunks, regions).refused) == [0], regions


# Translations that reach beyond their sentence: unpaired delimiters, raw HTML openers and closers,
# table cell separators, entities, line breaks and block syntax.
_REACHING = [
    "*", "**", "_", "`", "``", "~~", "[", "]", "![", "](x.md)", "<", ">", "<!--", "-->", "<b>", "</div>",
    "&", "&amp", "|", "\\", "a | b", "\n", "\n\n", "\n# x", "\n---", "\n|---|---|", "\n<script>", "\n    code",
    "\n```", "\n> quote", "\n[x]: https://x.example", "\n- item",
]  # fmt: skip


def test_what_regions_publish_the_whole_page_publishes_too() -> None:
    """Hostile translations, each at every place of the guide's pages with another one elsewhere: the regions'
    judgement refuses what the whole page's refuses, and what it publishes passes the whole page's unchanged."""
    import random
    from dataclasses import replace

    from docloc.checks.safety import judge_article

    pick = random.Random(17)
    guide = _bilingual_articles(corpus=False)
    assert len(guide) == 2
    cases = refusing = 0
    for article in guide:
        for index, segment in enumerate(article.segments):
            for text in _REACHING:
                targets = [s.target for s in article.segments]
                targets[index] = pick.choice([text + segment.target, segment.target + text, text])
                other = pick.randrange(len(targets))
                targets[other] = targets[other] + pick.choice(_REACHING)
                segments = [replace(s, target=t) for s, t in zip(article.segments, targets)]
                judged = judge_article(segments, article.chunks)
                assert judged == judge_article(segments, article.chunks, regions=False), (article.name, index, text)
                published = [replace(s, target=p or "") for s, p in zip(segments, judged.published)]
                assert judge_article(published, article.chunks, regions=False).refused == {}, (article.name, text)
                cases += 1
                refusing += bool(judged.refused)
    assert cases >= 1000 and refusing >= cases // 4


def _screen_texts() -> list[tuple[str, str]]:
    """(English, translation) pairs to hold the safety rule's shortcuts against: every segment of the guide and
    the corpus, and every character of the Basic Multilingual Plane and the site's reserved ones, alone, inside
    and at either end of a sentence, against an English with and without markup."""
    pairs = [(s.source, s.target) for article in _bilingual_articles() for s in article.segments if s.target]
    englishes = ("Select **Save**.", "See [docs](a.md).", "Plain text", "1. Step")
    for code in range(0x10000):
        char = chr(code)
        if 0xD800 <= code <= 0xDFFF:
            continue
        for english in englishes:
            pairs += [(english, char), (english, f"Text {char} x"), (english, f"{char}x"), (english, f"x{char}")]
    for english in englishes:
        pairs += [(english, ':::no-loc text="x":::'), (english, "a ::: b"), (english, "&#xE000; x")]
    return pairs


def test_a_plain_text_translation_is_refused_only_by_its_place_or_size():
    """``judge_article`` reads a translation that ``plain_text`` lets through with ``oversized`` and its line-start
    placement alone: every other judgement it skips must pass it, on the corpus and on every character."""
    from docloc.checks.safety import (
        _RESERVED,
        _control_characters,
        _reserved_characters,
        plain_text,
        reaches_beyond,
    )

    screened = 0
    for source, target in _screen_texts():
        if not plain_text(target):
            continue
        screened += 1
        assert not _RESERVED.search(target), target
        assert _reserved_characters(target) is None, target
        assert _control_characters(source, target) is None, target
        assert segment_refusal(source, target) is None, target
        assert not reaches_beyond(source, target), target
    assert screened > 100000


def test_a_sentence_starting_with_a_letter_stands_at_a_line_start_as_it_is():
    """``_placed_at_line_start``'s shortcut (English and translation both start with a letter) against the
    functions it skips, on the corpus and on every letter of the Basic Multilingual Plane."""
    from docloc.markdown.structure import block_syntax, escape_line_start, list_item_start

    letters = 0
    for source, target in _screen_texts():
        if source[:1].isalpha() and target[:1].isalpha():
            letters += 1
            assert list_item_start(source) == list_item_start(target) == "", (source, target)
            assert block_syntax(target) is None and escape_line_start(target) == target, target
    assert letters > 100000


def test_a_line_that_ends_in_a_word_opens_no_block():
    """``opens_line``'s shortcut against its pattern: every line of the corpus's pages up to each segment, and
    every character at the end of a line that would open one."""
    from docloc.markdown.structure import _LINE_START_CONTEXT, opens_line

    befores = ["", "\n", "> ", "1. ", "- ", "\t", "  - 2. > "]
    for article in _bilingual_articles():
        text = ""
        for chunk, segment in zip(article.chunks, article.segments):
            text += chunk
            befores.append(text[text.rfind("\n") + 1 :])
            text += segment.source
    for code in range(0x10000):
        if not 0xD800 <= code <= 0xDFFF:
            befores += [chr(code), "1. " + chr(code), "> " + chr(code), "\n" + chr(code)]
    for before in befores:
        full = _LINE_START_CONTEXT.fullmatch(before, before.rfind("\n") + 1) is not None
        assert opens_line(before) == full, before


@pytest.mark.parametrize(
    "text",
    ["", "plain words", "x\x00y", "a [link](b.md) and `code`", "100 %", "{0} *b* _i_ <br> !", "٣ days", "３", "0"],
)
def test_the_trigger_screen_finds_every_trigger_character_and_any_digit(text: str) -> None:
    """``check_entries`` runs a check only where its trigger characters are: the screen must see each of them."""
    from docloc.checks import _trait_reader
    from docloc.checks.registry import DIGIT_TRIGGER

    triggers = frozenset().union(*(c.triggers for c in CHECKS.values() if c.scope == "entry" and c.triggers))
    wanted = {c for c in triggers if c != DIGIT_TRIGGER and c in text}
    if re.search(r"\d", text):
        wanted.add(DIGIT_TRIGGER)
    assert _trait_reader(triggers)(text) == frozenset(wanted)
