"""Gettext catalogs (POT/PO) from articles, and articles back from catalogs.

Keys are English text: Microsoft's segment ids change with every version, so they are
kept only as extracted comments (``#. ms-id: …``) for a lossless round trip.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator, Sequence
from datetime import datetime
from functools import lru_cache, partial
from typing import NamedTuple

import polib

from ..errors import DoclocError
from ..frontmatter import FrontMatter, front_matter_problem, repeated_key
from ..locales import plural_forms
from .po import TemplateEntry, entry_maker, new_pofile

ID_COMMENT = "ms-id:"
COLUMN_COMMENT = "column:"
VARIANT_CONTEXT = "variant {n}"
SOURCE_HEADER = "X-Docloc-Source"
TRANSLATION_TYPE_HEADER = "X-MS-Translation-Type"
CONTENT_LOCALE_HEADER = "X-MS-Content-Locale"
ATTRIBUTION = "Content: Microsoft Docs contributors, licensed CC BY 4.0 (https://creativecommons.org/licenses/by/4.0/)."


_VARIANT = re.compile(r"variant [0-9]+\Z")


def is_variant(context: str | None) -> bool:
    """A ``variant N`` context: the second and later translations of one English text on its page."""
    return context is not None and _VARIANT.match(context) is not None


def variant_number(context: str | None) -> int:
    """N of ``variant N``; 1 for the first translation (no variant context)."""
    return int(context[8:]) if is_variant(context) else 1


def page_context(context: str | None, fields: Iterable[str]) -> str | None:
    """The context by which docloc places an entry on its page: a front-matter field's name, else None. Body
    entries are keyed by their English alone: a ``variant N``, or any context a translator or another tool
    added, is read as the page's English (where msgmerge and msgfmt read another message)."""
    return context if context in fields else None


def foreign_context(context: str | None, fields: Iterable[str]) -> bool:
    """A context docloc never writes (neither ``variant N`` nor a front-matter field's name)."""
    return context is not None and context not in fields and not is_variant(context)


def merged_lines(
    catalog: Iterable[polib.POEntry], template: Iterable[polib.POEntry], page_ref: str, fields: Iterable[str]
) -> dict[int, list[int]]:
    """The lines of the page each body entry stands on, where a tool merged its repeated references: ``id(entry)``
    → its lines, the merged ones given back, for the entries that lost some.

    An English that stands twice on one line (two cells of a table row) is referenced twice, ``#: page.md:45
    page.md:45``; every GNU tool (msgcat, msgmerge, msgattrib, msguniq, msgconv) writes such a pair once. The
    template says how many times each English stands on each line; an entry that names a line of the page fewer
    times gets the difference, where it alone of its English's entries names that line (where two translations
    of the English both name it, which occurrence is whose cannot be told, and nothing is given back).
    """
    fields = set(fields)
    wanted: dict[str, dict[int, int]] = {}  # English → line → how many times the template places it there
    for entry in template:
        if entry.obsolete or entry.msgctxt in fields or not entry.msgid:
            continue
        lines = wanted.setdefault(entry.msgid, {})
        for path, line in entry.occurrences:
            if path == page_ref and line.isdigit():
                lines[int(line)] = lines.get(int(line), 0) + 1
    if all(len(lines) == sum(lines.values()) for lines in wanted.values()):
        return {}  # no English stands twice on a line of this page: nothing a tool could merge
    named: dict[str, list[tuple[polib.POEntry, list[int]]]] = {}  # English → (entry, the lines it names)
    for entry in catalog:
        if entry.obsolete or entry.msgctxt in fields or entry.msgid not in wanted:
            continue
        lines = [int(line) for path, line in entry.occurrences if path == page_ref and line.isdigit()]
        named.setdefault(entry.msgid, []).append((entry, lines))
    restored: dict[int, list[int]] = {}
    for msgid, entries in named.items():
        for line, count in wanted[msgid].items():
            naming = [(entry, lines) for entry, lines in entries if line in lines]
            if len(naming) != 1:
                continue
            entry, lines = naming[0]
            have = lines.count(line)
            if have < count:
                lines = restored.get(id(entry), lines)
                at = lines.index(line)
                restored[id(entry)] = lines[:at] + [line] * (count - have) + lines[at:]
    return restored


