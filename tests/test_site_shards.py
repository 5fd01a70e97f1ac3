"""Languages built apart (``docloc build`` in parallel, ``--language`` shards, ``--merge``): the one-process site.

Three builds of the same project are compared file by file, byte for byte: ``docloc build -j 1``
(one process, mkdocs-static-i18n building the languages one after the other), ``docloc build -j 2``
(every language in a process of its own; three languages on two cores: the default language in two
parts, ``shards.build_units``) and one ``docloc build --language`` per language
assembled by ``docloc build --merge``. Only what MkDocs takes from the clock may differ (the
sitemap's ``lastmod`` and the gzip header's time): it is set aside before comparing.
"""

from __future__ import annotations

import gzip
import json
import re
import shutil
from pathlib import Path

import pytest

from conftest import ROOT, copy_project
from docloc.catalog.po import read_catalog, write_catalog
from docloc.cli import main

FIXTURES = ROOT / "tests" / "fixtures" / "corpus"
_LASTMOD = re.compile(rb"<lastmod>[^<]*</lastmod>")


def _site_files(site: Path) -> dict[str, bytes]:
    """Every file of a built site, with the build's date set aside."""
    files = {}
    for path in sorted(site.rglob("*")):
        if not path.is_file():
            continue
        data = path.read_bytes()
        if path.name.endswith(".gz"):
            data = gzip.decompress(data)  # the header holds the build's time; the content is compared
        if path.name.startswith("sitemap.xml"):
            data = _LASTMOD.sub(b"<lastmod/>", data)
        files[path.relative_to(site).as_posix()] = data
    return files


def _assert_same_site(expected: Path, actual: Path) -> None:
    one, other = _site_files(expected), _site_files(actual)
    assert sorted(one) == sorted(other), f"files only in one: {sorted(set(one) ^ set(other))}"
    differing = [name for name in one if one[name] != other[name]]
    assert differing == [], f"{len(differing)} files differ, e.g. {differing[:5]}"


def _build(*arguments: str) -> None:
    assert main(["build", "--quiet", *arguments]) == 0


def _varied_project(root: Path) -> Path:
    """The guide's project with what makes a language's part depend on the others': a Polish page below the
    coverage threshold (published in English, the switcher says so everywhere) and a Czech refusal."""
    project = copy_project(root)
    polish = project / "locales" / "pl" / "LC_MESSAGES" / "assign-support-contacts.po"
    catalog = read_catalog(polish)
    for entry in catalog:
        entry.msgstr = ""
    write_catalog(polish, catalog)
    czech = project / "locales" / "cs" / "LC_MESSAGES" / "assign-support-contacts.po"
    catalog = read_catalog(czech)
    next(e for e in catalog if e.msgid == "Next steps").msgstr = 'Další kroky<img src=x onerror="alert(1)">'
    write_catalog(czech, catalog)
    return project


def _corpus_project(root: Path) -> Path:
    """A new project with the bundled corpus articles imported in Czech and German (DocFX constructs)."""
    assert main(["init", "--quiet", "--languages", "en,cs,de", str(root)]) == 0
    for locale in ("cs-cz", "de-de"):
        articles = root.parent / "articles" / locale
        shutil.copytree(FIXTURES / locale / "bilingual", articles, ignore=shutil.ignore_patterns("TOC.md"))
        assert main(["import", "--quiet", "--project", str(root), str(articles)]) == 0
    return root


