#!/usr/bin/env python3
"""Measure the build on the synthetic national site, and Hugo on the same number of pages.

    python benchmarks/run.py [--runs 5] [--scales 1 2 4] [--work DIR]

Prints the Markdown table the README quotes (benchmarks/table.py): each target of issue #18 — the
cold national build with its search index against Hugo + the same Pagefind on the same page set,
`check`, a one-fact rebuild, save → page under `serve`, peak memory, the real site, growth at 1×, 2×
and 4× the facts — then the other measures. Hugo runs when `hugo` is installed (Debian package
`hugo`). Times are medians of --runs runs; every build is a separate process.
"""
from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from benchmarks.budgets import page_budgets  # noqa: E402
from benchmarks.edits import edit_one_fact, serve_latency  # noqa: E402
from benchmarks.hugo_content import write_hugo_content  # noqa: E402
from benchmarks.table import Run, pages_built, report  # noqa: E402

REPO = Path(__file__).resolve().parent.parent
BUILD = [sys.executable, str(REPO / "build.py")]
HUGO_SITE = Path(__file__).resolve().parent / "hugo"
REAL_SITE = ("site.yaml", "content", "seeds", "templates", "static", "locale")


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


def median_run(command: list[str], runs: int, before=None, env: dict[str, str] | None = None) -> Run:
    """The median-time run of several (before() is called ahead of each)."""
    results = []
    for _ in range(runs):
        if before:
            before()
        results.append(timed(command, env))
    results.sort(key=lambda r: r.seconds)
    return results[len(results) // 2]


def generate(folder: Path, scale: int) -> None:
    subprocess.run([sys.executable, str(REPO / "benchmarks/generate.py"), str(folder), "--scale", str(scale)],
                   check=True, capture_output=True)


def copy_real_site(work: Path) -> Path:
    """A copy of this repository's site to edit, so that the benchmark never touches the real content."""
    site = work / "real-site"
    shutil.rmtree(site, ignore_errors=True)
    site.mkdir(parents=True)
    for name in REAL_SITE:
        (shutil.copytree if (REPO / name).is_dir() else shutil.copy)(REPO / name, site / name)
    return site


def write_plain_hugo(site: Path, pages: int) -> None:
    """The Hugo site of `pages` plain pages, each with an 8-row table."""
    shutil.rmtree(site, ignore_errors=True)
    shutil.copytree(HUGO_SITE, site)
    content = site / "content/pages"
    content.mkdir(parents=True)
    rows = "".join(f'  - {{label: "Row {r}", value: "{r * 1234:,}", href: "#q{r}"}}\n' for r in range(8))
    for number in range(pages - 1):
        (content / f"page-{number:05d}.md").write_text(
            f'---\ntitle: "Page {number}"\nrows:\n{rows}---\nA plain page for the benchmark.\n', "utf-8")


def compare_with_hugo(site: Path, pages: int, runs: int, work: Path) -> dict[str, Run] | None:
    """Our full build with its search index, and Hugo on the same page set followed by the same
    Pagefind over its output (and Hugo on as many plain pages), run in turn round by round, so that a
    spell of slowness on the machine slows them alike; the median run of each. None without `hugo`."""
    if not shutil.which("hugo"):
        return None
    write_plain_hugo(work / "hugo", pages)
    write_hugo_content(site, work / "hugo-content")
    commands = {"ours": [*BUILD, "--root", str(site), "--force", "--out", str(work / "ours")],
                "hugo_content": [sys.executable, "-c", _HUGO_THEN_SEARCH, *_hugo(work / "hugo-content")],
                "hugo": _hugo(work / "hugo")}
    rounds: dict[str, list[Run]] = {name: [] for name in commands}
    for _ in range(runs):
        for name, command in commands.items():
            forget()
            rounds[name].append(timed(command))
    return {name: sorted(done, key=lambda r: r.seconds)[len(done) // 2] for name, done in rounds.items()}


def _hugo(site: Path) -> list[str]:
    return ["hugo", "--quiet", "--source", str(site), "--destination", str(site) + "-public"]


# Hugo, then the build's own search indexing (the same Pagefind, run the same way) over what it wrote.
_HUGO_THEN_SEARCH = """
import shutil, subprocess, sys
from pathlib import Path
sys.path.insert(0, REPO_PATH)
from factsite.write.search import index_for_search
out = Path(sys.argv[-1])
shutil.rmtree(out, ignore_errors=True)
subprocess.run(sys.argv[1:], check=True)
index_for_search(out)
""".replace("REPO_PATH", repr(str(REPO)))


def bytecode_cached(work: Path) -> dict[str, str]:
    """The environment with Python's default bytecode cache (compiled modules kept between runs),
    kept under work, even where PYTHONDONTWRITEBYTECODE is set (as on this project's machine)."""
    env = {name: value for name, value in os.environ.items() if name != "PYTHONDONTWRITEBYTECODE"}
    return {**env, "PYTHONPYCACHEPREFIX": str(work / "pycache")}


def html_size(folder: Path) -> tuple[int, float]:
    """How many HTML pages are under folder, and their size in MB."""
    pages = list(folder.rglob("*.html"))
    return len(pages), sum(path.stat().st_size for path in pages) / 1e6


def growth(scales: list[int], rounds: int, work: Path) -> list[dict]:
    """The cold build at each scale, round by round (4×, 2×, 1×, then again), so that a spell of
    slowness on the machine slows every scale alike; the median run of each. Every build starts
    from an empty output folder and without memory; the national site (1×) is built last, so that
    its site and what its build kept are there for the measures that follow."""
    commands = {}
    for scale in sorted(scales, reverse=True):
        site = work / f"site-{scale}x"
        generate(site, scale)
        commands[scale] = [*BUILD, "--root", str(site), "--force", "--out", str(site / "public")]
    done: dict[int, list[Run]] = {scale: [] for scale in scales}
    for _ in range(rounds):
        for scale, command in commands.items():
            forget(Path(command[-1]))
            done[scale].append(timed(command))
    return [{"scale": scale, "pages": pages_built(runs[0].output),
             "cold": sorted(runs, key=lambda r: r.seconds)[len(runs) // 2]} for scale, runs in sorted(done.items())]


def measure_national(figures: dict, runs: int, work: Path) -> dict:
    """Every other figure for the synthetic national site (1×), built by growth()."""
    site = work / "site-1x"
    out = str(site / "public")
    figures["budgets"] = page_budgets(Path(out))
    figures["noop"] = median_run([*BUILD, "--root", str(site), "--out", out], runs)
    counter = [0]
    figures["edit"] = median_run([*BUILD, "--root", str(site), "--out", out], runs,
                                 before=lambda: edit_one_fact(site, counter))
    figures["check"] = median_run([*BUILD, "check", "--root", str(site)], runs, before=forget)
    figures["check_again"] = median_run([*BUILD, "check", "--root", str(site)], runs)
    figures["search"] = median_run(_pagefind_on(out), runs)
    return figures


def forget(output: Path | None = None) -> None:
    """Forget what earlier runs read and checked (speed/lasting.py), for a run from cold; and remove
    output, the site an earlier run wrote, so that every scale's build starts from an empty folder
    (removing the earlier site took 1.1–1.6 ms a file on this machine's disk, and a fresh --work has
    none at 2× and 4×)."""
    home = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    shutil.rmtree(Path(home) / "factsite" / "memory", ignore_errors=True)
    if output is not None:
        shutil.rmtree(output, ignore_errors=True)
        subprocess.run(["sync"], check=False)  # its removal written out before the clock starts


def _pagefind_on(folder: str) -> list[str]:
    """The build's search indexing alone over a built site (rebuilt from scratch each run): Pagefind,
    run once per language on a large site."""
    return [sys.executable, "-c", _SEARCH_ONLY, folder]


_SEARCH_ONLY = """
import shutil, sys
from pathlib import Path
sys.path.insert(0, REPO_PATH)
from factsite.write.search import index_for_search
shutil.rmtree(Path(sys.argv[1]) / "pagefind", ignore_errors=True)
index_for_search(Path(sys.argv[1]))
""".replace("REPO_PATH", repr(str(REPO)))




def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="runs per measure; the median is reported")
    parser.add_argument("--scales", type=int, nargs="+", default=[1, 2, 4], help="fact multipliers to measure")
    parser.add_argument("--growth-runs", type=int, default=3,
                        help="rounds of cold builds at every scale (4×, 2×, 1× in turn); the median is reported")
    parser.add_argument("--edits", type=int, default=5, help="edits timed under serve")
    parser.add_argument("--settle", type=float, default=15.0,
                        help="seconds between edits under serve on the national site: after each edit the "
                             "build beside serve writes the pages it changed (~2 s) and indexes the site for "
                             "search (~15 s), unless the next edit stops it")
    parser.add_argument("--work", type=Path, help="scratch folder (default: a temporary one)")
    args = parser.parse_args(argv)
    if 1 not in args.scales:
        parser.error("--scales must include 1, the national size that every other measure uses")
    work = args.work or Path(tempfile.mkdtemp(prefix="factsite-bench-"))
    real_build = [*BUILD, "--force", "--out", str(work / "real-public")]
    real = median_run(real_build, args.runs, before=forget, env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1"})
    cached = bytecode_cached(work)  # every other run keeps compiled modules between runs, as Python does by default
    os.environ.clear()
    os.environ.update(cached)
    timed(real_build)  # writes the bytecode the timed runs read
    real_cached = median_run(real_build, args.runs, before=forget)
    real_latencies = serve_latency(BUILD, copy_real_site(work), args.edits, 1.0)
    results = growth(args.scales, args.growth_runs, work)
    measure_national(results[0], args.runs, work)
    latencies = serve_latency(BUILD, work / f"site-{min(args.scales)}x", args.edits, args.settle)
    hugo = compare_with_hugo(work / "site-1x", results[0]["pages"], args.runs, work)
    sizes = {"ours": html_size(work / "ours" if hugo else work / "site-1x/public"),
             "hugo": html_size(work / "hugo-public"), "hugo_content": html_size(work / "hugo-content-public")}
    print(report(results, latencies, hugo, (real, real_cached), real_latencies, sizes))
    if not args.work:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