class Message(NamedTuple):
    """One catalog entry in the making: an English text, its translation, where it occurs.

    A named tuple: an import or an extract makes two per entry (tens of thousands per run), and a frozen
    dataclass's ``__init__`` (one ``object.__setattr__`` per field) took four times as long.
    """

    msgid: str
    msgstr: str
    context: str | None
    lines: tuple[int, ...]
    ids: tuple[str, ...] = ()
    comment: str = ""
    columns: tuple[int, ...] = ()  # only where a line alone would not find the occurrence


# ``_message(Message, (msgid, msgstr, context, lines, ids, comment, columns))``: every field given, the named
# tuple made without its Python-level ``__new__`` (a frame per message; an extract makes two per entry).
_message = tuple.__new__


def entry_columns(entry: polib.POEntry) -> list[int]:
    """Column hints of an entry's occurrences, written only where the line is ambiguous."""
    comment = entry.comment
    match = _COLUMNS.search(comment) if "column:" in comment else None  # most entries have none
    return [int(n) for n in match.group(1).split()] if match else []


_COLUMNS = re.compile(r"column:([\d\s]+?)(?:ms-id:|$)")


def entry_ids(entry: polib.POEntry) -> list[str]:
    """The Microsoft ids of an entry's occurrences, in order (the comment may be wrapped)."""
    at = entry.comment.rfind(ID_COMMENT)
    return entry.comment[at + len(ID_COMMENT) :].split() if at != -1 else []


def new_catalog(header: str, metadata: dict[str, str]) -> polib.POFile:
    """An empty catalog with this header comment and these header fields, written unwrapped."""
    catalog = new_pofile()
    catalog.header = header
    catalog.metadata = metadata
    return catalog


def base_metadata(project_id: str, date: str, language: str | None) -> dict[str, str]:
    """Standard headers; dates come from the article so re-imports are byte-identical."""
    metadata = {
        "Project-Id-Version": project_id,
        "Report-Msgid-Bugs-To": "",
        "POT-Creation-Date": date,
        "PO-Revision-Date": date,
        "Last-Translator": "",
        "Language-Team": "",
    }
    if language is not None:
        metadata["Language"] = language
    metadata |= {
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
    }
    if language is not None:
        metadata["Plural-Forms"] = plural_forms(language)
    metadata["X-Generator"] = "docloc"
    return metadata


def interface_template(project_id: str, header: str, plural_forms: str | None = None) -> polib.POFile:
    """An empty template for docloc's own interface strings (the site's, the walkthrough's).

    Its dates are fixed, so regenerating it from the code changes nothing unless a string did.
    """
    metadata = {
        "Project-Id-Version": project_id,
        "Report-Msgid-Bugs-To": "",
        "POT-Creation-Date": "2025-01-01 00:00+0000",
        "PO-Revision-Date": "YEAR-MO-DA HO:MI+ZONE",
        "Last-Translator": "",
        "Language-Team": "",
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
    }
    if plural_forms:
        metadata["Plural-Forms"] = plural_forms
    return new_catalog(header, metadata)


@lru_cache(maxsize=1024)
def gettext_date(value: str | None) -> str:
    """Microsoft's ``MM/DD/YYYY`` dates as gettext's ``YYYY-MM-DD HH:MM+ZZZZ`` (cached: pages share dates, and
    ``strptime`` is slow)."""
    if value:
        try:
            return datetime.strptime(value.strip().strip("\"'"), "%m/%d/%Y").strftime("%Y-%m-%d 00:00+0000")
        except ValueError:
            pass
    return "1970-01-01 00:00+0000"


def add_messages(catalog: polib.POFile, messages: Iterable[Message], page: str, *, template: bool) -> None:
    """Entries for ``messages``: polib's, made by ``entry_maker`` (imports and extracts build tens of thousands)."""
    if template:
        add_template_entries(catalog, template_entries(messages), page)
        return
    append = partial(list.append, catalog)
    make = entry_maker()
    for message in messages:
        comment = entry_comment(message, False)
        append(make(message.msgid, message.msgstr, message.context, comment, _occurrences(page, message.lines)))


