"""The registry of QA checks: each check is a small named function with a stable id.

A check is ``function(source, target, context) -> str | None``: the English, the
translation, and what else it may need (language, configuration); it returns a one-line
message when the translation is wrong, else None. Adding a check touches one module.

A project check (``project_check``) sees every translated entry of the project at once, as
``CatalogUnit``s, and returns findings: what no single entry shows, such as the same English
translated differently in two articles.
"""

from __future__ import annotations

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


@dataclass(frozen=True)
class Check:
    id: str
    severity: str
    explanation: str
    function: CheckFunction
    applies_to: str = "translated"  # entries in this state: "translated", "untranslated" or "fuzzy"
    # Characters without which the check always passes: when neither text has one, it is not run.
    # "0" stands for any decimal digit (what ``\d`` matches). None: the check runs on every entry.
    triggers: frozenset[str] | None = None


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


ProjectCheckFunction = Callable[[list[CatalogUnit]], list[Finding]]


@dataclass(frozen=True)
class ProjectCheck:
    id: str
    severity: str
    explanation: str
    function: ProjectCheckFunction


PROJECT_CHECKS: dict[str, ProjectCheck] = {}


def project_check(
    check_id: str, severity: str, explanation: str
) -> Callable[[ProjectCheckFunction], ProjectCheckFunction]:
    """Register a check over every translated entry of the project (``CatalogUnit``s) under a stable id."""
    if severity not in SEVERITIES:
        raise ValueError(f"unknown severity {severity!r}")

    def register(function: ProjectCheckFunction) -> ProjectCheckFunction:
        if check_id in CHECKS or check_id in PROJECT_CHECKS:
            raise ValueError(f"check id {check_id!r} registered twice")
        PROJECT_CHECKS[check_id] = ProjectCheck(check_id, severity, explanation, function)
        return function

    return register
