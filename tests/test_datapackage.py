"""#19: the downloads as a Frictionless Data Package that data tools load and validate."""
from __future__ import annotations

import json

from frictionless import Package, validate

from factsite.render.data import FIELDS
from factsite.render.statements import STATEMENT_FIELDS


def test_the_data_package_validates_and_describes_every_field(pristine):
    path = pristine / "public/data/datapackage.json"
    report = validate(str(path))
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])
    descriptor = json.loads(path.read_text("utf-8"))
    resource, statements = descriptor["resources"]
    assert resource["path"] == "facts.csv" and resource["schema"]["primaryKey"] == ["id"]
    assert statements["path"] == "statements.csv" and statements["schema"]["primaryKey"] == ["id"]
    assert tuple(f["name"] for f in statements["schema"]["fields"]) == STATEMENT_FIELDS
    fields = {f["name"]: f for f in resource["schema"]["fields"]}
    assert tuple(fields) == FIELDS
    assert fields["value"]["type"] == "number" and fields["label_fa"]["type"] == "string"
    assert fields["status"]["constraints"] == {"enum": ["stated", "derived"]}
    assert {"period_fa", "period_en", "note_fa", "note_en", "reported", "formula", "page_en"} <= set(fields)
    assert descriptor["licenses"] == [{"name": "CC-BY-4.0", "path": "https://creativecommons.org/licenses/by/4.0/",
                                       "title": "Creative Commons Attribution 4.0 International (CC BY 4.0)"}]
    assert descriptor["sources"][0]["title"] == ("Outlet not stated, 2025-12-01 (summary written by this site: "
                                                 "Iran–Tajikistan health insurance cooperation, anti-cancer drug "
                                                 "coverage and contracted health centers)")


def test_data_tools_read_the_figures_with_their_types(pristine):
    package = Package(str(pristine / "public/data/datapackage.json"))
    rows = package.get_resource("facts").read_rows()
    assert len(rows) == 39
    kerman = next(row for row in rows if row["id"] == "kerman-insured-population")
    assert kerman["value"] == 1800000 and kerman["qualifier"] == "more_than"
    assert kerman["label_fa"] == "جمعیت زیر پوشش سازمان بیمه سلامت در استان کرمان"
    assert kerman["value_max"] is None
