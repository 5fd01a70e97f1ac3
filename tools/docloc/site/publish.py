"""``docloc build`` never leaves a broken site: it builds beside the site and swaps it in after success.

MkDocs empties the site folder and then writes into it, so a failed build (a strict warning,
a refused translation, a crash, ``kill -9``) left whoever serves ``site/`` a half-deleted
site. Here the site is built into ``.<site>.docloc-<token>.build`` beside it (same folder,
so the same filesystem), and only a build that succeeded replaces it:

- **Linux**: one ``renameat2(RENAME_EXCHANGE)`` (through ctypes) swaps the two folders
  atomically: at every instant ``site/`` is the complete old or the complete new site. The
  old one, now under the staging name, is then deleted.
- **Elsewhere** (or a filesystem without the exchange, such as NFS): two renames, the old
  site to ``.<site>.docloc-<token>.old``, the new one into place. Between them ``site/`` does
  not exist for an instant; a run killed right there leaves the old site under its ``.old``
  name, and the next ``docloc build`` puts it back before anything else.
- **Leftovers**: the next build removes staging folders and old sites killed builds left
  (names ``.<site>.docloc-<8 random>.build`` / ``.old`` beside that site only).
- While it builds and swaps, the build holds an ``flock`` on the folder that holds the
  site, so two projects building into one folder cannot clear each other's staging folder.
- **Durability**: the new site is flushed to disk (``syncfs``) before the swap, so a power
  cut cannot leave the swapped-in site with empty files; the swap itself is fsynced after.
- **Permissions**: a new site folder is made as ``mkdir`` makes one under the umask; a
  replaced one keeps its mode (and, where allowed, its owner and group).
- A site folder that is a mount point cannot be renamed: the build refuses it and asks for
  a folder inside the mount.
"""

from __future__ import annotations

import contextlib
import ctypes
import errno
import logging
import os
import re
import shutil
import stat
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from types import TracebackType

from ..atomic import token
from ..errors import DoclocError
from .shards import site_path

try:
    import fcntl
except ImportError:  # Windows: no lock on the folder holding the site; the project lock still applies
    fcntl = None  # type: ignore[assignment]

_AT_FDCWD = -100
_RENAME_EXCHANGE = 2
_LEFTOVER = re.compile(r"^\.(?P<site>.+)\.docloc-[a-z0-9]{8}\.(?P<kind>build|old)$")


class StagedSite:
    """A staging folder beside ``target``; ``commit()`` swaps it in, leaving without it removes it."""

    def __init__(self, target: Path, wait: float = 120.0) -> None:
        self.target = target
        self.parent = target.parent
        self.wait = wait
        self.token = token()
        self.path = self.parent / f".{target.name}.docloc-{self.token}.build"
        self.recovered: list[str] = []  # what was found from interrupted builds, for the user
        self._lock = -1
        self._committed = False

    def __enter__(self) -> StagedSite:
        target = self.target
        if not target.name or os.path.ismount(target):
            raise DoclocError(
                "the site folder is a mount point, which cannot be replaced whole; give --site-dir a folder inside it",
                str(target),
            )
        if os.path.lexists(target) and not target.is_dir():
            raise DoclocError("the site folder exists and is not a folder", str(target))
        try:
            self.parent.mkdir(parents=True, exist_ok=True)
            self._lock = _lock_folder(self.parent, self.wait)
            self.recovered = self._recover()
            os.mkdir(self.path, 0o777)
            if target.is_dir():
                _copy_mode_and_owner(target, self.path)
        except OSError as error:
            self._unlock()
            raise OSError(error.errno, f"{error.strerror} (the site is built beside it)", str(target)) from None
        except BaseException:
            self._unlock()
            raise
        return self

    def commit(self) -> None:
        """Swap the built site in; from here on the old one is gone, even if deleting it fails."""
        target, staging = self.target, self.path
        try:
            _sync_filesystem(staging)
            if not os.path.lexists(target):
                os.rename(staging, target)
                old = None
            elif _exchange(staging, target):
                old = staging  # the old site now lies under the staging name
            else:
                old = self.parent / f".{target.name}.docloc-{self.token}.old"
                os.rename(target, old)
                try:
                    os.rename(staging, target)
                except OSError:
                    os.rename(old, target)  # put the old site back at once
                    raise
            self._committed = True
            _fsync_folder(self.parent)
        except OSError as error:
            raise OSError(error.errno, f"{error.strerror} (swapping the new site in)", str(target)) from None
        if old is not None:
            try:
                shutil.rmtree(old)
            except OSError as error:
                print(
                    f"docloc: warning: {error.filename or old}: {error.strerror}: the previous site is not "
                    "completely deleted (the next build deletes the rest)",
                    file=sys.stderr,
                )

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        try:
            if not self._committed:
                shutil.rmtree(self.path, ignore_errors=True)
        finally:
            self._unlock()
        if isinstance(error, OSError) and not self._committed:
            # Name the site's file, not the staging folder's (a copy's error names the source first, then
            # the destination); an error that names no file at all happened writing the site.
            staging = str(self.path)
            inside = [str(n) for n in (error.filename, error.filename2) if n and str(n).startswith(staging)]
            if inside or not error.filename:
                real = self.real_path(inside[0]) if inside else str(self.target)
                raise OSError(error.errno, error.strerror or str(error), real) from None

    def real_path(self, path: str) -> str:
        """``path`` with the staging folder replaced by the site folder: what the user knows."""
        staging = str(self.path)
        path = site_path(path, staging)  # a parallel build's shard files are the site's files
        return str(self.target) + path[len(staging) :] if path.startswith(staging) else path

    @contextlib.contextmanager
    def real_paths_in_logs(self) -> Iterator[None]:
        """MkDocs' own messages (on the root logger's handlers) name the site folder, not the staging one."""
        rename = _RealPaths(self)
        handlers = list(logging.getLogger().handlers)
        for handler in handlers:
            handler.addFilter(rename)
        try:
            yield
        finally:
            for handler in handlers:
                handler.removeFilter(rename)

    def _unlock(self) -> None:
        if self._lock >= 0:
            os.close(self._lock)
            self._lock = -1

    def _recover(self) -> list[str]:
        """Put back a site a killed swap left aside, and remove what killed builds left."""
        found: dict[str, list[Path]] = {"build": [], "old": []}
        with os.scandir(self.parent) as entries:
            for entry in entries:
                match = _LEFTOVER.match(entry.name)
                if match and match["site"] == self.target.name and entry.is_dir(follow_symlinks=False):
                    found[match["kind"]].append(Path(entry.path))
        notes = []
        olds = sorted(found["old"], key=lambda p: p.stat().st_mtime)
        if olds and not os.path.lexists(self.target):
            os.rename(olds.pop(), self.target)  # interrupted between the two renames: the old site was complete
            notes.append(f"put back the previous site an interrupted build had moved aside ({self.target})")
        for path in olds + found["build"]:
            shutil.rmtree(path, ignore_errors=True)
        if olds or found["build"]:
            notes.append(f"removed {len(olds) + len(found['build'])} folders interrupted builds left")
        return notes


