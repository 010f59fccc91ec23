"""The site's own prose states no free figure: a number in a description, the About page, a note or
a measure's definition is a reference to the fact that proves it ([[fact:ID]]), and a claim rests on
a statement ([[statement:ID]]). Years and dates may be written as they are."""
from __future__ import annotations

import functools
import re
from collections.abc import Iterator

from factsite.model import LANGS, Problem, Site, Where

REFERENCE = re.compile(r"\[\[([^\[\]:\s]*):([^\[\]\s]*)\]\]")
DIGIT = "0-9\u0660-\u0669\u06f0-\u06f9"
NUMBER = re.compile(f"[{DIGIT}]+(?:[.,/\\-\u066b\u066c\u060c][{DIGIT}]+)*")
EN_WORDS = ("two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen "
            "seventeen eighteen nineteen twenty thirty forty fifty sixty seventy eighty ninety hundred "
            "thousand million billion trillion dozen hundreds thousands millions billions").split()
FA_WORDS = ("دو سه چهار پنج شش هفت هشت ده یازده دوازده سیزده چهارده پانزده شانزده هفده هجده نوزده بیست سی "
            "چهل پنجاه شصت هفتاد هشتاد نود صد دویست سیصد پانصد هزار میلیون میلیارد هزاران میلیون‌ها").split()
NUMBER_WORD = re.compile(r"(?<![\w\u200c])(?:" + "|".join(sorted(EN_WORDS + FA_WORDS, key=len, reverse=True))
                         + r")(?![\w\u200c])", re.IGNORECASE)
LIST_MARKER = re.compile(r"^[ \t]*[0-9]+\.[ \t]", re.MULTILINE)
LINK_TARGET = re.compile(r"\]\([^)]*\)")
HTML_TAG = re.compile(r"<[^<>]*>")
DATE = re.compile(f"[{DIGIT}]{{4}}[-/][{DIGIT}]{{1,2}}[-/][{DIGIT}]{{1,2}}"
                  f"|[{DIGIT}]{{1,2}}/[{DIGIT}]{{1,2}}/[{DIGIT}]{{4}}")
MONTHS = ("January|February|March|April|May|June|July|August|September|October|November|December|"
          "فروردین|اردیبهشت|خرداد|تیر|مرداد|شهریور|مهر|آبان|آذر|دی|بهمن|اسفند|"
          "ژانویه|فوریه|مارس|آوریل|مه|ژوئن|ژوئیه|اوت|سپتامبر|اکتبر|نوامبر|دسامبر")
DAY_OF_MONTH = re.compile(f"[{DIGIT}]{{1,2}} (?:{MONTHS})(?![\\w\u200c])"
                          f"|(?<![\\w\u200c])(?:{MONTHS}) [{DIGIT}]{{1,2}}(?![{DIGIT}])")
YEARS = ((1279, 1479), (1900, 2100))  # Solar Hijri and Gregorian years a text may name


def prose_problems(site: Site) -> list[Problem]:
    """Every free figure and every reference to no fact or statement, in all the site's prose."""
    statements = {statement.id for statement in site.statements}
    names = {"fact": set(site.facts_by_id) | site.written, "statement": statements}
    problems = []
    for text, rel, first in _prose(site):
        problems += text_problems(text, rel, first, names)
    return problems


def referenced_facts(site: Site) -> set[str]:
    """The ids of the facts the site's prose refers to."""
    return {name for text, _, _ in _prose(site) for kind, name in REFERENCE.findall(text) if kind == "fact"}


def _prose(site: Site) -> Iterator[tuple[str, str, Where | None]]:
    """Each text of the site's own: (text, file, where a YAML value starts; None for a whole Markdown file)."""
    for lang in LANGS:
        yield site.about_md[lang], f"content/pages/about.{lang}.md", None
        for program in site.programs.values():
            yield program.description_md[lang], f"content/programs/{program.slug}.{lang}.md", None
        for metric in site.metrics.values():
            yield metric.definition[lang], metric.where.file, metric.where
            if metric.caveat:
                yield metric.caveat[lang], metric.where.file, metric.where
        for fact in site.facts:
            if fact.note:
                yield fact.note[lang], fact.where.file, fact.at("note")


