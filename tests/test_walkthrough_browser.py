"""The walkthrough in a real browser (headless Debian chromium), in every language of the built site.

The site, its server and the browser are the session fixtures of tests/conftest.py.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from docloc.project import Project
from docloc.site import walkthrough as wt

ROOT = Path(__file__).resolve().parents[1]
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
SCREENSHOTS = ROOT / "tests" / "artifacts" / "screenshots"
BLOCKING = ("serious", "critical")
STEP_TEXT = """(li) => { const c = li.cloneNode(true);
    c.querySelectorAll('.docloc-wt__actions').forEach(a => a.remove());
    return c.innerText.replace(/\\s+/g, ' ').trim(); }"""


@pytest.fixture(scope="module")
def site(built_site: Path, site_server: str) -> tuple[Path, str]:
    """(site directory, base URL) of the project's site, built by ``docloc build`` (tests/conftest.py)."""
    return Path(built_site), site_server.rstrip("/") + "/"


@pytest.fixture(scope="module")
def chromium(browser):
    return browser


@pytest.fixture(scope="module")
def guide_urls(site: tuple[Path, str]) -> dict[str, str]:
    """Language → URL of every page that has a walkthrough (found in the built HTML, not assumed)."""
    site_dir, base = site
    urls: dict[str, str] = {}
    for path in sorted(site_dir.rglob("*.html")):
        text = path.read_text(encoding="utf-8")
        if "data-docloc-walkthrough=" not in text:
            continue
        lang = BeautifulSoup(text, "lxml").html.get("lang", "")
        relative = path.relative_to(site_dir).as_posix()
        urls.setdefault(lang.split("-")[0], base + re.sub(r"(^|/)index\.html$", r"\1", relative))
    assert sorted(urls) == ["cs", "en", "pl"], urls
    return urls


@pytest.fixture(scope="module")
def strings() -> dict[str, dict]:
    """What each language's interface should say, from the catalogs (via the build's own code)."""
    project = Project.open(ROOT)
    return {lang: wt.ui_strings(project, lang).for_steps(4) for lang in ("en", "cs", "pl")}


def say(strings: dict, key: str, **values: int) -> str:
    if key in strings["strings"]:
        return strings["strings"][key]
    message = strings["plurals"][key]
    form = message["forms"][message["index"][values[message["count"]]]]
    return re.sub(r"%\((\w+)\)d", lambda m: str(values[m.group(1)]), form)


@pytest.fixture
def page(chromium):
    context = chromium.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    yield page
    context.close()
    assert not errors, errors


def open_guide(page, url: str) -> None:
    page.goto(url)
    page.wait_for_selector(".docloc-wt--enhanced")


def current_step(page) -> int:
    return int(page.locator(".docloc-wt__step.is-current").get_attribute("data-docloc-step"))


def status(page) -> str:
    return page.locator(".docloc-wt__status").inner_text().strip()


def tab_to(page, selector: str, key: str = "Tab", limit: int = 80) -> None:
    """Press Tab (or Shift+Tab) until the focus is on ``selector``: the keyboard's own path."""
    for _ in range(limit):
        if page.evaluate("(s) => !!document.activeElement && document.activeElement.matches(s)", selector):
            return
        page.keyboard.press(key)
    raise AssertionError(f"{selector} never got the focus with {key}")


LANGS = ["en", "cs", "pl"]


