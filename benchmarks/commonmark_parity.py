"""Structure parity of the built site with CommonMark: an outside truth for how Microsoft's Markdown renders.

    python benchmarks/commonmark_parity.py [--corpus DIR] [--locale cs-cz]... [--limit N] [--show N]

Microsoft writes its articles for DocFX, whose Markdown engine (Markdig) is CommonMark plus
extensions. markdown-it-py's CommonMark preset (raw HTML on, GFM tables on, as Markdig's pipe
tables) is therefore the reference for the article's *structure*: which lists there are (ordered
or not, start number, items, nesting depth), which code blocks (and their text), which tables
(rows x columns) and which images (file names; DocFX ``:::image source="..." :::`` counts as an
image, found by this script's own pattern, never by the renderer under test). Alerts are
blockquotes in CommonMark and admonitions on the site, so quotes and admonitions are not compared.

For every corpus locale: import its bilingual articles into a temporary project, ``docloc build``
the site, then compare each page's ``<article>`` in English (reference: ``docs/en/<name>.md``) and
in the target language (reference: Microsoft's published ``translated/<name>.md``, else the
bilingual file with each segment replaced by its translation). For the target language the
reference is first the Markdown the site generated for the page from its catalog (the renderer's
input, which ``docloc.site.render.render_page`` returns), then, on the "vs Microsoft" line,
Microsoft's published article (which differs where a translation opens a line with what
CommonMark reads as a block marker, such as the date "17. prosince": the site escapes it and
shows text, as in the English; Learn shows an ordered list starting at 17). Also counts pages whose visible
text (outside code blocks) still shows DocFX syntax (``:::`` or ``[!`` and a letter).

The project is built with coverage_threshold 0 (every page in its language, so the renderer is
what is measured) and external_base set (links to articles outside the corpus resolve). Code
text is compared as a reader sees it: trailing spaces and blank lines at either end ignored.
Known limit of the oracle: GFM tables are not quite Markdig's pipe tables (Markdig keeps a
row a CommonMark paragraph would keep, e.g. one starting "2. 1. 2018|", and adds columns for
wider rows); one translated cs-cz table differs for that reason.

Target: 100 % in every match column, 0 pages with DocFX syntax left. Always exits 0.
Corpus text: Microsoft Docs contributors, CC BY 4.0.
"""

from __future__ import annotations

import argparse
import re
import shutil
import sys
import tempfile
from collections.abc import Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlsplit

import lxml.html
import yaml
from markdown_it import MarkdownIt

from _common import CORPUS, run_timed, table
from docloc.project import Project
from docloc.site.render import render_page

LOCALES = ("cs-cz", "de-de", "pl-pl")
ASPECTS = ("lists", "code", "tables", "images")
# Links to articles outside the corpus: the page name already holds the docset folder (partner-center/...).
EXTERNAL_BASE = "https://learn.microsoft.com/{locale}/{slug}"

FRONT_MATTER = re.compile(r"\A\ufeff?---[ \t]*\r?\n(?:.*?\r?\n)?(?:---|\.\.\.)[ \t]*(?:\r?\n|\Z)", re.S)
# A side-by-side segment: the translation, then the English in a hidden sxs-lookup span.
SEGMENT = re.compile(
    r'<span data-ttu-id="[^"]*">(.*?)</span><span class="sxs-lookup"><span data-stu-id="[^"]*">.*?</span></span>',
    re.S,
)
# DocFX's image syntax, left as text by CommonMark: ":::image" then attributes name="value" (double quotes
# only, any order, names case-insensitive), then ":::". Inline or on its own line: DocFX renders both.
# Between two attributes DocFX's TryMatchAttributes skips spaces, zero or more: 'alt-text="x"lightbox="y"' is two.
_DOCFX_ATTRIBUTE = r'[A-Za-z][A-Za-z0-9-]*(?:\s*=\s*"[^"]*")?'
DOCFX_IMAGE = rf""":::image((?:\s+{_DOCFX_ATTRIBUTE}(?:(?:\s+|(?<="))(?:{_DOCFX_ATTRIBUTE}))*)?)\s*:::"""
DOCFX_IMAGE_ATTRIBUTE = re.compile(r"""([A-Za-z][A-Za-z0-9-]*)(?:\s*=\s*"([^"]*)")?""")
DOCFX_IMAGE_ATTRIBUTES = frozenset({"alt-text", "border", "lightbox", "link", "loc-scope", "source", "type"})
DOCFX_LEFT = re.compile(r":::|\[![A-Za-z]")
# Line numbers a code highlighter may add beside or inside a code block (Pygments): not the code's text.
LINE_NUMBERS = frozenset({"linenos", "linenodiv", "lineno"})
IMAGE_MARK = "\ufffc"  # where an <img> stood in the linearised text
# A DocFX image of the reference, found in the Markdown source and kept through rendering as this mark.
DOCFX_MARK = re.compile("\ue000([0-9]+)\ue001")
IMAGES = re.compile(f"{IMAGE_MARK}|{DOCFX_MARK.pattern}")
# Elements that end a line of the visible text (the rest are inline: a, code, em, img, span, strong...).
BLOCK_TAGS = frozenset(
    re.findall(
        r"\w+",
        "address article aside blockquote br details dd div dl dt figcaption figure footer h1 h2 h3 h4 h5 h6 "
        "header hr li main nav ol p section summary table tbody td tfoot th thead tr ul",
    )
)


