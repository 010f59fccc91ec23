"""Issue #3: broken content must fail the build with the exact place and a useful message.

Each case copies the fixture site (tests/fixture_site, built once per session), changes ONE thing,
builds, and checks: exit code 1, the `file:line:column: fact-id: message` line, the closing summary,
that the previously built public/ is byte-for-byte unchanged, and that no traceback escaped.
Positive controls show that spelling variants the matcher must ignore still build.
"""
from __future__ import annotations

import os
import re
import subprocess
import sys
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from factsite.cli import main
from tests.helpers import FIXTURE_SITE, REPO, At, body_of, copy_site, leftovers, replace_file, replace_once, snapshot

MAZ = "content/facts/mazandaran.yaml"
KER = "content/facts/kerman.yaml"
QAZ = "content/facts/qazvin.yaml"
NAT = "content/facts/national.yaml"
SEEDS = "content/seeds.yaml"
MAZ_SEED = "001_a9029134c7a88ac7.txt"
KER_SEED = "002_73cc2be2b670b8e6.txt"
INSURED_QUOTE = "بیش از یک میلیون و ۶۷۳ هزار نفر تحت پوشش بیمه سلامت هستند"
GROUPS_QUOTE = "پوشش ۱۳۰ گروه بیماری خاص در استان مازندران انجام شده"
FORMULA = "{kerman-insured-population} / {kerman-population-share} * 100"
PWNED = Path(f"/tmp/pwned-{uuid.uuid4().hex}")
COUNTIES_QUOTE = 'quote: "پوشش خدمات بیمه‌ای در استان مازندران شامل ۱۹ شهرستان بوده"'
COUNTIES_SOURCE = (f"    source:\n      seed: {MAZ_SEED}\n      {COUNTIES_QUOTE}\n"
                   '      translation: "Insurance service coverage in Mazandaran province includes 19 counties"\n')
COUNTIES_SEED = f"seed: {MAZ_SEED}\n      {COUNTIES_QUOTE}"
COUNTIES_TOP = "    scope: mazandaran\n    programs:\n      - coverage\n    metric: counties"
HACK = f'    value: !!python/object/apply:os.system ["echo hacked > {PWNED}"]\n'
COUNTIES_LABEL_FA = "شهرستان‌های زیر پوشش خدمات بیمه‌ای در استان مازندران"
COUNTIES_WHEN = ('fa: "ظهر سه‌شنبه، به گفتهٔ گزارش"\n      en: "at noon on a Tuesday, by the report"\n'
                 '  - id: mazandaran-insured-population')


# ---------------------------------------------------------------- edits


def edit(rel: str, old: str, new: str) -> Callable[[Path], None]:
    """Replace the one occurrence of old in the site file rel."""
    return lambda site: replace_once(site / rel, old, new)


def write(rel: str, data: str | bytes) -> Callable[[Path], None]:
    """Create or overwrite a site file."""
    return lambda site: replace_file(site / rel, data if isinstance(data, bytes) else data.encode("utf-8"))


def transform(rel: str, change: Callable[[bytes], bytes]) -> Callable[[Path], None]:
    """Rewrite a site file's bytes."""
    return lambda site: replace_file(site / rel, change((site / rel).read_bytes()))


def remove(rel: str) -> Callable[[Path], None]:
    return lambda site: (site / rel).unlink()


def symlink_seed(name: str) -> Callable[[Path], None]:
    """Replace a seed with a link to an identical copy outside seeds/."""
    def apply(site: Path) -> None:
        seed = site / "seeds" / name
        outside = site / "elsewhere.txt"
        os.link(seed, outside)
        seed.unlink()
        seed.symlink_to(outside)
    return apply


def make_folder(rel: str) -> Callable[[Path], None]:
    return lambda site: (site / rel).mkdir()


# ---------------------------------------------------------------- cases


@dataclass(frozen=True)
class Expect:
    """One problem line that must be printed: its place, fact id ('' for none) and message start."""

    at: At
    fact: str
    message: str

    def line(self, site: Path) -> str:
        subject = f"{self.fact}: " if self.fact else ""
        return f"{self.at.locate(site)}: {subject}{self.message}"


@dataclass(frozen=True)
class Case:
    id: str
    change: Callable[[Path], None]
    expects: tuple[Expect, ...]
    details: tuple[str, ...] = ()        # more text that must appear (e.g. the marked difference)
    count: int | None = 1                # exact number of problems, when it is known
    seconds: float = 0                   # an upper bound on the run, when it matters


def case(id, change, *expects, details=(), count=1, seconds=0) -> pytest.param:
    return pytest.param(Case(id, change, tuple(expects), tuple(details), count, seconds), id=id)