def template_entries(messages: Iterable[Message]) -> Iterator[TemplateEntry]:
    """A template's entries of ``messages`` (no translation, no ids): as ``po.template_catalog_text`` takes them."""
    for message in messages:
        yield message.context, message.msgid, entry_comment(message, True), message.lines


def add_template_entries(catalog: polib.POFile, entries: Iterable[TemplateEntry], page: str) -> None:
    """polib's entries of a template's entries, occurring on ``page``."""
    append = partial(list.append, catalog)
    make = entry_maker()
    for msgctxt, msgid, comment, lines in entries:
        append(make(msgid, "", msgctxt, comment, _occurrences(page, lines)))


def _occurrences(page: str, lines: Sequence[int]) -> list[tuple[str, str]]:
    return [(page, str(lines[0]))] if len(lines) == 1 else [(page, str(line)) for line in lines]


def entry_comment(message: Message, template: bool) -> str:
    """The extracted comment of a message's entry: its own, its column hints, and in a translation its ids."""
    if not (message.columns or (message.ids and not template)):
        return message.comment
    notes = [message.comment]
    if message.columns:
        notes.append(f"{COLUMN_COMMENT} {' '.join(map(str, message.columns))}")
    if message.ids and not template:
        notes.append(f"{ID_COMMENT} {' '.join(message.ids)}")
    return "\n".join(filter(None, notes))


def group_messages(items: Iterable[tuple[str, str, int, str, str | None, str]]) -> list[Message]:
    """Merge occurrences into messages: one per English text and translation.

    ``items`` are (english, translation, line, id, fixed context, comment). Where one
    English text has several translations, the second and later get ``variant N``
    contexts, so no translation is merged away.
    """
    variants: dict[str, list[str]] = {}  # the translations of each English text without a fixed context
    grouped: dict[tuple[str | None, str, str], list] = {}
    for english, translation, line, seg_id, context, comment in items:
        if context is None:
            seen = variants.get(english)
            if seen is None:
                variants[english] = [translation]
            elif translation != seen[0]:
                if translation not in seen:
                    seen.append(translation)
                context = VARIANT_CONTEXT.format(n=seen.index(translation) + 1)
        key = (context, english, translation)
        slot = grouped.get(key)
        if slot is None:
            grouped[key] = [[line], [seg_id] if seg_id else [], comment]
        else:
            slot[0].append(line)
            if seg_id:
                slot[1].append(seg_id)
    return [
        _message(Message, (english, translation, context, tuple(lines), tuple(ids), comment, ()))
        for (context, english, translation), (lines, ids, comment) in grouped.items()
    ]


def template_messages(messages: list[Message]) -> list[Message]:
    """Template entries: translations and variant contexts removed, occurrences merged."""
    merged: dict[tuple[str | None, str], Message] = {}
    for message in messages:
        context = message.context
        if is_variant(context):
            context = None
        key = (context, message.msgid)
        if key in merged:
            old = merged[key]
            pairs = sorted([*zip(old.lines, _columns_or_zero(old)), *zip(message.lines, _columns_or_zero(message))])
            columns = tuple(c for _, c in pairs) if old.columns or message.columns else ()
            merged[key] = Message(old.msgid, "", context, tuple(n for n, _ in pairs), (), old.comment, columns)
        else:
            fields = (message.msgid, "", context, message.lines, (), message.comment, message.columns)
            merged[key] = _message(Message, fields)
    return list(merged.values())


def _columns_or_zero(message: Message) -> list[int]:
    return list(message.columns) if message.columns else [0] * len(message.lines)


_LOCALE = re.compile(r"[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{2,8})*")
_FIELD_KEY = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_.\-]*")
_SEPARATOR = re.compile(r":[ \t]*")
_CLOSING = re.compile(r"---[ \t]*(?:\r?\n)?")
# The lines a locale's front matter keeps for itself: Microsoft's hand-off keys (ms.contentlocale,
# ms.locfileid, …), each a single line with a plain or quoted value and no markup.
_HANDOFF_LINE = re.compile(r"ms\.[A-Za-z0-9_.\-]+:[ \t]*[^\x00-\x1f\x7f<>`\u2028\u2029]*")