@dataclass
class Structure:
    """What is compared of one page: lists, code blocks, tables, images; and its text outside code blocks."""

    lists: list[str] = field(default_factory=list)  # "ol3@0", "ol5@1 start 4", "ul2@0": kind, items, depth
    code: list[str] = field(default_factory=list)
    tables: list[str] = field(default_factory=list)  # "rows x columns"
    images: list[str] = field(default_factory=list)  # file names
    text: str = ""


def reference_renderer() -> MarkdownIt:
    """CommonMark with raw HTML, plus GFM tables (Markdig's pipe tables): the reference rendering."""
    return MarkdownIt("commonmark", {"html": True}).enable("table")


def strip_front_matter(text: str) -> str:
    return FRONT_MATTER.sub("", text, count=1).lstrip("\ufeff")


def translated_markdown(bilingual: str) -> str:
    """The target-language article from a side-by-side one: each segment replaced by its translation."""
    return SEGMENT.sub(lambda m: m.group(1), bilingual)


def _text_without_line_numbers(element: lxml.html.HtmlElement) -> str:
    parts = [element.text or ""]
    for child in element:
        if isinstance(child.tag, str) and not LINE_NUMBERS.intersection((child.get("class") or "").split()):
            parts.append(_text_without_line_numbers(child))
        parts.append(child.tail or "")
    return "".join(parts)


def _table_shape(element: lxml.html.HtmlElement) -> str:
    rows = [tr for tr in element.iter("tr") if next(tr.iterancestors("table"), None) is element]
    columns = 0
    for tr in rows:
        cells = [c for c in tr if c.tag in ("td", "th")]
        width = 0
        for cell in cells:
            span = cell.get("colspan", "1")
            width += int(span) if span.isdigit() else 1
        columns = max(columns, width)
    return f"{len(rows)}x{columns}"


