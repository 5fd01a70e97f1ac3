"""docloc check [--locale L]... [--format text|json|csv] [--min-coverage PCT] [--fail-on SEVERITY]"""

from __future__ import annotations

import argparse
import csv
import json
import sys
from collections import Counter
from typing import TYPE_CHECKING

from ..checks import CHECKS, SEVERITIES, severity_rank
from ..checks.drift import CHECK_ID as DRIFT_ID
from ..checks.links import CHECK_ID as LINK_ID
from ..checks.plural_forms import CHECK_ID as PLURAL_FORMS_ID
from ..errors import DoclocError
from . import EXIT_FINDINGS, EXIT_OK
from .common import add_project_argument

if TYPE_CHECKING:
    from ..checks.coverage import CatalogCoverage
    from ..checks.run import CheckReport

EXTRA_CHECKS = {
    LINK_ID: ("error", "Links, anchors and images of every page resolve (or map to the external base)"),
    DRIFT_ID: ("warning", "The locale was translated from English that differs from the page's"),
    PLURAL_FORMS_ID: ("warning", "The catalog's Plural-Forms means the same rule as its language's (CLDR)"),
}


def register(subparsers: argparse._SubParsersAction) -> None:
    ids = "\n".join(f"  {c.id:16} {c.severity:8} {c.explanation}" for c in CHECKS.values())
    ids += "\n" + "\n".join(f"  {k:16} {s:8} {e}" for k, (s, e) in EXTRA_CHECKS.items())
    parser = subparsers.add_parser(
        "check",
        help="coverage, QA checks, link targets and source drift",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        description="Report what is translated (strings and English words, counted as pocount counts them), "
        "what is wrong in the translations (Markdown-aware checks), which links of the site do not resolve, and "
        "where a locale was translated from different English.\n\nChecks:\n"
        + ids
        + "\n\nSilence one check on one entry with a translator comment in the PO file:\n"
        "  # docloc-ignore: end-punctuation\n\n"
        "Configuration (the docloc entry in mkdocs.yml): min_coverage (a number, or one per language), "
        "fail_on, do_not_translate (terms kept in English), external_base.\n"
        "Exit codes: 0 clean, 1 findings at or above --fail-on or coverage below the minimum, 2 unusable input.",
    )
    parser.add_argument(
        "--locale", action="append", default=[], metavar="L", help="a locale to check (repeatable; default: all)"
    )
    parser.add_argument("--format", choices=("text", "json", "csv"), default="text", help="default: text")
    parser.add_argument(
        "--min-coverage", type=float, metavar="PCT", help="fail when a locale has fewer translated strings (percent)"
    )
    parser.add_argument("--fail-on", choices=SEVERITIES, help="the least severity that fails the run (default: error)")
    parser.add_argument(
        "--show", choices=SEVERITIES, default="warning", help="the least severity listed in text output"
    )
    parser.add_argument("--no-links", action="store_true", help="skip the link targets (faster)")
    parser.add_argument("--jobs", "-j", type=int, default=0, metavar="N", help="worker processes (default: cores)")
    add_project_argument(parser)
    parser.set_defaults(run=run)


def _minimum(args: argparse.Namespace, options: dict, language: str) -> float | None:
    if args.min_coverage is not None:
        return args.min_coverage
    value = options.get("min_coverage")
    if isinstance(value, dict):
        value = value.get(language)
    if value is None:
        return None
    try:
        return float(value)
    except (TypeError, ValueError):
        raise DoclocError(f"mkdocs.yml: min_coverage must be a number, not {value!r}") from None


def run(args: argparse.Namespace) -> int:
    from ..checks.coverage import add_up
    from ..checks.run import check_project
    from ..locales import gettext_language
    from ..project import Project

    project = Project.open(args.project)
    languages = [gettext_language(loc) for loc in args.locale] or project.catalog_languages()
    for language in languages:
        if (
            not (project.root / "locales" / language / "LC_MESSAGES").is_dir()
            and language not in project.config.languages
        ):
            raise DoclocError(f"no catalogs for {language} (locales/{language}/LC_MESSAGES/ does not exist)")
    options = project.config.options
    fail_on = args.fail_on or str(options.get("fail_on", "error"))
    if fail_on not in SEVERITIES:
        raise DoclocError(f"mkdocs.yml: fail_on must be one of {', '.join(SEVERITIES)}, not {fail_on!r}")
    report = check_project(project, languages, links=not args.no_links, jobs=args.jobs)
    totals = [add_up([r for r in report.coverage if r.language == lang], lang, "*") for lang in languages]
    below = [
        (t.language, t.percent, minimum)
        for t in totals
        if (minimum := _minimum(args, options, t.language)) is not None and t.percent < minimum
    ]
    failing = [f for f in report.findings if severity_rank(f.severity) >= severity_rank(fail_on)]
    if args.format == "json":
        print(_printable(json.dumps(_json(report, totals, below, fail_on), ensure_ascii=False, indent=1)))
    elif args.format == "csv":
        _csv(report.coverage + totals)
    else:
        _text(report, totals, below, fail_on, args.show)
    return EXIT_FINDINGS if failing or below else EXIT_OK


