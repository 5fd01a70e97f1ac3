"""docloc export --locale L [--format F] --out DIR [--project DIR]"""

from __future__ import annotations

import argparse
from pathlib import Path

from .common import BAD_INPUT, READ, add_project_argument, command_parser

FORMATS = ("bilingual", "translated")  # exporter.FORMATS, here so that --help need not import the exporter


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = command_parser(
        subparsers,
        "export",
        help="write the articles of one locale",
        description="Write every article of a locale from the English pages and its catalogs, as Microsoft "
        "side-by-side articles or as target-language-only articles. Untranslated and fuzzy segments fall back to "
        "English in the translated format and are left empty in the bilingual one.",
        codes=(("0", "every article exported"), BAD_INPUT),
        quiet="only the final line (the default already prints no more)",
        verbose="also each file written",
    )
    parser.add_argument("--locale", required=True, metavar="ll-CC", help="the locale to export, e.g. cs-CZ or cs")
    parser.add_argument("--format", choices=FORMATS, default="translated", help="default: translated")
    parser.add_argument("--out", type=Path, required=True, metavar="DIR", help="where to write the articles")
    add_project_argument(parser, lock=READ)  # --out is outside the project: see run()
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from ..atomic import remove_leftovers
    from ..errors import DoclocError
    from ..fileio import write_text_atomic
    from ..locales import gettext_language
    from ..progress import track
    from ..project import Project
    from ..workflows.exporter import export_locale

    project = Project.open(args.project)
    language = gettext_language(args.locale)
    names = project.catalog_names(language)
    if not names:
        raise DoclocError(f"no catalogs for {args.locale} in {project.root / 'locales' / language / 'LC_MESSAGES'}")
    # --out is not the project's: the project is locked to read (a consistent state), and only the
    # folders written here are cleared of what a killed export left (each file's own lock tells).
    remove_leftovers({(args.out / name).parent for name in names}, recursive=False)
    # Every article is rendered before the first is written: one that cannot be stops the export whole.
    articles = list(track(export_locale(project, language, args.format), "exporting", total=len(names)))
    count = 0
    verbose = getattr(args, "verbosity", 0) > 0
    for name, text in articles:
        changed = write_text_atomic(args.out / name, text)
        count += 1
        if verbose:
            print(f"  {args.out / name}" + ("" if changed else " (unchanged)"))
    print(f"exported {count} {args.format} articles of {args.locale} to {args.out}")
    return 0
