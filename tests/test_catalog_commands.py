"""Every command reads catalogs through the one reader, and refuses a catalog msgfmt refuses.

Each invalid fixture (tests/fixtures/po/invalid) is put in place of the Czech catalog of a copy
of the bundled guide project; ``check``, ``update``, ``export`` and ``build`` must each refuse it
with ``PO-file:line: message`` and exit code 2, and leave every file of the project (and a site
folder built before) byte for byte as it was. ``build`` reads every catalog before MkDocs starts
(``cli/build.py``), so a refused build costs a fraction of a second and every fixture is tried.
Valid fixtures go through ``check`` and ``export``, whose readings must be ``read_catalog``'s.
Also here: an article whose name has spaces and non-ASCII letters, through import, export, extract,
update and build; and the front-matter refusals of the import.
"""

from __future__ import annotations

import json
import re
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

import gettext_oracle as oracle
from conftest import ROOT, copy_project
from docloc.catalog.po import read_catalog
from docloc.checks.coverage import coverage_of_entries
from docloc.cli import main

FIXTURES = oracle.FIXTURES
MANIFEST = json.loads((FIXTURES / "MANIFEST.json").read_text(encoding="ascii"))
INVALID = oracle.invalid_fixtures()
VALID = oracle.valid_fixtures()
CATALOG = "locales/cs/LC_MESSAGES/assign-support-contacts.po"
CORPUS = ROOT / "tests" / "fixtures" / "corpus" / "cs-cz"


def _ids(paths: list[Path]) -> list[str]:
    return [path.name for path in paths]


def snapshot(folder: Path) -> dict[str, bytes]:
    """The project's files, but docloc's own state (.docloc/: the lock, the check cache)."""
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and p.relative_to(folder).parts[0] != ".docloc"
    }


