"""docloc import PATH... [--locale ll-CC] [--replace-english] [--no-memory] [-j N] [--project DIR]"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from .common import (
    CREATE,
    Subparsers,
    add_jobs_argument,
    add_project_argument,
    command_parser,
    counted,
    open_project,
    say,
)


def register(subparsers: Subparsers) -> None:
    parser = command_parser(
        subparsers,
        "import",
        help="import bilingual articles",
        description="Read Microsoft side-by-side articles and write the English pages (docs/en/), the templates "
        "(locales/templates/) and the catalogs (locales/<lang>/LC_MESSAGES/). Folders are walked recursively; "
        "an article's name is its path below the folder given. A project is created if there is none.\n\n"
        "Entries an article leaves untranslated get suggestions from the project's translation memory, as "
        "'docloc update' gives them (off with --no-memory or tm: false in mkdocs.yml).\n\n"
        "XLIFF files (.xlf, .xliff; given, or in a folder given) that 'docloc export --format xliff' wrote and a "
        "CAT tool translated are merged back into their catalogs: a translation the CAT tool changed is taken "
        "unless the project changed the same entry since the export; then the project's stays and the XLIFF's is "
        "added to the entry as a suggestion (a translator comment), and the conflict is reported.",
        codes=(
            ("0", "every article imported"),
            ("2", "an article could not be read (nothing is written for it; the others are imported), "
             "or bad input or usage"),
        ),
        quiet="only errors and the final summary, not the warnings about English that differs",
        verbose="also one line per article: its locale, segments and files written",
    )  # fmt: skip
    parser.add_argument(
        "paths",
        type=Path,
        nargs="+",
        metavar="PATH",
        help="bilingual articles (.md), XLIFF files a CAT tool sent back (.xlf), or folders holding them",
    )
    parser.add_argument("--locale", metavar="ll-CC", help="the articles' locale (default: their ms.contentlocale)")
    parser.add_argument(
        "--replace-english",
        action="store_true",
        help="replace an English page when this locale was translated from different English",
    )
    parser.add_argument("--no-memory", action="store_true", help="no suggestions from the project's translation memory")
    add_jobs_argument(parser, "worker processes (default, 0: one per core; 1 for none)")
    add_project_argument(parser, lock=CREATE)
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from ..formats.xliff import find_xliff

    xliff, args.paths = find_xliff(args.paths)
    code = _import_articles(args) if args.paths else 0
    if xliff:
        code = max(code, _import_xliff(args, xliff))
    return code


def _import_xliff(args: argparse.Namespace, paths: list[Path]) -> int:
    """Merge XLIFF files from a CAT tool into the catalogs; report updates, conflicts and what was left out."""
    from ..workflows.handoff import import_xliff

    project = open_project(args.project)
    verbosity = getattr(args, "verbosity", 0)
    updated = unchanged = conflicts = missing = 0
    for report in import_xliff(project, paths):
        updated += report.updated
        unchanged += report.unchanged
        conflicts += len(report.conflicts)
        missing += len(report.missing)
        if verbosity > 0:
            say(f"  {report.file}: {report.updated} updated, {report.unchanged} unchanged")
        for line in report.conflicts + (report.missing if verbosity >= 0 else []):
            say(f"warning: {line}", error=True)
    summary = (
        f"merged {counted(len(paths), 'XLIFF file')}: {counted(updated, 'translation')} updated, {unchanged} unchanged"
    )
    if conflicts:
        summary += f", {conflicts} conflicts (the project's translation kept, the XLIFF's as a suggestion)"
    if missing:
        summary += f", {missing} units whose English the catalogs no longer have (left out)"
    print(summary)
    return 0


def _import_articles(args: argparse.Namespace) -> int:
    from ..errors import DoclocError
    from ..progress import track
    from ..project import CONFIG_FILE, Project, ProjectConfig, add_languages, init_project
    from ..site.interface import init_interface
    from ..workflows.handoff import HandoffMerge
    from ..workflows.importer import NotBilingual, import_paths, scan_articles

    new_project = not os.path.lexists(args.project / CONFIG_FILE)  # else (a folder?) opening it says what is wrong
    project = Project(args.project, ProjectConfig()) if new_project else open_project(args.project)
    languages: set[str] = set()
    scan = scan_articles(args.paths)
    for line in scan.skipped:
        say(f"warning: {line}", error=True)
    total = len(scan.files) + len(scan.refused)
    failed = drifted = around = written = segments = obsolete = 0
    written_paths: list[Path] = []
    settings = None
    if not args.no_memory:  # the memory's settings are checked before anything is written
        from ..workflows.memory import compendium_path, memory_settings

        settings = memory_settings(project)
        for entry in settings.compendia:
            compendium_path(project, entry)
    merged = HandoffMerge()
    results = import_paths(project, args.paths, args.locale, args.replace_english, args.jobs)
    verbosity = getattr(args, "verbosity", 0)
    named = {path for path in args.paths if not path.is_dir()}  # files named on the command line
    not_bilingual = 0
    for path, result in track(results, "importing", total=total):
        if isinstance(result, NotBilingual) and path not in named:  # a TOC.md beside the articles
            say(f"warning: {result}; skipped", error=True)
            not_bilingual += 1
            continue
        if isinstance(result, DoclocError):
            print(result, file=sys.stderr)
            failed += 1
            continue
        languages.add(result.language)
        if verbosity > 0:
            count = len(result.written) + result.base_written
            line = f"  {result.locale} {result.name}: {counted(result.segments, 'segment')}, {counted(count, 'file')}"
            line += " written"
            say(line)
        segments += result.segments
        written += len(result.written) + result.base_written
        written_paths += result.written
        obsolete += result.kept_obsolete
        if result.merge:
            merged.handoff += result.merge.handoff
            merged.translator += result.merge.translator
            merged.both += result.merge.both
        for line in result.conflicts:
            say(f"warning: {line}", error=True)
        if verbosity < 0:
            drifted += bool(result.drift and result.segments_differ)
            around += bool(result.drift and not result.segments_differ)
        elif result.drift and result.segments_differ:
            drifted += 1
            say(
                f"warning: {result.locale} of {result.name} was translated from English that differs from "
                "the English page; the page is kept (--replace-english replaces it):",
                error=True,
            )
            for line in result.drift:
                say(f"  {line}", error=True)
        elif result.drift:
            around += 1
            note = f"note: {result.drift[0]} ({result.locale} of {result.name}; the page is kept)"
            say(note, error=True)
    total -= not_bilingual
    summary = ""  # what follows the count of files written, which the project's own files complete below
    if merged.handoff or merged.translator or merged.both:
        summary += (
            f"; merged with the catalogs there: {counted(merged.handoff, 'translation')} taken from the hand-off, "
            f"{merged.translator} kept as the translator changed them, {merged.both} changed by both"
        )
        if merged.both:
            summary += " (the translator's kept, the hand-off's a docloc-suggestion comment: see warnings)"
    if obsolete:
        summary += f", {counted(obsolete, 'earlier translation')} kept as obsolete entries"
    if drifted:
        summary += f"; {drifted} with different English " + (
            "(see warnings)" if verbosity >= 0 else "(without -q: which)"
        )
    if around:
        summary += f"; {around} whose English page differs only outside the segments (kept)"
    if failed:
        summary += f"; {failed} not imported (errors above, nothing written for them)"
    if scan.skipped:
        summary += f"; {counted(len(scan.skipped), 'not regular file')} skipped (warnings above)"
    if not_bilingual:
        summary += f"; {counted(not_bilingual, 'file')} without side-by-side segments skipped (warnings above)"
    if settings is not None:
        from ..workflows.memory import fill_written_catalogs

        filled = fill_written_catalogs(project, written_paths, settings)
        if filled:
            summary += (
                f"; {filled['exact'] + filled['near']} untranslated entries suggested from the translation memory "
                f"({filled['exact']} exact, {filled['near']} near, in {filled['catalogs']} catalogs)"
            )
    # The project's own files an import of a new language writes too (mkdocs.yml, the interface catalogs):
    # counted with the articles' files, so the summary's count is every file written.
    notes: list[str] = []
    if new_project and languages:  # an import that imported nothing writes nothing, not even mkdocs.yml
        made = init_project(args.project, [project.config.source_language, *sorted(languages)])
        made += init_interface(Project.open(args.project))
        written += len(made)
        notes.append(f"created a new project in {args.project} (mkdocs.yml) for {', '.join(sorted(languages))}")
    elif languages and (added := add_languages(args.project, sorted(languages))):
        written += 1 + len(init_interface(Project.open(args.project)))  # mkdocs.yml, the new interface catalogs
        notes.append(f"added {', '.join(added)} to the languages in {project.relative(args.project / CONFIG_FILE)}")
    print(
        f"imported {total - failed} of {counted(total, 'article')} ({counted(segments, 'segment')}), "
        f"{counted(written, 'file')} written{summary}"
    )
    for note in notes:
        print(note)
    if not total:  # a folder of TOC.md files, or one with no Markdown file at all, imports nothing
        why = "every file was skipped" if not_bilingual or scan.skipped else "no Markdown file found"
        print(f"error: no bilingual article to import ({why})", file=sys.stderr)
        return 2
    return 2 if failed else 0
