"""docloc init DIR [--languages LIST]"""

from __future__ import annotations

import argparse
from pathlib import Path

from .common import BAD_INPUT, WRITE, Subparsers, command_parser, open_project


def register(subparsers: Subparsers) -> None:
    parser = command_parser(
        subparsers,
        "init",
        help="create a new project",
        description="Create a project skeleton: mkdocs.yml with the i18n plugin and docloc's settings, "
        "docs/<source language>/ and locales/, with every language's interface catalogs (locales/<lang>/"
        "LC_MESSAGES/_ui/: Czech and Polish come translated). Existing files are left alone. Languages must be "
        "ones Material for MkDocs and Babel both know. Prints the next steps. (The project is DIR: init takes "
        "no --project.)",
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
    from ..site.interface import init_interface

    written = init_project(args.directory, args.languages.split(","))
    written += init_interface(open_project(args.directory))
    verbosity = getattr(args, "verbosity", 0)
    if verbosity > 0:
        source, *targets = [lang.strip() for lang in args.languages.split(",") if lang.strip()]
        print(f"languages: {source} (source), {', '.join(targets) or 'no others yet'}")
    if verbosity >= 0:
        for path in written:
            print(f"created {path}")
        print(next_steps(args.directory))
    print(f"project ready in {args.directory}" if written else f"{args.directory} already holds a project")
    return 0


def next_steps(directory: Path) -> str:
    """What to do after init, and the settings mkdocs.yml still lacks (a published site needs them)."""
    from ..catalog.po import read_catalog
    from ..project import CONFIG_FILE, Project, load_yaml
    from ..site.interface import COMPONENTS

    project = Project.open(directory)  # (run has warned about its options)
    data = load_yaml(directory / CONFIG_FILE)
    where = f" --project {directory}" if str(directory) != "." else ""
    steps = [
        (f"docloc import PATH...{where}", "bilingual articles: English pages, templates and catalogs"),
        (f"docloc update{where}", "after editing English (and 'docloc extract'): every catalog in step"),
        (f"docloc check{where}", "coverage and QA of every language, the interface included"),
        (f"docloc build{where}", f"the site, into {directory / 'site'}"),
    ]
    width = max(len(command) for command, _ in steps)
    lines = ["next steps:", *(f"  {command:<{width}}  {what}" for command, what in steps)]
    config = directory / CONFIG_FILE
    if not (isinstance(data, dict) and data.get("site_url")):
        lines.append(f"note: set site_url in {config}: hreflang alternates, canonical URLs and the sitemap need it")
    if not project.config.options.get("external_base"):
        lines.append(
            f"note: set external_base in {config} (docloc's entry): links to articles that are not on the site "
            "have nowhere to go, and a strict build stops on them"
        )
    untranslated = [
        language
        for language in project.config.languages
        if any(
            path.is_file() and read_catalog(path).percent_translated() < 100
            for path in (project.ui_catalog(language, component) for component in COMPONENTS)
        )
    ]
    if untranslated:
        catalogs = project.relative(project.ui_catalog(untranslated[0], "*"))
        lines.append(
            "note: docloc ships no translation of the site's own words (notices, the translation status, the "
            f"walkthrough) in {', '.join(untranslated)}: translate {catalogs}"
            + (" (and the others' _ui/ catalogs)" if len(untranslated) > 1 else "")
            + ", or those pages show them in English"
        )
    if not project.config.options.get("home_intro"):
        lines.append(f"note: home_intro in {config} is the home page's introduction; the home page has none yet")
    return "\n".join(lines)
