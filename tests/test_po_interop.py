"""Catalogs that translators' tools rewrote (GNU gettext's msgcat, msgmerge, msgattrib; editors; scripts), read
by every command alike: GNU gettext says what the catalog holds, and the page shows a translation exactly where
it would.

Each test takes a real imported catalog, transforms it as the tool does, and runs the commands on it.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import polib
import pytest

from corpus_paths import require_corpus
from docloc.catalog.po import read_catalog
from docloc.cli import main
from docloc.fileio import read_text
from docloc.formats.sxs import read_bilingual
from docloc.project import Project, init_project
from docloc.workflows.importer import import_article

pytestmark = pytest.mark.skipif(not Path("/usr/bin/msgcat").exists(), reason="GNU gettext is not installed")

# An English that stands twice on one line (two cells of a table row: '|48.00|1|48.00'), translated two ways on
# its page ('48.00' and '48,00', 'variant 2'), each way on lines of its own.
ANNUAL = "partner-center/common-billing-scenarios-annual.md"
# Two translations of one English on one line ('-4.00' and '-4,00' in one table row).
MONTHLY = "partner-center/common-billing-scenarios-monthly.md"


def imported(root: Path, *names: str) -> Project:
    corpus = require_corpus("cs-cz", "bilingual")
    init_project(root, ["en", "cs"])
    project = Project.open(root)
    for name in names:
        path = corpus / name
        import_article(project, read_bilingual(read_text(path), name, str(path)), str(path))
    return project


def export(project: Project, out: Path, fmt: str = "translated") -> int:
    return main(["export", "--project", str(project.root), "--locale", "cs", "--format", fmt, "--out", str(out), "-q"])


def exported(project: Project, out: Path, name: str, fmt: str = "translated") -> str:
    assert export(project, out, fmt) == 0
    return (out / name).read_text(encoding="utf-8")


def check_errors(project: Project) -> list[dict]:
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "docloc",
            "check",
            "--project",
            str(project.root),
            "--format",
            "json",
            "--no-cache",
            "--no-links",
        ],
        capture_output=True,
        text=True,
    )
    assert done.returncode in (0, 1), done.stderr
    return [f for f in json.loads(done.stdout)["findings"] if f["severity"] == "error"]


def gnu(*command: str) -> None:
    subprocess.run(command, check=True, capture_output=True)


def test_references_a_gnu_tool_merged_are_reported_alike_and_update_gives_them_back(tmp_path: Path) -> None:
    """msgcat (like msgmerge, msgattrib, msguniq, msgconv) writes '#: page.md:25 page.md:25' as one reference. The
    page then showed the English in one cell of the row, with exit 0 and a clean check; update gave the second
    cell to the other translation ('48,00' for '48.00'), and the Microsoft ids to other segments. Now check and
    export say so at the entry, and update gives the references back: the page is the one before msgcat."""
    project = imported(tmp_path / "p", ANNUAL)
    before = {fmt: exported(project, tmp_path / f"before-{fmt}", ANNUAL, fmt) for fmt in ("translated", "bilingual")}
    path = project.catalog("cs", ANNUAL)
    gnu("msgcat", "-o", str(path), str(path))
    assert "48.00|1|48.00" not in path.read_text(encoding="utf-8")  # (what msgcat did)
    merged = [e for e in read_catalog(path) if e.msgid == "48.00" and e.msgctxt is None][0]
    assert len(set(merged.occurrences)) == len(merged.occurrences) == 3

    errors = check_errors(project)
    assert errors and {e["check"] for e in errors} == {"unplaced"}
    assert any(e["msgid"] == "48.00" and "fewer times" in e["message"] for e in errors)
    assert export(project, tmp_path / "refused") == 2
    assert not (tmp_path / "refused" / ANNUAL).exists()

    assert main(["update", "--project", str(project.root), "-q"]) == 0
    assert check_errors(project) == []
    for fmt, text in before.items():
        assert exported(project, tmp_path / f"after-{fmt}", ANNUAL, fmt) == text


def test_update_after_msgcat_keeps_each_translation_and_id_where_it_was(tmp_path: Path) -> None:
    """(update alone) It read each merged pair as one occurrence, so the k-th occurrence of '48.00' took the next
    entry's translation and Microsoft id: the bilingual hand-back moved ids and '48,00' to other cells."""
    project = imported(tmp_path / "p", ANNUAL)
    before = exported(project, tmp_path / "before", ANNUAL, "bilingual")
    path = project.catalog("cs", ANNUAL)
    gnu("msgcat", "--sort-output", "-o", str(path), str(path))
    assert main(["update", "--project", str(project.root), "-q"]) == 0
    assert exported(project, tmp_path / "after", ANNUAL, "bilingual") == before


def test_the_build_says_which_entries_lost_an_occurrence(tmp_path: Path) -> None:
    """The site publishes the English where an entry no longer names an occurrence, and says so (a warning; a
    strict build fails), in the words of check."""
    from docloc.checks.placement import MERGED
    from docloc.site.render import render_page

    project = imported(tmp_path / "p", ANNUAL)
    path = project.catalog("cs", ANNUAL)
    gnu("msgcat", "-o", str(path), str(path))
    refusals = render_page(Project.open(project.root), "cs", ANNUAL, 0.0).refusals
    assert any(refusal.msgid == "48.00" and refusal.reason == MERGED for refusal in refusals)


