"""A secret of this user on this machine, so that what docloc keeps in a project folder proves it was kept here.

``docloc check`` keeps results in the project's ``.docloc/`` (its cache, its last reports) and
trusts them while the files they came from are unchanged. A project folder is not trusted
ground: a pull request can commit a ``.docloc/`` of its own, holding a clean report for the
catalogs it brings, and a CI job that checks the pull request would print it. So every record
is keyed with this secret too (``checks.cache.settings_fingerprint``, ``cli.replay``): a record
made elsewhere (committed, copied, restored from another machine's cache) is never used, and the
files are checked.

The secret is 32 random bytes in the user's cache folder (``$XDG_CACHE_HOME/docloc/secret``, else
``~/.cache/docloc/secret``; on Windows ``%LOCALAPPDATA%``), made the first time (or when damaged, or
when others could have written it: a link, or a file readable by others) with permissions for the
user alone. Where it cannot be read or made, each run has a secret of its own: nothing is reused,
nothing is trusted. Only the standard library: ``cli.replay`` runs before anything else.
"""

from __future__ import annotations

import os
from pathlib import Path

_SECRET: str | None = None


def _secret_file() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or os.environ.get("LOCALAPPDATA") or ""
    return (Path(base) if os.path.isabs(base) else Path.home() / ".cache") / "docloc" / "secret"


def user_secret() -> str:
    """This user's secret on this machine (hex), made on first use; a new one per run where it cannot be kept."""
    global _SECRET
    if _SECRET is None:
        _SECRET = _read_or_make() or os.urandom(32).hex()
    return _SECRET


def _read_or_make() -> str | None:
    try:
        path = _secret_file()
        secret = _read_private(path)
        if secret is not None and len(secret) == 64 and all(c in "0123456789abcdef" for c in secret):
            return secret
    except FileNotFoundError:
        pass
    except (OSError, ValueError, RuntimeError):  # unreadable, or no home folder
        return None
    secret = os.urandom(32).hex()  # none yet, a damaged one, or one others could know: a new one, written whole
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_name(f".secret-{os.getpid()}")
        descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(descriptor, "w", encoding="ascii") as stream:
            stream.write(secret)
        os.replace(temporary, path)
    except OSError:
        return None
    return secret


def _read_private(path: Path) -> str | None:
    """The secret file's text if only this user could have written it: not a link, nobody else's, not
    readable by others (git checks files out readable by all: a cache folder inside a checkout, as CI
    sets ``XDG_CACHE_HOME`` for its cache action, must not hold a secret a pull request committed)."""
    try:
        descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
    except OSError:
        if os.path.islink(path):
            return None  # a link: replaced by a file
        raise
    with os.fdopen(descriptor, "r", encoding="ascii") as stream:
        info = os.fstat(descriptor)
        if os.name != "nt" and (info.st_mode & 0o077 or info.st_uid != os.getuid()):
            return None
        return stream.read(100).strip()
