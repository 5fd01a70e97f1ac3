"""docloc check [--locale L]... [--format text|json|csv|github|sarif] [--coverage-csv FILE] [--min-coverage PCT] …"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from json.encoder import encode_basestring  # the C function ``json`` writes strings with (``ensure_ascii=False``)
from pathlib import Path
from typing import TYPE_CHECKING

from ..checks import SEVERITIES, Finding
from ..errors import DoclocError, printable_json
from ..project import Project
from ..report.rules import check_table, rules
from .common import (
    BAD_INPUT,
    EXIT_FINDINGS,
    EXIT_OK,
    READ,
    ReportCut,
    Subparsers,
    add_jobs_argument,
    add_project_argument,
    command_parser,
    print_warnings,
)

if TYPE_CHECKING:
    from ..report import Outcome

__all__ = ["FORMATS", "register", "run"]

FORMATS = ("text", "json", "csv", "github", "sarif")

FORMAT_HELP = """\
Formats (--format; every one carries the same findings):
  text    for people: the coverage table, the findings (file:line: severity [check] message (page)), \
findings per check and the verdict; it fits the terminal (see Width below)
  json    everything: coverage per locale and per catalog, the checks, every finding, the gates
  csv     one row per finding: severity, check, file, line (0: none), page, language, msgid, message
  github  GitHub Actions workflow commands: an annotation per finding at the PO file and line (paths from \
the repository root), and one per locale below its minimum coverage
  sarif   SARIF 2.1.0 for code scanning: the checks as rules, a result per finding at the PO file and line, \
the English page as its related location

