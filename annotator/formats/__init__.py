"""The format registry: look a format up by name, detect it from a file, and plan which files to read."""

from __future__ import annotations

import importlib
from pathlib import Path

from annotator.core.errors import UnknownFormat
from annotator.formats._text import NOT_REGULAR, title_from
from annotator.formats.base import ExportReport, Format

__all__ = [
    "NOT_REGULAR",
    "ExportReport",
    "Format",
    "get",
    "names",
    "for_path",
    "detect",
    "plan",
    "expand_paths",
    "title_from",
]

# name -> module; modules load on first use so the command line starts fast
_MODULES: dict[str, str] = {
    "txt": "annotator.formats.txt",
    "jsonl": "annotator.formats.jsonl",
    "csv": "annotator.formats.csv_spans",
    "brat": "annotator.formats.brat",
    "conll": "annotator.formats.conll",
    "doccano": "annotator.formats.doccano",
    "labelstudio": "annotator.formats.labelstudio",
    "xmi": "annotator.formats.xmi",
}
# extension -> candidate formats, most likely first; sniffing decides between several
_BY_EXTENSION: dict[str, tuple[str, ...]] = {
    ".txt": ("txt",),
    ".jsonl": ("jsonl", "doccano"),
    ".ndjson": ("jsonl",),
    ".csv": ("csv",),
    ".ann": ("brat",),
    ".conll": ("conll",),
    ".iob": ("conll",),
    ".bio": ("conll",),
    ".json": ("labelstudio",),
    ".xmi": ("xmi",),
}


def names() -> list[str]:
    return list(_MODULES)


def get(name: str) -> Format:
    """The format called `name`; `UnknownFormat` lists the known ones."""
    module = _MODULES.get(name.lower())
    if module is None:
        raise UnknownFormat(f"unknown format {name!r}; known formats: {', '.join(_MODULES)}")
    format_: Format = importlib.import_module(module).FORMAT  # every format module defines FORMAT: Format
    return format_


def detect(path: Path) -> Format | None:
    """The format of a file from its extension, and from its content where extensions collide."""
    candidates = _BY_EXTENSION.get(path.suffix.lower(), ())
    if len(candidates) > 1:
        for name in candidates:
            sniff = getattr(get(name), "sniff", None)
            if sniff is not None and sniff(path):
                return get(name)
    return get(candidates[0]) if candidates else None


def for_path(path: Path) -> Format:
    """The format of a file named by the user; `UnknownFormat` if it cannot be told."""
    fmt = detect(path)
    if fmt is None:
        raise UnknownFormat(
            f"{path}: cannot tell the format from the extension {path.suffix.lower() or '(none)'!r}; use --format ({', '.join(_MODULES)})"
        )
    return fmt


def expand_paths(paths: list[Path]) -> list[Path]:
    """Files named directly, plus the files inside named folders (recursively, sorted, hidden skipped)."""
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            files.extend(
                p
                for p in sorted(path.rglob("*"))
                if p.is_file() and not any(part.startswith(".") for part in p.relative_to(path).parts)
            )
        else:
            files.append(path)
    return files


def _accepts(fmt: Format, path: Path) -> bool:
    accepts = getattr(fmt, "accepts", None)
    return accepts(path) if accepts is not None else path.suffix.lower() in fmt.extensions


def plan(paths: list[Path], format_name: str | None = None) -> list[tuple[Path, Format]]:
    """Which files to read with which format.

    Files named directly are read with `format_name`, or their detected format (an unknown
    one is an error). Inside folders, files no format claims are skipped. A file that is
    another file's companion (brat's .txt beside its .ann) is read only with that file.
    """
    chosen = get(format_name) if format_name else None
    pairs: list[tuple[Path, Format]] = []
    for path in paths:
        if path.is_dir():
            for file in expand_paths([path]):
                fmt = chosen or detect(file)
                if fmt is not None and _accepts(fmt, file):
                    pairs.append((file, fmt))
        else:
            pairs.append((path, chosen or for_path(path)))
    claimed: set[Path] = set()
    for path, fmt in pairs:
        companions = getattr(fmt, "companions", None)
        if companions is not None:
            claimed.update(p.resolve() for p in companions(path))
    return [(path, fmt) for path, fmt in pairs if path.resolve() not in claimed]
