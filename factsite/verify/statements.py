"""Statements, claims without a figure: each quote proved against its seed, and each name it uses known."""
from __future__ import annotations

import dataclasses

from factsite.model import Problem, Site, Statement
from factsite.verify.fact import _verify_citation


def verify_statements(site: Site) -> tuple[tuple[Statement, ...], list[Problem]]:
    """The statements with their quotes' spans filled in, and what is wrong with them."""
    problems: list[Problem] = []
    facts = set(site.facts_by_id)
    done = []
    for statement in site.statements:
        subject = statement.id
        if statement.id in facts:
            problems.append(Problem(statement.where, "a fact has this id too — give the statement another id",
                                    subject))
        if statement.scope not in site.scopes:
            problems.append(Problem(statement.where, f"unknown scope `{statement.scope}` — use national or a "
                                    "province slug from content/scopes.yaml", subject))
        unknown = [slug for slug in statement.programs if slug not in site.programs]
        if unknown:
            problems.append(Problem(statement.where, f"unknown program(s) {', '.join(unknown)} — use slugs from "
                                    "content/programs.yaml", subject))
        source = _verify_citation(statement.source, site, problems, subject)
        done.append(dataclasses.replace(statement, source=source))
    return tuple(done), problems
