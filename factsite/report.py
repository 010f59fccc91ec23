"""A reviewer's view: every fact with its displayed value in both languages, status and quote."""
from __future__ import annotations

from .formatting import format_quantity
from .model import Fact, Problem, Site


def fact_status(fact: Fact, failing: set[str]) -> str:
    """verified, derived or error."""
    if fact.id in failing:
        return "error"
    return "derived" if fact.derived else "verified"


def _display(fact: Fact, lang: str) -> str:
    if fact.value is None:
        return "—"
    return format_quantity(fact.value, lang, unit=fact.unit, qualifier=fact.qualifier,
                           value_max=fact.value_max)


def report_lines(site: Site, problems: list[Problem]) -> tuple[list[str], bool]:
    """Lines of the report, and whether any fact failed."""
    failing = {p.fact_id for p in problems if p.fact_id}
    lines = []
    for fact in site.facts:
        status = fact_status(fact, failing)
        lines.append(f"{fact.id}  [{status}]  scope: {fact.scope}")
        lines.append(f"    en: {_display(fact, 'en')}    fa: {_display(fact, 'fa')}")
        if fact.source:
            lines.append(f"    quote ({fact.source.seed}): {fact.source.quote}")
        elif fact.derived:
            lines.append(f"    formula: {fact.derived.formula}")
        lines += [f"    ! {p.message}" for p in problems if p.fact_id == fact.id]
    counts = {s: sum(1 for f in site.facts if fact_status(f, failing) == s)
              for s in ("verified", "derived", "error")}
    other = [p for p in problems if not p.fact_id or p.fact_id not in {f.id for f in site.facts}]
    lines += [str(p) for p in other]
    lines.append(f"{len(site.facts)} facts: {counts['verified']} verified, {counts['derived']} derived, "
                 f"{counts['error']} error")
    return lines, bool(counts["error"])
