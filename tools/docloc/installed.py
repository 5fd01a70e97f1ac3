"""The folders Python imports docloc's dependencies from, and their stamps: what kept results depend on too.

``docloc check`` reads files through its dependencies (markdown-it-py parses the pages, PyYAML the
configuration, Babel gives the plural forms), so a result kept from a run under other versions of
them is not this run's. Installing, upgrading or removing a package adds, removes or renames an
entry in the folder it goes to, which changes that folder's modification time: the check cache is
keyed with these stamps (``checks.cache``), and so is a report kept to be replayed (``cli.replay``).
The working folder is left out (files come and go in it; it is not where packages are installed).
Only the standard library: ``cli.replay`` runs before anything else is imported.
"""

from __future__ import annotations

import os
import sys


def import_folders() -> list[str]:
    """The folders on ``sys.path`` (absolute, in its order: the first holding a package is the one imported),
    the working folder left out."""
    try:
        here = os.getcwd()
    except OSError:  # the working folder was removed: a command given --project still runs
        here = ""
    folders = [os.path.abspath(p) for p in sys.path if p]
    return list(dict.fromkeys(f for f in folders if f != here and os.path.isdir(f)))


def import_stamps() -> list:
    """The interpreter's version and path, and each import folder with its modification time."""
    stamps: list = [sys.version, sys.executable]
    for folder in import_folders():
        try:
            stamps.append([folder, os.stat(folder).st_mtime_ns])
        except OSError:
            stamps.append([folder, None])
    return stamps
