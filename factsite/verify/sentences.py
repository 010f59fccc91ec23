"""A report read as an editor reads it: its sentences, which of them are the page's furniture
(menus, "related news", footers, a repeated headline), which credit a claim to someone, and who."""
from __future__ import annotations

import re
from dataclasses import dataclass

from factsite.verify.normalize import normalize


@dataclass(frozen=True)
class Sentence:
    """One sentence of a seed, verbatim: text is seed.text[start:end]."""

    start: int
    end: int
    text: str
    furniture: bool
    attributed: bool          # it credits what it says to someone («… گفت», "said")
    speaker: str | None       # the nearest named speaker, when it is attributed and one is known


_PARAGRAPH = re.compile(r"[^\n]+")
_SENTENCE_END = re.compile(r"[.!?\u061f]+[\"'\u201d\u00bb\u2019)]*(?=\s|$)")
_FINAL = (".", "!", "?", "\u061f", ":", "\u201d", "\u00bb", '"', ")")
_FOOTER = re.compile(r"^(?:انتهای پیام|اخبار مرتبط|خبرهای مرتبط|پربیننده|آخرین خبر|برچسب"
                     r"|related (?:news|stories|articles)|read more|most (?:read|viewed)|tags?:|share this|copyright"
                     r"|\u00a9)", re.IGNORECASE)
SHORT_LINE = 12   # words: a line this short without a full stop is a heading, a menu item or a link
_SAYING = (r"(?<!\w)(?:گفت(?! ?و ?گو)|افزود|اظهار (?:داشت|کرد)|اعلام کرد|ادامه داد|بیان (?:کرد|داشت)|تاکید کرد"
           r"|تأکید کرد|خاطرنشان (?:کرد|ساخت)|یادآور شد|اضافه کرد|خبر داد|عنوان کرد|تصریح کرد|به گفته|می ?گوید"
           r"|said|says|stated|quoted|announced|(?<!were )(?<!was )(?<!been )(?<!be )added|told|noted|explained"
           r"|according to|as saying)(?!\w)")
SAYING = re.compile(_SAYING, re.IGNORECASE)
_NOT_NAMES = frozenset("""وی او ایشان این آن در به از با که و همچنین مدیرکل مدیر کل معاون رئیس سرپرست سازمان بیمه ما
    من دولت مسئول مسوول روز ظهر صبح عصر شب امروز دیروز
    the he she they it we this that for during with in on a an""".split())
_LEAD = re.compile(r"^(?:به گزارش [^،,]{0,60}[،,]\s*|[^-\u2013]{1,30} [-\u2013] [^-\u2013]{1,30} [-\u2013]\s*)")
_FA_WORD = r"[\u0621-\u06cc\u200c]+"
_EN_SAYS = re.compile(r"\b([A-Z][a-z][\w'\u2019-]*) (?:said|says|stated|announced|added|told|noted|explained)\b")
_EN_QUOTED = re.compile(r"\bquoted ((?:[A-Z][\w'\u2019-]+ ){1,2}[A-Z][\w'\u2019-]+)")


def read_sentences(text: str, lang: str) -> list[Sentence]:
    """The seed's sentences in order, each with what an editor needs to know of it."""
    pieces = list(_pieces(text))
    names = _names([normalize(piece) for piece, furniture, _ in pieces if not furniture], lang)
    speakers = _speakers([(normalize(t), furniture) for t, furniture, _ in pieces], names)
    return [Sentence(start, start + len(piece), piece, furniture, SAYING.search(normalize(piece)) is not None,
                     speaker) for (piece, furniture, start), speaker in zip(pieces, speakers)]


def _pieces(text: str):
    """(sentence, furniture, start) for each sentence of text."""
    seen: set[str] = set()
    footer = False
    for paragraph in _PARAGRAPH.finditer(text):
        norm = normalize(paragraph.group())
        if not norm:
            continue
        footer = footer or _FOOTER.search(norm) is not None
        furniture = footer or norm in seen or (not norm.endswith(_FINAL) and len(norm.split()) < SHORT_LINE)
        seen.add(norm)
        for start, end in _sentence_spans(paragraph.group()):
            yield paragraph.group()[start:end], furniture, paragraph.start() + start