class _RealPaths(logging.Filter):
    def __init__(self, site: StagedSite) -> None:
        super().__init__()
        self.site = site

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        staging = str(self.site.path)
        if staging in message:
            record.msg, record.args = message.replace(staging, str(self.site.target)), None
        return True


def _lock_folder(folder: Path, wait: float) -> int:
    """An flock on ``folder`` itself, waiting up to ``wait`` seconds; -1 where there is none."""
    if fcntl is None:
        return -1
    descriptor = os.open(folder, os.O_RDONLY | getattr(os, "O_CLOEXEC", 0))
    deadline = time.monotonic() + wait
    while True:
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return descriptor
        except BlockingIOError:
            if time.monotonic() >= deadline:
                os.close(descriptor)
                raise DoclocError(
                    f"another docloc build is writing a site in this folder; gave up after {wait:g} s",
                    str(folder),
                ) from None
            time.sleep(0.1)
        except OSError:  # a filesystem without flock: go on without this lock
            return descriptor


def _exchange(first: Path, second: Path) -> bool:
    """Swap two paths atomically with Linux's renameat2; False where it is not available."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        renameat2 = ctypes.CDLL(None, use_errno=True).renameat2
    except (OSError, AttributeError):  # a libc without it (glibc < 2.28)
        return False
    renameat2.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    renameat2.restype = ctypes.c_int
    if renameat2(_AT_FDCWD, os.fsencode(first), _AT_FDCWD, os.fsencode(second), _RENAME_EXCHANGE) == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.EINVAL, errno.ENOSYS, errno.EOPNOTSUPP):  # the kernel or the filesystem cannot
        return False
    raise OSError(code, os.strerror(code), str(second))


def _sync_filesystem(folder: Path) -> None:
    """Flush the new site to disk before it replaces the old one (``syncfs``: this filesystem only)."""
    if sys.platform.startswith("linux"):
        with contextlib.suppress(OSError, AttributeError):
            descriptor = os.open(folder, os.O_RDONLY | os.O_CLOEXEC)
            try:
                if ctypes.CDLL(None, use_errno=True).syncfs(descriptor) == 0:
                    return
            finally:
                os.close(descriptor)
    if hasattr(os, "sync"):
        os.sync()


def _fsync_folder(folder: Path) -> None:
    with contextlib.suppress(OSError, AttributeError):
        descriptor = os.open(folder, os.O_RDONLY | os.O_CLOEXEC)
        try:
            os.fsync(descriptor)
        finally:
            os.close(descriptor)


def _copy_mode_and_owner(source: Path, folder: Path) -> None:
    """The new site folder gets the old one's mode (a site someone made 0750 stays 0750) and owner."""
    old = source.stat()
    if (old.st_uid, old.st_gid) != (os.geteuid(), os.getegid()) and hasattr(os, "chown"):
        try:
            os.chown(folder, old.st_uid, old.st_gid)
        except OSError:  # only root may give a folder away; a group we belong to is allowed
            with contextlib.suppress(OSError):
                os.chown(folder, -1, old.st_gid)
    os.chmod(folder, stat.S_IMODE(old.st_mode))
