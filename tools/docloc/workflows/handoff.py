"""Re-importing a hand-off over a catalog a translator has worked on: a three-way merge.

The *base* is the catalog the last import of this article built from its hand-off, before
merging it with the catalog on disk (``Project.handoff_base``: ``.docloc-handoff/<lang>/``, written
by the import only, untouched by ``update``, committed with the project). Against it,
each entry of the new hand-off (*theirs*) and of the catalog on disk (*ours*) says who changed
what since the last import:

- the translator changed it (translation, fuzzy flag, other flags or translator comments) and
  the hand-off did not: the translator's entry stays, whole;
- the hand-off changed its translation and the translator did not: the hand-off's is taken;
- both changed it: the translator's entry stays, and the hand-off's translation becomes a
  suggestion, a translator comment ``docloc-suggestion: "…"`` that PO editors show beside the
  entry; the import reports each one. The entry is not made fuzzy: what the translator
  published stays published.

English that was not in the last hand-off (a writer's edit since, merged by ``update``) has no
base: a translation the translator wrote or confirmed counts as theirs to keep, while
``update``'s own fuzzy guess (fuzzy, with the old English as ``#| msgid``) gives way to the
hand-off's translation of the exact English. Without any base (a catalog imported before base
files existed, or made by ``update``), every translation on disk counts as the translator's.
Nothing is replaced silently; English the hand-off no longer has keeps its translation as an
obsolete entry.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field

import polib

SUGGESTION = "docloc-suggestion:"

Key = tuple[str | None, str]


@dataclass
class HandoffMerge:
    """What a re-import did with the entries the catalog on disk already had."""

    handoff: int = 0  # the hand-off changed the translation, the translator had not: taken
    translator: int = 0  # the translator changed the entry, the hand-off had not: kept
    both: int = 0  # both changed it: the translator's kept, the hand-off's a suggestion
    obsolete: int = 0  # translations whose English the hand-off no longer has, kept as obsolete
    conflicts: list[Key] = field(default_factory=list)  # the entries both changed


def _translation(entry: polib.POEntry) -> tuple[str, bool]:
    return entry.msgstr, "fuzzy" in entry.flags


def own_comment(tcomment: str) -> str:
    """A translator comment without docloc's suggestion lines."""
    if SUGGESTION not in tcomment:
        return tcomment
    return "\n".join(line for line in tcomment.split("\n") if not line.startswith(SUGGESTION))


def suggestion(tcomment: str) -> str | None:
    """The hand-off's translation a ``docloc-suggestion`` line holds, if any."""
    for line in tcomment.split("\n"):
        if line.startswith(SUGGESTION):
            try:
                value = json.loads(line[len(SUGGESTION) :])
            except json.JSONDecodeError:
                return None
            return value if isinstance(value, str) else None
    return None


def _notes(entry: polib.POEntry) -> tuple[tuple[str, ...], str]:
    """What a translator adds besides the translation: flags other than fuzzy, and comments."""
    return tuple(sorted(flag for flag in entry.flags if flag != "fuzzy")), own_comment(entry.tcomment)


_NO_NOTES: tuple[tuple[str, ...], str] = ((), "")


def _keep_ours(new: polib.POEntry, ours: polib.POEntry, comment: str | None = None) -> None:
    """The translator's entry (translation, flags, comments, previous English) in the hand-off's place."""
    new.msgstr = ours.msgstr
    new.flags = list(ours.flags)
    new.tcomment = own_comment(ours.tcomment) if comment is None else comment
    new.previous_msgid = ours.previous_msgid
    new.previous_msgctxt = ours.previous_msgctxt


def _changed_by_translator(ours: polib.POEntry, base: polib.POEntry | None, has_base: bool) -> bool:
    if base is not None:
        return _translation(ours) != _translation(base) or _notes(ours) != _notes(base)
    if _notes(ours) != _NO_NOTES:
        return True
    if not ours.msgstr:
        return False
    # English new since the last hand-off: update's fuzzy guess (with the old English) is not the translator's.
    guessed = "fuzzy" in ours.flags and ours.previous_msgid is not None
    return not (has_base and guessed)


