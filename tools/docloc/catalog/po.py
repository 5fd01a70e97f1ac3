"""The one PO reader and the one PO writer of docloc: GNU gettext's grammar, polib's types.

Every command reads catalogs with ``read_catalog`` (or ``parse_po``) and writes them with
``write_catalog`` (or ``catalog_text``). The reader follows GNU gettext's lexer and grammar
(po-lex.c, po-gram-gen.y, read-catalog-abstract.c) and refuses, as a located ``DoclocError``,
everything ``msgfmt --check`` refuses; what msgfmt only warns about is accepted. Where gettext
versions differ, the newer reading is followed: file names wrapped in U+2068 … U+2069
(gettext >= 0.22) are one name, and several ``#,`` lines add up (gettext >= 0.26; older
versions keep only the last line's flags).

The result is polib's own ``POFile`` of ``POEntry`` objects: the header entry becomes
``POFile.header`` (its translator comment), ``metadata`` and ``metadata_is_fuzzy`` as polib
has them; every entry's ``linenum`` is the line of its ``msgid`` keyword; ``occurrences`` are
(path, line) string pairs with the isolating marks removed; ``flags`` are the flags GNU gettext
knows (it drops the others when it reads a catalog, and so does this reader).

Line ends are read as gettext >= 0.24 reads them (read-po-lex.c, mbfile_getc_normalized): a CR
followed by LF is dropped before anything else is read, backslash-newline included, so a file with
CRLF line ends (Windows editors, git's core.autocrlf) reads exactly as the same file with LF ones;
lines and columns are those of the LF file. Older versions keep that CR: in comments, and at the end
of the last ``#:`` reference of a line, which then names a file ``NAME:LINE\\r`` without a line. A
lone CR (one not followed by LF) is read as every version reads it: whitespace between tokens, a
character of a comment or a string, not a separator of references.

Reading has two paths that give the same entries (a test compares them on every fixture and
every corpus catalog): a pattern per entry for the shape polib writes (comments, then
``msgctxt``/``msgid``/``msgstr`` lines with one space after the keyword, LF line ends), which
is nearly every catalog, and GNU's token grammar for the rest of a file from the first entry
the pattern does not take.

The writer writes what polib's writes (``str(po)`` with no wrapping; ``polib_text`` gives the same
text faster, and tests compare the two byte for byte) plus what correctness needs: file names
that hold a space or a tab are written isolated as gettext >= 0.22 writes them; a translator
comment line that GNU would read as a Solaris file reference is written without its blank;
bytes that are not valid in the catalog's charset (read from ``\\377``-style escapes) are
written back as octal escapes; and text no PO file can hold is refused, naming the entry.
"""

from __future__ import annotations

import codecs
import re
from bisect import bisect_right
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path

import polib

from ..errors import DoclocError
from ..fileio import read_bytes
from ..stamps import Stamp, stamp
from .formats import check_formats
from .plural import PluralError, plural_rule

WRAP_WIDTH = 0  # like msgcat --no-wrap: one sentence, one line, readable diffs
ISOLATE_START, ISOLATE_END = "\u2068", "\u2069"
BOM = "\ufeff"

__all__ = [
    "WRAP_WIDTH",
    "TemplateEntry",
    "catalog_text",
    "catalog_bytes",
    "compile_problem",
    "entry_maker",
    "known_flag",
    "new_entry",
    "new_pofile",
    "parse_po",
    "polib_text",
    "read_catalog",
    "template_catalog_text",
    "write_catalog",
]


# ----------------------------------------------------------------------------- flags

_FORMAT_LANGUAGES = frozenset(
    [
        "c",
        "objc",
        "c++",
        "python",
        "python-brace",
        "java",
        "java-printf",
        "csharp",
        "javascript",
        "scheme",
        "lisp",
        "elisp",
        "librep",
        "rust",
        "go",
        "ruby",
        "sh",
        "sh-printf",
        "awk",
        "lua",
        "pascal",
        "object-pascal",
        "modula2",
        "d",
        "ocaml",
        "smalltalk",
        "qt",
        "qt-plural",
        "kde",
        "kde-kuit",
        "boost",
        "tcl",
        "perl",
        "perl-brace",
        "perl-bracket",
        "php",
        "gcc-internal",
        "gfc-internal",
        "ycp",
    ]
)
_SYNTAX_CHECKS = frozenset(["ellipsis-unicode", "space-ellipsis", "quote-unicode", "bullet-unicode", "url", "email"])
_FLAG_SPLIT = re.compile(r"[\n \t\r\f\v,]+")
_RANGE = re.compile(r"(\d+)\.\.(\d+)$")


def known_flag(flag: str) -> bool:
    """Whether GNU gettext knows a flag (it drops the others when it reads a catalog)."""
    if flag in ("fuzzy", "wrap", "no-wrap"):
        return True
    if flag.endswith("-format"):
        name = flag[:-7]
        for prefix in ("no-", "possible-", "impossible-"):
            if name.startswith(prefix) and name[len(prefix) :] in _FORMAT_LANGUAGES:
                return True
        return name in _FORMAT_LANGUAGES
    if flag.endswith("-check"):
        name = flag[:-6]
        return name in _SYNTAX_CHECKS or (name.startswith("no-") and name[3:] in _SYNTAX_CHECKS)
    if flag.startswith("range: "):
        found = _RANGE.match(flag[7:])
        return found is not None and int(found.group(1)) <= int(found.group(2))
    return False


def _flags(text: str, into: list[str]) -> None:
    """The flags of one ``#,`` (or ``#!``) line added to ``into``: split at commas and whitespace,
    ``range: A..B`` kept as one flag, unknown ones dropped (po_parse_comment_special)."""
    tokens = [t for t in _FLAG_SPLIT.split(text) if t]
    index = 0
    while index < len(tokens):
        token = tokens[index]
        index += 1
        if token == "range:":
            if index < len(tokens):
                flag = "range: " + tokens[index]
                index += 1
                if known_flag(flag) and flag not in into:
                    into.append(flag)
            continue
        if known_flag(token) and token not in into:
            into.append(token)


# ------------------------------------------------------------------------ references


def _references(text: str, into: list[tuple[str, str]]) -> None:
    """The file references of one ``#:`` line, as po_parse_comment_filepos reads them (gettext >= 0.22)."""
    if ISOLATE_START not in text and " :" not in text and ": " not in text and "\t" not in text:
        for token in text.split(" "):  # the common case: NAME:LINE NAME:LINE …
            if token:
                name, colon, line = token.rpartition(":")
                if colon and name and line.isdigit() and line.isascii():
                    into.append((name, line if line[0] != "0" else str(int(line))))
                else:
                    into.append((token, ""))
        return
    position, end = 0, len(text)
    blanks = " \t\n"
    while position < end:
        while position < end and text[position] in blanks:
            position += 1
        if position >= end:
            break
        isolated = text.startswith(ISOLATE_START, position)
        if isolated:
            position += 1
            start = position
            stop = text.find(ISOLATE_END, position)
            if stop == -1:
                stop = position = end
            else:
                position = stop + 1
        else:
            start = position
            position += 1
            while position < end and text[position] not in blanks:
                position += 1
            stop = position
        name = text[start:stop]
        # NAME : LINE, NAME :LINE (a colon after blanks, then a number)
        look = position
        while look < end and text[look] in blanks:
            look += 1
        if look < end and text[look] == ":":
            look += 1
            while look < end and text[look] in blanks:
                look += 1
            digits = look
            while look < end and "0" <= text[look] <= "9":
                look += 1
            if look > digits and (look == end or text[look] in blanks):
                into.append((name, str(int(text[digits:look]))))
                position = look
                continue
        # NAME: LINE (the name ends in a colon, a number after blanks)
        if not isolated and name.endswith(":"):
            look = position
            while look < end and text[look] in blanks:
                look += 1
            digits = look
            while look < end and "0" <= text[look] <= "9":
                look += 1
            if look > digits and (look == end or text[look] in blanks):
                into.append((name[:-1], str(int(text[digits:look]))))
                position = look
                continue
        # NAME:LINE
        if not isolated:
            digits = len(name)
            while digits > 0 and "0" <= name[digits - 1] <= "9":
                digits -= 1
            if digits < len(name) and digits > 1 and name[digits - 1] == ":":
                into.append((name[: digits - 1], str(int(name[digits:]))))
                continue
        into.append((name, ""))


_SOLARIS = re.compile(r" [Ff]ile:[ \t]*(.*?)[ \t]*,[ \t]*line[ \t]*(?:number[ \t]*)?:(\d+)[ \t\n]*$", re.S)


# --------------------------------------------------------------------------- strings

