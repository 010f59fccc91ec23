"""The data downloads: every fact as JSON and as CSV, with exactly the published fields."""
from __future__ import annotations

import csv
import io
import json
import zipfile
from collections.abc import Iterable, Mapping
from decimal import Decimal

from factsite.model import LANGS, NOT_STATED, Fact, Site
from factsite.render.datapackage import datapackage
from factsite.render.formatting import format_period, not_stated
from factsite.render.prose import plain_text
from factsite.render.statements import statement_files
from factsite.render.views import fact_path

NATIONAL_ZIP = "data/facts.zip"  # the national files and their description, zipped:
ZIPPED = ("data/facts.csv", "data/facts.json", "data/datapackage.json", "data/statements.csv",
          "data/statements.json")  # with a README

FIELDS = ("id", "scope", "programs", "metric", "value", "value_max", "qualifier", "unit",
          "label_fa", "label_en", "seed", "quote", "quote_translation", "speaker",
          "status", "formula", "inputs", "note_fa", "note_en", "reported",
          "period_fa", "period_en", "metric_definition_fa", "metric_definition_en", "page_fa", "page_en")


def fact_record(fact: Fact, site: Site) -> dict:
    """One fact as a flat record; the speaker is given in the language of the source."""
    source = fact.source
    lang = site.seeds[source.seed].lang if source and source.seed in site.seeds else "en"
    speaker = ""
    if fact.speaker:
        role = fact.speaker.role[lang] if fact.speaker.role else ""
        speaker = fact.speaker.name[lang] + (("، " if lang == "fa" else ", ") + role if role else "")
    return {"id": fact.id, "scope": fact.scope, "programs": list(fact.programs), "metric": fact.metric,
            "value": _number(fact.value), "value_max": _number(fact.value_max),
            "qualifier": fact.qualifier, "unit": fact.unit, "label_fa": fact.label.fa,
            "label_en": fact.label.en, "seed": source.seed if source else "",
            "quote": source.quote if source else "", "quote_translation": source.translation if source else "",
            "speaker": speaker, **_caveats(fact, site),
            "page_fa": fact_path("fa", fact.id), "page_en": fact_path("en", fact.id)}


def _caveats(fact: Fact, site: Site) -> dict:
    """What travels with a figure: stated or derived (and how), its note, and when it was reported."""
    seed = site.seeds.get(fact.source.seed) if fact.source else None
    metric = site.metrics.get(fact.metric)
    return {"status": "derived" if fact.derived else "stated",
            "formula": fact.derived.formula if fact.derived else "",
            "inputs": list(fact.derived.inputs) if fact.derived else [],
            **{f"note_{lang}": plain_text(fact.note[lang], lang, site) if fact.note else "" for lang in LANGS},
            "reported": seed.date.isoformat() if seed and seed.date else ("" if fact.derived else NOT_STATED),
            **_period(fact),
            **{f"metric_definition_{lang}": plain_text(metric.definition[lang], lang, site) if metric else ""
               for lang in LANGS}}


def _period(fact: Fact) -> dict:
    """The time the figure covers, in each language, or `not stated`."""
    period = fact.period
    return {f"period_{lang}": format_period(period.kind, period.year, lang) if period else not_stated(lang)
            for lang in ("fa", "en")}


def _number(value: Decimal | None) -> int | float | None:
    if value is None:
        return None
    return int(value) if value == value.to_integral_value() else float(value)


class _Lines(list):
    """What a csv writer writes, one line per row."""

    write = list.append


def _csv_rows(records: dict[str, dict]) -> dict[str, str]:
    """Each record as a CSV line (with its line end), by fact id."""
    lines = _Lines()
    writer = csv.writer(lines, lineterminator="\r\n")
    for record in records.values():
        cells = {**record, "programs": ";".join(record["programs"]), "inputs": ";".join(record["inputs"]),
                 "value": "" if record["value"] is None else record["value"],
                 "value_max": "" if record["value_max"] is None else record["value_max"]}
        writer.writerow([cells.get(name, "") for name in FIELDS])
    return dict(zip(records, lines))


CSV_HEADER = ("\ufeff" + ",".join(FIELDS) + "\r\n").encode("utf-8")  # with a BOM, for spreadsheet programs


def _csv_file(rows: list[bytes]) -> bytes:
    """CSV in UTF-8 with a BOM, so spreadsheet programs show Persian correctly."""
    return CSV_HEADER + b"".join(rows)


def _json_file(items: list[bytes]) -> bytes:
    """`{"facts": [...]}` from records already turned into JSON, as json.dumps writes it."""
    return b'{"facts": [' + b", ".join(items) + b"]}\n"


Rows = Mapping[str, tuple[bytes, bytes]]  # each fact's JSON text and CSV line in UTF-8, by fact id


def fact_rows(site: Site, facts: Iterable[Fact]) -> dict[str, tuple[bytes, bytes]]:
    """Each of these facts as JSON text (as json.dumps writes it) and as a CSV line, in UTF-8, by id:
    joined as they are into every file that lists the fact."""
    records = {fact.id: fact_record(fact, site) for fact in facts}
    encode = json.JSONEncoder(ensure_ascii=False).encode  # json.dumps(record, ensure_ascii=False), made once
    lines = _csv_rows(records)
    return {fid: (encode(record).encode("utf-8"), lines[fid].encode("utf-8")) for fid, record in records.items()}


def data_files(site: Site, by_scope: dict, by_program: dict, rows: Rows | None = None) -> dict[str, bytes]:
    """The site-wide downloads, a zip of them with a README, and one pair per fact sheet.

    Each fact is turned into JSON and CSV once (rows: given, else made here); every file that lists
    it joins those pieces."""
    files = listed_files(site, by_scope, by_program, rows)
    return {**files, NATIONAL_ZIP: national_zip(site, files)}


