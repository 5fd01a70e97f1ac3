"""The segmenter against Microsoft's own segmentation, and ``docloc extract`` against the import."""

from __future__ import annotations

import os
import shutil
import sys
import time
from collections.abc import Callable
from pathlib import Path
from random import Random

import pytest

from corpus_paths import SHARED_CORPUS, require_corpus
from docloc.catalog.conventions import template_entries, template_messages
from docloc.catalog.pagehash import PAGE_HASH_HEADER, page_hash, recorded_page_hash
from docloc.catalog.po import catalog_text, parse_po, read_catalog
from docloc.cli import main
from docloc.errors import DoclocError, LineIndex, line_starts
from docloc.fileio import read_text
from docloc.formats.english import derive_english_fields, english_page_of, write_english_page
from docloc.formats.sxs import read_bilingual
from docloc.frontmatter import check_translated_fields, split_document
from docloc.markdown.blocks import simple_blocks
from docloc.markdown.parser import parse_blocks
from docloc.markdown.segmenter import (
    block_starts,
    block_tokens,
    parsed_segment_spans,
    segment_page,
    segment_region,
    segment_spans,
)
from docloc.model import source_of
from docloc.project import Project, init_project
from docloc.workflows import extract as extract_module
from docloc.workflows.extract import extract_page, extract_pages
from docloc.workflows.importer import (
    import_article,
    misplaced_segments,
    page_template_entries,
    placed_catalog,
    segment_messages,
    template_catalog,
)
from docloc.workflows.page_template import english_article, page_template, with_new_text

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures" / "corpus"
sys.path.insert(0, str(ROOT / "benchmarks"))

from segmentation import score_article  # noqa: E402


def segments(text: str) -> list[str]:
    return [s.source for s in segment_page(text, "page.md").segments]


def test_sentences_split_inside_a_paragraph_not_after_abbreviations() -> None:
    text = "First sentence. Second one, e.g. with an abbreviation! Third? Yes.\n"
    assert segments(text) == ["First sentence.", "Second one, e.g. with an abbreviation!", "Third?", "Yes."]


def test_no_split_inside_emphasis_or_link_text_but_after_them() -> None:
    text = "Q) **Is it here. Or there?** See [Table 1. Totals](t.md). Then **Done.** Next.\n"
    assert segments(text) == ["Q) **Is it here. Or there?**", "See [Table 1. Totals](t.md).", "Then **Done.**", "Next."]


def test_headings_anchors_and_numbering() -> None:
    text = '## <a name="x"></a>1. Join the network\n\n####<a name="y"></a>Tight heading\n'
    assert segments(text) == ["1. Join the network", "Tight heading"]


def test_lone_link_gives_its_text_and_image_links_stay_whole() -> None:
    text = "- [Billing and invoicing](billing.md)\n\n[![Alt text.](a.png)](a.png#lightbox)\n"
    assert segments(text) == ["Billing and invoicing", "[![Alt text.](a.png)](a.png#lightbox)"]


def test_alerts_lists_and_tables() -> None:
    text = (
        "> [!NOTE]\n> Note body. Second.\n\n"
        "1. Step one.\n2. Step two.\n\n"
        "| Name | Value |\n|---|---|\n| Cell one<br>Cell two | 42 |\n||Empty first|\n"
    )
    assert segments(text) == [
        "Note body.",
        "Second.",
        "Step one.",
        "Step two.",
        "Name",
        "Value",
        "Cell one",
        "Cell two",
        "42",
        "Empty first",
    ]


def test_code_front_matter_directives_urls_and_html_are_skeleton() -> None:
    text = (
        "---\ntitle: A title\n---\n"
        'Text.\n\n```json\n{"key": "Not text."}\n```\n\n    indented code\n\n'
        ':::image type="content" source="a.png" alt-text="x":::\n\n'
        "https://example.com/page\n\n`code only`\n\n<!-- a comment. -->\n\n"
        "<table><tr><td><strong>Cell</strong> text.</td></tr></table>\n"
    )
    article = segment_page(text, "page.md")
    assert [s.source for s in article.segments] == ["Text.", "<strong>Cell</strong> text."]
    assert article.front_matter is not None and article.front_matter.value("title") == "A title"
    assert article.segments[0].line == 4 and article.segments[0].column == 1


def test_segmenting_keeps_every_byte_and_line_ends() -> None:
    text = "\ufeffOne. Two.\r\n\r\n- Three.\r\n"
    article = segment_page(text, "page.md")
    assert article.bom and article.newline == "\r\n"
    assert article.render(lambda s: s.source) == text


def test_line_starts_are_where_each_line_starts() -> None:
    random = Random(17)
    for _ in range(2000):
        text = "".join(random.choice("ab \n") for _ in range(random.randint(0, 16)))
        starts = [0] + [at + 1 for at, char in enumerate(text) if char == "\n"]
        assert line_starts(text) == starts == line_starts(text, text.split("\n"))
        index = LineIndex(text)  # the located errors count lines with the same starts
        assert index.line_count == len(starts)
        assert [index.line_col(offset) for offset in range(len(text) + 1)] == [
            (line, offset - starts[line - 1] + 1)
            for offset in range(len(text) + 1)
            for line in [sum(1 for start in starts if start <= offset)]
        ]


@pytest.mark.parametrize("locale", ["cs-cz", "de-de"])
def test_segments_start_where_the_page_places_them(locale: str) -> None:
    """A page cut afresh gives ``english_page_of`` its segments' lines and columns (``page_template``): they must
    be where counting the page places them, BOM, CRLF and front matter or not."""
    corpus = require_corpus(locale, "translated")
    texts = [path.read_text(encoding="utf-8") for path in sorted(corpus.rglob("*.md"))]
    texts += ["\ufeff---\r\ntitle: T\r\n---\r\nOne. Two.\r\n\r\n- Three.\r\n", "---\nt: x\n---", "A.\n\n# B\n"]
    for number, text in enumerate(texts):
        article = segment_page(text, f"page{number}.md")
        counted = article.segment_positions(source_of, article.front_matter_text())
        assert [(segment.line, segment.column) for segment in article.segments] == counted, number


