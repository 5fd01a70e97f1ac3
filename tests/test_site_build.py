"""The docloc MkDocs plugin without a browser: strict builds, generated pages, refused translations."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import yaml
from bs4 import BeautifulSoup

from conftest import ROOT, copy_project
from docloc.catalog.po import read_catalog, write_catalog
from docloc.markdown.render import FALLBACK_CLOSE, FALLBACK_OPEN, render_document
from docloc.project import Project
from docloc.site import interface
from docloc.site.links import external_link


def test_mkdocs_build_strict_has_no_warnings(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(tmp_path / "site")],
        cwd=project,
        capture_output=True,
        text=True,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
    )
    assert result.returncode == 0, result.stderr
    assert "WARNING" not in result.stderr, result.stderr
    assert not (project / "docs" / "cs").exists(), "generated pages must not be written to docs/"
    for page in ("cs/assign-support-contacts/index.html", "pl/translation-status/index.html", "index.html"):
        assert (tmp_path / "site" / page).is_file()


def test_built_site_pages(built_site: Path) -> None:
    cs = (built_site / "cs" / "assign-support-contacts" / "index.html").read_text(encoding="utf-8")
    assert '<html lang="cs"' in cs
    assert '<h2 id="assign-contacts">' in cs and '<h2 id="next-steps">' in cs
    assert 'hreflang="x-default" href="https://partner-guides.example.org/assign-support-contacts/"' in cs
    assert '<link rel="canonical" href="https://partner-guides.example.org/cs/assign-support-contacts/">' in cs
    assert "fonts.googleapis" not in cs and "fonts.gstatic" not in cs
    sitemap = (built_site / "sitemap.xml").read_text(encoding="utf-8")
    assert 'hreflang="pl" href="https://partner-guides.example.org/pl/assign-support-contacts/"' in sitemap
    status = (built_site / "pl" / "translation-status" / "index.html").read_text(encoding="utf-8")
    assert 'class="docloc-bar' in status and 'data-language="cs"' in status and 'data-language="pl"' in status
    for language, prefix in (("", ""), ("cs", "cs/"), ("pl", "pl/")):
        index = json.loads((built_site / language / "search" / "search_index.json").read_text(encoding="utf-8"))
        assert index["docs"], language
        assert not any(doc["location"].startswith(("cs/", "pl/")) for doc in index["docs"]), prefix


def test_unsafe_translation_falls_back_to_english_and_fails_a_strict_build(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    path = project / "locales" / "cs" / "LC_MESSAGES" / "assign-support-contacts.po"
    catalog = read_catalog(path)
    entry = next(e for e in catalog if e.msgid == "Next steps")
    entry.msgstr = 'Další kroky<img src=x onerror="alert(1)">'
    write_catalog(path, catalog)
    line = next(e.linenum for e in read_catalog(path) if e.msgid == "Next steps")
    command = [sys.executable, "-m", "docloc", "build", "--project", str(project)]
    result = subprocess.run([*command, "--site-dir", str(tmp_path / "site")], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert f"locales/cs/LC_MESSAGES/assign-support-contacts.po:{line}:" in result.stderr
    page = (tmp_path / "site" / "cs" / "assign-support-contacts" / "index.html").read_text(encoding="utf-8")
    assert "onerror" not in page and '<span lang="en">Next steps</span>' in page
    strict = subprocess.run(
        [*command, "--strict", "--site-dir", str(tmp_path / "strict")], capture_output=True, text=True
    )
    assert strict.returncode == 2
    assert f"locales/cs/LC_MESSAGES/assign-support-contacts.po:{line}:" in strict.stderr
    assert "Traceback" not in strict.stderr
    # One process or one per language: the same last line, located at mkdocs.yml (the language named in the second).
    alone = subprocess.run([*command, "--strict", "-j1", "--site-dir", str(tmp_path / "alone")], capture_output=True,
                           text=True)  # fmt: skip
    assert alone.returncode == 2
    last = alone.stderr.strip().splitlines()[-1]
    assert last == "mkdocs.yml: Aborted with 1 warnings in strict mode!", alone.stderr
    assert strict.stderr.strip().splitlines()[-1] == f"{last} (in the cs build)"


def test_links_outside_the_site_go_to_the_readers_locale() -> None:
    base = "https://learn.microsoft.com/cs-cz/partner-center/{slug}"
    pages = {"guide.md"}
    assert external_link("multichannel.md#x", "guide.md", pages, base) == (
        "https://learn.microsoft.com/cs-cz/partner-center/multichannel#x"
    )
    assert external_link("guide.md", "guide.md", pages, base) is None
    assert (
        external_link("../marketplace/y.md", "guide.md", pages, base)
        == "https://learn.microsoft.com/cs-cz/marketplace/y"
    )
    assert external_link("https://example.org/z.md", "guide.md", pages, base) is None
    assert external_link("other.md?tabs=a#b", "guide.md", pages, base) == (
        "https://learn.microsoft.com/cs-cz/partner-center/other?tabs=a#b"
    )


def test_interface_template_and_catalogs_are_in_step() -> None:
    """The repository's interface catalogs are what 'docloc update' makes of the code and mkdocs.yml."""
    project = Project.open(ROOT)
    for component, expected in interface.templates(project).items():
        template = read_catalog(project.ui_template(component))
        assert [(e.msgctxt, e.msgid) for e in template] == [(e.msgctxt, e.msgid) for e in expected]
    results = interface.update_interface(project, ["cs", "pl"], dry_run=True)
    assert [(r.name, r.language, r.written) for r in results if r.written] == []
    config = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    assert config["plugins"][1]["docloc"]["home_intro"]  # the home page's text is the project's, not the code's
    for language in ("cs", "pl"):
        path = ROOT / "locales" / language / "LC_MESSAGES" / "_ui" / "site.po"
        catalog = read_catalog(path)
        assert catalog.percent_translated() == 100
        assert subprocess.run(["msgfmt", "--check", "-o", os.devnull, str(path)]).returncode == 0