def listed_files(site: Site, by_scope: dict, by_program: dict, rows: Rows | None = None) -> dict[str, bytes]:
    """data_files but the zip: each file that lists facts, and the Data Package descriptor."""
    rows = fact_rows(site, site.facts) if rows is None else rows
    files = {"data/facts.json": _json_file([rows[f.id][0] for f in site.facts]),
             "data/facts.csv": _csv_file([rows[f.id][1] for f in site.facts])}
    files["data/datapackage.json"] = datapackage(site, FIELDS, FIELD_NOTES)
    files.update(statement_files(site))
    for folder, groups in (("scopes", by_scope), ("programs", by_program)):
        groups = {slug: facts for slug, facts in groups.items() if facts}  # not those pages only looked up
        for slug, facts in sorted(groups.items()):
            files[f"data/{folder}/{slug}.json"] = _json_file([rows[f.id][0] for f in facts])
            files[f"data/{folder}/{slug}.csv"] = _csv_file([rows[f.id][1] for f in facts])
    return files


def national_zip(site: Site, files: Mapping[str, bytes]) -> bytes:
    """The zip of the national CSV and JSON, the Data Package descriptor and a README; files holds
    the first three (as listed_files makes them)."""
    members = {name.rsplit("/", 1)[1]: files[name] for name in ZIPPED}
    return zip_bytes({**members, "README.md": data_readme(site).encode("utf-8")})


ZIP_DATE = (1980, 1, 1, 0, 0, 0)  # every member's date: a zip's bytes depend on its members only


def zip_bytes(members: dict[str, bytes] | Iterable[tuple[str, bytes]]) -> bytes:
    """A zip whose bytes depend only on its members (fixed dates and permissions). Members given one
    at a time (name, data), in name order, are each made when they are written, not all at once."""
    out = io.BytesIO()
    items = sorted(members.items()) if isinstance(members, dict) else members
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in items:
            add_member(archive, name, data)
    return out.getvalue()


def add_member(archive: zipfile.ZipFile, name: str, data: bytes) -> None:
    """One member, compressed, with the fixed date and permissions."""
    info = zipfile.ZipInfo(name, date_time=ZIP_DATE)
    info.external_attr = 0o644 << 16
    info.compress_type = zipfile.ZIP_DEFLATED
    archive.writestr(info, data)


FIELD_NOTES = {
    "id": "stable identifier of the fact",
    "scope": "where the figure is of: `national` (the whole country) or a province's slug",
    "programs": "program slugs (in CSV, joined with `;`)",
    "metric": "key of the measure, the same for every province and the whole country",
    "value": "the figure in base units: people as a count, toman as a plain number, percent as 0–100",
    "value_max": "upper end of a range, else empty",
    "qualifier": "`exact`; `more_than` («بیش از», «بالغ بر», \"more than\"); `about` («حدود», \"about\"); "
                 "`less_than` («کمتر از», «زیر», \"less than\"); `at_least` («دست‌کم», \"at least\")",
    "unit": "`people`, `percent`, `toman`, `count` or `iranian_year`",
    "label_fa": "what the figure counts, in Persian",
    "label_en": "what the figure counts, in English",
    "seed": "file name of the source document; empty for a figure computed from others",
    "quote": "the sentence of the source that states the figure, verbatim",
    "quote_translation": "the quote in the other language",
    "speaker": "who said it, with their role, in the language of the source; empty if the text names no one",
    "status": "`stated` (in the quote) or `derived` (computed by this site from stated figures)",
    "formula": "for a derived figure, how it is computed, naming its inputs as `{fact-id}`; else empty",
    "inputs": "for a derived figure, the ids of the stated figures it is computed from (in CSV, joined with `;`)",
    "note_fa": "a caveat the site shows with the figure, in Persian; empty if none",
    "note_en": "a caveat the site shows with the figure, in English; empty if none",
    "reported": "the date of the news report (YYYY-MM-DD), `not stated` if the report gives none; empty if derived",
    "period_fa": "the time the figure covers, in Persian («از آغاز سال جاری تا زمان گزارش», «ماهانه»), "
                 "«ذکر نشده» if the text gives none",
    "period_en": "the time the figure covers, in English (\"so far in the current year, up to the report\", "
                 "\"per month\", \"in 2024\"), `not stated` if the text gives none",
    "metric_definition_fa": "what the measure counts, of whom, where and when, in Persian",
    "metric_definition_en": "what the measure counts, of whom, where and when, in English",
    "page_fa": "the figure's own page in Persian, as a path from the site's address (`fa/facts/{id}/`)",
    "page_en": "the figure's own page in English, as a path from the site's address (`en/facts/{id}/`)",
}


def data_readme(site: Site) -> str:
    """The README that travels with the zip: what the fields mean and the license."""
    rows = "\n".join(f"| `{name}` | {FIELD_NOTES[name]} |" for name in FIELDS)
    return (f"# {site.config.title.en} — data\n\n{site.config.description.en}\n\n"
            "`facts.csv` (UTF-8 with a byte-order mark) and `facts.json` (`{\"facts\": [...]}`) hold the "
            "same records, one per figure.\n\n| field | meaning |\n|---|---|\n" + rows + "\n\n"
            "The figures are statements by officials, or the reports' own words, as news reports give them, and a few "
            "figures computed from them (status `derived`); not audited statistics. "
            "Each quote was checked against its source document when the data was built.\n\n"
            f"## License\n\nThe compilation is published under {site.config.license_name} "
            f"({site.config.license_url}). The quoted sentences remain the work of the outlets that "
            "published them.\n")
