"""Statements as a reader of one language sees them: the quote and its translation, who said it, in
which report, and where the quote stands in its source; and as downloads."""
from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass

from markupsafe import Markup

from factsite.model import LANGS, Site, Statement
from factsite.render.prose import statement_anchor, statement_href
from factsite.render.typography import text_for

STATEMENT_FIELDS = ("id", "scope", "programs", "seed", "quote", "quote_translation", "speaker_fa", "speaker_en",
                    "reported", "outlet_en", "source_fa", "source_en")


@dataclass(frozen=True)
class StatementView:
    """A statement on a page of one language."""

    statement: Statement
    anchor: str
    quote: Markup
    quote_lang: str
    translation: Markup | None
    speaker: Markup | None  # None: the report does not say who
    seed_title: Markup
    outlet: Markup  # "" when not stated
    reported: object  # the report's date, or None
    href: str  # the quote, marked in its source
    scope_name: str


def statement_views(site: Site, lang: str, statements=None) -> list[StatementView]:
    """These statements (all, by default) as seen in one language, in the order they are listed."""
    return [_view(s, site, lang) for s in (site.statements if statements is None else statements)]


def _view(statement: Statement, site: Site, lang: str) -> StatementView:
    seed = site.seeds[statement.source.seed]
    speaker = _speaker(statement, lang)
    scope = site.scopes.get(statement.scope)
    return StatementView(statement, statement_anchor(statement.id), text_for(statement.source.quote, seed.lang),
                         seed.lang, text_for(statement.source.translation, lang) if seed.lang != lang else None,
                         text_for(speaker, lang) if speaker else None, text_for(seed.title[lang], lang),
                         text_for(seed.outlet_name[lang], lang) if seed.outlet_name else Markup(""), seed.date,
                         statement_href(statement, lang, site), scope.name[lang] if scope else statement.scope)


def _speaker(statement: Statement, lang: str) -> str:
    """Name and role in one language, or '' when the report does not say who."""
    speaker = statement.speaker
    if speaker is None:
        return ""
    role = speaker.role[lang] if speaker.role else ""
    return speaker.name[lang] + ((("، " if lang == "fa" else ", ") + role) if role else "")


def statement_record(statement: Statement, site: Site) -> dict:
    """One statement as a flat record, as the downloads give it."""
    seed = site.seeds.get(statement.source.seed)
    return {"id": statement.id, "scope": statement.scope, "programs": list(statement.programs),
            "seed": statement.source.seed, "quote": statement.source.quote,
            "quote_translation": statement.source.translation,
            **{f"speaker_{lang}": _speaker(statement, lang) or "not stated" for lang in LANGS},
            "reported": seed.date.isoformat() if seed and seed.date else "not stated",
            "outlet_en": seed.outlet_name.en if seed and seed.outlet_name else "not stated",
            **{f"source_{lang}": statement_href(statement, lang, site) for lang in LANGS}}


def statement_files(site: Site) -> dict[str, bytes]:
    """data/statements.json and data/statements.csv (UTF-8 with a BOM, like facts.csv)."""
    records = [statement_record(s, site) for s in site.statements]
    text = io.StringIO()
    writer = csv.writer(text, lineterminator="\r\n")
    writer.writerow(STATEMENT_FIELDS)
    for record in records:
        writer.writerow([";".join(record[name]) if name == "programs" else record[name] for name in STATEMENT_FIELDS])
    return {"data/statements.json": (json.dumps({"statements": records}, ensure_ascii=False) + "\n").encode("utf-8"),
            "data/statements.csv": ("\ufeff" + text.getvalue()).encode("utf-8")}


STATEMENT_NOTES = {
    "id": "stable identifier of the statement",
    "scope": "`national` or the province the statement is about",
    "programs": "program slugs (in CSV, joined with `;`)",
    "seed": "file name of the source document",
    "quote": "the sentence of the source, verbatim",
    "quote_translation": "the quote in the other language",
    "speaker_fa": "who said it, with their role, in Persian; `not stated` if the report does not say",
    "speaker_en": "who said it, with their role, in English; `not stated` if the report does not say",
    "reported": "the date of the news report (YYYY-MM-DD), or `not stated`",
    "outlet_en": "the outlet, in English, or `not stated`",
    "source_fa": "the quote marked in its source, Persian page, as a path from the site's address",
    "source_en": "the quote marked in its source, English page, as a path from the site's address",
}
