"""The check cache gives exactly what a full run gives: cold, warm, after an edit to a catalog, a page, a heading."""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path, PurePosixPath

import pytest

from corpus_paths import require_corpus
from docloc.checks.cache import LEGACY_FILES, CheckCache, PartResult, project_check_findings
from docloc.checks.links import LinkResolver
from docloc.checks.registry import CatalogUnit, Finding
from docloc.checks.run import check_project
from docloc.cli import main
from docloc.project import Project, ProjectConfig
from docloc.stamps import RACY_NS


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
    assert project.check_cache_file().read_bytes().startswith(b"SQLite format 3\x00")


def _settled(project: Project) -> None:
    """Every file of the project last changed long enough ago to be trusted by its stamp: a file changed just
    before a run is hashed again by the next (``stamps``), which writes its stamp again. Setting the times
    back changes the change time (``st_ctime``), which nothing sets back: the run waits until it is old enough."""
    past = time.time_ns() - 60 * 10**9
    for folder in ("docs", "locales"):
        for path in (project.root / folder).rglob("*"):
            os.utime(path, ns=(past, past))
    time.sleep(RACY_NS / 10**9 + 0.05)


def test_a_run_that_changed_nothing_writes_nothing(project: Project) -> None:
    _settled(project)
    _report(project, cache=True)
    path = project.check_cache_file()
    before = (path.stat().st_mtime_ns, path.read_bytes())
    _same_as_full_run(project)
    assert (path.stat().st_mtime_ns, path.read_bytes()) == before


