"""What every command shares: --project, -q/-v, --wait, the help's layout, its exit codes, and the project
lock every command takes (see ``docloc.lock``)."""

from __future__ import annotations

import argparse
import contextlib
import re
import sys
import textwrap
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, Protocol

from ..errors import printable
from ..project import CONFIG_FILE, DOCS_DIR, HANDOFF_DIR, LOCALES_DIR, STATE_DIR, Project

EXIT_OK, EXIT_FINDINGS, EXIT_USAGE, EXIT_INTERNAL, EXIT_INTERRUPTED = 0, 1, 2, 3, 130


class ReportCut(Exception):
    """The reader of a finished check's report left early (``docloc check | head``): the run ends with its
    verdict (``code``), not with the success a cut report would claim, and is not recorded for a replay."""

    def __init__(self, code: int) -> None:
        super().__init__(code)
        self.code = code


# The options every parser takes, top level and each command: not listed per command in the README.
GLOBAL_OPTIONS = frozenset({"-h", "--help", "-q", "--quiet", "-v", "--verbose", "--wait"})

# How a command uses its project: READ takes the lock shared, WRITE exclusively, CREATE
# exclusively after creating the project folder; None takes no lock.
READ, WRITE, CREATE = "read", "write", "create"
LockMode = str | None | Callable[[argparse.Namespace], str | None]
# The folders of a project docloc writes, where a writer removes what killed runs left.
WRITTEN_FOLDERS = (DOCS_DIR, LOCALES_DIR, STATE_DIR, HANDOFF_DIR)


def add_project_argument(parser: argparse.ArgumentParser, lock: LockMode = WRITE) -> None:
    """--project, and how the command locks that project (see ``held_lock``)."""
    parser.add_argument(
        "--project",
        type=Path,
        default=Path("."),
        metavar="DIR",
        help="the project folder, holding mkdocs.yml (default: the current folder)",
    )
    parser.set_defaults(lock=lock, lock_root="project")


def jobs_count(text: str) -> int:
    """``-j/--jobs N`` as every command reads it: a whole number of processes, 0 for one per core."""
    try:
        value = int(text)
    except ValueError:
        value = -1
    if value < 0:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number of processes (0: one per core)")
    return value


def add_jobs_argument(parser: argparse.ArgumentParser, help: str) -> None:
    """``-j/--jobs N``, validated the same way by every command that takes it (``jobs``: 0 when not given)."""
    parser.add_argument("--jobs", "-j", type=jobs_count, default=0, metavar="N", help=help)


