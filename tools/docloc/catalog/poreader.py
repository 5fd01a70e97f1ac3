"""A lean, strict reader of PO files for read-only passes (coverage, checks).

polib builds a full object model and took 1.3 s to read the cs-cz corpus's catalogs
(measured; ``benchmarks/check_speed.py``), more than pocount's whole run. ``docloc check``
only reads, so it uses this reader: the same fields, plain slots, and the line of every
entry's ``msgid`` for reports. Malformed input raises ``DoclocError`` with its line.
"""

from __future__ import annotations

import re
from pathlib import Path

from ..errors import DoclocError
from ..fileio import read_text

_ESCAPE = re.compile(r"\\(.)")
_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", '"': '"', "\\": "\\", "a": "\a", "b": "\b", "f": "\f", "v": "\v"}
_KEYWORD = re.compile(r'(msgctxt|msgid_plural|msgid|msgstr(?:\[(\d+)\])?)\s*(".*)$')


class PoEntry:
    """One entry, with polib's attribute names so code can take either."""

    __slots__ = (
        "msgctxt",
        "msgid",
        "msgid_plural",
        "msgstr",
        "msgstr_plural",
        "flags",
        "obsolete",
        "occurrences",
        "comment",
        "tcomment",
        "linenum",
    )

    def __init__(self) -> None:
        self.msgctxt: str | None = None
        self.msgid = ""
        self.msgid_plural = ""
        self.msgstr = ""
        self.msgstr_plural: dict[int, str] = {}
        self.flags: list[str] = []
        self.obsolete = False
        self.occurrences: list[tuple[str, str]] = []
        self.comment = ""
        self.tcomment = ""
        self.linenum = 0  # the line of ``msgid``


class PoCatalog(list):
    """The entries of a catalog (header included, as the first entry with an empty msgid)."""

    @property
    def metadata(self) -> dict[str, str]:
        for entry in self:
            if not entry.msgid and entry.msgctxt is None and not entry.obsolete:
                pairs = (line.partition(":") for line in entry.msgstr.split("\n") if ":" in line)
                return {key.strip(): value.strip() for key, _, value in pairs}
        return {}


def _unquote(value: str, file: str, number: int) -> str:
    value = value.strip()
    if len(value) < 2 or value[0] != '"' or value[-1] != '"' or (value[-2] == "\\" and not value.endswith('\\\\"')):
        raise DoclocError("not a valid PO file: a string must be one double-quoted line", file, number)
    body = value[1:-1]
    if "\\" not in body:
        if '"' in body:
            raise DoclocError('not a valid PO file: unescaped " inside a string', file, number)
        return body
    return _ESCAPE.sub(_escape, body)


# One entry in the shape docloc and most tools write: comment lines, then msgctxt, msgid and
# msgstr, each one or more well-formed quoted lines with one space after the keyword.
_STRING = r'"[^"\\\n]*(?:\\.[^"\\\n]*)*"\n(?:"[^"\\\n]*(?:\\.[^"\\\n]*)*"\n)*'
_ENTRY = re.compile(
    rf"\n*(?P<comments>(?:#[^\n]*\n)*)(?:msgctxt (?P<msgctxt>{_STRING}))?"
    rf"msgid (?P<msgid>{_STRING})msgstr (?P<msgstr>{_STRING})"
)
_END = re.compile(r"\n*")
# The commonest shapes: an optional extracted comment, one reference, msgid and msgstr on one line each.
_ONE_LINE = r'"([^"\\\n]*(?:\\.[^"\\\n]*)*)"\n'
_COMMON_ENTRY = re.compile(rf"\n*(?:#\. ([^\n]*)\n)?#: ([^\s]+)\nmsgid {_ONE_LINE}msgstr {_ONE_LINE}(?!\")")


def _may_be_regular(text: str) -> bool:
    """No obsolete entries, plurals or CRLF: the pattern readers may take the file (they check the rest)."""
    return "#~" not in text and "\r" not in text and "msgid_plural" not in text


