"""Spread independent work over forked processes; the results do not depend on how it was spread."""
from __future__ import annotations

import mmap
import multiprocessing
import os
import pickle
from collections.abc import Callable, Sequence
from typing import TypeVar

Item = TypeVar("Item")
Value = TypeVar("Value")


class WorkerFailed(Exception):
    """A worker process ended without sending its results back."""

MIN_ITEMS_PER_PROCESS = 150  # below this, starting a process costs more than it saves
RESULT_ROOM = 256 << 20  # bytes of shared memory a result beside may take (only those written are used)


def worker_count(items: int, limit: int | None = None, per_process: int = MIN_ITEMS_PER_PROCESS) -> int:
    """How many processes to use for this many items (or bytes) on this machine."""
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    wanted = min(cores, limit or cores, max(1, items // per_process))
    if "fork" not in multiprocessing.get_all_start_methods():
        return 1
    return wanted


def map_to_dict(items: Sequence[Item], work: Callable[[Item], tuple[str, Value]], workers: int) -> dict[str, Value]:
    """{key: value} for work(item) over all items; with workers > 1, forked children take shares.

    Fork lets the children inherit `work` and everything it closes over (compiled templates, views)
    without pickling them; only the results travel back.
    """
    if workers <= 1:
        return dict(work(item) for item in items)
    context = multiprocessing.get_context("fork")
    children = []
    for share in range(1, workers):
        receive, send = context.Pipe(duplex=False)
        child = context.Process(target=_run_share, args=(send, items[share::workers], work), daemon=True)
        child.start()
        send.close()
        children.append((child, receive))
    try:
        results = dict(work(item) for item in items[0::workers])
    finally:
        answers = [_answer(child, receive) for child, receive in children]
    for answer in answers:
        results.update(_given(answer))
    return results


def _given(answer: tuple[bool, object]):
    """A child's results, or what it raised (raised here)."""
    failed, given = answer
    if failed:
        raise given if isinstance(given, Exception) else WorkerFailed(given)
    return given


class Beside:
    """work() run in a forked child from the moment the block is entered, beside what this process
    does next; result() waits for it (raising what it raised). Without fork, work runs when its
    result is asked for. Leaving the block ends the child if its result was not taken.

    The result comes back through memory shared with the child when it fits in RESULT_ROOM: through
    the pipe, this process would copy it in pieces as the child sends them (20 MB of data files:
    70-150 ms, against about 35 ms)."""

    def __init__(self, work: Callable[[], Value]) -> None:
        self.work, self.child, self.receive, self.shared = work, None, None, None

    def __enter__(self) -> Beside:
        if "fork" in multiprocessing.get_all_start_methods():
            context = multiprocessing.get_context("fork")
            self.shared = _shared_room()
            self.receive, send = context.Pipe(duplex=False)
            self.child = context.Process(target=_run_beside, args=(send, self.work, self.shared), daemon=True)
            self.child.start()
            send.close()
        return self

    def result(self) -> Value:
        if self.child is None:
            return self.work()
        child, self.child = self.child, None
        given = _given(_answer(child, self.receive))  # its size in the shared memory, or itself pickled
        return pickle.loads(self.shared[:given] if isinstance(given, int) else given)

    def __exit__(self, *exc) -> None:
        if self.child is not None:  # the caller failed before it took the result
            self.child.kill()
            self.child.join()
            self.child = None
        if self.receive is not None:
            self.receive.close()
        if self.shared is not None:
            self.shared.close()


def _shared_room() -> mmap.mmap | None:
    """Memory to share with a forked child (its pages are taken only as they are written), or None."""
    try:
        return mmap.mmap(-1, RESULT_ROOM)
    except (OSError, ValueError):
        return None


def _run_beside(send, work: Callable[[], Value], shared: mmap.mmap | None) -> None:
    """In a child: work(), pickled into the shared memory when it fits (its size is sent), else sent
    through the pipe; or the error it raised."""
    try:
        payload = pickle.dumps(work(), protocol=pickle.HIGHEST_PROTOCOL)
        if shared is not None and len(payload) <= len(shared):
            shared[:len(payload)] = payload
            payload = len(payload)
        send.send((False, payload))
    except Exception as err:  # noqa: BLE001 — the parent raises it, as if it had done the work itself
        send.send((True, err))
    send.close()


def map_in_order(work: Callable[[Item], Value], items: Sequence[Item], workers: int) -> list[Value]:
    """[work(item) for item in items]; with workers > 1, forked children take contiguous shares."""
    if workers <= 1 or len(items) < 2:
        return [work(item) for item in items]
    size = -(-len(items) // workers)
    shares = [(f"{start:012d}", items[start:start + size]) for start in range(0, len(items), size)]
    done = map_to_dict(shares, lambda share: (share[0], [work(item) for item in share[1]]), len(shares))
    return [value for key, _ in shares for value in done[key]]


def _answer(child, receive) -> tuple[bool, object]:
    """(failed, the results or the exception raised) from one child, which is then waited for."""
    try:
        answer = receive.recv()
    except EOFError:
        answer = (True, None)
    child.join()
    if child.exitcode != 0 or answer[1] is None:
        return True, f"a worker process failed with exit code {child.exitcode}"
    return answer


def _run_share(send, items, work) -> None:
    """In a child: do the work for this share and send the results back, or the error message."""
    try:
        send.send((False, dict(work(item) for item in items)))
    except Exception as err:  # noqa: BLE001 — the parent raises it, as if it had done the work itself
        send.send((True, err))
    send.close()
