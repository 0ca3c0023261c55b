"""Project files for tests: native JSONL records written to a file and imported into a new project, as a user would."""

from __future__ import annotations

import json
from pathlib import Path

from annotator.services import Project


def project_of(folder: Path, records: list[dict], analyst: str = "olena") -> Path:
    """A new project file in `folder` holding `records` (native JSONL objects), imported by `analyst`."""
    source = folder / "records.jsonl"
    source.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    db = folder / "p.sqlite"
    project = Project.open(db, analyst=analyst)
    try:
        project.import_paths([source])
    finally:
        project.close()
    return db
