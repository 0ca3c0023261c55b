"""The 100,000-article scale (issue 17): import, export, `documents`, the window and agreement stay linear, memory flat.

Run on their own, with a marker of their own (not in the default run, nor in `bash scripts/bench.sh`):

    QT_QPA_PLATFORM=offscreen .venv/bin/python -m pytest tests/bench -m bench100k -p no:cacheprovider --benchmark-only -q

about 4 minutes on the 2-core development machine, 4 GB of disk. Each command-line row compares
the 100k run with ten times the same command on the 10k project of the same run (≤ 1.2×: linear),
and its peak RSS with 300 MB; agreement runs over 10,000 documents × 2 analysts against ten
times 1,000. The window opens on the 100k project against the 10-article one (≤ 2×, as for 10k),
and its peak memory with the first article painted stays ≤ 2× the small project's.
"""

from __future__ import annotations

import pytest

from tests.bench import corpus
from tests.bench.conftest import (
    BIG_MEAN_LENGTH,
    BIG_RELATIONS_EACH,
    BIG_SEED,
    BIG_SPANS_EACH,
    MB,
    SCRIPTS,
    compare,
    copy_database,
    record,
    remove,
)

pytestmark = pytest.mark.bench100k

HUGE_DOCUMENTS = 100_000
ROUNDS = 2  # a 100k import is about half a minute: two rounds, alternating with the 10k runs
LINEAR = 1.2  # the 100k run against ten times the 10k one
AGREEMENT_DOCUMENTS = 10_000
MAX_RSS_MB = 300


@pytest.fixture(scope="module")
def huge_corpus(bench):
    """100,000 articles, 2,000,000 spans, 200,000 relations (about 690 MB), built once."""
    return corpus.write_jsonl(
        bench.root / "huge" / "corpus.jsonl",
        corpus.corpus(BIG_SEED, HUGE_DOCUMENTS, BIG_SPANS_EACH, BIG_MEAN_LENGTH, BIG_RELATIONS_EACH),
    )


@pytest.fixture(scope="module")
def huge_project(bench, huge_corpus):
    db = huge_corpus.parent / "project.sqlite"
    bench.cli("import", huge_corpus, "--db", db, "--analyst", corpus.ANALYST).check()
    return db


def _linear_rows(benchmark, row: str, runs, baseline_runs) -> None:
    """The 100k run against ten times the 10k one, and its peak RSS against 300 MB."""
    record(
        benchmark,
        f"{row} (100k)",
        [r.seconds for r in runs],
        [10 * r.seconds for r in baseline_runs],
        baseline_name="10 × the 10k run",
        max_ratio=LINEAR,
    )
    record(
        None,
        f"peak RSS of {row} (100k)",
        max(r.max_rss for r in runs) / MB,
        max(r.max_rss for r in baseline_runs) / MB,
        baseline_name="(the 10k run, for scale)",
        unit="MB",
        max_subject=MAX_RSS_MB,
    )


@pytest.mark.timeout(3600)
def test_import_100k(benchmark, bench, huge_corpus, big_corpus):
    folder = bench.root / "huge-import"
    folder.mkdir(exist_ok=True)
    db, small_db = folder / "project.sqlite", folder / "small.sqlite"
    runs, baseline_runs = [], []
    compare(
        benchmark,
        lambda: runs.append(bench.cli("import", huge_corpus, "--db", db, "--analyst", corpus.ANALYST).check()),
        lambda: baseline_runs.append(
            bench.cli("import", big_corpus, "--db", small_db, "--analyst", corpus.ANALYST).check()
        ),
        rounds=ROUNDS,
        before_subject=lambda: remove(db),
        before_baseline=lambda: remove(small_db),
    )
    assert f"{HUGE_DOCUMENTS} new documents" in runs[-1].stdout, runs[-1].stdout
    _linear_rows(benchmark, "the import", runs, baseline_runs)
    remove(db)
    remove(small_db)


@pytest.mark.timeout(3600)
def test_export_100k(benchmark, bench, huge_project, big_project):
    folder = bench.root / "huge-export"
    folder.mkdir(exist_ok=True)
    out, small_out = folder / "project.jsonl", folder / "small.jsonl"
    runs, baseline_runs = [], []
    compare(
        benchmark,
        lambda: runs.append(bench.cli("export", "--format", "jsonl", "--out", out, "--db", huge_project).check()),
        lambda: baseline_runs.append(
            bench.cli("export", "--format", "jsonl", "--out", small_out, "--db", big_project.db).check()
        ),
        rounds=ROUNDS,
        before_subject=lambda: remove(out),
        before_baseline=lambda: remove(small_out),
    )
    with open(out, encoding="utf-8") as handle:
        assert sum(1 for _ in handle) == HUGE_DOCUMENTS
    _linear_rows(benchmark, "the JSONL export", runs, baseline_runs)
    remove(out)


