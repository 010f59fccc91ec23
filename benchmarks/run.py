#!/usr/bin/env python3
"""Measure the build on the synthetic national site, and Hugo on the same content.

    python benchmarks/run.py [--runs 5] [--rounds 3] [--scales 1 2 4] [--work DIR]
    python benchmarks/run.py --only compare [--protocol clean|over|both] [--rounds 3] [--site DIR]

Prints the Markdown tables the README quotes (benchmarks/table.py): each target of issue #35 — the
cold national build with its search index against Hugo + the same search indexing on the same
content under both protocols (benchmarks/compare.py), a one-fact rebuild, save → page under `serve`,
`check`, the real site — then the comparison protocol by protocol, the other measures and the growth
at 1×, 2× and 4× the facts. Hugo runs when `hugo` is installed (Debian package `hugo`). Times are
medians of --runs runs (of --rounds alternating rounds for the comparison); every build is a
separate process. With --only compare, only the comparison runs: a few minutes on the national site.
"""
from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from benchmarks.budgets import page_budgets  # noqa: E402
from benchmarks.compare import PROTOCOLS, compare_all, html_size  # noqa: E402
from benchmarks.edits import edit_one_fact, serve_latency  # noqa: E402
from benchmarks.table import comparison_table, pages_built, report  # noqa: E402
from benchmarks.timing import Run, forget, median, median_run, timed  # noqa: E402

REPO = Path(__file__).resolve().parent.parent
BUILD = [sys.executable, str(REPO / "build.py")]
HUGO_SITE = Path(__file__).resolve().parent / "hugo"
REAL_SITE = ("site.yaml", "content", "seeds", "templates", "static", "locale")


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


def plain_hugo(work: Path, pages: int, runs: int) -> tuple[Run | None, tuple[int, int]]:
    """Hugo on as many plain pages, each with an 8-row table, without search (from no output folder),
    and the HTML it wrote; None without `hugo`."""
    if not shutil.which("hugo"):
        return None, (0, 0)
    site, out = work / "hugo", work / "hugo-public"
    write_plain_hugo(site, pages)
    command = ["hugo", "--quiet", "--source", str(site), "--destination", str(out)]
    return median_run(command, runs, before=lambda: forget(out)), html_size(out)


def use_bytecode_cache(work: Path) -> None:
    """Give every later run Python's default bytecode cache (compiled modules kept between runs),
    kept under work, even where PYTHONDONTWRITEBYTECODE is set (as on this project's machine)."""
    env = {name: value for name, value in os.environ.items() if name != "PYTHONDONTWRITEBYTECODE"}
    os.environ.clear()
    os.environ.update({**env, "PYTHONPYCACHEPREFIX": str(work / "pycache")})


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
    return [{"scale": scale, "pages": pages_built(runs[0].output), "cold": median(runs)}
            for scale, runs in sorted(done.items())]


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


def measure_all(args: argparse.Namespace, work: Path) -> str:
    """Every measure, as the tables table.report prints."""
    real_build = [*BUILD, "--force", "--out", str(work / "real-public")]
    real = median_run(real_build, args.runs, before=forget, env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1"})
    use_bytecode_cache(work)
    timed(real_build)  # writes the bytecode the timed runs read
    real_cached = median_run(real_build, args.runs, before=forget)
    real_latencies = serve_latency(BUILD, copy_real_site(work), args.edits, 1.0)
    results = growth(args.scales, args.growth_runs, work)
    measure_national(results[0], args.runs, work)
    latencies = serve_latency(BUILD, work / f"site-{min(args.scales)}x", args.edits, args.settle)
    compared = compare_all(work / "site-1x", work, chosen_protocols(args.protocol), args.rounds)
    plain, plain_size = plain_hugo(work, results[0]["pages"], args.runs)
    return report(results, latencies, compared, plain, (real, real_cached), real_latencies, plain_size)


def compare_only(args: argparse.Namespace, work: Path) -> str:
    """The comparison with Hugo alone, on --site or the national site generated under work."""
    if not shutil.which("hugo"):
        raise SystemExit("hugo is not installed — install Debian's package `hugo` to compare with it")
    site = args.site or work / "site-1x"
    if not (site / "site.yaml").exists():
        generate(site, 1)
    use_bytecode_cache(work)
    return comparison_table(compare_all(site, work, chosen_protocols(args.protocol), args.rounds))


def chosen_protocols(protocol: str) -> list[str]:
    """The protocols --protocol names: one, or both in turn."""
    return list(PROTOCOLS) if protocol == "both" else [protocol]


def parse_arguments(argv: list[str] | None) -> argparse.Namespace:
    """The command line, checked."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="runs per measure; the median is reported")
    parser.add_argument("--rounds", type=int, default=3,
                        help="alternating rounds (ours, then Hugo's) of the comparison per protocol, after a "
                             "warm-up run of each; the median is reported")
    parser.add_argument("--protocol", choices=[*PROTOCOLS, "both"], default="both",
                        help="clean: each side deletes its previous output first; over: each side writes over "
                             "its own previous output; both (default): one, then the other")
    parser.add_argument("--only", choices=["compare"], help="run only the comparison with Hugo")
    parser.add_argument("--site", type=Path, help="with --only compare: a generated site to compare on "
                                                  "(default: the national one, generated under --work)")
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
    if args.site and args.only != "compare":
        parser.error("--site goes with --only compare; the full run generates its own sites")
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_arguments(argv)
    work = args.work or Path(tempfile.mkdtemp(prefix="factsite-bench-"))
    print(compare_only(args, work) if args.only == "compare" else measure_all(args, work))
    if not args.work:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
