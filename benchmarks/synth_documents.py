"""The synthetic source documents, each stating its facts' figures (benchmarks/generate.py)."""
from __future__ import annotations

import datetime
import random

import jdatetime

from benchmarks.synth_measures import FILLER, MENTIONS
from benchmarks.synth_numbers import FA_DIGITS, number_phrase, script
from benchmarks.synth_places import EN_MONTHS, EN_OUTLETS, FA_OUTLETS, JALALI_MONTHS, PERIODS, WHEN
from benchmarks.synth_plan import Document, Fact, Program

ZWNJ = "\u200c"


# ---------------------------------------------------------------------------------------------
# Documents
# ---------------------------------------------------------------------------------------------


def capitalize(text: str) -> str:
    return text[:1].upper() + text[1:]


def sentence(fact: Fact, lang: str, template_index: int, rng: random.Random) -> str:
    """The fact's sentence in one language, with its figure written as that language would."""
    templates = fact.measure.fa if lang == "fa" else fact.measure.en
    template = templates[template_index % len(templates)]
    period = fact.period[0 if lang == "fa" else 1]
    number = number_phrase(lang, fact.value, fact.value_max, fact.qualifier, fact.measure.unit, rng)
    prog = fact.program.phrase_fa if lang == "fa" else fact.program.phrase_en
    place = fact.scope.place_fa if lang == "fa" else fact.scope.place_en
    text = template.format(n=number, prog=prog, place=place, period=period)
    return capitalize(text) if lang == "en" else text


def degrade(text: str, zwnj: str, arabic: bool) -> str:
    """How a seed arrives: ZWNJs lost (dropped or turned into spaces), sometimes Arabic letter forms."""
    text = text.replace(ZWNJ, "" if zwnj == "drop" else " " if zwnj == "space" else ZWNJ)
    if arabic:
        text = text.replace("ی", "ي").replace("ک", "ك")
    return text


def swap_digits(text: str) -> str:
    """Persian digits to ASCII and back: an editor may write a quote in the other digit script."""
    if any("۰" <= c <= "۹" for c in text):
        return text.translate(str.maketrans("۰۱۲۳۴۵۶۷۸۹", "0123456789"))
    return text.translate(FA_DIGITS)


def write_document(doc: Document, programs: list[Program], rng: random.Random) -> None:
    """Compose the document's text and fill in each of its facts' quote and translation."""
    scope, lang = doc.scope, doc.lang
    doc.speaker = rng.choice(scope.officials)
    name_fa, name_en, role_fa, role_en = doc.speaker
    surname_fa, surname_en = name_fa.split()[-1], name_en.split()[-1]
    doc.when = rng.choice(WHEN) if rng.random() < 0.5 else None
    if rng.random() < 0.6:
        doc.date = datetime.date(2023, 3, 21) + datetime.timedelta(days=rng.randrange(1000))
    if lang == "fa":
        outlet = rng.choice(FA_OUTLETS) if rng.random() < 0.9 else None
        doc.outlet = outlet[:3] if outlet else None
        if outlet and outlet[3] and rng.random() < 0.6:
            doc.dateline = f"{scope.city_fa} - {outlet[3]} -"
    else:
        doc.outlet = rng.choice(EN_OUTLETS) if rng.random() < 0.9 else None
        if rng.random() < 0.5:
            doc.dateline = f"{scope.city_en.upper()} –"
    zwnj = rng.choices(("drop", "space", "keep"), (6, 3, 1))[0]
    arabic = lang == "fa" and rng.random() < 0.1
    place = scope.place_fa if lang == "fa" else scope.place_en

    body = []          # sentences as they appear in the document, in order
    for fact in doc.facts:
        fact.period = rng.choice(PERIODS)
        index = rng.randrange(4)
        text = sentence(fact, lang, index, rng)
        other = sentence(fact, "en" if lang == "fa" else "fa", index, rng)
        if lang == "fa":
            lead = rng.choice(("", "", "وی افزود: ", f"{surname_fa} گفت: ", "وی اظهار کرد: ",
                               "این مقام مسئول ادامه داد: "))
            fact.quote = text if rng.random() < 0.8 else swap_digits(text)
            body.append(f"{lead}{text}.")
        else:
            form = rng.randrange(4)
            if form == 0:
                body.append(f"{text}.")
            elif form == 1:
                body.append(f"“{text},” {surname_en} said.")
            elif form == 2:
                text = text[0].lower() + text[1:] if not text.startswith(("IRNA", "ISNA")) else text
                body.append(f"{surname_en} said {text}.")
            else:
                text = text[0].lower() + text[1:]
                body.append(f"According to {surname_en}, {text}.")
            fact.quote = text
        fact.translation = other
        fact.seed = doc.file
        fact.speaker = doc.speaker
        fact.when = doc.when
    programs_here = []
    for fact in doc.facts:
        if fact.program not in programs_here:
            programs_here.append(fact.program)
    for program in programs_here[:rng.randint(1, 2)]:
        index = rng.randrange(len(MENTIONS["fa"]))
        texts = {}
        for side in ("fa", "en"):
            prog = program.phrase_fa if side == "fa" else program.phrase_en
            where = scope.place_fa if side == "fa" else scope.place_en
            texts[side] = capitalize(MENTIONS[side][index].format(prog=prog, place=where))
        doc.mentions.append((program, texts[lang], texts["en" if lang == "fa" else "fa"]))
        body.append(texts[lang] + ".")
    fillers = list(FILLER[lang])
    rng.shuffle(fillers)
    target = rng.randint(3000, 4000)
    size = sum(len(s.encode()) for s in body) + 300
    while fillers and (size < target or len(body) < 22):
        text = fillers.pop().format(place=place)
        body.insert(rng.randint(0, len(body)), text)
        size += len(text.encode()) + 1

    if lang == "fa":
        intro = (f"{doc.outlet[0]} از {scope.city_fa}، " if doc.outlet else "") + \
            f"{name_fa} {role_fa}{' ' + doc.when[0] if doc.when else ''} در نشستی با خبرنگاران " \
            "به تشریح عملکرد بیمه سلامت پرداخت."
    else:
        when = f" {doc.when[1]}" if doc.when else ""
        intro = f"{name_en}, {role_en}, briefed reporters{when}" + \
            (f", {doc.outlet[0]}." if doc.outlet else ".")
    head = []
    if doc.date:
        if lang == "fa":
            j = jdatetime.date.fromgregorian(date=doc.date)
            head.append(f"{script(str(j.day), True)} {JALALI_MONTHS[j.month - 1]} {script(str(j.year), True)}")
        else:
            head.append(f"{EN_MONTHS[doc.date.month - 1]} {doc.date.day}, {doc.date.year}")
    paragraphs = [(doc.dateline + " " if doc.dateline else "") + intro]
    i = 0
    while i < len(body):
        take = rng.randint(1, 3)
        paragraphs.append(" ".join(body[i:i + take]))
        i += take
    text = "\n\n".join(head + paragraphs) + "\n"
    doc.text = degrade(text, zwnj, arabic) if lang == "fa" else text.replace("'", "’")
