"""The figures a report states, read by the verifier's own number reader (verify/numbers.py), with
what a fact needs of each: value, unit, hedge, period, speaker; and which of them facts cite.

Not figures: years, dates, times, phone numbers, the page's furniture, a number that is part of a
period («یک سال اخیر») and a number word that points back ("these seven drugs")."""
from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from factsite.verify.sentences import Sentence, read_sentences
from factsite.model import Period, Seed, Site
from factsite.verify.normalize import normalize, normalize_with_map, original_span
from factsite.verify.numbers import Mention
from factsite.verify.units import numbers_with_units


@dataclass(frozen=True)
class Figure:
    """A number a sentence of a seed states, as a draft fact takes it."""

    seed: str
    sentence: Sentence
    position: int                 # which number of the sentence it is, as `check` counts them (1 = the first)
    value: Decimal
    value_max: Decimal | None
    qualifier: str
    unit: str                     # people | percent | toman | rial | count | iranian_year
    noun: str                     # the words the number is attached to
    period: Period | None
    span: tuple[int, int]         # where the number stands in the seed

    @property
    def stated(self) -> str:
        """The words of the seed that state the number."""
        return self.sentence.text[self.span[0] - self.sentence.start:self.span[1] - self.sentence.start]

    @property
    def key(self) -> tuple:
        """What a restatement of the same figure in the same report shares with it."""
        return self.value, self.value_max, self.unit, tuple(self.noun.split()[:1])


_MONTHS = ("january|february|march|april|may|june|july|august|september|october|november|december|"
           "فروردین|اردیبهشت|خرداد|تیر|مرداد|شهریور|مهر|آبان|آذر|دی|بهمن|اسفند")
_NOT_FIGURES = re.compile(
    r"\d{4}[-/.]\d{1,2}[-/.]\d{1,2}|\d{1,2}[-/.]\d{1,2}[-/.]\d{2,4}"      # dates
    rf"|(?<!\w)(?:{_MONTHS}) \d{{1,2}},? \d{{4}}|(?<!\w)(?:{_MONTHS}) \d{{1,4}}"    # March 3, 2025; March 19
    rf"|\d{{1,2}} (?:{_MONTHS})(?!\w)"                                          # ۱۰ آبان, 19 March
    r"|(?<!\w)(?:یک|دو|سه|چهار|پنج) ?شنبه|\d{1,2}:\d{2}|(?<!\w)ساعت \d{1,2}|\d{1,2} ?[ap]\.?m\.?(?!\w)"  # times
    r"|(?<!\w)(?:طی |در )?(?:یک|1) (?:سال|ماه|هفته) (?:اخیر|گذشته)|(?<!\w)(?:one|a) (?:year|month|week) ago",
    re.IGNORECASE)
# A phone number: eight digits or more, split by spaces or dashes, or beginning with 0 or +.
_PHONE = re.compile(r"(?<![\d,.])(?:\+\d|0\d|\d(?=[\d]*[ -]\d))[\d -]{6,}\d(?![\d,])")
_POINTING_BACK = re.compile(r"(?<!\w)(?:the|these|those|both|این|همین|آن) $", re.IGNORECASE)
_HORIZON = re.compile(r"(?<!\w)(?:up to|until|till|by|تا|تا پایان|تا سال)(?: the)?(?: iranian)?(?: calendar)?"
                      r" ?(?:year|سال)? ?$", re.IGNORECASE)
_PERIODS = (
    ("in_year", re.compile(r"(?<!\w)in (19\d\d|20\d\d)(?!\d)", re.IGNORECASE)),
    ("in_iranian_year", re.compile(r"(?<!\w)در سال (1[34]\d\d)(?!\d)")),
    ("past_year", re.compile(r"(?:یک|1) سال (?:اخیر|گذشته)|(?:past|last) (?:12 months|year)(?! iranian)",
                             re.IGNORECASE)),
    ("past_iranian_year", re.compile(r"(?<!یک )سال گذشته|(?:past|last) iranian (?:calendar )?year", re.IGNORECASE)),
    ("so_far_this_year", re.compile(r"so far (?:in the current|this) year|since the (?:start|beginning) of the year"
                                    r"|از (?:ابتدای|آغاز) (?:سال|امسال)|(?<!\w)امسال(?!\w)|تاکنون در سال جاری",
                                    re.IGNORECASE)),
    ("per_month", re.compile(r"ماهیانه|ماهانه|(?<!\w)هر ماه|per month|every month|(?<!\w)monthly", re.IGNORECASE)),
    ("per_year", re.compile(r"سالانه|سالیانه|(?<!\w)هر سال(?!\w)|per year|every year|annually", re.IGNORECASE)),
    ("as_of_report", re.compile(r"در حال حاضر|هم ?اکنون|(?<!\w)اکنون|currently|at present", re.IGNORECASE)),
)
# A present or perfect verb: the figure is as of the report, as the content format says.
_PRESENT = re.compile(r"(?<!\S)(?:است|هست|هستند|دارد|دارند|شده|بوده|داده|نیست|نیستند|\S+ه ?اند"
                      r"|(?:ن?می)(?!لیون|لیارد|زان|انگین|ان(?!\S))\S*)(?!\S)"
                      r"|\b(?:is|are|has|have|include|includes|covers|cover|pays|remains?|stands?)\b", re.IGNORECASE)
