"""What each kind of content file may contain: one definition, used to validate and to document."""
from __future__ import annotations

import datetime
import re
from urllib.parse import urlsplit
from dataclasses import dataclass

from factsite.model import CHANGE_KINDS, NOT_STATED, PERIODS, Problem, QUALIFIERS, UNITS
from factsite.load.yamlfile import Items, Record

SLUG = re.compile(r"[a-z0-9]+(?:[-_][a-z0-9]+)*")
URL_UNSAFE = re.compile(r"[\x00-\x20\x7f-\x9f\"'<>\\`{}|^]")
MAX_SLUG = 100  # slugs name folders and files: far below the 255 bytes a file name may have
EARLIEST_DATE, LATEST_DATE = datetime.date(1900, 1, 1), datetime.date(2100, 12, 31)  # news reports
MAX_NUMBER = 10**18  # far above any amount in rial, and within what Decimal and the formatters handle


@dataclass(frozen=True)
class Field:
    """One key of a mapping: its kind, whether it is required, and what it means."""

    name: str
    kind: str  # text | slug | bilingual | number | integer | bool | enum | date | slugs | record | records
    required: bool
    en: str
    fa: str
    choices: tuple[str, ...] = ()
    fields: tuple[Field, ...] = ()
    or_not_stated: bool = False


def f(name, kind, required, en, fa, **extra) -> Field:
    """Shorthand for a Field."""
    return Field(name, kind, required, en, fa, **extra)


BILINGUAL = (f("fa", "text", True, "Persian text.", "متن فارسی."),
             f("en", "text", True, "English text.", "متن انگلیسی."))

CITATION = (
    f("seed", "text", True, "File name of the source document in seeds/.", "نام پرونده سند منبع در seeds/."),
    f("quote", "text", True, "The sentence copied verbatim from the seed.", "جمله‌ای که عیناً از سند منبع رونویسی شده است."),
    f("translation", "text", True, "The quote in the other language.", "ترجمه نقل‌قول به زبان دیگر."),
    f("position", "integer", False, "Which number of the quote the fact takes (1 = the first), when it states several.",
      "کدام عدد نقل‌قول (۱ = نخستین)، وقتی چند عدد دارد."),
)

SITE = (
    f("title", "bilingual", True, "Site title per language.", "عنوان وبگاه به هر زبان."),
    f("description", "bilingual", True, "One-sentence description per language.", "توصیف یک‌جمله‌ای به هر زبان."),
    f("languages", "slugs", True, "Languages, in order.", "زبان‌ها به ترتیب.", choices=("fa", "en")),
    f("default_language", "enum", True, "Language the root page leads to.", "زبانی که صفحه ریشه به آن می‌برد.", choices=("fa", "en")),
    f("base_url", "text", True, "Where public/ is served (for absolute URLs).", "نشانی انتشار public/ (برای نشانی‌های مطلق)."),
    f("license", "record", True, "License of the published data.", "پروانه داده‌های منتشرشده.", fields=(
        f("name", "text", True, "Name of the license.", "نام پروانه."),
        f("url", "text", True, "URL of the license text.", "نشانی متن پروانه."))),
    f("repository", "text", False, "Web address of the repository, e.g. https://github.com/owner/name; each "
      "figure's page then links to a pre-filled issue form to report an error.",
      "نشانی مخزن؛ صفحهٔ هر عدد آن‌گاه به فرم گزارش خطا پیوند می‌دهد."),
)

SEED = (
    f("file", "text", True, "File name in seeds/.", "نام پرونده در seeds/."),
    f("lang", "enum", True, "Language of the document.", "زبان سند.", choices=("fa", "en")),
    f("outlet", "record", True, "The outlet as the text shows it, or `not stated`.", "رسانه چنان‌که در متن آمده، یا `not stated`.",
      or_not_stated=True, fields=(
          f("text", "text", True, "The words in the document that name the outlet.", "واژه‌هایی از سند که رسانه را نام می‌برد."),
          f("name", "bilingual", True, "The outlet's name per language.", "نام رسانه به هر زبان.", fields=BILINGUAL))),
    f("dateline", "text", False, "The dateline the document opens with.", "سرخط مکانی که سند با آن آغاز می‌شود."),
    f("date", "date", True, "Date the document states (YYYY-MM-DD), or `not stated`.", "تاریخی که سند ذکر می‌کند یا `not stated`.", or_not_stated=True),
    f("title", "bilingual", True, "A summary of the report written by this site, per language; pages label it as "
      "the site's words, never as the outlet's headline.", "خلاصه‌ای از گزارش که این وبگاه نوشته است، به هر زبان؛ "
      "صفحه‌ها آن را سخن این وبگاه می‌نامند، نه تیتر رسانه.", fields=BILINGUAL),
    f("article_starts", "text", False, "The first words of the line the article starts on, when the outlet's page "
      "furniture (menus, headlines) comes before it; the build finds the line.", "نخستین واژه‌های سطری که خبر از آن "
      "آغاز می‌شود، وقتی اجزای صفحهٔ رسانه (فهرست‌ها، تیترها) پیش از آن آمده است."),
    f("furniture_starts", "text", False, "The first words of the line where the outlet's page furniture (menus, "
      "related news, footers) starts after the article; it runs to the end of the document.", "نخستین واژه‌های "
      "سطری که اجزای صفحهٔ رسانه (فهرست‌ها، اخبار مرتبط، پانویس) پس از خبر از آن آغاز می‌شود تا پایان سند."),
    f("scope", "slug", False, "The scope the document is about (national or a province slug): `suggest --write` adds "
      "its draft facts to content/facts/{scope}.yaml.", "دامنه‌ای که سند دربارهٔ آن است؛ `suggest --write` پیش‌نویس‌ها "
      "را به پروندهٔ همین دامنه می‌افزاید."),
)

