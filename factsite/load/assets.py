"""The files pages are made with, read and checked with the content, so that `check` finds every
problem the build would: templates (syntax, what compiling finds, unknown filters, names and
templates, and what they take from each other: see templatelinks.py), catalogs
(readable, and every text formats), and static files (each one a template or stylesheet names).
"""
from __future__ import annotations

import functools
import hashlib
import io
import os
import re
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

import jinja2
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from jinja2 import Environment, FileSystemLoader, StrictUndefined, nodes
from jinja2 import select_autoescape

from factsite.load.inputs import UnsafeInput, read_input
from factsite.load.templatelinks import link_problems
from factsite.model import LANGS, PAGE_TEMPLATES, TEMPLATE_NAMES, Problem, Where

TEMPLATE_SYNTAX = {"extensions": ["jinja2.ext.i18n"], "trim_blocks": True, "lstrip_blocks": True}  # how they parse
CATALOG = "locale/{lang}/LC_MESSAGES/messages.po"
PLACEHOLDER = re.compile(r"%\((\w+)\)")
CSS_URL = re.compile(r"""url\(\s*["']?([^"')]+)["']?\s*\)""")
JINJA_NAMES = frozenset({"range", "dict", "lipsum", "cycler", "joiner", "namespace", "pgettext", "npgettext",
                         "loop", "caller",
                         "varargs", "kwargs", "self", "super", "true", "false", "none", "True", "False", "None"})


def template_environment(root: Path, reload: bool = True) -> Environment:
    """The Jinja environment with the options templates are written for (render adds its functions).

    reload: look at each template file again whenever a page uses it (a preview's templates change;
    a one-off build's do not)."""
    return _environment(FileSystemLoader(root / "templates"), reload)


def _environment(loader: FileSystemLoader | None = None, reload: bool = False) -> Environment:
    """template_environment's options, with or without a loader (load compiles the texts it read)."""
    env = Environment(loader=loader, autoescape=select_autoescape(), undefined=StrictUndefined,
                      auto_reload=reload, **TEMPLATE_SYNTAX)
    env.install_null_translations(newstyle=True)
    return env


def check_templates(root: Path, static: frozenset[str], problems: list[Problem],
                    checker: TemplatesChecker) -> None:
    """Read every template and report syntax errors, unknown filters, names, templates and static files
    (checker: template_problems, or what remembers its answers)."""
    present = sorted(path.relative_to(root / "templates").as_posix()
                     for path in (root / "templates").rglob("*") if path.is_file()) \
        if (root / "templates").is_dir() else []
    problems.extend(Problem(Where(f"templates/{name}"), "is missing — every page of its kind is made with it; "
                            "restore it from the repository") for name in PAGE_TEMPLATES if name not in present)
    sources = []
    for name in (n for n in present if n.endswith(".html")):
        rel = f"templates/{name}"
        try:
            sources.append((name, read_input(root / rel, rel).decode("utf-8")))
        except UnsafeInput as err:
            problems.append(err.problem)
        except UnicodeDecodeError:
            problems.append(Problem(Where(rel), "is not UTF-8 — save it as UTF-8"))
    problems.extend(checker(tuple(sources), frozenset(present), static))


# What is wrong in templates given by name and text, given the templates and static files there are.
TemplatesChecker = Callable[[tuple[tuple[str, str], ...], frozenset[str], frozenset[str]], tuple[Problem, ...]]


TEMPLATES_KEPT = 512  # one_template's answers (the site has 25 templates)


@functools.lru_cache(maxsize=8)  # a preview checks the same templates on every save
def template_problems(sources: tuple[tuple[str, str], ...], present: frozenset[str],
                      static: frozenset[str]) -> tuple[Problem, ...]:
    """What is wrong in these templates (name and text), given the templates and static files there are:
    each parsed and compiled as rendering compiles it, and what they name checked between them."""
    problems, trees = [], {}
    for name, source in sources:
        tree, found, _ = one_template(name, source, present, static)
        problems.extend(found)
        if tree is not None:
            trees[name] = tree
    problems.extend(link_problems(trees))
    return tuple(problems)


