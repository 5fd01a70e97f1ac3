"""``docloc update``: msgmerge-like merging, on crafted edits and on real ones (the corpus history)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from corpus_paths import SHARED_CORPUS, require_corpus
from docloc.catalog.po import read_catalog
from docloc.catalog.states import is_translated
from docloc.cli import main
from docloc.fileio import read_text
from docloc.formats.sxs import read_bilingual
from docloc.project import Project, init_project
from docloc.site.interface import init_interface
from docloc.workflows.importer import import_article

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures" / "corpus"
sys.path.insert(0, str(ROOT / "benchmarks"))

from update_history import (  # noqa: E402
    HistoryTotals,
    history_cases,
    replay_cases,
    replay_edit,
    replay_history,
    simulated_cases,
)

NAME = "partner-center/account-structure.md"


def imported(root: Path) -> Project:
    init_project(root, ["en", "cs"])
    project = Project.open(root)
    init_interface(project)  # as 'docloc init' does
    path = FIXTURES / "cs-cz" / "bilingual" / NAME
    import_article(project, read_bilingual(read_text(path), NAME, str(path)), str(path))
    return project


def files(root: Path) -> dict[Path, bytes]:
    return {p: p.read_bytes() for p in (root / "locales").rglob("*.po*")}


def test_unedited_import_is_left_byte_for_byte_alone(tmp_path: Path) -> None:
    project = imported(tmp_path / "p")
    before = files(project.root)
    assert main(["extract", "--project", str(project.root)]) == 0
    assert main(["update", "--project", str(project.root)]) == 0
    assert files(project.root) == before


def test_changed_gone_and_new_english(tmp_path: Path, capsys) -> None:
    project = imported(tmp_path / "p")
    old = read_catalog(project.catalog("cs", NAME))
    changed = "Your company has two levels of accounts in Partner Center."
    gone = "Account admins can add locations."
    old_translation = {e.msgid: e.msgstr for e in old}
    page = project.english_page(NAME)
    text = page.read_text()
    assert changed in text and gone in text
    text = text.replace(changed, "Your company has two levels of account in the Partner Center.")
    text = text.replace("- " + gone + "\n", "- Admins of a location can add more locations today.\n")
    page.write_text(text + "\nA sentence nobody has translated yet.\n")
    assert main(["extract", "--project", str(project.root)]) == 0
    assert main(["update", "--project", str(project.root)]) == 0
    out = capsys.readouterr().out
    assert "cs partner-center/account-structure.md: kept" in out and "fuzzy 2" in out
    new = {(e.msgid, e.obsolete): e for e in read_catalog(project.catalog("cs", NAME))}
    fuzzy = new[("Your company has two levels of account in the Partner Center.", False)]
    assert "fuzzy" in fuzzy.flags and fuzzy.previous_msgid == changed and fuzzy.msgstr == old_translation[changed]
    assert not is_translated(fuzzy)
    assert new[(changed, True)].msgstr == old_translation[changed]  # kept as obsolete, not deleted
    assert new[(gone, True)].msgstr == old_translation[gone]
    assert new[("A sentence nobody has translated yet.", False)].msgstr == ""
    kept = new[("Your PGA may have extra business locations under it.", False)]
    assert is_translated(kept) and kept.comment.startswith("ms-id: ")
    # Export falls back to the English for fuzzy and new segments.
    out_dir = tmp_path / "out"
    assert main(["export", "--project", str(project.root), "--locale", "cs-CZ", "--out", str(out_dir)]) == 0
    exported = (out_dir / NAME).read_text()
    assert "Your company has two levels of account in the Partner Center." in exported
    assert old_translation[changed] not in exported
    check = subprocess.run(
        ["msgfmt", "--check", "-o", "/dev/null", str(project.catalog("cs", NAME))], capture_output=True, text=True
    )
    assert check.returncode == 0, check.stderr
    # Idempotence: extract + update again changes nothing.
    before = files(project.root)
    assert main(["extract", "--project", str(project.root)]) == 0
    assert main(["update", "--project", str(project.root)]) == 0
    assert files(project.root) == before


def test_dry_run_writes_nothing(tmp_path: Path, capsys) -> None:
    project = imported(tmp_path / "p")
    page = project.english_page(NAME)
    page.write_text(page.read_text().replace("Account admins can add locations.", "Admins add locations."))
    assert main(["extract", "--project", str(project.root)]) == 0
    before = files(project.root)
    assert main(["update", "--project", str(project.root), "--dry-run"]) == 0
    assert "1 would be written" in capsys.readouterr().out
    assert files(project.root) == before


def test_stale_template_is_a_located_error(tmp_path: Path, capsys) -> None:
    project = imported(tmp_path / "p")
    page = project.english_page(NAME)
    page.write_text("# Other\n\n" + page.read_text().split("---\n", 2)[2])
    assert main(["update", "--project", str(project.root)]) == 2
    err = capsys.readouterr().err
    assert "docs/en/partner-center/account-structure.md:" in err and "docloc extract" in err
    assert "Traceback" not in err


def test_new_locale_gets_a_catalog(tmp_path: Path) -> None:
    project = imported(tmp_path / "p")
    assert main(["update", "--project", str(project.root), "--locale", "pl-PL"]) == 0
    created = read_catalog(project.catalog("pl", NAME))
    assert created.metadata["Language"] == "pl" and all(not e.msgstr for e in created)
    assert len(created) == len(read_catalog(project.template(NAME)))


def test_bundled_history_pairs_lose_nothing(tmp_path: Path) -> None:
    totals = HistoryTotals()
    for number, case in enumerate(history_cases(FIXTURES, "cs-cz")):
        replay_edit(tmp_path / str(number), case, totals)
    print(f"fixtures: kept {totals.kept}, fuzzy {totals.fuzzy}, new {totals.new}, obsolete {totals.obsolete}")
    assert totals.articles == 3 and totals.translated > 30
    assert totals.fuzzy + totals.new + totals.obsolete > 0
    assert totals.lost == []


def test_corpus_history_loses_nothing() -> None:
    """Counted on Microsoft's segmentation: no unchanged sentence loses its translation."""
    require_corpus("cs-cz", "history")
    totals = replay_history(SHARED_CORPUS)
    print(
        f"{totals.articles} articles: kept {totals.kept}, fuzzy {totals.fuzzy}, new {totals.new}, "
        f"obsolete {totals.obsolete}; unchanged sentences {totals.sentences}, lost {len(totals.lost)}"
    )
    assert totals.articles == 283 and totals.translated > 26000
    assert totals.lost == []


