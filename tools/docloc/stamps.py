"""When a file's stamp (size, modification and change times) vouches for its content, as git's index trusts it.

``docloc check`` keeps results by file stamps (its cache, ``checks.cache``; its last report,
``cli.replay``). A change made in the same clock tick as the one before keeps size and time (the
kernel's clock moves in ticks of milliseconds, some file systems' in seconds), so a stamp taken
less than ``RACY_NS`` after the file's last change does not vouch for it: such a file is
compared by content (``file_sha256``) the next time. The change time (``st_ctime``) is in the stamp
because the modification time can be set back (``touch -r``, ``cp -p``, ``tar``, ``rsync -t``: an
edit that keeps the size would otherwise go unseen); the kernel sets the change time on every
change and nothing sets it back. Only the standard library: ``cli.replay`` runs before anything else.
"""

from __future__ import annotations

import hashlib
import os
from stat import S_ISREG

RACY_NS = 2_000_000_000


Stamp = tuple[int, int, int]


def stamp(stat: os.stat_result) -> Stamp:
    """A file's stamp: size, modification time and change time, in nanoseconds. (On Windows the third is
    the creation time, which adds nothing there and takes nothing away.)"""
    return stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns


def vouches(known: Stamp, taken_ns: int) -> bool:
    """Whether a stamp taken at ``taken_ns`` (``time.time_ns``) vouches for the file: last changed well before."""
    return max(known[1], known[2]) < taken_ns - RACY_NS


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
