"""Property: any catalog docloc can write is read back the same, and msgfmt accepts it.

Catalogs are generated with arbitrary Unicode text (everything but NUL, EOT and lone
surrogates, which no PO file can hold: the writer must refuse those, tested too), characters
worth escaping or that other readers take for line ends (backslash, quotes, C0 controls,
U+2028, U+2029, NEL), comments, flags, contexts, plural forms, previous msgids, obsolete entries
and file references with spaces. Each is written with docloc's writer and, where polib's own
writer can write it, with plain polib; ``parse_po`` must read both back to the same catalog.
A sample is also checked with ``msgfmt --check`` and compiled by msgfmt to the same messages.
Deterministic (``derandomize``) and bounded to a few seconds.
"""

from __future__ import annotations

import string
import tempfile
from pathlib import Path

import polib
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import gettext_oracle as oracle
from conftest import entry_record
from docloc.catalog.po import catalog_text, new_entry, new_pofile, parse_po, polib_text
from docloc.catalog.states import is_translated
from docloc.errors import DoclocError

SPECIAL = ["\\", '"', "\\n", "\a", "\b", "\f", "\v", "\r", "\t", "\x1b", "\x1c", "\x1e", "\x7f", "\x85"]
SPECIAL += ["\u2028", "\u2029", "\ufeff", "\u2068", "\u2069", "é", "😀", "\u05d0", "#", "#~", "msgid", "%s", "\n"]
CHARACTERS = st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00\x04")
TEXT = st.lists(st.one_of(st.text(CHARACTERS, max_size=12), st.sampled_from(SPECIAL)), max_size=5).map("".join)
LINE = TEXT.map(lambda text: text.replace("\n", " ")).filter(lambda line: not line.endswith("\\"))
COMMENT = st.lists(LINE, min_size=1, max_size=3).map("\n".join)
TRICKY_COMMENTS = st.sampled_from(
    ["File: a.c, line:3", "file: x y.md, line number:12", ",fuzzy", ":ref.c:3", ".dot", "~tilde", "|pipe", ""]
)
PATH = st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00\x04\n\u2069"), min_size=1)
PATH = st.one_of(PATH, st.sampled_from(["docs/en/příliš žluťoučký kůň.md", "a:b", "tab\there.md", "x:12", "f:"]))
FLAGS = st.lists(st.sampled_from(["fuzzy", "no-c-format", "no-wrap", "wrap", "range: 1..5", "no-python-format"]))
PLURAL_FORMS = {2: "nplurals=2; plural=(n != 1);", 3: "nplurals=3; plural=(n==1) ? 0 : (n>=2 && n<=4) ? 1 : 2;"}


def _match_newlines(text: str, msgid: str) -> str:
    """``text`` with a line feed at either end exactly where msgid has one (msgfmt --check wants that)."""
    text = text.strip("\n")
    if not text:
        return text
    return ("\n" if msgid.startswith("\n") else "") + text + ("\n" if msgid.endswith("\n") else "")


@st.composite
def entries(draw: st.DrawFn, nplurals: int, key: tuple[str | None, str]) -> polib.POEntry:
    msgctxt, msgid = key
    obsolete = draw(st.booleans())
    plural = draw(st.booleans())
    flags = list(dict.fromkeys(draw(FLAGS)))
    entry = new_entry(msgid, "", msgctxt, flags=flags, obsolete=obsolete)
    if plural:
        entry.msgid_plural = _match_newlines(draw(TEXT), msgid) or _match_newlines("plural", msgid)
        forms = [_match_newlines(draw(TEXT), msgid) for _ in range(nplurals)]
        if forms[0] and msgid and "\n" in (msgid[0], msgid[-1]):
            forms = [form or _match_newlines("x", msgid) for form in forms]  # msgfmt checks every form's ends
        entry.msgstr_plural = dict(enumerate(forms))
    else:
        entry.msgstr = _match_newlines(draw(TEXT), msgid)
    entry.tcomment = draw(st.one_of(st.just(""), COMMENT, TRICKY_COMMENTS))
    if not obsolete:
        entry.comment = draw(st.one_of(st.just(""), COMMENT))
        lines = st.one_of(st.just(""), st.integers(0, 99999).map(str))
        entry.occurrences = draw(st.lists(st.tuples(PATH, lines), max_size=3))
    if draw(st.booleans()):
        entry.previous_msgid = draw(TEXT)
        if draw(st.booleans()):
            entry.previous_msgctxt = draw(TEXT)
    return entry


@st.composite
def catalogs(draw: st.DrawFn) -> polib.POFile:
    nplurals = draw(st.sampled_from([2, 3]))
    po = new_pofile()
    po.header = draw(st.one_of(st.just(""), COMMENT, TRICKY_COMMENTS))
    po.metadata = {
        "Project-Id-Version": "property 1.0",
        "PO-Revision-Date": "2024-01-02 03:04+0000",
        "Last-Translator": "Tester <t@example.org>",
        "Language-Team": "Czech",
        "Language": "cs",
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
        "Plural-Forms": PLURAL_FORMS[nplurals],
    }
    value = draw(LINE).strip()
    if value and ":" not in value[:1]:
        po.metadata["X-Property"] = value
    po.metadata_is_fuzzy = draw(st.booleans())
    keys = draw(
        st.lists(
            st.tuples(st.one_of(st.none(), TEXT), TEXT).filter(lambda key: key != (None, "")),
            max_size=6,
            unique=True,
        )
    )
    for key in keys:
        po.append(draw(entries(nplurals, key)))
    return po


