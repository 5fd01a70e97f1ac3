"""The built site in headless Debian chromium: switcher, alerts, notices, banner, search, requests, console."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from conftest import ROOT, build_site, copy_project, serve
from docloc.catalog.po import read_catalog, write_catalog

LANGUAGES = ("en", "cs", "pl")
# page → an anchor present in every language (heading ids are the English ones)
PAGES = {"": "guides", "assign-support-contacts/": "assign-contacts", "translation-status/": "cs"}
NOTE_TITLES = {"en": "Note", "cs": "Poznámka", "pl": "Uwaga"}
SCREENSHOTS = ROOT / "tests" / "artifacts" / "screenshots"


def url_of(base: str, language: str, page: str) -> str:
    return base + ("" if language == "en" else f"{language}/") + page


class Watched:
    """A browser page that records console errors and requests to hosts other than the site's."""

    def __init__(self, page, base: str) -> None:
        self.page = page
        self.host = urlsplit(base).netloc
        self.errors: list[str] = []
        self.foreign: list[str] = []
        page.on("console", lambda message: message.type == "error" and self.errors.append(message.text))
        page.on("pageerror", lambda error: self.errors.append(str(error)))
        page.on("request", self._request)

    def _request(self, request) -> None:
        parts = urlsplit(request.url)
        if parts.scheme in ("http", "https", "ws", "wss") and parts.netloc != self.host:
            self.foreign.append(request.url)


@pytest.fixture
def watched(browser, site_server) -> Iterator[Watched]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    watched = Watched(context.new_page(), site_server)
    yield watched
    context.close()
    assert watched.foreign == [], f"requests left the site: {watched.foreign}"
    assert watched.errors == [], f"console errors: {watched.errors}"


@pytest.mark.parametrize("language", LANGUAGES)
def test_switcher_keeps_page_and_anchor_on_every_page(watched: Watched, site_server: str, language: str) -> None:
    page = watched.page
    for path, anchor in PAGES.items():
        for target in LANGUAGES:
            if target == language:
                continue
            page.goto(url_of(site_server, language, path) + f"#{anchor}")
            assert page.locator(f"#{anchor}").count() == 1, f"{language}/{path} has no #{anchor}"
            page.locator(".md-header__option .md-select").hover()
            page.locator(f'a.md-select__link[hreflang="{target}"]').click()
            page.wait_for_url(re.compile(re.escape(url_of(site_server, target, path)) + "#" + anchor + "$"))
            assert page.evaluate("document.documentElement.lang") == target
            assert page.locator(f"#{anchor}").count() == 1


@pytest.mark.parametrize("language", LANGUAGES)
def test_alert_in_list_item_is_a_titled_admonition(watched: Watched, site_server: str, language: str) -> None:
    page = watched.page
    page.goto(url_of(site_server, language, "assign-support-contacts/"))
    note = page.locator("ol > li .admonition.note")
    assert note.count() == 1, "the [!NOTE] of step 3 must be an admonition inside the list item"
    assert note.locator(".admonition-title").inner_text().strip() == NOTE_TITLES[language]
    assert page.locator("blockquote").count() == 0
    assert "[!NOTE]" not in page.content()


@pytest.mark.parametrize("language", ["cs", "pl"])
def test_machine_translation_notice_links_to_english(watched: Watched, site_server: str, language: str) -> None:
    page = watched.page
    page.goto(url_of(site_server, language, "assign-support-contacts/"))
    notice = page.locator(".docloc-notice--info")
    assert notice.count() == 1
    notice.locator("a").click()
    page.wait_for_url(site_server + "assign-support-contacts/")
    assert page.locator(".docloc-notice--info").count() == 0, "the English page has no machine-translation notice"


def test_external_links_use_the_readers_locale(watched: Watched, site_server: str) -> None:
    page = watched.page
    for language, locale in (("en", "en-us"), ("cs", "cs-cz"), ("pl", "pl-pl")):
        page.goto(url_of(site_server, language, "assign-support-contacts/"))
        hrefs = page.eval_on_selector_all("article a[href*='learn.microsoft.com']", "els => els.map(e => e.href)")
        assert hrefs and all(h.startswith(f"https://learn.microsoft.com/{locale}/partner-center/") for h in hrefs)


