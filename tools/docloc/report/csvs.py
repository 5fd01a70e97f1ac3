"""CSV for spreadsheets and scripts: one row per finding, and (apart) one row per catalog's coverage.

A cell a spreadsheet would read as a formula (text starting with ``=``, ``+``, ``-``, ``@``, a tab
or a carriage return, as OWASP lists them) starts with an apostrophe: a msgid or an article's
name comes from a catalog, and ``=HYPERLINK(…)`` or ``=cmd|…`` must stay text in Excel,
LibreOffice and Google Sheets. Numbers are written as numbers.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from typing import TYPE_CHECKING, TextIO

if TYPE_CHECKING:
    from ..checks.coverage import CatalogCoverage
    from ..checks.registry import Finding

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def cell(value: object) -> object:
    """``value`` as a spreadsheet reads it as text: an apostrophe before what would start a formula."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


FINDING_FIELDS = ("severity", "check", "file", "line", "page", "language", "msgid", "message")


def write_findings(stream: TextIO, findings: Iterable[Finding]) -> None:
    """Every finding, the JSON report's fields; ``line`` 0 when the finding has no line (as in JSON)."""
    writer = csv.writer(stream, lineterminator="\n")
    writer.writerow(FINDING_FIELDS)
    for finding in findings:
        writer.writerow([cell(getattr(finding, name)) for name in FINDING_FIELDS])


def write_coverage(stream: TextIO, rows: Iterable[CatalogCoverage]) -> None:
    """Coverage of every catalog, then each locale's totals (name ``*``): the JSON report's numbers."""
    rows = list(rows)
    fields = list(rows[0].as_dict()) if rows else ["language", "name"]
    writer = csv.DictWriter(stream, fieldnames=fields, lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({key: cell(value) for key, value in row.as_dict().items()})
