"""Characters a reader cannot see, refused where they could make the page differ from what was proved.

Quote matching folds invisible characters, so a quote holding them is still proved against its
source; shown on a page, though, a bidi override reverses «800» into «008». So content text may
not hold bidi controls, control characters or the renderer's own marker characters (C0 controls),
and a number in a quote may not hold any invisible character. ZWNJ and ZWJ stay allowed in text:
Persian needs them.
"""
from __future__ import annotations

import html
import re
import unicodedata

from factsite.model import Problem, Where

# C0 controls but tab, newline and carriage return; DEL and C1; bidi marks, embeddings, overrides
# and isolates; the deprecated format controls; line and paragraph separators; interlinear annotation.
FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069"
                       "\u206a-\u206f\u2028\u2029\ufeff\ufff9-\ufffb]")  # and a byte-order mark past the start
BOM = "\ufeff"
# Invisible: format characters (Cf, ZWNJ and ZWJ included), combining marks with nothing to
# combine with (CGJ, variation selectors) and the fillers that render as nothing.
INVISIBLE = ("\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f\u200b-\u200f\u202a-\u202e\u2060-\u206f"
             "\u3164\ufe00-\ufe0f\ufeff\uffa0\ufff9-\ufffb")
NUMBER_MARK = "0-9\u0660-\u0669\u06f0-\u06f9"
SEPARATOR = ".,/\u060c\u066b\u066c"
INVISIBLE_IN_NUMBER = re.compile(f"(?<=[{NUMBER_MARK}])[{INVISIBLE}]+(?=[{NUMBER_MARK}{SEPARATOR}])"
                                 f"|(?<=[{SEPARATOR}])[{INVISIBLE}]+(?=[{NUMBER_MARK}])")
MAX_REPORTED = 20  # per file: enough to show the pattern without burying the other problems


def character_name(char: str) -> str:
    """U+202E RIGHT-TO-LEFT OVERRIDE, or U+0007 (a control character) for one without a name."""
    name = unicodedata.name(char, "") or "(a control character)"
    return f"U+{ord(char):04X} {name}"


def forbidden_characters(text: str, rel: str, first_line: int = 1) -> list[Problem]:
    """A problem for each forbidden character in a content file's text, at its line and column."""
    problems = []
    for match in FORBIDDEN.finditer(text):
        if len(problems) == MAX_REPORTED:
            problems.append(Problem(Where(rel, *_place(text, match.start(), first_line)),
                                    "more forbidden characters follow — delete them all"))
            break
        char = match.group()
        problems.append(Problem(Where(rel, *_place(text, match.start(), first_line)),
                                f"{character_name(char)} is not allowed in content: {_why(char)} — delete it"))
    return problems


def without_bom(text: str) -> str:
    """The text without the byte-order mark some editors put first (it is no part of the text)."""
    return text[1:] if text.startswith(BOM) else text


def escaped_characters(value: object, where: Where) -> list[Problem]:
    """A problem for each string of a parsed YAML value (at where, or where its key or item was
    written) that holds a forbidden character: written as an escape ("\\u202E", "\\x1e"), only
    parsing shows it."""
    problems: list[Problem] = []
    if isinstance(value, str):
        found = FORBIDDEN.search(value)
        if found:
            char = found.group()
            problems.append(Problem(where, f"{character_name(char)}, written as an escape, is not allowed in "
                                    f"content: {_why(char)} — delete the escape"))
    elif isinstance(value, dict):
        for key, item in value.items():
            problems += escaped_characters(key, value.at(key)) + escaped_characters(item, value.at(key))
    elif isinstance(value, list):
        for item, at in zip(value, value.item_where):
            problems += escaped_characters(item, at)
    return problems[:MAX_REPORTED]


REFERENCE = re.compile(r"&(?:#([0-9]{1,7})|#[xX]([0-9a-fA-F]{1,6})|([A-Za-z][A-Za-z0-9]{1,31}));")


