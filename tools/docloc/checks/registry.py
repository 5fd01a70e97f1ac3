"""The registry of QA checks: each check is a small named function with a stable id.

Most checks judge one entry: ``function(source, target, context) -> str | None``, the English,
the translation, and what else they may need (language, configuration); they return a one-line
message when the translation is wrong, else None. Some checks need a whole page (its links, its
structure, its catalog against its template): ``page_check`` registers
``function(page) -> list[Finding]`` over a ``checks.page.PageUnderCheck``. Some need the whole
project at once (the same English translated differently in two articles): ``project_check``
registers ``function(units) -> list[Finding]`` over every translated entry of the run, as
``CatalogUnit``s. All three kinds (scopes) live in ``CHECKS``, so reports and ``--help`` list
every check from one place. Adding a check touches one module.
"""

from __future__ import annotations

import operator
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, NamedTuple

SEVERITIES = ("info", "warning", "error")
IGNORE_COMMENT = re.compile(r"docloc-ignore:\s*([\w\-, ]+)")


@dataclass(frozen=True)
class CheckContext:
    """What checks may know besides the two texts."""

    language: str = ""
    do_not_translate: frozenset[str] = frozenset()
    options: dict[str, Any] = field(default_factory=dict)
    fields: frozenset[str] = frozenset({"title", "description"})  # msgctxt of front-matter fields
    glossary: Any = None  # checks.glossary.Glossary, when mkdocs.yml names one


CheckFunction = Callable[[str, str, CheckContext], "str | None"]
PageCheckFunction = Callable[[Any], "list[Finding]"]
ProjectCheckFunction = Callable[["list[CatalogUnit]"], "list[Finding]"]
SCOPES = ("entry", "page", "project")  # also the order in which reports and --help list the checks


@dataclass(frozen=True)
class Check:
    id: str
    severity: str
    explanation: str
    function: CheckFunction | PageCheckFunction | ProjectCheckFunction
    applies_to: str = "translated"  # entries in this state: "translated", "untranslated" or "fuzzy"
    # Characters without which the check always passes: when neither text has one, it is not run.
    # "0" stands for any decimal digit (what ``\d`` matches). None: the check runs on every entry.
    triggers: frozenset[str] | None = None
    # "entry": a function of two texts; "page": of a whole page; "project": of every translated entry of the run
    scope: str = "entry"


@dataclass(frozen=True)
class Finding:
    """One problem, located in the PO file and on the English page."""

    check: str
    severity: str
    message: str
    file: str  # the PO file, project-relative
    line: int  # the line of the entry's msgid
    page: str = ""  # the English page location, "docs/en/x.md:12"
    language: str = ""
    msgid: str = ""

    def as_dict(self) -> dict[str, object]:
        return dict(vars(self))  # the fields, in their order: the JSON report's keys


CHECKS: dict[str, Check] = {}


DIGIT_TRIGGER = "0"


def check(check_id: str, severity: str, explanation: str, applies_to: str = "translated", triggers: str | None = None):
    """Register a check function under a stable id.

    ``triggers`` promises that the function returns None whenever neither the English nor
    the translation has one of these characters (``DIGIT_TRIGGER`` for any digit); most
    entries are plain sentences, and the checks run on them would only confirm it.
    """
    if severity not in SEVERITIES:
        raise ValueError(f"unknown severity {severity!r}")
    if applies_to not in ("translated", "untranslated", "fuzzy"):
        raise ValueError(f"unknown entry state {applies_to!r}")

    def register(function: CheckFunction) -> CheckFunction:
        if check_id in CHECKS:
            raise ValueError(f"check id {check_id!r} registered twice")
        CHECKS[check_id] = Check(
            check_id, severity, explanation, function, applies_to, frozenset(triggers) if triggers is not None else None
        )
        return function

    return register


def page_check(check_id: str, severity: str, explanation: str):
    """Register a check of a whole page (``function(page) -> list[Finding]``) under a stable id."""
    if severity not in SEVERITIES:
        raise ValueError(f"unknown severity {severity!r}")

    def register(function: PageCheckFunction) -> PageCheckFunction:
        if check_id in CHECKS:
            raise ValueError(f"check id {check_id!r} registered twice")
        CHECKS[check_id] = Check(check_id, severity, explanation, function, scope="page")
        return function

    return register


def project_check(check_id: str, severity: str, explanation: str):
    """Register a check over every translated entry of the run (``function(units) -> list[Finding]``).

    The function must judge each English text (``english_of``) by its own entries alone, and
    report only at those entries: run over the entries of some English texts, it gives exactly
    its findings at them in a run over every entry. The check cache relies on it: after an edit
    to one catalog it runs the project checks again over the English texts that catalog had or
    has, not over the whole project.
    """
    if severity not in SEVERITIES:
        raise ValueError(f"unknown severity {severity!r}")

    def register(function: ProjectCheckFunction) -> ProjectCheckFunction:
        if check_id in CHECKS:
            raise ValueError(f"check id {check_id!r} registered twice")
        CHECKS[check_id] = Check(check_id, severity, explanation, function, scope="project")
        return function

    return register


def severity_rank(severity: str) -> int:
    return SEVERITIES.index(severity)


def ignored_checks(translator_comment: str) -> set[str]:
    """Check ids a translator silenced on an entry with ``# docloc-ignore: id, id``."""
    found: set[str] = set()
    for match in IGNORE_COMMENT.finditer(translator_comment or ""):
        found.update(part.strip() for part in re.split(r"[,\s]+", match.group(1)) if part.strip())
    return found


class CatalogUnit(NamedTuple):
    """A translated entry as project checks see it (small: workers send every one to the parent)."""

    language: str
    file: str  # the PO file, project-relative
    line: int
    msgctxt: str | None
    msgid: str
    msgstr: str
    page: str  # the English page location of its first occurrence
    silenced: frozenset[str]  # check ids the entry's translator comment silences


# The order the project checks take units in (a full run's: by language, file and line), as a key that
# runs in C: sorting the corpus's 26 000 units by a lambda took a third of this.
UNIT_ORDER: Callable[[CatalogUnit], tuple[str, str, int]] = operator.attrgetter("language", "file", "line")


def english_of(unit: CatalogUnit) -> tuple[str, str | None, str]:
    """The English text a translated entry translates, in its language: what project checks compare by."""
    return unit.language, unit.msgctxt, unit.msgid
