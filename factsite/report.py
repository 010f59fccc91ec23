"""A reviewer's view: every fact with its displayed value in both languages, status and quote;
or, against a git revision, the facts a change adds, changes and removes."""
from __future__ import annotations

import datetime
import io
import json
import shutil
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass, fields, is_dataclass
from pathlib import Path

from factsite.load.site import load_site
from factsite.verify.site import verify_site
from factsite.render.formatting import format_quantity
from factsite.model import Bilingual, Citation, Fact, Problem, Site


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


# --- Against a base revision: the facts a pull request adds, changes and removes. ---------------

SITE_PARTS = ("site.yaml", "content", "seeds", "templates", "static", "locale")
LOCATIONS = {"where", "field_where", "span", "seed_where"}   # where a thing is written, not what it says
VALUE_FIELDS = ("value", "value_max", "qualifier", "unit")
MARKDOWN_SPECIAL = str.maketrans({c: "\\" + c for c in "\\`*_[]<>|"})


class BaseError(Exception):
    """The base revision cannot be read."""


@dataclass(frozen=True)
class Change:
    """One fact added, changed or removed, with its status where it now is (or last was)."""

    fact: Fact
    status: str
    changed: tuple[str, ...] = ()
    before: Fact | None = None
    problems: tuple[str, ...] = ()


def materialise(root: Path, rev: str, dest: Path) -> None:
    """Write the site's files as they were at git revision rev into dest."""
    prefix = _git(root, "rev-parse", "--show-prefix").decode().strip()
    try:
        _git(root, "rev-parse", "--verify", "--quiet", f"{rev}^{{commit}}")
    except BaseError:
        raise BaseError(f"`{rev}` is not a commit of the repository at {root} — fetch it first "
                        "(e.g. `git fetch origin main`) or check the name") from None
    tree = f"{rev}:{prefix}"
    names = set(_git(root, "ls-tree", "--name-only", tree).decode("utf-8").splitlines())
    parts = [part for part in SITE_PARTS if part in names]
    if "site.yaml" not in parts:
        raise BaseError(f"{rev} has no site.yaml in {prefix or 'the repository root'}")
    data = _git(root, "archive", "--format=tar", tree, *parts)
    try:
        with tarfile.open(fileobj=io.BytesIO(data)) as archive:
            archive.extractall(dest, filter="data")
    except tarfile.FilterError as err:  # a link leaving the tree, an absolute path, a device…
        member = getattr(err, "tarinfo", None)
        name = member.name if member is not None else "a file"
        raise BaseError(f"{rev} holds {name}, which cannot be read safely ({err}) — a link must stay "
                        "inside the site's input folders") from None
    except (tarfile.TarError, OSError) as err:
        raise BaseError(f"the files at {rev} cannot be unpacked ({err})") from None


def _git(root: Path, *args: str) -> bytes:
    """Run git in root and return its output; a failure is a BaseError saying why."""
    try:
        done = subprocess.run(["git", "-C", str(root), *args], capture_output=True, check=False)
    except FileNotFoundError:
        raise BaseError("git is not installed — install it to compare with a revision") from None
    if done.returncode:
        reason = done.stderr.decode("utf-8", "replace").strip() or f"git {args[0]} failed"
        raise BaseError(f"git {' '.join(args)}: {reason}")
    return done.stdout


def _comparable(value: object) -> object:
    """What a fact (or part of one) says, without where it is written."""
    if is_dataclass(value):
        return {f.name: _comparable(getattr(value, f.name)) for f in fields(value) if f.name not in LOCATIONS}
    if isinstance(value, tuple):
        return tuple(_comparable(v) for v in value)
    return value


def changed_fields(before: Fact, after: Fact) -> tuple[str, ...]:
    """The names of the fields whose content differs."""
    old, new = _comparable(before), _comparable(after)
    return tuple(name for name in new if old.get(name) != new[name])


