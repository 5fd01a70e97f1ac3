"""What one ``docloc check`` run found and decided, read by every report format."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from ..checks import severity_rank

if TYPE_CHECKING:
    from ..checks.coverage import CatalogCoverage
    from ..checks.registry import Finding
    from ..checks.run import CheckReport


@dataclass
class Outcome:
    """The report, each locale's totals, the coverage gate and the severity gate."""

    report: CheckReport
    totals: list[CatalogCoverage]
    below: list[tuple[str, float, float]]  # (language, percent, minimum) of locales under their minimum
    fail_on: str
    root: Path = field(default_factory=Path)  # the project folder
    source_language: str = "en"

    @property
    def findings(self) -> list[Finding]:
        return self.report.findings

    @property
    def failing(self) -> list[Finding]:
        """Findings at or above ``fail_on``: they fail the run."""
        least = severity_rank(self.fail_on)
        return [f for f in self.report.findings if severity_rank(f.severity) >= least]

    @property
    def passed(self) -> bool:
        return not self.failing and not self.below


def percent_text(percent: float) -> str:
    """A percentage with one decimal, rounded down: ``100.0`` only when all is done, ``0.0`` only when nothing is.

    Rounded as usual, 99.96 % would read ``100.0 %``: a locale still short of its gate would look complete.
    """
    shown = math.floor(percent * 10 + 1e-6) / 10  # the epsilon: 57.3 stored as 57.2999… is still 57.3
    if percent < 100:
        shown = min(shown, 99.9)
    if percent > 0:
        shown = max(shown, 0.1)
    return f"{shown:.1f}"
