"""The text report, for people: it fits the terminal and reads as well in a CI log or a file.

How wide: a terminal's own width; else ``COLUMNS`` when it is set; else 80 columns. Tables
always fit that width: when the full table is too wide, the bar gets shorter, then goes (it
repeats the percentage), then cells stack their two numbers on two lines, then the obsolete and
catalog counts go (JSON and ``--coverage-csv`` keep every number). Nothing is cut with an ellipsis.

Findings are ``file:line: severity [check] message (page)`` lines, the form editors and
``grep`` read; what a file brings (a catalog's name) is shown with its control and
bidirectional characters escaped (``\\x1b``, ``\\u202e``), never acted on. On a terminal, or
with ``COLUMNS`` set, a finding longer than the width wraps at spaces onto lines indented by
four (a path too long for a line breaks after a ``/``); written to a pipe or a file without
``COLUMNS``, each finding stays on one line, so tools get one per line.
"""

from __future__ import annotations

import math
import os
import shutil
from collections import Counter
from dataclasses import dataclass
from typing import TYPE_CHECKING, TextIO

from ..checks import severity_rank
from ..errors import printable
from .location import place
from .outcome import Outcome, percent_text
from .rules import check_table

if TYPE_CHECKING:
    from rich.console import Console, RenderableType
    from rich.table import Table

    from ..checks.coverage import CatalogCoverage
    from ..checks.registry import Finding

PIPE_WIDTH = 80  # output that is not a terminal, without COLUMNS: a classic terminal's width
MIN_WIDTH = 40  # the narrowest layout: a narrower terminal wraps these lines itself
INDENT = "    "  # continuation lines of a wrapped finding
LISTED_CATALOGS = 40  # incomplete catalogs listed one by one, unless --verbose


@dataclass(frozen=True)
class Screen:
    """Where the report goes: its width, and whether findings wrap to it (people) or not (tools)."""

    width: int
    wrap: bool


def screen_for(stream: TextIO) -> Screen:
    """The width and wrapping for ``stream`` (see the module docstring)."""
    try:
        terminal = stream.isatty()
    except (AttributeError, ValueError):
        terminal = False
    if terminal:
        return Screen(max(MIN_WIDTH, shutil.get_terminal_size((PIPE_WIDTH, 24)).columns), True)
    columns = os.environ.get("COLUMNS", "").strip()
    if columns.isdigit() and int(columns) > 0:
        return Screen(max(MIN_WIDTH, int(columns)), True)
    return Screen(PIPE_WIDTH, False)


def bar(percent: float, width: int) -> str:
    """A bar of ``width`` cells that is full only at 100 % and empty only at 0 %."""
    filled = math.floor(percent / 100 * width)
    if percent < 100:
        filled = min(filled, width - 1)
    if percent > 0:
        filled = max(filled, 1)
    return "█" * filled + "░" * (width - filled)


def _cells(text: str) -> int:
    from rich.cells import cell_len

    return cell_len(text)


def _fit(text: str, width: int) -> int:
    """How many characters of ``text`` fit in ``width`` cells (at least one, so wrapping always advances)."""
    used = 0
    for index, character in enumerate(text):
        used += _cells(character)
        if used > width:
            return max(1, index)
    return len(text)


def _break(line: str, width: int, start: int) -> int:
    """Where to break a line too wide for ``width``: after the last ``/`` that fits (past ``start``), else anywhere."""
    fit = _fit(line, width)
    slash = line.rfind("/", start, fit)
    return slash + 1 if slash >= start else fit


def wrap(text: str, width: int, indent: str = INDENT) -> list[str]:
    """``text`` in lines of at most ``width`` cells, broken at spaces; continuation lines start with ``indent``.

    Words are never cut, except one too long for any line (a long path), which breaks after a
    ``/`` where it can. The text's own leading spaces are kept on its first line.
    """
    text = " ".join(text.splitlines())
    if _cells(text) <= width:
        return [text]
    body = text.lstrip(" ")
    lines: list[str] = []
    current, empty = text[: len(text) - len(body)], True  # the line so far; whether it has a word yet
    for word in body.split(" "):
        candidate = current + word if empty else f"{current} {word}"
        if _cells(candidate) <= width or empty:
            current, empty = candidate, False
        else:
            lines.append(current)
            current = indent + word
        while _cells(current) > width:
            cut = _break(current, width, len(indent) if lines else 1)
            lines.append(current[:cut])
            current = indent + current[cut:]
    lines.append(current)
    return lines


def finding_line(finding: Finding) -> str:
    """``file:line: severity [check] message (page)``, one line.

    A finding on an English page itself (a broken link) takes the page's line, and the page is not repeated.
    """
    file, line = place(finding)
    where = f"{file}:{line}" if line else file
    page = f" ({finding.page})" if finding.page and finding.page != where else ""
    return printable(f"{where}: {finding.severity} [{finding.check}] {finding.message}{page}")


# Layouts of the coverage table, the first that fits is used: (heavy borders, bar cells, stacked cells, all columns).
LAYOUTS = (
    (True, 20, False, True),
    (True, 10, False, True),
    (False, 10, False, True),
    (False, 0, False, True),
    (False, 10, True, True),
    (False, 0, True, True),
    (False, 0, True, False),
)


def _pair(first: str, second: str, stacked: bool) -> str:
    return f"{first}\n{second}" if stacked else f"{first} {second}"