@pytest.mark.parametrize("locale", ["de-de", "pl-pl"])
def test_simulated_history_of_other_locales_loses_nothing(locale: str) -> None:
    """Locales with no history: the cs-cz history's real English edits, applied where the English matches."""
    require_corpus("cs-cz", "history")
    require_corpus(locale, "bilingual")
    cases, _ = simulated_cases(SHARED_CORPUS, locale)
    assert len(cases) > 150
    totals = replay_cases(cases)
    assert totals.translated > 10000
    assert totals.lost == []


def test_an_entry_that_lost_its_reference_is_reported_and_update_restores_it(tmp_path: Path) -> None:
    """A translated entry whose '#:' line was removed cannot be placed: check says so (unplaced, at the entry),
    and update gives it its template's reference back, so the page shows the translation again."""
    import json

    from conftest import copy_project

    project = copy_project(tmp_path / "p")
    path = project / "locales" / "cs" / "LC_MESSAGES" / "assign-support-contacts.po"
    text = path.read_text(encoding="utf-8")
    at = text.index('msgid "Next steps"')
    reference = text.rindex("#: ", 0, at)
    path.write_text(text[:reference] + text[text.index("\n", reference) + 1 :], encoding="utf-8")
    docloc = [sys.executable, "-m", "docloc"]

    def errors() -> list[str]:
        done = subprocess.run([*docloc, "check", "--project", str(project), "--format", "json", "--no-cache"],
                              capture_output=True, text=True)  # fmt: skip
        return [f["check"] for f in json.loads(done.stdout)["findings"] if f["severity"] == "error"]

    assert errors() == ["unplaced"]
    subprocess.run([*docloc, "update", "--project", str(project), "-q"], check=True, capture_output=True)
    assert (
        "#: docs/en/assign-support-contacts.md:"
        in path.read_text(encoding="utf-8").split('msgid "Next steps"')[0][-80:]
    )
    assert errors() == []