_ESCAPE = re.compile(r"\\(?:([ntbrfva\\\"])|([0-7]{1,3})|x([0-9A-Fa-f]+)|(.?))", re.S)
_SIMPLE = {"n": "\n", "t": "\t", "b": "\b", "r": "\r", "f": "\f", "v": "\v", "a": "\a", "\\": "\\", '"': '"'}
_SURROGATE = re.compile("[\ud800-\udfff]")


class _EscapeError(Exception):
    def __init__(self, offset: int, text: str) -> None:
        super().__init__(text)
        self.offset = offset  # in the string's body
        self.text = text


_ONLY_SIMPLE = re.compile(r"\\[^ntbrfva\\\"]")
_SIMPLE_ESCAPE = re.compile(r"\\(.)")


def _simple(match: re.Match) -> str:
    return _SIMPLE[match.group(1)]


def _unescape(body: str, charset: str) -> str:
    """A string's value from its body between the quotes, as po-lex.c's control_sequence decodes it.

    Octal and hex escapes give bytes (``\\303\\251`` is é in UTF-8); bytes the charset cannot
    decode come back as lone surrogates, as ``surrogateescape`` makes them.
    """
    if _ONLY_SIMPLE.search(body) is None:
        return _SIMPLE_ESCAPE.sub(_simple, body)
    parts: list[str | bytes] = []
    position = 0
    raw = False
    for match in _ESCAPE.finditer(body):
        parts.append(body[position : match.start()])
        simple, octal, hexadecimal, other = match.groups()
        if simple is not None:
            parts.append(_SIMPLE[simple])
        elif octal is not None:
            parts.append(bytes([int(octal, 8) & 0xFF]))
            raw = True
        elif hexadecimal is not None:
            parts.append(bytes([int(hexadecimal, 16) & 0xFF]))
            raw = True
        else:
            shown = "\\" + other if other else "\\ at the end"
            raise _EscapeError(
                match.start(),
                f'unknown escape sequence {shown!r}: PO strings know \\n \\t \\r \\\\ \\" \\a \\b \\f \\v, '
                "octal \\NNN and hex \\xHH; write a backslash as \\\\",
            )
        position = match.end()
    parts.append(body[position:])
    if not raw:
        return "".join(parts)  # type: ignore[arg-type]
    data = b"".join(p if isinstance(p, bytes) else p.encode(charset, "surrogateescape") for p in parts)
    return data.decode(charset, "surrogateescape")


def _value(body: str, charset: str) -> str:
    """A decoded string value cut at its first NUL, as msgfmt stores it (po-lex.c copies a C string)."""
    value = _unescape(body, charset) if "\\" in body else body
    cut = value.find("\0")
    if cut != -1:
        value = value[:cut]
    if "\x04" in value:
        raise _EscapeError(-1, _EOT)
    return value


_EOT = (
    "the string holds the control character EOT (U+0004), which gettext reserves to separate a context from its msgid"
)


# ---------------------------------------------------------------------------- entries

_ENCODING = polib.default_encoding


def new_entry(
    msgid: str,
    msgstr: str = "",
    msgctxt: str | None = None,
    *,
    comment: str = "",
    tcomment: str = "",
    occurrences: list[tuple[str, str]] | None = None,
    flags: list[str] | None = None,
    obsolete: bool = False,
    msgid_plural: str = "",
    msgstr_plural: dict[int, str] | None = None,
    previous_msgctxt: str | None = None,
    previous_msgid: str | None = None,
    previous_msgid_plural: str | None = None,
    linenum: int | None = None,
) -> polib.POEntry:
    """A polib ``POEntry``, built without polib's keyword-argument constructor (a fifth of the cost).

    The import builds tens of thousands of entries; each gets exactly the attributes
    ``POEntry.__init__`` gives it.
    """
    entry = _new_entry(polib.POEntry)
    entry.__dict__ = {
        "msgid": msgid,
        "msgstr": msgstr,
        "msgid_plural": msgid_plural,
        "msgstr_plural": {} if msgstr_plural is None else msgstr_plural,
        "msgctxt": msgctxt,
        "obsolete": obsolete,
        "encoding": _ENCODING,
        "comment": comment,
        "tcomment": tcomment,
        "occurrences": [] if occurrences is None else occurrences,
        "flags": [] if flags is None else flags,
        "previous_msgctxt": previous_msgctxt,
        "previous_msgid": previous_msgid,
        "previous_msgid_plural": previous_msgid_plural,
        "linenum": linenum,
    }
    return entry


def copy_entry(entry: polib.POEntry) -> polib.POEntry:
    """A new entry with ``entry``'s fields (its lists and plural forms copied, not shared)."""
    return new_entry(
        entry.msgid,
        msgid_plural=entry.msgid_plural,
        msgstr=entry.msgstr,
        msgstr_plural=dict(entry.msgstr_plural) if entry.msgstr_plural else {},
        msgctxt=entry.msgctxt,
        occurrences=list(entry.occurrences),
        comment=entry.comment,
        tcomment=entry.tcomment,
        flags=list(entry.flags),
        previous_msgctxt=entry.previous_msgctxt,
        previous_msgid=entry.previous_msgid,
        previous_msgid_plural=entry.previous_msgid_plural,
        obsolete=entry.obsolete,
    )


_new_entry = object.__new__


def entry_maker() -> Callable[[str, str, str | None, str, list[tuple[str, str]]], polib.POEntry]:
    """``make(msgid, msgstr, msgctxt, comment, occurrences)``: a new entry as fast as Python makes one.

    Each entry gets exactly the attributes ``POEntry.__init__`` gives it, from a template dict.
    """
    template = new_entry("").__dict__
    copy, make = template.copy, _new_entry
    kind = polib.POEntry

    def made(
        msgid: str, msgstr: str, msgctxt: str | None, comment: str, occurrences: list[tuple[str, str]]
    ) -> polib.POEntry:
        entry = make(kind)
        fields = copy()
        fields["msgid"], fields["msgstr"], fields["msgctxt"] = msgid, msgstr, msgctxt
        fields["comment"], fields["occurrences"] = comment, occurrences
        fields["msgstr_plural"], fields["flags"] = {}, []
        entry.__dict__ = fields
        return entry

    return made


def new_pofile() -> polib.POFile:
    """An empty catalog (polib's ``POFile``) that is written unwrapped: every catalog docloc builds starts here."""
    return polib.POFile(wrapwidth=WRAP_WIDTH)


class _Comments:
    """The comments read before an entry, attached to it when it is complete."""

    __slots__ = ("tcomment", "comment", "occurrences", "flags")

    def __init__(self) -> None:
        self.tcomment: list[str] = []
        self.comment: list[str] = []
        self.occurrences: list[tuple[str, str]] = []
        self.flags: list[str] = []

    def read(self, text: str) -> None:
        """One comment line's text after ``#`` (po_callback_comment_dispatcher)."""
        kind = text[:1]
        if kind == ".":
            self.comment.append(text[2:] if text[1:2] == " " else text[1:])
        elif kind == ":":
            _references(text[1:], self.occurrences)
        elif kind == "," or kind == "!":
            _flags(text[1:], self.flags)
        elif kind == " " and text[1:5] in ("File", "file") and (found := _SOLARIS.match(text)):
            self.occurrences.append((found.group(1), str(int(found.group(2)))))
        else:
            self.tcomment.append(text[1:] if kind == " " else text)


# A string line as polib writes it, and the same after '#| ' (previous msgid).
_STR = r'"[^"\\\n]*(?:\\.[^"\\\n]*)*"\n(?:"[^"\\\n]*(?:\\.[^"\\\n]*)*"\n)*'
_PSTR = r'"[^"\\\n]*(?:\\.[^"\\\n]*)*"\n(?:\#\| "[^"\\\n]*(?:\\.[^"\\\n]*)*"\n)*'
_REGULAR = re.compile(
    r"\n*(?P<comments>(?:\#(?![~|])[^\n]*\n)*)"
    rf"(?:(?:\#\| msgctxt (?P<pctx>{_PSTR}))?\#\| msgid (?P<pid>{_PSTR}))?"
    rf"(?:msgctxt (?P<ctx>{_STR}))?(?P<msgid>msgid ){_STR}msgstr (?P<msgstr>{_STR})"
    r"(?![ \t\f\v\n]*\")"
)
# The commonest entry of all: an optional extracted comment, references, msgid and msgstr on one line each.
_ONE = r'"([^"\\\n]*(?:\\.[^"\\\n]*)*)"\n'
# Its references: one NAME:LINE (groups 2, 3: no blank or isolate in NAME, LINE digits without a leading zero),
# or any other line (group 4), which ``_references`` reads.
_COMMON = re.compile(
    r"\n*(?:\#\.([^\n]*)\n)?\#:(?: ([^ \t\n\u2068]+):([1-9][0-9]*)|([^\n]*))\n"
    rf"msgid {_ONE}msgstr {_ONE}(?![ \t\f\v\n]*\")"
)