def test_missing_and_fuzzy_translations_fall_back_to_marked_english(tmp_path: Path) -> None:
    from docloc.project import Project
    from docloc.site.render import render_page

    project_dir = copy_project(tmp_path / "project")
    path = project_dir / "locales" / "cs" / "LC_MESSAGES" / "assign-support-contacts.po"
    catalog = read_catalog(path)
    next(e for e in catalog if e.msgid == "Next steps").msgstr = ""
    next(e for e in catalog if e.msgid.startswith("Review that")).flags.append("fuzzy")
    write_catalog(path, catalog)
    page = render_page(Project.open(project_dir), "cs", "assign-support-contacts.md", 80)
    assert not page.below_threshold and page.machine_translated
    assert f'## <a name="next-steps"></a>{FALLBACK_OPEN}Next steps{FALLBACK_CLOSE}' in page.markdown
    review = f"{FALLBACK_OPEN}Review that the changes are correct, and then select **Close**.{FALLBACK_CLOSE}"
    assert review in page.markdown
    html = render_document(page.markdown.split("---\n", 2)[2]).html
    assert '<span lang="en">Review that the changes are correct, and then select <strong>Close</strong>.</span>' in html
    assert "Přiřazení kontaktů" in page.markdown


SEARCH_NAMES = {"": "Search", "cs": "Vyhledávání", "pl": "Szukaj"}
DARK_TOGGLE = {"": "Switch to dark mode", "cs": "Přepnout na tmavý režim", "pl": "Przełącz na tryb ciemny"}