@functools.lru_cache(maxsize=TEMPLATES_KEPT)
def one_template(name: str, source: str, present: frozenset[str],
                 static: frozenset[str]) -> tuple[nodes.Template | None, tuple[Problem, ...], str | None]:
    """One template's parsed tree (None if it does not parse), what is wrong in it alone, and the
    Python source Jinja compiles it to (None if it does not compile); kept by its text, so that
    after an edit only the edited template is parsed and compiled again."""
    env, rel = _environment(), f"templates/{name}"
    try:
        tree = env.parse(source, name, rel)
    except jinja2.TemplateSyntaxError as err:
        return None, (_syntax_problem(err, rel),), None
    python, failed = _compiled(tree, name, env)
    every = tuple(tree.find_all(nodes.Node))  # walked once for the checks below (each walk costs a tenth of the check)
    problems = [*_unknown_filters(every, rel, env), *_unknown_names(every, rel),
                *_missing_templates(every, rel, present), *_missing_static(every, rel, static), *failed]
    return tree, tuple(problems), python


def template_python(sources: tuple[tuple[str, str], ...], present: frozenset[str],
                    static: frozenset[str]) -> dict[str, str]:
    """The Python source of each template that compiles, by its name: what get_template would make
    of the same text (render compiles it with the template's file name instead of parsing again)."""
    made = {name: one_template(name, source, present, static)[2] for name, source in sources}
    return {name: python for name, python in made.items() if python is not None}


def python_key(name: str, text: str) -> tuple[str, str, str]:
    """The key of a template's Python source in a Cache: its name and the digest of its text."""
    return "template python", name, hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def _syntax_problem(err: jinja2.TemplateSyntaxError, rel: str) -> Problem:
    return Problem(Where(rel, err.lineno or 1, 1), f"{err.message} — fix the template")


def _compiled(tree: nodes.Template, name: str, env: Environment) -> tuple[str | None, tuple[Problem, ...]]:
    """The template compiled as get_template compiles it, but only to Python source (None if it
    fails), and what compiling finds that parsing does not: a block defined twice, `{% extends %}`
    inside a block, a macro's `caller` without a default, `loop` as a loop's variable."""
    try:  # Jinja finds what is wrong making the source
        return env.compile(tree, name, f"templates/{name}", raw=True), ()
    except jinja2.TemplateSyntaxError as err:  # TemplateAssertionError among them
        if err.message.startswith(("No filter named", "No test named")):  # _unknown_filters said each
            return None, ()
        return None, (_syntax_problem(err, f"templates/{name}"),)


def _of(every: Sequence[nodes.Node], kinds: type | tuple[type, ...]) -> Iterator:
    """The nodes of these kinds among a template's nodes, in the template's order."""
    return (node for node in every if isinstance(node, kinds))


def _unknown_filters(every: Sequence[nodes.Node], rel: str, env: Environment) -> Iterator[Problem]:
    """Filters and tests Jinja does not have (compiling the template would stop at the first)."""
    for node in _of(every, (nodes.Filter, nodes.Test)):
        kind, known = ("filter", env.filters) if isinstance(node, nodes.Filter) else ("test", env.tests)
        if node.name not in known:
            yield Problem(Where(rel, node.lineno, 1), f"no {kind} named `{node.name}` — use one of Jinja's "
                          f"{kind}s or correct the name")


def _unknown_names(every: Sequence[nodes.Node], rel: str) -> Iterator[Problem]:
    """Names used but set nowhere in the template, imported, or given to templates by the build."""
    defined = {node.name for node in _of(every, nodes.Name) if node.ctx in ("store", "param")}
    defined |= {node.name for node in _of(every, nodes.Macro)}
    defined |= {alias if isinstance(alias, str) else alias[-1] for node in _of(every, nodes.FromImport)
                for alias in node.names} | {node.target for node in _of(every, nodes.Import)}
    known, seen = defined | TEMPLATE_NAMES | JINJA_NAMES, set()
    for node in _of(every, nodes.Name):
        name = node.name
        if node.ctx == "load" and name not in seen and name not in known:
            seen.add(name)
            yield Problem(Where(rel, node.lineno, 1), f"`{name}` is not defined — import the macro, set the "
                          "name, or use one the build gives templates (see model.TEMPLATE_NAMES)")


def _missing_templates(every: Sequence[nodes.Node], rel: str, present: frozenset[str]) -> Iterator[Problem]:
    """Templates extended, included or imported by name that do not exist."""
    for node in _of(every, (nodes.Extends, nodes.Include, nodes.Import, nodes.FromImport)):
        name = node.template.value if isinstance(node.template, nodes.Const) else None
        if isinstance(name, str) and name not in present:
            yield Problem(Where(rel, node.lineno, 1), f"the template {name} does not exist — create it in "
                          "templates/ or correct the name")


