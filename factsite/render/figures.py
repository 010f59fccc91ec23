"""How a figure is written and where its pages are: used by the views and by the prose's references."""
from __future__ import annotations

import functools
from decimal import Decimal

from factsite.model import Fact
from factsite.render.formatting import format_quantity


def scope_path(lang: str, scope: str) -> str:
    """Site-relative path of a scope's fact sheet."""
    return f"{lang}/national/" if scope == "national" else f"{lang}/provinces/{scope}/"


def fact_path(lang: str, fact_id: str) -> str:
    """Site-relative path of a fact's own page."""
    return f"{lang}/facts/{fact_id}/"


def quantity(fact: Fact, lang: str, compact: bool) -> str:
    if fact.value is None:
        return "—"
    high = str(fact.value_max) if fact.value_max is not None else None
    return _formatted(str(fact.value), lang, fact.unit, fact.qualifier, high, compact)


@functools.lru_cache(maxsize=65536)
def _formatted(value: str, lang: str, unit: str, qualifier: str, value_max: str | None, compact: bool) -> str:
    """format_quantity, once per figure as written: many facts state the same figure."""
    return format_quantity(Decimal(value), lang, unit=unit, qualifier=qualifier,
                           value_max=Decimal(value_max) if value_max is not None else None, compact=compact)
