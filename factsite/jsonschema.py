"""JSON Schemas for editors, generated from factsite.schema so that they cannot drift from the build."""
from __future__ import annotations

import json
from pathlib import Path

from factsite.load import schema
from factsite.model import NOT_STATED
from factsite.load.schema import Field

DRAFT = "http://json-schema.org/draft-07/schema#"
REGENERATE = "python build.py schema"
SCHEMA_DIR = "schemas"
NOT_STATED_SCHEMA = {"const": NOT_STATED}
DATE_SCHEMA = {"type": "string", "format": "date", "pattern": r"^\d{4}-\d{2}-\d{2}$"}
SCALARS = {
    "text": {"type": "string", "minLength": 1, "pattern": r"\S"},
    "slug": {"type": "string", "pattern": f"^{schema.SLUG.pattern}$", "maxLength": schema.MAX_SLUG},
    "number": {"type": "number", "minimum": 0, "exclusiveMaximum": schema.MAX_NUMBER},
    "integer": {"type": "integer", "minimum": 0, "exclusiveMaximum": schema.MAX_NUMBER},
    "bool": {"type": "boolean"},
}
# What each file holds: (top-level list key or None for site.yaml, English title, Persian title).
KINDS: dict[str, tuple[str | None, str, str]] = {
    "site": (None, "The site: titles, languages, base URL", "وبگاه: عنوان‌ها، زبان‌ها، نشانی پایه"),
    "seeds": ("seeds", "Index of the source documents in seeds/", "فهرست سندهای منبع در seeds/"),
    "scopes": ("scopes", "The nation and the provinces", "سراسر کشور و استان‌ها"),
    "programs": ("programs", "Programs of the organization", "برنامه‌های سازمان"),
    "metrics": ("metrics", "Measures comparable across scopes", "سنجه‌های قابل مقایسه میان قلمروها"),
    "facts": ("facts", "Facts of one scope", "داده‌های یک قلمرو"),
    "changes": ("changes", "Changes to published figures", "تغییرهای اعداد منتشرشده"),
}
# Which content files each schema describes, as globs relative to the site root.
FILES_OF = {"site": "site.yaml", "seeds": "content/seeds.yaml", "scopes": "content/scopes.yaml",
            "programs": "content/programs.yaml", "metrics": "content/metrics.yaml",
            "facts": "content/facts/*.yaml", "changes": "content/changes.yaml"}


def describe(en: str, fa: str) -> str:
    """Both languages in one description, so that editors show both."""
    return f"{en} — {fa}"


def record_schema(fields: tuple[Field, ...]) -> dict:
    """A mapping with exactly these keys: the required ones present, no others."""
    out: dict = {"type": "object",
                 "properties": {fld.name: field_schema(fld) for fld in fields},
                 "additionalProperties": False}
    required = [fld.name for fld in fields if fld.required]
    if required:
        out["required"] = required
    return out


def value_schema(fld: Field) -> dict:
    """What one value of the field may be, by its kind."""
    kind = fld.kind
    if kind in SCALARS:
        return dict(SCALARS[kind])
    if kind in ("record", "bilingual"):
        return record_schema(fld.fields or schema.BILINGUAL)
    if kind == "records":
        return {"type": "array", "items": record_schema(fld.fields)}
    if kind == "enum":
        return {"enum": list(fld.choices)}
    if kind == "date":
        return dict(DATE_SCHEMA)
    if kind == "slugs":
        item = {"enum": list(fld.choices)} if fld.choices else dict(SCALARS["slug"])
        return {"type": "array", "items": item, "minItems": 1}
    raise ValueError(f"no JSON Schema for field kind {kind!r} (field `{fld.name}`)")


def field_schema(fld: Field) -> dict:
    """The field's schema with its description; `not stated` and, if optional, null are allowed too."""
    body = value_schema(fld)
    if fld.or_not_stated:
        body = {"oneOf": [body, dict(NOT_STATED_SCHEMA)]}
    if not fld.required:  # check_record treats `key: null` as an absent optional key
        body = {"anyOf": [body, {"type": "null"}]}
    return {"description": describe(fld.en, fld.fa), **body}


def file_schema(kind: str) -> dict:
    """The schema of one kind of content file."""
    key, en, fa = KINDS[kind]
    head = {"$schema": DRAFT, "title": describe(en, fa),
            "$comment": f"Generated from factsite/load/schema.py by `{REGENERATE}` — do not edit by hand."}
    if key is None:
        return {**head, **record_schema(schema.SITE)}
    entries = {"description": describe(en, fa), "type": "array", "items": record_schema(schema.FILES[key])}
    return {**head, "type": "object", "properties": {key: entries}, "required": [key],
            "additionalProperties": False}


def schema_texts() -> dict[str, str]:
    """Every schema as the exact text committed under schemas/, keyed by file name."""
    return {f"{kind}.schema.json": json.dumps(file_schema(kind), ensure_ascii=False, indent=2) + "\n"
            for kind in KINDS}


def write_schemas(root: Path) -> list[Path]:
    """Write every schema under root/schemas/ and return the paths written."""
    folder = root / SCHEMA_DIR
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, text in schema_texts().items():
        path = folder / name
        path.write_text(text, "utf-8")
        written.append(path)
    return written


def modeline(rel_file: str, kind: str) -> str:
    """The first line a content file carries so that YAML editors find its schema."""
    depth = rel_file.count("/")
    return f"# yaml-language-server: $schema={'../' * depth}{SCHEMA_DIR}/{kind}.schema.json"
