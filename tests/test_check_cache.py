"""The check cache gives exactly what a full run gives: cold, warm, after an edit to a catalog, a page, a heading."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from corpus_paths import require_corpus
from docloc.checks.run import check_project
from docloc.cli import main
from docloc.project import Project


def _report(project: Project, cache: bool) -> tuple[list, list]:
    report = check_project(project, ["cs"], jobs=2, cache=cache)
    return report.coverage, report.findings


def _same_as_full_run(project: Project) -> None:
    assert _report(project, cache=True) == _report(project, cache=False)


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Project:
    corpus = require_corpus("cs-cz", "bilingual", "partner-center")
    articles = tmp_path_factory.mktemp("articles")
    for path in sorted(corpus.glob("*.md"))[:60]:
        shutil.copy(path, articles / path.name)
    root = tmp_path_factory.mktemp("project")
    assert main(["import", "--project", str(root), "--jobs", "1", str(articles)]) == 0
    return Project.open(root)


def test_cold_and_warm_runs_report_what_a_full_run_reports(project: Project) -> None:
    cache = project.check_cache_file()
    cache.unlink(missing_ok=True)
    _same_as_full_run(project)  # cold: computes and writes the cache
    assert cache.is_file()
    _same_as_full_run(project)  # warm: everything from the cache


def test_edits_are_seen(project: Project) -> None:
    _report(project, cache=True)
    names = project.catalog_names("cs")
    catalog = project.catalog("cs", names[0])
    text = catalog.read_text(encoding="utf-8")
    at = text.index('msgstr "', text.index("msgid", text.index("\n\n")) + 1)
    catalog.write_text(text[:at] + 'msgstr "<b>x</b> ' + text[at + len('msgstr "') :], encoding="utf-8")
    _same_as_full_run(project)
    # A heading that other pages may link to: its anchor goes, and links to it must be reported.
    page = next(
        project.english_page(name)
        for name in project.article_names()
        if '## <a name="' in project.english_page(name).read_text(encoding="utf-8")
    )
    text = page.read_text(encoding="utf-8")
    page.write_text(text.replace('## <a name="', '## <a name="renamed-', 1), encoding="utf-8")
    _same_as_full_run(project)
    # A page that disappears: links to it resolve no more.
    gone = project.english_page(project.article_names()[-1])
    gone.unlink()
    _same_as_full_run(project)


def test_a_damaged_cache_is_ignored(project: Project) -> None:
    _report(project, cache=True)
    project.check_cache_file().write_text('{"settings": 1, "parts": [', encoding="utf-8")
    _same_as_full_run(project)
    assert Path(project.check_cache_file()).read_text(encoding="utf-8").startswith('{"settings"')


def test_a_run_that_changed_nothing_writes_nothing(project: Project) -> None:
    _report(project, cache=True)
    files = [project.check_cache_file(), project.check_units_file()]
    before = [(path.stat().st_mtime_ns, path.read_bytes()) for path in files]
    _same_as_full_run(project)
    assert [(path.stat().st_mtime_ns, path.read_bytes()) for path in files] == before


def test_translated_entries_lost_from_the_cache_are_read_again(project: Project) -> None:
    """The project checks' input lives in a file of its own: without it (or with it damaged), the
    catalogs are checked again rather than the project checks run over nothing."""
    _report(project, cache=True)
    project.check_units_file().unlink()
    names = project.catalog_names("cs")
    catalog = project.catalog("cs", names[1])
    catalog.write_text(catalog.read_text(encoding="utf-8") + "\n", encoding="utf-8")  # the project checks must rerun
    _same_as_full_run(project)
    assert project.check_units_file().is_file()
    project.check_units_file().write_text('{"settings": "x", "units": [', encoding="utf-8")
    catalog.write_text(catalog.read_text(encoding="utf-8")[:-1], encoding="utf-8")
    _same_as_full_run(project)


def test_results_kept_under_other_packages_are_not_used(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """markdown-it-py, PyYAML, Babel read what docloc checks: an install, upgrade or removal is a new cache."""
    from docloc.checks.cache import settings_fingerprint

    packages = tmp_path / "site-packages"
    packages.mkdir()
    os.utime(packages, ns=(0, 0))
    monkeypatch.syspath_prepend(str(packages))
    before = settings_fingerprint({})
    assert settings_fingerprint({}) == before
    (packages / "markdown_it").mkdir()  # a package installed, or a new version of one
    assert settings_fingerprint({}) != before


def test_cache_files_committed_as_links_are_neither_read_nor_written_through(tmp_path: Path) -> None:
    """A pull request can commit ``.docloc/check-cache.json`` as a link to a file of the user's (or to
    /dev/zero): the check reads no link there and writes its cache as a file of the project's."""
    from conftest import copy_project

    root = copy_project(tmp_path / "project")
    project = Project.open(root)
    victims = []
    for path in (project.check_cache_file(), project.check_units_file()):
        victim = tmp_path / f"{path.name}.mine"
        victim.write_text("precious\n", encoding="utf-8")
        path.parent.mkdir(exist_ok=True)
        path.symlink_to(victim)
        victims.append(victim)
    _same_as_full_run(project)
    assert [v.read_text(encoding="utf-8") for v in victims] == ["precious\n"] * 2
    assert not project.check_cache_file().is_symlink()
    assert not project.check_units_file().is_symlink()


def test_a_removed_working_folder_is_no_obstacle(tmp_path: Path) -> None:
    """``docloc check --project /abs/path`` from a folder that was removed since (a shell left in it)."""
    from conftest import copy_project

    root = copy_project(tmp_path / "project")
    gone = tmp_path / "gone"
    script = "import os, sys; os.rmdir(os.getcwd()); from docloc.cli import main; sys.exit(main(sys.argv[1:]))"
    for extra in ([], ["--no-cache"], []):
        gone.mkdir()
        done = subprocess.run(
            [sys.executable, "-c", script, "check", "--project", str(root), "--jobs", "1", *extra],
            cwd=gone,
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert done.returncode in (0, 1), done.stderr