def referenced_characters(text: str, rel: str) -> list[Problem]:
    """A problem for each character reference of a Markdown text (`&#x202E;`, `&#8238;`, `&rlm;`)
    that stands for a forbidden character, at its line and column."""
    problems = []
    for match in REFERENCE.finditer(text):
        decimal, hexadecimal, name = match.groups()
        number = int(decimal) if decimal else int(hexadecimal, 16) if hexadecimal else None
        char = (chr(number) if number < 0x110000 else "") if number is not None else html.unescape(match.group())
        if len(char) == 1 and FORBIDDEN.match(char) and len(problems) < MAX_REPORTED:
            problems.append(Problem(Where(rel, *_place(text, match.start(), 1)),
                                    f"{match.group()} stands for {character_name(char)}, which is not allowed in "
                                    f"content: {_why(char)} — delete it"))
    return problems


def _why(char: str) -> str:
    if char in "\u061c\u200e\u200f" or "\u202a" <= char <= "\u202e" or "\u2066" <= char <= "\u2069":
        return "it changes the order in which readers see the text (the site isolates mixed text itself)"
    return "it is invisible and can change what the page shows"


def _place(text: str, offset: int, first_line: int) -> tuple[int, int]:
    """The 1-based line and column of offset in text."""
    line_start = text.rfind("\n", 0, offset) + 1
    return first_line + text.count("\n", 0, offset), offset - line_start + 1


def invisible_in_number(quote: str) -> str | None:
    """The name of the first invisible character inside a number of the quote, or None."""
    match = INVISIBLE_IN_NUMBER.search(quote)
    return character_name(match.group()[0]) if match else None


MAX_MARKDOWN_INDENT = 64   # columns: sixteen levels of nested lists
MAX_MARKDOWN_QUOTES = 16   # `>` levels
MAX_MARKDOWN_BYTES = 100_000
MAX_BRACKETS = 100  # `[` in one paragraph
_LEAD = re.compile(r"[ \t>]*")


def markdown_limits(text: str, rel: str) -> list[Problem]:
    """A problem for each Markdown line nested deeper than prose needs (the renderer would recurse too
    deep), for a file over MAX_MARKDOWN_BYTES, and for a paragraph with more than MAX_BRACKETS `[`
    (the renderer's time grows with their square)."""
    if len(text.encode("utf-8")) > MAX_MARKDOWN_BYTES:
        return [Problem(Where(rel), f"is over the {MAX_MARKDOWN_BYTES:,}-byte limit for a Markdown page — "
                        "shorten it or split it")]
    problems = _crowded_paragraphs(text, rel)
    for number, line in enumerate(text.split("\n"), 1):
        lead = _LEAD.match(line).group()
        if len(lead) <= MAX_MARKDOWN_INDENT:
            continue
        quotes, indent = lead.count(">"), len(lead.replace(">", "").expandtabs(4))
        if quotes > MAX_MARKDOWN_QUOTES or indent > MAX_MARKDOWN_INDENT:
            problems.append(Problem(Where(rel, number, 1), f"this line is nested {quotes} quote level(s) and "
                                    f"{indent} columns deep, over the limit of {MAX_MARKDOWN_QUOTES} levels and "
                                    f"{MAX_MARKDOWN_INDENT} columns — flatten the list or quote"))
        if len(problems) == MAX_REPORTED:
            break
    return problems


def _crowded_paragraphs(text: str, rel: str) -> list[Problem]:
    """A problem for each paragraph with more than MAX_BRACKETS `[`, at its first line."""
    problems, line = [], 1
    for paragraph in re.split(r"(\n[ \t]*\n)", text):
        if paragraph.count("[") > MAX_BRACKETS and len(problems) < MAX_REPORTED:
            problems.append(Problem(Where(rel, line, 1), f"this paragraph has {paragraph.count('['):,} `[`, over "
                                    f"the limit of {MAX_BRACKETS} — split it into shorter paragraphs"))
        line += paragraph.count("\n")
    return problems
