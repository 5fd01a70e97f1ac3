"""A real corpus article in Chromium, rendered as Microsoft Learn renders it: CommonMark lists and DocFX.

The article (cs-cz, "Locate your Microsoft Partner Network benefits") has a numbered procedure whose
third step holds an image and a note indented by three spaces, and a bulleted sublist indented by
three: Python-Markdown made three lists of it; CommonMark and Learn make one. The English page is
then given what the corpus lacks, at its end (so the catalog's lines stay put): a no-loc text and a
next-step button; and the walkthrough marker in place of the blank line before the procedure. The
page must show one list, the walkthrough every step, the figure, the no-loc text and the button, in
English and Czech, with no request to another host and no serious axe-core violation. Screenshots
go to tests/artifacts/screenshots/corpus-page-{en,cs}.png. Corpus text: Microsoft Docs contributors,
CC BY 4.0.
"""

from __future__ import annotations

import contextlib
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from conftest import ROOT, build_site, serve
from corpus_paths import require_corpus
from docloc.cli import main

ARTICLE = Path("partner-center") / "mpn-find-benefits.md"
SCREENSHOTS = ROOT / "tests" / "artifacts" / "screenshots"
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360f8cfc000000301010018dd8db00000000049454e44ae426082"
)
EXTRA = """
Sign in to :::no-loc text="Partner Center"::: to see them.

> [!div class="nextstepaction"]
> [Associate Microsoft Learn accounts](ms-learn-associate.md)
"""


@pytest.fixture(scope="module")
def corpus_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    source = require_corpus("cs-cz", "bilingual") / ARTICLE
    articles = tmp_path_factory.mktemp("articles")
    (articles / ARTICLE.parent).mkdir(parents=True)
    shutil.copy(source, articles / ARTICLE)
    project = tmp_path_factory.mktemp("project")
    assert main(["import", "--project", str(project), "--jobs", "1", str(articles)]) == 0
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8").replace("# external_base:", "external_base:")
    config.write_text(text, encoding="utf-8")
    page = project / "docs" / "en" / ARTICLE
    lines = page.read_text(encoding="utf-8").split("\n")
    first_step = next(n for n, line in enumerate(lines) if line.startswith("1. "))
    assert lines[first_step - 1] == ""
    lines[first_step - 1] = "<!-- docloc: walkthrough -->"
    page.write_text("\n".join(lines) + EXTRA, encoding="utf-8")
    image = project / "docs" / "en" / "partner-center" / "images" / "benefits" / "expandbenefits.png"
    image.parent.mkdir(parents=True)
    image.write_bytes(PNG)
    site = build_site(project, tmp_path_factory.mktemp("site") / "site")
    server, url = serve(site)
    yield url
    server.shutdown()


@pytest.mark.parametrize("language", ["en", "cs"])
def test_procedure_figure_no_loc_and_button_render_as_on_learn(browser, corpus_site: str, language: str) -> None:
    context = browser.new_context(viewport={"width": 1280, "height": 1000})
    page = context.new_page()
    foreign: list[str] = []
    page.on("request", lambda request: not request.url.startswith(corpus_site) and foreign.append(request.url))
    prefix = "" if language == "en" else f"{language}/"
    page.goto(f"{corpus_site}{prefix}partner-center/mpn-find-benefits/")
    article = page.locator("article")
    # One numbered list of three steps; the sublist, the figure and the note inside their steps.
    procedure = article.locator("ol.docloc-wt__list")
    assert procedure.count() == 1
    assert procedure.locator(":scope > li").count() == 3
    assert procedure.locator(":scope > li").nth(1).locator("ul > li").count() == 7
    third = procedure.locator(":scope > li").nth(2)
    assert third.locator("figure.docloc-figure img").count() == 1
    assert third.locator(".admonition.note").count() == 1
    # The walkthrough covers every step.
    status = page.locator(".docloc-wt__status").inner_text()
    assert "3" in status and "1" in status
    page.locator(".docloc-wt__next").click()
    page.locator(".docloc-wt__next").click()
    assert page.locator(".docloc-wt__step.is-current").get_attribute("data-docloc-step") == "3"
    # The figure loads once its step is shown: it is loading="lazy", and the walkthrough hides the steps
    # after the current one, so before this it may not have been fetched (the load event does not wait for it).
    figure = third.locator("figure img")
    with contextlib.suppress(PlaywrightTimeout):
        page.wait_for_function("img => img.complete && img.naturalWidth > 0", arg=figure.element_handle())
    assert figure.evaluate("img => img.complete && img.naturalWidth > 0")
    page.locator(".docloc-wt__all").click()  # "Show all steps": the whole list again
    # No-loc text and the next-step button; no DocFX syntax anywhere.
    assert "Partner Center" in article.inner_text()
    button = article.locator(".nextstepaction a.md-button")
    assert button.count() == 1 and button.is_visible()
    text = article.inner_text()
    assert ":::" not in text and "[!" not in text
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"corpus-page-{language}.png"), full_page=True)
    page.add_script_tag(path=str(AXE))
    violations = page.evaluate("async () => (await axe.run(document, {resultTypes: ['violations']})).violations")
    blocking = [v["id"] for v in violations if v["impact"] in ("serious", "critical")]
    context.close()
    assert not blocking, blocking
    assert not foreign, foreign
