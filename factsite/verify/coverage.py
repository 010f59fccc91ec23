"""What of each report no fact cites, for `python build.py report --uncited`: for each seed, the
figures no fact cites, the sentences that credit a claim to someone that no fact (or statement)
cites, and a coverage line, N of M figures cited."""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from factsite.verify.figures import Figure, cited_spans, distinct, seed_figures, uncited_figures
from factsite.verify.sentences import Sentence, read_sentences
from factsite.model import Seed, Site

SHOWN_CHARS = 120  # of a sentence, in the listing


@dataclass(frozen=True)
class Coverage:
    """What of one seed no fact cites."""

    seed: Seed
    figures: int
    uncited: tuple[Figure, ...]
    unattributed: tuple[Sentence, ...]

    @property
    def line(self) -> str:
        scope = f" ({self.seed.scope})" if self.seed.scope else ""
        return f"{self.seed.file}{scope}: {self.figures - len(self.uncited)} of {self.figures} figures cited"


def quoted_spans(site: Site, seed: str) -> list[tuple[int, int]]:
    """Where in the seed the quotes of facts and statements stand."""
    sources = [fact.source for fact in site.facts if fact.source] + [statement.source for statement in site.statements]
    return [source.span for source in sources if source.seed == seed and source.span is not None]


def uncited_sentences(sentences: Iterable[Sentence], quoted: Iterable[tuple[int, int]]) -> list[Sentence]:
    """The sentences that credit a claim to someone and that no quote covers, not even in part."""
    spans = list(quoted)
    return [s for s in sentences if s.attributed and not s.furniture
            and not any(a < s.end and s.start < b for a, b in spans)]


def coverage(site: Site, seed: Seed) -> Coverage:
    """What of one seed no fact cites."""
    figures = seed_figures(seed)
    uncited = uncited_figures(figures, cited_spans(site, seed.file))
    sentences = uncited_sentences(read_sentences(seed.text, seed.lang), quoted_spans(site, seed.file))
    return Coverage(seed, len(distinct(figures)), tuple(uncited), tuple(sentences))


def _line(seed: Seed, start: int) -> int:
    """The seed's line a sentence starts on."""
    return seed.text.count("\n", 0, start) + 1


def _shown(text: str) -> str:
    return text if len(text) <= SHOWN_CHARS else text[:SHOWN_CHARS - 1] + "…"


def uncited_report(site: Site, markdown: bool = False) -> str:
    """The report, as plain text or Markdown (for a pull request's job summary)."""
    found = [coverage(site, seed) for seed in site.seeds.values()]
    if markdown:
        return "\n".join(_markdown(found))
    out = []
    for part in found:
        out.append(part.line)
        out += [f"  line {_line(part.seed, f.span[0])}: figure not cited, «{f.stated}» (number {f.position} of: "
                f"{_shown(f.sentence.text)})" for f in part.uncited]
        out += [f"  line {_line(part.seed, s.start)}: attributed, not cited: {_shown(s.text)}"
                for s in part.unattributed]
    return "\n".join(out)


def _markdown(found: list[Coverage]) -> list[str]:
    """The coverage lines as a list, each seed's details folded under them."""
    escape = str.maketrans({c: "\\" + c for c in "\\`*_[]<>|"})
    out = ["### What the reports say that no fact cites", ""]
    out += [f"- **{part.line}**, {len(part.unattributed)} attributed sentence(s) not cited" for part in found]
    for part in found:
        items = [f"- line {_line(part.seed, f.span[0])}: figure «{f.stated}» (number {f.position}): "
                 f"{_shown(f.sentence.text)}" for f in part.uncited]
        items += [f"- line {_line(part.seed, s.start)}: attributed: {_shown(s.text)}" for s in part.unattributed]
        if items:
            out += ["", f"<details><summary>{part.seed.file}</summary>", "",
                    *(item.translate(escape) for item in items), "", "</details>"]
    return out
