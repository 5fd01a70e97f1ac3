"""Arguments several commands share, and the project lock every command takes (see ``docloc.lock``)."""

from __future__ import annotations

import argparse
import contextlib
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

# How a command uses its project: READ takes the lock shared, WRITE exclusively, CREATE
# exclusively after creating the project folder; None takes no lock.
READ, WRITE, CREATE = "read", "write", "create"
LockMode = str | None | Callable[[argparse.Namespace], str | None]
# The folders of a project docloc writes, where a writer removes what killed runs left.
WRITTEN_FOLDERS = ("docs", "locales")


def add_project_argument(parser: argparse.ArgumentParser, lock: LockMode = WRITE) -> None:
    parser.add_argument(
        "--project",
        type=Path,
        default=Path("."),
        metavar="DIR",
        help="the project folder, holding mkdocs.yml (default: the current folder)",
    )
    add_wait_argument(parser)
    parser.set_defaults(lock=lock, lock_root="project")


def add_wait_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--wait",
        type=float,
        metavar="SECONDS",
        help="how long to wait while another docloc command uses the project "
        "(default: $DOCLOC_LOCK_WAIT, else 120; 0: give up at once)",
    )


def held_lock(args: argparse.Namespace) -> contextlib.AbstractContextManager:
    """The project lock the command in ``args`` takes, as a context manager (nothing for --help)."""
    mode = getattr(args, "lock", None)
    if callable(mode):
        mode = mode(args)
    if mode is None:
        return contextlib.nullcontext()
    root: Path = getattr(args, args.lock_root)
    return _locked(root, args.command, mode, getattr(args, "wait", None))


@contextlib.contextmanager
def _locked(root: Path, command: str, mode: str, wait: float | None) -> Iterator[None]:
    from ..lock import LOCK_FILE, ProjectLock, wait_seconds

    seconds = wait_seconds(wait)
    created = []  # the folders made here, the project's first, removed again if the command wrote nothing
    if mode == CREATE:
        folder = root
        while not folder.exists() and folder != folder.parent:
            created.append(folder)
            folder = folder.parent
        root.mkdir(parents=True, exist_ok=True)
    try:
        with ProjectLock(root, command, mode != READ, seconds):
            if mode != READ:  # no other docloc writer is running: what a killed one left can go
                from ..atomic import remove_leftovers

                removed = remove_leftovers([root], recursive=False)
                removed += remove_leftovers(root / folder for folder in WRITTEN_FOLDERS)
                if removed:
                    print(f"docloc: removed {len(removed)} temporary files an interrupted run left", file=sys.stderr)
            yield
    finally:
        with contextlib.suppress(OSError):
            if created and {p.name for p in root.iterdir()} <= {LOCK_FILE}:  # the command wrote nothing
                (root / LOCK_FILE).unlink(missing_ok=True)
                for made in created:
                    made.rmdir()
