"""The house rule (#15): the four stages import only the model and the stages before them, never the
preview or the speed machinery, and no module of the build imports itself back through others."""
from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "factsite"
STAGES = ("load", "verify", "render", "write")
MACHINERY = ("preview", "speed")


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {module_name(path): path for path in sorted(PACKAGE.rglob("*.py"))}


def imports(name: str) -> set[str]:
    """The modules of the build that module `name` imports (a package's names resolved to modules)."""
    found = set()
    for node in ast.walk(ast.parse(MODULES[name].read_text("utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("factsite"):
            found.add(node.module)
            found |= {f"{node.module}.{alias.name}" for alias in node.names} & MODULES.keys()
        elif isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names if alias.name.startswith("factsite")}
    return found & MODULES.keys() - {"factsite"}


def part(name: str) -> str:
    """The top-level part of the build a module belongs to: a stage, the machinery, the model, a command."""
    return name.split(".")[1] if "." in name else name


@pytest.mark.parametrize("name", [n for n in MODULES if part(n) in STAGES])
def test_a_stage_imports_only_the_model_and_the_stages_before_it(name):
    allowed = {"model", *STAGES[:STAGES.index(part(name)) + 1]}
    wrong = sorted(target for target in imports(name) if part(target) not in allowed)
    assert wrong == [], f"{name} imports {wrong}: stages import only the model and earlier stages"


def test_the_model_imports_nothing_of_the_build():
    assert imports("factsite.model") == set()


def test_no_module_imports_itself_back():
    graph = {name: imports(name) for name in MODULES}
    cycles, state = [], {}

    def visit(name: str, path: list[str]) -> None:
        state[name] = "open"
        for target in sorted(graph[name]):
            if state.get(target) == "open":
                cycles.append(path[path.index(target):] + [target])
            elif target not in state:
                visit(target, [*path, target])
        state[name] = "done"

    for name in graph:
        if name not in state:
            visit(name, [name])
    assert cycles == []


def test_the_machinery_is_where_the_house_says():
    assert {part(n) for n in MODULES} >= {*STAGES, *MACHINERY, "model", "cli", "report", "draft", "jsonschema"}
    assert sorted(n for n in MODULES if part(n) in MACHINERY) != []


def calls_in(name: str, function: str) -> list[str]:
    """The names a function of a module calls, in the order they are written."""
    tree = ast.parse(MODULES[name].read_text("utf-8"))
    (found,) = [node for node in ast.walk(tree) if isinstance(node, ast.FunctionDef) and node.name == function]
    return [node.func.id for node in ast.walk(found) if isinstance(node, ast.Call) and isinstance(node.func, ast.Name)]


def test_build_runs_the_four_stage_functions_in_order():
    """One path: `python build.py` calls the stages' own functions, the ones their tests test."""
    stages = [name for name in calls_in("factsite.cli", "build") + calls_in("factsite.cli", "checked")
              if name in ("load_site", "verify_site", "render_site", "write_site")]
    assert sorted(stages, key=["load_site", "verify_site", "render_site", "write_site"].index) == \
        ["load_site", "verify_site", "render_site", "write_site"]
    tree = ast.parse(MODULES["factsite.cli"].read_text("utf-8"))
    sources = {alias.name: node.module for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)
               for alias in node.names}
    assert [sources[name] for name in ("load_site", "verify_site", "render_site", "write_site")] == [
        "factsite.load.site", "factsite.verify.site", "factsite.render.site", "factsite.write.site"]


def test_the_machinery_stays_within_its_budget():
    """Everything outside the stages, the model and the commands built from them (cli, report, draft,
    jsonschema): at most 1,600 lines."""
    lines = sum(len(path.read_text("utf-8").splitlines()) for name, path in MODULES.items()
                if part(name) not in (*STAGES, "model", "cli", "report", "draft", "jsonschema", "factsite"))
    assert lines <= 1600, f"the machinery has {lines} lines"


def test_no_memo_is_keyed_by_an_objects_identity():
    found = [f"{path}:{number}" for path in MODULES.values() if path.name != "yamlfile.py"
             for number, line in enumerate(path.read_text("utf-8").splitlines(), 1)
             if re.search(r"(?<![\w.])id\(", line)]
    assert found == []


def test_the_readmes_command_table_is_the_argument_parser():
    """Every command and option the parser knows is in the README's table, and nothing else is."""
    import re

    from factsite.cli import COMMANDS, make_parser
    readme = (PACKAGE.parent / "README.md").read_text("utf-8")
    table = readme[readme.index("## Commands"):readme.index("## What the build refuses")]
    rows = re.findall(r"^\| `([^`]*)` \|", table, re.MULTILINE)
    commands = {row.split()[2] if len(row.split()) > 2 else "build" for row in rows if row.startswith("python")}
    options = {row.split()[0] for row in rows if row.startswith("--")}
    parser = make_parser()
    assert commands == set(COMMANDS)
    assert options == {option for action in parser._actions for option in action.option_strings} - {"-h", "--help"}
