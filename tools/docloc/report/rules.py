"""Every check a report can name: the registry's, entry and page checks alike."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from ..checks import CHECKS
from ..checks.registry import SCOPES


@dataclass(frozen=True)
class Rule:
    """A check as reports describe it: SARIF's rules, the help's list, the JSON report's ``checks``."""

    id: str
    severity: str
    explanation: str


def rules() -> list[Rule]:
    """Every check, those of one entry first, then those of whole pages, then those of the whole project: the order
    of ``--help`` and SARIF's rules."""
    ordered = sorted(CHECKS.values(), key=lambda c: SCOPES.index(c.scope))
    return [Rule(c.id, c.severity, c.explanation) for c in ordered]


def check_table(findings: Iterable) -> dict[str, dict[str, object]]:
    """Each check's severity, explanation and number of findings (the JSON report's ``checks``)."""
    counts = Counter(f.check for f in findings)
    return {
        r.id: {"severity": r.severity, "explanation": r.explanation, "findings": counts.get(r.id, 0)} for r in rules()
    }
