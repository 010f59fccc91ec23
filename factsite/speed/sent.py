"""A fact checked in a forked process, sent back as what the check changed of it.

The parent makes the checked fact again from its own copy of the fact (changed), so that the
checked facts share what the read facts hold, in memory and in the memory kept for the next run
(speed/lasting.py), instead of a copy of each sent back."""
from __future__ import annotations

from dataclasses import fields, is_dataclass, replace

from factsite.model import Fact, Problem, Site
from factsite.verify.fact import Checked, check_fact

Sent = tuple[dict | None, tuple[Problem, ...]]  # what a child sends back of one checked fact


def check_to_send(site: Site, fact: Fact) -> Sent:
    """In a child: check_fact, as what it changed of the fact (changes) and the problems."""
    checked = check_fact(fact, site)
    return changes(fact, checked.fact), checked.problems


def received(fact: Fact, sent: Sent) -> Checked:
    """What check_fact gave, made again from this process's own fact and what the child sent."""
    return Checked(changed(fact, sent[0]), sent[1])


def changes(old, new) -> dict | None:
    """new as the fields in which it is not the very object old (None when it is old): its value,
    or for a dataclass of old's type, what changed of it."""
    if new is old:
        return None
    pairs = ((field.name, getattr(old, field.name), getattr(new, field.name)) for field in fields(old))
    return {name: changes(was, now) if is_dataclass(was) and type(was) is type(now) else (now,)
            for name, was, now in pairs if now is not was}


def changed(old, made: dict | None):
    """old with these changes (see changes) made."""
    if not made:
        return old
    return replace(old, **{name: change[0] if isinstance(change, tuple) else changed(getattr(old, name), change)
                           for name, change in made.items()})