@pytest.mark.parametrize(
    ("language", "typed", "expected"),
    [
        ("cs", "přiřazení", "Přiřazení"),
        ("cs", "prirazeni", "Přiřazení"),
        ("pl", "poświadczeń", "poświadczeń"),
        ("pl", "poswiadczen", "poświadczeń"),
        ("en", "reseller", "reseller"),
    ],
)
def test_search_in_the_readers_language_with_or_without_diacritics(
    watched: Watched, site_server: str, language: str, typed: str, expected: str
) -> None:
    page = watched.page
    page.goto(url_of(site_server, language, "assign-support-contacts/"))
    box = page.locator("input.md-search__input")
    box.click()
    box.press_sequentially(typed, delay=20)
    results = page.locator(".md-search-result__item a")
    results.first.wait_for(timeout=10000)
    links = results.evaluate_all("els => els.map(e => e.href)")
    prefix = url_of(site_server, language, "")
    others = [f"{site_server}{lang}/" for lang in LANGUAGES if lang not in ("en", language)]
    assert links, f"no results for {typed!r}"
    for link in links:
        assert link.startswith(prefix) and not any(link.startswith(o) for o in others), f"{link} is not in {language}"
    assert expected.casefold() in page.locator(".md-search-result").inner_text().casefold()


def test_404_page_is_not_stuck_in_one_language(watched: Watched, site_server: str) -> None:
    page = watched.page
    page.goto(site_server + "404.html")
    assert page.locator(".docloc-404[lang=en]").is_visible()
    assert page.locator(".docloc-404[lang=cs]").count() == 1 and page.locator(".docloc-404[lang=pl]").count() == 1
    page.goto(site_server + "cs/404.html")
    assert page.locator(".docloc-404[lang=cs]").is_visible()
    assert page.evaluate("document.documentElement.lang") == "cs"


