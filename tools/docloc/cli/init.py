"""docloc init DIR"""

from __future__ import annotations

import argparse
from pathlib import Path

from .common import WRITE, add_wait_argument


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "init",
        help="create a new project",
        description="Create a project skeleton: mkdocs.yml with the i18n plugin and docloc's settings, "
        "docs/<source language>/ and locales/. Existing files are left alone.",
    )
    parser.add_argument("directory", type=Path, metavar="DIR")
    parser.add_argument(
        "--languages",
        default="en,cs,pl",
        metavar="LIST",
        help="comma-separated languages, the source language first (default: en,cs,pl)",
    )
    add_wait_argument(parser)
    # A folder that does not exist yet has no other writer; in an existing one, init writes beside others.
    parser.set_defaults(run=run, lock=lambda args: WRITE if args.directory.is_dir() else None, lock_root="directory")


def run(args: argparse.Namespace) -> int:
    from ..project import init_project

    written = init_project(args.directory, args.languages.split(","))
    for path in written:
        print(f"created {path}")
    print(f"project ready in {args.directory}" if written else f"{args.directory} already holds a project")
    return 0
