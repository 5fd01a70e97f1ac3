"""Worker processes that end with the command that started them.

``ProcessPoolExecutor``'s workers outlive a parent killed with ``kill -9``: they wait for
work forever (measured: still there minutes later), and an extract worker may still write a
template after its command is gone and another command holds the project lock. On Linux a
worker asks the kernel to kill it when its parent dies (``PR_SET_PDEATHSIG``); elsewhere
the pool is an ordinary one.

Where the work can be dealt out beforehand (``deal``), a plain ``fork`` per share does it
(``ForkedWorker``): the parent takes a share itself, and a pool's queues, manager thread
and its workers' interpreter shutdown (a tenth of a cold ``extract`` or ``check``) are not
paid. And the collector paused while a process makes what it keeps (``collector_paused``).

``pickle`` is imported where messages are: a check of one edited catalog starts no worker.
"""

from __future__ import annotations

import gc
import os
import select
import signal
import struct
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from functools import partial
from typing import TYPE_CHECKING, BinaryIO, NoReturn

if TYPE_CHECKING:
    from concurrent.futures import ProcessPoolExecutor

_PR_SET_PDEATHSIG = 1


def worker_pool(
    workers: int, initializer: Callable[..., None] | None = None, initargs: tuple = ()
) -> ProcessPoolExecutor:
    """A process pool whose workers die with this process; ``initializer(*initargs)`` runs in each worker first.

    (``concurrent.futures`` is imported here: ``docloc check`` and ``extract`` fork their workers
    (``ForkedWorker``) and never need it, and importing it cost every start about 12 ms.)"""
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


def deal(sizes: Sequence[int], jobs: int) -> list[list[int]]:
    """The indexes of ``sizes`` dealt to at most ``jobs`` workers, largest first, each to the least loaded one;
    each worker's in their first order, empty shares left out.

    Work grows with the size of what is read: dealing in turn left one core idle for a tenth of
    a run on the corpus, and a worker that takes items as it goes (a pool) costs more to start."""
    loads = [0] * max(1, jobs)
    dealt: list[list[int]] = [[] for _ in loads]
    for index in sorted(range(len(sizes)), key=lambda i: -sizes[i]):
        worker = loads.index(min(loads))
        loads[worker] += sizes[index]
        dealt[worker].append(index)
    return [sorted(share) for share in dealt if share]


_FRAME = struct.Struct(">Q")  # each message's length, before its pickle


# The read ends of the pipes of this process's live workers, and the write ends of the pipes it gives fed
# workers their work through. A child forked later closes them: one it held open kept an earlier worker's pipe
# open after ``stop`` closed it here, so that worker went on filling a pipe nobody read instead of ending at
# its next send (or, fed, waited for work that never came), and ``stop`` waited for it forever.
_held_ends: set[int] = set()


class WorkerFailed(RuntimeError):
    """A forked worker ended without saying it was done (killed, or out of memory), or with an error pickle
    cannot carry (its type and message)."""


