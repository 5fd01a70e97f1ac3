"""docloc import PATH... [--locale ll-CC] [--replace-english] [-j N] [--project DIR]"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .common import CREATE, add_project_argument, command_parser


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = command_parser(
        subparsers,
        "import",
        help="import bilingual articles",
        description="Read Microsoft side-by-side articles and write the English pages (docs/en/), the templates "
        "(locales/templates/) and the catalogs (locales/<lang>/LC_MESSAGES/). Folders are walked recursively; "
        "an article's name is its path below the folder given. A project is created if there is none.",
        codes=(
            ("0", "every article imported"),
            ("2", "an article could not be read (nothing is written for it; the others are imported), "
             "or bad input or usage"),
        ),
        quiet="only errors and the final summary, not the warnings about English that differs",
        verbose="also one line per article: its locale, segments and files written",
    )  # fmt: skip
    parser.add_argument("paths", type=Path, nargs="+", metavar="PATH")
    parser.add_argument("--locale", metavar="ll-CC", help="the articles' locale (default: their ms.contentlocale)")
    parser.add_argument(
        "--replace-english",
        action="store_true",
        help="replace an English page when this locale was translated from different English",
    )
    parser.add_argument(
        "--jobs", "-j", type=int, default=0, metavar="N", help="worker processes (default: one per core; 1 for none)"
    )
    add_project_argument(parser, lock=CREATE)
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from ..errors import DoclocError
    from ..progress import track
    from ..project import CONFIG_FILE, Project, ProjectConfig, add_languages, init_project
    from ..site.interface import init_interface
    from ..workflows.handoff import HandoffMerge
    from ..workflows.importer import import_paths, scan_articles

    new_project = not (args.project / CONFIG_FILE).is_file()
    project = Project(args.project, ProjectConfig()) if new_project else Project.open(args.project)
    languages: set[str] = set()
    scan = scan_articles(args.paths)
    for line in scan.skipped:
        print(f"warning: {line}", file=sys.stderr)
    total = len(scan.files) + len(scan.refused)
    failed = drifted = around = written = segments = obsolete = 0
    merged = HandoffMerge()
    results = import_paths(project, args.paths, args.locale, args.replace_english, args.jobs)
    verbosity = getattr(args, "verbosity", 0)
    for _, result in track(results, "importing", total=total):
        if isinstance(result, DoclocError):
            print(result, file=sys.stderr)
            failed += 1
            continue
        languages.add(result.language)
        if verbosity > 0:
            print(f"  {result.locale} {result.name}: {result.segments} segments, {len(result.written)} files written")
        segments += result.segments
        written += len(result.written)
        obsolete += result.kept_obsolete
        if result.merge:
            merged.handoff += result.merge.handoff
            merged.translator += result.merge.translator
            merged.both += result.merge.both
        for line in result.conflicts:
            print(f"warning: {line}", file=sys.stderr)
        if verbosity < 0:
            drifted += bool(result.drift and result.segments_differ)
            around += bool(result.drift and not result.segments_differ)
        elif result.drift and result.segments_differ:
            drifted += 1
            print(
                f"warning: {result.locale} of {result.name} was translated from English that differs from "
                "the English page; the page is kept (--replace-english replaces it):",
                file=sys.stderr,
            )
            for line in result.drift:
                print(f"  {line}", file=sys.stderr)
        elif result.drift:
            around += 1
            print(f"note: {result.locale} of {result.name}: {result.drift[0].split(': ', 1)[1]}", file=sys.stderr)
    summary = f"imported {total - failed} of {total} articles ({segments} segments), {written} files written"
    if merged.handoff or merged.translator or merged.both:
        summary += (
            f"; merged with the catalogs there: {merged.handoff} translations taken from the hand-off, "
            f"{merged.translator} kept as the translator changed them, {merged.both} changed by both"
        )
        if merged.both:
            summary += " (the translator's kept, the hand-off's a docloc-suggestion comment: see warnings)"
    if obsolete:
        summary += f", {obsolete} earlier translations kept as obsolete entries"
    if drifted:
        summary += f"; {drifted} with different English " + (
            "(see warnings)" if verbosity >= 0 else "(without -q: which)"
        )
    if around:
        summary += f"; {around} whose English page differs only outside the segments (kept)"
    if failed:
        summary += f"; {failed} not imported (errors above, nothing written for them)"
    if scan.skipped:
        summary += f"; {len(scan.skipped)} not regular files skipped (warnings above)"
    print(summary)
    if new_project and languages:  # an import that imported nothing writes nothing, not even mkdocs.yml
        init_project(args.project, [project.config.source_language, *sorted(languages)])
        init_interface(Project.open(args.project))
        print(f"created a new project in {args.project} (mkdocs.yml) for {', '.join(sorted(languages))}")
    elif languages and (added := add_languages(args.project, sorted(languages))):
        init_interface(Project.open(args.project))  # the new languages' interface catalogs
        print(f"added {', '.join(added)} to the languages in {project.relative(args.project / CONFIG_FILE)}")
    return 2 if failed else 0