def _escape(match: re.Match) -> str:
    return _ESCAPES.get(match.group(1), "\\" + match.group(1))


def _decode(quoted: str) -> str:
    """The value of well-formed quoted lines (``"…"\\n"…"\\n``): what ``_unquote`` gives for each, joined."""
    body = quoted[1:-2] if quoted.count("\n") == 1 else "".join(line[1:-1] for line in quoted[:-1].split("\n"))
    if "\\" not in body:
        return body
    return _ESCAPE.sub(_escape, body)


def _parse_regular(text: str) -> list[PoEntry] | None:
    """The entries of a PO file in the regular shape, in one pattern pass; None when any part is not.

    Reading the corpus's catalogs line by line was a sixth of ``docloc check``; files in this
    shape (every file docloc writes) are read here, anything else (obsolete entries, plurals,
    CRLF, odd spacing, errors) by ``parse_po_lines``, which gives the same entries.
    """
    if not _may_be_regular(text):
        return None
    entries: list[PoEntry] = []
    append = entries.append
    position = 0
    line = 1
    end = len(text)
    count = text.count
    match_common = _COMMON_ENTRY.match
    match_entry = _ENTRY.match
    while position < end:
        match = match_common(text, position)
        if match is not None:  # ["#. comment"], "#: reference", msgid and msgstr on one line each
            extracted, reference, msgid, msgstr = match.groups()
            entry = PoEntry()
            if extracted is not None:
                entry.comment = extracted
            path, _, at = reference.rpartition(":")
            entry.occurrences.append((path, at) if path and at.isdigit() else (reference, ""))
            msgid_start = match.start(3) - 7
            line += count("\n", position, msgid_start)
            entry.linenum = line
            entry.msgid = msgid if "\\" not in msgid else _ESCAPE.sub(_escape, msgid)
            entry.msgstr = msgstr if "\\" not in msgstr else _ESCAPE.sub(_escape, msgstr)
            append(entry)
            position = match.end()
            line += 2
            continue
        match = match_entry(text, position)
        if match is None:
            break
        entry = PoEntry()
        comments = match.group("comments")
        if comments:
            tcomments: list[str] = []
            extracted_lines: list[str] = []
            for comment in comments[:-1].split("\n"):
                _read_comment(entry, comment, tcomments, extracted_lines)
            entry.tcomment = "\n".join(tcomments)
            entry.comment = "\n".join(extracted_lines)
        msgctxt = match.group("msgctxt")
        if msgctxt is not None:
            entry.msgctxt = _decode(msgctxt)
        msgid_start = match.start("msgid")
        line += count("\n", position, msgid_start)
        entry.linenum = line
        entry.msgid = _decode(match.group("msgid"))
        entry.msgstr = _decode(match.group("msgstr"))
        append(entry)
        position = match.end()
        line += count("\n", msgid_start, position)
    if _END.match(text, position).end() != end:
        return None
    return entries


def _read_comment(entry: PoEntry, line: str, tcomments: list[str], extracted: list[str]) -> None:
    """One ``#`` line into ``entry``: flags, references, extracted or translator comment (``#|`` skipped)."""
    kind = line[1:2]
    if kind == ",":
        entry.flags.extend(f.strip() for f in line[2:].split(",") if f.strip())
    elif kind == ":":
        for ref in line[2:].split():
            path, _, at = ref.rpartition(":")
            entry.occurrences.append((path, at) if path and at.isdigit() else (ref, ""))
    elif kind == ".":
        extracted.append(line[3:] if line[2:3] == " " else line[2:])
    elif kind != "|":
        tcomments.append(line[2:] if kind == " " else line[1:])


def parse_po(text: str, file: str) -> PoCatalog:
    """Entries of PO text; ``file`` names it in errors."""
    regular = _parse_regular(text)
    if regular is not None:
        return PoCatalog(regular)
    return parse_po_lines(text, file)


