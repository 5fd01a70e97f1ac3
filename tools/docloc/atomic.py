"""Atomic writes that leave ordinary files, and the removal of what a killed run left behind.

A file is written to a temporary file beside it and renamed over it, so a reader (or a run
killed half-way) sees the complete old or the complete new file, never a torn one. Beyond
the rename:

- **Permissions.** The temporary file is created with mode 0666, so the kernel applies the
  umask (and a folder's default ACL) exactly as it does for ``open(path, "w")``:
  ``tempfile.mkstemp``'s 0600 made every file unreadable to a web server running as another
  user. A file that already exists keeps its mode (and, where allowed, its owner and
  group), as editors do: a catalog someone made private stays private.
- **Durability.** Replacing a file is fsynced before the rename: the old file may hold a
  translator's work, and without it a power cut could leave an empty file under the old
  name. New files are not fsynced (3.4 ms each on this project's machine, so a fresh corpus
  import of ~1000 files would take 3.4 s longer): a power cut loses at most a new file, whose
  source is still there to run the command again.
- **Leftovers.** Temporary files are named ``.<name>.docloc-<8 random>.tmp`` and removed on
  every error path. A run killed with ``kill -9`` cannot remove its own; the next run does
  (``remove_leftovers``), but only files that match that pattern *and* that no live process
  is writing: each writer holds an ``flock`` on its temporary file until it is renamed, and
  the kernel drops it when the writer dies.
- **Errors** name the file being written, not the temporary file: ``OSError`` with the real
  path as ``filename``, which the CLI prints as ``file: message`` (exit 2).
"""

from __future__ import annotations

import contextlib
import errno
import os
import re
import stat
from collections.abc import Iterable
from pathlib import Path

try:
    import fcntl
except ImportError:  # Windows: an open file cannot be deleted there, which protects live writers instead
    fcntl = None  # type: ignore[assignment]

TEMP_MARK = ".docloc-"
_ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789"
# docloc's temporary files, and its staging folders beside a site (".site.docloc-<token>.build")
TEMP_FILE = re.compile(r"^\..+\.docloc-[a-z0-9]{8}\.tmp$")


def token() -> str:
    """Eight random characters that make a temporary name unique and recognisable.

    From one read of eight random bytes (``secrets.choice`` reads the system's randomness once per
    character, and an import names a temporary file for each of its thousand files); the slight bias
    of ``% 36`` does not matter to a name that is created exclusively and retried when taken.
    ``os.urandom`` is what ``secrets.token_bytes`` reads (importing ``secrets`` imports ``random`` too)."""
    return "".join([_ALPHABET[byte % len(_ALPHABET)] for byte in os.urandom(8)])


def temporary_name(path: Path) -> Path:
    return path.parent / f".{path.name}{TEMP_MARK}{token()}.tmp"


def write_bytes_atomic(path: Path, data: bytes, durable: bool = True) -> None:
    """Replace ``path`` with ``data`` through a temporary file; errors name ``path``.

    A symbolic link is written through (its target is replaced), as editors do, so a page
    linked in from elsewhere stays linked. ``durable=False`` skips the fsync of a replacement: for
    docloc's own records that a power cut may lose (the next run makes them again).
    """
    target = Path(os.path.realpath(path)) if os.path.islink(path) else path
    try:
        old = os.stat(target)
    except FileNotFoundError:
        old = None
    except OSError as error:
        raise _named(error, path) from None
    if old is not None and not may_write(target):  # as open(path, "w") refuses it: a file made read-only stays
        raise _named(PermissionError(errno.EACCES, os.strerror(errno.EACCES)), path)
    descriptor = -1
    temporary: Path | None = None
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        descriptor, temporary = _create_temporary(target)
        view = memoryview(data)
        while view:
            view = view[os.write(descriptor, view) :]
        if old is not None:
            _keep_mode_and_owner(descriptor, old)
        if old is not None and durable:
            os.fsync(descriptor)  # the old file may hold work: its replacement must be on disk before the rename
        os.replace(temporary, target)  # still holding the flock, so no cleaner takes it for a leftover
        temporary = None
    except BaseException as error:
        if temporary is not None:
            with contextlib.suppress(OSError):
                os.unlink(temporary)
        if isinstance(error, OSError):
            raise _named(error, path) from None
        raise
    finally:
        if descriptor >= 0:
            os.close(descriptor)


def may_write(path: str | os.PathLike[str]) -> bool:
    """Whether this process may write the existing file ``path`` in place (its mode, owner and this process's
    privileges, as ``open(path, "w")`` would find): a replacement through a new file must not do more."""
    return os.access(path, os.W_OK, effective_ids=os.access in os.supports_effective_ids)


def _create_temporary(target: Path) -> tuple[int, Path]:
    """A new, locked temporary file beside ``target``, created as ``open(path, "w")`` would create it."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_BINARY", 0)
    while True:
        temporary = temporary_name(target)
        try:
            descriptor = os.open(temporary, flags, 0o666)
        except FileExistsError:
            continue
        if fcntl is None:
            return descriptor, temporary
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX)  # waits only while a cleaner looks at it
        except OSError:  # a filesystem without flock (ENOLCK): unprotected, and cleaners skip it likewise
            return descriptor, temporary
        try:
            if os.stat(temporary).st_ino == os.fstat(descriptor).st_ino:
                return descriptor, temporary
        except FileNotFoundError:
            pass
        os.close(descriptor)  # a cleaner took it for a leftover in the instant before the lock: try another name


def _keep_mode_and_owner(descriptor: int, old: os.stat_result) -> None:
    if not hasattr(os, "fchmod"):
        return
    os.fchmod(descriptor, stat.S_IMODE(old.st_mode))
    if hasattr(os, "fchown") and (old.st_uid, old.st_gid) != (os.geteuid(), os.getegid()):
        try:
            os.fchown(descriptor, old.st_uid, old.st_gid)
        except OSError:  # only root may give a file away; a group we belong to is allowed
            with contextlib.suppress(OSError):
                os.fchown(descriptor, -1, old.st_gid)
        os.fchmod(descriptor, stat.S_IMODE(old.st_mode))  # chown clears set-id bits


def _named(error: OSError, path: Path) -> OSError:
    """The same error, naming the file the user knows rather than a temporary or a folder."""
    return OSError(error.errno, error.strerror or str(error), str(path))


def remove_leftovers(folders: Iterable[Path], recursive: bool = True) -> list[Path]:
    """Remove the temporary files killed runs left in ``folders``; returns what was removed.

    Only names that match docloc's pattern are considered, symbolic links are not followed,
    and a file some live process is still writing (it holds its lock) is left alone.
    """
    removed: list[Path] = []
    for folder in folders:
        for directory, subfolders, files in os.walk(folder):
            if not recursive:
                subfolders.clear()
            for name in files:
                if name.startswith(".") and TEMP_FILE.match(name):
                    path = Path(directory, name)
                    if remove_if_abandoned(path):
                        removed.append(path)
    return removed


def remove_if_abandoned(path: Path) -> bool:
    """Remove ``path`` if no live process holds its lock (the writer that made it is gone)."""
    try:
        descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0))
    except OSError:
        return False
    try:
        if fcntl is not None:
            try:
                fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except OSError:
                return False  # a live writer
            if os.stat(path).st_ino != os.fstat(descriptor).st_ino:
                return False
            os.unlink(path)
            return True
    except OSError:
        return False
    finally:
        os.close(descriptor)
    try:  # Windows: a file another process has open cannot be deleted
        os.unlink(path)
    except OSError:
        return False
    return True
