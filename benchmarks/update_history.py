"""``docloc update`` on real edits: is any translation of unchanged English lost?

Each case is an older bilingual article and a newer version of its English. The older one is
imported into a fresh project, its English page is replaced by the newer English (as a
writer's edit would), and ``extract`` + ``update`` run.

What counts is Microsoft's segmentation, not docloc's: a *sentence* is a segment of the older
bilingual file whose English is also a segment of the newer bilingual file (its English did not
change). It is *lost* when it had a translation in the catalog the import wrote and the updated
catalog does not publish that translation for it on the edited page (the page is read back with
the catalog, as the site reads it): because docloc now cuts the page elsewhere (``missing``),
the entry became obsolete, fuzzy, or holds another string. Counting only the new template's
msgids (the "old counting", printed for reference) misses every sentence docloc cuts
differently in the edited page.

Cases per locale:

- ``<locale>/history/`` exists (cs-cz): each older article with the current one of the same
  name, the real "the writer edited the English" pairs.
- No ``history/`` (de-de, pl-pl): said so, and edits are simulated from the cs-cz history, from
  real English only: where the locale's article has the English of a cs-cz *older* version, the
  writer's edit is the cs-cz current English ("forward"); where it has the English of the cs-cz
  *current* version, the edit is back to the older English ("reverse": a real diff between two
  real versions, applied the other way). Microsoft's segmentation of the edited English is the
  cs-cz bilingual file of that version. Articles whose English matches neither are counted as
  not comparable, never as a zero. English is compared as the English page docloc writes.

    python benchmarks/update_history.py [CORPUS_DIR] [--locales cs-cz de-de pl-pl] [--show N] [-j N]

Exit status 1 when any translation is lost.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from collections import Counter
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from docloc.catalog.po import read_catalog
from docloc.catalog.states import is_translated
from docloc.fileio import read_text, write_text_atomic
from docloc.formats.english import derive_english_fields, read_page_with_catalog, write_english_page
from docloc.formats.sxs import read_bilingual
from docloc.model import Article
from docloc.project import Project, init_project
from docloc.settings import DEFAULT_TRANSLATED_FIELDS
from docloc.workflows.extract import extract_page
from docloc.workflows.importer import import_article
from docloc.workflows.memory import memory_settings
from docloc.workflows.update import update_catalog

DEFAULT_CORPUS = Path(__file__).resolve().parents[1] / ".." / "shared" / "corpus"
HISTORY_LOCALE = "cs-cz"


@dataclass
class Case:
    """One replayed edit: the older bilingual article, and the bilingual article of the edited English."""

    name: str
    older: Path  # imported: its translations are what must survive
    edited: Path  # its English is the writer's edit; its segments are Microsoft's cut of it
    kind: str = "history"  # "history", "forward" or "reverse" (simulated, see the module's docstring)


@dataclass
class HistoryTotals:
    articles: int = 0
    kept: int = 0
    fuzzy: int = 0
    new: int = 0
    obsolete: int = 0
    sentences: int = 0  # Microsoft's segments whose English is in both versions
    translated: int = 0  # ... that had a translation in the imported catalog
    lost: list[str] = field(default_factory=list)  # "article: why: English"
    kinds: Counter = field(default_factory=Counter)
    # The old counting: entries of the new template whose English had a translation before.
    old_unchanged: int = 0
    old_lost: int = 0

    def add(self, other: HistoryTotals) -> None:
        for name in ("articles", "kept", "fuzzy", "new", "obsolete", "sentences", "translated"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.old_unchanged += other.old_unchanged
        self.old_lost += other.old_lost
        self.lost += other.lost
        self.kinds += other.kinds


def _article(path: Path, name: str) -> Article:
    return read_bilingual(read_text(path, str(path)), name, str(path))


def english_page(article: Article, fields: tuple[str, ...] = DEFAULT_TRANSLATED_FIELDS) -> str:
    """The English page the import writes for ``article``."""
    return write_english_page(article, derive_english_fields(article, fields), fields).text


def current_english(path: Path, name: str, fields: tuple[str, ...]) -> str:
    return english_page(_article(path, name), fields)


def _published(project: Project, language: str, name: str) -> dict[str, Counter]:
    """English → the translations the page publishes for it (one count per segment on the page)."""
    page_path = project.english_page(name)
    catalog = read_catalog(project.catalog(language, name))
    article, _ = read_page_with_catalog(
        read_text(page_path),
        name,
        project.relative(page_path),
        project.page_reference(name),
        catalog,
        project.config.translated_fields,
    )
    shown: dict[str, Counter] = {}
    for segment in article.segments:
        shown.setdefault(segment.source, Counter())[segment.target] += 1
    return shown


def _why_lost(catalog, english: str, translation: str, shown: Counter | None) -> str:
    """Why a sentence's translation is not published: what the updated catalog has for it."""
    entries = [e for e in catalog if e.msgid == english and e.msgctxt not in DEFAULT_TRANSLATED_FIELDS]
    if shown is None:
        return "missing (cut differently)" if not any(not e.obsolete for e in entries) else "missing (not on the page)"
    active = [e for e in entries if not e.obsolete]
    if any("fuzzy" in e.flags and e.msgstr == translation for e in active):
        return "fuzzy"
    if not active and any(e.msgstr == translation for e in entries):
        return "obsolete"
    return "different string"