class ForkedWorker:
    """A forked child running ``work(send)``: each object it sends arrives here in order (``received``).

    The child dies with this process (``PR_SET_PDEATHSIG``) and leaves without an interpreter
    shutdown (``os._exit``) once its work is sent; an exception it raises is raised here, by
    ``received``, after what it sent before. Only where ``os.fork`` exists (``can_fork``).

    A ``fed`` worker runs ``work(send, receive)`` and is given its work as it goes: ``receive()`` returns
    each object this process ``give``s, in order, and None once ``given_all`` (or ``stop``) says there is no
    more. Work dealt as it goes keeps every core busy to the end whatever each piece costs, which shares
    dealt beforehand by size cannot know.
    """

    def __init__(self, work: Callable[..., None], fed: bool = False) -> None:
        import pickle  # noqa: F401 - once here, before the fork, not in each child (_run_child)

        if sys.platform.startswith("linux"):
            import ctypes  # noqa: F401 - once here, not in each child (_die_with_parent)
        parent = os.getpid()
        reading, writing = os.pipe()
        inbox = os.pipe() if fed else None  # (its read end, its write end)
        try:
            pid = os.fork()
        except OSError:  # (no memory, or the process limit): the run ends with it, the pipes not left open
            for end in (reading, writing, *(inbox or ())):
                os.close(end)
            raise
        if pid == 0:
            _run_child(work, parent, reading, writing, inbox)  # never returns
        os.close(writing)
        _held_ends.add(reading)
        self.giving: int | None = None  # the write end of the pipe a fed worker's work goes through
        if inbox is not None:
            os.close(inbox[0])
            self.giving = inbox[1]
            _held_ends.add(self.giving)
        self.pid: int | None = pid
        self.pipe: int | None = reading
        self._buffer = bytearray()
        self._failure: BaseException | None = None  # raised by the next ``received`` (``_fail``)
        self.done = False

    def give(self, message: object) -> bool:
        """Send a fed worker its next piece of work (a small one: written whole, in one frame). False when the
        worker has ended (failed, or was killed): it takes no more, and ``received`` says how it ended."""
        assert self.giving is not None, "give is for a fed worker not yet told there is no more"
        import pickle  # (imported already: by ``__init__``, before the fork)

        data = pickle.dumps(message, protocol=pickle.HIGHEST_PROTOCOL)
        try:
            with memoryview(_FRAME.pack(len(data)) + data) as view:
                while view:
                    view = view[os.write(self.giving, view) :]
        except BrokenPipeError:
            self.given_all()
            return False
        return True

    def given_all(self) -> None:
        """Tell a fed worker there is no more work: its ``receive`` returns None once it has taken the rest."""
        if self.giving is not None:
            _held_ends.discard(self.giving)
            os.close(self.giving)
            self.giving = None

    def fileno(self) -> int:
        """The pipe's read end, waited for by ``ready``; -1 once the worker is done."""
        return -1 if self.pipe is None else self.pipe

    def received(self, wait: bool = False) -> list[object]:
        """What the worker sent since the last call: only what is already there, or with ``wait`` at least
        one message (or its end). Raises the worker's exception, or ``WorkerFailed``, at its end: once
        everything sent before it has been returned."""
        import pickle

        messages: list[object] = []
        if self._failure is not None:
            failure, self._failure = self._failure, None
            self.stop()
            raise failure
        while self.pipe is not None:
            if not ready([self], wait and not messages):
                break
            chunk = os.read(self.pipe, 1 << 20)
            if not chunk:
                ending = self._ending()
                return self._fail(messages, WorkerFailed(f"a docloc worker process {ending} before its work was done"))
            self._buffer += chunk
            while len(self._buffer) >= _FRAME.size:
                (length,) = _FRAME.unpack_from(self._buffer)
                if len(self._buffer) < _FRAME.size + length:
                    break
                with memoryview(self._buffer) as view:  # (a report of megabytes is not copied first)
                    kind, value = pickle.loads(view[_FRAME.size : _FRAME.size + length])
                del self._buffer[: _FRAME.size + length]
                if kind == "item":
                    messages.append(value)
                    continue
                if kind == "error":
                    return self._fail(messages, value)
                self.stop()
                self.done = True
                return messages
        return messages

    def _ending(self) -> str:
        """How the child ended, its pipe closed (waited for here): the signal that killed it, or its exit status."""
        if self.pid is None:
            return "ended"
        _, status = os.waitpid(self.pid, 0)
        self.pid = None
        if os.WIFSIGNALED(status):
            number = os.WTERMSIG(status)
            try:
                name = signal.Signals(number).name
            except ValueError:  # (a real-time signal has no name)
                name = f"signal {number}"
            return f"was killed ({name}{', perhaps for want of memory' if number == signal.SIGKILL else ''})"
        return f"ended (exit status {os.waitstatus_to_exitcode(status)})"

    def _fail(self, messages: list[object], error: BaseException) -> list[object]:
        """``error`` raised now, or once the ``messages`` read with it are taken (the next ``received``):
        what the worker sent before it failed is not lost with it. (Until then the pipe stays open, at its
        end, so ``ready`` finds this worker ready.)"""
        if messages:
            self._failure = error
            return messages
        self.stop()
        raise error

    def stop(self, kill: bool = False) -> None:
        """Close the pipe and wait for the child: one still at work stops at its next ``send`` (its pipe is
        closed), so a file it is writing is written whole; with ``kill`` (a worker that writes nothing) at once.
        A fed worker is told first that there is no more work: one waiting for it ends too."""
        self.given_all()
        if self.pipe is not None:
            _held_ends.discard(self.pipe)
            os.close(self.pipe)
            self.pipe = None
        if self.pid is not None:
            if kill:
                os.kill(self.pid, signal.SIGTERM)
            os.waitpid(self.pid, 0)
            self.pid = None


