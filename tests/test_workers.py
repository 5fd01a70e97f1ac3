"""``docloc.workers``: work dealt by size, and forked workers whose messages, errors and ends reach the parent."""

from __future__ import annotations

import errno
import os
import signal
import subprocess
import sys
import textwrap
import threading
import time
from pathlib import Path

import pytest

from docloc.workers import ForkedWorker, WorkerFailed, deal, ready

REPO = Path(__file__).resolve().parents[1]


def test_deal_gives_the_largest_first_to_the_least_loaded_and_keeps_each_share_in_order() -> None:
    sizes = [5, 1, 9, 3, 3, 7, 0]
    shares = deal(sizes, 2)
    assert sorted(i for share in shares for i in share) == list(range(len(sizes)))  # each once
    assert all(share == sorted(share) for share in shares)
    assert shares == [[2, 3, 4], [0, 1, 5, 6]]  # 9, 3, 3 and 7, 5, 1, 0: greedy, largest first
    assert deal([4, 4], 5) == [[0], [1]]  # no empty share
    assert deal([], 3) == []
    assert deal([1, 2, 3], 1) == [[0, 1, 2]]


def _send_three(send) -> None:
    for n in range(3):
        send(("page", n))


def _send_then_fail(send) -> None:
    send("first")
    raise ValueError("broken on purpose")


def _vanish(send) -> None:
    send("before")
    os._exit(3)  # as a worker killed by the kernel would end: no end message


def test_a_forked_worker_s_messages_arrive_in_order_and_it_ends() -> None:
    worker = ForkedWorker(_send_three)
    received = []
    while not worker.done:
        received += worker.received(wait=True)
    assert received == [("page", 0), ("page", 1), ("page", 2)]
    assert worker.pid is None and worker.pipe is None  # waited for, pipe closed


def test_a_forked_worker_s_exception_is_raised_in_the_parent_after_what_it_sent() -> None:
    worker = ForkedWorker(_send_then_fail)
    received: list = []
    with pytest.raises(ValueError, match="broken on purpose"):
        while True:
            received += worker.received(wait=True)
    assert received == ["first"]  # (read with the error, in one chunk: not dropped)
    assert worker.pid is None


def _send_large(send) -> None:
    send("x" * (8 << 20))  # far beyond a pipe's buffer: written whole, read whole


def test_a_message_larger_than_the_pipe_arrives_whole() -> None:
    worker = ForkedWorker(_send_large)
    received: list = []
    while not worker.done:
        received += worker.received(wait=True)
    assert received == ["x" * (8 << 20)]


def test_what_a_vanished_worker_sent_before_it_vanished_arrives() -> None:
    worker = ForkedWorker(_vanish)
    received: list = []
    with pytest.raises(WorkerFailed):
        for _ in range(10):
            received += worker.received(wait=True)
    assert received == ["before"]


def test_a_worker_that_ends_without_its_end_is_a_failure_not_a_hang() -> None:
    worker = ForkedWorker(_vanish)
    with pytest.raises(WorkerFailed, match=r"ended \(exit status 3\) before its work was done"):
        for _ in range(10):
            worker.received(wait=True)
    assert worker.pid is None


class _TwoArgumentError(Exception):
    def __init__(self, page: str, why: str) -> None:  # (pickle rebuilds it with one argument: a TypeError)
        super().__init__(f"{page}: {why}")


def _fail_unpicklably(send) -> None:
    raise _TwoArgumentError("a.md", "broken on purpose")


def _fail_holding_a_lock(send) -> None:
    error = RuntimeError("broken on purpose, holding a lock")
    error.lock = threading.Lock()  # type: ignore[attr-defined] - cannot be pickled
    raise error


