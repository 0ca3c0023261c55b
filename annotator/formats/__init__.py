"""The format registry: look a format up by name, or by a file's extension."""

from __future__ import annotations

import importlib
from pathlib import Path

from annotator.core.errors import UnknownFormat
from annotator.formats.base import ExportReport, Format

__all__ = ["ExportReport", "Format", "get", "names", "for_path", "expand_paths"]

# name -> module; modules load on first use so the command line starts fast
_MODULES: dict[str, str] = {
    "txt": "annotator.formats.txt",
    "jsonl": "annotator.formats.jsonl",
    "csv": "annotator.formats.csv_spans",
}


def names() -> list[str]:
    return list(_MODULES)


def get(name: str) -> Format:
    """The format called `name`; `UnknownFormat` lists the known ones."""
    module = _MODULES.get(name.lower())
    if module is None:
        raise UnknownFormat(f"unknown format {name!r}; known formats: {', '.join(_MODULES)}")
    return importlib.import_module(module).FORMAT


def for_path(path: Path) -> Format:
    """The format of a file, from its extension."""
    suffix = path.suffix.lower()
    for name in _MODULES:
        fmt = get(name)
        if suffix in fmt.extensions:
            return fmt
    raise UnknownFormat(f"{path}: cannot tell the format from the extension {suffix or '(none)'!r}; use --format ({', '.join(_MODULES)})")


def expand_paths(paths: list[Path]) -> list[Path]:
    """Files named directly, plus the files inside named folders (recursively, sorted, hidden skipped)."""
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            files.extend(
                p for p in sorted(path.rglob("*")) if p.is_file() and not any(part.startswith(".") for part in p.relative_to(path).parts)
            )
        else:
            files.append(path)
    return files
