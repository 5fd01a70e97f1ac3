"""Every check a report can name: the registry's and the two that run outside it (links, drift)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from ..checks import CHECKS
from ..checks.drift import CHECK_ID as DRIFT_ID
from ..checks.links import CHECK_ID as LINK_ID
from ..checks.registry import PROJECT_CHECKS

# Checks that read whole pages or several catalogs, so they are not registry functions of two texts.
EXTRA_CHECKS = {
    LINK_ID: ("error", "Links, anchors and images of every page resolve (or map to the external base)"),
    DRIFT_ID: ("warning", "The locale was translated from English that differs from the page's"),
}


@dataclass(frozen=True)
class Rule:
    """A check as reports describe it: SARIF's rules, the help's list, the JSON report's ``checks``."""

    id: str
    severity: str
    explanation: str


def rules() -> list[Rule]:
    """Every check, registry order first (entry checks, then project checks), then links and drift: the order of
    ``--help`` and of SARIF's rules."""
    found = [Rule(c.id, c.severity, c.explanation) for c in (*CHECKS.values(), *PROJECT_CHECKS.values())]
    return found + [Rule(key, severity, text) for key, (severity, text) in EXTRA_CHECKS.items()]


def check_table(findings: Iterable) -> dict[str, dict[str, object]]:
    """Each check's severity, explanation and number of findings (the JSON report's ``checks``)."""
    counts = Counter(f.check for f in findings)
    return {
        r.id: {"severity": r.severity, "explanation": r.explanation, "findings": counts.get(r.id, 0)} for r in rules()
    }
