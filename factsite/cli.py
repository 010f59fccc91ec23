"""The command line: build (default), check, report, schema and serve, each reading the content once."""
from __future__ import annotations

import argparse
import contextlib
import datetime
import gc
import os
import shutil
import sys
import time
from dataclasses import replace
from pathlib import Path

from factsite.speed.digest import MANIFEST, input_digest, is_up_to_date
from factsite.speed.check import load_and_verify
from factsite.model import Problem, Site
from factsite.write.output import output_problem, recover
from factsite.speed.workers import RenderError
from factsite.render.site import build_date, render_site
from factsite.load.schema import base_url_error
from factsite.report import base_report, report_lines
from factsite.write.site import WriteError, publish, staged, write_files

REPO_ROOT = Path(__file__).resolve().parent.parent
COMMANDS = ("build", "check", "report", "schema", "serve")


def port_number(text: str) -> int:
    """A TCP port for --port: 0 (any free one) to 65535."""
    if not text.isascii() or not text.isdigit() or int(text) > 65535:
        raise argparse.ArgumentTypeError(f"{text!r} is no port — give a number from 0 to 65535")
    return int(text)


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="build.py", description="Build the bilingual fact-sheet site.")
    parser.add_argument("command", nargs="?", default="build", choices=COMMANDS,
                        help="build the site (default), check the content without writing, "
                             "report every fact with its status, write the JSON Schemas to schemas/, "
                             "or serve a live preview that rebuilds on every change")
    parser.add_argument("--root", type=Path, default=REPO_ROOT,
                        help="the site folder holding site.yaml, content/, seeds/ (default: this repository)")
    parser.add_argument("--out", type=Path, help="where to write the site (default: ROOT/public)")
    parser.add_argument("--base-url", metavar="URL", help="use URL instead of site.yaml's base_url")
    parser.add_argument("--force", action="store_true",
                        help="build even if no input changed since the last build")
    parser.add_argument("--port", type=port_number, default=8000,
                        help="serve: the port on 127.0.0.1 (default 8000; 0 picks a free one)")
    parser.add_argument("--base", metavar="REV",
                        help="report: list the facts added, changed and removed since git revision REV")
    parser.add_argument("--format", choices=("text", "markdown"), default="text",
                        help="report: plain text (default) or Markdown, e.g. for a GitHub job summary")
    return parser.parse_args(argv)


def report_problems(problems: list[Problem], out_dir: Path | None) -> None:
    for problem in problems:
        print(problem, file=sys.stderr)
    kept = f" {out_dir} was left unchanged." if out_dir else ""
    print(f"{len(problems)} problem(s) found.{kept}", file=sys.stderr)


@contextlib.contextmanager
def collector_paused():
    """Pause the cyclic garbage collector: a build makes millions of short-lived acyclic objects."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def main(argv: list[str] | None = None) -> int:
    """Run a command; return the process exit code (0 ok, 1 content problems)."""
    for stream in (sys.stdout, sys.stderr):  # Persian text on a terminal that cannot show it: escape it
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="backslashreplace")
    args = parse_args(argv)
    try:
        if args.command == "serve":  # long-running: keep the collector on
            return run(args)
        with collector_paused():
            return run(args)
    except BrokenPipeError:  # the reader went away (`report | head`): stop quietly
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1


def run(args: argparse.Namespace) -> int:
    """Carry out the parsed command."""
    root = args.root.resolve()
    out_dir = (args.out or root / "public").resolve()
    started = time.perf_counter()
    if args.command == "schema":
        from factsite.jsonschema import write_schemas  # only this command needs it
        written = write_schemas(root)
        print(f"wrote {len(written)} JSON Schemas → {root / 'schemas'}")
        return 0
    refused = settings_problem(args, root, out_dir)
    if refused:
        print(refused, file=sys.stderr)
        return 1
    if args.command == "serve":
        from factsite.preview.server import serve  # imported here: the other commands need no file watcher
        return serve(root, out_dir, args.port)
    built_on = build_date(root)
    digest = input_digest(root, f"{args.base_url}|{built_on}")
    if args.command == "build" and not args.force and is_up_to_date(out_dir, digest):
        print(f"up to date: no input changed since {out_dir} was built ({time.perf_counter() - started:.2f} s)")
        return 0
    site, problems = load_and_verify(root)
    if args.command == "report" and site is not None:
        return run_report(args, root, site, problems)
    if problems:
        report_problems(problems, out_dir if args.command == "build" else None)
        return 1
    if args.command == "check":
        derived = sum(1 for f in site.facts if f.derived)
        print(f"ok: {len(site.facts)} facts — {len(site.facts) - derived} proved against their sources, "
              f"{derived} derived — in {time.perf_counter() - started:.2f} s")
        return 0
    if args.base_url:
        site = replace(site, config=replace(site.config, base_url=args.base_url))
    return build(site, out_dir, started, digest, built_on)


def settings_problem(args: argparse.Namespace, root: Path, out_dir: Path) -> str | None:
    """Why the command cannot run with these settings, said as one line, or None."""
    if not os.path.lexists(root / "site.yaml"):
        return f"{root}/site.yaml not found — pass --root with the site folder"
    if os.path.isdir(root / "site.yaml"):
        return f"{root}/site.yaml is a folder — it must be the site's settings file (see the README)"
    if args.base_url is not None and base_url_error(args.base_url):
        return base_url_error(args.base_url).replace("`base_url`", "--base-url", 1)
    if args.command not in ("build", "serve"):
        return None
    refused = output_problem(out_dir, root)
    if refused:
        return f"{refused} — nothing was written; pass --out with a new or empty folder, or one a build wrote"
    failed = recover(out_dir)
    return failed[0] if failed else None


def run_report(args: argparse.Namespace, root: Path, site: Site, problems: list[Problem]) -> int:
    """Print the report of every fact, or with --base the facts changed since that revision."""
    if args.base:
        text, failed = base_report(root, args.base, site, problems, args.format)
        print(text)
        return 1 if failed else 0
    lines, failed = report_lines(site, problems)
    text = "\n".join(lines)
    print(f"```text\n{text}\n```" if args.format == "markdown" else text)
    return 1 if failed or problems else 0


def build(site: Site, out_dir: Path, started: float, digest: str, built_on: datetime.date) -> int:
    """Render straight into a staging folder, then swap it in; print one summary line."""
    try:
        with staged(out_dir) as staging:
            outputs, problems = render_site(site, built_on, out_dir=staging)
            if problems:
                report_problems(problems, out_dir)
                return 1
            outputs[MANIFEST] = (digest + "\n").encode("ascii")
            write_files(outputs, staging)
            old = publish(staging, out_dir, discard=None)
    except (WriteError, OSError, RenderError) as err:
        print(f"{err} — {out_dir} was left unchanged.", file=sys.stderr)
        return 1
    pages = sum(1 for name in outputs if name.endswith(".html"))
    print(f"built {pages} pages and {len(site.facts)} facts in {time.perf_counter() - started:.2f} s → {out_dir}")
    try:
        if old is not None:
            shutil.rmtree(old)
    except OSError as err:
        print(f"the previous site, moved to {old}, could not be removed ({err.strerror}) — remove it by hand",
              file=sys.stderr)
    return 0
