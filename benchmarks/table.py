"""The Markdown tables benchmarks/run.py prints: each target of issue #35 as met or not met, the
side-by-side comparison with Hugo under each protocol, then the other measures."""
from __future__ import annotations

import re
import statistics

from benchmarks.budgets import describe
from benchmarks.compare import PROTOCOLS, Compared, Output
from benchmarks.timing import Run

RATIO_TARGET = 0.9       # our cold national build with search ÷ Hugo + Pagefind, under every protocol
EDIT_TARGET_S = 2.0      # a one-fact edit, before search indexing
SERVE_TARGET_MS = 50     # save → page under serve
CHECK_TARGET_S = 3.0     # cold check of the national site
REAL_TARGET_S = 1.5      # the real site's cold build
REBUILT = re.compile(r"\((\d+) pages rendered again, the rest unchanged; the search index and the offline copy "
                     r"took (\d+\.\d+) s")


def pages_built(output: str) -> int:
    """The page count a build's summary line gives."""
    match = re.search(r"built (\d+) pages", output)
    return int(match.group(1)) if match else 0


def met(value: float, target: float) -> str:
    return "met" if value <= target else "**not met**"


def report(results: list[dict], latencies: list[float], compared: list[Compared], plain_hugo: Run | None,
           real: tuple[Run, Run], real_latencies: list[float], plain_size: tuple[int, int]) -> str:
    """The targets, the comparison with Hugo, the other measures and the growth, as Markdown."""
    one = results[0]
    lines = _targets(one, latencies, compared, real)
    if compared:
        lines += ["", comparison_table(compared)]
    lines += ["", "| other measures | result |", "|---|---|",
              f"| real site: save → updated page under `serve` (median of {len(real_latencies)}) | "
              f"{statistics.median(real_latencies) * 1000:.0f} ms |",
              f"| national: no-op rebuild | {one['noop'].seconds:.2f} s |",
              f"| national: search index alone (Pagefind) | {one['search'].seconds:.2f} s, "
              f"{one['search'].peak_mb:.0f} MB peak |",
              f"| national cold build with search, from no output folder: peak memory | {one['cold'].peak_mb:.0f} MB |",
              *describe(one["budgets"])]
    if compared:
        lines.append(f"| Hugo 0.111 + Pagefind, same content, protocol {compared[0].protocol}: peak memory | "
                     f"{compared[0].hugo.peak_mb:.0f} MB |")
    if plain_hugo is not None:
        lines.append(f"| Hugo 0.111, as many plain pages, each with an 8-row table ({plain_size[1] / 1e6:.1f} MB "
                     f"of HTML), no search | {plain_hugo.seconds:.2f} s |")
    lines += ["", "| scale | pages | cold build | pages per second | peak memory |", "|---|---|---|---|---|"]
    lines += [f"| {r['scale']}× | {r['pages']:,} | {r['cold'].seconds:.2f} s | "
              f"{r['pages'] / r['cold'].seconds:.0f} | {r['cold'].peak_mb:.0f} MB |" for r in results]
    return "\n".join(lines)


def comparison_table(compared: list[Compared]) -> str:
    """One row per protocol: each side's median time, the ratio against the target, what each wrote."""
    lines = ["| national cold build with search, protocol | rounds | ours | Hugo 0.111 + Pagefind | ours ÷ Hugo | "
             f"≤ {RATIO_TARGET}× | ours wrote | Hugo wrote |", "|---|---|---|---|---|---|---|---|"]
    lines += [f"| `{c.protocol}`: {PROTOCOLS[c.protocol]} | {c.rounds} | {c.ours.seconds:.2f} s | "
              f"{c.hugo.seconds:.2f} s | **{c.ratio:.2f}×** | {met(c.ratio, RATIO_TARGET)} | "
              f"{_wrote(c.ours_output)} | {_wrote(c.hugo_output)} |" for c in compared]
    return "\n".join(lines + ["", _same_index(compared)])


def _wrote(output: Output) -> str:
    return f"{output.pages:,} pages, {output.html_bytes / 1e6:.1f} MB of HTML, {output.indexed:,} indexed"


def _same_index(compared: list[Compared]) -> str:
    """A sentence saying whether both sides' search indexes hold as many pages, under every protocol."""
    counts = {(c.ours_output.indexed, c.hugo_output.indexed) for c in compared}
    if all(ours == hugo for ours, hugo in counts):
        return (f"Both sides' search indexes hold {', '.join(f'{ours:,}' for ours, _ in sorted(counts))} pages "
                "(pagefind-entry.json), indexed by the same index_for_search.")
    return "**The search indexes differ** (pages, ours ÷ Hugo's): " + ", ".join(f"{a:,} ÷ {b:,}" for a, b in counts)


def _targets(one: dict, latencies: list[float], compared: list[Compared], real: tuple[Run, Run]) -> list[str]:
    """The rows of issue #35's targets, each met or not."""
    edit = REBUILT.search(one["edit"].output)
    before_search = one["edit"].seconds - float(edit.group(2)) if edit else float("nan")
    serve_ms = statistics.median(latencies) * 1000
    lines = ["| measure | target | result | |", "|---|---|---|---|"]
    if compared:
        worst = max(c.ratio for c in compared)
        lines.append(f"| national cold build with search ÷ Hugo + Pagefind, same content | ≤ {RATIO_TARGET}× under "
                     f"both protocols | {', '.join(f'`{c.protocol}` {c.ratio:.2f}×' for c in compared)} | "
                     f"{met(worst, RATIO_TARGET)} |")
    return lines + [
        f"| one-fact edit, `python build.py` | ≤ {EDIT_TARGET_S:.0f} s before search indexing | "
        f"{before_search:.2f} s before search, {one['edit'].seconds:.2f} s in all"
        + (f" ({edit.group(1)} pages rendered again)" if edit else "")
        + f" | {met(before_search, EDIT_TARGET_S)} |",
        f"| save → page under `serve`, national (median of {len(latencies)}) | ≤ {SERVE_TARGET_MS} ms | "
        f"{serve_ms:.0f} ms | {met(serve_ms, SERVE_TARGET_MS)} |",
        f"| `check` of the national site, cold | ≤ {CHECK_TARGET_S:.0f} s | {one['check'].seconds:.2f} s (again, with "
        f"what the last run read and checked: {one['check_again'].seconds:.2f} s) | "
        f"{met(one['check'].seconds, CHECK_TARGET_S)} |",
        f"| real site ({pages_built(real[1].output)} pages), cold, new process | ≤ {REAL_TARGET_S} s | "
        f"{real[1].seconds:.2f} s ({real[0].seconds:.2f} s compiling Python modules each run) | "
        f"{met(real[1].seconds, REAL_TARGET_S)} |"]