SCOPE = (
    f("slug", "slug", True, "Identifier used in URLs.", "شناسه در نشانی‌ها."),
    f("kind", "enum", True, "national or province.", "کشوری یا استانی.", choices=("national", "province")),
    f("name", "bilingual", True, "Name per language.", "نام به هر زبان.", fields=BILINGUAL),
)

METRIC = (
    f("key", "slug", True, "Identifier of the measure.", "شناسه سنجه."),
    f("unit", "enum", True, "Unit of every value of this measure.", "یکای همه مقادیر این سنجه.", choices=UNITS),
    f("headline", "bool", False, "Shown first on a fact sheet.", "نخست در برگه داده نشان داده می‌شود."),
    f("label", "bilingual", True, "Name of the measure per language.", "نام سنجه به هر زبان.", fields=BILINGUAL),
    f("counts", "bilingual", True, "What one unit of it is: people, disease groups, diseases, contracted pharmacies…",
      "یک واحد آن چیست: نفر، گروه بیماری، بیماری، داروخانهٔ طرف قرارداد…", fields=BILINGUAL),
    f("definition", "bilingual", True, "One line: what is counted, of whom (people covered by the Health Insurance "
      "Organization, not the insured), where and over what time.", "یک سطر: چه چیزی، از چه کسانی، کجا و در چه بازه‌ای "
      "شمرده شده است.", fields=BILINGUAL),
    f("comparable", "bool", False, "Whether its figures from different places can be set side by side (default true).",
      "آیا ارقام آن از جاهای مختلف را می‌توان کنار هم گذاشت (پیش‌فرض بله)."),
    f("caveat", "bilingual", False, "Why its figures are not compared; required when comparable is false.",
      "چرا ارقام آن مقایسه نمی‌شوند؛ وقتی comparable نادرست است لازم است.", fields=BILINGUAL),
)

PROGRAM = (
    f("slug", "slug", True, "Identifier used in URLs.", "شناسه در نشانی‌ها."),
    f("name", "bilingual", True, "Name per language.", "نام به هر زبان.", fields=BILINGUAL),
    f("mentions", "records", False, "Sentences in the seeds that speak of the program.", "جمله‌هایی از منابع که از این برنامه سخن می‌گویند.", fields=CITATION),
)