def _sentence_spans(paragraph: str):
    """[start, end) of each sentence of one paragraph, without the spaces around it."""
    cut = 0
    for match in [*_SENTENCE_END.finditer(paragraph), None]:
        end = match.end() if match else len(paragraph)
        piece = paragraph[cut:end]
        if piece.strip():
            lead = len(piece) - len(piece.lstrip())
            yield cut + lead, cut + len(piece.rstrip())
        cut = end


def _names(texts: list[str], lang: str) -> list[str]:
    """The people the report quotes by name, as it writes them (a full name where it gives one)."""
    return _english_names(" ".join(texts)) if lang == "en" else _persian_names(texts)


def _persian_names(texts: list[str]) -> list[str]:
    """Persian names: a word that opens attributed sentences as their subject («تقوی درباره … اعلام
    کرد»), with the first name the report writes before it («ذوالفقار تقوی»)."""
    opening: list[str] = []
    names: list[str] = []
    for text in texts:
        if SAYING.search(text):
            words = [word.rstrip("\u060c,") for word in _LEAD.sub("", text).split()[:2]]
            if words and _may_be_name(words[0]):
                opening.append(words[0])
            if _LEAD.match(text) and len(words) == 2 and all(map(_may_be_name, words)):
                names.append(" ".join(words))  # «به گزارش ایرنا، پیمان قجربیگی روز دوشنبه …»
    whole = "\n".join(texts)
    for word in dict.fromkeys(opening):
        if any(word in name.split() for name in names):
            continue
        after = [w for w in opening if w != word and re.search(rf"(?<!\S){word} {w}(?!\S)", whole)]
        first = re.search(rf"(?:^|[\u060c,:] ?)({_FA_WORD}) {word}(?![^\s\u060c,.:])", whole, re.MULTILINE)
        if after:
            names.append(f"{word} {after[0]}")
        elif first and first.group(1) not in _NOT_NAMES:
            names.append(f"{first.group(1)} {word}")
        elif opening.count(word) > 1:
            names.append(word)
    return names


def _may_be_name(word: str) -> bool:
    """Whether a word may be part of a Persian name (not a pronoun, title, time or preposition)."""
    return re.fullmatch(_FA_WORD, word) is not None and word not in _NOT_NAMES and len(word) > 2


def _english_names(text: str) -> list[str]:
    """English names: whom the report quotes ("IRNA quoted Keivan Tajbakhsh"), and whoever says
    something by surname ("Tajbakhsh said"), written in full where the report does so."""
    names = [m.group(1) for m in _EN_QUOTED.finditer(text)]
    for surname in dict.fromkeys(m.group(1) for m in _EN_SAYS.finditer(text)):
        if surname.lower() in _NOT_NAMES or any(name.split()[-1] == surname for name in names):
            continue
        full = re.search(rf"((?:[A-Z][\w'\u2019-]+ ){{1,2}}){re.escape(surname)}\b", text)
        names.append(full.group(0) if full else surname)
    return names


def _speakers(texts: list[tuple[str, bool]], names: list[str]) -> list[str | None]:
    """Per sentence, who it credits: a name it gives, else (for «وی», "He", a title) the person
    named last before it, or the first named after it; None when it credits no one."""
    named = [None if furniture else _named_in(text, names) for text, furniture in texts]
    out: list[str | None] = []
    last = None
    for (text, furniture), name in zip(texts, named):
        last = name or last
        if furniture or not SAYING.search(text):
            out.append(None)
            continue
        out.append(name or last or next((n for n in named if n), None))
    return out


def _named_in(text: str, names: list[str]) -> str | None:
    """The first of the names (or its surname) that text gives."""
    found = [(m.start(), name) for name in names for part in {name, name.split()[-1]}
             for m in [re.search(rf"(?<!\w){re.escape(part)}(?!\w)", text)] if m]
    return min(found)[1] if found else None
