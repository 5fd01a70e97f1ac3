"""GNU gettext as the oracle for PO reading: what ``msgfmt`` reports, compiles and ``msgcat`` writes.

Standard library only (no docloc, no polib). Every answer comes from the installed GNU gettext
tools; nothing here parses PO syntax. The ``.mo`` files msgfmt writes are read by a small
parser of our own (the format is documented in the GNU gettext manual, "The Format of GNU MO
Files"), so that contexts (``msgctxt`` EOT ``msgid``) and plural forms (NUL-separated) come back
exactly as msgfmt stored them.

Choices, documented once here:

- The compiled view (``oracle_messages``) is by default exactly what ``msgfmt`` puts into a
  ``.mo`` file: non-obsolete entries with a non-empty ``msgstr`` (``msgstr[0]`` for plural
  entries), without fuzzy entries, plus the header entry under ``(None, "")``, even when the header is
  fuzzy: msgfmt ignores the header's fuzziness. ``use_fuzzy=True`` adds the fuzzy entries
  (``msgfmt --use-fuzzy``); ``use_untranslated=True`` adds the untranslated ones (msgfmt's
  long-standing, undocumented ``--use-untranslated``). ``oracle_catalog`` combines these runs
  into the whole reading: every non-obsolete entry, which of them are fuzzy, and the obsolete
  entries (through ``msgattrib --only-obsolete --clear-obsolete``).
- Values are ``str`` for singular entries and ``tuple[str, ...]`` for plural ones (one item per
  ``msgstr[N]``); keys are ``(msgctxt or None, msgid)``. Strings are decoded with the catalog's
  charset from the compiled header; bytes that do not decode (msgfmt accepts ``"\\377"``) come
  back as lone surrogates (``errors="surrogateescape"``).
- ``oracle_normalized`` is ``msgcat --no-wrap --force-po`` in file order (no ``--sort-output``:
  the order of entries is part of what a reader must get right). It keeps comments, flags,
  references, previous msgids and obsolete entries. ``strict=True`` adds ``--strict``, whose
  Uniforum output writes each reference on its own line as ``# File: NAME, line: N`` (``-1``
  for no line number): the unambiguous record of how GNU gettext split a ``#:`` line.
- The tools run with ``LC_ALL=C`` so that diagnostics are the untranslated English ones.

The answers depend on the installed gettext version (``gettext_version()``); see
``tests/fixtures/po/README.md`` for the differences known between versions.
"""

from __future__ import annotations

import codecs
import contextlib
import os
import re
import struct
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "po"
VALID_DIR = FIXTURES / "valid"
INVALID_DIR = FIXTURES / "invalid"

Key = tuple[str | None, str]
Value = str | tuple[str, ...]

MO_MAGIC = 0x950412DE
CONTEXT_SEPARATOR = "\x04"


class OracleError(RuntimeError):
    """A GNU gettext tool rejected its input; ``stderr`` holds its diagnostics."""

    def __init__(self, command: list[str], returncode: int, stderr: str) -> None:
        super().__init__(f"{' '.join(command)} exited with {returncode}:\n{stderr}")
        self.command = command
        self.returncode = returncode
        self.stderr = stderr


# ---------------------------------------------------------------------------- the tools


def _environment() -> dict[str, str]:
    env = dict(os.environ)
    env.pop("LANGUAGE", None)
    env["LC_ALL"] = "C"
    return env


