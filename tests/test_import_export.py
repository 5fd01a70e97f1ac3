"""`docloc import` and `docloc export` end to end, through the real command."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from docloc.catalog.po import read_catalog, write_catalog
from docloc.fileio import write_text_atomic

FIXTURES = Path(__file__).parent / "fixtures"
GUIDE = FIXTURES / "guide"
NAME = "assign-support-contacts.md"


def docloc(*args: str | Path, check: bool = True) -> subprocess.CompletedProcess:
    done = subprocess.run([sys.executable, "-m", "docloc", *map(str, args)], capture_output=True, text=True)
    assert "Traceback" not in done.stderr, done.stderr
    if check:
        assert done.returncode == 0, done.stderr
    return done


def snapshot(root: Path) -> dict[str, str]:
    return {
        p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


@pytest.fixture
def guide_project(tmp_path: Path) -> Path:
    project = tmp_path / "project"
    docloc("import", GUIDE / "cs-CZ", GUIDE / "pl-PL", "--project", project)
    return project


def test_import_writes_page_template_and_catalogs(guide_project: Path) -> None:
    page = (guide_project / "docs/en" / NAME).read_text(encoding="utf-8")
    assert "data-ttu-id" not in page and "sxs-lookup" not in page
    assert "title: Assign a reseller as a technical support contact for customers\n" in page
    assert "ms.contentlocale" not in page and "ms.author: BillLi" in page
    for language, forms in (("cs", "nplurals=3"), ("pl", "nplurals=3")):
        catalog = read_catalog(guide_project / f"locales/{language}/LC_MESSAGES/assign-support-contacts.po")
        assert catalog.metadata["Language"] == language
        assert catalog.metadata["Plural-Forms"].startswith(forms)
        assert catalog.metadata["Content-Type"] == "text/plain; charset=UTF-8"
        assert catalog.metadata["X-MS-Translation-Type"] == "MT"
        entry = catalog.find("Assign contacts")
        assert entry.occurrences == [(f"docs/en/{NAME}", "25")]
        assert entry.comment.startswith("ms-id: ")
        assert catalog.find("Assign a reseller as a technical support contact for customers", msgctxt="title")
    template = read_catalog(guide_project / "locales/templates/assign-support-contacts.pot")
    assert all(not e.msgstr for e in template)
    assert len(template) == 20  # 18 segments with distinct English, plus title and description


def test_the_count_of_files_written_is_every_file_the_import_wrote(tmp_path: Path) -> None:
    """Importing a new language into a project said '1 files written' after writing its catalog, its hand-off
    base, two interface catalogs and mkdocs.yml: the count is every file the import changed."""
    project = tmp_path / "p"

    def changed_by(*args: str | Path) -> tuple[int, str]:
        before = snapshot(project) if project.exists() else {}
        done = docloc("import", *args, "--project", project)
        after = {k: v for k, v in snapshot(project).items() if not k.startswith(".docloc/")}
        return sum(before.get(k) != v for k, v in after.items()), done.stdout

    count, said = changed_by(GUIDE / "cs-CZ" / NAME)  # a new project
    assert count > 4 and f"{count} files written" in said
    count, said = changed_by(GUIDE / "pl-PL" / NAME)  # a new language: catalog, base, _ui/*.po, mkdocs.yml
    assert count == 5 and "5 files written" in said, said
    count, said = changed_by(GUIDE / "pl-PL" / NAME)
    assert count == 0 and "0 files written" in said


def test_reimport_changes_nothing(guide_project: Path) -> None:
    before = snapshot(guide_project)
    done = docloc("import", GUIDE / "cs-CZ", GUIDE / "pl-PL", "--project", guide_project)
    assert "0 files written" in done.stdout
    assert snapshot(guide_project) == before


def test_export_reproduces_the_bilingual_articles(guide_project: Path, tmp_path: Path) -> None:
    for locale in ("cs-CZ", "pl-PL"):
        docloc(
            "export",
            "--project",
            guide_project,
            "--locale",
            locale,
            "--format",
            "bilingual",
            "--out",
            tmp_path / locale,
        )
        assert (tmp_path / locale / NAME).read_bytes() == (GUIDE / locale / NAME).read_bytes()


def test_export_translated_drops_the_english(guide_project: Path, tmp_path: Path) -> None:
    docloc("export", "--project", guide_project, "--locale", "cs", "--format", "translated", "--out", tmp_path)
    text = (tmp_path / NAME).read_text(encoding="utf-8")
    assert "sxs-lookup" not in text and "Přiřazení kontaktů" in text and "Assign contacts" not in text


def test_export_translated_writes_no_markup_hidden_in_code_spans_of_a_raw_html_block(
    guide_project: Path, tmp_path: Path
) -> None:
    """A HOLE: in a raw HTML block (a table a writer wrote in HTML) a code span is no code, and a translation
    holding as many "<" as its English (which has tags) was not judged in its page: the translated export wrote
    `<img onerror>` and a link to another host into the article, live on any renderer of raw HTML."""
    page = guide_project / "docs/en" / NAME
    cell, link = "Select <b>Save</b> first.", 'See <a href="https://learn.microsoft.com/en-us/x">the overview</a>.'
    page.write_text(page.read_text(encoding="utf-8") + f"\n<table><tr><td>{cell}</td><td>{link}</td></tr></table>\n")
    docloc("extract", "--project", guide_project)
    docloc("update", "--project", guide_project)
    path = guide_project / "locales/cs/LC_MESSAGES" / NAME.replace(".md", ".po")
    catalog = read_catalog(path)
    catalog.find(cell).msgstr = 'Vyberte `<img src="https://evil.example/x.png" onerror="alert(1)">` nejprve.'
    catalog.find(link).msgstr = 'Viz `<a href="https://evil.example/">`přehled`</a>`.'
    write_catalog(path, catalog)
    docloc("export", "--project", guide_project, "--locale", "cs", "--format", "translated", "--out", tmp_path)
    text = (tmp_path / NAME).read_text(encoding="utf-8")
    assert "evil.example" not in text and f"<td>{cell}</td><td>{link}</td>" in text
    report = json.loads(docloc("check", "--project", guide_project, "--format", "json", check=False).stdout)
    assert len([f for f in report["findings"] if f["check"] == "unsafe-markup"]) == 2


def test_msgfmt_accepts_every_catalog(guide_project: Path) -> None:
    locales = guide_project / "locales"
    catalogs = [*locales.rglob("*.po"), *locales.rglob("*.pot")]
    interface = [path for path in catalogs if path.parent.name == "_ui"]
    assert len(catalogs) - len(interface) == 3 and len(interface) == 6  # site and walkthrough: 2 templates, cs, pl
    for path in catalogs:
        done = subprocess.run(["msgfmt", "--check", "-o", os.devnull, str(path)], capture_output=True, text=True)
        assert done.returncode == 0, done.stderr


def test_second_locale_with_different_english_is_reported_not_applied(guide_project: Path, tmp_path: Path) -> None:
    edited = tmp_path / "de-DE" / NAME
    edited.parent.mkdir()
    text = (
        (GUIDE / "pl-PL" / NAME)
        .read_text(encoding="utf-8")
        .replace("ms.contentlocale: pl-PL", "ms.contentlocale: de-DE")
    )
    edited.write_text(text.replace(">Assign contacts</span></span>", ">Assign support contacts</span></span>"))
    page = guide_project / "docs/en" / NAME
    before = page.read_bytes()
    done = docloc("import", edited.parent, "--project", guide_project)
    assert "with different English" in done.stdout
    assert f"docs/en/{NAME}:25: page:   Assign contacts" in done.stderr
    assert "import: Assign support contacts" in done.stderr
    assert page.read_bytes() == before
    assert (guide_project / "locales/de/LC_MESSAGES/assign-support-contacts.po").exists()
    docloc("import", edited.parent, "--project", guide_project, "--replace-english")
    assert "Assign support contacts" in page.read_text(encoding="utf-8")


def test_reimport_keeps_translator_work(guide_project: Path, tmp_path: Path) -> None:
    po_path = guide_project / "locales/cs/LC_MESSAGES/assign-support-contacts.po"
    catalog = read_catalog(po_path)
    entry = catalog.find("Assign contacts")
    entry.tcomment = "reviewed by Jana"
    entry.msgstr = "Přiřaďte kontakty"
    write_catalog(po_path, catalog)
    shortened = tmp_path / "cs-CZ" / NAME
    shortened.parent.mkdir()
    lines = (GUIDE / "cs-CZ" / NAME).read_text(encoding="utf-8").splitlines(keepends=True)
    shortened.write_text("".join(line for line in lines if "f058d-120" not in line), encoding="utf-8")
    done = docloc("import", shortened.parent, "--project", guide_project, "--replace-english")
    assert "kept as obsolete" in done.stdout
    catalog = read_catalog(po_path)
    entry = catalog.find("Assign contacts")
    # The hand-off did not change this translation, the translator did: the translator's stays, whole.
    assert entry.msgstr == "Přiřaďte kontakty" and entry.tcomment == "reviewed by Jana"
    gone = [e for e in catalog.obsolete_entries() if e.msgid == "Remove a relationship with a customer"]
    assert gone and gone[0].msgstr == "Odebrání vztahu se zákazníkem"


BAD_ARTICLE = '---\ntitle: T\nms.contentlocale: cs-CZ\n---\n# <span data-ttu-id="a-1">Ahoj</span>\n'


def test_import_over_an_edited_page_merges_and_is_idempotent(guide_project: Path) -> None:
    page = guide_project / "docs/en" / NAME
    page.write_text(
        page.read_text(encoding="utf-8").replace("Assign contacts", "Assign the contacts"), encoding="utf-8"
    )
    docloc("extract", "--project", guide_project)
    done = docloc("import", GUIDE / "cs-CZ", "--project", guide_project)
    assert "with different English" in done.stdout and "1 fuzzy" in done.stderr
    catalog = read_catalog(guide_project / "locales/cs/LC_MESSAGES/assign-support-contacts.po")
    entry = catalog.find("Assign the contacts")
    assert "fuzzy" in entry.flags and entry.msgstr == "Přiřazení kontaktů" and entry.previous_msgid == "Assign contacts"
    assert "Assign the contacts" in page.read_text(encoding="utf-8")  # the writer's edit is kept
    before = snapshot(guide_project)
    docloc("import", GUIDE / "cs-CZ", "--project", guide_project)
    assert snapshot(guide_project) == before


def test_bad_article_is_reported_and_nothing_is_written(tmp_path: Path) -> None:
    source = tmp_path / "in"
    source.mkdir()
    (source / "bad.md").write_text(BAD_ARTICLE, encoding="utf-8")
    (source / "broken.md").write_bytes(b"---\ntitle: T\n---\n\xff\xfe bad bytes\n")
    shutil.copy(GUIDE / "cs-CZ" / NAME, source / NAME)
    project = tmp_path / "p"
    done = docloc("import", source, "--project", project, check=False)
    assert done.returncode == 2
    assert f"{source / 'bad.md'}:5:38: segment 'a-1' has no English source" in done.stderr
    assert f"{source / 'broken.md'}:4:1: invalid UTF-8" in done.stderr
    assert "imported 1 of 3 articles" in done.stdout
    assert not (project / "docs/en/bad.md").exists() and not (project / "locales/cs/LC_MESSAGES/bad.po").exists()
    assert (project / "docs/en" / NAME).exists()


def test_missing_locale_is_a_clear_error(tmp_path: Path) -> None:
    article = tmp_path / "x.md"
    article.write_text((GUIDE / "cs-CZ" / NAME).read_text(encoding="utf-8").replace("ms.contentlocale: cs-CZ\n", ""))
    done = docloc("import", article, "--project", tmp_path / "p", check=False)
    assert done.returncode == 2 and f"{article}:1:1: the front matter has no ms.contentlocale" in done.stderr
    docloc("import", article, "--project", tmp_path / "p", "--locale", "cs-CZ")
    assert (tmp_path / "p/locales/cs/LC_MESSAGES/x.po").exists()


def test_a_content_locale_is_read_as_yaml_reads_it(tmp_path: Path) -> None:
    """'ms.contentlocale: cs-CZ # comment' was 'has no ms.contentlocale' at 1:1: YAML's comment is no part of the
    value. The export rebuilds the line as it was; a value that is no string is refused at its own line."""
    source = (GUIDE / "cs-CZ" / NAME).read_text(encoding="utf-8")
    article = tmp_path / "in" / NAME
    article.parent.mkdir()
    article.write_text(source.replace("ms.contentlocale: cs-CZ\n", "ms.contentlocale: cs-CZ  # Czech\n"))
    docloc("import", article, "--project", tmp_path / "p")
    assert (tmp_path / "p/locales/cs/LC_MESSAGES" / NAME).with_suffix(".po").exists()
    docloc("export", "--locale", "cs", "--format", "bilingual", "--out", tmp_path / "out", "--project", tmp_path / "p")
    assert (tmp_path / "out" / NAME).read_text(encoding="utf-8") == article.read_text(encoding="utf-8")
    line = source.splitlines().index("ms.contentlocale: cs-CZ") + 1
    article.write_text(source.replace("ms.contentlocale: cs-CZ\n", "ms.contentlocale: [cs-CZ]\n"))
    done = docloc("import", article, "--project", tmp_path / "q", check=False)
    assert done.returncode == 2 and f"{article}:{line}:1: ms.contentlocale is not a locale name" in done.stderr
    assert not (tmp_path / "q").exists()


def _h1_as_paragraph(text: str) -> str:  # the H1's segment a paragraph: the title has no English to derive
    return "\n".join(line[2:] if line.startswith("# ") else line for line in text.split("\n"))


def _block_scalar_title(text: str) -> str:  # a title no one-line field holds: nothing to translate in place
    return text.replace("title: P", "title: |\n  P", 1)


@pytest.mark.parametrize("edit", [_h1_as_paragraph, _block_scalar_title], ids=["no H1", "multi-line title"])
def test_front_matter_the_catalog_cannot_keep_is_refused_at_import(tmp_path: Path, edit: Callable) -> None:
    """What the import writes into X-Docloc-Source, every command reads back: a line the header cannot keep
    (check and export would refuse the catalog, with 're-import the article', which changes nothing) is refused
    by the import itself, at its line, and nothing is written."""
    article = tmp_path / "in" / NAME
    article.parent.mkdir()
    article.write_text(edit((GUIDE / "cs-CZ" / NAME).read_text(encoding="utf-8")), encoding="utf-8")
    done = docloc("import", article, "--project", tmp_path / "p", check=False)
    assert done.returncode == 2, done.stdout
    assert f"{article}:2:1: the catalog cannot keep this front-matter line for export" in done.stderr
    assert not (tmp_path / "p").exists()


def test_a_locale_of_another_language_than_the_articles_is_refused(guide_project: Path) -> None:
    """'--locale pl-PL' on the Czech article merged its Czech over the Polish catalog (20 translations replaced,
    exit 0). The same language otherwise written stays an allowed override."""
    article = GUIDE / "cs-CZ" / NAME
    line = article.read_text(encoding="utf-8").splitlines().index("ms.contentlocale: cs-CZ") + 1
    before = snapshot(guide_project)
    done = docloc("import", article, "--locale", "pl-PL", "--project", guide_project, check=False)
    assert done.returncode == 2
    assert f"{article}:{line}:1: --locale pl-PL is another language than the article's ms.contentlocale cs-CZ" in (
        done.stderr
    )
    assert snapshot(guide_project) == before
    docloc("import", article, "--locale", "cs", "--project", guide_project)  # the same catalog: accepted


@pytest.mark.parametrize("existing", [False, True], ids=["new project", "existing project"])
def test_an_article_in_a_language_the_site_cannot_have_is_refused_before_anything_is_written(
    guide_project: Path, tmp_path: Path, existing: bool
) -> None:
    """kk-KZ (Kazakh, which Material has no interface for): the import wrote the page, template, catalog and
    base, then failed to add the language to mkdocs.yml (exit 2, 'imported 1 of 1 articles, 3 files written')."""
    article = tmp_path / "in" / "kazakh.md"
    article.parent.mkdir()
    text = (
        (GUIDE / "cs-CZ" / NAME)
        .read_text(encoding="utf-8")
        .replace("ms.contentlocale: cs-CZ", "ms.contentlocale: kk-KZ")
    )
    article.write_text(text, encoding="utf-8")
    project = guide_project if existing else tmp_path / "new"
    before = snapshot(project) if existing else {}
    done = docloc("import", article, "--project", project, check=False)
    line = text.splitlines().index("ms.contentlocale: kk-KZ") + 1
    assert done.returncode == 2 and f"{article}:{line}:1: kk-KZ: 'kk' is not a language Material for MkDocs" in (
        done.stderr
    )
    assert "0 files written" in done.stdout
    assert (snapshot(project) if existing else {} if not project.exists() else snapshot(project)) == before


def test_crlf_and_bom_survive_import_and_export(tmp_path: Path) -> None:
    text = (GUIDE / "cs-CZ" / NAME).read_text(encoding="utf-8")
    crlf = tmp_path / "in" / NAME
    crlf.parent.mkdir()
    crlf.write_bytes(("\ufeff" + text.replace("\n", "\r\n")).encode())
    docloc("import", crlf.parent, "--project", tmp_path / "p")
    docloc("export", "--project", tmp_path / "p", "--locale", "cs", "--format", "bilingual", "--out", tmp_path / "out")
    assert (tmp_path / "out" / NAME).read_bytes() == crlf.read_bytes()


@pytest.mark.parametrize("out", ["docs/en", "locales/cs/LC_MESSAGES", ".docloc-handoff/cs", "link-to-docs"])
@pytest.mark.parametrize("form", ["translated", "xliff"])
def test_export_into_the_projects_own_folders_is_refused(guide_project: Path, out: str, form: str) -> None:
    """export holds the project only to read: --out docs/en wrote the Czech article over the English page."""
    (guide_project / "link-to-docs").symlink_to("docs/en")
    before = snapshot(guide_project)
    done = docloc(
        "export",
        "--project",
        guide_project,
        "--locale",
        "cs",
        "--format",
        form,
        "--out",
        guide_project / out,
        check=False,
    )
    assert done.returncode == 2 and "over the project's own files" in done.stderr, done.stderr
    assert snapshot(guide_project) == before
    docloc("export", "--project", guide_project, "--locale", "cs", "--out", guide_project / "export")  # its own folder


def test_export_of_an_unknown_locale_says_so(guide_project: Path, tmp_path: Path) -> None:
    done = docloc("export", "--project", guide_project, "--locale", "fr-FR", "--out", tmp_path, check=False)
    assert done.returncode == 2 and "no catalogs for fr-FR" in done.stderr
    assert "the project has catalogs for cs, pl" in done.stderr  # what it could have asked for


def test_atomic_write_leaves_the_old_file_when_interrupted(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "page.md"
    target.write_text("old", encoding="utf-8")

    def interrupted(src: str, dst: str) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "replace", interrupted)
    with pytest.raises(KeyboardInterrupt):
        write_text_atomic(target, "new")
    assert target.read_text(encoding="utf-8") == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["page.md"]


def test_init_makes_a_project_every_command_accepts(tmp_path: Path) -> None:
    project = tmp_path / "new"
    done = docloc("init", project, "--languages", "en,de,ja")
    assert "created" in done.stdout
    config = (project / "mkdocs.yml").read_text(encoding="utf-8")
    assert "- docloc:" in config and "languages: [de, ja]" in config and "- i18n:" in config
    docloc("import", GUIDE / "cs-CZ", "--project", project)
    docloc("export", "--project", project, "--locale", "cs", "--out", tmp_path / "out")
    assert (tmp_path / "out" / NAME).exists()
    strict = docloc("build", "--project", project, "--strict", check=False)
    assert strict.returncode != 0 and "'multipartner.md'" in strict.stderr  # not on the site, no external_base yet
    config = project / "mkdocs.yml"
    config.write_text(
        config.read_text(encoding="utf-8").replace("# external_base:", "external_base:"), encoding="utf-8"
    )
    docloc("build", "--project", project, "--strict")
    assert (project / "site/assign-support-contacts/index.html").is_file() and (
        project / "site/ja/index.html"
    ).is_file()


@pytest.mark.parametrize("made_by", ["init", "this repository"])
def test_gitignore_ignores_the_site_and_its_language_parts_but_no_article(tmp_path: Path, made_by: str) -> None:
    """'docloc build --language cs' writes site-cs/, which git listed as new files to commit; 'site/' also hid an
    article folder docs/en/site/."""
    if made_by == "init":
        docloc("init", tmp_path)
    else:
        shutil.copy(Path(__file__).parents[1] / ".gitignore", tmp_path / ".gitignore")
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)

    def ignored(path: str) -> bool:
        return subprocess.run(["git", "-C", str(tmp_path), "check-ignore", "-q", "--no-index", path]).returncode == 0

    assert ignored("site/index.html") and ignored("site-cs/index.html") and ignored("site-pt_BR/.docloc-shard.json")
    assert not ignored("docs/en/site/overview.md") and not ignored("locales/cs/LC_MESSAGES/site-setup.po")


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("ms.reviewed: !!bool maybe", "YAML cannot read this value"),
        ("ms.reviewed: 2021-02-30", "YAML cannot read this value (day is out of range"),
        ("ms.author: twice", "gives the front-matter key 'ms.author' twice"),  # a line the English page keeps
        ("ms.translationtype: HT", "gives the front-matter key 'ms.translationtype' twice"),  # a hand-off line
    ],
)
def test_export_refuses_a_source_header_whose_article_reading_would_refuse(
    guide_project: Path, tmp_path: Path, line: str, message: str
) -> None:
    """A hand edit of a catalog's X-Docloc-Source header that an import of the exported article would refuse
    (a value YAML cannot make, a key given twice) is refused by the export: nothing written, exit 2."""
    path = guide_project / "locales/cs/LC_MESSAGES/assign-support-contacts.po"
    catalog = read_catalog(path)
    record = json.loads(catalog.metadata["X-Docloc-Source"])
    assert ["=", "ms.author"] in record["front_matter"] and "ms.translationtype: MT" in record["front_matter"]
    record["front_matter"].append(line)
    catalog.metadata["X-Docloc-Source"] = json.dumps(record, ensure_ascii=False, separators=(",", ":"))
    write_catalog(path, catalog)
    done = docloc("export", "--project", guide_project, "--locale", "cs", "--out", tmp_path / "out", check=False)
    assert done.returncode == 2, done.stderr
    assert "X-Docloc-Source header" in done.stderr and message in done.stderr
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").iterdir())


CATALOG = f"locales/cs/LC_MESSAGES/{Path(NAME).stem}.po"


def _findings(project: Path) -> tuple[int, list]:
    done = docloc("check", "--project", project, "--format", "json", "--no-cache", check=False)
    return done.returncode, json.loads(done.stdout)["findings"]


def test_a_crlf_catalog_exports_and_checks_as_its_lf_copy(guide_project: Path, tmp_path: Path) -> None:
    """A catalog saved with CR LF line ends (a Windows editor, git's core.autocrlf) is the same catalog: the
    translated export and the check's findings are those of the LF file, front matter included."""
    path = guide_project / CATALOG
    lf = path.read_bytes()
    for fmt in ("translated", "bilingual"):
        docloc("export", "--project", guide_project, "--locale", "cs", "--format", fmt, "--out", tmp_path / fmt / "lf")
    lf_findings = _findings(guide_project)
    path.write_bytes(lf.replace(b"\n", b"\r\n"))
    for fmt in ("translated", "bilingual"):
        out = tmp_path / fmt
        docloc("export", "--project", guide_project, "--locale", "cs", "--format", fmt, "--out", out / "crlf")
        assert (out / "crlf" / NAME).read_bytes() == (out / "lf" / NAME).read_bytes()
    assert "title: Přiřazení kontaktů podpory pro zákazníky\n" in (tmp_path / "translated/crlf" / NAME).read_text(
        encoding="utf-8"
    )
    assert _findings(guide_project) == lf_findings
    assert not any(finding["check"] == "unplaced" for finding in lf_findings[1])


def _without_references(text: str) -> str:
    return "".join(line for line in text.splitlines(True) if not line.startswith("#:"))


def _to_another_page(text: str) -> str:
    return text.replace(f"#: docs/en/{NAME}:", "#: docs/en/another-page.md:")


@pytest.mark.parametrize("damage", [_without_references, _to_another_page], ids=["no-references", "another-page"])
def test_export_refuses_a_catalog_whose_translations_the_page_cannot_place(
    guide_project: Path, tmp_path: Path, damage
) -> None:
    """Entries whose '#:' references are gone (msgcat --no-location) or name another page cannot be placed:
    check reports them (unplaced) and export refuses the catalog, located at the first, naming the way out,
    writing nothing, rather than an English article without its title and description (exit 0)."""
    path = guide_project / CATALOG
    path.write_text(damage(path.read_text(encoding="utf-8")), encoding="utf-8")
    first = min(e.linenum for e in read_catalog(path) if e.msgstr)
    code, findings = _findings(guide_project)
    unplaced = [f for f in findings if f["check"] == "unplaced"]
    assert code != 0 and len(unplaced) == 20 and min(f["line"] for f in unplaced) == first
    for fmt in ("translated", "bilingual"):
        done = docloc("export", "--project", guide_project, "--locale", "cs", "--format", fmt, "--out", tmp_path / fmt,
                      check=False)  # fmt: skip
        assert done.returncode == 2, done.stderr
        assert f"{CATALOG}:{first}: the catalog has 20 translated entries that name no line of docs/en/{NAME}" in (
            done.stderr
        )
        assert "run 'docloc update'" in done.stderr and "version control" in done.stderr
        assert not (tmp_path / fmt).exists()
    docloc("update", "--project", guide_project, "-q")  # every sentence of this page occurs once
    docloc("export", "--project", guide_project, "--locale", "cs", "--out", tmp_path / "out")
    assert "title: Přiřazení kontaktů podpory pro zákazníky\n" in (tmp_path / "out" / NAME).read_text(encoding="utf-8")


@pytest.mark.parametrize("links", [True, False], ids=["links", "no-links"])
def test_check_fails_a_page_edited_since_extract_as_export_refuses_it(
    guide_project: Path, tmp_path: Path, links: bool
) -> None:
    """An English page a writer edited without 'docloc extract': export refuses its catalogs and the build
    publishes the whole page in English, so check must not pass it (it said nothing with --no-links, and
    only a link warning without)."""
    page = guide_project / "docs/en" / NAME
    page.write_text(page.read_text(encoding="utf-8").replace("Office 365 customers", "Office 366 customers"), "utf-8")
    done = docloc("export", "--project", guide_project, "--locale", "cs", "--out", tmp_path / "out", check=False)
    assert done.returncode == 2 and "the page changed after the catalog was last updated" in done.stderr
    args = ("check", "--project", guide_project, "--format", "json", "--no-cache", "--fail-on", "error")
    done = docloc(*args, *(() if links else ("--no-links",)), check=False)
    unplaced = [f for f in json.loads(done.stdout)["findings"] if f["check"] == "unplaced"]
    assert done.returncode == 1 and {f["file"] for f in unplaced} == {CATALOG, CATALOG.replace("/cs/", "/pl/")}
    assert all(f["severity"] == "error" and "the page changed after the catalog" in f["message"] for f in unplaced)


def test_an_untranslated_field_without_references_keeps_its_key_in_english(guide_project: Path, tmp_path: Path) -> None:
    """An untranslated title whose reference is gone is no unplaced translation (nothing is lost): export
    writes the key with its English, as for any untranslated field, and never drops it."""
    path = guide_project / CATALOG
    catalog = read_catalog(path)
    title = catalog.find("Assign a reseller as a technical support contact for customers", msgctxt="title")
    title.msgstr, title.occurrences = "", []
    write_catalog(path, catalog)
    docloc("export", "--project", guide_project, "--locale", "cs", "--out", tmp_path)
    text = (tmp_path / NAME).read_text(encoding="utf-8")
    assert "title: Assign a reseller as a technical support contact for customers\n" in text
    assert "description: Zjistěte, jak přiřadit prodejce" in text


def test_the_site_shows_the_english_of_unplaced_entries_and_says_so(guide_project: Path) -> None:
    """The build of a catalog without references does not fail: the page is English where check reports
    unplaced entries, the title included, and each is named in a warning."""
    path = guide_project / CATALOG
    path.write_text(_without_references(path.read_text(encoding="utf-8")), encoding="utf-8")
    done = docloc("build", "--project", guide_project)
    assert done.stderr.count("the entry has no '#:' reference to a line of its English page") == 20
    page = (guide_project / "site/cs/assign-support-contacts/index.html").read_text(encoding="utf-8")
    assert "<title>Assign a reseller as a technical support contact for customers" in page
    assert "Přiřazení prodejce" not in page


def test_the_repositorys_guide_project_is_what_importing_the_guide_makes(tmp_path: Path) -> None:
    """Re-importing the guide's two articles into this repository's project writes nothing (it rewrote both
    catalogs' Plural-Forms and left a hand-off base the repository did not hold, so the next import of a
    translator's fixes reported conflicts the hand-off never made)."""
    root = Path(__file__).resolve().parent.parent
    project = tmp_path / "project"
    project.mkdir()
    shutil.copy2(root / "mkdocs.yml", project / "mkdocs.yml")
    for folder in ("docs", "locales", ".docloc-handoff"):
        shutil.copytree(root / folder, project / folder)
    before = snapshot(project)
    done = docloc("import", GUIDE / "cs-CZ" / NAME, GUIDE / "pl-PL" / NAME, "--project", project)
    assert "0 files written" in done.stdout
    assert {k: v for k, v in snapshot(project).items() if not k.startswith(".docloc/")} == before
    # The page differs from Microsoft's English only outside the segments: the note says where, and what.
    marker = (root / "docs" / "en" / NAME).read_text(encoding="utf-8").split("\n").index("<!-- docloc: walkthrough -->")
    assert f"note: docs/en/{NAME}:{marker + 1}: only text outside the segments differs" in done.stderr, done.stderr
    assert "the page has '<!-- docloc: walkthrough -->'" in done.stderr
