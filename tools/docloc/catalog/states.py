"""The states of a catalog entry, defined once for every command (counted as pocount counts them).

* ``header``: the entry with an empty msgid (docloc's reader keeps it out of the entries, but
  code that builds catalogs may still meet one);
* ``obsolete``: a ``#~`` entry, a translation kept, not work to do;
* ``translated``: a non-empty msgstr (msgstr[0] for plural entries) without the fuzzy flag. A
  translation identical to its English counts as translated, as in pocount;
* ``fuzzy``: the fuzzy flag and a non-empty msgstr; a fuzzy entry with no translation is
  ``untranslated`` (pocount does the same);
* ``untranslated``: everything else.

Only a translated entry may be shown to readers or exported; these are also exactly the
entries ``msgfmt`` compiles.
"""

from __future__ import annotations

from typing import Protocol

TRANSLATED = "translated"
FUZZY = "fuzzy"
UNTRANSLATED = "untranslated"
OBSOLETE = "obsolete"
HEADER = "header"
FUZZY_FLAG = "fuzzy"


class EntryLike(Protocol):
    """What the states read from an entry (polib's ``POEntry`` has all of it)."""

    msgid: str
    msgid_plural: str
    msgstr: str
    msgstr_plural: dict
    flags: list[str]
    obsolete: bool


def translation(entry: EntryLike) -> str:
    """The text that decides whether an entry is translated: msgstr, or msgstr[0] of a plural entry."""
    return entry.msgstr_plural.get(0, "") if entry.msgid_plural else entry.msgstr


def entry_state(entry: EntryLike) -> str:
    """``translated``, ``fuzzy``, ``untranslated``, ``obsolete`` or ``header``."""
    if entry.obsolete:
        return OBSOLETE
    if not entry.msgid and getattr(entry, "msgctxt", None) is None:
        return HEADER
    if not translation(entry):
        return UNTRANSLATED
    return FUZZY if FUZZY_FLAG in entry.flags else TRANSLATED


def is_translated(entry: EntryLike) -> bool:
    """Whether a page may show this entry's translation: present, not fuzzy, not obsolete."""
    return entry_state(entry) == TRANSLATED


def has_text(entry: EntryLike) -> bool:
    """Whether an entry holds any translated text: a msgstr, or any plural form (fuzzy or not)."""
    return bool(entry.msgstr or any(entry.msgstr_plural.values()))


def holds_work(entry: EntryLike) -> bool:
    """Whether an entry holds a translator's work, to be kept (obsolete) when its English goes: any
    translation (a fuzzy draft, any plural form) or a translator comment."""
    return has_text(entry) or bool(getattr(entry, "tcomment", ""))


def is_fuzzy(entry: EntryLike) -> bool:
    return FUZZY_FLAG in entry.flags