def extract(root: lxml.html.HtmlElement, docfx_images: list[tuple[str, str]] | None = None) -> Structure:
    """The structure of rendered article content, in document order.

    ``docfx_images``: for the CommonMark reference, the DocFX images (source text, file) that
    ``mark_docfx_images`` replaced with marks; a mark counts as an image, except in code, where it
    is put back as the text it was. The site under test must render them as ``<img>``.
    """
    images = docfx_images or []

    def unmark(value: str) -> str:
        return DOCFX_MARK.sub(lambda m: images[int(m.group(1))][0], value) if images else value

    found = Structure()
    text: list[str] = []
    sources: list[str] = []

    def walk(element: lxml.html.HtmlElement, depth: int) -> None:
        tag = element.tag if isinstance(element.tag, str) else ""  # comments and processing instructions: ""
        classes = (element.get("class") or "").split() if tag else []
        if tag in ("script", "style") or not tag or LINE_NUMBERS.intersection(classes):
            return
        block = tag in BLOCK_TAGS
        if block:
            text.append("\n")
        if tag == "pre":
            found.code.append(code_text(unmark(_text_without_line_numbers(element))))
            text.append("\n")
            return
        if tag in ("ol", "ul"):
            items = sum(1 for child in element if child.tag == "li")
            start = element.get("start", "1").strip() if tag == "ol" else "1"
            label = f"{tag}{items}@{depth}" + (f" start {start}" if start not in ("1", "") else "")
            found.lists.append(label)
            depth += 1
        elif tag == "table" and "highlighttable" not in classes:  # Pygments' line-number layout is no table
            found.tables.append(_table_shape(element))
        elif tag == "img":
            sources.append(element.get("src", ""))
            text.append(IMAGE_MARK)
        elif tag == "code" and images:  # inline code: DocFX does not read :::image there either
            text.extend(("\n" if block else "", unmark(element.text_content())))
            return
        if element.text:
            text.append(element.text)
        for child in element:
            walk(child, depth)
            if child.tail:
                text.append(child.tail)
        if block:
            text.append("\n")

    walk(root, 0)
    linear = "".join(text)
    pending = iter(sources)
    for match in IMAGES.finditer(linear):
        source = next(pending) if match.group(0) == IMAGE_MARK else images[int(match.group(1))][1]
        found.images.append(file_name(source))
    found.text = unmark(linear.replace(IMAGE_MARK, ""))
    return found


def mark_docfx_images(markdown: str) -> tuple[str, list[tuple[str, str]]]:
    """The Markdown with each DocFX image replaced by a mark CommonMark keeps as text, and the images.

    Found in the source, as DocFX does: rendered text has lost what the attributes held (an alt-text
    with ``&quot;`` would end early). Marks are private-use characters: no Markdown meaning, so the
    structure around them is the one the original text has.
    """
    images: list[tuple[str, str]] = []

    def mark(match: re.Match[str]) -> str:
        source = docfx_image_source(match.group(1))
        if source is None:
            return match.group(0)
        images.append((match.group(0), source))
        return f"\ue000{len(images) - 1}\ue001"

    return re.sub(DOCFX_IMAGE, mark, markdown, flags=re.I), images


def docfx_image_source(attributes: str) -> str | None:
    """The source of a DocFX image, or None where DocFX would not take it for one and leaves the text.

    DocFX's rules (ImageExtension): known attributes only, each once; ``source`` required, and
    ``alt-text`` unless ``type="icon"``.
    """
    found: dict[str, str] = {}
    for name, value in DOCFX_IMAGE_ATTRIBUTE.findall(attributes):
        key = name.lower()
        if key in found or key not in DOCFX_IMAGE_ATTRIBUTES:
            return None
        found[key] = value
    if not found.get("source") or (not found.get("alt-text") and found.get("type") != "icon"):
        return None
    return found["source"]


def code_text(text: str) -> str:
    """A code block's text as a reader sees it: trailing spaces and blank lines at either end do not show."""
    return "\n".join(line.rstrip() for line in text.split("\n")).strip("\n")


def file_name(src: str) -> str:
    """The file name of an image reference, whatever folder the site or the article puts it in."""
    return unquote(urlsplit(src.strip()).path.rsplit("/", 1)[-1])


def site_structure(html_file: Path) -> Structure | None:
    """The structure of the article content of a page Material built, or None when the page is missing."""
    if not html_file.is_file():
        return None
    document = lxml.html.fromstring(html_file.read_bytes())
    articles = document.xpath('//article[contains(concat(" ", normalize-space(@class), " "), " md-content__inner ")]')
    return extract(articles[0]) if articles else None


def reference_structure(markdown: str, renderer: MarkdownIt) -> Structure:
    marked, images = mark_docfx_images(strip_front_matter(markdown))
    root = lxml.html.fragment_fromstring(renderer.render(marked) or "<p></p>", create_parent="div")
    return extract(root, images)


def site_page(site: Path, language: str | None, name: str) -> Path:
    """Where MkDocs (directory URLs) and the i18n plugin (folder per language) put page ``name``."""
    stem = name[: -len(".md")]
    folder, _, base = stem.rpartition("/")
    parts = [folder] if folder else []
    if base not in ("index", "README"):
        parts.append(base)
    return site.joinpath(*([language] if language else []), *parts, "index.html")