@pytest.mark.parametrize("work", [_fail_unpicklably, _fail_holding_a_lock], ids=["cannot be rebuilt", "cannot be sent"])
def test_a_worker_s_error_that_pickle_cannot_carry_still_names_itself(work) -> None:
    """Not "ended before its work was done" (as if killed), nor the unpickler's own TypeError: the error's
    type and message."""
    worker = ForkedWorker(work)
    with pytest.raises(WorkerFailed, match=r"(_TwoArgumentError: a\.md|RuntimeError): broken on purpose"):
        for _ in range(10):
            worker.received(wait=True)
    assert worker.pid is None


def _slow_pages(send) -> None:
    for n in range(1000):
        time.sleep(0.01)
        send(n)


def test_a_worker_stopped_early_ends_at_its_next_message() -> None:
    worker = ForkedWorker(_slow_pages)
    first = worker.received(wait=True)
    assert first and first[0] == 0
    started = time.monotonic()
    worker.stop()  # closes the pipe: the next send fails and the child leaves
    assert time.monotonic() - started < 5
    assert worker.pid is None


def _many_pages(send) -> None:
    for n in range(100_000):  # far more than a pipe holds unread
        send(n)


def test_a_worker_stopped_early_ends_at_its_next_message_though_a_later_worker_was_forked() -> None:
    """A worker forked later must not hold an earlier one's pipe open: the earlier one's sends would go on
    filling a pipe nobody reads, and its ``stop`` would wait for a child blocked on it (a hang)."""
    first = ForkedWorker(_many_pages)
    second = ForkedWorker(_slow_pages)
    try:
        assert first.received(wait=True)
        started = time.monotonic()
        stopper = threading.Thread(target=first.stop, daemon=True)
        stopper.start()
        stopper.join(10)
        assert not stopper.is_alive(), "stopping the first worker hung while the second one lived"
        assert time.monotonic() - started < 5
    finally:
        second.stop()
        stopper.join(10)


def _double_what_is_given(send, receive) -> None:
    while (given := receive()) is not None:
        send(given * 2)


def _received_all(worker: ForkedWorker) -> list:
    received: list = []
    while not worker.done:
        received += worker.received(wait=True)
    return received


def test_a_fed_worker_takes_what_is_given_in_order_and_ends_when_told_there_is_no_more() -> None:
    worker = ForkedWorker(_double_what_is_given, fed=True)
    assert worker.give(0)
    received = worker.received(wait=True)  # at work before everything is given
    assert received == [0]
    assert all(worker.give(n) for n in range(1, 200))
    assert worker.give("x" * 1000)
    worker.given_all()
    assert received + _received_all(worker) == [n * 2 for n in range(200)] + ["x" * 2000]
    assert worker.pid is None and worker.giving is None


def test_a_fed_worker_waiting_for_work_ends_when_stopped() -> None:
    worker = ForkedWorker(_double_what_is_given, fed=True)
    worker.give(1)
    assert worker.received(wait=True) == [2]
    started = time.monotonic()
    worker.stop()  # it waits for its next piece of work: told there is none, it ends
    assert time.monotonic() - started < 5
    assert worker.pid is None and worker.giving is None


def _fail_on_second(send, receive) -> None:
    send(receive())
    receive()
    raise ValueError("broken on purpose")


def test_a_fed_worker_that_ended_takes_no_more_and_says_why() -> None:
    worker = ForkedWorker(_fail_on_second, fed=True)
    assert worker.give(1) and worker.give(2)
    assert worker.received(wait=True) == [1]
    deadline = time.monotonic() + 10
    while worker.give(3) and time.monotonic() < deadline:  # its pipe breaks once it has gone
        time.sleep(0.01)
    assert worker.giving is None
    with pytest.raises(ValueError, match="broken on purpose"):
        _received_all(worker)