FACT = (
    f("id", "slug", True, "Stable unique id, e.g. kerman-insured-population.", "شناسه پایدار و یکتا."),
    f("scope", "slug", True, "national or a province slug; equals the file name.", "national یا شناسه استان؛ برابر نام پرونده."),
    f("programs", "slugs", True, "Program slugs the fact belongs to.", "شناسه برنامه‌هایی که داده به آن‌ها تعلق دارد."),
    f("metric", "slug", True, "Metric key from metrics.yaml.", "کلید سنجه از metrics.yaml."),
    f("value", "number", False, "Value in base units (people as a count, toman as a number, percent as 0–100).", "مقدار به یکای پایه."),
    f("value_max", "number", False, "Upper end of a range.", "کران بالای بازه."),
    f("qualifier", "enum", True, "How the text hedges the figure.", "قید متن درباره عدد.", choices=QUALIFIERS),
    f("unit", "enum", True, "Unit; equals the metric's unit.", "یکا؛ برابر یکای سنجه.", choices=UNITS),
    f("label", "bilingual", True, "What the figure counts, per language.", "آنچه عدد می‌شمارد، به هر زبان.", fields=BILINGUAL),
    f("source", "record", False, "Seed file, verbatim quote and translation.", "پرونده منبع، نقل‌قول عینی و ترجمه.", fields=CITATION),
    f("speaker", "record", False, "Who said it, as the text gives it.", "گوینده، چنان‌که متن می‌گوید.", fields=(
        f("name", "bilingual", True, "Name per language.", "نام به هر زبان.", fields=BILINGUAL),
        f("role", "bilingual", False, "Role per language.", "سمت به هر زبان.", fields=BILINGUAL))),
    f("when", "bilingual", False, "When it was said, in the text's words.", "زمان گفته، به تعبیر متن.", fields=BILINGUAL),
    f("note", "bilingual", False, "Context a reader needs.", "توضیحی که خواننده لازم دارد.", fields=BILINGUAL),
    f("period", "record", False, "The time the figure covers, where the text gives one.",
      "بازه‌ای که عدد در بر می‌گیرد، اگر متن بگوید.", fields=(
          f("kind", "enum", True, "as_of_report, so_far_this_year, past_year, past_iranian_year, per_month, "
            "per_year, in_year (a Gregorian year) or in_iranian_year.", "نوع بازه.", choices=PERIODS),
          f("year", "integer", False, "The year, for in_year (e.g. 2024) and in_iranian_year (e.g. 1403) only.",
            "سال، فقط برای in_year و in_iranian_year."))),
    f("derived", "record", False, "Formula over other facts' ids, for computed figures.", "فرمول بر پایه شناسه داده‌های دیگر.", fields=(
        f("formula", "text", True, "e.g. {a} / {b} * 100", "مثلاً {a} / {b} * 100"),
        f("round", "integer", False, "Decimal places kept.", "شمار رقم‌های اعشار."))),
    f("parts", "record", False, "Facts that are parts of this whole.", "داده‌هایی که اجزای این کل‌اند.", fields=(
        f("ids", "slugs", True, "Ids of the parts.", "شناسه اجزا."),
        f("rule", "enum", True, "How the parts relate to the whole.", "نسبت اجزا با کل.", choices=("sum_equals", "sum_at_most")))),
)

STATEMENT = (
    f("id", "slug", True, "Stable unique id, e.g. kerman-claims-paid-on-time.", "شناسه پایدار و یکتا."),
    f("scope", "slug", True, "national or the province the statement is about.", "national یا استانی که گفته دربارهٔ آن است."),
    f("programs", "slugs", True, "Program slugs the statement speaks of.", "شناسه برنامه‌هایی که گفته از آن‌ها سخن می‌گوید."),
    f("source", "record", True, "Seed file, verbatim quote and translation.", "پرونده منبع، نقل‌قول عینی و ترجمه.",
      fields=CITATION[:3]),
    f("speaker", "record", True, "Who said it, as the text gives it, or `not stated`.",
      "گوینده، چنان‌که متن می‌گوید، یا `not stated`.", or_not_stated=True, fields=(
          f("name", "bilingual", True, "Name per language.", "نام به هر زبان.", fields=BILINGUAL),
          f("role", "bilingual", False, "Role per language.", "سمت به هر زبان.", fields=BILINGUAL))),
)

CHANGE = (
    f("date", "date", True, "When the change was published (YYYY-MM-DD).", "تاریخ انتشار تغییر."),
    f("fact", "slug", True, "The id of the fact added, corrected or removed.", "شناسهٔ داده."),
    f("kind", "enum", True, "added, corrected or removed.", "افزوده، اصلاح‌شده یا حذف‌شده.", choices=CHANGE_KINDS),
    f("was", "number", False, "The value before the change; required for corrected and removed.",
      "مقدار پیش از تغییر؛ برای اصلاح و حذف لازم است."),
    f("label", "bilingual", False, "What a removed figure counted; required for removed.",
      "آنچه عدد حذف‌شده می‌شمرد؛ برای حذف لازم است.", fields=BILINGUAL),
    f("reason", "bilingual", False, "Why; required for corrected and removed.", "چرا؛ برای اصلاح و حذف لازم است.",
      fields=BILINGUAL),
)

FILES = {"seeds": SEED, "scopes": SCOPE, "programs": PROGRAM, "metrics": METRIC, "facts": FACT, "changes": CHANGE,
         "statements": STATEMENT}


def check_record(value: object, fields: tuple[Field, ...], where, problems: list[Problem], what: str) -> bool:
    """Report unknown, missing and mistyped keys of one mapping; True if it can be used."""
    if not isinstance(value, Record):
        problems.append(Problem(where, f"{what} must be a mapping of `key: value` lines"))
        return False
    known = {fld.name for fld in fields}
    ok = True
    for key in value:
        if key not in known:
            hint = ", ".join(sorted(known))
            problems.append(Problem(value.at(key), f"unknown key `{key}` in {what} — use one of: {hint}"))
            ok = False
    for fld in fields:
        if value.get(fld.name) is None:
            if fld.required:
                problems.append(Problem(value.where, f"{what} has no `{fld.name}` — add it ({fld.en})"))
                ok = False
        elif not _check_value(value[fld.name], fld, value.at(fld.name), problems):
            ok = False
    return ok