@pytest.mark.parametrize("make", [_varied_project, _corpus_project], ids=["guide", "corpus-fixtures"])
def test_parallel_and_sharded_builds_make_the_one_process_site(tmp_path: Path, make, monkeypatch) -> None:
    from docloc.site import shards

    monkeypatch.setattr(shards, "SPLIT_FROM_PAGES", 1)  # these small sites' default language split in parts too
    project = make(tmp_path / "project")
    languages = _languages(project)
    one = tmp_path / "one"
    _build("--project", str(project), "--site-dir", str(one), "-j", "1")
    parallel = tmp_path / "parallel"
    _build("--project", str(project), "--site-dir", str(parallel), "-j", "2")
    _assert_same_site(one, parallel)
    shards = []
    for language in reversed(languages):  # the order of the CI jobs does not matter
        shard = tmp_path / "shards" / language
        _build("--project", str(project), "--site-dir", str(shard), "--language", language)
        shards.append(shard)
    merged = tmp_path / "merged"
    _build("--project", str(project), "--site-dir", str(merged), "--merge", *map(str, shards))
    _assert_same_site(one, merged)
    # What the comparison is worth: every language's pages, switcher, alternates, indexes and 404s are there.
    for language in languages[1:]:
        assert (one / language / "404.html").is_file()
        assert (one / language / "search" / "search_index.json").is_file()
    sitemap = (one / "sitemap.xml").read_text(encoding="utf-8")
    assert all(f'hreflang="{language}"' in sitemap for language in languages)


def _languages(project: Path) -> list[str]:
    from mkdocs.config import load_config

    from docloc.site.shards import site_languages

    return site_languages(load_config(str(project / "mkdocs.yml")))


def test_merge_refuses_shards_that_do_not_make_one_site(tmp_path: Path, capsys) -> None:
    project = copy_project(tmp_path / "project")
    shards = tmp_path / "shards"
    for language in ("en", "cs", "pl"):
        _build("--project", str(project), "--site-dir", str(shards / language), "--language", language)
    capsys.readouterr()
    merge = ["build", "--project", str(project), "--site-dir", str(tmp_path / "site"), "--merge"]

    assert main([*merge, str(shards / "en"), str(shards / "cs")]) == 2
    assert "no shard of pl: build it with 'docloc build --language pl'" in capsys.readouterr().err

    assert main([*merge, str(shards / "en"), str(shards / "cs"), str(shards / "cs"), str(shards / "pl")]) == 2
    assert "two shards of cs" in capsys.readouterr().err

    assert main([*merge, str(tmp_path), str(shards / "cs")]) == 2
    err = capsys.readouterr().err
    assert f"{tmp_path}: not a shard of a site" in err and "Traceback" not in err

    other = tmp_path / "other"
    shutil.copytree(shards / "pl", other)
    info = json.loads((other / ".docloc-shard.json").read_text(encoding="utf-8"))
    (other / ".docloc-shard.json").write_text(json.dumps({**info, "fingerprint": "0" * 16}), encoding="utf-8")
    assert main([*merge, str(shards / "en"), str(shards / "cs"), str(other)]) == 2
    assert "built with another configuration" in capsys.readouterr().err

    (project / "mkdocs.yml").write_text(
        (project / "mkdocs.yml").read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8"
    )
    assert main([*merge, *(str(shards / language) for language in ("en", "cs", "pl"))]) == 2
    assert "another mkdocs.yml or docloc version" in capsys.readouterr().err
    assert not (tmp_path / "site").exists(), "a refused merge leaves no site"

    assert main(["build", "--project", str(project), "--site-dir", str(tmp_path / "x"), "--language", "xx"]) == 2
    assert "no language 'xx' is built on this site (its languages: en, cs, pl)" in capsys.readouterr().err


def test_the_default_language_is_split_when_the_others_fill_the_cores() -> None:
    from docloc.site.shards import build_units

    whole = (0, 1)
    # split: its parts first (they leave the facts of the English pages for the other languages' builds)
    assert build_units(["en", "cs", "de"], 2, 386) == [("en", (0, 2)), ("en", (1, 2)), ("cs", whole), ("de", whole)]
    assert build_units(["en", "cs"], 2, 386) == [("cs", whole), ("en", whole)]
    assert build_units(["en", "cs", "de", "pl"], 2, 386) == [("cs", whole), ("de", whole), ("pl", whole), ("en", whole)]
    assert build_units(["en", "cs", "de"], 1, 386) == [("cs", whole), ("de", whole), ("en", whole)]
    assert build_units(["en", "cs", "de"], 2, 2) == [("cs", whole), ("de", whole), ("en", whole)]  # a small site