def add_wait(parser: argparse.ArgumentParser, top_level: bool = False) -> None:
    """--wait SECONDS, before or after the command, as -q/-v are (``wait``: None when not given)."""
    parser.add_argument(
        "--wait",
        type=float,
        metavar="SECONDS",
        default=None if top_level else argparse.SUPPRESS,
        help="how long to wait while another docloc command uses the project (default: $DOCLOC_LOCK_WAIT, "
        "else 120; 0: not at all), then exit 2 naming it",
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


class Parser(argparse.ArgumentParser):
    """argparse's parser whose errors name the closest command, choice or option to a misspelt one, as git does
    ('docloc biuld': did you mean 'build'?); the commands' parsers are of this class too (argparse's default)."""

    def error(self, message: str) -> Any:
        return super().error(message + _did_you_mean(self, message))


_INVALID_CHOICE = re.compile(r"invalid choice: (?P<q>['\"])(?P<word>.*?)(?P=q)")
_UNRECOGNIZED = re.compile(r"unrecognized arguments: (?P<word>-[^\s=]+)")


def _did_you_mean(parser: argparse.ArgumentParser, message: str) -> str:
    """'; did you mean …?' for the first word ``message`` refuses, when one of the parser's choices or options is
    close to it; nothing otherwise."""
    import difflib  # only on an error: a run's start-up stays as small as it is

    if (match := _INVALID_CHOICE.search(message)) and "meant" not in message:  # (Python 3.14 may suggest itself)
        known = [str(choice) for action in parser._actions for choice in action.choices or ()]
    elif match := _UNRECOGNIZED.search(message):
        known = [option for action in parser._actions for option in action.option_strings if option.startswith("--")]
    else:
        return ""
    close = difflib.get_close_matches(match["word"], known, n=1, cutoff=0.6)
    return f"; did you mean '{close[0]}'?" if close else ""


_COLUMN_GAP = re.compile(r"(?<=\S)\s{2,}(?=\S)")


def _hanging(line: str, width: int) -> str:
    """A line wrapped to ``width``, continuation lines aligned under its last column (or its indent)."""
    if len(line) <= width:
        return line
    starts = [gap.end() for gap in _COLUMN_GAP.finditer(line, 0, width // 2)]
    lead = starts[-1] if starts else len(line) - len(line.lstrip()) + 2
    return textwrap.fill(line, width, subsequent_indent=" " * lead, break_on_hyphens=False)


class Subparsers(Protocol):
    """What ``ArgumentParser.add_subparsers()`` returns, as the commands use it (its class is argparse's own)."""

    def add_parser(self, name: str, **kwargs: Any) -> argparse.ArgumentParser: ...


def command_parser(
    subparsers: Subparsers,
    name: str,
    *,
    help: str,  # noqa: A002 - argparse's own name
    description: str,
    codes: tuple[tuple[str, str], ...],
    quiet: str,
    verbose: str,
) -> argparse.ArgumentParser:
    """A command's parser with the shared help layout, -q/-v (with what they mean here), --wait and its exit codes."""
    parser = subparsers.add_parser(
        name, help=help, description=description, epilog=exit_codes(*codes), formatter_class=HelpFormatter
    )
    add_verbosity(parser, quiet, verbose)
    add_wait(parser)
    parser.set_defaults(command_parser=parser)  # unknown arguments are reported with this command's usage
    return parser


def held_lock(args: argparse.Namespace) -> contextlib.AbstractContextManager:
    """The project lock the command in ``args`` takes, as a context manager (nothing for --help)."""
    mode = getattr(args, "lock", None)
    if callable(mode):
        mode = mode(args)
    if mode is None:
        return contextlib.nullcontext()
    root: Path = getattr(args, args.lock_root)
    return _locked(root, args.command, mode, getattr(args, "wait", None))


@contextlib.contextmanager
def _locked(root: Path, command: str, mode: str, wait: float | None) -> Iterator[None]:
    from ..lock import LOCK_FILE, STATE_DIR, ProjectLock, wait_seconds

    seconds = wait_seconds(wait)
    created = []  # the folders made here, the project's first, removed again if the command wrote nothing
    if mode == CREATE:
        folder = root
        while not folder.exists() and folder != folder.parent:
            created.append(folder)
            folder = folder.parent
        root.mkdir(parents=True, exist_ok=True)
    fresh_state = not (root / STATE_DIR).exists()  # the lock's folder is made here (a new project, or no project)
    try:
        with ProjectLock(root, command, mode != READ, seconds):
            if mode != READ:  # no other docloc writer is running: what a killed one left can go
                from ..atomic import remove_leftovers

                removed = remove_leftovers([root], recursive=False)
                removed += remove_leftovers(root / folder for folder in WRITTEN_FOLDERS)
                if removed:
                    print(f"docloc: removed {len(removed)} temporary files an interrupted run left", file=sys.stderr)
            yield
    finally:
        with contextlib.suppress(OSError):
            if (
                fresh_state
                and not (root / CONFIG_FILE).is_file()
                and {p.name for p in (root / STATE_DIR).iterdir()} == {"lock"}
                and not (root / LOCK_FILE).stat().st_size
            ):  # a folder that is no project (a command refused it, an import that imported nothing): no lock left
                (root / LOCK_FILE).unlink()
                (root / STATE_DIR).rmdir()
            if created and not any(root.iterdir()):
                for made in created:  # the command wrote nothing: no project folder either
                    made.rmdir()


def open_project(root: Path) -> Project:
    """The project at ``root``; the options of its docloc entry that docloc does not know are warned about
    (``docloc build`` leaves that to MkDocs, which says the same)."""
    project = Project.open(root)
    print_warnings(project)
    return project


def print_warnings(project: Project) -> None:
    """The configuration's warnings, on standard error."""
    for warning in project.config.warnings:
        print(f"warning: {warning}", file=sys.stderr)


def counted(count: int, noun: str, plural: str | None = None) -> str:
    """``count`` and its noun, singular for one ("1 page", "2 pages"; ``plural`` where adding "s" is wrong)."""
    return f"{count} {noun if count == 1 else plural or noun + 's'}"


def say(text: str, *, error: bool = False) -> None:
    """Print a line made of what files bring (a name, a quotation) as it reads (``errors.printable``): on stderr
    with ``error``."""
    print(printable(text), file=sys.stderr if error else sys.stdout)
