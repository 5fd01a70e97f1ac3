"""CSV for spreadsheets and scripts: one row per finding, and (apart) one row per catalog's coverage."""

from __future__ import annotations

import csv
from collections.abc import Iterable
from typing import TYPE_CHECKING, TextIO

if TYPE_CHECKING:
    from ..checks.coverage import CatalogCoverage
    from ..checks.registry import Finding

FINDING_FIELDS = ("severity", "check", "file", "line", "page", "language", "msgid", "message")


def write_findings(stream: TextIO, findings: Iterable[Finding]) -> None:
    """Every finding, the JSON report's fields; ``line`` 0 when the finding has no line (as in JSON)."""
    writer = csv.writer(stream, lineterminator="\n")
    writer.writerow(FINDING_FIELDS)
    for finding in findings:
        writer.writerow([getattr(finding, name) for name in FINDING_FIELDS])


def write_coverage(stream: TextIO, rows: Iterable[CatalogCoverage]) -> None:
    """Coverage of every catalog, then each locale's totals (name ``*``): the JSON report's numbers."""
    rows = list(rows)
    fields = list(rows[0].as_dict()) if rows else ["language", "name"]
    writer = csv.DictWriter(stream, fieldnames=fields, lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow(row.as_dict())