@pytest.fixture(scope="module")
def guide(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A pristine copy of the bundled guide project with a site folder from an earlier build (stand-in files)."""
    project = copy_project(tmp_path_factory.mktemp("guide") / "project")
    (project / "site" / "cs").mkdir(parents=True)
    (project / "site" / "index.html").write_text("<p>the site built before</p>\n", encoding="utf-8")
    (project / "site" / "cs" / "index.html").write_text("<p>Czech, built before</p>\n", encoding="utf-8")
    return project


def _with_catalog(guide: Path, tmp_path: Path, fixture: Path) -> Path:
    project = tmp_path / "project"
    shutil.copytree(guide, project)
    (project / CATALOG).write_bytes(fixture.read_bytes())
    return project


COMMANDS = {
    "check": lambda project, out: ["check", "--project", str(project), "--no-links", "--jobs", "1"],
    "update": lambda project, out: ["update", "--project", str(project)],
    "export": lambda project, out: ["export", "--project", str(project), "--locale", "cs", "--out", str(out)],
    "build": lambda project, out: ["build", "--project", str(project)],
}


@pytest.mark.parametrize("fixture", INVALID, ids=_ids(INVALID))
def test_every_command_refuses_an_invalid_catalog_and_changes_nothing(
    fixture: Path, guide: Path, tmp_path: Path, capsys: pytest.CaptureFixture
) -> None:
    project = _with_catalog(guide, tmp_path, fixture)
    before = snapshot(project)
    entry = MANIFEST["invalid"][fixture.name]
    where = f"{CATALOG}:{entry['defect']}:" if entry["defect"] is not None else f"{CATALOG}: "
    for name, command in COMMANDS.items():
        out = tmp_path / f"out-{name}"
        assert main(command(project, out)) == 2, name
        err = capsys.readouterr().err
        assert where in err, (name, err)
        assert "Traceback" not in err and "internal error" not in err, (name, err)
        assert snapshot(project) == before, name
        assert not out.exists() or not any(out.iterdir()), name


@pytest.mark.parametrize("fixture", INVALID, ids=_ids(INVALID))
def test_import_refuses_to_merge_into_an_invalid_catalog(
    fixture: Path, guide: Path, tmp_path: Path, capsys: pytest.CaptureFixture
) -> None:
    """A re-import reads the catalog it would replace (to keep earlier work): refused, nothing written."""
    project = _with_catalog(guide, tmp_path, fixture)
    before = snapshot(project)
    entry = MANIFEST["invalid"][fixture.name]
    assert main(["import", str(ROOT / "tests" / "fixtures" / "guide" / "cs-CZ"), "--project", str(project)]) == 2
    err = capsys.readouterr().err
    where = f"{CATALOG}:{entry['defect']}:" if entry["defect"] is not None else f"{CATALOG}: "
    assert where in err and "Traceback" not in err, err
    assert snapshot(project) == before


PLAUSIBLE = [p for p in VALID if "charset" not in p.name and "nul_byte" not in p.name]


@pytest.mark.parametrize("fixture", PLAUSIBLE, ids=_ids(PLAUSIBLE))
def test_check_and_export_read_a_valid_catalog_as_read_catalog_does(
    fixture: Path, guide: Path, tmp_path: Path, capsys: pytest.CaptureFixture
) -> None:
    project = _with_catalog(guide, tmp_path, fixture)
    assert main(["check", "--project", str(project), "--no-links", "--jobs", "1", "--format", "json"]) in (0, 1)
    report = json.loads(capsys.readouterr().out)
    row = next(r for r in report["catalogs"] if r["language"] == "cs" and r["name"] == "assign-support-contacts.md")
    expected = coverage_of_entries(read_catalog(fixture), "cs", "assign-support-contacts.md").as_dict()
    assert row == expected
    # Export refuses exactly the catalogs check finds translations of that the page cannot place (``unplaced``):
    # a fixture's entries name other pages.
    unplaced = any(f["check"] == "unplaced" and f["file"] == CATALOG for f in report["findings"])
    code = main(["export", "--project", str(project), "--locale", "cs", "--out", str(tmp_path / "out")])
    err = capsys.readouterr().err
    assert code == (2 if unplaced else 0), err
    assert not unplaced or (f"{CATALOG}:" in err and "no line of" in err and "Traceback" not in err), err


def test_no_other_po_reading_or_writing_path_exists() -> None:
    """Every command goes through catalog/po.py: no polib reader, no polib writer, no other parser."""
    package = ROOT / "tools" / "docloc"
    forbidden = re.compile(
        r"polib\.(pofile|mofile|POFile\()|\.save\(|\bstr\((po|catalog|template|merged)\)|\.__unicode__\("
    )
    offenders = []
    for path in sorted(package.rglob("*.py")):
        if path.name == "po.py" and path.parent.name == "catalog":
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if forbidden.search(line):
                offenders.append(f"{path.relative_to(ROOT)}:{number}: {line.strip()}")
    assert offenders == []
    assert not (package / "catalog" / "poreader.py").exists()


# ------------------------------------------------------------------------- file names


ODD_NAME = "příliš žluťoučký kůň.md"
ARTICLE = "partner-center/multichannel.md"


def test_an_article_named_with_spaces_and_diacritics_round_trips_and_builds(tmp_path: Path) -> None:
    source = tmp_path / "in" / ODD_NAME
    source.parent.mkdir()
    source.write_bytes((CORPUS / "bilingual" / ARTICLE).read_bytes())
    project = tmp_path / "project"
    assert main(["import", str(source.parent), "--project", str(project)]) == 0
    catalog = project / "locales" / "cs" / "LC_MESSAGES" / ODD_NAME.replace(".md", ".po")
    text = catalog.read_text(encoding="utf-8")
    assert f"#: \u2068docs/en/{ODD_NAME}\u2069:" in text
    assert oracle.msgfmt_check(catalog)[0]
    po = read_catalog(catalog)
    assert all(path == f"docs/en/{ODD_NAME}" for entry in po for path, _ in entry.occurrences)
    translated = sum(1 for entry in po if entry.msgstr)
    assert translated > 20
    for fmt, expected in (("bilingual", source), ("translated", CORPUS / "translated" / ARTICLE)):
        out = tmp_path / f"out-{fmt}"
        assert main(["export", "--project", str(project), "--locale", "cs", "--format", fmt, "--out", str(out)]) == 0
        assert (out / ODD_NAME).read_bytes() == expected.read_bytes(), fmt
    before = snapshot(project / "locales")
    assert main(["extract", "--project", str(project), "--force"]) == 0
    assert main(["update", "--project", str(project)]) == 0
    assert snapshot(project / "locales") == before
    site = tmp_path / "site"
    assert main(["build", "--project", str(project), "--site-dir", str(site)]) == 0
    page = (site / "cs" / ODD_NAME[:-3] / "index.html").read_text(encoding="utf-8")
    english = (site / ODD_NAME[:-3] / "index.html").read_text(encoding="utf-8")
    plain = [e.msgstr for e in po if e.msgstr and e.msgstr != e.msgid and re.fullmatch(r"[\w ,.()-]{15,}", e.msgstr)]
    assert len(plain) > 5
    shown = [text for text in plain if text in page]
    assert len(shown) >= 0.8 * len(plain), set(plain) - set(shown)  # the Czech page shows the translations
    assert not any(text in english for text in plain)
    assert page.count('lang="en"') < translated / 4  # few English fallbacks


# ------------------------------------------------------------------------ front matter


def _front_matter_article(tmp_path: Path, edit) -> Path:
    lines = (CORPUS / "bilingual" / ARTICLE).read_text(encoding="utf-8").split("\n")
    edit(lines)
    source = tmp_path / "in" / "article.md"
    source.parent.mkdir(exist_ok=True)
    source.write_text("\n".join(lines), encoding="utf-8")
    return source


def test_a_duplicate_front_matter_key_is_refused_at_import(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    def twice(lines: list[str]) -> None:
        at = next(n for n, line in enumerate(lines) if line.startswith("description:"))
        lines.insert(at + 1, "description: Druhý popis.")

    source = _front_matter_article(tmp_path, twice)
    line = next(n for n, text in enumerate(source.read_text(encoding="utf-8").split("\n"), 1) if "Druhý" in text)
    project = tmp_path / "project"
    assert main(["import", str(source), "--project", str(project)]) == 2
    err = capsys.readouterr().err
    assert f"{source}:{line}:1: the front matter gives 'description' twice" in err
    assert not (project / "locales").exists() or not any((project / "locales").rglob("*.po*"))


def test_a_quoted_duplicate_key_is_refused_too(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    source = _front_matter_article(tmp_path, lambda lines: lines.insert(2, '"title": Jiný název'))
    assert main(["import", str(source), "--project", str(tmp_path / "project")]) == 2
    assert f"{source}:3:1: the front matter gives 'title' twice" in capsys.readouterr().err


def test_a_folder_named_like_a_catalog_is_a_folder_to_every_command(
    tmp_path: Path, capsys: pytest.CaptureFixture
) -> None:
    """The build read every '*.po' below locales/ and refused a folder 'x.po' ('is a folder, not a PO file')
    that every other command passed over, even the folder of an article 'docs/en/x.po/page.md'. Every command
    reads the catalogs the project lists: files only."""
    project = copy_project(tmp_path / "project")
    (project / "locales/cs/LC_MESSAGES/empty.po").mkdir()
    (project / "docs/en/x.po").mkdir()
    shutil.copy(project / "docs/en/assign-support-contacts.md", project / "docs/en/x.po/page.md")
    assert main(["extract", "--project", str(project)]) == 0
    assert main(["update", "--project", str(project)]) == 0
    assert (project / "locales/cs/LC_MESSAGES/x.po/page.po").is_file()
    assert main(["check", "--no-cache", "--project", str(project)]) == 0
    assert main(["export", "--locale", "cs", "--out", str(tmp_path / "out"), "--project", str(project)]) == 0
    assert (tmp_path / "out/x.po/page.md").is_file()
    assert main(["build", "-j", "1", "--site-dir", str(tmp_path / "site"), "--project", str(project)]) == 0
    assert "folder" not in capsys.readouterr().err


@pytest.mark.parametrize(
    "args",
    [
        ["check", "--no-cache"],
        ["update"],
        ["export", "--locale", "cs", "--format", "translated"],
        ["export", "--locale", "cs", "--format", "xliff"],
        ["build", "--strict", "-j", "1"],
    ],
    ids=["check", "update", "export", "export-xliff", "build"],
)
def test_a_deleted_english_page_is_reported_alike_by_every_command(
    tmp_path: Path, capsys: pytest.CaptureFixture, caplog: pytest.LogCaptureFixture, args: list[str]
) -> None:
    """The English page deleted, its template and catalogs left: check and build said nothing, update made the
    sentences' translations obsolete but kept the title's and description's active, export failed with a bare
    'No such file or directory'. Each names the page gone and what to do, and changes nothing."""
    project = copy_project(tmp_path / "project")
    (project / "docs/en/assign-support-contacts.md").unlink()
    before = snapshot(project)
    out = {"check": [], "update": [], "build": ["--site-dir", str(tmp_path / "site")]}.get(
        args[0], ["--out", str(tmp_path / "out")]
    )
    assert main([*args, *out, "--project", str(project)]) == (1 if args[0] == "check" else 2)
    said = capsys.readouterr()
    said = said.out + said.err + caplog.text
    assert "the English page docs/en/assign-support-contacts.md is gone" in said, said
    assert "delete its template locales/templates/assign-support-contacts.pot" in said
    assert "No such file" not in said
    assert snapshot(project) == before and not (tmp_path / "out").exists()


PAGE_READERS = ["extract", "update", "check", "export", "build"]


def _english_page_refused(tmp_path: Path, output: Callable[[], str], command: str, key: str, line: str) -> str:
    """Run ``command`` on a copy of the guide whose English page has ``line`` in place of its ``key`` line:
    it must fail, change no file of the project and write no export; returns what it said (errors, warnings)."""
    project = copy_project(tmp_path / "project")
    page = project / "docs/en/assign-support-contacts.md"
    lines = page.read_text(encoding="utf-8").split("\n")
    at = next(n for n, text in enumerate(lines) if text.startswith(f"{key}:"))
    lines[at] = line
    page.write_text("\n".join(lines), encoding="utf-8")
    before = snapshot(project)
    args = {
        "extract": ["extract", "--force"],
        "update": ["update"],
        "check": ["check", "--no-cache"],
        "export": ["export", "--locale", "cs", "--out", str(tmp_path / "out")],
        "build": ["build", "--strict", "-j", "1", "--site-dir", str(tmp_path / "site")],
    }[command]
    assert main([*args, "--project", str(project)]) != 0
    said = output()
    assert "template no longer matches" not in said
    assert snapshot(project) == before and not (tmp_path / "out").exists()
    return said


@pytest.mark.parametrize("command", PAGE_READERS)
def test_a_duplicate_key_in_an_english_page_is_refused_by_every_command(
    tmp_path: Path, capsys: pytest.CaptureFixture, caplog: pytest.LogCaptureFixture, command: str
) -> None:
    """As the import refuses it in a bilingual article: 'title' given twice in an English page was accepted by
    extract, update and check, and export wrote the last value only. Every reader refuses it at the repeat (the
    build publishes the page in English, warning, as for any front matter it cannot read; --strict fails)."""
    said = _english_page_refused(
        tmp_path, lambda: capsys.readouterr().err + caplog.text, command, "ms.custom", "title: Another title"
    )
    assert "docs/en/assign-support-contacts.md:11:1: the front matter gives 'title' twice (first on line 2)" in said


@pytest.mark.parametrize("value", ["[a, b]", "{a: b}", "|\n  Multi\n  line", "Text # a comment"])
@pytest.mark.parametrize("command", PAGE_READERS)
def test_a_title_that_cannot_be_translated_in_place_is_refused_by_every_command(
    tmp_path: Path, capsys: pytest.CaptureFixture, caplog: pytest.LogCaptureFixture, command: str, value: str
) -> None:
    """'title: [a, b]' in an English page: extract dropped the title's entry from the template, update made its
    translation obsolete, export wrote the article without a title, check said nothing. Every reader refuses
    it, at its line."""
    said = _english_page_refused(
        tmp_path, lambda: capsys.readouterr().err + caplog.text, command, "title", f"title: {value}"
    )
    assert "docs/en/assign-support-contacts.md:2:1: 'title' is translated, in place: it must be one line" in said


def test_a_context_a_translator_added_is_read_alike_by_every_command(
    guide: Path, tmp_path: Path, capsys: pytest.CaptureFixture
) -> None:
    """A msgctxt docloc never writes (not ``variant N``, not a field's name) on a body entry: the site places the
    entry as the page's English, export shows its translation, update keeps it as it is, and check warns that
    gettext's tools read another message (``foreign-context``), without advising an update that changes nothing
    (it reported source drift both ways and told the translator to run 'docloc update')."""
    project = tmp_path / "project"
    shutil.copytree(guide, project)
    catalog = project / CATALOG
    english = "**Appropriate roles**: Admin agent | Global admin | Helpdesk agent"
    text = catalog.read_text(encoding="utf-8")
    assert text.count(f'\nmsgid "{english}"') == 1
    with_context = text.replace(f'\nmsgid "{english}"', f'\nmsgctxt "my note"\nmsgid "{english}"')
    catalog.write_text(with_context, encoding="utf-8")
    translation = next(e.msgstr for e in read_catalog(catalog) if e.msgid == english)
    edited = catalog.read_bytes()
    assert main(["check", "--project", str(project), "--no-links", "--jobs", "1", "--format", "json"]) in (0, 1)
    findings = [f for f in json.loads(capsys.readouterr().out)["findings"] if f["file"] == CATALOG]
    assert [f["check"] for f in findings if f["check"] in ("foreign-context", "source-drift")] == ["foreign-context"]
    assert "'my note'" in next(f["message"] for f in findings if f["check"] == "foreign-context")
    assert main(["update", "--project", str(project)]) == 0
    assert catalog.read_bytes() == edited
    assert main(["export", "--project", str(project), "--locale", "cs", "--out", str(tmp_path / "out")]) == 0
    assert translation in (tmp_path / "out" / "assign-support-contacts.md").read_text(encoding="utf-8")


def test_a_msgid_a_translator_edited_is_an_error_of_check_where_the_build_publishes_english(
    guide: Path, tmp_path: Path, capsys: pytest.CaptureFixture
) -> None:
    """An entry whose English no longer stands on the line its reference names (a translator "corrected" the
    msgid): the site cannot rebuild the page and publishes all of it in English. Check said 100 % and exit 0
    with warnings only, and the build's warning blamed the page; now check reports an error at the entry, and
    both name the entry and both ways out."""
    project = tmp_path / "project"
    shutil.copytree(guide, project)
    catalog = project / CATALOG
    text = catalog.read_text(encoding="utf-8")
    line = text[: text.index('\nmsgid "Next steps"')].count("\n") + 2
    catalog.write_text(text.replace('\nmsgid "Next steps"', '\nmsgid "Next Steps"'), encoding="utf-8")
    assert main(["check", "--project", str(project), "--no-links", "--jobs", "1", "--format", "json"]) == 1
    findings = json.loads(capsys.readouterr().out)["findings"]
    errors = [f for f in findings if f["severity"] == "error" and f["file"] == CATALOG]
    assert [(f["check"], f["line"]) for f in errors] == [("unplaced", line)], errors
    assert "shows all of it in English" in errors[0]["message"]
    assert "msgid was edited" in errors[0]["message"] and "docloc update" in errors[0]["message"]
