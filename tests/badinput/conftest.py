"""A seeded project made once per session, copied for every case, so that "nothing changed" means something."""

from __future__ import annotations

import json
import shutil

import pytest

from tests.cli.helpers import Cli

SEED_TEXT = "Seed article: Kyiv asked NATO for security guarantees.\n"
SEED = {
    "id": "seed",
    "text": SEED_TEXT,
    "annotations": [
        {"id": "s1", "analyst": "olena", "label": "actor", "start": 14, "end": 18, "text": "Kyiv"},
        {"id": "s2", "analyst": "olena", "label": "actor", "start": 25, "end": 29, "text": "NATO"},
    ],
    "relations": [{"id": "r1", "analyst": "olena", "type": "asked", "from": "s1", "to": "s2"}],  # a type of its own
}


@pytest.fixture(scope="session")
def seeded_template(tmp_path_factory):
    """A project file holding one document with two annotations and a relation (never written to)."""
    root = tmp_path_factory.mktemp("seeded")
    source = root / "seed.jsonl"
    source.write_text(json.dumps(SEED) + "\n", encoding="utf-8")
    db = root / "template.sqlite"
    Cli(root).ok("import", source, "--db", db)
    assert not any(root.glob("template.sqlite-*")), "the template must be one self-contained file"
    return db


@pytest.fixture
def project(seeded_template, tmp_path):
    db = tmp_path / "p.sqlite"
    shutil.copyfile(seeded_template, db)
    return db