@pytest.mark.parametrize("lang", LANGS)
def test_complete_the_walkthrough_with_the_keyboard_only(page, guide_urls, strings, lang: str) -> None:
    text = strings[lang]
    open_guide(page, guide_urls[lang])
    assert status(page) == say(text, "step_of", current=1, total=4)
    group = page.locator(".docloc-wt")
    assert group.get_attribute("role") == "group"
    labelled = group.get_attribute("aria-labelledby")
    assert labelled and page.locator(f"#{labelled}").count() == 1
    assert page.locator(".docloc-wt__status").get_attribute("role") == "status"
    # Arrow keys in the step buttons.
    tab_to(page, ".docloc-wt__goto[aria-current='step']")
    page.keyboard.press("ArrowRight")
    assert current_step(page) == 2 and status(page) == say(text, "step_of", current=2, total=4)
    assert page.evaluate("document.activeElement.getAttribute('aria-current')") == "step"
    page.keyboard.press("End")
    assert current_step(page) == 4
    page.keyboard.press("Home")
    assert current_step(page) == 1
    # Done (Space or Enter) and Next (Enter) through every step.
    for step in range(1, 5):
        tab_to(page, ".docloc-wt__step.is-current .docloc-wt__done")
        assert page.evaluate("document.activeElement.innerText").strip().endswith(say(text, "done"))
        page.keyboard.press("Space" if step % 2 else "Enter")
        assert page.locator(".docloc-wt__step.is-current .docloc-wt__done").get_attribute("aria-pressed") == "true"
        tab_to(page, ".docloc-wt__next")
        label = say(text, "finish" if step == 4 else "next")
        assert page.locator(".docloc-wt__next").inner_text().strip() == label
        page.keyboard.press("Enter")
        if step < 4:
            assert current_step(page) == step + 1
    # The completion state has the focus and announces itself.
    assert page.locator(".docloc-wt").get_attribute("data-view") == "complete"
    assert page.evaluate("document.activeElement.classList.contains('docloc-wt__complete')")
    assert status(page) == say(text, "complete", total=4)
    assert page.locator(".docloc-wt__complete-message").inner_text().strip() == say(text, "complete", total=4)
    assert page.locator(".docloc-wt__goto.is-done").count() == 4
    tab_to(page, ".docloc-wt__again")
    assert page.locator(".docloc-wt__again").inner_text().strip() == say(text, "start_again")
    page.keyboard.press("Enter")
    assert current_step(page) == 1 and page.locator(".docloc-wt__goto.is-done").count() == 0
    # Show all steps, and back to one at a time.
    tab_to(page, ".docloc-wt__all")
    page.keyboard.press("Enter")
    assert page.locator(".docloc-wt__all").get_attribute("aria-pressed") == "true"
    assert all(page.locator(".docloc-wt__step").nth(i).is_visible() for i in range(4))
    page.keyboard.press("Space")
    assert page.locator(".docloc-wt__step:visible").count() == 1


def test_focus_is_visible(page, guide_urls) -> None:
    open_guide(page, guide_urls["en"])
    tab_to(page, ".docloc-wt__next")
    outline = page.evaluate(
        "getComputedStyle(document.activeElement).outlineStyle + ' ' + "
        "getComputedStyle(document.activeElement).outlineWidth"
    )
    assert outline.startswith("solid") and not outline.endswith(" 0px")


@pytest.mark.parametrize("lang", LANGS)
def test_reload_finds_the_same_step_and_marks(page, guide_urls, strings, lang: str) -> None:
    open_guide(page, guide_urls[lang])
    page.locator(".docloc-wt__step.is-current .docloc-wt__done").click()
    page.locator(".docloc-wt__next").click()
    page.locator(".docloc-wt__next").click()
    page.locator(".docloc-wt__step.is-current .docloc-wt__done").click()
    assert page.url.endswith("#step-3")
    page.reload()
    page.wait_for_selector(".docloc-wt--enhanced")
    assert current_step(page) == 3 and status(page) == say(strings[lang], "step_of", current=3, total=4)
    assert [b.get_attribute("aria-pressed") for b in page.locator(".docloc-wt__done").all()] == [
        "true",
        "false",
        "true",
        "false",
    ]
    # Without the anchor the stored state still wins over the first step.
    open_guide(page, guide_urls[lang])
    assert current_step(page) == 3
    assert page.locator(".docloc-wt__done-count").inner_text().strip() == say(
        strings[lang], "steps_done", done=2, total=4
    )


@pytest.mark.parametrize("lang", LANGS)
def test_a_step_link_opens_that_step(page, guide_urls, lang: str) -> None:
    open_guide(page, guide_urls[lang] + "#step-3")
    assert current_step(page) == 3
    visible = [page.locator(".docloc-wt__step").nth(i).is_visible() for i in range(4)]
    assert visible == [False, False, True, False]
    assert page.locator(".docloc-wt__goto[aria-current='step']").inner_text().strip() == "3"
    assert page.locator(".docloc-wt").is_visible()
    # Step 3 keeps its note and its link.
    step = page.locator("#step-3")
    assert step.locator("blockquote, .admonition").count() == 1
    assert step.locator("a[href]").count() >= 1


