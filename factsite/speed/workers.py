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
    result is asked for. Leaving the block ends the child if its results were not taken.

    then: more work for the same child once its result is handed over, given a function that waits
    for what this process tells it (tell()) once it knows more; then_result() waits for it.

    A result comes back through memory shared with the child when it fits in RESULT_ROOM: through
    the pipe, this process would copy it in pieces as the child sends them (20 MB of data files:
    70-150 ms, against about 35 ms)."""

    def __init__(self, work: Callable[[], Value], then: Callable[[Callable[[], object]], object] | None = None) -> None:
        self.work, self.then, self.child, self.receive, self.shared = work, then, None, None, None
        self.telling, self.said = None, None

    def __enter__(self) -> Beside:
        if "fork" in multiprocessing.get_all_start_methods():
            context = multiprocessing.get_context("fork")
            self.shared = _shared_room()
            self.receive, send = context.Pipe(duplex=False)
            listen, self.telling = context.Pipe(duplex=False) if self.then else (None, None)
            self.child = context.Process(target=_run_beside, daemon=True,
                                         args=(send, self.shared, self.work, self.then, listen and listen.recv,
                                               self.telling))
            self.child.start()
            for end in (send, listen):
                if end is not None:
                    end.close()
        return self

    def tell(self, value: object) -> None:
        """Give the child's further work (then) what it waits for."""
        if self.telling is not None:
            self.telling.send(value)
        self.said = (value,)

    def result(self) -> Value:
        if self.child is None:
            return self.work()
        return _unpickled(self._next(last=self.then is None), self.shared)

    def then_result(self) -> object:
        """What then gave, once result() was taken."""
        if self.child is None:
            return self.then(lambda: self.said[0])
        return _unpickled(self._next(last=True), self.shared)

    def _next(self, last: bool) -> object:
        """Where the child's next result lies (see _run_beside), or what it raised, raised here; the
        child is waited for after its last result, or once it failed."""
        child = self.child
        try:
            failed, given = self.receive.recv()
        except EOFError:
            failed, given = True, None
        if last or failed:
            self.child = None
            child.join()
            if child.exitcode != 0 or given is None:
                failed, given = True, f"a worker process failed with exit code {child.exitcode}"
        return _given((failed, given))

    def __exit__(self, *exc) -> None:
        if self.child is not None:  # the caller failed before it took every result
            self.child.kill()
            self.child.join()
            self.child = None
        for end in (self.receive, self.telling, self.shared):
            if end is not None:
                end.close()


def _unpickled(given: object, shared: mmap.mmap | None) -> object:
    """A result from where the child put it: a (start, end) range of the shared memory, or its pickle."""
    return pickle.loads(shared[given[0]:given[1]] if isinstance(given, tuple) else given)


def _shared_room() -> mmap.mmap | None:
    """Memory to share with a forked child (its pages are taken only as they are written), or None."""
    try:
        return mmap.mmap(-1, RESULT_ROOM)
    except (OSError, ValueError):
        return None


def _run_beside(send, shared: mmap.mmap | None, work: Callable[[], Value], then, told, telling=None) -> None:
    """In a child: work(), then then(told) if given, each pickled into the shared memory after the
    last when it fits (its place is sent), else sent through the pipe; or the error raised. The
    child's copy of the end this process tells it through is closed, so that told() ends (EOFError)
    when this process ends without telling it."""
    if telling is not None:
        telling.close()
    start = 0
    try:
        for step in [work] if then is None else [work, lambda: then(told)]:
            payload = pickle.dumps(step(), protocol=pickle.HIGHEST_PROTOCOL)
            if shared is not None and start + len(payload) <= len(shared):
                shared[start:start + len(payload)] = payload
                payload, start = (start, start + len(payload)), start + len(payload)
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
