"""The ``docloc`` command. Each subcommand is a module here with ``register(subparsers)``;
the modules only parse arguments, call the library and print."""

from __future__ import annotations

import gc
import os
import sys

TYPE_CHECKING = False  # not ``typing.TYPE_CHECKING``: importing typing costs a replayed check a tenth of its time
if TYPE_CHECKING:
    import argparse

__all__ = ["build_parser", "console_main", "main"]

# In the order `docloc --help` lists them; a module that is not there yet is skipped.
COMMANDS = ("init", "import_", "extract", "update", "export", "check", "build")


def build_parser(argv: list[str] | None = None) -> argparse.ArgumentParser:
    """The parser; given the command line, only the command it names is registered.

    Registering a command imports its module, and ``check``'s lists every check in its help;
    a run of ``docloc extract`` need not load the checks. Without a known command (``docloc
    --help``, a typo) every command is registered, so help and errors name them all.
    """
    # Imported here, not above: a replayed ``docloc check`` (``replay``) imports nothing more.
    import importlib

    from .. import __version__
    from .common import BAD_INPUT, HelpFormatter, Parser, add_verbosity, add_wait, exit_codes

    named = next((a for a in argv or () if not a.startswith("-")), None)
    wanted = [m for m in COMMANDS if m.rstrip("_") == named] or list(COMMANDS)
    parser = Parser(
        prog="docloc",
        description="Documentation localization for Microsoft side-by-side Markdown: "
        "import bilingual articles into gettext catalogs, keep them in step, check them, publish them.",
        epilog=exit_codes(("0", "done"), ("1", "docloc check: findings or coverage that fail the run"), BAD_INPUT)
        + "\n\n'docloc COMMAND --help' says what each command does, takes and returns.",
        formatter_class=HelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"docloc {__version__}")
    add_verbosity(
        parser,
        "less output: only errors and the final summary (also after the command)",
        "more output: per-file detail (also after the command)",
        top_level=True,
    )
    add_wait(parser, top_level=True)
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in wanted:
        try:
            module = importlib.import_module(f".{name}", __name__)
        except ModuleNotFoundError as error:
            if error.name != f"{__name__}.{name}":
                raise
            continue
        module.register(subparsers)
    return parser


def console_main() -> None:
    """The installed command and ``python -m docloc``: run, flush, and leave at once.

    Tearing down the interpreter after a large run (freeing every catalog entry one by one)
    costs a tenth of a second and buys nothing: files are already written and closed.
    """
    gc.set_threshold(100_000, 50, 100)  # fewer collections: runs allocate many small, acyclic objects
    code = main()
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    finally:
        os._exit(code)


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    from .replay import replayed

    seen: dict = {}  # what the replay saw of the inputs, for the run's own record (``replay.Recording``)
    code = replayed(argv, seen)  # a check of a project that did not change since its last report: that report
    if code is not None:
        return code
    from ..errors import DoclocError, printable
    from .common import EXIT_INTERNAL, EXIT_INTERRUPTED, EXIT_OK, EXIT_USAGE, ReportCut, held_lock

    parser = build_parser(argv)
    args, unknown = parser.parse_known_args(argv)
    if unknown:  # argparse would name them with the top-level usage; the command's usage is the one to read
        getattr(args, "command_parser", parser).error(f"unrecognized arguments: {' '.join(unknown)}")
    args.argv = argv  # what ``docloc check`` records its report under (``replay``)
    args.inputs_seen = seen
    if not getattr(args, "run", None):
        parser.print_help()
        return EXIT_USAGE
    try:
        with held_lock(args):
            return args.run(args)
    except DoclocError as error:
        print(f"docloc: {error}" if not error.file else str(error), file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        print("docloc: interrupted; files already written are complete, nothing is half-written", file=sys.stderr)
        return EXIT_INTERRUPTED
    except ReportCut as cut:
        return cut.code
    except BrokenPipeError:
        return EXIT_OK
    except OSError as error:  # a file that cannot be read or written: the user's to fix, not a bug
        message = error.strerror or str(error)
        text = f"{error.filename}: {message}" if error.filename else f"docloc: {message}"
        print(printable(text), file=sys.stderr)
        return EXIT_USAGE
    except Exception as error:  # a bug in docloc, not in the input: say so without a wall of traceback
        if os.environ.get("DOCLOC_DEBUG"):
            raise
        print(
            f"docloc: internal error: {type(error).__name__}: {error}\n"
            "Please report it; set DOCLOC_DEBUG=1 to see the traceback.",
            file=sys.stderr,
        )
        return EXIT_INTERNAL
