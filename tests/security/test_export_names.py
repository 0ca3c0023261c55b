"""File names made from document ids and titles can never leave the export folder (per-document formats)."""

from __future__ import annotations

import json
import os

import pytest

from annotator.services import Project

HOSTILE_IDS = [
    "../../escaped",
    "/etc/passwd",
    "..",
    ".hidden",
    "CON",
    "nul.txt",
    "a/b\\c",
    "x" * 400,
    "tab\there",
    "\u202eexe.txt",
]


@pytest.fixture
def hostile_project(tmp_path):
    source = tmp_path / "hostile.jsonl"
    lines = [
        json.dumps(
            {
                "id": ident,
                "title": ident,
                "text": f"Document number {n} about Poland.",
                "annotations": [{"label": "actor", "start": 25, "end": 31, "analyst": "olena"}],
            }
        )
        for n, ident in enumerate(HOSTILE_IDS)
    ]
    source.write_text("\n".join(lines) + "\n", encoding="utf-8")
    project = Project.open(tmp_path / "p.sqlite", analyst="olena")
    project.import_paths([source])
    yield project
    project.close()


@pytest.mark.parametrize("format_name", ["txt", "brat", "xmi"])
def test_exported_files_stay_inside_the_folder(hostile_project, tmp_path, format_name):
    out = tmp_path / "export" / format_name
    hostile_project.export(format_name, out)
    inside = {p.resolve() for p in out.rglob("*")}
    everything = {p.resolve() for p in tmp_path.rglob("*") if "export" not in p.relative_to(tmp_path).parts}
    # nothing was written next to the export folder or above it
    assert not any(p.name.startswith("escaped") or p.name == "passwd" for p in everything)
    assert all(p.parent == out.resolve() for p in inside), sorted(str(p) for p in inside)
    names = [p.name for p in inside]
    assert len(names) == len(set(n.lower() for n in names))  # no two documents share a file
    assert not any(n.startswith(".") for n in names)
    assert not any(os.path.splitext(n)[0].upper() in {"CON", "NUL", "PRN", "AUX"} for n in names)
    assert all(len(n.encode("utf-8")) <= 255 for n in names)
    documents = [n for n in names if n.endswith({"txt": ".txt", "brat": ".ann", "xmi": ".xmi"}[format_name])]
    assert len(documents) == len(HOSTILE_IDS)