def _check_value(value, fld: Field, where, problems: list[Problem]) -> bool:
    """Check one value against its field; report and return False when it does not fit."""
    if fld.or_not_stated and value == NOT_STATED:
        return True
    if fld.kind in ("record", "bilingual"):
        return check_record(value, fld.fields or BILINGUAL, where, problems, f"`{fld.name}`")
    if fld.kind == "records":
        return _check_records(value, fld, where, problems)
    wrong = _kind_error(value, fld)
    if wrong:
        problems.append(Problem(where, f"`{fld.name}` {wrong}"))
    return not wrong


def _check_records(value, fld: Field, where, problems: list[Problem]) -> bool:
    if not isinstance(value, Items):
        problems.append(Problem(where, f"`{fld.name}` must be a list of `- key: value` entries"))
        return False
    results = [check_record(item, fld.fields, at, problems, f"an entry of `{fld.name}`")
               for item, at in zip(value, value.item_where)]
    return all(results)


def base_url_error(value: str) -> str:
    """What is wrong with a base URL ('' if nothing): it must be http(s)://host/… or a path from /."""
    if URL_UNSAFE.search(value):
        return f"`base_url` holds a space, quote or bracket — write a plain address (got {_shown(value)})"
    if value.startswith("/") and not value.startswith("//"):
        return ""
    return web_url_error(value, "base_url", "or a path beginning with `/`, like `/` or `/bime/`")


def web_url_error(value: str, name: str, alternative: str = "") -> str:
    """What is wrong with an http(s) address ('' if nothing)."""
    try:
        parts = urlsplit(value) if not URL_UNSAFE.search(value) else None
    except ValueError:  # e.g. an unclosed [ in an IPv6 host
        parts = None
    if parts and parts.scheme in ("http", "https") and parts.hostname and value.lower().startswith(
            f"{parts.scheme}://"):
        return ""
    return (f"`{name}` must be an http:// or https:// address{' ' + alternative if alternative else ''} "
            f"(got {_shown(value)})")


def is_slug(value: object) -> bool:
    """A lowercase name for a URL or file: letters, digits, single hyphens or underscores between them."""
    return isinstance(value, str) and len(value) <= MAX_SLUG and SLUG.fullmatch(value) is not None


def _shown(value) -> str:
    """A value as an error message quotes it, shortened if very long."""
    if isinstance(value, int) and value.bit_length() > 200:
        return f"a number of about {int(value.bit_length() * 0.30103)} digits"
    if isinstance(value, str) and len(value) > 60:
        return f"{value[:40]!r}… ({len(value):,} characters)"
    text = repr(value)
    return text if len(text) <= 80 else text[:77] + "..."


def _kind_error(value, fld: Field) -> str:
    """What is wrong with a scalar or list value, or '' if nothing."""
    kind = fld.kind
    if kind == "text":
        return "" if isinstance(value, str) and value.strip() else "must be non-empty text"
    if kind == "slug":
        return "" if is_slug(value) else (f"must be lowercase letters, digits and hyphens, at most {MAX_SLUG} "
                                          f"characters, like `kerman-insured-population` (got {_shown(value)})")
    if kind == "enum":
        return "" if value in fld.choices else f"must be one of {', '.join(fld.choices)} (got {_shown(value)})"
    if kind == "bool":
        return "" if isinstance(value, bool) else "must be true or false"
    if kind in ("number", "integer"):
        ok = isinstance(value, int if kind == "integer" else (int, float)) and not isinstance(value, bool)
        if ok and 0 <= value < MAX_NUMBER:  # also refuses .nan, .inf and 0x with thousands of digits
            return ""
        return f"must be a plain non-negative {kind} below 10^18 like 1673000 (got {_shown(value)})"
    if kind == "date":
        if isinstance(value, datetime.date) and EARLIEST_DATE <= value <= LATEST_DATE:
            return ""
        return f"must be a date YYYY-MM-DD from {EARLIEST_DATE.year} to {LATEST_DATE.year}, or `not stated`"
    if kind == "slugs":
        ok = isinstance(value, Items) and value and all(is_slug(v) for v in value)
        if ok and fld.choices and not set(value) <= set(fld.choices):
            return f"must list only {', '.join(fld.choices)} (got {', '.join(map(str, value))})"
        return "" if ok else "must be a non-empty list of slugs like [coverage, free-insurance]"
    raise ValueError(f"unknown field kind {kind}")