def text_problems(text: str, rel: str, first: Where | None, names: dict[str, set[str]]) -> list[Problem]:
    """The free figures and unknown references of one text."""
    problems = []
    for match in REFERENCE.finditer(text):
        kind, name = match.groups()
        if kind not in names:
            problems.append(Problem(_where(text, match.start(), rel, first), f"`{match.group()}` is no reference — "
                                    "write [[fact:ID]] or [[statement:ID]]"))
        elif name not in names[kind]:
            problems.append(Problem(_where(text, match.start(), rel, first), f"no {kind} has the id `{name}` — use "
                                    f"an id from content/{'facts/*.yaml' if kind == 'fact' else 'statements.yaml'}"))
    for start, shown in free_figures(text):
        problems.append(Problem(_where(text, start, rel, first), f"the prose states the figure “{shown}” — write "
                                "it as a reference to the fact that proves it, like [[fact:ID]], or leave it out"))
    return problems


TEXTS_KEPT = 20_000  # the national site has about 1,900 texts of prose


@functools.lru_cache(maxsize=TEXTS_KEPT)
def free_figures(text: str) -> tuple[tuple[int, str], ...]:
    """Where each free figure of a text stands, with its words; kept by the text (serve checks the
    site's prose again after every save, most of it unchanged)."""
    return tuple(_free_figures(_blanked(text)))



def _blanked(text: str) -> str:
    """The text with references, link targets, list numbers and dates blanked out (same length)."""
    for pattern in (REFERENCE, LINK_TARGET, HTML_TAG, LIST_MARKER, DATE, DAY_OF_MONTH):
        text = pattern.sub(lambda m: " " * len(m.group()), text)
    return text


def _free_figures(text: str) -> list[tuple[int, str]]:
    """Where each figure (numbers but years, and number words, with those next to them: «یک میلیون و
    ۸۰۰ هزار», "two million") stands, with its text."""
    found = [(m.start(), m.end()) for m in NUMBER.finditer(text) if not _is_year(m.group())]
    found += [(m.start(), m.end()) for m in NUMBER_WORD.finditer(text) if not _both(text, m.start())]
    figures: list[list[int]] = []
    for start, end in sorted(found):
        if figures and JOINER.fullmatch(text[figures[-1][1]:start]):
            figures[-1][1] = end
        else:
            figures.append([start, end])
    return [(start, text[start:end]) for start, end in figures]


JOINER = re.compile(r"[ \u200c]*(?:و|and|,|،)?[ \u200c]*")


def _is_year(number: str) -> bool:
    digits = number.translate(TO_ASCII)
    return digits.isdigit() and len(digits) == 4 and any(low <= int(digits) <= high for low, high in YEARS)


def _both(text: str, start: int) -> bool:
    """«هر دو» (both) counts nothing."""
    return text[max(0, start - 3):start] == "هر "


TO_ASCII = str.maketrans("\u06f0\u06f1\u06f2\u06f3\u06f4\u06f5\u06f6\u06f7\u06f8\u06f9"
                         "\u0660\u0661\u0662\u0663\u0664\u0665\u0666\u0667\u0668\u0669", "01234567890123456789")


def _where(text: str, offset: int, rel: str, first: Where | None) -> Where:
    """The file, line and column of offset in text (a YAML value: its key's place, counted from there)."""
    line = text.count("\n", 0, offset)
    column = offset - (text.rfind("\n", 0, offset) + 1) + 1
    if first is None:
        return Where(rel, line + 1, column)
    return first if line == 0 and first.line else Where(rel, first.line + line, first.column)
