"""docloc build [--project DIR] [--site-dir DIR] [--strict]"""

from __future__ import annotations

import argparse
import os
import time
from pathlib import Path
from typing import TYPE_CHECKING

from .common import add_project_argument

if TYPE_CHECKING:
    from ..project import Project


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "build",
        help="build the multilingual site",
        description="Build the MkDocs site of every language into site/: English from docs/en/, the other languages "
        "rendered from the catalogs (fuzzy or missing translations fall back to the English sentence; a page below "
        "the coverage threshold is published in English with a banner). Stops, naming the PO entry, when a "
        "translation adds HTML or a script its English does not have.",
    )
    add_project_argument(parser)
    parser.add_argument("--site-dir", type=Path, metavar="DIR", help="where to write the site (default: DIR/site)")
    parser.add_argument("--strict", action="store_true", help="treat MkDocs warnings as errors")
    parser.set_defaults(run=run)


def check_catalogs(project: Project) -> None:
    """Read every catalog and template before MkDocs starts: one msgfmt refuses stops the build before
    MkDocs cleans the site folder, so a refused build leaves the previous site as it was."""
    from ..catalog.po import read_catalog

    folder = project.root / "locales"
    for path in sorted(folder.rglob("*.po")) + sorted(folder.rglob("*.pot")):
        read_catalog(path, project.relative(path))


def run(args: argparse.Namespace) -> int:
    import logging

    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import Abort, ConfigurationError, PluginError

    from ..errors import DoclocError
    from ..project import CONFIG_FILE, Project

    project = Project.open(args.project)
    check_catalogs(project)
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    logging.basicConfig(format="%(levelname)s: %(message)s", level=logging.WARNING)
    site_dir = (args.site_dir or project.root / "site").resolve()
    started = time.perf_counter()
    try:
        config = load_config(str(project.root / CONFIG_FILE), site_dir=str(site_dir), strict=args.strict)
        build(config)
    except PluginError as error:
        located = getattr(error, "error", None)
        raise (located if isinstance(located, DoclocError) else DoclocError(str(error))) from None
    except (ConfigurationError, Abort) as error:
        raise DoclocError(f"{project.relative(project.root / CONFIG_FILE)}: {error}") from None
    print(f"built the site in {site_dir} in {time.perf_counter() - started:.1f} s")
    return 0
