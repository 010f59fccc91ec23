"""How benchmarks/run.py times a command: one process run to completion, its wall time and peak
memory, and the median of several; and how it starts a run from cold."""
from __future__ import annotations

import os
import shutil
import subprocess
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Run:
    """One process: wall seconds, peak resident memory (MB) and what it printed."""

    seconds: float
    peak_mb: float
    output: str


def timed(command: list[str], env: dict[str, str] | None = None) -> Run:
    """Run a command to completion; measure wall time and the child's peak memory."""
    started = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=env)
    output = process.stdout.read()
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - started
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed:\n{output}")
    return Run(seconds, usage.ru_maxrss / 1024, output)


def median(runs: list[Run]) -> Run:
    """The run of median time."""
    return sorted(runs, key=lambda run: run.seconds)[len(runs) // 2]


def median_run(command: list[str], runs: int, before: Callable[[], object] | None = None,
               env: dict[str, str] | None = None) -> Run:
    """The median-time run of several (before() is called ahead of each)."""
    results = []
    for _ in range(runs):
        if before:
            before()
        results.append(timed(command, env))
    return median(results)


def forget(output: Path | None = None) -> None:
    """Forget what earlier runs kept (speed/cache.py: factsite's cache folder), for a run from cold; and remove
    output, the site an earlier run wrote, so that the next build starts from no folder (removing
    a site took 1.1–1.6 ms a file on this machine's disk, so it is done before the clock starts)."""
    home = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    shutil.rmtree(Path(home) / "factsite", ignore_errors=True)
    if output is not None:
        shutil.rmtree(output, ignore_errors=True)
        settle_disk()


def settle_disk() -> None:
    """Write out what earlier runs left in the disk cache, so that no run pays for another's writes."""
    subprocess.run(["sync"], check=False)