def _joined(quoted: str, prefix: int) -> str:
    """The bodies of ``"…"\\n`` lines (after a prefix of ``prefix`` characters on continuation lines), joined."""
    if quoted.count("\n") == 1:
        return quoted[1:-2]
    lines = quoted[:-1].split("\n")
    return lines[0][1:-1] + "".join(line[prefix + 1 : -1] for line in lines[1:])


class _Catalog:
    """What one parse collects: the entries, each one's msgstr lines (for located checks), the header's."""

    __slots__ = ("entries", "msgstr_lines", "file", "charset", "validate", "text")

    def __init__(self, file: str, charset: str, validate: bool) -> None:
        self.text = ""
        self.entries: list[polib.POEntry] = []
        self.msgstr_lines: list[tuple[int, ...]] = []  # the line of msgstr, or of each msgstr[N]
        self.file = file
        self.charset = charset
        self.validate = validate  # strings may hold undecodable bytes: refuse them


def _parse_regular(text: str, catalog: _Catalog, position: int, line: int) -> tuple[int, int]:
    """Entries in polib's shape from ``position``, one pattern per entry; where the shape ends.

    Returns the position and line of the first entry not taken (the token grammar reads on
    from there). A string escape the pattern cannot judge ends the shape too, so every error
    is reported by the grammar, located.
    """
    entries, lines = catalog.entries, catalog.msgstr_lines
    append, append_lines = entries.append, lines.append
    charset = catalog.charset
    count = text.count
    match_common, match_regular = _COMMON.match, _REGULAR.match
    end = len(text)
    while position < end:
        found = match_common(text, position)
        if found is not None:
            extracted, name, number, references, msgid, msgstr = found.groups()
            if references is None:  # one NAME:LINE, the commonest reference line: read by the pattern
                occurrences: list[tuple[str, str]] = [(name, number)]
            else:
                occurrences = []
                _references(references, occurrences)
            try:
                if "\\" in msgid:
                    msgid = _value(msgid, charset)
                if "\\" in msgstr:
                    msgstr = _value(msgstr, charset)
            except _EscapeError:
                break
            line += count("\n", position, found.start(5))
            entry = _new_entry(polib.POEntry)
            entry.__dict__ = {
                "msgid": msgid,
                "msgstr": msgstr,
                "msgid_plural": "",
                "msgstr_plural": {},
                "msgctxt": None,
                "obsolete": False,
                "encoding": _ENCODING,
                "comment": "" if extracted is None else (extracted[1:] if extracted[:1] == " " else extracted),
                "tcomment": "",
                "occurrences": occurrences,
                "flags": [],
                "previous_msgctxt": None,
                "previous_msgid": None,
                "previous_msgid_plural": None,
                "linenum": line,
            }
            append(entry)
            append_lines((line + 1,))
            line += 2
            position = found.end()
            continue
        found = match_regular(text, position)
        if found is None:
            break
        comments, pctx, pid, ctx, _, msgstr = found.groups()
        try:
            values = [
                None if pctx is None else _value(_joined(pctx, 3), charset),
                None if pid is None else _value(_joined(pid, 3), charset),
                None if ctx is None else _value(_joined(ctx, 0), charset),
                _value(_joined(text[found.end("msgid") : found.start("msgstr") - 7], 0), charset),
                _value(_joined(msgstr, 0), charset),
            ]
        except _EscapeError:
            break
        notes = _Comments()
        if comments:
            for comment in comments[1:-1].split("\n#"):
                notes.read(comment)
        msgid_line = line + count("\n", position, found.start("msgid"))
        msgstr_line = msgid_line + count("\n", found.start("msgid"), found.start("msgstr"))
        entry = _new_entry(polib.POEntry)
        entry.__dict__ = {
            "msgid": values[3],
            "msgstr": values[4],
            "msgid_plural": "",
            "msgstr_plural": {},
            "msgctxt": values[2],
            "obsolete": False,
            "encoding": _ENCODING,
            "comment": "\n".join(notes.comment),
            "tcomment": "\n".join(notes.tcomment),
            "occurrences": notes.occurrences,
            "flags": notes.flags,
            "previous_msgctxt": values[0],
            "previous_msgid": values[1],
            "previous_msgid_plural": None,
            "linenum": msgid_line,
        }
        append(entry)
        append_lines((msgstr_line,))
        line = msgstr_line + count("\n", found.start("msgstr"), found.end())
        position = found.end()
    return position, line


# --------------------------------------------------------------------- the grammar

_TOKEN = re.compile(
    r"""[ \t\r\f\v]*(?:
      (?P<newline>\n)
    | \#(?P<mark>~\|?|\|)?
    | "(?P<string>[^"\\\n]*(?:\\[^\n][^"\\\n]*)*)(?P<close>"?)
    | (?P<word>[A-Za-z_$][A-Za-z0-9_$]*)
    | (?P<number>[0-9]+)
    | (?P<bracket>[\[\]])
    | (?P<end>\Z)
    | (?P<junk>.)
    )""",
    re.X | re.S,
)
_BLANK_LINE = re.compile(r"\n[ \t]*\n")
_KEYWORDS = {"msgctxt", "msgid", "msgid_plural", "msgstr", "domain"}
_PREVIOUS_KEYWORDS = {"msgctxt", "msgid", "msgid_plural"}
_FIELD_NAMES = {
    "prev_msgctxt": "#| msgctxt",
    "prev_msgid": "#| msgid",
    "prev_msgid_plural": "#| msgid_plural",
    "msgctxt": "msgctxt",
    "msgid": "msgid",
    "msgid_plural": "msgid_plural",
    "msgstr": "msgstr",
    "form": "msgstr[N]",
}


