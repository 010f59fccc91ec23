"""The synthetic site's YAML and Markdown (benchmarks/generate.py)."""
from __future__ import annotations

import json
from pathlib import Path

import yaml

from benchmarks.synth_measures import MEASURES
from benchmarks.synth_numbers import script
from benchmarks.synth_plan import Document, Fact, Program, Scope, metric_key

REPO = Path(__file__).resolve().parent.parent


# ---------------------------------------------------------------------------------------------
# YAML and Markdown
# ---------------------------------------------------------------------------------------------


def q(text: str) -> str:
    """A YAML double-quoted scalar (JSON strings are valid YAML)."""
    return json.dumps(text, ensure_ascii=False)


def bi(fa: str, en: str) -> str:
    return f"{{fa: {q(fa)}, en: {q(en)}}}"


def number_text(value) -> str:
    return str(value)


def site_yaml() -> str:
    """The repository's site.yaml (so new settings such as the license carry over), retitled."""
    config = yaml.safe_load((REPO / "site.yaml").read_text("utf-8"))
    config["title"] = {"fa": "بیمه سلامت ایران به روایت اعداد — داده‌های مصنوعی محک",
                       "en": "Iran Health Insurance in Figures — synthetic benchmark data"}
    config["description"] = {
        "fa": "وبگاهی مصنوعی برای سنجش سرعت ساخت: همه اسناد، نام‌ها و ارقام آن ساختگی‌اند و گفته‌های "
              "واقعی سازمان بیمه سلامت نیستند.",
        "en": "A synthetic site for measuring the build: every document, name and figure in it is invented "
              "and none is a real statement of the Health Insurance Organization.",
    }
    return ("# A SYNTHETIC benchmark site written by benchmarks/generate.py: every document, name and figure\n"
            "# is invented. It has the real site's layout and size, for measuring the build.\n"
            + yaml.safe_dump(config, allow_unicode=True, sort_keys=False, width=1000))


def seeds_yaml(docs: list[Document]) -> str:
    # Compact (flow-style) entries with short titles: at --scale 4 the index holds 2,800 entries and
    # must stay under the build's 1,000,000-byte YAML limit.
    lines = ["# Source documents: synthetic benchmark documents, one entry per file in seeds/", "seeds:"]
    for doc in docs:
        number = str(doc.index + 1).zfill(3)
        lines += [f"  - file: {doc.file}", f"    lang: {doc.lang}"]
        if doc.outlet:
            lines.append(f"    outlet: {{text: {q(doc.outlet[0])}, name: {bi(doc.outlet[1], doc.outlet[2])}}}")
        else:
            lines.append("    outlet: not stated")
        if doc.dateline:
            lines.append(f"    dateline: {q(doc.dateline)}")
        lines.append(f"    date: {doc.date.isoformat() if doc.date else 'not stated'}")
        lines.append(f"    title: {bi(f'سند مصنوعی محک {script(number, True)}: {doc.scope.fa}', f'Synthetic benchmark document {number}: {doc.scope.en}')}")
    return "\n".join(lines) + "\n"


def scopes_yaml(scopes: list[Scope]) -> str:
    lines = ["# Scopes: the whole country and the provinces of the synthetic benchmark", "scopes:"]
    for s in scopes:
        lines += [f"  - slug: {s.slug}", f"    kind: {s.kind}", f"    name: {bi(s.fa, s.en)}"]
    return "\n".join(lines) + "\n"


def programs_yaml(programs: list[Program], docs: list[Document]) -> str:
    mentions = {p.slug: [] for p in programs}
    for doc in docs:
        for program, quote, translation in doc.mentions:
            if len(mentions[program.slug]) < 3:
                mentions[program.slug].append((doc.file, quote, translation))
    lines = ["# Programs of the synthetic benchmark, with sentences of its documents that mention them",
             "programs:"]
    for p in programs:
        lines += [f"  - slug: {p.slug}", f"    name: {bi(p.fa, p.en)}"]
        if mentions[p.slug]:
            lines.append("    mentions:")
            for seed, quote, translation in mentions[p.slug]:
                lines += [f"      - seed: {seed}", f"        quote: {q(quote)}",
                          f"        translation: {q(translation)}"]
    return "\n".join(lines) + "\n"


def metrics_yaml(programs: list[Program]) -> str:
    first = programs[0]
    headline = {"insured_population", "population_share_covered", "contracted_providers"}
    lines = ["# Metrics: each measure of each program; a key recurs in every scope that reports it",
             "metrics:"]
    for p in programs:
        for m in MEASURES:
            key = metric_key(p, m, first)
            lines += [f"  - key: {key}", f"    unit: {m.unit}"]
            if key in headline:
                lines.append("    headline: true")
            lines.append(f"    label: {bi(f'{m.label_fa} — {p.fa}', f'{m.label_en} — {p.en}')}")
            lines.append(f"    counts: {bi(UNIT_COUNTS[m.unit][0], UNIT_COUNTS[m.unit][1])}")
            lines.append(f"    definition: {bi(f'{m.label_fa} در {p.fa}، به گفتهٔ منبع (ساختگی).', f'{m.label_en} in {p.en}, as the (invented) source says.')}")
    lines += ["  - key: population_estimate", "    unit: people", "    headline: true",
              f"    label: {bi('جمعیتی که از ارقام اعلام‌شده برمی‌آید', 'Population implied by the officials’ figures')}",
              f"    counts: {bi('نفر', 'people')}",
              f"    definition: {bi('افراد زیر پوشش تقسیم بر سهم آن از جمعیت؛ محاسبهٔ این وبگاه.', 'People covered divided by their share of the population; computed by this site.')}"]
    return "\n".join(lines) + "\n"


