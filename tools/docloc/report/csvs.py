"""CSV for spreadsheets and scripts: one row per finding, and (apart) one row per catalog's coverage.

A cell a spreadsheet would read as a formula (text starting with ``=``, ``+``, ``-``, ``@``, a tab
or a carriage return, as OWASP lists them) starts with an apostrophe: a msgid or an article's
name comes from a catalog, and ``=HYPERLINK(…)`` or ``=cmd|…`` must stay text in Excel,
LibreOffice and Google Sheets. Control and bidirectional characters are escaped (``\x1b``), as in the
text report. Numbers are written as numbers.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from typing import TYPE_CHECKING, TextIO

from ..errors import printable

if TYPE_CHECKING:
    from ..checks.coverage import CatalogCoverage
    from ..checks.registry import Finding

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def cell(value: object) -> object:
    """``value`` as a spreadsheet reads it as text: an apostrophe before what would start a formula; and as a
    terminal or a CI log shows it, as the text report does (``errors.printable``): printed raw, a catalog's
    name or msgid could clear the screen, set the clipboard, hide a link, or start a line with a workflow
    command (a line feed, even in a quoted cell); the JSON report keeps the exact text."""
    if not isinstance(value, str):
        return value
    value = printable(value)
    return "'" + value if value.startswith(FORMULA_STARTS) else value


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
