"""docloc update [--locale ll-CC]... [--dry-run] [--project DIR]"""

from __future__ import annotations

import argparse
import sys

from .common import READ, WRITE, add_project_argument, command_parser


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = command_parser(
        subparsers,
        "update",
        help="merge the templates into the catalogs",
        description="Bring every locale's catalogs in step with the templates, like 'msgmerge --previous': "
        "unchanged English keeps its translation; changed English gets the closest previous translation as a "
        "fuzzy suggestion with the previous English (#| msgid); English that is gone becomes obsolete (#~), "
        "never deleted; new English is left untranslated. Run 'docloc extract' first. The interface catalogs "
        "(locales/<lang>/LC_MESSAGES/_ui/) are brought in step with docloc's strings and mkdocs.yml's site texts "
        "the same way, new strings taking docloc's own translation where it ships one.",
        codes=(
            ("0", "every catalog merged (or, with --dry-run, every change reported)"),
            ("2", "a catalog could not be merged (the others are), or bad input or usage"),
        ),
        quiet="only errors and the totals per locale",
        verbose="every catalog, also those the templates left unchanged",
    )
    parser.add_argument(
        "--locale",
        action="append",
        metavar="ll-CC",
        help="only this locale (repeatable; default: every locale with catalogs or configured)",
    )
    parser.add_argument("--dry-run", action="store_true", help="report what would change, write nothing")
    add_project_argument(parser, lock=lambda args: READ if args.dry_run else WRITE)
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from ..errors import DoclocError
    from ..progress import track
    from ..project import CONFIG_FILE, Project, check_languages
    from ..site.interface import update_interface
    from ..workflows.update import template_page, update_catalog, update_languages

    project = Project.open(args.project)
    check_languages([project.config.source_language, *project.config.languages], project.root / CONFIG_FILE)
    names = project.template_names()
    languages = update_languages(project, args.locale)
    if not languages:
        raise DoclocError("no target languages: give --locale or list languages in mkdocs.yml")
    failed = 0
    verb = "would write" if args.dry_run else "written"
    verbosity = getattr(args, "verbosity", 0)
    if not names:
        print(f"no article templates in {project.root / 'locales' / 'templates'} yet ('docloc import' or "
              "'docloc extract' makes them): only the interface catalogs are updated", file=sys.stderr)  # fmt: skip
    pages: dict = {}  # each template read and placed on its page once, for all languages
    for language in languages:
        totals = dict(kept=0, fuzzy=0, new=0, obsolete=0)
        written = 0
        for name in track(names, f"updating {language}", total=len(names)):
            try:
                page = pages[name] if name in pages else pages.setdefault(name, template_page(project, name))
                result = update_catalog(project, name, language, dry_run=args.dry_run, page=page)
            except DoclocError as error:
                print(error, file=sys.stderr)
                failed += 1
                continue
            for key in totals:
                totals[key] += getattr(result, key)
            written += result.written
            changed = result.fuzzy or result.new or result.obsolete
            if (changed and verbosity >= 0) or verbosity > 0:
                print(
                    f"  {language} {name}: kept {result.kept}, fuzzy {result.fuzzy}, new {result.new}, "
                    f"obsolete {result.obsolete}" + (" (new catalog)" if result.created else "")
                )
        # The interface catalogs after the pages': a page catalog that cannot be written stops the
        # command before anything else of this language is.
        interface = update_interface(project, [language], dry_run=args.dry_run)
        for result in interface:
            for key in totals:
                totals[key] += getattr(result, key)
            written += result.written
            if ((result.fuzzy or result.new or result.obsolete) and verbosity >= 0) or verbosity > 0:
                shipped = f" ({result.shipped} translated by docloc)" if result.shipped else ""
                print(
                    f"  {language} {result.name}: kept {result.kept}, fuzzy {result.fuzzy}, new {result.new}"
                    f"{shipped}, obsolete {result.obsolete}" + (" (new catalog)" if result.created else "")
                )
        catalogs = len(names) + len(interface)
        print(
            f"{language}: kept {totals['kept']}, fuzzy {totals['fuzzy']}, new {totals['new']}, "
            f"obsolete {totals['obsolete']} in {catalogs} catalogs; {written} {verb}"
        )
    return 2 if failed else 0