UNIT_COUNTS = {"people": ("نفر", "people"), "percent": ("درصد", "percent"), "toman": ("تومان", "toman"),
               "count": ("مورد", "items"), "iranian_year": ("سال", "year")}


def fact_yaml(f: Fact) -> list[str]:
    scope_fa = f.scope.place_fa if f.scope.kind == "province" else "سراسر کشور"
    scope_en = f.scope.place_en if f.scope.kind == "province" else "nationwide"
    programs = [f.program.slug] + ([f.extra_program.slug] if f.extra_program else [])
    lines = [f"  - id: {f.id}", f"    scope: {f.scope.slug}", f"    programs: [{', '.join(programs)}]",
             f"    metric: {f.metric}", f"    value: {number_text(f.value)}"]
    if f.value_max is not None:
        lines.append(f"    value_max: {number_text(f.value_max)}")
    lines += [f"    qualifier: {f.qualifier}", f"    unit: {f.measure.unit}",
              f"    label: {bi(f'{f.measure.label_fa} — {f.program.fa}، {scope_fa}', f'{f.measure.label_en} — {f.program.en}, {scope_en}')}",
              "    source:", f"      seed: {f.seed}", f"      quote: {q(f.quote)}",
              f"      translation: {q(f.translation)}",
              f"    speaker: {{name: {bi(f.speaker[0], f.speaker[1])}, role: {bi(f.speaker[2], f.speaker[3])}}}"]
    if f.when:
        lines.append(f"    when: {bi(f.when[0], f.when[1])}")
    if f.measure.note:
        lines.append(f"    note: {bi(*f.measure.note)}")
    if f.parts:
        lines.append(f"    parts: {{ids: [{', '.join(f.parts)}], rule: sum_at_most}}")
    return lines


def derived_yaml(scope: Scope, first: Program) -> list[str]:
    insured = f"{scope.slug}-{first.slug}-covered-population"
    share = f"{scope.slug}-{first.slug}-population-share"
    where_fa = scope.place_fa if scope.kind == "province" else "کشور"
    where_en = scope.place_en if scope.kind == "province" else "the country"
    return [f"  - id: {scope.slug}-population-estimate", f"    scope: {scope.slug}",
            f"    programs: [{first.slug}]", "    metric: population_estimate", "    qualifier: about",
            "    unit: people", f"    derived: {{formula: {q('{' + insured + '} / {' + share + '} * 100')}, round: 0}}",
            f"    label: {bi(f'برآورد جمعیت {where_fa}، محاسبه‌شده از جمعیت بیمه‌شده و سهم آن از جمعیت', f'Estimated population of {where_en}, computed from the insured population and its share of the population')}"]


def facts_yaml(scope: Scope, facts: list[Fact], derived: bool, first: Program) -> str:
    lines = [f"# Facts: synthetic benchmark figures for {scope.place_en if scope.kind == 'province' else 'the whole country'}",
             "facts:"]
    for f in facts:
        lines += fact_yaml(f)
    if derived:
        lines += derived_yaml(scope, first)
    return "\n".join(lines) + "\n"


def program_markdown(p: Program) -> dict[str, str]:
    return {
        "fa": f"{p.fa} در این وبگاه مصنوعی یکی از برنامه‌های سازمان بیمه سلامت است که {p.aim_fa}. "
              "ارقام این صفحه ساختگی‌اند و برای سنجش سرعت ساخت وبگاه تولید شده‌اند. "
              "هر رقم به جمله‌ای از یک سند مصنوعی پیوند دارد که آن را بیان می‌کند.\n",
        "en": f"In this synthetic site, {p.en} is a Health Insurance Organization program that {p.aim_en}. "
              "The figures on this page are invented, generated to measure how fast the site builds. "
              "Each figure links to the sentence of a synthetic document that states it.\n",
    }


ABOUT = {
    "fa": "## این وبگاه چیست\n\n"
          "این یک وبگاه **مصنوعی** برای سنجش سرعت ساخت است که `benchmarks/generate.py` آن را نوشته است. "
          "ساختار و اندازه آن مانند وبگاه واقعی است، اما همه اسناد، نام‌ها، گوینده‌ها و ارقام آن ساختگی‌اند "
          "و هیچ‌کدام گفته واقعی سازمان بیمه سلامت نیست.\n\n"
          "## چگونه بررسی می‌شود\n\n"
          "هر رقم، مانند وبگاه واقعی، با جمله‌ای از سند منبعش سنجیده می‌شود: جمله باید در سند باشد و رقم "
          "باید در جمله گفته شده باشد. برخی ارقام، مانند برآورد جمعیت، از ارقام دیگر محاسبه شده‌اند.\n",
    "en": "## What this site is\n\n"
          "This is a **synthetic** site for measuring how fast the site builds, written by "
          "`benchmarks/generate.py`. It has the real site's structure and size, but every document, "
          "name, speaker and figure in it is invented; none is a real statement of the Health Insurance "
          "Organization.\n\n"
          "## How it is checked\n\n"
          "As on the real site, every figure is proved against a sentence of its source document: the "
          "sentence must occur in the document and must state the figure. Some figures, such as population "
          "estimates, are computed from others.\n",
}
