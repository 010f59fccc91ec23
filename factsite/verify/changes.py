"""The changes file against the facts: an added or corrected figure exists, a removed one does not,
and a correction or removal says what the figure was and why."""
from __future__ import annotations

from factsite.model import Problem, Site


def check_changes(site: Site) -> list[Problem]:
    """Every problem of content/changes.yaml, each with what to do."""
    problems = []
    for change in site.changes:
        exists = change.fact in site.facts_by_id
        if change.kind == "removed" and exists:
            problems.append(Problem(change.where, f"`{change.fact}` is listed as removed but is still a fact — "
                                    "remove the fact, or the change"))
        elif change.kind != "removed" and not exists:
            problems.append(Problem(change.where, f"no fact `{change.fact}` — use the id of a fact in "
                                    "content/facts/, or kind `removed` for one taken out"))
        needed = {"corrected": ("was", "reason"), "removed": ("was", "label", "reason")}.get(change.kind, ())
        missing = [name for name in needed if getattr(change, name) is None]
        if missing:
            problems.append(Problem(change.where, f"a `{change.kind}` change needs "
                                    f"{' and '.join(f'`{name}`' for name in missing)} — say what the figure "
                                    "was and why it changed, in both languages"))
    return problems