def _coverage_table(totals: list[CatalogCoverage], catalogs: Counter, layout: tuple, fold: bool = False) -> Table:
    from rich import box
    from rich.table import Table

    heavy, bar_width, stacked, everything = layout
    title = "Translation coverage: strings (English words)"
    if heavy:
        table = Table(title=title, title_justify="left", box=box.HEAVY_HEAD)
    else:  # columns two spaces apart, a rule under the header, nothing else
        table = Table(
            title=title,
            title_justify="left",
            box=box.SIMPLE_HEAD,
            pad_edge=False,
            show_edge=False,
            collapse_padding=True,
        )
    columns = ["locale", "translated"] + ([""] if bar_width else []) + ["fuzzy", "untranslated"]
    columns += ["obsolete", "words", "catalogs"] if everything else ["words"]
    for column in columns:
        table.add_column(
            column,
            justify="left" if column in ("locale", "") else "right",
            no_wrap=not fold,
            overflow="fold",
        )
    for total in totals:
        row = [
            total.language,
            _pair(f"{percent_text(total.percent)} %", f"{total.translated}/{total.total}", stacked),
        ]
        if bar_width:
            row.append(bar(total.percent, bar_width))
        row += [
            _pair(str(total.fuzzy), f"({total.fuzzy_words})", stacked),
            _pair(str(total.untranslated), f"({total.untranslated_words})", stacked),
        ]
        words = _pair(
            f"{percent_text(total.words_percent)} %", f"{total.translated_words}/{total.total_words}", stacked
        )
        row += [str(total.obsolete), words, str(catalogs[total.language])] if everything else [words]
        table.add_row(*row)
    return table


def _width_of(renderable: RenderableType) -> int:
    """The widest line ``renderable`` takes when it has all the room it wants."""
    import io

    from rich.console import Console

    console = Console(file=io.StringIO(), width=10_000, color_system=None, legacy_windows=False)
    console.print(renderable)
    return max((_cells(line) for line in console.file.getvalue().splitlines()), default=0)


def coverage_table(totals: list[CatalogCoverage], catalogs: Counter, width: int) -> Table:
    """The coverage table in the first layout that fits ``width`` (the last one folds cells to fit)."""
    for layout in LAYOUTS:
        table = _coverage_table(totals, catalogs, layout)
        if _width_of(table) <= width:
            return table
    return _coverage_table(totals, catalogs, LAYOUTS[-1], fold=True)


def _summary_table(findings: list[Finding]) -> Table:
    from rich import box
    from rich.table import Table

    table = Table(title="Findings per check", title_justify="left", box=box.HEAVY_HEAD)
    for column in ("check", "severity", "findings"):
        table.add_column(column, justify="right" if column == "findings" else "left", overflow="fold")
    for key, row in check_table(findings).items():
        table.add_row(key, str(row["severity"]), str(row["findings"]))
    return table


def _print_table(console: Console, table: Table) -> None:
    """A table; off a terminal without the trailing spaces rich pads its lines with."""
    if console.is_terminal:
        console.print(table)
        return
    with console.capture() as captured:
        console.print(table)
    console.file.write("".join(line.rstrip() + "\n" for line in captured.get().splitlines()))


def write_text(outcome: Outcome, stream: TextIO, show: str, verbosity: int = 0) -> None:
    """The report: coverage table, incomplete catalogs, findings, findings per check, the verdict.

    ``verbosity`` -1 (``--quiet``): only the findings that fail the run, the coverage gate and the
    last line. 1 (``--verbose``): every catalog's coverage, not only the incomplete ones.
    """
    from rich.console import Console

    screen = screen_for(stream)
    console = Console(file=stream, width=screen.width, highlight=False, emoji=False, markup=False)
    report = outcome.report
    lines: list[str] = []

    def say(text: str) -> None:
        lines.extend(wrap(printable(text), screen.width))

    def flush() -> None:
        stream.write("".join(line + "\n" for line in lines))
        lines.clear()

    if verbosity >= 0:
        catalogs = Counter(row.language for row in report.coverage)
        _print_table(console, coverage_table(outcome.totals, catalogs, screen.width))
        listed = report.coverage if verbosity > 0 else [r for r in report.coverage if r.percent < 100]
        if listed and (verbosity > 0 or len(listed) <= LISTED_CATALOGS):
            for row in listed:
                say(
                    f"  {row.language} {row.name}: {percent_text(row.percent)} % ({row.translated}/{row.total} "
                    f"strings, {row.fuzzy} fuzzy, {row.untranslated} untranslated)"
                )
        elif listed:
            say(f"  {len(listed)} catalogs are incomplete (--verbose or --format json lists each)")
    if verbosity < 0:
        shown = outcome.failing
    else:
        shown = [f for f in report.findings if severity_rank(f.severity) >= severity_rank(show)]
    # Findings as plain lines written at once: thousands of them through rich took a fifth of a
    # second, and rich would turn a ":name:" in a message into an emoji.
    for finding in shown:
        text = finding_line(finding)
        lines.extend(wrap(text, screen.width) if screen.wrap else [text])
    flush()
    if verbosity >= 0:
        _print_table(console, _summary_table(report.findings))
    for language, percent, minimum in outcome.below:
        say(f"{language}: coverage {percent_text(percent)} % is below the minimum {minimum:g} %")
    failing = len(outcome.failing)
    hidden = len(report.findings) - len(shown)
    least = outcome.fail_on if verbosity < 0 else show
    say(
        f"{len(report.findings)} findings ({failing} at or above {outcome.fail_on}"
        + (f"; {hidden} below {least} not listed" if hidden else "")
        + ("" if not hidden or verbosity < 0 else ", --show info lists them")
        + ")"
    )
    flush()
