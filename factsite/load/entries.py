"""Each list file's entries built into the model's objects, once the schema has passed them: seeds
(with their texts), scopes, metrics, programs (with their Markdown), facts and changes."""
from __future__ import annotations

import os
import re
import stat
from decimal import Decimal
from pathlib import Path

from factsite.load.characters import (FORBIDDEN, character_name, forbidden_characters, markdown_limits,
                                      referenced_characters, without_bom)
from factsite.load.inputs import UnsafeInput, read_input
from factsite.load.yamlfile import Record
from factsite.model import (LANGS, NOT_STATED, Bilingual, Change, Citation, Derivation, Fact, Metric, Parts, Period,
                            Problem, Program, Scope, Seed, Speaker, Statement, Where, field_places)

FORMULA_REF = re.compile(r"\{([^{}]*)\}")


def bilingual(record) -> Bilingual:
    """A `{fa: …, en: …}` mapping as a Bilingual, each side stripped."""
    return Bilingual(record["fa"].strip(), record["en"].strip())


def _opt_bi(record) -> Bilingual | None:
    return bilingual(record) if record else None


def build_seed(entry: Record, root: Path, problems: list[Problem]) -> Seed | None:
    """Build a Seed and read its text, refusing paths that leave seeds/."""
    name = entry["file"]
    text = _seed_text(root, name, entry.at("file"), problems)
    if text is None:
        return None
    outlet = entry["outlet"]
    named = outlet != NOT_STATED
    date = entry["date"] if entry["date"] != NOT_STATED else None
    return Seed(name, entry["lang"], outlet["text"] if named else None, bilingual(outlet["name"]) if named else None,
                entry.get("dateline"), date, bilingual(entry["title"]), text, entry.where,
                _article(entry, text, problems), entry.get("scope"), entry.at("scope") if entry.get("scope") else None)


def _article(entry: Record, text: str, problems: list[Problem]) -> tuple[int, int] | None:
    """Where the article lies in the seed's text: from the line article_starts begins to the line
    furniture_starts begins (None when the seed names neither: all of it is the article)."""
    start, end = 0, len(text)
    for key in ("article_starts", "furniture_starts"):
        words = (entry.get(key) or "").strip()
        if words:
            found = _line_starting(text, words)
            if isinstance(found, str):
                problems.append(Problem(entry.at(key), f"`{key}` {found} in seeds/{entry['file']} — copy the first "
                                        "words of that line from the document, enough of them to name one line"))
            elif key == "article_starts":
                start = found
            else:
                end = found
    if start >= end:
        problems.append(Problem(entry.at("furniture_starts"), "`furniture_starts` names a line before the one "
                                "`article_starts` names — the furniture after the article starts below it"))
        return None
    return (start, end) if (start, end) != (0, len(text)) else None


def _line_starting(text: str, words: str) -> int | str:
    """The offset of the one line of text that starts with words (after its spaces), or what is wrong."""
    offsets, offset = [], 0
    for line in text.split("\n"):
        if line.strip().startswith(words):
            offsets.append(offset)
        offset += len(line) + 1
    if len(offsets) == 1:
        return offsets[0]
    return f"«{words}» begins no line" if not offsets else f"«{words}» begins {len(offsets)} lines"


def _seed_text(root: Path, name: str, where: Where, problems: list[Problem]) -> str | None:
    """The seed's text, or None (with a problem) if it is missing, leaves seeds/ or is not plain text."""
    path = root / "seeds" / name
    if "/" in name or "\\" in name or name.startswith(".") or Path(name).is_absolute():
        problems.append(Problem(where, f"`{name}` must be a plain file name inside seeds/, with no folders or `..`"))
        return None
    mode = _mode(path)  # a plain name in seeds/ stays in seeds/ unless it is a link
    if mode is not None and stat.S_ISLNK(mode):
        problems.append(Problem(where, f"seeds/{name} is a link — copy the document into seeds/ instead"))
    elif mode is None or not stat.S_ISREG(mode):
        problems.append(Problem(where, f"seeds/{name} does not exist — copy the document into seeds/ byte for byte"))
    else:
        try:
            data = read_input(path, f"seeds/{name}")
        except UnsafeInput as err:
            problems.append(Problem(where, f"seeds/{name} {err.problem.message}"))
            return None
        try:
            text = without_bom(data.decode("utf-8")).replace("\r\n", "\n").replace("\r", "\n")  # as text mode reads it
        except UnicodeDecodeError:
            problems.append(Problem(where, f"seeds/{name} is not UTF-8 text — convert it to UTF-8"))
            return None
        found = FORBIDDEN.search(text)
        if found is None:
            return text
        char, line = found.group(), text.count("\n", 0, found.start()) + 1
        what = f"the control character U+{ord(char):04X}" if char <= "\x9f" else character_name(char)
        problems.append(Problem(where, f"seeds/{name} holds {what} on line {line} — delete it; a news text "
                                "has none"))
    return None


def _mode(path: Path) -> int | None:
    """The file's type and mode, not following a link, or None if nothing is there."""
    try:
        return os.lstat(path).st_mode
    except OSError:
        return None