class _Grammar:
    """GNU gettext's PO grammar over tokens (po-gram-gen.y), one entry at a time."""

    def __init__(self, text: str, catalog: _Catalog, splices: list[int], position: int, line: int) -> None:
        self.text = text
        self.catalog = catalog
        self.splices = splices  # where backslash-newline pairs were removed (in this text's offsets)
        self.position = position
        self.line_base = (position, line)  # a known (offset, line) pair: lines are counted from it
        self.comments = _Comments()
        self.spliced_comment: int | None = None  # the line of a comment that swallowed the next line
        self.reset()

    def reset(self) -> None:
        self.field: str | None = None  # the field being read
        self.needs_string = False  # a keyword was read, its first string not yet
        self.values: dict[str, list[str]] = {}
        self.forms: list[list[str]] = []
        self.form_lines: list[int] = []
        self.bracket = ""  # inside msgstr[N]: "open", "index" or "close"
        self.index = 0
        self.msgid_line = 0
        self.obsolete: bool | None = None
        self.early: list[tuple[bool, int]] = []  # (obsolete, line) of the tokens before msgid
        self.plural = False
        self.started = False
        self.string_end = 0  # where the last string read ended

    # --- positions
    def line_of(self, offset: int) -> int:
        base, line = self.line_base
        if offset >= base:
            line += self.text.count("\n", base, offset)
        else:
            line -= self.text.count("\n", offset, base)
        if self.splices:
            line += bisect_right(self.splices, offset) - bisect_right(self.splices, base)
        self.line_base = (offset, line)
        return line

    def column_of(self, offset: int) -> int:
        return offset - (self.text.rfind("\n", 0, offset) + 1) + 1

    def error(self, message: str, offset: int | None = None, line: int | None = None, column: int = 0) -> DoclocError:
        if line is None:
            line = self.line_of(offset if offset is not None else self.position)
            if offset is not None and not column:
                column = self.column_of(offset)
        return DoclocError(message, self.catalog.file, line, column)

    # --- the token loop
    def run(self) -> None:
        text = self.text
        match = _TOKEN.match
        obsolete = previous = False  # '#~' and '#|' hold until the end of their line
        while True:
            found = match(text, self.position)
            kind = found.lastgroup
            self.position = found.end()
            if kind == "newline":
                obsolete = previous = False
            elif kind is None:  # '#' and a comment, up to the end of the line
                self.comment(found.end(), found.end() - 1)
                obsolete = previous = False
            elif kind == "mark":
                obsolete = obsolete or found.group("mark")[0] == "~"
                previous = found.group("mark") != "~"
            elif kind == "end":
                self.finish_file(found.start(kind))
                return
            else:
                if kind == "close":
                    kind = "string"
                self.token(kind, found, found.start(kind) - (1 if kind == "string" else 0), obsolete, previous)

    def comment(self, start: int, hash_at: int) -> None:
        end = self.text.find("\n", start)
        if end == -1:
            end = len(self.text)
        body = self.text[start:end]
        if self.field is not None and not self.complete():
            raise self.error(
                "a comment cannot stand inside an entry: comments go before its msgctxt or msgid"
                + (" (and a #| previous msgid goes after them)" if self.field.startswith("prev_") else ""),
                hash_at,
            )
        self.finish_entry()
        if self.splices:
            first, last = self.line_of(start), self.line_of(end)
            if last != first:
                self.spliced_comment = first
        cut = body.find("\0")
        self.comments.read(body if cut == -1 else body[:cut])
        self.position = end

    def complete(self) -> bool:
        return self.field in ("msgstr", "form") and not self.needs_string and not self.bracket

    def check_obsolete(self, obsolete: bool, offset: int) -> None:
        if self.obsolete is None:
            self.early.append((obsolete, offset))
            return
        if obsolete != self.obsolete:
            raise self._inconsistent(offset)

    def _inconsistent(self, offset: int) -> DoclocError:
        if self.obsolete:
            message = "inconsistent use of #~: this entry is obsolete, so each of its lines must start with #~"
        else:
            message = "inconsistent use of #~: this line is marked obsolete (#~) but its entry is not"
        return self.error(message, offset)

    def token(self, kind: str, found: re.Match, start: int, obsolete: bool, previous: bool) -> None:
        if kind == "string":
            if not found.group("close"):
                at_end = found.end() >= len(self.text)
                raise self.error(
                    'the string opened here is never closed with "'
                    + (" (the file ends inside it)" if at_end else " on its line"),
                    start,
                )
            self.string(found.group("string"), start, obsolete, previous)
            return
        if kind == "word":
            self.keyword(found.group("word"), start, obsolete, previous)
            return
        if kind == "bracket":
            self.bracket_token(found.group("bracket"), start, obsolete)
            return
        if kind == "number":
            if self.bracket != "index":
                raise self.syntax(start, f"unexpected number {found.group('number')}")
            self.check_obsolete(obsolete, start)
            self.index = int(found.group("number"))
            self.bracket = "close"
            return
        char = found.group("junk")
        raise self.junk(char, start)

    def junk(self, char: str, start: int) -> DoclocError:
        if start == 0 and char == BOM:
            return self.error(
                "the file starts with a byte order mark (BOM), which GNU gettext refuses; save it as UTF-8 without BOM",
                line=1,
                column=1,
            )
        if char == "\0":
            return self.error("a NUL byte outside a string", start)
        if self.catalog.validate and _SURROGATE.match(char):
            return self.error(f"invalid {self.catalog.charset} byte outside a string", start)
        return self.syntax(start, f"unexpected {char!r}: expected a comment, a keyword or a quoted string")

    def syntax(self, start: int, message: str) -> DoclocError:
        if self.spliced_comment is not None:
            return self.error(
                f"{message}: the comment on line {self.spliced_comment} ends in a backslash, "
                "which joins the line after it to the comment",
                line=self.spliced_comment,
            )
        return self.error(message, start)

    def string(self, body: str, start: int, obsolete: bool, previous: bool) -> None:
        field = self.field
        if self.bracket == "open":
            raise self.error("msgid_plural needs msgstr[0], msgstr[1], …, not msgstr", line=self.form_lines[-1])
        if field is None or self.bracket:
            raise self.syntax(start, "a string with no keyword (msgid, msgstr, …) before it")
        if previous != field.startswith("prev_"):
            if previous:
                raise self.syntax(start, "a #| string here continues no #| msgid")
            raise self.syntax(
                start, f"this string continues {_FIELD_NAMES[field]}, so it must start with #| as that line does"
            )
        self.check_obsolete(obsolete, start)
        if self.catalog.validate:
            bad = _SURROGATE.search(body)
            if bad:
                raise self.error(
                    f"invalid {self.catalog.charset} in a string: save the file as {self.catalog.charset} "
                    "(or name its real charset in the header's Content-Type)",
                    start + 1 + bad.start(),
                )
        try:
            value = _value(body, self.catalog.charset)
        except _EscapeError as error:
            raise self.error(error.text, start + 1 + error.offset) from None
        if field == "form":
            self.forms[-1].append(value)
        else:
            self.values.setdefault(field, []).append(value)
        self.needs_string = False
        self.string_end = self.position

    def start_entry(self, start: int) -> None:
        self.finish_entry()
        self.started = True

    def keyword(self, word: str, start: int, obsolete: bool, previous: bool) -> None:
        if word not in (_PREVIOUS_KEYWORDS if previous else _KEYWORDS):
            raise self.syntax(
                start,
                f'"{word}" is not a PO keyword (msgctxt, msgid, msgid_plural, msgstr'
                + (" after #|" if previous else "")
                + "); text must be inside double quotes",
            )
        if self.needs_string:
            raise self.syntax(start, f"{_FIELD_NAMES[self.field]} has no string after it")
        if self.bracket:
            raise self.syntax(start, "msgstr[ needs an index and ]")
        field = self.field
        complete = self.complete()
        if word == "domain" and not previous:
            if field is not None and not complete:
                raise self.syntax(start, "a domain directive inside an entry")
            raise self.error("a 'domain' directive: a docloc catalog holds one domain; remove the line", start)
        if previous:
            name = "prev_" + word
            allowed = {
                "prev_msgctxt": field is None or complete,
                "prev_msgid": field is None or complete or field == "prev_msgctxt",
                "prev_msgid_plural": field == "prev_msgid",
            }[name]
            if not allowed:
                raise self.out_of_place(name, start)
            if field is None or complete:
                self.start_entry(start)
            self.check_obsolete(obsolete, start)
            self.field, self.needs_string = name, True
            return
        if word == "msgctxt":
            if not (field is None or complete or field in ("prev_msgid", "prev_msgid_plural")):
                raise self.out_of_place("msgctxt", start)
            if field is None or complete:
                self.start_entry(start)
            self.check_obsolete(obsolete, start)
            self.field, self.needs_string = "msgctxt", True
            return
        if word == "msgid":
            if field in ("msgid", "msgid_plural"):
                missing = "msgstr[0], msgstr[1], …" if field == "msgid_plural" else "msgstr"
                raise self.error(f"this entry has no {missing}", line=self.msgid_line)
            if not (field is None or complete or field in ("msgctxt", "prev_msgid", "prev_msgid_plural")):
                raise self.out_of_place("msgid", start)
            if field is None or complete:
                self.start_entry(start)
            self.obsolete = obsolete
            self.msgid_line = self.line_of(start)
            for was, offset in self.early:
                if was != obsolete:
                    raise self._inconsistent(offset)
            self.early = []
            self.field, self.needs_string = "msgid", True
            return
        if word == "msgid_plural":
            if field != "msgid":
                raise self.out_of_place("msgid_plural", start)
            self.check_obsolete(obsolete, start)
            self.plural = True
            self.field, self.needs_string = "msgid_plural", True
            return
        # msgstr
        if field is None or field.startswith("prev_") or field == "msgctxt":
            raise self.syntax(start, "msgstr with no msgid before it")
        if field == "msgstr":
            if _BLANK_LINE.search(self.text, self.string_end, start):  # the entry ended: as the pattern path says
                raise self.syntax(start, "msgstr with no msgid before it")
            raise self.syntax(start, "a second msgstr in one entry")
        self.check_obsolete(obsolete, start)
        if self.plural:
            self.bracket = "open"
            self.form_lines.append(self.line_of(start))
            if field == "msgid" or field == "msgid_plural" or field == "form":
                self.field = "form"
                return
        self.field, self.needs_string = "msgstr", True
        self.form_lines.append(self.line_of(start))

    def out_of_place(self, name: str, start: int) -> DoclocError:
        field = self.field
        shown = name.replace("prev_", "#| ")
        if field == "msgctxt" and name == "msgctxt":
            return self.syntax(start, "a second msgctxt in one entry")
        if field in ("msgid", "msgid_plural") and name == "msgctxt":
            return self.syntax(start, "msgctxt must come before msgid")
        if name.startswith("prev_") and field is not None and not field.startswith("prev_"):
            return self.syntax(start, f"{shown} must come before the entry's msgctxt and msgid")
        return self.syntax(start, f"{shown} is out of place here")

    def bracket_token(self, char: str, start: int, obsolete: bool) -> None:
        if char == "[":
            if self.field == "msgstr" and self.needs_string and not self.plural:
                raise self.error(
                    "msgstr[N] on an entry without msgid_plural: add msgid_plural, or write msgstr",
                    line=self.msgid_line,
                )
            if self.bracket != "open":
                raise self.syntax(start, "unexpected [")
            self.check_obsolete(obsolete, start)
            self.bracket = "index"
            return
        if self.bracket != "close":
            raise self.syntax(start, "unexpected ]")
        self.check_obsolete(obsolete, start)
        expected = len(self.forms)
        if self.index != expected:
            if expected == 0:
                raise self.error(f"the first plural form is msgstr[{self.index}]; it must be msgstr[0]", start)
            raise self.error(f"msgstr[{self.index}] where msgstr[{expected}] comes next", start)
        self.forms.append([])
        self.bracket = ""
        self.needs_string = True

    def finish_file(self, start: int) -> None:
        if self.field is not None and not self.complete():
            if self.bracket:
                raise self.syntax(start, "the file ends inside msgstr[N]")
            if self.needs_string:
                raise self.syntax(start, f"{_FIELD_NAMES[self.field]} has no string after it")
            if self.field in ("msgid", "msgid_plural"):
                missing = "msgstr[0], msgstr[1], …" if self.field == "msgid_plural" else "msgstr"
                raise self.error(f"this entry has no {missing}", line=self.msgid_line)
            raise self.syntax(start, "the file ends inside an entry")
        self.finish_entry()

    def finish_entry(self) -> None:
        if not self.started:
            return
        values = self.values

        def joined(name: str) -> str | None:
            parts = values.get(name)
            return None if parts is None else "".join(parts)

        notes = self.comments
        plural = self.plural
        forms = {index: "".join(parts) for index, parts in enumerate(self.forms)} if plural else {}
        entry = new_entry(
            joined("msgid") or "",
            "" if plural else (joined("msgstr") or ""),
            joined("msgctxt"),
            comment="\n".join(notes.comment),
            tcomment="\n".join(notes.tcomment),
            occurrences=notes.occurrences,
            flags=notes.flags,
            obsolete=bool(self.obsolete),
            msgid_plural=(joined("msgid_plural") or "") if plural else "",
            msgstr_plural=forms,
            previous_msgctxt=joined("prev_msgctxt"),
            previous_msgid=joined("prev_msgid"),
            previous_msgid_plural=joined("prev_msgid_plural"),
            linenum=self.msgid_line,
        )
        self.catalog.entries.append(entry)
        self.catalog.msgstr_lines.append(tuple(self.form_lines))
        self.comments = _Comments()
        self.spliced_comment = None
        self.reset()


