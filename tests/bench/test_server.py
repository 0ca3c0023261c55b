"""A project on the test PostgreSQL against the same project in a SQLite file, in the same run.

Rows of issue 15: import of the big corpus into the server ≤ 2× the same import into SQLite, and its
JSONL export ≤ 2× the export from SQLite (each a whole `annotator` process, timed from launch to exit);
an edit, commit included, ≤ 3× the SQLite edit; the agreement report over 1,000 documents × 2 analysts
≤ 2×. The server is the throwaway one of the tests (loopback, scripts/postgres.sh).
"""

from __future__ import annotations

import filecmp

import pytest

from tests.bench import corpus
from tests.bench.conftest import compare, record, remove
from tests.server_fixtures import create_database, drop_database

pytestmark = pytest.mark.bench

ROUNDS = 3


@pytest.mark.timeout(1800)
def test_server_import_and_export_cli(benchmark, bench, big_corpus, postgres_server, postgres_template):
    folder = bench.root / "server"
    folder.mkdir(exist_ok=True)
    local = folder / "project.sqlite"
    server = [create_database(postgres_server, postgres_template)]

    def fresh_server_database() -> None:
        drop_database(postgres_server, server[0])
        server[0] = create_database(postgres_server, postgres_template)

    runs, local_runs = [], []
    compare(
        benchmark,
        lambda: runs.append(bench.cli("import", big_corpus, "--db", server[0], "--analyst", corpus.ANALYST).check()),
        lambda: local_runs.append(bench.cli("import", big_corpus, "--db", local, "--analyst", corpus.ANALYST).check()),
        rounds=ROUNDS,
        before_subject=fresh_server_database,
        before_baseline=lambda: remove(local),
    )
    record(
        benchmark,
        "server: import 10k articles / 200k spans (CLI)",
        [r.seconds for r in runs],
        [r.seconds for r in local_runs],
        baseline_name="the same import into SQLite",
        max_ratio=2,
    )

    out, local_out = folder / "server.jsonl", folder / "local.jsonl"
    exports, local_exports = [], []
    for _ in range(ROUNDS):
        local_exports.append(bench.cli("export", "--format", "jsonl", "--out", local_out, "--db", local).check())
        exports.append(bench.cli("export", "--format", "jsonl", "--out", out, "--db", server[0]).check())
        same = filecmp.cmp(out, local_out, shallow=False)
        remove(out)
        remove(local_out)
    drop_database(postgres_server, server[0])
    record(
        None,
        "server: export to native JSONL (CLI)",
        [r.seconds for r in exports],
        [r.seconds for r in local_exports],
        baseline_name="the same export from SQLite",
        max_ratio=2,
        invalid=None if same else "the server's export differs from SQLite's",
    )
    assert same, "the server and SQLite must export the same file"


DOCUMENTS, SPANS, EDITS = 1_000, 20, 50


@pytest.fixture(scope="module")
def two_projects(bench, postgres_server, postgres_template):
    """The agreement corpus (1,000 documents, olena and taras) in a SQLite file and on the server: (local, server)."""
    from annotator.services import Project
    from annotator.services.user_settings import UserSettings

    folder = bench.root / "server-agreement"
    source = corpus.write_jsonl(folder / "corpus.jsonl", corpus.agreement_corpus(11, DOCUMENTS, SPANS))
    url = create_database(postgres_server, postgres_template)
    settings = UserSettings(folder / "settings.json")
    projects = [
        Project.open(db, analyst="olena", settings=settings, reviewer=True) for db in (folder / "local.sqlite", url)
    ]
    for project in projects:
        project.import_paths([source])
    yield projects
    for project in projects:
        project.close()
    drop_database(postgres_server, url)


@pytest.mark.timeout(600)
def test_server_edit(benchmark, two_projects):
    local, on_server = two_projects

    def edits(project):
        document_id = project.document_ids()[0]
        added = []

        def run():
            for i in range(EDITS):  # one committed edit each, as a click on a label makes
                added.append(project.add_annotation(document_id, "actor", i, i + 1, trim=False))

        def undo():
            while added:
                project.delete_annotation(added.pop().id)

        return run, undo

    subject, subject_undo = edits(on_server)
    baseline, baseline_undo = edits(local)
    times, local_times = compare(
        benchmark, subject, baseline, rounds=5, before_subject=subject_undo, before_baseline=baseline_undo, warmup=1
    )
    subject_undo()
    baseline_undo()
    record(
        benchmark,
        "server: an edit, commit included",
        [t / EDITS for t in times],
        [t / EDITS for t in local_times],
        baseline_name="the same edit on SQLite",
        max_ratio=3,
    )


@pytest.mark.timeout(600)
def test_server_agreement(benchmark, two_projects):
    local, on_server = two_projects
    reports, local_reports = [], []
    times, local_times = compare(
        benchmark,
        lambda: reports.append(on_server.review.agreement("olena", "taras")),
        lambda: local_reports.append(local.review.agreement("olena", "taras")),
        rounds=5,
        warmup=1,
    )
    same = reports[-1].overall == local_reports[-1].overall
    record(
        benchmark,
        "server: agreement report, 1000 docs × 2 × 20 spans",
        times,
        local_times,
        baseline_name="the same report from SQLite",
        max_ratio=2,
        invalid=None if same else "the server's report differs from SQLite's",
    )
    assert same


@pytest.mark.timeout(600)
def test_server_compare_window(benchmark, qapp, two_projects):
    """The compare window on the same 1,000 documents × 2 analysts: opened, laid out and painted, then stepped
    through ten documents (each aligned and painted), from the server against from SQLite."""
    from annotator.gui.review.compare_window import CompareWindow

    local, on_server = two_projects
    documents = local.document_ids()[:10], on_server.document_ids()[:10]

    def browse(project, ids):
        def run():
            window = CompareWindow(project, ids[0], "olena", "taras")
            window.show()
            qapp.processEvents()
            for document_id in ids[1:]:
                window.open_document(document_id)
                window.view_a.viewport().repaint()
                qapp.processEvents()
            rows.append(window.pair_model.rowCount())
            window.close()
            window.deleteLater()
            qapp.processEvents()

        rows: list[int] = []
        return run, rows

    subject, server_rows = browse(on_server, documents[1])
    baseline, local_rows = browse(local, documents[0])
    times, local_times = compare(benchmark, subject, baseline, rounds=5, warmup=1)
    same = server_rows[-1] == local_rows[-1] and server_rows[-1] > 0
    record(
        benchmark,
        "server: compare window, 10 of 1000 docs × 2 analysts",
        times,
        local_times,
        baseline_name="the same from SQLite",
        max_ratio=2,
        invalid=None if same else f"{server_rows[-1:]} rows from the server, {local_rows[-1:]} from SQLite",
    )
    assert same
