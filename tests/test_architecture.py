"""Layering at run time: the command line and the headless layers never load Qt or SQLAlchemy, and no module
imports one that imports it back.

The static layer rules (gui | cli -> services -> store, formats -> core; Qt only in gui; SQLAlchemy only
in store) are import-linter contracts in pyproject.toml, checked by `lint-imports` in the test command.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import annotator

PACKAGE = Path(annotator.__file__).resolve().parent

# Imports every module of a package in a fresh interpreter, then checks what got loaded.
_IMPORT_ALL = """
import importlib, pkgutil, sys
for package in {packages!r}:
    module = importlib.import_module(package)
    if hasattr(module, "__path__"):
        for info in pkgutil.walk_packages(module.__path__, package + "."):
            importlib.import_module(info.name)
for extra in {modules!r}:
    importlib.import_module(extra)
loaded = sorted(m for m in sys.modules if any(m == f or m.startswith(f + ".") for f in {forbidden!r}))
assert not loaded, "loaded: " + ", ".join(loaded[:10])
"""


def run_isolated(packages: list[str], modules: list[str], forbidden: list[str]) -> None:
    code = _IMPORT_ALL.format(packages=packages, modules=modules, forbidden=forbidden)
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr[-2000:]


def test_command_line_and_headless_layers_never_load_qt():
    run_isolated(
        ["annotator.core", "annotator.formats"],
        [
            "annotator.cli",
            "annotator.services",
            "annotator.services.project",
            "annotator.services.exchange",
            "annotator.formats.jsonl",
        ],
        ["PySide6", "shiboken6"],
    )


def test_core_and_formats_never_load_sqlalchemy():
    run_isolated(["annotator.core", "annotator.formats"], [], ["sqlalchemy", "alembic"])


def test_the_main_window_paints_before_the_database_layer_loads():
    # the window shows itself first and the services and SQLAlchemy load after (GUI start-up benchmark):
    # a module-level import of a service from the window's modules would undo that
    run_isolated([], ["annotator.gui.app", "annotator.gui.annotate.main_window"], ["sqlalchemy", "alembic"])


def _module(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {_module(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def _is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def run_time_imports(path: Path) -> set[str]:
    """The modules of ours that `path` imports when it runs: at the top or in a function, not for type hints only."""
    name = _module(path)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()

    def visit(node: ast.AST) -> None:
        if isinstance(node, ast.If) and _is_type_checking(node.test):
            for child in node.orelse:
                visit(child)
            return
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parent = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join(parent + ([base] if base else []))
            for alias in node.names:  # `from annotator.services import exchange` imports the module exchange
                found.add(f"{base}.{alias.name}" if f"{base}.{alias.name}" in MODULES else base)
        for child in ast.iter_child_nodes(node):
            visit(child)

    visit(ast.parse(path.read_text(encoding="utf-8"), str(path)))
    return {module for module in found if module in MODULES and module != name}


def import_cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Groups of modules that import each other, directly or round a loop (Tarjan's strongly connected components)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    cycles: list[list[str]] = []

    def connect(module: str) -> None:
        index[module] = low[module] = len(index)
        stack.append(module)
        for other in sorted(graph[module]):
            if other not in index:
                connect(other)
                low[module] = min(low[module], low[other])
            elif other in stack:
                low[module] = min(low[module], index[other])
        if low[module] == index[module]:
            group = []
            while True:
                member = stack.pop()
                group.append(member)
                if member == module:
                    break
            if len(group) > 1:
                cycles.append(sorted(group))

    for module in sorted(graph):
        if module not in index:
            connect(module)
    return cycles


def test_no_module_imports_one_that_imports_it_back():
    graph = {module: run_time_imports(path) for module, path in MODULES.items()}
    assert import_cycles(graph) == []


def test_the_cycle_check_sees_imports_and_cycles():
    """Guard against the check above passing only because it found no imports or no loop."""
    graph = {module: run_time_imports(path) for module, path in MODULES.items()}
    assert "annotator.services.listing" in graph["annotator.cli"]  # imported inside a function: still counted
    assert "annotator.store.live_files" in graph["annotator.store.engine"]
    assert import_cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
