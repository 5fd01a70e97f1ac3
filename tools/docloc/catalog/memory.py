"""A translation memory: every translated sentence of one language, indexed once, queried per entry.

gettext has ``msgmerge --compendium``, translate-toolkit ``pretranslate --tm``, Weblate its TM
scopes: a sentence translated in one article should be offered wherever the same (or nearly the
same) English appears in another. This module holds the data and the two look-ups; which
catalogs feed it and how suggestions land in a catalog is ``workflows/memory.py``'s business.

- **Exact**: the same English. Its translations are ranked by use (occurrences on pages, or a
  TMX unit's ``usagecount``), then by how many files use them, then by where they were seen
  first (catalogs are added in file order), so ties are broken the same way on every run.
- **Near**: the most similar English, by rapidfuzz's ``ratio`` (Indel similarity, 0-100), at or
  above ``NEAR_THRESHOLD``. ``NEAR_THRESHOLD`` was measured on the 283 cs-cz history pairs
  (``benchmarks/memory_history.py --calibrate``): from a score of 70 up, most suggestions spare
  at least half of the typing of Microsoft's later translation; below 70 fewer than one in five do.

Comparing a query with every English of a locale (21 000 texts for cs-cz) costs milliseconds
per query, so near matches go through a word index built once: the English sorted by length (the
lengths that can reach the threshold are one slice) and, per word, where it occurs. The
candidates are the texts of that slice sharing the query's rarest words, up to
``CANDIDATE_BUDGET`` of them, and rapidfuzz ranks those. This finds the same best match as
comparing with everything for 99 % of the queries on the corpus (the benchmark measures it); the
rest are short texts whose every word is common.
"""

from __future__ import annotations

import re
import time
from bisect import bisect_left, bisect_right
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from operator import itemgetter
from typing import NamedTuple

import polib

from .states import is_translated

NEAR_THRESHOLD = 70.0
CANDIDATE_BUDGET = 500
_WORD = re.compile(r"\w+")
_INDEXED_WORD = re.compile(r"\w\w+")


class Use(NamedTuple):
    """Where a translation is used: a file (project-relative) and the line of its entry (0: none)."""

    file: str
    line: int = 0

    def __str__(self) -> str:
        return f"{self.file}:{self.line}" if self.line else self.file


@dataclass(slots=True)
class Variant:
    """One translation of an English text, with how often and where it is used."""

    text: str
    count: int = 0
    uses: list[Use] = field(default_factory=list)
    order: int = 0  # when it was first seen: the last tie-breaker

    @property
    def files(self) -> int:
        return len({use.file for use in self.uses})


@dataclass(frozen=True, slots=True)
class Suggestion:
    """What the memory offers for a query: the English it holds, its best translation, the score,
    and every translation of that English (best first) so callers can name disagreements."""

    source: str
    variants: tuple[Variant, ...]
    score: float = 100.0

    @property
    def target(self) -> str:
        return self.variants[0].text

    @property
    def exact(self) -> bool:
        return self.score >= 100.0

    @property
    def tied(self) -> bool:
        """Whether the chosen translation is used as often, in as many files, as the next one (file order chose)."""
        if len(self.variants) < 2:
            return False
        first, second = self.variants[0], self.variants[1]
        return first.count == second.count and first.files == second.files


def _rank(variant: Variant) -> tuple[int, int, int]:
    return (-variant.count, -variant.files, variant.order)