_CLAUSE_END = re.compile(r"[\u060c:;\u061b]|,(?!\d)")
_UNITS = {"percent": "percent", "people": "people", "": "count"}


def seed_figures(seed: Seed) -> list[Figure]:
    """Every figure the seed states, in order (furniture and what is no figure left out)."""
    return [figure for sentence in read_sentences(seed.text, seed.lang) if not sentence.furniture
            for figure in sentence_figures(seed.file, sentence)]


def sentence_figures(seed: str, sentence: Sentence) -> list[Figure]:
    """The figures of one sentence; positions count every number `check` reads in it."""
    norm, starts = normalize_with_map(sentence.text)
    if norm != normalize(sentence.text):
        return []
    skipped = [m.span() for m in [*_NOT_FIGURES.finditer(norm), *_PHONE.finditer(norm)]
               if not m.group().startswith(("+", "0")) or sum(c.isdigit() for c in m.group()) >= 7]
    figures = []
    for position, (mention, attached) in enumerate(numbers_with_units(sentence.text), 1):
        unit = _unit(norm, mention, attached)
        if unit is None or any(a < mention.end and mention.start < b for a, b in skipped) \
                or _points_back(norm, mention):
            continue
        a, b = original_span(starts, mention.start, mention.end)
        figures.append(Figure(seed, sentence, position, mention.value, mention.value_max, mention.qualifier, unit,
                              _noun(norm, mention), figure_period(norm, mention.start),
                              (sentence.start + a, sentence.start + b)))
    return figures


def _unit(norm: str, mention: Mention, attached: str) -> str | None:
    """The unit a draft fact takes for a number, from what the verifier says it is attached to;
    None for a year, unless it is a horizon in Iranian years ("up to the Iranian year 1404")."""
    if attached == "money":
        return "rial" if norm[mention.end:mention.end + 8].lstrip().lower().startswith(("ریال", "rial")) else "toman"
    if attached == "year":
        horizon = _HORIZON.search(norm, max(0, mention.start - 40), mention.start)
        return "iranian_year" if horizon and 1279 <= mention.value <= 1479 else None
    return _UNITS[attached]


def _points_back(norm: str, mention: Mention) -> bool:
    """A number in words after "the", "these", «این» («این دو»): a thing named before, not a figure."""
    words = not any(c.isdigit() for c in norm[mention.start:mention.end])
    return words and _POINTING_BACK.search(norm, max(0, mention.start - 8), mention.start) is not None


def _noun(norm: str, mention: Mention) -> str:
    """Up to three words after the number, to its next comma or stop."""
    after = re.split(r"[\u060c,.;:!?\u061f()\"]", norm[mention.end:mention.end + 60])[0]
    return " ".join(after.split()[:3])


def figure_period(norm: str, start: int) -> Period | None:
    """The time the sentence says the number at start covers: a period its clause names (the
    nearest), else one that opens the sentence ("In 2024, …", «در حال حاضر، …»), else as of the
    report if the sentence says it in a present or perfect tense; None if none of these."""
    clauses = [0, *(m.end() for m in _CLAUSE_END.finditer(norm)), len(norm) + 1]
    found = [(kind, m) for kind, pattern in _PERIODS for m in pattern.finditer(norm)]
    lo, hi = next((a, b) for a, b in zip(clauses, clauses[1:]) if a <= start < b)
    near = sorted((abs(m.start() - start), kind, m) for kind, m in found if lo <= m.start() < hi)
    opening = [(kind, m) for kind, m in found if m.start() < clauses[1] and len(norm[:clauses[1]].split()) <= 4]
    kind, match = (near[0][1], near[0][2]) if near else opening[0] if opening else (None, None)
    if kind is None:
        return Period("as_of_report") if _PRESENT.search(norm) else None
    return Period(kind, int(match.group(1)) if kind.startswith("in_") else None)


def cited_spans(site: Site, seed: str) -> list[tuple[int, int]]:
    """Where in the seed the numbers that facts take stand (as `check` proved them)."""
    spans = []
    for fact in site.facts:
        source = fact.source
        if source is None or source.seed != seed or source.span is None:
            continue
        if source.figure is not None:
            spans.append(source.figure)
        elif fact.value is not None:  # a fact whose figure was not proved still takes what it states
            start = source.span[0]
            passage = site.seeds[seed].text[start:source.span[1]]
            sentence = Sentence(start, source.span[1], passage, False, False, None)
            spans += [f.span for f in sentence_figures(seed, sentence) if f.value == fact.value]
    return spans


def is_cited(figure: Figure, spans: Iterable[tuple[int, int]]) -> bool:
    """Whether a fact takes this figure."""
    return any(a < figure.span[1] and figure.span[0] < b for a, b in spans)


def uncited_figures(figures: list[Figure], spans: list[tuple[int, int]]) -> list[Figure]:
    """The figures no fact takes, each once: one a fact takes, stated again, is taken."""
    taken = {f.key for f in figures if is_cited(f, spans)}
    out, seen = [], set()
    for figure in figures:
        if figure.key not in taken and figure.key not in seen:
            out.append(figure)
        seen.add(figure.key)
    return out


def distinct(figures: list[Figure]) -> list[Figure]:
    """The figures, each stated once (a restatement dropped)."""
    first: dict[tuple, Figure] = {}
    for figure in figures:
        first.setdefault(figure.key, figure)
    return list(first.values())
