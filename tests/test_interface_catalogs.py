"""The interface catalogs (``_ui/site``, ``_ui/walkthrough``): made by init, merged by update, languages checked."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import polib
import pytest

from docloc.catalog import conventions as cat
from docloc.catalog.po import read_catalog, write_catalog
from docloc.cli import main
from docloc.project import Project, language_problem
from docloc.site import interface, ui
from docloc.site import walkthrough as wt

ROOT = Path(__file__).resolve().parent.parent


def docloc(*args: object) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(ROOT / "tools")}
    command = [sys.executable, "-m", "docloc", *map(str, args)]
    return subprocess.run(command, capture_output=True, text=True, env=env)


def entries(path: Path) -> dict[tuple[str | None, str], polib.POEntry]:
    return {(e.msgctxt, e.msgid): e for e in read_catalog(path)}


def test_init_refuses_a_language_material_or_babel_does_not_know(tmp_path: Path) -> None:
    done = docloc("init", tmp_path / "p", "--languages", "en,xx")
    assert done.returncode == 2, done.stdout
    assert "'xx' is not a language Material for MkDocs has an interface for" in done.stderr
    assert "Traceback" not in done.stderr and not (tmp_path / "p" / "mkdocs.yml").exists()
    near = docloc("init", tmp_path / "q", "--languages", "en,pt_BR")
    assert near.returncode == 2 and "did you mean pt or pt-BR?" in near.stderr
    assert language_problem("sh") and "Babel" in language_problem("sh")  # Material has it, CLDR does not
    assert language_problem("cs") is None and language_problem("pt-BR") is None


def test_init_makes_every_languages_interface_and_says_what_next(tmp_path: Path) -> None:
    project_dir = tmp_path / "p"
    done = docloc("init", project_dir, "--languages", "en,cs,de")
    assert done.returncode == 0, done.stderr
    for line in ("next steps:", "docloc import PATH...", "note: set site_url", "note: set external_base"):
        assert line in done.stdout, done.stdout
    # German has no shipped interface translation: init says which catalogs wait for a translator (Czech has one).
    assert "the walkthrough) in de: translate locales/de/LC_MESSAGES/_ui/*.po" in done.stdout, done.stdout
    project = Project.open(project_dir)
    for component in interface.COMPONENTS:
        assert project.ui_template(component).is_file()
        czech = read_catalog(project.ui_catalog("cs", component))
        assert czech.percent_translated() == 100 and not czech.fuzzy_entries()  # docloc ships Czech
        german = read_catalog(project.ui_catalog("de", component))
        assert german.percent_translated() == 0 and german.metadata["Language"] == "de"  # left for translators
    site = entries(project.ui_catalog("cs", "site"))
    assert site[(ui.SITE_NAME_CONTEXT, "Documentation")].msgstr == "Dokumentace"
    assert site[("alert", "Note")].msgstr == "Poznámka"
    copyright = next(e for key, e in site.items() if key[0] == ui.COPYRIGHT_CONTEXT)
    assert 'rel="license">CC BY 4.0</a>' in copyright.msgid and copyright.msgstr.startswith("Obsah:")
    # docloc check counts the untranslated German interface: work for the project's translators.
    report = docloc("check", "--format", "json", "--project", project_dir)
    rows = {(row["language"], row["name"]): row for row in json.loads(report.stdout)["catalogs"]}
    assert rows[("de", "_ui/site")]["untranslated"] > 20 and rows[("cs", "_ui/site")]["untranslated"] == 0
    # Nothing to do for an update right after init: the catalogs are already in step.
    again = docloc("update", "--dry-run", "--project", project_dir)
    assert again.returncode == 0 and "0 would be written" in again.stdout, again.stdout + again.stderr
    for path in [*project_dir.rglob("*.po"), *project_dir.rglob("*.pot")]:
        check = subprocess.run(["msgfmt", "--check", "-o", os.devnull, str(path)], capture_output=True, text=True)
        assert check.returncode == 0, check.stderr


def test_update_keeps_the_projects_edits_and_follows_mkdocs_yml(tmp_path: Path) -> None:
    project_dir = tmp_path / "p"
    assert main(["init", str(project_dir), "-q"]) == 0
    project = Project.open(project_dir)
    path = project.ui_catalog("cs", "site")
    po = read_catalog(path)
    po.find("Page").msgstr = "Článek"  # the project's own wording
    po.find("Page").tcomment = "Na tomto webu říkáme článek."
    po.find("Guides").flags.append("fuzzy")  # a reviewer's doubt
    po.find("Words").msgstr = ""  # left empty on purpose? docloc's translation fills it again
    write_catalog(path, po)
    config = project_dir / "mkdocs.yml"
    text = config.read_text(encoding="utf-8").replace("site_name: Documentation", "site_name: Partner documentation")
    text = text.replace('# home_intro: "Step-by-step guides for …"', 'home_intro: "Guides for partners."')
    config.write_text(text, encoding="utf-8")

    assert main(["update", "--project", str(project_dir), "-q"]) == 0
    after = entries(path)
    assert after[(None, "Page")].msgstr == "Článek" and after[(None, "Page")].tcomment == "Na tomto webu říkáme článek."
    assert "fuzzy" in after[(None, "Guides")].flags and after[(None, "Guides")].msgstr == "Návody"
    assert after[(None, "Words")].msgstr == "Slova"
    renamed = after[(ui.SITE_NAME_CONTEXT, "Partner documentation")]
    assert renamed.msgstr == "Dokumentace" and "fuzzy" in renamed.flags and renamed.previous_msgid == "Documentation"
    old_name = next(e for e in read_catalog(path) if e.obsolete and e.msgid == "Documentation")
    assert old_name.msgstr == "Dokumentace"  # kept as obsolete, not deleted
    intro = after[(ui.INTRO_CONTEXT, "Guides for partners.")]
    assert intro.msgstr == "" and not intro.flags  # the project's text: its translators' work
    template = entries(project.ui_template("site"))
    assert (ui.INTRO_CONTEXT, "Guides for partners.") in template
    # A second update changes nothing; the English coming back revives its translation.
    before = path.read_bytes()
    assert main(["update", "--project", str(project_dir), "-q"]) == 0
    assert path.read_bytes() == before
    config.write_text(text.replace("site_name: Partner documentation", "site_name: Documentation"), encoding="utf-8")
    assert main(["update", "--project", str(project_dir), "-q"]) == 0
    revived = entries(path)[(ui.SITE_NAME_CONTEXT, "Documentation")]
    assert revived.msgstr == "Dokumentace" and not revived.obsolete and "fuzzy" not in revived.flags


def _template(*messages: tuple[str | None, str, str]) -> polib.POFile:
    template = cat.interface_template("docloc test", "test")
    for context, msgid, plural in messages:
        entry = polib.POEntry(msgctxt=context, msgid=msgid, msgid_plural=plural, comment="new comment")
        if plural:
            entry.msgstr_plural = {0: "", 1: ""}
        template.append(entry)
    return template


def test_merge_rules_on_a_crafted_catalog() -> None:
    old = interface.new_catalog("walkthrough", "cs", _template())
    old.append(polib.POEntry(msgid="Back", msgstr="Zpátky", tcomment="ours", comment="old comment"))
    old.append(polib.POEntry(msgid="Start over", msgstr="Začít odznovu"))
    old.append(polib.POEntry(msgid="Untouched", msgstr=""))
    old.append(polib.POEntry(msgid="Gone long ago", msgstr="Pryč", obsolete=True))
    plural = polib.POEntry(msgid="%(n)d step", msgid_plural="%(n)d steps", flags=["python-format"])
    plural.msgstr_plural = {0: "%(n)d krok", 1: "%(n)d kroky", 2: "%(n)d kroků"}
    old.append(plural)
    template = _template(
        (None, "Back", ""),
        (None, "Start over again", ""),  # changed English: a fuzzy suggestion
        (None, "Next", ""),  # new, docloc ships it
        (None, "Gone long ago", ""),  # back again: revived
        (None, "%(n)d step", "%(n)d steps"),
        (None, "Brand new", ""),
    )
    shipped = {(None, "Next"): polib.POEntry(msgid="Next", msgstr="Další", tcomment="shipped note")}
    merged, result = interface.merge(old, template, shipped)
    got = {(e.msgid, e.obsolete): e for e in merged}
    assert got[("Back", False)].msgstr == "Zpátky" and got[("Back", False)].tcomment == "ours"
    assert got[("Back", False)].comment == "new comment"  # the extracted comment follows the template
    suggestion = got[("Start over again", False)]
    assert suggestion.msgstr == "Začít odznovu" and suggestion.flags == ["fuzzy"]
    assert suggestion.previous_msgid == "Start over"
    assert got[("Start over", True)].msgstr == "Začít odznovu"  # the old English stays, obsolete
    assert got[("Next", False)].msgstr == "Další" and got[("Next", False)].tcomment == "shipped note"
    assert got[("Gone long ago", False)].msgstr == "Pryč"
    assert got[("%(n)d step", False)].msgstr_plural == {0: "%(n)d krok", 1: "%(n)d kroky", 2: "%(n)d kroků"}
    assert "python-format" in got[("%(n)d step", False)].flags
    assert got[("Brand new", False)].msgstr == ""
    assert ("Untouched", True) not in got and ("Untouched", False) not in got  # empty and uncommented: dropped
    assert (result.kept, result.fuzzy, result.new, result.shipped, result.obsolete) == (3, 1, 2, 1, 1)


def test_a_partly_translated_plural_is_work_the_interface_merge_keeps() -> None:
    """The interface merge once had its own "translated" (every plural form filled): a plural entry with
    one form translated was dropped when its English went, and overwritten by docloc's shipped
    translation when it stayed. Both merges now keep what ``states.holds_work`` says is work."""
    old = interface.new_catalog("walkthrough", "cs", _template())
    for msgid in ("%(n)d page", "%(n)d file"):
        partial = polib.POEntry(msgid=msgid, msgid_plural=msgid + "s", flags=["python-format"])
        partial.msgstr_plural = {0: "%(n)d " + ("stránka" if "page" in msgid else "soubor"), 1: "", 2: ""}
        old.append(partial)
    template = _template((None, "%(n)d file", "%(n)d files"))  # "%(n)d page" is gone, "%(n)d file" stays
    shipped = {(None, "%(n)d file"): polib.POEntry(msgid="%(n)d file", msgid_plural="%(n)d files")}
    shipped[(None, "%(n)d file")].msgstr_plural = {0: "SHIPPED", 1: "SHIPPED", 2: "SHIPPED"}
    merged, result = interface.merge(old, template, shipped)
    got = {(e.msgid, e.obsolete): e for e in merged}
    assert got[("%(n)d page", True)].msgstr_plural[0] == "%(n)d stránka"  # kept, obsolete
    assert got[("%(n)d file", False)].msgstr_plural[0] == "%(n)d soubor"  # the translator's, not docloc's
    assert (result.obsolete, result.shipped) == (1, 0)


@pytest.mark.parametrize("language", interface.shipped_languages())
def test_shipped_translations_are_complete_and_valid(language: str) -> None:
    for component in interface.COMPONENTS:
        path = ROOT / "tools" / "docloc" / "site" / "locales" / language / f"{component}.po"
        shipped = interface.shipped_entries(language, component)
        wanted = ui.UI_MESSAGES if component == "site" else wt.UI_MESSAGES
        for message in wanted:
            assert (getattr(message, "context", None), message.msgid) in shipped, (component, message.msgid)
        check = subprocess.run(["msgfmt", "--check", "-o", os.devnull, str(path)], capture_output=True, text=True)
        assert check.returncode == 0, check.stderr
        # The repository's own catalogs, reviewed, say the same for every string they share.
        repository = entries(ROOT / "locales" / language / "LC_MESSAGES" / "_ui" / f"{component}.po")
        for key, entry in shipped.items():
            if key in repository:
                mine = repository[key]
                assert (mine.msgstr, mine.msgstr_plural) == (entry.msgstr, entry.msgstr_plural), key


def test_a_configured_language_material_does_not_know_stops_the_build_at_its_line(tmp_path: Path) -> None:
    project_dir = tmp_path / "p"
    assert main(["init", str(project_dir), "-q", "--languages", "en,cs"]) == 0
    config = project_dir / "mkdocs.yml"
    text = config.read_text(encoding="utf-8").replace("languages: [cs]", "languages: [cs, xx]")
    config.write_text(text, encoding="utf-8")
    line = text.split("\n").index("      languages: [cs, xx]") + 1
    for command in (["build"], ["update"]):
        done = docloc(*command, "--project", project_dir)
        assert done.returncode == 2 and "Traceback" not in done.stderr, done.stderr
        assert f"mkdocs.yml:{line}: 'xx' is not a language Material for MkDocs has an interface for" in done.stderr


def test_update_without_article_templates_still_updates_the_interface(tmp_path: Path) -> None:
    project_dir = tmp_path / "p"
    assert main(["init", str(project_dir), "-q"]) == 0
    (project_dir / "locales" / "pl" / "LC_MESSAGES" / "_ui" / "walkthrough.po").unlink()
    done = docloc("update", "--project", project_dir)
    assert done.returncode == 0, done.stderr
    assert "no article templates" in done.stderr and "pl _ui/walkthrough:" in done.stdout
    assert read_catalog(project_dir / "locales/pl/LC_MESSAGES/_ui/walkthrough.po").percent_translated() == 100


def test_the_walkthrough_module_no_longer_writes_templates() -> None:
    assert not hasattr(wt, "write_template")  # 'docloc update' is the one way to refresh the interface catalogs


def test_an_interface_catalog_laid_out_by_another_tool_is_left_as_it_is_when_nothing_changes(tmp_path: Path) -> None:
    """Wrapped narrow and saved with CR LF line ends by another tool: update has nothing to say that the file does
    not, and leaves it byte for byte, as it leaves an article's catalog (rewriting it would only be a diff)."""
    project_dir = tmp_path / "p"
    assert docloc("init", project_dir, "--languages", "en,cs").returncode == 0
    path = Project.open(project_dir).ui_catalog("cs", "site")
    subprocess.run(["msgcat", "--width=30", "-o", str(path), str(path)], check=True)
    laid_out = path.read_bytes().replace(b"\n", b"\r\n")
    path.write_bytes(laid_out)
    assert main(["update", "--project", str(project_dir)]) == 0
    assert path.read_bytes() == laid_out
    with path.open("ab") as file:  # once the catalog says something the merge changes, it is written (docloc's layout)
        file.write(b'\r\n#, fuzzy\r\nmsgctxt "gone"\r\nmsgid "No longer in the template"\r\nmsgstr "Pryc"\r\n')
    assert main(["update", "--project", str(project_dir)]) == 0
    assert b"\r\n" not in path.read_bytes() and entries(path)[("gone", "No longer in the template")].obsolete
