"""docloc build [--site-dir DIR] [--strict] [--project DIR]"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING

from .common import WRITE, add_project_argument, command_parser

if TYPE_CHECKING:
    from ..project import Project


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = command_parser(
        subparsers,
        "build",
        help="build the multilingual site",
        description="Build the MkDocs site of every language into site/: English from docs/en/, the other languages "
        "rendered from the catalogs (fuzzy or missing translations fall back to the English sentence; a page below "
        "the coverage threshold is published in English with a banner). Stops, naming the PO entry, when a "
        "translation adds HTML or a script its English does not have. The site is built beside the site folder and "
        "replaces it only when the build succeeds: a failed build leaves the previous site as it was.",
        codes=(
            ("0", "the site is built"),
            ("2", "the site is not built (the previous one is left as it was): a translation with markup its "
             "English lacks, a configuration error, a MkDocs warning with --strict, or bad usage"),
        ),
        quiet="only MkDocs' errors and the final line",
        verbose="also MkDocs' information, page by page",
    )  # fmt: skip
    add_project_argument(parser, lock=WRITE)
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
    from ..lock import wait_seconds
    from ..project import CONFIG_FILE, Project
    from ..site.publish import StagedSite

    project = Project.open(args.project)
    check_catalogs(project)
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    verbosity = getattr(args, "verbosity", 0)
    level = logging.ERROR if verbosity < 0 else logging.INFO if verbosity > 0 else logging.WARNING
    logging.basicConfig(format="%(levelname)s: %(message)s", level=level)
    site_dir = (args.site_dir or project.root / "site").resolve()
    started = time.perf_counter()
    try:
        # Validated with the real site folder (MkDocs refuses one that holds docs/ or lies in it), then
        # built beside it and swapped in only if the build succeeds: a failed build leaves the old site.
        config = load_config(str(project.root / CONFIG_FILE), site_dir=str(site_dir), strict=args.strict)
        with StagedSite(site_dir, wait_seconds(getattr(args, "wait", None))) as staged, staged.real_paths_in_logs():
            for note in staged.recovered:
                print(f"docloc: {note}", file=sys.stderr)
            config["site_dir"] = str(staged.path)
            build(config)
            staged.commit()
    except PluginError as error:
        located = getattr(error, "error", None)
        raise (located if isinstance(located, DoclocError) else DoclocError(str(error))) from None
    except (ConfigurationError, Abort) as error:
        raise DoclocError(f"{project.relative(project.root / CONFIG_FILE)}: {error}") from None
    print(f"built the site in {site_dir} in {time.perf_counter() - started:.1f} s")
    return 0
