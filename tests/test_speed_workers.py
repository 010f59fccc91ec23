"""#18: work run in a forked child beside the parent (speed/workers.py's Beside) gives what the work
gives, raises what it raises, and leaves no child behind when the parent fails first."""
from __future__ import annotations

import gc
import multiprocessing
import os
import time

import pytest

from factsite.speed import workers
from factsite.speed.workers import Beside, WorkerFailed


def test_the_result_is_the_works_made_in_another_process():
    with Beside(lambda: {"pid": os.getpid(), "data": b"x" * 3_000_000}) as beside:
        given = beside.result()
    assert given["data"] == b"x" * 3_000_000 and given["pid"] != os.getpid()


def test_the_result_comes_back_through_shared_memory_or_the_pipe_when_it_does_not_fit(monkeypatch):
    """A result that fits is written by the child into memory shared with it (the pipe carries only
    its size); a larger one, or one without shared memory, travels through the pipe: the same value."""
    work = lambda: {"pid": os.getpid(), "data": b"y" * 2_000_000}  # noqa: E731
    with Beside(work) as beside:
        shared = beside.result()
        assert beside.shared[:2] == b"\x80\x05"  # the pickle the child wrote there
    monkeypatch.setattr(workers, "RESULT_ROOM", 1000)
    with Beside(work) as beside:
        piped = beside.result()
        assert beside.shared[:2] == b"\0\0"  # nothing written: it did not fit
    monkeypatch.setattr(workers, "_shared_room", lambda: None)
    with Beside(work) as beside:
        unshared = beside.result()
    assert shared["data"] == piped["data"] == unshared["data"] == b"y" * 2_000_000
    assert os.getpid() not in (shared["pid"], piped["pid"], unshared["pid"])


def test_what_the_work_raises_is_raised_by_result():
    def work():
        raise ValueError("the data files could not be made")
    with Beside(work) as beside, pytest.raises(ValueError, match="could not be made"):
        beside.result()


def test_a_child_that_dies_is_said_as_a_failed_worker():
    with Beside(lambda: os._exit(3)) as beside, pytest.raises(WorkerFailed, match="exit code 3"):
        beside.result()


def test_leaving_the_block_without_the_result_ends_the_child():
    with pytest.raises(RuntimeError), Beside(lambda: time.sleep(60)) as beside:
        child = beside.child
        raise RuntimeError("the pages failed to render")
    assert not child.is_alive() and child.exitcode is not None
    assert multiprocessing.active_children() == []


def test_without_fork_the_work_runs_when_its_result_is_asked_for(monkeypatch):
    monkeypatch.setattr(workers.multiprocessing, "get_all_start_methods", lambda: ["spawn"])
    ran = []
    with Beside(lambda: ran.append(os.getpid()) or "done") as beside:
        assert ran == []
        assert beside.result() == "done"
    assert ran == [os.getpid()]


def test_build_py_ends_a_one_off_command_before_the_collector_resumes(monkeypatch):
    """build.py's commands end the process while the collector is still paused: resumed, it would scan
    every object the command left before the process ends (0.3-0.4 s after a national build)."""
    from factsite import cli
    from tests.helpers import REPO
    ended = []

    def end(code):
        ended.append((code, gc.isenabled()))
        raise SystemExit(code)
    monkeypatch.setattr(cli, "exit_now", end)
    with pytest.raises(SystemExit):
        cli.main(["check", "--root", str(REPO)], end_process=True)
    assert ended == [(0, False)] and gc.isenabled()
    assert cli.main(["check", "--root", str(REPO)]) == 0 and len(ended) == 1 and gc.isenabled()


def test_further_work_gets_what_it_is_told_once_the_first_result_is_handed_over():
    """then: the same child, its first result handed over, waits for what the parent learns later;
    both results come back, the first while the parent has not told it yet."""
    def then(told):
        return os.getpid(), [name.upper() for name in told()]
    with Beside(lambda: (os.getpid(), b"d" * 3_000_000), then=then) as beside:
        first = beside.result()
        beside.tell(["fa/", "en/"])
        pid, pages = beside.then_result()
    assert first == (pid, b"d" * 3_000_000) and pages == ["FA/", "EN/"] and pid != os.getpid()


def test_further_work_that_fails_is_raised_by_then_result():
    def then(told):
        raise ValueError(f"{told()} could not be rendered")
    with Beside(lambda: "data", then=then) as beside, pytest.raises(ValueError, match="en/ could not be rendered"):
        beside.tell("en/")
        assert beside.result() == "data"
        beside.then_result()
    assert multiprocessing.active_children() == []


def test_without_fork_further_work_runs_when_its_result_is_asked_for(monkeypatch):
    monkeypatch.setattr(workers.multiprocessing, "get_all_start_methods", lambda: ["spawn"])
    with Beside(lambda: "data", then=lambda told: (os.getpid(), told())) as beside:
        beside.tell("en/about/")
        assert beside.result() == "data"
        assert beside.then_result() == (os.getpid(), "en/about/")


def test_a_child_still_waiting_to_be_told_is_ended_when_the_parent_fails():
    with pytest.raises(RuntimeError), Beside(lambda: "data", then=lambda told: told()) as beside:
        child = beside.child
        assert beside.result() == "data"
        raise RuntimeError("the pages' keys could not be made")
    assert not child.is_alive() and multiprocessing.active_children() == []
