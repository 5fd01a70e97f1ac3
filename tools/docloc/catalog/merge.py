"""What every docloc merge does as ``msgmerge`` does, for the articles' catalogs (``workflows.update``)
and the interface catalogs (``site.interface``) alike: pure functions over entries, no I/O.

* changed English takes the translation of the most similar old English as a fuzzy suggestion
  (``closest``, ``seed_fuzzy``: msgmerge's ``#, fuzzy`` with ``#| msgid``);
* an old entry the template no longer has stays, obsolete (``#~``), when it holds a translator's
  work (``states.holds_work``), and an obsolete one stays as it is (``leftovers``): nothing a
  translator wrote is dropped.

Each merge decides which old entries it may suggest from and which it has used; these decide
the rest once.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Iterator, Sequence

import polib

from .po import copy_entry
from .states import FUZZY_FLAG, HEADER, entry_state, holds_work

FUZZY_THRESHOLD = 70.0  # rapidfuzz ratio (0-100); msgmerge's fuzzy matcher is of the same order


def closest(english: str, pool: Sequence[polib.POEntry]) -> polib.POEntry | None:
    """The entry of ``pool`` whose English is most like ``english`` (ratio at least ``FUZZY_THRESHOLD``), or None;
    the first of equals."""
    if not pool:
        return None
    from rapidfuzz import fuzz, process  # here: a merge with no changed English never needs it

    found = process.extractOne(english, [e.msgid for e in pool], scorer=fuzz.ratio, score_cutoff=FUZZY_THRESHOLD)
    return pool[found[2]] if found else None


def take_translation(entry: polib.POEntry, source: polib.POEntry) -> None:
    """``entry`` takes ``source``'s translation, its plural forms included (copied)."""
    entry.msgstr = source.msgstr
    entry.msgstr_plural = dict(source.msgstr_plural) if source.msgstr_plural else {}


def seed_fuzzy(entry: polib.POEntry, suggestion: polib.POEntry, previous_context: bool = True) -> None:
    """``entry`` (new English) takes ``suggestion``'s translation as a fuzzy draft, with the old English
    (``#| msgid``; its context too, unless ``previous_context`` is False) and the translator's comment."""
    take_translation(entry, suggestion)
    entry.flags = [FUZZY_FLAG]
    entry.previous_msgid = suggestion.msgid
    if previous_context and suggestion.msgctxt:
        entry.previous_msgctxt = suggestion.msgctxt
    entry.tcomment = suggestion.tcomment


def leftovers(old: Iterable[polib.POEntry], used: Collection[int]) -> Iterator[tuple[polib.POEntry, bool]]:
    """The old entries a merge keeps beyond those it used (``id`` in ``used``), as copies: each obsolete
    one as it is, and each other that holds a translator's work made obsolete (then True)."""
    for entry in old:
        if id(entry) in used or entry_state(entry) == HEADER:
            continue
        if entry.obsolete:
            yield copy_entry(entry), False
        elif holds_work(entry):
            gone = copy_entry(entry)
            gone.obsolete = True
            gone.occurrences = []
            yield gone, True