# -------------------------------------------------------------------------- decoding

_CHARSET = re.compile(rb"charset=([^\s\"\\;]+)")


def _codec(name: str | None) -> str | None:
    """Python's codec for a header's charset name; None for one Python does not know (msgfmt only warns)."""
    if not name:
        return "utf-8"
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


def parse_po(data: str | bytes, file: str, *, fast: bool = True) -> polib.POFile:
    """A catalog from PO text (bytes are decoded with the header's charset, UTF-8 by default).

    ``file`` names it in errors. Raises ``DoclocError`` for anything ``msgfmt --check`` refuses.
    ``fast=False`` reads with the token grammar alone (tests compare it with the pattern path).
    """
    if isinstance(data, str):
        return _parse_text(data, file, "utf-8", False, fast)
    if data.startswith(codecs.BOM_UTF8):
        raise DoclocError(
            "the file starts with a byte order mark (BOM), which GNU gettext refuses; save it as UTF-8 without BOM",
            file,
            1,
            1,
        )
    hint = _CHARSET.search(data)
    charset = _codec(hint.group(1).decode("ascii", "replace") if hint else None)
    po = _parse_bytes(data, file, charset, fast)
    declared = _codec(po.encoding if po.encoding != "unknown" else None)
    if declared != charset and po.encoding != "unknown":
        po = _parse_bytes(data, file, declared, fast)  # the first 'charset=' in the file was not the header's
    return po


def _parse_bytes(data: bytes, file: str, charset: str | None, fast: bool) -> polib.POFile:
    known = charset is not None
    codec = charset or "utf-8"
    try:
        text = data.decode(codec)
        validate = False
    except UnicodeDecodeError:
        text = data.decode(codec, "surrogateescape")
        validate = known  # with a charset Python does not know, msgfmt checks no bytes either
    except LookupError:
        text, validate, codec = data.decode("utf-8", "surrogateescape"), False, "utf-8"
    return _parse_text(text, file, codec, validate, fast)


def _parse_text(text: str, file: str, charset: str, validate: bool, fast: bool = True) -> polib.POFile:
    carriage = "\r" in text
    if carriage:
        text = text.replace("\r\n", "\n")  # CR LF is LF (gettext >= 0.24), before anything else; a lone CR stays
        carriage = "\r" in text
    catalog = _Catalog(file, charset, validate)
    catalog.text = text
    splices: list[int] = []
    if "\\\n" in text:
        text, splices = _splice(text)
    regular = fast and not splices and not carriage and "\0" not in text and "\x04" not in text and not validate
    position, line = _parse_regular(text, catalog, 0, 1) if regular else (0, 1)
    if position < len(text):
        _Grammar(text, catalog, splices, position, line).run()
    return _catalog(catalog)


def _splice(text: str) -> tuple[str, list[int]]:
    """The text with every backslash-newline pair removed (po-lex.c's lex_getc), and where each was."""
    pieces = text.split("\\\n")
    splices = []
    offset = 0
    for piece in pieces[:-1]:
        offset += len(piece)
        splices.append(offset)
    return "".join(pieces), splices


# ------------------------------------------------------------------------ the checks


def _catalog(catalog: _Catalog) -> polib.POFile:
    """The POFile of a parse, after msgfmt --check's checks of the whole catalog."""
    entries = catalog.entries
    file = catalog.file
    _check_duplicates(entries, file)
    header = None
    header_line = 0
    for index, entry in enumerate(entries):
        if entry.msgid == "" and entry.msgctxt is None and not entry.obsolete:
            header = entry
            header_line = (catalog.msgstr_lines[index] or (entry.linenum,))[0]
            break
    po = polib.POFile(wrapwidth=WRAP_WIDTH, encoding=catalog.charset)
    po.fpath = file
    po.encoding = "unknown"
    if header is not None:
        entries = [entry for entry in entries if entry is not header]
        po.header = header.tcomment
        po.metadata = _metadata(header.msgstr)
        po.metadata_is_fuzzy = "fuzzy" in header.flags
        found = re.search(r"charset=([^\s\"\\;]+)", header.msgstr)
        if found:
            po.encoding = found.group(1)
    if header is None or not header.msgstr:
        raise DoclocError(
            'the catalog has no header entry (msgid "" whose msgstr has "Content-Type: text/plain; '
            'charset=UTF-8\\n" and the other fields); msgfmt refuses a catalog without one',
            file,
            header.linenum if header is not None else 0,
        )
    lines_of: dict[int, tuple[int, ...]] = {}

    def lines(entry: polib.POEntry) -> tuple[int, ...]:
        if not lines_of:
            lines_of.update((id(e), found) for e, found in zip(catalog.entries, catalog.msgstr_lines))
        return lines_of.get(id(entry)) or (entry.linenum,)

    problem = compile_problem(entries, header.msgstr, lines)
    if problem is not None:
        message, entry, line = problem
        if entry is None:  # a header problem: the line of the field, found in the text from the msgstr on
            line = _text_line(catalog.text, header_line, "Plural-Forms" if "Plural" in message else "plural")
        raise DoclocError(message, file, line)
    list.extend(po, entries)
    return po


def _check_duplicates(entries: Iterable[polib.POEntry], file: str) -> None:
    """msgfmt refuses a message defined twice, obsolete entries included."""
    if not isinstance(entries, list):
        entries = list(entries)
    if len({(entry.msgctxt, entry.msgid) for entry in entries}) == len(entries):
        return
    seen: dict[tuple[str | None, str], polib.POEntry] = {}
    for entry in entries:
        key = (entry.msgctxt, entry.msgid)
        first = seen.get(key)
        if first is None:
            seen[key] = entry
            continue
        what = 'the header (msgid "")' if key == (None, "") else f"msgid {_preview(entry.msgid)!r}"
        context = f" with msgctxt {_preview(entry.msgctxt)!r}" if entry.msgctxt is not None else ""
        where = f" (first on line {first.linenum})" if first.linenum else ""
        raise DoclocError(
            f"{what}{context} is defined twice{where}; a catalog defines each message once", file, entry.linenum or 0
        )


