"""Coverage counts agree with translate-toolkit's pocount (the reference) on real catalogs."""

from __future__ import annotations

import shutil
from pathlib import Path

import polib
import pytest
from translate.tools.pocount import calcstats

from corpus_paths import import_folder, require_corpus
from docloc.checks.coverage import CatalogCoverage, catalog_coverage, count_words, project_coverage
from docloc.project import Project

REPO = Path(__file__).resolve().parents[1]
FIXTURES = REPO / "tests" / "fixtures" / "corpus"


def imported(tmp: Path, *folders: tuple[str, Path]) -> Project:
    for locale, folder in folders:
        import_folder(tmp, folder, locale)
    return Project.open(tmp)


@pytest.fixture(scope="module")
def fixture_project(tmp_path_factory) -> Project:
    tmp = tmp_path_factory.mktemp("fixtures")
    return imported(tmp, ("cs-CZ", FIXTURES / "cs-cz" / "bilingual"), ("de-DE", FIXTURES / "de-de" / "bilingual"))


def assert_agrees_with_pocount(project: Project, rows: list[CatalogCoverage]) -> int:
    compared = 0
    for row in rows:
        path = project.catalog(row.language, row.name) if not row.name.startswith("_ui/") else None
        if path is None or not path.is_file():
            continue
        stats = calcstats(str(path))
        ours = (
            row.translated,
            row.fuzzy,
            row.untranslated,
            row.translated_words,
            row.fuzzy_words,
            row.untranslated_words,
        )
        theirs = (
            stats["translated"],
            stats["fuzzy"],
            stats["untranslated"],
            stats["translatedsourcewords"],
            stats["fuzzysourcewords"],
            stats["untranslatedsourcewords"],
        )
        assert ours == theirs, f"{path}: docloc {ours} != pocount {theirs}"
        compared += 1
    return compared


def test_repository_catalogs_agree_with_pocount():
    project = Project.open(REPO)
    rows = project_coverage(project)
    assert {row.language for row in rows} >= {"cs", "pl"}
    assert assert_agrees_with_pocount(project, rows) >= 2


def test_fixture_catalogs_agree_with_pocount(fixture_project):
    rows = project_coverage(fixture_project)
    assert assert_agrees_with_pocount(fixture_project, rows) >= 10


def test_whole_corpus_agrees_with_pocount(tmp_path):
    project = imported(tmp_path, ("cs-CZ", require_corpus("cs-cz", "bilingual")))
    rows = project_coverage(project, ["cs"])
    articles = [row for row in rows if not row.name.startswith("_ui/")]  # the interface catalogs are docloc's
    assert assert_agrees_with_pocount(project, rows) == len(articles) > 300


def _catalog(*entries: polib.POEntry) -> polib.POFile:
    po = polib.POFile()
    po.metadata = {"Content-Type": "text/plain; charset=UTF-8"}
    for entry in entries:
        po.append(entry)
    return po


def test_states_and_documented_choices(tmp_path):
    po = _catalog(
        polib.POEntry(msgid="Partner Center", msgstr="Partner Center"),  # identical: translated, as in pocount
        polib.POEntry(msgid="Sign in now.", msgstr="Přihlaste se.", flags=["fuzzy"]),
        polib.POEntry(msgid="Empty fuzzy", msgstr="", flags=["fuzzy"]),  # untranslated, as in pocount
        polib.POEntry(msgid="Not yet", msgstr=""),
        polib.POEntry(msgid="Old text", msgstr="Starý text", obsolete=True),
    )
    row = catalog_coverage(po, "cs", "x.md")
    assert (row.translated, row.fuzzy, row.untranslated, row.obsolete) == (1, 1, 2, 1)
    assert (row.translated_words, row.fuzzy_words, row.untranslated_words) == (2, 3, 4)
    assert row.total == 4 and row.percent == 25.0 and row.words_percent == pytest.approx(2 / 9 * 100)
    path = tmp_path / "x.po"
    po.save(str(path))
    stats = calcstats(str(path))
    assert (stats["translated"], stats["fuzzy"], stats["untranslated"]) == (1, 1, 2)
    assert catalog_coverage(_catalog(), "cs", "empty.md").percent == 100.0


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("Assign a reseller as a **technical** support contact.", 8),
        # Tags are dropped; a link target's parts are words, as pocount counts them.
        ("<br/>Sign in to [Partner Center](https://partner.microsoft.com).", 9),
        ("Version 1.2 of e-mail", 5),  # pocount: a dot between non-digits splits, a hyphen splits
        ("合作伙伴中心", 6),  # Han: one word per ideograph, the usual CJK measure
        ("パートナーセンターでサポート", 3),  # a Katakana run is one word, each Hiragana one
        ("파트너 센터에서 지원", 3),  # Hangul: spaces separate words
        ("…, — !", 0),  # punctuation is never a word
    ],
)
def test_word_counts(text, words):
    assert count_words(text) == words


def test_cjk_counts_match_pocount(tmp_path):
    po = _catalog(polib.POEntry(msgid="合作伙伴中心的技术支持联系人。パートナーセンター", msgstr=""))
    path = tmp_path / "zh.po"
    po.save(str(path))
    row = catalog_coverage(po, "zh_CN", "zh.md")
    assert row.untranslated_words == calcstats(str(path))["untranslatedsourcewords"] == 15


def test_project_coverage_includes_interface_catalogs_and_missing_catalogs(tmp_path):
    shutil.copytree(REPO / "locales", tmp_path / "locales")
    shutil.copytree(REPO / "docs", tmp_path / "docs")
    shutil.copy(REPO / "mkdocs.yml", tmp_path / "mkdocs.yml")
    (tmp_path / "locales" / "pl" / "LC_MESSAGES" / "assign-support-contacts.po").unlink()
    project = Project.open(tmp_path)
    rows = {(r.language, r.name): r for r in project_coverage(project)}
    missing = rows[("pl", "assign-support-contacts.md")]
    assert missing.translated == 0 and missing.untranslated == rows[("cs", "assign-support-contacts.md")].total
    assert any(name.startswith("_ui/") for _, name in rows)  # the committed interface catalogs count too