def build_scope(entry: Record, root: Path, problems: list[Problem]) -> Scope:
    return Scope(entry["slug"], entry["kind"], bilingual(entry["name"]), entry.where)


def build_metric(entry: Record, root: Path, problems: list[Problem]) -> Metric:
    """Build a Metric; one whose figures are not compared must say why."""
    comparable = entry.get("comparable") is not False
    if not comparable and not entry.get("caveat"):
        problems.append(Problem(entry.at("comparable"), "a measure that is not compared needs a `caveat` saying why "
                                "— add it in both languages"))
    return Metric(entry["key"], entry["unit"], bool(entry.get("headline")), bilingual(entry["label"]), entry.where,
                  bilingual(entry["counts"]), bilingual(entry["definition"]), comparable, _opt_bi(entry.get("caveat")))


def build_program(entry: Record, root: Path, problems: list[Problem]) -> Program:
    """Build a Program with its Markdown description in both languages."""
    mentions = tuple(_citation(m) for m in entry.get("mentions") or ())
    description = bilingual_markdown(root, f"content/programs/{entry['slug']}", problems, entry.at("slug"))
    return Program(entry["slug"], bilingual(entry["name"]), description, mentions, entry.where)


def _citation(record: Record) -> Citation:
    return Citation(record["seed"], record["quote"].strip(), record["translation"].strip(), record.at("quote"),
                    position=record.get("position"), seed_where=record.at("seed"))


def bilingual_markdown(root: Path, stem: str, problems: list[Problem], where: Where | None = None) -> Bilingual:
    """Read {stem}.fa.md and {stem}.en.md; a missing or unreadable one is a problem."""
    texts = {}
    for lang in LANGS:
        rel = f"{stem}.{lang}.md"
        texts[lang] = _markdown_text(root, rel, lang, where, problems)
    return Bilingual(texts["fa"], texts["en"])


def _markdown_text(root: Path, rel: str, lang: str, where: Where | None, problems: list[Problem]) -> str:
    """One Markdown file's text ('' with a problem if it is missing, unreadable or unsafe to show)."""
    try:
        text = without_bom(read_input(root / rel, rel).decode("utf-8"))
    except FileNotFoundError:
        problems.append(Problem(where or Where(rel), f"{rel} is missing — write it in {lang}"))
        return ""
    except UnsafeInput as err:
        problems.append(err.problem)
        return ""
    except UnicodeDecodeError:
        problems.append(Problem(where or Where(rel), f"{rel} is not UTF-8 — write it in {lang}"))
        return ""
    found = forbidden_characters(text, rel) + referenced_characters(text, rel) + markdown_limits(text, rel)
    problems.extend(found)
    return "" if found else text


def build_fact(entry: Record, root: Path, problems: list[Problem]) -> Fact:
    """Build a Fact; cross-references are checked later, in verify."""
    source = entry.get("source")
    speaker = entry.get("speaker")
    return Fact(
        id=entry["id"], scope=entry["scope"], programs=tuple(entry["programs"]), metric=entry["metric"],
        value=_decimal(entry.get("value")), value_max=_decimal(entry.get("value_max")),
        qualifier=entry["qualifier"], unit=entry["unit"], label=bilingual(entry["label"]),
        source=_citation(source) if source else None,
        speaker=Speaker(bilingual(speaker["name"]), _opt_bi(speaker.get("role"))) if speaker else None,
        when=_opt_bi(entry.get("when")), note=_opt_bi(entry.get("note")),
        derived=_derivation(entry.get("derived")), parts=_parts(entry.get("parts")),
        where=entry.at("id"),
        field_where=field_places({**{key: (at.line, at.column) for key, at in entry.key_where.items()},
                                  **{f"programs.{i}": (at.line, at.column)
                                     for i, at in enumerate(entry["programs"].item_where)},
                                  **{f"source.{key}": (at.line, at.column)
                                     for key, at in (source.key_where.items() if source else ())}}),
        period=_period(entry.get("period")),
    )


def _period(record) -> Period | None:
    return Period(record["kind"], record.get("year")) if record else None


def build_statement(entry: Record, root: Path, problems: list[Problem]) -> Statement:
    """Build a Statement; its quote is proved and its names checked in verify."""
    speaker = entry["speaker"]
    said = Speaker(bilingual(speaker["name"]), _opt_bi(speaker.get("role"))) if speaker != NOT_STATED else None
    return Statement(entry["id"], entry["scope"], tuple(entry["programs"]), _citation(entry["source"]), said,
                     entry.at("id"))


def build_change(entry: Record, root: Path, problems: list[Problem]) -> Change:
    """A change to a published figure; whether its fact exists is checked in verify."""
    return Change(entry["date"], entry["fact"], entry["kind"], _decimal(entry.get("was")),
                  _opt_bi(entry.get("label")), _opt_bi(entry.get("reason")), entry.at("fact"))


def _decimal(value) -> Decimal | None:
    return None if value is None else Decimal(str(value))


def _derivation(record) -> Derivation | None:
    if not record:
        return None
    formula = record["formula"]
    return Derivation(formula, int(record.get("round") or 0), tuple(FORMULA_REF.findall(formula)))


def _parts(record) -> Parts | None:
    return Parts(tuple(record["ids"]), record["rule"]) if record else None
