"""Worker processes that end with the command that started them.

``ProcessPoolExecutor``'s workers outlive a parent killed with ``kill -9``: they wait for
work forever (measured: still there minutes later), and an extract worker may still write a
template after its command is gone and another command holds the project lock. On Linux a
worker asks the kernel to kill it when its parent dies (``PR_SET_PDEATHSIG``); elsewhere
the pool is an ordinary one.
"""

from __future__ import annotations

import ctypes
import os
import signal
import sys
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor

_PR_SET_PDEATHSIG = 1


def worker_pool(
    workers: int, initializer: Callable[..., None] | None = None, initargs: tuple = ()
) -> ProcessPoolExecutor:
    """A process pool whose workers die with this process; ``initializer(*initargs)`` runs in each worker first."""
    return ProcessPoolExecutor(workers, initializer=_start_worker, initargs=(os.getpid(), initializer, initargs))


def _start_worker(parent: int, initializer: Callable[..., None] | None, initargs: tuple) -> None:
    _die_with_parent(parent)
    if initializer is not None:
        initializer(*initargs)


def _die_with_parent(parent: int) -> None:
    if sys.platform.startswith("linux"):
        try:
            ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
        except (OSError, AttributeError):
            return
    if os.getppid() != parent:  # the parent died before the request took effect
        os._exit(1)