def _missing_static(every: Sequence[nodes.Node], rel: str, static: frozenset[str]) -> Iterator[Problem]:
    """Static files a template names (`'static/…'`) that are not in static/."""
    for node in _of(every, nodes.Const):
        if isinstance(node.value, str) and node.value.startswith("static/") and node.value not in static:
            yield Problem(Where(rel, node.lineno, 1), f"{node.value} does not exist — add it to static/ or "
                          "correct the name")


def load_static(root: Path, problems: list[Problem]) -> dict[str, bytes]:
    """Every file under static/, by site-relative path; a stylesheet's url() must name a static file."""
    files: dict[str, bytes] = {}
    for here, _, names in os.walk(root / "static"):
        for name in names:
            rel = (Path(here) / name).relative_to(root).as_posix()
            try:
                files[rel] = read_input(root / rel, rel)
            except UnsafeInput as err:
                problems.append(err.problem)
    for rel, data in files.items():
        if rel.endswith(".css"):
            problems.extend(_missing_css_urls(rel, data.decode("utf-8", "replace"), files))
    return dict(sorted(files.items()))


def _missing_css_urls(rel: str, css: str, files: dict[str, bytes]) -> Iterator[Problem]:
    folder = rel.rpartition("/")[0]
    for match in CSS_URL.finditer(css):
        target = match.group(1).strip().partition("#")[0].partition("?")[0]
        if target.startswith(("data:", "#")) or not target:
            continue
        wanted = os.path.normpath(f"{folder}/{target}")
        if wanted not in files:
            line = css.count("\n", 0, match.start()) + 1
            yield Problem(Where(rel, line, match.start() - css.rfind("\n", 0, match.start())),
                          f"url({target}) names no file in static/ — add the file or correct the name")


def load_catalogs(root: Path, problems: list[Problem]) -> dict[str, bytes]:
    """Each language's catalog compiled to .mo bytes; English may have none (its texts are the ids)."""
    return {lang: read_catalog(root, lang, problems) for lang in LANGS}


def read_catalog(root: Path, lang: str, problems: list[Problem]) -> bytes:
    """One language's catalog (locale/LANG/LC_MESSAGES/messages.po) compiled to .mo bytes; b"" (with a
    problem, unless it is English's and missing) if it cannot be."""
    rel = CATALOG.format(lang=lang)
    try:
        compiled, found = compiled_catalog(read_input(root / rel, rel), lang, rel)
    except FileNotFoundError:
        if lang != "en":
            problems.append(Problem(Where(rel), f"the {lang} catalog is missing — run pybabel init "
                                    "(see the README, Translating the interface)"))
        return b""
    except UnsafeInput as err:
        problems.append(err.problem)
        return b""
    problems.extend(found)
    return compiled


CATALOGS_KEPT = 8


@functools.lru_cache(maxsize=CATALOGS_KEPT)
def compiled_catalog(data: bytes, lang: str, rel: str) -> tuple[bytes, tuple[Problem, ...]]:
    """A catalog's bytes compiled to .mo bytes (b"" if it cannot be read), with its problems; kept
    by its bytes (serve reads the catalogs again after every save)."""
    try:
        catalog = read_po(io.BytesIO(data), locale=lang, abort_invalid=True)
    except Exception as err:  # babel raises plain errors for malformed catalogs
        return b"", (Problem(Where(rel), f"the catalog cannot be read ({err}) — fix its syntax"),)
    found = tuple(problem for message in catalog for problem in _format_problems(message, rel))
    compiled = io.BytesIO()
    write_mo(compiled, catalog)
    return compiled.getvalue(), found



def _format_problems(message, rel: str) -> Iterator[Problem]:
    """Templates %-format every text with its named variables: each translation must format too."""
    ids = message.id if isinstance(message.id, tuple) else (message.id,)
    names = {name for text in ids for name in PLACEHOLDER.findall(text or "")}
    texts = message.string if isinstance(message.string, tuple) else (message.string,)
    for text in (*ids, *texts):
        try:
            (text or "") % {name: "" for name in names}
        except (KeyError, ValueError, TypeError) as err:
            what = f"names %({err.args[0]})s, which the original text does not" if isinstance(err, KeyError) \
                else "has a % that is not a placeholder — write it as %%"
            yield Problem(Where(rel, message.lineno or 1, 1), f"the text {text!r} {what} — fix the translation")
            return
