"""The command line: build (default), check and report, each reading the content once."""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from .load import load_site
from .model import Problem, Site
from .render import render_site
from .report import report_lines
from .verify import verify_site
from .write import write_site

REPO_ROOT = Path(__file__).resolve().parent.parent


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="build.py", description="Build the bilingual fact-sheet site.")
    parser.add_argument("command", nargs="?", default="build", choices=("build", "check", "report"),
                        help="build the site (default), check the content without writing, "
                             "or report every fact with its status")
    parser.add_argument("--root", type=Path, default=REPO_ROOT,
                        help="the site folder holding site.yaml, content/, seeds/ (default: this repository)")
    parser.add_argument("--out", type=Path, help="where to write the site (default: ROOT/public)")
    return parser.parse_args(argv)


def load_and_verify(root: Path) -> tuple[Site | None, list[Problem]]:
    """Read and check everything once; return the checked site and every problem, sorted."""
    site, problems = load_site(root)
    if site is not None:
        site, found = verify_site(site)
        problems += found
    problems.sort(key=lambda p: (p.where.file, p.where.line, p.where.column))
    return site, problems


def report_problems(problems: list[Problem], out_dir: Path | None) -> None:
    for problem in problems:
        print(problem, file=sys.stderr)
    kept = f" {out_dir} was left unchanged." if out_dir else ""
    print(f"{len(problems)} problem(s) found.{kept}", file=sys.stderr)


def main(argv: list[str] | None = None) -> int:
    """Run a command; return the process exit code (0 ok, 1 content problems)."""
    args = parse_args(argv)
    root = args.root.resolve()
    out_dir = (args.out or root / "public").resolve()
    started = time.perf_counter()
    if not (root / "site.yaml").is_file():
        print(f"{root}/site.yaml not found — pass --root with the site folder", file=sys.stderr)
        return 1
    site, problems = load_and_verify(root)
    if args.command == "report" and site is not None:
        lines, failed = report_lines(site, problems)
        print("\n".join(lines))
        return 1 if failed or problems else 0
    if problems:
        report_problems(problems, out_dir if args.command == "build" else None)
        return 1
    if args.command == "check":
        derived = sum(1 for f in site.facts if f.derived)
        print(f"ok: {len(site.facts)} facts — {len(site.facts) - derived} proved against their sources, "
              f"{derived} derived — in {time.perf_counter() - started:.2f} s")
        return 0
    outputs, problems = render_site(site)
    if problems:
        report_problems(problems, out_dir)
        return 1
    write_site(outputs, out_dir)
    pages = sum(1 for name in outputs if name.endswith(".html"))
    print(f"built {pages} pages and {len(site.facts)} facts in {time.perf_counter() - started:.2f} s → {out_dir}")
    return 0