def test_theme_controls_have_names_in_the_pages_language(built_site: Path) -> None:
    """The search dialog and the palette toggle are named in each language (screen readers announce them)."""
    for language, name in SEARCH_NAMES.items():
        for page in ("index.html", "assign-support-contacts/index.html", "404.html"):
            soup = BeautifulSoup((built_site / language / page).read_text(encoding="utf-8"), "lxml")
            dialog = soup.select_one('.md-search[role="dialog"]')
            assert dialog is not None and dialog.get("aria-label") == name, (language, page)
        soup = BeautifulSoup((built_site / language / "index.html").read_text(encoding="utf-8"), "lxml")
        toggles = [label.get("title") for label in soup.select("[data-md-component=palette] label")]
        assert DARK_TOGGLE[language] in toggles, (language, toggles)


def test_status_bars_are_named_by_their_column_and_row(built_site: Path) -> None:
    for language in SEARCH_NAMES:
        soup = BeautifulSoup(
            (built_site / language / "translation-status" / "index.html").read_text(encoding="utf-8"), "lxml"
        )
        meters = soup.select('[role="meter"]')
        assert meters, language
        for meter in meters:
            parts = meter["aria-labelledby"].split()
            texts = [soup.find(id=part).get_text(" ", strip=True) for part in parts]
            assert len(texts) == 2 and all(texts), (language, parts)
            assert meter["aria-valuetext"] == f"{meter['aria-valuenow']} %"
        ids = [tag["id"] for tag in soup.select("[id]")]
        assert len(ids) == len(set(ids)), "element ids must be unique on the page"


SETEXT_PAGE = """Set up contacts <a name="setup"></a>
===============

Some text
more text
---

Review the changes
------------------
text

# Close
After closing
-------------

```
Not a heading
-------------
```
"""


def test_setext_and_atx_heading_ids() -> None:
    rendered = render_document(SETEXT_PAGE)
    ids = [heading.id for heading in rendered.headings]
    # CommonMark, as Microsoft writes: "---" under a paragraph makes it a heading, not a rule.
    assert ids == ["setup", "some-text-more-text", "review-the-changes", "close", "after-closing"]
    assert [h.level for h in rendered.headings] == [1, 2, 2, 1, 2]
    assert "<hr>" not in rendered.html and "Not a heading" in rendered.html
    # A translation of the same page gets the English ids.
    czech = SETEXT_PAGE.replace("Set up contacts", "Nastavení kontaktů").replace("Review the changes", "Kontrola změn")
    translated = render_document(czech, heading_ids=ids)
    assert re.findall(r"<h\d id=\"([^\"]+)\">", translated.html) == ids
    assert "Kontrola změn</h2>" in translated.html


