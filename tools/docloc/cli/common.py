"""What every command shares: --project, -q/-v, the help's layout and its exit codes."""

from __future__ import annotations

import argparse
import re
import textwrap
from pathlib import Path

EXIT_OK, EXIT_FINDINGS, EXIT_USAGE, EXIT_INTERNAL, EXIT_INTERRUPTED = 0, 1, 2, 3, 130

# The options every parser takes, top level and each command: not listed per command in the README.
GLOBAL_OPTIONS = frozenset({"-h", "--help", "-q", "--quiet", "-v", "--verbose"})


def add_project_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--project",
        type=Path,
        default=Path("."),
        metavar="DIR",
        help="the project folder, holding mkdocs.yml (default: the current folder)",
    )


def add_verbosity(
    parser: argparse.ArgumentParser,
    quiet: str = "only errors and the final summary",
    verbose: str = "per-file detail",
    top_level: bool = False,
) -> None:
    """-q/--quiet and -v/--verbose, as ``verbosity`` -1, 0 or 1.

    Both are accepted before the command (``docloc -q check``) and after it (``docloc check -q``):
    a command's parser leaves ``verbosity`` unset unless it is given there (``SUPPRESS``), so it
    does not overwrite the value the top-level parser read.
    """
    default = 0 if top_level else argparse.SUPPRESS
    group = parser.add_mutually_exclusive_group()
    group.add_argument("-q", "--quiet", dest="verbosity", action="store_const", const=-1, default=default, help=quiet)
    group.add_argument(
        "-v", "--verbose", dest="verbosity", action="store_const", const=1, default=default, help=verbose
    )


INTERNAL = ("3", "an internal error in docloc: please report it (DOCLOC_DEBUG=1 shows the traceback)")
INTERRUPTED = ("130", "interrupted (Ctrl-C); files already written are complete")


def exit_codes(*codes: tuple[str, str]) -> str:
    """The epilog of a command's help: its exit codes, then 3 and 130, which every command has."""
    rows = [*codes, INTERNAL, INTERRUPTED]
    return "exit codes:\n" + "\n".join(f"  {code:<5}{meaning}" for code, meaning in rows)


BAD_INPUT = ("2", "bad input or usage: the message names the file and line, or the option")


class HelpFormatter(argparse.HelpFormatter):
    """Paragraphs wrapped to the terminal; indented lines (lists, tables, exit codes) kept as lines.

    A kept line that is too wide wraps with a hanging indent under its last column, so the
    check list and the exit codes stay readable in 80 columns.
    """

    def _fill_text(self, text: str, width: int, indent: str) -> str:
        blocks = []
        for block in text.split("\n\n"):
            lines = block.splitlines()
            if any(line.startswith("  ") for line in lines):
                blocks.append("\n".join(_hanging(indent + line, width) for line in lines))
            else:
                blocks.append(super()._fill_text(block, width, indent))
        return "\n\n".join(blocks)


_COLUMN_GAP = re.compile(r"(?<=\S)\s{2,}(?=\S)")


def _hanging(line: str, width: int) -> str:
    """A line wrapped to ``width``, continuation lines aligned under its last column (or its indent)."""
    if len(line) <= width:
        return line
    starts = [gap.end() for gap in _COLUMN_GAP.finditer(line, 0, width // 2)]
    lead = starts[-1] if starts else len(line) - len(line.lstrip()) + 2
    return textwrap.fill(line, width, subsequent_indent=" " * lead, break_on_hyphens=False)


def command_parser(
    subparsers: argparse._SubParsersAction,
    name: str,
    *,
    help: str,  # noqa: A002 - argparse's own name
    description: str,
    codes: tuple[tuple[str, str], ...],
    quiet: str,
    verbose: str,
) -> argparse.ArgumentParser:
    """A command's parser with the shared help layout, -q/-v (with what they mean here) and its exit codes."""
    parser = subparsers.add_parser(
        name, help=help, description=description, epilog=exit_codes(*codes), formatter_class=HelpFormatter
    )
    add_verbosity(parser, quiet, verbose)
    return parser
