"""The walkthrough's build step: enhance_page on real MkDocs/Material HTML, and its interface catalogs."""

from __future__ import annotations

import html as html_lib
import json
import logging
import re
import shutil
import subprocess
from pathlib import Path

import markdown
import pytest
from bs4 import BeautifulSoup

from docloc.catalog.plural import plural_rule, same_plural_rule
from docloc.catalog.po import catalog_text, parse_po, read_catalog, write_catalog
from docloc.errors import DoclocError
from docloc.locales import plural_forms
from docloc.project import Project
from docloc.site import walkthrough as wt
from docloc.workflows.exporter import localized_article, render_article

ROOT = Path(__file__).resolve().parents[1]
LANGUAGES = ("en", "cs", "pl")
GUIDE = "assign-support-contacts.md"


@pytest.fixture(scope="module")
def project() -> Project:
    return Project.open(ROOT)


def _page_markdown(project: Project, language: str) -> str:
    if language == project.config.source_language:
        return project.english_page(GUIDE).read_text(encoding="utf-8")
    return render_article(localized_article(project, language, GUIDE), "translated")


@pytest.fixture(scope="module")
def material_pages(project: Project, tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """The guide in each language, built by a plain MkDocs + Material site (no docloc plugin)."""
    site = tmp_path_factory.mktemp("material")
    (site / "docs").mkdir()
    for language in LANGUAGES:
        (site / "docs" / f"{language}.md").write_text(_page_markdown(project, language), encoding="utf-8")
    (site / "mkdocs.yml").write_text(
        "site_name: Walkthrough test\ntheme:\n  name: material\nmarkdown_extensions: [admonition, attr_list]\n",
        encoding="utf-8",
    )
    subprocess.run(["mkdocs", "build", "-q", "-f", str(site / "mkdocs.yml")], check=True, capture_output=True)
    return {lang: (site / "site" / lang / "index.html").read_text(encoding="utf-8") for lang in LANGUAGES}


def _data(enhanced: str) -> list[dict]:
    return [json.loads(html_lib.unescape(m)) for m in re.findall(r'data-docloc-walkthrough="([^"]*)"', enhanced)]


def _items(html: str, selector: str) -> list[str]:
    soup = BeautifulSoup(html, "lxml")
    return [" ".join(li.get_text(" ").split()) for li in soup.select(selector)]


def test_the_english_marker_replaced_a_blank_line(project: Project) -> None:
    lines = project.english_page(GUIDE).read_text(encoding="utf-8").split("\n")
    at = lines.index(wt.MARKER)
    assert lines[at - 1].startswith("## ") and "assign-contacts" in lines[at - 1]
    assert lines[at + 1].startswith("1. ")
    # The catalogs' references still land on the list items: line at+2 is the first item.
    po = read_catalog(project.catalog("cs", GUIDE))
    first = next(e for e in po if e.msgid.startswith("Start by"))
    assert int(first.occurrences[0][1]) == at + 2


@pytest.mark.parametrize("language", LANGUAGES)
def test_marker_reaches_every_language(project: Project, material_pages: dict[str, str], language: str) -> None:
    assert wt.MARKER in _page_markdown(project, language)
    assert wt.MARKER in material_pages[language]


@pytest.mark.parametrize("language", LANGUAGES)
def test_enhance_page_wraps_only_the_marked_list(
    project: Project, material_pages: dict[str, str], language: str
) -> None:
    page = material_pages[language]
    enhanced = wt.enhance_page(page, language, project)
    start = enhanced.index('<div class="docloc-wt"')
    end = enhanced.index("</ol></div>", start) + len("</ol></div>")
    # Everything outside the component is byte for byte the page MkDocs rendered.
    assert enhanced[:start] == page[:start]
    assert enhanced[end:] == page[end - len(enhanced) + len(page) :]
    soup = BeautifulSoup(enhanced, "lxml")
    steps = soup.select(".docloc-wt > ol.docloc-wt__list > li.docloc-wt__step")
    assert [li["id"] for li in steps] == ["step-1", "step-2", "step-3", "step-4"]
    assert [li["data-docloc-step"] for li in steps] == ["1", "2", "3", "4"]
    # The items' content is untouched: the note in step 3 and the links are still there.
    before = BeautifulSoup(page, "lxml").select("article ol > li")
    assert [li.decode_contents() for li in steps] == [li.decode_contents() for li in before]
    assert steps[2].find("blockquote") is not None or steps[2].select_one(".admonition") is not None
    assert steps[0].find("a", href=True) is not None
    # Other lists (Next steps) are left alone.
    assert len(soup.select(".docloc-wt")) == 1
    assert soup.select_one("article ul").find_parent(class_="docloc-wt") is None


@pytest.mark.parametrize("language", LANGUAGES)
def test_step_texts_are_the_rendered_articles_list_items(
    project: Project, material_pages: dict[str, str], language: str
) -> None:
    enhanced = wt.enhance_page(material_pages[language], language, project)

    article_html = markdown.markdown(_page_markdown(project, language).split("---\n", 2)[2])
    expected = _items(article_html, "ol > li")
    assert _items(enhanced, ".docloc-wt__step") == expected
    assert len(expected) == 4
    if language == "cs":
        assert expected[0].startswith("Začněte")
    if language == "pl":
        assert "Partner Center" in expected[1] or "Centrum partnerskie" in expected[1]


def test_heading_names_the_walkthrough(project: Project, material_pages: dict[str, str]) -> None:
    (data,) = _data(wt.enhance_page(material_pages["en"], "en", project))
    assert data["labelledby"] == "assign-contacts"
    assert data["steps"] == 4 and data["prefix"] == "step" and data["index"] == 1


@pytest.mark.parametrize(
    ("language", "step_of", "complete"),
    [
        ("en", "Step %(current)d of %(total)d", "You have completed all %(total)d steps."),
        ("cs", "Krok %(current)d ze %(total)d", "Dokončili jste všechny %(total)d kroky."),  # ze 4 (čtyř)
        ("pl", "Krok %(current)d z %(total)d", "Wykonano wszystkie %(total)d kroki."),
    ],
)
def test_interface_strings_come_from_the_catalog_with_plurals_resolved(
    project: Project, material_pages: dict[str, str], language: str, step_of: str, complete: str
) -> None:
    (data,) = _data(wt.enhance_page(material_pages[language], language, project))
    assert data["language"] == language and data["fallback"] == []

    def form(key: str, n: int) -> str:
        message = data["plurals"][key]
        return message["forms"][message["index"][n]]

    assert form("step_of", 4) == step_of
    assert form("complete", 4) == complete
    assert len(data["plurals"]["complete"]["index"]) == data["steps"] + 1
    if language == "en":
        assert data["strings"]["back"] == "Back" and form("complete", 1) == "You have completed the only step."
    else:
        po = read_catalog(project.ui_catalog(language, "walkthrough"))
        assert data["strings"]["back"] == po.find("Back").msgstr != "Back"


def test_czech_z_or_ze_follows_how_the_number_is_read() -> None:
    """Czech "z" becomes "ze" before s, z, š, ž and dv-, tř-, čt- (ze dvou, ze tří, ze čtyř, ze sedmi)."""
    ze = [2, 3, 4, 6, 7, 12, 13, 14, 16, 17, 20, 24, 33, 47, 62, 75, 100, 150, 200, 700, 2000, 12000]
    z = [1, 5, 8, 9, 10, 11, 15, 18, 19, 50, 58, 80, 99, 500, 800, 1000, 1500, 5000, 1000000]
    assert [n for n in ze if not wt.czech_ze(n)] == [] and [n for n in z if wt.czech_ze(n)] == []


@pytest.mark.parametrize(("steps", "expected"), [(4, "Krok 1 ze 4"), (5, "Krok 1 z 5"), (7, "Krok 1 ze 7")])
def test_czech_forms_are_settled_for_the_lists_number_of_steps(project: Project, steps: int, expected: str) -> None:
    data = wt.ui_strings(project, "cs").for_steps(steps)
    step_of, done = data["plurals"]["step_of"], data["plurals"]["steps_done"]
    form = step_of["forms"][step_of["index"][steps]]
    assert form % {"current": 1, "total": steps} == expected
    done_form = done["forms"][done["index"][steps]] % {"done": 2, "total": steps}
    assert f" {expected.split()[2]} {steps} " in done_form  # "Hotovo 2 ze 4 kroků", "Hotovo 2 z 5 kroků"
    # Polish keeps its "z" (z czterech, z siedmiu): the rule is Czech only.
    polish = wt.ui_strings(project, "pl").for_steps(steps)["plurals"]["step_of"]
    assert polish["forms"][polish["index"][steps]] == "Krok %(current)d z %(total)d"


def test_pages_without_the_marker_are_returned_unchanged(project: Project) -> None:
    page = "<html><body><ol><li>one</li></ol></body></html>"
    assert wt.enhance_page(page, "cs", project) is page


def test_a_marker_without_a_numbered_list_is_a_warning(project: Project, caplog: pytest.LogCaptureFixture) -> None:
    page = "<h2 id='x'>Steps</h2>\n<!-- docloc: walkthrough -->\n<ul><li>one</li></ul>"
    with caplog.at_level(logging.WARNING, logger="mkdocs.plugins.docloc.walkthrough"):
        assert wt.enhance_page(page, "en", project) == page
    assert "not directly followed by a numbered list" in caplog.text and "Steps" in caplog.text


def test_nested_lists_and_several_walkthroughs(project: Project) -> None:
    page = (
        '<h2 id="a">A</h2>\n<!-- docloc: walkthrough -->\n<ol start="3"><li>x<ol><li>inner</li></ol></li>'
        "<li>y</li></ol>"
        '<p>between</p><!--docloc: walkthrough--><ol><li class="k">p</li></ol>'
    )
    soup = BeautifulSoup(wt.enhance_page(page, "en", project), "lxml")
    first, second = soup.select(".docloc-wt")
    assert [li["id"] for li in first.select("li.docloc-wt__step")] == ["step-1", "step-2"]
    assert first.select_one("ol ol li").get("id") is None
    assert first.select_one("ol")["start"] == "3"
    assert second.select_one("li")["id"] == "walkthrough-2-step-1"
    assert second.select_one("li")["class"] == ["k", "docloc-wt__step"]
    first_data, second_data = (json.loads(div["data-docloc-walkthrough"]) for div in (first, second))
    assert first_data["labelledby"] == "a" and second_data["labelledby"] is None


def _copy_project(tmp_path: Path) -> Project:
    shutil.copy(ROOT / "mkdocs.yml", tmp_path / "mkdocs.yml")
    shutil.copytree(ROOT / "locales", tmp_path / "locales")
    return Project.open(tmp_path)


def test_fuzzy_and_missing_translations_fall_back_to_english(tmp_path: Path) -> None:
    project = _copy_project(tmp_path)
    path = project.ui_catalog("cs", "walkthrough")
    po = read_catalog(path)
    po.find("Next").flags.append("fuzzy")
    po.find("You have completed the only step.").msgstr_plural[2] = ""
    write_catalog(path, po)
    data = wt.ui_strings(project, "cs").for_steps(6)
    assert data["strings"]["next"] == "Next" and data["strings"]["back"] == "Zpět"
    assert sorted(data["fallback"]) == ["complete", "next"]
    complete = data["plurals"]["complete"]
    assert complete["forms"] == ["You have completed the only step.", "You have completed all %(total)d steps."]
    assert [complete["index"][n] for n in (1, 4, 6)] == [0, 1, 1]  # English rule for the English fallback
    step_of = data["plurals"]["step_of"]
    assert [step_of["index"][n] for n in (1, 4, 5)] == [0, 1, 2]  # Czech rule for the Czech forms


def test_a_plural_rule_that_is_not_c_arithmetic_is_refused(tmp_path: Path) -> None:
    project = _copy_project(tmp_path)
    path = project.ui_catalog("pl", "walkthrough")
    text = path.read_text(encoding="utf-8")
    hostile = "\"Plural-Forms: nplurals=3; plural=__import__('os').system('false');\\n\""
    text = re.sub(r'"Plural-Forms: [^"]*"', lambda _: hostile, text)
    path.write_text(text, encoding="utf-8")
    line = next(i for i, found in enumerate(text.splitlines(), 1) if "__import__" in found)
    with pytest.raises(DoclocError) as caught:
        wt.ui_strings(project, "pl")
    assert str(caught.value).startswith(f"locales/pl/LC_MESSAGES/_ui/walkthrough.po:{line}: Plural-Forms: ")


def test_unknown_placeholders_are_a_located_error(tmp_path: Path) -> None:
    project = _copy_project(tmp_path)
    path = project.ui_catalog("cs", "walkthrough")
    po = read_catalog(path)
    po.find("Step %(current)d of %(total)d").msgstr_plural[1] = "Krok %(aktualni)d z %(total)d"
    po.find("Step %(current)d of %(total)d").flags.remove("python-format")  # else msgfmt --check refuses it first
    write_catalog(path, po)
    line = next(i for i, text in enumerate(path.read_text().splitlines(), 1) if "%(aktualni)d" in text)
    with pytest.raises(DoclocError, match=r"uses %\(aktualni\)d; it may use only %\(current\)d, %\(total\)d") as caught:
        wt.ui_strings(project, "cs")
    assert caught.value.file.endswith("walkthrough.po") and 0 < caught.value.line <= line


def test_markup_in_a_translation_cannot_reach_the_page(tmp_path: Path) -> None:
    project = _copy_project(tmp_path)
    path = project.ui_catalog("cs", "walkthrough")
    po = read_catalog(path)
    po.find("Back").msgstr = '"><script>alert(1)</script><img src=x onerror=alert(2)>'
    write_catalog(path, po)
    enhanced = wt.enhance_page('<h2 id="h">H</h2>\n<!-- docloc: walkthrough -->\n<ol><li>a</li></ol>', "cs", project)
    assert "<script>" not in enhanced and "<img" not in enhanced
    (data,) = _data(enhanced)
    assert data["strings"]["back"] == po.find("Back").msgstr  # kept as text; the script sets textContent


def read_catalog_text(text: str):
    return parse_po(text, "walkthrough.pot")


def test_template_is_in_step_with_the_code() -> None:
    pot = read_catalog(ROOT / "locales/templates/_ui/walkthrough.pot")
    assert [(e.msgid, e.msgid_plural) for e in pot] == [(m.msgid, m.msgid_plural) for m in wt.UI_MESSAGES]
    # the same catalog as the code makes, its Plural-Forms (Babel's English rule) compared by meaning, not spelling
    made = read_catalog_text(catalog_text(wt.template_catalog()))
    assert [str(e) for e in pot] == [str(e) for e in made] and pot.header == made.header
    forms = pot.metadata.pop("Plural-Forms"), made.metadata.pop("Plural-Forms")
    assert same_plural_rule(*forms) and pot.metadata == made.metadata


@pytest.mark.parametrize("language", ["cs", "pl"])
def test_catalogs_are_complete_with_the_languages_plural_forms(project: Project, language: str) -> None:
    po = read_catalog(project.ui_catalog(language, "walkthrough"))
    # by meaning, not by spelling: Babel writes the same CLDR rule differently from one release to the next
    assert same_plural_rule(po.metadata["Plural-Forms"], plural_forms(language))
    nplurals = plural_rule(plural_forms(language))[0]
    assert po.percent_translated() == 100 and not po.fuzzy_entries()
    for message in wt.UI_MESSAGES:
        entry = po.find(message.msgid)
        if message.msgid_plural:
            assert entry.msgid_plural == message.msgid_plural and "python-format" in entry.flags
            assert sorted(entry.msgstr_plural) == list(range(nplurals))
        else:
            assert entry.msgstr


@pytest.mark.parametrize(
    "path",
    [
        "locales/templates/_ui/walkthrough.pot",
        "locales/cs/LC_MESSAGES/_ui/walkthrough.po",
        "locales/pl/LC_MESSAGES/_ui/walkthrough.po",
    ],
)
def test_msgfmt_check_accepts_the_catalogs(path: str) -> None:
    result = subprocess.run(["msgfmt", "--check", "-o", "/dev/null", str(ROOT / path)], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert "error" not in result.stderr