@pytest.mark.parametrize(("lang", "other"), [("en", "cs"), ("cs", "pl"), ("pl", "en")])
def test_switching_language_keeps_the_step(page, guide_urls, strings, lang: str, other: str) -> None:
    open_guide(page, guide_urls[lang])
    page.locator(".docloc-wt__next").click()
    assert page.url.endswith("#step-2")
    switch = page.locator(f"a.md-select__link[hreflang^='{other}']")
    page.locator(".md-header__option .md-select").first.hover()
    switch.first.click()
    page.wait_for_url(re.compile(re.escape(guide_urls[other].split("://", 1)[1]) + "#step-2$"))
    page.wait_for_selector(".docloc-wt--enhanced")
    assert page.evaluate("document.documentElement.lang").startswith(other)
    assert current_step(page) == 2 and status(page) == say(strings[other], "step_of", current=2, total=4)


@pytest.mark.parametrize("lang", LANGS)
def test_without_javascript_the_plain_list_is_shown(chromium, guide_urls, lang: str) -> None:
    context = chromium.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(guide_urls[lang] + "#step-3")
    items = page.locator(".docloc-wt__list > li")
    assert items.count() == 4 and all(items.nth(i).is_visible() for i in range(4))
    assert page.locator(".docloc-wt button, .docloc-wt__header").count() == 0
    assert page.evaluate("getComputedStyle(document.querySelector('.docloc-wt__list > li')).display") == "list-item"
    context.close()


@pytest.mark.parametrize("lang", LANGS)
def test_step_texts_equal_the_rendered_articles_list_items(chromium, page, guide_urls, lang: str) -> None:
    plain_context = chromium.new_context(java_script_enabled=False)
    plain = plain_context.new_page()
    plain.goto(guide_urls[lang])
    expected = [plain.evaluate(STEP_TEXT, li.element_handle()) for li in plain.locator(".docloc-wt__list > li").all()]
    plain_context.close()
    assert len(expected) == 4 and all(expected)
    open_guide(page, guide_urls[lang])
    shown = []
    for step in range(1, 5):
        li = page.locator(".docloc-wt__step.is-current")
        assert current_step(page) == step
        shown.append(page.evaluate(STEP_TEXT, li.element_handle()))
        page.locator(".docloc-wt__next").click()
    assert shown == expected


@pytest.mark.parametrize("lang", LANGS)
def test_printing_shows_every_step(page, guide_urls, lang: str) -> None:
    open_guide(page, guide_urls[lang] + "#step-2")
    page.emulate_media(media="print")
    assert all(page.locator(".docloc-wt__step").nth(i).is_visible() for i in range(4))
    assert not page.locator(".docloc-wt__nav").is_visible() and not page.locator(".docloc-wt__header").is_visible()


def run_axe(page, context: str = "document", scheme: str | None = None) -> list[dict]:
    if not page.evaluate("typeof axe !== 'undefined'"):
        page.add_script_tag(path=str(AXE))
    if scheme:
        page.evaluate("(s) => document.body.setAttribute('data-md-color-scheme', s)", scheme)
    results = page.evaluate(f"async () => (await axe.run({context}, {{resultTypes: ['violations']}})).violations")
    return [
        {"id": v["id"], "impact": v["impact"], "nodes": [n["target"] for n in v["nodes"]][:5]}
        for v in results
        if v["impact"] in BLOCKING
    ]


def test_axe_finds_no_serious_violations_on_any_page(chromium, site) -> None:
    assert AXE.is_file(), "run 'npm ci' first: the audit loads axe-core from node_modules"
    site_dir, base = site
    pages = sorted(p.relative_to(site_dir).as_posix() for p in site_dir.rglob("*.html"))
    assert pages
    context = chromium.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    found: dict[str, list] = {}
    for relative in pages:
        page.goto(base + relative)
        for violation in run_axe(page):
            found.setdefault(relative, []).append(f"{violation['id']} ({violation['impact']}) at {violation['nodes']}")
    context.close()
    assert not found, "axe-core: serious or critical violations\n" + "\n".join(
        f"{page}: {'; '.join(items)}" for page, items in found.items()
    )