def content_locale(catalog: polib.POFile) -> str | None:
    """The catalog's ``X-MS-Content-Locale`` (Microsoft's ``ll-CC``) when it is a locale name, else None."""
    value = (catalog.metadata.get(CONTENT_LOCALE_HEADER) or "").strip()
    return value if _LOCALE.fullmatch(value) else None


def source_record(catalog: polib.POFile, file: str = "") -> dict:
    """The byte-level facts of the imported article kept in the header (front matter, BOM, CRLF).

    The header comes with the catalog, so it is untrusted like any translation: it must have the
    shape the import writes (front-matter lines, references to the English page's lines, the
    translated fields), or it is refused with the reason. Only ``docloc export`` uses it; the site
    builds a page's front matter from its English page.
    """
    raw = catalog.metadata.get(SOURCE_HEADER)
    if not raw:
        return {}
    try:
        record = json.loads(raw)
    except json.JSONDecodeError as error:
        raise DoclocError(f"the {SOURCE_HEADER} header is not valid JSON ({error.msg})", file) from None
    problem = _record_problem(record)
    if problem:
        raise DoclocError(f"the {SOURCE_HEADER} header {problem}; re-import the article to rewrite it", file)
    return record


def kept_line_problem(line: str) -> str | None:
    """Why the header cannot keep ``line`` of a locale's front matter as it is (it is not one of Microsoft's
    hand-off keys, or reading the exported article would refuse it), or None: what the import checks before
    writing a catalog, and reading the header again."""
    if not _HANDOFF_LINE.fullmatch(line):
        return "that is not one of Microsoft's hand-off keys (ms.…: a single-line value)"
    # what the exported article would hold: reading it again (an import) must not refuse it
    problem = front_matter_problem(line + "\n")
    if problem:
        return f"that reading the exported article refuses ({problem})"
    return None


def _record_problem(record: object) -> str | None:
    """What makes a source record other than the import writes it, or None."""
    if not isinstance(record, dict):
        return "is not a JSON object"
    unknown = set(record) - {"locale", "bom", "newline", "front_matter", "closing"}
    if unknown:
        return f"has unknown keys {sorted(unknown)}"
    if "locale" in record and not (isinstance(record["locale"], str) and _LOCALE.fullmatch(record["locale"])):
        return "has a locale that is not a locale name"
    if "bom" in record and not isinstance(record["bom"], bool):
        return "has a 'bom' that is not true or false"
    if "newline" in record and record["newline"] not in ("\n", "\r\n"):
        return "has a line end other than LF or CRLF"
    if "closing" in record and not (isinstance(record["closing"], str) and _CLOSING.fullmatch(record["closing"])):
        return "closes the front matter with something other than '---'"
    items = record.get("front_matter", [])
    if not isinstance(items, list):
        return "has front matter that is not a list"
    lines: list[str] = []  # each item's first line as the exported article would hold it (a field: its key)
    for item in items:
        if isinstance(item, str):
            problem = kept_line_problem(item)
            if problem:
                return f"has a front-matter line {item[:60]!r} {problem}"
            lines.append(item)
        elif not (
            isinstance(item, list)
            and all(isinstance(part, str) for part in item)
            and (
                (len(item) == 2 and item[0] == "=" and _FIELD_KEY.fullmatch(item[1]))
                or (
                    len(item) == 4
                    and item[0] == "t"
                    and _FIELD_KEY.fullmatch(item[1])
                    and _SEPARATOR.fullmatch(item[2])
                    and item[3] in ("", '"', "'")
                )
            )
        ):
            return f"has a front-matter item {item!r} the import does not write"
        else:
            lines.append(f"{item[1]}:")
    repeated = repeated_key(FrontMatter(lines).keys())  # the key an import reads each line by
    if repeated:
        return f"gives the front-matter key {repeated[0]!r} twice (reading the exported article refuses that)"
    return None


def encode_source_record(record: dict) -> str:
    return json.dumps(record, ensure_ascii=False, separators=(",", ":"))