def first_difference(site: list[str], reference: list[str]) -> str:
    """One short line: where two sequences first differ."""
    for index, (got, want) in enumerate(zip(site, reference)):
        if got != want:
            at = next((i for i, (a, b) in enumerate(zip(got, want)) if a != b), min(len(got), len(want)))
            if at > 20:  # long texts (code) that differ further on: show where
                start = at - 15
                return f"#{index + 1}, from char {at}: site {_short('…' + got[start:])} vs {_short('…' + want[start:])}"
            return f"#{index + 1}: site {_short(got)} vs CommonMark {_short(want)}"
    index = min(len(site), len(reference))
    extra = site[index] if len(site) > index else reference[index]
    who = "site" if len(site) > index else "CommonMark"
    return f"{len(site)} vs {len(reference)}; first extra ({who}) #{index + 1}: {_short(extra)}"


def _short(value: str, width: int = 50) -> str:
    flat = value.replace("\n", "⏎")
    return repr(flat if len(flat) <= width else flat[: width - 1] + "…")


@dataclass
class Result:
    """One page in one language: which aspects match, what differs, and any DocFX syntax left."""

    name: str
    matches: dict[str, bool]
    differences: dict[str, str]
    docfx_left: str | None
    reference_docfx: bool

    @property
    def all_match(self) -> bool:
        return all(self.matches.values())


def compare(name: str, site: Structure | None, reference: Structure) -> Result:
    matches, differences = {}, {}
    for aspect in ASPECTS:
        want = getattr(reference, aspect)
        got = getattr(site, aspect) if site is not None else None
        matches[aspect] = got == want
        if got is None:
            differences[aspect] = "page not built"
        elif got != want:
            differences[aspect] = first_difference(got, want)
    left = DOCFX_LEFT.search(site.text) if site is not None else None
    docfx_left = None
    if left:
        line_start = site.text.rfind("\n", 0, left.start()) + 1
        docfx_left = site.text[line_start : left.start() + 40].split("\n")[0].strip()
    return Result(name, matches, differences, docfx_left, bool(DOCFX_LEFT.search(reference.text)))


def build_project(corpus: Path, locale: str, work: Path, limit: int | None) -> tuple[Path, float, float]:
    """Import the locale's bilingual articles into a new project under ``work`` and build its site."""
    source = corpus / locale / "bilingual"
    if limit is not None:
        subset = work / "source"
        for path in sorted(source.rglob("*.md"))[:limit]:
            target = subset / path.relative_to(source)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, target)
        source = subset
    project = work / "project"
    command = [sys.executable, "-m", "docloc"]
    imported, _ = run_timed([*command, "import", str(source), "--project", str(project)])
    configure(project / "mkdocs.yml")
    built, _ = run_timed([*command, "build", "--project", str(project), "--site-dir", str(project / "site")])
    return project, imported, built


def configure(config: Path) -> None:
    """Set the docloc plugin's options the comparison needs in the project's mkdocs.yml."""
    settings = yaml.safe_load(config.read_text(encoding="utf-8"))
    entries = [p for p in settings.get("plugins", []) if isinstance(p, dict) and "docloc" in p]
    if not entries:
        sys.exit(f"{config}: no docloc plugin entry")
    options = entries[0]["docloc"] if isinstance(entries[0]["docloc"], dict) else {}
    entries[0]["docloc"] = options
    options["external_base"] = EXTERNAL_BASE
    # Every page rendered in its language, however little of it is translated: the renderer is measured.
    options["coverage_threshold"] = 0
    config.write_text(yaml.safe_dump(settings, allow_unicode=True, sort_keys=False), encoding="utf-8")


