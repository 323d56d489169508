"""The package's folders are its layers: a module imports only from its own layer or the ones below,
and no two modules import each other, directly or through others (function-level imports included)."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "artifactkit"

# bottom to top; a module at the top level of the package belongs to the base layer
LAYERS = ["base", "io", "document", "schema", "checks", "engine", "report", "views", "scaffold", "site", "lsp", "cli"]
ENTRY_POINTS = {"artifactkit.__main__": "cli"}


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def layer_of(module: str) -> str:
    if module in ENTRY_POINTS:
        return ENTRY_POINTS[module]
    parts = module.split(".")
    return parts[1] if len(parts) > 2 or (len(parts) == 2 and parts[1] in LAYERS) else "base"


def imports_of(path: Path, modules: set[str]) -> set[str]:
    """The package modules that ``path`` imports anywhere (``from artifactkit.x import y`` names
    module y when it is one, else module x)."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0 and node.module.split(".")[0] == "artifactkit":
            for alias in node.names:
                sub = f"{node.module}.{alias.name}"
                found.add(sub if sub in modules else node.module)
        elif isinstance(node, ast.Import):
            found.update(a.name for a in node.names if a.name.split(".")[0] == "artifactkit")
    return {m for m in found if m in modules}


def graph() -> dict[str, set[str]]:
    files = {module_name(p): p for p in PACKAGE.rglob("*.py")}
    return {name: imports_of(path, set(files)) - {name} for name, path in files.items()}


def test_every_module_has_a_known_layer():
    unknown = {m: layer_of(m) for m in graph() if layer_of(m) not in LAYERS}
    assert unknown == {}


def test_imports_only_go_down_the_layers():
    upward = [
        f"{m} ({layer_of(m)}) imports {t} ({layer_of(t)})"
        for m, targets in graph().items()
        for t in targets
        if t != "artifactkit" and LAYERS.index(layer_of(t)) > LAYERS.index(layer_of(m))
    ]
    assert upward == []


def test_no_import_cycle():
    # a submodule importing from its own package (``from artifactkit.cli import build_app`` in a cli
    # module) is an edge like any other: the package's __init__ may import that submodule back
    edges = {m: {t for t in ts if t != "artifactkit"} for m, ts in graph().items()}
    cycles = []
    state: dict[str, int] = {}  # 1: on the current path, 2: done

    def visit(node: str, path: list[str]) -> None:
        state[node] = 1
        for nxt in sorted(edges.get(node, ())):
            if state.get(nxt) == 1:
                cycles.append(path[path.index(nxt):] + [nxt] if nxt in path else [node, nxt])
            elif nxt not in state:
                visit(nxt, path + [nxt])
        state[node] = 2

    for start in sorted(edges):
        if start not in state:
            visit(start, [start])
    assert cycles == []


def test_the_checker_sees_an_upward_import(tmp_path):
    """The checks above can fail: an io module importing the engine is caught."""
    bad = tmp_path / "bad.py"
    bad.write_text("def f():\n    from artifactkit.engine.linter import lint_paths\n")
    modules = set(graph())
    assert imports_of(bad, modules) == {"artifactkit.engine.linter"}
    assert LAYERS.index(layer_of("artifactkit.engine.linter")) > LAYERS.index(layer_of("artifactkit.io.textio"))
