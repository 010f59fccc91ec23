"""A Mapper (model.py) that shares a list of independent jobs among forked processes.

Fork lets each child inherit the work and everything it closes over (the site, compiled
templates) without pickling it; only the results travel back. The results, and their order, are
those of the plain `in_order`: a stage given this pool does the same work, on more cores.
"""
from __future__ import annotations

import multiprocessing
import os
import pickle
from collections.abc import Callable, Sequence

from factsite.model import Item, Value, in_order


class WorkerFailed(Exception):
    """A worker process ended without sending its results back."""


def cores() -> int:
    """The cores this process may run on."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)


def forked(workers: int | None = None, least: int = 2):
    """A Mapper running contiguous shares of the items in up to `workers` processes (default: the
    cores), this one among them; fewer than `least` items are done here alone."""
    count = workers or cores()
    if count <= 1 or "fork" not in multiprocessing.get_all_start_methods():
        return in_order

    def mapper(work: Callable[[Item], Value], items: Sequence[Item]) -> list[Value]:
        items = list(items)
        if len(items) < max(2, least):
            return in_order(work, items)
        size = -(-len(items) // min(count, len(items)))
        shares = [items[start:start + size] for start in range(0, len(items), size)]
        children = [_start(work, share) for share in shares[1:]]
        try:
            results = in_order(work, shares[0])
        finally:
            answers = [_answer(*child) for child in children]
        for answer in answers:
            results.extend(answer)
        return results
    return mapper


def _start(work: Callable, share: list):
    """A child doing the work of one share, and the end of the pipe its results come back on."""
    context = multiprocessing.get_context("fork")
    receive, send = context.Pipe(duplex=False)
    child = context.Process(target=_run, args=(send, work, share), daemon=True)
    child.start()
    send.close()
    return child, receive


def _run(send, work: Callable, share: list) -> None:
    """In a child: the share's results, or what the work raised, sent back pickled."""
    try:
        payload = pickle.dumps((False, in_order(work, share)), protocol=pickle.HIGHEST_PROTOCOL)
    except Exception as err:  # noqa: BLE001 — the parent raises it, as if it had done the work itself
        payload = pickle.dumps((True, err))
    send.send_bytes(payload)
    send.close()


def _answer(child, receive) -> list:
    """One child's results once it ended; its error raised here."""
    try:
        failed, given = pickle.loads(receive.recv_bytes())
    except (EOFError, OSError, pickle.UnpicklingError):
        failed, given = True, None
    child.join()
    receive.close()
    if failed or child.exitcode != 0:
        raise given if isinstance(given, Exception) else WorkerFailed(
            f"a worker process failed with exit code {child.exitcode}")
    return given