def test_the_parts_of_a_language_are_contiguous_shares_of_about_the_same_cost() -> None:
    from types import SimpleNamespace

    from docloc.site.plugin import NAVIGATION_BYTES_PER_PAGE, part_shares

    sizes = [1_000] * 100 + [20_000] * 100  # light pages first, then heavy ones (as the corpus site's sort gives)
    pages = [SimpleNamespace(page=SimpleNamespace(markdown="x" * size)) for size in sizes]
    shares = part_shares(pages, 2)  # type: ignore[arg-type]
    assert shares == sorted(shares) and set(shares) == {0, 1}  # contiguous, both parts write pages
    cost = [NAVIGATION_BYTES_PER_PAGE * len(pages) + size for size in sizes]
    first = sum(c for c, share in zip(cost, shares, strict=True) if share == 0)
    assert abs(first - (sum(cost) - first)) <= max(cost)  # split where the cost is halved, not the page count
    assert shares.count(0) > 100
    assert part_shares(pages[:3], 1) == [0, 0, 0]


def test_merge_refuses_shards_with_links_or_languages_the_project_lacks(tmp_path: Path, capsys) -> None:
    """A shard is a folder from elsewhere (a CI artifact): a link in it would publish what it points at
    (/etc/passwd, the project's catalogs), and its file's languages name the folders the merge writes."""
    project = copy_project(tmp_path / "project")
    shards = tmp_path / "shards"
    for language in ("en", "cs", "pl"):
        _build("--project", str(project), "--site-dir", str(shards / language), "--language", language)
    capsys.readouterr()
    site = tmp_path / "site"
    merge = ["build", "--project", str(project), "--site-dir", str(site), "--merge"]

    (shards / "cs" / "cs" / "passwd.html").symlink_to("/etc/passwd")
    assert main([*merge, *(str(shards / language) for language in ("en", "cs", "pl"))]) == 2
    err = capsys.readouterr().err
    assert "passwd.html: a shard holds only the files its build wrote" in err and "Traceback" not in err
    assert not site.exists()
    (shards / "cs" / "cs" / "passwd.html").unlink()
    (shards / "pl" / "pl" / "locales").symlink_to(project / "locales", target_is_directory=True)
    assert main([*merge, *(str(shards / language) for language in ("en", "cs", "pl"))]) == 2
    assert "a shard holds only the files its build wrote" in capsys.readouterr().err
    (shards / "pl" / "pl" / "locales").unlink()

    # The fingerprint is the configuration's, the languages forged: one of them a path out of the site.
    escaped = tmp_path / "escaped"
    shutil.copytree(shards / "pl" / "pl", escaped)
    for language in ("en", "cs", "pl"):
        shard_file = shards / language / ".docloc-shard.json"
        info = json.loads(shard_file.read_text(encoding="utf-8"))
        info["languages"] = ["en", "cs", "../escaped"]
        info["language"] = "../escaped" if language == "pl" else language
        shard_file.write_text(json.dumps(info), encoding="utf-8")
    assert main([*merge, *(str(shards / language) for language in ("en", "cs", "pl"))]) == 2
    assert "not a folder's name" in capsys.readouterr().err
    assert not (tmp_path / "escaped" / "escaped").exists() and not (tmp_path / "site").exists()
    for language in ("en", "cs", "pl"):
        shard_file = shards / language / ".docloc-shard.json"
        info = json.loads(shard_file.read_text(encoding="utf-8"))
        info["languages"] = ["en", "cs"]
        shard_file.write_text(json.dumps(info), encoding="utf-8")
    assert main([*merge, str(shards / "en"), str(shards / "cs")]) == 2
    assert "the shards are of the languages en, cs, this project's site of en, cs, pl" in capsys.readouterr().err
    assert not site.exists()