def reading(po: polib.POFile) -> dict:
    active = [entry_record(e) for e in po if not e.obsolete]
    return {
        "entries": active + [entry_record(e) for e in po if e.obsolete],  # both writers put obsolete entries last
        "header": po.header,
        "metadata": dict(po.metadata),
        "fuzzy": bool(po.metadata_is_fuzzy),
    }


def _polib_can_write(po: polib.POFile) -> bool:
    """polib's writer is right unless a file name needs isolating, a header line starts with ',' or ':',
    or a translator comment line looks like a Solaris file reference (docloc's writer handles these)."""
    if any(line[:1] in (",", ":") for line in po.header.split("\n")):
        return False
    for entry in po:
        if any(
            " " in path or "\t" in path or path.endswith(":") or path[-1:].isdigit() for path, _ in entry.occurrences
        ):
            return False
        if any(line.lower().startswith("file:") for line in entry.tcomment.split("\n")):
            return False
    return not any(line.lower().startswith("file:") for line in po.header.split("\n"))


SETTINGS = settings(
    max_examples=150, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow], database=None
)


@SETTINGS
@given(catalogs())
def test_written_catalogs_are_read_back_the_same(po: polib.POFile) -> None:
    text = catalog_text(po)
    assert reading(parse_po(text, "written.po")) == reading(po)
    assert reading(parse_po(text.encode("utf-8"), "written.po")) == reading(po)
    assert catalog_text(parse_po(text, "written.po")) == text
    if _polib_can_write(po):
        po.wrapwidth = 0
        assert reading(parse_po(str(po), "polib.po")) == reading(po)


@SETTINGS
@given(catalogs())
def test_the_fast_writer_writes_what_polibs_writer_writes(po: polib.POFile) -> None:
    po.wrapwidth = 0
    assert polib_text(po) == str(po)


@settings(max_examples=12, deadline=None, derandomize=True, database=None)
@given(catalogs())
def test_msgfmt_accepts_written_catalogs_and_compiles_the_same_messages(po: polib.POFile) -> None:
    with tempfile.TemporaryDirectory(prefix="docloc-property-") as folder:
        path = Path(folder) / "written.po"
        path.write_text(catalog_text(po), encoding="utf-8")
        _compare_with_msgfmt(path, po)


def _compare_with_msgfmt(path: Path, po: polib.POFile) -> None:
    ok, messages = oracle.msgfmt_check(path)
    assert ok, messages
    compiled = oracle.oracle_messages(path)
    compiled.pop((None, ""))
    ours = {
        (e.msgctxt, e.msgid): (
            tuple(e.msgstr_plural[i] for i in sorted(e.msgstr_plural)) if e.msgid_plural else e.msgstr
        )
        for e in po
        if is_translated(e)
    }
    assert compiled == ours


@settings(max_examples=50, deadline=None, derandomize=True, database=None)
@given(catalogs(), st.sampled_from(["\x00", "\x04"]), st.sampled_from(["msgid", "msgstr", "msgctxt", "previous_msgid"]))
def test_text_po_cannot_hold_is_refused_naming_the_entry(po: polib.POFile, bad: str, field: str) -> None:
    entry = new_entry("carrier", "nosič", None)
    po.append(entry)
    setattr(entry, field, f"before{bad}after")
    with pytest.raises(DoclocError, match="cannot write the entry"):
        catalog_text(po)


def test_the_sample_is_not_trivial() -> None:
    """The generator reaches the cases the writer exists for (a guard against a strategy that drifted)."""
    seen: set[str] = set()

    @SETTINGS
    @given(catalogs())
    def collect(po: polib.POFile) -> None:
        text = catalog_text(po)
        for mark, present in (
            ("isolated", "\u2068" in text),
            ("obsolete", "#~ msgid" in text),
            ("plural", "msgstr[1]" in text),
            ("previous", "#| msgid" in text),
            ("control", any(c in text for c in "\a\x1c\u2028")),
            ("escape", '\\"' in text or "\\\\" in text),
            ("fuzzy", "#, fuzzy" in text),
        ):
            if present:
                seen.add(mark)

    collect()
    assert seen == {"isolated", "obsolete", "plural", "previous", "control", "escape", "fuzzy"}


def test_characters_of_the_strategy_exclude_only_what_po_cannot_hold() -> None:
    excluded = {c for c in map(chr, range(0x80)) if c in "\x00\x04"}
    assert excluded == {"\x00", "\x04"}
    assert set(string.printable) <= {c for c in map(chr, range(0x80))} - excluded
    assert Path(__file__).name == "test_catalog_property.py"