class TranslationMemory:
    """The translations of one language, by English text."""

    def __init__(self, language: str) -> None:
        self.language = language
        self._units: dict[str, dict[str, Variant]] = {}
        self._ranked: dict[str, tuple[Variant, ...]] = {}
        self._seen = 0
        self._index: dict[str, list[int]] | None = None
        self._sources: list[str] = []
        self._lengths: list[int] = []
        # Wall and CPU time of adding units and building the word index, and of the near queries
        # (CPU time says what the memory costs on a machine busy with other work).
        self.build_seconds = self.build_cpu = 0.0
        self.query_seconds = self.query_cpu = 0.0
        self.queries = 0

    # --- building ---------------------------------------------------------------------------
    def add(self, source: str, target: str, use: Use, count: int = 1) -> None:
        """One translation of ``source``, used ``count`` times at ``use``."""
        if source and target:
            self._add(source, target, use, count)
            self._ranked.clear()
            self._index = None

    def _add(self, source: str, target: str, use: Use, count: int) -> None:
        variants = self._units.get(source)
        if variants is None:
            variants = self._units[source] = {}
        variant = variants.get(target)
        if variant is None:
            self._seen += 1
            variant = variants[target] = Variant(target, order=self._seen)
        variant.count += count if count > 0 else 1
        variant.uses.append(use)

    def add_catalog(self, entries: Iterable[polib.POEntry], file: str, skip_contexts: Iterable[str] = ()) -> int:
        """Every translated entry of a catalog (``read_catalog``'s).

        Fuzzy, obsolete and plural entries are not translations anyone approved or that one text
        can stand for; entries whose context is in ``skip_contexts`` (front-matter fields, whose
        English docloc derives rather than a translator translated) are left out. Each entry counts
        once per occurrence on its page. Returns how many entries were added.
        """
        started, cpu = time.perf_counter(), time.process_time()
        skipped = frozenset(skip_contexts)
        added = 0
        add = self._add
        for entry in entries:
            if (
                entry.msgid_plural
                or not is_translated(entry)
                or (entry.msgctxt is not None and entry.msgctxt in skipped)
            ):
                continue
            add(entry.msgid, entry.msgstr, Use(file, entry.linenum or 0), len(entry.occurrences))
            added += 1
        if added:
            self._ranked.clear()
            self._index = None
        self.build_seconds += time.perf_counter() - started
        self.build_cpu += time.process_time() - cpu
        return added

    # --- reading ----------------------------------------------------------------------------
    def __len__(self) -> int:
        return len(self._units)

    def __contains__(self, source: str) -> bool:
        return source in self._units

    def variants(self, source: str) -> tuple[Variant, ...]:
        """Every translation of ``source``, most used first (empty when the memory has none)."""
        ranked = self._ranked.get(source)
        if ranked is None:
            found = self._units.get(source)
            if not found:
                return ()
            ranked = self._ranked[source] = tuple(sorted(found.values(), key=_rank))
        return ranked

    def items(self) -> Iterator[tuple[str, tuple[Variant, ...]]]:
        """(English, its translations best first), in the order the English was first added."""
        for source in self._units:
            yield source, self.variants(source)

    def exact(self, source: str) -> Suggestion | None:
        """The translations of exactly this English, or None."""
        variants = self.variants(source)
        return Suggestion(source, variants) if variants else None

    def near(self, source: str, threshold: float = NEAR_THRESHOLD, exclude_exact: bool = True) -> Suggestion | None:
        """The most similar English the memory holds (ratio >= ``threshold``), or None.

        ``exclude_exact`` leaves out the query's own English, so a near match is never the exact one.
        """
        started, cpu = time.perf_counter(), time.process_time()
        try:
            choices = self._candidates(source, threshold)
            if exclude_exact and source in self._units:
                choices = [c for c in choices if c != source]
            if not choices:
                return None
            from rapidfuzz import fuzz, process  # here: ``docloc extract`` loads this module, rarely asks it this

            found = process.extractOne(source, choices, scorer=fuzz.ratio, score_cutoff=threshold)
        finally:
            self.queries += 1
            self.query_seconds += time.perf_counter() - started
            self.query_cpu += time.process_time() - cpu
        if not found:
            return None
        english, score, _ = found
        return Suggestion(english, self.variants(english), float(score))

    def _candidates(self, source: str, threshold: float) -> list[str]:
        """The memory's English that may score ``threshold`` against ``source``: of the texts whose
        length allows it, those sharing the query's rarest words, up to ``CANDIDATE_BUDGET`` of them
        (all the texts of that length when the query has no word the index knows)."""
        if self._index is None:
            self._build_index()
        index, lengths, sources = self._index, self._lengths, self._sources
        assert index is not None
        # ratio = 2 * common / (len(a) + len(b)) >= r bounds len(b) to [len(a) * r / (2 - r), len(a) * (2 - r) / r].
        r = max(threshold, 1.0) / 100.0
        low = bisect_left(lengths, len(source) * r / (2 - r))
        high = bisect_right(lengths, len(source) * (2 - r) / r)
        postings = []
        for word in set(_WORD.findall(source.lower())):
            posting = index.get(word)
            if posting:
                within = posting[bisect_left(posting, low) : bisect_left(posting, high)]
                if within:
                    postings.append(within)
        postings.sort(key=len)
        chosen: set[int] = set()
        for posting in postings:
            if chosen and len(chosen) + len(posting) > CANDIDATE_BUDGET:
                break
            chosen.update(posting)
        if not chosen:
            return sources[low:high]
        if len(chosen) == 1:
            return [sources[next(iter(chosen))]]
        return list(itemgetter(*sorted(chosen))(sources))

    def _build_index(self) -> None:
        """Sources sorted by length (so a length band is a slice) and, per word, the sorted positions
        of the sources holding it. One-letter words are left out: they are in most texts, so the
        candidate budget never reaches them."""
        started, cpu = time.perf_counter(), time.process_time()
        sources = self._sources = sorted(self._units, key=len)
        self._lengths = [len(s) for s in sources]
        index: defaultdict[str, list[int]] = defaultdict(list)
        findall = _INDEXED_WORD.findall
        for number, text in enumerate(sources):
            for word in set(findall(text.lower())):
                index[word].append(number)
        self._index = dict(index)
        self.build_seconds += time.perf_counter() - started
        self.build_cpu += time.process_time() - cpu

    def prepare(self) -> None:
        """Build the word index now (it is otherwise built by the first near query)."""
        if self._index is None:
            self._build_index()
