"""``docloc export``: articles of one locale, bilingual or target-language only."""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Iterator
from dataclasses import replace

from ..catalog import conventions as cat
from ..catalog.po import read_catalog
from ..errors import DoclocError
from ..fileio import read_text
from ..formats.english import (
    fill_missing_ids,
    merged_entries,
    read_page_with_catalog,
    render_front_template,
    template_with_repeats,
    unplaced_entries,
)
from ..formats.sxs import write_bilingual_segment, write_translated_segment
from ..model import Article
from ..project import Project

FORMATS = ("bilingual", "translated")


def localized_article(
    project: Project, language: str, name: str, catalog=None, english_text: str | None = None
) -> Article:
    """An article of ``language`` rebuilt from the English page and the catalog.

    ``catalog`` may be one already read (``read_catalog``), and ``english_text`` the English
    page's text, when the caller has read them.
    """
    po_file = project.relative(project.catalog(language, name))
    if catalog is None:
        catalog = read_catalog(project.catalog(language, name), po_file)
    _refuse_unplaced(catalog, po_file, project.page_reference(name))
    template_path = project.template(name)
    template = template_with_repeats(template_path, project.relative(template_path))
    _refuse_merged(catalog, template, po_file, project.page_reference(name), project.config.translated_fields)
    page_path = project.english_page(name)
    page_file = project.relative(page_path)
    if english_text is None and (gone := project.page_gone(name)) is not None:
        raise DoclocError(gone, po_file)
    article, values = read_page_with_catalog(
        english_text if english_text is not None else read_text(page_path, page_file),
        name,
        page_file,
        project.page_reference(name),
        catalog,
        project.config.translated_fields,
    )
    record = cat.source_record(catalog, po_file)
    template = record.get("front_matter")
    if template is not None:
        article.front_matter = render_front_template(
            template, article.front_matter, values, record.get("closing", "---\n")
        )
    elif article.front_matter is not None:
        for key, value in values.items():
            index = article.front_matter.field_index(key)
            field = article.front_matter.field(key)
            if index is not None and field is not None:
                article.front_matter.lines[index] = field.line(value)
    article.bom = bool(record.get("bom", article.bom))
    article.newline = record.get("newline", article.newline)
    article.locale = record.get("locale", language)
    return article


def _refuse_unplaced(catalog: Iterable, file: str, page_ref: str) -> None:
    """Refuse a catalog with translations the page cannot place (``unplaced_entries``, the ``unplaced`` check's
    rule): the article would be written with their English, title and description included, and no error."""
    unplaced = unplaced_entries(catalog, page_ref)
    if not unplaced:
        return
    first = min(unplaced, key=lambda entry: entry.linenum or 0)
    if len(unplaced) == 1:
        what, whose = "a translated entry that names", "its English in place of its translation"
    else:
        what, whose = f"{len(unplaced)} translated entries that name", "their English in place of their translations"
    raise DoclocError(
        f"the catalog has {what} no line of {page_ref} (no '#:' reference to one of its lines; the first is here), "
        f"so the export would write {whose}: run 'docloc update', which restores the references of sentences that "
        "occur once on the page; otherwise restore the catalog from version control, or import the article again",
        file,
        first.linenum or 0,
    )


def _refuse_merged(
    catalog: Iterable, template: Iterable | None, file: str, page_ref: str, fields: Iterable[str]
) -> None:
    """Refuse a catalog whose entries name a line fewer times than the page has their English there
    (``merged_entries``, the ``unplaced`` check's rule): the export would write the English in the other places."""
    merged = merged_entries(catalog, template, page_ref, fields)
    if not merged:
        return
    first = min(merged, key=lambda entry: entry.linenum or 0)
    raise DoclocError(
        f"the catalog has {len(merged)} translated entr{'y' if len(merged) == 1 else 'ies'} that name a line of "
        f"{page_ref} fewer times than its English stands there (a tool such as msgcat or msgmerge wrote repeated "
        "'#:' references once; the first is here), so the export would write the English in the other places: run "
        "'docloc update', which restores the references",
        file,
        first.linenum or 0,
    )


def render_article(article: Article, fmt: str, refused: Collection[int] = ()) -> str:
    """The article in ``fmt``; in the translated format the segments at ``refused`` are written in English."""
    if fmt == "bilingual":
        return article.with_segments(fill_missing_ids(article.segments, article.name)).render(write_bilingual_segment)
    # Untranslated and fuzzy segments fall back to their English, and so do refused ones.
    if refused:
        article = article.with_segments(
            [replace(s, target="") if i in refused else s for i, s in enumerate(article.segments)]
        )
    return article.render(lambda s: write_translated_segment(s) if s.target else s.source)


def export_locale(
    project: Project, language: str, fmt: str, judge: Callable[[Article], Collection[int]] | None = None
) -> Iterator[tuple[str, str]]:
    """Yield (article name, exported text) for every catalog of ``language``.

    Every catalog is read before the first article is yielded: a catalog msgfmt refuses stops
    the export before anything is written. ``judge`` names the segments of an article whose
    translation is not published (the site's safety rule, ``checks.safety.judge_article``, which
    this layer cannot import): the translated format writes their English, as the site does.
    """
    names = project.catalog_names(language)
    catalogs = {}
    for name in names:
        po_path = project.catalog(language, name)
        catalogs[name] = read_catalog(po_path, project.relative(po_path))
    for name in names:
        article = localized_article(project, language, name, catalogs[name])
        refused = judge(article) if judge is not None and fmt == "translated" else ()
        yield name, render_article(article, fmt, refused)