@pytest.mark.parametrize("scheme", ["default", "slate"])
@pytest.mark.parametrize("lang", LANGS)
def test_axe_on_the_walkthrough_open_and_closed(chromium, guide_urls, lang: str, scheme: str) -> None:
    context = chromium.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    open_guide(page, guide_urls[lang] + "#step-2")
    page.locator(".docloc-wt__step.is-current .docloc-wt__done").click()
    found = {}
    views = [("step", None), ("all steps", ".docloc-wt__all"), ("one step", ".docloc-wt__all")]
    views += [("complete", ".docloc-wt__goto[data-step='4']"), ("complete", ".docloc-wt__next")]
    for view, click in views:
        if click:
            page.locator(click).click()
        # The component in both palettes (the site's own theme issues are the page-wide audit's).
        violations = run_axe(page, "'.docloc-wt'", scheme=scheme)
        if violations:
            found[view] = violations
    assert page.locator(".docloc-wt").get_attribute("data-view") == "complete"
    context.close()
    assert not found, found


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize(("device", "width", "height"), [("desktop", 1280, 900), ("phone", 390, 844)])
def test_screenshots_at_a_middle_step(chromium, guide_urls, strings, lang, device, width, height) -> None:
    context = chromium.new_context(viewport={"width": width, "height": height}, device_scale_factor=1)
    page = context.new_page()
    open_guide(page, guide_urls[lang] + "#step-3")
    page.locator(".docloc-wt__step.is-current .docloc-wt__done").click()
    page.evaluate("window.scrollTo(0, 0)")  # then scroll down: Material shows 'Back to top' on the way up
    page.wait_for_timeout(100)
    page.evaluate("document.querySelector('.docloc-wt').scrollIntoView({block: 'center'})")
    page.wait_for_timeout(300)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"walkthrough-{lang}-{device}.png"
    page.screenshot(path=str(path))
    assert status(page) == say(strings[lang], "step_of", current=3, total=4)
    box = page.locator(".docloc-wt").bounding_box()
    assert box and box["width"] <= width  # no horizontal overflow on a phone
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    assert path.stat().st_size > 10_000
    context.close()


@pytest.mark.parametrize(("lang", "other"), [("en", "cs"), ("cs", "pl"), ("pl", "en")])
def test_a_step_restored_from_storage_is_in_the_address_and_survives_a_switch(
    page, guide_urls, strings, lang: str, other: str
) -> None:
    open_guide(page, guide_urls[lang])
    assert "#" not in page.url  # an untouched walkthrough leaves the address alone
    page.locator(".docloc-wt__next").click()
    page.locator(".docloc-wt__next").click()
    open_guide(page, guide_urls[lang])  # no fragment: step 3 comes from storage, and into the address
    assert current_step(page) == 3 and page.url.endswith("#step-3")
    page.locator(".md-header__option .md-select").first.hover()
    page.locator(f"a.md-select__link[hreflang^='{other}']").first.click()
    page.wait_for_url(re.compile(re.escape(guide_urls[other].split("://", 1)[1]) + "#step-3$"))
    page.wait_for_selector(".docloc-wt--enhanced")
    assert current_step(page) == 3 and status(page) == say(strings[other], "step_of", current=3, total=4)


@pytest.mark.parametrize("lang", LANGS)
def test_an_anchor_the_reader_followed_is_kept_and_carried(page, guide_urls, lang: str) -> None:
    open_guide(page, guide_urls[lang])
    page.locator(".docloc-wt__next").click()
    assert page.url.endswith("#step-2")
    page.goto("about:blank")  # a new load of the page, not a fragment change
    open_guide(page, guide_urls[lang] + "#next-steps")
    assert current_step(page) == 2 and page.url.endswith("#next-steps")  # restored, the reader's anchor kept
    other = "pl" if lang != "pl" else "cs"
    page.locator(".md-header__option .md-select").first.hover()
    page.locator(f"a.md-select__link[hreflang^='{other}']").first.click()
    page.wait_for_url(re.compile(re.escape(guide_urls[other].split("://", 1)[1]) + "#next-steps$"))
    # Using the walkthrough makes the fragment its own again.
    page.wait_for_selector(".docloc-wt--enhanced")
    page.locator(".docloc-wt__next").click()
    assert re.search(r"#step-\d$", page.url)


@pytest.mark.parametrize("lang", ["cs", "pl"])
def test_the_notices_link_to_the_english_original_carries_the_step(page, guide_urls, strings, lang: str) -> None:
    open_guide(page, guide_urls[lang])
    page.locator(".docloc-wt__next").click()
    link = page.locator(".docloc-notice a[data-docloc-alternate]")
    assert link.get_attribute("href").endswith("#step-2")  # kept in step as the walkthrough moves
    link.click()
    page.wait_for_url(re.compile(re.escape(guide_urls["en"].split("://", 1)[1]) + "#step-2$"))
    page.wait_for_selector(".docloc-wt--enhanced")
    assert current_step(page) == 2 and status(page) == say(strings["en"], "step_of", current=2, total=4)
