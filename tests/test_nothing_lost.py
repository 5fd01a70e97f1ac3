"""Nothing a writer or translator did is ever lost: unchanged sentences keep their translation
when a writer moves lines, re-import merges three ways, and wrong input is refused before
anything is written."""

from __future__ import annotations

from pathlib import Path

import pytest

from docloc.catalog.po import parse_po, read_catalog
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
    catalog = read_catalog(project.catalog(language, NAME))
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


# --- Re-import: a three-way merge with the last hand-off as its base -------------------------

GUIDE = Path(__file__).parent / "fixtures" / "guide" / "cs-CZ" / "assign-support-contacts.md"
GUIDE_NAME = "assign-support-contacts.md"
EDITED = "Assign contacts"  # the translator edits its translation
NEEDS_REVIEW = "Remove a relationship with a customer"  # the translator marks it fuzzy
# The translator adds a flag and a comment (msgid starts with it). The flag is one GNU gettext knows:
# docloc's reader drops any other flag, as GNU's tools do, and its writer refuses them.
REVIEWED = "**Appropriate roles**"
TRANSLATOR_FLAG = "no-wrap"


def run(*args: str | Path) -> tuple[int, str, str]:
    """``docloc`` in a subprocess: (exit code, standard output, standard error).

    In its own process group, ended whole after a timeout: an import that opened a FIFO would
    wait forever, and so would its worker processes.
    """
    import os
    import signal
    import subprocess
    import sys

    with subprocess.Popen(
        [sys.executable, "-m", "docloc", *map(str, args)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    ) as process:
        try:
            out, err = process.communicate(timeout=300)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.communicate()
            raise AssertionError(f"docloc {' '.join(map(str, args))} hung") from None
    assert "Traceback" not in err, err
    return process.returncode, out, err


def guide_catalog(project: Path) -> Path:
    return project / "locales" / "cs" / "LC_MESSAGES" / GUIDE_NAME.replace(".md", ".po")


def entry(catalog, english: str):
    found = [e for e in catalog if not e.obsolete and e.msgctxt is None and e.msgid.startswith(english)]
    assert len(found) == 1, english
    return found[0]


def translator_edits(po_path: Path) -> dict[str, tuple[str, list[str], str]]:
    """Edit a catalog as a translator does in a PO editor; returns msgid → (msgstr, flags, comment)."""
    import polib

    catalog = polib.pofile(str(po_path), wrapwidth=0)
    entry(catalog, EDITED).msgstr = "Přiřaďte kontakty"
    entry(catalog, NEEDS_REVIEW).flags = ["fuzzy"]
    reviewed = entry(catalog, REVIEWED)
    reviewed.flags = [TRANSLATOR_FLAG]
    reviewed.tcomment = "checked against the glossary"
    catalog.save()
    return {e.msgid: (e.msgstr, list(e.flags), e.tcomment) for e in catalog if not e.obsolete}


def test_reimporting_the_same_handoff_keeps_every_translator_edit(tmp_path: Path) -> None:
    project = tmp_path / "p"
    assert run("import", GUIDE, "--project", project)[0] == 0
    po_path = guide_catalog(project)
    edited = translator_edits(po_path)
    # A writer's edit and update in between: the base of the merge survives them.
    page = project / "docs" / "en" / GUIDE_NAME
    page.write_text(page.read_text(encoding="utf-8") + "\nA sentence a writer added.\n", encoding="utf-8")
    assert run("extract", "--project", project)[0] == 0 and run("update", "--project", project)[0] == 0
    code, out, err = run("import", GUIDE, "--project", project)
    assert code == 0, err
    import polib

    after = {e.msgid: (e.msgstr, list(e.flags), e.tcomment) for e in polib.pofile(str(po_path)) if not e.obsolete}
    for msgid, state in edited.items():
        assert after[msgid] == state, msgid
    assert "0 translations taken from the hand-off, 2 kept as the translator changed them, 0 changed by both" in out


def handoff_v2(tmp_path: Path) -> Path:
    """A newer hand-off of the guide: Microsoft retranslated three sentences."""
    text = GUIDE.read_text(encoding="utf-8")
    for old, new in (
        (">Přiřazení kontaktů</span>", ">Přiřazení kontaktů podpory</span>"),  # also edited by the translator
        (">Odebrání vztahu se zákazníkem</span>", ">Odebrání vztahu k zákazníkovi</span>"),  # marked fuzzy
        ("Odpovídající role:", "Vhodné role:"),  # flagged and commented by the translator
    ):
        assert old in text, old
        text = text.replace(old, new, 1)
    path = tmp_path / "v2" / GUIDE_NAME
    path.parent.mkdir(parents=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_reimport_merges_three_ways_and_reports_each_case(tmp_path: Path) -> None:
    import polib

    project = tmp_path / "p"
    assert run("import", GUIDE, "--project", project)[0] == 0
    po_path = guide_catalog(project)
    before = polib.pofile(str(po_path))
    untouched = "When you set up subscriptions"  # nobody changed it: it keeps the imported translation
    translator_edits(po_path)
    catalog = polib.pofile(str(po_path), wrapwidth=0)
    entry(catalog, "After you set up support contacts").msgstr = "Přeloženo překladatelem."  # translator only
    catalog.save()
    code, out, err = run("import", handoff_v2(tmp_path), "--project", project)
    assert code == 0, err
    after = polib.pofile(str(po_path))
    # Both changed: the translator's translation stays, published; the hand-off's is a visible suggestion.
    both = entry(after, EDITED)
    assert both.msgstr == "Přiřaďte kontakty" and "fuzzy" not in both.flags
    assert 'docloc-suggestion: "Přiřazení kontaktů podpory"' in both.tcomment
    line = next(n for n, text in enumerate(po_path.read_text().split("\n"), 1) if text == f'msgid "{EDITED}"')
    assert f"locales/cs/LC_MESSAGES/assign-support-contacts.po:{line}: 'Assign contacts': the translator and" in err
    # The translator marked it fuzzy and the hand-off retranslated it: both changed; still the translator's.
    review = entry(after, NEEDS_REVIEW)
    assert review.flags == ["fuzzy"] and "Odebrání vztahu k zákazníkovi" in review.tcomment
    # Flagged and commented by the translator, retranslated by the hand-off: the translator's entry, whole.
    reviewed = entry(after, REVIEWED)
    assert reviewed.flags == [TRANSLATOR_FLAG] and reviewed.tcomment.startswith("checked against the glossary")
    assert reviewed.msgstr == entry(before, REVIEWED).msgstr
    # Changed by the translator only: kept. Changed by nobody: the same.
    assert entry(after, "After you set up support contacts").msgstr == "Přeloženo překladatelem."
    assert entry(after, untouched).msgstr == entry(before, untouched).msgstr
    assert "0 translations taken from the hand-off, 1 kept as the translator changed them, 3 changed by both" in out
    # The translator reverts their own edit; a third hand-off retranslates that sentence: it is taken.
    catalog = polib.pofile(str(po_path), wrapwidth=0)
    entry(catalog, "After you set up support contacts").msgstr = entry(before, "After you set up support").msgstr
    catalog.save()
    v3 = tmp_path / "v3" / GUIDE_NAME
    v3.parent.mkdir()
    text = handoff_v2(tmp_path / "again").read_text(encoding="utf-8")
    v3.write_text(text.replace(">Po nastavení kontaktů podpory", ">Jakmile nastavíte kontakty podpory", 1))
    code, out, err = run("import", v3, "--project", project)
    assert code == 0, err
    assert entry(polib.pofile(str(po_path)), "After you set up support contacts").msgstr.startswith("Jakmile")
    assert "1 translation taken from the hand-off, 3 kept as the translator changed them, 0 changed by both" in out
    # The suggestions of the second hand-off are still there: nobody settled them yet.
    assert 'docloc-suggestion: "Přiřazení kontaktů podpory"' in entry(polib.pofile(str(po_path)), EDITED).tcomment


def test_handoff_translation_replaces_updates_fuzzy_guess_for_new_english(tmp_path: Path) -> None:
    """A writer changed the English; update guessed a fuzzy translation; Microsoft's next hand-off
    translates the new English: the hand-off's translation of the exact English is taken."""
    import polib

    project = tmp_path / "p"
    assert run("import", GUIDE, "--project", project)[0] == 0
    page = project / "docs" / "en" / GUIDE_NAME
    page.write_text(page.read_text(encoding="utf-8").replace("Assign contacts", "Assign the contacts"))
    assert run("extract", "--project", project)[0] == 0 and run("update", "--project", project)[0] == 0
    guess = entry(polib.pofile(str(guide_catalog(project))), "Assign the contacts")
    assert "fuzzy" in guess.flags and guess.previous_msgid == "Assign contacts"
    handoff = tmp_path / "v2" / GUIDE_NAME
    handoff.parent.mkdir()
    text = GUIDE.read_text(encoding="utf-8").replace(">Assign contacts</span>", ">Assign the contacts</span>")
    handoff.write_text(text.replace(">Přiřazení kontaktů</span>", ">Přiřazení těch kontaktů</span>"))
    code, _, err = run("import", handoff, "--project", project)
    assert code == 0, err
    taken = entry(polib.pofile(str(guide_catalog(project))), "Assign the contacts")
    assert taken.msgstr == "Přiřazení těch kontaktů" and "fuzzy" not in taken.flags


# --- Input checks: only regular files of the folder given, no names docloc uses, no way out ----


def snapshot(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def test_import_reads_only_regular_files_inside_the_folder_and_no_docloc_names(tmp_path: Path) -> None:
    import os

    handoff = tmp_path / "handoff"
    article = GUIDE.read_text(encoding="utf-8")
    for name in (GUIDE_NAME, "_ui/site.md", "index.md", "translation-status.md", "folder.md/nested.md", "sub/index.md"):
        (handoff / name).parent.mkdir(parents=True, exist_ok=True)
        (handoff / name).write_text(article, encoding="utf-8")
    secret = tmp_path / "secret.md"
    secret.write_text(article, encoding="utf-8")
    (handoff / "leak.md").symlink_to(secret)  # a link leaving the folder
    (handoff / "elsewhere").symlink_to(tmp_path, target_is_directory=True)  # a folder link leaving it
    (handoff / "same.md").symlink_to(handoff / GUIDE_NAME)  # a link inside the folder: read
    os.mkfifo(handoff / "pipe.md")  # reading it would wait forever
    code, out, err = run("import", handoff, "--project", tmp_path / "p")
    assert code == 2
    assert f"{handoff / 'leak.md'}: a link to a file outside {handoff}: not imported" in err
    assert f"{handoff / 'elsewhere'}: a link to a folder outside {handoff}: not walked" in err
    assert f"warning: {handoff / 'pipe.md'}: a FIFO, not a regular file: skipped, never opened" in err
    assert f"{handoff / '_ui/site.md'}: '_ui/site.md' takes the name of docloc's own interface catalogs" in err
    assert f"{handoff / 'index.md'}: 'index.md' would replace the site's home page" in err
    assert f"{handoff / 'translation-status.md'}: 'translation-status.md' is the name of a page" in err
    assert "imported 4 of 9 articles" in out
    pages = Project.open(tmp_path / "p").article_names()
    assert pages == [GUIDE_NAME, "folder.md/nested.md", "same.md", "sub/index.md"]
    interface = tmp_path / "p" / "locales" / "cs" / "LC_MESSAGES" / "_ui"  # the site's own catalogs, not the article
    english = Project.open(tmp_path / "p").english_page(GUIDE_NAME).read_text(encoding="utf-8")
    heading = next(line for line in english.splitlines() if line.startswith("# "))[2:]
    assert all(heading not in path.read_text(encoding="utf-8") for path in interface.glob("*.po"))


def test_an_article_whose_name_no_catalog_reference_can_hold_is_refused_by_name(tmp_path: Path) -> None:
    """A file name with a line feed: the import stopped with 'cannot write the entry ...', naming no file."""
    handoff = tmp_path / "handoff"
    handoff.mkdir()
    bad = handoff / "two\nlines.md"
    bad.write_text(GUIDE.read_text(encoding="utf-8"), encoding="utf-8")
    (handoff / "a\ttab.md").write_text(GUIDE.read_text(encoding="utf-8"), encoding="utf-8")  # isolated: fine
    code, out, err = run("import", handoff, "--project", tmp_path / "p")
    assert code == 2
    shown = str(bad).replace("\n", "\\x0a")  # (a line feed in a printed name is shown escaped: errors.printable)
    assert f"{shown}: 'two\\nlines.md' is not an article name: it holds '\\n'" in err
    assert "imported 1 of 2 articles" in out and Project.open(tmp_path / "p").article_names() == ["a\ttab.md"]


@pytest.mark.parametrize("command", ["import", "check", "update"])
def test_a_mkdocs_yml_that_is_no_file_is_refused_and_nothing_written(tmp_path: Path, command: str) -> None:
    """mkdocs.yml a folder: the import took the folder for a new project, wrote its pages, templates and catalogs,
    then failed with 'not a docloc project (no mkdocs.yml)'."""
    (tmp_path / "p" / "mkdocs.yml").mkdir(parents=True)
    args = (GUIDE,) if command == "import" else ()
    code, _, err = run(command, *args, "--project", tmp_path / "p")
    assert code == 2 and err.strip().endswith(
        "mkdocs.yml: not a file: docloc reads the project's configuration from it"
    )
    assert sorted(p.relative_to(tmp_path / "p").as_posix() for p in (tmp_path / "p").rglob("*")) == ["mkdocs.yml"]


def test_paths_from_the_command_line_and_the_configuration_stay_inside_the_project(tmp_path: Path) -> None:
    project = tmp_path / "work" / "p"
    assert run("import", GUIDE, "--project", project)[0] == 0
    outside = tmp_path / "work" / "outside" / "x.md"  # docs/en/../../../outside/x.md: a page outside the project
    outside.parent.mkdir()
    outside.write_text("# Outside\n\nA page outside the project.\n", encoding="utf-8")
    before = snapshot(tmp_path)
    code, _, err = run("extract", "../../../outside/x.md", "--project", project)
    assert code == 2 and "'../../../outside/x.md' is not an article name: it must stay inside docs/<language>/" in err
    assert run("init", tmp_path / "q", "--languages", "en,../../x")[0] == 2
    code, _, err = run("import", GUIDE, "--locale", "../../x", "--project", project)
    assert code == 2 and "'../../x' is not a locale name such as cs-CZ" in err
    assert snapshot(tmp_path) == before
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    for bad, where in (
        (text.replace("source_language: en", "source_language: ../../x"), "source_language is '../../x'"),
        (text.replace("languages: [cs]", 'languages: [cs, "../../x"]'), "languages[1] is '../../x'"),
    ):
        config.write_text(bad, encoding="utf-8")
        line = next(n for n, text in enumerate(bad.split("\n"), 1) if "../../x" in text)
        column = bad.split("\n")[line - 1].index("../../x") + 1
        column -= bad.split("\n")[line - 1][column - 2] == '"'  # a quoted value starts at its quote
        for command in (["import", GUIDE], ["update"], ["extract"], ["check"]):
            code, _, err = run(*command, "--project", project)
            assert code == 2, command
            assert f"{config}:{line}:{column}: docloc's {where}, which is not a language code" in err, err
        assert snapshot(tmp_path) == {**before, "work/p/mkdocs.yml": bad.encode()}
    config.write_text(text, encoding="utf-8")


def test_wrong_input_is_refused_and_writes_nothing(tmp_path: Path) -> None:
    translated = Path(__file__).parent / "fixtures" / "corpus" / "cs-cz" / "translated" / "partner-center"
    # A first import that fails for every article writes nothing at all, not even mkdocs.yml.
    empty_id = tmp_path / "in" / "empty-id.md"
    empty_id.parent.mkdir()
    empty_id.write_text(GUIDE.read_text(encoding="utf-8").replace('"f058d-109"', '""'), encoding="utf-8")
    code, _, err = run("import", empty_id, translated / "multichannel.md", "--project", tmp_path / "p")
    assert code == 2
    line = next(n for n, text in enumerate(empty_id.read_text().split("\n"), 1) if 'data-ttu-id=""' in text)
    assert f"{empty_id}:{line}:" in err and "a segment with an empty data-ttu-id" in err
    assert f"{translated / 'multichannel.md'}:1:1: not a bilingual article" in err
    assert not (tmp_path / "p").exists() or snapshot(tmp_path / "p") == {}
    # A successful one creates the project with its language; a target-language-only file over it is refused.
    assert run("import", GUIDE, "--project", tmp_path / "p")[0] == 0
    assert Project.open(tmp_path / "p").config.languages == ["cs"]
    before = snapshot(tmp_path / "p")
    only_czech = tmp_path / "only-czech" / GUIDE_NAME
    only_czech.parent.mkdir()
    only_czech.write_text((translated / "multichannel.md").read_text(encoding="utf-8"), encoding="utf-8")
    code, _, err = run("import", only_czech, "--project", tmp_path / "p")
    assert code == 2 and "not a bilingual article" in err
    assert snapshot(tmp_path / "p") == before


def test_an_import_adds_its_language_to_the_configuration_and_the_site(tmp_path: Path) -> None:
    project = tmp_path / "p"
    assert run("init", project, "--languages", "en,cs")[0] == 0
    config = project / "mkdocs.yml"
    original = config.read_text(encoding="utf-8")
    assert run("import", GUIDE, "--project", project)[0] == 0
    assert config.read_text(encoding="utf-8") == original  # cs is there already
    polish = GUIDE.parent.parent / "pl-PL" / GUIDE_NAME
    code, out, _ = run("import", polish, "--project", project)
    assert code == 0 and "added pl to the languages in mkdocs.yml" in out
    text = config.read_text(encoding="utf-8")
    assert (
        "languages: [cs, pl]" in text
        and "        - locale: pl\n          name: Polski\n          build: true\n" in text
    )
    # Only those two places changed: comments and everything else are as they were.
    import difflib

    changed = [line for line in difflib.ndiff(original.split("\n"), text.split("\n")) if line[:2] in ("- ", "+ ")]
    assert changed == [
        "-       languages: [cs]",
        "+       languages: [cs, pl]",
        "+         - locale: pl",
        "+           name: Polski",
        "+           build: true",
    ]
    assert Project.open(project).config.languages == ["cs", "pl"]
    assert run("build", "--project", project, "--site-dir", tmp_path / "site")[0] == 0
    assert (tmp_path / "site" / "pl" / GUIDE_NAME.replace(".md", "") / "index.html").is_file()


def test_the_names_import_refuses_are_the_ones_the_site_generates() -> None:
    from docloc.project import GENERATED_PAGES
    from docloc.site.pages import HOME, STATUS

    assert set(GENERATED_PAGES) == {HOME, STATUS}


def test_every_known_segment_survives_a_writer_moving_every_line(tmp_path: Path) -> None:
    """A paragraph inserted at the top moves every line: each page still gets every entry of its
    template (Microsoft's cut), plus the new paragraph."""
    from docloc.formats.sxs import read_bilingual
    from docloc.project import init_project
    from docloc.workflows.importer import import_article
    from docloc.workflows.page_template import page_template

    source = Path(__file__).parent / "fixtures" / "corpus" / "cs-cz" / "bilingual"
    init_project(tmp_path / "p", ["en", "cs"])
    project = Project.open(tmp_path / "p")
    checked = 0
    for path in sorted(source.rglob("*.md")):
        name = path.relative_to(source).as_posix()
        article = read_bilingual(read_text(path), name, str(path))
        if not article.segments:
            continue
        import_article(project, article, str(path))
        text = read_text(project.english_page(name))
        end = text.index("\n---\n", 3) + 5 if text.startswith("---\n") else 0
        edited = text[:end] + "A paragraph a writer inserted.\n\n" + text[end:]
        known = read_catalog(project.template(name))
        template = page_template(project, name, edited, known)
        keys = {(e.msgctxt, e.msgid) for e in parse_po(template.text, name)}
        assert {(e.msgctxt, e.msgid) for e in known} <= keys, name
        assert (None, "A paragraph a writer inserted.") in keys and template.how == "template+segmenter", name
        checked += 1
    assert checked >= 9


def test_leftovers_of_an_interrupted_base_write_are_cleaned_like_the_catalogs() -> None:
    from docloc.cli.common import WRITTEN_FOLDERS
    from docloc.project import HANDOFF_DIR

    assert HANDOFF_DIR in WRITTEN_FOLDERS


def test_a_folder_import_skips_files_without_segments_and_a_named_one_is_refused(tmp_path: Path) -> None:
    toc = Path(__file__).parent / "fixtures" / "corpus" / "cs-cz" / "translated" / "partner-center" / "multichannel.md"
    handoff = tmp_path / "handoff"
    handoff.mkdir()
    (handoff / GUIDE_NAME).write_text(GUIDE.read_text(encoding="utf-8"), encoding="utf-8")
    (handoff / "TOC.md").write_text(toc.read_text(encoding="utf-8"), encoding="utf-8")
    code, out, err = run("import", handoff, "--project", tmp_path / "p")
    assert code == 0, err
    assert f"warning: {handoff / 'TOC.md'}:1:1: not a bilingual article" in err and "skipped" in err
    assert "imported 1 of 1 article" in out and "1 file without side-by-side segments skipped" in out
    assert not (tmp_path / "p" / "locales" / "cs" / "LC_MESSAGES" / "TOC.po").exists()
    only = tmp_path / "only"
    only.mkdir()
    (only / "TOC.md").write_text(toc.read_text(encoding="utf-8"), encoding="utf-8")
    before = snapshot(tmp_path / "p")
    code, _, err = run("import", only, "--project", tmp_path / "p")
    assert code == 2 and "no bilingual article to import" in err
    code, _, err = run("import", only / "TOC.md", "--project", tmp_path / "p")
    assert code == 2 and f"{only / 'TOC.md'}:1:1: not a bilingual article" in err and "warning" not in err
    assert snapshot(tmp_path / "p") == before


def test_a_folder_holding_no_markdown_file_imports_nothing_and_says_so(tmp_path: Path) -> None:
    empty = tmp_path / "handoff"
    empty.mkdir()
    (empty / "notes.txt").write_text("not an article\n", encoding="utf-8")
    code, _, err = run("import", empty, "--project", tmp_path / "p")
    assert code == 2 and "no bilingual article to import (no Markdown file found)" in err
    assert not (tmp_path / "p").exists()


@pytest.mark.parametrize("edited", [False, True], ids=["catalog as imported", "catalog edited"])
def test_a_handoff_base_committed_as_a_link_is_neither_read_nor_written_through(tmp_path: Path, edited: bool) -> None:
    """``.docloc-handoff/`` is docloc's state in the project folder; a pull request can commit a base there as a
    link to a file of the user's: the import replaces the link with the base and leaves the file alone."""
    project = tmp_path / "p"
    assert run("import", GUIDE, "--project", project)[0] == 0
    base = Project.open(project).handoff_base("cs", GUIDE_NAME)
    kept = base.read_text(encoding="utf-8")
    victim = tmp_path / "precious.txt"
    victim.write_text("the user's own file\n", encoding="utf-8")
    base.unlink()
    base.symlink_to(victim)
    if edited:
        translator_edits(guide_catalog(project))  # a catalog with work of its own: the import merges over it
    code, _, err = run("import", GUIDE, "--project", project)
    assert code == 0, err
    assert victim.read_text(encoding="utf-8") == "the user's own file\n"
    assert not base.is_symlink()
    assert base.read_text(encoding="utf-8") == kept