def test_references_msgmerge_took_from_the_template_are_given_back_by_update(tmp_path: Path) -> None:
    """A translator's tool merging the template itself (msgmerge, instead of docloc update) takes its references,
    written once each: update restores them, and every sentence of the page keeps its translation."""
    project = imported(tmp_path / "p", MONTHLY)
    path = project.catalog("cs", MONTHLY)
    template = project.template(MONTHLY)
    gnu("msgmerge", "--quiet", "--previous", "-o", str(path), str(path), str(template))
    assert export(project, tmp_path / "refused") == 2
    assert main(["update", "--project", str(project.root), "-q"]) == 0
    assert check_errors(project) == []
    page = exported(project, tmp_path / "out", MONTHLY)
    # (msgmerge made the 'variant N' entries obsolete: the English they translate shows their first translation)
    assert "|Cycle Instance Prorate   |-4" in page.replace("Cyklus", "Cycle")


def test_references_without_lines_are_unplaced_for_every_command(tmp_path: Path) -> None:
    """msgcat --add-location=file writes '#: page.md': no line, so nothing can be placed. The export wrote the
    whole article in English with exit 0 and check counted it translated, without an error."""
    project = imported(tmp_path / "p", MONTHLY)
    path = project.catalog("cs", MONTHLY)
    gnu("msgcat", "--add-location=file", "-o", str(path), str(path))
    errors = check_errors(project)
    assert errors and {e["check"] for e in errors} == {"unplaced"}
    assert "reference to a line of its English page" in errors[0]["message"]
    assert export(project, tmp_path / "refused") == 2
    assert not (tmp_path / "refused" / MONTHLY).exists()


def test_the_order_of_entries_does_not_decide_which_translation_goes_where(tmp_path: Path) -> None:
    """Two translations of one English on one line ('-4.00' and '-4,00'): the first translation goes first, as the
    import numbers them and update reads them. Entries sorted by a script or an editor swapped the two on the page
    (export, check and build), and update then swapped them back."""
    project = imported(tmp_path / "p", MONTHLY)
    before = exported(project, tmp_path / "before", MONTHLY)
    path = project.catalog("cs", MONTHLY)
    catalog = polib.pofile(str(path), wrapwidth=0)
    entries = sorted(catalog, key=lambda entry: (entry.msgid, entry.msgctxt or ""), reverse=True)
    catalog[:] = entries
    catalog.save(str(path))
    assert exported(project, tmp_path / "sorted", MONTHLY) == before
    assert main(["update", "--project", str(project.root), "-q"]) == 0
    assert exported(project, tmp_path / "updated", MONTHLY) == before


def test_a_plural_entry_shows_its_first_form_where_check_counts_it_translated(tmp_path: Path) -> None:
    """An entry given msgid_plural (a hand edit): gettext() of its msgid returns msgstr[0], and check counted it
    translated, while the page showed the English."""
    project = imported(tmp_path / "p", MONTHLY)
    path = project.catalog("cs", MONTHLY)
    catalog = polib.pofile(str(path), wrapwidth=0)
    entry = next(e for e in catalog if e.msgctxt is None and len(e.occurrences) == 1 and len(e.msgid) > 40)
    translation = entry.msgstr
    entry.msgid_plural, entry.msgstr, entry.msgstr_plural = entry.msgid, "", {0: translation, 1: "-", 2: "-"}
    catalog.save(str(path))
    assert check_errors(project) == []
    page = exported(project, tmp_path / "out", MONTHLY)
    assert translation in page and entry.msgid not in page


@pytest.mark.parametrize("locale", ["cs-cz", "de-de", "pl-pl"])
def test_the_byte_scan_never_misses_a_repeated_reference_that_the_parsed_template_has(
    tmp_path: Path, locale: str
) -> None:
    """The export and the build parse a page's template only where ``names_a_reference_twice`` finds a reference
    named twice in its bytes; it must say so of every template whose parsed entries name one twice: each of the
    corpus's templates as docloc writes them, and as msgcat rewraps them (narrow and unwrapped)."""
    from docloc.catalog.po import names_a_reference_twice, parse_po

    corpus = require_corpus(locale, "bilingual")
    root = tmp_path / "project"
    done = subprocess.run(
        [sys.executable, "-m", "docloc", "import", "--project", str(root), "-q", str(corpus)], capture_output=True
    )
    assert done.returncode in (0, 2), done.stderr  # (2: TOC.md files are not bilingual)
    templates = sorted((root / "locales" / "templates").rglob("*.pot"))
    templates = [path for path in templates if "_ui" not in path.parts]
    assert len(templates) > 300
    wrapped = tmp_path / "wrapped"
    repeating = 0
    for index, path in enumerate(templates):
        variants = [path.read_bytes()]
        if index % 10 == 0:  # as msgcat rewraps them, a tenth of them (a process each; msgcat merges repeats)
            for option in ("-w", "40"), ("--no-wrap",):
                gnu("msgcat", *option, "-o", str(wrapped), str(path))
                variants.append(wrapped.read_bytes())
        for number, data in enumerate(variants):
            parsed = parse_po(data, str(path))
            repeats = any(len(entry.occurrences) != len(set(entry.occurrences)) for entry in parsed)
            assert names_a_reference_twice(data) or not repeats, (path, number)
            repeating += repeats and number == 0
    assert 0 < repeating < len(templates) / 3  # it finds them, and most templates have none
    # And where it says no, no template of the corpus has one (it is exact on what docloc writes).
    assert sum(names_a_reference_twice(path.read_bytes()) for path in templates) == repeating
