"""Link targets across the site: pages, anchors, images and the external map, in every language."""

from __future__ import annotations

import shutil
from pathlib import Path

from docloc.checks.run import check_project, link_findings
from docloc.markdown.links import index_page
from docloc.project import Project

REPO = Path(__file__).resolve().parents[1]

PAGE_A = """\
# Getting started

Read [the second page](b.md#setup) and [the missing one](missing.md).

## <a name="custom-id"></a>Details

![Screen](media/screen.png)
![Gone](media/gone.png)

Go [up](#getting-started), [to details](#custom-id), [nowhere](#no-such-heading), and [out](https://example.com/x).

```
[not a link](nowhere.md)
```
"""

PAGE_B = """\
# Second

<a name="legacy"></a>

## Setup

See [back](a.md#details-that-do-not-exist) and [legacy](#legacy).
"""


def make_project(tmp: Path, external_base: str | None) -> Project:
    extra = f'      external_base: "{external_base}"\n' if external_base else ""
    (tmp / "mkdocs.yml").write_text(
        f"site_name: T\nplugins:\n  - docloc:\n      source_language: en\n      languages: [cs]\n{extra}",
        encoding="utf-8",
    )
    (tmp / "docs" / "en" / "media").mkdir(parents=True)
    (tmp / "docs" / "en" / "a.md").write_text(PAGE_A, encoding="utf-8")
    (tmp / "docs" / "en" / "b.md").write_text(PAGE_B, encoding="utf-8")
    (tmp / "docs" / "en" / "media" / "screen.png").write_bytes(b"\x89PNG\r\n")
    return Project.open(tmp)


def messages(findings) -> set[str]:
    return {f"{f.page.split(':')[0]}|{f.message}" for f in findings}


def test_index_page_reads_links_anchors_and_skips_code():
    index = index_page(PAGE_A)
    targets = [link.target for link in index.links]
    assert "nowhere.md" not in targets
    assert targets[:2] == ["b.md#setup", "missing.md"]
    assert {"getting-started", "custom-id"} <= index.anchors
    assert [link.target for link in index.links if link.image] == ["media/screen.png", "media/gone.png"]
    assert "legacy" in index_page(PAGE_B).anchors


def test_unresolved_links_anchors_and_images_are_reported(tmp_path):
    project = make_project(tmp_path, None)
    found = messages(link_findings(project, []))
    assert (
        "docs/en/a.md|the link 'missing.md' resolves to no page of the site and no external base: correct the "
        "target, or set external_base in mkdocs.yml for articles published elsewhere"
    ) in found
    assert "docs/en/a.md|the image 'media/gone.png' does not exist: add the file or correct the path" in found
    assert (
        "docs/en/a.md|the anchor #no-such-heading is not a heading or anchor of this page: "
        "link to one of its headings or anchors"
    ) in found
    assert (
        "docs/en/b.md|the anchor #details-that-do-not-exist is not a heading or anchor of a.md: "
        "link to one of its headings or anchors"
    ) in found
    assert len(found) == 4  # b.md#setup, #getting-started, #custom-id, #legacy and the image resolve


def test_external_base_resolves_articles_outside_the_site(tmp_path):
    project = make_project(tmp_path, "https://learn.microsoft.com/{locale}/partner-center/{slug}")
    found = messages(link_findings(project, []))
    assert not any("missing.md" in message for message in found)
    assert any("media/gone.png" in message for message in found)  # images never map outside


def test_guide_links_resolve_through_the_external_map_in_every_language(tmp_path):
    for name in ("docs", "locales"):
        shutil.copytree(REPO / name, tmp_path / name)
    shutil.copy(REPO / "mkdocs.yml", tmp_path / "mkdocs.yml")
    project = Project.open(tmp_path)
    assert project.config.options.get("external_base")
    assert link_findings(project, ["cs", "pl"]) == []
    text = (tmp_path / "mkdocs.yml").read_text(encoding="utf-8")
    (tmp_path / "mkdocs.yml").write_text(
        "\n".join(line for line in text.splitlines() if "external_base" not in line) + "\n", encoding="utf-8"
    )
    unmapped = link_findings(Project.open(tmp_path), ["cs", "pl"])
    # A page's own links are reported once, at the English page; the translations keep their targets.
    assert unmapped and {f.language for f in unmapped} == {"en"}
    assert all("resolves to no page" in f.message for f in unmapped)


