"""The data downloads: every fact as JSON and as CSV, with exactly the published fields."""
from __future__ import annotations

import csv
import io
import json
from decimal import Decimal

from .model import Fact, Site

FIELDS = ("id", "scope", "programs", "metric", "value", "value_max", "qualifier", "unit",
          "label_fa", "label_en", "seed", "quote", "quote_translation", "speaker")


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
            "speaker": speaker}


def _number(value: Decimal | None) -> int | float | None:
    if value is None:
        return None
    return int(value) if value == value.to_integral_value() else float(value)


def facts_json(records: list[dict]) -> bytes:
    return (json.dumps({"facts": records}, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def facts_csv(records: list[dict]) -> bytes:
    """CSV in UTF-8 with a BOM, so spreadsheet programs show Persian correctly."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=FIELDS, lineterminator="\r\n")
    writer.writeheader()
    for record in records:
        writer.writerow({**record, "programs": ";".join(record["programs"]),
                         "value": "" if record["value"] is None else record["value"],
                         "value_max": "" if record["value_max"] is None else record["value_max"]})
    return "\ufeff".encode("utf-8") + out.getvalue().encode("utf-8")


def data_files(site: Site) -> dict[str, bytes]:
    """The site-wide downloads."""
    records = [fact_record(fact, site) for fact in site.facts]
    return {"data/facts.json": facts_json(records), "data/facts.csv": facts_csv(records)}
