"""What is wrong between templates, seen in their parsed trees before any page is rendered.

A name taken from a template that does not define it (`{% from "macros.html" import nope %}`, or
`m.nope` after `{% import "macros.html" as m %}`), a template that comes back to itself through
the templates it extends, includes or imports (rendering it would never end), and a second
`{% extends %}` (rendering stops at it).
"""
from __future__ import annotations

from collections.abc import Iterator

from jinja2 import nodes

from factsite.model import Problem, Where

LINKS = (nodes.Extends, nodes.Include, nodes.Import, nodes.FromImport)
VERBS = {nodes.Extends: "extends", nodes.Include: "includes", nodes.Import: "imports", nodes.FromImport: "imports"}
CONDITIONS = (nodes.If, nodes.For, nodes.Macro, nodes.CallBlock)  # what a render may leave out
Link = tuple[nodes.Node, str]  # a link of a template and the template it names


def link_problems(trees: dict[str, nodes.Template]) -> Iterator[Problem]:
    """Names taken from templates that do not define them, loops of templates, and second extends."""
    exported = {name: exported_names(tree) for name, tree in trees.items()}
    for name, tree in trees.items():
        yield from _undefined_imports(tree, f"templates/{name}", exported)
        yield from _second_extends(tree, f"templates/{name}")
    links = {name: [(node, node.template.value) for node in _always(tree, LINKS)
                    if isinstance(node.template, nodes.Const) and node.template.value in trees]
             for name, tree in trees.items()}
    for name in trees:
        loop = _way_back(name, links)
        if loop:
            steps = ", which ".join(f"{VERBS[type(node)]} {target}" for node, target in loop)
            yield Problem(Where(f"templates/{name}", loop[0][0].lineno, 1), f"{name} comes back to itself "
                          f"({name} {steps}) — rendering it would never end; remove one of these links")


def exported_names(tree: nodes.Template) -> frozenset[str] | None:
    """The macros and variables a template sets at its top level, which importing it gives (None when
    it extends another template, which decides them)."""
    names, todo = set(), list(tree.body)
    while todo:
        node = todo.pop()
        if isinstance(node, nodes.Extends):
            return None
        if isinstance(node, nodes.If):
            todo += [*node.body, *node.elif_, *node.else_]
        elif isinstance(node, nodes.Macro):
            names.add(node.name)
        elif isinstance(node, (nodes.Assign, nodes.AssignBlock)):
            target = node.target
            names |= {target.name} if isinstance(target, nodes.Name) else \
                {name.name for name in target.find_all(nodes.Name)}
    return frozenset(name for name in names if not name.startswith("_"))  # Jinja keeps _names private


def _undefined_imports(tree: nodes.Template, rel: str,
                       exported: dict[str, frozenset[str] | None]) -> Iterator[Problem]:
    """Names imported from a template (or read from one imported as a whole) that it does not define."""
    modules = {}
    for node in tree.find_all((nodes.Import, nodes.FromImport)):
        source = node.template.value if isinstance(node.template, nodes.Const) else None
        defined = exported.get(source) if isinstance(source, str) else None
        if defined is None:  # named by an expression, missing (said already) or extending another
            continue
        if isinstance(node, nodes.Import):
            modules[node.target] = source, defined
        for name in (name if isinstance(name, str) else name[0] for name in getattr(node, "names", ())):
            if name not in defined:
                yield _undefined(rel, node.lineno, name, source)
    if not modules:
        return
    seen = {_module_name(test.node) for test in tree.find_all(nodes.Test)  # `m.x is defined` may be answered no
            if test.name in ("defined", "undefined")}
    for node in tree.find_all(nodes.Getattr):
        module, name = _module_name(node) or ("", "")
        if module in modules and name not in modules[module][1] and (module, name) not in seen:
            seen.add((module, name))
            yield _undefined(rel, node.lineno, f"{module}.{name}", modules[module][0])


def _module_name(node: nodes.Node) -> tuple[str, str] | None:
    """(m, x) for `m.x`, else None."""
    if isinstance(node, nodes.Getattr) and isinstance(node.node, nodes.Name):
        return node.node.name, node.attr
    return None


def _undefined(rel: str, line: int, name: str, source: str) -> Problem:
    return Problem(Where(rel, line, 1), f"`{name}` is not defined in {source} — define it there, or correct "
                   "the name")


def _second_extends(tree: nodes.Template, rel: str) -> Iterator[Problem]:
    """A template extends one template: rendering stops at a second `{% extends %}` at its top level
    (one in an if may be left out; one in a block does not compile)."""
    found = [node for node in tree.body if isinstance(node, nodes.Extends)]
    for node in found[1:]:
        yield Problem(Where(rel, node.lineno, 1), f"a second `{{% extends %}}` (the first is on line "
                      f"{found[0].lineno}) — a template extends one template; keep one")


def _always(node: nodes.Node, kinds: tuple[type, ...]) -> Iterator[nodes.Node]:
    """The nodes of these kinds that every render of the template meets (not under an if, a for or a macro)."""
    for child in node.iter_child_nodes():
        if isinstance(child, kinds):
            yield child
        if not isinstance(child, CONDITIONS):
            yield from _always(child, kinds)


def _way_back(start: str, links: dict[str, list[Link]]) -> list[Link] | None:
    """The links from a template that lead back to it, first to last, or None."""
    todo, seen = [(start, [])], set()
    while todo:
        name, way = todo.pop()
        for node, target in links[name]:
            if target == start:
                return [*way, (node, target)]
            if target not in seen:
                seen.add(target)
                todo.append((target, [*way, (node, target)]))
    return None