def test_a_translated_plural_entry_whose_english_went_is_kept_obsolete(tmp_path: Path) -> None:
    """Its translations are in msgstr[N], not msgstr: it holds work all the same (``states.holds_work``)."""
    project = imported(tmp_path / "p")
    path = project.catalog("cs", NAME)
    plural = 'msgid "One file"\nmsgid_plural "%d files"\nmsgstr[0] "Jeden soubor"\nmsgstr[1] "%d soubory"\n'
    path.write_text(path.read_text(encoding="utf-8") + "\n" + plural + 'msgstr[2] "%d souborů"\n', encoding="utf-8")
    assert main(["update", "--project", str(project.root)]) == 0
    gone = [e for e in read_catalog(path) if e.msgid == "One file"]
    assert len(gone) == 1 and gone[0].obsolete and gone[0].msgstr_plural[2] == "%d souborů"


def test_a_header_marked_fuzzy_stays_so(tmp_path: Path) -> None:
    """As msgmerge keeps it (msginit makes such headers; a translator may mark one to review)."""
    project = imported(tmp_path / "p")
    path = project.catalog("cs", NAME)
    text = path.read_text(encoding="utf-8")
    at = text.index('msgid ""\n')
    path.write_text(text[:at] + "#, fuzzy\n" + text[at:], encoding="utf-8")
    page = project.english_page(NAME)
    page.write_text(page.read_text(encoding="utf-8") + "\nA sentence nobody has translated yet.\n", encoding="utf-8")
    assert main(["extract", "--project", str(project.root)]) == 0
    assert main(["update", "--project", str(project.root)]) == 0
    assert read_catalog(path).metadata_is_fuzzy
    assert '#, fuzzy\nmsgid ""\n' in path.read_text(encoding="utf-8")


def test_new_english_its_charset_lacks_writes_the_catalog_in_utf8(tmp_path: Path, capsys) -> None:
    """A catalog in ISO-8859-2 (msgconv) meets an English dash: written in UTF-8, as msgmerge writes it, and
    said; every translation kept, as GNU gettext reads them."""
    project = imported(tmp_path / "p")
    path = project.catalog("cs", NAME)
    latin2 = path.read_text(encoding="utf-8").encode("iso8859-2", "replace").decode("iso8859-2")  # (’ becomes ?)
    path.write_text(latin2, encoding="utf-8")
    subprocess.run(["msgconv", "-t", "ISO-8859-2", "-o", str(path), str(path)], check=True)
    before = subprocess.run(["msgcat", "--no-wrap", "-t", "UTF-8", str(path)], capture_output=True, text=True).stdout
    page = project.english_page(NAME)
    page.write_text(page.read_text(encoding="utf-8") + "\nThe customer—their company name.\n", encoding="utf-8")
    assert main(["extract", "--project", str(project.root)]) == 0
    assert main(["update", "--project", str(project.root)]) == 0
    err = capsys.readouterr().err
    assert "account-structure.po: written in UTF-8, as msgmerge writes it: iso8859-2 has no '—'" in err
    after = read_catalog(path)
    assert after.metadata["Content-Type"] == "text/plain; charset=UTF-8"
    assert any(e.msgid == "The customer—their company name." for e in after)
    translations = {(e.msgctxt, e.msgid): e.msgstr for e in after if e.msgstr}
    assert all(translations.get((e.msgctxt, e.msgid)) == e.msgstr for e in read_catalog_text(before) if e.msgstr)
    assert subprocess.run(["msgfmt", "--check", "-o", "/dev/null", str(path)]).returncode == 0


def read_catalog_text(text: str) -> list:
    """The entries of a catalog's text as polib reads them (the header left out)."""
    import polib

    return [entry for entry in polib.pofile(text) if entry.msgid]


