"""The Markdown table benchmarks/run.py prints and the README quotes: each target of issue #18 as
met or not met, then the other measures."""
from __future__ import annotations

import re
import statistics
from dataclasses import dataclass

from benchmarks.budgets import describe


@dataclass(frozen=True)
class Run:
    """One process: wall seconds, peak resident memory (MB) and what it printed."""

    seconds: float
    peak_mb: float
    output: str


def pages_built(output: str) -> int:
    """The page count a build's summary line gives."""
    match = re.search(r"built (\d+) pages", output)
    return int(match.group(1)) if match else 0

REBUILT = re.compile(r"\((\d+) pages rendered again, (\d+) files written.* search index took (\d+\.\d+) s")


def met(value: float, target: float) -> str:
    return "met" if value <= target else "**not met**"


def report(results: list[dict], latencies: list[float], hugo: dict[str, Run] | None, real: tuple[Run, Run],
           real_latencies: list[float], sizes: dict[str, tuple[int, float]]) -> str:
    """The Markdown table the README quotes: each target of #18, then the other measures and growth."""
    one = results[0]
    lines = _targets(results, latencies, hugo, real, sizes)
    lines += ["", "| other measures | result |", "|---|---|",
              f"| real site: save → updated page under `serve` (median of {len(real_latencies)}) | "
              f"{statistics.median(real_latencies) * 1000:.0f} ms |",
              f"| national: no-op rebuild | {one['noop'].seconds:.2f} s |",
              f"| national: search index alone (Pagefind) | {one['search'].seconds:.2f} s, "
              f"{one['search'].peak_mb:.0f} MB peak |", *describe(one["budgets"])]
    if hugo is not None:
        lines += [f"| Hugo 0.111 + Pagefind, same page set: peak memory | {hugo['hugo_content'].peak_mb:.0f} MB |",
                  f"| Hugo 0.111, as many plain pages, each with an 8-row table ({sizes['hugo'][1]:.1f} MB of HTML), "
                  f"no search | {hugo['hugo'].seconds:.2f} s |"]
    lines += ["", "| scale | pages | cold build | pages per second | peak memory |", "|---|---|---|---|---|"]
    lines += [f"| {r['scale']}× | {r['pages']:,} | {r['cold'].seconds:.2f} s | "
              f"{r['pages'] / r['cold'].seconds:.0f} | {r['cold'].peak_mb:.0f} MB |" for r in results]
    return "\n".join(lines)


def _targets(results: list[dict], latencies: list[float], hugo: dict[str, Run] | None, real: tuple[Run, Run],
             sizes: dict[str, tuple[int, float]]) -> list[str]:
    """The rows of issue #18's targets, each met or not."""
    one = results[0]
    ours = hugo["ours"] if hugo else one["cold"]
    edit = REBUILT.search(one["edit"].output)
    before_search = one["edit"].seconds - float(edit.group(3)) if edit else float("nan")
    serve_ms = statistics.median(latencies) * 1000
    rates = [r["pages"] / r["cold"].seconds for r in results]
    scales = ", ".join(f"{r['scale']}×" for r in results)
    lines = ["| measure | target | result | |", "|---|---|---|---|"]
    if hugo is not None:
        ratio = ours.seconds / hugo["hugo_content"].seconds
        lines.append(f"| national cold build with search ÷ Hugo + Pagefind, same page set | ≤ 1.0× | "
                     f"{ours.seconds:.2f} s ({sizes['ours'][0]:,} pages, {sizes['ours'][1]:.1f} MB of HTML) ÷ "
                     f"{hugo['hugo_content'].seconds:.2f} s ({sizes['hugo_content'][0]:,} pages, "
                     f"{sizes['hugo_content'][1]:.1f} MB) = **{ratio:.2f}×** | {met(ratio, 1.0)} |")
    return lines + [
        f"| `check` of the national site | ≤ 1.5 s | from cold {one['check'].seconds:.2f} s; with what the "
        f"last run read and checked {one['check_again'].seconds:.2f} s | {met(one['check'].seconds, 1.5)} "
        f"from cold, {met(one['check_again'].seconds, 1.5)} again |",
        f"| one-fact edit, `python build.py` | ≤ 2 s before search indexing | "
        f"{before_search:.2f} s before search, {one['edit'].seconds:.2f} s in all"
        + (f" ({edit.group(1)} pages rendered again, {edit.group(2)} files written)" if edit else "")
        + f" | {met(before_search, 2.0)} |",
        f"| save → page under `serve`, national (median of {len(latencies)}) | ≤ 50 ms | {serve_ms:.0f} ms | "
        f"{met(serve_ms, 50)} |",
        f"| peak memory, national cold build with search | ≤ 300 MB | {ours.peak_mb:.0f} MB | "
        f"{met(ours.peak_mb, 300)} |",
        f"| real site ({pages_built(real[1].output)} pages), cold, new process | ≤ 0.5 s | {real[1].seconds:.2f} s "
        f"({real[0].seconds:.2f} s compiling Python modules each run) | {met(real[1].seconds, 0.5)} |",
        f"| pages per second at {scales} | flat or rising | {', '.join(f'{rate:.0f}' for rate in rates)} | "
        f"{'met' if all(b >= a * 0.95 for a, b in zip(rates, rates[1:])) else '**not met**'} |"]