def test_a_fed_worker_ends_though_a_later_worker_was_forked() -> None:
    """A worker forked later must not hold an earlier fed one's giving end open: told there is no more work, the
    earlier one would never see it, and waiting for its end would hang."""
    first = ForkedWorker(_double_what_is_given, fed=True)
    second = ForkedWorker(_double_what_is_given, fed=True)
    try:
        first.give(21)
        first.given_all()
        ending = threading.Thread(target=_received_all, args=(first,), daemon=True)
        ending.start()
        ending.join(10)
        assert not ending.is_alive(), "the first worker did not end while the second one lived"
        assert first.pid is None
    finally:
        second.stop()


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="PR_SET_PDEATHSIG is Linux's")
def test_a_forked_worker_dies_with_its_parent(tmp_path: Path) -> None:
    """A parent killed with ``kill -9`` takes its forked worker with it (no worker left writing files)."""
    marker = tmp_path / "child.pid"
    script = textwrap.dedent(
        f"""
        import os, time
        from docloc.workers import ForkedWorker

        def work(send):
            open({str(marker)!r}, "w").write(str(os.getpid()))
            time.sleep(60)

        ForkedWorker(work)
        time.sleep(60)
        """
    )
    env = {**os.environ, "PYTHONPATH": str(REPO / "tools")}
    parent = subprocess.Popen([sys.executable, "-c", script], env=env)
    try:
        deadline = time.monotonic() + 30
        while not (marker.exists() and marker.read_text()) and time.monotonic() < deadline:
            time.sleep(0.01)
        child = int(marker.read_text())
    finally:
        parent.kill()
        parent.wait()
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        if not _running(child):
            return
        time.sleep(0.02)
    os.kill(child, 9)
    pytest.fail("the forked worker outlived its parent")


def _running(pid: int) -> bool:
    """Whether ``pid`` runs (a zombie waiting for whoever adopted it to reap it does not)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat.rpartition(")")[2].split()[0] != "Z"


def _killed(send) -> None:
    os.kill(os.getpid(), signal.SIGKILL)  # as the kernel ends a process when memory runs out


def test_a_worker_killed_by_a_signal_is_said_so() -> None:
    worker = ForkedWorker(_killed)
    with pytest.raises(WorkerFailed, match=r"was killed \(SIGKILL, perhaps for want of memory\) before its work"):
        worker.received(wait=True)


def _open_descriptors() -> int:
    return len(os.listdir("/proc/self/fd"))


@pytest.mark.skipif(not os.path.isdir("/proc/self/fd"), reason="counts descriptors in /proc")
def test_a_fork_that_fails_leaves_no_descriptor_open(monkeypatch: pytest.MonkeyPatch) -> None:
    refused = OSError(errno.EAGAIN, "Resource temporarily unavailable")

    def fork() -> int:
        raise refused  # as fork fails for want of memory or under a process limit

    before = _open_descriptors()
    monkeypatch.setattr(os, "fork", fork)
    with pytest.raises(OSError) as raised:
        ForkedWorker(_send_three)
    assert raised.value is refused  # raised as it was
    assert _open_descriptors() == before  # the pipe's two ends closed


def test_a_worker_whose_pipe_is_above_1023_is_read_and_waited_for() -> None:
    """``select`` cannot take a descriptor above 1023 (FD_SETSIZE); a process holding many files open has one."""
    resource = pytest.importorskip("resource")
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft < 1100:
        if hard != resource.RLIM_INFINITY and hard < 1100:
            pytest.skip("this process may not open 1100 files")
        resource.setrlimit(resource.RLIMIT_NOFILE, (1100, hard))
    held: list[int] = []
    try:
        while not held or held[-1] < 1024:  # every descriptor below 1024 taken: the pipe's come after
            held.append(os.dup(0))
        worker = ForkedWorker(_send_three)
        assert worker.fileno() > 1023
        assert ready([worker]) == [worker]  # (as extract waits for its workers)
        received = []
        while not worker.done:
            received += worker.received(wait=True)
        assert received == [("page", 0), ("page", 1), ("page", 2)]
    finally:
        for descriptor in held:
            os.close(descriptor)
        resource.setrlimit(resource.RLIMIT_NOFILE, (soft, hard))