Coverage as CSV (a row per catalog, then each locale's totals as name '*') is --coverage-csv FILE, beside any \
--format.

Width: the text report fits the terminal; written to a pipe or a file it is laid out for COLUMNS (when set) or \
80 columns. Findings longer than that wrap onto indented lines on a terminal or with COLUMNS set; otherwise each \
finding stays on one line, for tools that read them."""


def register(subparsers: Subparsers) -> None:
    ids = "\n".join(f"  {r.id:16} {r.severity:8} {r.explanation}" for r in rules())
    parser = command_parser(
        subparsers,
        "check",
        help="coverage, QA checks, link targets and source drift",
        description="Report what is translated (strings and English words, counted as pocount counts them), "
        "what is wrong in the translations (Markdown-aware checks), which links of the site do not resolve, and "
        "where a locale was translated from different English.\n\nChecks:\n"
        + ids
        + "\n\nSilence one check on one entry with a translator comment in the PO file:\n"
        "  # docloc-ignore: end-punctuation\n\n"
        + FORMAT_HELP
        + "\n\nConfiguration (the docloc entry in mkdocs.yml): min_coverage (a percentage, or one per language), "
        "fail_on, do_not_translate (terms kept in English), external_base (where links to articles not on the "
        "site go), glossary (a CSV or TBX file of required terms: the terminology check).",
        codes=(
            ("0", "clean: no finding at or above --fail-on, every locale at or above its minimum coverage"),
            ("1", "findings at or above --fail-on, or a locale below its minimum coverage"),
            BAD_INPUT,
        ),
        quiet="text: only the findings that fail the run, the coverage gate and the last line "
        "(other formats are unchanged)",
        verbose="text: every catalog's coverage, and findings down to info unless --show is given",
    )
    parser.add_argument(
        "--locale", action="append", default=[], metavar="L", help="a locale to check (repeatable; default: all)"
    )
    parser.add_argument("--format", choices=FORMATS, default="text", help="the report's format (default: text)")
    parser.add_argument(
        "--coverage-csv",
        type=_csv_file,
        metavar="FILE",
        help="also write the coverage as CSV to FILE: a row per catalog, then each locale's totals (name '*')",
    )
    parser.add_argument(
        "--min-coverage", type=_percent, metavar="PCT", help="fail when a locale has fewer translated strings (percent)"
    )
    parser.add_argument("--fail-on", choices=SEVERITIES, help="the least severity that fails the run (default: error)")
    parser.add_argument(
        "--show",
        choices=SEVERITIES,
        help="the least severity the text report lists (default: warning; info with --verbose)",
    )
    parser.add_argument("--no-links", action="store_true", help="skip the link targets (faster)")
    parser.add_argument(
        "--no-cache",
        action="store_true",
        help="check everything again, neither reading nor writing .docloc/ (by default only catalogs whose "
        "catalog, English page or template changed are read again, and a project in which nothing changed "
        "gets its last report again)",
    )
    add_jobs_argument(parser, "worker processes (default, 0: one per core)")
    add_project_argument(parser, lock=READ)
    parser.set_defaults(run=run)


def _csv_file(value: str) -> Path:
    """A file to write the coverage to: not '-', which would mix it with the report on standard output."""
    if value == "-":
        raise argparse.ArgumentTypeError(
            "'-' is standard output, where the report goes: name a file (e.g. coverage.csv)"
        )
    return Path(value)


def _percent(value: str) -> float:
    """A percentage from 0 to 100 (NaN, which no coverage is below, would never fail the run)."""
    from ..settings import percent_problem

    try:
        number = float(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {value!r}") from None
    if percent_problem(number):
        raise argparse.ArgumentTypeError(f"a percentage from 0 to 100, not {value!r}")
    return number


def _minimum(args: argparse.Namespace, options: dict, language: str) -> float | None:
    if args.min_coverage is not None:
        return args.min_coverage
    value = options.get("min_coverage")
    if isinstance(value, dict):
        value = value.get(language)
    if value is None:
        return None
    from ..settings import percent_problem

    try:
        number = float(value)
    except (TypeError, ValueError):
        raise DoclocError(f"mkdocs.yml: min_coverage must be a number, not {value!r}") from None
    if percent_problem(number):
        raise DoclocError(f"mkdocs.yml: min_coverage must be a percentage from 0 to 100, not {value!r}")
    return number


def run(args: argparse.Namespace) -> int:
    project = Project.open(args.project)
    recording = None
    if not args.no_cache and args.coverage_csv is None and hasattr(args, "argv"):
        from .replay import Recording

        folders, files = project.check_inputs()
        # For the next run, if nothing changes.
        recording = Recording(args.project, args.argv, folders, files, getattr(args, "inputs_seen", None))
    code = None
    try:
        code = _report(args, project)
    finally:
        if recording is not None:
            recording.finish(code)
    return code


def _report(args: argparse.Namespace, project: Project) -> int:
    """Check, print the report, and say whether the run passed."""
    from ..checks.coverage import add_up
    from ..checks.run import check_project
    from ..locales import gettext_language
    from ..report import Outcome

    print_warnings(project)
    if args.coverage_csv is not None and (folder := project.own_folder_of(args.coverage_csv)) is not None:
        raise DoclocError(  # check holds the project only to read: a page or catalog there would be replaced unseen
            f"--coverage-csv {args.coverage_csv}: the coverage would be written into the project's {folder}/ "
            "folder, among (or over) the project's own files; write it outside docs/, locales/ and docloc's folders"
        )
    languages = [gettext_language(loc) for loc in args.locale] or project.catalog_languages()
    for language in languages:
        if not project.catalog_dir(language).is_dir() and language not in project.config.languages:
            folder = project.relative(project.catalog_dir(language))
            have = ", ".join(project.catalog_languages()) or "none yet"
            raise DoclocError(f"no catalogs for {language} ({folder}/ does not exist); the project has: {have}")
    options = project.config.options
    fail_on = args.fail_on or str(options.get("fail_on", "error"))
    if fail_on not in SEVERITIES:
        raise DoclocError(f"mkdocs.yml: fail_on must be one of {', '.join(SEVERITIES)}, not {fail_on!r}")
    report = check_project(project, languages, links=not args.no_links, jobs=args.jobs, cache=not args.no_cache)
    totals = [add_up([r for r in report.coverage if r.language == lang], lang, "*") for lang in languages]
    below = [
        (t.language, t.percent, minimum)
        for t in totals
        if (minimum := _minimum(args, options, t.language)) is not None and t.percent < minimum
    ]
    outcome = Outcome(report, totals, below, fail_on, project.root, project.config.source_language)
    if args.coverage_csv is not None:
        _write_coverage_csv(args.coverage_csv, outcome)
    code = EXIT_OK if outcome.passed else EXIT_FINDINGS
    try:
        _print(outcome, args)
    except BrokenPipeError as error:
        raise ReportCut(code) from error
    return code


def _write_coverage_csv(path: Path, outcome: Outcome) -> None:
    import io

    from ..fileio import write_text_atomic
    from ..report.csvs import write_coverage

    text = io.StringIO()
    write_coverage(text, outcome.report.coverage + outcome.totals)
    write_text_atomic(path, text.getvalue())


def _print(outcome: Outcome, args: argparse.Namespace) -> None:
    """The report on standard output, in the chosen format."""
    if args.format == "json":
        print(printable_json(_printable(_json_lines(_json(outcome)))))
    elif args.format == "csv":
        from ..report.csvs import write_findings

        write_findings(sys.stdout, outcome.findings)
    elif args.format == "github":
        from ..report.github import workflow_commands

        sys.stdout.write("".join(line + "\n" for line in workflow_commands(outcome)))
    elif args.format == "sarif":
        from ..report.sarif import sarif_log

        print(printable_json(_printable(json.dumps(sarif_log(outcome), ensure_ascii=False, indent=1))))
    else:
        from ..report.terminal import write_text

        verbosity = getattr(args, "verbosity", 0)
        show = args.show or ("info" if verbosity > 0 else "warning")
        write_text(outcome, sys.stdout, show, verbosity)


def _printable(text: str) -> str:
    """Text safe to print: bytes a catalog held that are not UTF-8 (msgfmt accepts "\\377") shown as escapes."""
    try:
        text.encode("utf-8")  # nearly always: no such byte (a check that costs half of the escaping's two passes)
    except UnicodeEncodeError:
        return text.encode("utf-8", "backslashreplace").decode("utf-8")
    return text


def _json_lines(report: dict) -> str:
    """The JSON report with one line per key and per item of its lists: a finding or a catalog per line
    (easy to grep and to diff), written by the json module's C encoder (``indent`` would use its Python one);
    a ``Finding`` is written as its ``as_dict()`` (``_finding_texts``). Joined once: the report of a large
    project is megabytes, and each copy of it costs a fresh process a millisecond or more."""

    encode = json.JSONEncoder(ensure_ascii=False).encode  # one encoder: ``json.dumps`` with options makes one a call
    pieces = ["{\n"]
    for index, (key, item) in enumerate(report.items()):
        pieces += [",\n " if index else " ", json.dumps(key), ": "]
        if isinstance(item, list) and item:
            texts = _finding_texts(item, encode) if type(item[0]) is Finding else [encode(x) for x in item]
            separated = [",\n  "] * (2 * len(texts))  # each item after its separator, the first's "[" instead
            separated[0], separated[1::2] = "[\n  ", texts
            pieces += separated
            pieces.append("\n ]")
        else:
            pieces.append(encode(item))
    pieces.append("\n}")
    return "".join(pieces)


def _finding_texts(findings: list[Finding], encode: Callable[[object], str]) -> list[str]:
    """``encode(finding.as_dict())`` of each finding, its fields written by the C function the encoder writes
    strings with: a report holds thousands of findings, and a dict and an encoder's call for each took twice
    as long. A field of another type than the usual (``str``, an ``int`` line) is left to ``encode``."""
    text = encode_basestring
    texts = []
    for f in findings:
        line = f.line
        try:
            if type(line) is not int:
                raise TypeError(line)
            texts.append(
                f'{{"check": {text(f.check)}, "severity": {text(f.severity)}, "message": {text(f.message)}, '
                f'"file": {text(f.file)}, "line": {line}, "page": {text(f.page)}, "language": {text(f.language)}, '
                f'"msgid": {text(f.msgid)}}}'
            )
        except TypeError:  # (``encode_basestring`` takes only strings)
            texts.append(encode(f.as_dict()))
    return texts


def _json(outcome: Outcome) -> dict:
    report = outcome.report
    return {
        "locales": [t.as_dict() for t in outcome.totals],
        "catalogs": [r.as_dict() for r in report.coverage],
        "checks": check_table(report.findings),
        "findings": list(report.findings),  # written as their ``as_dict()`` by ``_json_lines``
        "below_minimum": [{"language": lang, "percent": round(p, 2), "minimum": m} for lang, p, m in outcome.below],
        "fail_on": outcome.fail_on,
    }