def test_a_page_with_no_template_is_cut_with_the_synthetic_ids_page_template_needs() -> None:
    """``page_template`` renumbers a page's segments ``s0``, ``s1``, … with no translation, except a page cut
    afresh with no template, which it trusts ``english_article`` to give so numbered."""
    texts = [path.read_text(encoding="utf-8") for path in sorted(FIXTURES.rglob("*.md"))]
    texts += ["\ufeff---\r\ntitle: T\r\n---\r\nOne. Two.\r\n\r\n- Three.\r\n", "---\nt: x\n---", "", "A.\n\n# B\n"]
    for number, text in enumerate(texts):
        article, how = english_article(text, f"page{number}.md", "page.md", "page.md", None, ("title",))
        assert how == "segmenter"
        assert [(s.id, s.target) for s in article.segments] == [(f"s{n}", "") for n in range(len(article.segments))]


def _template_through_polib(project: Project, name: str, text: str) -> str:
    """The reference for ``page_template`` of a page with no template: the import's messages (``segment_messages``,
    with column hints where reading the page back needs them), made polib's entries and written by ``catalog_text``."""
    fields = project.config.translated_fields
    page_file, page_ref = project.relative(project.english_page(name)), project.page_reference(name)
    article = segment_page(text, name, page_file, numbered=True)
    front = article.front_matter
    check_translated_fields(front, fields, page_file)
    english = {key: value for key in fields if front and (value := front.value(key)) and value.strip()}
    page = english_page_of(article, text, front, english)
    imported = any(project.handoff_base(language, name).is_file() for language in project.config.languages)
    _, template = placed_catalog(
        segment_messages(article, page, english, imported),
        lambda found: template_catalog(name, article, found, page_ref, "sha256:x", imported),
        lambda catalog: misplaced_segments(article, page, catalog, page_file, page_ref, fields, ids=False),
        article,
        page,
        page_file,
    )
    return catalog_text(template)


def _or_refusal(make: Callable[..., str], *arguments: object) -> str:
    try:
        return make(*arguments)
    except DoclocError as error:
        return f"refused: {error}"


# Pages of every kind a page cut afresh can be: CRLF and a BOM, no front matter, a title that is also a sentence of
# the page, a sentence given twice and twice on one line (read back with column hints), an entry on many lines,
# characters a PO string escapes, a translated field that is no line of text (refused), nothing to translate.
_PAGES_OF_EVERY_KIND = [
    ("crlf.md", "\ufeff---\r\ntitle: T\r\ndescription: One.\r\n---\r\n# T\r\n\r\nOne. Two.\r\n\r\n- Three.\r\n"),
    ("bare.md", "# Heading\n\nOne. One.\n\nOne.\n\n| One | One |\n|---|---|\n| x | One |\n"),
    ("twice.md", "---\ntitle: Same\n---\n# Same\n\nSame. Same. Same.\n\n> [!NOTE]\n> Same.\n"),
    ("escapes.md", '# A "quoted" \\ heading\n\nTab\there. Form\u2028feed. \u00a0No-break.\n'),
    ("a b/c d.md", "---\ntitle: Spaced\n---\n# Spaced\n\nIn a folder with a blank.\n"),
    ("list.md", "---\ntitle:\n  - not a line\n---\n# List\n"),
    ("empty.md", ""),
    ("code.md", "```\ncode only\n```\n"),
]


@pytest.mark.parametrize("locale", ["cs-cz", "de-de", "pl-pl"])
def test_a_page_with_no_template_gets_the_template_polibs_entries_write(locale: str, tmp_path: Path) -> None:
    """``page_template``'s way for a page cut afresh (its entries grouped in one pass, ``page_template_entries``,
    written by ``po.template_catalog_text``) writes what the import's messages give through polib's entries and
    ``catalog_text``, on the English page of every article of the corpus and on pages of every kind. And the
    grouping gives the entries of an import's messages, translations and their variants included."""
    init_project(tmp_path / "p", ["en", "cs"])
    project = Project.open(tmp_path / "p")
    fields = project.config.translated_fields
    root = require_corpus(locale, "bilingual")
    pages = list(_PAGES_OF_EVERY_KIND)
    for path in sorted(root.rglob("*.md")):
        name = path.relative_to(root).as_posix()
        article = read_bilingual(read_text(path), name, str(path))
        if not article.segments:
            continue
        english = derive_english_fields(article, fields)
        page = write_english_page(article, english, fields)
        messages = template_messages(segment_messages(article, page, english))
        grouped = [
            (context, msgid, comment, tuple(lines)) for context, msgid, comment, lines in template_entries(messages)
        ]
        assert [(*entry[:3], tuple(entry[3])) for entry in page_template_entries(article, page, english)] == grouped
        pages.append((name, page.text))
    assert len(pages) > 300
    for name, text in pages:
        fast = _or_refusal(lambda *page: page_template(*page, None, "sha256:x").text, project, name, text)
        assert fast == _or_refusal(_template_through_polib, project, name, text), name


def test_fixture_articles_reproduce_microsofts_segments() -> None:
    total = matched = 0
    for path in sorted(FIXTURES.glob("*/bilingual/**/*.md")):
        count, hits, _ = score_article(path, path.name)
        total += count
        matched += hits
    assert total > 500
    assert matched / total >= 0.97, f"{matched} of {total}"