def test_an_old_file_changed_with_its_time_set_back_is_read_again(project: Project) -> None:
    """An edit that keeps the size, its modification time set back (``touch -r``, ``cp -p``, ``tar``): the
    change time shows it (``stamps.stamp``)."""
    _settled(project)
    _report(project, cache=True)
    catalog = project.catalog("cs", project.catalog_names("cs")[2])
    before = catalog.stat()
    text = catalog.read_text(encoding="utf-8")
    at = text.index('msgstr "', text.index("msgid", text.index("\n\n")) + 1) + len('msgstr "')
    catalog.write_text(text[:at] + "<" + text[at + 1 :], encoding="utf-8")  # a tag opened: an html-tags finding
    os.utime(catalog, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert catalog.stat().st_size == before.st_size
    _same_as_full_run(project)


def test_a_lost_cache_is_made_again(project: Project) -> None:
    """Without the cache (or with it damaged), a run after an edit checks every catalog again rather
    than run the project checks over the entries of the edited one alone."""
    _report(project, cache=True)
    project.check_cache_file().unlink()
    names = project.catalog_names("cs")
    catalog = project.catalog("cs", names[1])
    catalog.write_text(catalog.read_text(encoding="utf-8") + "\n", encoding="utf-8")  # the project checks must rerun
    _same_as_full_run(project)
    assert project.check_cache_file().is_file()
    project.check_cache_file().write_bytes(b"SQLite format 3\x00" + b"\xff" * 200)
    catalog.write_text(catalog.read_text(encoding="utf-8")[:-1], encoding="utf-8")
    _same_as_full_run(project)


def _units(file: str, translations: dict[str, str], silenced: frozenset[str] = frozenset()) -> list[CatalogUnit]:
    return [
        CatalogUnit("cs", file, 10 + 4 * n, None, english, text, f"docs/en/{file}.md:{n}", silenced)
        for n, (english, text) in enumerate(translations.items())
    ]


def _full(parts: dict[str, list[CatalogUnit]]) -> list[Finding]:
    units = sorted((u for us in parts.values() for u in us), key=lambda u: (u.language, u.file, u.line))
    return sorted(project_check_findings(units), key=lambda f: (f.file, f.line, f.check, f.page))


def _incremental(store: CheckCache, parts: dict[str, list[CatalogUnit]], fresh: set[str]) -> list[Finding]:
    store.drop_parts(set(parts))
    for key in sorted(fresh):  # one part at a time, as the workers' reports come
        store.store_parts({key: PartResult(units=parts[key])})
    found = store.project_findings()
    store.commit()
    store.close()
    return sorted(found, key=lambda f: (f.file, f.line, f.check, f.page))


def test_the_project_checks_rerun_over_the_english_of_changed_catalogs_as_a_full_run(tmp_path: Path) -> None:
    """Edits, a new catalog with another translation, a silenced entry, a deleted catalog: each run
    of the store (reopened each time, as each ``docloc check`` does) finds what a full run finds."""
    path = tmp_path / "units.sqlite"
    parts = {
        "a": _units("a.po", {"Save": "Uložit", "Open": "Otevřít", "Close": "Zavřít"}),
        "b": _units("b.po", {"Save": "Uložit", "Open": "Otevři"}),
        "c": _units("c.po", {"Close": "Zavři", "Help": "Nápověda"}),
    }
    steps: list[tuple[dict[str, list[CatalogUnit]], set[str]]] = [({**parts}, set(parts))]
    parts["b1"] = _units("b.po", {"Save": "Ulož", "Open": "Otevři", "Help": "Pomoc"})  # b edited: a new key
    del parts["b"]
    steps.append(({**parts}, {"b1"}))
    parts["d"] = _units("d.po", {"Help": "Pomoc", "Save": "Uložit"})  # a new catalog: Help now a tie broken
    steps.append(({**parts}, {"d"}))
    parts["c1"] = _units("c.po", {"Close": "Zavři", "Help": "Nápověda"}, frozenset({"inconsistent"}))
    del parts["c"]
    steps.append(({**parts}, {"c1"}))
    del parts["a"]  # a deleted catalog: Close has one translation left
    steps.append(({**parts}, set()))
    steps.append(({**parts}, set()))  # nothing changed
    for state, fresh in steps:
        store = CheckCache.open(path, "settings")
        assert _incremental(store, state, fresh) == _full(state)
    assert any(_full(state) for state, _ in steps)
    store = CheckCache.open(path, "other settings")  # other settings: nothing held
    assert store.parts == {}
    store.close()


@pytest.mark.parametrize("name", ["x.md", "a/b.md", "a/b.c.md", "a/.md", "a/b.", "x", "a.b/c", "a/b..md", ".x.md"])
def test_catalog_references_are_the_catalog_paths(tmp_path: Path, name: str) -> None:
    """The check cache keys catalogs by ``catalog_file_references``: the files ``catalog_files`` names."""
    project = Project(tmp_path, ProjectConfig())
    for language in ("cs", "pt_BR"):
        paths = [project.root / reference for reference in project.catalog_file_references(language, name)]
        assert paths == [project.catalog(language, name), project.english_page(name), project.template(name)]
        assert project.catalog(language, name) == project.root / "locales" / language / "LC_MESSAGES" / str(
            PurePosixPath(name).with_suffix(".po")
        )
        assert project.template(name) == project.root / "locales" / "templates" / str(
            PurePosixPath(name).with_suffix(".pot")
        )


def test_an_image_that_appears_or_goes_is_seen(project: Project) -> None:
    """The English pages' findings are reused only while every file their links name is as it was."""
    _report(project, cache=True)
    resolver = LinkResolver.for_project(project)
    page, target = next(
        (project.english_page(name), link.target)
        for name in project.article_names()
        for link in resolver.index(name).links
        if link.image and "://" not in link.target and not link.target.startswith("/")
    )
    image = page.parent / target
    existed = image.is_file()
    if existed:
        saved = image.read_bytes()
        image.unlink()
    else:
        image.parent.mkdir(parents=True, exist_ok=True)
        image.write_bytes(b"\x89PNG\r\n\x1a\n")
    before = [f for f in _report(project, cache=False)[1] if f.check == "link-target"]
    _same_as_full_run(project)
    if existed:
        image.write_bytes(saved)
    else:
        image.unlink()
    _same_as_full_run(project)
    assert before != [f for f in _report(project, cache=False)[1] if f.check == "link-target"]


def test_the_json_cache_it_replaced_is_removed(project: Project) -> None:
    folder = project.check_cache_file().parent
    for name in LEGACY_FILES:
        (folder / name).write_text("{}", encoding="utf-8")
    _report(project, cache=True)
    assert not any((folder / name).exists() for name in LEGACY_FILES)


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
    """A pull request can commit ``.docloc/check-cache.sqlite`` or its journal as a link to a file of the
    user's (or to /dev/zero): the check reads no link there and writes its cache as a file of the project's."""
    from conftest import copy_project

    root = copy_project(tmp_path / "project")
    project = Project.open(root)
    victims = []
    cache = project.check_cache_file()
    for path in (cache, cache.with_name(cache.name + "-journal")):
        victim = tmp_path / f"{path.name}.mine"
        victim.write_text("precious\n", encoding="utf-8")
        path.parent.mkdir(exist_ok=True)
        path.symlink_to(victim)
        victims.append(victim)
    _same_as_full_run(project)
    assert [v.read_text(encoding="utf-8") for v in victims] == ["precious\n"] * 2
    assert not cache.is_symlink()
    assert not cache.with_name(cache.name + "-journal").is_symlink()


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


def test_texts_sqlite_cannot_take_are_kept_as_they_were(tmp_path: Path) -> None:
    """A catalog may hold a byte that is not UTF-8 (msgfmt takes "\\377"): its entries and findings go
    through the cache and come back as a full run has them."""
    from conftest import copy_project

    root = copy_project(tmp_path / "project")
    project = Project.open(root)
    catalog = project.catalog("cs", project.catalog_names("cs")[0])
    with catalog.open("a", encoding="utf-8") as stream:
        stream.write('\nmsgid "Byte \\377 here"\nmsgstr "Bajt \\377 tady <b>x</b>"\n')
    settings = "x"
    empty = CheckCache.open(project.check_cache_file(), settings)
    assert empty.connection.row_factory is None  # (nothing kept yet)
    empty.close()
    _same_as_full_run(project)  # cold: stored
    _same_as_full_run(project)  # warm: read back
    assert any("\udcff" in f.msgid for f in _report(project, cache=True)[1])
    damaged_name = project.root / "docs" / "en" / "name \udcff.md"  # a file name (the stamps) that is not UTF-8
    fresh = CheckCache.open(project.check_cache_file(), settings)
    assert fresh.connection.row_factory is None
    damaged_name.write_bytes(b"# x\n")
    fresh.digest(project.root, project.relative(damaged_name))
    assert fresh.connection.row_factory is not None  # read back as text from now on
    fresh.commit()
    fresh.close()
    again = CheckCache.open(project.check_cache_file(), settings)
    assert project.relative(damaged_name) in again.stamps
    again.close()


def test_plural_forms_are_kept_as_babel_gives_them_and_babel_is_then_not_imported(project: Project) -> None:
    from docloc import locales

    code = (
        "import sys\n"
        "from pathlib import Path\n"
        "from docloc.checks.run import check_project\n"
        "from docloc.project import Project\n"
        f"check_project(Project.open(Path({str(project.root)!r})), ['cs'], jobs=1)\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] == 'babel'))\n"
    )
    env = os.environ | {"PYTHONPATH": os.pathsep.join(sys.path)}

    def babel_modules() -> str:
        done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True)
        return done.stdout.strip()

    project.check_cache_file().unlink(missing_ok=True)
    assert babel_modules() != "[]"  # a cold run asks Babel
    catalog = project.catalog("cs", project.catalog_names("cs")[0])
    catalog.write_text(catalog.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    assert babel_modules() == "[]"  # the cache knew cs's Plural-Forms
    import sqlite3

    with contextlib.closing(sqlite3.connect(project.check_cache_file())) as connection:
        stored = dict(connection.execute("SELECT language, value FROM plural_forms"))
    assert stored == {"cs": locales._babel_plural_forms("cs")}
    _same_as_full_run(project)
