"""The translation memory on real edits: the 283 cs-cz history pairs, replayed in one project.

The project is the cs-cz locale as it stood before the writers' edits: the OLD version of each
of the 283 edited articles and the current version of every other article, imported together.
Then every edited page gets its new English (as the import would write it), and ``extract`` cuts
it and ``update`` merges every catalog with the memory on (and, for comparison, both off: with the
memory on, extract cuts a line whose known segments a writer joined into one sentence whole where
the memory holds that sentence translated).

A sentence is *new* when its article had no entry with that English before the edit; the issue
counts each of its occurrences on the page (a sentence twice on a page is two), and so are the
targets, with the distinct sentences per article shown beside them. For each new sentence the
benchmark says what ``update`` proposed (an exact or a near match from the memory, the article's
own fuzzy guess, or nothing) and whether the proposal equals the translation Microsoft published
later (the new bilingual file's translation of that English).

Timing: the memory's own work (adding every translated entry and the word index, then every
query) is timed inside ``TranslationMemory``; reading the catalogs, which ``update`` does in any
case and shares with the memory, is shown apart. Medians of ``--runs`` runs.

``--calibrate`` prints how the near-match threshold was chosen: for new sentences with no exact
match, the best near match at any score from 50 up, by score band, with the share of
suggestions that spare at least half of the typing (Levenshtein distance to Microsoft's
translation at most half its length), and how often the word index finds the same best score
as comparing with every English of the locale.

    python benchmarks/memory_history.py [CORPUS_DIR] [--runs N] [--calibrate]
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import CORPUS  # noqa: E402
from docloc.catalog.memory import NEAR_THRESHOLD  # noqa: E402
from docloc.catalog.po import read_catalog  # noqa: E402
from docloc.errors import DoclocError  # noqa: E402
from docloc.fileio import read_text, write_text_atomic  # noqa: E402
from docloc.formats.sxs import read_bilingual  # noqa: E402
from docloc.project import Project, init_project  # noqa: E402
from docloc.workflows.extract import extract_pages  # noqa: E402
from docloc.workflows.importer import NotBilingual, import_paths  # noqa: E402
from docloc.workflows.memory import MEMORY_COMMENT, memory_settings, project_memory  # noqa: E402
from docloc.workflows.update import template_page, update_catalog  # noqa: E402
from update_history import _published, current_english  # noqa: E402

LOCALE, LANGUAGE = "cs-cz", "cs"
SHOW_ABSENT = bool(os.environ.get("DOCLOC_SHOW_ABSENT"))


@dataclass
class Replay:
    """The project before the edit, with the new English extracted, and what to compare with."""

    root: Path
    edited: list[str]
    before: dict[str, set[str]]  # article → the English its catalog had before the edit
    microsoft: dict[str, dict[str, set[str]]]  # article → English → Microsoft's later translations
    microsoft_before: dict[str, set[str]] = field(default_factory=dict)  # article → English of its older version
    microsoft_count: dict[str, Counter] = field(default_factory=dict)  # article → English → segments in the new version
    shown_before: dict[str, dict[str, Counter]] = field(default_factory=dict)  # article → English → translations shown


@dataclass
class Outcome:
    new: int = 0
    kinds: Counter = field(default_factory=Counter)  # exact, near, own (the article's guess), none
    equal: Counter = field(default_factory=Counter)  # of each kind, equal to Microsoft's translation
    unmatched: int = 0  # new sentences docloc cut differently from every Microsoft segment
    occurrences: Counter = field(default_factory=Counter)  # on the page: "new", and each kind
    exact_sentences: list[str] = field(default_factory=list)


def _segments(path: Path, name: str) -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    for segment in _article_segments(path, name):
        found.setdefault(segment.source, set()).add(segment.target)
    return found


def _article_segments(path: Path, name: str) -> list:
    return read_bilingual(read_text(path, str(path)), name, str(path)).segments


def prepare(corpus: Path, root: Path) -> Replay:
    """Import the locale as it stood before the edits, then give the edited pages their new English."""
    history, current = corpus / LOCALE / "history", corpus / LOCALE / "bilingual"
    staging = root.parent / (root.name + "-staging")
    edited = []
    microsoft_before: dict[str, set[str]] = {}
    for path in sorted(current.rglob("*.md")):
        name = path.relative_to(current).as_posix()
        older = history / name
        if older.is_file():
            edited.append(name)
            microsoft_before[name] = set(_segments(older, name))
        target = staging / name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(older if older.is_file() else path, target)  # import refuses links leaving the folder
    init_project(root, ["en", LANGUAGE])
    project = Project.open(root)
    for path, result in import_paths(project, [staging]):
        # Microsoft's TOC.md files are target-language-only: import skips them, as the command does
        if isinstance(result, DoclocError) and not isinstance(result, NotBilingual):
            raise SystemExit(f"{path}: {result}")
    fields = project.config.translated_fields
    before: dict[str, set[str]] = {}
    microsoft: dict[str, dict[str, set[str]]] = {}
    microsoft_count: dict[str, Counter] = {}
    shown_before: dict[str, dict[str, Counter]] = {}
    for name in edited:
        catalog = read_catalog(project.catalog(LANGUAGE, name))
        before[name] = {e.msgid for e in catalog if not e.obsolete and e.msgctxt not in fields}
        microsoft[name] = _segments(current / name, name)
        microsoft_count[name] = Counter(segment.source for segment in _article_segments(current / name, name))
        shown_before[name] = _published(project, LANGUAGE, name)
        write_text_atomic(project.english_page(name), current_english(current / name, name, fields))
    return Replay(root, edited, before, microsoft, microsoft_before, microsoft_count, shown_before)


def extract_edited(root: Path, edited: list[str], memory: bool) -> None:
    """``docloc extract`` of the edited pages, with the memory's settings or ``--no-memory``."""
    project = Project.open(root)
    for name, result in extract_pages(project, edited, memory=memory_settings(project) if memory else None):
        if isinstance(result, DoclocError):
            raise SystemExit(f"{name}: {result}")


