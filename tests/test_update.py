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
    assert "1 would write" in capsys.readouterr().out
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
