"""The project's glossary, for the ``terminology`` check (registered in ``text.py``, with the other text checks).

The glossary is a file in the project, named in mkdocs.yml (``glossary: terms.csv``), as CSV or
TBX. Each term is English with, per language, the translations it requires. Czech and Polish
inflect nouns and adjectives, so a required translation is a set of *forms*, any of which will
do, and a form may be a stem: ``*`` stands for any letters, so ``zákazník*`` accepts zákazník,
zákazníka, zákazníkům, zákaznících, and ``partnersk* centr*`` accepts Partnerské centrum,
Partnerského centra, v partnerském centru. Where the stem itself changes (účet, účtu), list
both: ``účet|účt*``. A form starting with ``!`` is one the translation must not use (a
superseded or wrong term). Matching ignores case and needs whole words (a ``*`` can extend one);
the English side takes the same patterns (``subscription*``).

CSV: a header row, the first column the English (headed ``en``, ``term`` or ``source``), one
column per language headed with its code (``cs``, ``pl``, ``cs-CZ``), optionally a ``note``
column; forms separated by ``|``; comma, semicolon or tab as the separator::

    en,cs,pl,note
    customer,zákazník*|zákaznic*,klient*,
    Partner Center,Partnerské centrum|partnersk* centr*|!Centrum partnerů,Centrum partnerskie|centr* partnersk*,product

TBX (TBX-Basic / ISO 30042, ``<martif>`` or ``<tbx>``): each ``termEntry``/``conceptEntry`` is a
term; its ``langSet``/``langSec`` in English gives the English, the others the forms of each
language; a term whose ``administrativeStatus`` is ``deprecatedTerm-admn-sts`` or
``supersededTerm-admn-sts`` is a form not to use.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from ..errors import DoclocError
from ..fileio import read_text
from ..project import CONFIG_FILE
from ..stamps import Stamp, stamp
from .wording import quote

CHECK_ID = "terminology"
FORBIDDEN = "!"
NOTE_COLUMNS = frozenset({"note", "notes", "comment", "comments", "description", "definition"})
SOURCE_COLUMNS = frozenset({"term", "source", "english"})
DEPRECATED = frozenset({"deprecatedterm-admn-sts", "supersededterm-admn-sts", "deprecated", "superseded"})


@dataclass(frozen=True)
class Form:
    """A form as the glossary writes it, and the pattern that finds it in a text."""

    text: str
    pattern: re.Pattern[str]


def form(text: str, file: str, line: int) -> Form:
    """A glossary form: words separated by any space, ``*`` any letters, whole words, any case."""
    words = text.split()
    if not words or not any(ch.isalnum() for ch in text):
        raise DoclocError(f"{text!r} is not a term: give at least one letter", file, line)
    body = r"\s+".join(re.escape(word).replace(r"\*", r"\w*") for word in words)
    return Form(text, re.compile(rf"(?<!\w){body}(?!\w)", re.IGNORECASE))


@dataclass
class Term:
    """One English term, its forms, and per language the forms it requires and those it forbids."""

    english: tuple[Form, ...]
    line: int
    accepted: dict[str, list[Form]] = field(default_factory=dict)
    forbidden: dict[str, list[Form]] = field(default_factory=dict)

    @property
    def name(self) -> str:
        return self.english[0].text

    def span(self, text: str) -> tuple[int, int] | None:
        """Where the English has this term first, or None."""
        found = [m.span() for f in self.english if (m := f.pattern.search(text))]
        return min(found) if found else None


def _forms(forms: list[Form]) -> str:
    return " | ".join(f.text for f in forms)


@dataclass
class Glossary:
    file: str
    terms: list[Term]

    def __post_init__(self) -> None:
        alternatives = "|".join(f.pattern.pattern for term in self.terms for f in term.english)
        self._any = re.compile(alternatives, re.IGNORECASE) if alternatives else None

    def problems(self, english: str, translation: str, language: str) -> str | None:
        """What the translation lacks or misuses, as one message; None when it follows the glossary."""
        if self._any is None or not self._any.search(english):
            return None
        spans = [(term, span) for term in self.terms if (span := term.span(english)) is not None]
        # A term inside a longer matched term ("Center" in "Partner Center") is the longer one's business.
        inside = {
            id(term)
            for term, (start, end) in spans
            for other, (o_start, o_end) in spans
            if other is not term and o_start <= start and end <= o_end and (o_end - o_start) > (end - start)
        }
        missing, misused = [], []
        for term, _ in spans:
            if id(term) in inside:
                continue
            accepted = term.accepted.get(language, [])
            if accepted and not any(f.pattern.search(translation) for f in accepted):
                missing.append(term)
            for bad in term.forbidden.get(language, []):
                found = bad.pattern.search(translation)
                if found:
                    misused.append((term, found.group(0)))
                    break
        if not missing and not misused:
            return None
        # Glossary forms are written as the glossary has them (a | b, stems with *), unquoted: quotes
        # in check messages stand for words of the texts.
        parts = []
        if missing:
            wanted = "; ".join(f"{_forms(term.accepted[language])} for {quote(term.name)}" for term in missing)
            parts.append(f"the glossary asks for {wanted}, and the translation has none of these forms")
        for term, used in misused:
            advice = _forms(term.accepted.get(language, []))
            parts.append(
                f"the translation has {quote(used)}, which the glossary says not to use for {quote(term.name)}"
                + (f" (it asks for {advice})" if advice else "")
            )
        return "; ".join(parts) + ": use the glossary's term, in the form the sentence needs"


# --- reading glossaries ---------------------------------------------------------------------


def _language(header: str, file: str, line: int) -> str:
    from ..locales import gettext_language

    try:
        return gettext_language(header.strip())
    except DoclocError:
        raise DoclocError(
            f"column {header!r}: a language code such as cs or pl-PL (or note, term)", file, line
        ) from None


def _add_forms(term: Term, language: str, cell: str, file: str, line: int) -> None:
    for text in (part.strip() for part in cell.split("|")):
        if not text:
            continue
        if text.startswith(FORBIDDEN):
            term.forbidden.setdefault(language, []).append(form(text[1:].strip(), file, line))
        else:
            term.accepted.setdefault(language, []).append(form(text, file, line))


def read_csv_glossary(text: str, file: str, source_language: str) -> Glossary:
    import csv  # here: most projects have no glossary (or a TBX one), and every check imports this module

    text = text.lstrip("\ufeff")
    first = text.split("\n", 1)[0]
    delimiter = max((",", ";", "\t"), key=first.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        header = next(reader)
    except StopIteration:
        raise DoclocError("an empty glossary: the first row names the columns (en, cs, pl, note)", file, 1) from None
    names = [h.strip().lower() for h in header]
    if not names or names[0] not in SOURCE_COLUMNS | {source_language.lower()}:
        first_column = header[0] if header else ""
        message = f"the first column is the English: head it {source_language} (or term), not {first_column!r}"
        raise DoclocError(message, file, 1, 1)
    columns = {
        index: _language(header[index], file, 1)
        for index, name in enumerate(names)
        if index and name and name not in NOTE_COLUMNS
    }
    terms: dict[str, Term] = {}
    try:
        for row in reader:
            line = reader.line_num
            if not row or not any(cell.strip() for cell in row):
                continue
            english = [part.strip() for part in row[0].split("|") if part.strip()]
            if not english:
                raise DoclocError("a row without English in the first column", file, line, 1)
            key = english[0].lower()
            term = terms.get(key)
            if term is None:
                term = terms[key] = Term(tuple(form(e, file, line) for e in english), line)
            for index, language in columns.items():
                if index < len(row):
                    _add_forms(term, language, row[index], file, line)
    except csv.Error as error:
        raise DoclocError(f"not valid CSV: {error}", file, reader.line_num) from None
    return Glossary(file, list(terms.values()))


def read_tbx_glossary(path: Path, file: str, source_language: str) -> Glossary:
    from ..formats.xmlsafe import XML_LANG, element_text, local_name, parse_xml

    root = parse_xml(path, file).getroot()
    if local_name(root) not in ("martif", "tbx"):
        raise DoclocError(f"not a TBX file: the root element is <{local_name(root)}>", file, root.sourceline or 0)
    source_primary = source_language.split("_")[0].lower()
    terms = []
    for entry in root.iter():
        if local_name(entry) not in ("termEntry", "conceptEntry"):
            continue
        english: list[str] = []
        forms: list[tuple[str, str, bool, int]] = []  # (language tag, text, deprecated, line)
        for section in entry:
            if local_name(section) not in ("langSet", "langSec"):
                continue
            tag = section.get(XML_LANG) or ""
            for holder in section.iter():
                if local_name(holder) not in ("tig", "ntig", "termSec"):
                    continue
                term_text, deprecated = "", False
                for part in holder.iter():
                    name = local_name(part)
                    if name == "term":
                        term_text = element_text(part, file).strip()
                    elif name == "termNote" and part.get("type") == "administrativeStatus":
                        deprecated = element_text(part, file).strip().lower() in DEPRECATED
                if not term_text:
                    continue
                if tag.replace("_", "-").split("-")[0].lower() == source_primary:
                    if not deprecated:
                        english.append(term_text)
                else:
                    forms.append((tag, term_text, deprecated, holder.sourceline or 0))
        if not english:
            continue
        line = entry.sourceline or 0
        term = Term(tuple(form(e, file, line) for e in english), line)
        for tag, text, deprecated, at in forms:
            language = _language(tag, file, at)
            target = term.forbidden if deprecated else term.accepted
            target.setdefault(language, []).append(form(text, file, at))
        terms.append(term)
    return Glossary(file, terms)


@lru_cache(maxsize=8)
def _load(path: str, version: Stamp, file: str, source_language: str) -> Glossary:
    """The glossary at ``path``, read again when its stamp (``version``) changes."""
    location = Path(path)
    if location.suffix.lower() in (".tbx", ".xml"):
        return read_tbx_glossary(location, file, source_language)
    return read_csv_glossary(read_text(location, file), file, source_language)


def load_glossary(root: Path, entry: str, source_language: str = "en") -> Glossary:
    """The glossary mkdocs.yml names (a file inside the project), read once per change of the file."""
    path = (root / entry).resolve()
    if not path.is_relative_to(root.resolve()):
        raise DoclocError(f"glossary {entry!r} is outside the project: put it in the project's folder", CONFIG_FILE)
    try:
        stat = path.stat()
    except FileNotFoundError:
        raise DoclocError(f"glossary {entry!r} does not exist", CONFIG_FILE) from None
    display = path.relative_to(root.resolve()).as_posix()
    return _load(str(path), stamp(stat), display, source_language)
