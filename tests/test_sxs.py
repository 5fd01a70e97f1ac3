"""The bilingual reader and writers: lossless on real articles, located errors on bad ones."""

from __future__ import annotations

from pathlib import Path

import pytest

from docloc.errors import DoclocError
from docloc.formats.sxs import read_bilingual, render_bilingual, render_translated

FIXTURES = Path(__file__).parent / "fixtures"
GUIDE_CS = FIXTURES / "guide" / "cs-CZ" / "assign-support-contacts.md"

PAIR = '<span data-ttu-id="a-1">Ahoj</span><span class="sxs-lookup"><span data-stu-id="a-1">Hello</span></span>'
HEAD = "---\ntitle: T\nms.contentlocale: cs-CZ\n---\n"


def test_guide_segments_and_positions() -> None:
    article = read_bilingual(GUIDE_CS.read_text(encoding="utf-8"), "assign-support-contacts.md")
    assert article.locale == "cs-CZ"
    assert len(article.segments) == 18
    first = article.segments[0]
    assert (first.id, first.source) == ("f058d-103", "Assign a reseller as a technical support contact for customers")
    assert first.target == "Přiřazení prodejce jako kontaktu technické podpory pro zákazníky"
    assert (first.line, first.column) == (19, 80)  # after '# <a name="…"></a>'


BILINGUAL_FIXTURES = sorted(p for p in FIXTURES.rglob("*.md") if "translated" not in p.parts and p.name != "README.md")


@pytest.mark.parametrize("path", BILINGUAL_FIXTURES, ids=lambda p: str(p.relative_to(FIXTURES)))
def test_bilingual_fixtures_round_trip(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    assert render_bilingual(read_bilingual(text, path.name)) == text


def test_translated_drops_spans_and_escaped_stars() -> None:
    pair = PAIR.replace("Ahoj", "Ahoj \\*")
    assert render_translated(read_bilingual(HEAD + pair + "\n", "x.md")) == HEAD + "Ahoj *\n"


def test_crlf_and_bom_are_kept() -> None:
    text = "\ufeff" + (HEAD + "# " + PAIR + "\n\nText.\n").replace("\n", "\r\n")
    article = read_bilingual(text, "x.md")
    assert article.bom and article.newline == "\r\n"
    assert render_bilingual(article) == text


BAD = [
    ("unclosed translation span", HEAD + '<span data-ttu-id="a-1">Ahoj\n', (5, 1), "never closed"),
    (
        "mismatched ids",
        HEAD + PAIR.replace('data-stu-id="a-1"', 'data-stu-id="a-2"'),
        (5, 36),
        "must match",
    ),
    ("duplicate id", HEAD + PAIR + "\n\n" + PAIR + "\n", (7, 1), "duplicate segment id 'a-1' (first used on line 5)"),
    ("missing sxs-lookup", HEAD + 'x <span data-ttu-id="a-1">Ahoj</span> and more\n', (5, 38), "no English source"),
    (
        "segment nested in a segment",
        HEAD + '<span data-ttu-id="a-1">A <span data-ttu-id="a-2">B</span></span>'
        '<span class="sxs-lookup"><span data-stu-id="a-1">A</span></span>',
        (5, 27),
        "nested",
    ),
    ("English span with no translation span", HEAD + '<span class="sxs-lookup">x</span>', (5, 14), "no translation"),
    ("unclosed English span", HEAD + PAIR.replace("</span></span>", ""), (5, 36), "not closed"),
    (
        "segment with no English",
        HEAD + PAIR.replace('data-stu-id="a-1">Hello<', 'data-stu-id="a-1"><'),
        (5, 85),
        "segment 'a-1' has no English",
    ),
    ("NUL in a translation", HEAD + PAIR.replace("Ahoj", "Ah\x00oj"), (5, 27), "NUL (U+0000), which a catalog"),
    ("EOT in the English", HEAD + PAIR.replace(">Hello<", ">Hel\x04lo<"), (5, 88), "EOT (U+0004), which a catalog"),
    ("front matter never closed", "---\ntitle: T\n\n# Heading\n", (1, 1), "never closed"),
    ("front matter not YAML", "---\ntitle: T\nms.date: [unclosed\n---\nBody\n", (4, 1), "broken front matter"),
    (
        "front matter value YAML cannot make",
        "---\ntitle: T\nms.date: 2021-02-30\n---\nBody\n",
        (3, 10),
        "YAML cannot read this value (day is out of range",
    ),
]


@pytest.mark.parametrize(("case", "text", "where", "message"), BAD, ids=[b[0] for b in BAD])
def test_bad_input_is_a_located_error(case: str, text: str, where: tuple[int, int], message: str) -> None:
    with pytest.raises(DoclocError) as caught:
        read_bilingual(text, "bad.md")
    error = caught.value
    assert (error.line, error.column) == where, str(error)
    assert message in error.message
    assert str(error).startswith(f"bad.md:{where[0]}:{where[1]}: ")
