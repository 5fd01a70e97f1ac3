"""docloc export --locale L --format F --out DIR"""

from __future__ import annotations

import argparse
from pathlib import Path

from .common import add_project_argument

FORMATS = ("bilingual", "translated")  # exporter.FORMATS, here so that --help need not import the exporter


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "export",
        help="write the articles of one locale",
        description="Write every article of a locale from the English pages and its catalogs, as Microsoft "
        "side-by-side articles or as target-language-only articles. Untranslated and fuzzy segments fall back to "
        "English in the translated format and are left empty in the bilingual one.",
    )
    parser.add_argument("--locale", required=True, metavar="ll-CC", help="the locale to export, e.g. cs-CZ or cs")
    parser.add_argument("--format", choices=FORMATS, default="translated", help="default: translated")
    parser.add_argument("--out", type=Path, required=True, metavar="DIR", help="where to write the articles")
    add_project_argument(parser)
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
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
    # every article is rendered before the first is written: one that cannot be stops the export whole
    articles = list(track(export_locale(project, language, args.format), "exporting", total=len(names)))
    count = 0
    for name, text in articles:
        write_text_atomic(args.out / name, text)
        count += 1
    print(f"exported {count} {args.format} articles of {args.locale} to {args.out}")
    return 0
