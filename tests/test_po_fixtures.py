"""The PO edge-case fixtures (tests/fixtures/po) proven against GNU gettext, the oracle.

These tests need GNU gettext and the standard library only: they check the fixture files
themselves (bytes, msgfmt's verdict and line numbers, GNU gettext's reading recorded in
MANIFEST.json) and the oracle helpers in tests/gettext_oracle.py. They do not test docloc.

The last part documents polib's behaviour (not docloc's): where ``polib.pofile`` reads the
valid fixtures differently from GNU gettext, and which invalid ones it accepts silently.
Those tests pin polib 1.2's behaviour as known sets; a polib release that changes it fails
them, on purpose, so that the list stays true.
"""

from __future__ import annotations

import dataclasses
import functools
import importlib.util
import json
import subprocess
import sys
from pathlib import Path

import pytest

import gettext_oracle as oracle

FIXTURES = oracle.FIXTURES
MANIFEST = json.loads((FIXTURES / "MANIFEST.json").read_text(encoding="ascii"))
VALID = oracle.valid_fixtures()
INVALID = oracle.invalid_fixtures()
SAME_VERSION = oracle.gettext_version() == MANIFEST["gettext_version"]


@functools.cache
def _builder():
    """tests/fixtures/po/build_fixtures.py, which defines every fixture's bytes."""
    spec = importlib.util.spec_from_file_location("po_fixture_builder", FIXTURES / "build_fixtures.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


def _ids(paths: list[Path]) -> list[str]:
    return [path.name for path in paths]


# ------------------------------------------------------------------------ the fixture set


def test_there_are_enough_fixtures_and_the_manifest_lists_exactly_them() -> None:
    assert len(VALID) >= 40
    assert len(INVALID) >= 20
    assert sorted(MANIFEST["valid"]) == _ids(VALID)
    assert sorted(MANIFEST["invalid"]) == _ids(INVALID)
    assert oracle.fixture_files() == VALID + INVALID
    for entry in [*MANIFEST["valid"].values(), *MANIFEST["invalid"].values()]:
        assert entry["description"]


def test_fixture_files_are_byte_identical_to_their_definitions() -> None:
    """No editor or git line-end conversion touched them (tests/fixtures/po/.gitattributes: -text)."""
    builder = _builder()
    for folder, fixtures in (("valid", builder.VALID), ("invalid", builder.INVALID)):
        on_disk = {path.name: path.read_bytes() for path in (FIXTURES / folder).glob("*.po")}
        assert on_disk == {fixture.name: fixture.data for fixture in fixtures}, folder
    assert (FIXTURES / ".gitattributes").read_text(encoding="ascii").split() == ["*", "-text"]


def test_the_byte_level_edge_cases_are_really_there() -> None:
    def data(name: str) -> bytes:
        return (FIXTURES / name).read_bytes()

    assert data("invalid/utf8_bom.po").startswith(b"\xef\xbb\xbf")
    crlf = data("valid/crlf_line_endings.po")
    assert crlf.count(b"\r\n") == crlf.count(b"\n") > 20
    assert not data("valid/no_trailing_newline.po").endswith(b"\n")
    assert data("valid/no_trailing_newline_crlf_comment.po").endswith(b"# last comment")
    assert b"\x00" in data("valid/nul_byte_in_string.po")
    assert b"\x00" in data("invalid/nul_byte_outside_string.po")
    assert b"\xff\xfe" in data("valid/comment_invalid_utf8.po")
    assert b'"caf\xc3"' in data("invalid/invalid_utf8_in_string.po")
    assert b"\xe2\x81\xa8docs/my page.md\xe2\x81\xa9:12" in data("valid/references_isolated_filenames.po")
    assert b"caf\xe9" in data("valid/header_charset_iso8859_1.po")
    assert max(len(line) for line in data("valid/very_long_lines.po").split(b"\n")) > 30_000


# ------------------------------------------------------------------------- msgfmt --check


@pytest.mark.parametrize("path", VALID, ids=_ids(VALID))
def test_valid_fixture_passes_msgfmt_check(path: Path) -> None:
    ok, messages = oracle.msgfmt_check(path)
    assert ok, messages
    assert all(message.startswith("warning: ") for _, message in messages), messages
    if SAME_VERSION:
        assert _recorded(path) == MANIFEST["valid"][path.name]["msgfmt"]


@pytest.mark.parametrize("path", INVALID, ids=_ids(INVALID))
def test_invalid_fixture_fails_msgfmt_check_on_the_manifest_line(path: Path) -> None:
    entry = MANIFEST["invalid"][path.name]
    ok, messages = oracle.msgfmt_check(path)
    assert not ok
    line = 0 if entry["defect"] is None else entry["defect"] + entry["delta"]
    assert any(number == line and entry["expect"] in message for number, message in messages), messages
    if SAME_VERSION:
        assert _recorded(path) == entry["msgfmt"]


def _recorded(path: Path) -> list[list]:
    return [[item.line, item.column, item.message] for item in oracle.msgfmt_diagnostics(path)[1]]


def test_msgfmt_check_names_lines_columns_and_joins_continued_messages(tmp_path: Path) -> None:
    path = tmp_path / "name with: colon and spaces.po"
    path.write_bytes((FIXTURES / "invalid" / "header_bad_nplurals.po").read_bytes())
    ok, messages = oracle.msgfmt_check(path)
    assert not ok
    assert len(messages) == 1
    assert messages[0][0] == 2
    assert messages[0][1].startswith("invalid nplurals value\nTry using the following, valid for German:")
    returncode, diagnostics = oracle.msgfmt_diagnostics(FIXTURES / "invalid" / "escape_unknown_q.po")
    assert returncode == 1
    assert diagnostics == [oracle.Diagnostic(13, 17, "invalid control sequence")]
    ok, messages = oracle.msgfmt_check(FIXTURES / "valid" / "header_minimal.po")
    assert ok and len(messages) == 7 and all(message.startswith("warning: header field") for _, message in messages)


# ------------------------------------------------------------------------- GNU's reading


def _oracle_record(path: Path) -> dict:
    return _builder().oracle_record(path)


@pytest.mark.parametrize("path", VALID, ids=_ids(VALID))
def test_oracle_reading_matches_the_manifest(path: Path) -> None:
    entry = MANIFEST["valid"][path.name]
    if not SAME_VERSION and "version_sensitive" in entry:
        pytest.skip(f"gettext {oracle.gettext_version()} reads this differently: {entry['version_sensitive']}")
    assert _oracle_record(path) == entry["oracle"]


@pytest.mark.parametrize("path", VALID, ids=_ids(VALID))
def test_oracle_normalized_is_read_back_the_same(path: Path, tmp_path: Path) -> None:
    """msgcat's canonical output passes msgfmt --check, is read like the original, and is a fixed point."""
    if MANIFEST["valid"][path.name].get("msgcat_rejects"):
        with pytest.raises(oracle.OracleError):
            oracle.oracle_normalized(path)
        return
    normalized = tmp_path / path.name
    normalized.write_bytes(oracle.oracle_normalized_bytes(path))
    assert oracle.msgfmt_check(normalized)[0]
    assert _written(oracle.oracle_catalog(normalized)) == _written(oracle.oracle_catalog(path))
    reason = MANIFEST["valid"][path.name].get("normalized_not_fixed_point")
    assert (oracle.oracle_normalized_bytes(normalized) == normalized.read_bytes()) == (reason is None), reason
    charset = "latin-1" if "iso8859_1" in path.name else "utf-8"
    assert oracle.oracle_normalized(path) == normalized.read_bytes().decode(charset, "surrogateescape")


def _written(catalog: oracle.OracleCatalog) -> oracle.OracleCatalog:
    """The catalog as msgcat can write it: no fuzzy flag on an entry with an empty msgstr."""
    return dataclasses.replace(
        catalog,
        fuzzy=frozenset(key for key in catalog.fuzzy if oracle.first_form(catalog.messages[key])),
        obsolete_fuzzy=frozenset(key for key in catalog.obsolete_fuzzy if oracle.first_form(catalog.obsolete[key])),
    )


def test_oracle_messages_shows_what_msgfmt_decodes() -> None:
    """The surprising readings, spelt out (all from the manifest's oracle records)."""

    def messages(name: str, **options: bool) -> dict:
        return oracle.oracle_messages(FIXTURES / "valid" / name, **options)

    escapes = messages("escape_c_simple.po")
    decoded = 'bell\a backspace\b formfeed\f vtab\v tab\t cr\r backslash\\ quote" end'
    assert escapes[None, decoded].startswith("Glocke\a Rückschritt\b")
    assert messages("escape_octal.po")[None, "three digits at most A2"] == "höchstens drei Ziffern A2"
    assert messages("escape_octal.po")[None, "café"] == "Café"
    assert messages("escape_hex.po")[None, "greedy A"] == "gierig A"
    assert messages("escape_octal_nul_truncates.po")[None, "before"] == "vorher"
    assert messages("escape_octal_high_byte.po")[None, "high \udcff"] == "hoch \udcff"
    assert messages("nul_byte_in_string.po")[None, "before"] == "vorher"
    assert messages("string_backslash_newline.po")[None, "spliced line"] == "verbunden Zeile"
    assert messages("keyword_backslash_newline.po")[None, "spliced keyword"] == "verbundenes Schlüsselwort"
    assert messages("continuation_after_blank_line.po")[None, "a"] == "first second third"
    assert messages("continuation_same_line.po")[None, "one line"] == "eine Zeile"
    assert messages("keyword_no_space.po")["ctx", "no space"] == "kein Leerzeichen"
    assert messages("plural_index_spacing.po")[None, "lines"] == ("c", "d")
    assert messages("plural_index_leading_zero.po")[None, "zero"] == ("null", "eins")
    # a comment ending in a backslash swallows the '#, fuzzy' line below it
    assert (None, "not fuzzy after all") in messages("comment_trailing_backslash.po")
    # '#! fuzzy' is a flag line
    assert (None, "bang") not in messages("flags_hash_bang.po")
    assert (None, "bang") in messages("flags_hash_bang.po", use_fuzzy=True)
    assert oracle.oracle_messages_with_fuzzy(FIXTURES / "valid" / "flags_hash_bang.po") == messages(
        "flags_hash_bang.po", use_fuzzy=True
    )
    # msgctxt "" is a context; msgid "" with a context is no header
    contexts = messages("context_empty_vs_none.po")
    assert (contexts[None, "same"], contexts["", "same"]) == ("ohne Kontext", "leerer Kontext")
    assert messages("context_with_empty_msgid.po")["x", ""] == "kein Kopf"
    # msgfmt compiles a plural entry when msgstr[0] is set, whatever the other forms hold
    partial = messages("plural_partially_translated.po")
    assert partial[None, "first form only"] == ("nur die erste Form", "")
    assert (None, "second form only") not in partial
    # the header is compiled even when fuzzy, and decoded with its charset
    assert "Content-Type" in messages("header_fuzzy.po")[None, ""]
    assert messages("header_charset_iso8859_1.po")[None, "cafe"] == "café"
    # the CR of CRLF files is whitespace between tokens
    assert messages("crlf_line_endings.po", use_fuzzy=True)[None, "firstline"] == "ersteZeile"


def test_flags_on_several_lines_depend_on_the_gettext_version() -> None:
    fuzzy = oracle.oracle_catalog(FIXTURES / "valid" / "flags_multiple_lines.po").fuzzy
    if oracle.gettext_version_tuple() < (0, 26):
        assert fuzzy == {(None, "%d fuzzy line last")}  # each '#,' line resets the flags
    else:
        assert fuzzy == {(None, "%d fuzzy line first"), (None, "%d fuzzy line last")}


def test_oracle_catalog_sees_fuzzy_untranslated_and_obsolete_entries() -> None:
    catalog = oracle.oracle_catalog(FIXTURES / "valid" / "untranslated_and_fuzzy_empty.po")
    assert catalog.messages[None, "untranslated"] == ""
    assert catalog.messages[None, "plural untranslated"] == ("", "")
    assert catalog.msgid_plural == {(None, "plural untranslated"): "plurals untranslated"}
    assert catalog.fuzzy == {(None, "fuzzy but empty")}
    assert catalog.translated() == oracle.oracle_messages(FIXTURES / "valid" / "untranslated_and_fuzzy_empty.po")
    assert catalog.header is not None and "charset=UTF-8" in catalog.header

    obsolete = oracle.oracle_catalog(FIXTURES / "valid" / "obsolete_entries.po")
    assert set(obsolete.messages) == {(None, ""), (None, "active"), (None, "active after obsolete")}
    assert obsolete.obsolete == {
        (None, "obsolete"): "veraltet",
        ("ctx", "obsolete with context"): "veraltet mit Kontext",
        (None, "obsolete file"): ("veraltete Datei", "veraltete Dateien"),
        (None, "obsolete fuzzy"): "veraltet unscharf",
        (None, "obsolete with previous"): "veraltet mit Vorgänger",
    }
    assert obsolete.obsolete_fuzzy == {(None, "obsolete fuzzy"), (None, "obsolete with previous")}
    assert obsolete.obsolete_msgid_plural == {(None, "obsolete file"): "obsolete files"}


def test_oracle_refuses_invalid_catalogs() -> None:
    with pytest.raises(oracle.OracleError, match="invalid control sequence"):
        oracle.oracle_messages(FIXTURES / "invalid" / "escape_unknown_q.po")
    with pytest.raises(oracle.OracleError):
        oracle.oracle_catalog(FIXTURES / "invalid" / "duplicate_msgid.po")


def test_strict_normalization_shows_how_references_were_split() -> None:
    forms = oracle.oracle_normalized(FIXTURES / "valid" / "references_forms.po", strict=True)
    assert [line for line in forms.splitlines() if line.startswith("# File: ")] == [
        "# File: spaced.c, line: 3",
        "# File: colon.c, line: 4",
        "# File: before.c, line: 5",
        "# File: C:\\dir\\win.c, line: 6",
        "# File: name:with:colons, line: 7",
        "# File: :8, line: -1",
        "# File: x:abc, line: -1",
        "# File: zero.c, line: 9",
    ]
    crlf = oracle.oracle_normalized_bytes(FIXTURES / "valid" / "crlf_line_endings.po", strict=True)
    if oracle.gettext_version_tuple() >= (0, 24):  # CR LF read as LF
        assert b"# File: src/a.c, line: 12\n# File: src/b.c, line: 34\n" in crlf
    else:
        assert b"# File: src/a.c, line: 12\n# File: src/b.c:34\r, line: -1\n" in crlf
    isolated = oracle.oracle_normalized(FIXTURES / "valid" / "references_isolated_filenames.po", strict=True)
    if oracle.gettext_version_tuple() >= (0, 22):
        assert "# File: docs/my page.md, line: 12" in isolated
    else:
        assert "# File: \u2068docs/my, line: -1\n# File: page.md\u2069, line: 12" in isolated


# ---------------------------------------------------------------------------- .mo reader


@pytest.mark.parametrize("endianness", ["little", "big"])
def test_read_mo_reads_contexts_plurals_and_both_byte_orders(endianness: str, tmp_path: Path) -> None:
    source = FIXTURES / "valid" / "plural_nplurals_2.po"
    target = tmp_path / "messages.mo"
    subprocess.run(["msgfmt", f"--endianness={endianness}", "-o", str(target), str(source)], check=True)
    entries = {(entry.msgctxt, entry.msgid): entry for entry in oracle.read_mo(target.read_bytes())}
    assert entries[b"folder", b"%d item"] == oracle.MoEntry(
        b"folder", b"%d item", b"%d items", (b"%d Element", b"%d Elemente")
    )
    assert entries[None, b"file"].msgstr == (b"Datei", b"Dateien")
    assert entries[None, b""].msgid_plural is None
    with pytest.raises(ValueError):
        oracle.read_mo(b"\0" * 28)


# ====================================================================== polib (documented)
#
# Not docloc's behaviour: what a reader built on polib.pofile gets wrong, measured on the
# fixtures. Two views are compared: the compiled messages (against the .mo msgfmt writes)
# and the whole entries (polib's reading of the original against polib's reading of
# msgcat's canonical rewrite of it, which leaves polib no room for doubt).


def _polib():
    """polib, imported only by these tests: the fixture tests above need GNU gettext and the stdlib alone."""
    return pytest.importorskip("polib")


# valid fixtures polib.pofile refuses (OSError "Syntax error", or UnicodeDecodeError)
POLIB_REJECTS_VALID = {
    "comment_invalid_utf8.po": "UnicodeDecodeError: polib decodes the whole file, comments included",
    "comment_other_markers.po": "'#@', '#%', '#-', '#$', '#;', '#+' comment lines are syntax errors",
    "comments_without_space.po": "'#translator', '#.x', '#:x', '#,x', '#|msgid' are syntax errors",
    "continuation_same_line.po": "several strings on one line, or a keyword alone on its line",
    "flags_hash_bang.po": "'#!' lines",
    "keyword_backslash_newline.po": "no backslash-newline splicing",
    "keyword_no_space.po": 'msgid"a" (no space after the keyword)',
    "obsolete_marker_spacing.po": "'#~msgid' (no space after '#~') or a bare '#~' line",
    "plural_index_spacing.po": "msgstr [0], msgstr[ 1 ], msgstr[00], the index on its own line",
    "string_backslash_newline.po": "no backslash-newline splicing inside strings",
    "string_literal_carriage_return.po": "a lone CR inside a string is a line end for polib",
    "lone_carriage_returns.po": "a lone CR is a line end for polib: two keywords on one line, a string after a CR",
}

# valid fixtures polib reads, but whose compiled messages differ from msgfmt's .mo
POLIB_MESSAGES_DIFFER = {
    "context_with_empty_msgid.po": 'msgctxt "" + msgid "" taken for the header (the context is dropped)',
    "escape_c_simple.po": "\\a is not decoded",
    "escape_hex.po": "\\xHH is not decoded",
    "escape_octal.po": "octal escapes are not decoded",
    "escape_octal_high_byte.po": "octal escapes are not decoded",
    "escape_octal_nul_truncates.po": "\\0 neither decoded nor ending the string",
    "flags_multiple_lines.po": "gettext < 0.26 keeps only the last '#,' line; polib merges them",
    "flags_separators.po": "polib splits flags at commas only: '#,<TAB>fuzzy<TAB>python-format' is one flag",
    "plural_index_leading_zero.po": "msgstr[01] is read as msgstr[0]: the form 'null' is lost",
    "comment_trailing_backslash.po": "no backslash-newline splicing in comments: the swallowed '#, fuzzy' counts",
    "header_unusual_fields.po": "header field 'X-NoSpace:value' (no space after the colon) is lost",
    "nul_byte_in_string.po": "a raw NUL does not end the string",
}

# invalid fixtures polib.pofile reads without any error or warning
POLIB_ACCEPTS_INVALID = {
    "c_format_mismatch.po",
    "comment_backslash_swallows_msgid.po",
    "comment_inside_entry.po",
    "context_separator_in_string.po",
    "context_separator_raw_byte.po",
    "duplicate_header.po",
    "duplicate_msgid.po",
    "duplicate_msgid_with_context.po",
    "duplicate_obsolete_and_active.po",
    "escape_hex_without_digits.po",
    "escape_octal_digit_8.po",
    "escape_question_mark.po",
    "escape_single_quote.po",
    "escape_unicode_u.po",
    "escape_unknown_q.po",
    "header_bad_nplurals.po",
    "header_bad_plural_expression.po",
    "header_missing.po",
    "header_plural_expression_out_of_range.po",
    "header_plural_forms_spaces.po",
    "newline_mismatch.po",
    "obsolete_continuation_without_prefix.po",
    "obsolete_previous_without_tilde.po",
    "plural_fewer_forms_than_nplurals.po",
    "plural_first_index_nonzero.po",
    "plural_index_beyond_nplurals.po",
    "plural_index_gap.po",
    "plural_msgstr_without_msgid_plural.po",
    "plural_plain_msgstr.po",
    "previous_continuation_without_prefix.po",
    "string_backslash_backslash_quote_unterminated.po",
    "string_escaped_closing_quote.po",
    "string_missing_opening_quote.po",
    "string_unterminated.po",
    "string_unterminated_at_eof.po",
    "utf8_bom.po",
}


def _header_fields(text: str) -> dict[str, str]:
    """GNU's header lookup: 'Name:' at a line start, the value after blanks, up to the newline."""
    fields = {}
    for line in text.split("\n"):
        name, colon, value = line.partition(":")
        if colon:
            fields[name] = value.lstrip(" \t")
    return fields


def _polib_messages(path: Path) -> dict:
    """What a polib-based reader would compile, in oracle_messages' form (header fields apart)."""
    catalog = _polib().pofile(str(path))
    messages = {}
    for entry in catalog:
        if entry.obsolete or "fuzzy" in entry.flags:
            continue
        value = (
            tuple(entry.msgstr_plural[index] for index in sorted(entry.msgstr_plural))
            if entry.msgid_plural
            else entry.msgstr
        )
        if (value if isinstance(value, str) else value[0]) != "":
            messages[entry.msgctxt, entry.msgid] = value
    return {"messages": messages, "header": dict(catalog.metadata)}


def _oracle_messages(path: Path) -> dict:
    messages = oracle.oracle_messages(path)
    header = _header_fields(messages.pop((None, ""), ""))
    return {"messages": messages, "header": {name: value for name, value in header.items() if name.strip()}}


def _polib_reading(path: Path) -> dict:
    """Everything polib reads from a catalog, in a form that does not depend on the spelling."""
    catalog = _polib().pofile(str(path))
    entries = [
        (
            entry.obsolete,
            entry.msgctxt,
            entry.msgid,
            entry.msgid_plural,
            entry.msgstr,
            tuple(sorted(entry.msgstr_plural.items())),
            frozenset(entry.flags),
            entry.tcomment,
            entry.comment,
            tuple(entry.occurrences),
            entry.previous_msgctxt,
            entry.previous_msgid,
            entry.previous_msgid_plural,
        )
        for entry in catalog
    ]
    entries.sort(key=lambda entry: entry[0])  # GNU writes the obsolete entries last
    return {
        "entries": entries,
        "header_comment": catalog.header,
        "header": dict(catalog.metadata),
        "header_fuzzy": catalog.metadata_is_fuzzy,
    }


@pytest.mark.parametrize("path", VALID, ids=_ids(VALID))
def test_documents_polib_behaviour_not_docloc_compiled_messages(path: Path) -> None:
    """polib.pofile's messages against msgfmt's .mo, for each valid fixture: the known disagreements."""
    if path.name in POLIB_REJECTS_VALID:
        with pytest.raises((OSError, UnicodeDecodeError)):
            _polib().pofile(str(path))
        return
    agrees = _polib_messages(path) == _oracle_messages(path)
    assert agrees == (path.name not in POLIB_MESSAGES_DIFFER), POLIB_MESSAGES_DIFFER.get(path.name, "polib disagrees")


# whole-entry disagreements beyond the compiled messages, reading the original against msgcat's rewrite
POLIB_READING_DIFFERS = {
    "comment_trailing_backslash.po": "no splicing: polib sees a comment and a fuzzy flag where GNU sees one comment",
    "comments_spacing.po": "'#.<TAB>tab': polib strips the tab, GNU keeps it",
    "crlf_line_endings.po": "polib cannot read GNU's rewrite: msgcat keeps the CR of comments and references",
    "escape_hex.po": "\\xHH is not decoded",
    "escape_octal.po": "octal escapes are not decoded",
    "escape_octal_nul_truncates.po": "\\0 neither decoded nor ending the string",
    "flags_multiple_lines.po": "gettext < 0.26 keeps only the last '#,' line; polib merges them",
    "flags_separators.po": "flags split at commas only; unknown flags kept (GNU drops them)",
    "nul_byte_in_string.po": "a raw NUL ends neither the string nor the comment for polib",
    "plural_index_leading_zero.po": "msgstr[01] is read as msgstr[0]",
    "previous_msgid.po": '#|<TAB>msgid "tab" "": polib\'s previous msgid becomes \'tab" "\'',
    "references_forms.po": "'f.c : 3', 'f.c: 4', 'f.c :5' split into pieces; 'zero.c:0009' keeps '0009'",
    "references_solaris_style.po": "'# File: NAME, line:N' is a comment for polib, a reference for GNU",
    "untranslated_and_fuzzy_empty.po": (
        "not polib's fault: msgcat does not write '#, fuzzy' on an empty msgstr, though GNU holds the entry "
        "fuzzy (oracle_catalog().fuzzy); polib reads the flag in the original only"
    ),
}


# the valid fixtures polib reads and msgcat can rewrite
READ_BY_BOTH = [
    path
    for path in VALID
    if path.name not in POLIB_REJECTS_VALID and not MANIFEST["valid"][path.name].get("msgcat_rejects")
]


@pytest.mark.parametrize("path", READ_BY_BOTH, ids=_ids(READ_BY_BOTH))
def test_documents_polib_behaviour_not_docloc_whole_entries(path: Path, tmp_path: Path) -> None:
    """polib's reading of each valid fixture against its reading of GNU's canonical rewrite."""
    normalized = tmp_path / path.name
    normalized.write_bytes(oracle.oracle_normalized_bytes(path))
    try:
        agrees = _polib_reading(path) == _polib_reading(normalized)
    except OSError:  # polib cannot read GNU's rewrite
        agrees = False
    assert agrees == (path.name not in POLIB_READING_DIFFERS), POLIB_READING_DIFFERS.get(path.name, "polib disagrees")


@pytest.mark.parametrize("path", INVALID, ids=_ids(INVALID))
def test_documents_polib_behaviour_not_docloc_invalid_files(path: Path) -> None:
    """Which catalogs msgfmt rejects and polib.pofile reads silently."""
    polib = _polib()
    try:
        polib.pofile(str(path))
    except (OSError, UnicodeDecodeError):
        accepted = False
    else:
        accepted = True
    assert accepted == (path.name in POLIB_ACCEPTS_INVALID)