def compare_sites(base: Site | None, base_problems: list[Problem], head: Site,
                  head_problems: list[Problem]) -> dict[str, list[Change]]:
    """The facts added, changed and removed between base and head, in file order."""
    failing = {p.fact_id for p in head_problems if p.fact_id}
    old = base.facts_by_id if base else {}
    messages = {fact.id: tuple(p.message for p in head_problems if p.fact_id == fact.id) for fact in head.facts}
    result: dict[str, list[Change]] = {"added": [], "changed": [], "removed": []}
    for fact in head.facts:
        status = fact_status(fact, failing)
        if fact.id not in old:
            result["added"].append(Change(fact, status, problems=messages[fact.id]))
        elif changed := changed_fields(old[fact.id], fact):
            result["changed"].append(Change(fact, status, changed, old[fact.id], messages[fact.id]))
    base_failing = {p.fact_id for p in base_problems if p.fact_id}
    result["removed"] = [Change(fact, fact_status(fact, base_failing)) for fact in (base.facts if base else ())
                         if fact.id not in head.facts_by_id]
    return result


def _describe(fact: Fact, name: str) -> str:
    """One field of a fact as a reviewer reads it."""
    if name in VALUE_FIELDS:
        return f"{_display(fact, 'en')} · {_display(fact, 'fa')}"
    value = getattr(fact, name, None)
    if value is None:
        return "—"
    if isinstance(value, Bilingual):
        return f"{value.en} · {value.fa}"
    if isinstance(value, Citation):
        return f"{value.quote} ({value.seed})"
    if is_dataclass(value):
        return ", ".join(f"{k}: {v}" for k, v in _comparable(value).items())
    return ", ".join(value) if isinstance(value, tuple) else str(value)


def _details(change: Change) -> list[tuple[str, str]]:
    """(label, text) lines under a change: what changed, the value, the quote, any problem."""
    fact, lines = change.fact, []
    shown = list(dict.fromkeys("value" if n in VALUE_FIELDS else n for n in change.changed))
    for name in shown:
        lines.append((f"{name}", f"{_describe(change.before, name)} → {_describe(fact, name)}"))
    if "value" not in shown:
        lines.append(("value", _describe(fact, "value")))
    if fact.source and "source" not in shown:
        lines.append((f"quote ({fact.source.seed})", fact.source.quote))
        lines.append(("translation", fact.source.translation))
    elif fact.derived and "derived" not in shown:
        lines.append(("formula", fact.derived.formula))
    return lines + [("problem", message) for message in change.problems]


def _headline(kind: str, change: Change) -> tuple[str, str]:
    """The fact's id and the words after it."""
    status = f"was {change.status}" if kind == "removed" else change.status
    what = f"changed: {', '.join(change.changed)}" if change.changed else change.fact.label.en
    return change.fact.id, f"{status} — {what}"


def format_changes(changes: dict[str, list[Change]], rev: str, summary: str, markdown: bool) -> str:
    """The comparison as Markdown (for a job summary) or plain text."""
    counts = ", ".join(f"{len(items)} {kind}" for kind, items in changes.items())
    esc = (lambda text: text.translate(MARKDOWN_SPECIAL).replace("\n", " ")) if markdown else (lambda t: t)
    out = ([f"### Facts changed since `{rev}`", "", f"**{counts}** — {esc(summary)}"] if markdown
           else [f"Facts changed since {rev}: {counts} — {summary}"])
    for kind, items in changes.items():
        if not items:
            continue
        out += ["", f"#### {kind.capitalize()} ({len(items)})", ""] if markdown else ["", kind.upper()]
        for change in items:
            fact_id, rest = _headline(kind, change)
            details = [] if kind == "removed" else _details(change)
            if kind == "removed" and change.fact.source:
                details = [(f"quote ({change.fact.source.seed})", change.fact.source.quote)]
            if markdown:
                status, _, what = rest.partition(" — ")
                out.append(f"- `{fact_id}` — **{status}** — {esc(what)}")
                out += [f"  - {esc(label)}: {esc(text)}" for label, text in details]
            else:
                out.append(f"  {fact_id}  [{rest.replace(' — ', ']  ', 1)}")
                out += [f"      {label}: {text}" for label, text in details]
    if not any(changes.values()):
        out += ["", "No fact was added, changed or removed."]
    return "\n".join(out)


VALUE_CHANGES = {"value", "value_max", "qualifier", "unit"}


# What a reader sees of a figure, as the changes file's check names it.
LOGGED = {"value": "value", "value_max": "upper value", "qualifier": "hedge", "unit": "unit", "period": "period",
          "derived": "rounding or formula"}
CHANGES_FILE = "content/changes.yaml"