def bomb() -> str:
    """Billion laughs: nine levels of nine aliases each."""
    lines = ["facts:", '  - &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for level in range(1, 9):
        prev, name = chr(ord("a") + level - 1), chr(ord("a") + level)
        lines.append(f"  - &{name} [{', '.join(['*' + prev] * 9)}]")
    return "\n".join(lines) + "\n"


def padded_mazandaran(data: bytes) -> bytes:
    return data + b"# padding to push the file over its size limit\n" * 25_000


def latin1_in_persian_line(data: bytes) -> bytes:
    """Add a Latin-1 «é» at the end of a Persian label, after multi-byte characters."""
    old = COUNTIES_LABEL_FA.encode()
    assert data.count(old) == 1
    return data.replace(old, old + b" caf\xe9")


def latin1_place() -> At:
    """Where latin1_in_persian_line puts the «é», counted in characters."""
    line, column = At(MAZ, COUNTIES_LABEL_FA).place(FIXTURE_SITE)
    return At(MAZ, line=line, column=column + len(COUNTIES_LABEL_FA) + len(" caf"))


def _kerman_twice() -> bytes:
    """kerman-insured-population entered a second time under another id."""
    text = (FIXTURE_SITE / KER).read_text("utf-8")
    start = text.index("  - id: kerman-insured-population\n")
    entry = text[start:text.index("  - id: kerman-population-share\n")]
    return entry.replace("id: kerman-insured-population", "id: kerman-insured-population-again", 1).encode()


def _kerman_in_national() -> bytes:
    """kerman-insured-population entered again in the national file, under another id and scope."""
    entry = _kerman_twice().decode().replace("id: kerman-insured-population-again", "id: national-kerman-insured-population")
    return entry.replace("scope: kerman\n", "scope: national\n", 1).encode()


def fixture_place(needle: str, after: str = "") -> str:
    """`file:line:column` of a needle in the fixture site's (unbroken) mazandaran.yaml."""
    return At(MAZ, needle, after).locate(FIXTURE_SITE)


CASES = [
    # --- figures and quotes
    case("mistyped-value", edit(MAZ, "value: 1673000", "value: 1673001"),
         Expect(At(MAZ, "value: 1673001"), "mazandaran-insured-population",
                "the value 1673001 is not stated in the quote, which states 1673000")),
    case("paraphrased-quote", edit(MAZ, INSURED_QUOTE, INSURED_QUOTE.replace("پوشش", "حمایت")),
         Expect(At(MAZ, 'quote: "بیش از'), "mazandaran-insured-population",
                f"the quote does not occur in seeds/{MAZ_SEED} — copy it verbatim"),
         details=("closest passage, with the difference marked:", "تحت [-پوشش-]{+حمایت+} بیمه")),
    case("quote-digit-changed", edit(MAZ, INSURED_QUOTE, INSURED_QUOTE.replace("۶۷۳", "۶۷۴")),
         Expect(At(MAZ, 'quote: "بیش از'), "mazandaran-insured-population",
                f"the quote does not occur in seeds/{MAZ_SEED}"),
         details=("یک میلیون و [-673-]{+674+} هزار",)),
    case("quote-cited-to-wrong-seed",
         edit(MAZ, f"seed: {MAZ_SEED}\n      quote: \"بیش از", f"seed: {KER_SEED}\n      quote: \"بیش از"),
         Expect(At(MAZ, 'quote: "بیش از'), "mazandaran-insured-population",
                f"the quote does not occur in seeds/{KER_SEED}"),
         details=("[-بالغ بر-]{+بیش از+} یک میلیون و [-800-]{+673+} هزار",)),
    case("quote-pasted-from-wrong-seed",
         edit(MAZ, INSURED_QUOTE, "این بیمه با بیش از هزار و 600 مؤسسه درمانی در استان طرف قرارداد است"),
         Expect(At(MAZ, 'quote: "این بیمه'), "mazandaran-insured-population",
                f"the quote does not occur in seeds/{MAZ_SEED}"),
         details=("nothing similar is in this document — is the quote from another seed?",)),
    case("empty-quote", edit(MAZ, f'quote: "{GROUPS_QUOTE}"', 'quote: ""'),
         Expect(At(MAZ, 'quote: ""'), "", "`quote` must be non-empty text")),
    case("two-word-quote", edit(MAZ, f'quote: "{GROUPS_QUOTE}"', 'quote: "پوشش ۱۳۰"'),
         Expect(At(MAZ, 'quote: "پوشش ۱۳۰"'), "mazandaran-special-disease-groups",
                "the quote has 2 word(s) — copy the whole sentence")),
    case("qualifier-exact-but-more-than", edit(MAZ, "value: 1673000\n    qualifier: more_than",
                                               "value: 1673000\n    qualifier: exact"),
         Expect(At(MAZ, "qualifier: exact", after="id: mazandaran-insured-population"),
                "mazandaran-insured-population", "qualifier `exact` does not fit the wording: the quote "
                "says «بیش از»/«بالغ بر»/\"more than\" before the figure, so write `qualifier: more_than`")),
    case("qualifier-about-but-unhedged", edit(MAZ, "value: 50\n    qualifier: exact",
                                              "value: 50\n    qualifier: about"),
         Expect(At(MAZ, "qualifier: about", after="id: mazandaran-contracted-hospitals"),
                "mazandaran-contracted-hospitals", "qualifier `about` does not fit the wording: the quote "
                "says no hedge before the figure, so write `qualifier: exact`")),
    case("percent-over-100", edit(QAZ, "value: 45\n", "value: 120\n"),
         Expect(At(QAZ, "value: 120"), "qazvin-population-share", "a percentage must lie in 0–100 (got 120)"),
         count=2),   # and 120 is not the 45 the quote states
    case("percent-written-as-a-fraction", edit(QAZ, "value: 45\n", "value: 0.45\n"),
         Expect(At(QAZ, "value: 0.45"), "qazvin-population-share", "the value 0.45 is a fraction, but percent is "
                "written 0–100, as the quote states it — write `value: 45`")),
    case("a-refused-input-is-said-once-not-at-its-derived-fact", edit(KER, "value: 1800000", "value: 1,800,000"),
         Expect(At(KER, "value: 1,800,000"), "", "`value` must be a plain non-negative number below 10^18 like 1673000 "
                "(got '1,800,000')")),   # and kerman-population-estimate, computed from it, says nothing
    case("a-refused-part-is-said-once-not-at-its-whole", edit(MAZ, "value: 69\n", "value: sixty-nine\n"),
         Expect(At(MAZ, "value: sixty-nine"), "", "`value` must be a plain non-negative number below 10^18 like "
                "1673000 (got 'sixty-nine')")),
    case("a-position-past-the-quotes-last-number", edit(NAT, "      position: 5\n", "      position: 7\n"),
         Expect(At(NAT, "position: 7"), "national-contracted-rehabilitation-centers", "`position: 7`, but the quote "
                "states 5 number(s) (1: 13931 (a count); 2: 20804 (a count); 3: 2049 (a count); 4: 2446 (a count); "
                "5: 4261 (a count)) — write the position of the one this fact takes, `position: 5`")),
    case("unknown-scope-of-a-seed", edit(SEEDS, "scope: qazvin", "scope: qazvn"),
         Expect(At(SEEDS, "scope: qazvn"), "", "unknown scope `qazvn` — did you mean `qazvin`? A scope is a slug of "
                "content/scopes.yaml")),
    case("value-above-value-max", edit(NAT, "value_max: 95", "value_max: 60"),
         Expect(At(NAT, "value_max: 60"), "national-anti-cancer-drugs-cost-share",
                "value_max 60 is below value 70 — swap them"),
         count=2),   # and 70–60 is not the range the quote states
    case("missing-value", edit(MAZ, "    value: 19\n", ""),
         Expect(At(MAZ, "id: mazandaran-counties"), "mazandaran-counties", "the fact has no `value`")),
    case("missing-source", edit(MAZ, COUNTIES_SOURCE, ""),
         Expect(At(MAZ, "id: mazandaran-counties"), "mazandaran-counties",
                "the fact has no `source` — add the seed")),
    # --- references
    case("unknown-scope", edit(MAZ, "id: mazandaran-counties\n    scope: mazandaran",
                               "id: mazandaran-counties\n    scope: mazandaranx"),
         Expect(At(MAZ, "scope: mazandaranx"), "mazandaran-counties",
                "unknown scope `mazandaranx` — did you mean `mazandaran`? The scope must match the name of its "
                "file, content/facts/mazandaran.yaml")),
    case("fact-in-wrong-scope-file", edit(MAZ, "id: mazandaran-counties\n    scope: mazandaran",
                                          "id: mazandaran-counties\n    scope: kerman"),
         Expect(At(MAZ, "scope: kerman"), "mazandaran-counties",
                "scope `kerman` is in the file for `mazandaran` — move the fact to "
                "content/facts/kerman.yaml")),
    case("unknown-program", edit(MAZ, "programs:\n      - coverage\n    metric: counties_covered",
                                 "programs:\n      - coverag\n    metric: counties_covered"),
         Expect(At(MAZ, "coverag\n", after="id: mazandaran-counties"), "mazandaran-counties",
                "unknown program `coverag` — did you mean `coverage`? Programs are the slugs of "
                "content/programs.yaml")),
    case("unknown-metric", edit(MAZ, "metric: counties_covered", "metric: counties_coverd"),
         Expect(At(MAZ, "metric: counties_coverd"), "mazandaran-counties",
                "unknown metric `counties_coverd` — did you mean `counties_covered`? Metrics are the keys of "
                "content/metrics.yaml")),
    case("unit-differs-from-metric", edit(MAZ, "value: 19\n    qualifier: exact\n    unit: count",
                                          "value: 19\n    qualifier: exact\n    unit: people"),
         Expect(At(MAZ, "unit: people", after="id: mazandaran-counties"), "mazandaran-counties",
                "unit `people` differs from metric `counties_covered`, which is in `count` — write `unit: count`, "
                "or choose a metric counted in people")),   # said once: the quote's 19 is a count, as the metric
    case("unknown-seed", edit(MAZ, COUNTIES_SEED, COUNTIES_SEED.replace(MAZ_SEED, "009_missing.txt")),
         Expect(At(MAZ, "seed: 009_missing.txt"), "mazandaran-counties",
                "unknown seed `009_missing.txt` — use a file listed in content/seeds.yaml")),
    case("seed-escapes-to-readme", edit(MAZ, COUNTIES_SEED, COUNTIES_SEED.replace(MAZ_SEED, "../README.md")),
         Expect(At(MAZ, "seed: ../README.md"), "mazandaran-counties",
                "seed `../README.md` tries to leave seeds/")),
    case("seed-absolute-path-in-fact", edit(MAZ, COUNTIES_SEED, COUNTIES_SEED.replace(MAZ_SEED, "/etc/passwd")),
         Expect(At(MAZ, "seed: /etc/passwd"), "mazandaran-counties",
                "seed `/etc/passwd` tries to leave seeds/")),
    case("seed-absolute-path-in-index", edit(SEEDS, f"file: {MAZ_SEED}", "file: /etc/passwd"),
         Expect(At(SEEDS, "file: /etc/passwd"), "",
                "`/etc/passwd` must be a plain file name inside seeds/, with no folders or `..`"),
         count=None),   # and every citation of the seed it replaced is now unknown
    case("seed-is-a-symlink", symlink_seed(MAZ_SEED),
         Expect(At(f"seeds/{MAZ_SEED}"), "", "is a link to elsewhere.txt, outside the site's input folders "
                "— copy the file into the site instead of linking to it")),
    case("control-character-in-seed", transform(f"seeds/{MAZ_SEED}", lambda data: data.replace(b"\n", b"\n\x1e", 1)),
         Expect(At(SEEDS, f"file: {MAZ_SEED}"), "",
                f"seeds/{MAZ_SEED} holds the control character U+001E on line 2 — delete it; a news text has none"),
         count=None),   # and every citation of the seed is now unknown
    case("seed-not-in-index", write("seeds/004_new_document.txt", "A document nobody indexed.\n"),
         Expect(At(SEEDS, "file:"), "",
                "seeds/004_new_document.txt is not in the seeds index — add an entry")),
    case("outlet-not-in-seed", edit(SEEDS, 'text: "به گزارش خبرنگار مهر"', 'text: "به گزارش خبرنگار ایسنا"'),
         Expect(At(SEEDS, f"file: {MAZ_SEED}"), "",
                f"«به گزارش خبرنگار ایسنا» does not occur in seeds/{MAZ_SEED} — copy the outlet")),
    case("duplicate-id", edit(MAZ, "id: mazandaran-counties", "id: mazandaran-special-disease-groups"),
         Expect(At(MAZ, "id: mazandaran-special-disease-groups", after="id: mazandaran-special-disease-groups"),
                "mazandaran-special-disease-groups",
                f"the id is already used at {fixture_place('id: mazandaran-special-disease-groups')}")),
    case("duplicate-scope-slug", edit("content/scopes.yaml", "slug: qom", "slug: kerman"),
         Expect(At("content/scopes.yaml", "slug: kerman", after="slug: kermanshah"), "",
                "`kerman` is already listed at line 70")),
    case("missing-program-description", remove("content/programs/coverage.fa.md"),
         Expect(At("content/programs.yaml", "slug: coverage"), "",
                "content/programs/coverage.fa.md is missing — write it in fa")),
    # --- parts and derived facts
    case("parts-do-not-add-up", edit(MAZ, "rule: sum_at_most", "rule: sum_equals"),
         Expect(At(MAZ, "parts:", after="id: mazandaran-insured-population"), "mazandaran-insured-population",
                "the parts add up to 837000, not 1673000")),
    case("unknown-part-id", edit(MAZ, "        - mazandaran-disease-groups-without-package\n",
                                 "        - mazandaran-disease-groups-withot-package\n"),
         Expect(At(MAZ, "parts:"), "mazandaran-special-disease-groups",
                "unknown part(s) mazandaran-disease-groups-withot-package")),
    case("formula-unknown-id", edit(KER, FORMULA, FORMULA.replace("population-share", "population-shares")),
         Expect(At(KER, "derived:"), "kerman-population-estimate",
                "the formula names `kerman-population-shares`, which is no stated fact")),
    case("formula-import", edit(KER, f'"{FORMULA}"', "\"__import__('os').system('touch /tmp/x')\""),
         Expect(At(KER, "derived:"), "kerman-population-estimate",
                "the formula cannot be computed (`__import__('os').system('touch /tmp/x')` is not allowed)")),
    case("formula-too-long", edit(KER, f'"{FORMULA}"', '"' + " + ".join(["1"] * 30_000) + '"'),
         Expect(At(KER, "derived:"), "kerman-population-estimate",
                "the formula cannot be computed (it is too long or nested too deeply)")),
    case("formula-round-too-large", edit(KER, "round: 0", "round: 100000"),
         Expect(At(KER, "derived:"), "kerman-population-estimate",
                "the formula cannot be computed (the result cannot be kept to that many decimal places")),
    case("derived-fact-with-value", edit(KER, "    metric: population_estimate\n",
                                         "    metric: population_estimate\n    value: 1200000\n"),
         Expect(At(KER, "value: 1200000"), "kerman-population-estimate", "a derived fact has no `value`")),
    # --- the schema
    case("unknown-key-typo", edit(MAZ, "value: 19\n    qualifier: exact", "value: 19\n    qualifer: exact"),
         Expect(At(MAZ, "qualifer: exact"), "", "unknown key `qualifer` in this fact — use one of:"),
         Expect(At(MAZ, "id: mazandaran-counties"), "", "this fact has no `qualifier` — add it"), count=2),
    case("language-not-supported", edit("site.yaml", "languages: [fa, en]", "languages: [fa, de]"),
         Expect(At("site.yaml", "languages:"), "", "`languages` must list only fa, en (got fa, de)")),
    case("derived-from-hedged-figures-not-about",
         edit(KER, "metric: population_estimate\n    qualifier: about", "metric: population_estimate\n    qualifier: exact"),
         Expect(At(KER, "qualifier: exact", after="id: kerman-population-estimate"), "kerman-population-estimate",
                "the computed figure is approximate (kerman-insured-population, kerman-population-share are hedged) "
                "— write `qualifier: about`")),
    case("derived-and-rounded-not-about",
         edit(QAZ, "metric: population_estimate\n    qualifier: about", "metric: population_estimate\n    qualifier: exact"),
         Expect(At(QAZ, "qualifier: exact", after="id: qazvin-population-estimate"), "qazvin-population-estimate",
                "the computed figure is approximate (it is rounded to the 2 significant digit(s) its inputs state) "
                "— write `qualifier: about`")),
    # --- the number the quote attaches to the fact's unit (#16)
    case("people-taken-from-a-percentage",
         edit(KER, "metric: population_share_covered\n    value: 65\n    qualifier: about\n    unit: percent",
              "metric: insured_population\n    value: 65\n    qualifier: about\n    unit: people"),
         Expect(At(KER, "unit: people", after="id: kerman-population-share"), "kerman-population-share",
                "the quote attaches 65 to a percentage, but `unit: people` needs «نفر», «جمعیت», \"people\" or "
                "another word for people within three words after the number — write `unit: percent`, or take the "
                "number the fact is about")),
    case("a-year-taken-as-a-count",
         edit(NAT, "metric: anti_cancer_drugs_added\n    value: 7\n", "metric: anti_cancer_drugs_added\n    value: 2024\n"),
         Expect(At(NAT, "value: 2024"), "national-anti-cancer-drugs-added-2024",
                "number 2 of the quote (`position: 2`) is 7, not 2024 — correct the value, or write `position: 1` "
                "(2024 is number 1, a year)")),
    case("a-year-taken-as-a-count-at-its-position",
         transform(NAT, lambda data: data.replace(b"anti_cancer_drugs_added\n    value: 7\n",
                                                  b"anti_cancer_drugs_added\n    value: 2024\n", 1).replace(
             b"      position: 2\n      quote: \"In 2024", b"      position: 1\n      quote: \"In 2024", 1)),
         Expect(At(NAT, "unit: count", after="value: 2024"), "national-anti-cancer-drugs-added-2024",
                "the quote attaches 2024 to a year, but `unit: count` needs a number that is not a percentage, an "
                "amount of money or a year — a year is no figure (say it in `period`): take the number the fact is "
                "about")),
    case("another-number-of-the-same-quote",
         edit(NAT, "value: 13931\n", "value: 20804\n"),
         Expect(At(NAT, "value: 20804"), "national-contracted-pharmacies",
                "number 1 of the quote (`position: 1`) is 13931, not 20804 — correct the value, or write "
                "`position: 2` (20804 is number 2, a count)")),
    case("a-quote-of-several-numbers-without-position",
         transform(NAT, lambda data: data.replace(b"      position: 1\n      quote: \"13,931", b"      quote: \"13,931", 1)),
         Expect(At(NAT, 'quote: "13,931'),
                "national-contracted-pharmacies",
                "the quote states 5 numbers (1: 13931 (a count); 2: 20804 (a count); 3: 2049 (a count); 4: 2446 "
                "(a count); 5: 4261 (a count)) — write `position:` under `source` with the number of the one this "
                "fact takes")),
    case("the-same-figure-entered-twice",
         transform(KER, lambda data: data.replace(b"  - id: kerman-population-share\n", _kerman_twice() +
                                                  b"  - id: kerman-population-share\n", 1)),
         Expect(At(KER, "id: kerman-insured-population-again"), "kerman-insured-population-again",
                "this figure of this sentence is already the fact kerman-insured-population "
                f"({At(KER, 'id: kerman-insured-population').locate(FIXTURE_SITE).removesuffix(':5') + ':5'}) — keep one of them")),
    case("an-id-used-in-another-file", edit(MAZ, "id: mazandaran-counties", "id: kerman-insured-population"),
         Expect(At(MAZ, "id: kerman-insured-population"), "kerman-insured-population",
                f"the id is already used at {At(KER, 'id: kerman-insured-population').locate(FIXTURE_SITE)} "
                "— give this fact another id")),
    case("the-same-figure-in-another-file",  # the seed kerman.yaml quotes is quoted by national.yaml too
         transform(NAT, lambda data: data.replace(b"facts:\n", b"facts:\n" + _kerman_in_national(), 1)),
         Expect(At(NAT, "id: national-kerman-insured-population"), "national-kerman-insured-population",
                "this figure of this sentence is already the fact kerman-insured-population "
                f"({At(KER, 'id: kerman-insured-population').locate(FIXTURE_SITE).removesuffix(':5') + ':5'}) — keep one of them")),
    case("one-language-only", edit("site.yaml", "languages: [fa, en]", "languages: [en]"),
         Expect(At("site.yaml", "languages:"), "", "`languages` must list fa and en, each once, in the order "
                "the site shows them — every page and fact is written in both")),
    case("a-language-twice", edit("site.yaml", "languages: [fa, en]", "languages: [fa, en, fa]"),
         Expect(At("site.yaml", "languages:"), "", "`languages` must list fa and en, each once, in the order "
                "the site shows them — every page and fact is written in both")),
    case("missing-content-file", remove("content/metrics.yaml"),
         Expect(At("content/metrics.yaml"), "", "the file is missing — create it with a `metrics:` list"),
         count=None),   # and every fact now names an unknown metric
    case("folder-named-like-a-facts-file", make_folder("content/facts/tehran.yaml"),
         Expect(At("content/facts/tehran.yaml"), "", "content/facts/tehran.yaml is a folder")),
    # --- YAML itself
    case("unclosed-quote", edit(MAZ, COUNTIES_WHEN, COUNTIES_WHEN.replace('گزارش"', "گزارش", 1)),
         Expect(At(MAZ, '"ظهر سه‌شنبه، به گفتهٔ گزارش\n'), "",
                "this quoted text is not closed on its line — end it with `\"`")),
    case("tab-indentation", edit(MAZ, COUNTIES_TOP, "\t" + COUNTIES_TOP.lstrip()),
         Expect(At(MAZ, "\tscope"), "", "a tab character is used here — indent YAML with spaces, not tabs")),
    case("duplicate-key", edit(MAZ, "    value: 19\n", "    value: 19\n    value: 20\n"),
         Expect(At(MAZ, "value: 20"), "", "the key `value` is written twice (first at line")),
    case("python-tag", edit(MAZ, "    value: 19\n", HACK),
         Expect(At(MAZ, "!!python"), "", "the tag !!python/object/apply:os.system is not allowed"),
         count=2),   # and the fact is left without a value
    case("alias-bomb", write("content/facts/national.yaml", bomb()),
         Expect(At("content/facts/national.yaml", "*a"), "", "YAML aliases (*a) are not allowed"),
         Expect(At("content/facts/national.yaml", "*h"), "", "YAML aliases (*h) are not allowed"),
         count=None, seconds=2),
    case("deep-nesting", write("content/facts/national.yaml", "facts: " + "[" * 10_000 + "]" * 10_000),
         Expect(At("content/facts/national.yaml", line=1, column=48), "", "nested more than 40 levels deep"),
         count=None, seconds=5),
    case("huge-file", transform(MAZ, padded_mazandaran),
         Expect(At(MAZ, line=1, column=1), "", "the file is 1,"),
         details=("bytes, over the 1,000,000-byte limit — split it",)),
    case("latin-1-byte", transform(MAZ, latin1_in_persian_line),
         Expect(latin1_place(), "", "the file is not valid UTF-8 (byte 0xe9)")),
]


# ---------------------------------------------------------------- running


def build(site: Path, capsys, *extra: str) -> tuple[int, str, str]:
    code = main(["build", "--root", str(site), *extra])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.parametrize("case", CASES)
@pytest.mark.few_public
def test_broken_content_fails_with_place_and_message(case: Case, site, pristine_public, capsys):
    case.change(site)
    started = time.perf_counter()
    code, out, err = build(site, capsys)
    elapsed = time.perf_counter() - started
    assert code == 1, out + err
    assert "Traceback" not in out + err
    for expect in case.expects:
        assert expect.line(site) in err, f"expected line:\n{expect.line(site)}\ngot:\n{err}"
    for detail in case.details:
        assert detail in err
    summary = err.rstrip().splitlines()[-1]
    assert summary.endswith(f"problem(s) found. {site / 'public'} was left unchanged."), summary
    if case.count is not None:
        assert summary.startswith(f"{case.count} problem(s)"), err
    if case.seconds:
        assert elapsed < case.seconds
    assert snapshot(site / "public") == pristine_public
    assert leftovers(site) == []


@pytest.mark.few_public
def test_problem_lines_have_the_documented_shape(site, capsys):
    """Each fact's problem line reads `file:line:column: fact-id: message`."""
    edit(MAZ, "value: 1673000", "value: 1673001")(site)
    edit(KER, "metric: population_estimate", "metric: population_estimat")(site)
    _, _, err = build(site, capsys)
    lines = [line for line in err.splitlines()[:-1] if not line.startswith("    ")]
    assert lines
    for line in lines:
        assert re.match(r"^content/[\w/.-]+\.yaml:\d+:\d+: [a-z0-9-]+: \S", line), line


@pytest.mark.few_public
def test_python_tag_runs_nothing(site, capsys):
    edit(MAZ, "    value: 19\n", HACK)(site)
    code, _, err = build(site, capsys)
    assert code == 1
    assert "!!python/object/apply:os.system" in err
    assert not PWNED.exists()


@pytest.mark.few_public
def test_every_error_in_one_run(site, pristine_public, capsys):
    """Problems in different files are all reported at once, in file order."""
    edit(MAZ, "value: 1673000", "value: 1673001")(site)
    edit(KER, "metric: population_estimate", "metric: population_estimat")(site)
    edit(QAZ, "    scope: qazvin\n    programs:\n      - coverage\n    metric: newly",
         "    scope: qazvin\n\tprograms:\n      - coverage\n    metric: newly")(site)
    code, out, err = build(site, capsys)
    assert code == 1
    expected = [
        Expect(At(KER, "metric: population_estimat\n"), "kerman-population-estimate",
               "unknown metric `population_estimat`"),
        Expect(At(MAZ, "value: 1673001"), "mazandaran-insured-population", "the value 1673001 is not stated"),
        Expect(At(QAZ, "\tprograms"), "", "a tab character is used here"),
    ]
    places = [err.index(e.line(site)) for e in expected]
    assert places == sorted(places), err
    assert err.rstrip().splitlines()[-1].startswith("3 problem(s) found."), err
    assert "Traceback" not in out + err
    assert snapshot(site / "public") == pristine_public


# ---------------------------------------------------------------- positive controls

# Spellings the matcher must ignore, each in a different quote so that all fit in one build.
VARIANTS = [
    pytest.param(MAZ, "۵۰ بیمارستان و مراکز جراحی محدود تحت پوشش", "۵۰ بیمارستان و مراکز جراحی محدود تحت‌پوشش",
                 id="zwnj-for-space"),
    pytest.param(MAZ, "صعب العلاج در استان حدود", "صعب‌العلاج در استان حدود", id="zwnj-restored"),
    pytest.param(MAZ, INSURED_QUOTE, INSURED_QUOTE.replace("بیش از", "بیش‌از"), id="zwnj-inside-the-hedge"),
    pytest.param(KER, "بیمه سلامت استان کرمان ماهیانه بیش از 100 میلیارد تومان",
                 "بيمه سلامت استان كرمان ماهيانه بيش از 100 ميليارد تومان", id="arabic-yeh-kaf"),
    pytest.param(QAZ, "در حال حاضر ۴۵ درصد جمعیت", "در\u00a0حال\u00a0حاضر\u00a0۴۵\u00a0درصد\u00a0جمعیت",
                 id="no-break-spaces"),
    pytest.param(QAZ, "۵۵۷ هزار و ۲۷۶ نفر", "557 هزار و 276 نفر", id="latin-digits"),
    pytest.param(KER, "حدود 65 درصد", "حدود ۶۵ درصد", id="persian-digits"),
]


@pytest.mark.parametrize("rel, old, new", VARIANTS)
def test_spelling_variant_passes_check(rel, old, new, bare_site, capsys):
    edit(rel, old, new)(bare_site)
    code = main(["check", "--root", str(bare_site)])
    out, err = capsys.readouterr()
    assert code == 0, err
    assert out.startswith("ok: ")


@pytest.mark.without_search
def test_spelling_variants_still_build(site, capsys):
    for variant in VARIANTS:
        edit(*variant.values)(site)
    code, out, err = build(site, capsys)
    assert code == 0, err
    assert out.startswith("built ")
    assert "Traceback" not in out + err


# ---------------------------------------------------------------- hostile text


@pytest.mark.without_search
def test_html_in_a_label_is_escaped(site, capsys):
    edit(MAZ, 'en: "Counties covered by insurance services in Mazandaran province"',
         'en: "<script>alert(1)</script> counties"')(site)
    code, _, err = build(site, capsys)
    assert code == 0, err
    page = (site / "public/en/provinces/mazandaran/index.html").read_text("utf-8")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    for html in (site / "public").rglob("*.html"):
        assert "<script>alert" not in html.read_text("utf-8"), html


@pytest.mark.without_search
def test_html_in_markdown_is_sanitized(site, capsys):
    hostile = ('Officials <img src=x onerror=alert(origin)> say [x](javascript:alert(origin)) and '
               '<script>alert(document)</script> more.\n\n<a href="javascript:alert(name)">y</a>\n\n')
    path = site / "content/programs/coverage.en.md"
    replace_file(path, (hostile + path.read_text("utf-8")).encode("utf-8"))
    code, _, err = build(site, capsys)
    assert code == 0, err
    body = body_of((site / "public/en/programs/coverage/index.html").read_text("utf-8"))
    assert "Officials" in body
    lowered = body.lower()
    for bad in ("onerror", "javascript:", "<script", "alert("):
        assert bad not in lowered, bad


# ---------------------------------------------------------------- check and report


def test_check_passes_on_the_real_site_and_writes_nothing(tmp_path, capsys):
    real = copy_site(tmp_path / "site", source=REPO)
    code = main(["check", "--root", str(real)])
    out, err = capsys.readouterr()
    assert code == 0, err
    assert re.match(r"ok: \d+ facts — \d+ proved against their sources, \d+ derived", out)
    assert not (real / "public").exists()
    assert leftovers(real) == []


def test_check_reports_problems_without_mentioning_an_output(bare_site, capsys):
    edit(MAZ, "value: 1673000", "value: 1673001")(bare_site)
    code = main(["check", "--root", str(bare_site)])
    _, err = capsys.readouterr()
    assert code == 1
    assert err.rstrip().splitlines()[-1] == "1 problem(s) found."
    assert not (bare_site / "public").exists()


def _fact_ids(site: Path) -> list[str]:
    return [m.group(1) for path in sorted((site / "content/facts").glob("*.yaml"))
            for m in re.finditer(r"^  - id: (\S+)$", path.read_text("utf-8"), re.MULTILINE)]


def test_report_lists_every_fact(bare_site, capsys):
    code = main(["report", "--root", str(bare_site)])
    out, _ = capsys.readouterr()
    assert code == 0
    statuses = dict(re.findall(r"^(\S+)  \[(verified|derived|error)\]", out, re.MULTILINE))
    ids = _fact_ids(bare_site)
    assert sorted(statuses) == sorted(ids)
    assert "error" not in statuses.values()
    last = out.rstrip().splitlines()[-1]
    total, verified, derived, errors = map(int, re.fullmatch(
        r"(\d+) facts: (\d+) verified, (\d+) derived, (\d+) error", last).groups())
    assert (total, errors) == (len(ids), 0)
    assert verified == sum(s == "verified" for s in statuses.values())
    assert derived == sum(s == "derived" for s in statuses.values()) > 0
    assert not (bare_site / "public").exists()


def test_report_marks_the_broken_fact(bare_site, capsys):
    edit(MAZ, "value: 1673000", "value: 1673001")(bare_site)
    code = main(["report", "--root", str(bare_site)])
    out, _ = capsys.readouterr()
    assert code == 1
    assert "mazandaran-insured-population  [error]" in out
    assert "! the value 1673001 is not stated in the quote" in out
    assert "kerman-insured-population  [verified]" in out
    assert re.search(r"^\d+ facts: \d+ verified, \d+ derived, 1 error$", out, re.MULTILINE)


# ---------------------------------------------------------------- the real process


def _run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(REPO / "build.py"), *args], capture_output=True,
                          text=True, timeout=60, cwd=REPO, check=False)


@pytest.mark.few_public
def test_process_exits_1_without_traceback(site, pristine_public):
    edit(MAZ, "value: 1673000", "value: 1673001")(site)
    done = _run("build", "--root", str(site))
    assert done.returncode == 1
    assert "Traceback" not in done.stdout + done.stderr
    assert Expect(At(MAZ, "value: 1673001"), "mazandaran-insured-population",
                  "the value 1673001 is not stated").line(site) in done.stderr
    assert snapshot(site / "public") == pristine_public


@pytest.mark.few_public
def test_process_survives_hostile_yaml(site, pristine_public):
    edit(MAZ, "    value: 19\n", HACK)(site)
    write("content/facts/national.yaml", bomb())(site)
    done = _run("check", "--root", str(site))
    assert done.returncode == 1
    assert "Traceback" not in done.stdout + done.stderr
    assert "!!python/object/apply:os.system is not allowed" in done.stderr
    assert "YAML aliases (*a) are not allowed" in done.stderr
    assert not PWNED.exists()
