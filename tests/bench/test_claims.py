"""Claims and relations (issue 13): the claims export and window over 10,000 articles, and creating a relation.

Rows, each against a baseline of the same run:
- `annotator claims --out F` over 10,000 articles / 200,000 spans / 50,000 relations vs a plain
  sqlite3 script reading those rows (≤ 2× and ≤ 1 s);
- the claims window on that project, built, filled and painted (≤ 0.5 s; the same window on a
  10-article project shown alongside);
- creating a relation, saved, vs adding an annotation to the same document (≤ 1.5×).
"""

from __future__ import annotations

import csv
import random
import sqlite3
import time

import pytest

from tests.bench import corpus
from tests.bench.conftest import (
    BIG_MEAN_LENGTH,
    BIG_SEED,
    BIG_SPANS_EACH,
    CLAIMS_RELATIONS_EACH,
    SCRIPTS,
    compare,
    copy_database,
    record,
    remove,
)
from tests.bench.test_gui import PaintCounter, until_painted

pytestmark = pytest.mark.bench

EXPORT_ROUNDS = 3
WINDOW_ROUNDS = 5
EDIT_ROUNDS = 15


def _guarantees(db) -> int:
    with sqlite3.connect(db) as con:
        return con.execute("SELECT count(*) FROM annotations WHERE label = 'guarantee_type'").fetchone()[0]


@pytest.mark.timeout(1200)
def test_claims_export_cli(benchmark, bench, claims_project):
    folder = bench.root / "claims-out"
    folder.mkdir(exist_ok=True)
    out = folder / "claims.csv"
    runs, baseline_runs = [], []
    compare(
        benchmark,
        lambda: runs.append(bench.cli("claims", "--out", out, "--db", claims_project).check()),
        lambda: baseline_runs.append(
            bench.python(SCRIPTS / "baseline_claims.py", claims_project, corpus.ANALYST).check()
        ),
        rounds=EXPORT_ROUNDS,
        before_subject=lambda: remove(out),
    )
    with open(out, encoding="utf-8", newline="") as handle:
        rows = sum(1 for _ in csv.reader(handle)) - 1
    assert rows == _guarantees(claims_project), "one claim per guarantee"
    assert "200000 annotations and 50000 relations" in baseline_runs[-1].stdout, baseline_runs[-1].stdout
    record(
        benchmark,
        "claims export, 10k articles / 200k spans / 50k relations (CLI)",
        [r.seconds for r in runs],
        [r.seconds for r in baseline_runs],
        baseline_name="sqlite3 reading those rows",
        max_ratio=2,
        max_subject=1,
        claims=rows,
    )


@pytest.fixture(scope="module")
def claims_projects(bench, qapp, none_guard, claims_project):
    from annotator.services import Project
    from annotator.services.user_settings import UserSettings

    folder = bench.root / "claims-gui"
    folder.mkdir(exist_ok=True)
    small = corpus.write_jsonl(
        folder / "small.jsonl",
        corpus.claims_corpus(BIG_SEED, 10, BIG_SPANS_EACH, BIG_MEAN_LENGTH, CLAIMS_RELATIONS_EACH),
    )
    settings = UserSettings(folder / "settings.json")
    projects = {
        "10k": Project.open(
            copy_database(claims_project, folder / "10k.sqlite"), analyst=corpus.ANALYST, settings=settings
        )
    }
    projects["10"] = Project.open(folder / "10.sqlite", analyst=corpus.ANALYST, settings=settings)
    projects["10"].import_paths([small])
    yield projects
    for project in projects.values():
        project.close()


@pytest.mark.timeout(600)
def test_claims_window(benchmark, qapp, claims_projects):
    from annotator.gui.claims.claims_window import ClaimsWindow

    windows = []

    def open_window(project):
        window = ClaimsWindow(project)
        paints = PaintCounter(window.table.viewport())
        window.show()
        until_painted(qapp, paints, window)  # the window with its first claims on screen
        windows.append(window)

    def close_all():
        while windows:
            window = windows.pop()
            window.close()
            window.deleteLater()
        qapp.processEvents()

    subject, baseline = compare(
        benchmark,
        lambda: open_window(claims_projects["10k"]),
        lambda: open_window(claims_projects["10"]),
        before_subject=close_all,
        before_baseline=close_all,
        rounds=WINDOW_ROUNDS,
        warmup=1,
    )
    at_first = windows[-1].model.rowCount()
    windows[-1].finish_reading()  # a large set's other claims follow in idle time after the first paint
    shown = windows[-1].model.rowCount()
    close_all()
    assert shown > 40_000, "the window holds every claim of the 10,000 articles"
    record(
        benchmark,
        "claims window on 10k articles, until painted",
        subject,
        baseline,
        baseline_name="claims window on 10 articles",
        max_subject=0.5,
        claims=shown,
        claims_at_first_paint=at_first,
    )
    # for information: until every claim is read, counted and charted
    whole = []
    for _ in range(WINDOW_ROUNDS):
        start = time.perf_counter()
        open_window(claims_projects["10k"])
        windows[-1].finish_reading()
        qapp.processEvents()
        whole.append(time.perf_counter() - start)
        assert windows[-1].model.rowCount() == shown and windows[-1].count_label.text() == f"{shown} claims"
        close_all()
    record(
        None,
        "claims window on 10k articles, until every claim is in (no goal)",
        whole,
        baseline,
        baseline_name="claims window on 10 articles",
    )


@pytest.mark.timeout(600)
def test_create_relation(benchmark, claims_projects):
    project = claims_projects["10"]
    document = project.document_summaries()[0].id
    annotations = project.annotations(document)
    text = project.document(document).text
    linked = {(r.source_id, r.target_id) for r in project.relations(document)}
    quotes = [a.id for a in annotations if a.label == "quote"]
    actors = [a.id for a in annotations if a.label == "actor"]
    pairs = [(q, a) for q in quotes for a in actors if (q, a) not in linked]
    random.Random(13).shuffle(pairs)
    taken = {(a.label, a.start, a.end) for a in annotations}
    words = [w for w in corpus.word_spans(text) if ("condition", *w) not in taken]
    random.Random(13).shuffle(words)
    assert len(pairs) > EDIT_ROUNDS and len(words) > EDIT_ROUNDS
    before = len(project.relations(document)), len(annotations)
    subject, baseline = compare(
        benchmark,
        lambda: project.add_relation(document, "speaker", *pairs.pop()),
        lambda: project.add_annotation(document, "condition", *words.pop()),
        rounds=EDIT_ROUNDS,
        warmup=1,
    )
    assert len(project.relations(document)) == before[0] + EDIT_ROUNDS + 1, "every relation is saved"
    assert len(project.annotations(document)) == before[1] + EDIT_ROUNDS + 1
    record(
        benchmark,
        "create a relation, saved",
        subject,
        baseline,
        baseline_name="add an annotation, saved, same doc",
        max_ratio=1.5,
    )
