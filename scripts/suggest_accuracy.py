"""How well `suggest` drafts a report's facts: for each scope, remove its facts, run suggest on its
report (the seed whose index entry names the scope), and compare the drafts with the facts removed.

    python scripts/suggest_accuracy.py [--root DIR] [--markdown]

Per scope: the stated facts removed that quote the report; how many come back (a draft of the same
number of the same sentence) with the right value, unit and hedge; the drafts that are no removed
fact (listed, for a person to judge); drafts per real figure; whether every quote is the seed's
text byte for byte; and how many drafts `check` proves once their placeholders are written."""
from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from factsite.verify.figures import Figure, cited_spans, seed_figures, uncited_figures  # noqa: E402
from factsite.draft.suggest import suggest  # noqa: E402
from factsite.load.site import load_site  # noqa: E402
from factsite.model import Fact, Site  # noqa: E402
from factsite.verify.site import verify_site  # noqa: E402

PARTS = ("site.yaml", "content", "seeds", "templates", "static", "locale")
REPO = Path(__file__).resolve().parent.parent


def checked(root: Path) -> tuple[Site, list]:
    """Stages 1 and 2 of a site folder."""
    site, problems = load_site(root)
    site, found = verify_site(site)
    return site, problems + found


def copy_inputs(root: Path, dest: Path) -> Path:
    """A copy of the site's inputs (copies, never links: the build refuses a hard-linked input)."""
    for name in PARTS:
        source = root / name
        if source.is_dir():
            shutil.copytree(source, dest / name)
        elif source.exists():
            shutil.copy2(source, dest / name)
    return dest


def overlaps(figure: Figure, span: tuple[int, int] | None) -> bool:
    return span is not None and figure.span[0] < span[1] and span[0] < figure.span[1]


def measure_scope(root: Path, site: Site, scope: str) -> dict:
    """Remove the scope's facts from a copy of the site, draft its report, compare."""
    seed = next(s for s in site.seeds.values() if s.scope == scope)
    removed = [f for f in site.facts if f.scope == scope and not f.derived and f.source and f.source.seed == seed.file]
    with tempfile.TemporaryDirectory(prefix="suggest-accuracy-") as folder:
        copy = copy_inputs(root, Path(folder))
        (copy / "content" / "facts" / f"{scope}.yaml").write_text("facts: []\n", "utf-8")
        without, _ = checked(copy)
        drafted = uncited_figures(seed_figures(seed), cited_spans(without, seed.file))
        text = suggest(without, without.seeds[seed.file], scope).text
        proved = proved_drafts(copy, without, scope, text)
    entries = yaml.safe_load("facts:\n" + text)["facts"] or []
    matches = {fact.id: next((d for d in drafted if overlaps(d, fact.source.figure)), None) for fact in removed}
    back = [(fact, matches[fact.id]) for fact in removed if matches[fact.id] is not None]
    extra = [d for d in drafted if not any(overlaps(d, f.source.figure) for f in removed)]
    return {"scope": scope, "seed": seed.file, "removed": len(removed), "back": len(back),
            "value": sum(_same_value(f, d) for f, d in back), "unit": sum(f.unit == d.unit for f, d in back),
            "hedge": sum(f.qualifier == d.qualifier for f, d in back), "drafts": len(drafted),
            "period": sum(f.period == d.period for f, d in back),
            "speaker": sum(_speaker(f, seed.lang) == d.sentence.speaker for f, d in back),
            "extra": extra, "missing": [f for f in removed if matches[f.id] is None],
            "verbatim": sum(e["source"]["quote"] in seed.text for e in entries), "proved": proved}


def _speaker(fact: Fact, lang: str) -> str | None:
    """The fact's speaker's name in the report's language (None without one)."""
    return fact.speaker.name[lang] if fact.speaker else None


def _same_value(fact: Fact, figure: Figure) -> bool:
    return fact.value == figure.value and fact.value_max == figure.value_max


def proved_drafts(copy: Path, site: Site, scope: str, text: str) -> int:
    """How many drafts `check` proves (quote, value, position, unit, hedge) once each placeholder is
    written: a made-up id, a program, and a metric counted in the draft's unit."""
    metrics = {m.unit: m.key for m in site.metrics.values()}
    program = next(iter(site.programs))
    lines = []
    for number, entry in enumerate(text.split("\n  - id: ")[1:], 1):
        unit = entry.split("    unit: ", 1)[1].split()[0]
        entry = entry.replace("      - TODO\n", f"      - {program}\n").replace(
            "metric: TODO", f"metric: {metrics.get(unit, 'none')}").replace('"TODO:', '"written:')
        lines.append(f"  - id: draft-{number}\n" + entry.split("\n", 1)[1])
    path = copy / "content" / "facts" / f"{scope}.yaml"
    path.write_text("facts:\n" + "\n".join(lines), "utf-8")
    site, problems = checked(copy)
    failed = {p.fact_id for p in problems}
    return sum(fact.id.startswith("draft-") and fact.id not in failed for fact in site.facts)


def table(results: list[dict], markdown: bool) -> str:
    """The measurements as a table, then the drafts that are no removed fact and the facts missed."""
    head = ["scope", "report", "facts removed", "came back", "right value", "right unit", "right hedge",
            "right period", "right speaker", "drafts", "drafts per figure", "not a removed fact", "quotes verbatim",
            "proved by check"]
    rows = [[r["scope"], r["seed"], r["removed"], r["back"], r["value"], r["unit"], r["hedge"], r["period"],
             r["speaker"], r["drafts"],
             f"{r['drafts'] / max(r['removed'], 1):.2f}", len(r["extra"]), f"{r['verbatim']} of {r['drafts']}",
             f"{r['proved']} of {r['drafts']}"] for r in results]
    keys = ("removed", "back", "value", "unit", "hedge", "period", "speaker", "drafts")
    total = dict(zip(keys, (sum(r[k] for r in results) for k in keys)))
    rows.append(["all", "", *total.values(), f"{total['drafts'] / max(total['removed'], 1):.2f}",
                 sum(len(r["extra"]) for r in results), f"{sum(r['verbatim'] for r in results)} of {total['drafts']}",
                 f"{sum(r['proved'] for r in results)} of {total['drafts']}"])
    out = [" | ".join(map(str, row)) for row in [head, *rows]]
    if markdown:
        out = [f"| {line} |" for line in out]
        out.insert(1, "|" + "---|" * len(head))
        out.append("")
    for r in results:
        out += [f"- {r['scope']}: drafted, no removed fact: «{d.stated}» ({d.unit}, {d.noun})" for d in r["extra"]]
        out += [f"- {r['scope']}: removed, not drafted: {f.id} ({f.value} {f.unit})" for f in r["missing"]]
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--root", type=Path, default=REPO, help="the site folder (default: this repository)")
    parser.add_argument("--markdown", action="store_true", help="a Markdown table")
    args = parser.parse_args(argv)
    site, _ = checked(args.root.resolve())
    scopes = [s.scope for s in site.seeds.values() if s.scope]
    print(table([measure_scope(args.root.resolve(), site, scope) for scope in scopes], args.markdown))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