def replay_edit(root: Path, case: Case, totals: HistoryTotals) -> None:
    """Import ``case.older``, give its page the English of ``case.edited``, extract and update; add up."""
    name = case.name
    init_project(root, ["en", "cs"])
    project = Project.open(root)
    fields = project.config.translated_fields
    older = _article(case.older, name)
    edited = _article(case.edited, name)
    result = import_article(project, older, str(case.older))
    language = result.language
    before_shown = _published(project, language, name)
    before = read_catalog(project.catalog(language, name))
    old_translations: dict[str, set[str]] = {}
    for entry in before:
        if is_translated(entry) and entry.msgctxt not in fields:
            old_translations.setdefault(entry.msgid, set()).add(entry.msgstr)

    write_text_atomic(project.english_page(name), english_page(edited, fields))
    extract_page(project, name, memory=memory_settings(project))  # as 'docloc extract' runs: the memory on
    outcome = update_catalog(project, name, language)
    totals.articles += 1
    totals.kinds[case.kind] += 1
    totals.kept += outcome.kept
    totals.fuzzy += outcome.fuzzy
    totals.new += outcome.new
    totals.obsolete += outcome.obsolete

    after_shown = _published(project, language, name)
    after = read_catalog(project.catalog(language, name))
    # Microsoft's segmentation: sentences whose English is a segment of both versions.
    old_segments = Counter(s.source for s in older.segments)
    new_segments = Counter(s.source for s in edited.segments)
    for english, count in old_segments.items():
        sentences = min(count, new_segments.get(english, 0))
        if not sentences:
            continue
        totals.sentences += sentences
        had = before_shown.get(english, Counter())
        had.pop("", None)
        translated = min(sentences, sum(had.values()))
        totals.translated += translated
        if not translated:
            continue
        shown = after_shown.get(english)
        kept = min(translated, sum((had & shown).values()) if shown else 0)
        missed = had - shown if shown else had
        for translation in list(missed.elements())[: translated - kept]:
            why = _why_lost(after, english, translation, shown)
            totals.lost.append(f"{name}: {why}: {english!r}")
    # The old counting, for reference: the new template's entries whose English had a translation.
    active: dict[str, set[str]] = {}
    for entry in after:
        if not entry.obsolete and is_translated(entry):
            active.setdefault(entry.msgid, set()).add(entry.msgstr)
    for entry in read_catalog(project.template(name)):
        if entry.msgid in old_translations and entry.msgctxt not in fields:
            totals.old_unchanged += 1
            totals.old_lost += not old_translations[entry.msgid] & active.get(entry.msgid, set())


def _replay_one(args: tuple[Path, Case]) -> HistoryTotals:
    root, case = args
    totals = HistoryTotals()
    replay_edit(root, case, totals)
    return totals


def history_cases(corpus: Path, locale: str) -> list[Case]:
    """A locale's own history: each older article with its current version."""
    history = corpus / locale / "history"
    current = corpus / locale / "bilingual"
    cases = []
    for older in sorted(history.rglob("*.md")):
        name = older.relative_to(history).as_posix()
        if (current / name).is_file():
            cases.append(Case(name, older, current / name))
    return cases