def _text_line(text: str, start: int, needle: str) -> int:
    """The first line from ``start`` on that holds ``needle`` (``start`` if none does within the header)."""
    offset = 0
    for _ in range(start - 1):
        offset = text.find("\n", offset) + 1
        if offset == 0:
            return start
    at = text.find(needle, offset)
    if at == -1:
        return start
    line = start + text.count("\n", offset, at)
    return line if line - start < 100 else start


def _preview(text: str | None) -> str:
    text = text or ""
    return text if len(text) <= 50 else text[:47] + "..."


def _metadata(msgstr: str) -> dict[str, str]:
    """Header fields as polib reads them (``Name: value`` lines), split at line feeds only."""
    metadata: dict[str, str] = {}
    key = None
    for line in msgstr.split("\n"):
        if not line:
            continue
        name, colon, value = line.partition(":")
        if colon:
            key = name
            metadata[key] = value.strip()
        elif key is not None:
            metadata[key] += "\n" + line.strip()
    return metadata


def compile_problem(entries: list[polib.POEntry], header: str, lines: Callable) -> tuple[str, object, int] | None:
    """The first problem msgfmt --check finds in the messages it compiles, or None.

    (message, entry or None for the header, line). Checked as msgfmt does, on translated,
    non-fuzzy, non-obsolete entries: the header's Plural-Forms and the number of plural forms,
    line feeds at both ends of msgid and msgstr, and c-format and python-format strings.
    ``lines(entry)`` gives the lines of an entry's msgstr (or of each msgstr[N]).
    """
    compiled = []
    for entry in entries:  # the entries msgfmt compiles, the commonest decided at once
        if entry.obsolete:
            continue
        if entry.msgid_plural:
            if entry.msgstr_plural.get(0, "") and "fuzzy" not in entry.flags:
                compiled.append(entry)
            continue
        msgstr, msgid, flags = entry.msgstr, entry.msgid, entry.flags
        if not msgstr or (flags and "fuzzy" in flags):
            continue
        if not flags and msgid and msgid[0] != "\n" != msgid[-1] and msgstr[0] != "\n" != msgstr[-1]:
            continue  # no line feed at either end, no format flag: nothing to check
        compiled.append(entry)
    plural_entries = [entry for entry in compiled if entry.msgid_plural]
    has_forms = "plural=" in header and "nplurals=" in header
    nplurals = 2
    if plural_entries and not has_forms:
        return (
            'the catalog has plural forms, but its header has no "Plural-Forms: nplurals=INTEGER; '
            'plural=EXPRESSION;" (msgfmt looks for nplurals= and plural= written without spaces)',
            None,
            0,
        )
    if has_forms:
        try:
            nplurals, _ = plural_rule(header)
        except PluralError as error:
            return f"Plural-Forms: {error}", None, 0
        for entry in plural_entries:
            forms = len(entry.msgstr_plural)
            form_lines = lines(entry)
            if forms < nplurals:
                return (
                    f"this entry has {forms} plural form{'s' if forms != 1 else ''} but the header's "
                    f"Plural-Forms says nplurals={nplurals}",
                    entry,
                    form_lines[0],
                )
            if forms > nplurals:
                return (
                    f"msgstr[{nplurals}]: the header's Plural-Forms says nplurals={nplurals}, so the forms end "
                    f"at msgstr[{nplurals - 1}]",
                    entry,
                    form_lines[min(nplurals, len(form_lines) - 1)],
                )
    for entry in compiled:
        msgid = entry.msgid
        if not msgid:
            continue
        if entry.msgid_plural:
            texts = [("msgid_plural", entry.msgid_plural)]
            texts += [(f"msgstr[{index}]", entry.msgstr_plural[index]) for index in sorted(entry.msgstr_plural)]
        else:
            texts = [("msgstr", entry.msgstr)]
        starts, ends = msgid[0] == "\n", msgid[-1] == "\n"
        for name, value in texts:
            for where, has, wanted in (("begin", value[:1] == "\n", starts), ("end", value[-1:] == "\n", ends)):
                if has != wanted:
                    return (
                        f"msgid and {name} do not both {where} with a line feed (\\n): "
                        f"{'add it to' if wanted else 'remove it from'} {name}",
                        entry,
                        lines(entry)[0],
                    )
        if entry.flags and any(flag.endswith("-format") for flag in entry.flags):
            problem = check_formats(entry, nplurals)
            if problem:
                return problem, entry, lines(entry)[0]
    return None


# ----------------------------------------------------------------------- reading files


# An entry's reference lines, one after the other as every writer puts them (docloc, GNU gettext, polib),
# however they are wrapped (CR LF read as LF, as the reader does).
_REFERENCE_BLOCK = re.compile(rb"^#:[^\n]*(?:\n#:[^\n]*)*", re.M)


def names_a_reference_twice(data: bytes) -> bool:
    """Whether an entry of this PO text names one ``#:`` reference twice (an English standing twice on a
    line of its page), read from the bytes without parsing the catalog: most templates have no such entry,
    and then no reference of a catalog can have been merged (``conventions.merged_lines``).

    An entry's reference lines are read where they stand together, as every writer writes them; a file
    edited by hand to part them with another comment is read as two entries (tests/test_po_interop.py
    compares this with the parsed templates of the corpus, as written and as msgcat rewraps them).
    """
    if b"#:" not in data:
        return False
    for match in _REFERENCE_BLOCK.finditer(data):
        block = match.group()
        if b" " not in block.strip() and b"\n" not in block:
            continue  # one reference: nothing to repeat (most entries)
        tokens = block.replace(b"#:", b" ").split()
        if len(tokens) != len(set(tokens)):
            return True
    return False


def read_catalog(path: Path, display: str | None = None) -> polib.POFile:
    """Read a PO or POT file: polib's POFile, or a located ``DoclocError`` (never a traceback)."""
    display = display or str(path)
    po = parse_po(read_bytes(path, display, "PO file"), display)
    po.fpath = str(path)
    return po


# read(path, display) -> the catalog: ``read_catalog``, or a ``CatalogCache``
CatalogReader = Callable[[Path, "str | None"], polib.POFile]


class CatalogCache:
    """``read_catalog`` that reads each file once while it stays unchanged (size and modification time).

    A site build needs a catalog several times (the page, the language switcher, the status page);
    one cache per build reads it once. The catalogs it returns are shared: callers only read them.
    """

    def __init__(self) -> None:
        self._read: dict[str, tuple[Stamp, polib.POFile]] = {}

    def __call__(self, path: Path, display: str | None = None) -> polib.POFile:
        try:
            version = stamp(path.stat())
        except OSError:
            return read_catalog(path, display)  # its located error
        key = str(path)
        known = self._read.get(key)
        if known is not None and known[0] == version:
            return known[1]
        catalog = read_catalog(path, display)
        self._read[key] = (version, catalog)
        return catalog


# ------------------------------------------------------------------------------ writing

_NEEDS_ISOLATION = re.compile(r"[ \t]|^\u2068|:$|:[0-9]+$")
_UNWRITABLE = re.compile("[\x00\x04]")
_OCTAL_BYTES = re.compile("[\udc80-\udcff]")
_BAD_SURROGATE = re.compile("[\ud800-\udc7f\udd00-\udfff]")
_SAFE_PATH = re.compile("[^ \t\n\x00\u2068][^ \t\n\x00]*")


def _unwritable(entry: polib.POEntry, reason: str) -> DoclocError:
    where = f"msgid {_preview(entry.msgid)!r}" + (
        f" (msgctxt {_preview(entry.msgctxt)!r})" if entry.msgctxt is not None else ""
    )
    line = f" (line {entry.linenum} when read)" if entry.linenum else ""
    return DoclocError(f"cannot write the entry {where}{line}: {reason}")


def _reference(path: str, line: str, utf8: bool, entry: polib.POEntry) -> tuple[str, str]:
    """A reference as it must be written to be read back the same: isolated where it needs it."""
    line = str(line) if line is not None else ""
    if not path or "\n" in path or "\0" in path:
        raise _unwritable(entry, f"the file reference {path!r} cannot be written in a PO file")
    if line and not (line.isdigit() and line.isascii()):
        raise _unwritable(entry, f"the line {line!r} of the reference to {path!r} is not a number")
    line = str(int(line)) if line else ""
    if _NEEDS_ISOLATION.search(path):
        if not utf8:
            raise _unwritable(entry, f"the file name {path!r} can only be written in a UTF-8 catalog")
        if ISOLATE_END in path:
            raise _unwritable(entry, f"the file name {path!r} holds U+2069, which ends an isolated file name")
        return ISOLATE_START + path + ISOLATE_END, line
    return path, line


