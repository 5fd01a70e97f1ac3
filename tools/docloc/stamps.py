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
import time
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


def file_stamp(stat: os.stat_result, path: str, taken: int) -> list:
    """[size, mtime_ns, ctime_ns, digest] (``stamp``), taken at ``taken``: the digest only for a file changed too
    recently for its stamp to vouch for it."""
    now = stamp(stat)
    return [*now, None if vouches(now, taken) else file_sha256(path)]


def same_file(known: list, stat: os.stat_result, path: str, taken: int, exact: bool = False) -> bool:
    """Whether a file is the one ``file_stamp`` recorded at ``taken``: by its stamp when that can vouch for it,
    else by content; ``exact``: by its stamp alone (a file saved again meanwhile, even with the same bytes, may
    have been read half-written)."""
    return same_stamp(known, stamp(stat), path, taken, exact)


def same_stamp(known: list, now: Stamp, path: str, taken: int, exact: bool = False, digest: str | None = None) -> bool:
    """``same_file`` for a file whose stamp is ``now``; ``digest``: its content's, when it was taken with it."""
    *recorded, recorded_digest = known
    recorded = tuple(recorded)
    if now[0] != recorded[0] or (exact and now != recorded):
        return False
    if now == recorded and vouches(now, taken):
        return True
    return recorded_digest is not None and (digest or file_sha256(path)) == recorded_digest


Seen = tuple[int, list | None]


def seen(path: str | os.PathLike[str]) -> Seen:
    """What a file is before a command reads it, to know before writing it back whether someone else wrote it
    meanwhile (``still_as_seen``): the time, and its ``file_stamp`` (None: no such file)."""
    taken = time.time_ns()
    try:
        return taken, file_stamp(os.stat(path), os.fspath(path), taken)
    except FileNotFoundError:
        return taken, None


def still_as_seen(known: Seen, path: str | os.PathLike[str]) -> bool:
    """Whether the file is still what ``seen`` saw (still missing, if it was)."""
    taken, recorded = known
    try:
        stat = os.stat(path)
    except FileNotFoundError:
        return recorded is None
    return recorded is not None and same_file(recorded, stat, os.fspath(path), taken)
