"""``catalog.merge``: what both merges (articles' catalogs and interface catalogs) do as msgmerge does."""

from __future__ import annotations

import polib

from docloc.catalog.merge import FUZZY_THRESHOLD, closest, leftovers, seed_fuzzy


def test_closest_takes_the_most_similar_english_above_the_threshold_only() -> None:
    pool = [polib.POEntry(msgid="Select Save.", msgstr="Vyberte Uložit."), polib.POEntry(msgid="Sign in.", msgstr="x")]
    assert closest("Select Save now.", pool) is pool[0]
    assert closest("Something else entirely", pool) is None
    assert closest("Select Save.", []) is None
    assert 0 < FUZZY_THRESHOLD < 100


def test_seed_fuzzy_keeps_the_old_english_and_the_translators_comment() -> None:
    suggestion = polib.POEntry(msgid="Old", msgstr="Staré", msgctxt="title", tcomment="checked with legal")
    entry = polib.POEntry(msgid="New")
    seed_fuzzy(entry, suggestion)
    assert (entry.msgstr, entry.flags, entry.previous_msgid, entry.previous_msgctxt) == (
        "Staré",
        ["fuzzy"],
        "Old",
        "title",
    )
    assert entry.tcomment == "checked with legal"
    other = polib.POEntry(msgid="New")
    seed_fuzzy(other, suggestion, previous_context=False)
    assert other.previous_msgctxt is None


def test_leftovers_keep_every_piece_of_work_obsolete_and_nothing_else() -> None:
    used = polib.POEntry(msgid="Used", msgstr="Použito")
    plural = polib.POEntry(msgid="%d file", msgid_plural="%d files")
    plural.msgstr_plural = {0: "", 1: "%d soubory", 2: ""}  # one form translated: work
    old = [
        used,
        polib.POEntry(msgid="Translated", msgstr="Přeloženo", occurrences=[("a.md", "3")]),
        polib.POEntry(msgid="Fuzzy draft", msgstr="Návrh", flags=["fuzzy"]),
        polib.POEntry(msgid="Only a note", tcomment="ask the writer"),
        polib.POEntry(msgid="Nothing", msgstr=""),
        polib.POEntry(msgid="Long gone", msgstr="Dávno", obsolete=True),
        polib.POEntry(msgctxt="a context", msgid="", msgstr="prázdné msgid"),  # not a header: msgctxt
        plural,
    ]
    kept = {entry.msgid: (entry, made) for entry, made in leftovers(old, {id(used)})}
    assert set(kept) == {"Translated", "Fuzzy draft", "Only a note", "Long gone", "", "%d file"}
    assert all(entry.obsolete for entry, _ in kept.values())
    assert kept["Translated"][0].occurrences == [] and kept["Translated"][1] is True
    assert kept["Long gone"][1] is False  # already obsolete: not counted again
    assert old[1].obsolete is False  # copies: the old catalog is not changed