def test_a_translation_that_changes_a_link_is_refused_at_its_entry(tmp_path):
    make_project(tmp_path, None)
    (tmp_path / "docs" / "en" / "a.md").write_text("# Start\n\nSee [the setup](b.md#setup).\n", encoding="utf-8")
    po = tmp_path / "locales" / "cs" / "LC_MESSAGES" / "a.po"
    po.parent.mkdir(parents=True, exist_ok=True)
    po.write_text(
        'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n"Language: cs\\n"\n\n'
        '#: docs/en/a.md:1\nmsgid "Start"\nmsgstr "Začátek"\n\n'
        '#: docs/en/a.md:3\nmsgid "See [the setup](b.md#setup)."\nmsgstr "Viz [nastavení](b.md#nastaveni)."\n',
        encoding="utf-8",
    )
    findings = check_project(Project.open(tmp_path), ["cs"], jobs=1).findings
    # A translation may not change a link's target (the safety rule): the page shows the English sentence.
    assert not [f for f in findings if f.check == "link-target" and f.language == "cs"]
    refused = [f for f in findings if f.check == "unsafe-markup"]
    assert len(refused) == 1 and "b.md#nastaveni" in refused[0].message
    assert refused[0].file == "locales/cs/LC_MESSAGES/a.po" and refused[0].line == 11
    assert refused[0].page == "docs/en/a.md:3"


def test_a_query_string_on_a_relative_link_is_not_part_of_the_page_name(tmp_path):
    """``other.md?branch=main`` names other.md; with external_base an article elsewhere resolves there, and a
    page of the site resolves with its anchors (the query is the web's, not the file's)."""
    project = make_project(tmp_path, "https://learn.microsoft.com/{locale}/partner-center/{slug}")
    page = project.english_page("a.md")
    page.write_text(
        PAGE_A + "\nSee [b](b.md?tabs=cli#setup), [b wrong](b.md?tabs=cli#nowhere) and [elsewhere](x.md?view=1).\n",
        encoding="utf-8",
    )
    found = messages(link_findings(project, []))
    assert not any("b.md?tabs=cli#setup" in message or "x.md?view=1" in message for message in found)
    assert any("#nowhere is not a heading or anchor of b.md" in message for message in found)


def test_duplicate_and_setext_headings_have_the_sites_ids(tmp_path):
    """Two '## Setup' headings and a setext heading: the link index has the ids the site gives them."""
    text = "# T\n\n## Setup\n\n## Setup\n\nSetext\n------\n\n[a](#setup_1) [b](#setext) [c](#setup_2)\n"
    index = index_page(text)
    assert {"t", "setup", "setup_1", "setext"} <= index.anchors and "setup_2" not in index.anchors


def test_a_file_outside_docs_is_not_on_the_site(tmp_path):
    """MkDocs publishes docs/ alone (and ``docloc check`` replays its last report while docs/ is unchanged)."""
    project = make_project(tmp_path, None)
    (tmp_path / "assets").mkdir()
    (tmp_path / "assets" / "logo.png").write_bytes(b"\x89PNG\r\n")
    (tmp_path / "docs" / "shared.png").write_bytes(b"\x89PNG\r\n")
    page = tmp_path / "docs" / "en" / "b.md"
    links = (
        "![out](../../assets/logo.png) ![top](/../../assets/logo.png) ![docs](../shared.png) ![root](/media/screen.png)"
    )
    page.write_text(PAGE_B + "\n" + links + "\n", encoding="utf-8")
    found = {m for m in messages(link_findings(project, [])) if m.startswith("docs/en/b.md|the image")}
    outside = "is outside docs/, which the site publishes: move the file into docs/"
    assert found == {
        f"docs/en/b.md|the image '../../assets/logo.png' {outside}",
        f"docs/en/b.md|the image '/../../assets/logo.png' {outside}",
    }
