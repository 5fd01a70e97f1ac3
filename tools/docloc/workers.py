"""Worker processes that end with the command that started them.

``ProcessPoolExecutor``'s workers outlive a parent killed with ``kill -9``: they wait for
work forever (measured: still there minutes later), and an extract worker may still write a
template after its command is gone and another command holds the project lock. On Linux a
worker asks the kernel to kill it when its parent dies (``PR_SET_PDEATHSIG``); elsewhere
the pool is an ordinary one. And the collector paused while a process makes what it keeps
(``collector_paused``).
"""

from __future__ import annotations

import gc
import os
import signal
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from concurrent.futures import ProcessPoolExecutor

_PR_SET_PDEATHSIG = 1


def worker_pool(
    workers: int, initializer: Callable[..., None] | None = None, initargs: tuple = ()
) -> ProcessPoolExecutor:
    """A process pool whose workers die with this process; ``initializer(*initargs)`` runs in each worker first.

    (``concurrent.futures`` and ``ctypes`` are imported here: ``docloc check`` forks its workers and
    never needs them, and importing them cost every start about 20 ms.)"""
    from concurrent.futures import ProcessPoolExecutor

    if sys.platform.startswith("linux"):
        import ctypes  # noqa: F401 - once, before the workers fork, rather than in each (_die_with_parent)

    return ProcessPoolExecutor(workers, initializer=_start_worker, initargs=(os.getpid(), initializer, initargs))


def _start_worker(parent: int, initializer: Callable[..., None] | None, initargs: tuple) -> None:
    _die_with_parent(parent)
    if initializer is not None:
        initializer(*initargs)


def _die_with_parent(parent: int) -> None:
    if sys.platform.startswith("linux"):
        import ctypes

        try:
            ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
        except (OSError, AttributeError):
            return
    if os.getppid() != parent:  # the parent died before the request took effect
        os._exit(1)


@contextmanager
def collector_paused() -> Iterator[None]:
    """The cyclic garbage collector paused while a process makes objects it keeps and that hold no cycles.

    A check worker's share (catalogs, pages, findings, kept until its report is sent; no reference
    cycle on the corpus) or the catalogs ``docloc build`` reads before MkDocs starts: the collector's
    passes over them freed nothing and cost a tenth of a cold check, a fifth of that read. At the end
    they join the oldest generation, so the young ones are not scanned once more on the way there.
    """
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if not gc.get_freeze_count():  # (objects someone else froze stay frozen)
            gc.freeze()  # every tracked object to the permanent generation, then back to the oldest one
            gc.unfreeze()
        if collecting:
            gc.enable()