def simulated_cases(corpus: Path, locale: str) -> tuple[list[Case], int]:
    """Edits for a locale without history, from the cs-cz history's English (see the module's docstring).

    Returns the cases and how many history articles the locale has but with English that matches
    neither cs-cz version (not comparable).
    """
    cases = []
    unmatched = 0
    for pair in history_cases(corpus, HISTORY_LOCALE):
        article = corpus / locale / "bilingual" / pair.name
        if not article.is_file():
            continue
        english = english_page(_article(article, pair.name))
        if english == english_page(_article(pair.older, pair.name)):
            cases.append(Case(pair.name, article, pair.edited, "forward"))
        elif english == english_page(_article(pair.edited, pair.name)):
            cases.append(Case(pair.name, article, pair.older, "reverse"))
        else:
            unmatched += 1
    return cases, unmatched


def replay_cases(cases: list[Case], jobs: int = 0) -> HistoryTotals:
    totals = HistoryTotals()
    jobs = jobs or min(os.cpu_count() or 1, 8)
    with tempfile.TemporaryDirectory(prefix="docloc-history-") as tmp:
        work = [(Path(tmp) / str(number), case) for number, case in enumerate(cases)]
        if jobs > 1 and len(work) > 1:
            with ProcessPoolExecutor(jobs) as pool:
                for part in pool.map(_replay_one, work, chunksize=4):
                    totals.add(part)
        else:
            for part in map(_replay_one, work):
                totals.add(part)
    return totals


def replay_history(
    corpus: Path, locale: str = HISTORY_LOCALE, limit: int | None = None, jobs: int = 0
) -> HistoryTotals:
    """Replay a locale's own history (the first ``limit`` pairs)."""
    return replay_cases(history_cases(corpus, locale)[:limit], jobs)


def report(locale: str, totals: HistoryTotals, seconds: float, show: int) -> None:
    kinds = ", ".join(f"{count} {kind}" for kind, count in sorted(totals.kinds.items()))
    print(
        f"{locale}: {totals.articles} edited articles ({kinds}): kept {totals.kept}, fuzzy {totals.fuzzy}, "
        f"new {totals.new}, obsolete {totals.obsolete} ({seconds:.1f} s)"
    )
    print(
        f"  Microsoft's segmentation: {totals.sentences} unchanged sentences, {totals.translated} translated, "
        f"translations lost: {len(totals.lost)}"
    )
    print(
        f"  old counting (new template's entries only): {totals.old_unchanged} entries, "
        f"translations lost: {totals.old_lost}"
    )
    for line in totals.lost[:show]:
        print(f"    lost: {line}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("corpus", nargs="?", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--locales", nargs="+", default=["cs-cz", "de-de", "pl-pl"])
    parser.add_argument("--show", type=int, default=0, metavar="N", help="list the first N lost sentences")
    parser.add_argument("--jobs", "-j", type=int, default=0, metavar="N", help="worker processes (default: cores)")
    args = parser.parse_args(argv)
    status = 0
    for locale in args.locales:
        if not (args.corpus / locale / "bilingual").is_dir():
            print(f"{locale}: no corpus at {args.corpus / locale / 'bilingual'}; skipped")
            continue
        if (args.corpus / locale / "history").is_dir():
            cases = history_cases(args.corpus, locale)
        else:
            if not (args.corpus / HISTORY_LOCALE / "history").is_dir():
                print(f"{locale}: no history/ folder, and no {HISTORY_LOCALE} history to simulate edits from")
                continue
            cases, unmatched = simulated_cases(args.corpus, locale)
            print(
                f"{locale}: no history/ folder; edits simulated from the {HISTORY_LOCALE} history's English: "
                f"{len(cases)} articles have the English of one {HISTORY_LOCALE} version, "
                f"{unmatched} match neither (not counted)"
            )
        started = time.perf_counter()
        totals = replay_cases(cases, args.jobs)
        report(locale, totals, time.perf_counter() - started, args.show)
        status |= bool(totals.lost)
    return status


if __name__ == "__main__":
    sys.exit(main())