def parse_po_lines(text: str, file: str) -> PoCatalog:
    """Entries of PO text, line by line: any valid PO file, and the located error of an invalid one."""
    entries: list[PoEntry] = []
    entry = PoEntry()
    started = False  # the entry has a msgid
    field: str | None = None
    plural_index = 0
    tcomments: list[str] = []
    comments: list[str] = []

    def finish() -> None:
        nonlocal entry, started, field, tcomments, comments
        if started:  # comments with no entry after them (end of file) are dropped
            entry.tcomment = "\n".join(tcomments)
            entry.comment = "\n".join(comments)
            entries.append(entry)
        entry, started, field, tcomments, comments = PoEntry(), False, None, [], []

    for number, raw in enumerate(text.split("\n"), 1):
        line = raw.rstrip("\r")
        if not line.strip():
            continue
        obsolete = line.startswith("#~")
        if obsolete:
            line = line[2:].lstrip()
            if line.startswith("|") or not line:
                continue  # previous msgid of an obsolete entry
        elif line[0] == "#":
            if field is not None and field.startswith("msgstr"):
                finish()
            _read_comment(entry, line, tcomments, comments)
            continue
        if line[0] == '"':
            if field is None:
                raise DoclocError("not a valid PO file: a string with no keyword before it", file, number)
            value = _unquote(line, file, number)
            if field == "msgstr_plural":
                entry.msgstr_plural[plural_index] += value
            else:
                setattr(entry, field, getattr(entry, field) + value)
            continue
        match = _KEYWORD.match(line)
        if not match:
            raise DoclocError(f"not a valid PO file: unexpected line {line[:40]!r}", file, number)
        keyword, index, rest = match.groups()
        if keyword in ("msgctxt", "msgid") and (field is not None and field.startswith("msgstr")):
            finish()
        if keyword in ("msgctxt", "msgid") and started:
            raise DoclocError(f"not a valid PO file: {keyword} before the previous entry's msgstr", file, number)
        value = _unquote(rest, file, number)
        entry.obsolete = obsolete
        if keyword == "msgctxt":
            entry.msgctxt = value
            field = "msgctxt"
        elif keyword == "msgid":
            entry.msgid = value
            entry.linenum = number
            started = True
            field = "msgid"
        elif not started:
            raise DoclocError(f"not a valid PO file: {keyword} with no msgid before it", file, number)
        elif keyword == "msgid_plural":
            entry.msgid_plural = value
            field = "msgid_plural"
        elif index is None:
            entry.msgstr = value
            field = "msgstr"
        else:
            plural_index = int(index)
            entry.msgstr_plural[plural_index] = value
            field = "msgstr_plural"
    if started and (field is None or not field.startswith("msgstr")):
        raise DoclocError("not a valid PO file: the last entry has no msgstr", file, len(text.split("\n")))
    finish()
    return PoCatalog(entries)


_KEY_ENTRY = re.compile(rf"\n*(?:#[^\n]*\n)*(?:msgctxt ({_STRING}))?msgid ({_STRING})msgstr {_STRING}")


def read_msgids(path: Path, display: str | None = None) -> list[tuple[str | None, str]]:
    """(msgctxt, msgid) of every entry but the header and obsolete ones: what source drift compares.

    A template's entries are most of what ``docloc check`` reads, and only their English
    matters; in the regular shape they are taken by one pattern pass, with no entry objects
    (a sixth of the time). Anything else is read by ``parse_po`` (the same keys, the same
    located errors).
    """
    display = display or str(path)
    text = read_text(path, display)
    if _may_be_regular(text):
        keys: list[tuple[str | None, str]] = []
        position = 0
        for match in _KEY_ENTRY.finditer(text):
            if match.start() != position:
                break
            position = match.end()
            msgctxt, msgid = match.groups()
            if msgid := _decode(msgid):
                keys.append((None if msgctxt is None else _decode(msgctxt), msgid))
        if _END.match(text, position).end() == len(text):
            return keys
    return [(entry.msgctxt, entry.msgid) for entry in parse_po(text, display) if entry.msgid and not entry.obsolete]


def read_po(path: Path, display: str | None = None) -> PoCatalog:
    display = display or str(path)
    return parse_po(read_text(path, display), display)
