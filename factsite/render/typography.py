"""Text as a reader sees it: bidi isolation, Persian digits, and sanitized Markdown."""
from __future__ import annotations

import functools
import re

import markdown
import nh3
from markupsafe import Markup, escape

from factsite.render.formatting import persian_digits

# A run of Latin script (with the digits and punctuation that live inside it: "IRNA", "ihio.gov.ir").
LATIN_RUN = re.compile(r"[A-Za-z][A-Za-z0-9.’'&/\-]*(?:[ ][A-Za-z0-9][A-Za-z0-9.’'&/\-]*)*")
# A run of Arabic script, including ZWNJ and the spaces between its words.
ARABIC_RUN = re.compile(r"[\u0600-\u06FF\uFB50-\uFDFF\uFE70-\uFEFF](?:[\u0600-\u06FF\uFB50-\uFDFF"
                        r"\uFE70-\uFEFF\u200c\u200d ]*[\u0600-\u06FF\uFB50-\uFDFF\uFE70-\uFEFF])?")
ASCII_DIGITS = re.compile(r"[0-9]+(?:[.,][0-9]+)*")
ENTITY = re.compile(r"(&#?\w+;)")
TAG = re.compile(r"(<[^>]*>)")
ALLOWED_TAGS = {"p", "a", "em", "strong", "ul", "ol", "li", "blockquote", "code", "br", "h2", "h3", "bdi"}


# What search folds, at index time and in the query (static/search.js): Arabic letter forms to Persian
# ones, and the marks (harakat, tatweel) a reader may or may not type.
SEARCH_FOLD = {0x064A: "\u06cc", 0x0649: "\u06cc", 0x0643: "\u06a9", 0x0640: None,
               **{code: None for code in range(0x064B, 0x0660)}, 0x0670: None}


def search_fold(text: str) -> str:
    """The text as search sees it, or "" when folding changes nothing (so that a page carries a folded
    copy for the search index only where it differs)."""
    folded = text.translate(SEARCH_FOLD)
    return folded if folded != text else ""


@functools.lru_cache(maxsize=1 << 16, typed=True)  # typed: Markup("a&amp;b") is not the text "a&amp;b"
def text_for(text: str, text_lang: str) -> Markup:
    """Escape text written in text_lang and isolate runs of the other script in <bdi>.

    Remembered per text: labels, speakers and dates recur on many pages."""
    return Markup(_isolate_text(str(escape(text)), text_lang))


def _isolate_latin(html_text: str) -> str:
    """Wrap Latin runs in <bdi lang="en"> and turn the remaining ASCII digits Persian."""
    out, last = [], 0
    for match in LATIN_RUN.finditer(html_text):
        if _inside_entity(html_text, match.start()):
            continue
        out.append(_persian_digits_in(html_text[last:match.start()]))
        out.append(f'<bdi lang="en">{match.group(0)}</bdi>')
        last = match.end()
    out.append(_persian_digits_in(html_text[last:]))
    return "".join(out)


def _inside_entity(text: str, pos: int) -> bool:
    """True if pos is inside an HTML entity such as &amp; or &#39;."""
    amp = text.rfind("&", 0, pos)
    return amp != -1 and ";" not in text[amp:pos] and pos - amp < 8


def _persian_digits_in(text: str) -> str:
    """Persian digits for ASCII digit runs outside entities."""
    if ASCII_DIGITS.search(text) is None:
        return text
    parts = ENTITY.split(text)
    return "".join(p if p.startswith("&") else ASCII_DIGITS.sub(lambda m: persian_digits(m.group(0)), p)
                   for p in parts)


# A figure's number with its unit or scale words, which must never break across lines: «۱٬۸۰۰٬۰۰۰ نفر»,
# "100 billion toman", "70–95%". A qualifier before it ("more than") may wrap; a number in an HTML
# entity (&#39;) is none.
_NUMBER = r"(?<![#\w])[0-9\u06f0-\u06f9](?:[0-9\u06f0-\u06f9,.\u066b\u066c]*[0-9\u06f0-\u06f9])?[%\u066a]?"
_UNIT = r"(?:million|billion|trillion|thousand|people|person|toman|میلیون|میلیارد|هزار|نفر|تومان|درصد)"
FIGURE_PIECE = re.compile(rf"{_NUMBER}(?:(?:\u2013| تا ){_NUMBER})?(?: {_UNIT}(?!\w))*")


def figure_html(text: str) -> Markup:
    """Text (or Markup) with each number and its unit in a <span class="nowrap">, so that no line
    break falls inside a figure."""
    pieces = TAG.split(str(escape(text)))
    for i in range(0, len(pieces), 2):
        pieces[i] = FIGURE_PIECE.sub(lambda m: f'<span class="nowrap">{m.group(0)}</span>', pieces[i])
    return Markup("".join(pieces))


def markdown_html(source: str, lang: str) -> Markup:
    """Render Markdown, drop unsafe HTML, and isolate the other script's runs in text."""
    html = nh3.clean(markdown.markdown(source), tags=ALLOWED_TAGS,
                     attributes={"a": {"href", "title"}, "bdi": {"lang"}},
                     url_schemes={"http", "https", "mailto"}, link_rel="noopener noreferrer")
    pieces = TAG.split(html)
    for i in range(0, len(pieces), 2):
        pieces[i] = _isolate_text(pieces[i], lang)
    return Markup("".join(pieces))


def _isolate_text(html_text: str, lang: str) -> str:
    """Isolate runs of the other script inside already-escaped HTML text."""
    if lang == "fa":
        return _isolate_latin(html_text)
    return ARABIC_RUN.sub(lambda m: f'<bdi lang="fa">{m.group(0)}</bdi>', html_text)
