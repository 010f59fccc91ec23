"""`python build.py suggest SEED`: a draft fact for every figure of a report that no fact cites
yet, as YAML to paste under `facts:` (or, with --write, appended to the scope's file).

What only an editor can write is left as a placeholder beginning with TODO, which `check` refuses,
with its line, until it is written (load/placeholders.py)."""
from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from factsite.verify.figures import Figure, cited_spans, seed_figures, uncited_figures
from factsite.load.placeholders import PLACEHOLDER
from factsite.load.site import did_you_mean
from factsite.model import Seed, Site
from factsite.verify.fact import plain_number

FACTS_HEADER = "# yaml-language-server: $schema=../../schemas/facts.schema.json\n# Facts: {scope}\nfacts:\n"
LANG_NAMES = {"fa": "Persian", "en": "English"}


@dataclass(frozen=True)
class Suggested:
    """What suggest found for one seed: its drafts as YAML, how many figures it states, and how
    many of them no fact cites."""

    text: str
    figures: int
    drafts: int


class SuggestError(Exception):
    """suggest cannot run as asked; the message says what to do."""


def find_seed(site: Site, name: str) -> Seed:
    """The seed named on the command line (a file name in seeds/, with or without `seeds/`)."""
    plain = name.replace("\\", "/").removeprefix("./").removeprefix("seeds/")
    if plain in site.seeds:
        return site.seeds[plain]
    new = "a new document must be copied into seeds/ and indexed first (CONTRIBUTING.md, \"Add a source document\")"
    starting = [name for name in site.seeds if name.startswith(plain)]
    if len(starting) == 1:
        raise SuggestError(f"seeds/{plain} is not in content/seeds.yaml — did you mean `{starting[0]}`?")
    listed = f"give the file name of a document listed there ({', '.join(site.seeds) or 'none yet'}); {new}"
    raise SuggestError(f"seeds/{plain} is not in content/seeds.yaml — "
                       + did_you_mean(plain, site.seeds, f"If not, {new}", listed))


def draft_scope(site: Site, seed: Seed, scope: str | None) -> str | None:
    """The scope the drafts are for: --scope, else the seed's index entry (None if neither says)."""
    chosen = scope or seed.scope
    if chosen is not None and chosen not in site.scopes:
        raise SuggestError(f"unknown scope `{chosen}` — " + did_you_mean(
            chosen, site.scopes, "A scope is a slug of content/scopes.yaml", "give a slug of content/scopes.yaml"))
    return chosen


def suggest(site: Site, seed: Seed, scope: str | None) -> Suggested:
    """Draft facts for the figures of seed no fact cites."""
    figures = seed_figures(seed)
    missing = uncited_figures(figures, cited_spans(site, seed.file))
    prefix = f"{PLACEHOLDER}-{scope or 'scope'}-{seed.stem.split('_')[0]}"
    entries = [draft_yaml(figure, scope, seed.lang, f"{prefix}-{n}") for n, figure in enumerate(missing, 1)]
    return Suggested("".join(entries), len({f.key for f in figures}), len(missing))


def draft_yaml(figure: Figure, scope: str | None, lang: str, fact_id: str) -> str:
    """One draft fact as YAML lines, indented to go under `facts:`."""
    other = "en" if lang == "fa" else "fa"
    lines = [f"  # {figure.seed}: «{figure.stated}» ({figure.noun or 'no noun after it'})",
             f"  - id: {fact_id}", f"    scope: {scope or PLACEHOLDER}", "    programs:", f"      - {PLACEHOLDER}",
             f"    metric: {PLACEHOLDER}", f"    value: {plain_number(figure.value)}"]
    if figure.value_max is not None:
        lines.append(f"    value_max: {plain_number(figure.value_max)}")
    lines += [f"    qualifier: {figure.qualifier}", f"    unit: {figure.unit}{_unit_note(figure)}"]
    if figure.period is not None:
        lines += ["    period:", f"      kind: {figure.period.kind}"]
        lines += [f"      year: {figure.period.year}"] if figure.period.year is not None else []
    lines += ["    label:", f'      fa: "{PLACEHOLDER}: what the figure counts, in Persian"',
              f'      en: "{PLACEHOLDER}: what the figure counts, in English"',
              "    source:", f"      seed: {figure.seed}", f"      position: {figure.position}",
              f"      quote: {json.dumps(figure.sentence.text, ensure_ascii=False)}",
              f'      translation: "{PLACEHOLDER}: the quote in {LANG_NAMES[other]}"']
    if figure.sentence.speaker:
        names = {lang: json.dumps(figure.sentence.speaker, ensure_ascii=False),
                 other: f'"{PLACEHOLDER}: the name in {LANG_NAMES[other]}"'}
        lines += ["    speaker:", "      name:", f"        fa: {names['fa']}", f"        en: {names['en']}"]
    return "\n".join(lines) + "\n"


def _unit_note(figure: Figure) -> str:
    """A comment after the unit where the editor must decide more than the unit says."""
    if figure.unit == "count" and figure.noun:
        return f"  # of «{figure.noun}»"
    if figure.unit == "rial":
        return "  # the site counts money in toman: write the toman value and a quote that states it, or leave it out"
    return ""


def facts_file(root: Path, scope: str) -> Path:
    """The facts file of a scope."""
    return root / "content" / "facts" / f"{scope}.yaml"


def append_drafts(root: Path, scope: str, text: str) -> tuple[Path, int]:
    """Append the drafts to the scope's facts file without changing a byte already there (a file
    that does not end its last line gets the line's end first); return the file and the line the
    drafts begin on."""
    path = facts_file(root, scope)
    old = path.read_bytes() if path.exists() else b""
    if old.rstrip().endswith(b"[]"):
        raise SuggestError(f"{path.relative_to(root)} ends with an empty list `[]` — write `facts:` on its own "
                           "line instead, then run suggest --write again")
    head = b"" if old.strip() else FACTS_HEADER.format(scope=scope).encode("utf-8")
    joint = b"\n" if old and not old.endswith(b"\n") else b""
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "ab") as out:
        out.write(head + joint + text.encode("utf-8"))
    return path, (old + head + joint).count(b"\n") + 1
