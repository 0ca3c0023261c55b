"""A project on the test PostgreSQL against the same project in a SQLite file, in the same run.

Rows of issue 15: import of the big corpus into the server ≤ 2× the same import into SQLite, and its
JSONL export ≤ 2× the export from SQLite. Every run is a whole `annotator` process, timed from launch
to exit; the server is the throwaway one of the tests (loopback, scripts/postgres.sh).
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
