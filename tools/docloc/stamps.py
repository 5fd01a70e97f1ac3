"""When a file's stamp (size, modification time) vouches for its content, as git's index trusts it.

``docloc check`` keeps results by file stamps (its cache, ``checks.cache``; its last report,
``cli.replay``). A change made in the same clock tick as the one before keeps size and time (the
kernel's clock moves in ticks of milliseconds, some file systems' in seconds), so a stamp taken
less than ``RACY_NS`` after the file's modification time does not vouch for it: such a file is
compared by content (``file_sha256``) the next time. Only the standard library: ``cli.replay`` runs
before anything else.
"""

from __future__ import annotations

import hashlib
import os
from stat import S_ISREG

RACY_NS = 2_000_000_000


def vouches(mtime_ns: int, taken_ns: int) -> bool:
    """Whether a stamp with this modification time, taken at ``taken_ns`` (``time.time_ns``), vouches for the file."""
    return mtime_ns < taken_ns - RACY_NS


def file_sha256(path: str | os.PathLike[str]) -> str | None:
    """The SHA-256 of a regular file's bytes (hex), else None (missing, unreadable, or not a regular file:
    a named pipe is opened without waiting for a writer, which would never come)."""
    try:
        with open(os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0)), "rb") as stream:
            if not S_ISREG(os.fstat(stream.fileno()).st_mode):
                return None
            return hashlib.file_digest(stream, "sha256").hexdigest()
    except OSError:
        return None
