"""The command line. `python build.py` runs the four stages, each in its own folder of factsite/:

    load_site → verify_site → render_site → write_site

speed/ gives them what makes them quicker, never a path of its own: what the last run kept (by
digests), processes to share the work among, and after an edit the pages to render again.
preview/ runs the same stages on every save.
`check` and `report` stop after stage 2; `serve` is the preview; `schema` writes the JSON Schemas;
`suggest` drafts facts from a report (draft/); `report --uncited` says what of each report no fact cites.
"""
from __future__ import annotations

import argparse
import os
import sys
import time
from dataclasses import replace
from operator import attrgetter
from pathlib import Path

from factsite.load.schema import base_url_error
from factsite.load.site import load_site
from factsite.model import Problem, Site
from factsite.render.sample import sample_pages
from factsite.render.seo import is_public
from factsite.render.site import RenderError, build_date, kept_environment, render_site
from factsite.report import base_report, report_lines
from factsite.speed.cache import Bounded, cache_folder, keep, kept_cache, kept_meanwhile
from factsite.speed.collector import collector_paused
from factsite.speed.digest import MANIFEST, input_digests, is_up_to_date
from factsite.speed.pool import WorkerFailed, forked
from factsite.speed.rebuild import RECORD
from factsite.speed.rebuild import plan as planned
from factsite.verify.site import verify_site
from factsite.write.output import output_problem, recover
from factsite.write.search import SearchFailed
from factsite.write.site import WriteError, write_site

REPO_ROOT = Path(__file__).resolve().parent.parent
COMMANDS = ("build", "check", "report", "schema", "serve", "suggest")
ONLY_FOR = {"seed": ("SEED", "suggest"), "write": ("--write", "suggest"), "scope": ("--scope", "suggest"),
            "uncited": ("--uncited", "report")}  # what one command takes, by its name in the parsed arguments


def port_number(text: str) -> int:
    """A TCP port for --port: 0 (any free one) to 65535."""
    if not text.isascii() or not text.isdigit() or int(text) > 65535:
        raise argparse.ArgumentTypeError(f"{text!r} is no port — give a number from 0 to 65535")
    return int(text)


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    """The command and options of a command line (argparse exits with its usage on a wrong one)."""
    return make_parser().parse_args(argv)


def make_parser() -> argparse.ArgumentParser:
    """build.py's argument parser; the README's command table lists what it accepts (a test checks)."""
    parser = argparse.ArgumentParser(prog="build.py", description="Build the bilingual fact-sheet site.")
    parser.add_argument("command", nargs="?", default="build", choices=COMMANDS,
                        help="build the site (default), check the content without writing, "
                             "report every fact with its status, write the JSON Schemas to schemas/, "
                             "serve a live preview that rebuilds on every change, or suggest draft facts "
                             "for the figures of a report that no fact cites yet")
    parser.add_argument("seed", nargs="?", metavar="SEED", help="suggest: the report, a file name in seeds/")
    parser.add_argument("--root", type=Path, default=REPO_ROOT,
                        help="the site folder holding site.yaml, content/, seeds/ (default: this repository)")
    parser.add_argument("--out", type=Path, help="where to write the site (default: ROOT/public)")
    parser.add_argument("--base-url", metavar="URL", help="use URL instead of site.yaml's base_url")
    parser.add_argument("--force", action="store_true",
                        help="build the whole site, even if no input changed since the last build (without it, "
                             "a build after an edit to the facts renders and writes only what changed)")
    parser.add_argument("--no-cards", dest="cards", action="store_false",
                        help="build without the share cards, the chart images and the pages for other sites' "
                             "frames (for the benchmark against a generator that makes none)")
    parser.add_argument("--port", type=port_number, default=8000,
                        help="serve: the port on 127.0.0.1 (default 8000; 0 picks a free one)")
    parser.add_argument("--base", metavar="REV",
                        help="report: list the facts added, changed and removed since git revision REV")
    parser.add_argument("--format", choices=("text", "markdown", "changes"), default="text",
                        help="report: plain text (default), Markdown (e.g. for a GitHub job summary), or "
                             "entries for content/changes.yaml (with --base)")
    parser.add_argument("--write", action="store_true",
                        help="suggest: append the drafts to content/facts/{scope}.yaml (no line there changes)")
    parser.add_argument("--scope", help="suggest: the scope of the drafts (default: the seed's `scope` in "
                        "content/seeds.yaml)")
    parser.add_argument("--uncited", action="store_true", help="report: per seed, the figures and the "
                        "attributed sentences no fact cites, and how many of its figures are cited")
    return parser