def merge_handoff(theirs: polib.POFile, ours: polib.POFile, base: polib.POFile | None) -> HandoffMerge:
    """Merge the catalog on disk (``ours``) into the new hand-off's (``theirs``, changed in place)."""
    outcome = HandoffMerge()
    base_entries: dict[Key, polib.POEntry] = {}
    if base is not None:
        base_entries = {(e.msgctxt, e.msgid): e for e in base if not e.obsolete and e.msgid}
    incoming = {(e.msgctxt, e.msgid): e for e in theirs if not e.obsolete}
    gone = {(e.msgctxt, e.msgid): e for e in theirs if e.obsolete}
    for entry in ours:
        key = (entry.msgctxt, entry.msgid)
        new = incoming.get(key)
        if not entry.msgid:
            continue  # the header: the hand-off's
        if new is None:
            _keep_as_obsolete(theirs, entry, gone, outcome)
        elif entry.obsolete:
            _revive(new, entry)
        else:
            _merge_entry(new, entry, base_entries.get(key), base is not None, outcome)
    return outcome


def _merge_entry(
    new: polib.POEntry, ours: polib.POEntry, base: polib.POEntry | None, has_base: bool, outcome: HandoffMerge
) -> None:
    if _translation(ours) == _translation(new):
        previous = (new.previous_msgid, new.previous_msgctxt)
        _keep_ours(new, ours)  # the same translation: the translator's flags and comments stay
        if previous[0] is not None:
            new.previous_msgid, new.previous_msgctxt = previous
        return
    ours_changed = _changed_by_translator(ours, base, has_base)
    theirs_changed = base is None or _translation(new) != _translation(base)
    if not ours_changed:
        outcome.handoff += 1
        return  # the hand-off's entry as it is
    if not theirs_changed or not new.msgstr:
        outcome.translator += 1
        _keep_ours(new, ours, ours.tcomment)  # a suggestion not yet settled stays too
        return
    outcome.both += 1
    outcome.conflicts.append((new.msgctxt, new.msgid))
    note = f"{SUGGESTION} {json.dumps(new.msgstr, ensure_ascii=False)}"
    _keep_ours(new, ours, "\n".join(filter(None, [own_comment(ours.tcomment), note])))


def _revive(new: polib.POEntry, ours: polib.POEntry) -> None:
    """English the catalog had only as obsolete is back: its old translation is offered, never dropped."""
    if ours.tcomment and not new.tcomment:
        new.tcomment = ours.tcomment
    if not ours.msgstr or ours.msgstr == new.msgstr:
        return
    if not new.msgstr:
        new.msgstr, new.flags = ours.msgstr, ["fuzzy"]  # to review: its English had gone
        return
    note = f"{SUGGESTION} {json.dumps(ours.msgstr, ensure_ascii=False)}"
    new.tcomment = "\n".join(filter(None, [own_comment(new.tcomment), note]))


def _keep_as_obsolete(
    theirs: polib.POFile, ours: polib.POEntry, gone: dict[Key, polib.POEntry], outcome: HandoffMerge
) -> None:
    """English the hand-off does not have: a translation or comment on it stays, as an obsolete entry."""
    if not (ours.obsolete or ours.msgstr or ours.tcomment):
        return
    key = (ours.msgctxt, ours.msgid)
    already = gone.get(key)
    if already is not None:
        if already.msgstr == ours.msgstr or not ours.msgstr:
            return
        theirs.remove(already)  # the translator's translation wins among obsolete ones; the other is noted
        if already.msgstr:
            note = f"{SUGGESTION} {json.dumps(already.msgstr, ensure_ascii=False)}"
            ours.tcomment = "\n".join(filter(None, [own_comment(ours.tcomment), note]))
    if not ours.obsolete:
        outcome.obsolete += 1
    ours.obsolete = True
    ours.occurrences = []
    theirs.append(ours)
    gone[key] = ours
