"""Arguments several commands share."""

from __future__ import annotations

import argparse
from pathlib import Path


def add_project_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--project",
        type=Path,
        default=Path("."),
        metavar="DIR",
        help="the project folder, holding mkdocs.yml (default: the current folder)",
    )
