#!/usr/bin/env python3
"""Write a synthetic, national-size site for measuring the build.

    python benchmarks/generate.py DIR [--provinces N] [--programs N] [--facts N]
                                      [--sources N] [--scale K] [--seed S]

DIR gets the real layout — site.yaml, content/, seeds/ — plus copies of this repository's
templates/, static/ and locale/, so that `python build.py --root DIR` builds it. Every document,
name and figure is invented (the site and every document say so), but each fact is real in the
sense the build checks: its quote is a sentence of its document, and its value is the number that
sentence states, written the ways the real seeds write numbers (Persian and ASCII digits, Persian
words, mixed forms such as «یک میلیون و ۶۷۳ هزار», hedges such as «بیش از» and "about", and
ranges such as "70 to 95 percent").

The same arguments always give byte-identical files: all randomness comes from one
random.Random(seed), and nothing depends on the clock, the machine or hash order.
"""
from __future__ import annotations

import argparse
import random
import shutil
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from benchmarks.synth_documents import write_document  # noqa: E402
from benchmarks.synth_places import PROGRAMS, PROVINCES  # noqa: E402
from benchmarks.synth_plan import make_programs, make_scopes, plan_documents, plan_facts  # noqa: E402
from benchmarks.synth_yaml import (ABOUT, facts_yaml, metrics_yaml, program_markdown, programs_yaml,  # noqa: E402
                                   scopes_yaml, seeds_yaml, site_yaml)

REPO = Path(__file__).resolve().parent.parent
COPIED = ("templates", "static", "locale")
GENERATED = ("site.yaml", "content", "seeds")
YAML_LIMIT = 1_000_000          # factsite/yamlfile.py refuses larger YAML files

DEFAULT_FACTS = 6000
# 300 documents was the brief's minimum; 700 brings the default site past 1,500 pages
# (pages ≈ 2 per source, scope and program, plus a few index pages per language).
DEFAULT_SOURCES = 700
DERIVED_SCOPES = 12             # scopes with a derived population estimate


# ---------------------------------------------------------------------------------------------
# Putting it together
# ---------------------------------------------------------------------------------------------


@dataclass
class Summary:
    provinces: int
    programs: int
    facts: int
    derived: int
    sources: int
    bytes: int
    seconds: float
    files: dict = field(default_factory=dict, repr=False)

    def line(self, out: Path) -> str:
        return (f"generated {out}: {self.provinces} provinces, {self.programs} programs, {self.facts} facts "
                f"({self.derived} derived), {self.sources} sources, {self.bytes:,} bytes written "
                f"in {self.seconds:.2f} s")


def build_files(provinces: int, programs_count: int, facts_count: int, sources: int,
                seed: int) -> tuple[dict[str, bytes], dict]:
    """Every generated file (path → bytes) and counts, from one random.Random(seed)."""
    rng = random.Random(seed)
    scopes = make_scopes(provinces, rng)
    programs = make_programs(programs_count)
    facts = plan_facts(scopes, programs, facts_count, rng)
    docs = plan_documents(scopes, facts, sources, rng)
    for doc in docs:
        write_document(doc, programs, rng)
    files: dict[str, bytes] = {}

    def put(path: str, text: str) -> None:
        files[path] = text.encode("utf-8")

    put("site.yaml", site_yaml())
    put("content/seeds.yaml", seeds_yaml(docs))
    put("content/scopes.yaml", scopes_yaml(scopes))
    put("content/programs.yaml", programs_yaml(programs, docs))
    put("content/metrics.yaml", metrics_yaml(programs))
    derived = 0
    first = programs[0]
    for index, scope in enumerate(scopes):
        mine = [f for f in facts if f.scope is scope]
        ids = {f.id for f in mine}
        has_inputs = {f"{scope.slug}-{first.slug}-covered-population",
                      f"{scope.slug}-{first.slug}-population-share"} <= ids
        with_derived = index < DERIVED_SCOPES and has_inputs
        derived += with_derived
        put(f"content/facts/{scope.slug}.yaml", facts_yaml(scope, mine, with_derived, first))
    for p in programs:
        for lang, text in program_markdown(p).items():
            put(f"content/programs/{p.slug}.{lang}.md", text)
    for lang, text in ABOUT.items():
        put(f"content/pages/about.{lang}.md", text)
    for doc in docs:
        put(f"seeds/{doc.file}", doc.text)
    too_big = [p for p, data in files.items() if p.endswith(".yaml") and len(data) > YAML_LIMIT]
    if too_big:
        raise SystemExit(f"{', '.join(too_big)} would exceed the build's {YAML_LIMIT:,}-byte YAML limit — "
                         "lower --facts/--scale or raise --programs")
    counts = {"provinces": provinces, "programs": programs_count, "facts": len(facts) + derived,
              "derived": derived, "sources": len(docs)}
    return files, counts


def generate(out: Path, provinces: int = len(PROVINCES), programs: int = len(PROGRAMS),
             facts: int = DEFAULT_FACTS, sources: int = DEFAULT_SOURCES, scale: int = 1,
             seed: int = 0) -> Summary:
    """Write the synthetic site into out (replacing what an earlier run wrote) and summarize it."""
    started = time.perf_counter()
    if scale < 1:
        raise SystemExit("--scale must be at least 1")
    files, counts = build_files(provinces, programs, facts * scale, sources * scale, seed)
    out.mkdir(parents=True, exist_ok=True)
    for name in GENERATED + COPIED:
        target = out / name
        if target.is_dir() and not target.is_symlink():
            shutil.rmtree(target)
        elif target.exists() or target.is_symlink():
            target.unlink()
    written = 0
    for rel, data in files.items():
        path = out / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        written += len(data)
    for name in COPIED:
        shutil.copytree(REPO / name, out / name)
        written += sum(p.stat().st_size for p in (out / name).rglob("*") if p.is_file())
    return Summary(files=files, bytes=written, seconds=time.perf_counter() - started, **counts)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="generate.py", description=__doc__.split("\n\n")[0])
    parser.add_argument("dir", type=Path, help="folder to write the site into")
    parser.add_argument("--provinces", type=int, default=len(PROVINCES),
                        help=f"provinces besides the nation, in a fixed order (default {len(PROVINCES)})")
    parser.add_argument("--programs", type=int, default=len(PROGRAMS),
                        help=f"programs (default {len(PROGRAMS)})")
    parser.add_argument("--facts", type=int, default=DEFAULT_FACTS,
                        help=f"stated facts, before --scale (default {DEFAULT_FACTS}); a few derived facts are added")
    parser.add_argument("--sources", type=int, default=DEFAULT_SOURCES,
                        help=f"source documents, before --scale (default {DEFAULT_SOURCES})")
    parser.add_argument("--scale", type=int, default=1, help="multiply facts and sources (default 1)")
    parser.add_argument("--seed", type=int, default=0, help="random seed (default 0)")
    args = parser.parse_args(argv)
    summary = generate(args.dir, args.provinces, args.programs, args.facts, args.sources, args.scale, args.seed)
    print(summary.line(args.dir))
    return 0


if __name__ == "__main__":
    sys.exit(main())