def test_setext_headings_get_the_english_ids_in_every_language(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    page = project / "docs" / "en" / "assign-support-contacts.md"
    lines = page.read_text(encoding="utf-8").split("\n")
    at = lines.index('## <a name="next-steps"></a>Next steps')
    assert lines[at + 1] == ""
    lines[at : at + 2] = ["Next steps", "----------"]  # same line count: the catalogs' references still hold
    page.write_text("\n".join(lines), encoding="utf-8")
    site = tmp_path / "site"
    result = subprocess.run(
        [sys.executable, "-m", "docloc", "build", "--project", str(project), "--site-dir", str(site)],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    for language, title in (("", "Next steps"), ("cs", "Další kroky"), ("pl", "Następne kroki")):
        text = (site / language / "assign-support-contacts" / "index.html").read_text(encoding="utf-8")
        heading = BeautifulSoup(text, "lxml").find("h2", id="next-steps")
        assert heading is not None and heading.get_text().startswith(title), (language, heading)


def test_translated_site_texts_are_escaped_where_the_theme_puts_them(tmp_path: Path) -> None:
    """Material writes site_name, copyright and the palette names as raw HTML: a catalog's translation
    reaches the page as text, and may use only the markup its English has (the copyright's licence link)."""
    project = copy_project(tmp_path / "project")
    path = project / "locales" / "cs" / "LC_MESSAGES" / "_ui" / "site.po"
    catalog = read_catalog(path)
    for entry in catalog:
        if entry.msgctxt == "site_name":
            entry.msgstr = 'Průvodci <script>alert(1)</script> & "spol."'
        elif entry.msgctxt == "palette" and entry.msgid == "Switch to dark mode":
            entry.msgstr = 'Tmavý" onmouseover="alert(2)'
        elif entry.msgctxt == "copyright":
            entry.msgstr = entry.msgstr.replace('rel="license"', 'rel="license" onclick="alert(3)"')
        elif entry.msgctxt == "generator":
            entry.msgstr = "<b>Vytvořeno</b> pomocí"
    write_catalog(path, catalog)
    site = tmp_path / "site"
    command = [sys.executable, "-m", "docloc", "build", "--project", str(project), "--site-dir", str(site)]
    result = subprocess.run(command, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert "locales/cs/LC_MESSAGES/_ui/site.po: the translation of" in result.stderr  # the copyright's
    for page in ("index.html", "assign-support-contacts/index.html", "404.html"):
        text = (site / "cs" / page).read_text(encoding="utf-8")
        assert "<script>alert(1)" not in text
        assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;spol.&quot;" in text
        soup = BeautifulSoup(text, "lxml")
        assert soup.select_one(".md-header__topic .md-ellipsis").get_text().strip().startswith("Průvodci <script>")
        assert 'Tmavý" onmouseover="alert(2)' in [label.get("title") for label in soup.select("label[title]")]
        assert not soup.select("[onmouseover], [onclick], .md-copyright b")
        assert "Content: Microsoft Docs contributors" in soup.select_one(".md-copyright").get_text()  # English kept
        assert "&lt;b&gt;Vytvořeno&lt;/b&gt; pomocí" in text
    strict = subprocess.run([*command, "--strict"], capture_output=True, text=True)
    assert strict.returncode == 2 and "_ui/site.po" in strict.stderr


def test_a_writers_index_page_is_the_home_page_in_every_language(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    (project / "docs" / "en" / "index.md").write_text("# Welcome to the guides\n\nStart with any guide.\n", "utf-8")
    for command in (["extract"], ["update"]):
        done = subprocess.run(
            [sys.executable, "-m", "docloc", *command, "--project", str(project)], capture_output=True
        )
        assert done.returncode == 0, done.stderr
    site = tmp_path / "site"
    command = [sys.executable, "-m", "docloc", "build", "--project", str(project), "--site-dir", str(site)]
    assert subprocess.run(command, capture_output=True).returncode == 0
    for language in ("", "cs", "pl"):
        home = BeautifulSoup((site / language / "index.html").read_text(encoding="utf-8"), "lxml")
        assert "Welcome to the guides" in home.select_one("article h1").get_text(), language  # not yet translated
        assert home.select_one("#guides") is None  # docloc's generated home is not written over it


def test_a_broken_link_in_a_translation_is_gated_like_check_fails_on_it(tmp_path: Path) -> None:
    """``[text] (target)`` is no link: ``check --fail-on error`` fails on it, the build shows the English
    sentence and names the entry, and ``--strict`` fails."""
    project = copy_project(tmp_path / "project")
    path = project / "locales" / "cs" / "LC_MESSAGES" / "assign-support-contacts.po"
    english = "This can be used for [multi-partner](multipartner.md) and [multi-channel](multichannel.md) scenarios."
    catalog = read_catalog(path)
    entry = next(e for e in catalog if e.msgid == english)
    entry.msgstr = "To lze použít ve [scénářích s více partnery] (multipartner.md) a [více kanály](multichannel.md)."
    write_catalog(path, catalog)
    line = next(e.linenum for e in read_catalog(path) if e.msgid == english)
    docloc = [sys.executable, "-m", "docloc"]
    check = subprocess.run([*docloc, "check", "--project", str(project), "--fail-on", "error", "--format", "json"],
                           capture_output=True, text=True)  # fmt: skip
    assert check.returncode == 1
    assert any(f["line"] == line and f["severity"] == "error" for f in json.loads(check.stdout)["findings"])
    build = subprocess.run([*docloc, "build", "--project", str(project), "--site-dir", str(tmp_path / "site")],
                           capture_output=True, text=True)  # fmt: skip
    assert build.returncode == 0, build.stderr
    assert f"locales/cs/LC_MESSAGES/assign-support-contacts.po:{line}:" in build.stderr
    page = (tmp_path / "site" / "cs" / "assign-support-contacts" / "index.html").read_text(encoding="utf-8")
    assert "scénářích s více partnery] (" not in page and "multi-partner" in page
    strict = subprocess.run([*docloc, "build", "--project", str(project), "--strict", "--site-dir",
                             str(tmp_path / "strict")], capture_output=True, text=True)  # fmt: skip
    assert strict.returncode != 0 and "Traceback" not in strict.stderr


def test_catalogs_of_a_language_docloc_does_not_list_are_said_once(tmp_path: Path) -> None:
    """Catalogs of de in locales/ (an import stopped before it added de to mkdocs.yml), no de in the configuration:
    check counted them and the build skipped them in silence. The build warns once, naming the folder and what to
    do, so --strict stops."""
    project = copy_project(tmp_path / "project")
    shutil.copytree(project / "locales" / "cs", project / "locales" / "de")
    command = [sys.executable, "-m", "docloc", "build", "--project", str(project)]
    result = subprocess.run([*command, "--site-dir", str(tmp_path / "site")], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    said = "locales/de/LC_MESSAGES: catalogs of de, which docloc's languages in mkdocs.yml do not list"
    assert result.stderr.count(said) == 1 and not (tmp_path / "site" / "de").exists()
    strict = subprocess.run([*command, "--strict", "--site-dir", str(tmp_path / "strict")], capture_output=True)
    assert strict.returncode == 2


def test_a_language_docloc_lists_and_the_i18n_plugin_does_not_is_said(tmp_path: Path) -> None:
    """docloc's languages name de, the i18n plugin's do not: the site has no German pages. The build said nothing
    and exited 0; it warns once (naming what to add), so --strict stops."""
    project = copy_project(tmp_path / "project")
    config = project / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("languages: [cs, pl]", "languages: [cs, pl, de]"))
    command = [sys.executable, "-m", "docloc", "build", "--project", str(project)]
    result = subprocess.run([*command, "--site-dir", str(tmp_path / "site")], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stderr.count("docloc's languages list de, which the i18n plugin's languages do not") == 1
    assert "add '- locale: de'" in result.stderr and not (tmp_path / "site" / "de").exists()
    strict = subprocess.run([*command, "--strict", "--site-dir", str(tmp_path / "strict")], capture_output=True)
    assert strict.returncode == 2


def test_a_home_pages_language_switcher_links_are_relative(built_site: Path) -> None:
    """mkdocs-static-i18n points a home page's switcher at "/cs/", the host's root: wrong under a site_url with a
    path (a project page of GitHub Pages) and from file://. Every other page's links are relative; so are the
    homes' now (the 404 pages keep root links: they are served at any address)."""
    for home, expected in (("index.html", ["./", "cs/", "pl/"]), ("cs/index.html", ["../", "./", "../pl/"])):
        page = (built_site / home).read_text(encoding="utf-8")
        assert re.findall(r'<a href="([^"]*)" hreflang="[^"]*" class="md-select__link"', page) == expected, home


def test_a_translated_title_is_escaped_once_on_the_home_and_status_pages(tmp_path: Path) -> None:
    """The title's translation "A & <B>" read back from the page's front matter (escaped there, as MkDocs keeps
    titles) was escaped again on the home page's list and the status table: readers saw "&amp;"."""
    project = copy_project(tmp_path / "project")
    path = project / "locales" / "cs" / "LC_MESSAGES" / "assign-support-contacts.po"
    catalog = read_catalog(path)
    next(e for e in catalog if e.msgctxt == "title").msgstr = "Přiřazení kontaktů & <podpory>"
    write_catalog(path, catalog)
    site = tmp_path / "site"
    done = subprocess.run([sys.executable, "-m", "docloc", "build", "--project", str(project), "--site-dir", str(site)],
                          capture_output=True, text=True)  # fmt: skip
    assert done.returncode == 0, done.stderr
    for page in ("cs/index.html", "cs/translation-status/index.html"):
        text = (site / page).read_text(encoding="utf-8")
        assert "Přiřazení kontaktů &amp; &lt;podpory&gt;" in text and "&amp;amp;" not in text, page


def test_the_status_page_says_a_page_its_catalog_cannot_be_rebuilt_on_is_published_in_english(tmp_path: Path) -> None:
    """A msgid a translator edited: the page is published in English (the switcher said so) while the status
    page, deciding it again from the coverage alone, showed it at 100 % with no word of it."""
    project = copy_project(tmp_path / "project")
    path = project / "locales" / "pl" / "LC_MESSAGES" / "assign-support-contacts.po"
    path.write_text(path.read_text(encoding="utf-8").replace('msgid "Next steps"', 'msgid "Next Steps"'), "utf-8")
    site = tmp_path / "site"
    done = subprocess.run([sys.executable, "-m", "docloc", "build", "--project", str(project), "--site-dir", str(site)],
                          capture_output=True, text=True)  # fmt: skip
    assert done.returncode == 0, done.stderr
    status = (site / "translation-status" / "index.html").read_text(encoding="utf-8")
    polish = status[status.index('<h2 id="pl">') :]
    czech = status[status.index('<h2 id="cs">') : status.index('<h2 id="pl">')]
    assert "published in English" in polish.split("</tr>")[1] and "published in English" not in czech


def test_build_log_shows_what_catalogs_bring_and_acts_on_none_of_it(tmp_path: Path) -> None:
    """A HOLE: the build's warnings named a catalog and quoted a refused translation raw, on the terminal or
    the CI log of ``docloc build`` and ``mkdocs build``: a catalog named with escape sequences cleared the
    screen, and a line feed in its name started a GitHub workflow command of its own."""
    project = copy_project(tmp_path / "project")
    folder = project / "locales/cs/LC_MESSAGES"
    hostile = "x\n::error title=pwned::owned\x1b]8;;https:evil.example\x1b\\link\x1b[2J\x9b2J\u202egpj"
    (folder / f"{hostile}.po").write_bytes((folder / "assign-support-contacts.po").read_bytes())
    catalog = read_catalog(folder / "assign-support-contacts.po")
    catalog.find("Assign contacts").msgstr = 'Přiřazení <b class="\u202egpj">kontaktů</b>'
    write_catalog(folder / "assign-support-contacts.po", catalog)
    acted_on = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\u2028\u2029]")
    for command in (
        [sys.executable, "-m", "docloc", "build", "--project", str(project), "--site-dir", str(tmp_path / "site")],
        [sys.executable, "-m", "mkdocs", "build", "-f", str(project / "mkdocs.yml"), "-d", str(tmp_path / "plain")],
    ):
        result = subprocess.run(command, capture_output=True, text=True, env={**os.environ, "NO_COLOR": "1"})
        assert result.returncode == 0, result.stderr
        lines = result.stderr.splitlines()
        ours = [line for line in lines if "pwned" in line or "gpj" in line]  # (Material prints a coloured banner)
        assert ours and not [line for line in ours if acted_on.search(line)], ours
        assert not [line for line in lines if line.lstrip().startswith("::")], lines
        assert "x\\x0a::error title=pwned::owned\\x1b]8;;https:evil.example" in result.stderr  # named, escaped
        assert "class=\\u202egpj" in result.stderr  # the refusal quotes it, escaped
