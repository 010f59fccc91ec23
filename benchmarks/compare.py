"""The side-by-side measure of issue #35: our cold build with its search index against Hugo on the
same content (benchmarks/hugo_content.py) followed by the same search indexing, round by round.

Both sides start every run from the same state, under one of two protocols:
  clean — each side's previous output folder is removed before its run (before the clock starts);
  over  — each side writes over the output its own previous run of the same input left (ours stages
          a new folder and swaps it in, removing the old one; Hugo writes over its destination).
A warm-up run of each side comes first, so that both find their output, their program and the input
files as the timed rounds will. Every run forgets what our earlier runs kept (speed/cache.py), and
writes out the disk cache, before the clock starts. The Hugo side is indexed by the very function
our build calls (factsite.write.search.index_for_search), in the same process that runs Hugo."""
from __future__ import annotations

import json
import shutil
import sys
from dataclasses import dataclass
from pathlib import Path

from benchmarks.hugo_content import write_hugo_content
from benchmarks.timing import Run, forget, median, settle_disk, timed

REPO = Path(__file__).resolve().parent.parent
BUILD = [sys.executable, str(REPO / "build.py")]
PROTOCOLS = {"clean": "each side deletes its previous output first",
             "over": "each side writes over its own previous output"}

# Hugo, then the build's own search indexing (the same Pagefind, run the same way) over what it wrote.
HUGO_THEN_SEARCH = """
import subprocess, sys
from pathlib import Path
sys.path.insert(0, REPO_PATH)
from factsite.write.search import index_for_search
subprocess.run(sys.argv[1:], check=True)
index_for_search(Path(sys.argv[-1]))
""".replace("REPO_PATH", repr(str(REPO)))


@dataclass(frozen=True)
class Output:
    """What one side wrote: HTML pages, their bytes, and the pages its search index holds."""

    pages: int
    html_bytes: int
    indexed: int


@dataclass(frozen=True)
class Compared:
    """One protocol's result: the median run of each side over its rounds, and what each wrote."""

    protocol: str
    rounds: int
    ours: Run
    hugo: Run
    ours_output: Output
    hugo_output: Output

    @property
    def ratio(self) -> float:
        """Our time over Hugo's."""
        return self.ours.seconds / self.hugo.seconds


def sides(site: Path, work: Path) -> dict[str, tuple[list[str], Path]]:
    """Each side's command and the output folder it writes (ours without the share cards, chart
    images and frames, which Hugo's side does not make)."""
    ours, hugo = work / "ours", work / "hugo-content-public"
    return {"ours": ([*BUILD, "--root", str(site), "--force", "--no-cards", "--out", str(ours)], ours),
            "hugo": ([sys.executable, "-c", HUGO_THEN_SEARCH, "hugo", "--quiet", "--source",
                      str(work / "hugo-content"), "--destination", str(hugo)], hugo)}


def compare(site: Path, work: Path, protocol: str, rounds: int) -> Compared:
    """Run our side and Hugo's in turn, a warm-up and then `rounds` rounds, under one protocol
    (the Hugo site in work/hugo-content written already)."""
    if protocol not in PROTOCOLS:
        raise ValueError(f"unknown protocol {protocol!r}: use one of {', '.join(PROTOCOLS)}")
    commands = sides(site, work)
    done: dict[str, list[Run]] = {name: [] for name in commands}
    for turn in range(rounds + 1):
        for name, (command, out) in commands.items():
            forget()
            if protocol == "clean":
                shutil.rmtree(out, ignore_errors=True)
            settle_disk()
            run = timed(command)
            if turn:  # the first turn is the warm-up
                done[name].append(run)
    outputs = {name: output_of(out) for name, (_, out) in commands.items()}
    return Compared(protocol, rounds, median(done["ours"]), median(done["hugo"]), outputs["ours"], outputs["hugo"])


def compare_all(site: Path, work: Path, protocols: list[str], rounds: int) -> list[Compared]:
    """Write the Hugo site with site's content, then run each protocol in turn; none without `hugo`."""
    if not shutil.which("hugo"):
        return []
    write_hugo_content(site, work / "hugo-content")
    return [compare(site, work, protocol, rounds) for protocol in protocols]


def output_of(folder: Path) -> Output:
    """How many HTML pages folder holds, their bytes, and the pages Pagefind indexed there."""
    return Output(*html_size(folder), indexed_pages(folder))


def html_size(folder: Path) -> tuple[int, int]:
    """How many HTML pages are under folder, and their bytes."""
    pages = list(folder.rglob("*.html"))
    return len(pages), sum(path.stat().st_size for path in pages)


def indexed_pages(folder: Path) -> int:
    """The pages in folder's search index, every language's page_count in pagefind-entry.json."""
    entry = json.loads((folder / "pagefind/pagefind-entry.json").read_text("utf-8"))
    return sum(language["page_count"] for language in entry["languages"].values())