def update_all(root: Path, memory: bool, dry_run: bool = False) -> tuple[float, float, float, float, float, int]:
    """``docloc update`` of every catalog, as the command runs it: (reading the catalogs s, memory build s,
    query s, build CPU s, query CPU s, queries)."""
    project = Project.open(root)
    found = None
    read = 0.0
    if memory:
        started = time.perf_counter()
        found = project_memory(project, LANGUAGE, memory_settings(project))
        read = time.perf_counter() - started - found.memory.build_seconds
    for name in project.template_names():
        old = found.catalog(project.catalog(LANGUAGE, name)) if found is not None else None  # read once, as update does
        update_catalog(project, name, LANGUAGE, dry_run, template_page(project, name), old, found)
    if found is None:
        return 0.0, 0.0, 0.0, 0.0, 0.0, 0
    tm = found.memory
    return read, tm.build_seconds, tm.query_seconds, tm.build_cpu, tm.query_cpu, tm.queries


def evaluate(replay: Replay, root: Path) -> Outcome:
    """What update proposed for each new sentence, and whether it is Microsoft's translation."""
    project = Project.open(root)
    fields = project.config.translated_fields
    outcome = Outcome()
    for name in replay.edited:
        catalog = read_catalog(project.catalog(LANGUAGE, name))
        seen: set[str] = set()
        on_page = Counter(e.msgid for e in catalog if not e.obsolete and e.msgctxt not in fields for _ in e.occurrences)
        for entry in catalog:
            if entry.obsolete or entry.msgctxt in fields or entry.msgid in replay.before[name] or entry.msgid in seen:
                continue
            seen.add(entry.msgid)
            outcome.new += 1
            outcome.occurrences["new"] += on_page[entry.msgid]
            if not entry.msgstr:
                kind = "none"
            elif MEMORY_COMMENT in (entry.tcomment or ""):
                kind = "exact" if entry.previous_msgid is None else "near"
            else:
                kind = "own"
            outcome.kinds[kind] += 1
            outcome.occurrences[kind] += on_page[entry.msgid]
            published = replay.microsoft[name].get(entry.msgid)
            if published is None:
                outcome.unmatched += 1
            elif kind != "none" and entry.msgstr in published:
                outcome.equal[kind] += 1
            if kind == "exact":
                outcome.exact_sentences.append(entry.msgid)
    return outcome