def test_a_catalog_saved_while_update_runs_is_not_written_over(tmp_path: Path, monkeypatch, capsys) -> None:
    """An editor saves a catalog after update read it: update writes nothing over it (before it writes
    anything: nothing at all; in the moment between that look and its own turn: the others are written),
    says so, and exits 2."""
    from docloc.workflows import update as update_module

    project = imported(tmp_path / "p")
    path = project.catalog("cs", NAME)
    page = project.english_page(NAME)
    page.write_text(page.read_text(encoding="utf-8") + "\nA sentence nobody has translated yet.\n", encoding="utf-8")
    assert main(["extract", "--project", str(project.root)]) == 0
    saved = path.read_text(encoding="utf-8").replace("\n\n", "\n\n# the translator's note\n", 2)
    merge = update_module._merged

    def merged_while_an_editor_saves(*given, **named):
        done = merge(*given, **named)
        path.write_text(saved, encoding="utf-8")  # after update read it, before it writes
        return done

    monkeypatch.setattr(update_module, "_merged", merged_while_an_editor_saves)
    assert main(["update", "--project", str(project.root), "--locale", "cs-CZ"]) == 2
    err = capsys.readouterr().err
    assert "account-structure.po: changed while docloc update ran" in err and "nothing updated" in err
    assert path.read_text(encoding="utf-8") == saved
    # Saved in the moment between the look at every catalog and its own writing: the others are written.
    monkeypatch.setattr(update_module, "_merged", merge)
    other = project.catalog("pl", NAME)
    assert not other.exists()
    looked = update_module.still_as_seen
    calls: list = []

    def saved_just_before_its_turn(known, where) -> bool:
        calls.append(where)
        if len(calls) == 3 and where == path:  # (each catalog is looked at twice: all, then each at its turn)
            path.write_text(saved + "\n# saved again\n", encoding="utf-8")
        return looked(known, where)

    monkeypatch.setattr(update_module, "still_as_seen", saved_just_before_its_turn)
    assert main(["update", "--project", str(project.root), "--locale", "cs-CZ", "--locale", "pl-PL"]) == 2
    err = capsys.readouterr().err
    assert "account-structure.po: changed while docloc update ran" in err and "1 catalog(s) above not updated" in err
    assert path.read_text(encoding="utf-8").endswith("# saved again\n") and other.exists()


def test_the_one_catalog_update_writes_as_the_command_does(tmp_path: Path, monkeypatch) -> None:
    """``update_catalog`` (one catalog; the benchmarks' call) goes through the command's writing: a catalog another
    tool laid out is left as it is, a read-only one and one saved meanwhile are refused, not written over."""
    from docloc.errors import DoclocError
    from docloc.workflows import update as update_module

    project = imported(tmp_path / "p")
    path = project.catalog("cs", NAME)
    subprocess.run(["msgcat", "--width=79", "-o", str(path), str(path)], check=True)
    laid_out = path.read_bytes()
    assert not update_module.update_catalog(project, NAME, "cs").written and path.read_bytes() == laid_out
    page = project.english_page(NAME)
    page.write_text(page.read_text(encoding="utf-8") + "\nA sentence nobody has translated yet.\n", encoding="utf-8")
    assert main(["extract", "--project", str(project.root)]) == 0
    # (as an unprivileged user sees the mode: this process may be root; tests/test_safe_writes.py drops root's override)
    monkeypatch.setattr(update_module, "may_write", lambda where: bool(Path(where).stat().st_mode & 0o200))
    path.chmod(0o444)
    try:
        with pytest.raises(DoclocError, match="read-only"):
            update_module.update_catalog(project, NAME, "cs")
    finally:
        path.chmod(0o644)
    assert path.read_bytes() == laid_out
    merge = update_module._merged
    saved = laid_out + b"\n# the translator's note\n"

    def merged_while_an_editor_saves(*given, **named):
        done = merge(*given, **named)
        path.write_bytes(saved)
        return done

    monkeypatch.setattr(update_module, "_merged", merged_while_an_editor_saves)
    with pytest.raises(DoclocError, match="changed while docloc update ran"):
        update_module.update_catalog(project, NAME, "cs")
    assert path.read_bytes() == saved


def test_an_interface_catalog_saved_while_update_runs_is_not_written_over(tmp_path: Path, monkeypatch, capsys) -> None:
    """The interface catalogs (``_ui/``) are read before the articles' and written after them: one a translator
    saves meanwhile is left as saved, and said."""
    from docloc.site import interface

    project = imported(tmp_path / "p")
    plan = interface.plan_interface

    def planned_then_saved(*given, **named):
        done = plan(*given, **named)
        for path in (project.root / "locales" / "cs" / "LC_MESSAGES" / "_ui").glob("*.po"):
            path.write_text(path.read_text(encoding="utf-8") + "\n# the translator's note\n", encoding="utf-8")
        return done

    monkeypatch.setattr(interface, "plan_interface", planned_then_saved)
    page = project.english_page(NAME)
    page.write_text(page.read_text(encoding="utf-8") + "\nA sentence nobody has translated yet.\n", encoding="utf-8")
    assert main(["extract", "--project", str(project.root)]) == 0
    (project.root / "mkdocs.yml").write_text(  # a new site text: every interface catalog would be written
        (project.root / "mkdocs.yml").read_text(encoding="utf-8").replace("site_name:", "site_name: New", 1),
        encoding="utf-8",
    )
    assert main(["update", "--project", str(project.root), "--locale", "cs-CZ"]) == 2
    err = capsys.readouterr().err
    assert "locales/cs/LC_MESSAGES/_ui/" in err and "changed while docloc update ran" in err
    saved = list((project.root / "locales" / "cs" / "LC_MESSAGES" / "_ui").glob("*.po"))
    assert saved and all(p.read_text(encoding="utf-8").endswith("# the translator's note\n") for p in saved)