def compare_locale(corpus: Path, locale: str, project: Path) -> dict[str, list[Result]]:
    """Results per language (English first) for every page of one corpus locale's project."""
    renderer = reference_renderer()
    english_root = project / "docs" / "en"
    names = sorted(p.relative_to(english_root).as_posix() for p in english_root.rglob("*.md"))
    languages = sorted(p.name for p in (project / "locales").iterdir() if p.is_dir() and p.name != "templates")
    site = project / "site"
    results: dict[str, list[Result]] = {"en": []}
    for name in names:
        reference = reference_structure((english_root / name).read_text(encoding="utf-8-sig"), renderer)
        results["en"].append(compare(name, site_structure(site_page(site, None, name)), reference))
    docloc_project = Project.open(project)
    for language in languages:
        results[language] = []
        results[f"{language} vs Microsoft"] = []
        for name in names:
            built = site_structure(site_page(site, language, name))
            # The same Markdown: the page as the site generated it from the catalog (its renderer's input).
            page = render_page(docloc_project, language, name, 0).markdown
            results[language].append(compare(name, built, reference_structure(_unmarked(page), renderer)))
            # Microsoft's published article: where the site shows a translation that opens a line as text
            # (a Czech date "17. prosince" escaped, as its English is text), Learn shows a list.
            published = corpus / locale / "translated" / name
            if published.is_file():
                markdown = published.read_text(encoding="utf-8-sig")
            else:
                markdown = translated_markdown((corpus / locale / "bilingual" / name).read_text(encoding="utf-8-sig"))
            results[f"{language} vs Microsoft"].append(compare(name, built, reference_structure(markdown, renderer)))
    return results


_SITE_MARKS = str.maketrans("", "", "\ue000\ue001\ue004\ue005")


def _unmarked(markdown: str) -> str:
    """A generated page without the site's private-use marks around English fallbacks (text to the parser)."""
    return markdown.translate(_SITE_MARKS)


def percent(part: int, whole: int) -> str:
    return f"{100 * part / whole:.1f} %" if whole else "n/a"


def report(locale: str, results: dict[str, list[Result]], show: int) -> None:
    rows = [["locale", "lang", "pages", *ASPECTS, "all four", "DocFX left", "(in CommonMark)"]]
    for language, pages in results.items():
        total = len(pages)
        rows.append(
            [
                locale,
                language,
                str(total),
                *(percent(sum(r.matches[a] for r in pages), total) for a in ASPECTS),
                percent(sum(r.all_match for r in pages), total),
                str(sum(r.docfx_left is not None for r in pages)),
                str(sum(r.reference_docfx for r in pages)),
            ]
        )
    print(table(rows))
    if show:
        for language, pages in results.items():
            for result in [r for r in pages if not r.all_match or r.docfx_left][:show]:
                print(f"  {locale} {language} {result.name}")
                for aspect, difference in result.differences.items():
                    print(f"      {aspect}: {difference}")
                if result.docfx_left:
                    print(f"      DocFX left: {_short(result.docfx_left, 70)}")


def locales_present(corpus: Path, wanted: list[str] | None) -> Iterator[str]:
    for locale in wanted or LOCALES:
        if (corpus / locale / "bilingual").is_dir():
            yield locale
        else:
            print(f"{locale}: no {corpus / locale / 'bilingual'}, skipped", file=sys.stderr)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument("--locale", action="append", help=f"corpus locale (repeatable; default {', '.join(LOCALES)})")
    parser.add_argument("--limit", type=int, help="only the first N articles of each locale (a quick run)")
    parser.add_argument("--show", type=int, default=0, help="list the first N mismatching pages per language")
    args = parser.parse_args()
    locales = list(locales_present(args.corpus, args.locale))
    print(f"structure of the site's pages vs markdown-it-py CommonMark (+ tables) of the same Markdown, {args.corpus}")
    print("target: 100 % in every match column, 0 in 'DocFX left'")
    print("(in CommonMark): pages whose reference text shows DocFX syntax, i.e. pages that need DocFX support\n")
    # Sites build one after another in a worker thread while this one compares the last site built.
    with tempfile.TemporaryDirectory(prefix="docloc-parity-") as tmp, ThreadPoolExecutor(max_workers=1) as builder:
        jobs: list[tuple[str, Future[tuple[Path, float, float]]]] = []
        for locale in locales:
            work = Path(tmp) / locale
            work.mkdir()
            jobs.append((locale, builder.submit(build_project, args.corpus, locale, work, args.limit)))
        for locale, job in jobs:
            project, imported, built = job.result()
            print(f"{locale}: import {imported:.1f} s, docloc build {built:.1f} s")
            report(locale, compare_locale(args.corpus, locale, project), args.show)
            print()
            shutil.rmtree(project / "site", ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