def _printable(text: str) -> str:
    """Text safe to print: bytes a catalog held that are not UTF-8 (msgfmt accepts "\\377") shown as escapes."""
    return text.encode("utf-8", "backslashreplace").decode("utf-8")


def _check_table(report: CheckReport) -> dict[str, dict[str, object]]:
    counts = Counter(f.check for f in report.findings)
    table = {c.id: {"severity": c.severity, "explanation": c.explanation} for c in CHECKS.values()}
    table |= {k: {"severity": s, "explanation": e} for k, (s, e) in EXTRA_CHECKS.items()}
    for key in table:
        table[key]["findings"] = counts.get(key, 0)
    return table


def _json(report: CheckReport, totals: list[CatalogCoverage], below: list, fail_on: str) -> dict:
    return {
        "locales": [t.as_dict() for t in totals],
        "catalogs": [r.as_dict() for r in report.coverage],
        "checks": _check_table(report),
        "findings": [f.as_dict() for f in report.findings],
        "below_minimum": [{"language": lang, "percent": round(p, 2), "minimum": m} for lang, p, m in below],
        "fail_on": fail_on,
    }


def _csv(rows: list[CatalogCoverage]) -> None:
    fields = list(rows[0].as_dict()) if rows else ["language", "name"]
    writer = csv.DictWriter(sys.stdout, fieldnames=fields, lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow(row.as_dict())


def _bar(percent: float, width: int = 20) -> str:
    filled = round(percent / 100 * width)
    return "█" * filled + "░" * (width - filled)


def _text(report: CheckReport, totals: list[CatalogCoverage], below: list, fail_on: str, show: str) -> None:
    from rich.console import Console
    from rich.table import Table

    console = Console(highlight=False, soft_wrap=True, width=None if sys.stdout.isatty() else 120)
    table = Table(title="Translation coverage: strings (English words)", title_justify="left")
    for column in ("locale", "translated", "", "fuzzy", "untranslated", "obsolete", "words", "catalogs"):
        table.add_column(column, justify="left" if column in ("locale", "") else "right", no_wrap=True)
    for total in totals:
        catalogs = sum(1 for r in report.coverage if r.language == total.language)
        table.add_row(
            total.language,
            f"{total.percent:5.1f} %  {total.translated}/{total.total}",
            _bar(total.percent),
            f"{total.fuzzy} ({total.fuzzy_words})",
            f"{total.untranslated} ({total.untranslated_words})",
            str(total.obsolete),
            f"{total.words_percent:5.1f} %  {total.translated_words}/{total.total_words}",
            str(catalogs),
        )
    console.print(table)
    incomplete = [r for r in report.coverage if r.percent < 100]
    if incomplete and len(incomplete) <= 40:
        for row in incomplete:
            console.print(
                f"  {row.language} {row.name}: {row.percent:.1f} % ({row.translated}/{row.total} strings, "
                f"{row.fuzzy} fuzzy, {row.untranslated} untranslated)"
            )
    elif incomplete:
        console.print(f"  {len(incomplete)} catalogs are incomplete (--format json lists each)")
    shown = [f for f in report.findings if severity_rank(f.severity) >= severity_rank(show)]
    # Findings as plain lines, written at once: thousands of them through rich took a fifth of a second,
    # and rich would turn a ":name:" in a message into an emoji.
    lines = []
    for finding in shown:
        where = f"{finding.file}:{finding.line}" if finding.line else finding.file
        page = f" ({finding.page})" if finding.page else ""
        lines.append(f"{where}: {finding.severity} [{finding.check}] {finding.message}{page}\n")
    console.file.write(_printable("".join(lines)))
    counts = _check_table(report)
    summary = Table(title="Findings per check", title_justify="left")
    for column in ("check", "severity", "findings"):
        summary.add_column(column, justify="right" if column == "findings" else "left")
    for key, row in counts.items():
        summary.add_row(key, str(row["severity"]), str(row["findings"]))
    console.print(summary)
    for language, percent, minimum in below:
        console.print(f"{language}: coverage {percent:.1f} % is below the minimum {minimum:g} %")
    failing = sum(1 for f in report.findings if severity_rank(f.severity) >= severity_rank(fail_on))
    hidden = len(report.findings) - len(shown)
    console.print(
        f"{len(report.findings)} findings ({failing} at or above {fail_on}"
        + (f"; {hidden} below {show} not listed, --show info lists them" if hidden else "")
        + ")"
    )
