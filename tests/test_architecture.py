"""Layering: the command line and the headless layers never load Qt, and storage stays inside store/.

See DESIGN.md section 1: gui | cli -> services -> store, formats -> core.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

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


def _imports(path: Path) -> set[str]:
    """Absolute names of every module `path` imports (relative imports resolved), wherever in the file."""
    package = ".".join(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    if path.name != "__init__.py":
        package = package.rpartition(".")[0]
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parent = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join(parent + ([base] if base else []))
            names.add(base)
            names.update(f"{base}.{alias.name}" for alias in node.names)  # `from annotator import store`
    return names


def _uses(names: set[str], roots: tuple[str, ...]) -> list[str]:
    return sorted(n for n in names if any(n == r or n.startswith(r + ".") for r in roots))


SOURCES = sorted(PACKAGE.rglob("*.py"))


def _layer(path: Path) -> str:
    return path.relative_to(PACKAGE).parts[0] if len(path.relative_to(PACKAGE).parts) > 1 else "top"


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_static_import_rules(path):
    names = _imports(path)
    layer = _layer(path)
    broken: list[str] = []
    if layer == "gui":
        broken += _uses(names, ("annotator.store", "sqlalchemy", "alembic"))  # widgets never touch storage
    else:
        broken += _uses(names, ("PySide6", "shiboken6"))
    if layer != "store":
        broken += _uses(names, ("sqlalchemy", "alembic"))
    if layer == "core":
        broken += [n for n in _uses(names, ("annotator",)) if not _uses({n}, ("annotator.core",))]
    if layer == "store":
        broken += _uses(names, ("annotator.formats", "annotator.services", "annotator.gui"))
    if layer == "formats":
        broken += _uses(names, ("annotator.store", "annotator.services", "annotator.gui"))
    assert not broken, f"{path.relative_to(PACKAGE)} imports {', '.join(sorted(set(broken)))}"


def test_the_static_check_sees_the_gui_and_the_store():
    """Guard against the rules above passing only because no file was found."""
    layers = {_layer(p) for p in SOURCES}
    assert {"gui", "store", "core", "formats", "services"} <= layers
    assert "PySide6" in {n.split(".")[0] for p in SOURCES if _layer(p) == "gui" for n in _imports(p)}
    assert "sqlalchemy" in {n.split(".")[0] for p in SOURCES if _layer(p) == "store" for n in _imports(p)}