def unlogged(changes: dict[str, list[Change]], base: Site | None, head: Site) -> list[tuple[str, str]]:
    """The changed and removed figures that no entry added to the changes file since base tells of:
    (fact id, what changed). A change to its value, hedge, unit, period or rounding is a change a
    reader sees."""
    known = {(c.date, c.fact, c.kind) for c in base.changes} if base else set()
    told = {c.fact for c in head.changes if (c.date, c.fact, c.kind) not in known}
    missing = [(c.fact.id, f"its {', '.join(LOGGED[name] for name in c.changed if name in LOGGED)} changed")
               for c in changes["changed"] if set(LOGGED) & set(c.changed) and c.fact.id not in told]
    return missing + [(c.fact.id, "it was removed") for c in changes["removed"] if c.fact.id not in told]


def changes_yaml(changes: dict[str, list[Change]], date: datetime.date) -> str:
    """Entries for content/changes.yaml: each added fact, each whose value changed, each removed one, with
    what it was; the reason is left for the editor to write (check refuses a correction without one)."""
    out = ["# Paste under `changes:` in content/changes.yaml; write each reason, then remove its #."]
    kinds = [("added", c) for c in changes["added"]] + [
        ("corrected", c) for c in changes["changed"] if VALUE_CHANGES & set(c.changed)] + [
        ("removed", c) for c in changes["removed"]]
    for kind, change in kinds:
        out += [f"  - date: {date.isoformat()}", f"    fact: {change.fact.id}", f"    kind: {kind}"]
        before = change.before if kind == "corrected" else change.fact
        if kind != "added" and before.value is not None:
            out.append(f"    was: {before.value}")
        if kind == "removed":
            out += ["    label:", f"      fa: {json.dumps(before.label.fa, ensure_ascii=False)}",
                    f"      en: {json.dumps(before.label.en, ensure_ascii=False)}"]
        if kind != "added":
            out.append('    # reason: {fa: "…", en: "…"}')
    if not kinds:
        out.append("# No figure was added, corrected or removed.")
    return "\n".join(out)


def base_report(root: Path, rev: str, head: Site, head_problems: list[Problem], fmt: str) -> tuple[str, bool]:
    """Compare the facts with those at git revision rev; return the report and whether anything failed."""
    notes: list[str] = []
    with tempfile.TemporaryDirectory(prefix="factsite-base-") as folder:
        try:
            materialise(root, rev, Path(folder))
        except BaseError as err:
            return f"cannot compare with {rev}: {err}", True
        base, base_problems = _checked(Path(folder))
        if base is None and any(p.where.file == "site.yaml" for p in base_problems):
            # e.g. site.yaml gained a required key since rev: compare the facts all the same
            shutil.copyfile(root / "site.yaml", Path(folder) / "site.yaml")
            base, base_problems = _checked(Path(folder))
            notes.append(f"The site.yaml at {rev} cannot be read by this build; its facts were read with "
                         "the current site.yaml.")
    if base is None:
        notes.append(f"The content at {rev} cannot be read ({len(base_problems)} problem(s)); "
                     "every fact is listed as added.")
        notes += [f"  {problem}" for problem in base_problems[:5]]
    changes = compare_sites(base, base_problems, head, head_problems)
    if fmt == "changes":
        return changes_yaml(changes, datetime.date.today()), bool(head_problems)
    lines, failed = report_lines(head, head_problems)
    text = format_changes(changes, rev, lines[-1], fmt == "markdown")
    other = [str(p) for p in head_problems if not p.fact_id or p.fact_id not in head.facts_by_id]
    missing = unlogged(changes, base, head)
    extra = notes + (["Problems outside the facts:"] + other if other else []) + [
        f"{CHANGES_FILE}: {fact_id}: {what} since {rev}, and no new entry in the changes file says so — add one "
        f"(python build.py report --base {rev} --format changes drafts it)" for fact_id, what in missing]
    failed = failed or bool(missing)
    joiner = "\n\n" if fmt == "markdown" else "\n"
    return joiner.join([text, *extra]) if extra else text, failed or bool(head_problems)


def _checked(root: Path) -> tuple[Site | None, list[Problem]]:
    """Stages 1 and 2 of another revision's content: the checked site and its problems, by place."""
    site, problems = load_site(root)
    if site is not None:
        site, found = verify_site(site)
        problems += found
    return site, sorted(problems, key=lambda problem: problem.where)