def by_microsoft(replay: Replay, base: Path, root: Path) -> tuple[int, int, Counter, Counter]:
    """Counted on Microsoft's segmentation, an outside truth (not on docloc's own templates): the sentences
    new to their article (each segment of the new version whose English the older version lacks), how many of
    them the project before the edit already held translated in another article, and what the update gave
    those: exact (a memory suggestion), translated (already there), near, own, none or absent (no entry).
    The last is the same counted once per article and English."""
    memory = project_memory(Project.open(base), LANGUAGE).memory
    project = Project.open(root)
    new = 0
    given: Counter = Counter()
    distinct: Counter = Counter()
    for name in replay.edited:
        entries = {e.msgid: e for e in read_catalog(project.catalog(LANGUAGE, name)) if not e.obsolete}
        for english in replay.microsoft[name]:
            if english in replay.microsoft_before[name]:
                continue
            count = replay.microsoft_count[name][english]
            new += count
            if english not in memory:
                continue
            entry = entries.get(english)
            if entry is None:
                kind = "absent"
                if SHOW_ABSENT:
                    print(f"  absent in {name}: {english!r}")
            elif not entry.msgstr:
                kind = "none"
            elif MEMORY_COMMENT in (entry.tcomment or ""):
                kind = "exact" if entry.previous_msgid is None else "near"
            else:
                kind = "translated" if "fuzzy" not in entry.flags else "own"
            given[kind] += count
            distinct[kind] += 1
    return new, sum(given.values()), given, distinct


def lost_translations(replay: Replay, root: Path) -> tuple[int, int]:
    """As ``update_history`` counts them, with the memory on in extract and update: of the sentences whose English
    is a segment of both of Microsoft's versions of an article, (how many were translated on the page before the
    edit, how many of those translations the updated page no longer shows)."""
    project = Project.open(root)
    translated = lost = 0
    for name in replay.edited:
        after = _published(project, LANGUAGE, name)
        for english in replay.microsoft_before[name] & set(replay.microsoft[name]):
            had = Counter(replay.shown_before[name].get(english, Counter()))
            had.pop("", None)
            shown = after.get(english, Counter())
            sentences = min(sum(had.values()), replay.microsoft_count[name][english])
            translated += sentences
            lost += sentences - min(sentences, sum((had & shown).values()))
    return translated, lost


