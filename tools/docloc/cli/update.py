"""docloc update [--locale ll-CC]... [--dry-run] [--project DIR]"""

from __future__ import annotations

import argparse
import sys

from .common import READ, WRITE, Subparsers, add_project_argument, command_parser, counted, open_project, say


def register(subparsers: Subparsers) -> None:
    parser = command_parser(
        subparsers,
        "update",
        help="merge the templates into the catalogs",
        description="Bring every locale's catalogs in step with the templates, like 'msgmerge --previous': "
        "unchanged English keeps its translation; changed English gets the closest previous translation as a "
        "fuzzy suggestion with the previous English (#| msgid); English that is gone becomes obsolete (#~), "
        "never deleted; new English is left untranslated. Run 'docloc extract' first. The interface catalogs "
        "(locales/<lang>/LC_MESSAGES/_ui/) are brought in step with docloc's strings and mkdocs.yml's site texts "
        "the same way, new strings taking docloc's own translation where it ships one.\n\n"
        "Translation memory: an entry left without a translation gets one from the rest of the project (every "
        "catalog of its language, and the compendia mkdocs.yml lists): the same English's most used translation, "
        "or the translation of the most similar English (#| msgid shows which), both fuzzy so a person reviews "
        "them (tm_exact: translated in mkdocs.yml takes exact matches as translated); a translator comment says "
        "where each comes from and names other translations. Off with --no-memory, or tm: false in mkdocs.yml.",
        codes=(
            ("0", "every catalog merged (or, with --dry-run, every change reported)"),
            (
                "2",
                "a catalog could not be read or merged (nothing is written), or was saved by someone else "
                "while the update ran (not written over; the others are), or bad input or usage",
            ),
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
    add_project_argument(parser, lock=lambda args: READ if args.dry_run else WRITE)
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from ..errors import DoclocError
    from ..project import CONFIG_FILE, add_languages, check_languages
    from ..site.interface import plan_interface
    from ..workflows.memory import memory_settings
    from ..workflows.update import update_languages, update_project

    project = open_project(args.project)
    check_languages([project.config.source_language, *project.config.languages], project.root / CONFIG_FILE)
    names = project.template_names()
    languages = update_languages(project, args.locale)
    if not languages:
        raise DoclocError("no target languages: give --locale or list languages in mkdocs.yml")
    # A language given with --locale is checked as mkdocs.yml's are, and one the project does not have yet is
    # added to mkdocs.yml once its catalogs are written (as an import of a new language adds it), so the site
    # builds the language its catalogs are for.
    configured = {project.config.source_language, *project.config.languages}  # (checked above, at their lines)
    check_languages([x for x in languages if x not in configured])
    new_languages = [x for x in dict.fromkeys(languages) if x not in configured] if args.locale else []
    # The interface catalogs are read and merged first too: whatever cannot be read stops the update
    # before anything is written.
    settings = memory_settings(project)
    interface, errors = plan_interface(project, languages)
    results: list = []
    if not errors:
        memory = None if args.no_memory else settings
        results, errors = update_project(project, names, languages, dry_run=args.dry_run, memory=memory)
    if errors and not results:
        for error in errors:
            print(error, file=sys.stderr)
        print(f"docloc: nothing updated: {len(errors)} file(s) above cannot be read, merged or written over",
              file=sys.stderr)  # fmt: skip
        return 2
    late = errors  # catalogs saved by someone else while the others were written: left as they were
    for result in results:
        if result.recoded and (result.written or args.dry_run):
            where = project.relative(project.catalog(result.language, result.name))
            say(f"{where}: {'would be ' if args.dry_run else ''}written in UTF-8, as msgmerge writes it: "
                f"{result.recoded}", error=True)  # fmt: skip
    interface.write(dry_run=args.dry_run)
    late += interface.late
    if not names:
        print(f"no article templates in {project.templates_dir} yet ('docloc import' or "
              "'docloc extract' makes them): only the interface catalogs are updated", file=sys.stderr)  # fmt: skip
    verb = "would be written" if args.dry_run else "written"
    verbosity = getattr(args, "verbosity", 0)
    for language in languages:
        mine = [r for r in results if r.language == language] + [r for r in interface.results if r.language == language]
        keys = ("kept", "fuzzy", "new", "obsolete", "memory_exact", "memory_near")
        totals = {key: sum(getattr(r, key, 0) for r in mine) for key in keys}
        for result in mine:
            exact, near = getattr(result, "memory_exact", 0), getattr(result, "memory_near", 0)
            changed = result.fuzzy or result.new or result.obsolete or exact or near
            if (changed and verbosity >= 0) or verbosity > 0:
                shipped = f" ({result.shipped} translated by docloc)" if getattr(result, "shipped", 0) else ""
                print(
                    f"  {language} {result.name}: kept {result.kept}, fuzzy {result.fuzzy}, new {result.new}"
                    f"{shipped}, obsolete {result.obsolete}"
                    + _from_memory(exact, near)
                    + (" (new catalog)" if result.created else "")
                )
        print(
            f"{language}: kept {totals['kept']}, fuzzy {totals['fuzzy']}, new {totals['new']}, "
            f"obsolete {totals['obsolete']}"
            + _from_memory(totals["memory_exact"], totals["memory_near"])
            + f" in {counted(len(mine), 'catalog')}; {sum(r.written for r in mine)} {verb}"
        )
    if new_languages:
        if not args.dry_run:
            add_languages(project.root, new_languages)
        print(f"{'would add' if args.dry_run else 'added'} {', '.join(new_languages)} to {CONFIG_FILE} (docloc's "
              "languages and the i18n plugin's), so the next build has its site; its catalogs wait for a "
              "translator, the interface's (_ui/: the site's and the walkthrough's own words) included")  # fmt: skip
    for error in late:
        print(error, file=sys.stderr)
    if late:
        print(f"docloc: {len(late)} catalog(s) above not updated: run 'docloc update' again", file=sys.stderr)
        return 2
    return 0


def _from_memory(exact: int, near: int) -> str:
    """The memory's share of a summary line, when it filled anything."""
    if not exact and not near:
        return ""
    return f", from memory {exact + near} ({exact} exact, {near} near)"
