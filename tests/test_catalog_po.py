"""docloc's one PO reader and writer (docloc.catalog.po) against GNU gettext, the oracle.

Every valid fixture is read as GNU gettext reads it: the messages msgfmt compiles (every entry,
untranslated and obsolete ones included, through ``oracle_catalog``), and the whole entries
(comments, flags, references, previous msgids, obsolete entries) compared with the reading of
``msgcat``'s canonical rewrite of the same file. Every invalid fixture is refused with a located
``DoclocError`` at the line of the defect (``MANIFEST.json``: msgfmt's line, or a better one).
The pattern path of the reader is compared with its token grammar on every fixture and on every
catalog of the corpus.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path

import polib
import pytest

import gettext_oracle as oracle
from conftest import entry_record
from corpus_paths import import_folder, require_corpus
from docloc.catalog.conventions import add_template_entries
from docloc.catalog.plural import PluralError, parse_expression, plural_rule, same_plural_rule
from docloc.catalog.po import (
    TemplateEntry,
    catalog_text,
    new_entry,
    new_pofile,
    parse_po,
    polib_text,
    read_catalog,
    template_catalog_text,
)
from docloc.catalog.states import entry_state
from docloc.errors import DoclocError

FIXTURES = oracle.FIXTURES
MANIFEST = json.loads((FIXTURES / "MANIFEST.json").read_text(encoding="ascii"))
VALID = oracle.valid_fixtures()
INVALID = oracle.invalid_fixtures()
NEWER_READING = {  # where gettext versions differ, docloc reads as the newest does: (from which version, what)
    "flags_multiple_lines.po": ((0, 26), "several '#,' lines add up (older versions keep the last)"),
    "references_isolated_filenames.po": ((0, 22), "U+2068 NAME U+2069 is one file name"),
    "crlf_line_endings.po": ((0, 24), "CR LF is read as LF (older versions keep the CR in comments and references)"),
}


def _ids(paths: list[Path]) -> list[str]:
    return [path.name for path in paths]


def reading(po: polib.POFile, *, lines: bool = False) -> dict:
    entries = [entry_record(entry) + ((entry.linenum,) if lines else ()) for entry in po]
    return {
        "entries": sorted(entries, key=lambda item: item[0]),  # msgcat writes obsolete entries last
        "header": po.header,
        "metadata": dict(po.metadata),
        "fuzzy_header": bool(po.metadata_is_fuzzy),
    }


def _value(entry: polib.POEntry) -> str | tuple[str, ...]:
    if entry.msgid_plural:
        return tuple(entry.msgstr_plural[index] for index in sorted(entry.msgstr_plural))
    return entry.msgstr


def _header_fields(text: str) -> dict[str, str]:
    """The header's fields as polib parses them (``POFile.metadata``), from the oracle's header text."""
    fields: dict[str, str] = {}
    key = None
    for line in text.split("\n"):
        if not line:
            continue
        name, colon, value = line.partition(":")
        if colon:
            key = name
            fields[key] = value.strip()
        elif key is not None:
            fields[key] += "\n" + line.strip()
    return fields


# ------------------------------------------------------------------------- valid fixtures


@pytest.mark.parametrize("path", VALID, ids=_ids(VALID))
def test_valid_fixture_is_read_as_msgfmt_reads_it(path: Path) -> None:
    """Messages, plural forms, msgid_plural, fuzziness and obsolete entries: as GNU gettext compiles them."""
    po = read_catalog(path)
    want = oracle.oracle_catalog(path)
    active = [entry for entry in po if not entry.obsolete]
    obsolete = [entry for entry in po if entry.obsolete]
    assert {(e.msgctxt, e.msgid): _value(e) for e in active} == {
        key: value for key, value in want.messages.items() if key != (None, "")
    }
    # msgfmt leaves POT-Creation-Date out of the header it compiles
    assert {k: v for k, v in po.metadata.items() if k != "POT-Creation-Date"} == _header_fields(want.header or "")
    assert {(e.msgid_plural and (e.msgctxt, e.msgid)) or None for e in active} - {None} == set(want.msgid_plural)
    assert {(e.msgctxt, e.msgid): e.msgid_plural for e in active if e.msgid_plural} == want.msgid_plural
    assert {(e.msgctxt, e.msgid): _value(e) for e in obsolete} == want.obsolete
    assert {(e.msgctxt, e.msgid): e.msgid_plural for e in obsolete if e.msgid_plural} == want.obsolete_msgid_plural
    fuzzy = {(e.msgctxt, e.msgid) for e in active if "fuzzy" in e.flags}
    obsolete_fuzzy = {(e.msgctxt, e.msgid) for e in obsolete if "fuzzy" in e.flags}
    if path.name == "flags_multiple_lines.po" and oracle.gettext_version_tuple() < (0, 26):
        assert fuzzy == set(want.fuzzy) | {(None, "%d fuzzy line first")}  # the newer reading
        assert next(e for e in po if e.msgid == "%d fuzzy line last").flags == ["c-format", "fuzzy"]
    else:
        assert fuzzy == set(want.fuzzy)
    assert obsolete_fuzzy == set(want.obsolete_fuzzy)
    # msgfmt compiles exactly the translated entries
    compiled = {(e.msgctxt, e.msgid): _value(e) for e in active if entry_state(e) == "translated"}
    expected = {key: value for key, value in oracle.oracle_messages(path).items() if key != (None, "")}
    if path.name != "flags_multiple_lines.po":
        assert compiled == expected


@pytest.mark.parametrize(
    "path",
    [p for p in VALID if not MANIFEST["valid"][p.name].get("msgcat_rejects")],
    ids=_ids([p for p in VALID if not MANIFEST["valid"][p.name].get("msgcat_rejects")]),
)
def test_valid_fixture_entries_are_read_as_gnu_writes_them(path: Path, tmp_path: Path) -> None:
    """Comments, flags, references, previous msgids: our reading of the file equals our reading of msgcat's
    rewrite of it (msgcat writes GNU gettext's own reading canonically)."""
    ours = reading(read_catalog(path))
    canonical = reading(parse_po(oracle.oracle_normalized_bytes(path), "msgcat"))
    if path.name == "untranslated_and_fuzzy_empty.po":
        # msgcat does not write '#, fuzzy' on an empty msgstr, though GNU holds the entry fuzzy
        ours["entries"] = [e if e[4] or e[5] else e[:6] + ((),) + e[7:] for e in ours["entries"]]
    if path.name == "references_forms.po":
        # msgcat's own output is no fixed point here (see the manifest): compare with --strict's listing
        forms = oracle.oracle_normalized(path, strict=True)
        listed = re.findall(r"^# File: (.*), line: (-?\d+)$", forms, re.M)
        occurrences = [o for e in read_catalog(path) for o in e.occurrences]
        assert occurrences == [(name, "" if line == "-1" else line) for name, line in listed]
        return
    if path.name in NEWER_READING and oracle.gettext_version_tuple() < NEWER_READING[path.name][0]:
        if path.name == "references_isolated_filenames.po":
            occurrences = [o for e in read_catalog(path) for o in e.occurrences]
            assert ("docs/my page.md", "12") in occurrences
            assert ("name with\ttab.md", "") in occurrences
            assert ("no line number.md", "") in occurrences
        if path.name == "crlf_line_endings.po":  # as GNU reads the same file with LF line ends
            lf = tmp_path / "lf.po"
            lf.write_bytes(path.read_bytes().replace(b"\r\n", b"\n"))
            assert ours == reading(read_catalog(lf)) == reading(parse_po(oracle.oracle_normalized_bytes(lf), "msgcat"))
            assert [o for e in read_catalog(path) for o in e.occurrences] == [
                ("src/a.c", "12"),
                ("src/b.c", "34"),
                ("src/c.c", "56"),
            ]
        return
    assert ours == canonical


def test_line_numbers_are_the_lines_of_the_msgid_keywords() -> None:
    po = read_catalog(FIXTURES / "valid" / "continuation_same_line.po")
    text = (FIXTURES / "valid" / "continuation_same_line.po").read_text(encoding="utf-8").split("\n")
    for entry in po:
        assert "msgid" in text[entry.linenum - 1], (entry.msgid, entry.linenum)
    po = read_catalog(FIXTURES / "valid" / "keyword_backslash_newline.po")
    spliced = next(e for e in po if e.msgid == "spliced keyword")
    assert (
        (FIXTURES / "valid" / "keyword_backslash_newline.po")
        .read_text(encoding="utf-8")
        .split("\n")[spliced.linenum - 1]
        .startswith("msg\\")
    )


@pytest.mark.parametrize("path", VALID, ids=_ids(VALID))
def test_the_pattern_path_reads_every_fixture_as_the_grammar_does(path: Path) -> None:
    data = path.read_bytes()
    assert reading(parse_po(data, path.name), lines=True) == reading(parse_po(data, path.name, fast=False), lines=True)


@pytest.mark.parametrize("path", INVALID, ids=_ids(INVALID))
def test_the_pattern_path_refuses_every_invalid_fixture_as_the_grammar_does(path: Path) -> None:
    """The pattern path hands the rest of the file to the grammar at an entry's end: the grammar must say
    the same there as when it reads the whole file (an orphan msgstr after a blank line was "a second
    msgstr in one entry" from the start and "msgstr with no msgid before it" after the hand-over)."""
    data = path.read_bytes()
    refusals = []
    for fast in (True, False):
        with pytest.raises(DoclocError) as refused:
            parse_po(data, path.name, fast=fast)
        refusals.append((refused.value.line, refused.value.column, refused.value.message))
    assert refusals[0] == refusals[1]


LF_ONLY_VALID = [path for path in VALID if b"\r" not in path.read_bytes()]
LF_ONLY_INVALID = [path for path in INVALID if b"\r" not in path.read_bytes()]


@pytest.mark.parametrize("path", LF_ONLY_VALID, ids=_ids(LF_ONLY_VALID))
def test_a_crlf_copy_of_a_fixture_reads_as_the_fixture(path: Path) -> None:
    """gettext >= 0.24 drops the CR of each CR LF pair before it reads anything (read-po-lex.c,
    mbfile_getc_normalized): comments, references, flags, strings, line numbers come out as for the LF file,
    backslash-newline included (the installed gettext may be older: the LF file is the oracle's)."""
    data = path.read_bytes()
    crlf = data.replace(b"\n", b"\r\n")
    want = reading(parse_po(data, path.name), lines=True)
    assert reading(parse_po(crlf, path.name), lines=True) == want
    assert reading(parse_po(crlf, path.name, fast=False), lines=True) == want


@pytest.mark.parametrize("path", LF_ONLY_INVALID, ids=_ids(LF_ONLY_INVALID))
def test_a_crlf_copy_of_an_invalid_fixture_is_refused_at_the_same_place(path: Path) -> None:
    data = path.read_bytes()
    for fast in (True, False):
        with pytest.raises(DoclocError) as lf:
            parse_po(data, path.name, fast=fast)
        with pytest.raises(DoclocError) as crlf:
            parse_po(data.replace(b"\n", b"\r\n"), path.name, fast=fast)
        assert (crlf.value.line, crlf.value.column, crlf.value.message) == (
            lf.value.line,
            lf.value.column,
            lf.value.message,
        )


def test_a_lone_cr_is_read_as_every_gettext_version_reads_it() -> None:
    """Only a CR right before LF is dropped: a lone CR stays whitespace between tokens, a character of a
    comment, a string or a file name, and separates flags (the fixture lone_carriage_returns.po is compared
    with GNU's reading above); CR CR LF keeps its first CR."""
    po = read_catalog(FIXTURES / "valid" / "lone_carriage_returns.po")
    first = po.find("%d lone")
    assert first.occurrences == [("src/a.c:12\r", ""), ("src/b.c", "34"), ("src/c.c", "56"), ("src/d.c:\r78", "")]
    assert (first.tcomment, first.comment, first.flags) == (
        "translator\rcomment",
        "extracted\rcomment",
        ["fuzzy", "c-format"],
    )
    assert po.find("betweentokens").msgstr == "zwischen Token"
    data = (
        b'msgid ""\r\nmsgstr "Content-Type: text/plain; charset=UTF-8\\n"\r\n\r\n'
        b'# kept\r\r\n#: a.md:3\r\r\n#: b.md:4\r\n#. x\r\nmsgid "a"\r\nmsgstr "b"\r\n'
    )
    for fast in (True, False):
        entry = parse_po(data, "cr.po", fast=fast).find("a")
        assert (entry.tcomment, entry.comment, entry.linenum) == ("kept\r", "x", 8)
        assert entry.occurrences == [("a.md:3\r", ""), ("b.md", "4")]


# Reference lines around the shape the pattern reads itself (one NAME:LINE): each as the grammar reads it.
REFERENCE_LINES = [
    " a.md:12",
    " a.md:012",
    " a.md:0",
    " a:b.md:12",
    " a.md:12:b",
    " a.md:12 b.md:3",
    " a.md :12",
    " a.md: 12",
    "\ta.md:12",
    "  a.md:12",
    " a.md:12 ",
    " a.md:\u0661\u0662",
    " \u2068a b.md\u2069:3",
    " a\u2069.md:3",
    " a.md",
    " :12",
    "",
    " a\x0bb.md:7",
]


@pytest.mark.parametrize("references", REFERENCE_LINES)
def test_the_pattern_path_reads_reference_lines_as_the_grammar_does(references: str) -> None:
    data = (
        'msgid ""\nmsgstr "Content-Type: text/plain; charset=UTF-8\\n"\n\n'
        f'#. ms-id: x-1\n#:{references}\nmsgid "One"\nmsgstr "Jedna"\n\n#:{references}\nmsgid "Two"\nmsgstr ""\n'
    ).encode()
    assert reading(parse_po(data, "r.po"), lines=True) == reading(parse_po(data, "r.po", fast=False), lines=True)


def test_the_pattern_path_reads_every_corpus_catalog_as_the_grammar_does(corpus_project: Path) -> None:
    paths = sorted(corpus_project.glob("locales/**/*.po*"))
    assert len(paths) > 600
    for path in paths:
        data = path.read_bytes()
        fast = parse_po(data, path.name)
        assert reading(fast, lines=True) == reading(parse_po(data, path.name, fast=False), lines=True), path


def test_crlf_copies_of_every_corpus_catalog_read_as_the_lf_files(corpus_project: Path) -> None:
    """CR LF line ends (a Windows editor, git's core.autocrlf) change nothing: every entry, its references,
    ms-id and column comments, flags and strings, and the lines, as gettext >= 0.24 reads them."""
    paths = sorted(corpus_project.glob("locales/**/*.po*"))
    assert len(paths) > 600
    for path in paths:
        data = path.read_bytes()
        assert b"\r" not in data
        crlf = data.replace(b"\n", b"\r\n")
        want = reading(parse_po(data, path.name), lines=True)
        assert reading(parse_po(crlf, path.name), lines=True) == want, path
        assert reading(parse_po(crlf, path.name, fast=False), lines=True) == want, path


@pytest.fixture(scope="module")
def corpus_project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The cs-cz corpus imported into a project (332 real catalogs and their templates)."""
    corpus = require_corpus("cs-cz", "bilingual")
    project = tmp_path_factory.mktemp("corpus") / "project"
    import_folder(project, corpus, "cs-CZ")  # Microsoft's TOC.md files are skipped (not bilingual), nothing else
    return project


# ----------------------------------------------------------------------- invalid fixtures


@pytest.mark.parametrize("path", INVALID, ids=_ids(INVALID))
def test_invalid_fixture_is_refused_at_the_line_of_its_defect(path: Path) -> None:
    entry = MANIFEST["invalid"][path.name]
    with pytest.raises(DoclocError) as raised:
        read_catalog(path, f"locales/cs/{path.name}")
    error = raised.value
    assert error.file == f"locales/cs/{path.name}"
    assert error.line == (entry["defect"] or 0), error
    assert str(error).startswith(f"locales/cs/{path.name}:")
    assert len(error.message) > 20 and "Traceback" not in error.message
    msgfmt_lines = {line for line, _, message in entry["msgfmt"] if not message.startswith("warning")}
    # the line msgfmt names, or the defect's own line where msgfmt names a later or earlier one
    assert error.line in msgfmt_lines or entry["delta"] != 0 or entry["defect"] is None


def test_messages_say_what_is_wrong_in_a_translators_words() -> None:
    def message(name: str) -> str:
        with pytest.raises(DoclocError) as raised:
            read_catalog(FIXTURES / "invalid" / name)
        return raised.value.message

    assert 'never closed with "' in message("string_unterminated.po")
    assert 'never closed with "' in message("string_backslash_backslash_quote_unterminated.po")
    assert "unknown escape sequence '\\\\q'" in message("escape_unknown_q.po")
    assert "defined twice" in message("duplicate_msgid.po")
    assert "defined twice" in message("duplicate_obsolete_and_active.po")
    assert "nplurals=3" in message("plural_index_beyond_nplurals.po")
    assert "byte order mark" in message("utf8_bom.po")
    assert "ends in a backslash" in message("comment_backslash_swallows_msgid.po")
    assert "line feed" in message("newline_mismatch.po")
    assert "argument 1" in message("c_format_mismatch.po")
    assert "EOT" in message("context_separator_in_string.po")


# ---------------------------------------------------------------------- writing


@pytest.mark.parametrize("path", VALID, ids=_ids(VALID))
def test_every_valid_fixture_is_written_so_that_msgfmt_and_the_reader_agree(path: Path, tmp_path: Path) -> None:
    po = read_catalog(path)
    target = tmp_path / path.name
    target.write_bytes(catalog_text(po).encode(_charset(po), "surrogateescape"))
    ok, messages = oracle.msgfmt_check(target)
    assert ok, messages
    again = read_catalog(target)
    assert reading(again) == reading(po)
    assert catalog_text(again) == catalog_text(po)


def _charset(po: polib.POFile) -> str:
    declared = po.metadata.get("Content-Type", "").partition("charset=")[2].strip()
    return "latin-1" if declared.lower() in ("iso-8859-1", "latin1") else "utf-8"


def test_the_writer_is_polibs_with_no_wrapping() -> None:
    po = read_catalog(FIXTURES / "valid" / "plural_nplurals_2.po")
    po.wrapwidth = 0
    assert catalog_text(po) == str(po) + ("\n" if not str(po).endswith("\n") else "")


def _polibs(po: polib.POFile) -> str:
    """The reference for ``polib_text``: polib's own writer at docloc's wrap width."""
    po.wrapwidth = 0
    return str(po)


@pytest.mark.parametrize("locale", ["cs-cz", "de-de", "pl-pl"])
def test_the_fast_writer_writes_every_corpus_catalog_as_polib_does(locale: str, request: pytest.FixtureRequest) -> None:
    project = request.getfixturevalue("corpus_project") if locale == "cs-cz" else _imported(locale, request)
    paths = sorted(project.glob("locales/**/*.po*"))
    assert len(paths) > 600
    for path in paths:
        po = read_catalog(path)
        assert polib_text(po) == _polibs(po), path


def _imported(locale: str, request: pytest.FixtureRequest) -> Path:
    corpus = require_corpus(locale, "bilingual")
    project = request.getfixturevalue("tmp_path_factory").mktemp(locale) / "project"
    language, country = locale.split("-")
    import_folder(project, corpus, f"{language}-{country.upper()}")
    return project


def test_the_fast_writer_writes_every_fixture_as_polib_does() -> None:
    for path in VALID:
        po = read_catalog(path)
        assert polib_text(po) == _polibs(po), path.name


# every character polib escapes or splits a string at (str.splitlines), controls it leaves raw,
# each alone in a string, and text around them
_CHARACTERS = '\\"\t\n\r\v\b\f\x1c\x1d\x1e\x85\u2028\u2029\a\x01\x1b\x1f\x7f\x80\xa0\u2068\ufeff'
_AWKWARD = [f"a{character}b" for character in _CHARACTERS] + [character for character in _CHARACTERS]
_AWKWARD += ["", "plain", "crlf\r\nnext", "two\nlines\n", "\nlead", "\n\n", "příliš žluťoučký kůň 😀 \u05d0"]
_AWKWARD += ["x" * 300, "word " * 40 + '\\"\n' * 3, "%s %d {0}", '#~ msgid "x"', "a\tb\\c\nd\u2028e\rf"]


def test_the_fast_writer_writes_entries_of_every_kind_as_polib_does() -> None:
    po = new_pofile()
    po.header = "Title\n\n,flagged header line\n:colon line\nFile: x.c, line:3\n"
    po.metadata = {"Project-Id-Version": "x", "Content-Type": "text/plain; charset=UTF-8", "X-Zed": "z", "X-A": "a"}
    po.metadata_is_fuzzy = True
    for n, text in enumerate(_AWKWARD):
        other = _AWKWARD[(n * 7 + 3) % len(_AWKWARD)]
        po.append(new_entry(f"{n}:{text}", other, None if n % 3 else text))
        po.append(new_entry(text or "empty", text, f"ctx {n}", comment=other, tcomment=f"{text}\nsecond line"))
        po.append(
            new_entry(
                f"plural {n} {text}",
                msgid_plural=text or other,
                msgstr_plural={1: other, 0: text, 2: text + other},
                flags=["fuzzy", "no-c-format"] if n % 2 else [],
                occurrences=[("docs/en/a b.md", str(n)), ("plain.md", ""), ("x-y.md", "12")],
                previous_msgctxt=text if n % 4 == 0 else None,
                previous_msgid=other,
                previous_msgid_plural=text if n % 2 else None,
            )
        )
        po.append(
            new_entry(
                f"obsolete {n} {text}",
                other,
                text if n % 2 else None,
                obsolete=True,
                tcomment=text,
                comment="not written for an obsolete entry",
                occurrences=[("gone.md", "1")],
                flags=["fuzzy"],
                previous_msgid=text,
            )
        )
    po.append(new_entry("", "an entry with an empty msgid", "and a context"))
    assert polib_text(po) == _polibs(po)
    po.header, po.metadata_is_fuzzy = "", False
    assert polib_text(po) == _polibs(po)


def _template_header() -> polib.POFile:
    po = new_pofile()
    po.header = "Template of docs/en/a.md\nImported by docloc."
    po.metadata = {"Project-Id-Version": "a.md", "Content-Type": "text/plain; charset=UTF-8", "X-Docloc-Page-Hash": "x"}
    return po


def _written_or_refused(write: Callable[..., str | None], *arguments: object) -> str | None:
    try:
        return write(*arguments)
    except DoclocError as error:
        return f"refused: {error}"


def _template_by_polib(page: str, entries: list[TemplateEntry]) -> str | None:
    """The reference for ``template_catalog_text``: polib's entries, written by ``catalog_text``."""
    po = _template_header()
    add_template_entries(po, entries, page)
    return _written_or_refused(catalog_text, po)


_TEMPLATE_PAGES = ["docs/en/a.md", "docs/en/a b.md", "a\tb.md", "\u2068x.md", "x:", "x:12", "", "a\nb.md"]
_TEMPLATE_PAGES += ["docs/en/příliš.md", "d\udcffocs.md", "a\0b.md", "a\u2069b.md"]
_TEMPLATE_LINES: list[list[int]] = [[1], [12], [3, 3, 7], [2, 1], [0], [-1], [1, 0], []]
_TEMPLATE_STRINGS = [*_AWKWARD, "a\0b", "x\x04y", "\udc80", "\ud800 lone", "end\\", "two\\\nlines\\"]


def test_the_template_writer_writes_entries_of_every_kind_as_catalog_text_does() -> None:
    """``template_catalog_text`` writes what ``catalog_text`` writes of polib's entries, or leaves them to it
    (None): for every string polib escapes, splits or cannot hold as msgid, context and comment, every kind of
    file name and line, and keys given twice; a page's plain entries it writes itself."""
    written = 0
    for page in _TEMPLATE_PAGES:
        for n, text in enumerate(_TEMPLATE_STRINGS):
            other = _TEMPLATE_STRINGS[(n * 7 + 3) % len(_TEMPLATE_STRINGS)]
            for entries in (
                *([(None, text, "", lines)] for lines in _TEMPLATE_LINES),
                [("title", text, other, [2]), (None, "Plain.", "", [5, 9]), (None, text, "", [7])],
                [(text or None, "Plain.", other, [1, 3]), (None, other, text, [4])],
                [(None, "Twice.", "", [1]), (None, "Twice.", "", [2])],
            ):
                fast = _written_or_refused(template_catalog_text, _template_header(), page, entries)
                if fast is not None:
                    assert fast == _template_by_polib(page, entries), (page, entries)
                    written += 1
    plain = [("title", "A title", "Front matter 'title'.", [2]), (None, "One.", "", [5]), (None, "Two.", "", [6, 9])]
    assert template_catalog_text(_template_header(), "docs/en/a.md", plain) == _template_by_polib("docs/en/a.md", plain)
    assert written > 300  # plain entries beside awkward ones are written by it, not only left to catalog_text


def test_the_writer_refuses_what_po_cannot_hold() -> None:
    po = read_catalog(FIXTURES / "valid" / "plural_nplurals_2.po")
    entry = next(e for e in po if e.msgid == "file")
    for field, value in (("msgid", "a\0b"), ("msgctxt", "x\x04y")):
        saved = getattr(entry, field)
        setattr(entry, field, value)
        with pytest.raises(DoclocError, match="cannot write the entry"):
            catalog_text(po)
        setattr(entry, field, saved)
    entry.tcomment = "C:\\temp\\"
    with pytest.raises(DoclocError, match="ends in a backslash"):
        catalog_text(po)
    entry.tcomment = "a\0b"
    with pytest.raises(DoclocError, match="NUL"):
        catalog_text(po)
    entry.tcomment = ""
    entry.flags = ["my own flag"]
    with pytest.raises(DoclocError, match="not one GNU gettext knows"):
        catalog_text(po)


def test_file_names_with_spaces_are_written_isolated_and_read_back() -> None:
    po = read_catalog(FIXTURES / "valid" / "plural_nplurals_2.po")
    entry = next(e for e in po if e.msgid == "file")
    entry.occurrences = [("docs/en/příliš žluťoučký kůň.md", "12"), ("plain.md", "3"), ("a\tb.md", "")]
    text = catalog_text(po)
    assert "#: \u2068docs/en/příliš žluťoučký kůň.md\u2069:12 plain.md:3 \u2068a\tb.md\u2069\n" in text
    again = parse_po(text, "x.po")
    assert next(e for e in again if e.msgid == "file").occurrences == entry.occurrences


def test_raw_control_characters_polib_leaves_unescaped_survive_msgfmt(tmp_path: Path) -> None:
    po = read_catalog(FIXTURES / "valid" / "plural_nplurals_2.po")
    entry = next(e for e in po if e.msgid == "file")
    entry.msgid = "bell\a esc\x1b sep\x1c nel\x85 ls\u2028 del\x7f"
    entry.msgstr_plural = {0: "zvon\a\x1c\u2029", 1: "x\x1e"}
    entry.msgid_plural = "bells\a"
    path = tmp_path / "controls.po"
    path.write_text(catalog_text(po), encoding="utf-8")
    assert oracle.msgfmt_check(path)[0]
    assert oracle.oracle_messages(path)["folder", "%d item"] == ("%d Element", "%d Elemente")
    assert oracle.oracle_messages(path)[None, entry.msgid] == ("zvon\a\x1c\u2029", "x\x1e")
    assert entry_record(next(e for e in read_catalog(path) if e.msgid == entry.msgid)) == entry_record(entry)


# ------------------------------------------------------------------------ plural forms


def test_plural_rules_are_compared_by_meaning() -> None:
    babel = "nplurals=3; plural=(n == 1 ? 0 : n >= 2 && n <= 4 ? 1 : 2);"
    committed = "nplurals=3; plural=((n==1) ? 0 : (n>=2 && n<=4) ? 1 : 2);"
    assert babel != committed and same_plural_rule(babel, committed)
    polish = "nplurals=3; plural=(n==1 ? 0 : n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2);"
    assert not same_plural_rule(babel, polish)
    assert not same_plural_rule("nplurals=2; plural=(n != 1);", "nplurals=3; plural=(n != 1);")
    assert not same_plural_rule("nplurals=2; plural=(n != 1", "nplurals=2; plural=(n != 1)")
    assert plural_rule("nplurals=1; plural=0;") == (1, (0,) * 1001)


def test_plural_expressions_are_c_arithmetic_never_python() -> None:
    assert parse_expression("n%10==1 && n%100!=11 ? 0 : 1")(21) == 0
    assert parse_expression("!(n-1)")(1) == 1
    assert parse_expression("n - 5 > 3")(2) == 1  # unsigned, as in C: 2 - 5 wraps around
    assert parse_expression("n / 2")(7) == 3
    for bad in ("__import__('os')", "n ** 2", "n >> 1", "(n", "n ? 1", "-n", ""):
        with pytest.raises(PluralError):
            parse_expression(bad)
    with pytest.raises(PluralError, match="divides by zero"):
        plural_rule("nplurals=2; plural=n % 0;")


def test_which_contexts_are_docloc_s() -> None:
    """One rule for every command: a field's name places an entry in the front matter; ``variant N`` and any other
    context leave a body entry keyed by its English; only the contexts docloc never writes are foreign."""
    from docloc.catalog.conventions import foreign_context, is_variant, page_context, variant_number

    fields = ("title", "description")
    assert [is_variant(c) for c in ("variant 2", "variant 12", "variant x", "variant 2 ", "my note", None)] == [
        True, True, False, False, False, False,
    ]  # fmt: skip
    assert [variant_number(c) for c in ("variant 3", None, "variant x")] == [3, 1, 1]
    assert [page_context(c, fields) for c in ("title", "variant 2", "my note", None)] == ["title", None, None, None]
    assert [foreign_context(c, fields) for c in ("title", "variant 2", "my note", None)] == [False, False, True, False]


def test_names_a_reference_twice_reads_every_reference_line_of_an_entry() -> None:
    """The byte scan the export and the build use before parsing a page's template (``formats.english``)."""
    from docloc.catalog.po import names_a_reference_twice

    twice = b'#: a.md:4 a.md:4\nmsgid "x"\nmsgstr ""\n'
    wrapped = b'#: a.md:4\n#: a.md:4\nmsgid "x"\nmsgstr ""\n'  # as a tool wraps them, each on its own line
    crlf = b'msgid ""\r\nmsgstr ""\r\n\r\n#: a.md:3\r\n#: b.md:3 a.md:3\r\nmsgid "x"\r\nmsgstr ""\r\n'
    two_entries = b'#: a.md:4\nmsgid "x"\nmsgstr ""\n#: a.md:4\nmsgid "y"\nmsgstr ""\n'  # (no blank line between)
    once = b'#: a.md:4 a.md:5\nmsgid "x"\nmsgstr ""\n\n#: a.md:4\nmsgid "y"\nmsgstr ""\n'
    assert all(map(names_a_reference_twice, (twice, wrapped, crlf)))
    assert not names_a_reference_twice(once) and not names_a_reference_twice(two_entries)
    assert not names_a_reference_twice(b'msgid "x"\nmsgstr ""\n')
    assert not names_a_reference_twice(b'msgid "#: a.md:1 a.md:1"\nmsgstr ""\n')  # text, not a reference line
