"""docloc export --locale L [--format F] --out DIR [--project DIR]"""

from __future__ import annotations

import argparse
from collections.abc import Collection
from pathlib import Path
from typing import TYPE_CHECKING

from .common import BAD_INPUT, READ, Subparsers, add_project_argument, command_parser, counted, open_project, say

if TYPE_CHECKING:
    from ..model import Article

# exporter.FORMATS and handoff.FORMATS, here so that --help need not import them
FORMATS = ("bilingual", "translated", "xliff", "tmx")


def register(subparsers: Subparsers) -> None:
    parser = command_parser(
        subparsers,
        "export",
        help="write the articles of one locale",
        description="Write every article of a locale from the English pages and its catalogs, as Microsoft "
        "side-by-side articles or as target-language-only articles. Untranslated and fuzzy segments fall back to "
        "English in the translated format and are left empty in the bilingual one.\n\n"
        "For CAT tools: --format xliff writes one XLIFF 2.0 file per article (<article>.xlf; untranslated "
        "entries are state initial without a target, fuzzy ones initial with their suggestion, translated ones "
        "translated), which 'docloc import' merges back; --format tmx writes the locale's whole translation "
        "memory as one TMX 1.4b file (<language>.tmx).",
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
    from ..workflows.exporter import export_locale

    project = open_project(args.project)
    language = gettext_language(args.locale)
    names = project.catalog_names(language)
    if not names:
        have = [x for x in project.catalog_languages() if project.catalog_names(x)]
        raise DoclocError(
            f"no catalogs for {args.locale} in {project.relative(project.catalog_dir(language))}/: "
            + (f"the project has catalogs for {', '.join(have)}" if have else "the project has no catalogs yet")
        )
    verbose = getattr(args, "verbosity", 0) > 0
    if args.format in ("xliff", "tmx"):
        from ..workflows.handoff import export_files

        produced = export_files(project, language, args.format)
        written = [f"{language}.tmx"] if args.format == "tmx" else [str(Path(n).with_suffix(".xlf")) for n in names]
    else:
        # (the exporter judges the translated format only: the bilingual hand-back carries the catalogs as they are)
        produced = export_locale(project, language, args.format, _refused_by_the_site)
        written = names
    for name in written:  # the project is locked to read: an export over its own files would replace them unseen
        folder = project.own_folder_of(args.out / name)
        if folder is not None:
            raise DoclocError(
                f"--out {args.out}: the export would write {name} into the project's {folder}/ folder, over "
                "the project's own files; export to a folder outside docs/, locales/ and docloc's folders"
            )
    # --out is not the project's: the project is locked to read (a consistent state), and only the
    # folders written here are cleared of what a killed export left (each file's own lock tells).
    remove_leftovers({(args.out / name).parent for name in written}, recursive=False)
    # Everything is built before the first file is written: input that cannot be exported writes nothing.
    files = list(track(produced, "exporting", total=1 if args.format == "tmx" else len(names)))
    count = 0
    for name, text in files:
        if text is None:  # a catalog with no entry to translate: XLIFF needs at least one unit
            if verbose:
                say(f"  {args.out / name}: not written, its catalog has nothing to translate")
            continue
        changed = write_text_atomic(args.out / name, text)
        count += 1
        if verbose:
            say(f"  {args.out / name}" + ("" if changed else " (unchanged)"))
    if args.format == "tmx":
        print(f"exported the translation memory of {args.locale} to {args.out / files[0][0]}")
    else:
        print(f"exported {counted(count, args.format + ' article')} of {args.locale} to {args.out}")
    return 0


def _refused_by_the_site(article: Article) -> Collection[int]:
    """The segments whose translation the site refuses (markup, a link target or structure its English lacks):
    the translated article writes their English, as the site publishes it. (Imported here, when an export
    judges at all: the checks and the Markdown parser are no cost of the other formats.)"""
    from ..checks.safety import judge_article

    return judge_article(article.segments, article.chunks).refused