@pytest.mark.timeout(1800)
def test_documents_100k(benchmark, bench, huge_project, big_project):
    runs, baseline_runs = [], []
    compare(
        benchmark,
        lambda: runs.append(bench.cli("documents", "--db", huge_project).check()),
        lambda: baseline_runs.append(bench.cli("documents", "--db", big_project.db).check()),
        rounds=3,
    )
    assert runs[-1].stdout.count("\n") >= HUGE_DOCUMENTS, "every document listed"
    _linear_rows(benchmark, "`annotator documents`", runs, baseline_runs)


@pytest.fixture(scope="module")
def agreement_projects(bench):
    """10,000 and 1,000 documents × 2 analysts × 20 spans, imported by the command line."""
    folder = bench.root / "huge-agreement"
    projects = {}
    for documents in (AGREEMENT_DOCUMENTS, AGREEMENT_DOCUMENTS // 10):
        source = corpus.write_jsonl(folder / f"{documents}.jsonl", corpus.agreement_corpus(11, documents, 20))
        db = folder / f"{documents}.sqlite"
        bench.cli("import", source, "--db", db).check()
        projects[documents] = db
    return projects


@pytest.mark.timeout(1800)
def test_agreement_10k_documents(benchmark, bench, agreement_projects):
    runs, baseline_runs = [], []

    def agreement(db):
        return bench.cli("agreement", "--analysts", "olena", "taras", "--json", "--db", db).check()

    compare(
        benchmark,
        lambda: runs.append(agreement(agreement_projects[AGREEMENT_DOCUMENTS])),
        lambda: baseline_runs.append(agreement(agreement_projects[AGREEMENT_DOCUMENTS // 10])),
        rounds=3,
    )
    assert '"olena"' in runs[-1].stdout or "olena" in runs[-1].stdout
    record(
        benchmark,
        "agreement over 10k documents × 2 analysts (CLI, 100k set)",
        [r.seconds for r in runs],
        [10 * r.seconds for r in baseline_runs],
        baseline_name="10 × the same over 1k",
        max_ratio=LINEAR,
    )
    record(
        None,
        "peak RSS of agreement over 10k documents (100k set)",
        max(r.max_rss for r in runs) / MB,
        max(r.max_rss for r in baseline_runs) / MB,
        baseline_name="(over 1k, for scale)",
        unit="MB",
        max_subject=MAX_RSS_MB,
    )


@pytest.fixture(scope="module")
def window_projects(bench, huge_project, small_project):
    """Copies the window may write to (settings, backups): the 100k project and the 10-article one."""
    folder = bench.root / "huge-gui"
    return {
        "100k": copy_database(huge_project, folder / "huge.sqlite"),
        "10": copy_database(small_project, folder / "small.sqlite"),
    }


@pytest.mark.timeout(1800)
def test_open_window_100k(benchmark, bench, qapp, none_guard, window_projects):
    from annotator.gui.annotate.main_window import MainWindow
    from annotator.services import Project
    from annotator.services.user_settings import UserSettings
    from tests.bench.test_gui import PaintCounter, until_painted

    settings = UserSettings(bench.root / "huge-gui" / "settings.json")
    projects = {
        name: Project.open(db, analyst=corpus.ANALYST, settings=settings) for name, db in window_projects.items()
    }
    windows = []

    def open_window(project):
        window = MainWindow(project)
        paints = PaintCounter(window.document_list.viewport())
        window.show()
        until_painted(qapp, paints, window)
        windows.append(window)

    def close_all():
        while windows:
            window = windows.pop()
            window.close()
            window.deleteLater()
        qapp.processEvents()

    try:
        subject, baseline = compare(
            benchmark,
            lambda: open_window(projects["100k"]),
            lambda: open_window(projects["10"]),
            before_subject=close_all,
            before_baseline=close_all,
            rounds=5,
            warmup=1,
        )
        close_all()
    finally:
        for project in projects.values():
            project.close()
    record(
        benchmark,
        "GUI: open a project of 100k articles",
        subject,
        baseline,
        baseline_name="project of 10 articles",
        max_ratio=2,
    )
    runs, baseline_runs = [], []
    memory_settings = bench.root / "huge-gui" / "memory-settings.json"
    compare(
        _Untimed(),
        lambda: runs.append(bench.python(SCRIPTS / "gui_memory.py", window_projects["100k"], memory_settings).check()),
        lambda: baseline_runs.append(
            bench.python(SCRIPTS / "gui_memory.py", window_projects["10"], memory_settings).check()
        ),
        rounds=2,
    )
    assert runs[-1].stdout.startswith("opened "), runs[-1].stdout
    record(
        None,
        "GUI peak RSS, project of 100k articles open",
        max(r.max_rss for r in runs) / MB,
        max(r.max_rss for r in baseline_runs) / MB,
        baseline_name="GUI on the 10-article project",
        unit="MB",
        max_ratio=2,
    )


class _Untimed:
    """Stands in for pytest-benchmark where a test has already been timed once: runs each round, times nothing."""

    def pedantic(self, target, setup, rounds, iterations):
        for _ in range(rounds):
            setup()
            target()