PAGE = "docs/en/p.md"


def _merged_without_references(*entries) -> object:
    """``merge_catalog`` of a catalog holding ``entries`` (the English "Next." at lines 3, 5 and 9 of its page)."""
    import polib

    from docloc.workflows.update import _Occurrence, merge_catalog

    old = polib.POFile()
    for entry in entries:
        old.append(entry)
    template = polib.POFile()
    template.append(polib.POEntry(msgid="Next.", occurrences=[(PAGE, "3"), (PAGE, "5"), (PAGE, "9")]))
    occurrences = [_Occurrence("Next.", None, line, 1) for line in (3, 5, 9)]
    return merge_catalog(old, template, occurrences, PAGE, ("title", "description"))[0]


def test_an_entry_that_lost_its_references_keeps_its_microsoft_ids() -> None:
    """(``msgcat --no-location``): update gives it its references back and keeps the ids a hand-back needs."""
    import polib

    merged = _merged_without_references(polib.POEntry(msgid="Next.", msgstr="Dále.", comment="ms-id: a1 a2 a3"))
    assert [(e.occurrences, e.comment) for e in merged] == [
        ([(PAGE, "3"), (PAGE, "5"), (PAGE, "9")], "ms-id: a1 a2 a3")
    ]


def test_variants_that_lost_their_references_are_refused_not_guessed() -> None:
    """An English translated two ways on its page: which translation goes where only the references said. Update
    refuses, at the entry, rather than publish one translation in the other's place."""
    import polib

    from docloc.errors import DoclocError

    first = polib.POEntry(msgid="Next.", msgstr="Dále.", comment="ms-id: a1 a3")
    first.linenum = 7
    second = polib.POEntry(
        msgid="Next.", msgctxt="variant 2", msgstr="Pokračujte.", occurrences=[(PAGE, "5")], comment="ms-id: a2"
    )
    with pytest.raises(DoclocError, match="2 translations on its page") as refused:
        _merged_without_references(first, second)
    assert refused.value.line == 7


def test_a_catalog_laid_out_by_another_tool_is_left_as_it_is_when_nothing_changes(tmp_path: Path, capsys) -> None:
    """Wrapped at 79 columns (Poedit's and msgcat's default): update has nothing to say that the file does not,
    and leaves it byte for byte (rewriting it would only be a diff)."""
    project = imported(tmp_path / "p")
    path = project.catalog("cs", NAME)
    subprocess.run(["msgcat", "--width=79", "-o", str(path), str(path)], check=True)
    laid_out = path.read_bytes()
    assert main(["update", "--project", str(project.root), "--locale", "cs-CZ"]) == 0
    assert path.read_bytes() == laid_out
    assert "; 0 written" in capsys.readouterr().out
    page = project.english_page(NAME)  # once the English changes, the catalog is written (in docloc's layout)
    page.write_text(page.read_text(encoding="utf-8") + "\nA sentence nobody has translated yet.\n", encoding="utf-8")
    assert main(["extract", "--project", str(project.root)]) == 0
    assert main(["update", "--project", str(project.root), "--locale", "cs-CZ"]) == 0
    assert any(e.msgid == "A sentence nobody has translated yet." for e in read_catalog(path))


def test_a_new_language_given_to_update_is_checked_and_added_to_mkdocs_yml(tmp_path: Path, capsys) -> None:
    """``--locale zz`` made catalogs for a language no site can be built in (exit 0); ``--locale de`` made German
    catalogs that no build published. Now the first is refused, nothing written, and the second is added to
    mkdocs.yml (docloc's languages and the i18n plugin's) as an import of a new language adds it."""
    project = imported(tmp_path / "p")
    before = files(project.root)
    assert main(["update", "--project", str(project.root), "--locale", "zz"]) == 2
    assert "'zz' is not a language" in capsys.readouterr().err and files(project.root) == before
    assert main(["update", "--project", str(project.root), "--locale", "de-DE"]) == 0
    assert "added de to mkdocs.yml" in capsys.readouterr().out
    assert Project.open(project.root).config.languages == ["cs", "de"]
    assert "locale: de" in (project.root / "mkdocs.yml").read_text(encoding="utf-8")
    assert project.catalog("de", NAME).is_file()
