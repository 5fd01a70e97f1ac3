"""When a file's stamp (size, modification time) vouches for its content, as git's index trusts it.

``docloc check`` keeps results by file stamps (its cache, ``checks.cache``; its last report,
``cli.replay``). A change made in the same clock tick as the one before keeps size and time (the
kernel's clock moves in ticks of milliseconds, some file systems' in seconds), so a stamp taken
less than ``RACY_NS`` after the file's modification time does not vouch for it: such a file is
compared by content the next time. Only the standard library: ``cli.replay`` runs before anything else.
"""

from __future__ import annotations

RACY_NS = 2_000_000_000


def vouches(mtime_ns: int, taken_ns: int) -> bool:
    """Whether a stamp with this modification time, taken at ``taken_ns`` (``time.time_ns``), vouches for the file."""
    return mtime_ns < taken_ns - RACY_NS
