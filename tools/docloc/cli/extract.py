"""docloc extract [NAME...] [--force] [--no-memory] [--project DIR]"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ..project import Project
from .common import WRITE, Subparsers, add_project_argument, command_parser, counted, open_project


def register(subparsers: Subparsers) -> None:
    parser = command_parser(
        subparsers,
        "extract",
        help="write the templates from the English pages",
        description="Segment every English page (docs/<source language>/) as Microsoft does and write its template "
        "(locales/templates/<name>.pot). A page whose hash matches the one its template records (X-Docloc-Page-Hash) "
        "is skipped unread; where an edited page still matches its template, the known segmentation is reused and "
        "only the blocks holding added words are parsed and cut afresh; where a writer joined known segments into one "
        "sentence that the translation memory holds translated in every language, it is cut whole (off with "
        "--no-memory, or tm: false in mkdocs.yml). Many pages to cut (a first extract, --force) "
        "are cut on every core. Run 'docloc update' next.",
        codes=(
            ("0", "every page extracted (or unchanged)"),
            ("2", "a page could not be read or segmented (the others are extracted), or bad usage"),
        ),
        quiet="only errors and the final summary (the default already prints no more)",
        verbose="also one line per page: unchanged, or its segments and whether its template was written",
    )
    parser.add_argument(
        "names",
        nargs="*",
        metavar="NAME",
        help="only these articles: their names below the English folder (x.md), or the pages' paths (docs/en/x.md; "
        "default: every English page)",
    )
    parser.add_argument(
        "--force", action="store_true", help="re-extract every page, even those whose template records its hash"
    )
    parser.add_argument("--no-memory", action="store_true", help="cut as if the project had no translation memory")
    add_project_argument(parser, lock=WRITE)
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from ..errors import DoclocError
    from ..progress import track
    from ..workflows.extract import extract_pages
    from ..workflows.memory import memory_settings

    project = open_project(args.project)
    names = [article_name(project, given) for given in args.names] or project.article_names()
    if not names:
        raise DoclocError(f"no English pages in {project.english_dir}")
    failed = written = segments = unchanged = 0
    verbose = getattr(args, "verbosity", 0) > 0
    memory = None if args.no_memory else memory_settings(project)
    pages = extract_pages(project, names, force=args.force, memory=memory)
    for name, result in track(pages, "extracting", total=len(names)):
        if isinstance(result, DoclocError):
            print(result, file=sys.stderr)
            failed += 1
            continue
        if verbose:
            print(
                f"  {name}: unchanged since its template"
                if result.unchanged
                else f"  {name}: {result.segments} segments ({result.segmentation}), "
                + ("template written" if result.written else "template unchanged")
            )
        segments += result.segments
        unchanged += result.unchanged
        written += result.written
    extracted = len(names) - failed - unchanged
    summary = (
        f"{counted(unchanged, 'page')} unchanged since their template; extracted {extracted} of "
        f"{counted(len(names), 'page')} ({counted(segments, 'segment')}), {counted(written, 'template')} written"
    )
    if failed:
        summary += f"; {failed} failed (errors above)"
    print(summary)
    return 2 if failed else 0


def article_name(project: Project, given: str) -> str:
    """The article a NAME means: a writer names the page they edited by its path as often (``docs/en/x.md``, as the
    shell completes it from the current folder), which read as a name was ``docs/en/docs/en/x.md``."""
    path = Path(given)
    if project.english_page(given).exists() or not path.is_file():
        return given
    english = project.english_dir.resolve()
    return path.resolve().relative_to(english).as_posix() if path.resolve().is_relative_to(english) else given