def test_screenshots_of_the_guide(browser, site_server: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    for label, viewport in (("desktop", {"width": 1280, "height": 900}), ("phone", {"width": 390, "height": 844})):
        context = browser.new_context(viewport=viewport, device_scale_factor=1)
        page = context.new_page()
        for language in LANGUAGES:
            page.goto(url_of(site_server, language, "assign-support-contacts/"))
            path = SCREENSHOTS / f"guide-{language}-{label}.png"
            page.screenshot(path=str(path), full_page=True)
            assert path.stat().st_size > 10_000
        context.close()


@pytest.mark.parametrize("language", LANGUAGES)
def test_home_page_title_and_one_attribution(watched: Watched, site_server: str, language: str) -> None:
    page = watched.page
    page.goto(url_of(site_server, language, ""))
    site_name = page.locator(".md-header__topic").first.inner_text().strip()
    assert page.title() == site_name  # not "Partner Center guides - Partner Center guides"
    assert page.locator("body").inner_text().count("CC BY 4.0") == 1  # the footer's, on every page
    assert page.locator(".md-copyright a[rel=license]").count() == 1
    page.goto(url_of(site_server, language, "translation-status/"))
    assert page.locator(".md-copyright a[rel=license]").count() == 1


@pytest.mark.parametrize("language", LANGUAGES)
def test_status_table_numbers_line_up_under_their_headers(watched: Watched, site_server: str, language: str) -> None:
    page = watched.page
    page.goto(url_of(site_server, language, "translation-status/"))
    table = page.locator("table.docloc-status").first
    aligns = table.evaluate(
        """t => [...t.querySelectorAll('tr')].map(tr => [...tr.children].map(c => getComputedStyle(c).textAlign))"""
    )
    assert all(row[0] in ("left", "start") and set(row[1:]) == {"right"} for row in aligns), aligns
    # Columns apart: each number ends at least 1em before the next column's text begins.
    gaps = table.evaluate(
        """t => [...t.querySelectorAll('tr')].map(tr => { const c = [...tr.children];
             const text = (cell) => { const r = document.createRange(); r.selectNodeContents(cell);
               return r.getBoundingClientRect(); };
             return [text(c[2]).left - text(c[1]).right, text(c[3]).left - text(c[2]).right]; })"""
    )
    assert all(gap >= 16 for row in gaps for gap in row), gaps
    labels = table.locator("tbody th").all_inner_texts()
    total, interface = labels[-2], labels[-1]  # the pages' total, then the interface, apart
    assert table.locator(".docloc-status__total th").inner_text() == total
    assert table.locator(".docloc-status__apart .docloc-status__note").count() == 1 and interface


def test_machine_translation_notice_is_a_titled_admonition_with_its_icon(watched: Watched, site_server: str) -> None:
    page = watched.page
    for language, title in (("cs", "Strojový překlad"), ("pl", "Tłumaczenie maszynowe")):
        page.goto(url_of(site_server, language, "assign-support-contacts/"))
        notice = page.locator(".docloc-notice.admonition.info")
        assert notice.locator(".admonition-title").inner_text().strip() == title
        icon = notice.locator(".admonition-title").evaluate("t => getComputedStyle(t, '::before').maskImage")
        assert icon.startswith("url("), icon
        assert notice.get_attribute("aria-labelledby") == notice.locator(".admonition-title").get_attribute("id")


def test_screenshots_of_the_home_and_status_pages(browser, site_server: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    context = browser.new_context(viewport={"width": 1280, "height": 900}, device_scale_factor=1)
    page = context.new_page()
    for language in ("en", "cs"):
        for name, path in (("home", ""), ("status", "translation-status/")):
            page.goto(url_of(site_server, language, path))
            shot = SCREENSHOTS / f"{name}-{language}.png"
            page.screenshot(path=str(shot), full_page=True)
            assert shot.stat().st_size > 10_000
    context.close()


@pytest.fixture(scope="module")
def under_translated_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The project with most Polish translations removed, so the Polish guide falls below the threshold."""
    project = copy_project(tmp_path_factory.mktemp("under") / "project")
    path = project / "locales" / "pl" / "LC_MESSAGES" / "assign-support-contacts.po"
    catalog = read_catalog(path)
    for entry in catalog[: len(catalog) // 2]:
        entry.msgstr = ""
    write_catalog(path, catalog)
    site = build_site(project, project / "site")
    server, url = serve(site)
    yield url
    server.shutdown()


def test_page_below_threshold_is_english_with_a_banner(browser, under_translated_site: str) -> None:
    context = browser.new_context()
    watched = Watched(context.new_page(), under_translated_site)
    page = watched.page
    page.goto(under_translated_site + "pl/assign-support-contacts/")
    banner = page.locator(".docloc-notice--warning")
    assert banner.count() == 1 and "angielsku" in banner.inner_text()
    assert banner.locator(".admonition-title").inner_text().strip() == "Jeszcze nieprzetłumaczone"
    assert page.evaluate("document.documentElement.lang") == "pl"
    assert page.locator("article div[lang=en] h1").inner_text().startswith("Assign a reseller")
    page.goto(under_translated_site + "cs/assign-support-contacts/")
    assert page.locator(".docloc-notice--warning").count() == 0
    context.close()
    assert watched.foreign == [] and watched.errors == []


def test_screenshot_folder_is_the_documented_one() -> None:
    assert Path("tests/artifacts/screenshots") == SCREENSHOTS.relative_to(ROOT)


AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_finds_no_serious_violations_in_either_palette(browser, built_site: Path, site_server: str, scheme) -> None:
    """axe-core (npm ci) on every page, the palette chosen by the reader's system setting as Material does."""
    assert AXE.is_file(), "run 'npm ci' first: the audit loads axe-core from node_modules"
    context = browser.new_context(viewport={"width": 1280, "height": 900}, color_scheme=scheme)
    page = context.new_page()
    found = {}
    pages = sorted(path.relative_to(built_site).as_posix() for path in built_site.rglob("*.html"))
    for relative in pages:
        page.goto(site_server + relative)
        expected = "slate" if scheme == "dark" else "default"
        assert page.evaluate("document.body.getAttribute('data-md-color-scheme')") == expected, relative
        page.add_script_tag(path=str(AXE))
        violations = page.evaluate("async () => (await axe.run(document, {resultTypes: ['violations']})).violations")
        blocking = [
            f"{v['id']} at {[n['target'] for n in v['nodes']][:5]}"
            for v in violations
            if v["impact"] in ("serious", "critical")
        ]
        if blocking:
            found[relative] = blocking
    context.close()
    assert len(pages) >= 12 and not found, found