def _run(command: list[str], *, cwd: Path | None = None, stdin: bytes | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(command, input=stdin, capture_output=True, cwd=cwd, env=_environment(), check=False)


def _checked(command: list[str], *, cwd: Path | None = None, stdin: bytes | None = None) -> bytes:
    done = _run(command, cwd=cwd, stdin=stdin)
    if done.returncode != 0:
        raise OracleError(command, done.returncode, done.stderr.decode("utf-8", "replace"))
    return done.stdout


def gettext_version() -> str:
    """The installed GNU gettext version, e.g. ``"0.21"``, from ``msgfmt --version``."""
    first = _checked(["msgfmt", "--version"]).decode("ascii", "replace").splitlines()[0]
    match = re.search(r"(\d+(?:\.\d+)+)\s*$", first)
    if match is None:
        raise RuntimeError(f"cannot read the gettext version from {first!r}")
    return match.group(1)


def gettext_version_tuple() -> tuple[int, ...]:
    return tuple(int(part) for part in gettext_version().split("."))


# ------------------------------------------------------------------------ msgfmt --check


@dataclass(frozen=True)
class Diagnostic:
    """One message of ``msgfmt --check``: ``line`` 0 when msgfmt names no line (file-level)."""

    line: int
    column: int | None
    message: str  # continuation lines joined with "\n"; warnings start with "warning: "

    @property
    def is_warning(self) -> bool:
        return self.message.startswith("warning: ")


def msgfmt_diagnostics(path: Path | str) -> tuple[int, list[Diagnostic]]:
    """``msgfmt --check -o /dev/null`` on ``path``: its exit code and every diagnostic it printed.

    msgfmt runs in the file's folder on the bare file name, so the ``NAME:LINE:COLUMN:`` prefix
    of its messages is known exactly. The closing ``msgfmt: found N fatal errors`` is left out.
    """
    path = Path(path)
    done = _run(["msgfmt", "--check", "-o", os.devnull, path.name], cwd=path.parent)
    return done.returncode, parse_diagnostics(done.stderr.decode("utf-8", "replace"), path.name)


def parse_diagnostics(stderr: str, name: str) -> list[Diagnostic]:
    """The diagnostics in msgfmt's ``stderr`` for the file called ``name``."""
    pattern = re.compile(rf"^(?:msgfmt: )?{re.escape(name)}(?::(\d+))?(?::(\d+))?: (.*)$")
    found: list[Diagnostic] = []
    for raw in stderr.splitlines():
        match = pattern.match(raw)
        if match:
            line, column, message = match.groups()
            found.append(Diagnostic(int(line) if line else 0, int(column) if column else None, message))
        elif raw[:1].isspace() and found:
            last = found[-1]
            found[-1] = Diagnostic(last.line, last.column, f"{last.message}\n{raw.strip()}")
        elif re.match(r"^msgfmt: found \d+ fatal errors?$", raw):
            continue
        else:
            found.append(Diagnostic(0, None, raw))
    return found


def msgfmt_check(path: Path | str) -> tuple[bool, list[tuple[int, str]]]:
    """Whether ``msgfmt --check -o /dev/null`` accepts ``path``, and its ``(line, message)`` pairs.

    Line 0 stands for a message about the whole file. Warnings are included (their message
    starts with ``"warning: "``); they do not make msgfmt fail.
    """
    returncode, diagnostics = msgfmt_diagnostics(path)
    return returncode == 0, [(item.line, item.message) for item in diagnostics]


# ------------------------------------------------------------------------------ .mo files


@dataclass(frozen=True)
class MoEntry:
    """One string pair of a .mo file, still bytes: ``msgid_plural`` is None for singular entries."""

    msgctxt: bytes | None
    msgid: bytes
    msgid_plural: bytes | None
    msgstr: tuple[bytes, ...]  # one item, or one per plural form


def read_mo(data: bytes) -> list[MoEntry]:
    """The string pairs of a GNU .mo file, in file order (msgfmt sorts them by original string).

    Original string: ``[msgctxt EOT] msgid [NUL msgid_plural]``; translation: ``msgstr`` or the
    plural forms joined with NUL.
    """
    if len(data) < 28:
        raise ValueError("not a .mo file: shorter than its header")
    for order in "<>":
        (magic,) = struct.unpack(order + "I", data[:4])
        if magic == MO_MAGIC:
            break
    else:
        raise ValueError("not a .mo file: bad magic number")
    revision, count, originals, translations = struct.unpack(order + "4I", data[4:20])
    if revision >> 16 > 1:
        raise ValueError(f"unsupported .mo major revision {revision >> 16}")
    if revision >> 16 == 1 and len(data) >= 48:
        (sysdep_strings,) = struct.unpack(order + "I", data[40:44])
        if sysdep_strings:
            raise ValueError("system-dependent strings (.mo revision 1) are not supported")

    def string(table: int, index: int) -> bytes:
        length, offset = struct.unpack(order + "2I", data[table + 8 * index : table + 8 * index + 8])
        if offset + length > len(data) or data[offset + length : offset + length + 1] != b"\0":
            raise ValueError(f"string {index} of the table at {table} runs out of the file or is not NUL-terminated")
        return data[offset : offset + length]

    entries = []
    for index in range(count):
        original = string(originals, index)
        translation = string(translations, index)
        context, separator, rest = original.partition(b"\x04")
        if not separator:
            context, rest = None, original
        msgid, plural_separator, msgid_plural = rest.partition(b"\0")
        if plural_separator:
            entries.append(MoEntry(context, msgid, msgid_plural, tuple(translation.split(b"\0"))))
        else:
            entries.append(MoEntry(context, msgid, None, (translation,)))
    return entries


def compile_mo(
    path: Path | str | None = None,
    *,
    data: bytes | None = None,
    use_fuzzy: bool = False,
    use_untranslated: bool = False,
) -> bytes:
    """The .mo file msgfmt writes for the PO file at ``path`` (or the PO text ``data``), as bytes."""
    options = (["--use-fuzzy"] if use_fuzzy else []) + (["--use-untranslated"] if use_untranslated else [])
    with tempfile.TemporaryDirectory(prefix="gettext-oracle-") as folder:
        output = Path(folder) / "messages.mo"
        if data is None:
            _checked(["msgfmt", *options, "-o", str(output), str(path)])
        else:
            _checked(["msgfmt", *options, "-o", str(output), "-"], stdin=data)
        return output.read_bytes()


def _charset(entries: list[MoEntry]) -> str:
    for entry in entries:
        if entry.msgctxt is None and entry.msgid == b"":
            match = re.search(rb"charset=([^\s;]+)", entry.msgstr[0])
            if match:
                name = match.group(1).decode("ascii", "replace")
                try:
                    return codecs.lookup(name).name
                except LookupError:
                    break  # msgfmt only warns about a charset it does not know
    return "utf-8"


def _decode(entries: list[MoEntry]) -> tuple[dict[Key, Value], dict[Key, str]]:
    charset = _charset(entries)

    def text(raw: bytes) -> str:
        return raw.decode(charset, "surrogateescape")

    messages: dict[Key, Value] = {}
    plurals: dict[Key, str] = {}
    for entry in entries:
        key = (None if entry.msgctxt is None else text(entry.msgctxt), text(entry.msgid))
        if entry.msgid_plural is None:
            messages[key] = text(entry.msgstr[0])
        else:
            messages[key] = tuple(text(form) for form in entry.msgstr)
            plurals[key] = text(entry.msgid_plural)
    return messages, plurals


# ---------------------------------------------------------------------------- the oracle


def oracle_messages(path: Path | str, *, use_fuzzy: bool = False, use_untranslated: bool = False) -> dict[Key, Value]:
    """What GNU gettext compiles from ``path``: ``{(msgctxt or None, msgid): msgstr or plural forms}``.

    By default exactly the .mo msgfmt writes (translated, non-fuzzy, non-obsolete entries and the
    header under ``(None, "")``); ``use_fuzzy`` and ``use_untranslated`` add those entries.
    Raises ``OracleError`` when msgfmt rejects the file.
    """
    messages, _ = _decode(read_mo(compile_mo(path, use_fuzzy=use_fuzzy, use_untranslated=use_untranslated)))
    return messages


def oracle_messages_with_fuzzy(path: Path | str) -> dict[Key, Value]:
    """``oracle_messages`` with fuzzy entries included (``msgfmt --use-fuzzy``)."""
    return oracle_messages(path, use_fuzzy=True)


@dataclass(frozen=True)
class OracleCatalog:
    """Everything GNU gettext reads from one PO file's entries, from msgfmt and msgattrib runs.

    ``messages``: every non-obsolete entry (translated or not, fuzzy or not) and the header;
    ``fuzzy``: the keys of those GNU gettext holds fuzzy (an untranslated entry may be fuzzy:
    msgfmt keeps the flag although msgcat does not write it for an empty msgstr);
    ``msgid_plural``: the plural msgid of each plural entry; ``obsolete`` / ``obsolete_fuzzy`` /
    ``obsolete_msgid_plural``: the same for the ``#~`` entries.
    """

    messages: dict[Key, Value]
    fuzzy: frozenset[Key]
    msgid_plural: dict[Key, str]
    obsolete: dict[Key, Value]
    obsolete_fuzzy: frozenset[Key]
    obsolete_msgid_plural: dict[Key, str]

    @property
    def header(self) -> str | None:
        value = self.messages.get((None, ""))
        return value if isinstance(value, str) else None

    def translated(self, *, use_fuzzy: bool = False) -> dict[Key, Value]:
        """The entries msgfmt compiles (``oracle_messages``), derived from this reading."""
        return {
            key: value
            for key, value in self.messages.items()
            if key == (None, "") or (first_form(value) != "" and (use_fuzzy or key not in self.fuzzy))
        }


def first_form(value: Value) -> str:
    """The msgstr, or msgstr[0] of a plural entry: what msgfmt looks at to call an entry translated."""
    return value if isinstance(value, str) else value[0]


def _whole(data: bytes) -> tuple[dict[Key, Value], frozenset[Key], dict[Key, str]]:
    everything, plurals = _decode(read_mo(compile_mo(data=data, use_fuzzy=True, use_untranslated=True)))
    sure, _ = _decode(read_mo(compile_mo(data=data, use_fuzzy=False, use_untranslated=True)))
    fuzzy = frozenset(key for key in everything if key not in sure and key != (None, ""))
    return everything, fuzzy, plurals


def oracle_catalog(path: Path | str) -> OracleCatalog:
    """GNU gettext's reading of every entry of ``path``, obsolete ones included (see ``OracleCatalog``)."""
    data = Path(path).read_bytes()
    _checked(["msgfmt", "-o", os.devnull, str(path)])  # the file's own diagnostics, with its name
    messages, fuzzy, plurals = _whole(data)
    obsolete_po = _checked(["msgattrib", "--only-obsolete", "--clear-obsolete", "--force-po", str(path)])
    obsolete, obsolete_fuzzy, obsolete_plurals = _whole(obsolete_po)
    obsolete.pop((None, ""), None)  # msgattrib keeps the (non-obsolete) header
    return OracleCatalog(messages, fuzzy, plurals, obsolete, obsolete_fuzzy, obsolete_plurals)


def oracle_normalized_bytes(path: Path | str, *, strict: bool = False) -> bytes:
    """``msgcat --no-wrap --force-po [--strict] PATH``: GNU gettext's reading, written canonically.

    In the catalog's own charset, entries in file order.
    """
    options = ["--no-wrap", "--force-po"] + (["--strict"] if strict else [])
    return _checked(["msgcat", *options, str(path)])


def oracle_normalized(path: Path | str, *, strict: bool = False) -> str:
    """``oracle_normalized_bytes`` decoded with the catalog's charset (undecodable bytes as lone surrogates)."""
    data = oracle_normalized_bytes(path, strict=strict)
    match = re.search(rb'^"Content-Type: [^"]*charset=([^\s;"\\]+)', data, re.MULTILINE)
    charset = "utf-8"
    if match:
        with contextlib.suppress(LookupError):  # msgcat refuses an unknown charset anyway
            charset = codecs.lookup(match.group(1).decode("ascii", "replace")).name
    return data.decode(charset, "surrogateescape")


# ------------------------------------------------------------------------------ fixtures


def fixture_files(kind: str | None = None) -> list[Path]:
    """The fixture catalogs, sorted: ``kind`` "valid", "invalid" or None for both."""
    folders = {"valid": [VALID_DIR], "invalid": [INVALID_DIR], None: [VALID_DIR, INVALID_DIR]}[kind]
    return [path for folder in folders for path in sorted(folder.glob("*.po"))]


def valid_fixtures() -> list[Path]:
    return fixture_files("valid")


def invalid_fixtures() -> list[Path]:
    return fixture_files("invalid")
