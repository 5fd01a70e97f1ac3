"""docloc build [--site-dir DIR] [--strict] [-j N] [--language L | --merge SHARD...] [--project DIR]"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING

from .common import WRITE, Subparsers, add_jobs_argument, add_project_argument, command_parser

if TYPE_CHECKING:
    from ..catalog.po import CatalogCache
    from ..project import Project


def register(subparsers: Subparsers) -> None:
    parser = command_parser(
        subparsers,
        "build",
        help="build the multilingual site",
        description="Build the MkDocs site of every language into site/: English from docs/en/, the other languages "
        "rendered from the catalogs (fuzzy or missing translations fall back to the English sentence; a page below "
        "the coverage threshold is published in English with a banner). A translation that adds markup, a link "
        "target or a script its English does not have is published in English and warned about, naming the PO "
        "entry ('docloc check' reports it as an error; --strict stops the build). The site is built beside the "
        "site folder and replaces it only when the build succeeds: a failed build leaves the previous site as it "
        "was. The languages "
        "are built at once, each in a process of its own (-j); --language builds one language's part of the site "
        "alone (a CI job per language) and --merge assembles those parts into the site.",
        codes=(
            ("0", "the site is built"),
            ("2", "the site is not built (the previous one is left as it was): a configuration error, a catalog "
             "that cannot be read, a warning with --strict (a translation published in English among them), "
             "shards that do not make one site, or bad usage"),
        ),
        quiet="only MkDocs' errors and the final line",
        verbose="also MkDocs' information, page by page",
    )  # fmt: skip
    add_project_argument(parser, lock=WRITE)
    parser.add_argument(
        "--site-dir",
        type=Path,
        metavar="DIR",
        help="where to write the site (default: DIR/site; with --language, DIR/site-LANG)",
    )
    parser.add_argument("--strict", action="store_true", help="treat MkDocs warnings as errors")
    add_jobs_argument(
        parser,
        "languages built at once, each in a process of its own (default, 0: one per core; 1: all in this process, "
        "one after the other, as 'mkdocs build' does)",
    )
    one = parser.add_mutually_exclusive_group()
    one.add_argument(
        "--language",
        metavar="LANG",
        help="build only this language's part of the site (a shard), for one job of a CI matrix; --merge then "
        "assembles the site from every language's part",
    )
    one.add_argument(
        "--merge",
        nargs="+",
        type=Path,
        metavar="SHARD",
        help="assemble the site from the folders 'docloc build --language' wrote, one per language",
    )
    parser.set_defaults(run=run)


def check_catalogs(project: Project) -> CatalogCache:
    """Read every catalog and template before MkDocs starts: one msgfmt refuses stops the build before
    MkDocs cleans the site folder, so a refused build leaves the previous site as it was. The catalogs
    read are returned for the build, which then reads none again (nor do its processes: they inherit them)."""
    from ..catalog.po import CatalogCache, read_catalog
    from ..workers import collector_paused

    catalogs = CatalogCache()
    with collector_paused():  # what is read here stays for the build
        for path in project.po_files():  # the catalogs and templates every command lists
            if path.suffix == ".po":
                catalogs(path, project.relative(path))
            else:  # the build reads no template
                read_catalog(path, project.relative(path))
    return catalogs


def run(args: argparse.Namespace) -> int:
    import logging

    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import Abort, ConfigurationError, PluginError

    from ..errors import DoclocError
    from ..lock import wait_seconds
    from ..project import CONFIG_FILE, Project
    from ..site import shards
    from ..site.publish import StagedSite

    project = Project.open(args.project)
    # a merge reads no catalog: the parts were built from them
    catalogs = None if args.merge else check_catalogs(project)
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    verbosity = getattr(args, "verbosity", 0)
    level = logging.ERROR if verbosity < 0 else logging.INFO if verbosity > 0 else logging.WARNING
    logging.basicConfig(format="%(levelname)s: %(message)s", level=level)
    config_file = project.root / CONFIG_FILE
    default_dir = project.root / (f"site-{args.language}" if args.language else "site")
    site_dir = (args.site_dir or default_dir).resolve()
    if (folder := project.own_folder_of(site_dir)) is not None:  # the swap would delete what the folder held
        raise DoclocError(
            f"the site folder lies in the project's {folder}/ folder, whose files the new site would replace: "
            "give --site-dir a folder of its own",
            str(site_dir),
        )
    started = time.perf_counter()
    what = "the site"
    try:
        # Validated with the real site folder (MkDocs refuses one that holds docs/ or lies in it), then
        # built beside it and swapped in only if the build succeeds: a failed build leaves the old site.
        config = load_config(str(config_file), site_dir=str(site_dir), strict=args.strict)
        languages = shards.site_languages(config)
        jobs = args.jobs or os.cpu_count() or 1
        with StagedSite(site_dir, wait_seconds(getattr(args, "wait", None))) as staged, staged.real_paths_in_logs():
            for note in staged.recovered:
                print(f"docloc: {note}", file=sys.stderr)
            config["site_dir"] = str(staged.path)
            if args.merge:
                what = f"the site from {len(args.merge)} shards"
                shards.merge_shards(
                    args.merge, staged.path, expected=shards.fingerprint(config_file), languages=languages
                )
            elif args.language:
                what = f"the {args.language} part of the site"
                shards.build_shard(config, args.language, catalogs=catalogs)
            elif jobs > 1 and len(languages) > 1:
                what = f"the site ({len(languages)} languages in parallel)"
                shards.build_in_parallel(
                    config_file, staged.path, languages, jobs, args.strict, len(project.article_names()), catalogs
                )
            else:
                plugin = shards.docloc_plugin(config)
                if plugin is not None:
                    plugin.catalogs = catalogs
                build(config)
            staged.commit()
    except PluginError as error:
        located = getattr(error, "error", None)
        raise (located if isinstance(located, DoclocError) else DoclocError(str(error))) from None
    except (ConfigurationError, Abort) as error:
        raise DoclocError(str(error), project.relative(config_file)) from None  # (as a language's process says it)
    print(f"built {what} in {site_dir} in {time.perf_counter() - started:.1f} s")
    return 0
