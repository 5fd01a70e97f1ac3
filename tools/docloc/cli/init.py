"""docloc init DIR [--languages LIST]"""

from __future__ import annotations

import argparse
from pathlib import Path

from .common import BAD_INPUT, WRITE, command_parser


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = command_parser(
        subparsers,
        "init",
        help="create a new project",
        description="Create a project skeleton: mkdocs.yml with the i18n plugin and docloc's settings, "
        "docs/<source language>/ and locales/. Existing files are left alone. (The project is DIR: "
        "init takes no --project.)",
        codes=(("0", "the project is ready (created, or already there)"), BAD_INPUT),
        quiet="only the final line, not each file created",
        verbose="also the languages set up",
    )
    parser.add_argument("directory", type=Path, metavar="DIR", help="the project folder to create or complete")
    parser.add_argument(
        "--languages",
        default="en,cs,pl",
        metavar="LIST",
        help="comma-separated languages, the source language first (default: en,cs,pl)",
    )
    # A folder that does not exist yet has no other writer; in an existing one, init writes beside others.
    parser.set_defaults(run=run, lock=lambda args: WRITE if args.directory.is_dir() else None, lock_root="directory")


def run(args: argparse.Namespace) -> int:
    from ..project import init_project

    written = init_project(args.directory, args.languages.split(","))
    verbosity = getattr(args, "verbosity", 0)
    if verbosity > 0:
        source, *targets = [lang.strip() for lang in args.languages.split(",") if lang.strip()]
        print(f"languages: {source} (source), {', '.join(targets) or 'no others yet'}")
    if verbosity >= 0:
        for path in written:
            print(f"created {path}")
    print(f"project ready in {args.directory}" if written else f"{args.directory} already holds a project")
    return 0
