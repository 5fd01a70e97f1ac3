"""The docloc MkDocs plugin without a browser: strict builds, generated pages, the unsafe-markup stop."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import polib

from conftest import ROOT, copy_project
from docloc.site.markdown import alerts_to_admonitions, apply_heading_ids, heading_ids, rewrite_links
from docloc.site.ui import ui_template


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


def test_unsafe_translation_stops_the_build_naming_the_entry(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    path = project / "locales" / "cs" / "LC_MESSAGES" / "assign-support-contacts.po"
    catalog = polib.pofile(str(path))
    entry = next(e for e in catalog if e.msgid == "Next steps")
    entry.msgstr = 'Další kroky<img src=x onerror="alert(1)">'
    catalog.save(str(path))
    line = next(e.linenum for e in polib.pofile(str(path)) if e.msgid == "Next steps")
    result = subprocess.run(
        [sys.executable, "-m", "docloc", "build", "--project", str(project), "--site-dir", str(tmp_path / "site")],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 2
    assert f"locales/cs/LC_MESSAGES/assign-support-contacts.po:{line}:" in result.stderr
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "site" / "cs" / "assign-support-contacts" / "index.html").exists()


def test_alerts_become_admonitions_inside_list_items() -> None:
    text = "1. Step\n\n      >[!NOTE]  \n      >First.    \n    >Second.\n\n2. Next\n> [!Important]\n> Top."
    out = alerts_to_admonitions(text, lambda title: title.upper())
    assert '    !!! note "NOTE"\n\n        First.    \n        Second.\n' in out
    assert '!!! info "IMPORTANT"\n\n    Top.' in out


def test_heading_ids_follow_the_english_page() -> None:
    english = '# <a name="top"></a>Title\n\n## Next steps\n\n```\n# not a heading\n```\n'
    czech = '# <a name="top"></a>Název\n\n## Další kroky\n\n```\n# not a heading\n```\n'
    assert heading_ids(english) == ["top", "next-steps"]
    assert apply_heading_ids(czech, heading_ids(english)).split("\n")[:3] == [
        "# Název {#top}",
        "",
        "## Další kroky {#next-steps}",
    ]


def test_links_outside_the_site_go_to_the_readers_locale() -> None:
    base = "https://learn.microsoft.com/cs-cz/partner-center/{slug}"
    text = "[a](multichannel.md#x) [b](guide.md) [c](../marketplace/y.md) [d](https://example.org/z.md)"
    out = rewrite_links(text, "guide.md", {"guide.md"}, base)
    assert "(https://learn.microsoft.com/cs-cz/partner-center/multichannel#x)" in out
    assert "[b](guide.md)" in out
    assert "(https://learn.microsoft.com/cs-cz/marketplace/y)" in out
    assert "(https://example.org/z.md)" in out


def test_interface_template_and_catalogs_are_in_step() -> None:
    template = polib.pofile(str(ROOT / "locales" / "templates" / "_ui" / "site.pot"))
    expected = ui_template("Partner Center guides")
    assert [(e.msgctxt, e.msgid) for e in template] == [(e.msgctxt, e.msgid) for e in expected]
    for language in ("cs", "pl"):
        path = ROOT / "locales" / language / "LC_MESSAGES" / "_ui" / "site.po"
        catalog = polib.pofile(str(path))
        assert catalog.percent_translated() == 100
        assert subprocess.run(["msgfmt", "--check", "-o", os.devnull, str(path)]).returncode == 0


def test_missing_and_fuzzy_translations_fall_back_to_marked_english(tmp_path: Path) -> None:
    from docloc.project import Project
    from docloc.site.render import render_page

    project_dir = copy_project(tmp_path / "project")
    path = project_dir / "locales" / "cs" / "LC_MESSAGES" / "assign-support-contacts.po"
    catalog = polib.pofile(str(path))
    next(e for e in catalog if e.msgid == "Next steps").msgstr = ""
    next(e for e in catalog if e.msgid.startswith("Review that")).flags.append("fuzzy")
    catalog.save(str(path))
    page = render_page(Project.open(project_dir), "cs", "assign-support-contacts.md", 80)
    assert not page.below_threshold and page.machine_translated
    assert '## <a name="next-steps"></a><span lang="en">Next steps</span>' in page.markdown
    assert '<span lang="en">Review that the changes are correct, and then select **Close**.</span>' in page.markdown
    assert "Přiřazení kontaktů" in page.markdown
