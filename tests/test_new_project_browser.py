"""A new project, as a user makes one, in headless Debian chromium: every language's interface is its own.

``docloc init`` + ``import`` (two corpus articles, Czech and Polish) + a writer's edits (a
walkthrough marker, the home page's introduction, ``external_base``) + ``extract`` + ``update``
+ a translator's two sentences + ``build``. "No English string" is measured against the English
build: every interface text of a Czech or Polish page (the theme's header, search, navigation
titles, footer, attributes people hear or see as tooltips, docloc's notices, admonition titles,
the walkthrough in each of its states, and the generated pages: home, translation status, 404)
is compared with the same page's English texts and with the English of the interface templates
(strings only other languages show, such as the machine-translation notice's); a text found there
is English left in the page, unless it is the same in both languages by nature
(:data:`SAME_IN_EVERY_LANGUAGE`).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from conftest import build_site, serve
from corpus_paths import require_corpus
from docloc.catalog.po import read_catalog, write_catalog
from docloc.cli import main
from docloc.project import Project
from docloc.site import interface
from docloc.site.ui import INTRO_CONTEXT

ARTICLES = ("add-a-new-customer.md", "request-a-relationship-with-a-customer.md")
GUIDE = "add-a-new-customer/"  # the one with the walkthrough (seven steps)
INTRO = "Guides for Microsoft partners, imported from Microsoft's localized articles."
INTROS = {
    "cs": "Návody pro partnery Microsoftu, převzaté z přeložených článků Microsoftu.",
    "pl": "Przewodniki dla partnerów firmy Microsoft, przejęte z przetłumaczonych artykułów Microsoft.",
}
# Texts that are the same in English and in the page's language by nature: language names in their
# own language, the theme's and the licence's names, numbers.
SAME_IN_EVERY_LANGUAGE = {"English", "Čeština", "Polski", "Material for MkDocs", "CC BY 4.0"}
NUMBERS = re.compile(r"^[\d\s%/.,:+–-]*$")
# The language switcher names each language with its coverage of the page ("Polski · 100 %").
SWITCHER = re.compile(r"^(English|Čeština|Polski) · \d+ %$")
PAGES = {
    "home": "",
    "status": "translation-status/",
    "guide": GUIDE,
    "other guide": "request-a-relationship-with-a-customer/",
}
AXE = Path(__file__).resolve().parent.parent / "node_modules" / "axe-core" / "axe.min.js"

# Interface texts of the page (see the module docstring). ``generated``: the article area is docloc's
# (home, status, 404), so everything in it counts but the links to the guides, whose titles are content.
COLLECT = """(generated) => {
  const lang = document.documentElement.lang;  // (an English fallback marked lang="en" still counts)
  const out = new Set();
  const add = (s) => { s = (s || "").replace(/\\s+/g, " ").trim(); if (s) out.add(s); };
  const inContent = ".admonition-title, .docloc-notice, .docloc-wt__header, .docloc-wt__nav, "
    + ".docloc-wt__actions, .docloc-wt__complete";
  const contentLinks = "table.docloc-status tbody a, .md-content ul a";
  const titles = ".md-nav__link, [data-md-component='header-topic'], .md-footer__title .md-ellipsis";
  // The 404 page holds every language's message and shows the reader's: the others are not this page's.
  const foreign = (el) => {
    const block = el.closest(".docloc-404[lang]");
    return block && block.getAttribute("lang") !== lang;
  };
  const counts = (el) => {
    if (!el || el.closest("script, style, noscript, template, svg") || foreign(el) || el.closest(titles)) return false;
    if (!el.closest(".md-content__inner")) return true;
    if (el.closest(inContent)) return true;
    return generated && !el.closest(contentLinks);
  };
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    if (counts(node.parentElement)) add(node.nodeValue);
  }
  for (const el of document.querySelectorAll("[aria-label], [title], [placeholder], [aria-valuetext]")) {
    if (!counts(el) || el.matches(".md-footer__link")) continue;  // "Previous: <page title>"
    for (const name of ["aria-label", "title", "placeholder", "aria-valuetext"]) add(el.getAttribute(name));
  }
  const title = document.title.split(" - ");
  add(title[title.length - 1]);
  return [...out];
}"""


@pytest.fixture(scope="module")
def new_project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    corpus = {locale: require_corpus(locale, "bilingual", "partner-center") for locale in ("cs-cz", "pl-pl")}
    root = tmp_path_factory.mktemp("new") / "project"
    assert main(["init", str(root), "-q"]) == 0
    for folder in corpus.values():
        assert main(["import", "-q", "-j", "1", "--project", str(root), *(str(folder / a) for a in ARTICLES)]) == 0
    # The writer: a walkthrough of the first guide's steps, the home page's introduction, external links.
    page = root / "docs" / "en" / ARTICLES[0]
    lines = page.read_text(encoding="utf-8").split("\n")
    first = next(i for i, line in enumerate(lines) if line.startswith("1. "))
    assert lines[first - 1] == ""
    lines[first - 1] = "<!-- docloc: walkthrough -->"
    page.write_text("\n".join(lines), encoding="utf-8")
    config = root / "mkdocs.yml"
    text = config.read_text(encoding="utf-8").replace("# external_base:", "external_base:")
    config.write_text(text.replace('# home_intro: "Step-by-step guides for …"', f'home_intro: "{INTRO}"'))
    assert main(["extract", "-q", "--project", str(root)]) == 0
    assert main(["update", "-q", "--project", str(root)]) == 0
    # The translators: the one site text docloc cannot know.
    project = Project.open(root)
    for language, translation in INTROS.items():
        path = project.ui_catalog(language, "site")
        po = read_catalog(path)
        entry = po.find(INTRO, msgctxt=INTRO_CONTEXT)
        assert entry is not None and entry.msgstr == ""
        entry.msgstr = translation
        write_catalog(path, po)
    return build_site(root, root / "site")


@pytest.fixture(scope="module")
def base(new_project: Path) -> Iterator[str]:
    server, url = serve(new_project)
    yield url
    server.shutdown()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    yield page
    context.close()
    assert not errors, errors


def url(base: str, language: str, path: str) -> str:
    return base + ("" if language == "en" else f"{language}/") + path


def interface_texts(page, address: str, generated: bool) -> set[str]:
    """The page's interface texts, the walkthrough's in every state (steps, last step, completed)."""
    page.goto(address)
    page.wait_for_load_state("load")
    texts = set(page.evaluate(COLLECT, generated))
    if page.locator(".docloc-wt--enhanced").count():
        page.locator(".docloc-wt__goto").last.click()  # the last step: "Finish"
        texts |= set(page.evaluate(COLLECT, generated))
        page.locator(".docloc-wt__next").click()  # completed: "You have completed…", "Start again"
        texts |= set(page.evaluate(COLLECT, generated))
        page.locator(".docloc-wt__again").click()
    return texts


@pytest.mark.parametrize("language", ["cs", "pl"])
def test_the_interface_has_no_english_string(page, new_project: Path, base: str, language: str) -> None:
    templates = interface.templates(Project.open(new_project.parent))
    sources = {text for po in templates.values() for e in po for text in (e.msgid, e.msgid_plural) if text}
    leaks: dict[str, list[str]] = {}
    pages = {**PAGES, "404": "404.html"}
    for name, path in pages.items():
        generated = name in ("home", "status", "404")
        english = interface_texts(page, url(base, "en", path), generated)
        mine = interface_texts(page, url(base, language, path), generated)
        assert len(mine) > 15, (name, mine)  # the collector sees the interface
        found = mine & (english | sources)
        same = {t for t in found if t in SAME_IN_EVERY_LANGUAGE or NUMBERS.match(t) or SWITCHER.match(t)}
        left = sorted(found - same)
        if left:
            leaks[name] = left
    assert not leaks, f"English in the {language} interface: {leaks}"


def test_the_new_projects_pages_say_what_they_should(page, base: str) -> None:
    page.goto(url(base, "cs", ""))
    assert page.title() == "Dokumentace"  # the site name alone on the home page
    assert page.locator("article").inner_text().count("CC BY 4.0") == 0  # the footer says it
    assert "CC BY 4.0" in page.locator(".md-copyright").inner_text()
    assert INTROS["cs"] in page.locator("article").inner_text()
    page.goto(url(base, "cs", GUIDE))
    assert page.locator(".docloc-wt__status").inner_text().strip() == "Krok 1 ze 7"  # ze sedmi
    notice = page.locator(".docloc-notice")
    assert notice.locator(".admonition-title").inner_text().strip() == "Strojový překlad"
    titles = set(page.locator(".md-content .admonition-title").all_inner_texts())
    assert {"Poznámka", "Strojový překlad"} <= titles
    page.goto(url(base, "pl", GUIDE))
    assert page.locator(".docloc-wt__status").inner_text().strip() == "Krok 1 z 7"  # z siedmiu


def test_a_restored_step_survives_a_language_switch(page, base: str) -> None:
    english = url(base, "en", GUIDE)
    page.goto(english)
    page.locator(".docloc-wt__next").click()
    page.locator(".docloc-wt__next").click()
    assert page.url.endswith("#step-3")
    page.goto(english)  # no fragment: the step comes from storage and goes into the address
    page.wait_for_selector(".docloc-wt--enhanced")
    assert page.url.endswith("#step-3")
    page.locator(".md-header__option .md-select").first.hover()
    page.locator("a.md-select__link[hreflang='cs']").click()
    page.wait_for_url(re.compile(re.escape(url(base, "cs", GUIDE)) + "#step-3$"))
    page.wait_for_selector(".docloc-wt--enhanced")
    assert page.locator(".docloc-wt__step.is-current").get_attribute("data-docloc-step") == "3"
    assert page.locator(".docloc-wt__status").inner_text().strip() == "Krok 3 ze 7"
    # The notice's link to the English original carries the step too.
    page.locator(".docloc-wt__next").click()
    page.locator(".docloc-notice a").click()
    page.wait_for_url(re.compile(re.escape(english) + "#step-4$"))
    page.wait_for_selector(".docloc-wt--enhanced")
    assert page.locator(".docloc-wt__step.is-current").get_attribute("data-docloc-step") == "4"


# What axe-core audits: the whole of docloc's generated pages; on an article, everything but the
# article's text (Microsoft's translation: its Polish machine translation of add-a-new-customer.md
# has links with no text, "[](multichannel.md)", a content defect reported apart) and, inside it,
# what docloc adds (the notice, the walkthrough, admonition titles).
AUDIT = """async (generated) => {
  const run = (context) => axe.run(context, {resultTypes: ["violations"]});
  if (generated) return (await run(document)).violations;
  const outside = await run({include: [["body"]], exclude: [[".md-content__inner"]]});
  const ours = [".docloc-notice", ".docloc-wt", ".md-content__inner .admonition-title"]
    .filter((selector) => document.querySelector(selector)).map((selector) => [selector]);
  const inside = ours.length ? (await run({include: ours})).violations : [];
  return [...outside.violations, ...inside];
}"""


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_finds_no_serious_violations_on_the_new_projects_pages(browser, new_project: Path, base: str, scheme):
    assert AXE.is_file(), "run 'npm ci' first: the audit loads axe-core from node_modules"
    context = browser.new_context(viewport={"width": 1280, "height": 900}, color_scheme=scheme)
    page = context.new_page()
    found = {}
    pages = sorted(path.relative_to(new_project).as_posix() for path in new_project.rglob("*.html"))
    for relative in pages:
        page.goto(base + relative)
        page.add_script_tag(path=str(AXE))
        generated = not any(article[:-3] in relative for article in ARTICLES)
        violations = page.evaluate(AUDIT, generated)
        blocking = [
            f"{v['id']} at {[n['target'] for n in v['nodes']][:5]}"
            for v in violations
            if v["impact"] in ("serious", "critical")
        ]
        if blocking:
            found[relative] = blocking
    context.close()
    assert len(pages) >= 15 and not found, found