def _comment_lines(entry: polib.POEntry | None, text: str, what: str) -> None:
    """Refuse comment text msgfmt would read differently: a line ending in a backslash, a NUL."""
    if "\\" not in text and "\0" not in text:
        return
    for line in text.split("\n"):
        if line.endswith("\\"):
            reason = f"a {what} line ends in a backslash, which would join the next line of the file to it: {line!r}"
        elif "\0" in line:
            reason = f"a {what} line holds NUL (U+0000), which ends a PO comment"
        else:
            continue
        if entry is None:
            raise DoclocError(f"cannot write the catalog: {reason}")
        raise _unwritable(entry, reason)


def _check_strings(entry: polib.POEntry) -> None:
    """Refuse an entry whose strings hold NUL, EOT or a lone surrogate: no PO file can hold them."""
    for value in (
        entry.msgctxt,
        entry.msgid,
        entry.msgid_plural,
        entry.msgstr,
        *entry.msgstr_plural.values(),
        entry.previous_msgctxt,
        entry.previous_msgid,
        entry.previous_msgid_plural,
    ):
        if value and (_UNWRITABLE.search(value) or _BAD_SURROGATE.search(value)):
            found = _UNWRITABLE.search(value)
            what = "a lone surrogate" if found is None else "NUL (U+0000)" if found.group() == "\0" else "EOT (U+0004)"
            raise _unwritable(entry, f"its text holds {what}, which a PO file cannot hold")


def _check_plural_shape(entry: polib.POEntry) -> None:
    if not entry.msgid_plural:
        raise _unwritable(entry, "msgstr[N] forms without msgid_plural")
    if not entry.msgstr_plural or sorted(entry.msgstr_plural) != list(range(len(entry.msgstr_plural))):
        raise _unwritable(entry, "a plural entry needs msgstr[0], msgstr[1], … (counting up from 0)")


def _solaris_like(line: str) -> bool:
    """A translator comment line that '# LINE' would turn into a Solaris file reference."""
    return line[:1] in ("F", "f") and _SOLARIS.match(" " + line) is not None


def _header_text(header: str) -> str:
    """The header comment: polib's lines, but each one a translator comment (polib writes ',x' as a flag line)."""
    return "".join(
        "#\n" if not line else (f"#{line}\n" if _solaris_like(line) else f"# {line}\n") for line in header.split("\n")
    )


def _charset(po: polib.POFile) -> str:
    declared = po.metadata.get("Content-Type", "").partition("charset=")[2].strip()
    return _codec(declared or "UTF-8") or "utf-8"


# Characters for which polib's writer does more than quote the string: the ones ``polib.escape``
# escapes and the line ends ``str.splitlines`` breaks at (each piece then gets a line of its own).
_NOT_PLAIN = re.compile('[\\\\"\t\n\r\v\b\f\x1c\x1d\x1e\x85\u2028\u2029]')


def _field_lines(out: list[str], prefix: str, keyword: str, value: str) -> None:
    """One string field as polib writes it with no wrapping (``_BaseEntry._str_field``, wrapwidth 0)."""
    if _NOT_PLAIN.search(value) is None:
        out.append(f'{prefix}{keyword} "{value}"')
        return
    pieces = value.splitlines(True)
    if len(pieces) < 2:
        out.append(f'{prefix}{keyword} "{polib.escape(value)}"')
        return
    out.append(f'{prefix}{keyword} ""')
    out += [f'{prefix}"{polib.escape(piece)}"' for piece in pieces]


def _entry_lines(out: list[str], entry: polib.POEntry) -> None:
    """The lines of one entry as ``POEntry.__unicode__(0)`` writes it, and an empty one, added to ``out``
    (msgid and a single msgstr quoted here when plain, as nearly all are: a call per field saved on every
    entry of every catalog; one list for the whole catalog, joined once)."""
    fields = entry.__dict__
    obsolete = fields["obsolete"]
    tcomment = fields["tcomment"]
    if tcomment:
        out += ["# " + line for line in tcomment.split("\n")]
    if not obsolete:
        comment = fields["comment"]
        if comment:
            out += ["#. " + line for line in comment.split("\n")]
        occurrences = fields["occurrences"]
        if len(occurrences) == 1:  # most entries occur once
            path, line = occurrences[0]
            out.append(f"#: {path}:{line}" if line else f"#: {path}")
        elif occurrences:
            out.append("#: " + " ".join([f"{path}:{line}" if line else path for path, line in occurrences]))
    if fields["flags"]:
        out.append("#, " + ", ".join(fields["flags"]))
    previous = "#~| " if obsolete else "#| "
    if fields["previous_msgctxt"] is not None:
        _field_lines(out, previous, "msgctxt", fields["previous_msgctxt"])
    if fields["previous_msgid"] is not None:
        _field_lines(out, previous, "msgid", fields["previous_msgid"])
    if fields["previous_msgid_plural"] is not None:
        _field_lines(out, previous, "msgid_plural", fields["previous_msgid_plural"])
    mark = "#~ " if obsolete else ""
    if fields["msgctxt"] is not None:
        _field_lines(out, mark, "msgctxt", fields["msgctxt"])
    msgid = fields["msgid"]
    if _NOT_PLAIN.search(msgid) is None:
        out.append(f'{mark}msgid "{msgid}"')
    else:
        _field_lines(out, mark, "msgid", msgid)
    if fields["msgid_plural"]:
        _field_lines(out, mark, "msgid_plural", fields["msgid_plural"])
    plurals = fields["msgstr_plural"]
    if plurals:
        for index in sorted(plurals):
            _field_lines(out, mark, f"msgstr[{index}]", plurals[index])
    elif not (msgstr := fields["msgstr"]) or _NOT_PLAIN.search(msgstr) is None:  # (a template's are empty)
        out.append(f'{mark}msgstr "{msgstr}"')
    else:
        _field_lines(out, mark, "msgstr", msgstr)
    out.append("")


def polib_text(po: polib.POFile) -> str:
    """``str(po)`` at docloc's ``WRAP_WIDTH`` (no wrapping): the same text, faster.

    polib's writer was the largest share of an import's work: it counts eight characters and
    runs eight replacements on every string, through several calls per field. This quotes a
    string as it is unless it holds a character polib escapes or splits at, and gives those
    (rare) strings to ``polib.escape``. polib stays the reference: ``test_catalog_po`` and
    ``test_catalog_property`` compare the two byte for byte on every corpus catalog, every
    fixture and entries of every kind; ``benchmarks/po_write_speed.py`` measures the gain.
    """
    return _polib_text(po, po.metadata_as_entry())


def _polib_text(po: polib.POFile, header_entry: polib.POEntry) -> str:
    """``polib_text`` with the header entry (``po.metadata_as_entry()``) made by the caller, which needs it too."""
    header = "".join(
        "#\n" if not line else f"#{line}\n" if line[:1] in (",", ":") else f"# {line}\n"
        for line in po.header.split("\n")
    )
    entries = [header_entry, *(e for e in po if not e.obsolete), *(e for e in po if e.obsolete)]
    out: list[str] = []
    for entry in entries:
        _entry_lines(out, entry)
    return header + "\n".join(out)


