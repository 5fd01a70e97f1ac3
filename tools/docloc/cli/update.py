"""docloc update [--locale ll-CC]... [--dry-run] [--no-memory] [--project DIR]"""

from __future__ import annotations

import argparse
import sys

from .common import add_project_argument, command_parser


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = command_parser(
        subparsers,
        "update",
        help="merge the templates into the catalogs",
        description="Bring every locale's catalogs in step with the templates, like 'msgmerge --previous': "
        "unchanged English keeps its translation; changed English gets the closest previous translation as a "
        "fuzzy suggestion with the previous English (#| msgid); English that is gone becomes obsolete (#~), "
        "never deleted; new English is left untranslated. Run 'docloc extract' first.\n\n"
        "Translation memory: an entry left without a translation gets one from the rest of the project (every "
        "catalog of its language, and the compendia mkdocs.yml lists): the same English's most used translation, "
        "or the translation of the most similar English (#| msgid shows which), both fuzzy so a person reviews "
        "them (tm_exact: translated in mkdocs.yml takes exact matches as translated); a translator comment says "
        "where each comes from and names other translations. Off with --no-memory, or tm: false in mkdocs.yml.",
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
    parser.add_argument("--no-memory", action="store_true", help="no suggestions from the project's translation memory")
    add_project_argument(parser)
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from ..errors import DoclocError
    from ..progress import track
    from ..project import Project
    from ..workflows.memory import memory_settings, project_memory
    from ..workflows.update import template_page, update_catalog, update_languages

    project = Project.open(args.project)
    names = project.template_names()
    if not names:
        raise DoclocError(f"no templates in {project.root / 'locales' / 'templates'}; run 'docloc extract' first")
    languages = update_languages(project, args.locale)
    if not languages:
        raise DoclocError("no target languages: give --locale or list languages in mkdocs.yml")
    failed = 0
    verb = "would write" if args.dry_run else "written"
    verbosity = getattr(args, "verbosity", 0)
    pages: dict = {}  # each template read and placed on its page once, for all languages
    settings = memory_settings(project)
    for language in languages:
        totals = dict(kept=0, fuzzy=0, new=0, obsolete=0, memory_exact=0, memory_near=0)
        written = 0
        memory = project_memory(project, language, settings) if settings.enabled and not args.no_memory else None
        for name in track(names, f"updating {language}", total=len(names)):
            try:
                page = pages[name] if name in pages else pages.setdefault(name, template_page(project, name))
                result = update_catalog(project, name, language, dry_run=args.dry_run, page=page, memory=memory)
            except DoclocError as error:
                print(error, file=sys.stderr)
                failed += 1
                continue
            for key in totals:
                totals[key] += getattr(result, key)
            written += result.written
            changed = result.fuzzy or result.new or result.obsolete or result.memory_exact or result.memory_near
            if (changed and verbosity >= 0) or verbosity > 0:
                print(
                    f"  {language} {name}: kept {result.kept}, fuzzy {result.fuzzy}, new {result.new}, "
                    f"obsolete {result.obsolete}"
                    + _from_memory(result.memory_exact, result.memory_near)
                    + (" (new catalog)" if result.created else "")
                )
        print(
            f"{language}: kept {totals['kept']}, fuzzy {totals['fuzzy']}, new {totals['new']}, "
            f"obsolete {totals['obsolete']}"
            + _from_memory(totals["memory_exact"], totals["memory_near"])
            + f" in {len(names)} catalogs; {written} {verb}"
        )
    return 2 if failed else 0


def _from_memory(exact: int, near: int) -> str:
    """The memory's share of a summary line, when it filled anything."""
    if not exact and not near:
        return ""
    return f", from memory {exact + near} ({exact} exact, {near} near)"
