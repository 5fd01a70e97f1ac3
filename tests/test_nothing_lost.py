"""Nothing a writer or translator did is ever lost: unchanged sentences keep their translation
when a writer moves lines, re-import merges three ways, and wrong input is refused before
anything is written."""

from __future__ import annotations

from pathlib import Path

from docloc.catalog import conventions as cat
from docloc.cli import main
from docloc.fileio import read_text
from docloc.formats.english import read_page_with_catalog
from docloc.project import Project

NAME = "article.md"


def pair(number: int, target: str, source: str) -> str:
    """One side-by-side segment, as Microsoft writes it."""
    seg = f"abcde-{number}"
    return (
        f'<span data-ttu-id="{seg}">{target}</span>'
        f'<span class="sxs-lookup"><span data-stu-id="{seg}">{source}</span></span>'
    )


FRONT = "---\ntitle: Článek\nms.contentlocale: cs-CZ\nms.date: 01/02/2021\n---\n"

# Microsoft cuts a few sentences where docloc's sentence rules would not: a leading narrow no-break
# space, a table cell with a trailing blank, a lone quotation mark, two sentences kept as one.
ODD_CUTS = [
    ("\u202fThrottling limits the number of requests to a service.", "\u202fOmezení počtu požadavků na službu."),
    ("Update - CSP usage reports ", "Aktualizace – sestavy využití CSP "),
    ('"', "“"),
    ("Data is visible for your programs. From this view, you can download remittance.", "Data jsou viditelná."),
]


def odd_article() -> str:
    """A bilingual article holding every odd cut of ``ODD_CUTS``, among ordinary sentences."""
    (throttle, throttle_cs), (cell, cell_cs), (quote, quote_cs), (two, two_cs) = ODD_CUTS
    body = [
        f"# {pair(1, 'Článek', 'Article')}",
        "",
        f"{pair(2, 'Úvodní věta.', 'An opening sentence.')} {pair(3, 'Druhá věta.', 'A second sentence.')}",
        "",
        pair(4, throttle_cs, throttle),
        "",
        "| " + pair(5, "Oznámení", "Announcement") + " | " + pair(6, "Datum", "Date") + " |",
        "|---|---|",
        "| " + pair(7, cell_cs, cell) + "| " + pair(8, "Leden 2021", "January 2021") + " |",
        "",
        pair(9, "Zvolte Ano pro otázku „Potřebujete pomoc?", 'Choose Yes for the question "Need help?')
        + " "
        + pair(10, quote_cs, quote),
        "",
        pair(11, two_cs, two),
        "",
        pair(12, "Poslední věta.", "A closing sentence."),
        "",
    ]
    return FRONT + "\n".join(body)


def import_odd(tmp_path: Path) -> Project:
    source = tmp_path / "handoff"
    source.mkdir(exist_ok=True)
    (source / NAME).write_text(odd_article(), encoding="utf-8")
    assert main(["import", str(source / NAME), "--project", str(tmp_path / "p")]) == 0
    return Project.open(tmp_path / "p")


def published(project: Project, language: str = "cs") -> dict[str, str]:
    """English → the translation the page shows (as the site reads the page with its catalog)."""
    page_path = project.english_page(NAME)
    catalog = cat.load_catalog(project.catalog(language, NAME))
    article, _ = read_page_with_catalog(
        read_text(page_path), NAME, NAME, project.page_reference(NAME), catalog, project.config.translated_fields
    )
    return {s.source: s.target for s in article.segments}


def test_unchanged_sentences_keep_microsofts_cut_when_the_writer_moves_lines(tmp_path: Path) -> None:
    project = import_odd(tmp_path)
    assert all(published(project)[english] == translation for english, translation in ODD_CUTS)
    page = project.english_page(NAME)
    text = page.read_text(encoding="utf-8")
    # The writer inserts a paragraph near the top (every later line moves) and edits one sentence.
    text = text.replace("An opening sentence.", "A new first paragraph.\n\nAn opening sentence, edited.")
    page.write_text(text, encoding="utf-8")
    assert main(["extract", "--project", str(project.root)]) == 0
    assert main(["update", "--project", str(project.root)]) == 0
    shown = published(project)
    for english, translation in ODD_CUTS:
        assert shown.get(english) == translation, english
    assert shown["A second sentence."] == "Druhá věta." and shown["A closing sentence."] == "Poslední věta."
    assert shown["An opening sentence, edited."] == ""  # changed English: a fuzzy suggestion, not published
    assert shown["A new first paragraph."] == ""
