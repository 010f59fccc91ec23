#!/usr/bin/env python3
"""Build the site with git revision REV and with the working tree, and say whether every output file is
byte-identical (the check behind each refactoring: `python scripts/compare_output.py REV [--national]`).

It builds this repository's real site, and with --national also the synthetic national site of
benchmarks/generate.py, once with REV (checked out in a temporary worktree) and once with the working
tree, into temporary folders, with SOURCE_DATE_EPOCH fixed: the same content and seeds, each with its
own revision's templates, static files and catalogs. The inputs digest (.build-inputs) differs
by design (it covers the build's own code) and is left out. Exit code 0 if identical, 1 if not.
"""
from __future__ import annotations

import argparse
import filecmp
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
CONTENT = ("site.yaml", "content", "seeds")      # the same for both builds
PRESENTATION = ("templates", "static", "locale")  # each build's own: they change with the code


def build(code: Path, site: Path, out: Path) -> None:
    env = {**os.environ, "SOURCE_DATE_EPOCH": "1767225600", "FACTSITE_NO_CACHE": "1"}
    subprocess.run([sys.executable, str(code / "build.py"), "--root", str(site), "--out", str(out), "--force"],
                   check=True, env=env, stdout=subprocess.DEVNULL)


def site_for(code: Path, content: Path, dest: Path) -> Path:
    """A site folder with content's text and code's templates, static files and catalogs."""
    dest.mkdir()
    for name in CONTENT:
        (shutil.copytree if (content / name).is_dir() else shutil.copy)(content / name, dest / name)
    for name in PRESENTATION:
        shutil.copytree(code / name, dest / name)
    return dest


def differences(one: Path, two: Path) -> list[str]:
    files = {p.relative_to(one).as_posix() for p in one.rglob("*") if p.is_file()} | \
            {p.relative_to(two).as_posix() for p in two.rglob("*") if p.is_file()}
    return sorted(f for f in files - {".build-inputs"}
                  if not ((one / f).is_file() and (two / f).is_file() and filecmp.cmp(one / f, two / f, shallow=False)))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("rev", help="the git revision to compare the working tree with")
    parser.add_argument("--national", action="store_true", help="also the synthetic national site")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="factsite-compare-") as folder:
        work = Path(folder)
        subprocess.run(["git", "-C", str(REPO), "worktree", "add", "--detach", "-q", str(work / "old"), args.rev],
                       check=True)
        try:
            sites = {"real": REPO}
            if args.national:
                subprocess.run([sys.executable, str(REPO / "benchmarks/generate.py"), str(work / "national")],
                               check=True, stdout=subprocess.DEVNULL)
                sites["national"] = work / "national"
            failed = False
            for name, site in sites.items():
                build(work / "old", site_for(work / "old", site, work / f"{name}-site-old"), work / f"{name}-old")
                build(REPO, site_for(REPO, site, work / f"{name}-site-new"), work / f"{name}-new")
                diff = differences(work / f"{name}-old", work / f"{name}-new")
                said = f"{len(diff)} file(s) differ: {', '.join(diff[:10])}" if diff else "identical"
                print(f"{name}: {said}")
                failed |= bool(diff)
        finally:
            subprocess.run(["git", "-C", str(REPO), "worktree", "remove", "--force", str(work / "old")], check=False)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