def first_failure(failed: Sequence[tuple[int, Exception]]) -> tuple[int, Exception]:
    """Of the failures workers met, each at its place in the run's order, the one a single process would have met
    first, and raised: what a run reports does not depend on how its work was dealt."""
    return min(failed, key=lambda failure: failure[0])


def ready(workers: Sequence[ForkedWorker], wait: bool = True) -> list[ForkedWorker]:
    """Those of ``workers`` with something to read (a message, or their end); with ``wait``, once one has.

    ``poll``, not ``select``: a process that holds many files open gets descriptors above 1023,
    which ``select`` cannot take."""
    polled = select.poll()
    for worker in workers:
        polled.register(worker.fileno(), select.POLLIN)
    found = {descriptor for descriptor, _ in polled.poll(None if wait else 0)}  # (an end is a POLLHUP)
    return [worker for worker in workers if worker.fileno() in found]


def _run_child(
    work: Callable[..., None], parent: int, reading: int, writing: int, inbox: tuple[int, int] | None
) -> NoReturn:
    """A forked worker's life: ``work(send)`` (fed: ``work(send, receive)``), each message framed through the pipe,
    then its end or its error; it leaves with ``os._exit``, so nothing of the parent's (atexit, buffers) runs twice."""
    import pickle

    status = 1
    try:
        # (an earlier worker's end held here would keep its pipe open; this worker's own ends are the parent's)
        for end in (reading, *_held_ends, *(inbox[1:] if inbox else ())):
            os.close(end)
        _held_ends.clear()
        _die_with_parent(parent)
        with os.fdopen(writing, "wb") as stream:  # buffered: a large message is written whole

            def write(data: bytes) -> None:
                stream.write(_FRAME.pack(len(data)))
                stream.write(data)
                stream.flush()  # each message as soon as it is made (extract's progress)

            def send(message: object) -> None:
                write(pickle.dumps(("item", message), protocol=pickle.HIGHEST_PROTOCOL))

            try:
                if inbox is None:
                    work(send)
                else:
                    with os.fdopen(inbox[0], "rb") as given:
                        work(send, partial(_receive, given))
                write(pickle.dumps(("end", None), protocol=pickle.HIGHEST_PROTOCOL))
            except BaseException as error:  # raised in the parent (``ForkedWorker.received``)
                write(_pickled_error(error))
        status = 0
    finally:
        os._exit(status)


def _receive(given: BinaryIO) -> object | None:
    """A fed worker's next piece of work (``ForkedWorker.give``), or None once there is no more (``given_all``)."""
    header = given.read(_FRAME.size)
    if len(header) < _FRAME.size:
        return None  # (the parent closed its end)
    (length,) = _FRAME.unpack(header)
    import pickle  # (imported already: by ``ForkedWorker.__init__``, before the fork)

    return pickle.loads(given.read(length))


def _pickled_error(error: BaseException) -> bytes:
    """A worker's last message: its error, or where pickle cannot carry it (it holds a lock, or its ``__init__``
    takes other arguments than its ``args``) a ``WorkerFailed`` naming it, not a worker that seems killed."""
    import pickle

    try:
        data = pickle.dumps(("error", error), protocol=pickle.HIGHEST_PROTOCOL)
        pickle.loads(data)  # (only on this rare path: what the parent would do with it)
        return data
    except Exception:
        try:
            named = f"{type(error).__name__}: {error}"
        except Exception:  # (a ``__str__`` that fails too)
            named = type(error).__name__
        return pickle.dumps(("error", WorkerFailed(named)), protocol=pickle.HIGHEST_PROTOCOL)


def can_fork() -> bool:
    """Whether ``ForkedWorker`` can run here (not on Windows)."""
    return hasattr(os, "fork")


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