def calibrate(replay: Replay, root: Path) -> None:
    """The near-match threshold: by score band, how much of Microsoft's translation a suggestion spares."""
    from rapidfuzz import fuzz, process
    from rapidfuzz.distance import Levenshtein

    project = Project.open(root)
    memory = project_memory(project, LANGUAGE).memory
    sources = [source for source, _ in memory.items()]
    bands: dict[int, list[tuple[bool, float]]] = {}
    same = total = 0
    for name in replay.edited:
        for english, published in replay.microsoft[name].items():
            if english in replay.before[name] or english in memory:
                continue
            brute = process.extractOne(english, sources, scorer=fuzz.ratio, score_cutoff=NEAR_THRESHOLD)
            if brute is not None:
                indexed = memory.near(english)
                total += 1
                same += indexed is not None and abs(indexed.score - brute[1]) < 1e-9
            found = memory.near(english, 50.0)
            if found is None:
                continue
            reference = min(published, key=lambda text: Levenshtein.distance(found.target, text))
            spares = Levenshtein.distance(found.target, reference) <= len(reference) / 2
            bands.setdefault(int(found.score // 5 * 5), []).append((spares, fuzz.ratio(found.target, reference)))
    print("near-match calibration: new sentences without an exact match, best near match from score 50")
    print("score band   suggestions   spare >= half the typing   median target similarity")
    for low in sorted(bands):
        rows = bands[low]
        share = sum(s for s, _ in rows) / len(rows)
        median = statistics.median(t for _, t in rows)
        mark = "   <- threshold" if low == int(NEAR_THRESHOLD) else ""
        band = f"{low:3d}-{min(low + 5, 100):<3d}"
        print(f"{band}      {len(rows):6d}            {share:6.1%}                {median:5.1f}{mark}")
    print(
        f"word index vs comparing with all {len(sources)} English texts (score >= {NEAR_THRESHOLD:.0f}): "
        f"same best score for {same} of {total} queries ({same / max(total, 1):.1%})"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("corpus", nargs="?", type=Path, default=CORPUS)
    parser.add_argument("--runs", type=int, default=3, help="timed runs of update with the memory (default 3)")
    parser.add_argument("--calibrate", action="store_true", help="also print the near-match threshold's calibration")
    args = parser.parse_args(argv)
    if not (args.corpus / LOCALE / "history").is_dir():
        print(f"no history corpus at {args.corpus / LOCALE / 'history'}; nothing to measure")
        return 0
    with tempfile.TemporaryDirectory(prefix="docloc-memory-") as tmp:
        base = Path(tmp) / "base"
        started = time.perf_counter()
        replay = prepare(args.corpus, base)
        articles = len(Project.open(base).catalog_names(LANGUAGE))
        print(
            f"{len(replay.edited)} edited cs-cz articles replayed in one project of {articles} articles "
            f"({time.perf_counter() - started:.1f} s to set up)"
        )
        results = {}
        for memory in (False, True):
            root = Path(tmp) / ("with" if memory else "without")
            shutil.copytree(base, root, symlinks=True)
            extract_edited(root, replay.edited, memory)
            update_all(root, memory)
            results[memory] = evaluate(replay, root)
        if args.calibrate:
            calibrate(replay, base)
        truth_new, held, given, distinct = by_microsoft(replay, base, Path(tmp) / "with")
        translated, lost = lost_translations(replay, Path(tmp) / "with")
        timings = []
        for _ in range(max(args.runs, 1)):
            root = Path(tmp) / "timed"
            shutil.rmtree(root, ignore_errors=True)
            shutil.copytree(base, root, symlinks=True)
            extract_edited(root, replay.edited, True)
            timings.append(update_all(root, True, dry_run=True))
    with_memory, without = results[True], results[False]
    n = with_memory.new
    on_page = with_memory.occurrences
    print(
        f"new sentences (English their article did not have; extract and update with the memory): {n} "
        f"({on_page['new']} on the pages)"
    )
    print(f"  with the memory:    exact {with_memory.kinds['exact']} ({on_page['exact']} on the pages), "
          f"near {with_memory.kinds['near']}, the article's own guess {with_memory.kinds['own']}, "
          f"nothing {with_memory.kinds['none']}")  # fmt: skip
    print(
        f"  without the memory ({without.new} new sentences, cut without the memory): the article's own guess "
        f"{without.kinds['own']}, nothing {without.kinds['none']}"
    )
    equal, equal_before = sum(with_memory.equal.values()), sum(without.equal.values())
    print(
        f"suggestions equal to Microsoft's published translation: {equal} of {n} new sentences ({equal / n:.1%}; "
        f"exact {with_memory.equal['exact']}, near {with_memory.equal['near']}, own guess {with_memory.equal['own']}); "
        f"without the memory {equal_before} of {without.new} ({equal_before / without.new:.1%})"
    )
    print(f"  ({with_memory.unmatched} new sentences are cut differently from every Microsoft segment: no reference)")
    reads, builds, queries, build_cpu, query_cpu, count = (list(column) for column in zip(*timings))
    median = statistics.median
    print(
        f"memory of the locale, median of {len(timings)} runs: build {median(builds):.3f} s (every translated "
        f"entry and the word index), {count[0]} queries {median(queries):.3f} s, together "
        f"{median(b + q for b, q in zip(builds, queries)):.3f} s wall, "
        f"{median(b + q for b, q in zip(build_cpu, query_cpu)):.3f} s CPU; "
        f"reading the catalogs, which update does anyway, {median(reads):.2f} s"
    )
    found = given["exact"] + given["translated"]
    kinds = ("exact", "translated", "near", "own", "none", "absent")
    print(
        f"on Microsoft's segmentation: {truth_new} sentences new to their article, {held} of them translated in "
        f"another article before the edit; the update gave them: "
        + ", ".join(f"{kind} {given[kind]}" for kind in kinds)
        + f" (once per article and English: {sum(distinct.values())} held; "
        + ", ".join(f"{kind} {distinct[kind]}" for kind in kinds)
        + ")"
    )
    print(
        f"translations of unchanged sentences (a segment of both of Microsoft's versions) lost with the memory on: "
        f"{lost} of {translated}"
    )
    exact_ok = found >= 228 and found == held
    share_ok = equal / n >= 128 / 1014
    print(
        f"targets: every one of the (at least 228) held sentences found, as an exact suggestion or kept "
        f"({found} of {held}: {'met' if exact_ok else 'NOT met'}); at least 12.6 % of new "
        f"sentences suggested as Microsoft published them ({'met' if share_ok else 'NOT met'})"
    )
    return 0 if exact_ok and share_ok and not lost else 1


if __name__ == "__main__":
    sys.exit(main())