def catalog_text(po: polib.POFile) -> str:
    """The catalog as PO text: polib's ``str(po)`` with no wrapping (``polib_text``), plus what correctness needs.

    Refuses (``DoclocError``, naming the entry) what msgfmt --check would refuse or read
    differently: NUL or EOT in a string, a comment line that ends in a backslash or holds NUL,
    a flag GNU gettext does not know, a reference that cannot be written, a message defined
    twice, no header fields, and what msgfmt checks in the messages it compiles (plural forms,
    line feeds at both ends, c-format and python-format strings).
    """
    if not po.metadata:
        raise DoclocError("cannot write a catalog without header fields (Content-Type and the others)")
    utf8 = _charset(po) in ("utf-8", "gb18030")
    _comment_lines(None, po.header, "header comment")
    for key, value in po.metadata.items():
        if _UNWRITABLE.search(key + value) or "\n" in key:
            raise DoclocError(f"cannot write the header field {key!r}: it holds a line feed, NUL or EOT")
    restore: list[tuple[polib.POEntry, str, object]] = []
    header = po.header
    safe_path = _SAFE_PATH.fullmatch
    plain: set[str] = set()  # file names written as they are
    keys: set[tuple[str | None, str]] = set()
    add_key = keys.add
    compiled: list[polib.POEntry] = []  # the entries msgfmt would check further
    try:
        po.header = ""  # written below; polib would write a header line ',x' as a flag line
        for entry in po:  # one pass over the entries for every check: writing is most of an import's work
            fields = entry.__dict__  # read directly: this loop runs for every entry of every catalog written
            add_key((fields["msgctxt"], fields["msgid"]))
            flags = fields["flags"]
            if flags:
                for flag in flags:
                    if not known_flag(flag):
                        raise _unwritable(entry, f"the flag {flag!r} is not one GNU gettext knows; it would be dropped")
            plural = fields["msgid_plural"]
            if plural or fields["msgstr_plural"]:
                _check_plural_shape(entry)
            tcomment = fields["tcomment"]
            if tcomment:
                if "\\" in tcomment or "\0" in tcomment:
                    _comment_lines(entry, tcomment, "translator comment")
                if "ile:" in tcomment:
                    lines = tcomment.split("\n")
                    if any(_solaris_like(line) for line in lines):
                        restore.append((entry, "tcomment", tcomment))
                        entry.tcomment = "\n".join("\0" + line if _solaris_like(line) else line for line in lines)
            if fields["obsolete"]:
                continue
            msgstr = fields["msgstr"]
            if plural:
                compiled.append(entry)
            elif msgstr:
                msgid = fields["msgid"]
                if flags or not msgid or "\n" in (msgid[0], msgid[-1], msgstr[0], msgstr[-1]):
                    compiled.append(entry)
            comment = fields["comment"]
            if comment and ("\\" in comment or "\0" in comment):
                _comment_lines(entry, comment, "extracted comment")
            occurrences = fields["occurrences"]
            for path, line in occurrences:
                if line and line.isdigit() and line[0] != "0" and line.isascii():
                    if path in plain:  # a catalog names few files: each is judged once
                        continue
                    if safe_path(path):
                        plain.add(path)
                        continue
                written = [_reference(path, line, utf8, entry) for path, line in occurrences]
                restore.append((entry, "occurrences", occurrences))
                entry.occurrences = written
                break
        if len(keys) != len(po):
            _check_duplicates(po, "")
        header_entry = po.metadata_as_entry()
        problem = compile_problem(compiled, header_entry.msgstr, lambda entry: (entry.linenum or 0,))
        if problem is not None:
            message, entry, _ = problem
            if entry is None:
                raise DoclocError(f"cannot write the catalog: {message}")
            raise _unwritable(entry, message)
        text = _polib_text(po, header_entry)
    finally:
        po.header = header
        for entry, name, value in reversed(restore):
            setattr(entry, name, value)
    text = _header_text(header) + text[2:]  # polib wrote '#\n' for the empty header
    if "# \0" in text:
        text = text.replace("# \0", "#")  # '#File: x, line:3' keeps the text a translator comment
    if "\0" in text or "\x04" in text:  # rare: find the entry and say what is wrong (EOT in a comment is fine)
        for entry in po:
            _check_strings(entry)
    try:
        text.encode("utf-8")  # a C loop: faster than any pattern over the text
    except UnicodeEncodeError:  # surrogates: bytes read from escapes, or text no charset can hold
        for entry in po:
            _check_strings(entry)
        text = _octal_escapes(text)
    return text if text.endswith("\n") else text + "\n"


TemplateEntry = tuple[str | None, str, str, Sequence[int]]  # msgctxt, msgid, extracted comment, lines on the page


def template_catalog_text(header: polib.POFile, page: str, entries: Iterable[TemplateEntry]) -> str | None:
    """``catalog_text`` of ``header`` (a catalog with no entries yet) once these untranslated entries are added,
    each occurring on ``page`` at its lines, written without making polib's entries: a page's template has
    hundreds, and making them, checking them in ``catalog_text`` and writing them was a fifth of a cold
    extract's work.

    The header is written by ``catalog_text`` itself, each entry as ``_entry_lines`` writes one with no
    translation, translator comment, flag or previous msgid. None where anything is written otherwise or
    checked further there (a file name written isolated or refused, a line that is not a positive number, a
    comment with a backslash or NUL, two entries with one key, NUL, EOT or a lone surrogate): the caller then
    adds polib's entries to ``header`` and calls ``catalog_text``, which writes or refuses them.
    ``tests/test_catalog_po.py`` compares the two on every corpus page and on entries of every kind.
    """
    if not _SAFE_PATH.fullmatch(page):
        return None  # (``_reference``'s)
    entries = entries if isinstance(entries, list) else list(entries)
    # One search over every msgid: a page's rarely holds a character polib escapes or splits at.
    plain = _NOT_PLAIN.search(" ".join([entry[1] for entry in entries])) is None
    if len({(entry[0], entry[1]) for entry in entries}) != len(entries):
        return None  # (``_check_duplicates`` refuses them)
    blocks: list[str] = []  # each entry's lines, each line ending in a line feed
    for msgctxt, msgid, comment, lines in entries:
        if not lines or not min(lines) > 0:
            return None
        if msgctxt is None and not comment and (plain or _NOT_PLAIN.search(msgid) is None):  # nearly every entry
            where = f"{page}:{lines[0]}" if len(lines) == 1 else " ".join([f"{page}:{line}" for line in lines])
            blocks.append(f'#: {where}\nmsgid "{msgid}"\nmsgstr ""\n')
            continue
        out: list[str] = []
        if comment:
            if "\\" in comment or "\0" in comment:
                return None  # (``_comment_lines`` refuses some of these)
            out += ["#. " + line for line in comment.split("\n")]
        if len(lines) == 1:
            out.append(f"#: {page}:{lines[0]}")
        else:
            out.append("#: " + " ".join([f"{page}:{line}" for line in lines]))
        if msgctxt is not None:
            _field_lines(out, "", "msgctxt", msgctxt)
        if plain or _NOT_PLAIN.search(msgid) is None:
            out.append(f'msgid "{msgid}"')
        else:
            _field_lines(out, "", "msgid", msgid)
        out += ['msgstr ""', ""]
        blocks.append("\n".join(out))
    entries_text = "\n" + "\n".join(blocks) if blocks else ""
    if "\0" in entries_text or "\x04" in entries_text:
        return None
    try:
        entries_text.encode("utf-8")  # (a C loop: the check ``catalog_text`` makes of its whole text)
    except UnicodeEncodeError:
        return None
    return catalog_text(header) + entries_text


def _octal_escapes(text: str) -> str:
    """Bytes the charset cannot decode (read from octal or hex escapes) written back as octal escapes.

    Only in strings: comment lines keep them as raw bytes (msgfmt does not check a comment's bytes).
    """
    lines = text.split("\n")
    for index, line in enumerate(lines):
        if _OCTAL_BYTES.search(line) and not (line.startswith("#") and not line.startswith(("#~", "#|"))):
            lines[index] = _OCTAL_BYTES.sub(lambda m: f"\\{ord(m.group()) - 0xDC00:03o}", line)
    return "\n".join(lines)


class CharsetError(DoclocError):
    """A catalog's text holds a character its declared charset has no code for (``charset``, ``character``)."""

    def __init__(self, charset: str, character: str) -> None:
        super().__init__(f"cannot write the catalog in {charset}: the charset has no {character!r}")
        self.charset, self.character = charset, character


def catalog_bytes(po: polib.POFile) -> bytes:
    """``catalog_text`` encoded in the catalog's charset (UTF-8 unless its header names another)."""
    text = catalog_text(po)
    charset = _charset(po)
    try:
        return text.encode(charset, "surrogateescape")
    except UnicodeEncodeError as error:
        raise CharsetError(charset, error.object[error.start : error.end]) from None


def declare_utf8(po: polib.POFile) -> None:
    """Declare UTF-8 in the header's Content-Type, the rest of the field as it was."""
    kind, _, rest = po.metadata.get("Content-Type", "text/plain").partition(";")
    parts = [part.strip() for part in rest.split(";")]
    kept = [part for part in parts if part and not part.lower().startswith("charset=")]
    po.metadata["Content-Type"] = "; ".join([kind.strip() or "text/plain", *kept, "charset=UTF-8"])


def says_more(path: Path, data: bytes, as_read: polib.POFile | None) -> bool:
    """Whether writing ``data`` over the catalog at ``path`` says something the file does not. A file laid out
    by another tool (wrapped by Poedit, CRLF line ends, comments in another order) that says the same is what
    docloc writes for the catalog as read (``as_read``): rewriting it would only be a diff."""
    try:
        if path.read_bytes() == data:
            return False
    except FileNotFoundError:
        return True
    try:
        return as_read is None or catalog_bytes(as_read) != data
    except DoclocError:  # the catalog as read is one docloc's writer refuses: the new one is written
        return True


def write_catalog(path: Path, po: polib.POFile) -> bool:
    """Write a catalog atomically; False when the file already held exactly these bytes."""
    from ..fileio import write_bytes_atomic

    return write_bytes_atomic(path, catalog_bytes(po))
