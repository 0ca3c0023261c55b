"""Fixtures of the reliability tests: a seed fixed per run, a small project to copy, a large corpus."""

from __future__ import annotations

import os
import random
import shutil
from pathlib import Path

import pytest

from annotator.services import Project
from annotator.services.user_settings import UserSettings
from tests.reliability.helpers import Worker, write_corpus

BASE_DOCUMENTS = 20  # small articles the edit streams work on
CORPUS_DOCUMENTS, CORPUS_SPANS = 3000, 10


@pytest.fixture
def seed() -> int:
    """Fixed per run (reproducible), different per kill point: set ANNOTATOR_RELIABILITY_SEED to replay a run."""
    return int(os.environ.get("ANNOTATOR_RELIABILITY_SEED", "20240611"))


@pytest.fixture
def rng(seed) -> random.Random:
    return random.Random(seed)


@pytest.fixture(scope="session")
def template(tmp_path_factory) -> Path:
    """A closed project file holding BASE_DOCUMENTS articles (no WAL left beside it): copy it per kill point."""
    folder = tmp_path_factory.mktemp("template")
    base = folder / "base.jsonl"
    write_corpus(base, BASE_DOCUMENTS, 0, seed=1, prefix="base")
    db = folder / "template.sqlite"
    project = Project.open(db, analyst="setup", settings=UserSettings(folder / "settings.json"))
    project.import_paths([base], format_name="jsonl")
    project.close()
    assert not Path(f"{db}-wal").exists() or Path(f"{db}-wal").stat().st_size == 0
    return db


@pytest.fixture(scope="session")
def corpus(tmp_path_factory) -> tuple[Path, int, int]:
    """A native JSONL corpus of CORPUS_DOCUMENTS articles with CORPUS_SPANS annotations each."""
    path = tmp_path_factory.mktemp("corpus") / "corpus.jsonl"
    documents, annotations = write_corpus(path, CORPUS_DOCUMENTS, CORPUS_SPANS, seed=2)
    return path, documents, annotations


@pytest.fixture
def new_project(template, tmp_path):
    """A fresh copy of the template project, per call."""
    made = iter(range(1_000_000))

    def make() -> Path:
        db = tmp_path / f"project-{next(made)}.sqlite"
        shutil.copyfile(template, db)
        return db

    return make


@pytest.fixture(autouse=True)
def no_worker_left_behind():
    """A failed test must not leave worker processes writing on."""
    yield
    while Worker.running:
        Worker.running.pop().kill()