@pytest.mark.parametrize("locale", ["cs-cz", "de-de"])
def test_whole_corpus_reproduces_at_least_97_percent(locale: str) -> None:
    root = require_corpus(locale, "bilingual")
    total = matched = 0
    for path in sorted(root.rglob("*.md")):
        count, hits, _ = score_article(path, path.relative_to(root).as_posix())
        total += count
        matched += hits
    print(f"{locale}: {matched}/{total} = {matched / total:.2%}")
    assert matched / total >= 0.97


def _english_body(path: Path) -> str:
    article = read_bilingual(read_text(path), path.name, str(path))
    return split_document(article.render(source_of, article.front_matter_text()), str(path)).body


def _blockwise(body: str) -> list[tuple[int, int]]:
    lines = body.split("\n")
    bounds = [*block_starts(lines), len(lines)]
    starts = line_starts(body)
    return [span for first, end in zip(bounds, bounds[1:]) for span in segment_region(lines, starts, first, end)]


def test_block_starts_skip_fences_raw_html_and_stop_where_unsure() -> None:
    lines = [
        "# Title",  # 0
        "",
        "Text.",  # 2
        "",
        "```",  # 4: a fence with a blank line and text at column 0 inside
        "",
        "not a block",
        "```",
        "",
        "1. One.",  # 9
        "",
        "2. Two.",  # 11: an item of the same list: parses alone as it does in the list
        "",
        "<pre>",  # 13
        "",
        "inside pre",
        "</pre>",
        "",
        "<!-- a comment",  # 18
        "",
        "still the comment -->",
        "",
        "After.",  # 22
        "",
        "- Item",  # 24
        "",
        "   ```",  # a fence in a list item, perhaps: nothing after it is given
        "",
        "Later.",
    ]
    assert block_starts(lines) == [0, 2, 4, 9, 11, 13, 18, 22, 24]
    assert block_starts(lines, until=10) == [0, 2, 4, 9, 11]
    assert block_starts(["<div>", "```", "", "x"]) == [0]  # a fence inside an HTML block is HTML


@pytest.mark.parametrize("locale", ["cs-cz", "de-de"])
def test_cutting_block_by_block_equals_cutting_the_whole_page(locale: str) -> None:
    """Extract re-cuts only the blocks an edit touched: that must cut them as the whole page's parse does."""
    paths = sorted((FIXTURES / locale / "bilingual").rglob("*.md"))
    root = SHARED_CORPUS / locale / "bilingual"
    if root.is_dir():
        paths += sorted(root.rglob("*.md"))
    else:
        print(f"corpus not present at {root}: compared on the bundled articles only")
    differing = [path for path in paths if _blockwise(body := _english_body(path)) != segment_spans(body)]
    print(f"{locale}: {len(paths)} pages cut block by block, {len(differing)} differ from the whole-page cut")
    assert len(paths) >= 3 and differing == []


def _import_fixtures(root: Path) -> Project:
    init_project(root, ["en", "cs"])
    project = Project.open(root)
    source = FIXTURES / "cs-cz" / "bilingual"
    for path in sorted(source.rglob("*.md")):
        name = path.relative_to(source).as_posix()
        article = read_bilingual(read_text(path), name, str(path))
        article.locale = article.locale or "cs-CZ"
        if article.segments:  # a target-language-only file (a TOC) is not a bilingual article
            import_article(project, article, str(path))
    return project


def test_extract_gives_back_the_imported_templates_byte_for_byte(tmp_path: Path) -> None:
    project = _import_fixtures(tmp_path / "p")
    templates = tmp_path / "p" / "locales" / "templates"
    before = {p: p.read_bytes() for p in templates.rglob("*.pot")}
    assert main(["extract", "--project", str(tmp_path / "p")]) == 0
    assert {p: p.read_bytes() for p in templates.rglob("*.pot")} == before
    # Without a template to lean on, the segmenter alone still yields valid templates (the pages';
    # the interface templates, _ui/, are docloc update's).
    shutil.rmtree(templates)
    assert main(["extract", "--project", str(tmp_path / "p")]) == 0
    assert sorted(templates.rglob("*.pot")) == sorted(p for p in before if p.parent.name != "_ui")
    for path in templates.rglob("*.pot"):
        assert len(read_catalog(path)) > 0
    assert project.article_names()


def test_extract_on_every_core_writes_what_one_process_writes(tmp_path: Path, monkeypatch) -> None:
    project = _import_fixtures(tmp_path / "p")
    templates = tmp_path / "p" / "locales" / "templates"
    names = project.article_names()
    monkeypatch.setattr(extract_module, "_POOL_FROM", 2)  # the fixtures are fewer pages than a pool is for
    shutil.rmtree(templates)
    alone = [(name, result.segmentation) for name, result in extract_pages(project, names, workers=1)]
    written = {p: p.read_bytes() for p in templates.rglob("*.pot")}
    shutil.rmtree(templates)
    pooled = [(name, result.segmentation) for name, result in extract_pages(project, names, workers=2)]
    assert pooled == alone and [name for name, _ in pooled] == names  # in order, cut alike
    assert {p: p.read_bytes() for p in templates.rglob("*.pot")} == written
    assert all(result.unchanged for _, result in extract_pages(project, names, workers=2))
    twice = [*names, names[0]]  # a page named twice is extracted twice, as in one process
    assert [name for name, _ in extract_pages(project, twice, force=True, workers=2)] == twice
    assert {p: p.read_bytes() for p in templates.rglob("*.pot")} == written


