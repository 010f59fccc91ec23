"""Spread independent work over forked processes; the results do not depend on how it was spread."""
from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Sequence
from typing import TypeVar

Item = TypeVar("Item")
Value = TypeVar("Value")


class RenderError(Exception):
    """A rendering process failed; what it wrote is discarded with the staging folder."""

MIN_ITEMS_PER_PROCESS = 150  # below this, starting a process costs more than it saves


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
    for failed, answer in answers:
        if failed:
            raise RenderError(answer)
        results.update(answer)
    return results


def _answer(child, receive) -> tuple[bool, object]:
    """(failed, the results or what went wrong) from one child, which is then waited for."""
    try:
        answer = receive.recv()
    except EOFError:
        answer = (True, None)
    child.join()
    if child.exitcode != 0 or answer[1] is None:
        return True, f"a rendering process failed with exit code {child.exitcode}"
    return answer


def _run_share(send, items, work) -> None:
    """In a child: do the work for this share and send the results back, or the error message."""
    try:
        send.send((False, dict(work(item) for item in items)))
    except RenderError as err:
        send.send((True, str(err)))
    send.close()
