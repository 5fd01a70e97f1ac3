"""Translation coverage: strings and source words per catalog, counted as translate-toolkit's ``pocount`` does.

What counts (pocount's rules, so the numbers can be compared with it):

* the header and obsolete (``#~``) entries are not strings to translate; obsolete ones are
  reported apart, because they are translations kept, not work to do;
* translated: a non-empty ``msgstr`` (the first plural form for plurals) without the
  ``fuzzy`` flag. A translation identical to its English counts as translated, as in
  pocount: product names and numbers legitimately stay English (the ``identical`` check
  lists them, as information);
* fuzzy: the ``fuzzy`` flag and a non-empty ``msgstr``; a fuzzy entry with no translation is
  untranslated (pocount does the same);
* untranslated: everything else with a non-empty English text.

Words are the English (source) words, counted like pocount: ``<br>`` becomes a break, other
XML/HTML tags are dropped, a dot between two non-digits separates words, and the rest is split
by Unicode word boundaries (UAX #29, the same algorithm as pocount's ``unicode_words``). For
scripts written without spaces this still means something: every Han ideograph and every
Hiragana character is one word (the usual way CJK volumes are counted, by character),
a run of Katakana is one word, Hangul is split at spaces; punctuation is never a word.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

from ..catalog.states import HEADER, EntryLike, entry_state

if TYPE_CHECKING:
    from ..catalog.po import CatalogReader
    from ..project import Project


@dataclass(frozen=True)
class CatalogCoverage:
    """How much of one catalog is translated, in strings (entries) and English words."""

    language: str  # gettext language, e.g. "cs"
    name: str  # article name ("assign-support-contacts.md") or "_ui/<component>"
    translated: int
    fuzzy: int
    untranslated: int
    obsolete: int
    translated_words: int
    fuzzy_words: int
    untranslated_words: int

    @property
    def total(self) -> int:
        return self.translated + self.fuzzy + self.untranslated

    @property
    def total_words(self) -> int:
        return self.translated_words + self.fuzzy_words + self.untranslated_words

    @property
    def percent(self) -> float:
        return 100.0 if self.total == 0 else self.translated * 100.0 / self.total

    @property
    def words_percent(self) -> float:
        return 100.0 if self.total_words == 0 else self.translated_words * 100.0 / self.total_words

    def as_dict(self) -> dict[str, object]:
        """The numbers as plain data, for JSON and CSV reports."""
        return {
            "language": self.language,
            "name": self.name,
            "translated": self.translated,
            "fuzzy": self.fuzzy,
            "untranslated": self.untranslated,
            "obsolete": self.obsolete,
            "total": self.total,
            "translated_words": self.translated_words,
            "fuzzy_words": self.fuzzy_words,
            "untranslated_words": self.untranslated_words,
            "total_words": self.total_words,
            "percent": round(self.percent, 2),
            "words_percent": round(self.words_percent, 2),
        }


def add_up(rows: Iterable[CatalogCoverage], language: str, name: str) -> CatalogCoverage:
    """Totals of several catalogs (a locale, the whole project)."""
    sums = [0] * 7
    for row in rows:
        for index, value in enumerate(
            (
                row.translated,
                row.fuzzy,
                row.untranslated,
                row.obsolete,
                row.translated_words,
                row.fuzzy_words,
                row.untranslated_words,
            )
        ):
            sums[index] += value
    return CatalogCoverage(language, name, *sums)


# pocount's pre-processing (translate/tools/pocount.py), so word counts agree.
_BR_TAG = re.compile(r"<br\s*?/?>")
_XML_TAG = re.compile(
    r"""<([\w.:]+)(\s([\w.:]+=((".*?")|('.*?')))?)*/?>|</([\w.]+)>""",
)
_DOT_BETWEEN_LETTERS = re.compile(r"\D\.\D")


@lru_cache(maxsize=65536)
def count_words(text: str) -> int:
    """English words in ``text``, as pocount counts them (see the module docstring)."""
    if not text:
        return 0
    if "<" in text:
        text = _XML_TAG.sub("", _BR_TAG.sub("\n", text))
    if "." in text:
        text = _DOT_BETWEEN_LETTERS.sub(" ", text)
    try:
        return len(_unicode_words()(text))
    except UnicodeEncodeError:  # bytes a catalog held that are not UTF-8 (msgfmt accepts "\377"): one letter each
        return len(_unicode_words()(re.sub("[\ud800-\udfff]", "\ufffd", text)))


@lru_cache(maxsize=1)
def _unicode_words():
    """UAX #29 word boundaries in Rust (pocount's own), imported on first use: start-up need not pay for it."""
    from unicode_segmentation_rs import unicode_words

    return unicode_words


def source_words(entry: EntryLike) -> int:
    words = count_words(entry.msgid)
    if entry.msgid_plural:
        words += count_words(entry.msgid_plural)
    return words


def coverage_of_entries(entries: Iterable[EntryLike], language: str, name: str) -> CatalogCoverage:
    counts = {"translated": 0, "fuzzy": 0, "untranslated": 0, "obsolete": 0}
    words = {"translated": 0, "fuzzy": 0, "untranslated": 0}
    for entry in entries:
        state = entry_state(entry)
        if state == HEADER:
            continue
        counts[state] += 1
        if state != "obsolete":
            words[state] += source_words(entry)
    return CatalogCoverage(
        language,
        name,
        counts["translated"],
        counts["fuzzy"],
        counts["untranslated"],
        counts["obsolete"],
        words["translated"],
        words["fuzzy"],
        words["untranslated"],
    )


def catalog_coverage(catalog: Iterable[EntryLike], language: str, name: str) -> CatalogCoverage:
    """Coverage of one catalog (a PO file; a template counts as all untranslated)."""
    return coverage_of_entries(catalog, language, name)


def catalog_path(project: Project, language: str, name: str):
    """The PO file behind a coverage row's name."""
    return project.catalog_of(language, name)


def project_coverage(
    project: Project, languages: list[str] | None = None, read: CatalogReader | None = None
) -> list[CatalogCoverage]:
    """Every catalog of every language (article catalogs and the _ui/ interface catalogs).

    Rows are ordered by language (configured ones first), then name. An English page that
    has a template but no catalog in a language is reported from its template, as wholly
    untranslated: a missing catalog is work to do, not something to leave out of the totals.
    ``read`` reads a catalog (``read_catalog``; a site build passes its ``CatalogCache``).
    """
    from ..catalog.po import read_catalog

    reader = read or read_catalog

    def coverage_of(path, language: str, name: str) -> CatalogCoverage:
        return coverage_of_entries(reader(path, project.relative(path)), language, name)

    chosen = languages if languages is not None else project.catalog_languages()
    articles = project.article_names()
    rows: list[CatalogCoverage] = []
    for language in chosen:
        names = project.catalog_names(language)
        present = set(names)
        rows += [coverage_of(project.catalog(language, name), language, name) for name in names]
        for name in articles:
            template = project.template(name)
            if name not in present and template.is_file():
                rows.append(coverage_of(template, language, name))
        rows += [
            coverage_of(catalog_path(project, language, n), language, n) for n in project.ui_catalog_names(language)
        ]
    order = {lang: index for index, lang in enumerate(chosen or project.catalog_languages())}
    rows.sort(
        key=lambda row: (
            order.get(row.language, len(order)),
            row.language,
            project.is_interface(row.name),
            row.name,
        )
    )
    return rows