def main(argv: list[str] | None = None, end_process: bool = False) -> int:
    """Run a command; return the process exit code (0 ok, 1 a problem, said on stderr).

    end_process: end the process once a one-off command is done (build.py), before the collector
    resumes: it would scan every object the command left (0.3-0.4 s after a national build)."""
    for stream in (sys.stdout, sys.stderr):  # Persian text on a terminal that cannot show it: escape it
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="backslashreplace")
    args = parse_args(argv)
    args.root = args.root.resolve()
    args.out = (args.out or args.root / "public").resolve()
    try:
        if args.command == "serve":  # long-running: keep the collector on
            return serve(args)
        with collector_paused():
            code = {"build": build, "check": check, "report": report, "schema": schema,
                    "suggest": suggest}[args.command](args)
            if end_process:
                exit_now(code)
            return code
    except BrokenPipeError:  # the reader went away (`report | head`): stop quietly
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1


def exit_now(code: int) -> None:
    """End the process with this exit code once its output is flushed, without freeing the objects
    it made one by one at exit (0.3 s after a build of the national site): every file is written
    and closed by then, and the system takes the memory back at once."""
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (BrokenPipeError, ValueError):  # the reader went away, or the stream is closed
            pass
    os._exit(code)


def build(args: argparse.Namespace) -> int:
    """The four stages, then one summary line; nothing is published unless every stage succeeds."""
    started, built_on = time.perf_counter(), build_date(args.root)
    if refused(args):
        return 1
    settings = f"{args.base_url}|{built_on}|{args.cards}"
    digest, common = input_digests(args.root, settings)                 # all inputs; all but the facts
    if up_to_date(args, digest, started):
        return 0
    cache = kept_cache(args.root)                                        # what the last run kept (speed/)
    site, problems = checked(args.root, cache)                           # 1 load, 2 verify
    if problems:
        keep(cache, args.root)
        return said(problems, f" {args.out} was left unchanged.")
    if args.base_url:
        site = replace(site, config=replace(site.config, base_url=args.base_url))
    try:
        plan = planned(site, built_on, args.out, common, args.force, cache,
                       args.cards)                                       # the pages an edit changed (speed/)
        files = render_site(site, built_on, only=plan.only, mapper=forked(), cache=cache,
                            cards=args.cards)  # 3 render
        files.update({RECORD: plan.record, MANIFEST: (digest + "\n").encode("ascii")})
        with kept_meanwhile(cache, args.root):                           # the cache is written meanwhile
            searched = write_site(files, args.out, plan.unchanged, search_cache=cache_folder())  # 4 stage, index, swap
    except (RenderError, WriteError, SearchFailed, WorkerFailed, OSError) as err:
        print(f"{err} — {args.out} was left unchanged.", file=sys.stderr)
        return 1
    warn_if_not_public(site)
    again = "" if plan.only is None else (f" ({len(plan.only)} pages rendered again, the rest unchanged; the search "
                                          f"index and the offline copy took {searched:.2f} s of it)")
    print(f"built {plan.pages} pages and {len(site.facts)} facts in {time.perf_counter() - started:.2f} s → "
          f"{args.out}{again}")
    return 0


def checked(root: Path, cache: Bounded | None = None) -> tuple[Site | None, list[Problem]]:
    """Stages 1 and 2, given every core and what the last runs kept (kept for the next unless
    cache is given): the checked site and every problem, by place."""
    kept = cache if cache is not None else kept_cache(root)
    site, problems = load_site(root, kept)
    if site is not None:
        site, found = verify_site(site, forked(), kept)
        problems += found
    if cache is None:
        keep(kept, root)
    problems.sort(key=attrgetter("where"))  # by file, line and column
    return site, problems


def warn_if_not_public(site) -> None:
    """One line on stderr when base_url is only a path: what must be a full address is left out."""
    if not is_public(site):
        print(f"warning: base_url `{site.config.base_url}` is a path, not a full address, so canonical links, "
              "hreflang alternates, og:url, the sitemap and the citations' addresses are left out — set "
              "base_url in site.yaml to the address the site is served at (like https://example.org/) or "
              "pass --base-url", file=sys.stderr)


