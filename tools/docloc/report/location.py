"""Where a finding is, for tools that open files: paths from the repository root, and the line.

Findings carry project-relative paths (``locales/cs/LC_MESSAGES/x.po``). GitHub annotations and
SARIF results are read against the repository's checkout, and a docloc project may sit in a
folder of a larger repository, so their paths start at the git top level (the project folder
when it is not in a git work tree).
"""

from __future__ import annotations

from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING

from ..project import DOCS_DIR

if TYPE_CHECKING:
    from ..checks.registry import Finding


def repository_root(project: Path) -> Path:
    """The git top level above ``project`` (a ``.git`` folder, or a worktree's ``.git`` file), else the project."""
    start = project.resolve()
    for folder in (start, *start.parents):
        if (folder / ".git").exists():
            return folder
    return start


def repository_prefix(project: Path) -> str:
    """The project folder as seen from the repository root, ``""`` or ``"site/"``, POSIX-style."""
    start = project.resolve()
    relative = start.relative_to(repository_root(start)).as_posix()
    return "" if relative == "." else relative + "/"


def split_page(page: str) -> tuple[str, int]:
    """``("docs/en/x.md", 12)`` from a finding's page ``"docs/en/x.md:12"`` (line 0 when there is none)."""
    path, colon, line = page.rpartition(":")
    if colon and line.isdigit():
        return path, int(line)
    return page, 0


def place(finding: Finding) -> tuple[str, int]:
    """(project-relative file, line) to point at; line 0 when the finding has none.

    A finding on an English page itself (a broken link in ``docs/en/x.md``) has no PO line but
    its page location is in the same file: that line is used.
    """
    if finding.line or not finding.page:
        return finding.file, finding.line
    path, line = split_page(finding.page)
    return finding.file, line if path == finding.file else 0


def is_source_page(page_path: str, source_language: str) -> bool:
    """Whether a page location is in the English (source) pages, rather than a page rendered for a language."""
    return PurePosixPath(page_path).parts[:2] == (DOCS_DIR, source_language)