def test_a_page_named_twice_is_extracted_on_every_core_as_in_one_process(tmp_path: Path, monkeypatch) -> None:
    """Both of its places go to one worker, in order: the second finds the template the first wrote (unchanged),
    as one process finds it; in two workers at once both cut it, and which said "written" was chance."""
    project = _import_fixtures(tmp_path / "p")
    templates = tmp_path / "p" / "locales" / "templates"
    doubled = [name for name in project.article_names() for _ in range(2)]
    monkeypatch.setattr(extract_module, "_POOL_FROM", 2)
    runs = []
    for workers in (1, 2):
        shutil.rmtree(templates)
        runs.append([(name, r.segmentation, r.written) for name, r in extract_pages(project, doubled, workers=workers)])
    assert runs[1] == runs[0]
    assert [segmentation for _, segmentation, _ in runs[0][1::2]] == ["unchanged"] * (len(doubled) // 2)


def _fail_on(
    monkeypatch, victim: str, in_worker: bool, slow_elsewhere: bool = False
) -> Callable[[Project, str, bool, object], object]:
    """``make_template`` failing on ``victim`` (a failure that is no page's error: a bug, a disk that is full) where
    it is made in the forked worker (``in_worker``) or in this process; with ``slow_elsewhere`` the other
    process's pages take a tenth of a second each, so they come in after the failure."""
    here = os.getpid()
    make = extract_module._make_or_error

    def failing(project: Project, name: str, force: bool, held=None):
        in_this_process = os.getpid() == here
        if name == victim and in_this_process != in_worker:
            raise RuntimeError(f"cannot cut {name}")
        if slow_elsewhere and in_this_process == in_worker:
            time.sleep(0.1)
        return make(project, name, force, held)

    monkeypatch.setattr(extract_module, "_make_or_error", failing)
    return failing


def test_an_error_in_a_forked_extract_worker_is_raised_here(tmp_path: Path, monkeypatch) -> None:
    """A failure that is no page's error in the forked worker ends the run in this process with that error, as it
    would in one process, after the pages the worker sent before it."""
    project = _import_fixtures(tmp_path / "p")
    names = project.article_names()
    monkeypatch.setattr(extract_module, "_POOL_FROM", 2)
    monkeypatch.setattr(extract_module, "_AHEAD", 2)  # the worker is given places 0 and 1 first, this process takes 2
    shutil.rmtree(tmp_path / "p" / "locales" / "templates")
    _fail_on(monkeypatch, names[1], in_worker=True)
    given: list[str] = []
    with pytest.raises(RuntimeError, match=f"cannot cut {names[1]}"):
        for name, _ in extract_pages(project, names, workers=2):
            given.append(name)
    assert given == names[:1]


@pytest.mark.parametrize("in_worker", [False, True], ids=["in this process", "in the forked worker"])
def test_an_error_on_every_core_comes_after_every_page_before_it(tmp_path: Path, monkeypatch, in_worker: bool) -> None:
    """A failure that is no page's error ends the run where one process would end it: every page before the
    failing one is given first (its line printed, its own error said) and written, whichever process made it and
    however much later it came in."""
    project = _import_fixtures(tmp_path / "p")
    names = project.article_names()
    assert len(names) >= 6
    monkeypatch.setattr(extract_module, "_POOL_FROM", 2)
    monkeypatch.setattr(extract_module, "_AHEAD", 2)  # the worker is given places 0 and 1 first, this process takes 2
    templates = tmp_path / "p" / "locales" / "templates"
    shutil.rmtree(templates)
    victim = 1 if in_worker else 2
    _fail_on(monkeypatch, names[victim], in_worker, slow_elsewhere=True)
    given: list[str] = []
    with pytest.raises(RuntimeError, match=f"cannot cut {names[victim]}"):
        for name, _ in extract_pages(project, names, workers=2):
            given.append(name)
    assert given == names[:victim]
    assert all(project.template(name).is_file() for name in names[:victim])
    assert not project.template(names[victim]).exists()


def test_extract_finds_a_sentence_added_at_the_end(tmp_path: Path) -> None:
    project = _import_fixtures(tmp_path / "p")
    name = "partner-center/account-structure.md"
    page = project.english_page(name)
    page.write_text(page.read_text() + "\nA brand new closing sentence.\n")
    assert main(["extract", "--project", str(tmp_path / "p")]) == 0
    template = read_catalog(project.template(name))
    assert "A brand new closing sentence." in {e.msgid for e in template}


def test_a_value_yaml_cannot_make_is_a_located_error_with_nothing_written(tmp_path: Path, capsys) -> None:
    """An impossible date in a page's front matter or in mkdocs.yml: ``file:line:col:``, exit 2, no traceback."""
    root = tmp_path / "p"
    project = _import_fixtures(root)
    name = "partner-center/account-structure.md"
    page = project.english_page(name)
    text = page.read_text(encoding="utf-8")
    assert text.startswith("---\n")
    page.write_text(text.replace("---\n", "---\nms.date: 2021-02-30\n", 1), encoding="utf-8")
    templates = {p: p.read_bytes() for p in (root / "locales").rglob("*.po*")}
    capsys.readouterr()
    assert main(["extract", "--project", str(root)]) == 2
    err = capsys.readouterr().err
    assert f"{name}:2:10: broken front matter: YAML cannot read this value (day is out of range" in err
    assert "Traceback" not in err and "internal error" not in err
    assert {p: p.read_bytes() for p in (root / "locales").rglob("*.po*")} == templates
    page.write_text(text, encoding="utf-8")
    config = root / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8") + "extra:\n  released: 2021-02-30\n", encoding="utf-8")
    line = config.read_text(encoding="utf-8").count("\n")
    for command in ("extract", "check"):
        assert main([command, "--project", str(root)]) == 2
        err = capsys.readouterr().err
        assert f"mkdocs.yml:{line}:13: YAML cannot read this value" in err and "Traceback" not in err


def test_a_page_that_cannot_be_read_is_its_own_error_and_the_others_are_extracted(tmp_path: Path) -> None:
    """``extract_pages`` given a page that is gone (removed after it was listed): that page's located error,
    not an exception that ends the run; the pages around it are extracted."""
    project = _import_fixtures(tmp_path / "p")
    names = project.article_names()
    assert len(names) >= 2
    results = dict(extract_pages(project, [names[0], "gone/missing.md", names[1]], force=True, workers=1))
    error = results["gone/missing.md"]
    assert isinstance(error, DoclocError)
    assert str(error).startswith(project.relative(project.english_page("gone/missing.md")) + ": cannot read the")
    assert all(not isinstance(results[name], DoclocError) for name in names[:2])


def test_a_folder_where_a_template_should_be_is_named_in_the_error(tmp_path: Path, capsys) -> None:
    """Reading a template's recorded page hash from a folder: the error names the folder, as ``open`` would."""
    project = _import_fixtures(tmp_path / "p")
    name = project.article_names()[0]
    template = project.template(name)
    template.unlink()
    template.mkdir()
    capsys.readouterr()
    assert main(["extract", "--project", str(tmp_path / "p")]) == 2
    err = capsys.readouterr().err
    assert f"{template}: Is a directory" in err and "Traceback" not in err


def test_extract_on_a_folder_that_is_no_project_is_a_clear_error(tmp_path: Path, capsys) -> None:
    assert main(["extract", "--project", str(tmp_path)]) == 2
    assert "not a docloc project" in capsys.readouterr().err


def test_a_writers_own_page_is_not_said_to_be_microsofts(tmp_path: Path, capsys) -> None:
    """A page a writer wrote got a template and catalogs saying 'Imported by docloc from a Microsoft side-by-side
    article', 'Content: Microsoft Docs contributors, licensed CC BY 4.0' and, on its title, 'the article has no
    English title'; an imported page keeps saying so."""
    project = _import_fixtures(tmp_path / "p")
    imported = project.template("partner-center/account-structure.md").read_text(encoding="utf-8")
    page = project.english_page("own.md")
    page.write_text("---\ntitle: Our own page\n---\n# Our own page\n\nA writer wrote this.\n", encoding="utf-8")
    assert main(["extract", "--force", "--project", str(tmp_path / "p")]) == 0
    assert main(["update", "--project", str(tmp_path / "p")]) == 0
    template = read_catalog(project.template("own.md"))
    catalog = read_catalog(project.catalog("cs", "own.md"))
    for said in (template.header, catalog.header):
        assert "Microsoft" not in said and "CC BY" not in said
    title = next(e for e in template if e.msgctxt == "title")
    assert title.comment == "Front matter 'title' (page metadata)."
    assert project.template("partner-center/account-structure.md").read_text(encoding="utf-8") == imported
    assert "Microsoft Docs contributors" in imported and "which has no English title" in imported


def test_extract_takes_a_page_by_its_path_as_the_shell_completes_it(tmp_path: Path, capsys, monkeypatch) -> None:
    """'docloc extract docs/en/x.md' (the file the writer edited) read the name as docs/en/docs/en/x.md."""
    project = _import_fixtures(tmp_path / "p")
    name = "partner-center/account-structure.md"
    page = project.english_page(name)
    page.write_text(page.read_text(encoding="utf-8") + "\nA writer added this sentence.\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path / "p")
    capsys.readouterr()
    assert main(["extract", f"docs/en/{name}"]) == 0
    assert "extracted 1 of 1 page" in capsys.readouterr().out
    assert "A writer added this sentence." in {e.msgid for e in read_catalog(project.template(name))}
    monkeypatch.chdir(tmp_path)  # from elsewhere, with --project: the page's path from here
    assert main(["extract", "--project", "p", f"p/docs/en/{name}", name]) == 0
    assert "0 templates written" in capsys.readouterr().out


def test_extract_skips_unedited_pages_by_hash_and_re_extracts_an_edited_one(tmp_path: Path, capsys) -> None:
    project = _import_fixtures(tmp_path / "p")
    templates = tmp_path / "p" / "locales" / "templates"
    before = {p: (p.read_bytes(), p.stat().st_mtime_ns) for p in templates.rglob("*.pot") if p.parent.name != "_ui"}
    name = "partner-center/account-structure.md"
    page = project.english_page(name)
    old_hash = recorded_page_hash(project.template(name))
    fields = project.config.translated_fields
    assert old_hash == page_hash(page.read_bytes(), project.page_reference(name), fields)
    # A sentence appended to a paragraph in the middle of the page: every known segment is still
    # on its line, so only the hash and the segmenter notice the change.
    known = "Your company has two levels of accounts in Partner Center."
    text = page.read_text(encoding="utf-8")
    assert text.count("\n" + known + "\n") == 1
    page.write_bytes(text.replace("\n" + known + "\n", "\n" + known + " A writer added this sentence.\n").encode())
    capsys.readouterr()
    assert main(["extract", "--project", str(tmp_path / "p")]) == 0
    out = capsys.readouterr().out
    assert f"{len(before) - 1} pages unchanged" in out and "1 template written" in out
    after = {p: (p.read_bytes(), p.stat().st_mtime_ns) for p in templates.rglob("*.pot")}
    edited = project.template(name)
    assert {p for p in before if before[p] != after[p]} == {edited}  # the others not even rewritten
    template = read_catalog(edited)
    assert {"A writer added this sentence.", known} <= {e.msgid for e in template}
    new_hash = template.metadata[PAGE_HASH_HEADER]
    assert new_hash != old_hash and new_hash == page_hash(page.read_bytes(), project.page_reference(name), fields)
    assert extract_page(project, name).unchanged
    # Forcing re-reads every page: every entry the import wrote is still there (the segmenter may
    # add text Microsoft left out on a line it segmented, which it cannot tell from added text).
    assert main(["extract", "--project", str(tmp_path / "p"), "--force"]) == 0
    for path, (data, _) in after.items():
        old_ids = {e.msgid for e in parse_po(data, str(path))}
        assert old_ids <= {e.msgid for e in read_catalog(path)}


def test_with_new_text_recuts_only_where_words_were_added() -> None:
    body = "Known one. A new one.\n\nUse the portal or the API\n\nSame here.\n"
    known = [(0, 10), (23, 37), (50, 60)]  # "Known one.", "Use the portal", "Same here."
    spans, changed = with_new_text(body, known)
    assert changed
    assert [body[s:e] for s, e in spans] == ["Known one.", "A new one.", "Use the portal or the API", "Same here."]
    unchanged = "Known one.\n\n```\ncode\n```\n"
    assert with_new_text(unchanged, [(0, 10)]) == ([(0, 10)], False)
    # Skeleton around known segments (list markers, link destinations, anchors) is no new text.
    skeleton = '## <a name="x"></a>Title\n\n1. [Guide](guide.md)\n'
    assert with_new_text(skeleton, [(19, 24), (30, 35)]) == ([(19, 24), (30, 35)], False)


def test_extract_changes_only_what_the_writer_added(tmp_path: Path) -> None:
    """An appended sentence adds one entry; every other entry, and its line, stays as imported."""
    project = _import_fixtures(tmp_path / "p")
    edited = 0
    for name in project.article_names():
        template = project.template(name)
        before = {(e.msgctxt, e.msgid): e.occurrences for e in read_catalog(template)}
        page = project.english_page(name)
        text = page.read_text(encoding="utf-8")
        lines = text.split("\n")
        # the last line ending a sentence, after the front matter: a sentence appended to it
        sentences = [n for n, line in enumerate(lines) if line.endswith(".") and not line.startswith(("title", "desc"))]
        if not sentences:
            continue  # a table of contents
        number = sentences[-1]
        edited += 1
        lines[number] += " Writers add sentences like this one."
        page.write_text("\n".join(lines), encoding="utf-8")
        result = extract_page(project, name)
        assert result.written and result.segmentation == "template+segmenter", name
        after = {(e.msgctxt, e.msgid): e.occurrences for e in read_catalog(template)}
        added = {key: value for key, value in after.items() if key not in before}
        assert list(added) == [(None, "Writers add sentences like this one.")], name
        assert added[(None, "Writers add sentences like this one.")][0][1] == str(number + 1), name
        assert {key: value for key, value in after.items() if key in before} == before, name
    assert edited >= 3


SHORTCUT_CASES = [
    "# Title\n\nText. More text\ncontinued.\n\n- One.\n- Two.\n\n1. First.\n2) Second.\n",
    "| a | b |\n|---|:-:|\n| c | d |\n\nAfter.\n",
    "a | b\n--|--\nc | d\n",
    "Text\n===\n\nText\n---\n\n***\n\n- - -\n",
    "#Tight\n\n####### seven\n\n## Closed ##\n\n## # \n",
    "**Bold** start.\n*emph* start\n_x_ and __y__\n\n* bullet\n",
    "Para\n    indented continuation\n\n    code\n",
    "2020. A year.\n\n1234567890. Not a list.\n\n10) Ten.\n",
    '```\ncode. Not text.\n```\n\n~~~ lang\n~~~\n\n:::image type="content" source="a.png" alt-text="Alt.":::\n',
    "- One\n  continued\n- Two\n\n   - three\n",
    "Line\twith tab\n\tTabbed\n \tmixed\n",
    "Text\r\nwith CR\r\n",
    "> quote\n\n<div>\nhtml\n</div>\n\n[ref]: http://x\n",
    "[!NOTE]\n> [!TIP]\n> Tip text.\n",
    "A | pipe in text.\n\n|not|a table\n",
    "[Link](x.md) starts a paragraph.\n[Another](y.md) line.\n\n- [Item](z.md)\n- [Item two](w.md) | pipe\n",
    "[ref]: http://x\n\n[ref2]:\n  http://y\n\n[a\\]b]: /c\n\n[[nested]](x)\n\n[ref3]\n\n[label\nspan]: /x\n",
    '[!div class="nextstepaction"]\n[Next](n.md)\n\n[!INCLUDE [x](y.md)]\n\n[!VIDEO https://v]\n\n[![i](a.png)](b)\n',
    "`code` starts.\n``two`` ticks.\n```\nfence\n```\n\n~tilde\n~~~\nfenced\n~~~\n",
    "Text\n```\nfence\n```\n\n- `code` item\n- ```\n",
    "Pipes a | b\nc | d\n|---|---|\n\nx | y\n  |---|---|\n\nA | B\n    |---|\n\nE | F\n- | -\n\nG | H\n:-|-:\n",
    "- a | b\n|---|---|\n\n- c | d\n  |---|---|\n\n1. e | f\n   |---|---|\n",
    "## Head | ing\n|---|---|\n\nWord | word\n===\n",
    "1. Step one.\n\n   More about it. Two sentences.\n\n   - Sub item.\n   - Another.\n\n"
    "   ## Heading\n2. Step two.\n",
    "- Item\n  continued\n  | a | b |\n  |---|---|\n  | c | d |\n- Next\n\n  > quote\n",
    "1. A\n   ```\n   code. Not text.\n   ```\n2. B\n   ```\n   open\n\n   still code\n3. C\n",
    "-   Wide item\n\n    Its paragraph.\n\n        code in it\n\n- Item\n lazy line\n- x\n\n"
    "  <div>\n\n  html\n  </div>\n",
    '1. Step.\n\n   :::image type="content" source="a.png" alt-text="Alt.":::\n\n   Text\n   ===\n\n10) Ten\n    a\n',
    "- a\n\tb\n- c\n\n   d\n- e\n \n  f\n",
    "`code` starts.\n``two`` ticks.\n\n~tilde start\n",
    "- Item\n\n  | a | b |\n  |---|---|\n  | c | d |\n- Next.\n\n  1. Sub. More.\n\n     Its text.\n",
    # block quotes and DocFX alerts
    "> [!NOTE]\n> Text. More.\n\n> [!NOTE] Inline text.\n> continued\n\n> [!TIP]\n>\n> After blank.\n",
    ">[!WARNING]\n>No space.\n\n> [!note]\n> lower case\n\n> [!NOTE]\n\n> [!CAUTION]  \n>    \n",
    "> [!NOTE]\n> Text\nlazy line\n",
    "> [!NOTE]\n> Text\n> - item\n> - item2\n",
    "> [!NOTE]\n> - item\n",
    "> [!NOTE]\n>     code after the marker\n\n>\ttab\n\n>  two spaces\n>   three\n",
    "  > indented quote\n   > more\n\n> quote\n    > deep\n\n> > [!NOTE]\n> > nested\n",
    "> text\n>\n> [!NOTE] not first\n",
    "> [!NOTE]\n> # Heading\n",
    '> [!div class="x"]\n> text\n',
    "> [!NOTE]\n> Text | with pipe\n> |---|---|\n\n> a | b\n|---|---|\n\n> [!TIP]x\n\n> [!TIP]\n> A.\n>\n> B.\n",
    "   > [!NOTE]\n   > Indented.\n",
    ">\n> [!NOTE]\n> after an empty line\n",
    "> [!NOTE]\n> x\n===\n",
    "> [!NOTE]\n> Text\n    > deep line\n",
    '> [!NOTE]\n> Text.\n>\n> :::image type="content" source="a.png" alt-text="A.":::\n>\n> 1. Step.\n> 2. Step.\n',
    "> [!IMPORTANT]\n> One.\n>\n>     code\n",
    # lists interrupting a paragraph, items indented, item content indented after a blank line
    "Para:\n- item\n- item two\n\nPara\n2. not a list\n3. nor this\n\nPara\n1. list\n2. two\n",
    "Para\n-\n",
    "Para\n- - -\n",
    "Para\n * a | b\n-|-\n",
    "Para\n2. a | b\n|-|-|\n",
    "Para\n1.\n",
    "Para\n+ plus\n\nPara\n   - indented item\n   - two\n",
    "- a\n - b\n  - c\n   - d\n",
    "- a\n - b\n  - c\n   - d\n    - e\n",
    "  - two spaces\n   - three\n",
    '1. Step\n\n    Indented one more.\n\n    :::image type="content" source="a.png" alt-text="A.":::\n\n2. Next\n',
    "- Item\n\n    > [!NOTE]\n    > Note.\n",
    "- a\n\n  - b\n\n   c\n",
    "1. x\n\n    ```\n    code\n\n     more\n    ```\n",
    "- Item text\n  - sub\n  - sub two\n\n  after\n\n1. One:\n    - four spaces\n\n   Back.\n\n- a\n\n   b\n  c\n",
    "Para\n* item\n10) ten\n\nPara\n    - code-like continuation\n- item\n\n- a\n\n    b\n\n     c\n",
    "**Criteria**\n1.  Two spaces after the marker\n2.  Second\n\nText\n1) paren\n1. dot\n",
    "- a\n\n   # heading\n\n   | x | y |\n   |---|---|\n   | 1 | 2 |\n",
    "- a\n\n  > quote\n  lazy\n",
    # table rows that begin with text (rows still), and lines that end a table instead
    "| a | b |\n|---|---|\nText row | x\nno pipe at all\n**Bold** | y\n[Link](x.md) | z\n2020 | year\n",
    "| a | b |\n|---|---|\n# Heading\n\n| a | b |\n|---|---|\n- item\n\n| a | b |\n|---|---|\n> quote\n",
    "| a | b |\n|---|---|\n1. item\n\n| a | b |\n|---|---|\n    code | x\n\n| a | b |\n|---|---|\n indented | x\n",
    "| a | b |\n|---|---|\n<div>x</div>\n\n"
    '| a | b |\n|---|---|\n:::image type="content" source="a.png" alt-text="A.":::\n',
    "| a | b |\n|---|---|\n[!NOTE] x\n\n| a | b |\n|---|---|\n***\n\n| a | b |\n|---|---|\n```\ncode\n```\n",
    "| a | b |\n|---|---|\n*emph* | x\n_u_ | y\n`code` | z\n~tilde | w\n+ plus\n",
    "- item\n\n  | a | b |\n  |---|---|\n  text | row\n  - sub\n",
    # a row of only whitespace markdown-it trims but the block parser does not take for a blank line
    # (form feed, vertical tab, no-break and other Unicode spaces) ends the table there
    "| a | b |\n|---|---|\n\x0c\nnext\n",
    "| a | b |\n|---|---|\nrow | x\n\x0b\n",
    "| a | b |\n|---|---|\n\u00a0\n\n| a | b |\n|---|---|\n\u2028\u3000\n",
]


@pytest.mark.parametrize("text", SHORTCUT_CASES)
def test_block_shortcut_segments_as_the_parser_does(text: str) -> None:
    assert segment_spans(text) == parsed_segment_spans(text)
    assert _shortcut_differences(text) == []


def test_block_shortcut_ends_a_table_that_leaves_out_too_many_cells_as_the_parser_does() -> None:
    """markdown-it ends a table once its rows have left out 65 536 cells (a guard against huge outputs)."""
    import importlib

    from docloc.markdown import blocks

    limit = importlib.import_module("markdown_it.rules_block.table").MAX_AUTOCOMPLETED_CELLS
    assert limit == blocks._MAX_AUTOCOMPLETED_CELLS
    columns = 300
    body = "|" + "a|" * columns + "\n|" + "-|" * columns + "\n" + "|x|\n" * (limit // (columns - 1) + 2) + "\nafter\n"
    assert _shortcut_differences(body) == []


# The tokens the segmenter and the link index read, and what of each they read.
_READ = {"inline", "heading_open", "heading_close", "th_open", "th_close", "td_open", "td_close", "html_block"}
_READ |= {"docfx_image_open", "docfx_image_close"}


def _read_tokens(tokens: list) -> list[tuple]:
    return [
        (
            token.type,
            token.map if token.type in ("inline", "heading_open", "docfx_image_open", "html_block") else None,
            token.content if token.type == "inline" else "",
            token.tag if token.type.startswith("heading") else "",
            dict(token.attrs) if token.type == "docfx_image_open" else {},
        )
        for token in tokens
        if token.type in _READ
    ]


def _shortcut_differences(body: str) -> list[tuple[int, int]]:
    """The block ranges of ``body`` whose tokens from the shortcut differ from the parser's (those the
    shortcut reads at all): types, lines, contents, heading tags and image files."""
    if "\r" in body or "\0" in body:
        return []  # the parser reads these pages whole (segmenter.block_tokens)
    lines = body.split("\n")
    bounds = [*block_starts(lines), len(lines)]
    differing = []
    for first, end in zip(bounds, bounds[1:]):
        shortcut = simple_blocks(lines, first, end)
        if shortcut is None:
            continue
        parsed = parse_blocks("\n".join(lines[first:end]))
        for token in parsed:
            if token.map is not None:
                token.map = [token.map[0] + first, token.map[1] + first]
        if _read_tokens(shortcut) != _read_tokens(parsed):
            differing.append((first, end))
    return differing


def test_block_shortcut_segments_every_corpus_page_as_the_parser_does() -> None:
    """The segmenter reads the commonest blocks without the parser (markdown/blocks.py): compared on every page."""
    paths = sorted(FIXTURES.glob("*/bilingual/**/*.md"))
    if SHARED_CORPUS.is_dir():
        paths += sorted(SHARED_CORPUS.glob("*/bilingual/**/*.md"))
    else:
        require_corpus("cs-cz", "bilingual")  # fails under CI, skips elsewhere
    compared = 0
    differing = []
    for path in paths:
        try:
            body = _english_body(path)
        except DoclocError:  # not a bilingual article (TOC.md): not a page the segmenter reads
            continue
        compared += 1
        if segment_spans(body) != parsed_segment_spans(body) or _shortcut_differences(body):
            differing.append(path)
    print(f"{compared} pages: {len(differing)} segmented otherwise by the shortcut")
    assert compared > 300 and differing == []


@pytest.mark.parametrize("depth", [9, 10, 12, 40, 400])
@pytest.mark.parametrize("kind", ["list", "quote", "both"])
def test_block_shortcut_reads_deep_nesting_as_the_parser_does(kind: str, depth: int) -> None:
    """Lists in lists 400 deep stopped 'docloc extract' with an internal RecursionError (the shortcut recursed once
    a level), and from 10 deep the shortcut read text the parser does not open a block for (maxNesting)."""
    if kind == "list":
        body = "".join("  " * n + "- item\n" for n in range(depth))
    elif kind == "quote":
        body = "".join("> " * n + "text\n" for n in range(1, depth))
    else:
        body = "".join("  " * n + "- > item\n" for n in range(depth))
    assert _shortcut_differences(body) == []
    lines = body.split("\n")
    assert _read_tokens(block_tokens(body, lines)) == _read_tokens(parse_blocks(body))
    assert segment_spans(body) == parsed_segment_spans(body)


# Lines of the blocks the shortcut reads and of those that end or interrupt them: tables (rows with and
# without pipes, delimiter rows), lists, quotes and alerts, headings (setext too), fences, indented code,
# HTML, DocFX images, breaks, escapes. Tables come twice as often: their rows are the shortcut's subtlest.
_BLOCK_LINES = ["| a | b |", "|---|---|", "| a | b |", "|---|---|", "Text row | x", "Text", "Text line.",
                "More *text* here.", "**Bold** | y", "[Link](x.md) | z", "2020 | year", "| 1 | 2 |",
                "|:--|--:|", "a | b", "---|---", "", "", "# Heading", "## Two", "- item", "* star", "+ plus",
                "1. one", "2) two", "> quote", "> [!NOTE]", "> text", "   indented", "    code", "\tTab", "```",
                "~~~", "<div>x</div>", ':::image type="content" source="a.png" alt-text="A.":::', "***", "___",
                "Setext", "===", "_u_ | y", "`code` | z", "~tilde", "  - sub", "  text | row", "  | a | b |",
                "  |---|---|", "   > q", "<!-- c -->", "Term  ", "a \\| b | c", "| x", "x |", "|", "||",
                "| a | b | c |", "\x0c", "\u00a0", "\u3000 x | y"]  # fmt: skip


def test_block_shortcut_reads_random_documents_as_the_parser_does() -> None:
    """Not only the corpus's pages: 20 000 documents of up to ten lines drawn from the lines above, each block
    the shortcut takes compared with markdown-it's tokens (a table row indented by a space is caught)."""
    random = Random(12)
    differing = []
    for _ in range(20000):
        body = "\n".join(random.choice(_BLOCK_LINES) for _ in range(random.randint(1, 10))) + "\n"
        if _shortcut_differences(body):
            differing.append(body)
    assert differing == []