def check(args: argparse.Namespace) -> int:
    """Stages 1 and 2, and a page of each template rendered (what only rendering shows): say every
    problem, or how many facts were proved."""
    started = time.perf_counter()
    if refused(args):
        return 1
    cache = kept_cache(args.root)
    site, problems = checked(args.root, cache)
    problems = problems or sample_pages(site, env=kept_environment(args.root, cache))
    keep(cache, args.root)
    if problems:
        return said(problems)
    derived = sum(1 for f in site.facts if f.derived)
    print(f"ok: {len(site.facts)} facts — {len(site.facts) - derived} proved against their sources, "
          f"{derived} derived — in {time.perf_counter() - started:.2f} s")
    return 0


def report(args: argparse.Namespace) -> int:
    """Every fact with its status, or with --base the facts changed since that revision."""
    if refused(args):
        return 1
    site, problems = checked(args.root)
    if site is None:
        return said(problems)
    if args.uncited:
        from factsite.verify.coverage import uncited_report
        print(uncited_report(site, args.format == "markdown"))
        return 0
    return run_report(args, args.root, site, problems)


def suggest(args: argparse.Namespace) -> int:
    """Draft facts for the figures of a report no fact cites yet: printed, or appended with --write."""
    if refused(args):
        return 1
    site, problems = checked(args.root)
    if site is None:
        return said(problems)
    from factsite.draft.command import run_suggest  # only this command drafts
    return run_suggest(site, args.root, args.seed, args.scope, args.write)


def schema(args: argparse.Namespace) -> int:
    """Write the JSON Schemas editors' tools read."""
    from factsite.jsonschema import write_schemas  # only this command needs it
    written = write_schemas(args.root)
    print(f"wrote {len(written)} JSON Schemas → {args.root / 'schemas'}")
    return 0


def serve(args: argparse.Namespace) -> int:
    """The live preview, which runs the stages again on every save."""
    if refused(args):
        return 1
    from factsite.preview.server import serve as preview  # imported here: the other commands need no file watcher
    return preview(args.root, args.out, args.port)


def refused(args: argparse.Namespace) -> bool:
    """True, with the reason said, when the command cannot run with these settings."""
    problem = settings_problem(args)
    if problem:
        print(problem, file=sys.stderr)
    return problem is not None


def up_to_date(args: argparse.Namespace, digest: str, started: float) -> bool:
    """True, said, when no input changed since the output was built (and --force is not given)."""
    if args.force or not is_up_to_date(args.out, digest):
        return False
    print(f"up to date: no input changed since {args.out} was built ({time.perf_counter() - started:.2f} s)")
    return True


def said(problems: list[Problem], after: str = "") -> int:
    """Print every problem and the count; return the exit code 1."""
    for problem in sorted(problems, key=lambda problem: problem.where):
        print(problem, file=sys.stderr)
    print(f"{len(problems)} problem(s) found.{after}", file=sys.stderr)
    return 1


def settings_problem(args: argparse.Namespace) -> str | None:
    """Why the command cannot run with these settings, said as one line, or None."""
    root, out_dir = args.root, args.out
    if not os.path.lexists(root / "site.yaml"):
        return f"{root}/site.yaml not found — pass --root with the site folder"
    if os.path.isdir(root / "site.yaml"):
        return f"{root}/site.yaml is a folder — it must be the site's settings file (see the README)"
    if args.base_url is not None and base_url_error(args.base_url):
        return base_url_error(args.base_url).replace("`base_url`", "--base-url", 1)
    for name, (shown, command) in ONLY_FOR.items():
        if getattr(args, name, None) and args.command != command:
            return f"{shown} is for `{command}` only — leave it out of `{args.command}`"
    if args.command not in ("build", "serve"):
        return None
    refused = output_problem(out_dir, root)
    if refused:
        return f"{refused} — nothing was written; pass --out with a new or empty folder, or one a build wrote"
    for failed in recover(out_dir):  # a leftover that stays does not stop this build: it only takes room
        print(f"warning: {failed}", file=sys.stderr)
    return None


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
