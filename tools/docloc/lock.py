"""One writer at a time: the project lock docloc's commands take.

Without it, ``docloc import`` and ``docloc update`` run together could each read a catalog
before the other wrote it, and the last one to write reverted the other's work. The CLI
(``docloc.cli``) takes the lock around every command; library calls and the MkDocs plugin
do not (see README, "The project lock").

- **The lock file** is ``.docloc/lock`` in the project folder (``.docloc/`` holds docloc's
  state, check's cache too, and is git-ignored). It is locked with a POSIX record lock
  (``fcntl.lockf``: ``F_SETLK``) and never deleted (deleting a lock file races with the next
  taker). The kernel drops the lock when its holder ends, however it ends
  (``kill -9`` included), so a killed command's lock is simply taken over by the next one.
  Not ``flock``: an ``flock`` belongs to the open file, which the import's and extract's
  worker processes inherit when they are forked; a worker orphaned by ``kill -9`` kept the
  project locked for as long as it lived (measured: forever). A record lock belongs to the
  process that took it and is not inherited.
- **Writers** (``import``, ``extract``, ``update``, ``build``, ``init`` in an existing folder)
  take it exclusively and write a one-line description of themselves into the file
  (command, pid, host, start time), which a waiting command names; they empty it when they
  release the lock. A description found by the next writer is therefore one a killed
  command left: the next writer says so and takes over.
- **Readers** (``check``, ``export``, ``update --dry-run``) take it shared: they wait for a
  writer to finish, so a report or an export shows one state of the project, never a mix of
  catalogs before and after an update; readers run side by side.
- **Waiting.** A command waits for the lock up to ``--wait SECONDS`` (default
  ``DOCLOC_LOCK_WAIT``, else 120 s: more than the longest command measured, a build of the
  whole corpus site), saying once on stderr whom it waits for; then it gives up with exit 2
  and one line naming the holder. ``--wait 0`` gives up at once.
- **Windows** has no ``fcntl``: the lock is ``msvcrt.locking`` on one byte far beyond the
  description (so the description stays readable), also dropped when the holder ends, and
  always exclusive (readers wait for each other too). This path is not tested in CI.
"""

from __future__ import annotations

import json
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path

from .errors import DoclocError

try:
    import fcntl
except ImportError:  # Windows
    fcntl = None  # type: ignore[assignment]
    import msvcrt

STATE_DIR = ".docloc"  # docloc's own files in a project (the lock, check's cache), git-ignored
LOCK_FILE = f"{STATE_DIR}/lock"
WAIT_ENV = "DOCLOC_LOCK_WAIT"
DEFAULT_WAIT = 120.0
_WINDOWS_LOCK_OFFSET = 1 << 20  # the byte msvcrt locks, far past any description


def _host_name() -> str:
    """This machine's name, as ``socket.gethostname`` gives it (``uname``'s node name: the same value,
    without importing ``socket`` into every command's start)."""
    if hasattr(os, "uname"):
        return os.uname().nodename
    import socket  # Windows

    return socket.gethostname()


# Locks this process holds, by lock file: taking one again must not open the file a second
# time, because closing any descriptor of a file drops the process's record locks on it.
_held: dict[str, ProjectLock] = {}


def wait_seconds(option: float | None) -> float:
    """The wait the user asked for: the option, else the environment variable, else the default."""
    if option is not None:
        value: object = option
    else:
        value = os.environ.get(WAIT_ENV, "").strip() or DEFAULT_WAIT
    try:
        seconds = float(value)  # type: ignore[arg-type]
    except ValueError:
        seconds = -1.0
    if not seconds >= 0:  # also NaN
        name = "--wait" if option is not None else WAIT_ENV
        raise DoclocError(f"{name} must be a number of seconds (0 or more), not {value!r}")
    return seconds


