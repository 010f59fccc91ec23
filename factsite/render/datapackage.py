"""The downloads described as a Frictionless Data Package (datapackage.json), so that data tools can
load facts.csv with its field types, key, license and sources."""
from __future__ import annotations

import json

from factsite.model import QUALIFIERS, UNITS, Site
from factsite.render.statements import STATEMENT_FIELDS, STATEMENT_NOTES

NUMBERS = ("value", "value_max")
CHOICES = {"qualifier": QUALIFIERS, "unit": UNITS, "status": ("stated", "derived")}


def _field(name: str, notes: dict[str, str]) -> dict:
    field = {"name": name, "type": "number" if name in NUMBERS else "string", "description": notes[name]}
    if name in CHOICES:
        field["constraints"] = {"enum": list(CHOICES[name])}
    if name == "id":
        field["constraints"] = {"required": True, "unique": True}
    return field


def datapackage(site: Site, fields: tuple[str, ...], notes: dict[str, str]) -> bytes:
    """datapackage.json for data/facts.csv: one tabular resource, `id` its primary key."""
    config = site.config
    package = {
        "profile": "tabular-data-package",
        "name": "iran-health-insurance-figures",
        "title": config.title.en,
        "description": config.description.en,
        "licenses": [{"name": "CC-BY-4.0" if "by/4.0" in config.license_url else "other",
                      "path": config.license_url, "title": config.license_name}],
        "sources": [{"title": f"{seed.outlet_name.en if seed.outlet_name else 'Outlet not stated'}, "
                              f"{seed.date.isoformat() if seed.date else 'date not stated'} "
                              f"(summary written by this site: {seed.title.en})",
                     "path": f"../en/sources/{seed.stem}/"} for seed in site.seeds.values()],
        "resources": [{
            "name": "facts", "path": "facts.csv", "profile": "tabular-data-resource", "format": "csv",
            "mediatype": "text/csv", "encoding": "utf-8-sig",
            "dialect": {"delimiter": ",", "lineTerminator": "\r\n", "header": True},
            "schema": {"fields": [_field(name, notes) for name in fields], "primaryKey": ["id"],
                       "missingValues": [""]},
        }, _statements_resource()],
    }
    return (json.dumps(package, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def _statements_resource() -> dict:
    """statements.csv: claims without a figure, `id` its primary key."""
    fields = [{"name": name, "type": "string", "description": STATEMENT_NOTES[name]} for name in STATEMENT_FIELDS]
    fields[0]["constraints"] = {"required": True, "unique": True}
    return {"name": "statements", "path": "statements.csv", "profile": "tabular-data-resource", "format": "csv",
            "mediatype": "text/csv", "encoding": "utf-8-sig",
            "dialect": {"delimiter": ",", "lineTerminator": "\r\n", "header": True},
            "schema": {"fields": fields, "primaryKey": ["id"], "missingValues": [""]}}
