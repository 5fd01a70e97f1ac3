"""docloc extract"""

from __future__ import annotations

import argparse
import sys

from .common import WRITE, add_project_argument


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "extract",
        help="write the templates from the English pages",
        description="Segment every English page (docs/<source language>/) as Microsoft does and write its template "
        "(locales/templates/<name>.pot). A page whose hash matches the one its template records (X-Docloc-Page-Hash) "
        "is skipped unread; where an edited page still matches its template, the known segmentation is reused and "
        "only the blocks holding added words are parsed and cut afresh. Many pages to cut (a first extract, --force) "
        "are cut on every core. Run 'docloc update' next.",
    )
    parser.add_argument("names", nargs="*", metavar="NAME", help="only these articles (default: every English page)")
    parser.add_argument(
        "--force", action="store_true", help="re-extract every page, even those whose template records its hash"
    )
    add_project_argument(parser, lock=WRITE)
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from ..errors import DoclocError
    from ..progress import track
    from ..project import Project
    from ..workflows.extract import extract_pages

    project = Project.open(args.project)
    names = args.names or project.article_names()
    if not names:
        raise DoclocError(f"no English pages in {project.english_dir}")
    failed = written = segments = unchanged = 0
    for _name, result in track(extract_pages(project, names, force=args.force), "extracting", total=len(names)):
        if isinstance(result, DoclocError):
            print(result, file=sys.stderr)
            failed += 1
            continue
        segments += result.segments
        unchanged += result.unchanged
        written += result.written
    extracted = len(names) - failed - unchanged
    summary = (
        f"{unchanged} pages unchanged since their template; extracted {extracted} of {len(names)} pages "
        f"({segments} segments), {written} templates written"
    )
    if failed:
        summary += f"; {failed} failed (errors above)"
    print(summary)
    return 2 if failed else 0