def _notify(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


class ProjectLock:
    """The lock of one project folder, exclusive (a writer) or shared (a reader); a context manager."""

    def __init__(
        self,
        root: Path,
        command: str,
        exclusive: bool = True,
        wait: float = DEFAULT_WAIT,
        notify: Callable[[str], None] = _notify,
    ) -> None:
        self.root = root
        self.path = root / LOCK_FILE
        self.command = command
        self.exclusive = exclusive
        self.wait = wait
        self.notify = notify
        self.taken_over: dict | None = None  # the description a killed writer left, if any
        self._descriptor = -1
        self._nested = False
        self._key = os.path.realpath(self.path)

    def __enter__(self) -> ProjectLock:
        self.acquire()
        return self

    def __exit__(self, *exc: object) -> None:
        self.release()

    def acquire(self) -> None:
        outer = _held.get(self._key)
        if outer is not None:  # this process holds it already (a nested call): nothing more to take
            if self.exclusive and not outer.exclusive:
                raise DoclocError("a command holding the project lock to read cannot write", str(self.root))
            self._nested = True
            return
        descriptor = self._open()
        if descriptor < 0:
            return  # a project nobody can write to: there is no writer to wait for
        try:
            self._wait_for(descriptor)
        except BaseException:
            os.close(descriptor)
            raise
        self._descriptor = descriptor
        _held[self._key] = self
        if self.exclusive:
            self._describe_self(descriptor)

    def _wait_for(self, descriptor: int) -> None:
        """Take the lock on ``descriptor``, waiting up to ``self.wait`` seconds, or say who holds it."""
        deadline = time.monotonic() + self.wait
        pause = 0.02
        announced = False
        while not _try_lock(descriptor, self.exclusive):
            remaining = deadline - time.monotonic()
            record = _read_holder(descriptor)
            if record is None and remaining <= 0:  # a writer that has just taken it may be writing its description
                time.sleep(0.05)
                record = _read_holder(descriptor)
            holder = _describe(record, self.exclusive)
            if remaining <= 0:
                if self.wait == 0:
                    waited = f"not waiting (--wait SECONDS or {WAIT_ENV} to wait)"
                else:
                    waited = f"gave up after waiting {self.wait:g} s (--wait SECONDS or {WAIT_ENV} to wait longer)"
                raise DoclocError(f"the project is in use by {holder}; {waited}", str(self.root))
            if not announced:
                self.notify(f"docloc: waiting for {holder} to finish (up to {self.wait:g} s)")
                announced = True
            time.sleep(min(pause, remaining))
            pause = min(pause * 2, 0.2)

    def _open(self) -> int:
        if not self.root.is_dir():
            return -1  # no project folder: nothing to protect, and the command says what is missing
        # Not through a link: a pull request can commit .docloc/lock as one, to a file a writer would empty.
        flags = getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_BINARY", 0) | getattr(os, "O_NOFOLLOW", 0)
        try:
            self.path.parent.mkdir(exist_ok=True)
            return os.open(self.path, os.O_RDWR | os.O_CREAT | flags, 0o666)
        except OSError as error:
            if self.exclusive:
                raise OSError(error.errno, f"cannot lock the project: {error.strerror}", str(self.path)) from None
        try:  # a reader in a folder it may not write to: the lock file, if there is one, read-only
            return os.open(self.path, os.O_RDONLY | flags)
        except OSError:
            return -1

    def _describe_self(self, descriptor: int) -> None:
        left = _read_holder(descriptor)
        if left is not None:
            self.taken_over = left
            self.notify(
                f"docloc: note: {_name(left)} ended without releasing the project lock (killed?); taking it over"
            )
        record = {
            "command": self.command,
            "pid": os.getpid(),
            "host": _host_name(),
            "since": time.strftime("%Y-%m-%d %H:%M:%S"),
        }
        try:
            os.ftruncate(descriptor, 0)
            os.lseek(descriptor, 0, os.SEEK_SET)
            os.write(descriptor, (json.dumps(record) + "\n").encode("utf-8"))
        except OSError:  # a full disk: the lock holds all the same, only waiting commands cannot name us
            pass

    def release(self) -> None:
        if self._nested or self._descriptor < 0:
            self._nested = False
            return
        descriptor, self._descriptor = self._descriptor, -1
        _held.pop(self._key, None)
        try:
            if self.exclusive:
                os.ftruncate(descriptor, 0)  # released normally: no description for the next one to report
            if fcntl is None:
                os.lseek(descriptor, _WINDOWS_LOCK_OFFSET, os.SEEK_SET)
                msvcrt.locking(descriptor, msvcrt.LK_UNLCK, 1)
        except OSError:
            pass
        finally:
            os.close(descriptor)  # drops the lock


def _try_lock(descriptor: int, exclusive: bool) -> bool:
    try:
        if fcntl is not None:
            fcntl.lockf(descriptor, (fcntl.LOCK_EX if exclusive else fcntl.LOCK_SH) | fcntl.LOCK_NB)
        else:
            os.lseek(descriptor, _WINDOWS_LOCK_OFFSET, os.SEEK_SET)
            msvcrt.locking(descriptor, msvcrt.LK_NBLCK, 1)
    except (BlockingIOError, PermissionError):  # EAGAIN or EACCES: someone holds it
        return False
    except OSError:
        if fcntl is None:  # msvcrt says EDEADLOCK when the byte is locked
            return False
        raise
    return True


def _read_holder(descriptor: int) -> dict | None:
    try:
        if hasattr(os, "pread"):
            data = os.pread(descriptor, 4096, 0)
        else:
            os.lseek(descriptor, 0, os.SEEK_SET)
            data = os.read(descriptor, 4096)
    except OSError:
        return None
    try:
        record = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        return None
    return record if isinstance(record, dict) else None


def _describe(record: dict | None, exclusive: bool) -> str:
    """Who holds the lock: the writer the file describes while it runs, else the readers that may."""
    if record and _may_be_running(record):
        return _name(record)
    if exclusive:
        return "another docloc command (check, export and update --dry-run hold it to read)"
    return "another docloc command"


def _name(record: dict) -> str:
    """``docloc update (pid 123, since 2026-05-09 12:00:01)``."""
    host = record.get("host")
    where = f" on {host}" if host and host != _host_name() else ""
    return f"docloc {record.get('command', '?')} (pid {record.get('pid', '?')}{where}, since {record.get('since')})"


def _may_be_running(record: dict) -> bool:
    """False when the recorded process is known to be gone (same host, no such pid)."""
    if record.get("host") != _host_name() or fcntl is None:  # on Windows os.kill would end it
        return True
    try:
        os.kill(int(record.get("pid", 0)), 0)
    except ProcessLookupError:
        return False
    except (OSError, ValueError, TypeError, OverflowError):
        return True
    return True
